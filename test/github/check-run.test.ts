import { getOctokit } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { readRunEnvironment } from '../../src/github/context.js';
import { ANNOTATIONS_PER_REQUEST, CHECK_LIMITS, MAX_ANNOTATIONS, checkRunSink, publishCheckRun, selectAnnotations } from '../../src/github/check-run.js';
import type { Finding } from '../../src/findings/model.js';
import { recordingLogger } from '../../src/logger.js';
import { runSinks } from '../../src/sinks.js';
import type { WrittenReports } from '../../src/report/write.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { CONTEXT, makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

const HEAD = 'c'.repeat(40);
const MERGE = 'd'.repeat(40);
const PR = 7;

function findingsIn(path: string, n: number, from = 0): Finding[] {
  return Array.from({ length: n }, (_, i) => makeFinding({ severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[(from + i) % 5], location: { path, startLine: i + 1 } }, from + i));
}

describe('check run against the fake GitHub API', () => {
  let fake: FakeGitHub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function setup(token: string = FAKE_TOKENS.write) {
    fake = await startFakeGitHub({ pulls: { [PR]: { headSha: HEAD, headRef: 'feature', baseSha: 'b'.repeat(40), baseRef: 'main' } } });
    return { fake, client: getOctokit(token, { baseUrl: fake.url }), owner: fake.repository.owner, repo: fake.repository.name };
  }

  it('120 findings in changed files: created, then 3 updates of ≤50 annotations; the last completes it with the gate (failure)', async () => {
    const { fake, client, owner, repo } = await setup();
    const changed = [...findingsIn('src/a.ts', 70), ...findingsIn('src/b.ts', 50, 70)];
    const elsewhere = [...findingsIn('src/untouched.ts', 30, 200), makeFinding({ severity: 'critical', location: { target: 'app:latest' } }, 400)];
    const report = makeReport([...changed, ...elsewhere], [makeStatus({ id: 'trivy' })]);
    expect(report.gate.decision).toBe('BLOCK');
    const logger = recordingLogger();
    const r = await publishCheckRun({ client, owner, repo, headSha: HEAD, report, changedPaths: new Set(['src/a.ts', 'src/b.ts']), startedAt: new Date(), logger });

    expect(fake.violations).toEqual([]);
    expect(r).toMatchObject({ annotations: 120, requests: 4, conclusion: 'failure' });
    const calls = fake.requests.filter((q) => q.operationId?.startsWith('checks/'));
    expect(calls.map((q) => `${q.operationId} ${q.status}`)).toEqual(['checks/create 201', 'checks/update 200', 'checks/update 200', 'checks/update 200']);
    const [run] = fake.checks.runs;
    expect(run).toMatchObject({ name: 'security-scan', head_sha: HEAD, status: 'completed', conclusion: 'failure' });
    expect(run!.batches).toEqual([0, 50, 50, 20]);
    expect(run!.batches.every((b) => b <= ANNOTATIONS_PER_REQUEST)).toBe(true);
    expect(new Set(run!.annotations.map((a) => a.path))).toEqual(new Set(['src/a.ts', 'src/b.ts']));
    // Most severe first, level from severity.
    expect(run!.annotations[0]).toMatchObject({ annotation_level: 'failure' });
    expect(run!.annotations.filter((a) => a.annotation_level === 'failure')).toHaveLength(48);
    expect(run!.annotations.filter((a) => a.annotation_level === 'warning')).toHaveLength(24);
    expect(run!.annotations.filter((a) => a.annotation_level === 'notice')).toHaveLength(48);
    // Only the completing request carries the conclusion.
    expect(calls.map((q) => (q.body as { conclusion?: string }).conclusion)).toEqual([undefined, undefined, undefined, 'failure']);
    expect(run!.summary).toContain('120 findings in the files this pull request changes are annotated.');
    expect(run!.summary).toContain('31 findings elsewhere');
    expect(run!.title).toMatch(/^security-scan blocked: /);
  });

  it('the conclusion follows the gate: success when it proceeds, neutral when no scanner ran; a clean run still completes', async () => {
    const { fake, client, owner, repo } = await setup();
    const logger = recordingLogger();
    const proceed = makeReport(findingsIn('x.tf', 3).map((f) => ({ ...f, severity: 'low' as const })), [makeStatus({ id: 'checkov' })]);
    expect((await publishCheckRun({ client, owner, repo, headSha: HEAD, report: proceed, startedAt: new Date(), logger })).conclusion).toBe('success');
    const nothing = makeReport([], [makeStatus({ id: 'trivy', state: 'failed', error: 'x' })], { gate: { decision: 'PROCEED', reasons: [], failurePolicy: 'alert' } });
    expect((await publishCheckRun({ client, owner, repo, headSha: HEAD, report: nothing, startedAt: new Date(), logger })).conclusion).toBe('neutral');
    const clean = makeReport([], [makeStatus({ id: 'trivy' })]);
    const r = await publishCheckRun({ client, owner, repo, headSha: HEAD, report: clean, startedAt: new Date(), logger });
    expect(r).toMatchObject({ requests: 2, annotations: 0, conclusion: 'success' });
    expect(fake.checks.runs.map((c) => [c.status, c.conclusion])).toEqual([['completed', 'success'], ['completed', 'neutral'], ['completed', 'success']]);
    expect(fake.violations).toEqual([]);
  });

  it('a token without checks: write (a fork PR, or permissions without it) is one warning naming the fix; the sink does not fail', async () => {
    const { fake, client } = await setup(FAKE_TOKENS.read);
    const runEnv = readRunEnvironment(
      { GITHUB_REPOSITORY: `${fake.repository.owner}/${fake.repository.name}`, GITHUB_SHA: MERGE, GITHUB_REF: `refs/pull/${PR}/merge`, GITHUB_EVENT_NAME: 'pull_request', GITHUB_RUN_ID: '5' },
      JSON.stringify({ pull_request: { number: PR, base: { sha: 'b'.repeat(40), ref: 'main' }, head: { sha: HEAD, ref: 'feature' } } }),
    );
    const logger = recordingLogger();
    const report = makeReport(findingsIn('src/a.ts', 60), [makeStatus({ id: 'trivy' })]);
    const results = await runSinks([checkRunSink({ enabled: true, client, runEnv, changedPaths: new Set(['src/a.ts']), startedAt: new Date() })], { report, files: {} as WrittenReports, logger, notes: [] });
    expect(results).toEqual([{ id: 'check run', ok: true }]);
    const warnings = logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('403 Resource not accessible by integration');
    expect(warnings[0]).toContain('`checks: write`');
    expect(warnings[0]).toContain('check-run: false');
    // One attempt, no update after the refused create; the head commit, not the merge commit, was the target.
    const calls = fake.requests.filter((q) => q.operationId?.startsWith('checks/'));
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as { head_sha: string }).head_sha).toBe(HEAD);
  });

  it('two matrix legs get two check runs, each named by its leg key; without a leg the name stays security-scan', async () => {
    const { fake, client, owner, repo } = await setup();
    const runEnv = readRunEnvironment({ GITHUB_REPOSITORY: `${owner}/${repo}`, GITHUB_SHA: HEAD, GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }, undefined);
    const logger = recordingLogger();
    const report = makeReport(findingsIn('a.py', 2), [makeStatus({ id: 'trivy' })]);
    for (const legKey of ['image=app-1', 'image=db-2', undefined]) {
      await runSinks([checkRunSink({ enabled: true, client, runEnv, startedAt: new Date(), ...(legKey ? { legKey } : {}) })], { report, files: {} as WrittenReports, logger, notes: [] });
    }
    expect(fake.checks.runs.map((r) => r.name)).toEqual(['security-scan (image=app-1)', 'security-scan (image=db-2)', 'security-scan']);
    expect(fake.violations).toEqual([]);
  });

  it('on a push, findings in any file are annotated, at most MAX_ANNOTATIONS (the rest counted in the summary)', async () => {
    const { fake, client, owner, repo } = await setup();
    const runEnv = readRunEnvironment({ GITHUB_REPOSITORY: `${owner}/${repo}`, GITHUB_SHA: HEAD, GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push' }, undefined);
    const report = makeReport([...findingsIn('a.py', MAX_ANNOTATIONS - 10), ...findingsIn('b.py', 60, 5000)], [makeStatus({ id: 'trivy' })]);
    const logger = recordingLogger();
    // changedPaths given but ignored on a push.
    await runSinks([checkRunSink({ enabled: true, client, runEnv, changedPaths: new Set(['a.py']), startedAt: new Date() })], { report, files: {} as WrittenReports, logger, notes: [] });
    const [run] = fake.checks.runs;
    expect(run!.annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(run!.batches).toHaveLength(1 + MAX_ANNOTATIONS / ANNOTATIONS_PER_REQUEST);
    expect(run!.summary).toContain(`50 more in files are not annotated (at most ${MAX_ANNOTATIONS.toLocaleString('en-US')} per check run)`);
    expect(fake.violations).toEqual([]);
  });

  it('text from the scanned code is plain and within the API limits; unsafe paths are not annotated', () => {
    const long = 'A'.repeat(100_000);
    const hostile = makeFinding({ severity: 'high', ruleId: `rule\u001b[31m${'x'.repeat(400)}`, title: `${long}\nline two`, location: { path: 'src/ok.ts', startLine: 3, endLine: 1, startColumn: 2 } }, 1);
    const outside = ['../etc/passwd', '/abs/path', 'a/./b', 'a\\b', 'a//b'].map((path, i) => makeFinding({ location: { path, startLine: 1 } }, 10 + i));
    const sel = selectAnnotations([hostile, ...outside], undefined);
    expect(sel.annotations).toHaveLength(1);
    expect(sel.outOfScope).toBe(outside.length);
    const a = sel.annotations[0]!;
    expect([...a.title].length).toBeLessThanOrEqual(CHECK_LIMITS.annotationTitle);
    expect(Buffer.byteLength(a.message)).toBeLessThanOrEqual(CHECK_LIMITS.annotationMessage);
    // eslint-disable-next-line no-control-regex
    expect(a.title).not.toMatch(/[\u0000-\u001f]/);
    expect(a.message).not.toContain('\n');
    // end_line before start_line is clamped; columns dropped only when lines differ.
    expect(a).toMatchObject({ start_line: 3, end_line: 3, start_column: 2 });
  });

  it('the fake refuses more than 50 annotations in one request (the schema of GitHub: maxItems 50), so the batching is what keeps us inside the limit', async () => {
    const { fake, client, owner, repo } = await setup();
    const annotations = selectAnnotations(findingsIn('a.ts', 51), undefined).annotations;
    await expect(client.rest.checks.create({ owner, repo, name: 'x', head_sha: HEAD, output: { title: 't', summary: 's', annotations } })).rejects.toMatchObject({ status: 422 });
    expect(fake.violations.join('\n'), fake.violations.join('\n')).toContain('must NOT have more than 50 items');
    expect(CONTEXT.sha).toBeDefined();
  });
});
