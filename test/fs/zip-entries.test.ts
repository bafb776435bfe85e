// src/fs/zip-entries.ts: the named entries of a downloaded artifact zip, read with yauzl, each within its bound.
// Real zips come from archiver, the writer @actions/artifact uploads with; hostile ones from craftZip.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { extractZipEntries, MAX_ZIP_ENTRIES } from '../../src/fs/zip-entries.js';
import { craftZip } from '../support/craft-zip.js';

interface Archiver {
  append(data: Buffer | string, o: { name: string; store?: boolean }): void;
  finalize(): Promise<void>;
  pipe(w: Writable): void;
  on(e: 'error', fn: (e: Error) => void): void;
}
const archiver = createRequire(import.meta.url)('archiver') as { create(kind: 'zip', o?: { forceZip64?: boolean; zlib?: { level: number } }): Archiver };

/** A zip as @actions/artifact writes one (archiver, deflate level 6; ZIP64 headers with `zip64`). */
async function realZip(files: Record<string, string | Buffer>, zip64 = false): Promise<Buffer> {
  const z = archiver.create('zip', { forceZip64: zip64, zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    z.pipe(new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()), final: (cb) => (resolve(), cb()) }));
    z.on('error', reject);
  });
  for (const [name, data] of Object.entries(files)) z.append(data, { name });
  await z.finalize();
  await done;
  return Buffer.concat(chunks);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
let top = '';
let into = '';
beforeEach(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'zip-entries-')));
  dirs.push(top);
  into = join(top, 'into');
  mkdirSync(into);
});
const BOUNDS = { 'shard.json': 1024, 'findings.json': 64 * 1024 };
const extract = (zip: Buffer, bounds: Record<string, number> = BOUNDS, maxZip = 1024 * 1024) => {
  writeFileSync(join(top, 'a.zip'), zip);
  return extractZipEntries(join(top, 'a.zip'), into, bounds, maxZip);
};
const findings = JSON.stringify({ findings: Array.from({ length: 200 }, (_, i) => ({ ruleId: `R${i}`, title: 'x'.repeat(50) })) });

describe('extractZipEntries', () => {
  it.each([
    ['deflated', false],
    ['ZIP64', true],
  ])('a zip as upload-artifact writes it (%s): the named entries are written byte for byte, the others are not', async (_n, zip64) => {
    const zip = await realZip({ 'shard.json': '{"key":"a"}', 'findings.json': findings, 'sarif/trivy.sarif': '{}', 'other.txt': 'x' }, zip64);
    expect(await extract(zip)).toBeUndefined();
    expect(readdirSync(into).sort()).toEqual(['findings.json', 'shard.json']);
    expect(readFileSync(join(into, 'findings.json'), 'utf8')).toBe(findings);
    expect(readFileSync(join(into, 'shard.json'), 'utf8')).toBe('{"key":"a"}');
  });

  it('a name the zip does not hold is simply not written', async () => {
    expect(await extract(await realZip({ 'shard.json': '{}' }))).toBeUndefined();
    expect(readdirSync(into)).toEqual(['shard.json']);
  });

  it('entries named ../findings.json, /findings.json or dir/findings.json are never taken for findings.json', async () => {
    const zip = craftZip([
      ['../findings.json', 'up'],
      ['/findings.json', 'abs'],
      ['dir/findings.json', 'nested'],
      ['findings.json\0', 'nul'],
      ['shard.json', '{}'],
    ]);
    expect(await extract(zip)).toBeUndefined();
    expect(readdirSync(into)).toEqual(['shard.json']);
    expect(readdirSync(top).sort()).toEqual(['a.zip', 'into']);
  });

  it('the same name twice: refused, and nothing is written', async () => {
    const zip = craftZip([['shard.json', '{}'], ['findings.json', '{"a":1}'], ['findings.json', '{"a":2}', { deflate: true }]]);
    expect(await extract(zip)).toBe('its zip holds findings.json twice');
    expect(readdirSync(into)).toEqual([]);
  });

  it('an entry whose header says more than its bound is refused before it is inflated', async () => {
    const zip = craftZip([['findings.json', Buffer.alloc(64 * 1024 + 1, 0x20), { deflate: true }]]);
    expect(await extract(zip)).toBe('its findings.json is 65,537 bytes, more than the 65,536 read');
  });

  it('a bomb whose header lies (claims 10 bytes, inflates to 1 MiB): stopped at the bound', async () => {
    const zip = craftZip([['findings.json', Buffer.alloc(1024 * 1024, 0x20), { deflate: true, claimSize: 10 }]]);
    expect(await extract(zip)).toBe('its findings.json inflates to more than the 65,536 bytes read');
    expect(readdirSync(into)).toEqual([]);
  });

  it('an entry that inflates to fewer bytes than its header says: refused', async () => {
    const zip = craftZip([['findings.json', '{"findings":[]}', { deflate: true, claimSize: 100 }]]);
    expect(await extract(zip)).toBe('its zip entry findings.json inflates to 15 bytes, not the 100 its header says');
  });

  it('an entry whose bytes do not match its CRC-32: refused as damaged', async () => {
    const zip = craftZip([['findings.json', '{"findings":[]}']]);
    const at = zip.indexOf('{"findings"');
    zip[at + 2] = 'F'.charCodeAt(0);
    expect(await extract(zip)).toBe('its zip entry findings.json is damaged (its CRC-32 does not match)');
    expect(readdirSync(into)).toEqual([]);
  });

  it('a compression method other than stored or deflate: refused, naming it', async () => {
    const zip = craftZip([['findings.json', '{}']]);
    zip.writeUInt16LE(12, 8); // local header
    zip.writeUInt16LE(12, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10); // central directory
    expect(await extract(zip)).toBe('its zip entry findings.json uses compression method 12, which is not read');
  });

  it('not a zip, a truncated zip, a zip larger than its bound, a directory: refused with a reason', async () => {
    expect(await extract(Buffer.from('{"findings":[]}'))).toMatch(/^its download is not a zip file that can be read \(.*end of central directory/i);
    const whole = await realZip({ 'findings.json': findings });
    expect(await extract(whole.subarray(0, whole.length - 30))).toMatch(/^its (download is not a zip file that can be read|zip is damaged) \(/);
    expect(await extract(whole, BOUNDS, 100)).toBe(`its zip is ${whole.length.toLocaleString('en-US')} bytes, more than the 100 read`);
    expect(await extractZipEntries(into, join(top, 'x'), BOUNDS, 1024)).toBe('its download is not a zip file');
  });

  it(`a zip listing more than ${MAX_ZIP_ENTRIES} entries is refused before its entries are read`, async () => {
    const many = Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i): [string, string] => [`pad-${i}`, '']);
    expect(await extract(craftZip([['shard.json', '{}'], ...many]))).toBe(`its zip lists ${(MAX_ZIP_ENTRIES + 2).toLocaleString('en-US')} entries, more than the ${MAX_ZIP_ENTRIES.toLocaleString('en-US')} read`);
    expect(readdirSync(into)).toEqual([]);
    expect(await extract(craftZip([['shard.json', '{}'], ...many.slice(0, MAX_ZIP_ENTRIES - 1)]))).toBeUndefined();
  });

  it('an entry whose data runs past the end of the zip: refused as damaged', async () => {
    const zip = craftZip([['findings.json', findings]]);
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(cd + 10_000, cd + 20); // compressed size in the central directory
    zip.writeUInt32LE(cd + 10_000, 18); // and in the local header
    expect(await extract(zip)).toMatch(/^its zip (entry findings\.json cannot be (read|inflated)|is damaged) \(/);
    expect(readdirSync(into)).toEqual([]);
  });
});
