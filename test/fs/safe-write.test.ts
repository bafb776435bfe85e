// src/fs/safe-write.ts: files renamed into place (a planted symlink is replaced, its target untouched) and
// directories that must be real directories.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ensureDirectory, isTempName, nextBufferSize, tempNameFor, UnsafeEntryError, writeFileAtomic, writeFileAtomicPieces } from '../../src/fs/safe-write.js';
import { isInside, isStrictlyInside, segmentsBelow } from '../../src/fs/paths.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
let top = '';
beforeEach(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'safe-write-')));
  dirs.push(top);
  mkdirSync(join(top, 'out'));
  mkdirSync(join(top, 'victim'));
  writeFileSync(join(top, 'victim', 'file'), 'precious\n');
});

describe('writeFileAtomic', () => {
  it('writes a new file and leaves no temp file', async () => {
    await writeFileAtomic(join(top, 'out', 'a.json'), '{}');
    expect(readFileSync(join(top, 'out', 'a.json'), 'utf8')).toBe('{}');
    expect(readdirSync(join(top, 'out'))).toEqual(['a.json']);
  });

  it('replaces a symlink itself, never its target', async () => {
    symlinkSync(join(top, 'victim', 'file'), join(top, 'out', 'summary.md'));
    await writeFileAtomic(join(top, 'out', 'summary.md'), 'report');
    expect(readFileSync(join(top, 'victim', 'file'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(top, 'out', 'summary.md')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(top, 'out', 'summary.md'), 'utf8')).toBe('report');
  });

  it('temp names are recognised as the action\'s own', () => {
    expect(isTempName(tempNameFor('/x/summary.md', 12, 'a1b2c3').split('/').pop()!)).toBe(true);
    expect(isTempName('summary.md')).toBe(false);
    expect(isTempName('.summary.md.tmp')).toBe(false);
  });
});

describe('writeFileAtomicPieces (streamed reports)', () => {
  it('writes every piece in order across write batches (multi-byte text included), and leaves no temp file', async () => {
    const pieces = Array.from({ length: 30_000 }, (_, i) => `${i}:é✓𝄞"\n`.repeat(10));
    await writeFileAtomicPieces(join(top, 'out', 'findings.json'), pieces);
    expect(readFileSync(join(top, 'out', 'findings.json'), 'utf8')).toBe(pieces.join(''));
    expect(readdirSync(join(top, 'out'))).toEqual(['findings.json']);
  });

  it('keeps the order when buffers alternate and a piece larger than a buffer is written between them', async () => {
    const pieces: string[] = [];
    for (let i = 0; i < 40; i++) pieces.push(`${i}|`.repeat(50_000 + i * 997)); // ~0.3–0.6 MB each: a flush every few
    pieces.splice(17, 0, `BIG${'ü'.repeat(2 << 20)}END`); // 2M chars (4 MB of UTF-8): written alone
    await writeFileAtomicPieces(join(top, 'out', 'findings.json'), pieces);
    expect(readFileSync(join(top, 'out', 'findings.json'), 'utf8') === pieces.join('')).toBe(true);
  });

  it('buffers start at 64 KB and grow ×4 to 4 MB (a small report never allocates 8 MB), at least to the next piece', () => {
    expect(nextBufferSize(64 << 10)).toBe(256 << 10);
    expect(nextBufferSize(1 << 20)).toBe(4 << 20);
    expect(nextBufferSize(4 << 20)).toBe(4 << 20);
    expect(nextBufferSize(64 << 10, 300 << 10)).toBe(1 << 20);
    expect(nextBufferSize(64 << 10, 10 << 20)).toBe(4 << 20);
  });

  it('any mix of piece sizes around the growing buffers comes out whole and in order', async () => {
    const file = join(top, 'out', 'mix.json');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 700_000 }), fc.constantFrom('a', 'é', '✓', '𝄞')), { maxLength: 12 }), async (spec) => {
        const pieces = spec.map(([n, ch], i) => `${i}${ch.repeat(n >> (ch.length + 1))}`);
        await writeFileAtomicPieces(file, pieces);
        expect(readFileSync(file, 'utf8') === pieces.join('')).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('a buffer in flight is written whole while the next is being filled, not a first part of it', async () => {
    // Pieces of 1 MiB, two to a 4 MiB buffer (a piece is budgeted 3 bytes per code unit): pieces 0–1 are sent to
    // the disk when piece 2 comes, 2–3 when piece 4 comes… Before each piece the renderer works without yielding, as
    // a report renderer does, for up to a second, and every buffer sent must reach the disk whole meanwhile. Written
    // 512 KiB per call (FileHandle.writeFile), each next call waited for the renderer to yield: only a first 512 KiB
    // got there, the rest went while the process sat idle.
    const dir = join(top, 'out');
    const onDisk: [number, number][] = [];
    const MiB = 1 << 20;
    const sent = (k: number) => 2 * MiB * Math.floor((k - 1) / 2);
    function* rendering() {
      for (let k = 0; k < 8; k++) {
        if (k >= 2) {
          const tmp = join(dir, readdirSync(dir).find(isTempName)!);
          const until = performance.now() + 1000;
          let size = statSync(tmp).size;
          while (size < sent(k) && performance.now() < until) size = statSync(tmp).size; // busy: no event loop turn
          onDisk.push([k, size]);
        }
        yield String.fromCharCode(97 + k).repeat(MiB);
      }
    }
    await writeFileAtomicPieces(join(dir, 'findings.json'), rendering());
    expect(statSync(join(dir, 'findings.json')).size).toBe(8 * MiB);
    expect(onDisk).toEqual([[2, 0], [3, 2 * MiB], [4, 2 * MiB], [5, 4 * MiB], [6, 4 * MiB], [7, 6 * MiB]]);
  });

  it('replaces a planted symlink itself, never its target', async () => {
    symlinkSync(join(top, 'victim', 'file'), join(top, 'out', 'findings.json'));
    await writeFileAtomicPieces(join(top, 'out', 'findings.json'), ['{', '}']);
    expect(readFileSync(join(top, 'victim', 'file'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(top, 'out', 'findings.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(top, 'out', 'findings.json'), 'utf8')).toBe('{}');
  });

  it('a piece that throws leaves the earlier file as it was and no temp file', async () => {
    writeFileSync(join(top, 'out', 'findings.json'), 'earlier');
    function* failing() {
      yield 'x'.repeat(3 << 20); // past one batch: part of it is already in the temp file
      throw new Error('render failed');
    }
    await expect(writeFileAtomicPieces(join(top, 'out', 'findings.json'), failing())).rejects.toThrow('render failed');
    expect(readFileSync(join(top, 'out', 'findings.json'), 'utf8')).toBe('earlier');
    expect(readdirSync(join(top, 'out'))).toEqual(['findings.json']);
  });
});

describe('ensureDirectory', () => {
  it('creates missing parents', async () => {
    await ensureDirectory(join(top, 'out', 'a', 'b'));
    expect(lstatSync(join(top, 'out', 'a', 'b')).isDirectory()).toBe(true);
  });

  it('refuses a symlink in place of the directory (sarif → /dir) and a file', async () => {
    symlinkSync(join(top, 'victim'), join(top, 'out', 'sarif'));
    await expect(ensureDirectory(join(top, 'out', 'sarif'))).rejects.toSatisfy((e) => e instanceof UnsafeEntryError && e.what === 'a symlink');
    writeFileSync(join(top, 'out', 'falco'), '');
    await expect(ensureDirectory(join(top, 'out', 'falco'))).rejects.toThrow(/not a directory/);
    expect(readdirSync(join(top, 'victim'))).toEqual(['file']);
  });
});

describe('path containment (pure)', () => {
  it.each([
    ['/a/b', '/a/b', true, false],
    ['/a/b', '/a/b/c', true, true],
    ['/a/b', '/a/bc', false, false],
    ['/a/b', '/a', false, false],
    ['/', '/x', true, true],
  ])('%s contains %s: %s (strictly %s)', (parent, child, inside, strictly) => {
    expect(isInside(parent, child)).toBe(inside);
    expect(isStrictlyInside(parent, child)).toBe(strictly);
  });

  it('segmentsBelow', () => {
    expect(segmentsBelow('/a', '/a/b/c')).toEqual(['b', 'c']);
    expect(segmentsBelow('/a', '/a')).toEqual([]);
    expect(segmentsBelow('/a', '/ab')).toBeUndefined();
  });
});
