import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { isInside } from '../fs/paths.js';
import type { FileReader } from './identify.js';

/** The most a line-hash read takes of one file; larger files are not read (the finding keeps its line number). */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Reads workspace files for line hashing. The finding's path comes from a scanner and the tree from the pull
 * request, so a file is opened only when its real path (every symlink resolved) is inside the workspace's real path,
 * lstat says it is a regular file (no FIFO, device or socket: opening one could block or read the runner's devices),
 * it is at most MAX_READ_BYTES, and the opened file is the one checked (same device and inode). Files that look
 * binary (a NUL in the first 8 KiB) are skipped too. Anything else gives undefined and the finding falls back to its
 * line number.
 */
export function workspaceReader(workspace: string): FileReader {
  let root: string | undefined | null = null;
  return (path) => {
    if (root === null) root = realpathOrUndefined(resolve(workspace));
    if (root === undefined) return undefined;
    const abs = resolve(root, path);
    if (!isInside(root, abs)) return undefined;
    const real = realpathOrUndefined(abs);
    if (real === undefined || !isInside(root, real)) return undefined;
    let fd: number | undefined;
    try {
      const checked = lstatSync(real);
      if (!checked.isFile() || checked.size > MAX_READ_BYTES) return undefined;
      fd = openSync(real, OPEN_FLAGS);
      const st = fstatSync(fd);
      if (!st.isFile() || st.dev !== checked.dev || st.ino !== checked.ino || st.size > MAX_READ_BYTES) return undefined;
      const buf = Buffer.alloc(st.size);
      let off = 0;
      while (off < st.size) {
        const n = readSync(fd, buf, off, st.size - off, off);
        if (n === 0) break;
        off += n;
      }
      if (buf.subarray(0, Math.min(off, 8192)).includes(0)) return undefined;
      return buf.subarray(0, off).toString('utf8');
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
}
