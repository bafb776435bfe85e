import type { RunContext } from '../report/types.js';
import type { EventInfo } from '../scanners/types.js';

export interface RunEnvironment {
  event: EventInfo;
  context: RunContext;
  owner?: string;
  repo?: string;
  /** The commit the workflow checked out (GITHUB_SHA; the merge commit on pull_request). */
  sha?: string;
  ref?: string;
  /** On pull requests, the head commit: links and comments point at it. */
  headSha?: string;
  apiUrl: string;
  /** The repository's default branch (event payload `repository.default_branch`). */
  defaultBranch?: string;
  /** The running workflow's file name, e.g. `ci.yml` (from GITHUB_WORKFLOW_REF), for the API's workflow_id. */
  workflowFile?: string;
}

interface EventPayload {
  pull_request?: { number?: number; base?: { sha?: string; ref?: string }; head?: { sha?: string; ref?: string } };
  before?: string;
  after?: string;
  repository?: { default_branch?: unknown };
}

/**
 * The workflow file name in GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/ci.yml@refs/heads/main`): `ci.yml`;
 * undefined when the value has another shape.
 */
export function workflowFileOf(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const at = ref.lastIndexOf('@');
  const path = at >= 0 ? ref.slice(0, at) : ref;
  const m = /^[^/]+\/[^/]+\/\.github\/workflows\/([A-Za-z0-9_.-]+\.ya?ml)$/.exec(path);
  return m?.[1];
}

/** Reads what the runner tells about this run (GITHUB_* variables and the event payload). Pure: data in, data out. */
export function readRunEnvironment(env: Readonly<Record<string, string | undefined>>, payloadText: string | undefined): RunEnvironment {
  let payload: EventPayload = {};
  try {
    payload = payloadText ? (JSON.parse(payloadText) as EventPayload) : {};
  } catch {
    payload = {};
  }
  const name = env.GITHUB_EVENT_NAME ?? '';
  const event: EventInfo = { name };
  const pr = payload.pull_request;
  if (pr?.number && pr.base?.sha && pr.head?.sha) {
    event.pullRequest = { number: pr.number, baseSha: pr.base.sha, headSha: pr.head.sha, baseRef: pr.base.ref, headRef: pr.head.ref };
  } else if (name === 'push' && payload.before && payload.after) {
    event.push = { before: payload.before, after: payload.after };
  }
  const defaultBranch = typeof payload.repository?.default_branch === 'string' && payload.repository.default_branch !== '' ? payload.repository.default_branch : undefined;
  if (defaultBranch !== undefined && env.GITHUB_REF === `refs/heads/${defaultBranch}`) event.onDefaultBranch = true;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const headSha = event.pullRequest?.headSha ?? env.GITHUB_SHA;
  const context: RunContext = {};
  const set = <K extends keyof RunContext>(k: K, v: RunContext[K] | undefined) => {
    if (v !== undefined && v !== '') context[k] = v;
  };
  set('serverUrl', env.GITHUB_SERVER_URL ?? 'https://github.com');
  set('repository', env.GITHUB_REPOSITORY);
  set('sha', headSha);
  set('runId', env.GITHUB_RUN_ID);
  set('runAttempt', env.GITHUB_RUN_ATTEMPT);
  set('workflow', env.GITHUB_WORKFLOW);
  set('job', env.GITHUB_JOB);
  set('pullRequest', event.pullRequest?.number);
  return {
    event,
    context,
    owner: owner || undefined,
    repo: repo || undefined,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    headSha,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    ...(defaultBranch !== undefined ? { defaultBranch } : {}),
    ...(workflowFileOf(env.GITHUB_WORKFLOW_REF) ? { workflowFile: workflowFileOf(env.GITHUB_WORKFLOW_REF) } : {}),
  };
}
