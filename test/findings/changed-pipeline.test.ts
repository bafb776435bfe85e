// changed-files-only end to end below main.ts, wired as main.ts wires it: changedFilesPolicy (pull request files
// from the fake GitHub API) → runPipeline (a stand-in Trivy with findings in three files) → report, gate,
// findings.json and summary.md.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.js';
import { workspaceReader } from '../../src/findings/reader.js';
import { createClient } from '../../src/github/client.js';
import { changedFilesPolicy } from '../../src/github/pull-diff.js';
import { recordingLogger } from '../../src/logger.js';
import { runPipeline } from '../../src/pipeline.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { processRunner } from '../../src/scanners/process.js';
import type { EventInfo } from '../../src/scanners/types.js';
import { FAKE_TOKENS, githubFaults, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { fakeScanner, outputArg } from '../support/fake-scanner.js';
import { settingsFor } from '../support/settings.js';

const PR = 7;
const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const root = mkdtempSync(join(tmpdir(), 'changed-pipeline-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const DOCKERFILES = ['Dockerfile', 'api/Dockerfile', 'web/Dockerfile'];
/** One HIGH misconfiguration in each of the three Dockerfiles. */
const report = {
  SchemaVersion: 2,
  ArtifactName: '.',
  ArtifactType: 'filesystem',
  Results: DOCKERFILES.map((target) => ({
    Target: target,
    Class: 'config',
    Type: 'dockerfile',
    Misconfigurations: [
      { Type: 'Dockerfile Security Check', ID: 'DS002', Title: "Image user should not be 'root'", Severity: 'HIGH', Status: 'FAIL', CauseMetadata: { StartLine: 1, EndLine: 1 } },
    ],
  })),
};
const reportFile = join(root, 'trivy.json');
writeFileSync(reportFile, JSON.stringify(report));
const TRIVY = fakeScanner(mkdtempSync(join(root, 'trivy-')), 'trivy', `${outputArg('--output')}\ncp "${reportFile}" "$out"`);

async function scan(options: { apiDown?: boolean; files?: string[]; enabled?: boolean; event?: EventInfo }) {
  fake = await startFakeGitHub({
    pulls: { [PR]: { headSha: HEAD, headRef: 'feature', baseSha: BASE, baseRef: 'main', files: (options.files ?? []).map((filename) => ({ filename, patch: '@@ -1 +1 @@\n-FROM a\n+FROM b' })) } },
  });
  if (options.apiDown) fake.inject(githubFaults.serverError({ path: /\/files$/, status: 503, times: 10 }));
  const ws = mkdtempSync(join(root, 'ws-'));
  for (const f of DOCKERFILES) {
    mkdirSync(join(ws, f, '..'), { recursive: true });
    writeFileSync(join(ws, f), 'FROM alpine:3.20\n');
  }
  const logger = recordingLogger();
  const settings = settingsFor({ scanners: 'trivy', 'trivy-scanners': 'misconfig', 'fail-on': 'high', 'changed-files-only': String(options.enabled ?? true) });
  const event = options.event ?? { name: 'pull_request', pullRequest: { number: PR, baseSha: BASE, headSha: HEAD } };
  const client = createClient(FAKE_TOKENS.write, { baseUrl: fake.url, logger, retries: 1, retryBaseMs: 1, rateLimitUnitMs: 1 });
  // As main.ts does it: the diff before the scan (the workspace is no git checkout, so the API is asked).
  const changed = await changedFilesPolicy(settings.policy.changedFilesOnly, { event, workspace: ws, runner: processRunner, client, owner: 'octo-org', repo: 'octo-repo', logger, tempRoot: root });
  const result = await runPipeline({
    settings,
    policy: { ...(changed.changedFiles ? { changedFiles: changed.changedFiles } : {}), notes: changed.notes },
    registry: SCANNERS,
    workspace: ws,
    runner: processRunner,
    logger,
    event,
    environment: parseEnvironment({ PATH: process.env['PATH'] }),
    context: { pullRequest: PR },
    resolveBinary: async () => TRIVY,
    readFile: workspaceReader(ws),
    tempRoot: root,
    now: () => new Date('2026-06-01T00:00:00Z'),
    tool: { name: 'security-scan', version: 'test' },
  });
  expect(fake.violations).toEqual([]);
  const json = JSON.parse(readFileSync(result.files.json, 'utf8')) as { findings: { location: { path?: string } }[]; notes: string[]; accounting: { filteredByChangedFiles: number }; changedFiles?: unknown };
  const summary = readFileSync(join(result.files.json, '..', 'summary.md'), 'utf8');
  return { ...result, json, summary, logger };
}

describe('changed-files-only through the pipeline', () => {
  it('a pull request touching 1 of the 3 files: only that file’s finding is reported and gates', async () => {
    const { report: r, json, summary } = await scan({ files: ['api/Dockerfile', 'README.md'] });
    expect(r.findings.map((f) => f.location.path)).toEqual(['api/Dockerfile']);
    expect(r.gate.decision).toBe('BLOCK');
    expect(r.gate.blocking.high).toBe(1);
    expect(r.accounting.filteredByChangedFiles).toBe(2);
    expect(json.changedFiles).toEqual({ source: 'the pull request files API', files: 2 });
    expect(json.accounting.filteredByChangedFiles).toBe(2);
    expect(summary).toContain('changed-files-only: 2 files changed; 2 findings in other files left out.');
  });

  it('a pull request touching none of them: nothing left to gate on', async () => {
    const { report: r } = await scan({ files: ['docs/x.md'] });
    expect(r.findings).toEqual([]);
    expect(r.gate.decision).toBe('PROCEED');
    expect(r.accounting.filteredByChangedFiles).toBe(3);
  });

  it('the API down (and no git history): every finding is kept and gates, and the note says why', async () => {
    const { report: r, json, summary, logger } = await scan({ files: ['api/Dockerfile'], apiDown: true });
    expect(r.findings.map((f) => f.location.path).sort()).toEqual([...DOCKERFILES].sort());
    expect(r.gate.blocking.high).toBe(3);
    expect(r.changedFiles).toBeUndefined();
    expect(json.notes).toEqual([expect.stringMatching(/^changed-files-only could not apply: .*503.* Every finding is kept\.$/) as unknown]);
    expect(summary).toContain('changed-files-only could not apply');
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.startsWith('changed-files-only could not apply'))).toBe(true);
  });

  it('a push event: the setting does nothing (logged), every finding kept, no API call', async () => {
    const { report: r, logger } = await scan({ files: ['api/Dockerfile'], event: { name: 'push', push: { before: BASE, after: HEAD } } });
    expect(r.findings).toHaveLength(3);
    expect(r.notes).toEqual([]);
    expect(fake!.requests).toEqual([]);
    expect(logger.lines.some((l) => l.message.includes('changed-files-only applies to pull requests'))).toBe(true);
  });

  it('off: every finding kept, no API call', async () => {
    const { report: r } = await scan({ files: ['api/Dockerfile'], enabled: false });
    expect(r.findings).toHaveLength(3);
    expect(fake!.requests).toEqual([]);
  });
});
