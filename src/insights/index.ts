import { SEVERITIES, type Severity } from '../findings/model.js';
import type { ScanReport } from '../report/types.js';
import { evaluateCompliance } from './compliance.js';
import { buildPlan } from './plan.js';
import { buildRecommendations } from './recommendations.js';
import { summarize } from './risk.js';
import { evaluateSlas, type SlaPolicy } from './sla.js';
import { collectAssessments, type Assess } from './statistics.js';
import { buildTrends } from './trends.js';
import type { ComplianceFramework, ReportInsights, TrendHistory } from './types.js';
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
  const recommendations = buildRecommendations(report.findings, o.upgrades);
  const slas = evaluateSlas(report.findings, o.slas, o.now);
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, [] as string[]])) as Record<Severity, string[]>;
  for (const f of report.findings) findingsBySeverity[f.severity].push(f.fingerprint);
  return {
    summary: summarize(report),
    findingsBySeverity,
    recommendations,
    remediationPlan: buildPlan(recommendations, o.slas, slas),
    complianceStatus: evaluateCompliance(report.findings, o.frameworks),
    slas,
    trends: buildTrends(report, o.history),
    assessments: collectAssessments(report.scanners, report.findings, o.assessors ?? {}),
  };
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
