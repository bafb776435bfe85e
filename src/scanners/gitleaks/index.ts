import { assessGitleaks } from './assessment.js';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ScannerError } from '../../errors.js';
import { defineScanner, type EventInfo, type RawOutput, type ScanContext } from '../types.js';
import { execScanner, readVersion } from '../command.js';
import { gitleaksInstall } from './install.js';
import { GITLEAKS_ALLOW, parseGitleaks } from './parse.js';
import { GITLEAKS_INPUTS, gitleaksSchema, type GitleaksSettings } from './settings.js';

export { GITLEAKS_MODES, type GitleaksMode, type GitleaksSettings } from './settings.js';
export { parseGitleaks } from './parse.js';
export { GITLEAKS_SEVERITY, gitleaksSeverity } from './severity.js';

/** The commits a git-mode scan covers: the PR's (base..head), or a push's new ones (before..after). */
export function gitRange(event: EventInfo): { from: string; to: string } | undefined {
  if (event.pullRequest) return { from: event.pullRequest.baseSha, to: event.pullRequest.headSha };
  if (event.push && !/^0+$/.test(event.push.before)) return { from: event.push.before, to: event.push.after };
  return undefined;
}

/**
 * The commit range a git-mode scan covers. A pull request: every commit the base branch's tip does not have
 * (GitHub's own list of the PR's commits), side branches merged into the PR branch included — gitleaks-action's
 * `--first-parent` skips those. A push: the new commits along the branch (`--first-parent`, so that merging main into
 * a branch does not report main's commits as new). Merge commits themselves are skipped: their changes are in the
 * commits they merge.
 */
export function gitLogOpts(event: EventInfo): string | undefined {
  const range = gitRange(event);
  if (!range) return undefined;
  return event.pullRequest ? `--no-merges ${range.from}..${range.to}` : `--no-merges --first-parent ${range.from}..${range.to}`;
}

/**
 * Why `from..to` cannot be read completely from the checkout at `repo`, or undefined when it can: a missing commit
 * (a shallow clone without the base), a shallow boundary inside the range (history cut short), or git failing.
 * Gitleaks itself only logs git's error and reports "no leaks found" (gitleaks/gitleaks#1981).
 */
export async function gitRangeProblem(ctx: ScanContext<unknown>, repo: string, range: { from: string; to: string }): Promise<string | undefined> {
  const git = (...args: string[]) => ctx.runner.run('git', ['-C', repo, ...args], { timeoutMs: 60_000, cwd: repo, env: ctx.env });
  const firstLine = (s: string) => s.trim().split(/\r?\n/)[0] ?? '';
  let shallow;
  try {
    shallow = await git('rev-parse', '--is-shallow-repository');
  } catch (e) {
    return `git cannot be run (${(e as Error).message})`;
  }
  if (shallow.exitCode !== 0) return `git cannot read the checkout (${firstLine(shallow.stderr) || `exit code ${shallow.exitCode}`})`;
  for (const [what, sha] of [['base', range.from], ['head', range.to]] as const) {
    const has = await git('cat-file', '-e', `${sha}^{commit}`);
    if (has.exitCode !== 0) return `the ${what} commit ${sha} is not in this checkout${shallow.stdout.trim() === 'true' ? ' (a shallow clone)' : ''}`;
  }
  if (shallow.stdout.trim() !== 'true') return undefined;
  const boundary = await git('rev-parse', '--git-path', 'shallow');
  const list = await git('rev-list', `${range.from}..${range.to}`);
  if (boundary.exitCode !== 0 || list.exitCode !== 0) return `git cannot list the commits ${range.from}..${range.to} (${firstLine(list.stderr || boundary.stderr)})`;
  const file = boundary.stdout.trim();
  const cut = new Set((existsSync(join(repo, file)) ? readFileSync(join(repo, file), 'utf8') : existsSync(file) ? readFileSync(file, 'utf8') : '').split(/\s+/).filter(Boolean));
  const at = list.stdout.split(/\s+/).find((c) => cut.has(c));
  return at ? `this checkout is shallow and its history stops at ${at}, inside ${range.from}..${range.to}` : undefined;
}

/** Lines Gitleaks logged for git's stderr (`[git] fatal: …`): git failed, so the history was not all read. */
export function gitErrorLines(stderr: string): string[] {
  // eslint-disable-next-line no-control-regex
  return stderr.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').split(/\r?\n/).filter((l) => l.includes('[git]')).map((l) => l.trim());
}

/** What Gitleaks is given instead of the files it would read from the tree (ScanContext.policy). */
export interface GitleaksPolicyArgs {
  /** The config to use (the trusted one, or one that extends the default rules). */
  configPath?: string;
  /** The trusted `.gitleaksignore` (possibly empty). */
  ignorePath?: string;
  /** Report findings on lines with `gitleaks:allow` too (a pull request: the pipeline checks who added the marker). */
  ignoreInlineAllow?: boolean;
}

export function buildGitleaksArgs(mode: 'dir' | 'git', reportFile: string, _settings: GitleaksSettings, policy: GitleaksPolicyArgs, logOpts: string | undefined): string[] {
  const args = [mode, '.', '--report-format', 'json', '--report-path', reportFile, '--redact', '--no-banner', '--exit-code', '0', '--log-level', 'warn'];
  if (policy.configPath) args.push('--config', policy.configPath);
  if (policy.ignorePath) args.push('--gitleaks-ignore-path', policy.ignorePath);
  if (policy.ignoreInlineAllow) args.push('--ignore-gitleaks-allow');
  if (mode === 'git' && logOpts) args.push(`--log-opts=${logOpts}`);
  return args;
}

/** Gitleaks' default rules, as a config: what it uses when it finds no config of its own. */
const DEFAULT_CONFIG = '# security-scan: no trusted .gitleaks.toml, so Gitleaks\' default rules\n[extend]\nuseDefault = true\n';

/**
 * The files Gitleaks reads from the tree when not told otherwise: the `gitleaks-config` file, or `.gitleaks.toml` and
 * `.gitleaksignore` at the directory it scans (the scan root; the repository root in git mode).
 */
export function gitleaksPolicyFiles(settings: GitleaksSettings, where: { scanRoot: string }): string[] {
  const roots = [...new Set([where.scanRoot, ''])];
  const files = settings.config ? [posix.normalize(settings.config)] : roots.map((r) => posix.join(r, '.gitleaks.toml'));
  return [...files, ...roots.map((r) => posix.join(r, '.gitleaksignore'))];
}

/** Writes the trusted config and ignore file for this run; the tree's own are never read. */
async function policyArgs(ctx: ScanContext<GitleaksSettings>, mode: 'dir' | 'git'): Promise<GitleaksPolicyArgs> {
  const root = mode === 'git' ? '' : posix.normalize(relativeRoot(ctx));
  const files = ctx.policy.files;
  const config = ctx.settings.config ? files[posix.normalize(ctx.settings.config)] : files[posix.join(root, '.gitleaks.toml')];
  if (ctx.settings.config && config === undefined) {
    throw new ScannerError('gitleaks', `the gitleaks-config file '${ctx.settings.config}' does not exist${ctx.policy.source === 'base' ? ' in the base commit' : ''}; fix the path or remove the input.`);
  }
  const configPath = join(ctx.tempDir, 'gitleaks.toml');
  await writeFile(configPath, config ?? DEFAULT_CONFIG);
  const ignoreDir = join(ctx.tempDir, 'ignore');
  await mkdir(ignoreDir, { recursive: true });
  await writeFile(join(ignoreDir, '.gitleaksignore'), files[posix.join(root, '.gitleaksignore')] ?? '');
  return { configPath, ignorePath: ignoreDir, ignoreInlineAllow: ctx.policy.source === 'base' };
}

/** The scan root relative to the workspace, '.' for the root. */
function relativeRoot(ctx: ScanContext<unknown>): string {
  const rel = posix.relative(ctx.workspace.split('\\').join('/'), ctx.scanRoot.split('\\').join('/'));
  return rel === '' ? '.' : rel;
}

/** auto: scan the PR's (or push's) commits when the workspace is a git checkout, else the files in the tree. */
export function chooseMode(s: GitleaksSettings, event: EventInfo, isGitCheckout: boolean): 'dir' | 'git' {
  if (s.mode !== 'auto') return s.mode;
  return isGitCheckout && gitLogOpts(event) !== undefined ? 'git' : 'dir';
}

async function run(ctx: ScanContext<GitleaksSettings>) {
  let mode = chooseMode(ctx.settings, ctx.event, existsSync(join(ctx.workspace, '.git')));
  const range = gitRange(ctx.event);
  if (mode === 'git' && range) {
    // Never report "no leaks" for commits that were not read: check the range is in the checkout first.
    const problem = await gitRangeProblem(ctx, ctx.workspace, range);
    if (problem && ctx.settings.mode === 'git') {
      throw new ScannerError('gitleaks', `cannot scan the commits ${range.from}..${range.to}: ${problem}. Check out the full history (actions/checkout with 'fetch-depth: 0'), or set gitleaks-mode: dir.`);
    }
    if (problem) {
      ctx.logger.warning(`Gitleaks scanned the files in the tree instead of the commits ${range.from}..${range.to}: ${problem}. Secrets added and removed again within those commits are not seen; check out the full history (actions/checkout with 'fetch-depth: 0') to scan the commits.`);
      mode = 'dir';
    }
  }
  const file = join(ctx.tempDir, 'gitleaks.json');
  const args = buildGitleaksArgs(mode, file, ctx.settings, await policyArgs(ctx, mode), gitLogOpts(ctx.event));
  // git mode reads history of the whole checkout, so it runs at the workspace and reports repo-relative paths.
  const runCtx = mode === 'git' ? { ...ctx, scanRoot: ctx.workspace } : ctx;
  ctx.logger.info(`gitleaks: scanning ${mode === 'git' ? `commits ${gitLogOpts(ctx.event)}` : 'the files in the tree'}`);
  const scan = execScanner(runCtx, 'gitleaks', args, { expectFile: file });
  // The version probe runs beside the scan, started after it (spawn is synchronous): nothing in the scan depends on
  // it, and the scan is what the run waits for. It never rejects.
  const probe = readVersion(ctx, ['version'], /v?(\d+\.\d+\.\d+\S*)/);
  const result = await scan;
  const gitErrors = mode === 'git' ? gitErrorLines(result.stderr) : [];
  if (gitErrors.length > 0) {
    throw new ScannerError('gitleaks', `git failed while Gitleaks read the history, so not every commit was scanned (its "no leaks found" would not hold):\n${gitErrors.slice(0, 8).join('\n')}`);
  }
  const version = await probe;
  const output: RawOutput = mode === 'git' ? { file, relativeTo: 'workspace', format: 'git' } : { file, format: 'dir' };
  return { outputs: [output], version };
}

export const gitleaks = defineScanner({
  id: 'gitleaks',
  displayName: 'Gitleaks',
  informationUri: 'https://github.com/gitleaks/gitleaks',
  onByDefault: true,
  binary: {
    name: 'gitleaks',
    pathInput: 'gitleaks-path',
    installHint: "install Gitleaks on the runner or set input 'gitleaks-path' to its binary",
  },
  install: gitleaksInstall,
  policyFiles: gitleaksPolicyFiles,
  inlineMarkers: [GITLEAKS_ALLOW],
  reportsMarkedLines: true,
  // Gitleaks' own settings (GITLEAKS_CONFIG…); git mode runs git, which reads GIT_* for its configuration.
  environment: { prefixes: ['GITLEAKS_', 'GIT_CONFIG_'] },
  inputs: GITLEAKS_INPUTS,
  schema: gitleaksSchema,
  run,
  parse: (text) => parseGitleaks(text),
  assess: assessGitleaks,
});
