import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uploadReports, type ReportArtifactOptions } from '../../src/github/artifacts.js';
import { recordingLogger, type RecordedLogger } from '../../src/logger.js';
import { readZip, startFakeArtifactService, type FakeArtifactService } from '../support/fake-artifacts.js';

let dir: string;
let logger: RecordedLogger;
let svc: FakeArtifactService | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'artifacts-test-'));
  logger = recordingLogger();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await svc?.close();
  svc = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function reportFiles(): Promise<string[]> {
  await mkdir(join(dir, 'sarif'), { recursive: true });
  const files: [string, string][] = [
    ['findings.json', JSON.stringify({ findings: [{ ruleId: 'R1', severity: 'high' }] })],
    ['report.md', '# Security scan\n\n1 high finding\n'],
    ['sarif/trivy.sarif', JSON.stringify({ version: '2.1.0', runs: [] })],
  ];
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

/** The artifact library reads its endpoints from process.env itself; our function decides from `env`. */
function actionsEnv(s: FakeArtifactService): Record<string, string> {
  const env = {
    ACTIONS_RUNTIME_TOKEN: s.token,
    ACTIONS_RESULTS_URL: `${s.url}/`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_RUN_ID: '4242',
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.stubEnv('GITHUB_RETENTION_DAYS', '');
  return env;
}

const opts = (over: Partial<ReportArtifactOptions>): ReportArtifactOptions => ({
  name: 'security-scan-report',
  files: [],
  rootDir: dir,
  logger,
  env: {},
  ...over,
});

describe('uploadReports', () => {
  it('outside Actions: skipped with a notice saying why, nothing loaded', async () => {
    const notices: string[] = [];
    const loadClient = vi.fn();
    const out = await uploadReports(opts({ files: await reportFiles(), env: { HOME: '/root' }, logger: { ...logger, notice: (m) => void notices.push(m) }, loadClient }));
    expect(out.status).toBe('skipped');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('not running inside GitHub Actions');
    expect(loadClient).not.toHaveBeenCalled();
  });

  it('an empty artifact-name skips without loading the client', async () => {
    const loadClient = vi.fn();
    const out = await uploadReports(opts({ name: ' ', files: await reportFiles(), env: { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'u' }, loadClient }));
    expect(out).toEqual({ status: 'skipped', reason: expect.stringContaining('`artifact-name` is empty') });
    expect(loadClient).not.toHaveBeenCalled();
  });

  it('outside Actions without a notice method: logged at info', async () => {
    const out = await uploadReports(opts({ files: await reportFiles(), env: { ACTIONS_RUNTIME_TOKEN: 'x' } }));
    expect(out.status).toBe('skipped');
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'info', message: expect.stringContaining('ACTIONS_RESULTS_URL') })]);
  });

  it('uploads the reports through the artifact service: create, blob upload, finalize', async () => {
    svc = await startFakeArtifactService();
    const env = actionsEnv(svc);
    const files = await reportFiles();
    const out = await uploadReports(opts({ files, env, retentionDays: 5 }));

    expect(svc.violations).toEqual([]);
    expect(out).toEqual({
      status: 'uploaded',
      name: 'security-scan-report',
      files: 3,
      id: 1,
      size: expect.any(Number),
      url: 'https://github.com/octo-org/octo-repo/actions/runs/4242/artifacts/1',
    });
    const stored = svc.artifacts[0]!;
    expect(stored.finalized).toBe(true);
    const days = (Date.parse(stored.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(days).toBeLessThan(5.1);
    const zip = readZip(stored.blob!);
    expect([...zip.keys()].sort()).toEqual(['findings.json', 'report.md', 'sarif/trivy.sarif']);
    for (const f of files) {
      const rel = f.slice(dir.length + 1);
      expect(zip.get(rel)?.toString('utf8')).toBe(await readFile(f, 'utf8'));
    }
    expect(svc.requests.map((r) => `${r.method} ${r.path.replace(/\/\d+$/, '/N')} ${r.status}`)).toEqual([
      'POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact 200',
      'PUT /blob/N 201',
      'PUT /blob/N 201',
      'POST /twirp/github.actions.results.api.v1.ArtifactService/FinalizeArtifact 200',
    ]);
  });

  it('a name already used in the run becomes a warning telling to change artifact-name', async () => {
    svc = await startFakeArtifactService();
    const env = actionsEnv(svc);
    const files = await reportFiles();
    expect((await uploadReports(opts({ files, env }))).status).toBe('uploaded');
    // A first attempt (GITHUB_RUN_ATTEMPT unset or 1): another job's artifact, never replaced.
    const again = await uploadReports(opts({ files, env: { ...env, GITHUB_RUN_ATTEMPT: '1' } }));
    expect(again.status).toBe('failed');
    expect(svc.artifacts).toHaveLength(1);
    const warning = again.status === 'failed' ? again.warning : '';
    expect(warning).toContain('already exists');
    expect(warning).toContain('`artifact-name`');
    expect(logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([warning]);
    expect(svc.violations).toEqual([]);
  });

  it('a re-run (GITHUB_RUN_ATTEMPT 2) replaces its earlier attempt\'s artifact of that name instead of failing', async () => {
    svc = await startFakeArtifactService();
    const env = actionsEnv(svc);
    const files = await reportFiles();
    expect((await uploadReports(opts({ files, env: { ...env, GITHUB_RUN_ATTEMPT: '1' } }))).status).toBe('uploaded');
    await writeFile(files[0]!, JSON.stringify({ findings: [], attempt: 2 }));
    const again = await uploadReports(opts({ files, env: { ...env, GITHUB_RUN_ATTEMPT: '2' } }));
    expect(again).toMatchObject({ status: 'uploaded', id: 2 });
    expect(svc.artifacts.map((a) => [a.id, a.name])).toEqual([[2, 'security-scan-report']]);
    expect(readZip(svc.artifacts[0]!.blob!).get('findings.json')?.toString('utf8')).toContain('"attempt":2');
    expect(logger.lines.filter((l) => l.level === 'warning')).toEqual([]);
    expect(logger.lines.map((l) => l.message).join('\n')).toContain('Replaced the report artifact "security-scan-report" of an earlier attempt of this run (artifact 1): this is attempt 2.');
    expect(svc.requests.map((r) => r.path.split('/').pop())).toEqual(
      ['CreateArtifact', 'N', 'N', 'FinalizeArtifact', 'CreateArtifact', 'ListArtifacts', 'DeleteArtifact', 'CreateArtifact', 'N', 'N', 'FinalizeArtifact'].map((x) => (x === 'N' ? expect.any(String) : x)),
    );
    expect(svc.violations).toEqual([]);
  });

  it('a service error becomes a warning, never a throw', async () => {
    svc = await startFakeArtifactService();
    const env = actionsEnv(svc);
    svc.failCreate(403, 'permission_denied', 'the token may not create artifacts');
    const out = await uploadReports(opts({ files: await reportFiles(), env }));
    expect(out.status).toBe('failed');
    expect(out.status === 'failed' && out.warning).toContain('the token may not create artifacts');
  });

  it('a client that cannot load, or files outside rootDir, become warnings', async () => {
    const env = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'http://127.0.0.1:1' };
    const broken = await uploadReports(opts({ files: await reportFiles(), env, loadClient: () => Promise.reject(new Error('module not found')) }));
    expect(broken).toEqual({ status: 'failed', warning: expect.stringContaining('module not found') });

    svc = await startFakeArtifactService();
    const real = actionsEnv(svc);
    const outside = await uploadReports(opts({ files: ['/etc/hostname'], env: real }));
    expect(outside.status).toBe('failed');
    expect(svc.artifacts).toHaveLength(0);
  });
});
