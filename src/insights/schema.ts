/** The insights' part of findings.json (`security-scan/findings@4`), strict like the rest of the document. */
import { z } from 'zod';
import { COMPLIANCE_FRAMEWORKS } from '../config/extras.js';
import { SEVERITIES } from '../findings/model.js';
import { FINGERPRINT_LIMIT, SLA_LIST_LIMIT } from './limits.js';
import type { ReportInsights, ScannerAssessment } from './types.js';

const count = z.number().int().nonnegative();
const signed = z.number().int();
const hours = z.number().nonnegative();
const strings = z.array(z.string());
const someFingerprints = strings.max(FINGERPRINT_LIMIT);
const severity = z.enum(SEVERITIES);
const risk = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
const byKey = <T extends z.ZodType>(v: T) => z.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, v])) as Record<(typeof SEVERITIES)[number], T>);
const severityCounts = byKey(count);
const iso = z.iso.datetime();
const figure = z.union([z.number(), z.string(), z.boolean(), z.record(z.string(), z.number())]);

const targetResult = z.strictObject({
  target: z.string(),
  type: z.string(),
  summary: z.strictObject({ status: z.enum(['PASS', 'FAIL']), total: count, counts: severityCounts }),
});

export const assessmentSchema = z.strictObject({
  scanner: z.string().min(1),
  riskAssessment: z.looseObject({ overallRisk: risk }).catchall(figure),
  statistics: z.record(z.string(), figure),
  targets: z.array(targetResult),
});

const recommendation = z.strictObject({
  id: z.string().min(1),
  action: z.enum(['upgrade', 'rotate-secret', 'configure', 'review']),
  title: z.string(),
  detail: z.string().optional(),
  command: z.string().optional(),
  severity,
  findings: count,
  bySeverity: severityCounts,
  fingerprints: someFingerprints,
  locations: strings,
  references: strings.optional(),
  upgrade: z.strictObject({ ecosystem: z.string(), package: z.string(), from: strings, to: z.string() }).optional(),
  rule: z.strictObject({ ruleId: z.string(), scanners: strings }).optional(),
});

const phase = z.strictObject({
  order: z.number().int().positive(),
  severity,
  name: z.string(),
  slaMs: count.optional(),
  dueBy: iso.optional(),
  recommendations: strings,
  findings: count,
  effortHours: hours,
});

const controlFailure = z.strictObject({
  control: z.string(),
  title: z.string(),
  reason: z.string(),
  sources: strings,
  severity,
  findings: count,
  fingerprints: someFingerprints,
});

const slaPolicy = z.strictObject({ critical: count, high: count, medium: count, low: count });

const trendPoint = z.strictObject({ at: iso, runId: z.number().int().positive().optional(), sha: z.string().optional(), counts: severityCounts, total: count });

export const insightsSchema = z.strictObject({
  summary: z.strictObject({
    totalVulnerabilities: count,
    criticalCount: count,
    highCount: count,
    mediumCount: count,
    lowCount: count,
    infoCount: count,
    riskScore: z.number().int().min(0).max(100),
    overallStatus: z.enum(['PASS', 'WARNING', 'FAIL']),
    overallRisk: risk,
  }),
  findingsBySeverity: byKey(z.strictObject({ start: count, count })),
  recommendations: z.array(recommendation),
  remediationPlan: z.strictObject({
    priority: z.enum(['P1', 'P2', 'P3', 'P4', 'none']),
    phases: z.array(phase),
    totalEffortHours: hours,
    effortModel: z.string(),
  }),
  complianceStatus: z.strictObject({
    selection: z.enum(['config', 'default']),
    frameworks: z.array(
      z.strictObject({
        framework: z.enum(COMPLIANCE_FRAMEWORKS),
        name: z.string(),
        status: z.enum(['PASS', 'PARTIAL', 'FAIL']),
        controlsEvaluated: count,
        failedControls: z.array(controlFailure),
      }),
    ),
    note: z.string(),
  }),
  slas: z.strictObject({
    policy: slaPolicy,
    evaluatedAt: iso,
    tracked: severityCounts,
    breached: severityCounts,
    dueSoon: severityCounts,
    dueSoonMs: count,
    findings: z.array(z.strictObject({ fingerprint: z.string(), severity, firstSeen: iso, dueAt: iso, breached: z.boolean() })).max(SLA_LIST_LIMIT),
    listed: count,
  }),
  trends: z.strictObject({
    available: z.boolean(),
    reason: z.string().optional(),
    history: z.array(trendPoint),
    skipped: z.array(z.string()).optional(),
    delta: z.strictObject({ against: z.string(), counts: byKey(signed), total: signed }).optional(),
  }),
  assessments: z.array(assessmentSchema),
});

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type Loose<T> = Omit<T, 'assessments'>;
export type _InsightsSchemaMatchesModel = [
  Assert<Same<Loose<z.infer<typeof insightsSchema>>, Loose<ReportInsights>>>,
  Assert<Same<z.infer<typeof assessmentSchema>['targets'], ScannerAssessment['targets']>>,
  Assert<Same<z.infer<typeof assessmentSchema>['statistics'], ScannerAssessment['statistics']>>,
];
