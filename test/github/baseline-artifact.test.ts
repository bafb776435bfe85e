// baseline: auto — the lookup against the fake API (runs → artifacts) and the download through @actions/artifact's
// downloadArtifact({ findBy }) (GET …/artifacts/{id}/zip → 302 → the fake blob store serving a real zip that
// @actions/artifact itself uploaded), plus every way it can fail: each is `found: false` with the reason and the fix.
import { closeFakes, fakeApi, fakeArtifacts, NO_ACTIONS_TOKEN } from '../support/fake-actions-env.js';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { distrust, loadAutoBaseline, MAX_RUNS, type AutoBaselineDeps } from '../../src/github/baseline-artifact.js';
import { createClient } from '../../src/github/client.js';
import { recordingLogger } from '../../src/logger.js';
import { BASELINE_SCHEMA, MAX_BASELINE_BYTES } from '../../src/report/baseline-schema.js';
import { craftZip } from '../support/craft-zip.js';
import { FAKE_TOKENS, githubFaults } from '../support/fake-github.js';

const SHA = (c: string) => c.repeat(40);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'baseline-artifact-'));
  dirs.push(d);
  return d;
};
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await closeFakes();
});

const entry = (n: number) => ({ fingerprint: `fp${n}`.padEnd(32, '0'), ruleId: `R${n}`, title: `finding ${n}`, severity: 'high', path: `f${n}.txt`, firstSeen: '2026-01-02T03:04:05.000Z' });
const baselineDoc = (count: number) => JSON.stringify({ schema: BASELINE_SCHEMA, generatedAt: '2026-01-02T03:04:05.000Z', context: { repository: 'octo-org/octo-repo', sha: SHA('a') }, entries: Array.from({ length: count }, (_, i) => entry(i)) });

let uploads = 0;
/** A real zip holding these files, uploaded to the fake blob store with @actions/artifact; returns its download URL. */
async function zipOf(files: Record<string, string>): Promise<string> {
  const root = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  vi.stubEnv('ACTIONS_RUNTIME_TOKEN', fakeArtifacts.token);
  vi.stubEnv('ACTIONS_RESULTS_URL', `${fakeArtifacts.url}/`);
  vi.stubEnv('GITHUB_RETENTION_DAYS', '');
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const r = await new DefaultArtifactClient().uploadArtifact(`zip-${++uploads}`, Object.keys(files).map((n) => join(root, n)), root);
  vi.unstubAllEnvs();
  return fakeArtifacts.downloadUrl(r.id!);
}

let nextId = 9000;
function deps(workflowFile: string, over: Partial<AutoBaselineDeps> = {}) {
  const logger = recordingLogger();
  const token = over.token ?? FAKE_TOKENS.read;
  const d: AutoBaselineDeps = {
    client: createClient(token, { baseUrl: fakeApi.url, logger, retries: 0, retryBaseMs: 1, rateLimitUnitMs: 1 }),
    token,
    owner: 'octo-org',
    repo: 'octo-repo',
    workflowFile,
    branch: 'main',
    artifactName: 'security-scan-baseline',
    tempRoot: tempDir(),
    logger,
    ...over,
  };
  return { d, logger };
}
const pushRun = (workflowFile: string, over: Partial<Parameters<typeof fakeApi.addWorkflowRun>[0]> = {}) =>
  fakeApi.addWorkflowRun({ id: ++nextId, workflowFile, headBranch: 'main', headSha: SHA('a'), event: 'push', ...over });

describe('baseline: auto — finding and downloading the artifact', () => {
  it('takes the newest completed push run of the base branch that has the artifact, and downloads it through the artifact API', async () => {
    const wf = 'ok.yml';
    const older = pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: await zipOf({ 'baseline.json': baselineDoc(3) }) }], headSha: SHA('b') });
    pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-report', location: 'http://127.0.0.1:9/never' }] }); // newer, no baseline artifact
    const { d, logger } = deps(wf);
    const before = fakeApi.requests.length;
    const r = await loadAutoBaseline(d);
    expect(r.warning).toBeUndefined();
    expect(r.baseline.found).toBe(true);
    if (!r.baseline.found) return;
    expect(r.baseline.entries.map((e) => e.ruleId)).toEqual(['R0', 'R1', 'R2']);
    expect(r.baseline.source).toContain(`run #${older.id % 1000} (${older.id}) on main at ${SHA('b').slice(0, 12)}`);
    const mine = fakeApi.requests.slice(before);
    expect(mine.map((q) => q.operationId)).toEqual(['actions/list-workflow-runs', 'actions/list-workflow-run-artifacts', 'actions/list-workflow-run-artifacts', 'actions/download-artifact']);
    expect(mine[0]!.query).toMatchObject({ branch: 'main', event: 'push', status: 'completed', per_page: String(MAX_RUNS) });
    expect(mine[3]).toMatchObject({ status: 302, path: `/repos/octo-org/octo-repo/actions/artifacts/${older.artifacts![0]!.id}/zip` });
    expect(fakeApi.violations).toEqual([]);
    expect(fakeArtifacts.violations).toEqual([]);
    expect(logger.lines.some((l) => l.level === 'info' && l.message.includes('3 finding(s)'))).toBe(true);
  });

  it('the fake answers with documented shapes (workflow-run, artifact)', async () => {
    const wf = 'shape.yml';
    const run = pushRun(wf, { artifacts: [{ id: ++nextId, name: 'x', location: 'http://127.0.0.1:9/x' }] });
    const client = createClient(FAKE_TOKENS.read, { baseUrl: fakeApi.url, logger: recordingLogger(), retries: 0 });
    const runs = await client.rest.actions.listWorkflowRuns({ owner: 'octo-org', repo: 'octo-repo', workflow_id: wf });
    expect(fakeApi.responseErrors('actions/list-workflow-runs', 200, runs.data)).toEqual([]);
    const arts = await client.rest.actions.listWorkflowRunArtifacts({ owner: 'octo-org', repo: 'octo-repo', run_id: run.id });
    expect(fakeApi.responseErrors('actions/list-workflow-run-artifacts', 200, arts.data)).toEqual([]);
  });
});

describe('baseline: auto — every failure is "no baseline" with the reason and the fix, never a throw', () => {
  it('403 without actions: read: names the permission to add', async () => {
    const wf = 'denied.yml';
    pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: 'http://127.0.0.1:9/x' }] });
    const { d } = deps(wf, { token: NO_ACTIONS_TOKEN });
    const r = await loadAutoBaseline(d);
    expect(r.baseline).toMatchObject({ found: false });
    expect(r.baseline.source).toContain('give the job `permissions: actions: read`');
    expect(r.baseline.source).toContain('every finding counts as new');
    expect(r.warning).toContain('actions: read');
  });

  it('a push run whose gate blocked (conclusion failure) still gives its baseline: its baseline.json is complete', async () => {
    const wf = 'blocked.yml';
    pushRun(wf, { conclusion: 'failure', artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: await zipOf({ 'baseline.json': baselineDoc(4) }) }] });
    const r = await loadAutoBaseline(deps(wf).d);
    expect(r.baseline.found && r.baseline.entries).toHaveLength(4);
  });

  it('no completed push run yet: says the artifact appears after the first push to the branch (a notice, not a warning)', async () => {
    const wf = 'fresh.yml';
    fakeApi.actions.workflows.add(wf);
    pushRun(wf, { status: 'in_progress', conclusion: null }); // not completed
    pushRun(wf, { event: 'pull_request', headBranch: 'feature' }); // not a push run of main
    const { d } = deps(wf);
    const r = await loadAutoBaseline(d);
    expect(r.baseline.found).toBe(false);
    expect(r.baseline.source).toContain('no completed push run of workflow "fresh.yml" on "main" was found');
    expect(r.baseline.source).toContain('the `security-scan-baseline` artifact appears after the first push to main');
    expect(r.warning).toBeUndefined();
  });

  it(`no artifact in the ${MAX_RUNS} newest runs: looks at ${MAX_RUNS} runs, no more, and says so`, async () => {
    const wf = 'noart.yml';
    pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: await zipOf({ 'baseline.json': baselineDoc(1) }) }] }); // the 6th newest
    for (let i = 0; i < MAX_RUNS; i++) pushRun(wf, { artifacts: [{ id: ++nextId, name: 'other', location: 'http://127.0.0.1:9/x' }] });
    const before = fakeApi.requests.length;
    const r = await loadAutoBaseline(deps(wf).d);
    expect(r.baseline.found).toBe(false);
    expect(r.baseline.source).toContain(`none of the ${MAX_RUNS} latest completed push run(s) of workflow "noart.yml" on "main" has the \`security-scan-baseline\` artifact`);
    expect(fakeApi.requests.slice(before).filter((q) => q.operationId === 'actions/list-workflow-run-artifacts')).toHaveLength(MAX_RUNS);
    expect(fakeApi.requests.slice(before).some((q) => q.operationId === 'actions/download-artifact')).toBe(false);
  });

  it("a run of another branch, a pull_request run or a fork's run in the API's answer is not trusted: skipped with a warning", async () => {
    const wf = 'hostile.yml';
    const good = pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: await zipOf({ 'baseline.json': baselineDoc(2) }) }] });
    const hostile = { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: await zipOf({ 'baseline.json': baselineDoc(40) }) }], ignoresFilters: true };
    const branch = pushRun(wf, { ...hostile, headBranch: 'feature' });
    const pr = pushRun(wf, { ...hostile, event: 'pull_request' });
    const fork = pushRun(wf, { ...hostile, headRepository: 'mallory/octo-repo' });
    const { d, logger } = deps(wf);
    const r = await loadAutoBaseline(d);
    expect(r.baseline.found).toBe(true);
    if (r.baseline.found) expect(r.baseline.entries).toHaveLength(2);
    expect(r.baseline.source).toContain(`(${good.id})`);
    const warnings = logger.lines.filter((l) => l.level === 'warning').map((l) => l.message).join('\n');
    expect(warnings).toContain(`run ${branch.id}: its branch is "feature", not "main"`);
    expect(warnings).toContain(`run ${pr.id}: its event is "pull_request", not push`);
    expect(warnings).toContain(`run ${fork.id}: its head_repository is "mallory/octo-repo", not octo-org/octo-repo`);
  });

  it('only untrusted runs: no baseline, and the warning says runs were ignored', async () => {
    const wf = 'only-hostile.yml';
    pushRun(wf, { headBranch: 'feature', ignoresFilters: true, artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: 'http://127.0.0.1:9/x' }] });
    const r = await loadAutoBaseline(deps(wf).d);
    expect(r.baseline.found).toBe(false);
    expect(r.baseline.source).toContain("1 run(s) in the API's answer were not, and were ignored");
    expect(r.warning).toBeDefined();
  });

  it('the API down (502 after retries) or an unknown workflow (404): no baseline, a warning', async () => {
    const wf = 'down.yml';
    pushRun(wf);
    fakeApi.inject(githubFaults.serverError({ path: new RegExp(`/workflows/${wf}/runs$`), times: 1 }));
    const down = await loadAutoBaseline(deps(wf).d);
    expect(down.baseline.found).toBe(false);
    expect(down.baseline.source).toContain('502');
    expect(down.warning).toBeDefined();
    const missing = await loadAutoBaseline(deps('nope.yml').d);
    expect(missing.baseline.source).toContain('404');
  });

  it('an expired artifact is skipped; a failing download and a hostile baseline.json are reasons, not throws', async () => {
    const wf = 'broken.yml';
    pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: await zipOf({ 'baseline.json': '{"schema":"security-scan/baseline@1","entries":"x"}' }) }] });
    pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', expired: true, location: 'http://127.0.0.1:9/x' }] });
    const hostile = await loadAutoBaseline(deps(wf).d);
    expect(hostile.baseline.found).toBe(false);
    expect(hostile.baseline.source).toMatch(/baseline\.json in the `security-scan-baseline` artifact of run .* is not a baseline security-scan can read \(.*entries/);
    const failing = await loadAutoBaseline(deps(wf, { loadDownloader: async () => ({ downloadArtifact: () => Promise.reject(new Error('Unable to download artifact. Unexpected status: 403')) }) }).d);
    expect(failing.baseline.source).toContain('could not be downloaded (Unable to download artifact. Unexpected status: 403); Give the job `permissions: actions: read`.');
    const empty = await loadAutoBaseline(deps(wf, { loadDownloader: async () => ({ downloadArtifact: async () => ({}) }) }).d);
    expect(empty.baseline.source).toContain('baseline.json in the `security-scan-baseline` artifact');
    expect(empty.baseline.source).toContain('does not exist');
  });

  it('the artifact is saved as its zip (skipDecompress) and only baseline.json is taken out: a zip bomb stops at the bound, a 200 MB entry of another name is skipped', async () => {
    const wf = 'bomb.yml';
    pushRun(wf, { artifacts: [{ id: ++nextId, name: 'security-scan-baseline', location: 'http://127.0.0.1:9/unused' }] });
    const saved: { skipDecompress?: boolean }[] = [];
    /** A downloader that saves `zip` as the artifact's zip (what @actions/artifact does with skipDecompress). */
    const savingZip = (zip: Buffer) => async () => ({
      downloadArtifact: async (_id: number, o: { path: string; skipDecompress?: boolean }) => {
        writeFileSync(join(o.path, 'security-scan-baseline.zip'), zip);
        saved.push(o.skipDecompress !== undefined ? { skipDecompress: o.skipDecompress } : {});
        return { downloadPath: o.path };
      },
    });
    // baseline.json whose headers claim 100 bytes and which inflates past the 64 MiB read.
    const bomb = craftZip([['baseline.json', Buffer.alloc(MAX_BASELINE_BYTES + 1024, 0x20), { deflate: true, claimSize: 100 }]]);
    const r1 = await loadAutoBaseline(deps(wf, { loadDownloader: savingZip(bomb) }).d);
    expect(r1.baseline.found).toBe(false);
    expect(r1.baseline.source).toContain(`could not be read: its baseline.json inflates to more than the ${MAX_BASELINE_BYTES.toLocaleString('en-US')} bytes read`);
    // A real baseline beside a 200 MB entry of another name (deflated to ~200 kB): the baseline is read, the other never inflated.
    const padded = craftZip([['padding.bin', Buffer.alloc(200 << 20), { deflate: true }], ['baseline.json', baselineDoc(2), { deflate: true }]]);
    const { d } = deps(wf, { loadDownloader: savingZip(padded) });
    const r2 = await loadAutoBaseline(d);
    expect(r2.baseline.found).toBe(true);
    if (r2.baseline.found) expect(r2.baseline.entries.map((e) => e.ruleId)).toEqual(['R0', 'R1']);
    expect(saved.map((x) => x.skipDecompress)).toEqual([true, true]);
    expect(readdirSync(d.tempRoot)).toEqual([]); // the download directory is gone, and with it the zip
  });

  it('outside Actions, without a token, without a branch: no API call, the reason', async () => {
    const before = fakeApi.requests.length;
    expect((await loadAutoBaseline(deps('x.yml', { workflowFile: undefined }).d)).baseline.source).toContain('not running in a GitHub Actions workflow');
    expect((await loadAutoBaseline(deps('x.yml', { client: undefined }).d)).baseline.source).toContain("input 'github-token' is empty");
    expect((await loadAutoBaseline(deps('x.yml', { branch: undefined }).d)).baseline.source).toContain('branch to compare with is unknown');
    expect((await loadAutoBaseline(deps('x.yml', { artifactName: ' ' }).d)).baseline.source).toContain("'baseline-artifact' is empty");
    expect(fakeApi.requests.length).toBe(before);
  });
});

describe('distrust: the sanity check on each run the API lists', () => {
  const ok = { id: 5, event: 'push', head_branch: 'main', conclusion: 'success', head_sha: SHA('a'), repository: { full_name: 'o/r' }, head_repository: { full_name: 'O/R' } };
  it.each([
    [{}, undefined],
    [{ id: 0 }, 'it has no valid id'],
    [{ id: 7 }, 'it is this run'],
    [{ event: 'pull_request_target' }, 'its event is "pull_request_target", not push'],
    [{ head_branch: 'main2' }, 'its branch is "main2", not "main"'],
    [{ conclusion: null }, 'its conclusion is "null", not success or failure'],
    [{ conclusion: 'cancelled' }, 'its conclusion is "cancelled", not success or failure'],
    [{ conclusion: 'failure' }, undefined],
    [{ head_sha: 'zz' }, 'it has no valid head commit'],
    [{ repository: { full_name: 'x/r' } }, 'its repository is "x/r", not o/r'],
    [{ head_repository: { full_name: 5 } }, 'its head_repository is "5", not o/r'],
  ])('%j → %s', (change, why) => {
    expect(distrust({ ...ok, ...change, ...(why === 'it is this run' ? { id: 7 } : {}) }, 'main', 'o/r', 7)).toBe(why);
  });
});
