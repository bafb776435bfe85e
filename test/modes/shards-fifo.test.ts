// A FIFO where the merge reads a shard's files (shards-dir/<shard>/findings.json or shard.json), or where the publish
// job reads the report artifact: opening it without O_NONBLOCK waits for a writer forever, so the merge would hang
// instead of refusing the shard. It must be refused at once as "not a regular file".
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../src/logger.js';
import { readShardsDir } from '../../src/modes/shards-read.js';
import { readRegularFile } from '../../src/publish/artifact.js';

const root = mkdtempSync(join(tmpdir(), 'shards-fifo-'));
const fifos: string[] = [];
afterAll(() => {
  // Were an open() stuck on a FIFO (the bug), a writer unblocks it so the worker can end.
  for (const f of fifos) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // nobody is waiting on it
    }
  }
  rmSync(root, { recursive: true, force: true });
});

const TIMEOUT = Symbol('timeout');
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<typeof TIMEOUT>((r) => setTimeout(() => r(TIMEOUT), ms))]);
function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
  return path;
}

describe('a FIFO among the files the merge and the publish job read', () => {
  it('readRegularFile refuses it at once', async () => {
    const r = await within(readRegularFile(fifo(join(root, 'findings.json')), 1024), 3_000);
    expect(r, 'readRegularFile waited for a writer').not.toBe(TIMEOUT);
    expect(r).toEqual({ ok: false, reason: 'is not a regular file' });
  });

  for (const file of ['findings.json', 'shard.json']) {
    it(`a FIFO as a shard's ${file}: the shard is refused at once, as not a regular file`, async () => {
      const dir = join(root, file.replace('.', '-'));
      const shard = join(dir, 'security-scan-shard-evil');
      mkdirSync(shard, { recursive: true });
      if (file === 'findings.json') writeFileSync(join(shard, 'shard.json'), JSON.stringify({ schema: 'security-scan/shard@1', key: 'evil' }));
      fifo(join(shard, file));
      const r = await within(readShardsDir(dir, recordingLogger()), 3_000);
      expect(r, 'readShardsDir waited for a writer: the merge would hang').not.toBe(TIMEOUT);
      if (r === TIMEOUT) return;
      expect(r.shards).toEqual([]);
      expect(r.refused).toHaveLength(1);
      expect(r.refused[0]!.reason).toMatch(/not a regular file/);
    }, 10_000);
  }
});
