/**
 * `mode: merge`: the follow-up job of a matrix of `mode: shard` legs. It reads every shard's report (shards-read.ts),
 * combines them into one document — findings and suppressed findings of all shards, one status per scanner (the
 * worst of the shards': a scanner that failed in one shard failed) — and rebuilds the report from it the way the fork
 * publish mode does (publish/rebuild.ts): findings with the same fingerprint in several shards are one finding; counts,
 * risk and the gate are recomputed with this step's settings. Then the reports are written as in a scan (one SARIF run
 * per scanner, categories without a shard key) and main.ts publishes them once: summary, code scanning, one comment,
 * the artifact; the gate is applied once.
 *
 * A shard that was refused, failed or never uploaded never passes silently: it is named in the report's notes and the
 * gate blocks (`expected-shards` names the shards that must be there; without it, no shard at all blocks).
 */
import type { Settings } from '../config/settings.js';
import type { Logger } from '../logger.js';
import type { IgnoreRules } from '../findings/suppress.js';
import { planPaths } from '../pipeline.js';
import { rebuildReport } from '../publish/rebuild.js';
import { insightsFor } from '../insights/index.js';
import { planUpgrades } from '../remediate/upgrades.js';
import { buildReport } from '../report/build.js';
import { openOutputDir, verifyOutputDir } from '../report/output-dir-fs.js';
import type { FindingsDocument } from '../report/schema.js';
import type { RunContext, ScanReport, ScannerStatus } from '../report/types.js';
import { writeReports, type WrittenReports } from '../report/write.js';
import { truncate } from '../report/escape.js';
import { documentFoldKey } from '../findings/merge.js';
import type { AnyScanner } from '../scanners/types.js';
import { atMost, type ExpectedShards } from './matrix.js';
import type { Baseline } from '../findings/baseline.js';
import type { ChangedFiles } from '../findings/changed.js';
import type { TrendHistory } from '../insights/types.js';
import type { ShardRefusal, ShardReport, ShardsRead } from './shards-read.js';

const WORST: readonly ScannerStatus['state'][] = ['failed', 'unavailable', 'ok', 'skipped'];
/** The shards' policy reasons in the merged gate: at most this many, each at most this long (the rest are counted). */
export const SHARD_REASONS_SHOWN = 5;
export const SHARD_REASON_SHOWN_CHARS = 1_000;

/** One status per scanner over the shards (pure): the worst state, the errors named by shard, counts summed. */
export function combineStatuses(shards: readonly ShardReport[]): ScannerStatus[] {
  const byId = new Map<string, { status: ScannerStatus; errors: string[] }>();
  for (const s of shards) {
    for (const st of s.document.scanners) {
      const error = st.state === 'failed' || st.state === 'unavailable' ? `shard ${s.key}: ${st.error ?? st.state}` : undefined;
      const seen = byId.get(st.id);
      if (!seen) {
        byId.set(st.id, { status: { ...st }, errors: error ? [error] : [] });
        continue;
      }
      const a = seen.status;
      if (error) seen.errors.push(error);
      const state = WORST.indexOf(st.state) < WORST.indexOf(a.state) ? st.state : a.state;
      seen.status = {
        ...a,
        state,
        durationMs: Math.max(a.durationMs, st.durationMs),
        rawCount: a.rawCount + st.rawCount,
        ...(a.filtered !== undefined || st.filtered !== undefined ? { filtered: (a.filtered ?? 0) + (st.filtered ?? 0) } : {}),
        ...(a.version ?? st.version ? { version: (a.version ?? st.version)! } : {}),
      };
    }
  }
  return [...byId.values()].map(({ status, errors }) => {
    const { error: _e, ...rest } = status;
    return errors.length > 0 ? { ...rest, error: errors.join('; ') } : rest;
  });
}

/** The shards as one document (for rebuildReport): its summary fields are the first shard's and are not used. */
export function combineDocuments(shards: readonly ShardReport[]): FindingsDocument {
  const first = shards[0]!.document;
  const sum = (k: 'merged' | 'filteredBySeverity') => shards.reduce((n, s) => n + s.document.accounting[k], 0);
  return {
    ...first,
    scanners: combineStatuses(shards),
    findings: shards.flatMap((s) => s.document.findings),
    suppressed: shards.flatMap((s) => s.document.suppressed),
    accounting: { ...first.accounting, merged: sum('merged'), filteredBySeverity: sum('filteredBySeverity') },
  };
}

/** Sentences naming the shards that are missing from `expected` (pure). */
export function missingShards(expected: ExpectedShards, found: readonly string[], refused: readonly ShardRefusal[]): string[] {
  if (!expected) return found.length === 0 && refused.length === 0 ? ['No shard report was found: every shard job failed before uploading, or the merge job ran before them (add needs: <the shard job>).'] : [];
  if ('count' in expected) {
    const got = found.length;
    if (got < expected.count) return [`${expected.count - got} of the ${expected.count} expected shards did not upload a report that could be read (found: ${found.length > 0 ? found.join(', ') : 'none'}).`];
    // More than expected: a shard nobody planned could stand in for one that never reported, so the count proves nothing.
    if (got > expected.count) return [`${got} shards uploaded a report but expected-shards is ${expected.count} (found: ${found.join(', ')}), so a missing shard cannot be told from an extra one; list the shard keys in expected-shards (one a line) instead of a count.`];
    return [];
  }
  return expected.keys.filter((k) => !found.includes(k) && !refused.some((r) => r.shard === JSON.stringify(k))).map((k) => `Shard '${k}' never uploaded its report.`);
}

/** How many fingerprint conflicts the gate names (the rest are counted). */
export const CONFLICTS_SHOWN = 3;

/**
 * The shards' reports that share a fingerprint but not the finding it stands for (kind, path or target). A
 * fingerprint is computed from those fields, so honest legs running this action never disagree on them: a
 * disagreement means a leg's findings.json was written to borrow another report's fingerprint (a pull request's code
 * ran in that leg). Each is a gate reason, naming the shards; at most CONFLICTS_SHOWN are spelled out.
 */
export function fingerprintConflicts(shards: readonly ShardReport[]): string[] {
  const place = (f: FindingsDocument['findings'][number]) =>
    truncate(`${f.kind} at ${f.location.path ?? f.location.target ?? 'no path'}${f.location.path !== undefined && f.location.target !== undefined ? ` (${f.location.target})` : ''}`, 200);
  const first = new Map<string, { key: string; shard: string; place: string }>();
  const named = new Set<string>(); // one reason per fingerprint
  const conflicts: string[] = [];
  for (const s of shards) {
    for (const f of [...s.document.findings, ...s.document.suppressed]) {
      const key = documentFoldKey(f);
      const seen = first.get(f.fingerprint);
      if (!seen) first.set(f.fingerprint, { key, shard: s.key, place: place(f) });
      else if (seen.key !== key && !named.has(f.fingerprint)) {
        named.add(f.fingerprint);
        conflicts.push(`Shard ${JSON.stringify(seen.shard)} reports fingerprint ${truncate(f.fingerprint, 64)} as ${seen.place} and shard ${JSON.stringify(s.key)} as ${place(f)}: a report that does not match its fingerprint was written to stand in for another (re-run those legs).`);
      }
    }
  }
  return atMost(conflicts, CONFLICTS_SHOWN, (n) => `${n} more fingerprint(s) are reported as different findings by different reports (see the log).`);
}

export interface MergeDeps {
  settings: Settings;
  suppressions?: IgnoreRules;
  registry: readonly AnyScanner[];
  read: ShardsRead;
  expected: ExpectedShards;
  context: RunContext;
  workspace: string;
  runnerTemp?: string;
  now: () => Date;
  tool: { name: string; version: string };
  ref?: string;
  logger: Logger;
  /**
   * The merge job's baseline (its `baseline` input, loaded as a scan job loads it): the merged findings are marked
   * new or unchanged against it, and `fail-on-new-only` gates on the new ones. Shards run without one.
   */
  baseline?: Baseline;
  /** The merge job's policy (policy/load.ts): its reasons to block and its notes, as in a scan job. */
  blockReasons?: readonly string[];
  policyNotes?: readonly string[];
  /** The default branch's earlier baselines, for the merged report's trends. */
  history?: Promise<TrendHistory>;
  /** The merge job's changed-files-only files (its own, from the pull request's diff; never a shard's). */
  changedFiles?: ChangedFiles;
}

export interface Merged {
  report: ScanReport;
  files: WrittenReports;
  release: () => Promise<void>;
  /** Trusted Markdown lines for the comment and summary. */
  notes: string[];
}

export async function mergeShards(d: MergeDeps): Promise<Merged> {
  const { logger, read } = d;
  const known = new Set(d.registry.map((s) => s.id));
  const refused = [...read.refused];
  const shards: ShardReport[] = [];
  for (const s of read.shards) {
    const unknown = s.document.scanners.find((st) => !known.has(st.id));
    if (unknown) refused.push({ shard: JSON.stringify(s.key), reason: `its findings.json names scanner ${JSON.stringify(unknown.id.slice(0, 60))}, which this action does not have` });
    else shards.push(s);
  }
  for (const r of refused) logger.warning(`Refused shard ${r.shard}: ${r.reason}. The merge blocks.`);
  logger.info(`Merging ${shards.length} shard report(s) from ${read.source}: ${shards.map((s) => s.key).join(', ') || 'none'}.`);

  // A shard in which no scanner produced a result scanned nothing (an empty report stands for its leg): as in a scan
  // job, that blocks, whatever failure-policy says.
  const noResult = shards
    .filter((s) => !s.document.scanners.some((st) => st.state === 'ok'))
    .map((s) => `Shard ${JSON.stringify(s.key)}: no scanner produced a result (${s.document.scanners.map((st) => `${st.id} ${st.state}`).join(', ') || 'it lists no scanner'}), so what that leg should have scanned was not scanned — re-run that leg.`);
  // A leg the policy blocked (shard.json's blockReasons): the merged gate is recomputed from the findings, and those
  // reasons hold whatever the findings say, so they block here too. A shard wrote them (a pull request's code ran in
  // its job): they are gate reasons only (escaped where rendered), and at most SHARD_REASONS_SHOWN of them, so that
  // shards cannot crowd the findings out of the comment's budget; the rest are counted, and each leg's log has them.
  const shardReasons = shards.flatMap((s) => (s.blockReasons ?? []).map((r) => `Shard ${JSON.stringify(s.key)}: ${truncate(r, SHARD_REASON_SHOWN_CHARS)}`));
  const blockedLegs = shards.filter((s) => s.blockReasons?.length).map((s) => s.key);
  const policyBlocked = atMost(shardReasons, SHARD_REASONS_SHOWN, (n) => `The policy blocked shard${blockedLegs.length > 1 ? 's' : ''} ${blockedLegs.join(', ')} for ${n} more reason(s) (see those legs' logs).`);
  const conflicts = fingerprintConflicts(shards);
  for (const c of conflicts) logger.warning(c);
  const problems = [
    ...refused.map((r) => `Shard ${r.shard} was refused: ${r.reason}; its findings are not in this report — re-run that leg.`),
    ...missingShards(d.expected, shards.map((s) => s.key), refused),
    ...noResult,
  ];
  const extra = d.expected && 'keys' in d.expected ? shards.map((s) => s.key).filter((k) => !(d.expected as { keys: readonly string[] }).keys.includes(k)) : [];
  const extraNote = extra.length > 0 ? [`Shard${extra.length > 1 ? 's' : ''} ${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} not in expected-shards; merged anyway.`] : [];
  const failedIn = shards.filter((s) => s.document.scanners.some((st) => st.state === 'failed' || st.state === 'unavailable')).map((s) => s.key);

  const gateSettings = {
    severities: d.settings.scan.severities,
    failOn: d.settings.gate.failOn,
    failurePolicy: d.settings.gate.failurePolicy,
    ...(d.blockReasons?.length ? { blockReasons: d.blockReasons } : {}),
  };
  // Every shard refused or missing: an empty report of no scanner (its gate blocks), so the refusals are still
  // written into findings.json, the summary and the comment.
  let report: ScanReport =
    shards.length > 0
      ? rebuildReport(combineDocuments(shards), {
          ...gateSettings,
          context: d.context,
          now: d.now().toISOString(),
          ...(d.suppressions ? { suppressions: d.suppressions } : {}),
          ...(d.baseline ? { baseline: d.baseline } : {}),
          ...(d.settings.gate.failOnNewOnly ? { failOnNewOnly: true } : {}),
          ...(d.changedFiles ? { changedFiles: d.changedFiles } : {}),
        }).report
      : buildReport([], { ...gateSettings, scanners: [], now: d.now().toISOString() }, d.context);
  const notes = [`Merged from ${shards.length} shard${shards.length === 1 ? '' : 's'}: ${shards.map((s) => s.key).join(', ') || 'none'}.`];
  if (failedIn.length > 0) notes.push(`A scanner failed in shard${failedIn.length > 1 ? 's' : ''} ${failedIn.join(', ')} (see the scanner table).`);
  notes.push(...extraNote);
  report = {
    ...report,
    notes: [...report.notes, ...(d.policyNotes ?? []), ...notes, ...problems],
    ...(problems.length > 0 || policyBlocked.length > 0 || conflicts.length > 0 ? { gate: { ...report.gate, decision: 'BLOCK', reasons: [...report.gate.reasons, ...problems, ...policyBlocked, ...conflicts] } } : {}),
  };
  // The merged report's insights are computed here, from the merged findings (never taken from a shard).
  const ids = new Set(report.scanners.map((s) => s.id));
  report.insights = insightsFor(report, { now: d.now().toISOString(), compliance: d.settings.extras.compliance, scanners: d.registry.filter((s) => ids.has(s.id)), planUpgrades, ...(d.history ? { history: await d.history } : {}) });

  const paths = await planPaths(d.settings, d.workspace, d.runnerTemp);
  const output = await openOutputDir(paths.output, logger);
  try {
    await verifyOutputDir(paths.output);
    const files = await writeReports(report, {
      outputDir: paths.outputDir,
      workspace: paths.workspace,
      tools: d.registry.filter((s) => ids.has(s.id)).map((s) => ({ id: s.id, displayName: s.displayName, informationUri: s.informationUri })),
      categoryPrefix: d.settings.publish.categoryPrefix,
      generatedAt: d.now().toISOString(),
      tool: d.tool,
      ...(d.ref ? { ref: d.ref } : {}),
      logger,
    });
    return { report, files, release: () => output.release(), notes: [] };
  } catch (e) {
    await output.release();
    throw e;
  }
}
