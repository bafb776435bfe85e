// failure-policy end to end through src/main.ts run(), the way the runner calls it (INPUT_* variables, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY), with three fake scanner binaries on disk: Trivy reports one HIGH finding, Gitleaks crashes,
// Checkov sleeps past its own timeout (scanner-timeouts: checkov=2s; the global timeout is 60s).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStep, type ActionStep } from '../support/action-step.js';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';

const root = mkdtempSync(join(tmpdir(), 'failure-policy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bin = mkdtempSync(join(root, 'bin-'));
const trivyReport = join(root, 'trivy.json');
writeFileSync(trivyReport, JSON.stringify(ONE_HIGH_TRIVY_REPORT));
const TRIVY = fakeScanner(bin, 'trivy', `${outputArg('--output')}\ncp "${trivyReport}" "$out"`);
const GITLEAKS = fakeScanner(bin, 'gitleaks', 'echo "panic: runtime error: index out of range" >&2; exit 2');
const CHECKOV = fakeScanner(bin, 'checkov', 'sleep 30');

interface Step extends ActionStep {
  report: { gate: { decision: string; failedScanners: string[]; reasons: string[]; failurePolicy: string }; scanners: { id: string; state: string; error?: string }[]; findings: { sources: { scanner: string }[] }[] };
  seconds: number;
}

/** Runs the action's entry point once with these inputs; returns what the runner would see. */
async function step(inputs: Record<string, string>): Promise<Step> {
  const ws = mkdtempSync(join(root, 'ws-'));
  writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
  const runner = mkdtempSync(join(root, 'runner-'));
  const all = {
    scanners: 'trivy,gitleaks,checkov',
    'trivy-scanners': 'misconfig',
    'gitleaks-mode': 'dir',
    'trivy-path': TRIVY,
    'gitleaks-path': GITLEAKS,
    'checkov-path': CHECKOV,
    timeout: '60s',
    'scanner-timeouts': 'checkov=2s',
    'upload-sarif': 'false',
    comment: 'never',
    baseline: 'none',
    'install-scanners': 'false',
    ...inputs,
  };
  const started = Date.now();
  const run = await runStep(runner, { GITHUB_WORKSPACE: ws, GITHUB_EVENT_NAME: 'workflow_dispatch' }, all);
  const seconds = (Date.now() - started) / 1000;
  return { ...run, report: JSON.parse(readFileSync(join(ws, 'security-reports', 'findings.json'), 'utf8')) as Step['report'], seconds };
}

/** Workflow commands of this kind, without the findings' own annotations (`::error file=…`). */
const lines = (s: Step, command: 'warning' | 'error') => s.stdout.split('\n').filter((l) => l.startsWith(`::${command}`) && !/^::\w+ [^:]*file=/.test(l));
const infoLines = (s: Step) => s.stdout.split('\n').filter((l) => !l.startsWith('::'));

/** Both failures are in the report, each named with its reason, and Trivy's finding is kept. */
function expectBothFailuresReported(s: Step) {
  const state = Object.fromEntries(s.report.scanners.map((x) => [x.id, x.state]));
  expect(state).toEqual({ trivy: 'ok', gitleaks: 'failed', checkov: 'failed' });
  expect(s.report.scanners.find((x) => x.id === 'gitleaks')!.error).toMatch(/exited with code 2[\s\S]*panic/);
  // Checkov's own timeout (2s) applied, not the global 60s, and the message says how to raise it.
  expect(s.report.scanners.find((x) => x.id === 'checkov')!.error).toMatch(/timed out after 2s and was stopped; raise 'scanner-timeouts' \(e\.g\. checkov=4s\) or 'timeout'/);
  expect(s.seconds).toBeLessThan(20);
  expect(s.report.gate.failedScanners.sort()).toEqual(['checkov', 'gitleaks']);
  expect(s.report.findings.filter((f) => f.sources.some((x) => x.scanner === 'trivy'))).toHaveLength(1);
  // The summary's scanner table marks both failed.
  expect(s.summary).toMatch(/\| Gitleaks \| ❌ failed: exited with code 2/);
  expect(s.summary).toMatch(/\| Checkov \| ❌ failed: timed out after 2s/);
}

describe('failure-policy through run() (one scanner crashes, one times out, one reports a HIGH finding)', () => {
  it('alert, findings below fail-on: PROCEED, a warning naming each failed scanner, the verdict says the policy let it through', async () => {
    const s = await step({ 'failure-policy': 'alert', 'fail-on': 'critical' });
    expectBothFailuresReported(s);
    expect(s.exitCode, s.stdout).not.toBe(1);
    expect(s.outputs['decision']).toBe('PROCEED');
    expect(s.report.gate.reasons).toEqual([]);
    const warnings = lines(s, 'warning').join('\n');
    expect(warnings).toMatch(/Gitleaks failed: exited with code 2/);
    expect(warnings).toMatch(/Checkov failed: timed out after 2s/);
    expect(lines(s, 'error')).toEqual([]);
    expect(infoLines(s).join('\n')).toContain(
      "security-scan: PROCEED (1 finding(s), none at or above fail-on 'critical'). 2 scanners failed or could not run (failure-policy: alert): Gitleaks, Checkov.",
    );
    expect(s.summary).toContain('### ✅ PROCEED');
    expect(s.summary).toMatch(/⚠️ 2 scanners failed or could not run \(failure-policy: alert\): Gitleaks, Checkov\. They do not block by themselves/);
  }, 60_000);

  it('alert, findings at fail-on: BLOCK on the findings alone, still naming both failures', async () => {
    const s = await step({ 'failure-policy': 'alert', 'fail-on': 'high' });
    expectBothFailuresReported(s);
    expect(s.exitCode).toBe(1);
    expect(s.outputs['decision']).toBe('BLOCK');
    expect(s.report.gate.reasons).toEqual(["1 finding at or above fail-on 'high' (1 high)."]);
    const errors = lines(s, 'error').join('\n');
    expect(errors).toContain("security-scan blocked this change: 1 finding at or above fail-on 'high' (1 high). 2 scanners failed or could not run (failure-policy: alert): Gitleaks, Checkov.");
    const warnings = lines(s, 'warning').join('\n');
    expect(warnings).toMatch(/Gitleaks failed/);
    expect(warnings).toMatch(/Checkov failed/);
  }, 60_000);

  it('log: PROCEED below fail-on, the failures on info lines, no warning or error about them', async () => {
    const s = await step({ 'failure-policy': 'log', 'fail-on': 'critical' });
    expectBothFailuresReported(s);
    expect(s.outputs['decision']).toBe('PROCEED');
    expect(s.exitCode).not.toBe(1);
    expect([...lines(s, 'warning'), ...lines(s, 'error')].join('\n')).not.toMatch(/Gitleaks|Checkov/);
    const info = infoLines(s).join('\n');
    expect(info).toMatch(/Gitleaks failed: exited with code 2/);
    expect(info).toMatch(/Checkov failed: timed out after 2s/);
  }, 60_000);

  it('block: the step fails naming both failed scanners, even with the finding below fail-on', async () => {
    const s = await step({ 'failure-policy': 'block', 'fail-on': 'critical' });
    expectBothFailuresReported(s);
    expect(s.exitCode).toBe(1);
    expect(s.outputs['decision']).toBe('BLOCK');
    const failed = lines(s, 'error').find((l) => l.includes('security-scan blocked this change'))!;
    expect(failed).toMatch(/Gitleaks failed: exited with code 2/);
    expect(failed).toMatch(/Checkov failed: timed out after 2s/);
    expect(failed).not.toMatch(/failure-policy/);
    expect(s.summary).toContain('### ❌ BLOCK');
  }, 60_000);

  it('alert with every scanner failing: BLOCK, saying no scanner produced a result', async () => {
    const s = await step({ 'failure-policy': 'alert', 'fail-on': 'critical', scanners: 'gitleaks,checkov' });
    expect(s.outputs['decision']).toBe('BLOCK');
    expect(s.exitCode).toBe(1);
    expect(s.report.gate.reasons.at(-1)).toMatch(/^No selected scanner produced a result/);
    expect(s.report.gate.reasons.join('\n')).toMatch(/Gitleaks failed[\s\S]*Checkov failed/);
  }, 60_000);
});
