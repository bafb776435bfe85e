// The whole pipeline below main.ts (scan → identify → buildReport → write), on a scanner that needs no binary:
// Falco's own filters (its refine hook) must reach the report, the counts and the accounting.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../src/config/environment.js';
import { recordingLogger } from '../src/logger.js';
import { runPipeline } from '../src/pipeline.js';
import { SCANNERS } from '../src/scanners/registry.js';
import { settingsFor } from './support/settings.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'falco', 'falco-docs-mixed-events.jsonl');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(inputs: Record<string, string>) {
  const workspace = mkdtempSync(join(tmpdir(), 'pipeline-'));
  dirs.push(workspace);
  copyFileSync(FIXTURE, join(workspace, 'events.jsonl'));
  const settings = settingsFor({ scanners: 'falco', 'falco-events': 'events.jsonl', 'falco-deploy-files': 'false', ...inputs });
  return runPipeline({
    settings,
    registry: SCANNERS,
    workspace,
    runner: { run: () => Promise.reject(new Error('Falco starts no process')) },
    logger: recordingLogger(),
    event: { name: 'push' },
    environment: parseEnvironment({ PATH: '/usr/bin' }),
    context: {},
    resolveBinary: () => Promise.reject(new Error('Falco has no binary')),
    readFile: () => undefined,
    now: () => new Date('2026-12-01T00:00:00Z'),
    tool: { name: 'security-scan', version: 'test' },
  });
}

describe('runPipeline with Falco events (13 events: 2 critical, 3 warning, 7 notice, 1 informational)', () => {
  it('the default threshold (notice) drops the informational event: counted as filtered, absent from the report', async () => {
    const { report, files } = await run({});
    const falco = report.scanners.find((s) => s.id === 'falco')!;
    expect(falco.state).toBe('ok');
    expect(falco.rawCount).toBe(13);
    expect(falco.filtered).toBe(1);
    expect(report.accounting).toMatchObject({ raw: 13, filteredByScanner: 1 });
    expect(report.findings.some((f) => f.title.includes('K8s Serviceaccount Created') || f.ruleId === 'K8s Serviceaccount Created')).toBe(false);
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as { accounting: { filteredByScanner: number } };
    expect(json.accounting.filteredByScanner).toBe(1);
  });

  it('a warning threshold keeps the 5 events at warning or above; the other 8 are filtered', async () => {
    const { report } = await run({ 'falco-alert-threshold': 'warning' });
    expect(report.accounting.filteredByScanner).toBe(8);
    expect(report.accounting.raw - report.accounting.filteredByScanner).toBe(5);
    expect(report.total).toBeGreaterThan(0);
    expect(report.total).toBeLessThanOrEqual(5);
    expect(report.counts.low + report.counts.info).toBe(0);
  });

  it('rules-enabled without the categories of the cloud events leaves them out', async () => {
    const all = await run({ 'falco-alert-threshold': 'debug', 'falco-sensitivity': 'high' });
    const some = await run({ 'falco-alert-threshold': 'debug', 'falco-sensitivity': 'high', 'falco-rules-enabled': 'malicious_behavior' });
    expect(all.report.accounting.filteredByScanner).toBe(0);
    expect(some.report.accounting.filteredByScanner).toBeGreaterThan(0);
    expect(some.report.total).toBeLessThan(all.report.total);
  });
});
