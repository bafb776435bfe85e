/**
 * A local imitation of api.github.com for the GitHub-integration and e2e tests (issue 3, item 6).
 *
 *   const fake = await startFakeGitHub({ pulls: { 7: { headSha, headRef: 'feature', baseSha, baseRef: 'main' } } });
 *   // point the client at it: GITHUB_API_URL=fake.url, token FAKE_TOKENS.write ("Authorization: token …" or "Bearer …")
 *   …
 *   expect(fake.violations).toEqual([]);
 *   await fake.close();
 *
 * A real node:http server on 127.0.0.1 (random port) serving the operations extracted from GitHub's OpenAPI
 * description into github-api/operations.json (scripts/extract-openapi.mjs): code-scanning upload-sarif/get-sarif,
 * issues list/create/update/delete-comment, pulls/get, pulls/list, repos/get, users/get-authenticated (pulls/list was
 * added to operations.json by hand from @octokit/openapi-types, see its `handAdded`; regenerating replaces it).
 *
 * Every request is recorded in `fake.requests` (method, path, query, body, headers minus authorization, status)
 * and checked against its operation: method + path template (else 404), path/query parameter types, content type
 * and the JSON body (ajv + ajv-formats against the requestBody schema: 400 unparseable, 415, 422). Every failure —
 * and every broken GitHub limit (SARIF > 10 MB gzip → 413, > 20 runs, > 25,000 results in a run, two runs with the
 * same tool and automationDetails.id → 400, comment > 65,536 characters → 422), unknown SARIF id, comment, pull or
 * another repository → 404 — is answered as GitHub would AND appended to `fake.violations`. Undocumented query
 * parameters and a body sent to an operation that takes none are only recorded (GitHub ignores them).
 *
 * Order of answers: injected fault → 401 (missing/unknown token) → 404 (route/params/repository) → 403 for a
 * 'read' token on POST/PATCH/PUT/DELETE ("Resource not accessible by integration") → 400/415/422 → the operation.
 * Every response carries x-ratelimit-limit/remaining/reset/used/resource like GitHub's.
 *
 * State and knobs: `uploads` (decoded SARIF), `comments()`, `addComment(issue, login, body)`, `edits` and
 * `deletions` (who changed whose comment), `failProcessing(message, times?)`, `inject(fault)` (see githubFaults
 * for 5xx, secondary and primary rate limits), options.advancedSecurity=false (403 on code scanning),
 * options.pendingPolls (GET sarifs/{id} answers 'pending' that many times first; default 1).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionsStore } from './fake-github/actions.js';
import { CommentStore } from './fake-github/comments.js';
import { ChecksStore } from './fake-github/checks.js';
import { FaultQueue, faultBody, type FaultSpec } from './fake-github/faults.js';
import { handle, type Reply, type ServerState } from './fake-github/handlers.js';
import { compileRoutes, loadOperations, matchRoute } from './fake-github/operations.js';
import { DOCS, MESSAGES, RateLimit, githubError } from './fake-github/responses.js';
import type { FakeGitHub, FakeGitHubOptions, FakeToken, RecordedRequest } from './fake-github/types.js';
import { RequestValidator } from './fake-github/validate.js';

export { githubFaults, type FaultSpec } from './fake-github/faults.js';
export { SARIF_LIMITS } from './fake-github/sarif.js';
export { MAX_COMMENT_CHARS } from './fake-github/handlers.js';
export { MESSAGES as GITHUB_MESSAGES } from './fake-github/responses.js';
export type * from './fake-github/types.js';
export type { FakeArtifact, FakeWorkflowRun } from './fake-github/actions.js';

/** Tokens the fake knows when options.tokens is not given (not secret-shaped on purpose). */
export const FAKE_TOKENS = { write: 'fake-write-token', read: 'fake-read-token' } as const;

const DEFAULT_TOKENS: Record<string, FakeToken> = {
  [FAKE_TOKENS.write]: { login: 'github-actions[bot]', permission: 'write' },
  [FAKE_TOKENS.read]: { login: 'github-actions[bot]', permission: 'read' },
};

/** Bodies above this are refused before parsing (a 10 MB gzip is ~14 MB of base64). */
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const file = loadOperations();
  const routes = compileRoutes(file.operations);
  const validator = new RequestValidator(file);
  const tokens = options.tokens ?? DEFAULT_TOKENS;
  const now = options.now ?? (() => new Date());
  const rateLimit = new RateLimit(options.rateLimit ?? 5000, now());
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const repository = {
    owner: options.repository?.owner ?? 'octo-org',
    name: options.repository?.name ?? 'octo-repo',
    private: options.repository?.private ?? false,
    defaultBranch: options.repository?.defaultBranch ?? 'main',
  };
  const state: ServerState = {
    repository,
    urls: { apiBase: '', serverUrl: options.serverUrl ?? 'https://github.com', owner: repository.owner, repo: repository.name },
    advancedSecurity: options.advancedSecurity ?? true,
    pendingPolls: options.pendingPolls ?? 1,
    pulls: options.pulls ?? {},
    now,
    comments: new CommentStore(),
    uploads: [],
    processing: new Map(),
    failures: [],
    edits: [],
    deletions: [],
    actions: new ActionsStore(),
    contents: options.contents ?? {},
    checks: new ChecksStore(),
  };
  let requestCounter = 0;

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', state.urls.apiBase);
    const route = matchRoute(routes, method, url.pathname);
    const operation = route.kind === 'matched' ? route.operation : undefined;
    const token = authenticate(req.headers.authorization, tokens);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: recordedBody(raw),
      headers: recordedHeaders(req),
      ...(token.kind === 'ok' ? { login: token.token.login } : {}),
      ...(operation ? { operationId: operation.operationId } : {}),
      status: 0,
    };
    requests.push(record);
    requestCounter += 1;
    const where = `${method} ${url.pathname}`;
    const send = (reply: Reply, extraHeaders: Record<string, string> = {}) => {
      if (reply.violation !== undefined) violations.push(reply.violation);
      record.status = reply.status;
      writeReply(res, reply, { ...rateLimit.take(), 'x-github-request-id': `FAKE:${requestCounter}`, ...extraHeaders });
    };

    // Validate first so that a request answered by a fault or a 401 still has its mistakes recorded.
    const problems: { reply: Reply; rank: number }[] = [];
    const refuse = (rank: number, status: number, message: string, violation: string, body?: unknown) =>
      problems.push({
        rank,
        reply: { status, violation: `${where}: ${violation}`, body: body ?? githubError(status, message, operation?.documentationUrl) },
      });
    let call: { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown } | undefined;
    if (raw === 'too-large') {
      refuse(0, 413, 'Payload Too Large', `request body over ${MAX_REQUEST_BYTES} bytes`);
    } else if (route.kind === 'method-not-allowed') {
      refuse(1, 404, MESSAGES.notFound, `no ${method} operation for this path (GitHub has ${route.allowed.join(', ')})`);
    } else if (route.kind === 'unknown' || !operation) {
      refuse(1, 404, MESSAGES.notFound, "no such operation in GitHub's API description (or not extracted)");
    } else {
      const params = validator.checkParameters(operation, route.pathParams, url.searchParams);
      for (const error of params.pathErrors) refuse(1, 404, MESSAGES.notFound, error);
      const owner = params.path.owner;
      const repo = params.path.repo;
      if (
        typeof owner === 'string' &&
        typeof repo === 'string' &&
        `${owner}/${repo}`.toLowerCase() !== `${repository.owner}/${repository.name}`.toLowerCase()
      ) {
        refuse(1, 404, MESSAGES.notFound, `repository ${owner}/${repo} is not ${repository.owner}/${repository.name}`);
      }
      for (const name of params.unknownQuery) violations.push(`${where}: undocumented query parameter ${name}`);
      for (const error of params.queryErrors) refuse(3, 422, 'Validation Failed', error);
      const body = validator.checkBody(operation, req.headers['content-type'], raw);
      if (body.ok) {
        for (const note of body.ignored) violations.push(`${where}: ${note}`);
        call = { path: params.path, query: params.query, body: body.body };
      } else {
        refuse(3, body.problem.status, body.problem.message, body.details.join('; '));
      }
    }
    for (const problem of problems) {
      if (problem.reply.violation !== undefined) violations.push(problem.reply.violation);
    }
    const answer = (reply: Reply) => send({ ...reply, violation: undefined });

    const fault = faults.take(method, url.pathname, operation?.path);
    if (fault) {
      record.fault = true;
      return sendFault(res, fault, now(), { ...rateLimit.take(), 'x-github-request-id': `FAKE:${requestCounter}` }, record);
    }
    if (token.kind !== 'ok') {
      const message = token.kind === 'missing' ? MESSAGES.requiresAuthentication : MESSAGES.badCredentials;
      return answer({ status: 401, body: githubError(401, message, DOCS.rest) });
    }
    const first = problems.sort((a, b) => a.rank - b.rank)[0];
    if (first && first.rank <= 1) return answer(first.reply);
    if (WRITE_METHODS.has(method) && token.token.permission === 'read') {
      return answer({ status: 403, body: githubError(403, MESSAGES.notAccessible, operation?.documentationUrl) });
    }
    if (first) return answer(first.reply);
    if (!operation || !call) throw new Error('fake-github: request passed validation without an operation');
    return send(handle(state, { operation, ...call, url, token: token.token }));
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      violations.push(`fake-github internal error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(githubError(500, 'Server Error')));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.urls.apiBase = `http://127.0.0.1:${port}`;

  return {
    url: state.urls.apiBase,
    port,
    repository,
    openapiVersion: file.source.version,
    requests,
    violations,
    uploads: state.uploads,
    edits: state.edits,
    deletions: state.deletions,
    actions: state.actions,
    checks: state.checks,
    addWorkflowRun: (run) => state.actions.add(run, now()),
    comments: (issue) => state.comments.list(issue).map((c) => ({ ...c })),
    addComment: (issue, login, body) => ({ ...state.comments.add(issue, login, body, now()) }),
    failProcessing: (message, times = Number.POSITIVE_INFINITY) => {
      state.failures.push({ message, left: times });
    },
    inject: (fault: FaultSpec) => faults.add(fault),
    get pendingFaults() {
      return faults.pending;
    },
    responseErrors: (operationId, status, body) => {
      const operation = file.operations.find((op) => op.operationId === operationId);
      if (!operation) return [`unknown operation ${operationId}`];
      return validator.responseErrors(operation, status, body);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

type Auth = { kind: 'ok'; token: FakeToken } | { kind: 'missing' } | { kind: 'unknown' };

/** `Authorization: token X` or `Bearer X` (case-insensitive scheme), as Octokit and the Actions toolkit send it. */
function authenticate(header: string | undefined, tokens: Record<string, FakeToken>): Auth {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1] === undefined ? undefined : tokens[match[1]];
  return token ? { kind: 'ok', token } : { kind: 'unknown' };
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function recordedBody(raw: Buffer | 'too-large'): unknown {
  if (raw === 'too-large') return '<too large>';
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'authorization' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const BASE_HEADERS = {
  'x-github-media-type': 'github.v3; format=json',
  'x-github-api-version-selected': '2022-11-28',
} as const;

function writeReply(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  const all: Record<string, string> = { ...BASE_HEADERS, ...headers, ...reply.headers };
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status, all).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res
    .writeHead(reply.status, {
      ...all,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    })
    .end(text);
}

function sendFault(
  res: ServerResponse,
  fault: FaultSpec,
  now: Date,
  headers: Record<string, string>,
  record: RecordedRequest,
): void {
  const extra = typeof fault.headers === 'function' ? fault.headers(now) : fault.headers ?? {};
  const { text, json } = faultBody(fault);
  record.status = fault.status;
  res
    .writeHead(fault.status, {
      ...BASE_HEADERS,
      ...headers,
      'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...extra,
    })
    .end(text);
}
