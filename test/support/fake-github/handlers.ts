import { randomUUID } from 'node:crypto';
import { downloadArtifact, listRunArtifacts, listWorkflowRuns, type ActionsStore } from './actions.js';
import { CommentStore, issueCommentJson, linkHeader, pageOf, pagingParams } from './comments.js';
import type { Operation } from './operations.js';
import { listPullFiles } from './pull-files.js';
import { getContent } from './contents.js';
import { ChecksStore, createCheckRun, createSnapshot, updateCheckRun } from './checks.js';
import { MESSAGES, githubError, simpleUser, stableId, type UrlContext } from './responses.js';
import { decodeSarifUpload } from './sarif.js';
import type { CommentDeletion, CommentEdit, FakePull, FakeRepository, FakeToken, SarifUpload } from './types.js';

/** GitHub's limit on issue and pull request comment bodies, in characters. */
export const MAX_COMMENT_CHARS = 65_536;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set when the request breaks a rule of the real API: the server records it in `violations`. */
  violation?: string;
}

export interface ServerState {
  repository: FakeRepository;
  urls: UrlContext;
  advancedSecurity: boolean;
  pendingPolls: number;
  pulls: Record<number, FakePull>;
  now: () => Date;
  comments: CommentStore;
  uploads: SarifUpload[];
  processing: Map<string, { polls: number; failure?: string }>;
  /** failProcessing() calls not yet used up. */
  failures: { message: string; left: number }[];
  edits: CommentEdit[];
  deletions: CommentDeletion[];
  /** Files by commit and path (contents.ts). */
  contents: Record<string, Record<string, string>>;
  /** Workflow runs and artifacts (actions.ts). */
  actions: ActionsStore;
  /** Check runs and dependency snapshots (checks.ts). */
  checks: ChecksStore;
}

export interface Call {
  operation: Operation;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  url: URL;
  token: FakeToken;
}

type Handler = (state: ServerState, call: Call) => Reply;

const HANDLERS: Record<string, Handler> = {
  'code-scanning/upload-sarif': uploadSarif,
  'code-scanning/get-sarif': getSarif,
  'issues/list-comments': listComments,
  'issues/create-comment': createComment,
  'issues/update-comment': updateComment,
  'issues/delete-comment': deleteComment,
  'pulls/get': getPull,
  'pulls/list': listPulls,
  'pulls/list-files': listPullFiles,
  'repos/get-content': getContent,
  'repos/get': getRepository,
  'users/get-authenticated': (state, call) => ({ status: 200, body: simpleUser(call.token.login, state.urls) }),
  'actions/list-workflow-runs': listWorkflowRuns,
  'actions/list-workflow-run-artifacts': listRunArtifacts,
  'actions/download-artifact': downloadArtifact,
  'checks/create': (state, call) => createCheckRun(state.checks, state.urls, fields(call.body), `POST ${call.url.pathname}`, call.operation.documentationUrl),
  'checks/update': (state, call) => updateCheckRun(state.checks, state.urls, num(call.path.check_run_id), fields(call.body), `PATCH ${call.url.pathname}`, call.operation.documentationUrl),
  'dependency-graph/create-repository-snapshot': (state, call) => createSnapshot(state.checks, fields(call.body), `POST ${call.url.pathname}`, call.operation.documentationUrl),
};

export function handle(state: ServerState, call: Call): Reply {
  const handler = HANDLERS[call.operation.operationId];
  if (!handler) throw new Error(`fake-github has no handler for ${call.operation.operationId}`);
  return handler(state, call);
}

const fields = (body: unknown): Record<string, unknown> => (body ?? {}) as Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number => (typeof value === 'number' ? value : Number.NaN);

function notFound(call: Call, why: string): Reply {
  return {
    status: 404,
    body: githubError(404, MESSAGES.notFound, call.operation.documentationUrl),
    violation: `${call.operation.method} ${call.url.pathname}: ${why}`,
  };
}

function advancedSecurityOff(state: ServerState, call: Call): Reply | undefined {
  if (state.advancedSecurity) return undefined;
  return { status: 403, body: githubError(403, MESSAGES.advancedSecurity, call.operation.documentationUrl) };
}

function uploadSarif(state: ServerState, call: Call): Reply {
  const off = advancedSecurityOff(state, call);
  if (off) return off;
  const body = fields(call.body);
  const decoded = decodeSarifUpload(str(body.sarif) ?? '');
  if (!decoded.ok) {
    return {
      status: decoded.status,
      body: githubError(decoded.status, decoded.message, call.operation.documentationUrl),
      violation: `POST ${call.url.pathname}: ${decoded.status} ${decoded.message}`,
    };
  }
  const id = randomUUID();
  const upload: SarifUpload = {
    id,
    commit_sha: str(body.commit_sha) ?? '',
    ref: str(body.ref) ?? '',
    tool_name: str(body.tool_name),
    checkout_uri: str(body.checkout_uri),
    started_at: str(body.started_at),
    sarif: decoded.sarif,
    gzipBytes: decoded.gzipBytes,
  };
  state.uploads.push(upload);
  const failure = state.failures[0];
  if (failure) {
    failure.left -= 1;
    if (failure.left <= 0) state.failures.shift();
  }
  state.processing.set(id, { polls: 0, failure: failure?.message });
  return { status: 202, body: { id, url: `${repoApi(state)}/code-scanning/sarifs/${id}` } };
}

function getSarif(state: ServerState, call: Call): Reply {
  const off = advancedSecurityOff(state, call);
  if (off) return off;
  const id = String(call.path.sarif_id);
  const processing = state.processing.get(id);
  if (!processing) return notFound(call, `no SARIF upload with id ${id}`);
  processing.polls += 1;
  if (processing.polls <= state.pendingPolls) {
    return { status: 200, body: { processing_status: 'pending', analyses_url: null } };
  }
  if (processing.failure !== undefined) {
    return { status: 200, body: { processing_status: 'failed', analyses_url: null, errors: [processing.failure] } };
  }
  return {
    status: 200,
    body: { processing_status: 'complete', analyses_url: `${repoApi(state)}/code-scanning/analyses?sarif_id=${id}` },
  };
}

function listComments(state: ServerState, call: Call): Reply {
  const issue = num(call.path.issue_number);
  const since = str(call.query.since);
  const all = state.comments.list(issue, since === undefined ? undefined : new Date(since));
  const { page, perPage } = pagingParams(call.query);
  const { items, lastPage } = pageOf(all, page, perPage);
  const link = linkHeader(call.url, page, lastPage);
  const isPull = issue in state.pulls;
  return {
    status: 200,
    body: items.map((c) => issueCommentJson(c, { ...state.urls, isPull })),
    headers: link === undefined ? {} : { link },
  };
}

function tooLong(call: Call, body: string): Reply | undefined {
  const chars = [...body].length;
  if (chars <= MAX_COMMENT_CHARS) return undefined;
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: MESSAGES.commentTooLong }],
      documentation_url: call.operation.documentationUrl,
      status: '422',
    },
    violation: `${call.operation.method} ${call.url.pathname}: comment body has ${chars} characters (max ${MAX_COMMENT_CHARS})`,
  };
}

function createComment(state: ServerState, call: Call): Reply {
  const issue = num(call.path.issue_number);
  const text = str(fields(call.body).body) ?? '';
  const rejected = tooLong(call, text);
  if (rejected) return rejected;
  const comment = state.comments.add(issue, call.token.login, text, state.now());
  const json = issueCommentJson(comment, { ...state.urls, isPull: issue in state.pulls });
  return { status: 201, body: json, headers: { location: String(json.url) } };
}

function updateComment(state: ServerState, call: Call): Reply {
  const id = num(call.path.comment_id);
  const existing = state.comments.get(id);
  if (!existing) return notFound(call, `no comment ${id}`);
  const text = str(fields(call.body).body) ?? '';
  const rejected = tooLong(call, text);
  if (rejected) return rejected;
  state.edits.push({ commentId: id, issue: existing.issue, editor: call.token.login, author: existing.login, body: text });
  const comment = state.comments.update(id, text, state.now()) ?? existing;
  return { status: 200, body: issueCommentJson(comment, { ...state.urls, isPull: comment.issue in state.pulls }) };
}

function deleteComment(state: ServerState, call: Call): Reply {
  const id = num(call.path.comment_id);
  const existing = state.comments.remove(id);
  if (!existing) return notFound(call, `no comment ${id}`);
  state.deletions.push({ commentId: id, issue: existing.issue, deleter: call.token.login, author: existing.login });
  return { status: 204 };
}

function getPull(state: ServerState, call: Call): Reply {
  const number = num(call.path.pull_number);
  const pull = state.pulls[number];
  if (!pull) return notFound(call, `no pull request ${number} (configure options.pulls)`);
  return { status: 200, body: pullJson(state, number, pull) };
}

/**
 * GET /repos/{o}/{r}/pulls: `state` (default open; closed; all), `head` as `owner:branch` (the head repository's
 * owner), `base` (branch); newest (highest number) first, paged like GitHub.
 */
function listPulls(state: ServerState, call: Call): Reply {
  const wanted = str(call.query.state) ?? 'open';
  const head = str(call.query.head);
  const base = str(call.query.base);
  const all = Object.entries(state.pulls)
    .map(([n, pull]) => pullJson(state, Number(n), pull))
    .filter((p) => wanted === 'all' || p.state === wanted)
    .filter((p) => head === undefined || (head.includes(':') ? p.head.label === head : p.head.label.startsWith(`${head}:`)))
    .filter((p) => base === undefined || p.base.ref === base)
    .sort((a, b) => b.number - a.number);
  const { page, perPage } = pagingParams(call.query);
  const { items, lastPage } = pageOf(all, page, perPage);
  const link = linkHeader(call.url, page, lastPage);
  return { status: 200, body: items, headers: link === undefined ? {} : { link } };
}

function pullJson(state: ServerState, number: number, pull: FakePull) {
  const { owner, name } = state.repository;
  const side = (ref: string, sha: string, fullName: string) => {
    const [repoOwner = owner, repoName = name] = fullName.split('/');
    return {
      label: `${repoOwner}:${ref}`,
      ref,
      sha,
      user: simpleUser(repoOwner, state.urls),
      repo: { id: stableId(fullName), name: repoName, full_name: fullName, fork: fullName !== `${owner}/${name}` },
    };
  };
  return {
    url: `${repoApi(state)}/pulls/${number}`,
    id: stableId(`${owner}/${name}#${number}`),
    html_url: `${state.urls.serverUrl}/${owner}/${name}/pull/${number}`,
    number,
    state: pull.state ?? 'open',
    locked: false,
    draft: false,
    title: pull.title ?? `Pull request ${number}`,
    body: null,
    user: simpleUser('octocat', state.urls),
    head: side(pull.headRef, pull.headSha, pull.headRepo ?? `${owner}/${name}`),
    base: side(pull.baseRef, pull.baseSha, `${owner}/${name}`),
    merge_commit_sha: pull.mergeCommitSha ?? null,
    merged: false,
  };
}

function getRepository(state: ServerState): Reply {
  const { owner, name, defaultBranch } = state.repository;
  return {
    status: 200,
    body: {
      id: stableId(`${owner}/${name}`),
      node_id: Buffer.from(`R_${owner}/${name}`).toString('base64'),
      name,
      full_name: `${owner}/${name}`,
      owner: simpleUser(owner, state.urls),
      private: state.repository.private,
      visibility: state.repository.private ? 'private' : 'public',
      html_url: `${state.urls.serverUrl}/${owner}/${name}`,
      url: repoApi(state),
      fork: false,
      archived: false,
      disabled: false,
      default_branch: defaultBranch,
    },
  };
}

function repoApi(state: ServerState): string {
  return `${state.urls.apiBase}/repos/${state.repository.owner}/${state.repository.name}`;
}
