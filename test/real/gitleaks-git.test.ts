// Native Gitleaks (built by `npm run setup:scanners`) in git-history mode, driven through dist/index.js the way the
// runner starts it, on real repositories this test builds: the commit range of a pull request or a push is what
// gets scanned, all of it, and a range the checkout cannot provide is never reported as "no leaks found".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleSecrets } from '../../scripts/example-tree.mjs';
import { root } from '../../scripts/local-scanners.mjs';
import { runAction } from '../../scripts/run-action.mjs';
import { GitRepo, pullRequestEvent, pushEvent, secretLine } from '../support/git-repo.js';
import { builtVersion, realScannerGate, realScanners } from '../support/real-scanners.js';

const gate = realScannerGate(['gitleaks'], 'Gitleaks (native, git mode)');

/** A distinct GitHub token per seed, assembled at run time (no secret-shaped literal in the repository). */
const token = (seed: number) => exampleSecrets(seed).githubToken;

interface Finding {
  kind: string;
  ruleId?: string;
  location: { path?: string; startLine?: number };
  properties?: Record<string, unknown>;
  sources: { scanner: string; ruleId: string }[];
}
interface Report {
  scanners: { id: string; state: string; error?: string; version?: string; rawCount: number }[];
  findings: Finding[];
}

function eventDir(): string {
  return mkdtempSync(join(tmpdir(), 'gh-event-'));
}

/** Runs the action with Gitleaks only, on `repo` as the workspace, for the given event. */
function scan(repo: GitRepo, env: Record<string, string>, inputs: Record<string, string> = {}) {
  const run = runAction({
    workspace: repo.dir,
    inputs: {
      scanners: 'gitleaks',
      'gitleaks-path': realScanners.gitleaks,
      'install-scanners': 'false',
      'upload-sarif': 'false',
      comment: 'never',
      'fail-on': 'none',
      ...inputs,
    },
    env,
  });
  const file = join(repo.dir, inputs['output-dir'] ?? 'security-reports', 'findings.json');
  expect(existsSync(file), `no findings.json; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(true);
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  const gitleaks = report.scanners.find((s) => s.id === 'gitleaks')!;
  const found = report.findings.filter((f) => f.sources.some((s) => s.scanner === 'gitleaks'));
  // Everything the action wrote, then the reports are removed so that a later scan of the same tree cannot see them.
  const outDir = join(repo.dir, inputs['output-dir'] ?? 'security-reports');
  const written = filesUnder(outDir).map((f) => readFileSync(f, 'utf8'));
  rmSync(outDir, { recursive: true, force: true });
  return { run, report, gitleaks, found, written, paths: found.map((f) => f.location.path).sort(), commits: new Set(found.map((f) => f.properties?.commit)) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe.skipIf(gate.skip)(`Gitleaks ${builtVersion('gitleaks')?.version ?? ''} in git mode through dist/index.js`, () => {
  beforeAll(() => {
    gate.assertAvailable();
    expect(existsSync(join(root, 'dist', 'index.js')), 'run `npm run build` first').toBe(true);
    const v = execFileSync(realScanners.gitleaks, ['version'], { encoding: 'utf8' }).trim();
    console.log(`[real scanners] gitleaks version: ${v} (${builtVersion('gitleaks')?.source ?? 'unknown source'})`);
    expect(v).toBe(builtVersion('gitleaks')?.version);
  });

  it('a pull request range base..head reports the secrets its commits add, not those already on the base', () => {
    const repo = GitRepo.init();
    repo.commit('base: app with a credential already on main', { 'README.md': '# demo\n', 'legacy/old.js': secretLine('legacyToken', token(1)) });
    const base = repo.head();
    repo.checkout('feature', true);
    const c1 = repo.commit('feature: client', { 'app/client.js': secretLine('clientToken', token(2)) });
    const c2 = repo.commit('feature: worker and docs', { 'app/worker.js': secretLine('workerToken', token(3)), 'README.md': '# demo\n\nnow with a worker\n' });
    const s = scan(repo, pullRequestEvent(eventDir(), base, c2));

    expect(s.gitleaks.state).toBe('ok');
    expect(s.gitleaks.version).toBe('8.30.1');
    expect(s.run.stdout).toContain(`gitleaks: scanning commits --no-merges ${base}..${c2}`);
    expect(s.paths).toEqual(['app/client.js', 'app/worker.js']);
    expect(s.commits).toEqual(new Set([c1, c2]));
    expect(s.found.every((f) => f.sources.find((x) => x.scanner === 'gitleaks')!.ruleId === 'github-pat')).toBe(true);
    // the same tree scanned as files would also report the base's credential: the range is what made the difference
    const dir = scan(repo, {}, { 'gitleaks-mode': 'dir' });
    expect(dir.paths).toEqual(['app/client.js', 'app/worker.js', 'legacy/old.js']);
    // no secret value reaches any report or the log
    const everything = [s.run.stdout, s.run.stderr, s.run.summary, ...s.written].join('\n');
    for (const seed of [1, 2, 3]) expect(everything.includes(token(seed).slice(4))).toBe(false);
  }, 120_000);

  it('a push range before..after reports only the pushed commits; a new branch (before = 0000…) scans the files', () => {
    const repo = GitRepo.init();
    repo.commit('one', { 'a.js': secretLine('a', token(11)) });
    const before = repo.commit('two', { 'b.js': secretLine('b', token(12)) });
    const p1 = repo.commit('three', { 'c.js': secretLine('c', token(13)) });
    const after = repo.commit('four', { 'd.js': secretLine('d', token(14)) });
    const s = scan(repo, pushEvent(eventDir(), before, after));
    expect(s.gitleaks.state).toBe('ok');
    expect(s.run.stdout).toContain(`gitleaks: scanning commits --no-merges --first-parent ${before}..${after}`);
    expect(s.paths).toEqual(['c.js', 'd.js']);
    expect(s.commits).toEqual(new Set([p1, after]));

    const created = scan(repo, pushEvent(eventDir(), '0'.repeat(40), after), {});
    expect(created.run.stdout).toContain('gitleaks: scanning the files in the tree');
    expect(created.paths).toEqual(['a.js', 'b.js', 'c.js', 'd.js']);
  }, 120_000);

  it('a pull request of 40 commits: all 40 are scanned (gitleaks-action pages the PR commits API and stops at 30)', () => {
    const repo = GitRepo.init();
    const base = repo.commit('base', { 'README.md': '# demo\n' });
    repo.checkout('feature', true);
    const shas: string[] = [];
    for (let i = 1; i <= 40; i++) shas.push(repo.commit(`feature commit ${i}`, { [`src/module${String(i).padStart(2, '0')}.js`]: secretLine(`token${i}`, token(100 + i)) }));
    expect(repo.git('rev-list', '--count', `${base}..HEAD`)).toBe('40');
    const s = scan(repo, pullRequestEvent(eventDir(), base, shas.at(-1)!));
    expect(s.gitleaks.state).toBe('ok');
    expect(s.gitleaks.rawCount).toBe(40);
    expect(s.found).toHaveLength(40);
    expect(s.commits).toEqual(new Set(shas));
    // the ten commits a 30-commit page would leave out are among them
    for (const sha of shas.slice(30)) expect(s.commits.has(sha)).toBe(true);
  }, 180_000);

  it('a merge commit on the branch (main merged into the PR): the PR’s own secrets are reported, main’s are not', () => {
    const repo = GitRepo.init();
    const b0 = repo.commit('base', { 'README.md': '# demo\n' });
    repo.checkout('feature', true);
    const f1 = repo.commit('feature one', { 'feature/one.js': secretLine('one', token(21)) });
    repo.checkout('main');
    const m1 = repo.commit('main moves on, with a credential of its own', { 'main/elsewhere.js': secretLine('elsewhere', token(22)) });
    repo.checkout('feature');
    const merge = repo.merge('main', 'Merge branch main into feature');
    const f2 = repo.commit('feature two', { 'feature/two.js': secretLine('two', token(23)) });
    expect(repo.git('rev-list', '--parents', '-n', '1', merge).split(' ')).toEqual([merge, f1, m1]);

    // base = main's tip: what GitHub sends (pull_request.base.sha is the base branch's tip, which has m1 once the PR
    // merged it); b0 is only the fork point.
    expect(b0).not.toBe(m1);
    for (const [label, base] of [['base at main tip', m1]] as const) {
      const s = scan(repo, pullRequestEvent(eventDir(), base, f2));
      expect(s.gitleaks.state, label).toBe('ok');
      expect(s.paths, label).toEqual(['feature/one.js', 'feature/two.js']);
      expect(s.commits, label).toEqual(new Set([f1, f2]));
    }
  }, 120_000);

  // gitleaks-action's `--first-parent` does not walk into a side branch merged into the PR branch, so a credential
  // committed there and merged in was not reported although it is part of the pull request; the range has no
  // --first-parent.
  it('a feature branch merged into the PR branch: its commits are part of the PR and are scanned', () => {
    const repo = GitRepo.init();
    const base = repo.commit('base', { 'README.md': '# demo\n' });
    repo.checkout('feature', true);
    repo.commit('feature one', { 'feature/one.js': secretLine('one', token(31)) });
    repo.checkout('side', true);
    repo.commit('side work', { 'side/extra.js': secretLine('extra', token(32)) });
    repo.checkout('feature');
    repo.commit('feature two', { 'feature/two.js': secretLine('two', token(33)) });
    const head = repo.merge('side', 'Merge branch side into feature');
    const s = scan(repo, pullRequestEvent(eventDir(), base, head));
    expect(s.gitleaks.state).toBe('ok');
    expect(s.paths).toEqual(['feature/one.js', 'feature/two.js', 'side/extra.js']);
  }, 120_000);

  describe('a depth-1 clone whose base commit is missing', () => {
    let origin: GitRepo;
    let base: string;
    let head: string;
    beforeAll(() => {
      origin = GitRepo.init('git-origin-');
      origin.commit('base', { 'README.md': '# demo\n', 'legacy/old.js': secretLine('legacyToken', token(41)) });
      base = origin.head();
      origin.checkout('feature', true);
      origin.commit('feature one', { 'app/one.js': secretLine('one', token(42)) });
      head = origin.commit('feature two', { 'app/two.js': secretLine('two', token(43)) });
    });

    it('plain Gitleaks logs "[git] fatal" and still says "no leaks found" (gitleaks/gitleaks#1981): why the action checks', () => {
      const ws = origin.clone(['--depth', '1', '--branch', 'feature']);
      expect(ws.git('rev-parse', '--is-shallow-repository')).toBe('true');
      const report = join(mkdtempSync(join(tmpdir(), 'gl-raw-')), 'r.json');
      const r = spawnSync(realScanners.gitleaks, ['git', '.', '--report-format', 'json', '--report-path', report, '--redact', '--no-banner', '--exit-code', '0', `--log-opts=--no-merges --first-parent ${base}..${head}`], { cwd: ws.dir, encoding: 'utf8' });
      // eslint-disable-next-line no-control-regex
      const log = (r.stdout + r.stderr).replace(/\u001b\[[0-9;]*m/g, '');
      expect(r.status).toBe(0);
      expect(log).toMatch(/\[git\] fatal: Invalid revision range/);
      expect(log).toContain('no leaks found');
      expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual([]);
    });

    it('auto mode scans the files instead, with a warning naming fetch-depth: 0, and finds the credentials', () => {
      const ws = origin.clone(['--depth', '1', '--branch', 'feature']);
      const s = scan(ws, pullRequestEvent(eventDir(), base, head));
      expect(s.gitleaks.state).toBe('ok');
      const warning = s.run.stdout.split('\n').find((l) => l.startsWith('::warning::') && l.includes('Gitleaks scanned the files in the tree instead of the commits'));
      expect(warning, s.run.stdout).toBeDefined();
      expect(warning).toContain(`the base commit ${base} is not in this checkout (a shallow clone)`);
      expect(warning).toContain('fetch-depth: 0');
      expect(s.run.stdout).toContain('gitleaks: scanning the files in the tree');
      expect(s.paths).toEqual(['app/one.js', 'app/two.js', 'legacy/old.js']);
      expect(s.run.stdout).not.toMatch(/no leaks found/);
    }, 120_000);

    it('gitleaks-mode: git fails Gitleaks (and so the step, even with fail-on: none), naming fetch-depth: 0', () => {
      const ws = origin.clone(['--depth', '1', '--branch', 'feature']);
      const s = scan(ws, pullRequestEvent(eventDir(), base, head), { 'gitleaks-mode': 'git' });
      expect(s.gitleaks.state).toBe('failed');
      expect(s.gitleaks.error).toContain(`cannot scan the commits ${base}..${head}: the base commit ${base} is not in this checkout (a shallow clone)`);
      expect(s.gitleaks.error).toContain('fetch-depth: 0');
      expect(s.run.status).toBe(1);
      expect(s.run.outputs.decision).toBe('BLOCK');
      expect(s.found).toEqual([]);
    }, 120_000);

    it('a shallow clone that has the base but not the commits between (history cut inside the range) also falls back', () => {
      const ws = origin.clone(['--depth', '1', '--branch', 'feature']);
      ws.git('fetch', '-q', '--depth', '1', 'origin', base);
      expect(ws.git('cat-file', '-t', base)).toBe('commit');
      const s = scan(ws, pullRequestEvent(eventDir(), base, head));
      const warning = s.run.stdout.split('\n').find((l) => l.startsWith('::warning::') && l.includes('Gitleaks scanned the files'));
      expect(warning).toContain(`this checkout is shallow and its history stops at ${head}, inside ${base}..${head}`);
      expect(s.paths).toEqual(['app/one.js', 'app/two.js', 'legacy/old.js']);
    }, 120_000);

    it('after deepening the clone (git fetch --unshallow), the same event scans the commits again', () => {
      const ws = origin.clone(['--depth', '1', '--branch', 'feature']);
      ws.git('fetch', '-q', '--unshallow', 'origin', 'main', 'feature');
      const s = scan(ws, pullRequestEvent(eventDir(), base, head));
      expect(s.run.stdout).not.toContain('Gitleaks scanned the files');
      expect(s.run.stdout).toContain(`gitleaks: scanning commits --no-merges ${base}..${head}`);
      expect(s.paths).toEqual(['app/one.js', 'app/two.js']);
    }, 120_000);
  });

  it('git failing while Gitleaks reads the history ("[git]" on its stderr) fails Gitleaks instead of reporting no leaks', () => {
    const repo = GitRepo.init();
    const base = repo.commit('base', { 'README.md': '# demo\n' });
    repo.checkout('feature', true);
    repo.commit('one', { 'app/one.js': secretLine('one', token(51)) });
    const head = repo.commit('two', { 'app/two.js': secretLine('two', token(52)) });
    // An object the range needs is gone (a corrupt or partial clone): the commits are all there, so the range
    // check passes, but `git log -p` dies half-way.
    const blob = repo.git('rev-parse', `${head}~1:app/one.js`);
    rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const s = scan(repo, pullRequestEvent(eventDir(), base, head));
    expect(s.gitleaks.state).toBe('failed');
    expect(s.gitleaks.error).toContain('git failed while Gitleaks read the history');
    expect(s.gitleaks.error).toMatch(/\[git\] fatal: unable to read [0-9a-f]{40}/);
    expect(s.run.status).toBe(1);
    expect(s.run.stdout).toMatch(/::error::security-scan blocked this change: Gitleaks failed: git failed/);
  }, 120_000);
});
