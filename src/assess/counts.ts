import { SEVERITIES, scannersOf, type Finding, type Severity } from '../findings/model.js';
import type { Risk, SeverityCounts } from '../report/types.js';

export function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) c[f.severity]++;
  return c;
}

/**
 * What each scanner found, by the finding's (merged) severity: a finding several scanners reported counts once in
 * each of their rows, so the rows can add up to more than the number of findings.
 */
export function countByScanner(findings: readonly Finding[], scanners: readonly string[]): Record<string, SeverityCounts> {
  const out: Record<string, SeverityCounts> = Object.fromEntries(scanners.map((s) => [s, emptyCounts()]));
  for (const f of findings) {
    for (const scanner of scannersOf(f)) (out[scanner] ??= emptyCounts())[f.severity]++;
  }
  return out;
}

const RISK: Record<Severity, Risk> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'LOW' };

/** The overall risk is the highest severity found (LOW when nothing or only informational findings). */
export function riskOf(counts: SeverityCounts): Risk {
  const worst = SEVERITIES.find((s) => counts[s] > 0);
  return worst ? RISK[worst] : 'LOW';
}
