// Issue 13's acceptance, through src/main.ts run() in this process the way the runner starts each step: three
// `mode: shard` legs (a matrix over images; fake Trivy, Gitleaks and Checkov binaries replaying real recorded
// outputs, so the legs' findings differ — each image has its own — and overlap — the tree's Gitleaks and Checkov
// findings are in every leg, and two legs scan the same image), each uploading its artifact to the local artifact
// service; then `mode: merge` against the api.github.com fake, once from a shards-dir laid out as
// actions/download-artifact (pattern: security-scan-shard-*) leaves it, once downloading the run's artifacts itself.
// A single `mode: scan` job over the same inputs is the yardstick for the merged counts.
import { closeFakes, fakeApi, fakeArtifacts, unpackArtifact } from '../support/fake-actions-env.js';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKENS } from '../support/fake-github.js';
import { readZip } from '../support/fake-artifacts.js';
import { fakeScanner, outputArg } from '../support/fake-scanner.js';
import { runStep, type ActionStep } from '../support/action-step.js';

const PR = 7;
const BASE = 'd'.repeat(40);
const HEAD = 'e'.repeat(40);
const MERGE_SHA = 'f'.repeat(40);
const RUN_ID = 4242;
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

const root = mkdtempSync(join(tmpdir(), 'shard-merge-'));
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await closeFakes();
});

/** Each image's recorded Trivy output (the fake Trivy picks it by its last argument, the image). */
const IMAGE_FIXTURES: Record<string, string> = {
  'alpine:3.9': 'trivy/image-alpine-39.json.golden',
  'pnpm-app:1': 'trivy/repo-pnpm-lockfile.json.golden',
  'composer-app:1': 'trivy/rootfs-composer-vendor.json.golden',
};
/** The legs: key → images. Leg c scans alpine too (as leg a does): its findings are in two shards. */
const LEGS: Record<string, string> = { 'image=alpine': 'alpine:3.9', 'image=pnpm': 'pnpm-app:1', 'image=composer': 'composer-app:1,alpine:3.9' };
const ALL_IMAGES = 'alpine:3.9,pnpm-app:1,composer-app:1';

const bin = mkdtempSync(join(root, 'bin-'));
const data = mkdtempSync(join(root, 'data-'));
for (const f of [...Object.values(IMAGE_FIXTURES), 'gitleaks/gitleaks-repo-json_simple.json', 'checkov/defectdojo-checkov-report-multiple-check_type.json']) {
  mkdirSync(dirname(join(data, f)), { recursive: true });
  copyFileSync(join(FIXTURES, f), join(data, f));
}
const cases = Object.entries(IMAGE_FIXTURES)
  .map(([image, f]) => `  "${image}") cp "${join(data, f)}" "$out" ;;`)
  .join('\n');
const TRIVY = fakeScanner(bin, 'trivy', `${outputArg('--output')}\nfor a in "$@"; do last="$a"; done\ncase "$last" in\n${cases}\n  *) echo "no fixture for $last" >&2; exit 3 ;;\nesac`);
const GITLEAKS = fakeScanner(bin, 'gitleaks', `${outputArg('--report-path')}\ncp "${join(data, 'gitleaks/gitleaks-repo-json_simple.json')}" "$out"`);
const CHECKOV = fakeScanner(bin, 'checkov', `cat "${join(data, 'checkov/defectdojo-checkov-report-multiple-check_type.json')}"`, { version: '3.2.0' });
const BROKEN_GITLEAKS = fakeScanner(bin, 'gitleaks-broken', 'echo "panic: runtime error: index out of range" >&2; exit 2');

/** The checkout every job has (the same tree in each leg, as in a matrix). */
const ws = join(root, 'ws');
mkdirSync(ws);
writeFileSync(join(ws, 'auth.py'), 'line containing secret\nline two\n');
writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.9\n');

const INPUTS = {
  scanners: 'trivy,gitleaks,checkov',
  'trivy-scan-type': 'image',
  'trivy-path': TRIVY,
  'gitleaks-path': GITLEAKS,
  'gitleaks-mode': 'dir',
  'checkov-path': CHECKOV,
  'install-scanners': 'false',
  'fail-on': 'high',
  baseline: 'none',
  'github-token': FAKE_TOKENS.write,
};

function env(runner: string, job: string): Record<string, string> {
  const eventFile = join(runner, 'event.json');
  writeFileSync(eventFile, JSON.stringify({ number: PR, pull_request: { number: PR, base: { sha: BASE, ref: 'main' }, head: { sha: HEAD, ref: 'feature' } } }));
  return {
    GITHUB_WORKSPACE: ws,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_API_URL: fakeApi.url,
    GITHUB_RUN_ID: String(RUN_ID),
    GITHUB_WORKFLOW: 'security',
    GITHUB_JOB: job,
    ACTIONS_RUNTIME_TOKEN: fakeArtifacts.token,
    ACTIONS_RESULTS_URL: `${fakeArtifacts.url}/`,
  };
}

interface Doc {
  total: number;
  counts: Record<string, number>;
  decision: string;
  byScanner: Record<string, unknown>;
  findings: { fingerprint: string; severity: string; sources: { scanner: string }[] }[];
  scanners: { id: string; state: string }[];
  insights?: { summary: unknown; recommendations: unknown; complianceStatus: unknown };
  notes?: string[];
  gate: { decision: string; reasons: string[] };
}
interface Step extends ActionStep {
  doc: Doc;
  outputDir: string;
}

/** The merge job's inputs: no scanner settings (it runs none), the gate's and the token. */
const MERGE_INPUTS = { mode: 'merge', 'fail-on': 'high', 'github-token': FAKE_TOKENS.write };

async function step(job: string, inputs: Record<string, string>): Promise<Step> {
  const runner = mkdtempSync(join(root, `runner-${job}-`));
  const outputDir = join(runner, 'reports');
  const s = await runStep(runner, env(runner, job), { ...(inputs['mode'] === 'merge' ? MERGE_INPUTS : INPUTS), 'output-dir': outputDir, ...inputs });
  let doc: Doc;
  try {
    doc = JSON.parse(readFileSync(join(outputDir, 'findings.json'), 'utf8')) as Doc;
  } catch (e) {
    throw new Error(`${job}: no findings.json (${String(e)})\n${s.stdout}`);
  }
  return { ...s, doc, outputDir };
}

/** The run's shard artifacts as actions/download-artifact (pattern: security-scan-shard-*) leaves them: a directory each. */
function downloadShards(into: string, names: readonly string[]): void {
  for (const name of names) unpackArtifact(name, into);
}

/** Markdown text with its escapes removed (`\\(` → `(`), to find a sentence in it. */
const unescape = (md: string) => md.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
const ours = () => fakeApi.comments(PR).filter((c) => c.login === 'github-actions[bot]');
interface SarifRun { tool: { driver: { name: string } }; automationDetails?: { id: string }; results?: unknown[] }
const runsOf = (u: (typeof fakeApi.uploads)[number]) => (u.sarif as { runs: SarifRun[] }).runs;
const bySeverity = (d: Doc) => d.counts;
const byScannerCount = (d: Doc) => Object.fromEntries(['trivy', 'gitleaks', 'checkov'].map((id) => [id, d.findings.filter((f) => f.sources.some((s) => s.scanner === id)).length]));

describe('shard ×3 + merge through run() against the API fake and the artifact service', () => {
  let single: Step;
  const shards: Record<string, Step> = {};
  let fromDir: Step;
  let fromRun: Step;
  let commentsAfterSingle = 0;
  let commentsAfterShards = 0;
  let uploadsBefore = 0;
  let uploadsFromDir: (typeof fakeApi.uploads)[number][] = [];
  let uploadsFromRun: (typeof fakeApi.uploads)[number][] = [];

  beforeAll(async () => {
    // The yardstick: one scan job over every image. Its comment is keyed by its job, so it is not the merge's.
    single = await step('single', { images: ALL_IMAGES, 'comment-key': 'single-job' });
    commentsAfterSingle = ours().length;
    for (const [key, images] of Object.entries(LEGS)) shards[key] = await step(`shard-${key}`, { mode: 'shard', 'shard-key': key, images });
    commentsAfterShards = ours().length;
    const names = Object.keys(LEGS).map((k) => `security-scan-shard-${k}`);
    // GitHub's bookkeeping: run 4242 holds the artifacts the legs uploaded.
    fakeApi.addWorkflowRun({
      id: RUN_ID,
      workflowFile: 'security.yml',
      headBranch: 'feature',
      headSha: HEAD,
      event: 'pull_request',
      status: 'in_progress',
      conclusion: null,
      artifacts: fakeArtifacts.artifacts.filter((a) => names.includes(a.name)).map((a) => ({ id: 9000 + a.id, name: a.name, sizeInBytes: a.blob!.length, location: fakeArtifacts.downloadUrl(a.id) })),
    });
    const dir = join(ws, 'shards');
    downloadShards(dir, names);
    uploadsBefore = fakeApi.uploads.length;
    fromDir = await step('merge', { mode: 'merge', 'shards-dir': 'shards', 'expected-shards': Object.keys(LEGS).join(',') });
    uploadsFromDir = fakeApi.uploads.slice(uploadsBefore);
    const mid = fakeApi.uploads.length;
    fromRun = await step('merge', { mode: 'merge', 'expected-shards': '3' });
    uploadsFromRun = fakeApi.uploads.slice(mid);
  }, 300_000);

  it('each leg scanned and uploaded its artifact, posted nothing and did not gate', () => {
    for (const [key, s] of Object.entries(shards)) {
      expect(s.exitCode, s.stdout).not.toBe(1);
      expect(s.stdout).toContain(`Uploaded`);
      const a = fakeArtifacts.artifacts.find((x) => x.name === `security-scan-shard-${key}`);
      expect(a?.finalized, key).toBe(true);
      const entries = [...readZip(a!.blob!).keys()];
      expect(entries).toContain('findings.json');
      expect(entries).toContain('shard.json');
    }
    expect(fakeArtifacts.violations).toEqual([]);
    // Legs differ (each its image) and overlap (the tree's findings, alpine in two legs).
    const fps = Object.values(shards).map((s) => new Set(s.doc.findings.map((f) => f.fingerprint)));
    expect(fps[0]).not.toEqual(fps[1]);
    const inTwo = [...fps[0]!].filter((f) => fps[2]!.has(f));
    expect(inTwo.length).toBeGreaterThan(byScannerCount(shards['image=alpine']!.doc).gitleaks! + byScannerCount(shards['image=alpine']!.doc).checkov!);
    const sum = Object.values(shards).reduce((n, s) => n + s.doc.total, 0);
    expect(sum).toBeGreaterThan(single.doc.total);
    expect(commentsAfterSingle).toBe(1);
    expect(commentsAfterShards).toBe(commentsAfterSingle);
  });

  for (const which of ['shards-dir', 'run artifacts'] as const) {
    it(`merge from ${which}: counts equal the single job's, one comment, one upload per scanner category, gated once`, () => {
      const m = which === 'shards-dir' ? fromDir : fromRun;
      const uploads = which === 'shards-dir' ? uploadsFromDir : uploadsFromRun;
      expect(m.doc.total).toBe(single.doc.total);
      expect(bySeverity(m.doc)).toEqual(bySeverity(single.doc));
      expect(byScannerCount(m.doc)).toEqual(byScannerCount(single.doc));
      expect(m.doc.byScanner).toEqual(single.doc.byScanner);
      expect(new Set(m.doc.findings.map((f) => f.fingerprint))).toEqual(new Set(single.doc.findings.map((f) => f.fingerprint)));
      for (const k of ['total', 'critical', 'high', 'medium', 'low', 'decision', 'risk']) expect(m.outputs[k], k).toBe(single.outputs[k]);
      // The gate, once: BLOCK (criticals in alpine), the step failed with exit code 1.
      expect(m.outputs['decision']).toBe('BLOCK');
      expect(m.exitCode).toBe(1);
      expect(m.stdout.split('\n').filter((l) => l.startsWith('::error::security-scan blocked this change'))).toHaveLength(1);
      // One comment of the merge (the single job's is another, keyed by its comment-key); updated, not added, the 2nd time.
      const mergeComments = ours().filter((c) => !c.body.includes('single-job'));
      expect(mergeComments).toHaveLength(1);
      expect(mergeComments[0]!.body).toContain('Merged from 3 shards');
      // One SARIF upload per scanner category, each category once, ≤ 20 runs per upload.
      const categories = uploads.flatMap((u) => runsOf(u).map((r) => r.automationDetails?.id));
      expect(categories.sort()).toEqual(['security-scan/checkov/', 'security-scan/gitleaks/', 'security-scan/trivy/']);
      for (const u of uploads) expect(runsOf(u).length).toBeLessThanOrEqual(20);
      expect(m.outputs['sarif-ids']!.split(',')).toHaveLength(uploads.length);
      for (const k of ['new', 'fixed', 'suppressed', 'remediation-patch']) expect(m.outputs[k], k).toBe(single.outputs[k]);
      // The merged report's insights are computed from the merged findings: the same as the single job's.
      expect(m.doc.insights?.summary).toEqual(single.doc.insights?.summary);
      // (A finding seen by several shards lists its references in the order the shards are merged.)
      const sortedRefs = (r: unknown) => JSON.parse(JSON.stringify(r), (k, v: unknown) => (k === 'references' && Array.isArray(v) ? [...(v as string[])].sort() : v)) as unknown;
      expect(sortedRefs(m.doc.insights?.recommendations)).toEqual(sortedRefs(single.doc.insights?.recommendations));
      expect(m.doc.insights?.complianceStatus).toEqual(single.doc.insights?.complianceStatus);
      expect(m.doc.insights?.recommendations).toBeTruthy();
    });
  }

  it('the merge downloaded every shard through the Actions artifacts API when shards-dir was empty', () => {
    expect(fakeApi.actions.downloads.sort()).toEqual(fakeApi.actions.runs.find((r) => r.id === RUN_ID)!.artifacts!.map((a) => a.id).sort());
    expect(fakeApi.violations).toEqual([]);
  });
});

describe('a shard that never uploaded, or whose scanner failed, is named and blocks', () => {
  let two: Step;
  let twoByCount: Step;
  let broken: Step;
  let brokenShard: Step;

  beforeAll(async () => {
    // Two legs upload (their artifacts are in the store already from the suite above, or are uploaded here).
    for (const key of ['image=alpine', 'image=pnpm']) {
      if (!fakeArtifacts.artifacts.some((a) => a.name === `security-scan-shard-${key}`)) await step(`shard-${key}`, { mode: 'shard', 'shard-key': key, images: LEGS[key]! });
    }
    const dir = join(ws, 'shards-two');
    downloadShards(dir, ['security-scan-shard-image=alpine', 'security-scan-shard-image=pnpm']);
    two = await step('merge-two', { mode: 'merge', 'shards-dir': 'shards-two', 'expected-shards': Object.keys(LEGS).join(','), 'fail-on': 'none', 'comment-key': 'two' });
    twoByCount = await step('merge-two-count', { mode: 'merge', 'shards-dir': 'shards-two', 'expected-shards': '3', 'fail-on': 'none', 'comment-key': 'two-count' });

    // A leg whose Gitleaks crashed: the leg itself does not fail (the merge gates), its artifact records the failure.
    brokenShard = await step('shard-broken', { mode: 'shard', 'shard-key': 'image=broken', images: 'pnpm-app:1', 'gitleaks-path': BROKEN_GITLEAKS });
    const bdir = join(ws, 'shards-broken');
    downloadShards(bdir, ['security-scan-shard-image=alpine', 'security-scan-shard-image=broken']);
    broken = await step('merge-broken', { mode: 'merge', 'shards-dir': 'shards-broken', 'expected-shards': 'image=alpine,image=broken', 'fail-on': 'none', 'comment-key': 'broken' });
  }, 300_000);

  it('expected-shards by key: the missing shard is named in findings.json, the summary and the comment; the merge blocks', () => {
    const line = "Shard 'image=composer' never uploaded its report.";
    expect(two.doc.notes).toContain(line);
    expect(two.doc.gate.reasons).toContain(line);
    expect(two.doc.decision).toBe('BLOCK');
    expect(two.outputs['decision']).toBe('BLOCK');
    expect(two.exitCode).toBe(1);
    expect(unescape(two.summary)).toContain(line);
    const comment = ours().find((c) => c.body.startsWith('<!-- security-scan:v1 workflow=security job=merge-two key=two -->'));
    expect(unescape(comment!.body)).toContain(line);
    // fail-on none: without the missing shard nothing would block.
    expect(two.doc.gate.reasons).toEqual([line]);
  });

  it('expected-shards by count: says how many are missing and which were found; blocks', () => {
    const line = '1 of the 3 expected shards did not upload a report that could be read (found: image=alpine, image=pnpm).';
    expect(twoByCount.doc.notes).toContain(line);
    expect(twoByCount.doc.gate.reasons).toEqual([line]);
    expect(twoByCount.exitCode).toBe(1);
    expect(unescape(twoByCount.summary)).toContain(line);
  });

  it('a scanner that failed in a shard: the leg warns and does not gate; the merge names the shard and blocks', () => {
    expect(brokenShard.exitCode).not.toBe(1);
    expect(brokenShard.doc.scanners.find((s) => s.id === 'gitleaks')?.state).toBe('failed');
    expect(brokenShard.stdout).toMatch(/::warning::security-scan shard 'image=broken': Gitleaks did not complete/);
    expect(broken.doc.scanners.find((s) => s.id === 'gitleaks')?.state).toBe('failed');
    expect(broken.doc.notes).toContain('A scanner failed in shard image=broken (see the scanner table).');
    expect(broken.outputs['decision']).toBe('BLOCK');
    expect(broken.exitCode).toBe(1);
    expect(broken.doc.gate.reasons.join(' ')).toMatch(/Gitleaks/);
    expect(broken.summary).toContain('image=broken');
    expect(broken.summary).toMatch(/shard image=broken: exited with code 2/);
    // The other shard's findings are all there (one failing shard never hides the others).
    expect(broken.doc.findings.filter((f) => f.sources.some((s) => s.scanner === 'trivy')).length).toBe(8);
  });
});

describe("the merge job's baseline: new-only gating and the default branch's merged baseline", () => {
  let againstSingle: Step;
  let againstSingleAll: Step;
  let againstNone: Step;
  let onMain: Step;
  let fromShardsDir: Step;
  let prAuto: Step;

  beforeAll(async () => {
    for (const [key, images] of Object.entries(LEGS)) {
      if (!fakeArtifacts.artifacts.some((a) => a.name === `security-scan-shard-${key}`)) await step(`shard-${key}`, { mode: 'shard', 'shard-key': key, images });
    }
    const names = Object.keys(LEGS).map((k) => `security-scan-shard-${k}`);
    const dir = join(ws, 'shards-baseline');
    downloadShards(dir, names);
    // The baseline: a single job's findings.json over the same images (what the default branch had), as an earlier
    // step (actions/download-artifact) leaves it under RUNNER_TEMP.
    const single = await step('single-baseline', { images: ALL_IMAGES, 'comment-key': 'single-baseline', 'fail-on': 'none' });
    const merge = { ...MERGE_INPUTS, mode: 'merge', 'shards-dir': 'shards-baseline', 'expected-shards': Object.keys(LEGS).join(',') };
    const mergeStep = async (job: string, inputs: Record<string, string>, event?: { name: string; payload: unknown; ref: string; env?: Record<string, string> }): Promise<Step> => {
      const runner = mkdtempSync(join(root, `runner-${job}-`));
      const baselineFile = join(runner, 'baseline', 'findings.json');
      mkdirSync(dirname(baselineFile));
      copyFileSync(join(single.outputDir, 'findings.json'), baselineFile);
      const outputDir = join(runner, 'reports');
      const base = env(runner, job);
      if (event) {
        writeFileSync(join(runner, 'event.json'), JSON.stringify(event.payload));
        Object.assign(base, { GITHUB_EVENT_NAME: event.name, GITHUB_REF: event.ref, ...event.env });
      }
      const withBaseline: Record<string, string> = inputs['baseline'] === 'file' ? { baseline: baselineFile } : {};
      const s = await runStep(runner, base, { ...merge, ...inputs, ...withBaseline, 'output-dir': outputDir });
      return { ...s, doc: JSON.parse(readFileSync(join(outputDir, 'findings.json'), 'utf8')) as Doc, outputDir };
    };
    againstSingle = await mergeStep('merge-baseline', { baseline: 'file', 'fail-on-new-only': 'true', 'comment-key': 'baseline-new-only' });
    againstSingleAll = await mergeStep('merge-baseline-all', { baseline: 'file', 'comment-key': 'baseline-all' });
    againstNone = await mergeStep('merge-no-baseline', { 'fail-on-new-only': 'true', 'comment-key': 'no-baseline' });
    // A baseline inside shards-dir (a leg's own findings.json, which a pull request's code could have written): refused.
    fromShardsDir = await mergeStep('merge-shard-baseline', { baseline: 'shards-baseline/security-scan-shard-image=alpine/findings.json', 'fail-on-new-only': 'true', 'comment-key': 'shard-baseline' });
    // A push to the default branch: the merge job uploads the merged baseline.json for later pull requests.
    onMain = await mergeStep('merge-main', {}, { name: 'push', payload: { before: BASE, after: MERGE_SHA, ref: 'refs/heads/main', repository: { default_branch: 'main' } }, ref: 'refs/heads/main' });
    // GitHub's bookkeeping: that push run completed with the baseline artifact it uploaded. A later pull request's
    // merge job (baseline: auto) finds it, downloads it and compares the merged findings with it.
    const uploaded = fakeArtifacts.artifacts.find((a) => a.name === 'security-scan-baseline' && a.finalized);
    fakeApi.actions.workflows.add('security-merge.yml');
    if (uploaded) {
      fakeApi.addWorkflowRun({ id: 5151, workflowFile: 'security-merge.yml', headBranch: 'main', headSha: MERGE_SHA, event: 'push', conclusion: 'success', artifacts: [{ id: 7151, name: 'security-scan-baseline', location: fakeArtifacts.downloadUrl(uploaded.id) }] });
    }
    prAuto = await mergeStep('merge-pr-auto', { 'fail-on-new-only': 'true', 'comment-key': 'pr-auto' }, {
      name: 'pull_request',
      payload: { number: PR, pull_request: { number: PR, base: { sha: MERGE_SHA, ref: 'main' }, head: { sha: HEAD, ref: 'feature' } }, repository: { default_branch: 'main' } },
      ref: `refs/pull/${PR}/merge`,
      env: { GITHUB_WORKFLOW_REF: `octo-org/octo-repo/.github/workflows/security-merge.yml@refs/pull/${PR}/merge`, GITHUB_RUN_ID: '5152' },
    });
  }, 300_000);

  it('fail-on-new-only against a baseline that has every finding: nothing is new, the merge proceeds', () => {
    const doc = againstSingle.doc as Doc & { baseline?: { found: boolean; new: number; unchanged: number } };
    expect(doc.baseline?.found, againstSingle.stdout.split("\n").filter((l) => /aseline/.test(l)).join("\n")).toBe(true);
    expect(doc.baseline?.new).toBe(0);
    expect(doc.baseline?.unchanged).toBe(doc.total);
    expect(againstSingle.outputs['new']).toBe('0');
    expect(againstSingle.outputs['decision']).toBe('PROCEED');
    expect(againstSingle.exitCode).not.toBe(1);
  });

  it('the same baseline without fail-on-new-only still gates on every finding; without a baseline every finding is new', () => {
    expect(againstSingleAll.outputs['decision']).toBe('BLOCK');
    expect(againstSingleAll.outputs['new']).toBe('0');
    expect(againstNone.outputs['decision']).toBe('BLOCK');
    expect(againstNone.doc.gate.reasons.join(' ')).toMatch(/new finding/);
  });

  it("round trip: a pull request's merge job (baseline: auto) compares with the merged baseline the default branch's merge job uploaded", () => {
    const doc = prAuto.doc as Doc & { baseline?: { found: boolean; source: string; new: number } };
    expect(doc.baseline?.found, prAuto.stdout.split('\n').filter((l) => /aseline/.test(l)).join('\n')).toBe(true);
    expect(doc.baseline?.source).toContain('security-scan-baseline');
    expect(doc.baseline?.new).toBe(0);
    expect(prAuto.outputs['new']).toBe('0');
    expect(prAuto.outputs['decision']).toBe('PROCEED');
    // Its trends read the default branch's earlier baselines: that push run's is a point of the history.
    const trends = (prAuto.doc.insights as { trends?: { available: boolean; reason?: string; history: { runId?: number }[] } } | undefined)?.trends;
    expect(trends?.available, trends?.reason).toBe(true);
    expect(trends?.history.map((p) => p.runId)).toContain(5151);
  });

  it('a baseline inside shards-dir is refused: every finding counts as new', () => {
    const doc = fromShardsDir.doc as Doc & { baseline?: { found: boolean; source: string } };
    expect(doc.baseline?.found).toBe(false);
    expect(fromShardsDir.stdout).toMatch(/::warning::Baseline: Input 'baseline' \("shards-baseline\/security-scan-shard-image=alpine\/findings.json"\) is inside shards-dir \(shards-baseline\)/);
    expect(fromShardsDir.outputs['new']).toBe(String(doc.total));
    expect(fromShardsDir.outputs['decision']).toBe('BLOCK');
  });

  it('a push run of the default branch uploads the merged baseline as the baseline artifact', () => {
    expect(onMain.stdout).not.toMatch(/::error::(?!security-scan blocked)/);
    const a = fakeArtifacts.artifacts.filter((x) => x.name === 'security-scan-baseline' && x.finalized);
    expect(a).toHaveLength(1);
    const entries = readZip(a[0]!.blob!);
    const baseline = JSON.parse(entries.get('baseline.json')!.toString('utf8')) as { entries: { fingerprint: string }[] };
    expect(new Set(baseline.entries.map((e) => e.fingerprint))).toEqual(new Set(onMain.doc.findings.map((f) => f.fingerprint)));
  });
});
