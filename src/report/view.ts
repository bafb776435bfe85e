/**
 * The report's view model: what a reader is shown, computed once from a ScanReport and shared by every format
 * (Markdown today; the HTML report, Slack and the terminal next). Pure and format-neutral: text is the scanners'
 * text as it came (untrusted, unescaped, untruncated: each renderer escapes and shortens it for its own syntax),
 * numbers are numbers, links are checked URLs (links.ts).
 *
 * Order: verdict, scanner table, findings grouped by severity (most severe first; within a severity the total
 * order of findings/sort.ts, so the input order never matters), scanners that did not run, links, accounting.
 */
import { SEVERITIES, reportedBySeveral, type Finding, type Severity } from '../findings/model.js';
import { compareFindings, sortFindings } from '../findings/sort.js';
import { countBySeverity, emptyCounts } from '../assess/counts.js';
import { toleratedFailures } from '../assess/gate.js';
import { fileLinker, pullRequestUrl, runUrl } from './links.js';
import type { IgnoreEntryView, PendingSuppression } from './types.js';
import type { Accounting, Decision, GateResult, Risk, ScanReport, ScannerState, SeverityCounts } from './types.js';

export interface ViewOptions {
  /** Where the full report is, in the caller's words (e.g. "findings.json in the `security-reports` artifact"). */
  reportLocation?: string;
  /** Lines shown after the verdict and never dropped, in the caller's words (e.g. results left out of SARIF). */
  notes?: readonly string[];
  /**
   * Build rows for at most this many findings, most severe first (default: all). A renderer with a size budget
   * passes how many rows could ever fit, so 100,000 findings do not cost 100,000 rows; the group totals still
   * count every finding.
   */
  rowLimit?: number;
}

export interface VerdictView {
  decision: Decision;
  /** One sentence per reason the gate blocks; empty when it proceeds. */
  reasons: readonly string[];
  failOn: GateResult['failOn'];
  risk: Risk;
  /** Findings in the report. */
  findings: number;
  /** failure-policy alert/log: the scanners that failed or could not run without blocking the gate (display names). */
  tolerated?: { policy: GateResult['failurePolicy']; scanners: readonly string[] };
}

export interface ScannerRunView {
  state: ScannerState;
  version?: string;
  durationMs: number;
  /** Why it failed or could not run. */
  error?: string;
}

export interface ScannerRowView {
  id: string;
  /** Display name (the id when the scanner has none). */
  name: string;
  /** Undefined for a scanner that has findings but no status (should not happen; shown rather than hidden). */
  run?: ScannerRunView;
  /** Undefined when the scanner did not run and has nothing to count (renderers show a dash). */
  counts?: { bySeverity: SeverityCounts; total: number };
}

export interface ScannerTableView {
  rows: readonly ScannerRowView[];
  totals: { bySeverity: SeverityCounts; total: number };
  /** True when a finding was reported by several scanners: it counts in each of their rows and once in the total. */
  shared: boolean;
}

export interface FindingSourceView {
  /** The scanner's display name. */
  scanner: string;
  /** The scanner's own rule id, when it differs from the finding's. */
  ruleId?: string;
}

export interface FindingRowView {
  severity: Severity;
  /** The scanner's title as reported (may be empty). */
  title: string;
  ruleId: string;
  /** Each scanner that reported it, once per scanner and rule, lead first. */
  sources: readonly FindingSourceView[];
  location: {
    /** What was scanned, when it is not the file itself (an image, a manifest in an image). */
    target?: string;
    path?: string;
    /** The first line, when known (1-based). */
    line?: number;
    /** The file line at the head commit, when every part is known and safe. */
    url?: string;
  };
  package?: { name: string; version?: string; fixedVersion?: string };
  /** Set when a baseline was found and does not have this finding: what this change introduces. */
  isNew?: true;
}

/** Against the baseline: what this change introduces, what it leaves, what it fixes. */
export interface BaselineView {
  found: boolean;
  /** Where the baseline came from, or why there is none (our words, but they quote paths and names: escape them). */
  source: string;
  new: number;
  existing: number;
  fixed: number;
  /** The fixed findings, most severe first, at most FIXED_ROWS. */
  fixedRows: readonly { severity: Severity; title: string; ruleId: string; path?: string; target?: string }[];
}

/** How many fixed findings the report lists (the rest are in findings.json). */
export const FIXED_ROWS = 20;

export interface FindingGroupView {
  severity: Severity;
  /** Findings of this severity (more than `rows.length` when `rowLimit` cut the list). */
  total: number;
  rows: readonly FindingRowView[];
}

export interface NotRunView {
  id: string;
  name: string;
  state: Exclude<ScannerState, 'ok'>;
  error?: string;
}

export interface ReportView {
  verdict: VerdictView;
  notes: readonly string[];
  /** The report's own notes (policy: what could not apply and why): plain text, escaped by each renderer. */
  reportNotes: readonly string[];
  scanners: ScannerTableView;
  /** Set when there are no findings: who looked, and whether a failed scanner makes the result incomplete. */
  nothingFound?: { ranBy: readonly string[]; incomplete: boolean };
  /** Non-empty groups only, most severe first. */
  findings: readonly FindingGroupView[];
  notRun: readonly NotRunView[];
  links: { run?: { id: string; url: string }; pullRequest?: { number: number; url: string } };
  reportLocation?: string;
  accounting: Accounting;
  /** Set when a baseline was looked for (found or not). */
  baseline?: BaselineView;
  /** Set when anything was suppressed, an entry expired, or the pull request adds suppressions. */
  suppressions?: SuppressionsView;
  /** `changed-files-only` applied: how many files the pull request changes, and the findings in other files left out. */
  changedFiles?: { files: number; leftOut: number; source: string };
}

function sum(c: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + c[s], 0);
}

function scannerTable(report: ScanReport): ScannerTableView {
  const rows: ScannerRowView[] = [];
  const counted = (c: SeverityCounts | undefined, dash: boolean): ScannerRowView['counts'] =>
    dash && (!c || sum(c) === 0) ? undefined : { bySeverity: { ...(c ?? emptyCounts()) }, total: c ? sum(c) : 0 };
  for (const s of report.scanners) {
    const run: ScannerRunView = { state: s.state, durationMs: s.durationMs };
    if (s.version) run.version = s.version;
    if (s.error) run.error = s.error;
    rows.push({ id: s.id, name: s.displayName || s.id, run, counts: counted(report.byScanner[s.id], s.state !== 'ok') });
  }
  const known = new Set(report.scanners.map((s) => s.id));
  for (const id of Object.keys(report.byScanner).filter((k) => !known.has(k)).sort()) {
    rows.push({ id, name: id, counts: counted(report.byScanner[id], false) });
  }
  return {
    rows,
    totals: { bySeverity: countBySeverity(report.findings), total: report.findings.length },
    shared: report.findings.some(reportedBySeveral),
  };
}

type Linker = ReturnType<typeof fileLinker>;

function findingRow(f: Finding, names: ReadonlyMap<string, string>, link: Linker, markNew: boolean): FindingRowView {
  const seen = new Set<string>();
  const sources: FindingSourceView[] = [];
  for (const src of f.sources) {
    const key = `${src.scanner}\u0000${src.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const source: FindingSourceView = { scanner: names.get(src.scanner) ?? src.scanner };
    if (src.ruleId && src.ruleId !== f.ruleId) source.ruleId = src.ruleId;
    sources.push(source);
  }
  const { path, startLine, endLine, target } = f.location;
  const location: FindingRowView['location'] = {};
  if (target && target !== path) location.target = target;
  if (path) {
    location.path = path;
    if (startLine) location.line = startLine;
    const url = link(path, startLine, endLine);
    if (url) location.url = url;
  }
  const row: FindingRowView = { severity: f.severity, title: f.title, ruleId: f.ruleId, sources, location };
  if (markNew && f.baseline === 'new') row.isNew = true;
  if (f.package) {
    const { name, version, fixedVersion } = f.package;
    row.package = { name, ...(version ? { version } : {}), ...(fixedVersion ? { fixedVersion } : {}) };
  }
  return row;
}

/** The findings in the total order of findings/sort.ts (a pipeline report already is: then no copy is made). */
function inOrder(findings: readonly Finding[]): readonly Finding[] {
  for (let i = 1; i < findings.length; i++) if (compareFindings(findings[i - 1]!, findings[i]!) > 0) return sortFindings(findings);
  return findings;
}

/** Finding groups built for one findings list, with what else they were built from. */
interface BuiltGroups {
  rowLimit: number;
  length: number;
  scanners: ScanReport['scanners'];
  context: ScanReport['context'];
  baselineFound: boolean;
  groups: readonly FindingGroupView[];
}

/**
 * The finding groups already built, by findings list. summary.md and the job summary render the same report with the
 * same budget, so the same row limit: at 100k findings the second build (~8,000 rows) cost ~50 ms for nothing. A
 * memo is used only for the same findings list (same length), scanners, context and baseline state; the groups it
 * holds are frozen, so no renderer can change what another one reads.
 */
const builtGroups = new WeakMap<readonly Finding[], BuiltGroups[]>();
/** Row limits remembered per findings list (summary.md's two, the job summary's, the PR comment's). */
const MAX_BUILT = 4;

function findingGroups(report: ScanReport, rowLimit: number): readonly FindingGroupView[] {
  const baselineFound = report.baseline?.found === true;
  const built = builtGroups.get(report.findings) ?? [];
  const same = built.find(
    (b) => b.rowLimit === rowLimit && b.length === report.findings.length && b.scanners === report.scanners && b.context === report.context && b.baselineFound === baselineFound,
  );
  if (same) return same.groups;
  const groups = deepFreeze(buildGroups(report, rowLimit));
  builtGroups.set(report.findings, [{ rowLimit, length: report.findings.length, scanners: report.scanners, context: report.context, baselineFound, groups }, ...built].slice(0, MAX_BUILT));
  return groups;
}

/** `value` and every object and array inside it, frozen (the view is plain data: no cycles). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function buildGroups(report: ScanReport, rowLimit: number): FindingGroupView[] {
  const names = new Map(report.scanners.map((s) => [s.id, s.displayName || s.id]));
  const link = fileLinker(report.context);
  const totals = countBySeverity(report.findings);
  const groups = SEVERITIES.filter((s) => totals[s] > 0).map((severity) => ({ severity, total: totals[severity], rows: [] as FindingRowView[] }));
  const bySeverity = new Map(groups.map((g) => [g.severity, g.rows]));
  const findings = inOrder(report.findings);
  for (let i = 0; i < Math.min(rowLimit, findings.length); i++) {
    const f = findings[i]!;
    bySeverity.get(f.severity)!.push(findingRow(f, names, link, report.baseline?.found === true));
  }
  return groups;
}

function links(report: ScanReport): ReportView['links'] {
  const out: ReportView['links'] = {};
  const run = runUrl(report.context);
  if (run) out.run = { id: report.context.runId!, url: run };
  const pr = pullRequestUrl(report.context);
  if (pr) out.pullRequest = { number: report.context.pullRequest!, url: pr };
  return out;
}

/** Suppressed findings, expired entries, what a pull request adds (untrusted text: renderers escape it). */
export interface SuppressionsView {
  file: string;
  source: 'base' | 'workspace';
  total: number;
  rows: readonly { severity: Severity; ruleId: string; title: string; path?: string; line?: number; target?: string; reason: string; by: string; expires?: string }[];
  expired: readonly IgnoreEntryView[];
  /** Suppressions the pull request adds: they apply once merged. */
  pending: readonly PendingSuppression[];
  /** Findings a scanner's own mechanism suppressed, by scanner display name. */
  native: readonly { scanner: string; count: number }[];
}

/** How many suppressed findings and pending suppressions a view lists (the rest are counted; findings.json has all). */
export const SUPPRESSED_ROWS = 20;
export const PENDING_ROWS = 30;

function suppressionsView(report: ScanReport): SuppressionsView | undefined {
  const s = report.suppressions;
  const native = Object.entries(s.native)
    .filter(([, n]) => n > 0)
    .map(([id, count]) => ({ scanner: report.scanners.find((x) => x.id === id)?.displayName || id, count }));
  if (report.suppressed.length === 0 && s.expired.length === 0 && s.pending.length === 0 && native.length === 0) return undefined;
  return {
    file: s.file,
    source: s.source,
    total: report.suppressed.length,
    rows: report.suppressed.slice(0, SUPPRESSED_ROWS).map((f) => ({
      severity: f.severity,
      ruleId: f.ruleId,
      title: f.title,
      ...(f.location.path !== undefined ? { path: f.location.path } : {}),
      ...(f.location.startLine !== undefined ? { line: f.location.startLine } : {}),
      ...(f.location.target !== undefined ? { target: f.location.target } : {}),
      reason: f.suppression?.reason ?? '',
      by: f.suppression?.by ?? '',
      ...(f.suppression?.expires ? { expires: f.suppression.expires } : {}),
    })),
    expired: s.expired,
    pending: s.pending,
    native,
  };
}

export function buildReportView(report: ScanReport, options: ViewOptions = {}): ReportView {
  const { gate } = report;
  const tolerated = toleratedFailures(gate, report.scanners).map((s) => s.displayName || s.id);
  const view: ReportView = {
    verdict: {
      decision: gate.decision,
      reasons: gate.reasons,
      failOn: gate.failOn,
      risk: report.risk,
      findings: report.findings.length,
      ...(tolerated.length > 0 ? { tolerated: { policy: gate.failurePolicy, scanners: tolerated } } : {}),
    },
    notes: options.notes ?? [],
    reportNotes: report.notes,
    scanners: scannerTable(report),
    findings: findingGroups(report, options.rowLimit ?? Number.POSITIVE_INFINITY),
    notRun: report.scanners.flatMap((s) =>
      s.state === 'ok' ? [] : [{ id: s.id, name: s.displayName || s.id, state: s.state, ...(s.error ? { error: s.error } : {}) }],
    ),
    links: links(report),
    accounting: report.accounting,
  };
  if (report.findings.length === 0) {
    view.nothingFound = {
      ranBy: report.scanners.filter((s) => s.state === 'ok').map((s) => s.displayName || s.id),
      incomplete: report.scanners.some((s) => s.state === 'failed' || s.state === 'skipped'),
    };
  }
  if (options.reportLocation) view.reportLocation = options.reportLocation;
  if (report.baseline) {
    const b = report.baseline;
    view.baseline = {
      found: b.found,
      source: b.source,
      new: b.new,
      existing: b.unchanged,
      fixed: b.fixed.length,
      fixedRows: b.fixed.slice(0, FIXED_ROWS).map((x) => ({
        severity: x.severity,
        title: x.title,
        ruleId: x.ruleId,
        ...(x.path !== undefined ? { path: x.path } : {}),
        ...(x.target !== undefined ? { target: x.target } : {}),
      })),
    };
  }
  const suppressions = suppressionsView(report);
  if (suppressions) view.suppressions = suppressions;
  if (report.changedFiles) {
    view.changedFiles = { files: report.changedFiles.files, leftOut: report.accounting.filteredByChangedFiles, source: report.changedFiles.source };
  }
  return view;
}
