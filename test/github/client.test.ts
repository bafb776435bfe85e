import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, rateLimitDecision } from '../../src/github/client.js';
import { recordingLogger } from '../../src/logger.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  server = undefined;
});

/** A bare server that holds every response 150 ms and records how many requests of each kind overlap. */
async function slowServer() {
  const inFlight = { POST: 0, GET: 0 };
  const maxInFlight = { POST: 0, GET: 0 };
  const seen: { method: string; auth: string | undefined }[] = [];
  server = createServer((req, res) => {
    const m = req.method === 'POST' ? 'POST' : 'GET';
    seen.push({ method: m, auth: req.headers.authorization });
    inFlight[m] += 1;
    maxInFlight[m] = Math.max(maxInFlight[m], inFlight[m]);
    req.resume();
    setTimeout(() => {
      inFlight[m] -= 1;
      res.writeHead(m === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end('{"id":1}');
    }, 150);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, maxInFlight, seen };
}

describe('createClient', () => {
  it('sends mutating requests one at a time while reads may overlap', async () => {
    const s = await slowServer();
    const token = ['tok', 'en', '-for-test'].join('');
    const client = createClient(token, { baseUrl: `${s.url}/`, logger: recordingLogger() });
    const posts = [1, 2, 3].map((n) =>
      client.rest.codeScanning.uploadSarif({ owner: 'o', repo: 'r', commit_sha: 'a'.repeat(40), ref: 'refs/heads/main', sarif: `${n}` }),
    );
    const gets = [1, 2, 3].map((n) => client.rest.issues.get({ owner: 'o', repo: 'r', issue_number: n }));
    await Promise.all([...posts, ...gets]);
    expect(s.seen.filter((r) => r.method === 'POST')).toHaveLength(3);
    expect(s.maxInFlight.POST).toBe(1);
    expect(s.maxInFlight.GET).toBeGreaterThan(1);
    expect(s.seen.every((r) => r.auth === `token ${token}`)).toBe(true);
  });
});

describe('rateLimitDecision', () => {
  const limits = { rateLimitRetries: 2, maxRateLimitWaitSeconds: 60 };
  const req = { method: 'POST', url: '/repos/{owner}/{repo}/code-scanning/sarifs' };

  it('retries within the caps and says so', () => {
    const logger = recordingLogger();
    expect(rateLimitDecision('secondary', 30, req, 0, limits, logger)).toBe(true);
    expect(logger.lines).toEqual([
      { level: 'warning', message: 'GitHub secondary rate limit hit on POST /repos/{owner}/{repo}/code-scanning/sarifs; retrying in 30 s (retry 1 of 2).' },
    ]);
  });

  it('gives up after the retry cap or beyond the wait cap, with a warning each time', () => {
    const logger = recordingLogger();
    expect(rateLimitDecision('primary', 5, req, 2, limits, logger)).toBe(false);
    expect(rateLimitDecision('primary', 61, req, 0, limits, logger)).toBe(false);
    expect(logger.lines.map((l) => l.level)).toEqual(['warning', 'warning']);
    expect(logger.lines[0]?.message).toContain('giving up after 2 retries');
    expect(logger.lines[1]?.message).toContain('asks to wait 61 s, more than the 60 s');
  });
});

describe('an unreachable API', () => {
  it('after one request has spent its retries, later requests fail at once with the reason', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const logger = recordingLogger();
    const client = createClient('t', { baseUrl: `http://127.0.0.1:${port}`, logger, retryBaseMs: 1 });
    const first = await client.rest.users.getAuthenticated().catch((e: unknown) => e as Error);
    expect(first).toBeInstanceOf(Error);
    const started = Date.now();
    const second = await client.rest.issues.listComments({ owner: 'o', repo: 'r', issue_number: 1 }).catch((e: unknown) => e as Error);
    expect(Date.now() - started).toBeLessThan(50);
    expect((second as Error).message).toMatch(/is unreachable \(ECONNREFUSED\); request skipped/);
    expect(logger.lines.filter((l) => l.level === 'warning' && l.message.includes('could not be reached'))).toHaveLength(1);
  });

  it('an HTTP error answer does not count as unreachable', async () => {
    server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const client = createClient('t', { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logger: recordingLogger(), retryBaseMs: 1 });
    for (let i = 0; i < 2; i++) expect(await client.rest.users.getAuthenticated().catch((e: { status?: number }) => e.status)).toBe(404);
  });
});
