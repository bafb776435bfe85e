// loadPolicy as a hostile pull request sees it, on real git repositories: whatever the pull request writes in the
// config file, the ignore file or a scanner's own policy files, the base commit's versions apply; what it adds is
// listed as pending; a base commit that cannot be read blocks when the tree has policy files of its own.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { workspaceReader } from '../../src/findings/reader.js';
import { loadPullDiff } from '../../src/github/pull-diff.js';
import { recordingLogger } from '../../src/logger.js';
import { loadPolicy } from '../../src/policy/load.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { processRunner } from '../../src/scanners/process.js';
import type { EventInfo } from '../../src/scanners/types.js';
import { GitRepo } from '../support/git-repo.js';

const CONFIG = '.github/security-scan.yml';
const IGNORE = '.security-scan-ignore.yml';
const BASE_CONFIG = 'fail-on: high\nscanners: [trivy, gitleaks]\nseverity: CRITICAL,HIGH,MEDIUM\n';
const BASE_IGNORE = 'ignore:\n  - rule: DS002\n    path: Dockerfile\n    reason: root by design\n';

const outside = mkdtempSync(join(tmpdir(), 'load-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const prEvent = (base: string, head: string): EventInfo => ({ name: 'pull_request', pullRequest: { number: 3, baseSha: base, headSha: head } });

async function load(repo: GitRepo, event: EventInfo, inputs: Record<string, string> = {}, extra: { diff?: boolean } = {}) {
  const logger = recordingLogger();
  const diff = extra.diff && event.pullRequest ? await loadPullDiff({ event, workspace: repo.dir, runner: processRunner, logger }) : undefined;
  const policy = await loadPolicy({
    read: (name) => inputs[name] ?? '',
    registry: SCANNERS,
    event,
    workspace: repo.dir,
    runner: processRunner,
    readWorkspace: workspaceReader(repo.dir),
    ...(diff ? { diff } : {}),
    logger,
  });
  return { ...policy, logger };
}

/** main with BASE_CONFIG and BASE_IGNORE; the pull request branch `feature` commits `files`. */
function pullRequest(files: Record<string, string>, baseFiles: Record<string, string> = { [CONFIG]: BASE_CONFIG, [IGNORE]: BASE_IGNORE }) {
  const repo = GitRepo.init('load-policy-');
  const base = repo.commit('base', { 'README.md': '# app\n', ...baseFiles });
  repo.checkout('feature', true);
  const head = repo.commit('the pull request', files);
  return { repo, base, head, event: prEvent(base, head) };
}

describe("a pull request's config file does not apply to it", () => {
  const hostile = [
    ['fail-on: none', 'fail-on: none\n'],
    ['approval-required: false', 'approval-required: false\nfail-on: none\n'],
    ['orchestration.approvalRequired: false', 'orchestration:\n  approvalRequired: false\nfail-on: none\n'],
    ['changed-files-only: true', 'fail-on: high\nchanged-files-only: true\n'],
    ['scanners: [checkov]', 'scanners: [checkov]\n'],
    ['severity: LOW', 'severity: LOW\n'],
    ['ignore-file: ../../etc/x', 'ignore-file: ../../etc/x\n'],
    ['failure-policy: log', 'failure-policy: log\n'],
    ['mode: publish', 'mode: publish\n'],
  ] as const;
  it.each(hostile)('%s: the base commit’s settings apply, and a note says the pull request changes the file', async (_what, text) => {
    const { repo, event, base } = pullRequest({ [CONFIG]: text });
    const p = await load(repo, event);
    expect(p.settings.gate.failOn).toBe('high');
    expect(p.settings.gate.failurePolicy).toBe('block');
    expect(p.settings.policy.changedFilesOnly).toBe(false);
    expect(p.settings.policy.ignoreFile).toBe(IGNORE);
    expect(p.settings.publish.mode).toBe('scan');
    expect(p.settings.scan.scanners).toEqual(['trivy', 'gitleaks']);
    expect(p.settings.scan.severities).toEqual(['critical', 'high', 'medium']);
    expect(p.suppressions.source).toBe('base');
    expect(p.suppressions.entries).toMatchObject([{ rule: 'DS002', path: 'Dockerfile' }]);
    expect(p.notes).toContain(`This pull request changes ${CONFIG}; the base commit ${base.slice(0, 7)}'s version applies until it is merged.`);
    expect(p.notes.join('\n')).not.toMatch(/approvalRequired is false/);
    expect(p.blockReasons).toEqual([]);
  });

  it('a config file the base does not have: the defaults apply and the note says the pull request adds it', async () => {
    const { repo, event } = pullRequest({ [CONFIG]: 'fail-on: none\napproval-required: false\n' }, { [IGNORE]: BASE_IGNORE });
    const p = await load(repo, event);
    expect(p.settings.gate.failOn).toBe('high');
    expect(p.suppressions.source).toBe('base');
    expect(p.notes.some((n) => n.startsWith(`This pull request adds ${CONFIG};`))).toBe(true);
  });

  it('a pull request that removes the config file still gets the base’s settings', async () => {
    const { repo, event } = pullRequest({});
    rmSync(join(repo.dir, CONFIG));
    const p = await load(repo, event);
    expect(p.settings.gate.failOn).toBe('high');
    expect(p.notes.some((n) => n.startsWith(`This pull request removes ${CONFIG};`))).toBe(true);
  });

  it("a broken config file in the pull request does not fail the run; its problems are in the note", async () => {
    const { repo, event } = pullRequest({ [CONFIG]: 'fail-onn: none\n' });
    const p = await load(repo, event);
    expect(p.settings.gate.failOn).toBe('high');
    expect(p.notes.join('\n')).toMatch(/Its version has 1 problem: .*fail-onn.*did you mean 'fail-on'/);
  });

  it('once merged (a push), the file applies', async () => {
    const { repo, base, head } = pullRequest({ [CONFIG]: 'fail-on: critical\nchanged-files-only: true\n' });
    const p = await load(repo, { name: 'push', push: { before: base, after: head } });
    expect(p.settings.gate.failOn).toBe('critical');
    expect(p.settings.policy.changedFilesOnly).toBe(true);
    expect(p.suppressions.source).toBe('workspace');
  });

  it("the base's approvalRequired: false trusts the pull request (said in a note); the workflow's input false does too", async () => {
    const { repo, event } = pullRequest({ [CONFIG]: 'fail-on: critical\n' }, { [CONFIG]: 'approval-required: false\n' });
    const p = await load(repo, event);
    expect(p.settings.gate.failOn).toBe('critical');
    expect(p.suppressions.source).toBe('workspace');
    expect(p.notes[0]).toMatch(/^approvalRequired is false in the base commit's/);
    const q = await load(pullRequest({ [CONFIG]: 'fail-on: critical\n' }).repo, event, { 'approval-required': 'false' });
    expect(q.suppressions.source).toBe('workspace');
  });
});

describe("a pull request's ignore file does not apply to it", () => {
  it('new entries are pending, the base’s apply', async () => {
    const { repo, event } = pullRequest({ [IGNORE]: `${BASE_IGNORE}  - path: "**"\n    reason: everything\n` });
    const p = await load(repo, event);
    expect(p.suppressions.entries).toHaveLength(1);
    expect(p.suppressions.pending).toEqual([
      { kind: 'ignore-entry', file: IGNORE, text: 'path **: everything', entry: { index: 2, path: '**', reason: 'everything' } },
    ]);
  });

  it('widening a base entry (same rule, path removed) is a pending new entry, the narrow one still applies', async () => {
    const { repo, event } = pullRequest({ [IGNORE]: 'ignore:\n  - rule: DS002\n    reason: root by design\n' });
    const p = await load(repo, event);
    expect(p.suppressions.entries).toMatchObject([{ rule: 'DS002', path: 'Dockerfile' }]);
    expect(p.suppressions.pending.map((x) => x.text)).toEqual(['rule DS002: root by design']);
  });

  it('a symlink to a file elsewhere in the tree: the base’s file applies; the link’s target is listed as pending', async () => {
    const { repo, base } = pullRequest({ 'docs/mine.yml': 'ignore:\n  - path: "**"\n    reason: all\n' });
    rmSync(join(repo.dir, IGNORE));
    symlinkSync('docs/mine.yml', join(repo.dir, IGNORE));
    const head = repo.commit('ignore file is a link');
    const p = await load(repo, prEvent(base, head));
    expect(p.suppressions.entries).toMatchObject([{ index: 1, rule: 'DS002', path: 'Dockerfile' }]);
    expect(p.suppressions.pending.map((x) => x.text)).toEqual(['path **: all']);
  });

  it('a symlink to a file outside the workspace: the base’s file applies; the outside file is never read', async () => {
    writeFileSync(join(outside, 'x.yml'), 'ignore:\n  - path: "**"\n    reason: all\n');
    const { repo, base } = pullRequest({});
    rmSync(join(repo.dir, IGNORE));
    symlinkSync(join(outside, 'x.yml'), join(repo.dir, IGNORE));
    const head = repo.commit('ignore file is a link outside');
    const p = await load(repo, prEvent(base, head));
    expect(p.suppressions.entries).toMatchObject([{ rule: 'DS002' }]);
    expect(p.suppressions.pending).toEqual([]);
    // Merged (a push, the tree trusted), a link out of the workspace still is not read.
    const pushed = await load(repo, { name: 'push', push: { before: base, after: head } });
    expect(pushed.suppressions.entries).toEqual([]);
  });

  it('ignore-file: ../../etc/x from the config (or the input) reads nothing outside the repository', async () => {
    writeFileSync(join(outside, 'ignore.yml'), 'ignore:\n  - path: "**"\n    reason: all\n');
    const rel = `../${outside.split('/').pop()}/ignore.yml`;
    const { repo, base, head } = pullRequest({}, { [CONFIG]: `ignore-file: ../../..${outside}/ignore.yml\n` });
    for (const event of [prEvent(base, head), { name: 'push', push: { before: base, after: head } }]) {
      expect((await load(repo, event)).suppressions.entries).toEqual([]);
      expect((await load(repo, event, { 'ignore-file': rel })).suppressions.entries).toEqual([]);
    }
  });

  it("the base's ignore file that does not parse fails the run with every problem; the pull request's is only pending", async () => {
    const { repo, event } = pullRequest({ [IGNORE]: 'ignore:\n  - rule: X\n' });
    const p = await load(repo, event);
    expect(p.suppressions.pending).toMatchObject([{ kind: 'ignore-entry', text: expect.stringMatching(/^the pull request's version does not parse: .*has no 'reason'/) }]);
    const bad = pullRequest({}, { [IGNORE]: 'ignore:\n  - rule: X\n' });
    await expect(load(bad.repo, bad.event)).rejects.toThrow(ConfigurationError);
    await expect(load(bad.repo, bad.event)).rejects.toThrow(/1 problem in \.security-scan-ignore\.yml \(the base commit [0-9a-f]{7}\):\n.*has no 'reason'/);
  });
});

describe("a pull request's scanner policy files do not apply to it", () => {
  it('.trivyignore, trivy.yaml, trivy-secret.yaml, .gitleaks.toml, .gitleaksignore and .checkov.yaml: base versions, each listed', async () => {
    const files = {
      '.trivyignore': 'DS002\n',
      'trivy.yaml': 'severity: [LOW]\n',
      'trivy-secret.yaml': 'disable-rules: [github-pat]\n',
      '.gitleaks.toml': '[allowlist]\npaths = [".*"]\n',
      '.gitleaksignore': 'x:generic-api-key:1\n',
      '.checkov.yaml': 'skip-check: [CKV_*]\n',
    };
    const { repo, event } = pullRequest(files, { [CONFIG]: 'scanners: [trivy, gitleaks, checkov]\n' });
    const p = await load(repo, event);
    const byScanner = Object.fromEntries(['trivy', 'gitleaks', 'checkov'].map((id) => [id, p.scannerPolicy(SCANNERS.find((s) => s.id === id)!)]));
    for (const policy of Object.values(byScanner)) {
      expect(policy.source).toBe('base');
      expect(Object.values(policy.files).filter((t) => t !== undefined)).toEqual([]);
    }
    expect(Object.keys(byScanner['trivy']!.files).sort()).toEqual(['.trivyignore', '.trivyignore.yaml', 'trivy-secret.yaml', 'trivy.yaml']);
    expect(Object.keys(byScanner['checkov']!.files).sort()).toEqual(['.checkov.yaml', '.checkov.yml']);
    expect(p.suppressions.pending.map((x) => `${x.scanner} ${x.file} ${x.text}`).sort()).toEqual([
      "checkov .checkov.yaml adds Checkov's .checkov.yaml",
      "gitleaks .gitleaks.toml adds Gitleaks's .gitleaks.toml",
      "gitleaks .gitleaksignore adds Gitleaks's .gitleaksignore",
      "trivy .trivyignore adds Trivy's .trivyignore",
      "trivy trivy-secret.yaml adds Trivy's trivy-secret.yaml",
      "trivy trivy.yaml adds Trivy's trivy.yaml",
    ]);
  });

  it('the base’s versions are what the scanners get, under a scan path too', async () => {
    const { repo, event } = pullRequest(
      { 'infra/.checkov.yaml': 'skip-check: [CKV_*]\n', 'infra/.trivyignore': 'DS002\nDS026\n' },
      { [CONFIG]: 'scanners: [trivy, checkov]\npath: infra\n', 'infra/.trivyignore': 'DS026\n', 'infra/.checkov.yml': 'compact: true\n' },
    );
    const p = await load(repo, event);
    expect(p.scannerPolicy(SCANNERS.find((s) => s.id === 'trivy')!).files['infra/.trivyignore']).toBe('DS026\n');
    const checkov = p.scannerPolicy(SCANNERS.find((s) => s.id === 'checkov')!).files;
    expect(checkov).toEqual({ 'infra/.checkov.yaml': undefined, 'infra/.checkov.yml': 'compact: true\n' });
    expect(p.suppressions.pending.map((x) => x.file).sort()).toEqual(['infra/.checkov.yaml', 'infra/.trivyignore']);
  });
});

describe('inline markers through the diff', () => {
  it('a marker on a base line is trusted, one the pull request adds is pending; a line moved down still counts as the base’s', async () => {
    const { repo, event } = pullRequest(
      { 'app.js': 'const added = 1; // gitleaks:allow\nconst old = 1; // gitleaks:allow\n' },
      { [CONFIG]: BASE_CONFIG, 'app.js': 'const old = 1; // gitleaks:allow\n' },
    );
    const p = await load(repo, event, {}, { diff: true });
    expect(p.lineAdded!('app.js', 1)).toBe(true);
    expect(p.lineAdded!('app.js', 2)).toBe(false);
    expect(p.lineAdded!('README.md', 1)).toBe(false);
    expect(p.suppressions.pending).toEqual([{ kind: 'inline-marker', scanner: 'gitleaks', file: 'app.js', line: 1, text: 'gitleaks:allow' }]);
  });

  it('a trivy:ignore or checkov:skip the pull request adds blocks (the scanner hides what it skips); one on a base line does not', async () => {
    const { repo, event } = pullRequest(
      { Dockerfile: 'FROM alpine\n# trivy:ignore:AVD-DS-0002\nUSER root\n', 'main.tf': 'resource "x" "y" {\n  #checkov:skip=CKV_AWS_1:r\n}\n' },
      { [CONFIG]: 'scanners: [trivy, checkov, gitleaks]\n', 'old.tf': '#checkov:skip=CKV_AWS_2:r\n' },
    );
    const p = await load(repo, event, {}, { diff: true });
    expect(p.blockReasons).toHaveLength(1);
    expect(p.blockReasons[0]).toContain('(trivy:ignore at Dockerfile:2, checkov:skip at main.tf:2)');
    expect(p.blockReasons[0]).not.toContain('old.tf');
    // gitleaks:allow is not among them: Gitleaks reports marked lines and the pipeline checks them.
    const other = pullRequest({ 'app.js': 'x // gitleaks:allow\n' });
    const g = await load(other.repo, other.event, {}, { diff: true });
    expect(g.suppressions.pending.map((x) => x.text)).toEqual(['gitleaks:allow']);
    expect(g.blockReasons).toEqual([]);
    // Only the selected scanners' markers count.
    const off = await load(repo, event, { scanners: 'gitleaks' }, { diff: true });
    expect(off.blockReasons).toEqual([]);
  });

  it('without a diff nobody can tell: every line is undefined (the finding stays) and a note says why', async () => {
    const { repo, event } = pullRequest({ 'app.js': 'x // gitleaks:allow\n' });
    const p = await load(repo, event);
    expect(p.lineAdded!('app.js', 1)).toBeUndefined();
    expect(p.notes.join('\n')).toMatch(/Inline markers \(.*gitleaks:allow.*\) on the lines this pull request adds could not be checked: its diff was not read/);
  });
});

describe('a base commit that cannot be read (a depth-1 clone, no token)', () => {
  it('blocks, naming fetch-depth: 0 and contents: read, when the pull request has policy files of its own', async () => {
    const { repo, base } = pullRequest({ [IGNORE]: 'ignore:\n  - path: "**"\n    reason: all\n' });
    const shallow = repo.clone(['--depth', '1', '--branch', 'feature']);
    const p = await load(shallow, prEvent(base, shallow.head()));
    expect(p.suppressions.entries).toEqual([]);
    expect(p.settings.gate.failOn).toBe('high');
    expect(p.blockReasons).toHaveLength(1);
    expect(p.blockReasons[0]).toMatch(/^The base commit's policy files could not be read \(.*not in the clone.*\), so none of them applied: no suppressions, no config file\./);
    expect(p.blockReasons[0]).toContain('fetch-depth: 0');
    expect(p.blockReasons[0]).toContain('contents: read');
    expect(p.logger.lines.some((e) => e.level === 'warning' && e.message.includes('could not be read'))).toBe(true);
  });

  it('each kind of policy file in the tree blocks: a config file, a scanner’s ignore file', async () => {
    const trees: Record<string, string>[] = [{ [CONFIG]: 'fail-on: none\n' }, { '.trivyignore': 'DS002\n' }, { '.gitleaks.toml': '[allowlist]\n' }];
    for (const files of trees) {
      const repo = GitRepo.init('load-shallow-');
      const base = repo.commit('base', { 'README.md': '# app\n' });
      repo.checkout('feature', true);
      repo.commit('pr', files);
      const shallow = repo.clone(['--depth', '1', '--branch', 'feature']);
      const p = await load(shallow, prEvent(base, shallow.head()));
      expect(p.blockReasons, Object.keys(files)[0]).toHaveLength(1);
      expect(p.settings.gate.failOn).toBe('high');
    }
  });

  it('without any policy file in the tree: only a note', async () => {
    const repo = GitRepo.init('load-shallow-');
    const base = repo.commit('base', { 'README.md': '# app\n' });
    repo.checkout('feature', true);
    repo.commit('pr', { 'src/a.js': 'x\n' });
    const shallow = repo.clone(['--depth', '1', '--branch', 'feature']);
    const p = await load(shallow, prEvent(base, shallow.head()));
    expect(p.blockReasons).toEqual([]);
    expect(p.notes.some((n) => n.startsWith("The base commit's policy files could not be read"))).toBe(true);
  });

  it('a base that is not a commit id fails closed the same way', async () => {
    const { repo, head } = pullRequest({ [IGNORE]: BASE_IGNORE.replace('Dockerfile', '"**"') });
    const p = await load(repo, prEvent('not-a-sha', head));
    expect(p.suppressions.entries).toEqual([]);
    expect(p.blockReasons[0]).toContain("the base commit 'not-a-sha' is not a commit id");
  });
});
