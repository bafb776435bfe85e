import { join } from 'node:path';
import { ConfigurationError, ScannerError, errorMessage } from '../../errors.js';
import { list, type InputReader } from '../../config/inputs.js';
import type { RawFinding, Severity } from '../../findings/model.js';
import { normalizeSeverity } from '../../findings/severity.js';
import { inferCheckovSeverity } from './severity.js';
import type { ParsedOutput, ScanContext, Scanner } from '../types.js';
import { execScanner, readVersion } from '../command.js';

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
export interface CheckovSettings {
  /** `--framework` values; empty = all frameworks (Checkov's default). */
  readonly frameworks: readonly string[];
  /** `--skip-check` values: check ids, wildcards (CKV_AWS_*) or severities. */
  readonly skipChecks: readonly string[];
}

const FRAMEWORK_RE = /^[a-z][a-z0-9_]*$/;
const CHECK_RE = /^[A-Za-z0-9_][A-Za-z0-9_*.\-]*$/;

export function readCheckovSettings(read: InputReader): CheckovSettings {
  const frameworks = list(read, 'checkov-frameworks').map((f) => f.toLowerCase());
  const bad = frameworks.filter((f) => !FRAMEWORK_RE.test(f));
  if (bad.length > 0) {
    throw new ConfigurationError(
      `Input 'checkov-frameworks' has invalid value${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ')}; use Checkov framework names such as terraform, kubernetes, dockerfile, github_actions, secrets, or all (comma-separated).`,
    );
  }
  const skipChecks = list(read, 'checkov-skip-checks');
  const badChecks = skipChecks.filter((c) => !CHECK_RE.test(c));
  if (badChecks.length > 0) {
    throw new ConfigurationError(
      `Input 'checkov-skip-checks' has invalid value${badChecks.length > 1 ? 's' : ''} ${badChecks.map((b) => `'${b}'`).join(', ')}; use check ids such as CKV_AWS_20, wildcards such as CKV_AWS_*, or severities (comma-separated).`,
    );
  }
  const unique = [...new Set(frameworks)];
  return Object.freeze({
    frameworks: Object.freeze(unique.includes('all') ? [] : unique),
    skipChecks: Object.freeze([...new Set(skipChecks)]),
  });
}

/** The scan argv (without the binary). */
export function checkovArgs(scanRoot: string, settings: CheckovSettings): string[] {
  const args = ['-d', scanRoot, '-o', 'json', '--quiet', '--compact', '--soft-fail'];
  if (settings.frameworks.length > 0) args.push('--framework', settings.frameworks.join(','));
  if (settings.skipChecks.length > 0) args.push('--skip-check', settings.skipChecks.join(','));
  return args;
}

async function runCheckov(ctx: ScanContext<CheckovSettings>) {
  const version = await readVersion(ctx, ['--version'], /(\d+\.\d+\.\d+\S*)/);
  const file = join(ctx.tempDir, 'checkov.json');
  // With --soft-fail a completed scan exits 0 whatever it found; any other exit code is a crash or a usage error.
  await execScanner(ctx, 'checkov', checkovArgs(ctx.scanRoot, ctx.settings), { stdoutFile: file });
  return { outputs: [{ file }], ...(version ? { version } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    // Checkov may print a warning line before the JSON document: start at the first line that opens one.
    const m = /^[[{]/m.exec(text);
    if (m && m.index > 0) {
      try {
        return JSON.parse(text.slice(m.index));
      } catch {
        // fall through to the original error
      }
    }
    throw new ScannerError('checkov', `output is not valid JSON: ${errorMessage(first)}`, { cause: first });
  }
}

/** True for the summary-only document Checkov prints when no check ran (`{"passed":0,"failed":0,…}`). */
function isSummaryOnly(o: Json): boolean {
  return !('results' in o) && !('checks' in o) && !('check_type' in o) && typeof o['passed'] === 'number' && typeof o['failed'] === 'number';
}

interface Report {
  checkType: string;
  failed: unknown[];
  summary: Json;
}

function toReports(doc: unknown): Report[] {
  const items = Array.isArray(doc) ? doc : [doc];
  const reports: Report[] = [];
  items.forEach((item, i) => {
    if (!isObject(item)) throw new ScannerError('checkov', `report ${i} is not a JSON object.`);
    if (isSummaryOnly(item)) {
      reports.push({ checkType: '', failed: [], summary: item });
      return;
    }
    // `results` is the normal shape; `checks` is the full-report shape of newer versions.
    const results = item['results'] ?? item['checks'];
    if (!isObject(results)) {
      throw new ScannerError('checkov', `report ${i} has neither 'results' nor 'checks' (not Checkov JSON output?).`);
    }
    const failed = results['failed_checks'] ?? [];
    if (!Array.isArray(failed)) throw new ScannerError('checkov', `report ${i}: 'failed_checks' is not a list.`);
    reports.push({
      checkType: typeof item['check_type'] === 'string' ? item['check_type'] : '',
      failed,
      summary: isObject(item['summary']) ? item['summary'] : {},
    });
  });
  return reports;
}

const SEVERITY_WORDS = new Set(['critical', 'high', 'medium', 'low', 'info', 'informational']);

/** Checkov's own severity: a string, or a Severity object serialised with a `name`; null without an API key. */
function givenSeverity(raw: unknown): string | undefined {
  const word = typeof raw === 'string' ? raw : isObject(raw) && typeof raw['name'] === 'string' ? raw['name'] : undefined;
  return word && SEVERITY_WORDS.has(word.trim().toLowerCase()) ? word.trim().toUpperCase() : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function toFinding(check: unknown, checkType: string, index: number): RawFinding | undefined {
  if (!isObject(check)) throw new ScannerError('checkov', `${checkType || 'report'}: failed check ${index} is not an object.`);
  const checkId = str(check['check_id']);
  if (!checkId) throw new ScannerError('checkov', `${checkType || 'report'}: failed check ${index} has no check_id.`);
  const result = isObject(check['check_result']) ? str(check['check_result']['result']) : undefined;
  if (result && result.toUpperCase() !== 'FAILED') return undefined; // defensive: only failures are findings
  const title = str(check['check_name']) ?? checkId;

  let severity: Severity;
  let sourceSeverity: string;
  const properties: NonNullable<RawFinding['properties']> = {};
  const given = givenSeverity(check['severity']);
  if (given) {
    severity = normalizeSeverity(given);
    sourceSeverity = given;
  } else {
    const inferred = inferCheckovSeverity(checkId, title);
    severity = inferred.severity;
    sourceSeverity = `inferred:${inferred.severity.toUpperCase()}`;
    properties['severityInferred'] = true;
    properties['severityRule'] = inferred.row;
  }

  if (checkType) properties['checkType'] = checkType;
  const resource = str(check['resource']);
  if (resource) properties['resource'] = resource;
  const checkClass = str(check['check_class']);
  if (checkClass) properties['checkClass'] = checkClass;
  const bcId = str(check['bc_check_id']);
  if (bcId) properties['bcCheckId'] = bcId;
  const evaluated = isObject(check['check_result']) ? check['check_result']['evaluated_keys'] : undefined;
  if (Array.isArray(evaluated)) {
    const keys = evaluated.filter((k): k is string => typeof k === 'string');
    if (keys.length > 0) properties['evaluatedKeys'] = keys;
  }

  const location: RawFinding['location'] = {};
  const filePath = str(check['file_path']);
  if (filePath) location.path = filePath.replace(/\\/g, '/').replace(/^\/+/, '');
  const range = check['file_line_range'];
  if (Array.isArray(range) && typeof range[0] === 'number' && range[0] >= 1) {
    location.startLine = range[0];
    if (typeof range[1] === 'number' && range[1] >= range[0]) location.endLine = range[1];
  }
  // [0, 0] means "the whole file" (e.g. a Dockerfile without USER): no line region.

  const guideline = str(check['guideline']);
  const description = str(check['description']) ?? str(check['short_description']);
  return {
    kind: 'misconfiguration',
    ruleId: checkId,
    title: title.trim(),
    ...(description ? { description } : {}),
    severity,
    location,
    ...(guideline ? { references: [guideline], remediation: `See the Checkov guideline for ${checkId}: ${guideline}` } : {}),
    properties,
    source: { scanner: 'checkov', ruleId: checkId, severity: sourceSeverity },
  };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Parses `checkov -o json` output: one report object, a list of them, or the summary-only object. Pure. */
export function parseCheckov(text: string): ParsedOutput {
  if (text.trim() === '') throw new ScannerError('checkov', 'output is empty (expected a JSON report).');
  const reports = toReports(parseJson(text));
  const findings: RawFinding[] = [];
  const summary = { passed: 0, failed: 0, skipped: 0, parsingErrors: 0, resourceCount: 0, inferredSeverities: 0 };
  const frameworks: string[] = [];
  let version = '';
  for (const r of reports) {
    if (r.checkType) frameworks.push(r.checkType);
    summary.passed += num(r.summary['passed']);
    summary.failed += num(r.summary['failed']);
    summary.skipped += num(r.summary['skipped']);
    summary.parsingErrors += num(r.summary['parsing_errors']);
    summary.resourceCount += num(r.summary['resource_count']);
    version ||= str(r.summary['checkov_version']) ?? '';
    r.failed.forEach((c, i) => {
      const f = toFinding(c, r.checkType, i);
      if (!f) return;
      if (f.properties?.['severityInferred']) summary.inferredSeverities += 1;
      findings.push(f);
    });
  }
  return {
    findings,
    summary: { ...summary, frameworks: frameworks.join(','), ...(version ? { checkovVersion: version } : {}) },
  };
}

export const checkov: Scanner<CheckovSettings> = {
  id: 'checkov',
  displayName: 'Checkov',
  informationUri: 'https://www.checkov.io',
  binary: {
    name: 'checkov',
    pathInput: 'checkov-path',
    installHint: "install it with 'pipx install checkov' or 'pip install checkov' (Python 3.9+), or set 'checkov-path'",
  },
  settings: readCheckovSettings,
  run: runCheckov,
  parse: (text) => parseCheckov(text),
};
