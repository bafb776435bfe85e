// A hostile pull request against "suppressions that need approval", end to end through src/main.ts run() with the
// real scanners (.scanners/bin) on real git repositories. Each attack is something a pull request can write into its
// own tree to disarm the gate on itself: a scanner's own config file (.checkov.yaml, trivy.yaml, trivy-secret.yaml),
// an inline marker (gitleaks:allow, checkov:skip, trivy:ignore), or a clone in which the base cannot be read.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnv, fakePat, runStep, type ActionStep } from '../support/action-step.js';
import { GitRepo } from '../support/git-repo.js';
import { realScannerGate, realScanners } from '../support/real-scanners.js';

const gate = realScannerGate(['trivy', 'gitleaks', 'checkov'], 'Trivy, Gitleaks and Checkov (approval attacks)');

const root = mkdtempSync(join(tmpdir(), 'approval-attacks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Finding {
  ruleId: string;
  severity: string;
  location: { path?: string; startLine?: number };
  sources: { scanner: string; ruleId: string }[];
  properties?: Record<string, unknown>;
}
interface Report {
  gate: { decision: string; reasons: string[] };
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
  suppressions: { source: string; pending: { kind: string; scanner?: string; file: string; line?: number; text: string }[]; native: Record<string, number> };
  scanners: { id: string; state: string; error?: string }[];
}
interface Step extends ActionStep {
  report: Report;
  sarif: string;
}

const COMMON = {
  'trivy-skip-check-update': 'true',
  'trivy-path': realScanners.trivy,
  'gitleaks-path': realScanners.gitleaks,
  'checkov-path': realScanners.checkov,
  'install-scanners': 'false',
  'upload-sarif': 'false',
  comment: 'never',
  baseline: 'none',
  'fail-on': 'high',
  timeout: '5m',
};

/** One step on a pull_request event from `base` to `head` (or a push when `push` is set). */
async function step(ws: string, base: string, head: string, inputs: Record<string, string>, options: { push?: boolean } = {}): Promise<Step> {
  const runner = mkdtempSync(join(root, 'runner-'));
  const run = await runStep(runner, eventEnv(runner, ws, base, head, options), { ...COMMON, ...inputs });
  const reports = join(ws, 'security-reports');
  const sarifDir = join(reports, 'sarif');
  return {
    ...run,
    report: JSON.parse(readFileSync(join(reports, 'findings.json'), 'utf8')) as Report,
    sarif: readdirSync(sarifDir).map((f) => readFileSync(join(sarifDir, f), 'utf8')).join('\n'),
  };
}

const rulesOf = (r: Report, scanner: string) => [...new Set(r.findings.filter((f) => f.sources.some((s) => s.scanner === scanner)).map((f) => f.sources.find((s) => s.scanner === scanner)!.ruleId))].sort();
const CHANGES_CONFIG = (r: Report) => r.notes.some((n) => /^This pull request (adds|changes) \.github\/security-scan\.yml;/.test(n));

/** An S3 bucket: Checkov fails a dozen checks on it (CKV_AWS_145, KMS encryption, is high). */
const BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "my-data"\n}\n';
const BUCKET_SKIPPED = 'resource "aws_s3_bucket" "data" {\n  #checkov:skip=CKV_AWS_145:encrypted elsewhere\n  bucket = "my-data"\n}\n';
const ROOT_DOCKERFILE = 'FROM alpine:3.20\nUSER root\nRUN echo hi\n';
const BASE_FILES = { 'README.md': '# app\n', '.gitignore': 'security-reports/\n' };

describe.skipIf(gate.skip)('a hostile pull request against approval-required (real scanners, through run())', () => {
  beforeAll(gate.assertAvailable);

  describe("the pull request's config file", () => {
    const repo = GitRepo.init('attack-config-');
    let base = '';
    beforeAll(() => {
      base = repo.commit('base', { ...BASE_FILES, '.github/security-scan.yml': 'fail-on: high\nscanners: [gitleaks]\ngitleaks-mode: dir\n' });
    });
    const hostile = [
      ['fail-on: none', 'fail-on: none\nscanners: [gitleaks]\n'],
      ['approvalRequired: false', 'orchestration:\n  approvalRequired: false\napproval-required: false\nfail-on: none\n'],
      ['changed-files-only: true', 'changed-files-only: true\nscanners: [gitleaks]\n'],
      ['scanners: [checkov]', 'scanners: [checkov]\n'],
      ['severity: LOW', 'severity: LOW\nscanners: [gitleaks]\n'],
    ] as const;
    it.each(hostile)('%s: the base commit’s settings apply; the secret blocks; a note says the pull request changes the file', async (what, text) => {
      repo.checkout('main');
      repo.checkout(`pr-${what.replace(/\W+/g, '-')}`, true);
      // The secret is in a file the pull request does not otherwise touch, so changed-files-only would drop it.
      const head = repo.commit(`pr: ${what}`, { '.github/security-scan.yml': text, 'app/key.txt': `token = ${fakePat(3)}\n` });
      const s = await step(repo.dir, base, head, {});
      expect(s.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['gitleaks:ok']);
      expect(s.outputs['decision']).toBe('BLOCK');
      expect(s.exitCode).toBe(1);
      expect(s.report.findings.map((f) => [f.ruleId, f.severity, f.location.path])).toEqual([['github-pat', 'critical', 'app/key.txt']]);
      expect(s.report.suppressions.source).toBe('base');
      expect(CHANGES_CONFIG(s.report), s.report.notes.join('\n')).toBe(true);
      expect(s.summary).toContain('This pull request changes .github/security-scan.');
    }, 120_000);
  });

  describe(".checkov.yaml in the scanned directory", () => {
    const repo = GitRepo.init('attack-checkov-');
    const SKIP_ALL = 'skip-check:\n  - CKV_*\n  - CKV2_*\n  - CKV_AWS_145\n  - CKV_AWS_18\n  - CKV2_AWS_6\n';
    let base = '';
    let head = '';
    let pr: Step;
    beforeAll(async () => {
      base = repo.commit('base', { ...BASE_FILES, 'infra/main.tf': BUCKET });
      repo.checkout('feature', true);
      head = repo.commit('skip every check', { 'infra/.checkov.yaml': SKIP_ALL, '.checkov.yaml': SKIP_ALL });
      pr = await step(repo.dir, base, head, { scanners: 'checkov', path: 'infra' });
    }, 180_000);

    it('does not apply to the pull request: Checkov still reports, the gate blocks, the file is listed', () => {
      expect(pr.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['checkov:ok']);
      expect(rulesOf(pr.report, 'checkov')).toEqual(expect.arrayContaining(['CKV_AWS_145', 'CKV_AWS_18', 'CKV2_AWS_6']));
      expect(pr.outputs['decision']).toBe('BLOCK');
      expect(pr.report.suppressions.pending).toEqual([{ kind: 'native-file', scanner: 'checkov', file: 'infra/.checkov.yaml', text: "adds Checkov's .checkov.yaml" }]);
    });

    it('once merged, it applies', async () => {
      repo.checkout('main');
      repo.git('merge', '-q', '--ff-only', 'feature');
      const merged = repo.head();
      const pushed = await step(repo.dir, base, merged, { scanners: 'checkov', path: 'infra' }, { push: true });
      expect(pushed.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['checkov:ok']);
      expect(rulesOf(pushed.report, 'checkov')).toEqual([]);
      expect(pushed.outputs['decision']).toBe('PROCEED');
    }, 120_000);
  });

  describe("trivy.yaml and trivy-secret.yaml in the tree", () => {
    const repo = GitRepo.init('attack-trivy-');
    const TRIVY_YAML = 'severity:\n  - LOW\nscan:\n  skip-files:\n    - Dockerfile\n';
    const SECRET_YAML = 'disable-rules:\n  - github-pat\n';
    let base = '';
    let pr: Step;
    beforeAll(async () => {
      base = repo.commit('base', { ...BASE_FILES });
      repo.checkout('feature', true);
      const head = repo.commit('findings and a trivy config that hides them', {
        Dockerfile: ROOT_DOCKERFILE,
        'web/Dockerfile': ROOT_DOCKERFILE,
        'app/key.txt': `token = ${fakePat(5)}\n`,
        'trivy.yaml': TRIVY_YAML,
        'trivy-secret.yaml': SECRET_YAML,
      });
      pr = await step(repo.dir, base, head, { scanners: 'trivy', 'trivy-scanners': 'misconfig,secret' });
    }, 180_000);

    it('have no effect on the pull request: the Dockerfile and the secret are reported, and both files are listed', () => {
      expect(pr.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['trivy:ok']);
      const found = pr.report.findings.map((f) => `${f.location.path} ${f.ruleId} ${f.severity}`);
      expect(found).toEqual(expect.arrayContaining(['Dockerfile DS-0002 high', 'Dockerfile DS-0026 low', 'web/Dockerfile DS-0002 high', 'app/key.txt github-pat critical']));
      expect(pr.outputs['decision']).toBe('BLOCK');
      expect(pr.report.suppressions.pending.map((p) => `${p.scanner} ${p.file}`).sort()).toEqual(['trivy trivy-secret.yaml', 'trivy trivy.yaml']);
      expect(pr.stdout + pr.summary + JSON.stringify(pr.report) + pr.sarif).not.toContain(fakePat(5));
    });

    it('once merged, they apply: the Dockerfile is skipped, only LOW is reported, the secret rule is off', async () => {
      repo.checkout('main');
      repo.git('merge', '-q', '--ff-only', 'feature');
      const merged = repo.head();
      repo.checkout('next', true);
      const next = repo.commit('unrelated', { 'README.md': '# app\n\nmore\n' });
      const after = await step(repo.dir, merged, next, { scanners: 'trivy', 'trivy-scanners': 'misconfig,secret' });
      expect(after.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['trivy:ok']);
      expect(after.report.findings.map((f) => `${f.location.path} ${f.ruleId} ${f.severity}`)).toEqual(['web/Dockerfile DS-0026 low']);
      expect(after.outputs['decision']).toBe('PROCEED');
      expect(after.report.suppressions.pending).toEqual([]);
    }, 120_000);
  });

  describe('gitleaks:allow', () => {
    const secretOld = fakePat(21);
    const secretNew = fakePat(22);

    it('already on the base for one secret: it stays suppressed (counted as native); the second, marked by the pull request, is reported', async () => {
      const repo = GitRepo.init('attack-allow-');
      const base = repo.commit('base', { ...BASE_FILES, 'app/config.js': `export const old = "${secretOld}"; // gitleaks:allow\n` });
      repo.checkout('feature', true);
      const head = repo.commit('a second secret, marked', {
        'app/config.js': `// a comment pushes the old line down\nexport const old = "${secretOld}"; // gitleaks:allow\nexport const added = "${secretNew}"; // gitleaks:allow\n`,
      });
      const s = await step(repo.dir, base, head, { scanners: 'gitleaks', 'gitleaks-mode': 'dir' });
      expect(s.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['gitleaks:ok']);
      expect(s.report.findings.map((f) => [f.location.path, f.location.startLine, f.properties?.['inlineMarker']])).toEqual([['app/config.js', 3, 'gitleaks:allow']]);
      expect(s.report.suppressions.native).toEqual({ gitleaks: 1 });
      expect(s.report.suppressions.pending).toEqual([{ kind: 'inline-marker', scanner: 'gitleaks', file: 'app/config.js', line: 3, text: 'gitleaks:allow' }]);
      expect(s.outputs['decision']).toBe('BLOCK');
      for (const secret of [secretOld, secretNew]) expect(s.stdout + s.summary + JSON.stringify(s.report) + s.sarif).not.toContain(secret);
    }, 120_000);

    it("in git mode, a secret a pull request commit adds is reported even when the tree's line at its number is a base line with gitleaks:allow", async () => {
      // Gitleaks' git mode reports a secret at the line number it had in the commit that added it; the tree's line
      // at that number can be another line, one the base already marked. The pull request's history leaks the
      // secret whatever the tree holds now, so it must be reported.
      const repo = GitRepo.init('attack-allow-git-');
      const base = repo.commit('base', { ...BASE_FILES, 'app/config.js': `export const fixture = "${secretOld}"; // gitleaks:allow\n` });
      repo.checkout('feature', true);
      repo.commit('adds a secret at line 1', { 'app/config.js': `export const added = "${secretNew}";\nexport const fixture = "${secretOld}"; // gitleaks:allow\n` });
      const head = repo.commit('removes it again', { 'app/config.js': `export const fixture = "${secretOld}"; // gitleaks:allow\n` });
      const s = await step(repo.dir, base, head, { scanners: 'gitleaks', 'gitleaks-mode': 'git' });
      expect(s.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['gitleaks:ok']);
      expect(s.report.findings.map((f) => [f.ruleId, f.location.path, f.location.startLine])).toEqual([['github-pat', 'app/config.js', 1]]);
      expect(s.outputs['decision']).toBe('BLOCK');
      expect(s.report.suppressions.native).toEqual({});
    }, 120_000);
  });

  describe('inline markers the scanner itself honours (checkov:skip, trivy:ignore)', () => {
    it('a checkov:skip the pull request adds does not hide its own finding', async () => {
      const repo = GitRepo.init('attack-checkov-skip-');
      const base = repo.commit('base', { ...BASE_FILES });
      repo.checkout('feature', true);
      const head = repo.commit('a bucket, its KMS check skipped inline', { 'infra/main.tf': BUCKET_SKIPPED });
      const s = await step(repo.dir, base, head, { scanners: 'checkov' });
      expect(s.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['checkov:ok']);
      expect(s.report.suppressions.pending).toEqual([{ kind: 'inline-marker', scanner: 'checkov', file: 'infra/main.tf', line: 2, text: 'checkov:skip' }]);
      // Either the finding is reported, or the gate blocks on the marker it cannot see through.
      const reported = rulesOf(s.report, 'checkov').includes('CKV_AWS_145');
      expect(reported || s.report.gate.reasons.some((r) => r.includes('checkov:skip') && r.includes('infra/main.tf:2')), s.report.gate.reasons.join('\n')).toBe(true);
      expect(s.outputs['decision']).toBe('BLOCK');
    }, 120_000);

    it('a trivy:ignore the pull request adds does not hide its own finding', async () => {
      const repo = GitRepo.init('attack-trivy-ignore-');
      const base = repo.commit('base', { ...BASE_FILES });
      repo.checkout('feature', true);
      // Only DS-0002 (high): with fail-on high, hiding it would let the pull request pass.
      const head = repo.commit('root, ignored inline', { Dockerfile: 'FROM alpine:3.20\n# trivy:ignore:AVD-DS-0002\nUSER root\nHEALTHCHECK CMD true\n' });
      const s = await step(repo.dir, base, head, { scanners: 'trivy', 'trivy-scanners': 'misconfig' });
      expect(s.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['trivy:ok']);
      expect(s.report.suppressions.pending).toEqual([{ kind: 'inline-marker', scanner: 'trivy', file: 'Dockerfile', line: 2, text: 'trivy:ignore' }]);
      const reported = s.report.findings.some((f) => f.ruleId === 'DS-0002');
      expect(reported || s.report.gate.reasons.some((r) => r.includes('trivy:ignore') && r.includes('Dockerfile:2')), s.report.gate.reasons.join('\n')).toBe(true);
      expect(s.outputs['decision']).toBe('BLOCK');
    }, 120_000);

    it('a trivy:ignore already on the base still applies', async () => {
      const repo = GitRepo.init('attack-trivy-ignore-base-');
      const base = repo.commit('base', { ...BASE_FILES, Dockerfile: 'FROM alpine:3.20\n# trivy:ignore:AVD-DS-0002\nUSER root\nHEALTHCHECK CMD true\n' });
      repo.checkout('feature', true);
      const head = repo.commit('unrelated', { 'README.md': '# app\n\nmore\n' });
      const s = await step(repo.dir, base, head, { scanners: 'trivy', 'trivy-scanners': 'misconfig' });
      expect(s.report.findings.some((f) => f.ruleId === 'DS-0002')).toBe(false);
      expect(s.report.suppressions.pending).toEqual([]);
      expect(s.outputs['decision'], s.report.gate.reasons.join('\n')).toBe('PROCEED');
    }, 120_000);
  });

  describe('a base commit that cannot be read (a depth-1 clone, no token)', () => {
    it("blocks when the pull request has its own ignore file, naming fetch-depth: 0 and contents: read", async () => {
      const origin = GitRepo.init('attack-shallow-');
      const base = origin.commit('base', { ...BASE_FILES, 'app/a.js': 'export const a = 1;\n' });
      origin.checkout('feature', true);
      origin.commit('its own ignore file', { '.security-scan-ignore.yml': 'ignore:\n  - path: "**"\n    reason: everything is fine\n' });
      const ws = origin.clone(['--depth', '1', '--branch', 'feature']);
      const s = await step(ws.dir, base, ws.head(), { scanners: 'gitleaks', 'gitleaks-mode': 'dir' });
      expect(s.report.scanners.map((x) => `${x.id}:${x.state}`)).toEqual(['gitleaks:ok']);
      expect(s.report.findings).toEqual([]);
      expect(s.outputs['decision']).toBe('BLOCK');
      expect(s.exitCode).toBe(1);
      const why = s.report.gate.reasons.find((r) => r.startsWith("The base commit's policy files could not be read"));
      expect(why, s.report.gate.reasons.join('\n')).toBeDefined();
      expect(why).toContain('fetch-depth: 0');
      expect(why).toContain('contents: read');
    }, 120_000);

    it('without any policy file in the tree: only a note, the clean tree passes', async () => {
      const origin = GitRepo.init('attack-shallow-clean-');
      const base = origin.commit('base', { ...BASE_FILES, 'app/a.js': 'export const a = 1;\n' });
      origin.checkout('feature', true);
      origin.commit('a change', { 'app/a.js': 'export const a = 2;\n' });
      const ws = origin.clone(['--depth', '1', '--branch', 'feature']);
      const s = await step(ws.dir, base, ws.head(), { scanners: 'gitleaks', 'gitleaks-mode': 'dir' });
      expect(s.outputs['decision'], s.report.gate.reasons.join('\n')).toBe('PROCEED');
      expect(s.report.notes.some((n) => n.startsWith("The base commit's policy files could not be read"))).toBe(true);
    }, 120_000);
  });
});
