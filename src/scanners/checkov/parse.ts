import type { z } from 'zod';
import { ScannerError } from '../../errors.js';
import type { RawFinding, Severity } from '../../findings/model.js';
import { normalizeSeverity } from '../../findings/severity.js';
import { isObj, str } from '../json.js';
import { takeText, type ParsedOutput, type ScannerText } from '../types.js';
import { describeProblems, describeValue, formatPath, jsonErrorMessage, outputProblems, webUrl } from '../validate.js';
import { checkovReportSchema, checkovSummaryOnlySchema, type CheckovFailedCheck, type CheckovSummary } from './schema.js';
import { inferCheckovSeverity } from './severity.js';


const DOCUMENT = 'Checkov report';
const EXPECTED = '`checkov -o json` output';

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new ScannerError('checkov', 'output is empty (expected a JSON report).');
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
    throw new ScannerError('checkov', `output is not valid JSON (${jsonErrorMessage(first)}); expected ${EXPECTED}.`);
  }
}

/** The report shape's keys: without any of them, an object is the summary-only document (`{"passed":0,"failed":0,…}`). */
const REPORT_KEYS = ['results', 'checks', 'check_type'];
const SUMMARY_KEYS = ['passed', 'failed'];

interface Report {
  checkType: string;
  failed: CheckovFailedCheck[];
  summary: CheckovSummary;
}

/** Checks one report (or summary-only object) at `at` in the document; a wrong shape throws with the path. */
function check<S extends z.ZodType>(schema: S, item: unknown, at: readonly PropertyKey[], doc: unknown): z.output<S> {
  const r = schema.safeParse(item);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ ...i, path: [...at, ...i.path] }));
  throw new ScannerError('checkov', `${DOCUMENT}: ${describeProblems(outputProblems(issues, doc))}`);
}

/** The document's reports: a list of them, one report object, or the summary-only object. */
function toReports(doc: unknown): Report[] {
  const list = Array.isArray(doc);
  const items: unknown[] = list ? doc : [doc];
  // Checkov prints the summary-only object when no framework reported, never an empty list.
  if (list && items.length === 0) throw new ScannerError('checkov', `${DOCUMENT}: the document is an empty array, expected a report, a list of reports or the summary-only object.`);
  return items.map((item, i): Report => {
    const at = list ? [i] : [];
    if (!isObj(item)) throw new ScannerError('checkov', `${DOCUMENT}: ${formatPath(at)} is ${describeValue(item)}, expected an object.`);
    if (!REPORT_KEYS.some((k) => k in item)) {
      if (!SUMMARY_KEYS.some((k) => k in item)) {
        throw new ScannerError('checkov', `${DOCUMENT}: ${formatPath(at)} has neither 'results', 'checks' nor a summary ('passed', 'failed'); is this Checkov JSON output?`);
      }
      return { checkType: '', failed: [], summary: check(checkovSummaryOnlySchema, item, at, doc) };
    }
    const report = check(checkovReportSchema, item, at, doc);
    // `results` is the normal shape; `checks` is the full-report shape of newer versions.
    return { checkType: report.check_type ?? '', failed: (report.results ?? report.checks)?.failed_checks ?? [], summary: report.summary ?? {} };
  });
}

const SEVERITY_WORDS = new Set(['critical', 'high', 'medium', 'low', 'info', 'informational']);

/** Checkov's own severity: a string, or a Severity object serialised with a `name`; null without an API key. */
function givenSeverity(raw: unknown): string | undefined {
  const word = typeof raw === 'string' ? raw : isObj(raw) && typeof raw['name'] === 'string' ? raw['name'] : undefined;
  return word && SEVERITY_WORDS.has(word.trim().toLowerCase()) ? word.trim().toUpperCase() : undefined;
}


/** A failed check (already checked against the schema) as a finding; undefined for a check that did not fail. */
function toFinding(check: CheckovFailedCheck, checkType: string): RawFinding | undefined {
  const checkId = check.check_id;
  const result = str(check.check_result?.result);
  if (result && result.toUpperCase() !== 'FAILED') return undefined; // defensive: only failures are findings
  const title = str(check.check_name) ?? checkId;

  let severity: Severity;
  let sourceSeverity: string;
  const properties: NonNullable<RawFinding['properties']> = {};
  const given = givenSeverity(check.severity);
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
  const resource = str(check.resource);
  if (resource) properties['resource'] = resource;
  const checkClass = str(check.check_class);
  if (checkClass) properties['checkClass'] = checkClass;
  const bcId = str(check.bc_check_id);
  if (bcId) properties['bcCheckId'] = bcId;
  const keys = check.check_result?.evaluated_keys ?? [];
  if (keys.length > 0) properties['evaluatedKeys'] = [...keys];

  const location: RawFinding['location'] = {};
  const filePath = str(check.file_path);
  if (filePath) location.path = filePath.replace(/\\/g, '/').replace(/^\/+/, '');
  const [start, end] = check.file_line_range ?? [];
  if (start !== undefined && start >= 1) {
    location.startLine = start;
    if (end !== undefined && end >= start) location.endLine = end;
  }
  // [0, 0] means "the whole file" (e.g. a Dockerfile without USER): no line region.

  // Only a web link is a guideline (it becomes a SARIF helpUri and a Markdown link).
  const guideline = webUrl(check.guideline);
  const description = str(check.description) ?? str(check.short_description);
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


/** Parses `checkov -o json` output: one report object, a list of them, or the summary-only object. Pure. */
export function parseCheckov(input: ScannerText): ParsedOutput {
  const reports = toReports(parseJson(takeText(input)));
  const findings: RawFinding[] = [];
  const summary = { passed: 0, failed: 0, skipped: 0, parsingErrors: 0, resourceCount: 0, inferredSeverities: 0 };
  const frameworks: string[] = [];
  let version = '';
  for (const r of reports) {
    if (r.checkType) frameworks.push(r.checkType);
    summary.passed += r.summary.passed ?? 0;
    summary.failed += r.summary.failed ?? 0;
    summary.skipped += r.summary.skipped ?? 0;
    summary.parsingErrors += r.summary.parsing_errors ?? 0;
    summary.resourceCount += r.summary.resource_count ?? 0;
    version ||= str(r.summary.checkov_version) ?? '';
    r.failed.forEach((c) => {
      const f = toFinding(c, r.checkType);
      if (!f) return;
      if (f.properties?.['severityInferred']) summary.inferredSeverities += 1;
      findings.push(f);
    });
  }
  return {
    findings,
    // Skipped checks (inline checkov:skip, skip-check lists) are what Checkov's own mechanisms suppressed.
    summary: { ...summary, frameworks: frameworks.join(','), ...(version ? { checkovVersion: version } : {}), ...(summary.skipped > 0 ? { nativeSuppressed: summary.skipped } : {}) },
  };
}

