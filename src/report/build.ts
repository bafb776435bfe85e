import type { FailOn, FailurePolicy } from '../config/settings.js';
import type { Severity } from '../findings/model.js';
import { filterBySeverity } from '../findings/filter.js';
import { documentFoldKey, mergeFindings } from '../findings/merge.js';
import type { Finding } from '../findings/model.js';
import { applySuppressions, NO_RULES, type IgnoreRules } from '../findings/suppress.js';
import { baselineScope, diffBaseline, type Baseline } from '../findings/baseline.js';
import { keepChangedFiles, type ChangedFiles } from '../findings/changed.js';
import { countByScanner, countBySeverity, riskOf } from '../assess/counts.js';
import { decideGate } from '../assess/gate.js';
import type { BaselineReport, GateResult, RunContext, ScanReport, ScannerStatus } from './types.js';

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
  /** Default `block`. */
  failurePolicy?: FailurePolicy;
  /** Gate on new findings only (needs `baseline`). */
  failOnNewOnly?: boolean;
  /** The suppressions that apply (default: none). */
  suppressions?: IgnoreRules;
  /** Set when a baseline was looked for (found or not). */
  baseline?: Baseline;
  /** Set with `changed-files-only` on a pull request. */
  changedFiles?: ChangedFiles;
  /** Policy notes for the reader. */
  notes?: readonly string[];
  /** Reasons the gate blocks whatever the findings (a base commit whose policy could not be read). */
  blockReasons?: readonly string[];
  /** Today (YYYY-MM-DD, UTC) for suppression expiry, and the time new findings are first seen. Default: the epoch. */
  now?: string;
  /**
   * Scope each finding on its own, before the fold (for findings read from documents other jobs wrote: a merge's
   * shards, a fork's run). Changed files and suppressions then apply to every report of a finding, and a group is
   * left out or suppressed only when each of its members is. Without it they apply to the folded finding, which
   * is the same thing when the fingerprints were computed here (a fingerprint covers the path and target); a
   * document's fingerprints are its writer's, and one report forged with another's fingerprint, another path and a
   * higher severity would lead its group and take it out of scope. Reports are folded by documentFoldKey, so one
   * that shares a fingerprint but not the kind or place is kept apart rather than shown in the other's stead.
   */
  scopeEachReport?: boolean;
  /** The outcomes of one stage, later stages still to run (see decideGate's `partial`). */
  partial?: boolean;
}

/**
 * The whole report from the scanners' outcomes, in stages over one finding model: severity filter → merge →
 * changed files → suppressions → baseline → counts and gate. Pure: no I/O, the same input gives the same report.
 */
export function buildReport(outcomes: readonly IdentifiedOutcome[], settings: ReportSettings, context: RunContext): ScanReport {
  const now = settings.now ?? '1970-01-01T00:00:00.000Z';
  const identified = outcomes.flatMap((o) => o.findings);
  const { kept, dropped } = filterBySeverity(identified, settings.severities);
  const rules = settings.suppressions ?? NO_RULES;
  let changed: { kept: Finding[]; dropped: number };
  let sup: ReturnType<typeof applySuppressions>;
  let mergedCount: number;
  if (settings.scopeEachReport) {
    changed = settings.changedFiles ? keepChangedFiles(kept, settings.changedFiles) : { kept, dropped: 0 };
    const each = applySuppressions(changed.kept, rules, now.slice(0, 10));
    const inScope = mergeFindings(each.kept, settings.scanners, documentFoldKey);
    const quiet = mergeFindings(each.suppressed, settings.scanners, documentFoldKey);
    sup = { ...each, kept: inScope.findings, suppressed: quiet.findings };
    mergedCount = inScope.merged + quiet.merged;
  } else {
    const m = mergeFindings(kept, settings.scanners);
    mergedCount = m.merged;
    changed = settings.changedFiles ? keepChangedFiles(m.findings, settings.changedFiles) : { kept: m.findings, dropped: 0 };
    sup = applySuppressions(changed.kept, rules, now.slice(0, 10));
  }
  let findings = sup.kept;
  let suppressed = sup.suppressed;
  let baseline: BaselineReport | undefined;
  if (settings.baseline) {
    // Entries this run did not look for (a failed scanner's, a left-out severity's, an unchanged file's) are not "fixed".
    const scope = baselineScope({
      okScanners: new Set(outcomes.filter((o) => o.status.state === 'ok').map((o) => o.status.id)),
      severities: settings.severities,
      ...(settings.changedFiles ? { changedFiles: settings.changedFiles.files } : {}),
    });
    const d = diffBaseline(findings, suppressed, settings.baseline, now, scope);
    findings = d.findings;
    suppressed = d.suppressed;
    baseline = d.report;
  }
  const scanners = outcomes.map((o) => o.status);
  const counts = countBySeverity(findings);
  const newOnly = settings.failOnNewOnly ?? false;
  const gated = newOnly ? countBySeverity(findings.filter((f) => f.baseline !== 'unchanged')) : counts;
  return {
    findings,
    suppressed,
    suppressions: { source: rules.source, file: rules.file, active: sup.active, expired: sup.expired, pending: [...rules.pending], native: { ...rules.native } },
    ...(baseline ? { baseline } : {}),
    ...(settings.changedFiles ? { changedFiles: { source: settings.changedFiles.source, files: settings.changedFiles.files.size } } : {}),
    notes: [...(settings.notes ?? [])],
    scanners,
    counts,
    byScanner: countByScanner(findings, settings.scanners),
    total: findings.length,
    risk: riskOf(counts),
    gate: withPolicyBlock(decideGate(gated, scanners, { failOn: settings.failOn, failurePolicy: settings.failurePolicy ?? 'block', newOnly, partial: settings.partial ?? false }), settings.blockReasons),
    accounting: {
      raw: scanners.reduce((n, s) => n + s.rawCount, 0),
      reported: findings.length,
      merged: mergedCount,
      filteredBySeverity: dropped,
      filteredByScanner: scanners.reduce((n, s) => n + (s.filtered ?? 0), 0),
      suppressed: suppressed.length,
      filteredByChangedFiles: changed.dropped,
    },
    context,
  };
}

/** The policy's own reasons to block (they hold whatever the findings say). */
function withPolicyBlock(gate: GateResult, reasons: readonly string[] | undefined): GateResult {
  if (!reasons?.length) return gate;
  return { ...gate, decision: 'BLOCK', reasons: [...gate.reasons, ...reasons] };
}
