import type { Finding } from '../findings/model.js';
import { cmp } from '../findings/sort.js';
import { countBySeverity, riskOf } from '../assess/counts.js';
import type { ScannerStatus } from '../report/types.js';
import type { ScannerAssessment, TargetResult } from './types.js';

/** What a scanner's assessment is built from: its status (its parser's summary and scanned targets) and its findings. */
export interface AssessInput {
  status: ScannerStatus;
  /** The report's findings this scanner reported (merged ones included). */
  findings: readonly Finding[];
}

export type Assess = (input: AssessInput) => Omit<ScannerAssessment, 'scanner'>;

/** Where a finding is, as a target: its target (an image…) or its file. */
export function targetOf(f: Finding): string {
  return f.location.target ?? f.location.path ?? '(scan root)';
}

/**
 * One result per target: every target the parser says it scanned (clean ones too) and every target a finding names;
 * FAIL when it has a finding. Sorted failing first, then by name.
 */
export function targetResults(findings: readonly Finding[], scanned: readonly string[], type: string, key: (f: Finding) => string = targetOf): TargetResult[] {
  const by = new Map<string, Finding[]>(scanned.map((t) => [t, []]));
  for (const f of findings) {
    const t = key(f);
    const list = by.get(t);
    if (list) list.push(f);
    else by.set(t, [f]);
  }
  return [...by.entries()]
    .map(([target, list]) => ({ target, type, summary: { status: list.length ? ('FAIL' as const) : ('PASS' as const), total: list.length, counts: countBySeverity(list) } }))
    .sort((a, b) => (a.summary.status === b.summary.status ? cmp(a.target, b.target) : a.summary.status === 'FAIL' ? -1 : 1));
}

/** Counts by a key (rule, category, priority), keys sorted. */
export function countBy<T>(list: readonly T[], key: (x: T) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of list) {
    const k = key(x);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => cmp(a, b)));
}

export function overallRisk(findings: readonly Finding[]) {
  return riskOf(countBySeverity(findings));
}

/** The assessments of the scanners that declare one, in the report's scanner order; a scanner that did not run has none. */
export function collectAssessments(scanners: readonly ScannerStatus[], findings: readonly Finding[], assessors: Readonly<Record<string, Assess>>): ScannerAssessment[] {
  const out: ScannerAssessment[] = [];
  for (const status of scanners) {
    const assess = assessors[status.id];
    if (!assess || status.state === 'unavailable' || status.state === 'skipped') continue;
    const mine = findings.filter((f) => f.sources.some((s) => s.scanner === status.id));
    out.push({ scanner: status.id, ...assess({ status, findings: mine }) });
  }
  return out;
}
