import { constants } from 'node:fs';
import { lstat, open, readdir, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { segmentsBelow } from '../fs/paths.js';
import { walkBelow } from '../fs/real-path.js';
import { ensureDirectory, isTempName, UnsafeEntryError } from '../fs/safe-write.js';
import type { Logger } from '../logger.js';
import { acquireLock, type HeldLock, type LockDeps } from './lock.js';
import {
  checkOutputDir,
  foreignEntries,
  MANIFEST_FILE,
  MANIFEST_MAX_BYTES,
  notDedicated,
  parseManifest,
  REPORT_FILES,
  staleEntries,
  type OutputBase,
  type Roots,
} from './output-dir.js';

/** Where the reports go, checked: `dir` is a real path with no symlink below `baseDir`. */
export interface OutputDirPlan {
  /** The input as given, for messages. */
  value: string;
  dir: string;
  base: OutputBase;
  /** Real path of the workspace or RUNNER_TEMP; nothing between it and `dir` is a symlink. */
  baseDir: string;
  segments: readonly string[];
}

export interface OutputDirRoots extends Roots {
  /** The workspace and RUNNER_TEMP as given (they may differ from their real paths when reached through a symlink). */
  workspaceText: string;
  runnerTempText?: string;
}

/**
 * Resolves output-dir on the real file system, without writing: it must lie under the workspace or RUNNER_TEMP
 * (as given or as real path), no existing segment below that base may be a symlink or a file, and the real location
 * must pass checkOutputDir's rules.
 */
export async function locateOutputDir(value: string, roots: OutputDirRoots): Promise<OutputDirPlan> {
  const text = resolve(roots.workspaceText, value);
  const bases: [string, string][] = [
    [roots.workspaceText, roots.workspace],
    [roots.workspace, roots.workspace],
  ];
  if (roots.runnerTemp !== undefined) {
    if (roots.runnerTempText !== undefined) bases.push([roots.runnerTempText, roots.runnerTemp]);
    bases.push([roots.runnerTemp, roots.runnerTemp]);
  }
  const under = bases
    .map(([t, real]) => ({ real, segments: segmentsBelow(t, text) }))
    .filter((b): b is { real: string; segments: string[] } => b.segments !== undefined)
    .sort((a, b) => a.segments.length - b.segments.length)[0];
  if (!under) {
    checkOutputDir(value, text, roots); // throws: outside both
    throw new ConfigurationError(`Input 'output-dir' is '${value}', which is outside the workspace and RUNNER_TEMP.`);
  }
  const walk = await walkBelow(under.real, under.segments);
  if (walk.kind === 'symlink') {
    throw new ConfigurationError(
      `Input 'output-dir' is '${value}', which passes through a symlink (${walk.at}); reports are never written through a link; use a directory such as 'security-reports' that is not a symlink in the repository.`,
    );
  }
  if (walk.kind === 'not-a-directory') {
    throw new ConfigurationError(`Input 'output-dir' is '${value}', but ${walk.at} is a file, not a directory; use a directory such as 'security-reports'.`);
  }
  const dir = join(under.real, ...under.segments);
  const base = checkOutputDir(value, dir, roots);
  return { value, dir, base, baseDir: under.real, segments: under.segments };
}

/** Re-checks, just before writing, that nothing on the way to the directory has become a symlink. */
export async function verifyOutputDir(plan: OutputDirPlan): Promise<void> {
  const walk = await walkBelow(plan.baseDir, plan.segments);
  if (walk.kind !== 'ok' || walk.existing !== plan.segments.length) {
    throw new ConfigurationError(`Input 'output-dir' is '${plan.value}', but ${walk.kind === 'ok' ? plan.dir : walk.at} changed while the scanners ran (${walk.kind === 'ok' ? 'it is gone' : walk.kind}); the reports were not written.`);
  }
}

/** Names in a directory, or [] when it does not exist. */
async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
    throw e;
  });
}

/** The manifest of an earlier run: read only when it is a regular file (never through a link), at most MANIFEST_MAX_BYTES. */
async function readManifest(dir: string): Promise<string[]> {
  const path = join(dir, MANIFEST_FILE);
  const st = await lstat(path).catch(() => undefined);
  if (!st?.isFile()) return [];
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)).catch(() => undefined);
  if (!handle) return [];
  try {
    const buf = Buffer.alloc(Math.min(st.size, MANIFEST_MAX_BYTES));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return parseManifest(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** sarif/ must be a real directory: anything else in its place is removed (a link itself, never its target). */
async function sarifNames(dir: string, logger: Logger, value: string): Promise<string[]> {
  const path = join(dir, REPORT_FILES.sarifDir);
  const st = await lstat(path).catch(() => undefined);
  if (!st) return [];
  if (st.isDirectory()) return names(path);
  if (st.isSymbolicLink()) logger.warning(`output-dir '${value}': ${REPORT_FILES.sarifDir} was a symlink; removed the link (its target is left alone).`);
  await rm(path, { recursive: true, force: true });
  return [];
}

/**
 * Removes one stale entry (relative, posix) without following links: a symlink on the way is removed itself, a
 * report file planted as a directory is removed with its contents, a scanner's file only when it is not a directory.
 */
async function removeStale(dir: string, rel: string, fixed: boolean, logger: Logger, value: string): Promise<boolean> {
  const segs = rel.split('/');
  const walk = await walkBelow(dir, segs.slice(0, -1));
  if (walk.kind === 'symlink') {
    logger.warning(`output-dir '${value}': ${relative(dir, walk.at)} was a symlink; removed the link (its target is left alone).`);
    await rm(walk.at, { force: true });
    return false;
  }
  if (walk.kind !== 'ok' || walk.existing !== segs.length - 1) return false;
  const path = join(dir, ...segs);
  const st = await lstat(path).catch(() => undefined);
  if (!st || (st.isDirectory() && !fixed)) return false;
  if (st.isSymbolicLink()) logger.warning(`output-dir '${value}': ${rel} was a symlink; removed the link (its target is left alone).`);
  await rm(path, { recursive: true, force: true });
  return true;
}

export interface OpenedOutputDir {
  release(): Promise<void>;
  /** Files of an earlier run that were removed (relative to the directory, posix). */
  removed: string[];
}

/**
 * Before the scanners run: creates output-dir (each new segment checked), refuses a directory that holds other
 * files, takes its lock (which also proves it is writable), and removes what an earlier run of the action left
 * there (sarif/*.sarif, findings.json, summary.md, the files its manifest lists, interrupted temp files) — nothing
 * else.
 */
export async function openOutputDir(plan: OutputDirPlan, logger: Logger, lockDeps?: LockDeps): Promise<OpenedOutputDir> {
  const { dir, value } = plan;
  try {
    await ensureDirectory(dir);
  } catch (e) {
    if (e instanceof UnsafeEntryError) throw new ConfigurationError(`Input 'output-dir' is '${value}', but ${e.path} is ${e.what}; use a directory such as 'security-reports'.`);
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigurationError(`Input 'output-dir' is '${value}', but ${dir} cannot be created (${code}); use a directory the job can write to, such as 'security-reports'.`);
  }
  await verifyOutputDir(plan);
  const manifest = await readManifest(dir);
  const foreign = foreignEntries(await names(dir), manifest, isTempName);
  if (foreign.length > 0) throw notDedicated(value, foreign);
  const lock: HeldLock = await acquireLock(dir, value, logger, lockDeps);
  try {
    const sarif = await sarifNames(dir, logger, value);
    const fixed = new Set(staleEntries(sarif, []));
    const removed: string[] = [];
    for (const rel of staleEntries(sarif, manifest)) {
      if (await removeStale(dir, rel, fixed.has(rel), logger, value)) removed.push(rel);
    }
    await rm(join(dir, MANIFEST_FILE), { recursive: true, force: true });
    // Temp files of an interrupted write, in the directories the action writes to.
    const dirs = new Set([dir, join(dir, REPORT_FILES.sarifDir), ...manifest.filter((m) => m.includes('/')).map((m) => join(dir, ...m.split('/').slice(0, -1)))]);
    for (const at of dirs) {
      if ((await walkBelow(dir, relative(dir, at).split(sep).filter(Boolean))).kind !== 'ok') continue;
      for (const n of (await names(at)).filter(isTempName)) await rm(join(at, n), { force: true });
    }
    if (removed.length > 0) logger.info(`output-dir '${value}': removed ${removed.length} file(s) of an earlier run (${removed.join(', ')}).`);
    return { release: () => lock.release(), removed };
  } catch (e) {
    await lock.release();
    throw e;
  }
}
