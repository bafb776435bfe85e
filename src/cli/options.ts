/**
 * The CLI's flags: one per action input, generated from the settings' input specs (config/settings.ts inputSpecs),
 * so every input — a scanner's, a notification's, a mode's — is a flag of the same name with the same default and
 * the same schema. Descriptions come from action.yml when it is found next to the package (it always is in this
 * repository and in the published package); without it a flag shows its default only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { parse } from 'yaml';
import { inputSpecs } from '../config/settings.js';
import type { InputSpec } from '../config/schema.js';
import type { AnyScanner } from '../scanners/types.js';

export const FORMATS = ['table', 'json', 'sarif', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** Inputs that only mean something inside GitHub Actions: accepted (so one config serves both) and ignored. */
export const GITHUB_ONLY = ['github-token', 'upload-sarif', 'wait-for-processing', 'comment', 'comment-key', 'job-summary', 'annotations', 'artifact-name', 'retention-days', 'baseline-artifact', 'mode', 'report-dir'] as const;

export interface CliOptions {
  format: Format;
  workspace: string;
  color: boolean;
  progress: boolean;
  /** Every input flag given on the command line, by input name. */
  inputs: ReadonlyMap<string, string>;
}

/** action.yml's input descriptions, found by walking up from this module (src/cli/ or dist/cli/). */
export function inputDescriptions(from = dirname(fileURLToPath(import.meta.url))): Record<string, string> {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'action.yml');
    if (existsSync(file)) {
      try {
        const doc = parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, { description?: string }> };
        return Object.fromEntries(Object.entries(doc.inputs ?? {}).map(([k, v]) => [k, String(v.description ?? '').replace(/\s+/g, ' ').trim()]));
      } catch {
        return {};
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return {};
}

const HELP_AFTER = `
Every action input is a flag of the same name, parsed by the same schema as in the action; a flag overrides the
config file (--config-file, default .github/security-scan.yml, read from the working tree).
GitHub-only inputs (${GITHUB_ONLY.join(', ')}) are accepted and ignored: the CLI uploads nothing to GitHub,
writes no comment, summary or annotation. --baseline auto means no baseline outside Actions; give a path instead.
The report files (findings.json, SARIF, Markdown …) are written to --output-dir whatever --format prints.

Exit codes: 0 the gate says PROCEED, 1 it says BLOCK (findings at or above --fail-on, or a scanner failed),
2 a configuration error (a bad flag or config file: the message says what to change).`;

/** The commander program: the CLI's own flags, then one flag per input spec. */
export function buildProgram(registry: readonly AnyScanner[], descriptions = inputDescriptions()): { program: Command; specs: InputSpec[] } {
  const specs = inputSpecs(registry);
  const program = new Command('security-scan')
    .description('Runs the security scanners on a directory, merges their findings, writes the reports and gates on them (the security-scan GitHub Action, outside Actions).')
    .addOption(new Option('--format <format>', 'what to print on stdout').choices(FORMATS).default('table'))
    .addOption(new Option('--workspace <dir>', "the repository root ('path' and 'output-dir' are resolved against it)").default(process.cwd(), 'the current directory'))
    .option('--no-color', 'no colour (also with NO_COLOR set or when stdout is not a terminal)')
    .option('--no-progress', 'no progress display on stderr')
    .helpOption('-h, --help', 'show every flag')
    .addHelpText('after', HELP_AFTER)
    .allowExcessArguments(false)
    .showHelpAfterError('(run security-scan --help to see every flag)');
  for (const spec of specs) {
    const githubOnly = (GITHUB_ONLY as readonly string[]).includes(spec.input);
    const description = (descriptions[spec.input] || `the action input '${spec.input}'`) + (githubOnly ? ' (GitHub Actions only: accepted and ignored by the CLI)' : '');
    // No commander default: an unset flag stays unset, so the config file and the schema's default apply.
    program.addOption(new Option(`--${spec.input} <value>`, spec.default !== '' ? `${description} (default: ${spec.default})` : description));
  }
  return { program, specs };
}

/** The parsed command line; throws commander's CommanderError on a bad flag (the caller exits 2). */
export function parseArgs(argv: readonly string[], registry: readonly AnyScanner[], env: Readonly<Record<string, string | undefined>>, isTTY: boolean, output?: { writeOut: (s: string) => void; writeErr: (s: string) => void }): CliOptions {
  const { program, specs } = buildProgram(registry);
  program.exitOverride();
  if (output) program.configureOutput(output);
  program.parse([...argv], { from: 'user' });
  const opts = program.opts<Record<string, unknown>>();
  const inputs = new Map<string, string>();
  for (const spec of specs) {
    const key = new Option(`--${spec.input} <value>`).attributeName();
    const v = opts[key];
    if (typeof v === 'string') inputs.set(spec.input, v);
  }
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  return {
    format: opts['format'] as Format,
    workspace: String(opts['workspace']),
    color: opts['color'] !== false && !noColor && isTTY && env['FORCE_COLOR'] !== '0',
    progress: opts['progress'] !== false,
    inputs,
  };
}
