// Runs the bundled dist/index.js on a pull request against the local imitation of api.github.com
// (GITHUB_API_URL), the way the runner would: code scanning upload, sticky comment, summary, annotations, faults.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeExampleTree } from '../../scripts/example-tree.mjs';
import { localScanners, missingScanners } from '../../scripts/local-scanners.mjs';
import { toolGate } from '../support/tools.js';
import { runActionAsync } from '../../scripts/run-action.mjs';
import { FAKE_TOKENS, githubFaults, startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../support/fake-github.js';
import { multitoolAvailable, validateSarifFiles } from '../support/multitool.js';

const gate = toolGate(missingScanners(['trivy', 'gitleaks', 'node24']), 'the GitHub e2e tests');

const PR = 7;
const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const MERGE = 'c'.repeat(40);

function prEnv(fake: FakeGitHub, workspace: string): Record<string, string> {
  const eventPath = join(workspace, '..', `event-${PR}.json`);
  writeFileSync(eventPath, JSON.stringify({ pull_request: { number: PR, head: { sha: HEAD, ref: 'feature' }, base: { sha: BASE, ref: 'main' } } }));
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_SHA: MERGE,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_API_URL: fake.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW: 'security',
    GITHUB_JOB: 'scan',
  };
}

const INPUTS = {
  'trivy-scanners': 'misconfig,secret',
  'trivy-skip-check-update': 'true',
  'trivy-path': localScanners.trivy,
  'gitleaks-path': localScanners.gitleaks,
  'github-token': FAKE_TOKENS.write,
};

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
async function start(options: FakeGitHubOptions = {}) {
  // The base commit (not in this depth-less workspace) has no policy files: the contents API answers 404 for each.
  fake = await startFakeGitHub({ pendingPolls: 0, pulls: { [PR]: { headSha: HEAD, headRef: 'feature', baseSha: BASE, baseRef: 'main', mergeCommitSha: MERGE } }, contents: { [BASE]: {} }, ...options });
  return fake;
}
function newWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'gh-e2e-'));
  const ws = join(dir, 'ws');
  const secrets = writeExampleTree(ws);
  return { ws, secrets };
}
/** Every file under a directory. */
function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesIn(join(dir, n)) : [join(dir, n)]));
}

interface Run { automationDetails?: { id: string }; results?: { level?: string }[]; properties?: Record<string, unknown> }
const runsOf = (u: FakeGitHub['uploads'][number]) => (u.sarif as { runs: Run[] }).runs;
const ours = (f: FakeGitHub) => f.comments(PR).filter((c) => c.login === 'github-actions[bot]');

describe.skipIf(gate.skip)('dist/index.js on a pull request against the GitHub API imitation', () => {
  beforeAll(gate.assertAvailable);
  it('two runs keep exactly one comment of ours, uploads one valid category per scanner, leaks nothing', async () => {
    const f = await start();
    const { ws, secrets } = newWorkspace();
    const lookAlike = '### ❌ BLOCK · security-scan\n\nThis comment only looks like the report.';
    const forged = '<!-- security-scan:v1 workflow=security job=scan -->\nforged by someone else';
    f.addComment(PR, 'alice', lookAlike);
    f.addComment(PR, 'mallory', forged);

    const first = await runActionAsync({ workspace: ws, inputs: { ...INPUTS, scanners: 'trivy,gitleaks' }, env: prEnv(f, ws) });
    expect(first.status).toBe(1); // the gate's decision: findings at or above high
    expect(ours(f)).toHaveLength(1);
    const commentId = ours(f)[0]!.id;
    const firstBody = ours(f)[0]!.body;
    expect(firstBody.split('\n')[0]).toMatch(/^<!-- security-scan:v1 workflow=security job=scan -->$/);
    expect(firstBody).toContain('BLOCK');

    // Uploads: one run per scanner, distinct categories, the PR merge ref and sha, and Multitool-clean.
    expect(f.uploads.map((u) => runsOf(u).map((r) => r.automationDetails?.id)).flat().sort()).toEqual(['security-scan/gitleaks/', 'security-scan/trivy/']);
    for (const u of f.uploads) {
      expect(u.ref).toBe(`refs/pull/${PR}/merge`);
      expect(u.commit_sha).toBe(MERGE);
      expect(u.checkout_uri).toBe(`file://${ws}`);
    }
    expect(first.outputs['sarif-ids']!.split(',')).toHaveLength(f.uploads.length);
    if (multitoolAvailable()) {
      const dir = mkdtempSync(join(tmpdir(), 'uploaded-'));
      const files = f.uploads.map((u, i) => {
        const p = join(dir, `upload-${i}.sarif`);
        writeFileSync(p, JSON.stringify(u.sarif));
        return p;
      });
      for (const [file, report] of validateSarifFiles(files)) expect(report.errors, file).toEqual([]);
    }

    // Second run on the same PR: the same comment is updated, nobody else's is touched.
    writeFileSync(join(ws, 'app', 'extra.sh'), `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${secrets.awsAccessKeyId}\n`);
    const second = await runActionAsync({ workspace: ws, inputs: { ...INPUTS, scanners: 'trivy,gitleaks', 'output-dir': 'second' }, env: prEnv(f, ws) });
    expect(second.status).toBe(1);
    expect(ours(f)).toHaveLength(1);
    expect(ours(f)[0]!.id).toBe(commentId);
    expect(ours(f)[0]!.body).not.toBe(firstBody);
    expect(ours(f)[0]!.body).toContain('app/extra.sh');
    expect(f.comments(PR).find((c) => c.login === 'alice')!.body).toBe(lookAlike);
    expect(f.comments(PR).find((c) => c.login === 'mallory')!.body).toBe(forged);
    expect(f.edits.every((e) => e.author === e.editor && e.author === 'github-actions[bot]')).toBe(true);
    expect(f.edits).toHaveLength(1);

    // Summary and annotations were written; no secret value went into any request, comment or log.
    expect(second.summary).toContain('BLOCK');
    expect(second.stdout).toMatch(/^::error title=[^,\n]*,file=app\/config\.js,line=3,/m);
    // Every output: the log, each request body (uploaded SARIF decoded), the job summary, every file written for the
    // artifact (SARIF, findings.json, summary.md). Each secret and its base64 form.
    const written = ['security-reports', 'second'].flatMap((d) => filesIn(join(ws, d)).map((p) => readFileSync(p, 'utf8')));
    expect(written.length).toBeGreaterThanOrEqual(6);
    const sent = [JSON.stringify(f.requests), JSON.stringify(f.uploads), first.stdout, second.stdout, first.stderr, second.stderr, first.summary, second.summary, ...written].join('\n');
    for (const value of Object.values(secrets)) {
      expect(sent.includes(value)).toBe(false);
      expect(sent.includes(Buffer.from(value).toString('base64'))).toBe(false);
    }
    // Every request names this action and its version.
    expect(f.requests.length).toBeGreaterThan(0);
    for (const r of f.requests) expect(r.headers['user-agent']).toMatch(/^security-scan\/\d+\.\d+\.\d+ /);
    expect(f.violations).toEqual([]);
  }, 300_000);

  it('uploads a 30,000-finding scan within the limits and says how many were left out', async () => {
    const f = await start();
    const { ws } = newWorkspace();
    const sev = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
    const misconfigs = Array.from({ length: 30_000 }, (_, i) => ({
      ID: `AVD-TEST-${String(i % 700).padStart(4, '0')}`,
      Title: `Generated check ${i % 700}`,
      Description: 'A generated misconfiguration.',
      Severity: sev[i % 4 === 0 && i % 40 !== 0 ? 3 : i % 40 === 0 ? 0 : (i % 3) + 1],
      Status: 'FAIL',
      CauseMetadata: { StartLine: (i % 500) + 1, EndLine: (i % 500) + 1 },
    }));
    const results = Array.from({ length: 60 }, (_, t) => ({ Target: `infra/module-${t}.tf`, Class: 'config', Type: 'terraform', Misconfigurations: misconfigs.slice(t * 500, (t + 1) * 500) }));
    const report = join(ws, '..', 'big.json');
    writeFileSync(report, JSON.stringify({ SchemaVersion: 2, ArtifactName: '.', ArtifactType: 'filesystem', Results: results }));
    const trivy = join(ws, '..', 'trivy');
    writeFileSync(trivy, `#!/bin/sh\ncase "$1" in --version) echo "Version: 0.99.0"; exit 0;; esac\ncase "$2" in --help) echo "--scanners misconfig --skip-check-update"; exit 0;; esac\nfor a in "$@"; do [ "$prev" = "--output" ] && out="$a"; prev="$a"; done\ncp "${report}" "$out"\n`);
    chmodSync(trivy, 0o755);

    const r = await runActionAsync({ workspace: ws, inputs: { ...INPUTS, scanners: 'trivy', 'trivy-path': trivy, 'fail-on': 'none' }, env: prEnv(f, ws) });
    expect(r.status).toBe(0);
    expect(r.outputs.total).toBe('30000');
    expect(f.uploads).toHaveLength(1);
    const run = runsOf(f.uploads[0]!)[0]!;
    expect(run.results).toHaveLength(25_000);
    expect((run.properties as Record<string, number>)['security-scan/results-left-out']).toBe(5_000);
    // the most severe were kept: nothing dropped is more severe than what was kept
    expect(run.results!.filter((x) => x.level === 'error').length).toBe(misconfigs.filter((m) => m.Severity === 'CRITICAL' || m.Severity === 'HIGH').length);
    const body = ours(f)[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('5,000 trivy results were left out of the code scanning upload');
    expect(r.stdout).toContain('5000 result(s) left out of the SARIF run');
    // the comment leads with the most severe findings
    const firstRow = body.split('\n').find((l) => /^\| (🟥|🟧|🟨|🟦|⬜) \|/.test(l))!;
    expect(firstRow.startsWith('| 🟥 |')).toBe(true);
    expect(f.violations).toEqual([]);
  }, 300_000);

  const faults: [string, FakeGitHubOptions, (f: FakeGitHub) => void, RegExp[]][] = [
    ['3 × 502 then success', {}, (f) => f.inject({ ...githubFaults.serverError({ method: 'POST', path: /code-scanning\/sarifs$/ }), times: 3 }), []],
    ['a secondary rate limit with retry-after', {}, (f) => f.inject({ ...githubFaults.secondaryRateLimit({ retryAfter: 1, method: 'POST', path: /code-scanning\/sarifs$/ }), times: 1 }), [/secondary rate limit/i]],
    ['Advanced Security disabled', { advancedSecurity: false }, () => {}, [/Advanced Security/]],
    ['a read-only token (fork pull request)', {}, () => {}, [/security-events: write/, /workflow_run/, /pull-requests: write/]],
  ];
  it.each(faults)('%s: the step ends with the gate decision and the right warnings', async (name, options, arrange, warnings) => {
    const f = await start(options);
    arrange(f);
    const { ws } = newWorkspace();
    const token = name.startsWith('a read-only') ? FAKE_TOKENS.read : FAKE_TOKENS.write;
    const r = await runActionAsync({ workspace: ws, inputs: { ...INPUTS, scanners: 'gitleaks', 'github-token': token, 'fail-on': 'none' }, env: prEnv(f, ws) });
    expect(r.status, r.stdout).toBe(0); // fail-on none: GitHub-side trouble never fails the step
    expect(r.outputs.decision).toBe('PROCEED');
    const warningLines = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    for (const w of warnings) expect(warningLines.some((l) => w.test(l)), `${w} in\n${warningLines.join('\n')}`).toBe(true);
    if (warnings.length === 0) {
      expect(f.uploads).toHaveLength(1);
      expect(r.outputs['sarif-ids']).toBe(f.uploads[0]!.id);
    }
    expect(r.summary).toContain('PROCEED'); // the job summary is written whatever GitHub answered
    expect(f.violations).toEqual([]);
  }, 300_000);
});
