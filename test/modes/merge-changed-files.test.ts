// changed-files-only in a matrix: the merge job reads the pull request's changed files itself (as a scan job does)
// and passes them to the rebuilt report, so the merged report is scoped like a single job's: findings in other files
// are left out, and the baseline's entries in files the pull request does not touch are not "fixed" (nobody looked
// for them). Through src/main.ts run() on a real git repository, with a fake Trivy replaying a recorded misconfig scan
// of the example tree (Trivy 0.74.0: app/Dockerfile, infra/main.tf, k8s/deployment.yaml).
import { closeFakes, fakeArtifacts, unpackArtifact } from '../support/fake-actions-env.js';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnv, runStep, type ActionStep } from '../support/action-step.js';
import { GitRepo } from '../support/git-repo.js';
import { fakeScanner, outputArg } from '../support/fake-scanner.js';

const root = mkdtempSync(join(tmpdir(), 'merge-changed-'));
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await closeFakes();
});

// Source: test/fixtures/SOURCES.md (release-0.74.0-fs-misconfig-example.json).
const REPORT = join(import.meta.dirname, '..', 'fixtures', 'trivy', 'release-0.74.0-fs-misconfig-example.json');
const bin = mkdtempSync(join(root, 'bin-'));
const TRIVY = fakeScanner(bin, 'trivy', `${outputArg('--output')}\ncp "${REPORT}" "$out"`, { version: '0.74.0' });

interface Doc {
  total: number;
  decision: string;
  gate: { reasons: string[] };
  counts: Record<string, number>;
  findings: { location?: { path?: string }; fingerprint: string; severity: string }[];
  suppressed: { fingerprint: string; ruleId: string }[];
  baseline?: { found: boolean; new: number; unchanged: number; fixed: { path?: string }[] };
  changedFiles?: { source: string; files: number };
}
interface Step extends ActionStep {
  doc: Doc;
  outputDir: string;
}

const INPUTS = { scanners: 'trivy', 'trivy-scanners': 'misconfig', 'trivy-path': TRIVY, 'trivy-skip-check-update': 'true', 'install-scanners': 'false', 'upload-sarif': 'false', comment: 'never', baseline: 'none', 'fail-on': 'none' };

async function step(ws: string, base: string, head: string, job: string, inputs: Record<string, string>, options: { push?: boolean } = {}): Promise<Step> {
  const runner = mkdtempSync(join(root, `runner-${job}-`));
  const outputDir = join(runner, 'reports');
  const env = { ...eventEnv(runner, ws, base, head, options), GITHUB_JOB: job, GITHUB_RUN_ID: '78', GITHUB_WORKFLOW: 'security', ACTIONS_RUNTIME_TOKEN: fakeArtifacts.token, ACTIONS_RESULTS_URL: `${fakeArtifacts.url}/` };
  const s = await runStep(runner, env, { ...INPUTS, 'output-dir': outputDir, 'artifact-name': `reports-${job}`, ...inputs });
  return { ...s, outputDir, doc: JSON.parse(readFileSync(join(outputDir, 'findings.json'), 'utf8')) as Doc };
}

describe('changed-files-only in a matrix: the merge is scoped like a single job', () => {
  let single: Step;
  let merge: Step;
  let mergeUnscoped: Step;
  let forged: Step;
  let forgedUnscoped: Step;

  beforeAll(async () => {
    const repo = GitRepo.init('merge-changed-');
    // Trivy reports both Dockerfile findings at line 1, whose line hash covers the next 100 characters: the pull
    // request appends a line after those, so the findings stay the baseline's (unchanged) in a file it changes.
    const dockerfile = `FROM alpine:3.20\n# ${'x'.repeat(120)}\n`;
    // The base's ignore file: entries that match none of the scan's findings (a path no finding is in, a rule Trivy
    // does not have), which a forged report could borrow.
    const ignore = 'ignore:\n  - path: docs/**\n    reason: docs are not shipped\n  - rule: IGNORED-RULE\n    reason: accepted risk\n';
    const tree = { 'app/Dockerfile': dockerfile, 'infra/main.tf': '# infra\n', 'k8s/deployment.yaml': '# k8s\n', '.security-scan-ignore.yml': ignore };
    const base = repo.commit('base', tree);
    // The default branch's baseline: a scan of everything (every file's findings).
    const onMain = await step(repo.dir, base, base, 'baseline', {}, { push: true });
    repo.checkout('feature', true);
    const head = repo.commit('touch the Dockerfile only', { 'app/Dockerfile': `${dockerfile}USER app\n` });
    // Kept in the workspace, untracked (a baseline is read from the workspace or RUNNER_TEMP only).
    const baselineFile = join(repo.dir, 'baseline-findings.json');
    copyFileSync(join(onMain.outputDir, 'findings.json'), baselineFile);
    const scoped = { 'changed-files-only': 'true', baseline: baselineFile };
    single = await step(repo.dir, base, head, 'single', scoped);
    await step(repo.dir, base, head, 'leg', { mode: 'shard', 'shard-key': 'leg-a', 'changed-files-only': 'true' });
    unpackArtifact('security-scan-shard-leg-a', join(repo.dir, '.shards'));
    merge = await step(repo.dir, base, head, 'merge', { mode: 'merge', 'shards-dir': '.shards', 'expected-shards': 'leg-a', ...scoped });
    // The same merge without changed-files-only: every baseline entry it does not see counts as fixed.
    mergeUnscoped = await step(repo.dir, base, head, 'merge-unscoped', { mode: 'merge', 'shards-dir': '.shards', 'expected-shards': 'leg-a', baseline: baselineFile });
    // A hostile leg (the pull request's code ran in it) writes reports with the honest leg's fingerprints, critical,
    // each borrowing a way out of scope: a file the pull request does not change, a path the base's ignore file
    // suppresses, a rule it suppresses. Were the folded finding scoped, the forged report would lead each group
    // and take the honest one out with it.
    const legA = join(repo.dir, '.shards', 'security-scan-shard-leg-a');
    const legB = join(repo.dir, '.shards', 'security-scan-shard-leg-b');
    cpSync(legA, legB, { recursive: true });
    const doc = JSON.parse(readFileSync(join(legB, 'findings.json'), 'utf8')) as { findings: Record<string, unknown>[] };
    doc.findings = doc.findings.flatMap((f) => {
      const loc = f['location'] as Record<string, unknown>;
      const src = (f['sources'] as Record<string, unknown>[])[0]!;
      return [
        { ...f, severity: 'critical', location: { ...loc, path: 'infra/main.tf' } },
        { ...f, severity: 'critical', location: { ...loc, path: 'docs/x.md' } },
        { ...f, severity: 'critical', ruleId: 'IGNORED-RULE', sources: [{ ...src, ruleId: 'IGNORED-RULE' }] },
      ];
    });
    writeFileSync(join(legB, 'findings.json'), JSON.stringify(doc));
    writeFileSync(join(legB, 'shard.json'), readFileSync(join(legA, 'shard.json'), 'utf8').replace('"leg-a"', '"leg-b"'));
    forgedUnscoped = await step(repo.dir, base, head, 'merge-forged-unscoped', { mode: 'merge', 'shards-dir': '.shards', 'expected-shards': 'leg-a,leg-b', 'fail-on': 'low' });
    forged = await step(repo.dir, base, head, 'merge-forged', { mode: 'merge', 'shards-dir': '.shards', 'expected-shards': 'leg-a,leg-b', 'changed-files-only': 'true', 'fail-on': 'low' });
  }, 240_000);

  it('the single job (the yardstick): only app/Dockerfile findings, all unchanged, nothing fixed', () => {
    expect(single.doc.total).toBe(2);
    expect(new Set(single.doc.findings.map((f) => f.location?.path))).toEqual(new Set(['app/Dockerfile']));
    expect(single.doc.changedFiles).toMatchObject({ files: 1 });
    expect(single.doc.baseline, JSON.stringify(single.doc.baseline)).toMatchObject({ found: true, new: 0, unchanged: 2, fixed: [] });
  });

  it("the merge job reads the pull request's changed files itself: the same findings, baseline and scope as the single job", () => {
    expect(merge.exitCode, merge.stdout.slice(-1500)).not.toBe(1);
    expect(merge.doc.total).toBe(single.doc.total);
    expect(new Set(merge.doc.findings.map((f) => f.location?.path))).toEqual(new Set(['app/Dockerfile']));
    expect(merge.doc.changedFiles).toEqual(single.doc.changedFiles);
    expect(merge.doc.baseline).toMatchObject({ found: true, new: 0, unchanged: 2, fixed: [] });
    expect(merge.summary).toContain('changed-files-only: 1 file changed');
  });

  it("a forged shard cannot take the honest leg's findings out of scope by sharing their fingerprints", () => {
    expect(forged.doc.findings.length, forged.stdout.slice(-2000)).toBeGreaterThan(0);
    // The honest reports are there, in the file the pull request changes, with their own severities; the gate blocks.
    const honest = single.doc.findings.map((f) => `${f.fingerprint} ${f.severity} ${f.location?.path}`).sort();
    expect(forged.doc.findings.filter((f) => f.severity !== 'critical').map((f) => `${f.fingerprint} ${f.severity} ${f.location?.path}`).sort()).toEqual(honest);
    expect(forged.outputs['decision']).toBe('BLOCK');
    expect(forged.exitCode).toBe(1);
    // The forged reports in other files are left out; the one under a suppressed rule is suppressed on its own.
    expect(forged.doc.findings.every((f) => f.location?.path === 'app/Dockerfile')).toBe(true);
    expect(forged.doc.suppressed.every((f) => f.ruleId === 'IGNORED-RULE')).toBe(true);
    // A fingerprint two shards report as different findings is itself a reason to block, naming both shards: one
    // reason per honest fingerprint the forged leg borrowed with another place.
    const conflicts = forged.doc.gate.reasons.filter((r) => r.includes(' reports fingerprint '));
    expect(conflicts).toHaveLength(single.doc.findings.length);
    for (const c of conflicts) expect(c).toMatch(/^Shard "leg-a" reports fingerprint [0-9a-f]{32} as misconfiguration at app\/Dockerfile and shard "leg-b" as misconfiguration at (infra\/main\.tf|docs\/x\.md): /);
    expect(forged.stdout).toContain('::warning::Shard "leg-a" reports fingerprint ');
  });

  it("nor suppress them by borrowing a suppressed path or rule (without changed-files-only)", () => {
    const shown = new Set(forgedUnscoped.doc.findings.map((f) => f.fingerprint));
    for (const f of single.doc.findings) expect(shown.has(f.fingerprint), forgedUnscoped.stdout.slice(-1500)).toBe(true);
    expect(forgedUnscoped.outputs['decision']).toBe('BLOCK');
    // What the base's ignore file matches is suppressed report by report: the forged ones only.
    expect(forgedUnscoped.doc.suppressed.length).toBeGreaterThan(0);
  });

  it("without changed-files-only on the merge job, the baseline's entries in untouched files read as fixed (why the merge needs the input too)", () => {
    expect(mergeUnscoped.doc.changedFiles).toBeUndefined();
    // Honest shards never disagree on a fingerprint.
    expect(merge.doc.gate.reasons.filter((r) => r.includes(' reports fingerprint '))).toEqual([]);
    expect(mergeUnscoped.doc.baseline!.fixed.length).toBeGreaterThan(20);
    expect(new Set(mergeUnscoped.doc.baseline!.fixed.map((f) => f.path))).toEqual(new Set(['infra/main.tf', 'k8s/deployment.yaml']));
  });
});
