// `baseline: <path>`: the file is untrusted. Real paths inside the workspace or RUNNER_TEMP only, regular files within
// the size cap, the schema; on a pull request a committed baseline is read at the base commit (the pull request cannot
// choose its own baseline). Every refusal is "no baseline" with the reason naming the input and the path.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBaselineFile, type BaselineFileDeps } from '../../src/report/baseline-file.js';
import { BASELINE_SCHEMA, MAX_BASELINE_BYTES } from '../../src/report/baseline-schema.js';
import { processRunner } from '../../src/scanners/process.js';
import { GitRepo } from '../support/git-repo.js';

const AT = '2026-02-01T00:00:00.000Z';
const doc = (...fps: string[]) => JSON.stringify({ schema: BASELINE_SCHEMA, generatedAt: AT, context: {}, entries: fps.map((fingerprint) => ({ fingerprint, ruleId: 'R', title: 'T', severity: 'high', firstSeen: AT })) });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tree() {
  const root = mkdtempSync(join(tmpdir(), 'baseline-file-'));
  dirs.push(root);
  const ws = join(root, 'ws');
  const temp = join(root, 'runner-temp');
  mkdirSync(ws);
  mkdirSync(temp);
  const deps: BaselineFileDeps = { workspace: ws, runnerTemp: temp, runner: processRunner, tempRoot: temp };
  return { root, ws, temp, deps };
}
const fps = (r: Awaited<ReturnType<typeof readBaselineFile>>) => (r.baseline.found ? r.baseline.entries.map((e) => e.fingerprint) : r.baseline.source);

describe('readBaselineFile', () => {
  it('reads a baseline.json inside the workspace, and one under RUNNER_TEMP by absolute path', async () => {
    const t = tree();
    writeFileSync(join(t.ws, 'baseline.json'), doc('a', 'b'));
    writeFileSync(join(t.temp, 'base.json'), doc('c'));
    expect(fps(await readBaselineFile('baseline.json', t.deps))).toEqual(['a', 'b']);
    expect(fps(await readBaselineFile(join(t.temp, 'base.json'), t.deps))).toEqual(['c']);
    expect((await readBaselineFile('baseline.json', t.deps)).warning).toBeUndefined();
  });

  it.each([
    ['../outside.json', /is outside the places a baseline may be read from/],
    ['/etc/passwd', /is outside the places a baseline may be read from/],
    ['missing.json', /does not exist/],
    ['dir', /is not a regular file/],
    ['escape.json', /leads outside the workspace through a symlink/],
    ['bad.json', /is not a baseline security-scan can read \(schema: is "nope"/],
    ['huge.json', /more than the 67,108,864 read/],
  ])('%s → no baseline: %s (a warning naming the input)', async (value, why) => {
    const t = tree();
    writeFileSync(join(t.root, 'outside.json'), doc('x'));
    mkdirSync(join(t.ws, 'dir'));
    symlinkSync(join(t.root, 'outside.json'), join(t.ws, 'escape.json'));
    writeFileSync(join(t.ws, 'bad.json'), '{"schema":"nope"}');
    writeFileSync(join(t.ws, 'huge.json'), '');
    truncateSync(join(t.ws, 'huge.json'), MAX_BASELINE_BYTES + 1);
    const r = await readBaselineFile(value, t.deps);
    expect(r.baseline.found).toBe(false);
    expect(r.baseline.source).toMatch(why);
    expect(r.baseline.source).toContain("Input 'baseline'");
    expect(r.baseline.source).toContain('every finding counts as new');
    expect(r.warning).toBeDefined();
  });
});

describe('readBaselineFile on a pull request: a committed baseline is read at the base commit', () => {
  function repo() {
    const r = GitRepo.init('baseline-pr-');
    dirs.push(r.dir);
    const temp = mkdtempSync(join(tmpdir(), 'baseline-pr-temp-'));
    dirs.push(temp);
    const base = r.commit('baseline', { '.security/baseline.json': doc('old-1', 'old-2') });
    r.checkout('feature', true);
    return { r, base, deps: { workspace: r.dir, runner: processRunner, tempRoot: temp, baseSha: base } as BaselineFileDeps };
  }

  it("the pull request's edit to the baseline (listing its own finding) is ignored: the base commit's copy counts", async () => {
    const { r, deps } = repo();
    r.commit('sneak my finding in', { '.security/baseline.json': doc('old-1', 'old-2', 'mine') });
    const got = await readBaselineFile('.security/baseline.json', deps);
    expect(fps(got)).toEqual(['old-1', 'old-2']);
    expect(got.baseline.found && got.baseline.source).toContain('at the base commit');
  });

  it('a baseline file the pull request adds is not trusted at all (not in the base commit): no baseline', async () => {
    const { r, deps } = repo();
    r.commit('new baseline', { 'mine.json': doc('mine') });
    const got = await readBaselineFile('mine.json', deps);
    expect(got.baseline.found).toBe(false);
    expect(got.baseline.source).toContain('a pull request cannot choose its own baseline');
  });

  it('an untracked file (an earlier step downloaded it) is read as it is', async () => {
    const { r, deps } = repo();
    writeFileSync(join(r.dir, 'downloaded.json'), doc('d'));
    expect(fps(await readBaselineFile('downloaded.json', deps))).toEqual(['d']);
  });

  it('when git cannot tell (git fails), the file is not trusted: no baseline', async () => {
    const { deps } = repo();
    const got = await readBaselineFile('.security/baseline.json', { ...deps, runner: { run: () => Promise.reject(new Error('git: not found')) } });
    expect(got.baseline.found).toBe(false);
    expect(got.baseline.source).toContain('git could not tell');
  });
});
