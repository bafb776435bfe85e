/**
 * Named entries of a downloaded artifact zip, taken out within bounds. Artifacts a run downloads (a matrix leg's
 * shard, the default branch's earlier baselines) are saved as the zip they are (`skipDecompress`) instead of being
 * extracted by @actions/artifact, which would write every entry whatever its size or path. The zip is read with yauzl
 * (central directory, ZIP64, local headers, inflation); only the names asked for, at the zip's root, are looked for,
 * each inflated within its bound and checked against its CRC-32: a zip bomb stops at the bound, and an entry with
 * another name (`../x`, `/x`, a 10 GB `padding.bin`) is never inflated nor written.
 */
import { lstat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { errorMessage } from '../errors.js';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The most entries a zip may list. The artifacts read here hold a handful of files; reading a central directory of
 * 200,000 empty entries (9 MB of ZIP64 records) took 13 s, and a shard's zip may be 256 MiB.
 */
export const MAX_ZIP_ENTRIES = 1_000;

/**
 * Writes the entries of `zipFile` named in `bounds` (name → most bytes read) into `into`. The zip itself may be at
 * most `maxZipBytes`. Returns why the zip is refused (a phrase: "its zip is …"), or undefined; a name the zip does not
 * hold is simply not written. Nothing is written unless the whole zip is accepted.
 */
export async function extractZipEntries(zipFile: string, into: string, bounds: Readonly<Record<string, number>>, maxZipBytes: number): Promise<string | undefined> {
  const st = await lstat(zipFile);
  if (!st.isFile()) return 'its download is not a zip file';
  if (st.size > maxZipBytes) return `its zip is ${n(st.size)} bytes, more than the ${n(maxZipBytes)} read`;
  let zip: yauzl.ZipFile;
  try {
    // Names stay bytes (decodeStrings: false): they are compared with the names asked for, never used as paths.
    // Sizes are checked here against each bound, not by yauzl against the headers, which a zip bomb writes.
    zip = await yauzl.openPromise(zipFile, { decodeStrings: false, validateEntrySizes: false, autoClose: false });
  } catch (e) {
    return `its download is not a zip file that can be read (${errorMessage(e)})`;
  }
  const wanted = new Map(Object.entries(bounds).map(([name, max]) => [Buffer.from(name, 'utf8').toString('latin1'), { name, max }]));
  const found = new Map<string, Buffer>();
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) return `its zip lists ${n(zip.entryCount)} entries, more than the ${n(MAX_ZIP_ENTRIES)} read`;
    for await (const entry of zip.eachEntry()) {
      const want = wanted.get(entry.fileNameRaw.toString('latin1'));
      if (!want) continue;
      const { name, max } = want;
      if (found.has(name)) return `its zip holds ${name} twice`;
      if (entry.uncompressedSize > max) return `its ${name} is ${n(entry.uncompressedSize)} bytes, more than the ${n(max)} read`;
      if (entry.isEncrypted()) return `its zip entry ${name} is encrypted, which is not read`;
      if (!entry.canDecodeFileData()) return `its zip entry ${name} uses compression method ${entry.compressionMethod}, which is not read`;
      const body = await readBounded(zip, entry, name, max);
      if (typeof body === 'string') return body;
      if (body.length !== entry.uncompressedSize) return `its zip entry ${name} inflates to ${n(body.length)} bytes, not the ${n(entry.uncompressedSize)} its header says`;
      if (crc32(body) !== entry.crc32) return `its zip entry ${name} is damaged (its CRC-32 does not match)`;
      found.set(name, body);
    }
  } catch (e) {
    return `its zip is damaged (${errorMessage(e)})`;
  } finally {
    zip.close();
  }
  for (const [name, b] of found) await writeFile(join(into, name), b, { flag: 'wx' });
  return undefined;
}

/** The entry's bytes, at most `max` of them (the stream is destroyed past that), or why it cannot be read. */
async function readBounded(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string, max: number): Promise<Buffer | string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let stream;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (e) {
    return `its zip entry ${name} cannot be read (${errorMessage(e)})`;
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        stream.destroy();
        return `its ${name} inflates to more than the ${n(max)} bytes read`;
      }
      chunks.push(chunk);
    }
  } catch (e) {
    return `its zip entry ${name} cannot be inflated (${errorMessage(e)})`;
  }
  return Buffer.concat(chunks, size);
}
