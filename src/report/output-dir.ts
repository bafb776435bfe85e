import { sep } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { isInside, isStrictlyInside, segmentsBelow } from '../fs/paths.js';

/**
 * The rules for `output-dir`, pure: real paths in, a decision out. The I/O (realpath, lstat) is in
 * output-dir-fs.ts. The reports directory must be a directory of its own inside the workspace or inside
 * RUNNER_TEMP, never:
 *   - the workspace root, `.git` or anything inside a `.git` (the artifact would carry the checkout and its token);
 *   - the scan root, or a directory that contains it (the reports would mix with the scanned sources);
 *   - RUNNER_TEMP itself (other steps' files live there);
 *   - anywhere else (`/etc/security-scan`).
 * A dedicated subdirectory inside the scan root stays allowed: the default `security-reports` lies inside the
 * default scan root (`path: .`).
 */

/** What the action writes into output-dir (besides scanners' files, e.g. Falco's deployment files, listed in the manifest). */
export const REPORT_FILES = { sarifDir: 'sarif', json: 'findings.json', markdown: 'summary.md', baseline: 'baseline.json', html: 'report.html', pdf: 'report.pdf' } as const;
/** Held while a run uses the directory (O_EXCL create, the run's pid inside). */
export const LOCK_FILE = '.security-scan.lock';
/** Written last: every file the run wrote, relative to output-dir, one a line. The next run removes exactly these. */
export const MANIFEST_FILE = '.security-scan-files';
/** The most of a manifest that is read (it lists a few dozen paths). */
export const MANIFEST_MAX_BYTES = 64 * 1024;

/**
 * The manifest's entries that may be removed: relative paths of at most 4 segments below output-dir, without `.`,
 * `..`, empty segments, backslashes or NUL, and never the lock or the manifest. Anything else is ignored (the file
 * lies in a directory a pull request can commit to). Pure.
 */
export function parseManifest(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.slice(0, MANIFEST_MAX_BYTES).split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('/') || /[\\\0]/.test(line)) continue;
    const segs = line.split('/');
    if (segs.length > 4 || segs.some((x) => x === '' || x === '.' || x === '..')) continue;
    if (segs.length === 1 && (line === LOCK_FILE || line === MANIFEST_FILE)) continue;
    out.add(line);
  }
  return [...out].sort();
}

/** The manifest's text for files written (relative posix paths below output-dir). Pure. */
export function renderManifest(relativePaths: readonly string[]): string {
  return `${[...new Set(relativePaths)].sort().join('\n')}\n`;
}

/**
 * What an earlier run left, relative to output-dir: every `.sarif` file in sarif/ (a failed scanner's old run must
 * not be uploaded or close alerts), findings.json, summary.md, baseline.json, report.html, report.pdf, and what its manifest lists. Pure.
 */
export function staleEntries(sarifNames: readonly string[], manifest: readonly string[]): string[] {
  const fixed = [...sarifNames.filter((n) => n.endsWith('.sarif')).map((n) => `${REPORT_FILES.sarifDir}/${n}`), REPORT_FILES.json, REPORT_FILES.markdown, REPORT_FILES.baseline, REPORT_FILES.html, REPORT_FILES.pdf];
  return [...new Set([...fixed, ...manifest])].sort();
}

/**
 * Top-level entries of an existing output-dir that are not the action's (its files, lock, manifest, temp files, and
 * the first segment of what the manifest lists): a directory holding any is not dedicated to the reports. Pure.
 */
export function foreignEntries(names: readonly string[], manifest: readonly string[], isTemp: (name: string) => boolean): string[] {
  const own = new Set<string>([REPORT_FILES.sarifDir, REPORT_FILES.json, REPORT_FILES.markdown, REPORT_FILES.baseline, REPORT_FILES.html, REPORT_FILES.pdf, LOCK_FILE, MANIFEST_FILE, ...manifest.map((m) => m.split('/')[0]!)]);
  return names.filter((n) => !own.has(n) && !isTemp(n)).sort();
}

export interface Roots {
  /** Real path of the workspace. */
  workspace: string;
  /** Real path of the scan root (`path`). */
  scanRoot: string;
  /** Real path of RUNNER_TEMP, when set and existing. */
  runnerTemp?: string;
}

export type OutputBase = 'workspace' | 'runner-temp';

const USE = "use a dedicated directory such as 'security-reports' (relative to the workspace) or one under RUNNER_TEMP";

function refuse(value: string, why: string, instead = USE): ConfigurationError {
  return new ConfigurationError(`Input 'output-dir' is '${value}', ${why}; ${instead}.`);
}

/**
 * Checks the real location of output-dir (`dir`: no symlink below its base, see output-dir-fs.ts) against the
 * roots. Returns which base it lies under; throws a ConfigurationError naming `output-dir`, the value and what to
 * use instead.
 */
export function checkOutputDir(value: string, dir: string, roots: Roots): OutputBase {
  const inWorkspace = isInside(roots.workspace, dir);
  const inTemp = roots.runnerTemp !== undefined && isInside(roots.runnerTemp, dir);
  if (!inWorkspace && !inTemp) {
    const where = roots.runnerTemp ? `inside the workspace (${roots.workspace}) or RUNNER_TEMP (${roots.runnerTemp})` : `inside the workspace (${roots.workspace}); RUNNER_TEMP is not set`;
    throw refuse(value, `which resolves to ${dir}, outside the directories the reports may go to: they must be ${where}`);
  }
  if (dir === roots.workspace) throw refuse(value, 'which is the workspace root: the report artifact would carry the whole checkout, .git included');
  if (inWorkspace && segmentsBelow(roots.workspace, dir)!.some((s) => s.toLowerCase() === '.git')) {
    throw refuse(value, 'which is inside .git');
  }
  if (dir === roots.scanRoot) throw refuse(value, "which is the scan root (input 'path'): the reports would mix with the scanned sources");
  if (isStrictlyInside(dir, roots.scanRoot)) {
    throw refuse(value, `which contains the scan root (input 'path', ${roots.scanRoot}): the reports would mix with the scanned sources`);
  }
  if (roots.runnerTemp !== undefined && dir === roots.runnerTemp) {
    throw refuse(value, 'which is RUNNER_TEMP itself, shared with other steps', `use a subdirectory, e.g. '${roots.runnerTemp}${sep}security-reports'`);
  }
  // Inside both (RUNNER_TEMP inside the workspace or the other way round): the deeper one is the base.
  if (inWorkspace && inTemp) return roots.runnerTemp!.length > roots.workspace.length ? 'runner-temp' : 'workspace';
  return inWorkspace ? 'workspace' : 'runner-temp';
}

export function notDedicated(value: string, foreign: readonly string[]): ConfigurationError {
  const shown = foreign.slice(0, 3).map((n) => `'${n}'`).join(', ');
  const more = foreign.length > 3 ? ` and ${foreign.length - 3} more` : '';
  return refuse(
    value,
    `which already holds files security-scan did not write (${shown}${more}); it must be a directory of its own, since earlier reports in it are replaced`,
    "use a new or empty directory such as 'security-reports'",
  );
}
