import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { DEFAULT_POLL_DELAYS_MS } from '../../src/github/processing.js';
import { LEFT_OUT_PROPERTY, SARIF_LIMITS } from '../../src/github/limits.js';
import { toCheckoutUri, uploadSarifFiles, type UploadSarifOptions } from '../../src/github/upload.js';
import { recordingLogger, type RecordedLogger } from '../../src/logger.js';
import { FAKE_TOKENS, githubFaults, startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../support/fake-github.js';
import { makeLog, makeRun, type RunSpec } from '../support/generate-sarif.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const UPLOAD_PATH = '/repos/{owner}/{repo}/code-scanning/sarifs';

let dir: string;
let fake: FakeGitHub | undefined;
let logger: RecordedLogger;
let sleeps: number[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-test-'));
  logger = recordingLogger();
  sleeps = [];
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  fake = await startFakeGitHub(options);
  return fake;
}

/** One SARIF file per spec, one run each, as the lead's writer produces them. */
async function writeSarifs(specs: RunSpec[]): Promise<string[]> {
  const files: string[] = [];
  for (const spec of specs) {
    const file = join(dir, `${spec.tool}.sarif`);
    await writeFile(file, JSON.stringify(makeLog([makeRun(spec)])));
    files.push(file);
  }
  return files;
}

function clientFor(f: FakeGitHub, token: string = FAKE_TOKENS.write) {
  return createClient(token, { baseUrl: f.url, logger, retryBaseMs: 1, rateLimitUnitMs: 1 });
}

function options(files: string[], over: Partial<UploadSarifOptions> = {}): UploadSarifOptions {
  return {
    owner: 'octo-org',
    repo: 'octo-repo',
    files,
    commitSha: SHA,
    ref: 'refs/pull/7/merge',
    checkoutUri: toCheckoutUri('/home/runner/work/octo-repo/octo-repo'),
    startedAt: new Date('2025-01-02T03:04:05Z'),
    waitForProcessing: true,
    logger,
    sleep: async (ms) => void sleeps.push(ms),
    ...over,
  };
}

const uploadPosts = (f: FakeGitHub) => f.requests.filter((r) => r.method === 'POST' && r.operationId === 'code-scanning/upload-sarif');
const warnings = () => logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);

describe('uploadSarifFiles against the fake GitHub', () => {
  it('uploads a 30,000-finding run within the limits, keeping 25,000 and recording 5,000 left out', async () => {
    const f = await start();
    const files = await writeSarifs([{ tool: 'bulk', results: 30_000, rules: 95 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(out.sarifIds).toHaveLength(1);
    expect(f.uploads).toHaveLength(1);
    const up = f.uploads[0]!;
    expect(up.id).toBe(out.sarifIds[0]);
    const runs = up.sarif.runs as { results: unknown[]; properties: Record<string, unknown> }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]!.results).toHaveLength(SARIF_LIMITS.maxResultsPerRun);
    expect(runs[0]!.properties[LEFT_OUT_PROPERTY]).toBe(5_000);
    expect(up.gzipBytes).toBeLessThanOrEqual(SARIF_LIMITS.maxGzipBytes);
    expect(out.leftOut).toEqual([
      expect.objectContaining({ category: 'security-scan/bulk/', tool: 'bulk', total: 30_000, kept: 25_000, leftOut: 5_000, reasons: ['result-limit'] }),
    ]);
    expect(warnings().some((w) => w.includes('5,000 of 30,000 results were left out'))).toBe(true);
    // The payload fields codeql-action sends (that the REST operation accepts).
    expect(up).toMatchObject({
      commit_sha: SHA,
      ref: 'refs/pull/7/merge',
      checkout_uri: 'file:///home/runner/work/octo-repo/octo-repo',
      started_at: '2025-01-02T03:04:05.000Z',
      tool_name: 'bulk',
    });
    // pendingPolls 1: one 'pending', then 'complete' — two polls, after 5 s and 10 s more.
    expect(sleeps).toEqual([5_000, 10_000]);
    expect(out.uploads[0]?.processing).toBe('complete');
  });

  it('packs the runs of 25 SARIF files into 2 uploads of at most 20 runs', async () => {
    const f = await start({ pendingPolls: 0 });
    const files = await writeSarifs(Array.from({ length: 25 }, (_, i) => ({ tool: `scanner${String(i).padStart(2, '0')}`, results: 3 })));
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(f.uploads.map((u) => (u.sarif.runs as unknown[]).length)).toEqual([20, 5]);
    expect(out.sarifIds).toEqual(f.uploads.map((u) => u.id));
    const categories = f.uploads.flatMap((u) => (u.sarif.runs as { automationDetails: { id: string } }[]).map((r) => r.automationDetails.id));
    expect(new Set(categories).size).toBe(25);
    expect(out.uploads.map((u) => u.processing)).toEqual(['complete', 'complete']);
  });

  it('splits an upload that would be over 10 MB of gzip', async () => {
    const f = await start({ pendingPolls: 0 });
    // ~5.6 M characters of pseudo-random base64 per run ≈ 4.2 MB of gzip each; together ≈ 12.6 MB.
    const files = await writeSarifs([1, 2, 3].map((seed) => ({ tool: `noisy${seed}`, results: 2_000, rules: 20, noiseChars: 2_800, seed })));
    const out = await uploadSarifFiles(clientFor(f), options(files, { waitForProcessing: false }));

    expect(f.violations).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(out.leftOut).toEqual([]);
    expect(f.uploads.length).toBe(2);
    const total = f.uploads.reduce((s, u) => s + u.gzipBytes, 0);
    expect(total).toBeGreaterThan(SARIF_LIMITS.maxGzipBytes);
    for (const u of f.uploads) expect(u.gzipBytes).toBeLessThanOrEqual(SARIF_LIMITS.maxGzipBytes);
    expect(f.uploads.flatMap((u) => (u.sarif.runs as { results: unknown[] }[]).map((r) => r.results.length))).toEqual([2_000, 2_000, 2_000]);
    expect(sleeps).toEqual([]);
  });

  it('retries 3 × 502 and then succeeds', async () => {
    const f = await start({ pendingPolls: 0 });
    f.inject(githubFaults.serverError({ method: 'POST', path: UPLOAD_PATH, times: 3 }));
    const files = await writeSarifs([{ tool: 'trivy', results: 4 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(uploadPosts(f).map((r) => r.status)).toEqual([502, 502, 502, 202]);
    expect(out.sarifIds).toHaveLength(1);
    expect(f.pendingFaults).toBe(0);
  });

  it('warns (and does not throw) when GitHub keeps failing past the retries', async () => {
    const f = await start();
    f.inject(githubFaults.serverError({ method: 'POST', path: UPLOAD_PATH, status: 503, times: 10 }));
    const files = await writeSarifs([{ tool: 'trivy', results: 4 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(uploadPosts(f)).toHaveLength(4);
    expect(out.sarifIds).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('kept failing (503');
  });

  it('waits out a secondary rate limit as retry-after says, with a warning', async () => {
    const f = await start({ pendingPolls: 0 });
    f.inject(githubFaults.secondaryRateLimit({ method: 'POST', path: UPLOAD_PATH, retryAfter: 7 }));
    const files = await writeSarifs([{ tool: 'gitleaks', results: 2 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(uploadPosts(f).map((r) => r.status)).toEqual([403, 202]);
    expect(warnings().filter((w) => /secondary rate limit hit on POST .*retrying in 7 s/.test(w))).toHaveLength(1);
  });

  it('waits out a primary rate limit until x-ratelimit-reset', async () => {
    const f = await start({ pendingPolls: 0 });
    f.inject(githubFaults.primaryRateLimit({ method: 'POST', path: UPLOAD_PATH, resetInSeconds: 2 }));
    const files = await writeSarifs([{ tool: 'gitleaks', results: 2 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(out.sarifIds).toHaveLength(1);
    expect(uploadPosts(f).map((r) => r.status)).toEqual([403, 202]);
    expect(warnings().some((w) => /GitHub rate limit hit on POST .*retrying in \d+ s/.test(w))).toBe(true);
  });

  it('gives up on a rate limit that asks for a longer wait than the cap, with a warning, without throwing', async () => {
    const f = await start();
    f.inject(githubFaults.secondaryRateLimit({ method: 'POST', path: UPLOAD_PATH, retryAfter: 3_600 }));
    const files = await writeSarifs([{ tool: 'gitleaks', results: 2 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(uploadPosts(f)).toHaveLength(1);
    expect(out.sarifIds).toEqual([]);
    expect(warnings().some((w) => w.includes('asks to wait 3600 s, more than the 60 s'))).toBe(true);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('rate limit');
  });

  it('GHAS disabled: one warning naming the setting, no throw, later uploads not attempted', async () => {
    const f = await start({ advancedSecurity: false });
    const files = await writeSarifs(Array.from({ length: 25 }, (_, i) => ({ tool: `s${i}`, results: 1 })));
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(uploadPosts(f)).toHaveLength(1);
    expect(out.sarifIds).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('GitHub Advanced Security is not enabled for octo-org/octo-repo');
    expect(out.warnings[0]).toContain('Settings → Code security');
    expect(out.warnings[0]).toContain('1 further SARIF upload was skipped');
    expect(out.uploads).toHaveLength(2);
    expect(out.uploads.every((u) => u.sarifId === undefined)).toBe(true);
  });

  it('read-only token (fork PR): a warning that explains forks and the workflow_run pattern', async () => {
    const f = await start();
    const files = await writeSarifs([{ tool: 'trivy', results: 2 }]);
    const out = await uploadSarifFiles(clientFor(f, FAKE_TOKENS.read), options(files));

    expect(f.violations).toEqual([]);
    expect(out.sarifIds).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    const w = out.warnings[0]!;
    expect(w).toContain('Resource not accessible by integration');
    expect(w).toContain('`security-events: write`');
    expect(w).toContain('pull requests from forks');
    expect(w).toContain('`workflow_run`');
    expect(w).toContain('"Pull requests from forks"');
  });

  it("processing 'failed' becomes a warning with GitHub's message", async () => {
    const f = await start({ pendingPolls: 2 });
    f.failProcessing('locationFromSarifResult: expected artifact location');
    const files = await writeSarifs([{ tool: 'checkov', results: 2 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(out.sarifIds).toHaveLength(1);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('Code scanning could not process SARIF upload');
    expect(out.warnings[0]).toContain('security-scan/checkov/');
    expect(out.warnings[0]).toContain('locationFromSarifResult: expected artifact location');
    expect(out.uploads[0]?.processing).toBe('failed');
    expect(sleeps).toEqual([5_000, 10_000, 20_000]);
  });

  it('stops waiting after 5, 15, 35, 75 and 155 s with a warning', async () => {
    const f = await start({ pendingPolls: 100 });
    const files = await writeSarifs([{ tool: 'snyk', results: 2 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files));

    expect(f.violations).toEqual([]);
    expect(sleeps).toEqual([...DEFAULT_POLL_DELAYS_MS]);
    expect(sleeps.reduce((acc: number[], d) => [...acc, (acc.at(-1) ?? 0) + d], [])).toEqual([5_000, 15_000, 35_000, 75_000, 155_000]);
    expect(f.requests.filter((r) => r.operationId === 'code-scanning/get-sarif')).toHaveLength(5);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain('had not finished processing');
    expect(out.warnings[0]).toContain('after 155 s');
    expect(out.uploads[0]?.processing).toBe('pending');
  });

  it('does not poll when waitForProcessing is false, and uploads nothing for no files', async () => {
    const f = await start();
    const files = await writeSarifs([{ tool: 'falco', results: 1 }]);
    const out = await uploadSarifFiles(clientFor(f), options(files, { waitForProcessing: false }));
    expect(out.sarifIds).toHaveLength(1);
    expect(f.requests.filter((r) => r.operationId === 'code-scanning/get-sarif')).toHaveLength(0);
    const none = await uploadSarifFiles(clientFor(f), options([]));
    expect(none).toEqual({ sarifIds: [], warnings: [], leftOut: [], uploads: [] });
    expect(f.violations).toEqual([]);
  });

  it('still throws for programming errors: an unreadable SARIF file or a bad sha', async () => {
    const f = await start();
    await expect(uploadSarifFiles(clientFor(f), options([join(dir, 'missing.sarif')]))).rejects.toThrow(/ENOENT/);
    await writeFile(join(dir, 'bad.sarif'), '{not json');
    await expect(uploadSarifFiles(clientFor(f), options([join(dir, 'bad.sarif')]))).rejects.toThrow(/not valid JSON/);
    const files = await writeSarifs([{ tool: 'x', results: 1 }]);
    await expect(uploadSarifFiles(clientFor(f), options(files, { commitSha: 'HEAD' }))).rejects.toThrow(/not a commit sha/);
    expect(f.requests).toHaveLength(0);
  });
});
