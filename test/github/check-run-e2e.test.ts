// The check run and the metrics through src/main.ts run(), the way the runner calls it: a pull_request event, a fake
// Trivy reporting a HIGH finding in a file the pull request changes and one in a file it does not, the fake GitHub
// API (check runs, the pull request's files) and a local HTTP server standing in for the Pushgateway.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStep } from '../support/action-step.js';
import { FAKE_TOKENS, startFakeGitHub } from '../support/fake-github.js';
import { fakeScanner, outputArg } from '../support/fake-scanner.js';

const root = mkdtempSync(join(tmpdir(), 'check-run-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEAD = '1'.repeat(40);
const BASE = '2'.repeat(40);
const MERGE = '3'.repeat(40);
const PR = 12;
const misconf = (id: string) => ({ Type: 'Dockerfile Security Check', ID: id, Title: `Check ${id}`, Severity: 'HIGH', Status: 'FAIL', CauseMetadata: { StartLine: 1, EndLine: 1 } });
const REPORT = {
  SchemaVersion: 2,
  ArtifactName: '.',
  ArtifactType: 'filesystem',
  Results: [
    { Target: 'Dockerfile', Class: 'config', Type: 'dockerfile', Misconfigurations: [misconf('DS002')] },
    { Target: 'old/Dockerfile', Class: 'config', Type: 'dockerfile', Misconfigurations: [misconf('DS001')] },
  ],
};

describe('check run and metrics through run() on a pull request', () => {
  it('annotates the changed file only, concludes failure with the gate, writes metrics.prom and pushes it grouped by the head branch', async () => {
    const bin = mkdtempSync(join(root, 'bin-'));
    const reportFile = join(root, 'trivy.json');
    writeFileSync(reportFile, JSON.stringify(REPORT));
    const trivy = fakeScanner(bin, 'trivy', `${outputArg('--output')}\ncp "${reportFile}" "$out"`);
    const ws = mkdtempSync(join(root, 'ws-'));
    writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
    mkdirSync(join(ws, 'old'));
    writeFileSync(join(ws, 'old', 'Dockerfile'), 'FROM alpine:3.19\n');
    const fake = await startFakeGitHub({ contents: { [BASE]: {} }, pulls: { [PR]: { headSha: HEAD, headRef: 'feature/x', baseSha: BASE, baseRef: 'main', files: [{ filename: 'Dockerfile', patch: '@@ -0,0 +1 @@\n+FROM alpine:3.20' }] } } });
    const pushes: { method: string; url: string; body: string }[] = [];
    const pg = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        pushes.push({ method: req.method ?? '', url: req.url ?? '', body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => pg.listen(0, '127.0.0.1', () => r()));
    try {
      const runner = mkdtempSync(join(root, 'runner-'));
      const event = join(runner, 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: PR, base: { sha: BASE, ref: 'main' }, head: { sha: HEAD, ref: 'feature/x' } }, repository: { default_branch: 'main' } }));
      const repository = `${fake.repository.owner}/${fake.repository.name}`;
      const s = await runStep(
        runner,
        { GITHUB_WORKSPACE: ws, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: repository, GITHUB_SHA: MERGE, GITHUB_REF: `refs/pull/${PR}/merge`, GITHUB_API_URL: fake.url, GITHUB_RUN_ID: '99', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'scan' },
        {
          'github-token': FAKE_TOKENS.write,
          scanners: 'trivy',
          'trivy-scanners': 'misconfig',
          'trivy-path': trivy,
          'install-scanners': 'false',
          'upload-sarif': 'false',
          comment: 'never',
          baseline: 'none',
          'check-run': 'true',
          'metrics-pushgateway-url': `http://127.0.0.1:${(pg.address() as AddressInfo).port}`,
        },
      );
      expect(s.outputs['decision'], s.stdout).toBe('BLOCK');
      expect(s.exitCode).toBe(1);
      const [run] = fake.checks.runs;
      expect(run, s.stdout).toMatchObject({ name: 'security-scan', head_sha: HEAD, status: 'completed', conclusion: 'failure' });
      expect(run!.annotations.map((a) => [a.path, a.annotation_level, a.title])).toEqual([['Dockerfile', 'failure', 'High: DS002']]);
      expect(run!.summary).toContain('1 finding elsewhere');
      expect(fake.violations, fake.violations.join('\n')).toEqual([]);

      const metrics = readFileSync(join(ws, 'security-reports', 'metrics.prom'), 'utf8');
      expect(metrics).toMatch(/^security_scan_findings\{scanner="trivy",severity="high"\} 2$/m);
      expect(metrics).toMatch(/^security_scan_gate_blocked 1$/m);
      expect(pushes).toHaveLength(1);
      expect(pushes[0]!.method).toBe('PUT');
      const b64 = (v: string) => Buffer.from(v).toString('base64url');
      expect(pushes[0]!.url).toBe(`/metrics/job@base64/${b64('security-scan')}/repository@base64/${b64(repository)}/branch@base64/${b64('feature/x')}`);
      expect(pushes[0]!.body).toBe(metrics);
    } finally {
      await new Promise((r) => pg.close(r));
      await fake.close();
    }
  }, 60_000);
});
