// Speed and memory of the stages on large synthetic scanner outputs, the start-up cost of dist/index.js, and the
// example scan with the real scanners. Prints a table of figures against targets; no figure fails a build.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { parseTrivy } from '../src/scanners/trivy/index.js';
import { parseGitleaks } from '../src/scanners/gitleaks/index.js';
import { identify } from '../src/findings/identify.js';
import { lineHashes } from '../src/findings/linehash.js';
import { mergeFindings } from '../src/findings/merge.js';
import { countByScanner, countBySeverity, riskOf } from '../src/assess/counts.js';
import { decideGate } from '../src/assess/gate.js';
import { renderSarif } from '../src/report/sarif.js';
import { renderJson } from '../src/report/json.js';
import { renderReport } from '../src/report/markdown.js';
import { COMMENT_MAX_CHARS } from '../src/github/limits.js';
import type { ScanReport } from '../src/report/types.js';
import { writeExampleTree } from '../scripts/example-tree.mjs';
import { localScanners, missingScanners } from '../scripts/local-scanners.mjs';
import { runAction } from '../scripts/run-action.mjs';

const rows: [string, string, string][] = [];
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
function time<T>(label: string, target: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  rows.push([label, fmtMs(performance.now() - t0), target]);
  return out;
}

const N_VULNS = 100_000;
const N_MISCONF = 20_000;
const N_SECRETS = 5_000;
const SEV = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];

function syntheticTrivy(): string {
  const results = [];
  for (let t = 0; t < 200; t++) {
    results.push({
      Target: `services/svc-${t}/package-lock.json`,
      Class: 'lang-pkgs',
      Type: 'npm',
      Vulnerabilities: Array.from({ length: N_VULNS / 200 }, (_, i) => ({
        VulnerabilityID: `CVE-2024-${10000 + ((t * 37 + i) % 9000)}`,
        PkgName: `pkg-${i % 300}`,
        InstalledVersion: `1.${i % 10}.0`,
        FixedVersion: i % 3 ? `1.${i % 10}.1` : '',
        Title: 'Synthetic vulnerability with a realistic title length for the report',
        Description: 'x'.repeat(400),
        Severity: SEV[i % 5],
        CVSS: { nvd: { V3Score: (i % 100) / 10 } },
        References: [`https://example.invalid/advisory/${i}`],
      })),
    });
  }
  for (let t = 0; t < 100; t++) {
    results.push({
      Target: `infra/module-${t}.tf`,
      Class: 'config',
      Type: 'terraform',
      Misconfigurations: Array.from({ length: N_MISCONF / 100 }, (_, i) => ({
        ID: `AVD-AWS-${String(i % 150).padStart(4, '0')}`,
        Title: 'Synthetic misconfiguration',
        Description: 'y'.repeat(200),
        Severity: SEV[i % 4],
        Status: 'FAIL',
        CauseMetadata: { StartLine: i + 1, EndLine: i + 1 },
      })),
    });
  }
  return JSON.stringify({ SchemaVersion: 2, ArtifactName: '.', ArtifactType: 'filesystem', Results: results });
}

function syntheticGitleaks(): string {
  return JSON.stringify(
    Array.from({ length: N_SECRETS }, (_, i) => ({ RuleID: i % 2 ? 'generic-api-key' : 'github-pat', Description: 'Synthetic', StartLine: (i % 200) + 1, EndLine: (i % 200) + 1, File: `src/file-${i % 100}.ts`, Secret: 'REDACTED', Match: 'REDACTED' })),
  );
}

it('pipeline stages on large synthetic outputs', () => {
  const trivyText = time('generate 100k vulns + 20k misconfigs (Trivy JSON)', '—', syntheticTrivy);
  rows.push(['  Trivy JSON size', mb(trivyText.length), '—']);
  const gitleaksText = syntheticGitleaks();
  const trivy = time('parse Trivy JSON (120k findings)', '< 3 s', () => parseTrivy(trivyText, {}).findings);
  const gitleaks = time('parse Gitleaks JSON (5k findings)', '< 0.2 s', () => parseGitleaks(gitleaksText).findings);
  const source = `${'const value = compute();\n'.repeat(400)}`;
  const identified = time('identify (line hashes of 200 files, fingerprints)', '< 3 s', () => identify([...trivy, ...gitleaks], (p) => (p.startsWith('src/') || p.startsWith('infra/') ? source : undefined)));
  const { findings, merged } = time('merge + sort', '< 2 s', () => mergeFindings(identified, ['trivy', 'gitleaks']));
  rows.push(['  findings after merge', `${findings.length} (${merged} merged)`, '—']);
  const counts = countBySeverity(findings);
  const scanners = [
    { id: 'trivy', displayName: 'Trivy', state: 'ok' as const, durationMs: 1, rawCount: trivy.length },
    { id: 'gitleaks', displayName: 'Gitleaks', state: 'ok' as const, durationMs: 1, rawCount: gitleaks.length },
  ];
  const report: ScanReport = {
    findings, scanners, counts, byScanner: countByScanner(findings, ['trivy', 'gitleaks']), total: findings.length, risk: riskOf(counts),
    gate: decideGate(counts, scanners, { failOn: 'high', failurePolicy: 'block', newOnly: false }),
    accounting: { raw: identified.length, reported: findings.length, merged, filteredBySeverity: 0, filteredByScanner: 0 },
    context: { serverUrl: 'https://github.com', repository: 'o/r', sha: 'a'.repeat(40), runId: '1' },
  };
  const sarif = time('SARIF run for Trivy (25,000-result cap)', '< 2 s', () => renderSarif({ id: 'trivy', displayName: 'Trivy', informationUri: 'https://trivy.dev/' }, findings, { categoryPrefix: 'security-scan' }));
  rows.push(['  SARIF size / left out', `${mb(sarif.text.length)} / ${sarif.leftOut}`, '—']);
  time('findings.json', '< 3 s', () => renderJson(report, { generatedAt: '2026-01-01T00:00:00Z', tool: { name: 'security-scan', version: '0' } }));
  const comment = time('PR comment (65,536-char budget)', '< 1 s', () => renderReport(report, { maxChars: COMMENT_MAX_CHARS }));
  rows.push(['  comment length', `${comment.length} chars`, '≤ 65,536']);
  rows.push(['peak RSS of the process (maxRSS)', mb(process.resourceUsage().maxRSS * 1024), '< 2,048 MB']);
});

it('line hash throughput', () => {
  const text = 'export const value = someFunction(argument, another) + 42; // comment\n'.repeat(80_000);
  const t0 = performance.now();
  lineHashes(text);
  const s = (performance.now() - t0) / 1000;
  rows.push(['line hash throughput (5.6 MB file)', `${(text.length / 1024 / 1024 / s).toFixed(1)} MB/s`, '≥ 5 MB/s']);
});

it('dist/index.js start-up and the example scan', () => {
  const missing = missingScanners(['node24', 'trivy', 'gitleaks']);
  if (missing.length) {
    rows.push(['start-up / example scan', `skipped: ${missing.join('; ')}`, '—']);
    return;
  }
  const bare = spawnSync(localScanners.node24, ['-e', '0']);
  void bare;
  const ws = mkdtempSync(join(tmpdir(), 'bench-'));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const runs = (fn: () => void) => median(Array.from({ length: 5 }, () => { const t = performance.now(); fn(); return performance.now() - t; }));
  const nodeOnly = runs(() => spawnSync(localScanners.node24, ['-e', '0']));
  const startup = runs(() => runAction({ workspace: ws, inputs: { scanners: 'nope' } }));
  rows.push(['node24 -e 0 (median of 5)', fmtMs(nodeOnly), '—']);
  rows.push(['dist/index.js to a config error (median of 5)', fmtMs(startup), '< 500 ms']);
  writeExampleTree(ws);
  const t0 = performance.now();
  const r = runAction({ workspace: ws, inputs: { scanners: 'trivy,gitleaks', 'trivy-scanners': 'misconfig,secret', 'trivy-skip-check-update': 'true', 'trivy-path': localScanners.trivy, 'gitleaks-path': localScanners.gitleaks, 'upload-sarif': 'false', 'fail-on': 'none' } });
  rows.push(['example scan, real Trivy + Gitleaks (wall)', fmtMs(performance.now() - t0), '< 60 s']);
  const rep = JSON.parse(readFileSync(join(ws, 'security-reports', 'findings.json'), 'utf8')) as { scanners: { id: string; durationMs: number }[] };
  for (const s of rep.scanners) rows.push([`  ${s.id} (concurrent)`, fmtMs(s.durationMs), '—']);
  rows.push(['  exit code', String(r.status), '0']);
});

it('prints the figures', () => {
  const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
  console.log(['', `${'measure'.padEnd(w[0]!)}  ${'figure'.padEnd(w[1]!)}  target`, ...rows.map(([a, b, c]) => `${a.padEnd(w[0]!)}  ${b.padEnd(w[1]!)}  ${c}`), ''].join('\n'));
});
