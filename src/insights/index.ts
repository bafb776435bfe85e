import { SEVERITIES, type Finding, type Severity } from '../findings/model.js';
import type { ScanReport } from '../report/types.js';
import { evaluateCompliance } from './compliance.js';
import { buildPlan } from './plan.js';
import { buildRecommendations } from './recommendations.js';
import { summarize } from './risk.js';
import { evaluateSlas, type SlaPolicy } from './sla.js';
import { collectAssessments, type Assess } from './statistics.js';
import { buildTrends } from './trends.js';
import type { ComplianceFramework, ReportInsights, SeverityRange, TrendHistory } from './types.js';
import type { UpgradePlan } from '../remediate/upgrades.js';

export type { ReportInsights } from './types.js';

export interface InsightsOptions {
  /** This run's time (ISO 8601): SLAs are evaluated at it. */
  now: string;
  slas: SlaPolicy;
  /** The config file's compliance.frameworks; empty: all five. */
  frameworks: readonly ComplianceFramework[];
  /** The upgrade planner's plan for the report's findings (remediate/upgrades.ts planUpgrades). */
  upgrades: UpgradePlan;
  /** Default-branch baselines' counts, oldest first, why there are none when there are none, and what was skipped. */
  history?: TrendHistory;
  /** Per scanner id, its assessment (Scanner.assess), from the registry. */
  assessors?: Readonly<Record<string, Assess>>;
}

/** The report's insights, right after the gate. Pure: the same report and options give the same insights. */
export function buildInsights(report: ScanReport, o: InsightsOptions): ReportInsights {
  const members = new Map<string, readonly Finding[]>();
  const recommendations = buildRecommendations(report.findings, o.upgrades, members);
  const slas = evaluateSlas(report.findings, o.slas, o.now);
  return {
    summary: summarize(report),
    findingsBySeverity: severityRanges(report.findings),
    recommendations,
    remediationPlan: buildPlan(recommendations, o.slas, o.now, members),
    complianceStatus: evaluateCompliance(report.findings, o.frameworks),
    slas,
    trends: buildTrends(report, o.history),
    assessments: collectAssessments(report.scanners, report.findings, o.assessors ?? {}),
  };
}

/**
 * Where each severity's findings are in the report's `findings` (sorted most severe first, as ScanReport promises:
 * findings/sort.ts). Findings out of that order are a bug upstream, refused here rather than described wrongly.
 */
export function severityRanges(findings: readonly Finding[]): Record<Severity, SeverityRange> {
  const out = {} as Record<Severity, SeverityRange>;
  let i = 0;
  for (const s of SEVERITIES) {
    const start = i;
    while (i < findings.length && findings[i]!.severity === s) i++;
    out[s] = { start, count: i - start };
  }
  if (i !== findings.length) throw new Error(`the report's findings are not sorted by severity (finding ${i} is ${findings[i]!.severity} after less severe ones)`);
  return out;
}

/** The pipeline's hook: the insights of the final report, with the config file's SLAs and frameworks and each scanner's assessment. */
export function insightsFor(
  report: ScanReport,
  o: { now: string; compliance: { frameworks: readonly ComplianceFramework[]; slas: SlaPolicy }; scanners: readonly { id: string; assess?: Assess }[]; planUpgrades: (findings: ScanReport['findings']) => UpgradePlan; history?: TrendHistory },
): ReportInsights {
  const assessors = Object.fromEntries(o.scanners.flatMap((s) => (s.assess ? [[s.id, s.assess] as const] : [])));
  return buildInsights(report, {
    now: o.now,
    slas: o.compliance.slas,
    frameworks: o.compliance.frameworks,
    upgrades: o.planUpgrades(report.findings),
    assessors,
    ...(o.history ? { history: o.history } : {}),
  });
}
