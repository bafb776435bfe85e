/**
 * The baseline diff (pure): which findings an earlier run already had (`unchanged`), which it did not (`new`), and
 * which of its findings this run no longer finds (`fixed`). Findings are matched by fingerprint only
 * (findings/identify.ts: the line's content hash, so unrelated line moves keep it). Suppressed findings are diffed
 * too, so a suppression that expires does not make an old finding "new".
 */
import { scannersOf, type Finding, type Severity } from './model.js';
import { severityRank } from './severity.js';
import { cmp } from './sort.js';
import type { BaselineReport, FixedFinding } from '../report/types.js';

/** One finding of an earlier run, as a baseline keeps it: what a fixed finding shows, and when it was first seen. */
export interface BaselineEntry extends FixedFinding {
  /** ISO 8601. */
  firstSeen: string;
  /** Ids of the scanners that reported it (absent in baselines read from a findings.json without sources). */
  scanners?: string[];
}

/** A baseline that was found, or why none was. */
export type Baseline = { found: true; source: string; entries: readonly BaselineEntry[] } | { found: false; source: string };

/**
 * Whether this run could have found a baseline entry again: an entry of a scanner that failed, of a severity the
 * `severity` input leaves out, or in a file `changed-files-only` does not look at is not "fixed" — it was not looked for.
 */
export type BaselineScope = (entry: BaselineEntry) => boolean;

export const EVERYTHING: BaselineScope = () => true;

export interface ScopeFacts {
  /** Scanners that ran (state ok) in this run. */
  okScanners: ReadonlySet<string>;
  severities: readonly Severity[];
  /** With changed-files-only on a pull request: the files that count. */
  changedFiles?: ReadonlySet<string>;
}

export function baselineScope(facts: ScopeFacts): BaselineScope {
  const severities = new Set(facts.severities);
  return (e) =>
    severities.has(e.severity) &&
    (e.scanners === undefined || e.scanners.length === 0 || e.scanners.some((s) => facts.okScanners.has(s))) &&
    (facts.changedFiles === undefined || e.path === undefined || facts.changedFiles.has(e.path));
}

/** Most severe first, then path, target, rule, fingerprint: a total order. */
function compareFixed(a: FixedFinding, b: FixedFinding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.path, b.path) ||
    cmp(a.target, b.target) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

function fixedOf(e: BaselineEntry): FixedFinding {
  return {
    fingerprint: e.fingerprint,
    ruleId: e.ruleId,
    title: e.title,
    severity: e.severity,
    ...(e.path !== undefined ? { path: e.path } : {}),
    ...(e.target !== undefined ? { target: e.target } : {}),
  };
}

/** Earliest firstSeen per fingerprint (a baseline may repeat one). ISO 8601 UTC strings compare as text. */
function byFingerprint(entries: readonly BaselineEntry[]): Map<string, BaselineEntry> {
  const out = new Map<string, BaselineEntry>();
  for (const e of entries) {
    const seen = out.get(e.fingerprint);
    if (!seen || e.firstSeen < seen.firstSeen) out.set(e.fingerprint, e);
  }
  return out;
}

/**
 * Marks every finding and suppressed finding `new` or `unchanged` with its `firstSeen` (the baseline entry's for
 * unchanged ones, `now` for new ones) and lists the baseline entries in `scope` that neither list has as `fixed`.
 * Without a baseline (`found: false`) every finding is new and nothing is fixed; the report's `source` says why.
 */
export function diffBaseline(
  findings: readonly Finding[],
  suppressed: readonly Finding[],
  baseline: Baseline,
  now: string,
  scope: BaselineScope = EVERYTHING,
): { findings: Finding[]; suppressed: Finding[]; report: BaselineReport } {
  const known = baseline.found ? byFingerprint(baseline.entries) : new Map<string, BaselineEntry>();
  const mark = (f: Finding): Finding => {
    const e = known.get(f.fingerprint);
    return e ? { ...f, baseline: 'unchanged', firstSeen: e.firstSeen } : { ...f, baseline: 'new', firstSeen: now };
  };
  const outFindings = findings.map(mark);
  const outSuppressed = suppressed.map(mark);
  // Without entries nothing can be fixed: no set of 100k fingerprints to build for nothing.
  let fixed: FixedFinding[] = [];
  if (known.size > 0) {
    const present = new Set<string>();
    for (const f of findings) present.add(f.fingerprint);
    for (const f of suppressed) present.add(f.fingerprint);
    fixed = [...known.values()].filter((e) => !present.has(e.fingerprint) && scope(e)).map(fixedOf).sort(compareFixed);
  }
  const unchanged = outFindings.filter((f) => f.baseline === 'unchanged').length;
  return {
    findings: outFindings,
    suppressed: outSuppressed,
    report: { source: baseline.source, found: baseline.found, new: outFindings.length - unchanged, unchanged, fixed },
  };
}

/**
 * The entries of the next baseline: this run's findings and suppressed findings (each fingerprint once), with the
 * firstSeen the diff gave them (`now` for a finding that was never diffed), sorted by fingerprint.
 */
export function baselineEntries(findings: readonly Finding[], suppressed: readonly Finding[], now: string): BaselineEntry[] {
  const out = new Map<string, BaselineEntry>();
  const add = (f: Finding) => {
    const firstSeen = f.firstSeen ?? now;
    const seen = out.get(f.fingerprint);
    if (seen && seen.firstSeen <= firstSeen) return;
    // One source (most findings): no set and no sort to build.
    const scanners = scannersOf(f);
    if (scanners.length > 1) scanners.sort();
    // Literals in the schema's key order (the order baseline.json prints), never a spread: spreading a conditional
    // object per entry cost more than the rest of this function at 100,000 entries.
    const { fingerprint, ruleId, title, severity } = f;
    const { path, target } = f.location;
    const e: BaselineEntry =
      path !== undefined
        ? target !== undefined
          ? { fingerprint, ruleId, title, severity, path, target, firstSeen }
          : { fingerprint, ruleId, title, severity, path, firstSeen }
        : target !== undefined
          ? { fingerprint, ruleId, title, severity, target, firstSeen }
          : { fingerprint, ruleId, title, severity, firstSeen };
    if (scanners.length > 0) e.scanners = scanners;
    out.set(f.fingerprint, e);
  };
  for (const f of findings) add(f);
  for (const f of suppressed) add(f);
  return [...out.values()].sort((a, b) => cmp(a.fingerprint, b.fingerprint));
}
