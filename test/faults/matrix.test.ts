// The fault matrix: every fault the hardening issue names, injected into one real pipeline (fake scanner processes,
// the GitHub API imitation), each checked for the same three things — the gate's decision is right, the healthy
// scanner's findings all reach the report ("0 findings lost"), and the fault is named where the user looks.
// Prints a table of faults and outcomes, ending with `N faults injected, N survived, 0 findings lost`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.js';
import { ConfigurationError } from '../../src/errors.js';
import { workspaceReader } from '../../src/findings/reader.js';
import { createClient } from '../../src/github/client.js';
import type { RunEnvironment } from '../../src/github/context.js';
import { githubSinks } from '../../src/github/sinks.js';
import { recordingLogger, type RecordedLogger } from '../../src/logger.js';
import { runPipeline } from '../../src/pipeline.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { processRunner } from '../../src/scanners/process.js';
import { runSinks } from '../../src/sinks.js';
import { FAKE_TOKENS, githubFaults, startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../support/fake-github.js';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';
import { settingsFor } from '../support/settings.js';

const PR = 7;
const HEAD = 'b'.repeat(40);
const root = mkdtempSync(join(tmpdir(), 'fault-matrix-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Trivy's report has one HIGH misconfiguration: the healthy scanner's findings every case must keep. */
const HEALTHY_FINDINGS = 1;

const script = (name: string, body: string): string => fakeScanner(mkdtempSync(join(root, `${name}-`)), name, body);

const trivyReport = join(root, 'trivy.json');
writeFileSync(trivyReport, JSON.stringify(ONE_HIGH_TRIVY_REPORT));
const TRIVY = script('trivy', `${outputArg('--output')}\ncp "${trivyReport}" "$out"`);

/** Gitleaks variants: the second scanner, healthy or faulty. */
const GITLEAKS = {
  healthy: script('gitleaks', `${outputArg('--report-path')}\necho '[]' > "$out"`),
  crash: script('gitleaks', `echo "panic: runtime error: index out of range" >&2; exit 2`),
  hang: script('gitleaks', 'sleep 30'),
  invalidJson: script('gitleaks', `${outputArg('--report-path')}\necho '[{"RuleID": "x", ' > "$out"`),
  wrongShape: script('gitleaks', `${outputArg('--report-path')}\necho '{"foo":1}' > "$out"`),
  noReport: script('gitleaks', 'exit 0'),
  killed: script('gitleaks', 'kill -9 $$'),
  noisyStderr: script('gitleaks', `i=0; while [ $i -lt 20000 ]; do echo "noise line $i" >&2; i=$((i+1)); done; echo "the real reason" >&2; exit 1`),
};

interface Row {
  fault: string;
  outcome: string;
  lost: number;
  survived: boolean;
}
const rows: Row[] = [];

afterAll(() => {
  const w = Math.max(...rows.map((r) => r.fault.length), 5);
  const lines = [`${'fault'.padEnd(w)} | survived | lost | outcome`, `${'-'.repeat(w)}-|----------|------|--------`];
  for (const r of rows) lines.push(`${r.fault.padEnd(w)} | ${r.survived ? 'yes     ' : 'NO      '} | ${String(r.lost).padStart(4)} | ${r.outcome}`);
  const lost = rows.reduce((n, r) => n + r.lost, 0);
  lines.push('', `${rows.length} faults injected, ${rows.filter((r) => r.survived).length} survived, ${lost} findings lost`);
  console.log(`\n${lines.join('\n')}\n`);
});

interface Scenario {
  gitleaks?: string;
  inputs?: Record<string, string>;
  fake?: FakeGitHubOptions;
  arrange?: (f: FakeGitHub) => void;
  token?: string;
  apiUrl?: string;
  writeSummary?: (md: string) => Promise<unknown>;
}

async function run(s: Scenario) {
  const ws = mkdtempSync(join(root, 'ws-'));
  writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
  mkdirSync(join(ws, 'app'));
  const fake = await startFakeGitHub({ pulls: { [PR]: { headSha: HEAD, headRef: 'feature', baseSha: 'a'.repeat(40), baseRef: 'main' } }, ...s.fake });
  s.arrange?.(fake);
  const logger = recordingLogger();
  // Processing polls wait 5 s each; only the case about the poll waits for them.
  const settings = settingsFor({ scanners: 'trivy,gitleaks', 'trivy-scanners': 'misconfig', 'gitleaks-mode': 'dir', timeout: '3s', 'wait-for-processing': 'false', ...s.inputs });
  const binaries: Record<string, string> = { trivy: TRIVY, gitleaks: s.gitleaks ?? GITLEAKS.healthy };
  const started = Date.now();
  const { report, files } = await runPipeline({
    settings,
    registry: SCANNERS,
    workspace: ws,
    runner: processRunner,
    logger,
    event: { name: 'pull_request', pullRequest: { number: PR, baseSha: 'a'.repeat(40), headSha: HEAD } },
    environment: parseEnvironment({ PATH: process.env['PATH'] }),
    context: { repository: `${fake.repository.owner}/${fake.repository.name}`, pullRequest: PR, sha: HEAD, workflow: 'ci', job: 'scan' },
    resolveBinary: async (scanner) => {
      const path = binaries[scanner.id];
      if (!path || path === 'missing') throw new ConfigurationError(`Scanner '${scanner.id}' cannot run: '${scanner.id}' is not on PATH.`);
      return path;
    },
    readFile: workspaceReader(ws),
    tempRoot: root,
    now: () => new Date(),
    tool: { name: 'security-scan', version: 'test' },
  });
  const runEnv: RunEnvironment = {
    event: { name: 'pull_request', pullRequest: { number: PR, baseSha: 'a'.repeat(40), headSha: HEAD } },
    context: { workflow: 'ci', job: 'scan', pullRequest: PR },
    owner: fake.repository.owner,
    repo: fake.repository.name,
    sha: 'c'.repeat(40),
    ref: `refs/pull/${PR}/merge`,
    apiUrl: s.apiUrl ?? fake.url,
  };
  const client = createClient(s.token ?? FAKE_TOKENS.write, { baseUrl: runEnv.apiUrl, logger, retryBaseMs: 1, rateLimitUnitMs: 1 });
  const summaries: string[] = [];
  const sinks = githubSinks({
    settings: settings.publish,
    runEnv,
    workspace: ws,
    client,
    emit: { error: () => undefined, warning: () => undefined, notice: () => undefined },
    writeSummary: s.writeSummary ?? (async (md) => void summaries.push(md)),
    runner: processRunner,
    startedAt: new Date(),
    artifactEnv: {},
    onSarifIds: () => undefined,
  });
  const sinkResults = await runSinks(sinks, { report, files, logger, notes: [] });
  await fake.close();
  const healthy = report.findings.filter((f) => f.sources.some((x) => x.scanner === 'trivy')).length;
  return { report, fake, logger, summaries, sinkResults, lost: HEALTHY_FINDINGS - healthy, seconds: (Date.now() - started) / 1000 };
}

const warnings = (l: RecordedLogger) => l.lines.filter((x) => x.level === 'warning' || x.level === 'error').map((x) => x.message);

/** Runs one fault, records its row, and asserts the three invariants plus the case's own expectation. */
function fault(name: string, s: Scenario, check: (r: Awaited<ReturnType<typeof run>>) => string) {
  it(name, async () => {
    let row: Row = { fault: name, outcome: 'threw', lost: HEALTHY_FINDINGS, survived: false };
    try {
      const r = await run(s);
      row = { fault: name, outcome: '', lost: r.lost, survived: false };
      expect(r.lost, 'findings of the healthy scanner lost').toBe(0);
      expect(r.report.gate.decision, 'the gate').toBe('BLOCK'); // a HIGH finding at fail-on high, or a failed scanner
      row.outcome = check(r);
      row.survived = true;
    } finally {
      rows.push(row);
    }
  }, 60_000);
}

describe('fault matrix', () => {
  // ---- scanner faults: the second scanner misbehaves; the first one's findings must all be reported ----
  const scannerFailed = (state: 'failed' | 'unavailable', pattern: RegExp) => (r: Awaited<ReturnType<typeof run>>) => {
    const g = r.report.scanners.find((x) => x.id === 'gitleaks')!;
    expect(g.state).toBe(state);
    expect(g.error).toMatch(pattern);
    expect(r.report.gate.failedScanners).toContain('gitleaks');
    expect(r.summaries.join('')).toMatch(/Gitleaks/);
    return `gitleaks ${g.state}: ${g.error!.split('\n')[0]!.slice(0, 70)}`;
  };
  fault('scanner crashes (exit 2)', { gitleaks: GITLEAKS.crash }, scannerFailed('failed', /exited with code 2[\s\S]*panic/));
  fault('scanner hangs past its timeout', { gitleaks: GITLEAKS.hang }, scannerFailed('failed', /timed out after 3s/));
  fault('scanner is killed by a signal', { gitleaks: GITLEAKS.killed }, scannerFailed('failed', /killed by SIGKILL/));
  fault('scanner writes invalid JSON', { gitleaks: GITLEAKS.invalidJson }, scannerFailed('failed', /not valid JSON/));
  fault('scanner writes JSON of the wrong shape', { gitleaks: GITLEAKS.wrongShape }, scannerFailed('failed', /not a JSON array|expected/i));
  fault('scanner exits 0 but writes no report', { gitleaks: GITLEAKS.noReport }, scannerFailed('failed', /wrote no report/));
  fault('scanner floods stderr (only the tail is kept)', { gitleaks: GITLEAKS.noisyStderr }, scannerFailed('failed', /the real reason/));
  fault('scanner binary missing', { gitleaks: 'missing' }, scannerFailed('unavailable', /not on PATH/));

  // ---- GitHub API faults: both scanners healthy; publishing degrades, the result does not ----
  const commented = (r: Awaited<ReturnType<typeof run>>) => r.fake.comments(PR).filter((c) => c.login === 'github-actions[bot]').length;
  fault('3 × 502 on the SARIF upload', { arrange: (f) => f.inject({ ...githubFaults.serverError({ method: 'POST', path: /code-scanning\/sarifs$/ }), times: 3 }) }, (r) => {
    expect(r.fake.uploads).toHaveLength(1);
    expect(commented(r)).toBe(1);
    return 'retried; uploaded; comment posted';
  });
  fault('502 on every upload attempt', { arrange: (f) => f.inject({ ...githubFaults.serverError({ method: 'POST', path: /code-scanning\/sarifs$/ }), times: 20 }) }, (r) => {
    expect(r.fake.uploads).toHaveLength(0);
    expect(warnings(r.logger).join('\n')).toMatch(/502|upload/i);
    expect(commented(r)).toBe(1);
    return 'upload given up with a warning; comment posted';
  });
  fault('503 burst on listing comments', { arrange: (f) => f.inject({ ...githubFaults.serverError({ status: 503, method: 'GET', path: /issues\/\d+\/comments$/ }), times: 2 }) }, (r) => {
    expect(commented(r)).toBe(1);
    return 'retried; comment posted';
  });
  fault('secondary rate limit (403 + retry-after) on the upload', { arrange: (f) => f.inject(githubFaults.secondaryRateLimit({ retryAfter: 1, method: 'POST', path: /code-scanning\/sarifs$/ })) }, (r) => {
    expect(r.fake.uploads).toHaveLength(1);
    return 'waited retry-after; uploaded';
  });
  fault('429 with retry-after on creating the comment', { arrange: (f) => f.inject(githubFaults.secondaryRateLimit({ retryAfter: 1, status: 429, method: 'POST', path: /issues\/\d+\/comments$/ })) }, (r) => {
    expect(commented(r)).toBe(1);
    return 'waited retry-after; comment posted';
  });
  fault('primary rate limit exhausted on listing comments', { arrange: (f) => f.inject(githubFaults.primaryRateLimit({ resetInSeconds: 1, method: 'GET', path: /issues\/\d+\/comments$/ })) }, (r) => {
    expect(commented(r)).toBe(1);
    return 'waited for the reset; comment posted';
  });
  fault('Advanced Security disabled (403)', { fake: { advancedSecurity: false } }, (r) => {
    expect(warnings(r.logger).join('\n')).toMatch(/Advanced Security/);
    expect(commented(r)).toBe(1);
    return 'warning naming Advanced Security; comment posted';
  });
  fault('read-only token (fork PR, 403 Resource not accessible)', { token: FAKE_TOKENS.read }, (r) => {
    const w = warnings(r.logger).join('\n');
    expect(w).toMatch(/security-events: write/);
    expect(w).toMatch(/pull-requests: write/);
    return 'warnings naming the permissions';
  });
  fault('404 on the processing poll', { inputs: { 'wait-for-processing': 'true' }, arrange: (f) => f.inject({ status: 404, method: 'GET', path: /code-scanning\/sarifs\/[^/]+$/, times: 50 }) }, (r) => {
    expect(r.fake.uploads).toHaveLength(1);
    expect(commented(r)).toBe(1);
    return 'uploaded; processing status unknown (warning); comment posted';
  });
  fault('422 on creating the comment', { arrange: (f) => f.inject({ status: 422, method: 'POST', path: /issues\/\d+\/comments$/, body: { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] } }) }, (r) => {
    expect(warnings(r.logger).join('\n')).toMatch(/comment/i);
    expect(r.fake.uploads).toHaveLength(1);
    return 'comment warning; upload done';
  });
  fault('API unreachable (connection refused)', { apiUrl: 'http://127.0.0.1:9' }, (r) => {
    expect(warnings(r.logger).join('\n')).toMatch(/could not be reached/);
    expect(r.seconds).toBeLessThan(20);
    return `skipped after the first request (${r.seconds.toFixed(1)} s)`;
  });
  fault('job summary cannot be written', { writeSummary: async () => Promise.reject(new Error('EISDIR: illegal operation on a directory')) }, (r) => {
    expect(r.sinkResults.find((x) => x.id === 'job summary')).toMatchObject({ ok: false });
    expect(r.sinkResults.filter((x) => x.ok).map((x) => x.id)).toEqual(['annotations', 'code scanning upload', 'PR comment', 'check run', 'dependency snapshot', 'report artifact', 'baseline artifact']);
    return 'warning; the other seven sinks ran';
  });
});
