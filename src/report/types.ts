import type { Finding, Severity } from '../findings/model.js';
import type { FailOn, FailurePolicy } from '../config/settings.js';
import type { ReportInsights } from '../insights/types.js';

/** `skipped`: not run, because a blocking stage before it blocked the gate (scheduling: staged). */
export type ScannerState = 'ok' | 'failed' | 'unavailable' | 'skipped';

export interface ScannerStatus {
  id: string;
  displayName: string;
  state: ScannerState;
  version?: string;
  durationMs: number;
  /** Why it failed or could not run: what to change. */
  error?: string;
  /** Raw findings this scanner reported before merge and filters. */
  rawCount: number;
  /** Raw findings this scanner's own settings left out (e.g. below Falco's alert threshold). */
  filtered?: number;
  summary?: Record<string, number | string | boolean>;
  /** What its parser says it scanned (images, manifests, files), clean ones included; for the per-target results. */
  targets?: string[];
}

export type SeverityCounts = Record<Severity, number>;

export interface Accounting {
  /** Raw findings across all scanners. */
  raw: number;
  /** Findings in the report (after merge and filters). */
  reported: number;
  /** Raw findings folded into another finding (listed in its sources). */
  merged: number;
  /** Raw findings left out because their severity is not in the `severity` input. */
  filteredBySeverity: number;
  /** Raw findings left out by a scanner's own settings (Falco's threshold, categories, sensitivity). */
  filteredByScanner: number;
  /** Findings the ignore file suppressed (listed in the report's `suppressed`, not counted, not gated). */
  suppressed: number;
  /** Findings left out by `changed-files-only` (in files the pull request does not change). */
  filteredByChangedFiles: number;
}

export type Decision = 'PROCEED' | 'BLOCK';
export type Risk = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface GateResult {
  decision: Decision;
  failOn: FailOn;
  /** Findings at or above fail-on, by severity. */
  blocking: SeverityCounts;
  failedScanners: string[];
  /** One sentence per reason the gate blocks; empty when it proceeds. */
  reasons: string[];
  /** What failed scanners did to the decision (block: they block; alert, log: the gate follows the findings). */
  failurePolicy: FailurePolicy;
  /** `fail-on-new-only`: the gate counted only findings the baseline does not have. */
  newOnly: boolean;
}

/** An ignore-file entry, as the report lists it (expired entries; entries a pull request adds). */
export interface IgnoreEntryView {
  /** 1-based position in the file. */
  index: number;
  rule?: string;
  fingerprint?: string;
  path?: string;
  package?: string;
  reason: string;
  expires?: string;
}

/**
 * A suppression a pull request adds that does not apply to it (with approval-required): an ignore-file entry, a
 * change to a scanner's own ignore or config file, or an inline marker on a line the pull request adds.
 */
export interface PendingSuppression {
  kind: 'ignore-entry' | 'native-file' | 'inline-marker';
  /** The scanner whose mechanism it is (native files, inline markers). */
  scanner?: string;
  /** Repository-relative path of the file. */
  file: string;
  line?: number;
  /** What it says, in words (an entry's summary, `added`/`changed`/`removed`, the marker). */
  text: string;
  entry?: IgnoreEntryView;
}

export interface SuppressionsReport {
  /** Where the suppressions that applied came from: the base commit (a pull request, approval required) or the scanned tree. */
  source: 'base' | 'workspace';
  /** The ignore file, repository-relative. */
  file: string;
  /** Entries that applied (not expired). */
  active: number;
  /** Entries past their `expires` date: they suppress nothing, and their findings are back. */
  expired: IgnoreEntryView[];
  pending: PendingSuppression[];
  /** Findings a scanner's own mechanism suppressed, by scanner id, where the scanner reports them. */
  native: Record<string, number>;
}

/** A baseline finding this run no longer finds. */
export interface FixedFinding {
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  path?: string;
  target?: string;
}

export interface BaselineReport {
  /** Where the baseline came from, or why there is none, in words. */
  source: string;
  found: boolean;
  /** Findings the baseline does not have (all of them when none was found). */
  new: number;
  unchanged: number;
  fixed: FixedFinding[];
}

/** `changed-files-only`: which files counted. */
export interface ChangedFilesReport {
  /** How the list was obtained (git, the pull request files API), or why it could not be. */
  source: string;
  files: number;
}

/** Where the report points its links. All optional: outside Actions there is no run to link to. */
export interface RunContext {
  serverUrl?: string;
  repository?: string;
  sha?: string;
  runId?: string;
  runAttempt?: string;
  workflow?: string;
  job?: string;
  pullRequest?: number;
}

export interface ScanReport {
  /** Sorted most severe first, with explicit tie-breakers (see findings/sort.ts). Unsuppressed findings only. */
  findings: Finding[];
  /** Findings the ignore file suppressed (each with its `suppression`), sorted like `findings`. */
  suppressed: Finding[];
  suppressions: SuppressionsReport;
  baseline?: BaselineReport;
  changedFiles?: ChangedFilesReport;
  /** Policy notes for the reader: what config-file options did, a baseline or base commit that could not be read. */
  notes: string[];
  scanners: ScannerStatus[];
  counts: SeverityCounts;
  /** Per scanner, per severity: what each scanner reported (a merged finding counts for each of its scanners). */
  byScanner: Record<string, SeverityCounts>;
  total: number;
  risk: Risk;
  gate: GateResult;
  accounting: Accounting;
  context: RunContext;
  /** Risk score, recommendations, remediation plan, compliance, SLAs, trends, per-scanner assessments (insights/). */
  insights?: ReportInsights;
}
