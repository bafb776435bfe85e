import type { FailOn } from '../config/settings.js';
import type { Severity } from '../findings/model.js';
import { filterBySeverity } from '../findings/filter.js';
import { mergeFindings } from '../findings/merge.js';
import type { Finding } from '../findings/model.js';
import { countByScanner, countBySeverity, riskOf } from '../assess/counts.js';
import { decideGate } from '../assess/gate.js';
import type { RunContext, ScanReport, ScannerStatus } from './types.js';

/** One scanner's result with its findings already identified (fingerprints, line hashes). */
export interface IdentifiedOutcome {
  status: ScannerStatus;
  findings: Finding[];
}

export interface ReportSettings {
  /** Scanner ids in the order the user listed them (the merge's lead order). */
  scanners: readonly string[];
  severities: readonly Severity[];
  failOn: FailOn;
}

/** The whole report from the scanners' outcomes. Pure: no I/O, the same input gives the same report. */
export function buildReport(outcomes: readonly IdentifiedOutcome[], settings: ReportSettings, context: RunContext): ScanReport {
  const identified = outcomes.flatMap((o) => o.findings);
  const { kept, dropped } = filterBySeverity(identified, settings.severities);
  const { findings, merged } = mergeFindings(kept, settings.scanners);
  const scanners = outcomes.map((o) => o.status);
  const counts = countBySeverity(findings);
  return {
    findings,
    scanners,
    counts,
    byScanner: countByScanner(findings, settings.scanners),
    total: findings.length,
    risk: riskOf(counts),
    gate: decideGate(counts, scanners, settings.failOn),
    accounting: {
      raw: scanners.reduce((n, s) => n + s.rawCount, 0),
      reported: findings.length,
      merged,
      filteredBySeverity: dropped,
      filteredByScanner: scanners.reduce((n, s) => n + (s.filtered ?? 0), 0),
    },
    context,
  };
}
