/**
 * The one summary every notification is built from (Slack, the webhook's JSON, the email): the verdict, the
 * counts, the scanners' states, the top findings (new ones first) and the links. Plain data, no markup: each
 * channel escapes for its own format. No secret value is in it: a finding's secret (even redacted), description
 * and properties are left out, and every text is one line of plain text (control characters and ANSI removed).
 */
import { SEVERITIES, type Finding, type Severity } from '../findings/model.js';
import { plainText, truncate } from '../report/escape.js';
import { fileLinker, pullRequestUrl, runUrl } from '../report/links.js';
import type { Decision, Risk, ScannerState, ScanReport, SeverityCounts } from '../report/types.js';
import { newCount } from './when.js';

export interface SummaryFinding {
  fingerprint: string;
  severity: Severity;
  title: string;
  ruleId: string;
  scanners: string[];
  path?: string;
  line?: number;
  target?: string;
  package?: { name: string; version: string; fixedVersion?: string };
  /** Against the baseline (without one, every finding is new). */
  new: boolean;
  /** The file line at the scanned commit. */
  url?: string;
}

export interface NotifySummary {
  tool: string;
  decision: Decision;
  risk: Risk;
  reasons: string[];
  failOn: string;
  total: number;
  counts: SeverityCounts;
  new: number;
  fixed: number;
  baseline: boolean;
  suppressed: number;
  scanners: { id: string; name: string; state: ScannerState; findings: number; error?: string }[];
  /** The top findings: new first, then most severe (the report's order). */
  findings: SummaryFinding[];
  /** Findings not listed (the counts cover them). */
  notListed: number;
  repository?: string;
  commit?: string;
  pullRequest?: number;
  links: { run?: string; pullRequest?: string; report?: string };
  /** The artifact the HTML report is in (on the run page). */
  reportArtifact?: string;
}

const TEXT_MAX = 200;
const line = (s: string | undefined, max = TEXT_MAX) => truncate(plainText(s ?? ''), max);

function summaryFinding(f: Finding, link: ReturnType<typeof fileLinker>, hasBaseline: boolean): SummaryFinding {
  const out: SummaryFinding = {
    fingerprint: f.fingerprint,
    severity: f.severity,
    title: line(f.title),
    ruleId: line(f.ruleId, 120),
    scanners: f.sources.map((s) => s.scanner),
    new: hasBaseline ? f.baseline === 'new' : true,
  };
  if (f.location.path) out.path = line(f.location.path, 300);
  if (f.location.startLine !== undefined) out.line = f.location.startLine;
  if (f.location.target) out.target = line(f.location.target, 200);
  if (f.package) out.package = { name: line(f.package.name, 120), version: line(f.package.version, 60), ...(f.package.fixedVersion ? { fixedVersion: line(f.package.fixedVersion, 60) } : {}) };
  const url = f.location.path ? link(f.location.path, f.location.startLine, f.location.endLine) : undefined;
  if (url) out.url = url;
  return out;
}

/** The top `max` findings, new ones first (stable: the report's severity order within each group). */
export function topFindings(report: ScanReport, max: number): Finding[] {
  const hasBaseline = report.baseline?.found === true;
  const isNew = (f: Finding) => !hasBaseline || f.baseline === 'new';
  return [...report.findings.filter(isNew), ...report.findings.filter((f) => !isNew(f))].slice(0, max);
}

export function buildSummary(report: ScanReport, options: { maxFindings: number; artifactName?: string; tool: string }): NotifySummary {
  const ctx = report.context;
  const link = fileLinker(ctx);
  const hasBaseline = report.baseline?.found === true;
  const listed = topFindings(report, options.maxFindings);
  const run = runUrl(ctx);
  const pr = pullRequestUrl(ctx);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, report.counts[s]])) as SeverityCounts;
  return {
    tool: options.tool,
    decision: report.gate.decision,
    risk: report.risk,
    reasons: report.gate.reasons.map((r) => line(r, 400)),
    failOn: report.gate.failOn,
    total: report.total,
    counts,
    new: newCount(report),
    fixed: report.baseline?.fixed.length ?? 0,
    baseline: hasBaseline,
    suppressed: report.suppressed.length,
    scanners: report.scanners.map((s) => ({ id: s.id, name: line(s.displayName, 60), state: s.state, findings: s.rawCount, ...(s.error ? { error: line(s.error, 300) } : {}) })),
    findings: listed.map((f) => summaryFinding(f, link, hasBaseline)),
    notListed: report.findings.length - listed.length,
    ...(ctx.repository ? { repository: line(ctx.repository, 140) } : {}),
    ...(ctx.sha ? { commit: line(ctx.sha, 64) } : {}),
    ...(ctx.pullRequest !== undefined ? { pullRequest: ctx.pullRequest } : {}),
    links: { ...(run ? { run, report: run } : {}), ...(pr ? { pullRequest: pr } : {}) },
    ...(options.artifactName ? { reportArtifact: line(options.artifactName, 100) } : {}),
  };
}

/** `2 critical, 1 high` (levels with findings only), or `no findings`. */
export function countsLine(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** One line for a subject or a notification's fallback text. */
export function headline(s: NotifySummary): string {
  const where = s.repository ? ` ${s.repository}${s.pullRequest !== undefined ? ` #${s.pullRequest}` : ''}` : '';
  return `security-scan ${s.decision}${where}: ${countsLine(s.counts)}${s.new > 0 && s.baseline ? ` (${s.new} new)` : ''}`;
}
