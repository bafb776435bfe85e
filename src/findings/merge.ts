import type { Finding } from './model.js';
import { severityRank } from './severity.js';
import { cmp, compareFindings, sortFindings } from './sort.js';

export interface MergeResult {
  findings: Finding[];
  /** Raw findings folded into another one (each is listed in that finding's sources). */
  merged: number;
}

function united(values: ReadonlySet<string>): string[] | undefined {
  return values.size > 0 ? [...values].sort() : undefined;
}

/**
 * The fold key of reports read from documents other jobs wrote: the fingerprint and the fields it stands for that
 * decide where and what a finding is (kind, path, target). A report this step identified has a fingerprint computed
 * from those fields, so for it the key is the fingerprint's; a document's fingerprint is its writer's, and a report
 * forged with another's fingerprint and another kind or place is kept apart instead of standing in for it.
 */
export function documentFoldKey(f: Finding): string {
  return `${f.fingerprint}\u0000${f.kind}\u0000${f.location.path ?? ''}\u0000${f.location.target ?? ''}`;
}

/**
 * Folds findings with the same fingerprint (or the same `keyOf`) into one: the most severe report leads (ties: the
 * scanner listed first in `scannerOrder`), the others join its `sources`, and list fields are united. Pure and
 * order-independent.
 */
export function mergeFindings(findings: readonly Finding[], scannerOrder: readonly string[], keyOf: (f: Finding) => string = (f) => f.fingerprint): MergeResult {
  const order = (f: Finding) => {
    const i = scannerOrder.indexOf(f.sources[0]!.scanner);
    return i === -1 ? scannerOrder.length : i;
  };
  // The last tie-break prints each finding once, not once per comparison (a group of identical copies reaches it).
  const printed = new Map<Finding, string>();
  const json = (f: Finding) => {
    let text = printed.get(f);
    if (text === undefined) printed.set(f, (text = JSON.stringify(f)));
    return text;
  };
  // A total order, so the lead (and everything copied from it) never depends on the scanners' output order.
  const leadFirst = (a: Finding, b: Finding) =>
    severityRank(b.severity) - severityRank(a.severity) ||
    order(a) - order(b) ||
    compareFindings(a, b) ||
    cmp(a.sources[0]!.ruleId, b.sources[0]!.ruleId) ||
    cmp(a.location.startColumn, b.location.startColumn) ||
    cmp(a.location.endLine, b.location.endLine) ||
    cmp(a.location.endColumn, b.location.endColumn) ||
    cmp(a.title, b.title) ||
    cmp(json(a), json(b));

  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = keyOf(f);
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    // Most groups are one finding, which is its own merge: kept as it is (no stage changes a finding in place; each
    // gives changed ones as copies), so 100k findings are not copied once more only to be garbage after the report.
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const sorted = group.sort(leadFirst); // the group is this function's own list
    const lead = sorted[0]!;
    const result: Finding = { ...lead, sources: [...lead.sources] };
    // Linear in the group's size: a report (a shard's findings.json, a scanner's output) may repeat one finding tens
    // of thousands of times, each with its own source and CVE. A membership scan of the sources, or a union copied
    // and sorted per member, made such a group quadratic (20,000 copies: 20 s).
    const sourceKeys = new Set(lead.sources.map((x) => `${x.scanner}\u0000${x.ruleId}`));
    const cve = new Set(lead.cve);
    const cwe = new Set(lead.cwe);
    const references = new Set(lead.references);
    for (let i = 1; i < sorted.length; i++) {
      const other = sorted[i]!;
      for (const s of other.sources) {
        const key = `${s.scanner}\u0000${s.ruleId}`;
        if (sourceKeys.has(key)) continue;
        sourceKeys.add(key);
        result.sources.push(s);
      }
      for (const c of other.cve ?? []) cve.add(c);
      for (const c of other.cwe ?? []) cwe.add(c);
      for (const r of other.references ?? []) references.add(r);
      result.score = Math.max(result.score ?? -1, other.score ?? -1) >= 0 ? Math.max(result.score ?? 0, other.score ?? 0) : undefined;
      result.remediation ??= other.remediation;
      result.description ??= other.description;
      result.package ??= other.package;
      if (result.package && other.package && !result.package.fixedVersion && other.package.fixedVersion) {
        result.package = { ...result.package, fixedVersion: other.package.fixedVersion };
      }
    }
    // United lists: each value once, sorted (absent when empty).
    result.cve = united(cve);
    result.cwe = united(cwe);
    result.references = united(references);
    for (const k of ['cve', 'cwe', 'references', 'score'] as const) if (result[k] === undefined) delete result[k];
    out.push(result);
  }
  return { findings: sortFindings(out), merged: findings.length - out.length };
}
