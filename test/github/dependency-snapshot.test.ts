/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read in assertions */
import { getOctokit } from '@actions/github';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readRunEnvironment } from '../../src/github/context.js';
import { dependencySnapshotSink, mergeSnapshots, parseScannerSnapshot, snapshotFiles, snapshotRun, submitDependencySnapshot } from '../../src/github/dependency-snapshot.js';
import { recordingLogger } from '../../src/logger.js';
import { DEPENDENCY_SNAPSHOT_DIR } from '../../src/scanners/types.js';
import { runSinks } from '../../src/sinks.js';
import type { WrittenReports } from '../../src/report/write.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { makeReport, makeStatus } from '../support/report-builder.js';

/** Real Trivy 0.74.0 `convert --format github` output (test/fixtures/SOURCES.md). */
const RECORDED = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'trivy-github', 'release-0.74.0-convert-github-pnpm.json'), 'utf8');
const HEAD = 'c'.repeat(40);
const PR = 3;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function outputDir(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-test-'));
  dirs.push(dir);
  mkdirSync(join(dir, DEPENDENCY_SNAPSHOT_DIR));
  return Object.entries(files).map(([name, text]) => {
    const f = join(dir, DEPENDENCY_SNAPSHOT_DIR, name);
    writeFileSync(f, text);
    return f;
  });
}

const prEnv = (repository: string) =>
  readRunEnvironment(
    { GITHUB_REPOSITORY: repository, GITHUB_SHA: 'd'.repeat(40), GITHUB_REF: `refs/pull/${PR}/merge`, GITHUB_EVENT_NAME: 'pull_request', GITHUB_RUN_ID: '4242', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'scan', GITHUB_SERVER_URL: 'https://github.com' },
    JSON.stringify({ pull_request: { number: PR, base: { sha: 'b'.repeat(40), ref: 'main' }, head: { sha: HEAD, ref: 'feature' } } }),
  );

describe('dependency snapshot against the fake GitHub API', () => {
  let fake: FakeGitHub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("Trivy's real snapshot, with the run's job, sha and ref, is accepted: the body passes the OpenAPI schema", async () => {
    fake = await startFakeGitHub();
    const repository = `${fake.repository.owner}/${fake.repository.name}`;
    const client = getOctokit(FAKE_TOKENS.write, { baseUrl: fake.url });
    const image = JSON.parse(RECORDED) as { manifests: Record<string, unknown> };
    // A second target (as an image scan writes) whose manifest has the same name: kept, under another key.
    const files = outputDir({ 'trivy-0.json': RECORDED, 'trivy-1.json': JSON.stringify({ ...image, scanned: '2026-12-02T03:00:00Z' }) });
    const logger = recordingLogger();
    const results = await runSinks([dependencySnapshotSink({ enabled: true, client, runEnv: prEnv(repository) })], { report: makeReport([], [makeStatus({ id: 'trivy' })]), files: { extraFiles: ['/elsewhere/falco-rules.yaml', ...files] } as unknown as WrittenReports, logger, notes: [] });
    expect(results).toEqual([{ id: 'dependency snapshot', ok: true }]);
    expect(fake.violations).toEqual([]);
    const req = fake.requests.find((r) => r.operationId === 'dependency-graph/create-repository-snapshot')!;
    expect(req.status).toBe(201);
    const body = req.body as Record<string, any>;
    expect(body.sha).toBe(HEAD); // the pull request's head, not the merge commit
    expect(body.ref).toBe(`refs/pull/${PR}/merge`);
    expect(body.job).toEqual({ correlator: 'CI_scan', id: '4242', html_url: `https://github.com/${repository}/actions/runs/4242` });
    expect(body.detector).toEqual({ name: 'trivy', version: '0.74.0', url: 'https://github.com/aquasecurity/trivy' });
    expect(Object.keys(body.manifests)).toEqual(['pnpm-lock.yaml', 'pnpm-lock.yaml (2)']);
    expect(body.manifests['pnpm-lock.yaml'].resolved.lodash.package_url).toBe('pkg:npm/lodash@4.17.4');
    expect(body.scanned).toBe('2026-12-02T03:00:00Z');
    expect(fake.checks.snapshots).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === 'info' && l.message.includes('Dependency snapshot submitted (2 manifests, 4 dependencies, correlator CI_scan)'))).toBe(true);
  });

  it('a file that is not a snapshot is left out with a warning naming it; with none valid nothing is sent', async () => {
    fake = await startFakeGitHub();
    const client = getOctokit(FAKE_TOKENS.write, { baseUrl: fake.url });
    const bad = JSON.parse(RECORDED);
    bad.manifests['pnpm-lock.yaml'].resolved.lodash.package_url = 'npm/lodash';
    const files = outputDir({ 'trivy-0.json': JSON.stringify(bad), 'trivy-1.json': '{not json' });
    const logger = recordingLogger();
    const r = await submitDependencySnapshot({ client, owner: fake.repository.owner, repo: fake.repository.name, runEnv: prEnv(`${fake.repository.owner}/${fake.repository.name}`), files, logger });
    expect(r.submitted).toBe(false);
    const warnings = logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings[0]).toMatch(/^Dependency snapshot trivy-0\.json left out: .*manifests\.pnpm-lock\.yaml\.resolved\.lodash\.package_url: a package URL starts with pkg:/);
    expect(warnings[1]).toMatch(/^Dependency snapshot trivy-1\.json left out: trivy-1\.json is not JSON/);
    expect(warnings[2]).toBe('Dependency snapshot not submitted: no snapshot file was valid.');
    expect(fake.requests).toEqual([]);
  });

  it('a read-only token (a fork PR, or no contents: write) is one warning naming the permission; the sink does not fail', async () => {
    fake = await startFakeGitHub();
    const client = getOctokit(FAKE_TOKENS.read, { baseUrl: fake.url });
    const logger = recordingLogger();
    const files = outputDir({ 'trivy-0.json': RECORDED });
    const results = await runSinks([dependencySnapshotSink({ enabled: true, client, runEnv: prEnv(`${fake.repository.owner}/${fake.repository.name}`) })], { report: makeReport([], []), files: { extraFiles: files } as unknown as WrittenReports, logger, notes: [] });
    expect(results[0]!.ok).toBe(true);
    const warnings = logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('403 Resource not accessible by integration');
    expect(warnings[0]).toContain('`contents: write`');
    expect(warnings[0]).toContain('dependency-snapshot: false');
  });

  it('pure parts: snapshot files by folder, the run facts, and the merged body validated', () => {
    expect(snapshotFiles(['/o/dependency-snapshots/trivy-0.json', '/o/falco/rules.yaml', '/o/dependency-snapshots/notes.txt'])).toEqual(['/o/dependency-snapshots/trivy-0.json']);
    expect(snapshotRun(readRunEnvironment({ GITHUB_REF: 'refs/heads/main' }, undefined))).toBe('GITHUB_SHA or GITHUB_REF is not set');
    const push = snapshotRun(readRunEnvironment({ GITHUB_SHA: HEAD, GITHUB_REF: 'refs/heads/main', GITHUB_RUN_ID: '1', GITHUB_WORKFLOW: 'W', GITHUB_JOB: 'j' }, undefined));
    expect(push).toMatchObject({ sha: HEAD, ref: 'refs/heads/main', correlator: 'W_j', jobId: '1' });
    const parsed = parseScannerSnapshot(RECORDED, 'x.json');
    expect(() => mergeSnapshots([parsed], { sha: 'nope', ref: 'refs/heads/main', correlator: 'c', jobId: '1' })).toThrow(/40-character commit SHA/);
    expect(() => mergeSnapshots([parsed], { sha: HEAD, ref: 'main', correlator: 'c', jobId: '1' })).toThrow(/full ref/);
  });
});
