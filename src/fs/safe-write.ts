import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm } from 'node:fs/promises';
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
