import { lstat, realpath } from 'node:fs/promises';
import { join } from 'node:path';

/** fs.realpath, or undefined when the path does not exist (or cannot be resolved). */
export async function realpathOrUndefined(path: string): Promise<string | undefined> {
  return realpath(path).catch(() => undefined);
}

/** What lies at each existing segment below a trusted (real) base: the first symlink or non-directory stops the walk. */
export type SegmentWalk =
  | { kind: 'ok'; /** how many leading segments exist (all real directories) */ existing: number }
  | { kind: 'symlink'; at: string }
  | { kind: 'not-a-directory'; at: string };

/**
 * Walks `segments` below `base` with lstat (never following a link): every segment that exists must be a real
 * directory. Stops at the first missing one (nothing below it exists yet).
 */
export async function walkBelow(base: string, segments: readonly string[]): Promise<SegmentWalk> {
  let at = base;
  let existing = 0;
  for (const s of segments) {
    at = join(at, s);
    const st = await lstat(at).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!st) break;
    if (st.isSymbolicLink()) return { kind: 'symlink', at };
    if (!st.isDirectory()) return { kind: 'not-a-directory', at };
    existing++;
  }
  return { kind: 'ok', existing };
}
