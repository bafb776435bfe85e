import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAKE_TOKENS,
  githubFaults,
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
} from './fake-github.js';

const SHA = 'ab12'.repeat(10);
const REPO = '/repos/octo-org/octo-repo';
const SARIFS = `${REPO}/code-scanning/sarifs`;

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options?: FakeGitHubOptions): Promise<FakeGitHub> {
  fake = await startFakeGitHub(options);
  return fake;
}

interface CallOptions {
  token?: string | null;
  scheme?: string;
  body?: unknown;
  contentType?: string;
}

async function call(server: FakeGitHub, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
  const token = options.token === undefined ? FAKE_TOKENS.write : options.token;
  if (token !== null) headers.authorization = `${options.scheme ?? 'token'} ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json; charset=utf-8';
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever JSON the fake answered
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : (JSON.parse(text) as any) };
}

interface RunSpec {
  tool?: string;
  category?: string;
  results?: number;
}

function sarifLog(runs: RunSpec[], extra: Record<string, unknown> = {}) {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: runs.map((run) => ({
      tool: { driver: { name: run.tool ?? 'security-scan', rules: [] } },
      ...(run.category === undefined ? {} : { automationDetails: { id: run.category } }),
      results: Array.from({ length: run.results ?? 1 }, (_, i) => ({ ruleId: 'R1', message: { text: `finding ${i}` } })),
    })),
    ...extra,
  };
}

const encode = (sarif: unknown) => gzipSync(JSON.stringify(sarif)).toString('base64');

function uploadBody(sarif: unknown, extra: Record<string, unknown> = {}) {
  return { commit_sha: SHA, ref: 'refs/pull/7/merge', sarif: encode(sarif), tool_name: 'security-scan', ...extra };
}

/** Parses an RFC 5988 Link header into rel → page number. */
function links(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? '').split(',').filter((p) => p.trim() !== '')) {
    const match = /<([^>]+)>;\s*rel="([a-z]+)"/.exec(part.trim());
    if (match?.[1] && match[2]) out[match[2]] = Number(new URL(match[1]).searchParams.get('page'));
  }
  return out;
}

describe('fake GitHub: request validation against the extracted OpenAPI operations', () => {
  it('reads operations extracted from a recorded @octokit/openapi version', async () => {
    const server = await start();
    expect(server.openapiVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects a body without commit_sha with 422 and records one violation', async () => {
    const server = await start();
    const { commit_sha: _omitted, ...body } = uploadBody(sarifLog([{}]));
    const res = await call(server, 'POST', SARIFS, { body });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('Invalid request.\n\n"commit_sha" wasn\'t supplied.');
    expect(server.violations).toHaveLength(1);
    expect(server.violations[0]).toContain('commit_sha');
    expect(server.uploads).toHaveLength(0);
  });

  it.each([
    ['commit_sha of the wrong type', { commit_sha: 12345 }, 'must be string'],
    ['a ref that is not a full ref', { ref: 'main' }, 'must match pattern'],
    ['a started_at that is not a date-time', { started_at: 'yesterday' }, 'must match format "date-time"'],
    ['an unknown field', { category: 'x' }, '"category" is not a permitted key.'],
  ])('rejects %s with 422 and a violation', async (_name, override, expected) => {
    const server = await start();
    const res = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog([{}]), override) });
    expect(res.status).toBe(422);
    expect(res.json.message).toContain(expected);
    expect(server.violations).toHaveLength(1);
  });

  it('answers unknown routes, non-integer path parameters, bad JSON and wrong content types like GitHub', async () => {
    const server = await start();
    expect((await call(server, 'GET', `${REPO}/nonexistent`)).status).toBe(404);
    expect((await call(server, 'PUT', `${REPO}/issues/comments/5`, { body: { body: 'x' } })).status).toBe(404);
    expect((await call(server, 'GET', `${REPO}/issues/seven/comments`)).status).toBe(404);
    expect((await call(server, 'GET', '/repos/someone/else')).status).toBe(404);
    expect((await call(server, 'GET', `${REPO}/issues/7/comments?per_page=lots`)).status).toBe(422);
    const badJson = await call(server, 'POST', `${REPO}/issues/7/comments`, { body: '{"body": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.json.message).toBe('Problems parsing JSON');
    const form = await call(server, 'POST', `${REPO}/issues/7/comments`, {
      body: 'body=hi',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(server.violations).toHaveLength(7);
    expect(server.comments()).toHaveLength(0);
  });

  it('records every request without the authorization header', async () => {
    const server = await start();
    await call(server, 'POST', `${REPO}/issues/7/comments?`, { body: { body: 'hello' } });
    await call(server, 'GET', `${REPO}/issues/7/comments?per_page=5`);
    expect(server.requests.map((r) => [r.method, r.path, r.operationId, r.status])).toEqual([
      ['POST', `${REPO}/issues/7/comments`, 'issues/create-comment', 201],
      ['GET', `${REPO}/issues/7/comments`, 'issues/list-comments', 200],
    ]);
    expect(server.requests[0]?.body).toEqual({ body: 'hello' });
    expect(server.requests[1]?.query).toEqual({ per_page: '5' });
    for (const request of server.requests) expect(Object.keys(request.headers)).not.toContain('authorization');
    expect(server.violations).toEqual([]);
  });

  it('sends rate-limit headers on every response, counting down', async () => {
    const server = await start({ rateLimit: 1000 });
    const first = await call(server, 'GET', REPO);
    const second = await call(server, 'GET', '/nowhere');
    expect(first.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('999');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('998');
    expect(second.headers.get('x-ratelimit-used')).toBe('2');
    expect(second.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(second.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('fake GitHub: auth and permissions', () => {
  it('accepts token and Bearer schemes, refuses missing and unknown tokens with 401', async () => {
    const server = await start({ repository: { private: true } });
    const ok = await call(server, 'GET', REPO, { scheme: 'Bearer' });
    expect(ok.status).toBe(200);
    expect(ok.json.private).toBe(true);
    expect(server.responseErrors('repos/get', 200, ok.json)).not.toEqual([]); // minimal repo, not full-repository
    const missing = await call(server, 'GET', REPO, { token: null });
    expect([missing.status, missing.json.message]).toEqual([401, 'Requires authentication']);
    const unknown = await call(server, 'GET', REPO, { token: 'not-a-known-token' });
    expect([unknown.status, unknown.json.message]).toEqual([401, 'Bad credentials']);
  });

  it('gives a read-only token 403 "Resource not accessible by integration" on writes, and still serves reads', async () => {
    const server = await start();
    const post = await call(server, 'POST', `${REPO}/issues/7/comments`, { token: FAKE_TOKENS.read, body: { body: 'x' } });
    expect(post.status).toBe(403);
    expect(post.json.message).toBe('Resource not accessible by integration');
    expect(post.json.documentation_url).toContain('docs.github.com');
    const upload = await call(server, 'POST', SARIFS, { token: FAKE_TOKENS.read, body: uploadBody(sarifLog([{}])) });
    expect(upload.status).toBe(403);
    const list = await call(server, 'GET', `${REPO}/issues/7/comments`, { token: FAKE_TOKENS.read });
    expect(list.status).toBe(200);
    expect(server.comments()).toHaveLength(0);
    expect(server.uploads).toHaveLength(0);
    expect(server.violations).toEqual([]);
  });

  it('answers 403 "Advanced Security must be enabled" when advancedSecurity is false', async () => {
    const server = await start({ advancedSecurity: false });
    const res = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog([{}])) });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('Advanced Security must be enabled for this repository to use code scanning.');
    expect(server.uploads).toHaveLength(0);
  });
});

describe('fake GitHub: code scanning uploads', () => {
  it('decodes an upload, answers 202 {id, url}, then pending → complete with analyses_url', async () => {
    const server = await start({ pendingPolls: 2 });
    const sarif = sarifLog([
      { tool: 'Trivy', category: 'security-scan/trivy/', results: 3 },
      { tool: 'Gitleaks', category: 'security-scan/gitleaks/', results: 2 },
    ]);
    const res = await call(server, 'POST', SARIFS, {
      body: uploadBody(sarif, { checkout_uri: 'file:///github/workspace/', started_at: '2025-01-02T03:04:05Z' }),
    });
    expect(res.status).toBe(202);
    expect(server.responseErrors('code-scanning/upload-sarif', 202, res.json)).toEqual([]);
    expect(res.json.url).toBe(`${server.url}${SARIFS}/${res.json.id}`);
    expect(server.uploads).toHaveLength(1);
    expect(server.uploads[0]).toMatchObject({
      id: res.json.id,
      commit_sha: SHA,
      ref: 'refs/pull/7/merge',
      tool_name: 'security-scan',
      checkout_uri: 'file:///github/workspace/',
      started_at: '2025-01-02T03:04:05Z',
      sarif,
    });
    expect(server.uploads[0]?.gzipBytes).toBe(Buffer.from(encode(sarif), 'base64').length);

    const statuses: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const poll = await call(server, 'GET', `${SARIFS}/${res.json.id}`);
      expect(server.responseErrors('code-scanning/get-sarif', 200, poll.json)).toEqual([]);
      statuses.push(poll.json.processing_status);
      if (i === 2) expect(poll.json.analyses_url).toBe(`${server.url}${REPO}/code-scanning/analyses?sarif_id=${res.json.id}`);
    }
    expect(statuses).toEqual(['pending', 'pending', 'complete']);
    expect(server.violations).toEqual([]);
  });

  it('reports processing failures configured with failProcessing, for the next `times` uploads only', async () => {
    const server = await start({ pendingPolls: 0 });
    server.failProcessing('locationFromSarifResult: expected artifact location', 1);
    const failed = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog([{}])) });
    const fine = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog([{}])) });
    const a = await call(server, 'GET', `${SARIFS}/${failed.json.id}`);
    const b = await call(server, 'GET', `${SARIFS}/${fine.json.id}`);
    expect(a.json).toEqual({
      processing_status: 'failed',
      analyses_url: null,
      errors: ['locationFromSarifResult: expected artifact location'],
    });
    expect(b.json.processing_status).toBe('complete');
    expect((await call(server, 'GET', `${SARIFS}/no-such-id`)).status).toBe(404);
    expect(server.violations).toHaveLength(1);
  });

  it('rejects 21 runs with 400 and accepts 20', async () => {
    const server = await start();
    const runs = (n: number) => Array.from({ length: n }, (_, i) => ({ category: `security-scan/s${i}/` }));
    const over = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog(runs(21))) });
    expect(over.status).toBe(400);
    expect(over.json.message).toContain('21 runs');
    expect(server.violations).toHaveLength(1);
    const at = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog(runs(20))) });
    expect(at.status).toBe(202);
    expect(server.uploads).toHaveLength(1);
    expect(server.violations).toHaveLength(1);
  });

  it('rejects two runs with the same tool and category, accepts the same tool in two categories', async () => {
    const server = await start();
    const dup = await call(server, 'POST', SARIFS, {
      body: uploadBody(sarifLog([{ category: 'security-scan/trivy/' }, { category: 'security-scan/trivy/' }])),
    });
    expect(dup.status).toBe(400);
    expect(dup.json.message).toContain('same tool');
    const noCategory = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog([{}, {}])) });
    expect(noCategory.status).toBe(400);
    const distinct = await call(server, 'POST', SARIFS, {
      body: uploadBody(sarifLog([{ category: 'security-scan/trivy/' }, { category: 'security-scan/gitleaks/' }])),
    });
    expect(distinct.status).toBe(202);
    expect(server.violations).toHaveLength(2);
  });

  it('rejects a run with 25,001 results and accepts 25,000', async () => {
    const server = await start();
    const over = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog([{ results: 25_001 }])) });
    expect(over.status).toBe(400);
    expect(over.json.message).toContain('25001 results');
    const at = await call(server, 'POST', SARIFS, { body: uploadBody(sarifLog([{ results: 25_000 }])) });
    expect(at.status).toBe(202);
    expect(server.violations).toHaveLength(1);
  });

  it('rejects a gzip payload over 10 MB with 413', async () => {
    const server = await start();
    // Random base64 text barely compresses: ~14 MB of it gzips to ~10.6 MB.
    const noise = randomBytes(10_600_000).toString('base64');
    const sarif = sarifLog([{}], { properties: { noise } });
    const body = uploadBody(sarif);
    const gzipBytes = Buffer.from(body.sarif, 'base64').length;
    expect(gzipBytes).toBeGreaterThan(10 * 1024 * 1024);
    const res = await call(server, 'POST', SARIFS, { body });
    expect(res.status).toBe(413);
    expect(res.json.message).toContain(String(gzipBytes));
    expect(server.uploads).toHaveLength(0);
    expect(server.violations).toHaveLength(1);
  });

  it('rejects a sarif field that is not base64(gzip(JSON)) with 400', async () => {
    const server = await start();
    const notGzip = await call(server, 'POST', SARIFS, {
      body: { commit_sha: SHA, ref: 'refs/heads/main', sarif: Buffer.from('{"runs":[]}').toString('base64') },
    });
    expect(notGzip.status).toBe(400);
    const notBase64 = await call(server, 'POST', SARIFS, { body: { commit_sha: SHA, ref: 'refs/heads/main', sarif: '%%%' } });
    expect(notBase64.status).toBe(400);
    expect(server.violations).toHaveLength(2);
  });
});

describe('fake GitHub: issue comments', () => {
  it('pages 65 comments over 3 pages with GitHub-style Link headers', async () => {
    const server = await start({ pulls: { 7: { headSha: SHA, headRef: 'feature', baseSha: SHA, baseRef: 'main' } } });
    for (let i = 1; i <= 65; i += 1) server.addComment(7, i % 2 === 0 ? 'alice' : 'bob', `comment ${i}`);
    server.addComment(8, 'carol', 'on another issue');

    const pages: { count: number; links: Record<string, number> }[] = [];
    const bodies: string[] = [];
    let next: number | undefined = 1;
    while (next !== undefined) {
      const res = await call(server, 'GET', `${REPO}/issues/7/comments?per_page=30&page=${next}`);
      expect(res.status).toBe(200);
      for (const comment of res.json) expect(server.responseErrors('issues/list-comments', 200, [comment])).toEqual([]);
      bodies.push(...res.json.map((c: { body: string }) => c.body));
      const rels = links(res.headers.get('link'));
      pages.push({ count: res.json.length, links: rels });
      next = rels.next;
    }
    expect(pages).toEqual([
      { count: 30, links: { next: 2, last: 3 } },
      { count: 30, links: { prev: 1, next: 3, last: 3, first: 1 } },
      { count: 5, links: { prev: 2, first: 1 } },
    ]);
    expect(bodies).toEqual(Array.from({ length: 65 }, (_, i) => `comment ${i + 1}`));

    const defaults = await call(server, 'GET', `${REPO}/issues/7/comments`);
    expect(defaults.json).toHaveLength(30);
    const capped = await call(server, 'GET', `${REPO}/issues/7/comments?per_page=500`);
    expect(capped.json).toHaveLength(65);
    expect(capped.headers.get('link')).toBeNull();
    expect(capped.json[0].html_url).toMatch(/\/octo-org\/octo-repo\/pull\/7#issuecomment-\d+$/);
    expect(server.violations).toEqual([]);
  });

  it('creates comments as the token login, records who edited and deleted whose comment', async () => {
    const server = await start();
    const theirs = server.addComment(7, 'alice', 'looks good');
    const created = await call(server, 'POST', `${REPO}/issues/7/comments`, { body: { body: 'ours' } });
    expect(created.status).toBe(201);
    expect(server.responseErrors('issues/create-comment', 201, created.json)).toEqual([]);
    expect(created.json.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    expect(created.headers.get('location')).toBe(created.json.url);

    const edited = await call(server, 'PATCH', `${REPO}/issues/comments/${created.json.id}`, { body: { body: 'ours v2' } });
    expect(edited.status).toBe(200);
    expect(server.responseErrors('issues/update-comment', 200, edited.json)).toEqual([]);
    expect(edited.json.body).toBe('ours v2');
    await call(server, 'PATCH', `${REPO}/issues/comments/${theirs.id}`, { body: { body: 'hijacked' } });
    expect(server.edits.map((e) => [e.commentId, e.editor, e.author])).toEqual([
      [created.json.id, 'github-actions[bot]', 'github-actions[bot]'],
      [theirs.id, 'github-actions[bot]', 'alice'],
    ]);

    const deleted = await call(server, 'DELETE', `${REPO}/issues/comments/${theirs.id}`);
    expect(deleted.status).toBe(204);
    expect(server.deletions).toEqual([{ commentId: theirs.id, issue: 7, deleter: 'github-actions[bot]', author: 'alice' }]);
    expect(server.comments(7).map((c) => [c.login, c.body])).toEqual([['github-actions[bot]', 'ours v2']]);
    expect((await call(server, 'PATCH', `${REPO}/issues/comments/${theirs.id}`, { body: { body: 'x' } })).status).toBe(404);
    expect(server.violations).toHaveLength(1);
  });

  it('accepts a 65,536-character body and refuses 65,537 with GitHub\'s 422', async () => {
    const server = await start();
    const ok = await call(server, 'POST', `${REPO}/issues/7/comments`, { body: { body: 'é'.repeat(65_536) } });
    expect(ok.status).toBe(201);
    const long = await call(server, 'POST', `${REPO}/issues/7/comments`, { body: { body: 'x'.repeat(65_537) } });
    expect(long.status).toBe(422);
    expect(long.json.errors[0].message).toBe('Body is too long (maximum is 65536 characters)');
    expect(long.json.message).toBe('Validation Failed');
    const longEdit = await call(server, 'PATCH', `${REPO}/issues/comments/${ok.json.id}`, {
      body: { body: 'y'.repeat(70_000) },
    });
    expect(longEdit.status).toBe(422);
    expect(server.comments()).toHaveLength(1);
    expect(server.violations).toHaveLength(2);
  });

  it('serves the configured pull request', async () => {
    const server = await start({
      pulls: { 7: { headSha: 'cd34'.repeat(10), headRef: 'feature', baseSha: SHA, baseRef: 'main', headRepo: 'fork/octo-repo' } },
    });
    const res = await call(server, 'GET', `${REPO}/pulls/7`);
    expect(res.json.head).toMatchObject({ sha: 'cd34'.repeat(10), ref: 'feature', repo: { full_name: 'fork/octo-repo', fork: true } });
    expect(res.json.base).toMatchObject({ sha: SHA, ref: 'main' });
    expect((await call(server, 'GET', `${REPO}/pulls/8`)).status).toBe(404);
    expect(server.violations).toHaveLength(1);
  });
});

describe('fake GitHub: injected faults', () => {
  it('answers matching requests with faults in registration order, then normally', async () => {
    const server = await start();
    server.inject({ ...githubFaults.serverError({ path: '/repos/{owner}/{repo}/code-scanning/sarifs', times: 3 }) });
    server.inject(githubFaults.secondaryRateLimit({ method: 'POST', path: /code-scanning\/sarifs$/, retryAfter: 1 }));
    server.inject(githubFaults.primaryRateLimit({ method: 'GET', path: REPO, status: 429, resetInSeconds: 30 }));
    expect(server.pendingFaults).toBe(5);

    const body = uploadBody(sarifLog([{}]));
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await call(server, 'POST', SARIFS, { body }));
    expect(answers.map((a) => a.status)).toEqual([502, 502, 502, 403, 202]);
    expect(answers[3]?.headers.get('retry-after')).toBe('1');
    expect(answers[3]?.json.message).toMatch(/^You have exceeded a secondary rate limit/);
    expect(server.uploads).toHaveLength(1);
    expect(server.pendingFaults).toBe(1);

    const unrelated = await call(server, 'GET', `${REPO}/issues/7/comments`);
    expect(unrelated.status).toBe(200);
    const limited = await call(server, 'GET', REPO);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 29);
    expect((await call(server, 'GET', REPO)).status).toBe(200);
    expect(server.pendingFaults).toBe(0);
    expect(server.requests.filter((r) => r.fault).length).toBe(5);
    expect(server.violations).toEqual([]);
  });

  it('works with the real client: Octokit retry and throttling recover from 3 × 502 and a secondary rate limit', async () => {
    const server = await start();
    server.inject(githubFaults.serverError({ method: 'POST', times: 3 }));
    server.inject(githubFaults.secondaryRateLimit({ method: 'POST', retryAfter: 1 }));
    const secondaryLimits: number[] = [];
    const octokit = getOctokit(
      FAKE_TOKENS.write,
      {
        baseUrl: server.url,
        retry: { retryAfterBaseValue: 10 },
        throttle: {
          onRateLimit: () => false,
          onSecondaryRateLimit: (retryAfter: number) => {
            secondaryLimits.push(retryAfter);
            return true;
          },
        },
      },
      retry,
      throttling,
    );
    const res = await octokit.rest.codeScanning.uploadSarif({
      owner: 'octo-org',
      repo: 'octo-repo',
      commit_sha: SHA,
      ref: 'refs/heads/main',
      sarif: encode(sarifLog([{ category: 'security-scan/trivy/' }])),
    });
    expect(res.status).toBe(202);
    expect(secondaryLimits).toEqual([1]);
    expect(server.requests.map((r) => r.status)).toEqual([502, 502, 502, 403, 202]);
    expect(server.uploads).toHaveLength(1);
    expect(server.violations).toEqual([]);
  }, 30_000);
});
