import { assessCheckov } from './assessment.js';
import { writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { execScanner, readVersion } from '../command.js';
import { defineScanner, type ScanContext } from '../types.js';
import { CHECKOV_OFFLINE_ENV, checkovInstall } from './install.js';
import { parseCheckov } from './parse.js';
import { CHECKOV_INPUTS, checkovSchema, type CheckovSettings } from './settings.js';

/**
 * Checkov (IaC misconfiguration). Runs `checkov -d <scanRoot> -o json --quiet --compact --soft-fail` and keeps the
 * failed checks only.
 *
 * Exit codes (https://www.checkov.io/2.Basics/Hard%20and%20soft%20fail.html): 0 = all checks passed or skipped,
 * 1 = at least one check failed. With `--soft-fail` Checkov always exits 0 after a completed scan, so any other exit
 * code (a Python traceback also exits 1; argparse errors exit 2) means the scan itself failed.
 *
 * `--quiet` makes the JSON carry failed checks only (plus the full summary); `--compact` drops code blocks from the
 * CLI output. Finding paths are Checkov's `file_path`, which is relative to the `-d` directory (the scan root):
 * the pipeline joins them with the scan root's path relative to the workspace.
 */
/**
 * The scan argv (without the binary). The directory is passed as `--directory=<dir>`: Checkov reads a
 * `.checkov.yaml`/`.checkov.yml` from every directory given as `-d <dir>` or `--directory <dir>` (its
 * get_default_config_paths looks for those two argv words), from its working directory and from $HOME. The scanned
 * tree's copy must not apply (a pull request could skip every check with it), so the joined form is used, the
 * working directory is the scanner's temp dir, and the trusted config is passed with `--config-file`.
 */
export function checkovArgs(scanRoot: string, settings: CheckovSettings, configFile?: string): string[] {
  const args = [`--directory=${scanRoot}`, '-o', 'json', '--quiet', '--compact', '--soft-fail'];
  if (configFile) args.push('--config-file', configFile);
  if (settings.frameworks.length > 0) args.push('--framework', settings.frameworks.join(','));
  if (settings.skipChecks.length > 0) args.push('--skip-check', settings.skipChecks.join(','));
  return args;
}

async function runCheckov(scanCtx: ScanContext<CheckovSettings>) {
  // Offline unless the team's own CKV_*/BC_* variables say otherwise.
  const ctx = { ...scanCtx, env: { ...CHECKOV_OFFLINE_ENV, ...scanCtx.env } };
  const file = join(ctx.tempDir, 'checkov.json');
  const configFile = await trustedConfig(ctx);
  // With --soft-fail a completed scan exits 0 whatever it found; any other exit code is a crash or a usage error.
  // The working directory is the temp dir (see checkovArgs); finding paths are relative to --directory anyway.
  const scan = execScanner({ ...ctx, scanRoot: ctx.tempDir }, 'checkov', checkovArgs(ctx.scanRoot, ctx.settings, configFile), { stdoutFile: file });
  // The version probe (a Python start-up: 1–2 s) runs beside the scan, started after it (spawn is synchronous):
  // nothing in the scan depends on it, and the scan is what the run waits for. It never rejects.
  const probe = readVersion(ctx, ['--version'], /(\d+\.\d+\.\d+\S*)/);
  await scan;
  const version = await probe;
  return { outputs: [{ file }], ...(version ? { version } : {}) };
}

/** The scanned directory's `.checkov.yaml` / `.checkov.yml` (Checkov's own order), repository-relative. */
export function checkovPolicyFiles(_s: CheckovSettings, where: { scanRoot: string }): string[] {
  return ['.checkov.yaml', '.checkov.yml'].map((f) => posix.join(where.scanRoot, f));
}

/** Writes the trusted config (the base commit's on a pull request) to the temp dir; undefined when there is none. */
async function trustedConfig(ctx: ScanContext<CheckovSettings>): Promise<string | undefined> {
  const rel = posix.relative(ctx.workspace.split('\\').join('/'), ctx.scanRoot.split('\\').join('/'));
  const [yaml, yml] = checkovPolicyFiles(ctx.settings, { scanRoot: rel === '.' ? '' : rel }).map((p) => ctx.policy.files[p]);
  const text = yaml ?? yml;
  if (text === undefined) return undefined;
  const path = join(ctx.tempDir, 'checkov-config.yaml');
  await writeFile(path, text);
  return path;
}

export const checkov = defineScanner({
  id: 'checkov',
  displayName: 'Checkov',
  informationUri: 'https://www.checkov.io',
  binary: {
    name: 'checkov',
    pathInput: 'checkov-path',
    installHint: "install it with 'pipx install checkov' or 'pip install checkov' (Python 3.9+), or set 'checkov-path'",
  },
  install: checkovInstall,
  policyFiles: checkovPolicyFiles,
  inlineMarkers: ['checkov:skip'],
  // Checkov's own settings (CKV_*, BC_*: an API key a team sets on purpose) and the Python it runs on.
  environment: { prefixes: ['CKV_', 'BC_', 'PYTHON'] },
  inputs: CHECKOV_INPUTS,
  schema: checkovSchema,
  run: runCheckov,
  parse: (text) => parseCheckov(text),
  assess: assessCheckov,
});

export { parseCheckov } from './parse.js';
export * from './settings.js';
