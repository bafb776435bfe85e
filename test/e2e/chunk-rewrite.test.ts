// The bundle loads some modules lazily (ncc chunks beside dist/index.js). A scanner may run the pull request's build
// code (Snyk starts gradle, maven, sbt) as the runner's user, who can write to the action's directory: every chunk
// must already be loaded by then: such a scanner's scan waits for them (Scanner.runsProjectCode). A fake Snyk rewrites
// every chunk of a copy of dist/ as soon as its scan starts; the run must finish as usual, publishing and gating with
// the modules it loaded. (That the scan's spawn waits for the loading is checked on its own in
// test/scanners/schedule.test.ts: here the loads, issued first, would usually win the race anyway.)
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutputFile } from '../../scripts/run-action.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
// Snyk's `snyk test --json` on the npm goof project (source: test/fixtures/SOURCES.md).
const FIXTURES = join(ROOT, 'test', 'fixtures', 'snyk');

describe('lazily loaded chunks and the scanned code', () => {
  it("chunks rewritten by the project's build code as soon as Snyk's scan starts change nothing: report written, gate blocks", () => {
    const dir = mkdtempSync(join(tmpdir(), 'chunk-rewrite-'));
    const dist = join(dir, 'dist');
    cpSync(join(ROOT, 'dist'), dist, { recursive: true });
    writeFileSync(join(dir, 'package.json'), readFileSync(join(ROOT, 'package.json')));
    const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f));
    expect(chunks.length).toBeGreaterThan(3);
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    writeFileSync(join(ws, 'package.json'), '{"name":"goof","version":"1.0.0"}\n');
    // `snyk test` runs the project's package manager: here, that code rewrites every chunk the moment the scan starts.
    const snyk = join(dir, 'snyk');
    writeFileSync(
      snyk,
      [
        '#!/bin/sh',
        'case "$1" in --version) echo "1.1294.0"; exit 0;; esac',
        `for f in '${dist}'/[0-9]*.index.js; do echo 'throw new Error("chunk rewritten by the scanned code")' > "$f"; done`,
        `cat '${join(FIXTURES, 'snyk-test-npm-goof.json')}'`,
        'exit 1',
        '',
      ].join('\n'),
    );
    chmodSync(snyk, 0o755);
    const output = join(dir, 'output');
    writeFileSync(output, '');
    writeFileSync(join(dir, 'summary'), '');
    const r = spawnSync(process.execPath, [join(dist, 'index.js')], {
      cwd: ws,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        PATH: process.env['PATH'], HOME: process.env['HOME'], GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: join(dir, 'summary'), RUNNER_TEMP: dir,
        INPUT_SCANNERS: 'snyk', 'INPUT_SNYK-PATH': snyk, SNYK_TOKEN: ['snyk', 'FAKE', 'token', '0005'].join('-'),
      },
    });
    // The scanner did rewrite the chunks…
    for (const c of chunks) expect(readFileSync(join(dist, c), 'utf8')).toContain('chunk rewritten');
    // …and the run is the one the loaded modules give: report written, gate applied.
    expect(r.stdout).not.toContain('chunk rewritten');
    const outputs = parseOutputFile(readFileSync(output, 'utf8'));
    expect(outputs['decision'], r.stdout).toBe('BLOCK');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('security-scan blocked this change');
    const doc = JSON.parse(readFileSync(join(ws, 'security-reports', 'findings.json'), 'utf8')) as { total: number; scanners: { id: string; state: string }[] };
    expect(doc.scanners.map((x) => [x.id, x.state])).toEqual([['snyk', 'ok']]);
    expect(doc.total).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'summary'), 'utf8')).toContain('BLOCK');
  }, 150_000);
});
