/**
 * The trends' history: counts per severity of the default branch's latest baselines — the `baseline-artifact`
 * artifacts that push runs of this workflow on the default branch upload (baseline: auto) — oldest first.
 *   GET /repos/{o}/{r}/actions/workflows/{file}/runs?branch=D&event=push&status=completed  (newest first, one page)
 *   GET /repos/{o}/{r}/actions/runs/{id}/artifacts?name=N                                  (per run, until N are read)
 *   @actions/artifact downloadArtifact(id, { findBy }) → baseline.json → its `counts` (entries counted when absent)
 * Bounded: at most `limit` downloads (config file report.trendHistory, default 10, at most 50), each artifact at most
 * MAX_BASELINE_BYTES, one page of runs. The same trust rule as the baseline (baseline-artifact.ts distrust): only
 * completed push runs of the default branch of this repository count. An artifact that cannot be read (too large,
 * not a zip, no baseline.json, not a baseline) is skipped and named in `skipped`; nothing here throws.
 */
import { errorMessage } from '../errors.js';
import { SEVERITIES } from '../findings/model.js';
import { cmp } from '../findings/sort.js';
import type { TrendHistory, TrendPoint } from '../insights/types.js';
import type { Logger } from '../logger.js';
import { BASELINE_FILE, MAX_BASELINE_BYTES } from '../report/baseline-schema.js';
import { plainText, truncate } from '../report/escape.js';
import { distrust, fetchBaselineFile, listPushRuns, listRunArtifacts, runArtifact, type ArtifactDownloader, type ArtifactLike, type RunArtifactsAccess, type RunLike } from './baseline-artifact.js';
import type { GitHubClient } from './client.js';
import { describeHttpError, isHttpError } from './http-errors.js';

export interface TrendHistoryDeps {
  /** Undefined without a token. */
  client: GitHubClient | undefined;
  token: string;
  owner?: string;
  repo?: string;
  workflowFile?: string;
  /** The repository's default branch. */
  branch?: string;
  /** `baseline-artifact`. */
  artifactName: string;
  /** This run (never part of its own history). */
  runId?: number;
  /** How many baselines to read (report.trendHistory); 0: none. */
  limit: number;
  tempRoot: string;
  logger: Logger;
  /** Default: a DefaultArtifactClient from a lazy `import('@actions/artifact')`. */
  loadDownloader?: () => Promise<ArtifactDownloader>;
  /** Largest artifact (zip) downloaded; default MAX_BASELINE_BYTES. */
  maxArtifactBytes?: number;
}

const none = (reason: string): TrendHistory => ({ points: [], reason });

/** Loads the history; never throws (a failure is no history with the reason). */
export async function loadTrendHistory(d: TrendHistoryDeps): Promise<TrendHistory> {
  try {
    const h = await lookup(d);
    if (h.skipped?.length) for (const s of h.skipped) d.logger.warning(`Trends: skipped ${s}`);
    d.logger.info(h.points.length ? `Trends: ${h.points.length} earlier baseline(s) of the default branch read.` : `Trends: ${h.reason ?? 'no history'}`);
    return h;
  } catch (e) {
    return none(`the default branch's baselines could not be looked up (${truncate(plainText(errorMessage(e)), 300)})`);
  }
}

async function lookup(d: TrendHistoryDeps): Promise<TrendHistory> {
  const name = d.artifactName.trim();
  if (d.limit <= 0) return none('report.trendHistory is 0 in the config file, so no earlier baselines are read');
  if (name === '') return none("input 'baseline-artifact' is empty, so there is no baseline artifact to read the history from");
  if (!d.owner || !d.repo || !d.workflowFile) return none('not running in a GitHub Actions workflow (GITHUB_REPOSITORY or GITHUB_WORKFLOW_REF is not set), so there are no earlier runs');
  if (!d.branch) return none('the default branch is unknown (the event payload names no repository.default_branch)');
  if (!d.client) return none(`input 'github-token' is empty, so the default branch's \`${name}\` artifacts cannot be listed; pass a token with \`actions: read\``);
  const repository = `${d.owner}/${d.repo}`;
  const maxBytes = d.maxArtifactBytes ?? MAX_BASELINE_BYTES;

  const access = { client: d.client, token: d.token, owner: d.owner, repo: d.repo, tempRoot: d.tempRoot, ...(d.loadDownloader ? { loadDownloader: d.loadDownloader } : {}) };
  let runs: RunLike[];
  try {
    // Some runs have no artifact (expired, a job without the scan): ask for more runs than baselines wanted.
    runs = await listPushRuns(access, d.workflowFile, d.branch, Math.min(100, d.limit * 2 + 1));
  } catch (e) {
    const why = isHttpError(e) && e.status === 403 ? 'the token may not read workflow runs (give the job `permissions: actions: read`)' : isHttpError(e) ? describeHttpError(e, 'other', repository) : errorMessage(e);
    return none(`the default branch's runs could not be listed: ${truncate(plainText(why), 300)}`);
  }

  const points: TrendPoint[] = [];
  const skipped: string[] = [];
  let downloads = 0;
  for (const run of runs.slice(0, 100)) {
    if (downloads >= d.limit) break;
    if (distrust(run, d.branch, repository, d.runId) !== undefined) continue;
    const runId = run.id as number;
    let artifacts: ArtifactLike[];
    try {
      artifacts = await listRunArtifacts(access, runId, name);
    } catch (e) {
      skipped.push(`run ${runId}: its artifacts could not be listed (${truncate(plainText(errorMessage(e)), 200)})`);
      continue;
    }
    const artifact = runArtifact(artifacts, name, runId);
    if (!artifact) continue;
    const label = `the \`${name}\` artifact of run ${runId}`;
    if (typeof artifact.size_in_bytes !== 'number' || artifact.size_in_bytes > maxBytes) {
      skipped.push(`${label}: it is ${typeof artifact.size_in_bytes === 'number' ? `${artifact.size_in_bytes.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} read` : 'of unknown size'}`);
      continue;
    }
    downloads++;
    const r = await readCounts(access, runId, artifact.id, label, maxBytes);
    if ('skip' in r) skipped.push(r.skip);
    else points.push({ ...r.point, runId, sha: run.head_sha as string });
  }
  points.sort((a, b) => cmp(a.at, b.at) || (a.runId ?? 0) - (b.runId ?? 0));
  const also = skipped.length ? { skipped } : {};
  if (points.length === 0) {
    return { points, reason: `no readable \`${name}\` artifact was found in the latest completed push runs of ${d.workflowFile} on ${d.branch}${skipped.length ? ` (${skipped.length} skipped)` : ''}`, ...also };
  }
  return { points, ...also };
}

async function readCounts(access: RunArtifactsAccess, runId: number, artifactId: number, label: string, maxBytes: number): Promise<{ point: TrendPoint } | { skip: string }> {
  const r = await fetchBaselineFile(access, runId, artifactId, 'trend-artifact-', maxBytes);
  if ('failed' in r) {
    if (r.failed === 'download') return { skip: `${label}: it could not be downloaded (${truncate(plainText(r.error), 200)})` };
    if (r.failed === 'file') return { skip: `${label}: ${BASELINE_FILE} ${r.reason}` };
    return { skip: `${label}: ${BASELINE_FILE} is not a baseline (${truncate(r.problems.join('; '), 300)})` };
  }
  // Older baselines have no counts: their entries, suppressed findings included, are counted instead.
  const counts = r.counts ?? Object.fromEntries(SEVERITIES.map((s) => [s, r.entries.filter((e) => e.severity === s).length]));
  const c = { critical: counts['critical'] ?? 0, high: counts['high'] ?? 0, medium: counts['medium'] ?? 0, low: counts['low'] ?? 0, info: counts['info'] ?? 0 };
  return { point: { at: r.generatedAt, counts: c, total: SEVERITIES.reduce((n, s) => n + c[s], 0) } };
}
