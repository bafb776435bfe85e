/**
 * The dependency graph sink (`dependency-snapshot: true`, needs `contents: write`): submits the dependency
 * snapshots scanners wrote (Scanner.dependencySnapshot; files under <output-dir>/dependency-snapshots/) to the
 * dependency submission API, POST /repos/{owner}/{repo}/dependency-graph/snapshots, so Dependabot alerts cover them.
 *
 * Each file is validated (zod, the API's shape) before anything is sent; the snapshots of one run (the tree and
 * each image) are merged into one submission, since a later snapshot with the same correlator and detector
 * replaces the earlier. What only the run knows is set here, as @github/dependency-submission-toolkit does:
 * `sha` is the pull request's head commit (else GITHUB_SHA), `ref` is GITHUB_REF, `job.correlator` is
 * `<workflow>_<job>` (trivy-action's form, so a switch from it replaces the same snapshot), `job.id` the run id.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { DEPENDENCY_SNAPSHOT_DIR } from '../scanners/types.js';
import type { GitHubClient } from './client.js';
import type { RunEnvironment } from './context.js';
import { describeHttpError, githubMessage, isHttpError } from './http-errors.js';

const scalarMetadata = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).refine((m) => Object.keys(m).length <= 8, 'metadata holds at most 8 keys');

const dependency = z.strictObject({
  package_url: z.string().regex(/^pkg:/, 'a package URL starts with pkg:'),
  metadata: scalarMetadata.optional(),
  relationship: z.enum(['direct', 'indirect']).optional(),
  scope: z.enum(['runtime', 'development']).optional(),
  dependencies: z.array(z.string()).optional(),
});

const manifest = z.strictObject({
  name: z.string(),
  file: z.strictObject({ source_location: z.string().optional() }).optional(),
  metadata: scalarMetadata.optional(),
  resolved: z.record(z.string(), dependency).optional(),
});

const detector = z.strictObject({ name: z.string().min(1), version: z.string(), url: z.string() });

/** A scanner's snapshot file: the API's body, where job, sha and ref may be missing (the run sets them). */
export const scannerSnapshotSchema = z.strictObject({
  version: z.number().int(),
  detector,
  job: z.strictObject({ correlator: z.string().optional(), id: z.string().optional(), html_url: z.string().optional() }).optional(),
  sha: z.string().optional(),
  ref: z.string().optional(),
  scanned: z.string(),
  metadata: scalarMetadata.optional(),
  manifests: z.record(z.string(), manifest).optional(),
});

/** The body the API takes. */
export const snapshotSchema = scannerSnapshotSchema.extend({
  job: z.strictObject({ correlator: z.string().min(1), id: z.string().min(1), html_url: z.string().optional() }),
  sha: z.string().regex(/^[0-9a-f]{40}$/, 'a 40-character commit SHA'),
  ref: z.string().regex(/^refs\//, 'a full ref (refs/heads/…)'),
  scanned: z.iso.datetime({ offset: true }),
});

export type ScannerSnapshot = z.infer<typeof scannerSnapshotSchema>;
export type Snapshot = z.infer<typeof snapshotSchema>;

/** The snapshot files among the files a run wrote. */
export function snapshotFiles(files: readonly string[]): string[] {
  return files.filter((f) => basename(dirname(f)) === DEPENDENCY_SNAPSHOT_DIR && f.endsWith('.json')).sort();
}

/** Parses and checks one file; a problem names the file and the field. */
export function parseScannerSnapshot(text: string, name: string): ScannerSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name} is not JSON (${(e as Error).message}).`);
  }
  const r = scannerSnapshotSchema.safeParse(json);
  if (!r.success) throw new Error(`${name} is not a dependency snapshot: ${r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}.`);
  return r.data;
}

export interface SnapshotRun {
  sha: string;
  ref: string;
  correlator: string;
  jobId: string;
  htmlUrl?: string;
}

/** What the run sets, from the runner's variables; undefined (with why) outside a workflow run. */
export function snapshotRun(runEnv: RunEnvironment): SnapshotRun | string {
  const sha = runEnv.event.pullRequest?.headSha ?? runEnv.sha;
  const ref = runEnv.ref;
  const { workflow, job, runId, serverUrl, repository } = runEnv.context;
  if (!sha || !ref) return 'GITHUB_SHA or GITHUB_REF is not set';
  if (!runId) return 'GITHUB_RUN_ID is not set';
  return {
    sha,
    ref,
    correlator: `${workflow ?? ''}_${job ?? ''}`,
    jobId: runId,
    ...(serverUrl && repository ? { htmlUrl: `${serverUrl}/${repository}/actions/runs/${runId}` } : {}),
  };
}

/** One submission from the run's snapshots: manifests merged (a repeated name gets ` (2)`…), the first detector. */
export function mergeSnapshots(parts: readonly ScannerSnapshot[], run: SnapshotRun): Snapshot {
  const first = parts[0]!;
  const manifests: Record<string, z.infer<typeof manifest>> = {};
  for (const p of parts) {
    for (const [key, m] of Object.entries(p.manifests ?? {})) {
      let k = key;
      for (let i = 2; k in manifests; i += 1) k = `${key} (${i})`;
      manifests[k] = m;
    }
  }
  const body = {
    version: first.version,
    detector: first.detector,
    job: { correlator: run.correlator, id: run.jobId, ...(run.htmlUrl ? { html_url: run.htmlUrl } : {}) },
    sha: run.sha,
    ref: run.ref,
    scanned: parts.map((p) => p.scanned).sort().at(-1)!,
    ...(first.metadata ? { metadata: first.metadata } : {}),
    manifests,
  };
  return snapshotSchema.parse(body);
}

export interface SubmitOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  runEnv: RunEnvironment;
  /** Every file the run wrote into the output directory (WrittenReports.extraFiles). */
  files: readonly string[];
  logger: Logger;
}

export interface SubmitResult {
  submitted: boolean;
  manifests: number;
  dependencies: number;
  id?: number;
  warning?: string;
}

/** Validates, merges and submits. Never throws for bad files or HTTP failures: each is one warning. */
export async function submitDependencySnapshot(o: SubmitOptions): Promise<SubmitResult> {
  const repository = `${o.owner}/${o.repo}`;
  const warn = (warning: string): SubmitResult => {
    o.logger.warning(warning);
    return { submitted: false, manifests: 0, dependencies: 0, warning };
  };
  const files = snapshotFiles(o.files);
  if (files.length === 0) return warn('Dependency snapshot not submitted: no scanner wrote one in this run (see the scanner warnings above).');
  const run = snapshotRun(o.runEnv);
  if (typeof run === 'string') return warn(`Dependency snapshot not submitted: ${run} (not running in GitHub Actions?).`);
  const parts: ScannerSnapshot[] = [];
  for (const f of files) {
    try {
      parts.push(parseScannerSnapshot(await readFile(f, 'utf8'), basename(f)));
    } catch (e) {
      o.logger.warning(`Dependency snapshot ${basename(f)} left out: ${(e as Error).message}`);
    }
  }
  if (parts.length === 0) return warn('Dependency snapshot not submitted: no snapshot file was valid.');
  let body: Snapshot;
  try {
    body = mergeSnapshots(parts, run);
  } catch (e) {
    return warn(`Dependency snapshot not submitted: the merged snapshot is invalid: ${(e as Error).message}`);
  }
  const manifests = Object.keys(body.manifests ?? {}).length;
  const dependencies = Object.values(body.manifests ?? {}).reduce((n, m) => n + Object.keys(m.resolved ?? {}).length, 0);
  try {
    const r = await o.client.rest.dependencyGraph.createRepositorySnapshot({ owner: o.owner, repo: o.repo, ...body });
    o.logger.info(`Dependency snapshot submitted (${manifests} manifests, ${dependencies} dependencies, correlator ${body.job.correlator}): ${r.data.result} ${r.data.message}`);
    return { submitted: true, manifests, dependencies, id: r.data.id };
  } catch (e) {
    if (!isHttpError(e)) throw e;
    if (e.status === 403 || e.status === 404) {
      return warn(
        `Dependency snapshot not submitted: the token may not write to the dependency graph of ${repository} (${e.status} ${githubMessage(e)}). ` +
          "Add `contents: write` to the job's `permissions:` (and enable the dependency graph in the repository's settings), or set `dependency-snapshot: false`. " +
          'On pull requests from forks the token is always read-only.',
      );
    }
    return warn(`Dependency snapshot not submitted: ${describeHttpError(e, 'other', repository)}`);
  }
}

export interface DependencySnapshotSinkDeps {
  enabled: boolean;
  client: GitHubClient | undefined;
  runEnv: RunEnvironment;
}

/** The dependency graph submission as a sink (after the scan wrote the snapshot files). */
export function dependencySnapshotSink(d: DependencySnapshotSinkDeps): import('../sinks.js').Sink {
  return {
    id: 'dependency snapshot',
    async run(ctx) {
      if (!d.enabled) return;
      const { owner, repo } = d.runEnv;
      if (!owner || !repo) {
        ctx.logger.info('Dependency snapshot not submitted: not running in GitHub Actions (GITHUB_REPOSITORY is not set).');
        return;
      }
      if (!d.client) {
        ctx.logger.warning("Dependency snapshot not submitted: input 'github-token' is empty. Pass a token with contents: write, or set dependency-snapshot: false.");
        return;
      }
      await submitDependencySnapshot({ client: d.client, owner, repo, runEnv: d.runEnv, files: ctx.files.extraFiles, logger: ctx.logger });
    },
  };
}
