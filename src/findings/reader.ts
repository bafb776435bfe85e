import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { FileReader } from './identify.js';

const MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads workspace files for line hashing: only regular files inside the workspace, up to 8 MiB, that look like
 * text (no NUL in the first 8 KiB). Anything else gives undefined and the finding falls back to its line number.
 */
export function workspaceReader(workspace: string): FileReader {
  const root = resolve(workspace);
  return (path) => {
    const abs = resolve(root, path);
    if (abs !== root && !abs.startsWith(root + sep)) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(abs, 'r');
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > MAX_BYTES) return undefined;
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
