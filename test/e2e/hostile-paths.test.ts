// The bundled action (dist/index.js) on hostile trees, with a fake Trivy (a shell script) so no real scanner is
// needed: a `path` symlinked out of the workspace and `output-dir: .` are configuration errors before any scanner
// runs; a committed security-reports/summary.md symlink is not followed; a scanner that fails on the second run
// leaves no SARIF of the first; the artifact holds exactly the files the action wrote.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/local-scanners.mjs';
import { runAction, runActionAsync } from '../../scripts/run-action.mjs';
import { readZip, startFakeArtifactService } from '../support/fake-artifacts.js';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';
import { toolGate } from '../support/tools.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A workspace with a Dockerfile, a victim directory outside it, and a fake Trivy that records each scan it runs. */
function setup() {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'hostile-e2e-')));
  dirs.push(dir);
  const ws = join(dir, 'ws');
  const victim = join(dir, 'victim');
  mkdirSync(ws);
  mkdirSync(victim);
  writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
  writeFileSync(join(victim, 'file'), 'precious\n');
  writeFileSync(join(dir, 'report.json'), JSON.stringify(ONE_HIGH_TRIVY_REPORT));
  const scans = join(dir, 'scans.log');
  const mode = join(dir, 'mode'); // "ok" or "broken"
  writeFileSync(mode, 'ok');
  const trivy = fakeScanner(
    dir,
    'trivy',
    `echo "$PWD $*" >> "${scans}"
${outputArg('--output')}
if [ "$(cat "${mode}")" = "broken" ]; then echo "this is not json" > "$out"; else cp "${dir}/report.json" "$out"; fi`,
    { version: '0.75.0' },
  );
  return { dir, ws, victim, trivy, scans, mode, out: join(ws, 'security-reports') };
}

const inputs = (trivy: string, extra: Record<string, string> = {}) => ({
  scanners: 'trivy',
  'trivy-path': trivy,
  'trivy-scanners': 'misconfig',
  'fail-on': 'none',
  'upload-sarif': 'false',
  comment: 'never',
  ...extra,
});

const gate = toolGate(existsSync(join(root, 'dist', 'index.js')) ? undefined : 'dist/index.js is not built (npm run build)', 'the hostile-path e2e tests');

describe.skipIf(gate.skip)('dist/index.js on hostile trees', () => {
  beforeAll(gate.assertAvailable);

  // Today: path: src with src → /etc scans the runner's /etc.
  it('path: src where src → a directory outside the workspace: configuration error naming path, nothing scanned', () => {
    const s = setup();
    symlinkSync(s.victim, join(s.ws, 'src'));
    const r = runAction({ workspace: s.ws, inputs: inputs(s.trivy, { path: 'src' }), timeoutMs: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::Configuration error: Input 'path' is 'src', which leads outside the workspace through a symlink/);
    expect(r.outputs['decision']).toBe('BLOCK');
    expect(existsSync(s.scans)).toBe(false);
  }, 180_000);

  // Today: output-dir: . makes the artifact the whole checkout, .git/config included.
  it('output-dir: . is a configuration error naming output-dir and what to use; nothing scanned', () => {
    const s = setup();
    mkdirSync(join(s.ws, '.git'));
    writeFileSync(join(s.ws, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic x\n');
    const r = runAction({ workspace: s.ws, inputs: inputs(s.trivy, { 'output-dir': '.' }), timeoutMs: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::Configuration error: Input 'output-dir' is '\.', which is the workspace root.*use a dedicated directory such as 'security-reports'/);
    expect(existsSync(s.scans)).toBe(false);
    expect(existsSync(join(s.ws, 'findings.json'))).toBe(false);
  }, 180_000);

  // Today: the action overwrites the link's target.
  it('a committed security-reports/summary.md → a file outside is not followed; the artifact holds exactly the written files', async () => {
    const s = setup();
    mkdirSync(s.out);
    symlinkSync(join(s.victim, 'file'), join(s.out, 'summary.md'));
    const svc = await startFakeArtifactService();
    try {
      const r = await runActionAsync({
        workspace: s.ws,
        inputs: inputs(s.trivy),
        env: { ACTIONS_RUNTIME_TOKEN: svc.token, ACTIONS_RESULTS_URL: `${svc.url}/`, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1' },
        timeoutMs: 120_000,
      });
      expect(r.status, r.stdout).toBe(0);
      expect(readFileSync(join(s.victim, 'file'), 'utf8')).toBe('precious\n');
      expect(lstatSync(join(s.out, 'summary.md')).isFile()).toBe(true);
      expect(readFileSync(join(s.out, 'summary.md'), 'utf8')).toMatch(/DS002|Image user should not be/);
      expect(r.stdout).toMatch(/::warning::output-dir 'security-reports': summary\.md was a symlink/);
      expect(svc.violations).toEqual([]);
      const zip = readZip(svc.artifacts[0]!.blob!);
      expect([...zip.keys()].sort()).toEqual(['baseline.json', 'findings.json', 'metrics.prom', 'report.html', 'sarif/trivy.sarif', 'summary.md']);
    } finally {
      await svc.close();
    }
  }, 180_000);

  // Today: the first run's sarif/trivy.sarif stays and would be uploaded for a scanner that failed.
  it('a scanner that fails on the second run leaves no SARIF of the first', () => {
    const s = setup();
    const first = runAction({ workspace: s.ws, inputs: inputs(s.trivy), timeoutMs: 120_000 });
    expect(first.status, first.stdout).toBe(0);
    expect(existsSync(join(s.out, 'sarif', 'trivy.sarif'))).toBe(true);
    writeFileSync(s.mode, 'broken');
    const second = runAction({ workspace: s.ws, inputs: inputs(s.trivy), timeoutMs: 120_000 });
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(/::error::Trivy failed/);
    expect(existsSync(join(s.out, 'sarif', 'trivy.sarif'))).toBe(false);
    const json = JSON.parse(readFileSync(join(s.out, 'findings.json'), 'utf8')) as { scanners: { id: string; state: string }[] };
    expect(json.scanners).toEqual([expect.objectContaining({ id: 'trivy', state: 'failed' })]);
    expect(existsSync(join(s.out, '.security-scan.lock'))).toBe(false);
  }, 300_000);
});
