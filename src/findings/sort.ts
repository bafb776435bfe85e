import type { Finding } from './model.js';
import { severityRank } from './severity.js';

/** Ascending, undefined last. */
export function cmp(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/** Most severe first; then score, path, line, rule, target, package, fingerprint — a total order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    cmp(a.location.path, b.location.path) ||
    cmp(a.location.startLine, b.location.startLine) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.location.target, b.location.target) ||
    cmp(a.package?.name, b.package?.name) ||
    cmp(a.package?.version, b.package?.version) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
