/**
 * `baseline: auto`: the baseline is the `baseline-artifact` artifact of the latest successful push run of this
 * workflow on the base branch (a pull request's base, else the default branch). Push runs on the default branch
 * upload it (sinks.ts); this module finds and downloads it:
 *   GET /repos/{o}/{r}/actions/workflows/{file}/runs?branch=B&event=push&status=completed (newest first, up to 5)
 *   GET /repos/{o}/{r}/actions/runs/{id}/artifacts?name=N                                 (until a run has it)
 *   @actions/artifact downloadArtifact(id, { findBy })  → GET …/actions/artifacts/{id}/zip, 302 to blob storage, unzip
 * All three need `actions: read`. Only push runs of the base branch count: a pull request's (or a fork's) run could
 * have uploaded anything, so each run in the API's answer is checked again (event, branch, conclusion, repository)
 * before its artifact is trusted. Every failure is a reason in words naming the fix, never an exception.
 *
 * Completed runs, not only successful ones: a push run whose gate blocked (findings at or above fail-on already on the
 * default branch) fails, yet its baseline.json is complete — asking for `status=success` would leave a repository with
 * existing findings without a baseline forever (the first push blocks, so no run ever succeeds). A conclusion other
 * than success or failure (cancelled, timed out…) is not trusted. A baseline that misses findings (a scanner failed in
 * that run) only makes more findings "new": it can make the gate stricter, never looser.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../errors.js';
import { extractZipEntries } from '../fs/zip-entries.js';
import type { Logger } from '../logger.js';
import { readRegularFile } from '../publish/artifact.js';
import { BASELINE_FILE, MAX_BASELINE_BYTES, parseBaseline } from '../report/baseline-schema.js';
import type { LoadedBaseline } from '../report/baseline-file.js';
import { quote } from '../report/schema.js';
import type { GitHubClient } from './client.js';
import { describeHttpError, githubMessage, isHttpError } from './http-errors.js';

/** How many of the newest completed runs are asked for the artifact. */
export const MAX_RUNS = 5;

/** The slice of @actions/artifact's client used here (DefaultArtifactClient satisfies it). */
export interface ArtifactDownloader {
  downloadArtifact(
    artifactId: number,
    options: { path: string; skipDecompress?: boolean; findBy: { token: string; workflowRunId: number; repositoryOwner: string; repositoryName: string } },
  ): Promise<{ downloadPath?: string }>;
}

export interface AutoBaselineDeps {
  /** Undefined without a token. */
  client: GitHubClient | undefined;
  token: string;
  owner?: string;
  repo?: string;
  /** The workflow's file name (ci.yml), from GITHUB_WORKFLOW_REF. */
  workflowFile?: string;
  /** The branch whose push runs hold the baseline: the pull request's base, else the default branch. */
  branch?: string;
  /** `baseline-artifact`. */
  artifactName: string;
  /** This run (never its own baseline). */
  runId?: number;
  /** A fresh directory is made inside it for the download and removed afterwards. */
  tempRoot: string;
  logger: Logger;
  /** Default: a DefaultArtifactClient from a lazy `import('@actions/artifact')`. */
  loadDownloader?: () => Promise<ArtifactDownloader>;
}

export interface RunLike {
  id?: unknown;
  run_number?: unknown;
  event?: unknown;
  head_branch?: unknown;
  head_sha?: unknown;
  conclusion?: unknown;
  created_at?: unknown;
  repository?: { full_name?: unknown } | null;
  head_repository?: { full_name?: unknown } | null;
}

export interface ArtifactLike {
  id?: unknown;
  name?: unknown;
  expired?: unknown;
  size_in_bytes?: unknown;
  workflow_run?: { id?: unknown; head_branch?: unknown } | null;
}

export interface TrustedRun {
  id: number;
  runNumber?: number;
  headSha: string;
  createdAt?: string;
}

export async function defaultDownloader(): Promise<ArtifactDownloader> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

/** What a default-branch lookup needs to list runs and download their artifacts. */
export interface RunArtifactsAccess {
  client: GitHubClient;
  token: string;
  owner: string;
  repo: string;
  tempRoot: string;
  loadDownloader?: () => Promise<ArtifactDownloader>;
}

/** The completed push runs of `workflowFile` on `branch`, newest first, as the API answers (each still to be checked with distrust). */
export async function listPushRuns(a: Pick<RunArtifactsAccess, 'client' | 'owner' | 'repo'>, workflowFile: string, branch: string, perPage: number): Promise<RunLike[]> {
  const r = await a.client.rest.actions.listWorkflowRuns({
    owner: a.owner,
    repo: a.repo,
    workflow_id: workflowFile,
    branch,
    event: 'push',
    status: 'completed',
    exclude_pull_requests: true,
    per_page: perPage,
  });
  return Array.isArray(r.data?.workflow_runs) ? (r.data.workflow_runs as RunLike[]) : [];
}

/** The run's artifacts named `name` (the API's answer; throws what the API throws). */
export async function listRunArtifacts(a: Pick<RunArtifactsAccess, 'client' | 'owner' | 'repo'>, runId: number, name: string): Promise<ArtifactLike[]> {
  const r = await a.client.rest.actions.listWorkflowRunArtifacts({ owner: a.owner, repo: a.repo, run_id: runId, name, per_page: 10 });
  return Array.isArray(r.data?.artifacts) ? (r.data.artifacts as ArtifactLike[]) : [];
}

/** The artifact named `name` of run `runId` among `artifacts`: not expired, with a valid id, and of that run. */
export function runArtifact(artifacts: readonly ArtifactLike[], name: string, runId: number): (ArtifactLike & { id: number }) | undefined {
  return artifacts.find(
    (a): a is ArtifactLike & { id: number } =>
      a.name === name && a.expired !== true && typeof a.id === 'number' && Number.isSafeInteger(a.id) && a.id > 0 && (a.workflow_run?.id === undefined || a.workflow_run.id === runId),
  );
}

/** Why fetchBaselineFile found no baseline: the download failed, baseline.json could not be read, or it is not a baseline. */
export type BaselineFileFailure = { failed: 'download'; error: string } | { failed: 'file'; reason: string } | { failed: 'parse'; problems: string[] };

/**
 * Downloads an artifact below `tempRoot` as the zip it is, takes its baseline.json out (at most `maxBytes`, inflated
 * within that bound: fs/zip-entries.ts; no other entry is ever written) and parses it; the directory is removed in
 * every case.
 */
export async function fetchBaselineFile(
  a: RunArtifactsAccess,
  runId: number,
  artifactId: number,
  dirPrefix: string,
  maxBytes: number,
): Promise<Extract<ReturnType<typeof parseBaseline>, { ok: true }> | BaselineFileFailure> {
  const dir = await mkdtemp(join(a.tempRoot, dirPrefix));
  try {
    const zipDir = join(dir, 'zip');
    const into = join(dir, 'files');
    await mkdir(zipDir);
    await mkdir(into);
    try {
      const downloader = await (a.loadDownloader ?? defaultDownloader)();
      await downloader.downloadArtifact(artifactId, { path: zipDir, skipDecompress: true, findBy: { token: a.token, workflowRunId: runId, repositoryOwner: a.owner, repositoryName: a.repo } });
    } catch (e) {
      return { failed: 'download', error: errorMessage(e) };
    }
    const saved = await readdir(zipDir);
    if (saved.length > 1) return { failed: 'file', reason: `could not be read: the download left ${saved.length} files, not one zip` };
    if (saved.length === 1) {
      // The zip may hold little else than baseline.json: its compressed size is bounded by what is read.
      const problem = await extractZipEntries(join(zipDir, saved[0]!), into, { [BASELINE_FILE]: maxBytes }, maxBytes);
      if (problem) return { failed: 'file', reason: `could not be read: ${problem}` };
    }
    const file = await readRegularFile(join(into, BASELINE_FILE), maxBytes);
    if (!file.ok) return { failed: 'file', reason: file.reason };
    const r = parseBaseline(file.text);
    return r.ok ? r : { failed: 'parse', problems: r.problems };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const NO_BASELINE = 'every finding counts as new';

function none(source: string, warn: boolean): LoadedBaseline {
  return { baseline: { found: false, source }, ...(warn ? { warning: `Baseline: ${source}` } : {}) };
}

/** Why a run in the API's answer is not trusted, or undefined when it is a completed push run of `branch` here. */
export function distrust(run: RunLike, branch: string, repository: string, self?: number): string | undefined {
  if (typeof run.id !== 'number' || !Number.isSafeInteger(run.id) || run.id <= 0) return 'it has no valid id';
  if (self !== undefined && run.id === self) return 'it is this run';
  if (run.event !== 'push') return `its event is ${quote(String(run.event))}, not push`;
  if (run.head_branch !== branch) return `its branch is ${quote(String(run.head_branch))}, not ${quote(branch)}`;
  if (run.conclusion !== 'success' && run.conclusion !== 'failure') return `its conclusion is ${quote(String(run.conclusion))}, not success or failure`;
  if (typeof run.head_sha !== 'string' || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(run.head_sha)) return 'it has no valid head commit';
  for (const [key, r] of [['repository', run.repository], ['head_repository', run.head_repository]] as const) {
    const name = r?.full_name;
    if (name !== undefined && (typeof name !== 'string' || name.toLowerCase() !== repository.toLowerCase())) {
      return `its ${key} is ${quote(String(name))}, not ${repository}`;
    }
  }
  return undefined;
}

function http(e: unknown, what: string, repository: string): string {
  if (!isHttpError(e)) return `${what} failed: ${errorMessage(e)}`;
  if (e.status === 403 && !/rate limit/i.test(githubMessage(e))) {
    return `the token may not read this repository's workflow runs and artifacts (403 ${githubMessage(e)}) when trying to ${what}: give the job \`permissions: actions: read\``;
  }
  return describeHttpError(e, 'other', repository).replace('call the GitHub API', what);
}

/** Finds, downloads and parses the baseline artifact. Never throws: a failure is `found: false` with the reason. */
export async function loadAutoBaseline(d: AutoBaselineDeps): Promise<LoadedBaseline> {
  try {
    return await lookup(d);
  } catch (e) {
    return none(`the baseline artifact could not be looked up (${errorMessage(e)}); ${NO_BASELINE}.`, true);
  }
}

async function lookup(d: AutoBaselineDeps): Promise<LoadedBaseline> {
  const name = d.artifactName.trim();
  if (name === '') return none(`input 'baseline-artifact' is empty, so baseline: auto has no artifact to look for; ${NO_BASELINE}.`, true);
  if (!d.owner || !d.repo || !d.workflowFile) {
    return none(`not running in a GitHub Actions workflow (GITHUB_REPOSITORY or GITHUB_WORKFLOW_REF is not set), so there is no earlier run to take a baseline from; ${NO_BASELINE}.`, false);
  }
  if (!d.branch) return none(`the branch to compare with is unknown (the event names no pull request base and no repository.default_branch); ${NO_BASELINE}.`, true);
  if (!d.client) return none(`input 'github-token' is empty, so the \`${name}\` artifact cannot be looked up; ${NO_BASELINE}. Pass a token with \`actions: read\`.`, true);
  const repository = `${d.owner}/${d.repo}`;
  const where = `workflow ${quote(d.workflowFile)} on ${quote(d.branch)}`;

  const access = { client: d.client, token: d.token, owner: d.owner, repo: d.repo, tempRoot: d.tempRoot, ...(d.loadDownloader ? { loadDownloader: d.loadDownloader } : {}) };
  let runs: RunLike[];
  try {
    runs = await listPushRuns(access, d.workflowFile, d.branch, MAX_RUNS);
  } catch (e) {
    return none(`${http(e, `list the completed push runs of ${where}`, repository)}; ${NO_BASELINE}.`, true);
  }
  const ignored: string[] = [];
  const trusted: TrustedRun[] = [];
  for (const run of runs.slice(0, MAX_RUNS)) {
    const why = distrust(run, d.branch, repository, d.runId);
    if (why) {
      ignored.push(`run ${String(run.id)}: ${why}`);
      continue;
    }
    trusted.push({
      id: run.id as number,
      headSha: run.head_sha as string,
      ...(typeof run.run_number === 'number' ? { runNumber: run.run_number } : {}),
      ...(typeof run.created_at === 'string' ? { createdAt: run.created_at } : {}),
    });
  }
  for (const i of ignored) d.logger.warning(`Baseline: ignored a workflow run the API listed as a completed push run of ${where}: ${i}.`);
  if (trusted.length === 0) {
    const also = ignored.length > 0 ? ` (${ignored.length} run(s) in the API's answer were not, and were ignored)` : '';
    return none(
      `no completed push run of ${where} was found${also} — the \`${name}\` artifact appears after the first push to ${d.branch} runs this workflow with baseline: auto; ${NO_BASELINE}.`,
      ignored.length > 0,
    );
  }

  for (const run of trusted) {
    let artifacts: ArtifactLike[];
    try {
      artifacts = await listRunArtifacts(access, run.id, name);
    } catch (e) {
      return none(`${http(e, `list the artifacts of run ${run.id}`, repository)}; ${NO_BASELINE}.`, true);
    }
    const artifact = runArtifact(artifacts, name, run.id);
    if (!artifact) continue;
    if (typeof artifact.size_in_bytes === 'number' && artifact.size_in_bytes > MAX_BASELINE_BYTES) {
      return none(`the \`${name}\` artifact of run ${run.id} is ${artifact.size_in_bytes.toLocaleString('en-US')} bytes, more than the ${MAX_BASELINE_BYTES.toLocaleString('en-US')} read; ${NO_BASELINE}.`, true);
    }
    return await download(d, access, run, artifact.id, name);
  }
  return none(
    `none of the ${trusted.length} latest completed push run(s) of ${where} has the \`${name}\` artifact (it is uploaded by push runs on the default branch with baseline: auto, and expires with the repository's artifact retention) — it appears after the next push to ${d.branch}; ${NO_BASELINE}.`,
    false,
  );
}

async function download(d: AutoBaselineDeps, access: RunArtifactsAccess, run: TrustedRun, artifactId: number, name: string): Promise<LoadedBaseline> {
  const label = `the \`${name}\` artifact of run ${run.runNumber !== undefined ? `#${run.runNumber} ` : ''}(${run.id}) on ${d.branch} at ${run.headSha.slice(0, 12)}`;
  const r = await fetchBaselineFile(access, run.id, artifactId, 'baseline-artifact-', MAX_BASELINE_BYTES);
  if ('failed' in r) {
    if (r.failed === 'download') {
      const fix = /403|not accessible|forbidden/i.test(r.error) ? ' Give the job `permissions: actions: read`.' : '';
      return none(`${label} could not be downloaded (${r.error});${fix} ${NO_BASELINE}.`, true);
    }
    if (r.failed === 'file') return none(`${BASELINE_FILE} in ${label} ${r.reason}; ${NO_BASELINE}.`, true);
    return none(`${BASELINE_FILE} in ${label} is not a baseline security-scan can read (${r.problems.join('; ')}); ${NO_BASELINE}.`, true);
  }
  d.logger.info(`Baseline: ${r.entries.length} finding(s) from ${label}.`);
  return { baseline: { found: true, source: `${label} (${r.entries.length} finding(s))`, entries: r.entries } };
}
