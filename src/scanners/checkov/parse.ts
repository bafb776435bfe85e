import { ScannerError, errorMessage } from '../../errors.js';
import type { RawFinding, Severity } from '../../findings/model.js';
import { normalizeSeverity } from '../../findings/severity.js';
import { isObj, num, str, type Json } from '../json.js';
import type { ParsedOutput } from '../types.js';
import { inferCheckovSeverity } from './severity.js';


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
    if (!isObj(item)) throw new ScannerError('checkov', `report ${i} is not a JSON object.`);
    if (isSummaryOnly(item)) {
      reports.push({ checkType: '', failed: [], summary: item });
      return;
    }
    // `results` is the normal shape; `checks` is the full-report shape of newer versions.
    const results = item['results'] ?? item['checks'];
    if (!isObj(results)) {
      throw new ScannerError('checkov', `report ${i} has neither 'results' nor 'checks' (not Checkov JSON output?).`);
    }
    const failed = results['failed_checks'] ?? [];
    if (!Array.isArray(failed)) throw new ScannerError('checkov', `report ${i}: 'failed_checks' is not a list.`);
    reports.push({
      checkType: typeof item['check_type'] === 'string' ? item['check_type'] : '',
      failed,
      summary: isObj(item['summary']) ? item['summary'] : {},
    });
  });
  return reports;
}

const SEVERITY_WORDS = new Set(['critical', 'high', 'medium', 'low', 'info', 'informational']);

/** Checkov's own severity: a string, or a Severity object serialised with a `name`; null without an API key. */
function givenSeverity(raw: unknown): string | undefined {
  const word = typeof raw === 'string' ? raw : isObj(raw) && typeof raw['name'] === 'string' ? raw['name'] : undefined;
  return word && SEVERITY_WORDS.has(word.trim().toLowerCase()) ? word.trim().toUpperCase() : undefined;
}


function toFinding(check: unknown, checkType: string, index: number): RawFinding | undefined {
  if (!isObj(check)) throw new ScannerError('checkov', `${checkType || 'report'}: failed check ${index} is not an object.`);
  const checkId = str(check['check_id']);
  if (!checkId) throw new ScannerError('checkov', `${checkType || 'report'}: failed check ${index} has no check_id.`);
  const result = isObj(check['check_result']) ? str(check['check_result']['result']) : undefined;
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
  const evaluated = isObj(check['check_result']) ? check['check_result']['evaluated_keys'] : undefined;
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

/** A count, 0 when absent. */
function count(v: unknown): number {
  return num(v) ?? 0;
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
    summary.passed += count(r.summary['passed']);
    summary.failed += count(r.summary['failed']);
    summary.skipped += count(r.summary['skipped']);
    summary.parsingErrors += count(r.summary['parsing_errors']);
    summary.resourceCount += count(r.summary['resource_count']);
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

