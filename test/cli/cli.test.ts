// The `security-scan` command as a process: bundled with ncc into a temp directory (as `npm run build` bundles
// dist/cli), run on the bundled example tree with the npm builds of Trivy and Gitleaks, and under tmux with slow fake
// scanners for the live progress display.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleSecrets, writeExampleTree } from '../../scripts/example-tree.mjs';
import { localScanners, missingScanners } from '../../scripts/local-scanners.mjs';
import { inputSpecs } from '../../src/config/settings.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';
import { toolGate } from '../support/tools.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'security-scan-cli-'));
// The package layout: <pkg>/dist/cli/index.js next to <pkg>/action.yml (the help reads its descriptions).
const pkg = join(tmp, 'pkg');
const cli = join(pkg, 'dist', 'cli', 'index.js');
const scanners = localScanners as { trivy: string; gitleaks: string };
const real = toolGate(missingScanners(['trivy', 'gitleaks']) as string[], 'the CLI on the example tree');
const tmux = toolGate(spawnSync('tmux', ['-V']).status === 0 ? undefined : 'tmux is not installed (Debian package tmux)', 'the CLI under tmux');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI with a plain environment (no TTY: plain progress lines, no colour). */
function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: tmp, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const exampleArgs = (failOn: string, outputDir: string) => [
  '--scanners', 'trivy,gitleaks',
  '--trivy-scanners', 'misconfig,secret', // no vulnerability DB offline
  '--trivy-skip-check-update', 'true',
  '--trivy-path', scanners.trivy,
  '--gitleaks-path', scanners.gitleaks,
  '--fail-on', failOn,
  '--output-dir', outputDir,
];

beforeAll(() => {
  mkdirSync(pkg, { recursive: true });
  copyFileSync(join(root, 'action.yml'), join(pkg, 'action.yml'));
  execFileSync(process.execPath, [join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'), 'build', join(root, 'src', 'cli', 'index.ts'), '-o', join(pkg, 'dist', 'cli'), '--transpile-only', '--quiet'], { cwd: root, stdio: 'pipe' });
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('security-scan --help', () => {
  it('lists every action input as a flag, with its action.yml description, and the exit codes', async () => {
    const r = await runCli(['--help'], tmp);
    expect(r.status).toBe(0);
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const flags = new Set([...r.stdout.matchAll(/^ {2}--([a-z0-9-]+) <value>/gm)].map((m) => m[1]));
    const inputs = inputSpecs(SCANNERS).map((s) => s.input);
    expect(inputs.length).toBeGreaterThan(40);
    expect(inputs.filter((i) => !flags.has(i))).toEqual([]);
    expect([...flags].filter((f) => !inputs.includes(f!))).toEqual([]);
    // A description from action.yml (fail-on's), squeezed into commander's columns.
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/--fail-on <value> \S.{20,}\(default: high\)/);
    expect(r.stdout).toMatch(/0 the gate says PROCEED, 1 it says BLOCK/);
  });

  it('a bad flag value is a configuration error: exit 2 and a message naming the input', async () => {
    const ws = mkdtempSync(join(tmp, 'bad-'));
    const r = await runCli(['--fail-on', 'severe', '--scanners', 'trivy'], ws);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Configuration error: .*'fail-on'.*severe/);
    const unknown = await runCli(['--fail-onn', 'high'], ws);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--fail-onn'/);
  });
});

describe.skipIf(real.skip)('security-scan on the example tree (real Trivy and Gitleaks)', () => {
  const ws = join(tmp, 'example');
  const secrets = Object.values(exampleSecrets() as Record<string, string>);
  let high: Run;
  let none: Run;
  let formats: Record<string, Run>;
  beforeAll(async () => {
    real.assertAvailable();
    writeExampleTree(ws);
    [high, none] = await Promise.all([runCli(exampleArgs('high', 'out-high'), ws), runCli(exampleArgs('none', 'out-none'), ws)]);
    // The other formats print the files from output-dir; Gitleaks alone finds the planted secrets quickly.
    const gl = ['--scanners', 'gitleaks', '--gitleaks-path', scanners.gitleaks, '--fail-on', 'none'];
    const list = ['json', 'sarif', 'markdown', 'html'] as const;
    const runs = await Promise.all(list.map((f) => runCli([...gl, '--format', f, '--output-dir', `out-${f}`], ws)));
    formats = Object.fromEntries(list.map((f, i) => [f, runs[i]!]));
  }, 240_000);

  it('prints the table and exits 1 with --fail-on high', () => {
    expect(high.status, high.stderr).toBe(1);
    expect(high.stdout).toMatch(/│ Scanner\s+│ State/);
    expect(high.stdout).toMatch(/│ Trivy\s+│ ok/);
    expect(high.stdout).toMatch(/│ CRITICAL │ GitHub Personal Access Token\s+│ app\/config\.js:3\s+│ trivy, gitleaks/);
    expect(high.stdout).toMatch(/BLOCK \(fail-on high\)/);
    expect(high.stdout).not.toContain('\u001b['); // piped: no colour
    expect(existsSync(join(ws, 'out-high', 'findings.json'))).toBe(true);
    // Plain progress lines on stderr (not a TTY).
    expect(high.stderr).toMatch(/\[security-scan\] Trivy: running/);
    expect(high.stderr).toMatch(/\[security-scan\] Gitleaks: ok in \d+\.\ds \(3 raw finding\(s\)\)/);
  });

  it('exits 0 with --fail-on none, the same findings in the table', () => {
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/PROCEED \(fail-on none\)/);
    const total = (s: string) => /(\d+) finding\(s\): /.exec(s)?.[1];
    expect(total(none.stdout)).toBe(total(high.stdout));
    expect(Number(total(high.stdout))).toBeGreaterThan(10);
  });

  it('every format prints its report (json, sarif, markdown, html)', () => {
    for (const [f, r] of Object.entries(formats)) expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    const json = JSON.parse(formats['json']!.stdout) as { findings: unknown[] };
    expect(json.findings.length).toBe(3);
    const sarif = JSON.parse(formats['sarif']!.stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs.flatMap((r) => r.results).length).toBe(3);
    expect(formats['markdown']!.stdout).toMatch(/Gitleaks/);
    const html = formats['html']!;
    expect(html.stdout.startsWith('<!') || /no HTML report/.test(html.stderr)).toBe(true);
  });

  it('no planted secret value appears in any output, in any format', () => {
    expect(secrets.length).toBe(3);
    for (const [name, r] of Object.entries({ high, none, ...formats })) {
      for (const s of secrets) {
        expect(r.stdout.includes(s), `${name} stdout`).toBe(false);
        expect(r.stderr.includes(s), `${name} stderr`).toBe(false);
        // Nor a long piece of one (a partial redaction).
        expect(r.stdout.includes(s.slice(4, 16)), `${name} stdout (fragment)`).toBe(false);
      }
    }
  });
});

describe.skipIf(tmux.skip)('security-scan under tmux (live progress)', () => {
  it('shows each scanner state while it runs, then the table', async () => {
    tmux.assertAvailable();
    const dir = mkdtempSync(join(tmp, 'tmux-'));
    const bin = join(dir, 'bin');
    const ws = join(dir, 'ws');
    mkdirSync(bin);
    mkdirSync(ws);
    writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
    writeFileSync(join(dir, 'trivy.json'), JSON.stringify(ONE_HIGH_TRIVY_REPORT));
    // Trivy is quick; Gitleaks takes 6 s and reports nothing (an empty JSON report).
    const trivy = fakeScanner(bin, 'trivy', `${outputArg('--output')}\nsleep 1\ncp "${join(dir, 'trivy.json')}" "$out"`);
    const gitleaks = fakeScanner(bin, 'gitleaks', `${outputArg('--report-path')}\nsleep 6\necho '[]' > "$out"`);
    const session = `security-scan-cli-${process.pid}`;
    const command = [process.execPath, cli, '--scanners', 'trivy,gitleaks', '--trivy-scanners', 'misconfig', '--gitleaks-mode', 'dir', '--trivy-path', trivy, '--gitleaks-path', gitleaks, '--fail-on', 'high', ';', 'echo', 'EXIT=$?', ';', 'sleep', '30']
      .map((a) => (a === ';' ? a : `'${a.replace(/'/g, "'\\''")}'`).replace("'EXIT=$?'", '"EXIT=$?"'))
      .join(' ');
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '50', '-c', ws, `env -u CI HOME=${tmp} ${command}`]);
    const panes: string[] = [];
    try {
      const capture = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
      const deadline = Date.now() + 60_000;
      let pane = '';
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 400));
        pane = capture();
        if (/Trivy: ok in/.test(pane) && /Gitleaks: running \d+\.\ds/.test(pane)) panes.push(pane);
        if (/EXIT=\d/.test(pane)) break;
      }
      console.log(`captured while running:\n${panes[0] ?? '(none)'}\ncaptured at the end:\n${pane}`);
      // While Gitleaks still ran: Trivy finished, Gitleaks running with its elapsed time.
      expect(panes.length).toBeGreaterThan(0);
      expect(panes[0]).toMatch(/Trivy: ok in \d+\.\ds \(1 raw finding\(s\)\)/);
      expect(panes[0]).toMatch(/Gitleaks: running \d+\.\ds/);
      expect(pane).toMatch(/Gitleaks: ok in \d+\.\ds/);
      expect(pane).toMatch(/BLOCK \(fail-on high\)/);
      expect(pane).toMatch(/EXIT=1/);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }, 90_000);
});
