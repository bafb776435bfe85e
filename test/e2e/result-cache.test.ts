// trivy-result-cache through the action's entry points: main.ts run() as a step on a push to the default branch
// (the event payload says which branch that is) against the local Actions cache service imitation, and the bundled
// dist/index.js against a cache service that accepts connections and never answers (it must still finish and exit).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localScanners, missingScanners, root } from '../../scripts/local-scanners.mjs';
import { runStep } from '../support/action-step.js';
import { startFakeCacheService, type FakeCacheService } from '../support/fake-cache.js';
import { fakeTrivy } from '../scanners/trivy/fake-trivy.js';

const IMAGE = readFileSync(join(root, 'test', 'fixtures', 'trivy', 'image-alpine-39.json.golden'), 'utf8');
const PINNED = `registry.example/app@sha256:${'ab'.repeat(32)}`;

let svc: FakeCacheService;
beforeAll(async () => {
  svc = await startFakeCacheService();
});
afterAll(async () => {
  await svc.close();
});

/** A push to main, as the runner describes it: GITHUB_REF and the payload's repository.default_branch. */
function pushEnv(dir: string, resultsUrl: string): Record<string, string> {
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ repository: { default_branch: 'main' }, before: 'a'.repeat(40), after: 'b'.repeat(40) }));
  const ws = join(dir, 'ws');
  mkdirSync(ws, { recursive: true });
  return {
    GITHUB_WORKSPACE: ws,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_PATH: event,
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: resultsUrl,
    ACTIONS_RUNTIME_TOKEN: svc.token,
  };
}

const inputs = (trivyPath: string) => ({
  scanners: 'trivy',
  'trivy-path': trivyPath,
  'trivy-scan-type': 'image',
  'trivy-scanners': 'misconfig,secret',
  images: PINNED,
  'trivy-result-cache': 'true',
  'fail-on': 'high',
  'upload-sarif': 'false',
  comment: 'never',
  'upload-artifact': 'false',
});

describe('trivy-result-cache through main.ts run()', () => {
  it('a push to the default branch saves; the next push (a fresh runner) restores the report, does not scan the image, and gates the same', async () => {
    const fake = fakeTrivy({ [PINNED]: { json: IMAGE } });
    const steps = [];
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'result-cache-step-'));
      // The same RUNNER_TEMP path on every runner (the cache version hashes it), emptied as on a fresh one.
      const runner = join(tmpdir(), 'result-cache-runner-temp');
      rmSync(runner, { recursive: true, force: true });
      mkdirSync(runner);
      steps.push(await runStep(runner, pushEnv(dir, svc.url), inputs(fake.path)));
    }
    expect(fake.calls().filter((c) => c[0] === 'image')).toHaveLength(1);
    expect(svc.violations).toEqual([]);
    expect(steps[1]!.stdout).toContain(`Trivy result cache: '${PINNED}' restored from security-scan-trivy-result-`);
    for (const s of steps) {
      expect(s.exitCode).toBe(1); // the image's high findings block, restored or scanned
      expect(s.outputs['total']).toBe('6');
    }
    expect(steps[1]!.outputs['decision']).toBe(steps[0]!.outputs['decision']);
    // The job summary (and findings.json) say the image was not scanned in this run.
    expect(steps[0]!.summary).not.toContain('not scanned in this run');
    expect(steps[1]!.summary).toContain('Trivy: 1 of 1 image not scanned in this run: their reports were restored from the result cache');
  });
});

const missing = missingScanners(['node24']);
describe.skipIf(missing.length > 0)('trivy-result-cache through dist/index.js', () => {
  it('a cache service that never answers: the restore is given up on after 30 s, the image scanned, and the process exits with the gate’s code', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'result-cache-dist-'));
      const runner = join(dir, 'runner');
      mkdirSync(runner);
      for (const f of ['output', 'summary']) writeFileSync(join(runner, f), '');
      const fake = fakeTrivy({ [PINNED]: { json: IMAGE } });
      const env: Record<string, string> = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: dir,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: join(runner, 'output'),
        GITHUB_STEP_SUMMARY: join(runner, 'summary'),
        RUNNER_TEMP: runner,
        RUNNER_TOOL_CACHE: join(runner, 'tool-cache'),
        ...pushEnv(dir, `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`),
      };
      for (const [k, v] of Object.entries(inputs(fake.path))) env[`INPUT_${k.toUpperCase()}`] = v;
      const started = Date.now();
      const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(localScanners.node24, [join(root, 'dist', 'index.js')], { env, cwd: env['GITHUB_WORKSPACE'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code) => resolve({ code, out }));
      });
      expect(result.out).toContain('the cache restore did not finish within 30 s; given up');
      expect(fake.calls().filter((c) => c[0] === 'image')).toHaveLength(1);
      expect(result.code).toBe(1);
      expect(readFileSync(join(runner, 'output'), 'utf8')).toMatch(/decision<<.*\nBLOCK\n/);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  }, 90_000);
});
