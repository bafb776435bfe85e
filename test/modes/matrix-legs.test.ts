// Issue 13's acceptance line: a matrix of two legs in `mode: scan` on a pull request, run as the runner runs the
// bundled dist/index.js (scripts/run-action.mjs) against the api.github.com imitation (fake-github.ts) and the
// artifact service imitation (fake-artifacts.ts). Each leg passes `matrix` as `${{ toJSON(matrix) }}` renders it
// (pretty-printed JSON). Two comments, one per leg (a re-run updates its own); distinct SARIF categories (read from
// what the fake recorded of each upload); distinct artifact names. Then: no matrix keeps today's names; hostile leg
// values are normalised and never collide or inject; and `mode: publish` of a leg publishes that leg only.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingScanners, root } from '../../scripts/local-scanners.mjs';
import { runActionAsync } from '../../scripts/run-action.mjs';
import { commentMarker } from '../../src/github/comment.js';
import { legKey } from '../../src/modes/matrix.js';
import { readZip, startFakeArtifactService, type FakeArtifactService } from '../support/fake-artifacts.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';
import { toolGate } from '../support/tools.js';

const gate = toolGate(
  [...(existsSync(join(root, 'dist', 'index.js')) ? [] : ['dist/index.js is not built (npm run build)']), ...missingScanners(['node24'])],
  'the matrix-leg e2e tests',
);

const PR = 7;
const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const MERGE = 'c'.repeat(40);
const SCAN_RUN = 4242;

/** What `${{ toJSON(matrix) }}` renders: pretty-printed, two spaces, newlines. */
const toJSON = (o: unknown) => JSON.stringify(o, null, 2);
const keyOf = (o: Record<string, string>) => legKey(Object.entries(o).map(([name, value]) => ({ name, value })));

const LEG_A = { image: 'app:1' };
const LEG_B = { image: 'db:2' };

const dir = mkdtempSync(join(tmpdir(), 'matrix-legs-'));
/** A fake Trivy per leg, each replaying its own report (so the two comments differ). */
function trivyReplaying(name: string, report: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(report));
  return fakeScanner(dir, `trivy-${name}`, `${outputArg('--output')}\ncp "${file}" "$out"`, { version: '0.75.0' });
}
const withMisconfig = (id: string, title: string, severity: string) => ({
  ...ONE_HIGH_TRIVY_REPORT,
  Results: [{ ...ONE_HIGH_TRIVY_REPORT.Results[0]!, Misconfigurations: [{ ...ONE_HIGH_TRIVY_REPORT.Results[0]!.Misconfigurations[0]!, ID: id, Title: title, Severity: severity }] }],
});
const TRIVY_A = trivyReplaying('a', ONE_HIGH_TRIVY_REPORT);
const TRIVY_A_AGAIN = trivyReplaying('a-again', withMisconfig('DS029', "'apt-get' missing '--no-install-recommends'", 'HIGH'));
const TRIVY_B = trivyReplaying('b', withMisconfig('DS026', 'No HEALTHCHECK defined', 'LOW'));

function workspace(): string {
  const ws = join(mkdtempSync(join(tmpdir(), 'matrix-ws-')), 'ws');
  mkdirSync(ws, { recursive: true });
  writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
  return ws;
}

function prEnv(f: FakeGitHub, svc: FakeArtifactService, ws: string): Record<string, string> {
  const eventPath = join(dirname(ws), 'event.json');
  writeFileSync(eventPath, JSON.stringify({ number: PR, pull_request: { number: PR, head: { sha: HEAD, ref: 'feature' }, base: { sha: BASE, ref: 'main' } } }));
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_SHA: MERGE,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: f.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: String(SCAN_RUN),
    GITHUB_WORKFLOW: 'security',
    // Every leg of a matrix is the same job.
    GITHUB_JOB: 'scan',
    ACTIONS_RUNTIME_TOKEN: svc.token,
    ACTIONS_RESULTS_URL: `${svc.url}/`,
  };
}

const INPUTS = {
  scanners: 'trivy',
  'trivy-scanners': 'misconfig',
  'install-scanners': 'false',
  'fail-on': 'high',
  baseline: 'none',
  'github-token': FAKE_TOKENS.write,
};

let fake: FakeGitHub | undefined;
const services: FakeArtifactService[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const s of services.splice(0)) await s.close();
});
async function start() {
  fake = await startFakeGitHub({
    pendingPolls: 0,
    pulls: { [PR]: { headSha: HEAD, headRef: 'feature', baseSha: BASE, baseRef: 'main', mergeCommitSha: MERGE, headRepo: 'mallory/octo-repo' } },
    contents: { [BASE]: {} },
  });
  return fake;
}
async function artifactService() {
  const svc = await startFakeArtifactService();
  services.push(svc);
  return svc;
}

/** One leg of the scan job: the workspace, the leg's Trivy and its `matrix` input. */
async function leg(f: FakeGitHub, svc: FakeArtifactService, trivy: string, matrix: string, inputs: Record<string, string> = {}) {
  const ws = workspace();
  const r = await runActionAsync({ workspace: ws, inputs: { ...INPUTS, 'trivy-path': trivy, matrix, ...inputs }, env: prEnv(f, svc, ws), timeoutMs: 120_000 });
  return { ...r, ws, log: `${r.stdout}\n${r.stderr}` };
}

interface Run { automationDetails?: { id: string } }
const categoriesOf = (u: FakeGitHub['uploads'][number]) => (u.sarif as { runs: Run[] }).runs.map((r) => r.automationDetails?.id);
const ours = (f: FakeGitHub) => f.comments(PR).filter((c) => c.login === 'github-actions[bot]');
const firstLine = (body: string) => body.split('\n')[0]!;
const names = (svc: FakeArtifactService) => svc.artifacts.filter((a) => a.finalized).map((a) => a.name).sort();

describe.skipIf(gate.skip)('a matrix of scan legs through dist/index.js against the GitHub and artifact imitations', () => {
  beforeAll(gate.assertAvailable);

  it('two legs: two comments (a re-run updates its own), distinct SARIF categories, distinct artifact names', async () => {
    const f = await start();
    const svc = await artifactService();
    const keyA = keyOf(LEG_A);
    const keyB = keyOf(LEG_B);
    expect(keyA).toMatch(/^image=app-1==[0-9a-f]{12}$/);
    expect(keyB).toMatch(/^image=db-2==[0-9a-f]{12}$/);

    const [a, b] = await Promise.all([leg(f, svc, TRIVY_A, toJSON(LEG_A)), leg(f, svc, TRIVY_B, toJSON(LEG_B))]);
    expect(a.status, a.log).toBe(1); // its HIGH finding blocks
    expect(b.status, b.log).toBe(0); // a LOW one does not

    // Two comments of ours, each starting with its leg's marker and naming its leg.
    const comments = ours(f);
    expect(comments).toHaveLength(2);
    const commentA = comments.find((c) => firstLine(c.body) === commentMarker('security', 'scan', keyA));
    const commentB = comments.find((c) => firstLine(c.body) === commentMarker('security', 'scan', keyB));
    expect(commentA, comments.map((c) => firstLine(c.body)).join('\n')).toBeDefined();
    expect(commentB).toBeDefined();
    expect(commentA!.body).toContain(`#### Matrix leg \`${keyA}\``);
    expect(commentA!.body).toContain('DS002');
    expect(commentB!.body).toContain(`#### Matrix leg \`${keyB}\``);
    expect(commentB!.body).toContain('DS026');
    expect(commentB!.body).not.toContain('DS002');

    // One upload per leg, each under its own category (as the fake recorded the SARIF it was sent).
    expect(f.uploads).toHaveLength(2);
    expect(f.uploads.map(categoriesOf).flat().sort()).toEqual([`security-scan/${keyA}/trivy/`, `security-scan/${keyB}/trivy/`].sort());
    expect(f.violations).toEqual([]);

    // Two artifacts, named by their legs; no conflict.
    expect(names(svc)).toEqual([`security-reports-${keyA}`, `security-reports-${keyB}`].sort());
    expect(svc.violations).toEqual([]);
    expect(`${a.log}${b.log}`).not.toMatch(/already exists/);

    // Re-running leg A (a new run attempt: a new artifact store) updates leg A's comment, and leaves leg B's alone.
    const bodyB = commentB!.body;
    const again = await leg(f, await artifactService(), TRIVY_A_AGAIN, toJSON(LEG_A), { 'output-dir': 'second' });
    expect(again.status, again.log).toBe(1);
    expect(ours(f)).toHaveLength(2);
    expect(f.edits.map((e) => e.commentId)).toEqual([commentA!.id]);
    const updatedA = ours(f).find((c) => c.id === commentA!.id)!;
    expect(updatedA.body).toContain('DS029');
    expect(updatedA.body).not.toContain('DS002');
    expect(ours(f).find((c) => c.id === commentB!.id)!.body).toBe(bodyB);
    expect(categoriesOf(f.uploads[2]!)).toEqual([`security-scan/${keyA}/trivy/`]);
  }, 300_000);

  it('no matrix (null, {} pretty-printed, empty) keeps the un-keyed marker, category and artifact name', async () => {
    const f = await start();
    for (const [job, matrix] of [['plain-null', 'null'], ['plain-empty-object', toJSON({}) + '\n'], ['plain-empty', '']] as const) {
      const svc = await artifactService();
      const ws = workspace();
      const r = await runActionAsync({ workspace: ws, inputs: { ...INPUTS, 'trivy-path': TRIVY_A, matrix }, env: { ...prEnv(f, svc, ws), GITHUB_JOB: job }, timeoutMs: 120_000 });
      expect(r.status, `${job}: ${r.stdout}`).toBe(1);
      const comment = ours(f).find((c) => firstLine(c.body) === commentMarker('security', job));
      expect(comment, ours(f).map((c) => firstLine(c.body)).join('\n')).toBeDefined();
      expect(comment!.body).not.toContain('Matrix leg');
      expect(categoriesOf(f.uploads.at(-1)!)).toEqual(['security-scan/trivy/']);
      expect(names(svc)).toEqual(['security-reports']);
    }
    expect(ours(f)).toHaveLength(3);
  }, 300_000);

  it('hostile leg values: normalised, never colliding (legs differing only in / and :), no injection; 50 matrix values', async () => {
    const f = await start();
    const svc = await artifactService();
    const evil = 'x --> <!-- security-scan:v1 workflow=security job=scan --> **bold** [a](https://evil.example) `code` | <img src=x onerror=alert(1)>';
    const hostileA = { image: `ghcr.io/org/app:1`, note: `${evil}\né 日本 "*?<>\\ ${'L'.repeat(300)}` };
    const hostileB = { image: `ghcr.io/org/app/1`, note: hostileA.note };
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`dimension${i}`, `value:${i}`]));
    const runs = await Promise.all([hostileA, hostileB, fifty].map((m) => leg(f, svc, TRIVY_A, toJSON(m))));
    for (const r of runs) expect(r.status, r.log).toBe(1);

    const keys = [hostileA, hostileB, fifty].map(keyOf);
    expect(new Set(keys).size).toBe(3);
    for (const k of keys) {
      expect(k).toMatch(/^[A-Za-z0-9._=,-]{1,86}==[0-9a-f]{12}$/);
      expect(k.length).toBeLessThanOrEqual(100);
    }
    expect(keys[2]!.length).toBe(100);

    // Three comments, each starting with exactly its marker; the hostile text is nowhere in a comment or a summary.
    expect(ours(f)).toHaveLength(3);
    expect(ours(f).map((c) => firstLine(c.body)).sort()).toEqual(keys.map((k) => commentMarker('security', 'scan', k)).sort());
    for (const c of ours(f)) {
      expect(c.body.match(/-->/g)).toHaveLength(1); // the marker's own end, nothing else
      expect(c.body).not.toContain('evil.example');
      expect(c.body).not.toContain('**bold**');
      expect(c.body).not.toContain('onerror');
    }
    for (const r of runs) {
      expect(r.summary).not.toContain('evil.example');
      expect(r.summary).not.toContain('-->');
    }
    // Three categories and three artifacts, all distinct and valid (the artifact service accepted each name).
    expect(f.uploads.map(categoriesOf).flat().sort()).toEqual(keys.map((k) => `security-scan/${k}/trivy/`).sort());
    expect(names(svc)).toEqual(keys.map((k) => `security-reports-${k}`).sort());
    expect(svc.violations).toEqual([]);
    expect(f.violations).toEqual([]);
  }, 300_000);
});

describe.skipIf(gate.skip)('a matrix of scan legs on a push to the default branch (baseline: auto)', () => {
  beforeAll(gate.assertAvailable);

  it('each leg uploads its own baseline artifact (so a pull request leg compares with the same leg), no conflict', async () => {
    const f = await start();
    const svc = await artifactService();
    const pushLeg = async (trivy: string, matrix: Record<string, string>) => {
      const ws = workspace();
      const eventPath = join(dirname(ws), 'push.json');
      writeFileSync(eventPath, JSON.stringify({ ref: 'refs/heads/main', after: MERGE, repository: { full_name: 'octo-org/octo-repo', default_branch: 'main' } }));
      const env = { ...prEnv(f, svc, ws), GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventPath, GITHUB_REF: 'refs/heads/main' };
      return runActionAsync({ workspace: ws, inputs: { ...INPUTS, 'trivy-path': trivy, matrix: toJSON(matrix), baseline: 'auto' }, env, timeoutMs: 120_000 });
    };
    const runs = await Promise.all([pushLeg(TRIVY_A, LEG_A), pushLeg(TRIVY_B, LEG_B)]);
    for (const r of runs) expect(r.stdout).not.toMatch(/already exists/);
    const [keyA, keyB] = [keyOf(LEG_A), keyOf(LEG_B)];
    expect(names(svc)).toEqual([`security-reports-${keyA}`, `security-reports-${keyB}`, `security-scan-baseline-${keyA}`, `security-scan-baseline-${keyB}`].sort());
    expect(svc.violations).toEqual([]);
  }, 300_000);
});

describe.skipIf(gate.skip)('mode: publish of a matrix leg (pull requests from forks)', () => {
  beforeAll(gate.assertAvailable);

  it("each publish leg reads its own leg's artifact, comments under its own marker and uploads only its categories", async () => {
    const f = await start();
    const svc = await artifactService();
    const keyA = keyOf(LEG_A);
    const keyB = keyOf(LEG_B);
    // The scan workflow on a fork's pull request: read-only, so no upload and no comment; each leg uploads its artifact.
    const fork = { 'upload-sarif': 'false', comment: 'never', 'github-token': FAKE_TOKENS.read };
    const scans = await Promise.all([leg(f, svc, TRIVY_A, toJSON(LEG_A), fork), leg(f, svc, TRIVY_B, toJSON(LEG_B), fork)]);
    for (const s of scans) expect(s.status, s.log).not.toBeNull();
    expect(f.uploads).toHaveLength(0);
    expect(ours(f)).toHaveLength(0);
    expect(names(svc)).toEqual([`security-reports-${keyA}`, `security-reports-${keyB}`].sort());

    // The publish workflow: actions/download-artifact with `pattern: security-reports-*` puts each leg's artifact
    // in a directory of its name under reports/.
    const base = mkdtempSync(join(tmpdir(), 'matrix-publish-'));
    const ws = join(base, 'ws');
    for (const a of svc.artifacts) {
      for (const [entry, content] of readZip(a.blob!)) {
        const file = join(ws, 'reports', a.name, entry);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    // Leg A's artifact also carries leg B's SARIF: a leg publishes its own categories only.
    const sarifB = join(ws, 'reports', `security-reports-${keyB}`, 'sarif', 'trivy.sarif');
    writeFileSync(join(ws, 'reports', `security-reports-${keyA}`, 'sarif', 'other-leg.sarif'), readFileSync(sarifB));
    const eventPath = join(base, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ action: 'completed', workflow_run: { id: SCAN_RUN, run_attempt: 1, name: 'security', event: 'pull_request', head_sha: HEAD, head_branch: 'feature', head_repository: { full_name: 'mallory/octo-repo', owner: { login: 'mallory' } }, pull_requests: [], conclusion: 'failure' } }));
    const publish = (matrix: Record<string, string>) =>
      runActionAsync({
        workspace: ws,
        inputs: { mode: 'publish', 'report-dir': 'reports', matrix: toJSON(matrix), 'fail-on': 'high', 'github-token': FAKE_TOKENS.write },
        env: { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_API_URL: f.url, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: BASE, GITHUB_RUN_ID: '9001', GITHUB_WORKFLOW: 'security-publish', GITHUB_JOB: 'publish' },
        timeoutMs: 120_000,
      });
    const pa = await publish(LEG_A);
    const pb = await publish(LEG_B);
    expect(pa.status, pa.stdout).toBe(0);
    expect(pb.status, pb.stdout).toBe(0);
    expect(pa.outputs.decision).toBe('BLOCK');
    expect(pb.outputs.decision).toBe('PROCEED');

    // Two comments, one per leg, under the publish job's marker keyed by the leg.
    expect(ours(f).map((c) => firstLine(c.body)).sort()).toEqual([commentMarker('security-publish', 'publish', keyA), commentMarker('security-publish', 'publish', keyB)].sort());
    expect(ours(f).find((c) => firstLine(c.body) === commentMarker('security-publish', 'publish', keyA))?.body).toContain('DS002');
    // Each publish uploaded its leg's category; leg B's SARIF in leg A's artifact was refused and named.
    expect(f.uploads.map(categoriesOf)).toEqual([[`security-scan/${keyA}/trivy/`], [`security-scan/${keyB}/trivy/`]]);
    expect(f.uploads.every((u) => u.ref === `refs/pull/${PR}/head` && u.commit_sha === HEAD)).toBe(true);
    expect(pa.stdout).toMatch(/Refused SARIF .sarif\/other-leg\.sarif. of the artifact, not uploaded: runs\[0\]\.automationDetails\.id is .security-scan\/image=db-2==[0-9a-f]{12}\/trivy\/., not a category under .security-scan\/image=app-1==[0-9a-f]{12}\/./);
    expect(pa.stdout).toMatch(/accepted: 1 run\(s\), .security-scan\/image=app-1==[0-9a-f]{12}\/trivy\/./);
    expect(f.violations).toEqual([]);
  }, 300_000);
});
