/**
 * Workflow runs and their artifacts, for `baseline: auto` (src/github/baseline-artifact.ts):
 *   GET /repos/{o}/{r}/actions/workflows/{workflow_id}/runs   (branch, event, status, head_sha filters; newest first)
 *   GET /repos/{o}/{r}/actions/runs/{run_id}/artifacts       (name filter)
 *   GET /repos/{o}/{r}/actions/artifacts/{id}/{format}        → 302 Location: the artifact's blob URL (410 when expired)
 * All three need the token's `actions` permission (FakeToken.actions, default 'read'); without it: 403 "Resource not
 * accessible by integration", as GitHub answers a GITHUB_TOKEN whose job did not grant `actions: read`.
 */
import { linkHeader, pageOf, pagingParams } from './comments.js';
import type { Call, Reply, ServerState } from './handlers.js';
import { MESSAGES, githubError, simpleUser, stableId } from './responses.js';

export interface FakeArtifact {
  id: number;
  name: string;
  sizeInBytes?: number;
  expired?: boolean;
  /** Where GET …/artifacts/{id}/zip redirects (a blob URL, e.g. the fake artifact service's downloadUrl()). */
  location: string;
}

export interface FakeWorkflowRun {
  id: number;
  /** The workflow's file name, e.g. ci.yml (matched by workflow_id, as is its numeric id). */
  workflowFile: string;
  headBranch: string;
  headSha: string;
  /** push, pull_request, … */
  event: string;
  /** Default completed. */
  status?: string;
  /** Default success. */
  conclusion?: string | null;
  /** Default: the fake's clock when added, so later runs are newer. */
  createdAt?: string;
  runNumber?: number;
  /** owner/name of the head repository; default the served repository. */
  headRepository?: string;
  artifacts?: FakeArtifact[];
  /**
   * Listed whatever the query's filters say (branch, event, status): a stand-in for an API answer the client must
   * not trust blindly.
   */
  ignoresFilters?: boolean;
}

export class ActionsStore {
  readonly runs: FakeWorkflowRun[] = [];
  /** Workflow files that exist (GET …/workflows/{file}/runs on another answers 404); a run adds its own. */
  readonly workflows = new Set<string>();
  /** Artifact downloads answered (302), by artifact id. */
  readonly downloads: number[] = [];

  add(run: FakeWorkflowRun, now: Date): FakeWorkflowRun {
    this.workflows.add(run.workflowFile);
    const stored = { ...run, createdAt: run.createdAt ?? new Date(now.getTime() + this.runs.length * 1000).toISOString() };
    this.runs.push(stored);
    return stored;
  }
}

const workflowId = (file: string) => stableId(`workflow:${file}`);

function denied(call: Call): Reply | undefined {
  if ((call.token.actions ?? 'read') === 'read') return undefined;
  return { status: 403, body: githubError(403, MESSAGES.notAccessible, call.operation.documentationUrl) };
}

function repoApi(state: ServerState): string {
  return `${state.urls.apiBase}/repos/${state.repository.owner}/${state.repository.name}`;
}

function minimalRepository(state: ServerState, fullName: string): Record<string, unknown> {
  const [owner = state.repository.owner, name = state.repository.name] = fullName.split('/');
  const api = `${state.urls.apiBase}/repos/${fullName}`;
  const urls = Object.fromEntries(
    [
      'archive', 'assignees', 'blobs', 'branches', 'collaborators', 'comments', 'commits', 'compare', 'contents', 'contributors',
      'deployments', 'downloads', 'events', 'forks', 'git_commits', 'git_refs', 'git_tags', 'hooks', 'issue_comment', 'issue_events',
      'issues', 'keys', 'labels', 'languages', 'merges', 'milestones', 'notifications', 'pulls', 'releases', 'stargazers', 'statuses',
      'subscribers', 'subscription', 'tags', 'teams', 'trees',
    ].map((k) => [`${k}_url`, `${api}/${k.replace(/_/g, '/')}`]),
  );
  return {
    id: stableId(fullName),
    node_id: Buffer.from(`R_${fullName}`).toString('base64'),
    name,
    full_name: fullName,
    owner: simpleUser(owner, state.urls),
    private: state.repository.private,
    html_url: `${state.urls.serverUrl}/${fullName}`,
    description: null,
    fork: fullName.toLowerCase() !== `${state.repository.owner}/${state.repository.name}`.toLowerCase(),
    url: api,
    ...urls,
  };
}

function runJson(state: ServerState, run: FakeWorkflowRun): Record<string, unknown> {
  const full = `${state.repository.owner}/${state.repository.name}`;
  const api = `${repoApi(state)}/actions/runs/${run.id}`;
  return {
    id: run.id,
    name: 'ci',
    node_id: Buffer.from(`WFR_${run.id}`).toString('base64'),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `.github/workflows/${run.workflowFile}`,
    display_title: `run ${run.id}`,
    run_number: run.runNumber ?? run.id % 1000,
    run_attempt: 1,
    event: run.event,
    status: run.status ?? 'completed',
    conclusion: run.conclusion === undefined ? 'success' : run.conclusion,
    workflow_id: workflowId(run.workflowFile),
    url: api,
    html_url: `${state.urls.serverUrl}/${full}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.createdAt,
    run_started_at: run.createdAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(state)}/check-suites/${run.id}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    workflow_url: `${repoApi(state)}/actions/workflows/${workflowId(run.workflowFile)}`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha,
      message: 'commit',
      timestamp: run.createdAt,
      author: { name: 'Octo Cat', email: 'octocat@example.com' },
      committer: { name: 'Octo Cat', email: 'octocat@example.com' },
    },
    repository: minimalRepository(state, full),
    head_repository: minimalRepository(state, run.headRepository ?? full),
  };
}

function artifactJson(state: ServerState, run: FakeWorkflowRun, a: FakeArtifact): Record<string, unknown> {
  const api = `${repoApi(state)}/actions/artifacts/${a.id}`;
  return {
    id: a.id,
    node_id: Buffer.from(`A_${a.id}`).toString('base64'),
    name: a.name,
    size_in_bytes: a.sizeInBytes ?? 1024,
    url: api,
    archive_download_url: `${api}/zip`,
    expired: a.expired ?? false,
    created_at: run.createdAt ?? null,
    expires_at: null,
    updated_at: run.createdAt ?? null,
    workflow_run: { id: run.id, head_branch: run.headBranch, head_sha: run.headSha, repository_id: stableId(`${state.repository.owner}/${state.repository.name}`) },
  };
}

/** GET …/actions/workflows/{workflow_id}/runs: the workflow's runs, newest first, filtered like GitHub. */
export function listWorkflowRuns(state: ServerState, call: Call): Reply {
  const no = denied(call);
  if (no) return no;
  const wanted = String(call.path.workflow_id);
  const q = call.query;
  const matches = (r: FakeWorkflowRun) => {
    if (r.workflowFile !== wanted && String(workflowId(r.workflowFile)) !== wanted) return false;
    if (r.ignoresFilters) return true;
    if (typeof q.branch === 'string' && r.headBranch !== q.branch) return false;
    if (typeof q.event === 'string' && r.event !== q.event) return false;
    if (typeof q.head_sha === 'string' && r.headSha !== q.head_sha) return false;
    if (typeof q.status === 'string') {
      const status = r.status ?? 'completed';
      const conclusion = r.conclusion === undefined ? 'success' : r.conclusion;
      if (status !== q.status && conclusion !== q.status) return false;
    }
    return true;
  };
  if (![...state.actions.workflows].some((w) => w === wanted || String(workflowId(w)) === wanted)) {
    return { status: 404, body: githubError(404, MESSAGES.notFound, call.operation.documentationUrl) };
  }
  const all = state.actions.runs
    .filter(matches)
    .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.id - a.id)
    .map((r) => runJson(state, r));
  const { page, perPage } = pagingParams(q);
  const { items, lastPage } = pageOf(all, page, perPage);
  const link = linkHeader(call.url, page, lastPage);
  return { status: 200, body: { total_count: all.length, workflow_runs: items }, headers: link === undefined ? {} : { link } };
}

/** GET …/actions/runs/{run_id}/artifacts: the run's artifacts (optionally by name). */
export function listRunArtifacts(state: ServerState, call: Call): Reply {
  const no = denied(call);
  if (no) return no;
  const run = state.actions.runs.find((r) => r.id === Number(call.path.run_id));
  if (!run) return { status: 404, body: githubError(404, MESSAGES.notFound, call.operation.documentationUrl), violation: `GET ${call.url.pathname}: no run ${String(call.path.run_id)}` };
  const name = typeof call.query.name === 'string' ? call.query.name : undefined;
  const all = (run.artifacts ?? []).filter((a) => name === undefined || a.name === name).map((a) => artifactJson(state, run, a));
  const { page, perPage } = pagingParams(call.query);
  const { items, lastPage } = pageOf(all, page, perPage);
  const link = linkHeader(call.url, page, lastPage);
  return { status: 200, body: { total_count: all.length, artifacts: items }, headers: link === undefined ? {} : { link } };
}

/** GET …/actions/artifacts/{artifact_id}/{archive_format}: 302 to the blob (zip only), 410 when expired. */
export function downloadArtifact(state: ServerState, call: Call): Reply {
  const no = denied(call);
  if (no) return no;
  const id = Number(call.path.artifact_id);
  const found = state.actions.runs.flatMap((r) => r.artifacts ?? []).find((a) => a.id === id);
  if (!found || call.path.archive_format !== 'zip') {
    return { status: 404, body: githubError(404, MESSAGES.notFound, call.operation.documentationUrl), violation: `GET ${call.url.pathname}: no zip of artifact ${id}` };
  }
  if (found.expired) return { status: 410, body: githubError(410, 'Artifact has expired', call.operation.documentationUrl) };
  state.actions.downloads.push(id);
  return { status: 302, headers: { location: found.location } };
}
