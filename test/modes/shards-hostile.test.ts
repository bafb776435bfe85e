// Hostile shard artifacts. A matrix leg runs the pull request's code, so whatever it uploads as its shard is hostile.
// Each case: a merge job (src/main.ts run(), in this process, as the runner starts it) reads a real shard (uploaded
// by a `mode: shard` leg with fake scanners replaying recorded outputs) next to a hostile one. The hostile one is
// refused or contained with a sentence naming it, the merge blocks where it must, and the real shard's findings are
// all in the merged report (one bad shard never hides the others, nor crashes the merge).
import { closeFakes, fakeApi, fakeArtifacts } from '../support/fake-actions-env.js';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FINDINGS_BYTES } from '../../src/publish/artifact.js';
import { createClient } from '../../src/github/client.js';
import type { Logger } from '../../src/logger.js';
import { downloadRunShards } from '../../src/modes/shards-read.js';
import { FAKE_TOKENS } from '../support/fake-github.js';
import { readZip } from '../support/fake-artifacts.js';
import { craftZip as zip } from '../support/craft-zip.js';
import { fakeScanner, outputArg } from '../support/fake-scanner.js';
import { runStep, type ActionStep } from '../support/action-step.js';

const PR = 7;
const BASE = 'd'.repeat(40);
const HEAD = 'e'.repeat(40);
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const PREFIX = 'security-scan-shard-';

const root = mkdtempSync(join(tmpdir(), 'shards-hostile-'));
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await closeFakes();
});

const bin = mkdtempSync(join(root, 'bin-'));
const data = mkdtempSync(join(root, 'data-'));
for (const f of ['trivy/image-alpine-39.json.golden', 'gitleaks/gitleaks-repo-json_simple.json']) {
  mkdirSync(dirname(join(data, f)), { recursive: true });
  copyFileSync(join(FIXTURES, f), join(data, f));
}
const TRIVY = fakeScanner(bin, 'trivy', `${outputArg('--output')}\ncp "${join(data, 'trivy/image-alpine-39.json.golden')}" "$out"`);
const GITLEAKS = fakeScanner(bin, 'gitleaks', `${outputArg('--report-path')}\ncp "${join(data, 'gitleaks/gitleaks-repo-json_simple.json')}" "$out"`);

const ws = join(root, 'ws');
mkdirSync(ws);
writeFileSync(join(ws, 'auth.py'), 'line containing secret\nline two\n');

function env(runner: string, job: string, event: 'pull_request' | 'workflow_dispatch', runId: number): Record<string, string> {
  const eventFile = join(runner, 'event.json');
  writeFileSync(eventFile, JSON.stringify(event === 'pull_request' ? { number: PR, pull_request: { number: PR, base: { sha: BASE, ref: 'main' }, head: { sha: HEAD, ref: 'feature' } } } : {}));
  return {
    GITHUB_WORKSPACE: ws,
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_REF: event === 'pull_request' ? `refs/pull/${PR}/merge` : 'refs/heads/main',
    GITHUB_API_URL: fakeApi.url,
    GITHUB_RUN_ID: String(runId),
    GITHUB_WORKFLOW: 'security',
    GITHUB_JOB: job,
    ACTIONS_RUNTIME_TOKEN: fakeArtifacts.token,
    ACTIONS_RESULTS_URL: `${fakeArtifacts.url}/`,
  };
}

interface Finding { fingerprint: string; ruleId: string; severity: string; title: string; sources: { scanner: string; ruleId: string; severity: string }[]; suppression?: unknown }
interface Doc {
  total: number;
  counts: Record<string, number>;
  decision: string;
  risk: string;
  findings: Finding[];
  suppressed: Finding[];
  scanners: { id: string; state: string; error?: string }[];
  notes: string[];
  gate: { decision: string; reasons: string[] };
  accounting: Record<string, number>;
}
interface Step extends ActionStep {
  doc: Doc | undefined;
  runner: string;
}

async function step(job: string, inputs: Record<string, string>, o: { event?: 'pull_request' | 'workflow_dispatch'; runId?: number } = {}): Promise<Step> {
  const runner = mkdtempSync(join(root, `runner-${job}-`));
  const outputDir = join(runner, 'reports');
  const s = await runStep(runner, env(runner, job, o.event ?? 'pull_request', o.runId ?? 4242), { 'output-dir': outputDir, 'github-token': FAKE_TOKENS.write, ...inputs });
  const file = join(outputDir, 'findings.json');
  return { ...s, doc: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Doc) : undefined, runner };
}

/** The real shard's files (findings.json, shard.json, sarif/…), as its artifact carried them. */
let good: Map<string, Buffer>;
let goodDoc: Doc;

function writeShard(dir: string, name: string, files: Map<string, Buffer | string>): string {
  const at = join(dir, `${PREFIX}${name}`);
  for (const [entry, content] of files) {
    mkdirSync(dirname(join(at, entry)), { recursive: true });
    writeFileSync(join(at, entry), content);
  }
  return at;
}
/** The real shard's files as shard `key` (its shard.json names `key`), with findings.json replaced by `doc` when given. */
function shardFiles(key: string, doc?: unknown): Map<string, Buffer | string> {
  const files = new Map<string, Buffer | string>(good);
  files.set('shard.json', JSON.stringify({ schema: 'security-scan/shard@1', key }));
  if (doc !== undefined) files.set('findings.json', typeof doc === 'string' ? doc : JSON.stringify(doc));
  return files;
}
const clone = (): Doc => JSON.parse(JSON.stringify(goodDoc)) as Doc;

/** A shards-dir in the workspace with the real shard as `good` and whatever `hostile` adds; returns its name. */
let dirs = 0;
function shardsDir(hostile: (dir: string) => void): string {
  const name = `shards-${++dirs}`;
  const dir = join(ws, name);
  mkdirSync(dir);
  writeShard(dir, 'good', shardFiles('good'));
  hostile(dir);
  return name;
}
const merge = (name: string, inputs: Record<string, string> = {}) =>
  step(`merge-${name}`, { mode: 'merge', 'shards-dir': name, 'expected-shards': 'good,evil', 'fail-on': 'high', 'comment-key': name, ...inputs });

const ours = () => fakeApi.comments(PR).filter((c) => c.login === 'github-actions[bot]');
const refusal = (s: Step, key: string) => (s.doc?.notes ?? []).find((n) => n.startsWith(`Shard "${key}" was refused:`));
/** The merge blocked, named the shard, and kept every finding of the real shard. */
function expectContained(s: Step, key: string, reason: RegExp) {
  expect(s.doc, s.stdout).toBeDefined();
  const note = refusal(s, key);
  expect(note, JSON.stringify(s.doc!.notes)).toMatch(reason);
  expect(s.doc!.gate.reasons).toContain(note);
  expect(s.outputs['decision']).toBe('BLOCK');
  expect(s.exitCode).toBe(1);
  expect(s.stdout).toContain(`::warning::Refused shard "${key}": `);
  expect(new Set(s.doc!.findings.map((f) => f.fingerprint))).toEqual(new Set(goodDoc.findings.map((f) => f.fingerprint)));
  expect(s.doc!.counts).toEqual(goodDoc.counts);
}


let nextArtifact = 20_000;
/** A workflow run in the fake API whose artifacts are these zips (stored in the fake artifact service). */
function runWithArtifacts(runId: number, artifacts: [string, Buffer][]): void {
  fakeApi.addWorkflowRun({
    id: runId,
    workflowFile: 'security.yml',
    headBranch: 'feature',
    headSha: HEAD,
    event: 'pull_request',
    status: 'in_progress',
    conclusion: null,
    artifacts: artifacts.map(([name, blob]) => ({ id: ++nextArtifact, name, sizeInBytes: blob.length, location: fakeArtifacts.downloadUrl(fakeArtifacts.addBlob(name, blob)) })),
  });
}

beforeAll(async () => {
  const leg = await step('shard-good', {
    mode: 'shard',
    'shard-key': 'good',
    scanners: 'trivy,gitleaks',
    'trivy-scan-type': 'image',
    images: 'alpine:3.9',
    'trivy-path': TRIVY,
    'gitleaks-path': GITLEAKS,
    'gitleaks-mode': 'dir',
    'install-scanners': 'false',
    baseline: 'none',
  });
  const a = fakeArtifacts.artifacts.find((x) => x.name === `${PREFIX}good`);
  if (!a?.blob) throw new Error(`the shard leg uploaded no artifact:\n${leg.stdout}`);
  good = readZip(a.blob);
  goodDoc = JSON.parse(good.get('findings.json')!.toString('utf8')) as Doc;
  expect(goodDoc.counts.critical).toBeGreaterThan(0);
}, 120_000);

describe('hostile shard artifacts in shards-dir', () => {
  it('findings.json that fails the report schema: refused, naming the shard and the problem', async () => {
    const doc = clone();
    (doc.findings[0] as unknown as Record<string, unknown>)['severity'] = 'urgent';
    const s = await merge(shardsDir((dir) => writeShard(dir, 'evil', shardFiles('evil', doc))));
    expectContained(s, 'evil', /its findings\.json is not a valid security-scan report: .*severity/);
    expect(s.summary).toContain('evil');
  }, 60_000);

  it('findings.json that is not JSON at all, or empty: refused', async () => {
    const s = await merge(shardsDir((dir) => writeShard(dir, 'evil', shardFiles('evil', '{"schema": "security-scan/findings@3", '))));
    expectContained(s, 'evil', /its findings\.json is not a valid security-scan report/);
  }, 60_000);

  it("a shard whose shard.json names another shard's key: refused; the real shard is counted once", async () => {
    const s = await merge(shardsDir((dir) => writeShard(dir, 'evil', shardFiles('good'))));
    expectContained(s, 'evil', /claims to be shard "good", not the shard its artifact is named for/);
  }, 60_000);

  it('symlinks: findings.json → /etc/passwd, shard.json → outside, the shard directory → a directory outside', async () => {
    const outside = mkdtempSync(join(root, 'outside-'));
    const elsewhere = writeShard(outside, 'evil3', shardFiles('evil3'));
    const s = await merge(
      shardsDir((dir) => {
        const a = writeShard(dir, 'evil', shardFiles('evil'));
        rmSync(join(a, 'findings.json'));
        symlinkSync('/etc/passwd', join(a, 'findings.json'));
        const b = writeShard(dir, 'evil2', shardFiles('evil2'));
        rmSync(join(b, 'shard.json'));
        writeFileSync(join(outside, 'shard.json'), JSON.stringify({ schema: 'security-scan/shard@1', key: 'evil2' }));
        symlinkSync(join(outside, 'shard.json'), join(b, 'shard.json'));
        symlinkSync(elsewhere, join(dir, `${PREFIX}evil3`));
      }),
      { 'expected-shards': 'good,evil,evil2,evil3' },
    );
    expectContained(s, 'evil', /its findings\.json is a symbolic link/);
    expect(refusal(s, 'evil2')).toMatch(/its shard\.json is a symbolic link/);
    expect(refusal(s, 'evil3')).toMatch(/its directory is a symbolic link/);
    expect(JSON.stringify(s.doc)).not.toContain('root:x:0:0');
    expect(s.stdout).not.toContain('root:x:0:0');
  }, 60_000);

  it('a findings.json larger than the read bound is refused unread (a sparse file: nothing is allocated)', async () => {
    const s = await merge(
      shardsDir((dir) => {
        const a = writeShard(dir, 'evil', shardFiles('evil'));
        truncateSync(join(a, 'findings.json'), MAX_FINDINGS_BYTES + 1);
        const b = writeShard(dir, 'evil2', shardFiles('evil2'));
        truncateSync(join(b, 'shard.json'), 512 * 1024 + 1);
      }),
      { 'expected-shards': 'good,evil,evil2' },
    );
    expectContained(s, 'evil', new RegExp(`its findings\\.json is ${(MAX_FINDINGS_BYTES + 1).toLocaleString('en-US')} bytes, more than the ${MAX_FINDINGS_BYTES.toLocaleString('en-US')} read`));
    expect(refusal(s, 'evil2')).toMatch(/its shard\.json is 524,289 bytes, more than the 524,288 read/);
  }, 60_000);

  it('a file, or a name that is no shard key, where a shard directory should be: refused, the others read', async () => {
    const s = await merge(
      shardsDir((dir) => {
        writeFileSync(join(dir, `${PREFIX}evil`), JSON.stringify(goodDoc));
        writeShard(dir, 'bad key!', shardFiles('bad key!'));
      }),
    );
    expectContained(s, 'evil', /it is not a directory/);
    expect(s.doc!.notes.some((n) => n.startsWith('Shard "security-scan-shard-bad key!" was refused: its artifact name is not a shard key'))).toBe(true);
  }, 60_000);

  it("a SARIF file of another tool in the shard: never uploaded; the merge's SARIF is rendered from findings.json", async () => {
    const evilRun = { tool: { driver: { name: 'Evil', rules: [] } }, automationDetails: { id: 'security-scan/trivy/' }, results: [{ ruleId: 'x', message: { text: 'forged' }, locations: [] }] };
    const before = fakeApi.uploads.length;
    const s = await merge(
      shardsDir((dir) => {
        const files = shardFiles('evil');
        files.set('sarif/trivy.sarif', JSON.stringify({ version: '2.1.0', runs: [evilRun, evilRun] }));
        files.set('sarif/evil.sarif', JSON.stringify({ version: '2.1.0', runs: [{ ...evilRun, automationDetails: { id: 'security-scan/evil/' } }] }));
        writeShard(dir, 'evil', files);
      }),
      { 'fail-on': 'none' },
    );
    expect(s.outputs['decision']).toBe('PROCEED');
    const runsUp = fakeApi.uploads.slice(before).flatMap((u) => (u.sarif as { runs: { tool: { driver: { name: string } }; automationDetails?: { id: string } }[] }).runs);
    expect(runsUp.map((r) => r.tool.driver.name).sort()).toEqual(['Gitleaks', 'Trivy']);
    expect(runsUp.map((r) => r.automationDetails?.id).sort()).toEqual(['security-scan/gitleaks/', 'security-scan/trivy/']);
    expect(JSON.stringify(fakeApi.uploads.slice(before).map((u) => u.sarif))).not.toContain('forged');
  }, 60_000);

  it("a shard that claims PROCEED, zero counts and no risk while it has criticals: the merge recomputes the gate", async () => {
    const doc = clone();
    Object.assign(doc, { decision: 'PROCEED', total: 0, risk: 'LOW', counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });
    doc.gate = { ...doc.gate, decision: 'PROCEED', reasons: [] };
    const name = `shards-${++dirs}`;
    writeShard(join(ws, name), 'evil', shardFiles('evil', doc));
    const s = await merge(name, { 'expected-shards': 'evil' });
    expect(s.doc, s.stdout).toBeDefined();
    expect(s.doc!.counts).toEqual(goodDoc.counts);
    expect(s.outputs['critical']).toBe(String(goodDoc.counts.critical));
    expect(s.outputs['decision']).toBe('BLOCK');
    expect(s.exitCode).toBe(1);
    expect(s.doc!.gate.reasons.join(' ')).toMatch(/at or above fail-on 'high'/);
  }, 60_000);

  it("a shard that moves its findings into `suppressed`: they count again (only this checkout's suppressions apply)", async () => {
    const doc = clone();
    doc.suppressed = doc.findings.map((f) => ({ ...f, suppression: { reason: 'nothing to see here', by: 'ignore-entry - .security-scan-ignore.yml' } }));
    doc.findings = [];
    Object.assign(doc, { decision: 'PROCEED', total: 0, counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });
    doc.gate = { ...doc.gate, decision: 'PROCEED', reasons: [] };
    const name = `shards-${++dirs}`;
    writeShard(join(ws, name), 'evil', shardFiles('evil', doc));
    const s = await merge(name, { 'expected-shards': 'evil' });
    expect(s.doc, s.stdout).toBeDefined();
    expect(s.doc!.suppressed).toEqual([]);
    expect(s.outputs['suppressed']).toBe('0');
    expect(s.doc!.counts).toEqual(goodDoc.counts);
    expect(s.outputs['decision']).toBe('BLOCK');
    expect(JSON.stringify(s.doc)).not.toContain('nothing to see here');
  }, 60_000);

  it("this checkout's ignore file applies to the shards' findings (a trusted push run reads the workspace's)", async () => {
    const rule = goodDoc.findings.find((f) => f.sources[0]!.scanner === 'gitleaks')!.ruleId;
    const name = `shards-${++dirs}`;
    writeShard(join(ws, name), 'evil', shardFiles('evil'));
    const ignore = join(ws, `ignore-${name}.yml`);
    writeFileSync(ignore, ['ignore:', `  - rule: ${rule}`, '    reason: a test fixture, tracked in SEC-1', '    expires: 2099-01-31', ''].join('\n'));
    const s = await step(`merge-${name}`, { mode: 'merge', 'shards-dir': name, 'expected-shards': 'evil', 'fail-on': 'none', 'ignore-file': `ignore-${name}.yml` }, { event: 'workflow_dispatch' });
    expect(s.doc, s.stdout).toBeDefined();
    expect(s.doc!.suppressed.map((f) => f.ruleId)).toEqual([rule]);
    expect(s.doc!.total).toBe(goodDoc.total - 1);
    expect(s.outputs['suppressed']).toBe('1');
  }, 60_000);

  it("an entry of this checkout's ignore file that has expired suppresses nothing in the merge", async () => {
    const rule = goodDoc.findings.find((f) => f.sources[0]!.scanner === 'gitleaks')!.ruleId;
    const name = `shards-${++dirs}`;
    writeShard(join(ws, name), 'evil', shardFiles('evil'));
    writeFileSync(join(ws, `ignore-${name}.yml`), ['ignore:', `  - rule: ${rule}`, '    reason: a test fixture, tracked in SEC-1', '    expires: 2020-01-31', ''].join('\n'));
    const s = await step(`merge-${name}`, { mode: 'merge', 'shards-dir': name, 'expected-shards': 'evil', 'fail-on': 'none', 'ignore-file': `ignore-${name}.yml` }, { event: 'workflow_dispatch' });
    expect(s.doc, s.stdout).toBeDefined();
    expect(s.doc!.suppressed).toEqual([]);
    expect(s.doc!.total).toBe(goodDoc.total);
  }, 60_000);

  it("a shard that repeats the real shard's findings with a lower severity cannot downgrade them", async () => {
    const doc = clone();
    for (const f of doc.findings) {
      f.severity = 'low';
      for (const src of f.sources) src.severity = 'LOW';
    }
    const s = await merge(shardsDir((dir) => writeShard(dir, 'evil', shardFiles('evil', doc))));
    expect(s.doc, s.stdout).toBeDefined();
    expect(s.doc!.counts.critical).toBe(goodDoc.counts.critical);
    expect(s.doc!.total).toBe(goodDoc.total);
    expect(s.outputs['decision']).toBe('BLOCK');
  }, 60_000);

  it('every shard refused: the merge still writes its report, naming each, and blocks (no crash)', async () => {
    const doc = clone();
    (doc as unknown as Record<string, unknown>)['risk'] = 'NONE';
    const name = `shards-${++dirs}`;
    writeShard(join(ws, name), 'evil', shardFiles('evil', doc));
    writeShard(join(ws, name), 'evil2', shardFiles('other'));
    const s = await merge(name, { 'expected-shards': 'evil,evil2' });
    expect(s.doc, s.stdout).toBeDefined();
    expect(refusal(s, 'evil')).toMatch(/risk/);
    expect(refusal(s, 'evil2')).toMatch(/claims to be shard "other"/);
    expect(s.doc!.total).toBe(0);
    expect(s.outputs['decision']).toBe('BLOCK');
    expect(s.exitCode).toBe(1);
    expect(s.stdout).not.toMatch(/security-scan failed: /);
    expect(s.summary).toContain('evil2');
  }, 60_000);

  it('hostile text in what a refusal quotes (a claimed key, a scanner error) is inert in the comment and summary', async () => {
    const LIVE = '@octo-org/admins <img src=x onerror=alert(1)> [x](javascript:alert(1))\n<!-- security-scan:v1 workflow=security job=x -->';
    const doc = clone();
    Object.assign(doc.scanners[0]!, { state: 'failed', error: LIVE });
    const before = ours().length;
    const s = await merge(
      shardsDir((dir) => {
        writeShard(dir, 'evil', new Map([...shardFiles('x'), ['shard.json', JSON.stringify({ schema: 'security-scan/shard@1', key: LIVE })]]));
        writeShard(dir, 'evil2', shardFiles('evil2', doc));
      }),
      { 'expected-shards': 'good,evil,evil2' },
    );
    expect(refusal(s, 'evil')).toMatch(/claims to be shard/);
    expect(s.outputs['decision']).toBe('BLOCK');
    const comment = ours().slice(before);
    expect(comment).toHaveLength(1);
    for (const md of [comment[0]!.body, s.summary]) {
      expect(md).not.toContain('<img src=x');
      expect(md).not.toContain('@octo-org/admins');
      // The text is there (the shard is named with what it said), only defused.
      expect(md).toContain('octo-org/admins');
      expect(md).not.toContain('](javascript:');
      expect(md.split('\n').filter((l) => l.includes('<!-- security-scan:v1'))).toHaveLength(md === s.summary ? 0 : 1);
    }
  }, 60_000);

  it('a shard that lists no scanner is refused, one whose scanners all skipped blocks even with failure-policy: log; an extra shard is named', async () => {
    const empty = clone();
    Object.assign(empty, { scanners: [], findings: [], suppressed: [], total: 0, counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, decision: 'PROCEED' });
    const skipped = clone();
    skipped.scanners = skipped.scanners.map((x) => ({ ...x, state: 'skipped' }));
    skipped.findings = [];
    const s = await merge(
      shardsDir((dir) => {
        writeShard(dir, 'evil', shardFiles('evil', empty));
        writeShard(dir, 'evil2', shardFiles('evil2', skipped));
        writeShard(dir, 'extra', shardFiles('extra'));
      }),
      { 'expected-shards': 'good,evil,evil2', 'fail-on': 'none', 'failure-policy': 'log' },
    );
    expect(s.doc, s.stdout).toBeDefined();
    expect(s.doc!.gate.reasons).toEqual([
      'Shard "evil" was refused: its findings.json is not a valid security-scan report: scanners: Too small: expected array to have >=1 items; its findings are not in this report — re-run that leg.',
      'Shard "evil2": no scanner produced a result (trivy skipped, gitleaks skipped), so what that leg should have scanned was not scanned — re-run that leg.',
    ]);
    expect(s.doc!.notes).toContain('Shard extra is not in expected-shards; merged anyway.');
    expect(s.outputs['decision']).toBe('BLOCK');
    expect(s.exitCode).toBe(1);
  }, 60_000);

  it("a shard's findings with paths outside the repository: the uploaded SARIF names only repository-relative files", async () => {
    const doc = clone();
    const leak = doc.findings.find((f) => f.sources[0]!.scanner === 'gitleaks')!;
    const evilPaths = ['/etc/passwd', '../../outside.txt', 'https://evil.example/x', 'a/../../../b.txt'];
    doc.findings = [...doc.findings, ...evilPaths.map((path, i) => ({ ...leak, fingerprint: `evil-path-${i}`, location: { path, startLine: 1 } }))];
    const before = fakeApi.uploads.length;
    const s = await merge(shardsDir((dir) => writeShard(dir, 'evil', shardFiles('evil', doc))), { 'fail-on': 'none' });
    expect(s.doc, s.stdout).toBeDefined();
    const uris = JSON.stringify(fakeApi.uploads.slice(before).map((u) => u.sarif)).match(/"uri":"[^"]*"/g) ?? [];
    // The hostile findings are there (their paths made relative), not dropped.
    expect(uris).toContain('"uri":"etc/passwd"');
    for (const u of uris) {
      const uri = JSON.parse(u.slice(6)) as string;
      expect(uri, uri).not.toMatch(/^\/|^[a-z][a-z0-9+.-]*:|(^|\/)\.\.(\/|$)/i);
    }
  }, 60_000);

  it('a shard naming a scanner this action does not have: refused', async () => {
    const doc = clone();
    doc.scanners[0]!.id = 'evilscan';
    for (const f of doc.findings) if (f.sources[0]!.scanner === goodDoc.scanners[0]!.id) for (const src of f.sources) src.scanner = 'evilscan';
    const s = await merge(shardsDir((dir) => writeShard(dir, 'evil', shardFiles('evil', doc))));
    expectContained(s, 'evil', /names scanner "evilscan", which this action does not have/);
  }, 60_000);
});

describe('shards-dir itself', () => {
  it('outside the workspace and RUNNER_TEMP (directly or through a symlink): a configuration error naming the input', async () => {
    const outside = mkdtempSync(join(root, 'elsewhere-'));
    writeShard(outside, 'good', shardFiles('good'));
    symlinkSync(outside, join(ws, 'shards-link'));
    for (const value of [outside, 'shards-link']) {
      const s = await step('merge-outside', { mode: 'merge', 'shards-dir': value, 'fail-on': 'none' });
      expect(s.exitCode).toBe(1);
      expect(s.outputs['decision']).toBe('BLOCK');
      expect(s.stdout).toContain(`::error::Configuration error: Input 'shards-dir' is '${value}', which leads outside the workspace and RUNNER_TEMP`);
    }
    const missing = await step('merge-missing', { mode: 'merge', 'shards-dir': 'no-such-dir', 'fail-on': 'none' });
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain("Input 'shards-dir' is 'no-such-dir', but");
    expect(missing.stdout).toContain('actions/download-artifact with pattern: security-scan-shard-*');
  }, 60_000);
});

describe('hostile shard artifacts downloaded from the run (shards-dir empty)', () => {
  it('two artifacts claiming the same key: neither is trusted, the key is named, the merge blocks', async () => {
    const doc = clone();
    doc.findings = [];
    const realZip = zip([...shardFiles('dup')].map(([k, v]) => [k, v] as [string, Buffer | string]));
    const forged = zip([...shardFiles('dup', doc)].map(([k, v]) => [k, v] as [string, Buffer | string]));
    const goodZip = zip([...shardFiles('good')].map(([k, v]) => [k, v] as [string, Buffer | string]));
    runWithArtifacts(5001, [[`${PREFIX}good`, goodZip], [`${PREFIX}dup`, realZip], [`${PREFIX}dup`, forged]]);
    const s = await step('merge-dup', { mode: 'merge', 'expected-shards': 'good,dup', 'fail-on': 'high' }, { runId: 5001 });
    expect(s.doc, s.stdout).toBeDefined();
    expect(refusal(s, 'dup')).toMatch(/there twice/);
    expect(s.doc!.notes).toContain('Merged from 1 shard: good.');
    expect(s.exitCode).toBe(1);
    expect(s.doc!.counts).toEqual(goodDoc.counts);
  }, 60_000);

  it('zip-slip: entries with ../ and absolute paths stay inside the download directory', async () => {
    const marker = `escaped-${Date.now()}`;
    const entries: [string, Buffer | string][] = [
      ...[...shardFiles('evil')].map(([k, v]) => [k, v] as [string, Buffer | string]),
      [`../../../../../../../../tmp/${marker}.txt`, 'slipped'],
      [`../${marker}-up.txt`, 'slipped'],
      [`/tmp/${marker}-abs.txt`, 'slipped'],
    ];
    runWithArtifacts(5002, [[`${PREFIX}good`, zip([...shardFiles('good')].map(([k, v]) => [k, v] as [string, Buffer | string]))], [`${PREFIX}evil`, zip(entries)]]);
    const s = await step('merge-slip', { mode: 'merge', 'expected-shards': 'good,evil', 'fail-on': 'none' }, { runId: 5002 });
    expect(s.doc, s.stdout).toBeDefined();
    expect(existsSync(`/tmp/${marker}.txt`)).toBe(false);
    expect(existsSync(`/tmp/${marker}-abs.txt`)).toBe(false);
    // Only shard.json and findings.json are taken out of a shard zip: the stray entries are not written anywhere.
    expect(readdirSync(s.runner, { recursive: true }).map(String).filter((p) => p.includes(marker))).toEqual([]);
    expect(readdirSync(dirname(s.runner)).filter((n) => n.includes(marker))).toEqual([]);
    // The shard's own files were read; the stray entries were never looked at.
    expect(s.doc!.notes).toContain('Merged from 2 shards: evil, good.');
    expect(s.outputs['decision']).toBe('PROCEED');
  }, 60_000);

  it('an artifact whose download fails: named, the others merged, the merge blocks', async () => {
    fakeApi.addWorkflowRun({
      id: 5003,
      workflowFile: 'security.yml',
      headBranch: 'feature',
      headSha: HEAD,
      event: 'pull_request',
      artifacts: [
        { id: ++nextArtifact, name: `${PREFIX}good`, location: fakeArtifacts.downloadUrl(fakeArtifacts.addBlob(`${PREFIX}good`, zip([...shardFiles('good')].map(([k, v]) => [k, v] as [string, Buffer | string])))) },
        { id: ++nextArtifact, name: `${PREFIX}evil`, location: `${fakeArtifacts.url}/blob/999999?sig=fake-signature` },
      ],
    });
    const s = await step('merge-fail', { mode: 'merge', 'expected-shards': 'good,evil', 'fail-on': 'none' }, { runId: 5003 });
    expectContained(s, 'evil', /its artifact could not be downloaded/);
  }, 120_000);
});

describe('zip bombs in downloaded shard artifacts (downloadRunShards with a 1 MiB bound, the real artifact client)', () => {
  it('an entry that inflates past the bound — whatever its header claims — is refused; other entries are never inflated', async () => {
    const MiB = 1024 * 1024;
    const bomb = Buffer.alloc(2 * MiB, 0x20);
    const files = (key: string) => [...shardFiles(key)].map(([k, v]) => [k, v] as [string, Buffer | string]);
    runWithArtifacts(5010, [
      [`${PREFIX}good`, zip(files('good'))],
      // findings.json whose header claims 100 bytes but inflates to 2 MiB.
      [`${PREFIX}liar`, zip([...files('liar').filter(([k]) => k !== 'findings.json'), ['findings.json', bomb, { deflate: true, claimSize: 100 }]])],
      // findings.json whose header says 2 MiB: refused before inflating.
      [`${PREFIX}honest`, zip([...files('honest').filter(([k]) => k !== 'findings.json'), ['findings.json', bomb, { deflate: true }]])],
      // A 64 MiB SARIF entry (64 KiB deflated) beside a valid shard: never inflated, never written.
      [`${PREFIX}sarifbomb`, zip([...files('sarifbomb'), ['sarif/huge.sarif', Buffer.alloc(64 * MiB), { deflate: true }]])],
    ]);
    const temp = mkdtempSync(join(root, 'bomb-'));
    const logged: string[] = [];
    const logger: Logger = { debug: () => {}, info: (m) => logged.push(m), warning: (m) => logged.push(m), error: (m) => logged.push(m), group: (_n, fn) => fn() };
    const read = await downloadRunShards({
      client: createClient(FAKE_TOKENS.write, { baseUrl: fakeApi.url, logger, userAgent: 'test' }),
      token: FAKE_TOKENS.write,
      owner: 'octo-org',
      repo: 'octo-repo',
      runId: 5010,
      tempRoot: temp,
      logger,
      limits: { maxFindingsBytes: MiB },
    });
    expect(read.shards.map((x) => x.key).sort()).toEqual(['good', 'sarifbomb']);
    const why = Object.fromEntries(read.refused.map((r) => [r.shard, r.reason]));
    expect(why['"liar"']).toBe('its findings.json inflates to more than the 1,048,576 bytes read');
    expect(why['"honest"']).toBe('its findings.json is 2,097,152 bytes, more than the 1,048,576 read');
    expect(read.refused).toHaveLength(2);
    const written = readdirSync(temp, { recursive: true }).map(String).filter((f) => statSync(join(temp, f)).isFile());
    expect(written.filter((f) => statSync(join(temp, f)).size > MiB)).toEqual([]);
    expect(written.some((f) => f.includes('huge.sarif'))).toBe(false);
  }, 120_000);
});
