// The Trivy release `npm run setup:scanners` built from the Go module proxy (the pinned version, or the newest the
// proxy serves when the pin is not there; .scanners/versions.json says which): its flag spellings, its offline run
// on the embedded checks, its SchemaVersion 2 output, and the action reading that output; the recorded output of
// this release in test/fixtures/trivy/ is checked against the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeExampleTree } from '../../scripts/example-tree.mjs';
import { localScanners } from '../../scripts/local-scanners.mjs';
import { runAction } from '../../scripts/run-action.mjs';
import { builtVersion, realScannerGate, realScanners } from '../support/real-scanners.js';

const gate = realScannerGate(['trivy'], 'Trivy (release build)');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'trivy', 'release-0.74.0-fs-misconfig-example.json');

interface Misconf { ID: string; Severity: string; Status: string; CauseMetadata?: { StartLine?: number } }
interface TrivyJson {
  SchemaVersion: number;
  Trivy?: { Version: string };
  ArtifactType: string;
  Results?: { Target: string; Class: string; Type: string; Misconfigurations?: Misconf[]; Secrets?: { RuleID: string; Severity: string; StartLine: number }[] }[];
}

const trivy = (args: string[], cwd?: string) => spawnSync(realScanners.trivy, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
const freshCache = () => mkdtempSync(join(tmpdir(), 'trivy-cache-'));

/** Failed misconfigurations as `ID target:line`, sorted. */
function misconfKeys(doc: TrivyJson): string[] {
  return (doc.Results ?? []).flatMap((r) => (r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL').map((m) => `${m.ID} ${r.Target}:${m.CauseMetadata?.StartLine ?? ''}`)).sort();
}

function severityCounts(doc: TrivyJson): Record<string, number> {
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const add = (s: string) => (counts[s === 'UNKNOWN' ? 'info' : s.toLowerCase()]! += 1);
  for (const r of doc.Results ?? []) {
    for (const m of r.Misconfigurations ?? []) if (m.Status === 'FAIL') add(m.Severity);
    for (const s of r.Secrets ?? []) add(s.Severity);
  }
  return counts;
}

describe.skipIf(gate.skip)(`Trivy release ${builtVersion('trivy')?.version ?? ''} (built with go install)`, () => {
  let version: string;
  let example: string;
  beforeAll(() => {
    gate.assertAvailable();
    const built = builtVersion('trivy')!;
    version = built.version;
    console.log(`[real scanners] trivy version: ${version} (${built.source})${built.version !== built.requested ? ` — pinned ${built.requested}; ${built.note ?? ''}` : ''}`);
    example = mkdtempSync(join(tmpdir(), 'trivy-example-'));
    writeExampleTree(example);
  });

  it('reports a release version (not `dev`) and never the malicious 0.69.4', () => {
    const r = trivy(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Version: ${version.replace(/\./g, '\\.')}$`, 'm'));
    expect(version).toMatch(/^0\.\d+\.\d+$/);
    expect(version).not.toBe('0.69.4');
    expect(Number(version.split('.')[1])).toBeGreaterThanOrEqual(67); // a release that needs GOEXPERIMENT=jsonv2
  });

  it('spells the flags the current way (--scanners misconfig, --skip-check-update); the old spellings are deprecated', () => {
    const help = trivy(['fs', '--help']);
    expect(help.stdout).toMatch(/--scanners strings .*allowed values: vuln,misconfig,secret,license/);
    expect(help.stdout).toContain('--skip-check-update');
    expect(help.stdout).not.toContain('--skip-policy-update');
    const old = trivy(['fs', '--scanners', 'config', '--skip-policy-update', '--format', 'json', '--cache-dir', freshCache(), '.'], example);
    expect(old.status).toBe(0);
    expect(old.stderr).toContain("'--scanners config' is deprecated. Use '--scanners misconfig' instead.");
    expect(old.stderr).toContain("'--skip-policy-update' is deprecated. Use '--skip-check-update' instead.");
    // the npm package's old `dev` build knows only the old spellings: why the adapter reads the dialect
    if (existsSync(localScanners.trivy)) {
      const dev = spawnSync(localScanners.trivy, ['fs', '--scanners', 'misconfig', '--skip-check-update', '--cache-dir', freshCache(), '.'], { cwd: example, encoding: 'utf8' });
      expect(dev.status).toBe(1);
    }
  });

  it('offline, --skip-check-update runs the embedded checks and writes SchemaVersion 2 JSON', () => {
    const cache = freshCache();
    const out = join(cache, 'out.json');
    const r = trivy(['fs', '--scanners', 'misconfig,secret', '--skip-check-update', '--format', 'json', '--cache-dir', cache, '--output', out, '.'], example);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('No downloadable checks were loaded as --skip-check-update is enabled');
    expect(r.stderr).toContain('Falling back to embedded checks');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as TrivyJson;
    expect(doc.SchemaVersion).toBe(2);
    expect(doc.Trivy?.Version).toBe(version);
    expect(doc.ArtifactType).toBe('filesystem');
    const byType = new Map((doc.Results ?? []).filter((x) => x.Class === 'config').map((x) => [x.Target, x.Type]));
    expect(byType.get('app/Dockerfile')).toBe('dockerfile');
    expect(byType.get('infra/main.tf')).toBe('terraform');
    expect(byType.get('k8s/deployment.yaml')).toBe('kubernetes');
    expect(misconfKeys(doc).length).toBeGreaterThan(20);
    const secrets = (doc.Results ?? []).flatMap((x) => (x.Secrets ?? []).map((s) => `${x.Target}:${s.StartLine} ${s.RuleID}`)).sort();
    expect(secrets).toEqual(['app/config.js:3 github-pat', 'app/config.js:4 slack-web-hook', 'scripts/deploy.sh:2 aws-access-key-id']);
    rmSync(cache, { recursive: true, force: true });
  });

  it('the recorded output in test/fixtures/trivy/ is what this release still reports on the example tree', () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as TrivyJson;
    expect(fixture.SchemaVersion).toBe(2);
    if (fixture.Trivy?.Version !== version) return console.warn(`fixture is from Trivy ${fixture.Trivy?.Version}, this build is ${version}: not compared`);
    const cache = freshCache();
    const out = join(cache, 'out.json');
    const r = trivy(['fs', '--format', 'json', '--scanners', 'misconfig', '--skip-check-update', '--cache-dir', cache, '--output', out, '.'], example);
    expect(r.status).toBe(0);
    const live = JSON.parse(readFileSync(out, 'utf8')) as TrivyJson;
    expect(misconfKeys(live)).toEqual(misconfKeys(fixture));
    expect(severityCounts(live)).toEqual(severityCounts(fixture));
  });

  it('through the action: current flags, version detected, counts per severity equal Trivy’s own JSON', () => {
    const cache = freshCache();
    const out = join(cache, 'own.json');
    const own = trivy(['fs', '--scanners', 'misconfig,secret', '--skip-check-update', '--format', 'json', '--cache-dir', cache, '--output', out, '.'], example);
    expect(own.status).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as TrivyJson;
    const r = runAction({
      workspace: example,
      inputs: {
        scanners: 'trivy',
        'trivy-path': realScanners.trivy,
        'trivy-scanners': 'misconfig,secret',
        'trivy-skip-check-update': 'true',
        'trivy-cache-dir': cache,
        'install-scanners': 'false',
        'upload-sarif': 'false',
        comment: 'never',
        'fail-on': 'none',
        'output-dir': 'reports-trivy',
      },
      env: { RUNNER_DEBUG: '1' },
    });
    const report = JSON.parse(readFileSync(join(example, 'reports-trivy', 'findings.json'), 'utf8')) as {
      counts: Record<string, number>;
      accounting: { raw: number; merged: number };
      scanners: { id: string; state: string; version?: string; rawCount: number }[];
    };
    const state = report.scanners.find((s) => s.id === 'trivy')!;
    expect(state.state).toBe('ok');
    expect(state.version).toBe(version);
    // the release is recognised from its version: no --help probe, current spellings on the command line
    expect(r.stdout).not.toMatch(/trivy: .* fs --help/);
    expect(r.stdout).toMatch(/::debug::trivy: .*--skip-check-update.*--scanners misconfig,secret/);
    expect(state.rawCount).toBe(misconfKeys(doc).length + 3);
    expect(report.accounting.merged).toBe(0);
    expect(report.counts).toEqual(severityCounts(doc));
    rmSync(join(example, 'reports-trivy'), { recursive: true, force: true });
  }, 300_000);
});
