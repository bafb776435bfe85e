/**
 * `mode: shard`: one leg of a matrix that scans and hands its report to a `mode: merge` job. The leg runs the scanners
 * and writes its reports as in `mode: scan`, then uploads findings.json, sarif/ and shard.json (its key) as the
 * artifact `security-scan-shard-<key>`. It posts no comment, uploads nothing to code scanning and writes no
 * annotations (the merge job does, once), and it does not fail the job on findings: the merge job gates. A scanner
 * that failed is recorded in findings.json (the merge job names the shard and blocks) and warned about here.
 */
import { join, relative, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '../errors.js';
import { writeFileAtomic } from '../fs/safe-write.js';
import { MANIFEST_FILE, parseManifest, renderManifest } from '../report/output-dir.js';
import type { WrittenReports } from '../report/write.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../logger.js';
import type { ScanReport } from '../report/types.js';
import { atMost, keyByLeg, keyPolicyByLeg, KEY_PATTERN, type MatrixLeg } from './matrix.js';

/** Every shard artifact's name starts with this; the merge job downloads `security-scan-shard-*`. */
export const SHARD_ARTIFACT_PREFIX = 'security-scan-shard-';
export const SHARD_FILE = 'shard.json';
export const SHARD_SCHEMA = 'security-scan/shard@1';

/** The shard's key: `shard-key`, else the matrix leg's key; refused when neither names the shard. */
export function shardKeyOf(shardKey: string, leg: MatrixLeg | undefined): string {
  const key = shardKey || leg?.key || '';
  if (key === '') {
    throw new ConfigurationError("Input 'mode' is 'shard', but the step is not in a matrix and input 'shard-key' is empty; set shard-key (e.g. shard-key: ${{ matrix.image }}) or run the step in a matrix.");
  }
  if (!KEY_PATTERN.test(key)) {
    throw new ConfigurationError(`Input 'shard-key' is '${key.slice(0, 120)}'; use 1 to 100 letters, digits, '.', '_', '-', '=' or ','.`);
  }
  return key;
}

export function shardArtifactName(key: string): string {
  return `${SHARD_ARTIFACT_PREFIX}${key}`;
}

/** What a shard says of itself (checked by the merge job against the artifact's name). */
export interface ShardManifest {
  schema: typeof SHARD_SCHEMA;
  key: string;
  matrix?: Record<string, string>;
  /**
   * The policy's reasons to block this leg (policy/load.ts: an inline suppression the pull request adds that the
   * scanner applies unseen, the base's policy files unreadable while the pull request has its own). They hold
   * whatever the findings say, so the merge job, which recomputes the gate from the findings, blocks on them too.
   */
  blockReasons?: string[];
}

/** At most this many block reasons, each at most this long, are written to shard.json (and read from it). */
export const SHARD_BLOCK_REASONS_MAX = 20;
export const SHARD_BLOCK_REASON_MAX_CHARS = 2_000;

/**
 * Writes shard.json next to findings.json and adds it to output-dir's manifest (so the next run removes it); returns
 * the files with shard.json among the extra files the artifact carries. `blockReasons`: the policy's (see
 * ShardManifest), bounded; more than the bound are summed up in the last one, never dropped silently.
 */
export async function writeShardFile(files: WrittenReports, key: string, leg: MatrixLeg | undefined, blockReasons: readonly string[] = []): Promise<WrittenReports> {
  const file = join(files.outputDir, SHARD_FILE);
  // Cut in UTF-16 units, the unit the reader's schema bounds (escape.ts truncate counts code points).
  const cut = (r: string) => (r.length > SHARD_BLOCK_REASON_MAX_CHARS ? `${r.slice(0, SHARD_BLOCK_REASON_MAX_CHARS - 1)}…` : r);
  const reasons = atMost(blockReasons.map(cut), SHARD_BLOCK_REASONS_MAX, (n) => `and ${n} more reason(s) to block (see this leg's log).`);
  const manifest: ShardManifest = {
    schema: SHARD_SCHEMA,
    key,
    ...(leg ? { matrix: Object.fromEntries(leg.entries.map((e) => [e.name, e.value])) } : {}),
    ...(reasons.length > 0 ? { blockReasons: reasons } : {}),
  };
  await writeFileAtomic(file, `${JSON.stringify(manifest, null, 2)}\n`);
  const listed = parseManifest(await readFile(join(files.outputDir, MANIFEST_FILE), 'utf8').catch(() => ''));
  const rel = relative(files.outputDir, file).split(sep).join('/');
  if (!listed.includes(rel)) await writeFileAtomic(join(files.outputDir, MANIFEST_FILE), renderManifest([...listed, rel]));
  return { ...files, extraFiles: [...files.extraFiles, file] };
}

/**
 * The settings a mode runs with. `scan` (and `publish`, for the leg's artifact) in a matrix: keyed by the leg (matrix.ts). `shard`: the artifact is the shard
 * artifact, and no comment, code scanning upload, annotations, check run or baseline (the merge job publishes and
 * gates once; a baseline compares the merged report, not a leg's).
 */
export function settingsForMode<S extends Settings>(settings: S): S {
  const p = settings.publish;
  if (p.mode === 'scan' || p.mode === 'publish') return p.matrix ? { ...settings, publish: keyByLeg(p, p.matrix), policy: keyPolicyByLeg(settings.policy, p.matrix) } : settings;
  if (p.mode !== 'shard') return settings;
  const key = shardKeyOf(p.shardKey, p.matrix);
  return {
    ...settings,
    publish: { ...p, shardKey: key, artifactName: shardArtifactName(key), comment: 'never', uploadSarif: false, annotations: false, checkRun: false },
    policy: { ...settings.policy, baseline: 'none' },
  };
}

/** What a shard step says at its end instead of gating: the merge job gates. It never fails the job on findings. */
export function shardVerdict(report: ScanReport, key: string, logger: Logger, blockReasons: readonly string[] = []): void {
  if (blockReasons.length > 0) logger.warning(`security-scan shard '${key}': the policy blocks this change (${blockReasons.join(' ')}); recorded in the shard's shard.json, so the merge job blocks too.`);
  const failed = report.scanners.filter((s) => s.state === 'failed' || s.state === 'unavailable');
  if (failed.length > 0) {
    logger.warning(`security-scan shard '${key}': ${failed.map((s) => s.displayName).join(', ')} did not complete; recorded in the shard's findings.json, so the merge job names this shard and blocks.`);
  }
  logger.info(`security-scan shard '${key}': ${report.total} finding(s) (decision here ${report.gate.decision}); uploaded as ${shardArtifactName(key)} — the merge job gates.`);
}
