/**
 * metrics.prom pushed to a real Prometheus Pushgateway (Debian's prometheus-pushgateway, started here on a free
 * port with its own persistence file) and read back from its /metrics. Skips without the binary on a contributor's
 * machine; with CI set it must run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunEnvironment } from '../../src/github/context.js';
import { renderMetrics } from '../../src/metrics/render.js';
import { metricsPushSink } from '../../src/metrics/sink.js';
import { runSinks } from '../../src/sinks.js';
import type { Logger } from '../../src/logger.js';
import type { WrittenReports } from '../../src/report/write.js';
import { toolGate } from '../support/tools.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';
import { find, parseExposition } from './exposition.js';

const BINARY = '/usr/bin/prometheus-pushgateway';
const gate = toolGate(existsSync(BINARY) ? undefined : `${BINARY} is not installed (apt-get install prometheus-pushgateway)`, 'the Pushgateway tests');

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function memoryLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
    error: (m) => lines.push(`error ${m}`),
    group: async (_n, fn) => await fn(),
  };
  return { logger, lines };
}

describe.skipIf(gate.skip)('metrics pushed to a real Pushgateway', () => {
  let proc: ChildProcess | undefined;
  let dir = '';
  let url = '';

  beforeAll(async () => {
    gate.assertAvailable();
    dir = await mkdtemp(join(tmpdir(), 'pushgateway-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    proc = spawn(BINARY, [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'persist')}`], { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/-/ready`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the Pushgateway did not become ready within 15 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc!.once('exit', r));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pushes through the sink, grouped by job, repository and a hostile branch name, and reads the values back', async () => {
    const report = makeReport(
      [makeFinding({ severity: 'critical', sources: [{ scanner: 'trivy', ruleId: 'CVE-1', severity: 'CRITICAL' }] }, 1), makeFinding({ severity: 'medium', sources: [{ scanner: 'checkov', ruleId: 'CKV', severity: 'MEDIUM' }] }, 2)],
      [makeStatus({ id: 'trivy', durationMs: 4200 }), makeStatus({ id: 'checkov', durationMs: 1300 })],
    );
    const file = join(dir, 'metrics.prom');
    await writeFile(file, await renderMetrics(report, { version: '9.9.9' }));
    const branch = 'feature/%2e%2e/x y"';
    const runEnv = readRunEnvironment(
      { GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF: 'refs/pull/5/merge', GITHUB_EVENT_NAME: 'pull_request' },
      JSON.stringify({ pull_request: { number: 5, base: { sha: 'a'.repeat(40), ref: 'main' }, head: { sha: 'b'.repeat(40), ref: branch } } }),
    );
    const { logger, lines } = memoryLogger();
    const results = await runSinks([metricsPushSink({ url, job: 'security-scan', runEnv })], { report, files: { metrics: file } as WrittenReports, logger, notes: [] });
    expect(results, lines.join('\n')).toEqual([{ id: 'metrics push', ok: true }]);

    const e = parseExposition(await (await fetch(`${url}/metrics`)).text());
    const group = { job: 'security-scan', repository: 'acme/shop', branch };
    expect(find(e, 'security_scan_findings', { ...group, scanner: 'trivy', severity: 'critical' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_findings', { ...group, scanner: 'checkov', severity: 'medium' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_scanner_duration_seconds', { ...group, scanner: 'trivy' })[0]?.value).toBe(4.2);
    expect(find(e, 'security_scan_gate_blocked', group)[0]?.value).toBe(1);
    expect(find(e, 'security_scan_run_info', { ...group, version: '9.9.9' })).toHaveLength(1);
    // The Pushgateway's own record of the push: one group, the last push succeeded.
    expect(find(e, 'push_failure_time_seconds', group)[0]?.value).toBe(0);
    expect(find(e, 'push_time_seconds', group)[0]?.value).toBeGreaterThan(0);

    // A second run on the same branch replaces the group (PUT), it does not add to it.
    const proceed = makeReport([], [makeStatus({ id: 'trivy' })]);
    await writeFile(file, await renderMetrics(proceed, { version: '9.9.9' }));
    await runSinks([metricsPushSink({ url, job: 'security-scan', runEnv })], { report: proceed, files: { metrics: file } as WrittenReports, logger, notes: [] });
    const again = parseExposition(await (await fetch(`${url}/metrics`)).text());
    expect(find(again, 'security_scan_gate_blocked', group).map((s) => s.value)).toEqual([0]);
    expect(find(again, 'security_scan_findings', { ...group, scanner: 'checkov' })).toEqual([]);
  });

  it('two matrix legs on one branch keep two groups (leg label), neither replaces the other', async () => {
    const runEnv = readRunEnvironment({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }, undefined);
    const { logger, lines } = memoryLogger();
    const file = join(dir, 'metrics-leg.prom');
    for (const [leg, n] of [['image=app-1', 1], ['image=db-2', 3]] as const) {
      const report = makeReport(Array.from({ length: n }, (_, i) => makeFinding({ severity: 'high', sources: [{ scanner: 'trivy', ruleId: `CVE-${i}`, severity: 'HIGH' }] }, i)), [makeStatus({ id: 'trivy' })]);
      await writeFile(file, await renderMetrics(report, { version: '9.9.9' }));
      const results = await runSinks([metricsPushSink({ url, job: 'security-scan', runEnv, leg })], { report, files: { metrics: file } as WrittenReports, logger, notes: [] });
      expect(results, lines.join('\n')).toEqual([{ id: 'metrics push', ok: true }]);
    }
    const e = parseExposition(await (await fetch(`${url}/metrics`)).text());
    const group = { job: 'security-scan', repository: 'acme/shop', branch: 'main' };
    expect(find(e, 'security_scan_findings', { ...group, leg: 'image=app-1', scanner: 'trivy', severity: 'high' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_findings', { ...group, leg: 'image=db-2', scanner: 'trivy', severity: 'high' })[0]?.value).toBe(3);
    expect(lines.some((l) => l.includes('leg image=db-2'))).toBe(true);
  });

  it('a Pushgateway that refuses the push is a warning naming it, never a thrown failure; credentials are not logged', async () => {
    const report = makeReport([], [makeStatus({ id: 'trivy' })]);
    const file = join(dir, 'bad.prom');
    // Inconsistent text (a gauge redeclared as a counter): the Pushgateway answers 400.
    await writeFile(file, '# TYPE security_scan_gate_blocked gauge\nsecurity_scan_gate_blocked 0\n# TYPE security_scan_gate_blocked counter\nsecurity_scan_gate_blocked 1\n');
    const password = ['pw', 'Fragment', '42'].join('-');
    const withCredentials = url.replace('http://', `http://user:${password}@`);
    const runEnv = readRunEnvironment({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF: 'refs/heads/main' }, undefined);
    const { logger, lines } = memoryLogger();
    const results = await runSinks([metricsPushSink({ url: withCredentials, job: 'security-scan', runEnv })], { report, files: { metrics: file } as WrittenReports, logger, notes: [] });
    expect(results[0]?.ok).toBe(false);
    const warning = lines.find((l) => l.startsWith('warning '))!;
    expect(warning).toContain(`the Pushgateway at ${url} answered 400`);
    expect(warning).toContain("gate's decision is unchanged");
    expect(lines.join('\n')).not.toContain(password);
  });

  it('an unreachable Pushgateway is a warning', async () => {
    const report = makeReport([], [makeStatus({ id: 'trivy' })]);
    const file = join(dir, 'ok.prom');
    await writeFile(file, await renderMetrics(report, { version: '1' }));
    const port = await freePort();
    const { logger, lines } = memoryLogger();
    const runEnv = readRunEnvironment({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF: 'refs/heads/main' }, undefined);
    const results = await runSinks([metricsPushSink({ url: `http://127.0.0.1:${port}`, job: 'j', runEnv, timeoutMs: 3000 })], { report, files: { metrics: file } as WrittenReports, logger, notes: [] });
    expect(results[0]?.ok).toBe(false);
    expect(lines.join('\n')).toMatch(/could not reach the Pushgateway at http:\/\/127\.0\.0\.1:\d+/);
  });
});
