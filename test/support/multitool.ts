/**
 * Runs the SARIF Multitool (npm `@microsoft/sarif-multitool-linux`) the way DESIGN.md prescribes:
 *   Sarif.Multitool validate --rule-kind "Gh;Sarif" --log ForceOverwrite -o <tmp>.json <file>…
 * and reads its output SARIF: every result is one problem; its level is the result's `level`, else the rule's
 * `defaultConfiguration.level`, else SARIF's default `warning`. `GH*` rules are GitHub's ingestion rules.
 *
 * The Multitool is a .NET program that takes several seconds to start: validate many files in one call with
 * `validateSarifFiles`.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MULTITOOL = resolve(import.meta.dirname, '..', '..', 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

export interface MultitoolProblem {
  ruleId: string;
  message: string;
  /** 1-based line in the validated file, when the Multitool gives one. */
  line?: number;
}

export interface MultitoolReport {
  errors: MultitoolProblem[];
  warnings: MultitoolProblem[];
  /** `note` / `none` level results (informational). */
  notes: MultitoolProblem[];
}

/** Why the Multitool cannot run here, or undefined when it can. */
export function multitoolUnavailableReason(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `the SARIF Multitool package is a linux-x64 build (this is ${process.platform}-${process.arch})`;
  }
  if (!existsSync(MULTITOOL)) return `${MULTITOOL} is not installed (optional dependency @microsoft/sarif-multitool-linux)`;
  return undefined;
}

/** Whether a Multitool check skips: only off CI (with CI set it runs, and fails when the Multitool is missing). */
export function skipMultitool(reason: string | undefined): boolean {
  return reason !== undefined && !process.env['CI'];
}

export function multitoolAvailable(): boolean {
  return multitoolUnavailableReason() === undefined;
}

function ensureExecutable(): void {
  try {
    accessSync(MULTITOOL, constants.X_OK);
  } catch {
    chmodSync(MULTITOOL, statSync(MULTITOOL).mode | 0o111);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

function format(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m);
}

function fileOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  return uri.startsWith('file://') ? fileURLToPath(uri) : resolve(uri);
}

/** Validates several SARIF files in one Multitool run; the report of each, keyed by the path as given. */
export function validateSarifFiles(paths: readonly string[]): Map<string, MultitoolReport> {
  const reason = multitoolUnavailableReason();
  if (reason) throw new Error(`cannot validate SARIF: ${reason}`);
  ensureExecutable();
  const dir = mkdtempSync(join(tmpdir(), 'multitool-'));
  const out = join(dir, 'validation.sarif.json');
  const reports = new Map<string, MultitoolReport>(paths.map((p) => [p, { errors: [], warnings: [], notes: [] }]));
  const byAbs = new Map(paths.map((p) => [resolve(p), reports.get(p)!]));
  try {
    try {
      execFileSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--log', 'ForceOverwrite', '-o', out, ...paths.map((p) => resolve(p))], {
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
        env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      });
    } catch (e) {
      // The Multitool exits non-zero on some findings; the output file is what counts. No file: a real failure.
      if (!existsSync(out)) throw new Error(`Sarif.Multitool failed: ${(e as Error).message}`, { cause: e });
    }
    const log = JSON.parse(readFileSync(out, 'utf8')) as J;
    for (const run of log.runs ?? []) {
      const rules = new Map<string, J>((run.tool?.driver?.rules ?? []).map((r: J) => [r.id, r]));
      for (const invocation of run.invocations ?? []) {
        if (invocation.executionSuccessful === false) {
          for (const r of byAbs.values()) r.errors.push({ ruleId: 'MULTITOOL', message: 'the Multitool reported an unsuccessful execution' });
        }
        for (const n of invocation.toolExecutionNotifications ?? []) {
          if (n.level === 'error') for (const r of byAbs.values()) r.errors.push({ ruleId: 'MULTITOOL', message: String(n.message?.text ?? '') });
        }
      }
      for (const result of run.results ?? []) {
        const rule = rules.get(result.ruleId);
        const level: string = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
        const template: string | undefined = result.message?.text ?? rule?.messageStrings?.[result.message?.id]?.text;
        const args: string[] = (result.message?.arguments ?? []).map(String);
        const message = template ? format(template, args) : `${result.message?.id ?? ''} ${args.join(' | ')}`.trim();
        const loc = result.locations?.[0]?.physicalLocation;
        const file = fileOf(loc?.artifactLocation?.uri);
        const problem: MultitoolProblem = { ruleId: String(result.ruleId), message, ...(loc?.region?.startLine ? { line: loc.region.startLine } : {}) };
        const targets = file && byAbs.has(file) ? [byAbs.get(file)!] : [...byAbs.values()];
        for (const t of targets) {
          if (level === 'error') t.errors.push(problem);
          else if (level === 'warning') t.warnings.push(problem);
          else t.notes.push(problem);
        }
      }
    }
    return reports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Validates one SARIF file: `{ errors, warnings }` as the Multitool reports them with `--rule-kind "Gh;Sarif"`. */
export function validateSarifFile(path: string): MultitoolReport {
  return validateSarifFiles([path]).get(path)!;
}
