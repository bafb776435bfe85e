/**
 * Named entries of a downloaded artifact zip, taken out within bounds. Artifacts a run downloads (a matrix leg's
 * shard, the default branch's earlier baselines) are saved as the zip they are (`skipDecompress`) instead of being
 * extracted by @actions/artifact, which would write every entry whatever its size or path. Only the names asked for,
 * at the zip's root, are looked for, each inflated within its bound: a zip bomb stops at the bound, and an entry with
 * another name (`../x`, `/x`, a 10 GB `padding.bin`) is never inflated nor written.
 */
import { lstat, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { errorMessage } from '../errors.js';

const ZIP64 = 0xffffffff;

/**
 * Writes the entries of `zipFile` named in `bounds` (name → most bytes read) into `into`. The zip itself may be at
 * most `maxZipBytes`. Returns why the zip is refused (a phrase: "its zip is …"), or undefined; a name the zip does not
 * hold is simply not written.
 */
export async function extractZipEntries(zipFile: string, into: string, bounds: Readonly<Record<string, number>>, maxZipBytes: number): Promise<string | undefined> {
  const st = await lstat(zipFile);
  if (!st.isFile()) return 'its download is not a zip file';
  if (st.size > maxZipBytes) return `its zip is ${st.size.toLocaleString('en-US')} bytes, more than the ${maxZipBytes.toLocaleString('en-US')} read`;
  const zip = await readFile(zipFile);
  let eocd = zip.length - 22;
  while (eocd >= 0 && eocd >= zip.length - 22 - 0xffff && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0 || zip.readUInt32LE(eocd) !== 0x06054b50) return 'its download is not a zip file (no end of central directory)';
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const found = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== 0x02014b50) return 'its zip has a damaged central directory';
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p = next;
    if (!Object.hasOwn(bounds, name)) continue;
    if (found.has(name)) return `its zip holds ${name} twice`;
    const max = bounds[name]!;
    if (compressed === ZIP64 || size === ZIP64 || size > max) return `its ${name} is ${size === ZIP64 ? 'over 4 GB' : `${size.toLocaleString('en-US')} bytes`}, more than the ${max.toLocaleString('en-US')} read`;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) return `its zip entry ${name} is damaged`;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) return `its zip entry ${name} is damaged`;
    const data = zip.subarray(start, start + compressed);
    let body: Buffer;
    if (method === 0) body = Buffer.from(data);
    else if (method === 8) {
      try {
        // Bounded whatever the entry's header claims: a zip bomb stops at the bound.
        body = inflateRawSync(data, { maxOutputLength: max });
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError
          ? `its ${name} inflates to more than the ${max.toLocaleString('en-US')} bytes read`
          : `its zip entry ${name} cannot be inflated (${errorMessage(e)})`;
      }
    } else return `its zip entry ${name} uses compression method ${method}, which is not read`;
    if (body.length !== size) return `its zip entry ${name} inflates to ${body.length.toLocaleString('en-US')} bytes, not the ${size.toLocaleString('en-US')} its header says`;
    found.set(name, body);
  }
  for (const [name, b] of found) await writeFile(join(into, name), b, { flag: 'wx' });
  return undefined;
}
