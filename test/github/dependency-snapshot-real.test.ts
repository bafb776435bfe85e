/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read in assertions */
// The Trivy release `npm run setup:scanners` built, run through the action's Trivy adapter with
// dependency-snapshot on: its snapshot (trivy convert --format github on the report it wrote) is submitted by the
// dependency graph sink and accepted by the fake API, whose request schema comes from GitHub's OpenAPI description.
// Offline, so Trivy's license scanner lists the packages (the vuln scanner would need its DB).
import { getOctokit } from '@actions/github';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunEnvironment } from '../../src/github/context.js';
import { submitDependencySnapshot } from '../../src/github/dependency-snapshot.js';
import { recordingLogger } from '../../src/logger.js';
import { processRunner } from '../../src/scanners/process.js';
import { trivy } from '../../src/scanners/trivy/index.js';
import type { ScanContext } from '../../src/scanners/types.js';
import { FAKE_TOKENS, startFakeGitHub } from '../support/fake-github.js';
import { realScannerGate, realScanners } from '../support/real-scanners.js';
import { settingsFor } from '../support/settings.js';

const gate = realScannerGate(['trivy'], 'Trivy (dependency snapshot)');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'trivy');
const LOCK = {
  name: 'api',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'api', version: '1.0.0', dependencies: { lodash: '4.17.20' }, devDependencies: { ms: '2.1.3' } },
    'node_modules/lodash': { version: '4.17.20', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz' },
    'node_modules/ms': { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', dev: true },
  },
};

describe.skipIf(gate.skip)('Trivy dependency snapshot (real Trivy) submitted to the fake API', () => {
  let root = '';
  beforeAll(() => {
    gate.assertAvailable();
    root = mkdtempSync(join(tmpdir(), 'trivy-snapshot-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the recorded convert output is what this build writes (but the clock)', () => {
    const out = join(root, 'convert.json');
    const r = spawnSync(realScanners.trivy, ['convert', '--format', 'github', '--output', out, join(FIXTURES, 'repo-pnpm-lockfile.json.golden')], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: root } });
    expect(r.status, r.stderr).toBe(0);
    const strip = (t: string) => ({ ...JSON.parse(t), scanned: '' });
    expect(strip(readFileSync(out, 'utf8'))).toEqual(strip(readFileSync(join(FIXTURES, '..', 'trivy-github', 'release-0.74.0-convert-github-pnpm.json'), 'utf8')));
  });

  it('scans services/api, writes the snapshot with repository-relative manifests, and the fake accepts it', async () => {
    const workspace = join(root, 'repo');
    const scanRoot = join(workspace, 'services', 'api');
    mkdirSync(scanRoot, { recursive: true });
    writeFileSync(join(scanRoot, 'package-lock.json'), JSON.stringify(LOCK, null, 2));
    const settings = settingsFor({ scanners: 'trivy', 'trivy-scanners': 'license', 'dependency-snapshot': 'true', path: 'services/api', 'fail-on': 'none', timeout: '5m', 'trivy-cache-dir': join(root, 'cache') });
    const tempDir = join(root, 'tmp');
    const outputDir = join(workspace, 'security-reports');
    mkdirSync(tempDir);
    mkdirSync(outputDir);
    const logger = recordingLogger();
    const ctx: ScanContext<NonNullable<typeof settings.scanners.trivy>> = {
      scan: settings.scan,
      settings: settings.scanners.trivy!,
      scanRoot,
      workspace,
      tempDir,
      outputDir,
      binary: realScanners.trivy,
      runner: processRunner,
      logger,
      event: { name: 'push' },
      env: { PATH: '/usr/bin:/bin', HOME: root },
      runnerVars: {},
      policy: { source: 'workspace', files: {} },
    };
    const run = await trivy.run(ctx);
    expect(run.published, JSON.stringify(logger.lines)).toEqual([join(outputDir, 'dependency-snapshots', 'trivy-0.json')]);
    const written = JSON.parse(readFileSync(run.published![0]!, 'utf8'));
    expect(written.detector.name).toBe('trivy');
    expect(Object.values(written.manifests).map((m: any) => m.file.source_location)).toEqual(['services/api/package-lock.json']);
    const resolved = (Object.values(written.manifests)[0] as any).resolved;
    expect(resolved.lodash).toMatchObject({ package_url: 'pkg:npm/lodash@4.17.20', relationship: 'direct' });

    const fake = await startFakeGitHub();
    try {
      const sha = 'e'.repeat(40);
      const runEnv = readRunEnvironment({ GITHUB_REPOSITORY: `${fake.repository.owner}/${fake.repository.name}`, GITHUB_SHA: sha, GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_RUN_ID: '77', GITHUB_WORKFLOW: 'Security', GITHUB_JOB: 'scan' }, undefined);
      const r = await submitDependencySnapshot({ client: getOctokit(FAKE_TOKENS.write, { baseUrl: fake.url }), owner: fake.repository.owner, repo: fake.repository.name, runEnv, files: run.published!, logger });
      expect(fake.violations).toEqual([]);
      expect(r).toMatchObject({ submitted: true, manifests: 1 });
      // Trivy leaves dev dependencies out unless --include-dev-deps: lodash only.
      expect(r.dependencies).toBe(1);
      const body = fake.checks.snapshots[0]!.body as Record<string, any>;
      expect(body).toMatchObject({ sha, ref: 'refs/heads/main', job: { correlator: 'Security_scan', id: '77' }, detector: { name: 'trivy' } });
      expect(fake.responseErrors('dependency-graph/create-repository-snapshot', 201, { id: 1, created_at: 'x', result: 'SUCCESS', message: 'm' })).toEqual([]);
    } finally {
      await fake.close();
    }
  }, 120_000);
});
