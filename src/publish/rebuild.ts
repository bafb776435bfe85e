/**
 * A ScanReport rebuilt from a validated findings.json (pure): the findings and the scanner states are the data;
 * counts, byScanner, risk and the gate are recomputed by buildReport with THIS step's `severity` and `fail-on`, and
 * the run context (links, the comment's pull request) is the caller's, never the document's. What the document
 * claimed is compared with what its findings give, and every disagreement is described for the log.
 */
import { SEVERITIES, type Finding, type Severity } from '../findings/model.js';
import type { FailOn, FailurePolicy } from '../config/settings.js';
import type { IgnoreRules } from '../findings/suppress.js';
import type { Baseline } from '../findings/baseline.js';
import type { ChangedFiles } from '../findings/changed.js';
import { buildReport, type IdentifiedOutcome } from '../report/build.js';
import type { FindingsDocument } from '../report/schema.js';
import type { RunContext, ScanReport } from '../report/types.js';

export interface RebuildOptions {
  severities: readonly Severity[];
  failOn: FailOn;
  failurePolicy?: FailurePolicy;
  context: RunContext;
  /** The publishing checkout's suppressions; the document's own claims of suppression are not trusted. */
  suppressions?: IgnoreRules;
  /** Now (ISO), for the suppressions' expiry dates; without it every entry is taken as unexpired. */
  now?: string;
  /** This step's baseline (the merge job's): the findings are marked new/unchanged against it, never by the document. */
  baseline?: Baseline;
  /** Gate on new findings only (fail-on-new-only), as in a scan. */
  failOnNewOnly?: boolean;
  /** This step's policy's reasons to block (they hold whatever the findings say). */
  blockReasons?: readonly string[];
  /**
   * This step's changed-files-only files (a merge job on a pull request): findings elsewhere are left out, as each
   * leg left them out, and the baseline's entries in other files are not "fixed" (they were not looked for).
   */
  changedFiles?: ChangedFiles;
}

export interface Rebuilt {
  report: ScanReport;
  /** Sentences for the log, one per summary field of the document that its findings contradict. */
  disagreements: string[];
}

export function rebuildReport(doc: FindingsDocument, o: RebuildOptions): Rebuilt {
  const byLead = new Map<string, Finding[]>(doc.scanners.map((s) => [s.id, []]));
  // The schema guarantees every source names a scanner of the document. What the run suppressed is a finding again
  // here (the fork's run wrote the document): this checkout's suppressions decide, re-applied by buildReport.
  for (const f of [...doc.findings, ...doc.suppressed]) {
    const { suppression: _s, baseline: _b, firstSeen: _f, ...plain } = f;
    byLead.get(f.sources[0]!.scanner)!.push(plain);
  }
  const outcomes: IdentifiedOutcome[] = doc.scanners.map((status) => ({ status, findings: byLead.get(status.id)! }));
  const built = buildReport(
    outcomes,
    {
      scanners: doc.scanners.map((s) => s.id),
      severities: o.severities,
      failOn: o.failOn,
      ...(o.failurePolicy ? { failurePolicy: o.failurePolicy } : {}),
      ...(o.suppressions ? { suppressions: o.suppressions } : {}),
      ...(o.now ? { now: o.now } : {}),
      ...(o.baseline ? { baseline: o.baseline } : {}),
      ...(o.failOnNewOnly ? { failOnNewOnly: true } : {}),
      ...(o.blockReasons?.length ? { blockReasons: o.blockReasons } : {}),
      ...(o.changedFiles ? { changedFiles: o.changedFiles } : {}),
      // The document's fingerprints are its writer's: each report is scoped on its own (see scopeEachReport).
      scopeEachReport: true,
    },
    o.context,
  );
  // What the scan run merged and filtered before writing the document cannot be recomputed from it: carried over.
  const report: ScanReport = {
    ...built,
    accounting: {
      ...built.accounting,
      merged: built.accounting.merged + doc.accounting.merged,
      filteredBySeverity: built.accounting.filteredBySeverity + doc.accounting.filteredBySeverity,
    },
  };

  const disagreements: string[] = [];
  const said = (what: string, claimed: string | number, actual: string | number) => {
    if (claimed !== actual) disagreements.push(`findings.json says ${what} ${claimed}; its findings and scanner states give ${actual}.`);
  };
  said('decision', doc.decision, report.gate.decision);
  if (doc.gate.decision !== doc.decision) said('gate.decision', doc.gate.decision, report.gate.decision);
  said('risk', doc.risk, report.risk);
  said('total', doc.total, report.total);
  for (const s of SEVERITIES) said(`counts.${s}`, doc.counts[s], report.counts[s]);
  if (doc.gate.failOn !== o.failOn) {
    disagreements.push(`findings.json was gated with fail-on '${doc.gate.failOn}'; this step recomputes the decision with fail-on '${o.failOn}'.`);
  }
  return { report, disagreements };
}
