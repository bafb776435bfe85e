// The bundled action when publishing goes wrong: the job summary cannot be written and the GitHub API is not
// reachable. Every output is still set and the exit code is the gate's decision.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/local-scanners.mjs';
import { runAction } from '../../scripts/run-action.mjs';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';
import { toolGate } from '../support/tools.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sinks-e2e-'));
  const workspace = join(dir, 'ws');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM alpine:3.20\n');
  writeFileSync(join(dir, 'report.json'), JSON.stringify(ONE_HIGH_TRIVY_REPORT));
  const trivy = fakeScanner(dir, 'trivy', `${outputArg('--output')}\ncp "${dir}/report.json" "$out"`, { version: '0.75.0' });
  const event = join(dir, 'event.json');
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: 'a'.repeat(40), ref: 'main' }, head: { sha: 'b'.repeat(40), ref: 'feature' } } }));
  const summaryDir = join(dir, 'summary-is-a-directory');
  mkdirSync(summaryDir);
  return { workspace, trivy, event, summaryDir };
}

const gate = toolGate(existsSync(join(root, 'dist', 'index.js')) ? undefined : 'dist/index.js is not built (npm run build)', 'the failing-sinks e2e tests');

describe.skipIf(gate.skip)('dist/index.js when every sink fails', () => {
  beforeAll(gate.assertAvailable);
  const run = (failOn: string) => {
    const s = setup();
    return runAction({
      workspace: s.workspace,
      inputs: { scanners: 'trivy', 'trivy-path': s.trivy, 'trivy-scanners': 'misconfig', 'fail-on': failOn, 'github-token': 'test-token-value' },
      env: {
        GITHUB_STEP_SUMMARY: s.summaryDir,
        GITHUB_API_URL: 'http://127.0.0.1:9',
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: s.event,
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_SHA: 'c'.repeat(40),
        GITHUB_REF: 'refs/pull/7/merge',
        GITHUB_RUN_ID: '1',
      },
      timeoutMs: 240_000,
    });
  };

  it('blocks with fail-on: high: exit 1, every output set, each failed sink named in a warning', () => {
    const r = run('high');
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ total: '1', critical: '0', high: '1', medium: '0', low: '0', risk: 'HIGH', decision: 'BLOCK' });
    expect(r.outputs['sarif-dir']).toMatch(/security-reports\/sarif$/);
    expect(r.outputs['report-json']).toMatch(/findings\.json$/);
    expect(r.outputs['sarif-ids']).toBe('');
    expect(r.stdout).toMatch(/::warning::The job summary step failed and was skipped/);
    expect(r.stdout).toMatch(/::error::security-scan blocked this change: 1 findings? at or above fail-on 'high'/);
  }, 300_000);

  it('proceeds with fail-on: none: exit 0 although no sink worked', () => {
    const r = run('none');
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ total: '1', high: '1', decision: 'PROCEED' });
  }, 300_000);
});
