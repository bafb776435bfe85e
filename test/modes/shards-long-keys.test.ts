// Shard keys run to 100 characters. Two keys alike in their first 80 must stay two shards in every note: a refusal
// is named by the whole key, and expected-shards (which compares whole keys) knows a refused shard from one that
// never uploaded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../src/logger.js';
import { missingShards } from '../../src/modes/merge.js';
import { readShardsDir } from '../../src/modes/shards-read.js';
import { SHARD_ARTIFACT_PREFIX } from '../../src/modes/shard.js';

const root = mkdtempSync(join(tmpdir(), 'shards-long-keys-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('shard keys alike in their first 80 characters', () => {
  const one = `${'k'.repeat(90)}-one`;
  const two = `${'k'.repeat(90)}-two`;

  it('are refused under their whole names, each once, and expected-shards names neither as never uploaded', async () => {
    for (const key of [one, two]) {
      const dir = join(root, `${SHARD_ARTIFACT_PREFIX}${key}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'shard.json'), '{"not":"a shard file"}');
    }
    const read = await readShardsDir(root, recordingLogger());
    expect(read.shards).toEqual([]);
    expect(read.refused.map((r) => r.shard).sort()).toEqual([JSON.stringify(one), JSON.stringify(two)]);
    expect(missingShards({ keys: [one, two] }, [], read.refused)).toEqual([]);
  });
});
