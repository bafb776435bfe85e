// `mode: publish` through the bundled dist/index.js against the GitHub API imitation, with a hostile artifact: what a
// fork's pull request run could upload. Nothing hostile may reach GitHub (asserted on the request bodies the fake
// recorded), and everything refused is named in the log.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { missingScanners, root } from '../../scripts/local-scanners.mjs';
import { runActionAsync } from '../../scripts/run-action.mjs';
import { commentMarker } from '../../src/github/comment.js';
import { renderJson } from '../../src/report/json.js';
import { renderReport } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { Finding } from '../../src/findings/model.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub, type FakePull } from '../support/fake-github.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';
import { toolGate } from '../support/tools.js';

const gate = toolGate(
  [...(existsSync(join(root, 'dist', 'index.js')) ? [] : ['dist/index.js is not built (npm run build)']), ...missingScanners(['node24'])],
  'the publish-mode e2e tests',
);

const PR = 12;
const WRONG_PR = 7; // what the artifact's pr-number file says
const HEAD = 'd'.repeat(40);
const BASE = 'b'.repeat(40);
const SCAN_RUN = 555;
const REPO = 'octo-org/octo-repo';
const FORK = 'mallory/octo-repo';
/** The marker of the comment this publish step writes: a finding carrying it must not be able to forge one. */
const MARKER = commentMarker('security-publish', 'publish');
const LIVE = `<img src=x onerror=alert(1)> [click me](javascript:alert(1)) @octo-org/admins https://evil.example/pwn <details open><summary>x</summary>`;
const CANARY = 'FORGED-SUMMARY-CANARY';

const PULLS: Record<number, FakePull> = {
  [PR]: { headSha: HEAD, headRef: 'feature', baseSha: BASE, baseRef: 'main', headRepo: FORK },
  [WRONG_PR]: { headSha: 'e'.repeat(40), headRef: 'other', baseSha: BASE, baseRef: 'main' },
  // Closed, with the same head: never the one published to.
  9: { headSha: HEAD, headRef: 'feature', baseSha: BASE, baseRef: 'main', headRepo: FORK, state: 'closed' },
};

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(pulls: Record<number, FakePull> = PULLS) {
  fake = await startFakeGitHub({ pendingPolls: 0, pulls });
  return fake;
}

/** The findings a hostile run reports: many critical ones with live markup and a forged marker in their text. */
function hostileFindings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) =>
    makeFinding(
      {
        severity: i % 5 === 0 ? 'high' : 'critical',
        title: `${MARKER}\nHostile finding ${i} ${LIVE} and some more words to make every row long enough`,
        description: `${MARKER} ${LIVE}`,
        location: { path: `src/module-${i % 40}/file-${i}.ts`, startLine: i + 1 },
        sources: [{ scanner: i % 3 === 0 ? 'gitleaks' : 'trivy', ruleId: `RULE-${i}`, severity: 'CRITICAL' }],
      },
      i,
    ),
  );
}

interface Artifact {
  dir: string;
  workspace: string;
  eventPath: string;
  fullMarkdownLength: number;
  expected: { critical: number; total: number };
}

const run = (overrides: Record<string, unknown>) => ({ tool: { driver: { name: 'Evil', rules: [] } }, automationDetails: { id: 'security-scan/evil/' }, results: [], ...overrides });
const sarifLog = (...runs: unknown[]) => JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs });
const resultAt = (uri: string) => ({
  ruleId: 'X',
  message: { text: 'x' },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }],
  partialFingerprints: { primaryLocationLineHash: 'abc:1' },
});

/** The artifact a fork's run could leave: a tampered findings.json, forged summary.md and pr-number, bad SARIF. */
function hostileArtifact(options: { workflowRun?: Record<string, unknown>; findingsJson?: string } = {}): Artifact {
  const base = mkdtempSync(join(tmpdir(), 'publish-e2e-'));
  const workspace = join(base, 'ws');
  const dir = join(workspace, 'reports');
  mkdirSync(join(dir, 'sarif'), { recursive: true });

  const findings = hostileFindings(2_500);
  const lead = (id: string) => findings.filter((f) => f.sources[0]!.scanner === id).length;
  const statuses = [
    makeStatus({ id: 'trivy', displayName: 'Trivy', version: '0.75.0 <blink>bold</blink>', rawCount: lead('trivy') }),
    makeStatus({ id: 'gitleaks', displayName: 'Gitleaks @octo-org/admins', rawCount: lead('gitleaks') }),
  ];
  const report = makeReport(findings, statuses, {
    context: { serverUrl: 'javascript:alert(1)//', repository: 'evil/repo', sha: 'f'.repeat(40), runId: '1', pullRequest: WRONG_PR, workflow: 'security-publish', job: 'publish' },
  });
  const doc = JSON.parse(renderJson(report, { generatedAt: '2026-05-01T00:00:00.000Z', tool: { name: 'security-scan', version: '0.1.0' } })) as Record<string, unknown>;
  // The forgery: the decision, risk and counts say all is well while the findings are critical.
  Object.assign(doc, { decision: 'PROCEED', risk: 'LOW', total: 0, counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });
  Object.assign(doc['gate'] as object, { decision: 'PROCEED', reasons: [], failOn: 'none' });
  writeFileSync(join(dir, 'findings.json'), options.findingsJson ?? JSON.stringify(doc));
  writeFileSync(join(dir, 'summary.md'), `${MARKER}\n### ✅ PROCEED · Security scan\n\n${CANARY} ${LIVE}\n`);
  writeFileSync(join(dir, 'pr-number'), `${WRONG_PR}\n`);

  // Two good files (renderSarif, as a scan run writes them) and every way a file can be refused.
  for (const s of statuses) {
    writeFileSync(join(dir, 'sarif', `${s.id}.sarif`), renderSarif({ id: s.id, displayName: s.id === 'trivy' ? 'Trivy' : 'Gitleaks', informationUri: 'https://example.org/tool', version: '1' }, report.findings, { categoryPrefix: 'security-scan' }).text);
  }
  writeFileSync(join(dir, 'sarif', 'escape.sarif'), sarifLog(run({ tool: { driver: { name: 'Escape' } }, automationDetails: { id: 'security-scan/escape/' }, results: [resultAt('src/ok.ts'), resultAt('../../etc/passwd')] })));
  writeFileSync(join(dir, 'sarif', 'file-uri.sarif'), sarifLog(run({ tool: { driver: { name: 'FileUri' } }, automationDetails: { id: 'security-scan/fileuri/' }, results: [resultAt('file:///etc/passwd')] })));
  writeFileSync(
    join(dir, 'sarif', 'base-id.sarif'),
    sarifLog(run({ tool: { driver: { name: 'BaseId' } }, automationDetails: { id: 'security-scan/baseid/' }, originalUriBaseIds: { ROOT: { uri: 'file:///etc/' } }, results: [resultAt('passwd')] })),
  );
  writeFileSync(join(dir, 'sarif', 'category.sarif'), sarifLog(run({ tool: { driver: { name: 'Category' } }, automationDetails: { id: 'someone-else/trivy/' } })));
  writeFileSync(join(dir, 'sarif', 'zz-duplicate.sarif'), sarifLog(run({ tool: { driver: { name: 'Duplicate' } }, automationDetails: { id: 'security-scan/trivy/' } })));
  symlinkSync('/etc/passwd', join(dir, 'sarif', 'link.sarif'));

  const eventPath = join(base, 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({
      action: 'completed',
      workflow_run: {
        id: SCAN_RUN,
        run_attempt: 1,
        name: 'security-scan',
        event: 'pull_request',
        head_sha: HEAD,
        head_branch: 'feature',
        head_repository: { full_name: FORK, owner: { login: 'mallory' } },
        // Empty for pull requests from forks.
        pull_requests: [],
        conclusion: 'failure',
        ...options.workflowRun,
      },
    }),
  );
  const critical = findings.filter((f) => f.severity === 'critical').length;
  return { dir, workspace, eventPath, fullMarkdownLength: renderReport(report, { maxChars: Number.POSITIVE_INFINITY }).length, expected: { critical, total: findings.length } };
}

function publishEnv(f: FakeGitHub, a: Artifact): Record<string, string> {
  return {
    GITHUB_EVENT_NAME: 'workflow_run',
    GITHUB_EVENT_PATH: a.eventPath,
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: f.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: BASE,
    GITHUB_RUN_ID: '9001',
    GITHUB_WORKFLOW: 'security-publish',
    GITHUB_JOB: 'publish',
  };
}

const INPUTS = { mode: 'publish', 'report-dir': 'reports', 'github-token': FAKE_TOKENS.write };

/** Every `uri` in a SARIF document. */
function urisOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => urisOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'uri') out.push(String(v));
      urisOf(v, out);
    }
  }
  return out;
}

const writes = (f: FakeGitHub) => f.requests.filter((r) => r.method !== 'GET');

describe.skipIf(gate.skip)('dist/index.js in mode: publish with a hostile artifact from a fork', () => {
  beforeAll(gate.assertAvailable);

  it('publishes only what it rebuilt and checked: nothing hostile reaches GitHub, and every refusal is named', async () => {
    const f = await start();
    const a = hostileArtifact();
    expect(a.fullMarkdownLength).toBeGreaterThan(65_536); // the report is too long for one comment
    // The publish job checked out the base branch (a git repository whose HEAD is not the pull request's head).
    const git = (...args: string[]) => execFileSync('git', args, { cwd: a.workspace, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim();
    git('init', '-q');
    writeFileSync(join(a.workspace, 'README.md'), 'base\n');
    git('add', 'README.md');
    git('commit', '-q', '-m', 'base');
    expect(git('rev-parse', 'HEAD')).not.toBe(HEAD);
    const r = await runActionAsync({ workspace: a.workspace, inputs: INPUTS, env: publishEnv(f, a) });
    const log = r.stdout;

    // The publish step succeeds (the scan run gated); the decision is recomputed from the findings, not the artifact's.
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.outputs.decision).toBe('BLOCK');
    expect(r.outputs.risk).toBe('CRITICAL');
    expect(r.outputs.critical).toBe(String(a.expected.critical));
    expect(r.outputs.total).toBe(String(a.expected.total));
    expect(log).toContain('findings.json says decision PROCEED; its findings and scanner states give BLOCK.');
    expect(log).toContain('findings.json says risk LOW; its findings and scanner states give CRITICAL.');

    // The pull request comes from the API (open, head = the run's head commit), not from the artifact's pr-number.
    expect(f.requests.some((q) => q.operationId === 'pulls/list' && q.query.state === 'open' && q.query.head === 'mallory:feature')).toBe(true);
    expect(f.requests.some((q) => q.path.includes(`/issues/${WRONG_PR}/`) || q.path.includes('/issues/9/'))).toBe(false);
    expect(f.comments(WRONG_PR)).toEqual([]);
    expect(f.comments(9)).toEqual([]);
    const posted = writes(f).filter((q) => q.operationId === 'issues/create-comment');
    expect(posted.map((q) => q.path)).toEqual([`/repos/${REPO}/issues/${PR}/comments`]);

    // The comment: our marker once, on the first line; every hostile string escaped; within GitHub's limit.
    const body = (posted[0]!.body as { body: string }).body;
    expect(f.comments(PR).map((c) => c.body)).toEqual([body]);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(body.split(MARKER)).toHaveLength(2);
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body).toContain('&lt;!-- security-scan:v1'); // the forged marker, as inert text
    expect(body).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    // Outside code spans (where GitHub renders nothing live), no hostile markup is left.
    const prose = body.replace(/(`+)[^`][\s\S]*?\1/g, '');
    for (const live of ['<img', '<blink', '<summary>x', '](javascript:', '@octo-org', 'https://evil', 'evil.example', 'javascript:']) expect(prose, live).not.toContain(live);
    expect(body).toContain('`0.75.0 <blink>bold</blink>`'); // a version, shown as code
    expect(body).toMatch(/^### ❌ BLOCK · Security scan$/m);
    expect(body).not.toContain('PROCEED ·');
    expect(body).toContain('not listed** to stay within GitHub’s size limit');
    expect(body).toContain('The scan run’s findings.json said **PROCEED**');
    // Links are ours: the base repository at the PR head, the scan run; never the artifact's context.
    expect(body).toContain(`https://github.com/${REPO}/blob/${HEAD}/src/`);
    expect(body).toContain(`https://github.com/${REPO}/actions/runs/${SCAN_RUN}`);
    expect(body).not.toContain('evil/repo');
    expect(body).not.toContain('f'.repeat(40));
    // summary.md of the artifact is never posted, nor written to the job summary.
    for (const text of [body, r.summary, JSON.stringify(f.requests)]) expect(text).not.toContain(CANARY);
    expect(r.summary).toContain('BLOCK');

    // Code scanning: the two good files, at the PR head; nothing refused was uploaded.
    const tools = f.uploads.flatMap((u) => (u.sarif as { runs: { tool: { driver: { name: string } } }[] }).runs.map((x) => x.tool.driver.name)).sort();
    expect(tools).toEqual(['Gitleaks', 'Trivy']);
    for (const u of f.uploads) {
      expect(u.ref).toBe(`refs/pull/${PR}/head`);
      expect(u.commit_sha).toBe(HEAD);
      for (const uri of urisOf(u.sarif)) expect(uri).toMatch(/^(?!\.\.?\/)[A-Za-z0-9%._-]+(\/(?!\.\.?(\/|$))[A-Za-z0-9%._-]+)*$/);
    }
    const uploaded = JSON.stringify(f.uploads.map((u) => u.sarif));
    for (const bad of ['etc/passwd', 'file:', 'someone-else/', 'Escape', 'Duplicate']) expect(uploaded, bad).not.toContain(bad);
    expect(r.outputs['sarif-ids']!.split(',')).toHaveLength(f.uploads.length);

    // What was refused or ignored is named in the log, with the reason.
    const refused = (file: string, why: string) => new RegExp(`::warning::Refused SARIF "sarif/${file.replace('.', '\\.')}" of the artifact, not uploaded: .*${why}`);
    expect(log).toMatch(refused('escape.sarif', "runs\\[0\\]\\.results\\[1\\]\\.locations\\[0\\]\\.physicalLocation\\.artifactLocation\\.uri \"\\.\\./\\.\\./etc/passwd\" has a '\\.' or '\\.\\.' segment"));
    expect(log).toMatch(refused('file-uri.sarif', 'uri "file:///etc/passwd" has a scheme'));
    expect(log).toMatch(refused('base-id.sarif', 'originalUriBaseIds\\.ROOT\\.uri "file:///etc/" has a scheme'));
    expect(log).toMatch(refused('category.sarif', "\"someone-else/trivy/\", not a category under 'security-scan/'"));
    expect(log).toMatch(refused('zz-duplicate.sarif', 'repeats the category of another run'));
    expect(log).toMatch(refused('link.sarif', 'is a symbolic link'));
    expect(log).toMatch(/Never read from the artifact .*"pr-number".*"summary\.md"|Never read from the artifact .*"summary\.md".*"pr-number"/);
    expect(log).toContain(`The scan run belongs to pull request #${PR} (head "${FORK}"), found through the GitHub API.`);
    // No annotations (they would land on the publish run's commit, not the pull request) and no artifact re-upload.
    expect(log).not.toMatch(/^::(error|warning|notice) [^:\n]*file=/m);
    expect(log).not.toContain('Publish: report artifact');
    expect(log).not.toContain('Publish: annotations');
    // The comment says which files were refused (names in code spans, reasons in our words).
    expect(body).toContain('6 SARIF files of the scan run were refused and not uploaded to code scanning');
    expect(body).toContain('`escape.sarif` (an artifact URI outside the repository)');

    expect(f.violations).toEqual([]);
  }, 120_000);

  it.each([
    ['a push run', { workflowRun: { event: 'push' } }, PULLS, /publish refused: the scan run 555 ran on "push", not on 'pull_request'/],
    ['a head commit no open pull request has (closed, or new commits since)', { workflowRun: { head_sha: 'a'.repeat(40) } }, PULLS, /publish refused: no open pull request of octo-org\/octo-repo has the scan run's head commit a{40}/],
    ['two open pull requests with that head', {}, { ...PULLS, 13: { ...PULLS[PR]!, baseRef: 'release' } }, /publish refused: several open pull requests \(#13, #12\) have the scan run's head commit/],
    [
      'a findings.json that is not a valid report',
      { findingsJson: JSON.stringify({ ...JSON.parse(renderJson(makeReport([makeFinding({ severity: 'high' })]), { generatedAt: '2026-05-01T00:00:00.000Z', tool: { name: 't', version: '1' } })), findings: [{ ...makeFinding(), severity: 'urgent' as 'high' }] }) },
      PULLS,
      /findings\.json of the artifact is not a valid security-scan report; nothing was published:%0A- findings\[0\]\.severity: Invalid option/,
    ],
  ] as const)('refuses %s: the step fails and nothing is written to GitHub', async (_name, options, pulls, message) => {
    const f = await start(pulls as Record<number, FakePull>);
    const a = hostileArtifact(options as Parameters<typeof hostileArtifact>[0]);
    const r = await runActionAsync({ workspace: a.workspace, inputs: INPUTS, env: publishEnv(f, a) });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(message);
    expect(r.outputs.decision).toBe('BLOCK');
    expect(writes(f)).toEqual([]);
    expect(f.uploads).toEqual([]);
    expect(f.violations).toEqual([]);
  }, 60_000);
});
