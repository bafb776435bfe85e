import type { ScanReport } from '../report/types.js';
import type { InsightsSummary, OverallStatus } from './types.js';

/**
 * Points per finding by severity. riskScore = min(100, 25·critical + 10·high + 4·medium + 1·low); info counts 0.
 * Four critical findings, ten high or a hundred low ones make 100: one critical weighs as much as 2.5 high ones,
 * roughly the ratio of their CVSS bands' midpoints squared (9.5² / 8² ≈ 1.4 was too flat for a lead's reading).
 */
export const RISK_POINTS = { critical: 25, high: 10, medium: 4, low: 1, info: 0 } as const;

export function riskScore(counts: ScanReport['counts']): number {
  const points = (Object.keys(RISK_POINTS) as (keyof typeof RISK_POINTS)[]).reduce((n, s) => n + RISK_POINTS[s] * counts[s], 0);
  return Math.min(100, points);
}

/** FAIL: the gate blocks. WARNING: it proceeds, but with findings or with a scanner that did not give a result. PASS: neither. */
export function overallStatus(report: Pick<ScanReport, 'gate' | 'total' | 'scanners'>): OverallStatus {
  if (report.gate.decision === 'BLOCK') return 'FAIL';
  if (report.total > 0 || report.scanners.some((s) => s.state !== 'ok')) return 'WARNING';
  return 'PASS';
}

export function summarize(report: ScanReport): InsightsSummary {
  const c = report.counts;
  return {
    totalVulnerabilities: report.total,
    criticalCount: c.critical,
    highCount: c.high,
    mediumCount: c.medium,
    lowCount: c.low,
    infoCount: c.info,
    riskScore: riskScore(c),
    overallStatus: overallStatus(report),
    overallRisk: report.risk,
  };
}
