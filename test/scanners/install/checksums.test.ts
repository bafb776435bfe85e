import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChecksums, sha256File } from '../../../src/scanners/install/checksums.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);
const C = '0123456789abcdef'.repeat(4);

describe('parseChecksums', () => {
  it.each([
    ['two spaces (sha256sum text mode, what goreleaser writes)', `${A}  trivy_0.75.0_Linux-64bit.tar.gz\n`, 'trivy_0.75.0_Linux-64bit.tar.gz', A],
    ['binary-mode marker', `${C} *gitleaks_8.30.1_linux_x64.tar.gz`, 'gitleaks_8.30.1_linux_x64.tar.gz', C],
    ['CRLF line ends and upper-case hex', `${B}  x.zip\r\n`, 'x.zip', 'b'.repeat(64)],
  ])('%s', (_label, text, name, digest) => {
    expect(parseChecksums(text).get(name)).toBe(digest);
  });

  it('ignores lines of another shape and keeps the first digest of a name listed twice', () => {
    const m = parseChecksums([`${A}  one.tar.gz`, 'not a checksum line', `${'f'.repeat(63)}  short.tar.gz`, `${C}  one.tar.gz`, '', `${C}  two.tar.gz`].join('\n'));
    expect([...m.entries()]).toEqual([
      ['one.tar.gz', A],
      ['two.tar.gz', C],
    ]);
  });
});

describe('sha256File', () => {
  it('equals the digest of the bytes', async () => {
    const file = path.join(tempDir('sha'), 'f.bin');
    const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, i) => i % 251));
    writeFileSync(file, bytes);
    expect(await sha256File(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
