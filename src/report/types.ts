import type { Finding, Severity } from '../findings/model.js';
import type { FailOn } from '../config/settings.js';

export type ScannerState = 'ok' | 'failed' | 'unavailable';

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
  /** Sorted most severe first, with explicit tie-breakers (see findings/sort.ts). */
  findings: Finding[];
  scanners: ScannerStatus[];
  counts: SeverityCounts;
  /** Per scanner, per severity: what each scanner reported (a merged finding counts for each of its scanners). */
  byScanner: Record<string, SeverityCounts>;
  total: number;
  risk: Risk;
  gate: GateResult;
  accounting: Accounting;
  context: RunContext;
}
