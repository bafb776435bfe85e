// Publishing is a list of sinks that cannot lose the result: each of the five GitHub sinks made to throw in turn,
// and the others still run.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/sarif.js';
import { githubSinks, type GitHubSinkDeps } from '../../src/github/sinks.js';
import type { GitHubClient } from '../../src/github/client.js';
import { recordingLogger } from '../../src/logger.js';
import type { WrittenReports } from '../../src/report/write.js';
import { runSinks, type Sink } from '../../src/sinks.js';
import { buildReport } from '../../src/report/build.js';
import { settingsFor } from '../support/settings.js';

type Fault = 'job summary' | 'annotations' | 'code scanning upload' | 'PR comment' | 'report artifact';

/** A client whose every use throws a non-HTTP error (a bug or a network stack failure, not a 4xx/5xx). */
function explodingClient(seen: string[]): GitHubClient {
  const boom = (path: string): unknown =>
    new Proxy(() => undefined, {
      get: (_t, key) => boom(`${path}.${String(key)}`),
      apply: () => {
        seen.push(path);
        throw new TypeError(`boom in ${path}`);
      },
    });
  return boom('client') as GitHubClient;
}

const report = buildReport(
  [
    {
      status: { id: 'trivy', displayName: 'Trivy', state: 'ok', durationMs: 1, rawCount: 1 },
      findings: [
        {
          kind: 'misconfiguration',
          ruleId: 'DS002',
          title: 'Image user should not be root',
          severity: 'high',
          location: { path: 'Dockerfile', startLine: 1 },
          fingerprint: 'f'.repeat(32),
          sources: [{ scanner: 'trivy', ruleId: 'DS002', severity: 'HIGH' }],
        },
      ],
    },
  ],
  { scanners: ['trivy'], severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'high' },
  { repository: 'o/r', pullRequest: 7 },
);

function scenario(fault: Fault | undefined) {
  const ran: string[] = [];
  const clientCalls: string[] = [];
  const ws = mkdtempSync(join(tmpdir(), 'sinks-'));
  const out = join(ws, 'security-reports');
  mkdirSync(join(out, 'sarif'), { recursive: true });
  const sarif = join(out, 'sarif', 'trivy.sarif');
  writeFileSync(sarif, renderSarif({ id: 'trivy', displayName: 'Trivy', informationUri: 'https://trivy.dev/' }, report.findings, { categoryPrefix: 'security-scan' }).text);
  const files: WrittenReports = {
    outputDir: out,
    sarifDir: join(out, 'sarif'),
    sarifFiles: [sarif],
    sarifLeftOut: {},
    json: join(out, 'findings.json'),
    markdown: join(out, 'summary.md'),
    get extraFiles(): string[] {
      ran.push('report artifact');
      if (fault === 'report artifact') throw new Error('boom in the artifact file list');
      return [];
    },
  };
  const deps: GitHubSinkDeps = {
    settings: settingsFor({ scanners: 'trivy' }).publish,
    runEnv: {
      event: { name: 'pull_request', pullRequest: { number: 7, baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40) } },
      context: { repository: 'o/r', pullRequest: 7, workflow: 'ci', job: 'scan' },
      owner: 'o',
      repo: 'r',
      sha: 'c'.repeat(40),
      ref: 'refs/pull/7/merge',
      apiUrl: 'http://127.0.0.1:9',
    },
    workspace: ws,
    client: explodingClient(clientCalls),
    emit: {
      error: () => {
        ran.push('annotations');
        if (fault === 'annotations') throw new Error('boom in annotations');
      },
      warning: () => undefined,
      notice: () => undefined,
    },
    writeSummary: async () => {
      ran.push('job summary');
      if (fault === 'job summary') throw new Error('boom in the summary');
    },
    runner: { run: () => Promise.reject(new Error('no git here')) },
    startedAt: new Date(0),
    artifactEnv: {},
    onSarifIds: () => undefined,
  };
  const sinks = githubSinks(deps);
  const logger = recordingLogger();
  return { sinks, ran, clientCalls, logger, files, deps };
}

describe('runSinks', () => {
  it('runs every sink in order; a throw is a warning naming the sink and the next one still runs', async () => {
    const order: string[] = [];
    const sink = (id: string, fail = false): Sink => ({
      id,
      run: async () => {
        order.push(id);
        if (fail) throw new Error(`${id} exploded`);
      },
    });
    const logger = recordingLogger();
    const results = await runSinks([sink('a'), sink('b', true), sink('c')], { report, files: {} as WrittenReports, logger, notes: [] });
    expect(order).toEqual(['a', 'b', 'c']);
    expect(results).toEqual([{ id: 'a', ok: true }, { id: 'b', ok: false, error: 'b exploded' }, { id: 'c', ok: true }]);
    expect(logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      "The b step failed and was skipped (the gate's decision is unchanged): b exploded",
    ]);
  });
});

describe('githubSinks: each sink made to throw in turn', () => {
  // check-run and dependency-snapshot are off by default: they run and do nothing.
  const ids = ['job summary', 'annotations', 'code scanning upload', 'PR comment', 'check run', 'dependency snapshot', 'report artifact'];

  it('without a fault, the two API sinks fail on the exploding client and the other three still run', async () => {
    const s = scenario(undefined);
    const results = await runSinks(s.sinks, { report, files: s.files, logger: s.logger, notes: [] });
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['job summary', true],
      ['annotations', true],
      ['code scanning upload', false],
      ['PR comment', false],
      ['check run', true],
      ['dependency snapshot', true],
      ['report artifact', true],
      ['baseline artifact', true],
    ]);
    expect(s.clientCalls).toEqual(['client.rest.codeScanning.uploadSarif', 'client.rest.users.getAuthenticated']);
    expect(s.ran).toEqual(['job summary', 'annotations', 'report artifact']);
  });

  it.each(['job summary', 'annotations', 'report artifact'] as const)('%s throws: the warning names it and every other sink ran', async (fault) => {
    const s = scenario(fault);
    const results = await runSinks(s.sinks, { report, files: s.files, logger: s.logger, notes: [] });
    expect(results.find((r) => r.id === fault)).toMatchObject({ ok: false });
    expect(results.map((r) => r.id)).toEqual([...ids, 'baseline artifact']);
    // The others were reached: the in-process ones recorded themselves, the API ones called the client.
    for (const other of ['job summary', 'annotations', 'report artifact'] as const) expect(s.ran, other).toContain(other);
    expect(s.clientCalls).toEqual(['client.rest.codeScanning.uploadSarif', 'client.rest.users.getAuthenticated']);
    const warnings = s.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings.some((w) => w.startsWith(`The ${fault} step failed`))).toBe(true);
  });

  it.each(['code scanning upload', 'PR comment'] as const)('%s throws a non-HTTP error: named, and the later sinks still ran', async (fault) => {
    const s = scenario(fault);
    const results = await runSinks(s.sinks, { report, files: s.files, logger: s.logger, notes: [] });
    expect(results.find((r) => r.id === fault)).toMatchObject({ ok: false, error: expect.stringContaining('boom in client.rest') });
    expect(s.ran).toEqual(['job summary', 'annotations', 'report artifact']);
  });
});
