import type { ActionsStore, FakeWorkflowRun } from './actions.js';
import type { ChecksStore } from './checks.js';
import type { FaultSpec } from './faults.js';
import type { SarifLog } from './sarif.js';

export interface FakeToken {
  /** The author of comments created with this token, e.g. github-actions[bot] (a `[bot]` suffix makes a Bot). */
  login: string;
  /** 'read' is what a fork pull request's GITHUB_TOKEN has: every POST/PATCH/PUT/DELETE gets 403. */
  permission: 'write' | 'read';
  /** The `actions` permission: 'none' (a job without `actions: read`) gets 403 on workflow runs and artifacts. Default 'read'. */
  actions?: 'read' | 'none';
}

export interface FakeRepository {
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
}

export interface FakePull {
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  /** Default: no merge commit (null), as while GitHub computes mergeability. */
  mergeCommitSha?: string | null;
  title?: string;
  /** owner/name of the head repository; a different one than the base makes the PR a fork PR. */
  headRepo?: string;
  /** Default open. */
  state?: 'open' | 'closed';
  /** What GET …/pulls/{n}/files lists, in this order (default none). */
  files?: FakePullFile[];
}

/** One file of a pull request, as pulls/list-files shows it (`diff-entry`). */
export interface FakePullFile {
  filename: string;
  /** Default 'modified'. */
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
  /** Hunks only, as GitHub sends them; leave out for a binary or too-large file. */
  patch?: string;
  /** Default: counted from the patch. */
  additions?: number;
  deletions?: number;
}

export interface FakeGitHubOptions {
  /** token → who it is. Default: FAKE_TOKENS.write (github-actions[bot], write) and FAKE_TOKENS.read (read). */
  tokens?: Record<string, FakeToken>;
  /** The one repository served; requests for any other get 404 and a violation. Default octo-org/octo-repo. */
  repository?: Partial<FakeRepository>;
  /** false: code scanning answers 403 "Advanced Security must be enabled…". Default true. */
  advancedSecurity?: boolean;
  /** How many GET sarifs/{id} polls answer 'pending' before 'complete'/'failed'. Default 1. */
  pendingPolls?: number;
  /** Pull requests by number, for GET /repos/{o}/{r}/pulls/{n} and GET /repos/{o}/{r}/pulls (state, head, base). Comment html_urls use /pull/ for these numbers. */
  pulls?: Record<number, FakePull>;
  /** Files served by GET …/contents/{path}?ref=<sha>: by commit, then repository-relative path. Default none. */
  contents?: Record<string, Record<string, string>>;
  /** x-ratelimit-limit. Default 5000. */
  rateLimit?: number;
  /** Web host for html_url. Default https://github.com. */
  serverUrl?: string;
  /** Clock for created_at/updated_at and rate-limit resets. Default: the real clock. */
  now?: () => Date;
}

export interface RecordedRequest {
  method: string;
  /** URL path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the text, undefined when empty. */
  body: unknown;
  /** Lower-cased request headers, without `authorization`. */
  headers: Record<string, string>;
  /** The token's login when the token is known. */
  login?: string;
  /** The matched operation, e.g. issues/create-comment. */
  operationId?: string;
  /** The status the fake answered with. */
  status: number;
  /** True when an injected fault answered. */
  fault?: true;
}

export interface SarifUpload {
  id: string;
  commit_sha: string;
  ref: string;
  tool_name?: string;
  checkout_uri?: string;
  started_at?: string;
  /** The decoded (base64 → gunzip → JSON) SARIF log. */
  sarif: SarifLog;
  gzipBytes: number;
}

export interface CommentEdit {
  commentId: number;
  issue: number;
  /** Login of the token that sent the PATCH. */
  editor: string;
  /** Login of the comment's author. Tests assert editor === author for every edit we make. */
  author: string;
  body: string;
}

export interface CommentDeletion {
  commentId: number;
  issue: number;
  deleter: string;
  author: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  login: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeGitHub {
  /** Base URL (http://127.0.0.1:PORT): pass it as GITHUB_API_URL / Octokit baseUrl. */
  readonly url: string;
  readonly port: number;
  readonly repository: FakeRepository;
  /** @octokit/openapi version the operations were extracted from. */
  readonly openapiVersion: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Requests the real API would refuse or that break a GitHub limit. Tests assert it stays empty. */
  readonly violations: string[];
  /** Accepted code scanning uploads, in order. */
  readonly uploads: SarifUpload[];
  readonly edits: CommentEdit[];
  readonly deletions: CommentDeletion[];
  /** Stored comments (all issues, or one), oldest first. */
  comments(issue?: number): FakeComment[];
  /** Seeds a comment by someone else (or anyone). */
  addComment(issue: number, login: string, body: string): FakeComment;
  /** Uploads received from now on (the next `times`, default all) end as processing_status 'failed'. */
  failProcessing(message: string, times?: number): void;
  /** Answers the next `times` matching requests with this fault, before any normal handling. */
  inject(fault: FaultSpec): void;
  /** Fault uses not consumed yet. */
  readonly pendingFaults: number;
  /** Workflow runs and their artifacts (GET …/actions/workflows/{file}/runs, …/runs/{id}/artifacts, …/artifacts/{id}/zip). */
  readonly actions: ActionsStore;
  /** Check runs (checks/create, checks/update) and dependency snapshots, as received. */
  readonly checks: ChecksStore;
  /** Adds a workflow run (createdAt defaults to the fake's clock, later runs newer). */
  addWorkflowRun(run: FakeWorkflowRun): FakeWorkflowRun;
  /** Problems of a response body against GitHub's documented schema for that operation and status. */
  responseErrors(operationId: string, status: number, body: unknown): string[];
  close(): Promise<void>;
}
