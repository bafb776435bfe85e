// prepareForkPublication (src/publish/fork.ts) against the GitHub API imitation: the pull request comes from the
// API and the event, never from the artifact; the report is rebuilt from the artifact's findings; what cannot be
// published is refused with a message that says why.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { githubSinks } from '../../src/github/sinks.js';
import { recordingLogger } from '../../src/logger.js';
import { prepareForkPublication, type ForkPublishDeps } from '../../src/publish/fork.js';
import { PublishRefused } from '../../src/publish/refused.js';
import { renderJson } from '../../src/report/json.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub, type FakePull } from '../support/fake-github.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';
import { settingsFor } from '../support/settings.js';

const HEAD = '1'.repeat(40);
const BASE = '2'.repeat(40);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const FORK_PULL: FakePull = { headSha: HEAD, headRef: 'feature', baseSha: BASE, baseRef: 'main', headRepo: 'mallory/octo-repo' };

function workspaceWith(findingsJson: string | undefined, sarif: Record<string, string> = {}): string {
  const ws = mkdtempSync(join(tmpdir(), 'fork-publish-'));
  dirs.push(ws);
  mkdirSync(join(ws, 'reports', 'sarif'), { recursive: true });
  if (findingsJson !== undefined) writeFileSync(join(ws, 'reports', 'findings.json'), findingsJson);
  for (const [name, text] of Object.entries(sarif)) writeFileSync(join(ws, 'reports', 'sarif', name), text);
  return ws;
}

const report = makeReport(
  [makeFinding({ severity: 'critical' }, 0), makeFinding({ severity: 'medium' }, 1), makeFinding({ severity: 'low', sources: [{ scanner: 'gitleaks', ruleId: 'g', severity: 'x' }] }, 2)],
  [makeStatus({ id: 'trivy', rawCount: 2 }), makeStatus({ id: 'gitleaks', rawCount: 1 })],
  { accounting: { raw: 3, reported: 3, merged: 4, filteredBySeverity: 5, filteredByScanner: 0, suppressed: 0, filteredByChangedFiles: 0 } },
);
const GOOD_JSON = renderJson(report, { generatedAt: '2026-05-01T00:00:00.000Z', tool: { name: 'security-scan', version: '0.1.0' } });

function event(run: Record<string, unknown> = {}): string {
  return JSON.stringify({
    workflow_run: { id: 77, run_attempt: 2, event: 'pull_request', head_sha: HEAD, head_branch: 'feature', head_repository: { full_name: 'mallory/octo-repo', owner: { login: 'mallory' } }, pull_requests: [], ...run },
  });
}

async function prepare(options: { pulls?: Record<number, FakePull>; payload?: string; inputs?: Record<string, string>; ws?: string; token?: string; eventName?: string } = {}) {
  await fake?.close();
  fake = await startFakeGitHub({ pulls: options.pulls ?? { 12: FORK_PULL } });
  const logger = recordingLogger();
  const deps: ForkPublishDeps = {
    settings: settingsFor({ mode: 'publish', 'report-dir': 'reports', ...options.inputs }),
    vars: { eventName: options.eventName ?? 'workflow_run', repository: 'octo-org/octo-repo', serverUrl: 'https://github.com', apiUrl: fake.url, workflow: 'publish-wf', job: 'publish-job' },
    payload: options.payload ?? event(),
    workspace: options.ws ?? workspaceWith(GOOD_JSON),
    client: createClient(options.token ?? FAKE_TOKENS.write, { baseUrl: fake.url, logger, retries: 0 }),
    logger,
  };
  return { deps, logger, fake, result: prepareForkPublication(deps) };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(PublishRefused);
  return (e as Error).message;
}

describe('prepareForkPublication: which pull request', () => {
  it('a fork pull request (empty pull_requests): the open pull request whose head is fork-owner:branch at the head commit', async () => {
    const { result, fake } = await prepare({ pulls: { 12: FORK_PULL, 13: { ...FORK_PULL, state: 'closed' }, 14: { ...FORK_PULL, headSha: '3'.repeat(40), headRef: 'other' } } });
    const p = await result;
    expect(p.pull).toMatchObject({ number: 12, headSha: HEAD, baseSha: BASE, headRepository: 'mallory/octo-repo' });
    expect(p.uploadTarget).toEqual({ ref: 'refs/pull/12/head', commitSha: HEAD });
    expect(p.runEnv.event.pullRequest).toMatchObject({ number: 12, headSha: HEAD, baseSha: BASE });
    expect(fake.requests.map((r) => [r.operationId, r.query])).toEqual([['pulls/list', { state: 'open', per_page: '100', head: 'mallory:feature' }]]);
    expect(fake.violations).toEqual([]);
  });

  it('a same-repository pull request: the number in the event, confirmed with GET pulls/{n}', async () => {
    const { result, fake } = await prepare({ pulls: { 5: { ...FORK_PULL, headRepo: undefined } }, payload: event({ pull_requests: [{ number: 5 }], head_repository: { full_name: 'octo-org/octo-repo', owner: { login: 'octo-org' } } }) });
    expect((await result).pull.number).toBe(5);
    expect(fake.requests.map((r) => r.operationId)).toEqual(['pulls/get']);
  });

  it('a number in the event that is not ours (another repository, closed, or moved on) is not used', async () => {
    const { result, logger, fake } = await prepare({
      pulls: { 5: { ...FORK_PULL, headSha: '4'.repeat(40) }, 6: { ...FORK_PULL, state: 'closed' }, 12: FORK_PULL },
      payload: event({ pull_requests: [{ number: 5 }, { number: 6 }, { number: 404 }] }),
    });
    expect((await result).pull.number).toBe(12);
    expect(fake.requests.map((r) => r.operationId)).toEqual(['pulls/get', 'pulls/get', 'pulls/get', 'pulls/list']);
    expect(logger.lines.filter((l) => l.message.includes('of the workflow_run event is not an open pull request'))).toHaveLength(3);
  });

  it('without the head repository in the event, every open pull request is looked through', async () => {
    const { result, fake } = await prepare({ payload: event({ head_repository: null }) });
    expect((await result).pull.number).toBe(12);
    expect(fake.requests[0]!.query).toEqual({ state: 'open', per_page: '100' });
  });

  it('refuses when no open pull request has the head commit, or several do', async () => {
    expect(await refusal((await prepare({ pulls: { 12: { ...FORK_PULL, state: 'closed' } } })).result)).toMatch(
      /^no open pull request of octo-org\/octo-repo has the scan run's head commit 1{40} \(branch "feature" of "mallory"\): it was closed, or has newer commits/,
    );
    expect(await refusal((await prepare({ pulls: { 12: FORK_PULL, 20: { ...FORK_PULL, baseRef: 'release' } } })).result)).toMatch(/^several open pull requests \(#20, #12\) have the scan run's head commit/);
  });

  it('refuses another event, a run that was not a pull request scan, and a payload without a head commit', async () => {
    for (const [options, message] of [
      [{ eventName: 'pull_request' }, /^mode: publish runs in a workflow triggered by 'workflow_run'.*this run's event is "pull_request"/],
      [{ payload: event({ event: 'push' }) }, /^the scan run 77 ran on "push", not on 'pull_request'/],
      [{ payload: event({ event: 'pull_request_target' }) }, /ran on "pull_request_target", not on 'pull_request'/],
      [{ payload: event({ head_sha: 'not-a-sha' }) }, /^the workflow_run event payload \(GITHUB_EVENT_PATH\) cannot be read: workflow_run\.head_sha/],
      [{ payload: '{' }, /^the workflow_run event payload \(GITHUB_EVENT_PATH\) cannot be read/],
    ] as const) {
      const { result, fake } = await prepare(options);
      expect(await refusal(result)).toMatch(message);
      expect(fake.requests).toEqual([]);
    }
  });

  it('an API that refuses the lookup: the refusal names the permission', async () => {
    const { result } = await prepare({ token: 'unknown-token' });
    expect(await refusal(result)).toMatch(/^could not look up the pull request of the scan run: .*pull-requests: read/);
  });
});

describe('prepareForkPublication: the artifact', () => {
  it('rebuilds the report from the findings: context, counts and decision are this step’s, not the document’s', async () => {
    const forged = JSON.parse(GOOD_JSON) as Record<string, unknown>;
    Object.assign(forged, { decision: 'PROCEED', risk: 'LOW', total: 0, context: { serverUrl: 'https://evil.example', repository: 'evil/repo', sha: 'f'.repeat(40), pullRequest: 99 } });
    const { result, logger } = await prepare({ ws: workspaceWith(JSON.stringify(forged)), inputs: { 'fail-on': 'critical', severity: 'CRITICAL,HIGH,MEDIUM' } });
    const p = await result;
    expect(p.report.context).toEqual({ serverUrl: 'https://github.com', repository: 'octo-org/octo-repo', sha: HEAD, runId: '77', runAttempt: '2', workflow: 'publish-wf', job: 'publish-job', pullRequest: 12 });
    expect(p.report.total).toBe(2); // the low finding is below this step's `severity`
    expect(p.report.counts).toMatchObject({ critical: 1, medium: 1, low: 0 });
    expect(p.report.gate).toMatchObject({ decision: 'BLOCK', failOn: 'critical' });
    expect(p.report.risk).toBe('CRITICAL');
    // Insights (summary, recommendations, compliance) are computed here from the findings, never the artifact's.
    expect(p.report.insights?.summary).toMatchObject({ criticalCount: 1, mediumCount: 1, lowCount: 0, overallStatus: 'FAIL' });
    expect(p.report.insights?.complianceStatus).toBeTruthy();
    // What the scan merged and filtered before writing cannot be recomputed: carried over, plus this step's filter.
    expect(p.report.accounting).toEqual({ suppressed: 0, filteredByChangedFiles: 0, raw: 3, reported: 2, merged: 4, filteredBySeverity: 6, filteredByScanner: 0 });
    const warnings = logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toContain("findings.json says decision PROCEED; its findings and scanner states give BLOCK. The artifact's value is not used.");
    expect(warnings).toContain("findings.json was gated with fail-on 'high'; this step recomputes the decision with fail-on 'critical'. The artifact's value is not used.");
    expect(p.notes[0]).toBe('The scan run’s findings.json said **PROCEED**; the verdict above is recomputed from its findings with fail-on `critical`.');
    expect(p.files).toMatchObject({ markdown: '', sarifFiles: [], sarifLeftOut: {} });
  });

  it('refuses a findings.json that is missing, a symbolic link, or invalid — naming the path — before asking GitHub anything', async () => {
    const linked = workspaceWith(undefined);
    writeFileSync(join(linked, 'outside.json'), GOOD_JSON);
    symlinkSync(join(linked, 'outside.json'), join(linked, 'reports', 'findings.json'));
    const invalid = JSON.parse(GOOD_JSON) as { findings: Record<string, unknown>[] };
    invalid.findings[2]!['kind'] = 'malware';
    for (const [ws, message] of [
      [workspaceWith(undefined), /^findings\.json of the artifact \(.*\/reports\/findings\.json\) does not exist; nothing was published\.$/],
      [linked, /findings\.json\) is a symbolic link; nothing was published\.$/],
      [workspaceWith(JSON.stringify(invalid)), /^findings\.json of the artifact is not a valid security-scan report; nothing was published:\n- findings\[2\]\.kind: Invalid option/],
    ] as const) {
      const { result, fake } = await prepare({ ws });
      expect(await refusal(result)).toMatch(message);
      expect(fake.requests).toEqual([]);
    }
    const { result } = await prepare({ inputs: { 'report-dir': 'nowhere' } });
    expect(await refusal(result)).toMatch(/^input 'report-dir' \(.*\/nowhere\) does not exist: download the scan run's report artifact there/);
  });

  it('checks each SARIF file; refused ones are named in the log and the notes, the others are kept', async () => {
    const good = (cat: string) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, automationDetails: { id: cat }, results: [] }] });
    const ws = workspaceWith(GOOD_JSON, { 'a.sarif': good('security-scan/trivy/'), 'b`|evil.sarif': good('elsewhere/x/'), 'c.sarif': good('security-scan/gitleaks/'), 'd.sarif': good('security-scan/trivy/'), 'notes.txt': 'x' });
    const { result, logger } = await prepare({ ws });
    const p = await result;
    expect(p.files.sarifFiles.map((f) => f.split('/').pop())).toEqual(['a.sarif', 'c.sarif']);
    expect(p.refused).toEqual([
      { file: 'b`|evil.sarif', problem: 'category', message: expect.stringContaining('"elsewhere/x/", not a category under') as unknown },
      { file: 'd.sarif', problem: 'duplicate-category', message: 'runs[0].automationDetails.id "security-scan/trivy/" repeats the category of another run' },
    ]);
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.startsWith('Refused SARIF "sarif/b`|evil.sarif" of the artifact, not uploaded: runs[0].automationDetails.id'))).toBe(true);
    expect(logger.lines.some((l) => l.message.includes('"sarif/notes.txt"'))).toBe(true);
    expect(p.notes).toEqual([
      "⚠️ 2 SARIF files of the scan run were refused and not uploaded to code scanning: ``b`|evil.sarif`` (a run's category is not under category-prefix), `d.sarif` (a run's category repeats another run's).",
    ]);
  });

  it('with upload-sarif: false, no SARIF file is read', async () => {
    const { result } = await prepare({ ws: workspaceWith(GOOD_JSON, { 'bad.sarif': '{' }), inputs: { 'upload-sarif': 'false' } });
    const p = await result;
    expect(p.refused).toEqual([]);
    expect(p.files.sarifFiles).toEqual([]);
  });
});

describe('githubSinks for publish mode', () => {
  it('only the summary, code scanning and comment sinks, in that order', () => {
    const sinks = githubSinks({
      settings: settingsFor({}).publish,
      runEnv: { event: { name: 'workflow_run' }, context: {}, apiUrl: '' },
      workspace: '/',
      client: undefined,
      emit: { error: () => {}, warning: () => {}, notice: () => {} },
      writeSummary: async () => {},
      runner: { run: () => Promise.reject(new Error('no git')) },
      startedAt: new Date(),
      artifactEnv: {},
      onSarifIds: () => {},
      only: ['summary', 'code-scanning', 'comment'],
    });
    expect(sinks.map((s) => s.id)).toEqual(['job summary', 'code scanning upload', 'PR comment']);
  });
});
