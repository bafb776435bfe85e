import { join } from 'node:path';
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
/** The scan argv (without the binary). */
export function checkovArgs(scanRoot: string, settings: CheckovSettings): string[] {
  const args = ['-d', scanRoot, '-o', 'json', '--quiet', '--compact', '--soft-fail'];
  if (settings.frameworks.length > 0) args.push('--framework', settings.frameworks.join(','));
  if (settings.skipChecks.length > 0) args.push('--skip-check', settings.skipChecks.join(','));
  return args;
}

async function runCheckov(scanCtx: ScanContext<CheckovSettings>) {
  // Offline unless the team's own CKV_*/BC_* variables say otherwise.
  const ctx = { ...scanCtx, env: { ...CHECKOV_OFFLINE_ENV, ...scanCtx.env } };
  const version = await readVersion(ctx, ['--version'], /(\d+\.\d+\.\d+\S*)/);
  const file = join(ctx.tempDir, 'checkov.json');
  // With --soft-fail a completed scan exits 0 whatever it found; any other exit code is a crash or a usage error.
  await execScanner(ctx, 'checkov', checkovArgs(ctx.scanRoot, ctx.settings), { stdoutFile: file });
  return { outputs: [{ file }], ...(version ? { version } : {}) };
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
  // Checkov's own settings (CKV_*, BC_*: an API key a team sets on purpose) and the Python it runs on.
  environment: { prefixes: ['CKV_', 'BC_', 'PYTHON'] },
  inputs: CHECKOV_INPUTS,
  schema: checkovSchema,
  run: runCheckov,
  parse: (text) => parseCheckov(text),
});

export { parseCheckov } from './parse.js';
export * from './settings.js';
