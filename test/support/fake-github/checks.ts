/**
 * Check runs (checks/create, checks/update) and dependency snapshots (dependency-graph/create-repository-snapshot)
 * for the fake API. The request bodies have already been validated against GitHub's OpenAPI schemas; here the
 * rules the schema only states in words are enforced as GitHub does: at most 50 annotations per request (422), an
 * annotation's start_line ≤ end_line and columns only on one line (422), a known check run id (404).
 */
import { githubError, stableId, type UrlContext } from './responses.js';
import type { Reply } from './handlers.js';

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  title?: string;
  summary?: string;
  annotations: Record<string, unknown>[];
  /** Annotations per request, in order (create first). */
  batches: number[];
  started_at?: string;
  completed_at?: string;
  details_url?: string;
}

export interface FakeSnapshot {
  id: number;
  body: Record<string, unknown>;
}

export class ChecksStore {
  readonly runs: FakeCheckRun[] = [];
  readonly snapshots: FakeSnapshot[] = [];
  private next = 1;
  nextId(): number {
    return this.next++;
  }
}

type Body = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function annotationProblems(output: unknown): string | undefined {
  const annotations = (output as { annotations?: Body[] } | undefined)?.annotations;
  if (!annotations) return undefined;
  if (annotations.length > 50) return `${annotations.length} annotations in one request (the Checks API takes at most 50)`;
  for (const a of annotations) {
    const start = Number(a.start_line);
    const end = Number(a.end_line);
    if (!(start >= 1) || !(end >= start)) return `annotation ${String(a.path)} has start_line ${start}, end_line ${end}`;
    if ((a.start_column !== undefined || a.end_column !== undefined) && start !== end) return `annotation ${String(a.path)} has columns on several lines`;
    if (str(a.message) !== undefined && Buffer.byteLength(str(a.message)!) > 64 * 1024) return `annotation message over 64 KB`;
    if (str(a.title) !== undefined && [...str(a.title)!].length > 255) return 'annotation title over 255 characters';
  }
  const o = output as Body;
  if (str(o.title) !== undefined && [...str(o.title)!].length > 255) return 'output.title over 255 characters';
  if (str(o.summary) !== undefined && [...str(o.summary)!].length > 65_535) return 'output.summary over 65535 characters';
  if (str(o.text) !== undefined && [...str(o.text)!].length > 65_535) return 'output.text over 65535 characters';
  return undefined;
}

function invalid(where: string, problem: string, docs?: string): Reply {
  return { status: 422, body: githubError(422, `Invalid request.\n\n${problem}`, docs), violation: `${where}: ${problem}` };
}

function checkRunJson(run: FakeCheckRun, urls: UrlContext) {
  return {
    id: run.id,
    head_sha: run.head_sha,
    node_id: Buffer.from(`CR_${run.id}`).toString('base64'),
    external_id: null,
    url: `${urls.apiBase}/repos/${urls.owner}/${urls.repo}/check-runs/${run.id}`,
    html_url: `${urls.serverUrl}/${urls.owner}/${urls.repo}/runs/${run.id}`,
    details_url: run.details_url ?? null,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at ?? null,
    completed_at: run.completed_at ?? null,
    output: { title: run.title ?? null, summary: run.summary ?? null, text: null, annotations_count: run.annotations.length, annotations_url: `${urls.apiBase}/repos/${urls.owner}/${urls.repo}/check-runs/${run.id}/annotations` },
    name: run.name,
    check_suite: { id: stableId(`suite-${run.head_sha}`) },
    app: null,
    pull_requests: [],
  };
}

export function applyOutput(run: FakeCheckRun, output: unknown): void {
  const o = (output ?? {}) as Body;
  if (str(o.title) !== undefined) run.title = str(o.title);
  if (str(o.summary) !== undefined) run.summary = str(o.summary);
  const annotations = (o.annotations as Body[] | undefined) ?? [];
  run.annotations.push(...annotations);
  run.batches.push(annotations.length);
}

export function createCheckRun(store: ChecksStore, urls: UrlContext, body: Body, where: string, docs?: string): Reply {
  const problem = annotationProblems(body.output);
  if (problem) return invalid(where, problem, docs);
  const sha = str(body.head_sha) ?? '';
  if (!/^[0-9a-f]{40}$/.test(sha)) return invalid(where, `head_sha '${sha}' is not a commit SHA`, docs);
  const completed = body.status === 'completed' || body.conclusion !== undefined;
  const run: FakeCheckRun = {
    id: store.nextId(),
    name: str(body.name) ?? '',
    head_sha: sha,
    status: completed ? 'completed' : (str(body.status) ?? 'queued'),
    conclusion: str(body.conclusion) ?? null,
    annotations: [],
    batches: [],
    ...(str(body.started_at) ? { started_at: str(body.started_at) } : {}),
    ...(str(body.details_url) ? { details_url: str(body.details_url) } : {}),
  };
  applyOutput(run, body.output);
  store.runs.push(run);
  return { status: 201, body: checkRunJson(run, urls) };
}

export function updateCheckRun(store: ChecksStore, urls: UrlContext, id: number, body: Body, where: string, docs?: string): Reply {
  const run = store.runs.find((r) => r.id === id);
  if (!run) return { status: 404, body: githubError(404, 'Not Found', docs), violation: `${where}: no check run ${id}` };
  const problem = annotationProblems(body.output);
  if (problem) return invalid(where, problem, docs);
  if (run.status === 'completed' && body.output && (body.output as Body).annotations) {
    // GitHub accepts it, but a completed run's annotations arrive after reviewers looked: worth flagging.
    return { status: 200, body: checkRunJson(run, urls), violation: `${where}: annotations sent after the check run was completed` };
  }
  if (str(body.status)) run.status = str(body.status)!;
  if (str(body.conclusion)) {
    run.conclusion = str(body.conclusion)!;
    run.status = 'completed';
  }
  if (str(body.completed_at)) run.completed_at = str(body.completed_at);
  applyOutput(run, body.output);
  return { status: 200, body: checkRunJson(run, urls) };
}

export function createSnapshot(store: ChecksStore, body: Body, where: string, docs?: string): Reply {
  const sha = str(body.sha) ?? '';
  if (!/^[0-9a-f]{40}$/.test(sha)) return invalid(where, `sha '${sha}' is not a commit SHA`, docs);
  const id = store.nextId();
  store.snapshots.push({ id, body });
  return { status: 201, body: { id, created_at: new Date().toISOString(), result: 'SUCCESS', message: 'Dependency results for the repo have been successfully updated.' } };
}
