import { constants } from 'node:fs';
import { lstat, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { LOCK_FILE } from './output-dir.js';

/**
 * One run at a time per output-dir: `<output-dir>/.security-scan.lock`, created with O_CREAT|O_EXCL (flag `wx`),
 * holding the pid. A second run finds it and fails at once; a lock whose pid is no longer running (a run that was
 * killed) is taken over with a warning. Removed at the end of the run.
 */

export interface LockDeps {
  pid: number;
  /** Whether a process with this pid is running (default: signal 0). */
  isAlive: (pid: number) => boolean;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const defaultLockDeps = (): LockDeps => ({ pid: process.pid, isAlive: pidAlive });

/** The pid in a lock file's text; undefined when it holds anything else. Pure. */
export function parseLockPid(text: string): number | undefined {
  const m = /^\s*(\d{1,10})\s*$/.exec(text);
  if (!m) return undefined;
  const pid = Number(m[1]);
  return pid > 0 ? pid : undefined;
}

/** What the holder of an existing lock means for this run. Pure. */
export function lockHolder(text: string | undefined, deps: LockDeps): { state: 'running'; pid: number } | { state: 'stale'; why: string } {
  const pid = text === undefined ? undefined : parseLockPid(text);
  if (pid === undefined) return { state: 'stale', why: 'it does not hold a process id' };
  if (pid === deps.pid || deps.isAlive(pid)) return { state: 'running', pid };
  return { state: 'stale', why: `process ${pid} is no longer running` };
}

/** The first bytes of the lock file, read without following a symlink; undefined when it is not a regular file. */
async function readLock(path: string): Promise<string | undefined> {
  const st = await lstat(path).catch(() => undefined);
  if (!st?.isFile()) return undefined;
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buf = Buffer.alloc(32);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

/**
 * Takes the lock of `dir` (which exists). `value` is the output-dir input as given, for the messages. Throws a
 * ConfigurationError naming output-dir when another run holds it or the directory is not writable.
 */
export async function acquireLock(dir: string, value: string, logger: Logger, deps: LockDeps = defaultLockDeps()): Promise<HeldLock> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o644);
      try {
        await handle.writeFile(`${deps.pid}\n`);
      } finally {
        await handle.close();
      }
      return {
        path,
        async release() {
          // Only our own lock: a run that took over a lock it believed stale must not lose it to us.
          if (parseLockPid((await readLock(path)) ?? '') === deps.pid) await rm(path, { force: true });
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new ConfigurationError(
          `Input 'output-dir' is '${value}', but ${dir} is not writable (${code ?? (e as Error).message}); use a directory the job can write to, such as 'security-reports'.`,
        );
      }
      const holder = lockHolder(await readLock(path), deps);
      if (holder.state === 'running') {
        throw new ConfigurationError(
          `Input 'output-dir' is '${value}', which another security-scan run (process ${holder.pid}) is using right now (lock file ${path}). ` +
            "Give each concurrent run its own output-dir (and artifact-name), or delete the lock file if no run is active.",
        );
      }
      if (attempt > 0) throw new ConfigurationError(`Input 'output-dir' is '${value}': the lock file ${path} could not be taken over; delete it and run again.`);
      logger.warning(`output-dir '${value}': taking over the lock file ${path} of an earlier run (${holder.why}).`);
      await rm(path, { force: true });
    }
  }
}
