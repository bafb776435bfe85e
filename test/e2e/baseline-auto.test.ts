// `baseline: auto` end to end through main.ts run(), in this process, with native Gitleaks on real files, against the
// fake API (workflow runs → run artifacts → artifact zip redirect) and the fake artifact service (upload, blob download):
//   1. a push to main: no baseline yet (the note says when one appears), its gate blocks on the 20 findings already
//      there (fail-on-new-only, every finding is new), and it uploads baseline.json as `security-scan-baseline`;
//   2. GitHub records that run (here: the test adds it to the fake API, with the artifact @actions/artifact uploaded);
//   3. a pull request adding one high finding: run() finds that push run, downloads its artifact through
//      @actions/artifact's downloadArtifact({ findBy }), and blocks on the 1 new finding; the comment says
//      "1 new, 20 existing", the outputs new=1 fixed=0, the uploaded SARIF has baselineState.
import { closeFakes, fakeApi, fakeArtifacts } from '../support/fake-actions-env.js';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseOutputFile } from '../../scripts/run-action.mjs';
import { ENV_NAMES } from '../../src/config/environment.js';
import { baselineTree, baselineTreeSecrets, slackBotLine } from '../support/baseline-tree.js';
import { FAKE_TOKENS } from '../support/fake-github.js';
import { realScannerGate, realScanners } from '../support/real-scanners.js';

const gate = realScannerGate(['gitleaks'], 'Gitleaks (baseline: auto end to end)');
const PUSH_SHA = 'd'.repeat(40);
const PR_NUMBER = 7;
const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await closeFakes();
});

interface Run {
  outputs: Record<string, string>;
  stdout: string;
  exitCode: number | undefined;
}

/** run() as the runner starts it: INPUT_* and GITHUB_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
async function runAction(ws: string, temp: string, inputs: Record<string, string>, env: Record<string, string>): Promise<Run> {
  for (const name of [...ENV_NAMES, 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE', 'CI']) vi.stubEnv(name, '');
  const output = join(temp, `output-${Date.now()}`);
  writeFileSync(output, '');
  const all: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: fakeApi.url,
    GITHUB_WORKFLOW: 'ci',
    GITHUB_JOB: 'scan',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
    RUNNER_TEMP: temp,
    ACTIONS_RUNTIME_TOKEN: fakeArtifacts.token,
    ACTIONS_RESULTS_URL: `${fakeArtifacts.url}/`,
    GITHUB_RETENTION_DAYS: '',
    ...env,
  };
  for (const [k, v] of Object.entries(all)) vi.stubEnv(k, v);
  for (const [k, v] of Object.entries(inputs)) vi.stubEnv(`INPUT_${k.toUpperCase()}`, v);
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  const { run } = await import('../../src/main.js');
  await run();
  const exitCode = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { outputs: parseOutputFile(readFileSync(output, 'utf8')), stdout, exitCode };
}

const INPUTS = {
  scanners: 'gitleaks',
  'gitleaks-path': realScanners.gitleaks,
  'gitleaks-mode': 'dir',
  'install-scanners': 'false',
  'fail-on': 'high',
  'fail-on-new-only': 'true',
  baseline: 'auto',
  'artifact-name': '',
  'github-token': FAKE_TOKENS.write,
};

describe.skipIf(gate.skip)('baseline: auto through main.ts run(): push to main saves, the pull request compares', () => {
  let ws: string;
  let temp: string;
  let push: Run;
  let pr: Run;

  beforeAll(async () => {
    gate.assertAvailable();
    const root = mkdtempSync(join(tmpdir(), 'baseline-auto-'));
    dirs.push(root);
    ws = join(root, 'ws');
    temp = join(root, 'runner-temp');
    mkdirSync(temp);
    baselineTree(ws);
    fakeApi.actions.workflows.add('ci.yml');

    const pushEvent = join(root, 'push.json');
    writeFileSync(pushEvent, JSON.stringify({ ref: 'refs/heads/main', before: 'c'.repeat(40), after: PUSH_SHA, repository: { default_branch: 'main' } }));
    push = await runAction(ws, temp, { ...INPUTS, 'output-dir': join(temp, 'push-reports') }, {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: pushEvent,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: PUSH_SHA,
      GITHUB_RUN_ID: '100',
      GITHUB_WORKFLOW_REF: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    });

    // GitHub's bookkeeping: run 100 completed (its gate failed it) with the artifact it uploaded.
    const uploaded = fakeArtifacts.artifacts.find((a) => a.name === 'security-scan-baseline');
    if (uploaded) {
      fakeApi.addWorkflowRun({ id: 100, workflowFile: 'ci.yml', headBranch: 'main', headSha: PUSH_SHA, event: 'push', conclusion: 'failure', artifacts: [{ id: 7001, name: 'security-scan-baseline', location: fakeArtifacts.downloadUrl(uploaded.id) }] });
    }

    writeFileSync(join(ws, 'slack.env'), slackBotLine());
    const prEvent = join(root, 'pr.json');
    writeFileSync(prEvent, JSON.stringify({ number: PR_NUMBER, pull_request: { number: PR_NUMBER, base: { sha: PUSH_SHA, ref: 'main' }, head: { sha: 'e'.repeat(40), ref: 'feature' } }, repository: { default_branch: 'main' } }));
    pr = await runAction(ws, temp, { ...INPUTS, 'output-dir': join(temp, 'pr-reports') }, {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: prEvent,
      GITHUB_REF: `refs/pull/${PR_NUMBER}/merge`,
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_RUN_ID: '101',
      GITHUB_WORKFLOW_REF: `octo-org/octo-repo/.github/workflows/ci.yml@refs/pull/${PR_NUMBER}/merge`,
    });
  }, 300_000);

  it('the push run: no baseline yet (the note says when one appears), blocks on the 20 findings, uploads baseline.json', () => {
    expect(push.outputs.decision).toBe('BLOCK');
    expect(push.outputs.new).toBe('20');
    expect(push.exitCode).toBe(1);
    expect(push.stdout).toContain('the `security-scan-baseline` artifact appears after the first push to main');
    const uploaded = fakeArtifacts.artifacts.find((a) => a.name === 'security-scan-baseline');
    expect(uploaded?.finalized).toBe(true);
    expect(push.stdout).toContain('Uploaded the baseline artifact "security-scan-baseline" (1 files');
  });

  it('the pull request: the push run’s artifact is found and downloaded; the gate blocks on the 1 new finding only', () => {
    expect(pr.outputs.decision).toBe('BLOCK');
    expect(pr.outputs.new).toBe('1');
    expect(pr.outputs.fixed).toBe('0');
    expect(pr.outputs.total).toBe('21');
    expect(pr.stdout).toContain("::error::security-scan blocked this change: 1 new finding at or above fail-on 'high' (1 high).");
    const calls = fakeApi.requests.filter((r) => r.operationId?.startsWith('actions/')).map((r) => `${r.operationId} ${r.status}`);
    expect(calls).toEqual([
      'actions/list-workflow-runs 200', // the push run's own lookup: none yet
      'actions/list-workflow-runs 200', // its trends' history: none yet
      'actions/list-workflow-runs 200',
      'actions/list-workflow-run-artifacts 200',
      'actions/download-artifact 302',
      // the trends' history (github/trend-history.ts): the same push run's baseline, read for its counts
      'actions/list-workflow-runs 200',
      'actions/list-workflow-run-artifacts 200',
      'actions/download-artifact 302',
    ]);
    expect(fakeApi.requests.find((r) => r.operationId === 'actions/list-workflow-runs')!.query).toMatchObject({ branch: 'main', event: 'push', status: 'completed' });
    // findings.json's trends: the push run's 20 findings as the history, and this run against it
    const trends = (JSON.parse(readFileSync(join(temp, 'pr-reports', 'findings.json'), 'utf8')) as { insights: { trends: { available: boolean; history: { runId: number; total: number; counts: Record<string, number> }[]; delta: { total: number } } } }).insights.trends;
    expect(trends.available).toBe(true);
    expect(trends.history.map((p) => [p.runId, p.total])).toEqual([[100, 20]]);
    expect(trends.delta.total).toBe(1);
    // the push run uploaded no artifact of the pull request run's own: only the default branch's push runs save one
    expect(fakeArtifacts.artifacts.filter((a) => a.name === 'security-scan-baseline')).toHaveLength(1);
  });

  it('the PR comment leads with "1 new, 20 existing"; the uploaded SARIF has baselineState; nothing leaks', () => {
    const warnings = pr.stdout.split('\n').filter((l) => l.startsWith('::warning::')).join('\n');
    const comments = fakeApi.comments(PR_NUMBER);
    expect(comments, warnings).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain('**Against the baseline:** 🆕 1 new, 20 existing, ✅ 0 fixed');
    expect(body.indexOf('1 new, 20 existing')).toBeLessThan(body.indexOf("1 new finding at or above fail-on 'high'"));
    // the source, escaped as scanner text is (it quotes names from the API)
    expect(body).toMatch(/<sub>Baseline: the \\`security-scan-baseline\\` artifact of run .*100.* on main at dddddddddddd .*20 finding/);
    const upload = fakeApi.uploads.find((u) => u.ref === `refs/pull/${PR_NUMBER}/merge`);
    expect(upload, warnings).toBeDefined();
    const sarif = upload!.sarif as { runs: { results: { baselineState?: string }[] }[] };
    const states = sarif.runs.flatMap((r) => r.results.map((x) => x.baselineState));
    expect(states.filter((s) => s === 'new')).toHaveLength(1);
    expect(states.filter((s) => s === 'unchanged')).toHaveLength(20);
    const everything = [push.stdout, pr.stdout, body, JSON.stringify(fakeApi.uploads.map((u) => u.sarif))].join('\n');
    for (const s of baselineTreeSecrets) expect(everything.includes(s)).toBe(false);
    expect(fakeApi.violations, warnings).toEqual([]);
    expect(fakeArtifacts.violations, warnings).toEqual([]);
  });
});
