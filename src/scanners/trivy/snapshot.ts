/**
 * Trivy's dependency snapshot, as trivy-action's `format: github` makes it: `trivy convert --format github` on the
 * JSON report the scan already wrote (the scan adds `--list-all-pkgs` so the report lists every package, not only
 * vulnerable ones). One snapshot per target (the tree, each image), written to the output directory; the
 * dependency graph sink merges and submits them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ensureDirectory } from '../../fs/safe-write.js';
import { errorMessage } from '../../errors.js';
import { execScanner } from '../command.js';
import { DEPENDENCY_SNAPSHOT_DIR, type RawOutput, type ScanContext } from '../types.js';
import type { TrivySettings } from './settings.js';

/** Trivy lists packages (and so can describe dependencies) for these scanners, on every scan type but `config`. */
export function trivySnapshotAvailable(s: TrivySettings): boolean {
  return s.scanType !== 'config' && (s.scanners.includes('vuln') || s.scanners.includes('license'));
}

export const TRIVY_SNAPSHOT = { available: trivySnapshotAvailable, needs: "with 'trivy-scanners' including vuln (or license) and a scan type other than config" };

/** The flags the scan adds when a snapshot is wanted. */
export function snapshotScanFlags(ctx: ScanContext<TrivySettings>): string[] {
  return ctx.scan.dependencySnapshot && trivySnapshotAvailable(ctx.settings) ? ['--list-all-pkgs'] : [];
}

/**
 * Converts each JSON report into a snapshot file; returns the files written. A conversion that fails is a warning
 * (the scan's findings stand; the dependency graph just misses that target).
 */
export async function writeTrivySnapshots(ctx: ScanContext<TrivySettings>, outputs: readonly RawOutput[], deadline: number): Promise<string[]> {
  if (!ctx.scan.dependencySnapshot || !trivySnapshotAvailable(ctx.settings) || outputs.length === 0) return [];
  const dir = join(ctx.outputDir, DEPENDENCY_SNAPSHOT_DIR);
  await ensureDirectory(dir);
  const written: string[] = [];
  for (const [i, out] of outputs.entries()) {
    const file = join(dir, `trivy-${i}.json`);
    try {
      await execScanner(ctx, 'trivy', ['convert', '--format', 'github', '--output', file, out.file], { deadline, expectFile: file });
      if (out.target === undefined) await rootManifests(file, rootOf(ctx));
      written.push(file);
    } catch (e) {
      ctx.logger.warning(`trivy: the dependency snapshot of ${out.target !== undefined ? `image '${out.target}'` : 'the scan root'} could not be written (trivy convert --format github failed): ${errorMessage(e)}`);
    }
  }
  return written;
}

/** The scan root relative to the workspace ('' for the root). */
function rootOf(ctx: ScanContext<unknown>): string {
  const rel = posix.relative(ctx.workspace.split('\\').join('/'), ctx.scanRoot.split('\\').join('/'));
  return rel === '.' ? '' : rel;
}

/**
 * Trivy names manifests relative to the directory it scanned (the scan root); the API wants them relative to the
 * repository root, so a `path: services/api` scan's package-lock.json becomes services/api/package-lock.json.
 */
async function rootManifests(file: string, root: string): Promise<void> {
  if (root === '') return;
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as { manifests?: Record<string, { file?: { source_location?: unknown } }> };
  for (const m of Object.values(snapshot.manifests ?? {})) {
    if (typeof m.file?.source_location === 'string') m.file.source_location = posix.join(root, m.file.source_location);
  }
  await writeFile(file, JSON.stringify(snapshot, null, 2));
}
