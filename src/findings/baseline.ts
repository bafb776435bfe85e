import type { Finding, Severity } from './model.js';
import type { BaselineReport } from '../report/types.js';

/** One finding of an earlier run, as a baseline keeps it. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  path?: string;
  target?: string;
  /** ISO 8601. */
  firstSeen: string;
}

/** A baseline that was found, or why none was. */
export type Baseline = { found: true; source: string; entries: readonly BaselineEntry[] } | { found: false; source: string };

/** Placeholder until the baseline diff lands: every finding is new, nothing fixed. */
export function diffBaseline(findings: readonly Finding[], suppressed: readonly Finding[], baseline: Baseline, _now: string): { findings: Finding[]; suppressed: Finding[]; report: BaselineReport } {
  return {
    findings: [...findings],
    suppressed: [...suppressed],
    report: { source: baseline.source, found: baseline.found, new: findings.length, unchanged: 0, fixed: [] },
  };
}
