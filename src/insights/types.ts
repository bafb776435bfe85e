/**
 * The report's insights: what a lead forwards. Computed once from the built ScanReport (src/insights/index.ts,
 * pure), stored on ScanReport.insights and written to findings.json (`security-scan/findings@4`). Every list of
 * findings here holds fingerprints (the findings themselves are in the report's `findings`), never a secret value.
 */
import type { Severity } from '../findings/model.js';
import type { Risk, SeverityCounts } from '../report/types.js';
import type { COMPLIANCE_FRAMEWORKS } from '../config/extras.js';

export type Status = 'PASS' | 'FAIL';
export type OverallStatus = 'PASS' | 'WARNING' | 'FAIL';

/** One target a scanner scanned (an image, a manifest, a file, a Falco rule source), clean ones included. */
export interface TargetResult {
  /** The image name, manifest path, file path… as the finding locations name it. */
  target: string;
  /** What it is, in the scanner's terms: 'image', 'manifest', 'file', 'framework', 'events'. */
  type: string;
  summary: { status: Status; total: number; counts: SeverityCounts };
}

/** Scanner-specific figures: numbers, words, flags, or counts by a key (rules by category, events by priority). */
export type FigureValue = number | string | boolean | Record<string, number>;

/**
 * One scanner's assessment, with the seed's fields where it has them (Trivy: totalImages, vulnerableImages,
 * overallRisk; scannedImages, cleanImages, vulnerabilityDensity. Snyk: totalManifests, vulnerableManifests,
 * patchableCount, licenseIssuesCount, overallRisk, remediationPossible. Falco: totalRules, rulesByCategory,
 * eventsByPriority. Gitleaks: filesScanned, filesWithLeaks, secretsByRule. Checkov: passed, failed, skipped,
 * byFramework). Declared in the scanner's own folder (Scanner.assess).
 */
export interface ScannerAssessment {
  scanner: string;
  riskAssessment: { overallRisk: Risk } & Record<string, FigureValue>;
  statistics: Record<string, FigureValue>;
  targets: TargetResult[];
}

export interface InsightsSummary {
  /** Every reported (unsuppressed) finding, whatever its kind. */
  totalVulnerabilities: number;
  criticalCount: number;
  highCount: number;
  mediumCount: number;
  lowCount: number;
  infoCount: number;
  /** 0–100, see insights/risk.ts for the formula. */
  riskScore: number;
  /** FAIL: the gate blocks; WARNING: it proceeds with findings or a scanner that did not run; PASS: neither. */
  overallStatus: OverallStatus;
  overallRisk: Risk;
}

export type RecommendationAction = 'upgrade' | 'rotate-secret' | 'configure' | 'review';

export interface Recommendation {
  /** Stable within a report: `upgrade:npm:lodash`, `rotate:aws-access-token`, `configure:CKV_AWS_20`. */
  id: string;
  action: RecommendationAction;
  /** One line: `Upgrade lodash 4.17.15 → 4.17.21 (npm)`, `Rotate and revoke the aws-access-token credential`. */
  title: string;
  /** What to do: the scanner's resolution text, the command, the guideline. Never a secret value. */
  detail?: string;
  /** The exact command or line to change, where known (`npm install lodash@4.17.21`, `main.tf:12`). */
  command?: string;
  /** Highest severity among the findings it fixes. */
  severity: Severity;
  /** How many findings it fixes, and by severity. */
  findings: number;
  bySeverity: SeverityCounts;
  /** The first (most severe first) at most FINGERPRINT_LIMIT (100) of them (insights/limits.ts); `findings` counts them all. */
  fingerprints: string[];
  /** Manifests, files (path:line), images or resources concerned. */
  locations: string[];
  references?: string[];
  upgrade?: { ecosystem: string; package: string; from: string[]; to: string };
  rule?: { ruleId: string; scanners: string[] };
}

export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'none';

export interface RemediationPhase {
  /** 1-based, ordered by SLA (shortest first). */
  order: number;
  severity: Severity;
  /** `Within 1h (critical)`. */
  name: string;
  /** The SLA of this phase in milliseconds (undefined for info: no SLA). */
  slaMs?: number;
  /** When the phase is due (ISO 8601): the earliest due date of its findings. */
  dueBy?: string;
  /** Recommendation ids whose most severe finding is of this severity. */
  recommendations: string[];
  findings: number;
  effortHours: number;
}

export interface RemediationPlan {
  priority: Priority;
  phases: RemediationPhase[];
  totalEffortHours: number;
  /** The effort heuristic, in words (insights/plan.ts). */
  effortModel: string;
}

export type ComplianceFramework = (typeof COMPLIANCE_FRAMEWORKS)[number];
export type ComplianceVerdict = 'PASS' | 'PARTIAL' | 'FAIL';

export interface ControlFailure {
  /** `6.2.4`, `164.312(a)(1)`, `CC6.1`, `A.8.24`, `Art. 32`. */
  control: string;
  title: string;
  /** Why it failed: which findings, by rule / CWE / kind, in words. */
  reason: string;
  /** The mapping rows' sources (document sections, crosswalks). */
  sources: string[];
  severity: Severity;
  /** How many distinct findings fail the control. */
  findings: number;
  /** The first (most severe first) at most FINGERPRINT_LIMIT (100) of them (insights/limits.ts). */
  fingerprints: string[];
}

export interface FrameworkStatus {
  framework: ComplianceFramework;
  /** `PCI-DSS 4.0`, `HIPAA Security Rule`, `SOC 2`, `ISO/IEC 27001:2022`, `GDPR`. */
  name: string;
  /** FAIL: a failing control with a critical or high finding; PARTIAL: failing controls, none critical/high; PASS: none. */
  status: ComplianceVerdict;
  /** The controls the mapping table covers for this framework. */
  controlsEvaluated: number;
  failedControls: ControlFailure[];
}

export interface ComplianceReport {
  /** 'config': compliance.frameworks in the config file; 'default': all five. */
  selection: 'config' | 'default';
  frameworks: FrameworkStatus[];
  /** What the mapping cannot say (a mapping is evidence for review, not an audit). */
  note: string;
}

export interface SlaFinding {
  fingerprint: string;
  severity: Severity;
  firstSeen: string;
  dueAt: string;
  breached: boolean;
}

export interface SlaReport {
  /** Time to fix per severity in milliseconds (info has none). */
  policy: Record<Exclude<Severity, 'info'>, number>;
  /** The time the SLA was evaluated at (this run's). */
  evaluatedAt: string;
  /** Findings with an SLA (info findings have none), per severity. */
  tracked: SeverityCounts;
  /** Of them, past their due date. */
  breached: SeverityCounts;
  /** Of them, not breached but due within `dueSoonMs` of `evaluatedAt`. */
  dueSoon: SeverityCounts;
  dueSoonMs: number;
  /**
   * The breached and due-soon findings, soonest due first (ties by fingerprint), at most SLA_LIST_LIMIT (1,000,
   * insights/limits.ts). Any other finding's due date is its firstSeen (findings[].firstSeen, or `evaluatedAt` when
   * it has none) plus `policy[severity]`.
   */
  findings: SlaFinding[];
  /** How many findings are breached or due soon (`findings` lists the first of them). */
  listed: number;
}

export interface TrendPoint {
  /** When the baseline was made (baseline.json's generatedAt or the run's time). */
  at: string;
  runId?: number;
  sha?: string;
  counts: SeverityCounts;
  total: number;
}

/** The default branch's earlier baselines, as loaded for the trends (github/trend-history.ts). */
export interface TrendHistory {
  /** Oldest first. */
  points: TrendPoint[];
  /** Why there are none, when there are none. */
  reason?: string;
  skipped?: string[];
}

export interface TrendsReport {
  available: boolean;
  /** Why there is no history, when `available` is false. */
  reason?: string;
  /** Oldest first; at most the configured number of baselines (config file `report.trendHistory`, default 10). */
  history: TrendPoint[];
  /** Default-branch baseline artifacts that were found but not read (malformed, too large…), each with why. */
  skipped?: string[];
  /** This run against the base branch's baseline (this run's counts minus the baseline's). */
  delta?: { against: string; counts: SeverityCounts; total: number };
}

export interface SeverityRange {
  start: number;
  count: number;
}

export interface ReportInsights {
  summary: InsightsSummary;
  /**
   * The reported findings by severity, as ranges of the report's `findings` (sorted most severe first): the findings
   * of severity s are `findings.slice(start, start + count)` (start is where the severity would begin when count is 0).
   */
  findingsBySeverity: Record<Severity, SeverityRange>;
  recommendations: Recommendation[];
  remediationPlan: RemediationPlan;
  complianceStatus: ComplianceReport;
  slas: SlaReport;
  trends: TrendsReport;
  /** Per scanner that ran and declares an assessment, in the report's scanner order. */
  assessments: ScannerAssessment[];
}
