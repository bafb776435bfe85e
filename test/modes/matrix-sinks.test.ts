// The sinks two legs of a matrix would otherwise share, beyond the comment, categories and artifact (those run through
// the bundled action in matrix-legs.test.ts): each leg's dependency snapshot has its own correlator, so one leg's
// submission does not replace the other's (the dependency graph keeps one snapshot per correlator and detector).
// githubSinks against the api.github.com imitation, with Trivy's real `--format github` output as the snapshot.
import { getOctokit } from '@actions/github';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRunEnvironment } from '../../src/github/context.js';
import { githubSinks } from '../../src/github/sinks.js';
import { recordingLogger } from '../../src/logger.js';
import { keyByLeg, keyPolicyByLeg, matrixField, type MatrixLeg } from '../../src/modes/matrix.js';
import { processRunner } from '../../src/scanners/process.js';
import { DEPENDENCY_SNAPSHOT_DIR } from '../../src/scanners/types.js';
import { runSinks } from '../../src/sinks.js';
import type { PublishSettings } from '../../src/config/settings.js';
import type { WrittenReports } from '../../src/report/write.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { makeReport, makeStatus } from '../support/report-builder.js';

/** Real Trivy 0.74.0 `convert --format github` output (test/fixtures/SOURCES.md). */
const RECORDED = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'trivy-github', 'release-0.74.0-convert-github-pnpm.json'), 'utf8');
const leg = (json: string): MatrixLeg => matrixField().parse(json)!;

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function submit(f: FakeGitHub, matrix: MatrixLeg | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-sinks-'));
  mkdirSync(join(dir, DEPENDENCY_SNAPSHOT_DIR));
  const file = join(dir, DEPENDENCY_SNAPSHOT_DIR, 'trivy-0.json');
  writeFileSync(file, RECORDED);
  const runEnv = readRunEnvironment(
    { GITHUB_REPOSITORY: `${f.repository.owner}/${f.repository.name}`, GITHUB_SHA: 'd'.repeat(40), GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_RUN_ID: '4242', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'scan', GITHUB_SERVER_URL: 'https://github.com' },
    JSON.stringify({ ref: 'refs/heads/main', repository: { default_branch: 'main' } }),
  );
  const sinks = githubSinks({
    settings: {} as PublishSettings,
    runEnv,
    workspace: dir,
    client: getOctokit(FAKE_TOKENS.write, { baseUrl: f.url }),
    emit: { error: () => {}, warning: () => {}, notice: () => {} },
    writeSummary: async () => {},
    runner: processRunner,
    startedAt: new Date(),
    artifactEnv: {},
    onSarifIds: () => {},
    only: ['dependency-snapshot'],
    dependencySnapshot: true,
    ...(matrix ? { leg: matrix } : {}),
  });
  const logger = recordingLogger();
  const results = await runSinks(sinks, { report: makeReport([], [makeStatus({ id: 'trivy' })]), files: { extraFiles: [file] } as unknown as WrittenReports, logger, notes: [] });
  expect(results).toEqual([{ id: 'dependency snapshot', ok: true }]);
}

const correlators = (f: FakeGitHub) => f.checks.snapshots.map((s) => (s.body as { job: { correlator: string } }).job.correlator);

describe('matrix legs and the dependency snapshot', () => {
  it("two legs submit under two correlators (<workflow>_<job>_<key>); outside a matrix it stays trivy-action's <workflow>_<job>", async () => {
    fake = await startFakeGitHub();
    const a = leg('{\n  "image": "app:1"\n}');
    const b = leg('{\n  "image": "db:2"\n}');
    await submit(fake, a);
    await submit(fake, b);
    await submit(fake, undefined);
    expect(correlators(fake)).toEqual([`CI_scan_${a.key}`, `CI_scan_${b.key}`, 'CI_scan']);
    expect(fake.violations).toEqual([]);
  });
});

describe('keyPolicyByLeg', () => {
  it("keys the baseline artifact by the leg (and leaves it outside a matrix, or when it is empty)", () => {
    const l = leg('{"image": "alpine-3.20"}');
    const policy = { baselineArtifact: 'security-scan-baseline', other: true };
    expect(keyPolicyByLeg(policy, l)).toEqual({ baselineArtifact: 'security-scan-baseline-image=alpine-3.20', other: true });
    expect(keyPolicyByLeg(policy, undefined)).toBe(policy);
    expect(keyPolicyByLeg({ baselineArtifact: '' }, l)).toEqual({ baselineArtifact: '' });
    // The same leg gets the same names in both places its key goes.
    const publish = keyByLeg({ categoryPrefix: 'security-scan', commentKey: '', artifactName: 'security-reports' }, l);
    expect(publish.artifactName.slice('security-reports-'.length)).toBe(keyPolicyByLeg(policy, l).baselineArtifact.slice('security-scan-baseline-'.length));
  });
});
