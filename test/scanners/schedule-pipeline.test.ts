// scheduling: staged through the real pipeline (runPipeline, fake scanner binaries on disk): whether a blocking stage
// stops the later ones is decided by building the report from the stage's outcomes with the run's own settings and
// policy, so fail-on, failure-policy and suppressions count as they do for the final gate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.js';
import { workspaceReader } from '../../src/findings/reader.js';
import { recordingLogger } from '../../src/logger.js';
import { runPipeline, type PolicyInputs } from '../../src/pipeline.js';
import { parseFindingsDocument } from '../../src/report/schema.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { processRunner } from '../../src/scanners/process.js';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';
import { settingsFor } from '../support/settings.js';

const root = mkdtempSync(join(tmpdir(), 'staged-pipeline-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bin = mkdtempSync(join(root, 'bin-'));
const trivyReport = join(root, 'trivy.json');
writeFileSync(trivyReport, JSON.stringify(ONE_HIGH_TRIVY_REPORT));
const ranFile = join(root, 'gitleaks-ran');
const BIN = {
  trivy: fakeScanner(bin, 'trivy', `${outputArg('--output')}\ncp "${trivyReport}" "$out"`),
  trivyCrash: fakeScanner(bin, 'trivy-crash', 'echo "fatal: out of memory" >&2; exit 3'),
  // Records that it ran (a skipped scanner's process must never start).
  gitleaks: fakeScanner(bin, 'gitleaks', `echo ran >> "${ranFile}"\n${outputArg('--report-path')}\necho '[]' > "$out"`),
};

async function scan(inputs: Record<string, string>, o: { trivy?: string; policy?: PolicyInputs } = {}) {
  rmSync(ranFile, { force: true });
  const ws = mkdtempSync(join(root, 'ws-'));
  writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
  const logger = recordingLogger();
  const settings = settingsFor({ scanners: 'trivy,gitleaks', 'trivy-scanners': 'misconfig', 'gitleaks-mode': 'dir', scheduling: 'staged', ...inputs });
  const binaries: Record<string, string> = { trivy: o.trivy ?? BIN.trivy, gitleaks: BIN.gitleaks };
  const { report, files } = await runPipeline({
    settings,
    ...(o.policy ? { policy: o.policy } : {}),
    registry: SCANNERS,
    workspace: ws,
    runner: processRunner,
    logger,
    event: { name: 'push' },
    environment: parseEnvironment({ PATH: process.env['PATH'] }),
    context: {},
    resolveBinary: async (s) => binaries[s.id]!,
    readFile: workspaceReader(ws),
    tempRoot: root,
    now: () => new Date('2026-01-02T00:00:00Z'),
    tool: { name: 'security-scan', version: 'test' },
  });
  const gitleaksRan = (() => {
    try {
      return readFileSync(ranFile, 'utf8').trim() !== '';
    } catch {
      return false;
    }
  })();
  return { report, files, logger, gitleaksRan, summary: readFileSync(files.markdown, 'utf8'), json: readFileSync(files.json, 'utf8') };
}

const states = (r: Awaited<ReturnType<typeof scan>>) => Object.fromEntries(r.report.scanners.map((s) => [s.id, s.state]));

describe('scheduling: staged through runPipeline', () => {
  it('a blocking stage whose findings reach fail-on stops the later stages: skipped, not started, named, and the gate blocks', async () => {
    const r = await scan({ stages: 'images: trivy!; secrets: gitleaks', 'fail-on': 'high' });
    expect(states(r)).toEqual({ trivy: 'ok', gitleaks: 'skipped' });
    expect(r.gitleaksRan).toBe(false);
    expect(r.report.gate.decision).toBe('BLOCK');
    expect(r.report.gate.failedScanners).toEqual(['gitleaks']);
    expect(r.report.gate.reasons).toEqual([
      "1 finding at or above fail-on 'high' (1 high).",
      "Gitleaks was not run: stage 'images' blocked the gate, which stops the later stages",
    ]);
    // The report files say so, and findings.json with the new state still passes its own schema.
    expect(r.summary).toMatch(/\| Gitleaks \| ⏹️ skipped: stage 'images' blocked the gate/);
    expect(r.summary).toMatch(/#### Scanners that did not run\n\n- \*\*Gitleaks\*\* \(`gitleaks`\) ⏹️ skipped: stage 'images' blocked the gate/);
    expect(parseFindingsDocument(r.json).ok).toBe(true);
  }, 30_000);

  it('the same blocking stage with its findings below fail-on lets the later stages run', async () => {
    const r = await scan({ stages: 'images: trivy!; secrets: gitleaks', 'fail-on': 'critical' });
    expect(states(r)).toEqual({ trivy: 'ok', gitleaks: 'ok' });
    expect(r.gitleaksRan).toBe(true);
    expect(r.report.gate.decision).toBe('PROCEED');
  }, 30_000);

  it('a non-blocking stage whose findings block does not stop the later stages (the gate still blocks on them)', async () => {
    const r = await scan({ stages: 'images: trivy; secrets: gitleaks', 'fail-on': 'high' });
    expect(states(r)).toEqual({ trivy: 'ok', gitleaks: 'ok' });
    expect(r.gitleaksRan).toBe(true);
    expect(r.report.gate.decision).toBe('BLOCK');
    expect(r.report.gate.reasons).toEqual(["1 finding at or above fail-on 'high' (1 high)."]);
  }, 30_000);

  it('a suppressed finding does not make its stage block (the stage check applies the same suppressions)', async () => {
    const suppressions = { file: '.security-scan-ignore.yml', source: 'base' as const, entries: [{ index: 1, rule: 'DS002', reason: 'root is needed here' }], pending: [], native: {} };
    const r = await scan({ stages: 'images: trivy!; secrets: gitleaks', 'fail-on': 'high' }, { policy: { suppressions } });
    expect(r.report.suppressed).toHaveLength(1);
    expect(states(r)).toEqual({ trivy: 'ok', gitleaks: 'ok' });
    expect(r.report.gate.decision).toBe('PROCEED');
  }, 30_000);

  it('with failure-policy block, a scanner that fails in a blocking stage stops the later stages', async () => {
    const r = await scan({ stages: 'images: trivy!; secrets: gitleaks', 'fail-on': 'critical', 'failure-policy': 'block' }, { trivy: BIN.trivyCrash });
    expect(states(r)).toEqual({ trivy: 'failed', gitleaks: 'skipped' });
    expect(r.gitleaksRan).toBe(false);
    expect(r.report.gate.decision).toBe('BLOCK');
  }, 30_000);

  it('with failure-policy alert, it does not: the later stages run and the gate follows their findings', async () => {
    const r = await scan({ stages: 'images: trivy!; secrets: gitleaks', 'fail-on': 'critical', 'failure-policy': 'alert' }, { trivy: BIN.trivyCrash });
    expect(states(r)).toEqual({ trivy: 'failed', gitleaks: 'ok' });
    expect(r.gitleaksRan).toBe(true);
    expect(r.report.gate.decision).toBe('PROCEED');
    expect(r.logger.lines).toContainEqual({ level: 'warning', message: expect.stringMatching(/^Trivy failed: exited with code 3/) });
    expect(r.summary).toContain('⚠️ 1 scanner failed or could not run (failure-policy: alert): Trivy.');
  }, 30_000);

  it('a skipped scanner blocks whatever the failure policy', async () => {
    const r = await scan({ stages: 'images: trivy!; secrets: gitleaks', 'fail-on': 'high', 'failure-policy': 'log' });
    expect(states(r)).toEqual({ trivy: 'ok', gitleaks: 'skipped' });
    expect(r.report.gate.reasons).toContain("Gitleaks was not run: stage 'images' blocked the gate, which stops the later stages");
    expect(r.summary).not.toContain('failure-policy: log'); // no scanner failed; the skipped one is not "tolerated"
  }, 30_000);
});

describe('scheduling: parallel with concurrency 0 (the default)', () => {
  it('concurrency 0 runs every selected scanner at once (no cap at the CPU count, which on 2 CPUs queued the longest scanner)', async () => {
    const stamps = join(root, 'overlap');
    rmSync(stamps, { force: true });
    const span = (id: string, body: string) => fakeScanner(bin, `${id}-slow`, `echo "${id} start $(date +%s%N)" >> "${stamps}"\nsleep 0.6\n${body}\necho "${id} end $(date +%s%N)" >> "${stamps}"`);
    const binaries: Record<string, string> = {
      trivy: span('trivy', `${outputArg('--output')}\ncp "${trivyReport}" "$out"`),
      gitleaks: span('gitleaks', `${outputArg('--report-path')}\necho '[]' > "$out"`),
    };
    const ws = mkdtempSync(join(root, 'ws-'));
    const { report } = await runPipeline({
      settings: settingsFor({ scanners: 'trivy,gitleaks', 'trivy-scanners': 'misconfig', 'gitleaks-mode': 'dir', scheduling: 'parallel', concurrency: '0' }),
      registry: SCANNERS,
      workspace: ws,
      runner: processRunner,
      logger: recordingLogger(),
      event: { name: 'push' },
      environment: parseEnvironment({ PATH: process.env['PATH'] }),
      context: {},
      resolveBinary: async (s) => binaries[s.id]!,
      readFile: workspaceReader(ws),
      tempRoot: root,
      now: () => new Date('2026-01-02T00:00:00Z'),
      tool: { name: 'security-scan', version: 'test' },
    });
    expect(report.scanners.map((s) => s.state)).toEqual(['ok', 'ok']);
    const at = Object.fromEntries(readFileSync(stamps, 'utf8').trim().split('\n').map((l) => { const [id, what, ns] = l.split(' '); return [`${id} ${what}`, BigInt(ns!)]; }));
    // Each started before the other ended: they ran at the same time.
    expect(at['gitleaks start']! < at['trivy end']! && at['trivy start']! < at['gitleaks end']!, JSON.stringify(at, (_, v) => String(v))).toBe(true);
  });
});
