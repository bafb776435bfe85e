import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writing into a directory whose entries someone else may have planted (a pull request's checkout):
 * - a directory is created, or, when something already has its name, used only if lstat says it is a real
 *   directory (a symlink named `sarif` is refused, never followed);
 * - a file is written to a fresh temp name in the same directory (O_CREAT|O_EXCL: an existing entry, a symlink
 *   included, makes the open fail instead of being followed) and renamed over the final name. rename replaces a
 *   symlink itself, never its target.
 */

export class UnsafeEntryError extends Error {
  override name = 'UnsafeEntryError';
  constructor(
    readonly path: string,
    readonly what: string,
  ) {
    super(`${path} is ${what}; refusing to write through it`);
  }
}

/** Creates `dir` (and missing parents, each checked the same way); an existing entry must be a real directory. */
export async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && dirname(dir) !== dir) {
      await ensureDirectory(dirname(dir));
      await ensureDirectory(dir);
      return;
    }
    if (code !== 'EEXIST') throw e;
  }
  const st = await lstat(dir);
  if (st.isSymbolicLink()) throw new UnsafeEntryError(dir, 'a symlink');
  if (!st.isDirectory()) throw new UnsafeEntryError(dir, 'not a directory');
}

/** A temp name next to `path`, recognisable as ours (see isTempName). */
export function tempNameFor(path: string, pid: number, random = randomBytes(6).toString('hex')): string {
  return join(dirname(path), `.${basename(path)}.${pid}-${random}.security-scan.tmp`);
}

/** Whether a directory entry is a temp file left by an interrupted write of this action. Pure. */
export function isTempName(name: string): boolean {
  return /^\..+\.\d+-[0-9a-f]+\.security-scan\.tmp$/.test(name);
}

/** Writes `content` to `path` atomically, never through a symlink or into a planted file. */
export async function writeFileAtomic(path: string, content: string | Uint8Array, pid = process.pid): Promise<void> {
  const tmp = tempNameFor(path, pid);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes all of `data` at the file's current position in as few write calls as the kernel allows (one, for a regular
 * file). Not `FileHandle.writeFile`: it writes 512 KiB per call, and each next call waits for the event loop, which
 * the writer's loop only reaches when it waits itself, so a buffer in flight hardly moved while the next one was
 * filled (at 100k findings the process sat idle for most of a write each time).
 */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, null);
    if (bytesWritten <= 0) throw new Error(`a write of ${data.length - done} bytes wrote nothing`);
    done += bytesWritten;
  }
}

/** The buffers pieces are encoded into before one write (pieces are small; a write each would be a syscall each). */
const WRITE_BUFFER_BYTES = 4 << 20;
/**
 * The size of the first buffers: they grow ×4 per write up to WRITE_BUFFER_BYTES. A report of a few KB never
 * allocates 8 MB: V8 counts those buffers as external memory, and a run that writes a dozen small reports used to
 * trigger a full garbage collection for each (~15 ms each, after the scanners had finished).
 */
const FIRST_BUFFER_BYTES = 64 << 10;

/** The size of the buffer after one of `size` (×4, at most WRITE_BUFFER_BYTES), and at least `need`. Pure. */
export function nextBufferSize(size: number, need = 0): number {
  let next = Math.min(size * 4, WRITE_BUFFER_BYTES);
  while (next < need && next < WRITE_BUFFER_BYTES) next = Math.min(next * 4, WRITE_BUFFER_BYTES);
  return next;
}

/**
 * Writes the text of `pieces` to `path` the same atomic way as writeFileAtomic (a fresh temp file opened with
 * O_EXCL, then renamed; never through a symlink), streamed: each piece is encoded straight into one of two buffers
 * (64 KB at first, growing to 4 MB), and a full buffer is written while the pieces go on filling the other (one write
 * in flight at a time, in order), so a report of hundreds of MB is never one string or one buffer, and printing it
 * does not wait on the disk. A piece that throws removes the temp file. Returns the bytes written.
 */
export async function writeFileAtomicPieces(path: string, pieces: Iterable<string>, pid = process.pid): Promise<number> {
  const tmp = tempNameFor(path, pid);
  const handle = await open(tmp, 'wx', 0o644);
  let bytes = 0;
  try {
    let inFlight: Promise<void> = Promise.resolve();
    try {
      let size = FIRST_BUFFER_BYTES;
      let buffer: Buffer = Buffer.allocUnsafe(size);
      /** The other buffer: the one in flight, free again once inFlight has settled. */
      let spare: Buffer | undefined;
      let used = 0;
      // writeAll writes all of what it is given, from the current position; the next write starts after it ends.
      const flush = async (need = 0) => {
        const full = buffer.subarray(0, used);
        await inFlight;
        if (used > 0) {
          bytes += used;
          inFlight = writeAll(handle, full);
          inFlight.catch(() => undefined); // handled when awaited; not an unhandled rejection meanwhile
        }
        size = nextBufferSize(size, need);
        const next = spare !== undefined && spare.length >= size ? spare : Buffer.allocUnsafe(size);
        if (used > 0) spare = buffer;
        buffer = next;
        used = 0;
      };
      for (const piece of pieces) {
        // A UTF-16 code unit is at most 3 bytes of UTF-8.
        const need = piece.length * 3;
        if (used + need > buffer.length) {
          if (need > WRITE_BUFFER_BYTES) {
            if (used > 0) await flush();
            await inFlight;
            const alone = Buffer.from(piece, 'utf8');
            await writeAll(handle, alone);
            bytes += alone.length;
            continue;
          }
          await flush(need);
        }
        used += buffer.write(piece, used);
      }
      if (used > 0) await flush();
      await inFlight;
    } finally {
      // A write still in flight when a piece threw: wait for it (its error is the piece's to report) before closing.
      await inFlight.catch(() => undefined);
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return bytes;
}
