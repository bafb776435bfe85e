// The bundle loads some modules lazily (ncc chunks beside dist/index.js). A scanner may run the pull request's build
// code (Snyk starts gradle, maven, sbt) as the runner's user, who can write to the action's directory: every chunk
// must already be loaded by then. A fake scanner rewrites every chunk of a copy of dist/ half a second after it
// starts; the run must finish as usual, publishing and gating with the modules it loaded.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutputFile } from '../../scripts/run-action.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

describe('lazily loaded chunks and the scanned code', () => {
  it('chunks rewritten while a scanner runs change nothing: the report is written and the gate blocks on the finding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunk-rewrite-'));
    const dist = join(dir, 'dist');
    cpSync(join(ROOT, 'dist'), dist, { recursive: true });
    writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
    const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(3);
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    const report = { SchemaVersion: 2, ArtifactName: '.', ArtifactType: 'filesystem', Results: [{ Target: 'package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: [{ VulnerabilityID: 'CVE-2021-23337', PkgName: 'lodash', InstalledVersion: '4.17.15', FixedVersion: '4.17.21', Severity: 'HIGH', Title: 'lodash: command injection' }] }] };
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    const trivy = join(dir, 'trivy');
    writeFileSync(
      trivy,
      [
        '#!/bin/sh',
        'case "$1" in --version|version) echo "Version: 0.58.0"; exit 0;; esac',
        'out=""; prev=""; for a in "$@"; do [ "$prev" = "--output" ] && out="$a"; prev="$a"; done',
        'sleep 0.5',
        `for f in '${dist}'/[0-9]*.index.js; do echo 'throw new Error("chunk rewritten by the scanned code")' > "$f"; done`,
        `cp '${join(dir, 'report.json')}' "$out"`,
        '',
      ].join('\n'),
    );
    chmodSync(trivy, 0o755);
    const output = join(dir, 'output');
    writeFileSync(output, '');
    writeFileSync(join(dir, 'summary'), '');
    const r = spawnSync(process.execPath, [join(dist, 'index.js')], {
      cwd: ws,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: join(dir, 'summary'), RUNNER_TEMP: dir, INPUT_SCANNERS: 'trivy', 'INPUT_TRIVY-PATH': trivy, 'INPUT_TRIVY-SKIP-CHECK-UPDATE': 'true' },
    });
    // The scanner did rewrite the chunks…
    for (const c of chunks) expect(readFileSync(join(dist, c), 'utf8')).toContain('chunk rewritten');
    // …and the run is the one the loaded modules give: report written, gate applied.
    expect(r.stdout).not.toContain('chunk rewritten');
    const outputs = parseOutputFile(readFileSync(output, 'utf8'));
    expect(outputs['decision'], r.stdout).toBe('BLOCK');
    expect(outputs['high']).toBe('1');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('security-scan blocked this change');
    const doc = JSON.parse(readFileSync(join(ws, 'security-reports', 'findings.json'), 'utf8')) as { total: number };
    expect(doc.total).toBe(1);
    expect(readFileSync(join(dir, 'summary'), 'utf8')).toContain('BLOCK');
  }, 150_000);
});
