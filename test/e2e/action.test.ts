// Runs the bundled dist/index.js under Node 24 the way the runner does (INPUT_* variables, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE) with the real Trivy and Gitleaks on a generated example tree.
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeExampleTree } from '../../scripts/example-tree.mjs';
import { localScanners, missingScanners, realScannerSkipReason, realScanners, realScannerVersions, root } from '../../scripts/local-scanners.mjs';
import { runAction } from '../../scripts/run-action.mjs';
import { multitoolAvailable, validateSarifFile } from '../support/multitool.js';

const missing = missingScanners(['trivy', 'gitleaks', 'node24']);
if (missing.length) console.warn(`e2e tests skipped: ${missing.join('; ')}`);

const BASE_INPUTS = {
  scanners: 'trivy,gitleaks',
  'trivy-scanners': 'misconfig,secret', // offline: no vulnerability DB can be downloaded here
  'trivy-skip-check-update': 'true',
  'trivy-path': localScanners.trivy,
  'gitleaks-path': localScanners.gitleaks,
  'upload-sarif': 'false',
  comment: 'never',
};

// The suites that run real Trivy run twice: on the npm package's old `dev` build (old flag spellings, probed with
// --help) and on the release `npm run setup:scanners` built (current spellings, version read from --version).
// Without the release build its suites skip locally and fail in CI.
const releaseMissing = realScannerSkipReason(['trivy']);
if (releaseMissing) console.warn(`e2e tests on the Trivy release ${process.env.CI ? 'fail (CI is set)' : 'skipped'}: ${releaseMissing}`);
const TRIVY_BUILDS = [
  { name: 'npm dev build', path: localScanners.trivy, version: 'dev', skip: missing.length > 0, unavailable: undefined },
  {
    name: `release ${realScannerVersions()?.scanners?.trivy?.version ?? ''}`.trim(),
    path: realScanners.trivy,
    version: realScannerVersions()?.scanners?.trivy?.version,
    skip: missing.length > 0 || (Boolean(releaseMissing) && !process.env.CI),
    unavailable: releaseMissing,
  },
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

interface Report {
  decision: string;
  total: number;
  counts: Record<string, number>;
  accounting: { raw: number; reported: number; merged: number; filteredBySeverity: number };
  byScanner: Record<string, Record<string, number>>;
  scanners: { id: string; state: string; error?: string; rawCount: number; version?: string; durationMs: number }[];
  findings: { kind: string; severity: string; location: { path?: string; startLine?: number }; sources: { scanner: string; ruleId: string }[] }[];
}

for (const build of TRIVY_BUILDS) {
  const inputs = { ...BASE_INPUTS, 'trivy-path': build.path };
  describe.skipIf(build.skip)(`dist/index.js end to end (real Trivy ${build.name} + Gitleaks, Node 24)`, () => {
    let workspace: string;
    let secrets: Record<string, string>;
    let blocked: ReturnType<typeof runAction>;
    let report: Report;

    beforeAll(() => {
      expect(existsSync(join(root, 'dist', 'index.js')), 'run `npm run build` first').toBe(true);
      if (build.unavailable) throw new Error(build.unavailable);
      workspace = mkdtempSync(join(tmpdir(), 'e2e-ws-'));
      secrets = writeExampleTree(workspace);
      blocked = runAction({ workspace, inputs: { ...inputs, 'fail-on': 'high' } });
      report = JSON.parse(readFileSync(join(workspace, 'security-reports', 'findings.json'), 'utf8')) as Report;
    }, 300_000);

    it('fails the step with fail-on: high and says why, counting by severity', () => {
      expect(blocked.status).toBe(1);
      expect(blocked.outputs.decision).toBe('BLOCK');
      const blocking = report.counts.critical! + report.counts.high!;
      expect(blocking).toBeGreaterThan(0);
      expect(blocked.stdout).toContain(`::error::security-scan blocked this change: ${blocking} findings at or above fail-on 'high' (${report.counts.critical} critical, ${report.counts.high} high).`);
    });

    it('sets every output consistently with findings.json', () => {
      const o = blocked.outputs;
      expect(Number(o.total)).toBe(report.findings.length);
      for (const s of ['critical', 'high', 'medium', 'low']) {
        expect(Number(o[s])).toBe(report.findings.filter((f) => f.severity === s).length);
      }
      expect(o.risk).toBe('CRITICAL');
      expect(o['sarif-dir']).toBe(join(workspace, 'security-reports', 'sarif'));
      expect(o['report-json']).toBe(join(workspace, 'security-reports', 'findings.json'));
      expect(report.scanners.map((s) => [s.id, s.state])).toEqual([['trivy', 'ok'], ['gitleaks', 'ok']]);
      expect(report.scanners.find((s) => s.id === 'gitleaks')!.version).toBe('8.28.0');
      expect(report.scanners.find((s) => s.id === 'trivy')!.version).toBe(build.version);
      expect(blocked.summary).toContain('BLOCK');
      expect(blocked.summary).toContain(readFileSync(join(workspace, "security-reports", "summary.md"), "utf8").split("\n")[0]!);
    });

    it('counts each planted secret once although both scanners report it', () => {
      const secretFindings = report.findings.filter((f) => f.kind === 'secret');
      const places = secretFindings.map((f) => `${f.location.path}:${f.location.startLine}`).sort();
      expect(places).toEqual(['app/config.js:3', 'app/config.js:4', 'scripts/deploy.sh:2']);
      for (const f of secretFindings) expect(new Set(f.sources.map((s) => s.scanner))).toEqual(new Set(['trivy', 'gitleaks']));
      // every raw finding is accounted for
      const { raw, reported, merged, filteredBySeverity } = report.accounting;
      expect(raw).toBe(report.scanners.reduce((n, s) => n + s.rawCount, 0));
      expect(reported + merged + filteredBySeverity).toBe(raw);
      expect(merged).toBe(3);
      // each scanner is credited with what it found, although each secret is one finding
      expect(report.byScanner.gitleaks).toEqual({ critical: 2, high: 0, medium: 1, low: 0, info: 0 });
      expect(report.byScanner.trivy!.critical).toBe(report.counts.critical);
    });

    it('writes one SARIF per scanner that passes the Multitool GitHub rules with 0 errors', () => {
      const dir = join(workspace, 'security-reports', 'sarif');
      expect(readdirSync(dir).sort()).toEqual(['gitleaks.sarif', 'trivy.sarif']);
      const categories = readdirSync(dir).map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { runs: { automationDetails: { id: string } }[] }).runs.map((r) => r.automationDetails.id));
      expect(categories.flat().sort()).toEqual(['security-scan/gitleaks/', 'security-scan/trivy/']);
      if (!multitoolAvailable()) return console.warn('Multitool check skipped: @microsoft/sarif-multitool-linux not installed');
      for (const f of readdirSync(dir)) {
        const { errors } = validateSarifFile(join(dir, f));
        expect(errors, `${f}: ${JSON.stringify(errors)}`).toEqual([]);
      }
    }, 120_000);

    it('never lets a secret value reach a report, the log or the outputs', () => {
      const everything = [
        blocked.stdout,
        blocked.stderr,
        blocked.summary,
        JSON.stringify(blocked.outputs),
        ...filesUnder(join(workspace, 'security-reports')).map((f) => readFileSync(f, 'utf8')),
      ].join('\n');
      for (const [name, value] of Object.entries(secrets)) expect(everything.includes(value), name).toBe(false);
      // nor a recognisable part of one
      for (const value of Object.values(secrets)) expect(everything.includes(value.slice(-16))).toBe(false);
    });

    it('proceeds with fail-on: none', () => {
      const r = runAction({ workspace, inputs: { ...inputs, 'fail-on': 'none', 'output-dir': 'reports-none' } });
      expect(r.status).toBe(0);
      expect(r.outputs.decision).toBe('PROCEED');
      expect(Number(r.outputs.total)).toBe(report.findings.length);
    }, 300_000);
  });
}

describe.skipIf(missingScanners(['node24']).length > 0)('dist/index.js with bad input', () => {
  const ws = mkdtempSync(join(tmpdir(), 'e2e-bad-'));
  const cases: [string, Record<string, string>, string][] = [
    ['an unknown scanner', { scanners: 'trivy,trivvy' }, "Input 'scanners' has unknown value 'trivvy'; allowed: trivy, gitleaks"],
    ['an invalid fail-on', { 'fail-on': 'severe' }, "Input 'fail-on' is 'severe'; allowed: critical, high, medium, low, none."],
    ['a missing path', { path: 'no/such/dir' }, "Input 'path' is 'no/such/dir', but no such directory exists in the workspace"],
  ];
  it.each(cases)('%s fails the step naming the input and what is allowed', (_name, inputs, message) => {
    const r = runAction({ workspace: ws, inputs: { 'upload-sarif': 'false', comment: 'never', ...inputs } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`::error::Configuration error: ${message}`);
    expect(r.outputs.decision).toBe('BLOCK');
  });
});

describe.skipIf(missing.length > 0)('dist/index.js when one scanner misbehaves', () => {
  const ws = mkdtempSync(join(tmpdir(), 'e2e-broken-'));
  writeExampleTree(ws);
  const fakeTrivy = (body: string) => {
    const p = join(mkdtempSync(join(tmpdir(), 'fake-trivy-')), 'trivy');
    writeFileSync(p, `#!/bin/sh\ncase "$1" in --version) echo "Version: 0.99.0"; exit 0;; esac\nfor a in "$@"; do [ "$prev" = "--output" ] && out="$a"; prev="$a"; done\ncase "$2" in --help) echo "--scanners misconfig --skip-check-update"; exit 0;; esac\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  };

  it('a malformed Trivy output fails Trivy with a clear message and keeps the Gitleaks results', () => {
    const r = runAction({ workspace: ws, inputs: { ...BASE_INPUTS, 'fail-on': 'none', 'output-dir': 'broken', 'trivy-path': fakeTrivy('echo "this is not json" > "$out"') } });
    expect(r.status).toBe(1); // a failed scanner blocks even with fail-on: none
    expect(r.stdout).toMatch(/::error::security-scan blocked this change: Trivy failed: output is not valid JSON/);
    const rep = JSON.parse(readFileSync(join(ws, 'broken', 'findings.json'), 'utf8')) as Report;
    expect(rep.scanners.find((s) => s.id === 'trivy')!.state).toBe('failed');
    expect(rep.findings.filter((f) => f.kind === 'secret').map((f) => f.sources.map((s) => s.scanner))).toEqual([['gitleaks'], ['gitleaks'], ['gitleaks']]);
    // no SARIF for the failed scanner: an empty run would close its open alerts
    expect(readdirSync(join(ws, 'broken', 'sarif'))).toEqual(['gitleaks.sarif']);
  }, 300_000);

  it('a hanging Trivy is killed at the timeout and named', () => {
    const r = runAction({ workspace: ws, inputs: { ...BASE_INPUTS, timeout: '3s', 'output-dir': 'hung', 'trivy-path': fakeTrivy('sleep 60') } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Trivy failed: timed out after 3s and was stopped');
  }, 300_000);
});

for (const build of TRIVY_BUILDS) {
  describe.skipIf(build.skip)(`dist/index.js with all five scanners, three of them unavailable (Trivy ${build.name})`, () => {
    it('reports the two that ran and names the three that could not, with the reason', () => {
      if (build.unavailable) throw new Error(build.unavailable);
      const ws = mkdtempSync(join(tmpdir(), 'e2e-five-'));
      writeExampleTree(ws);
      const r = runAction({
        workspace: ws,
        inputs: {
          ...BASE_INPUTS,
          'trivy-path': build.path,
          scanners: 'trivy,gitleaks,checkov,snyk,falco',
          'install-scanners': 'false', // checkov and snyk are not on PATH here and may not be installed
          'falco-events': 'captured/falco-events.jsonl', // Falco wrote nothing
          'fail-on': 'none',
        },
        // a PATH with node (the Gitleaks wrapper needs it) but neither checkov nor snyk
        env: { PATH: `${join(process.execPath, '..')}:/usr/bin:/bin` },
      });
      const rep = JSON.parse(readFileSync(join(ws, 'security-reports', 'findings.json'), 'utf8')) as Report;
      expect(rep.scanners.map((s) => [s.id, s.state])).toEqual([
        ['trivy', 'ok'],
        ['gitleaks', 'ok'],
        ['checkov', 'unavailable'],
        ['snyk', 'unavailable'],
        ['falco', 'unavailable'],
      ]);
      const reason = (id: string) => rep.scanners.find((s) => s.id === id)!.error!;
      expect(reason('checkov')).toMatch(/checkov-path/);
      expect(reason('checkov')).toMatch(/install-scanners/);
      expect(reason('snyk')).toMatch(/snyk-path/);
      expect(reason('falco')).toMatch(/falco-events/);
      // the two that ran are fully reported
      expect(rep.findings.filter((f) => f.kind === 'secret')).toHaveLength(3);
      expect(rep.findings.length).toBeGreaterThan(20);
      // the gate does not pass silently, even with fail-on: none
      expect(r.status).toBe(1);
      for (const name of ['Checkov', 'Snyk', 'Falco']) expect(r.stdout).toContain(`${name} could not run:`);
      expect(r.summary).toMatch(/Checkov/);
      expect(r.summary).toMatch(/Snyk/);
      expect(r.summary).toMatch(/Falco/);
    }, 300_000);
  });
}
