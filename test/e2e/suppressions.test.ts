// Suppressions that need approval, end to end through src/main.ts run() with the real Trivy and Gitleaks on a real
// git repository: a pull request that adds an ignore-file entry, a .trivyignore, a .gitleaks.toml allowlist and an
// inline gitleaks:allow for its own findings still blocks, and its summary lists each added suppression; once merged
// (the same files on the base) they apply; an expired entry brings its finding back and is listed as expired.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnv, fakePat, runStep, type ActionStep } from '../support/action-step.js';
import { GitRepo } from '../support/git-repo.js';
import { realScannerGate, realScanners } from '../support/real-scanners.js';

const gate = realScannerGate(['trivy', 'gitleaks'], 'Trivy and Gitleaks (suppressions end to end)');

const root = mkdtempSync(join(tmpdir(), 'suppressions-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Finding {
  ruleId: string;
  severity: string;
  location: { path?: string; startLine?: number };
  sources: { scanner: string }[];
  properties?: Record<string, unknown>;
  suppression?: { reason: string; by: string };
}
interface Report {
  gate: { decision: string; reasons: string[] };
  findings: Finding[];
  suppressed: Finding[];
  suppressions: { source: string; expired: { index: number; rule?: string }[]; pending: { kind: string; scanner?: string; file: string; line?: number; text: string }[]; native: Record<string, number> };
  scanners: { id: string; state: string; error?: string }[];
}
interface Step extends ActionStep {
  report: Report;
  sarif: string;
}

const INPUTS = {
  scanners: 'trivy,gitleaks',
  'trivy-scanners': 'misconfig',
  'trivy-skip-check-update': 'true',
  'gitleaks-mode': 'dir',
  'trivy-path': realScanners.trivy,
  'gitleaks-path': realScanners.gitleaks,
  'install-scanners': 'false',
  'upload-sarif': 'false',
  comment: 'never',
  baseline: 'none',
  'fail-on': 'high',
  timeout: '5m',
};

/** One step on a pull_request event from `base` to `head` (the workspace is checked out at head, history included). */
async function pullRequestStep(ws: string, base: string, head: string): Promise<Step> {
  const runner = mkdtempSync(join(root, 'runner-'));
  const step = await runStep(runner, eventEnv(runner, ws, base, head), INPUTS);
  const reports = join(ws, 'security-reports');
  return {
    ...step,
    report: JSON.parse(readFileSync(join(reports, 'findings.json'), 'utf8')) as Report,
    sarif: readFileSync(join(reports, 'sarif', 'trivy.sarif'), 'utf8'),
  };
}

const secretA = fakePat(7);
const secretB = fakePat(11);
const IGNORE = ['ignore:', '  - rule: DS-0002', '    path: Dockerfile', '    reason: the base image runs as root by design; tracked in SEC-12', '    expires: 2099-01-31', ''].join('\n');
/** The pull request's suppressions of its own findings, one per mechanism. */
const SUPPRESSING_FILES = {
  Dockerfile: 'FROM alpine:3.20\nUSER root\nRUN echo hi\n',
  '.security-scan-ignore.yml': IGNORE,
  '.trivyignore': 'DS-0026\n',
  '.gitleaks.toml': "[extend]\nuseDefault = true\n\n[allowlist]\ndescription = 'test keys'\npaths = ['''^secrets/''']\n",
  'app/config.js': `export const token = "${secretA}"; // gitleaks:allow\n`,
  'secrets/key.txt': `token = ${secretB}\n`,
};

describe.skipIf(gate.skip)('suppressions that need approval (real Trivy and Gitleaks, through run())', () => {
  beforeAll(gate.assertAvailable);
  const repo = GitRepo.init('suppressions-repo-');
  let base = '';
  let head = '';
  let pr: Step;

  beforeAll(async () => {
    base = repo.commit('base', { Dockerfile: 'FROM alpine:3.20\nRUN echo hi\n', 'README.md': '# app\n', '.gitignore': 'security-reports/\n' });
    repo.checkout('feature', true);
    head = repo.commit('adds findings and suppresses them itself', SUPPRESSING_FILES);
    pr = await pullRequestStep(repo.dir, base, head);
  }, 180_000);

  it('the pull request still blocks: none of its own suppressions applied', () => {
    const f = pr.report.findings;
    expect(pr.report.scanners.map((s) => `${s.id}:${s.state}`)).toEqual(['trivy:ok', 'gitleaks:ok']);
    expect(pr.outputs['decision']).toBe('BLOCK');
    expect(pr.exitCode).toBe(1);
    expect(pr.report.suppressions.source).toBe('base');
    // The ignore-file entry did not apply…
    expect(f.some((x) => x.ruleId === 'DS-0002' && x.severity === 'high')).toBe(true);
    expect(pr.report.suppressed).toEqual([]);
    // … nor the .trivyignore, nor the .gitleaks.toml allowlist, nor the inline marker.
    expect(f.some((x) => x.ruleId === 'DS-0026')).toBe(true);
    const leaks = f.filter((x) => x.sources.some((s) => s.scanner === 'gitleaks')).map((x) => x.location.path).sort();
    expect(leaks).toEqual(['app/config.js', 'secrets/key.txt']);
    expect(f.find((x) => x.location.path === 'app/config.js')!.properties?.['inlineMarker']).toBe('gitleaks:allow');
  });

  it('lists each suppression the pull request adds, in findings.json and the summary, as applying once merged', () => {
    const pending = pr.report.suppressions.pending.map((p) => `${p.kind} ${p.scanner ?? '-'} ${p.file}${p.line ? `:${p.line}` : ''}`).sort();
    expect(pending).toEqual([
      'ignore-entry - .security-scan-ignore.yml',
      'inline-marker gitleaks app/config.js:1',
      'native-file gitleaks .gitleaks.toml',
      'native-file trivy .trivyignore',
    ]);
    expect(pr.summary).toContain('Suppressions added by this PR — they apply once merged');
    for (const text of ['`.security-scan-ignore.yml`: rule `DS-0002`, path `Dockerfile`', '`.trivyignore`: adds Trivy', '`.gitleaks.toml`: adds Gitleaks', '`app/config.js:1`: inline `gitleaks:allow`']) {
      expect(pr.summary).toContain(text);
    }
    // The secrets never reach a report.
    for (const s of [secretA, secretB]) expect(pr.stdout + pr.summary + JSON.stringify(pr.report) + pr.sarif).not.toContain(s);
  });

  it('once merged (the same files on the base), they apply; an expired entry brings its finding back, listed as expired', async () => {
    repo.checkout('main');
    repo.git('merge', '-q', '--ff-only', 'feature');
    const merged = repo.head();
    repo.checkout('next', true);
    const next = repo.commit('an unrelated change', { 'README.md': '# app\n\nMore words.\n' });
    const after = await pullRequestStep(repo.dir, merged, next);
    expect(after.report.suppressions.pending).toEqual([]);
    expect(after.outputs['decision'], after.report.gate.reasons.join('\n')).toBe('PROCEED');
    expect(after.report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
    // The ignore file suppressed DS-0002 (listed, with its reason, and dismissed in SARIF); .trivyignore took DS-0026;
    // .gitleaks.toml and the marker that is now on the base took both secrets.
    expect(after.report.suppressed.map((f) => [f.ruleId, f.suppression?.reason])).toEqual([['DS-0002', 'the base image runs as root by design; tracked in SEC-12']]);
    expect(after.outputs['suppressed']).toBe('1');
    expect(after.report.findings.some((f) => f.ruleId === 'DS-0026')).toBe(false);
    expect(after.report.findings.filter((f) => f.sources.some((s) => s.scanner === 'gitleaks'))).toEqual([]);
    expect(after.report.suppressions.native).toEqual({ gitleaks: 1 });
    const dismissed = (JSON.parse(after.sarif) as { runs: { results: { ruleId: string; suppressions?: { kind: string; status: string; justification: string }[] }[] }[] }).runs.flatMap((r) => r.results).find((r) => r.ruleId === 'DS-0002');
    expect(dismissed?.suppressions?.[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    expect(dismissed?.suppressions?.[0]?.justification).toMatch(/^the base image runs as root by design/);
    expect(after.summary).toMatch(/Suppressed by `\.security-scan-ignore\.yml` \(1; not counted by the gate\)/);

    // The entry expires (on main): its finding is back and the entry is listed as expired.
    repo.checkout('main');
    const expiredBase = repo.commit('the suppression expired', { '.security-scan-ignore.yml': IGNORE.replace('2099-01-31', '2020-01-31') });
    repo.checkout('later', true);
    const later = repo.commit('another change', { 'README.md': '# app\n\nEven more words.\n' });
    const expired = await pullRequestStep(repo.dir, expiredBase, later);
    expect(expired.outputs['decision']).toBe('BLOCK');
    expect(expired.report.suppressed).toEqual([]);
    expect(expired.report.findings.some((f) => f.ruleId === 'DS-0002' && f.severity === 'high')).toBe(true);
    expect(expired.report.suppressions.expired).toMatchObject([{ index: 1, rule: 'DS-0002' }]);
    expect(expired.summary).toContain('Expired suppressions');
    expect(expired.summary).toMatch(/entry 1 \(rule `DS-0002`, path `Dockerfile`\) expired 2020-01-31/);
  }, 240_000);
});
