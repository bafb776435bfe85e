// runPipeline's output directory on hostile and stale trees (hardening issue items 2–4), with real symlinks in temp
// dirs and Falco (no binary) as the scanner: planted symlinks are never written through, an earlier run's files are
// removed before writing (a failed scanner leaves no old SARIF), two runs at once on one output-dir do not mix, and
// an unwritable output-dir fails before any scanner runs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../src/config/environment.js';
import { ConfigurationError } from '../src/errors.js';
import { recordingLogger, type RecordedLogger } from '../src/logger.js';
import { runPipeline, type PipelineDeps } from '../src/pipeline.js';
import { LOCK_FILE, MANIFEST_FILE } from '../src/report/output-dir.js';
import { SCANNERS } from '../src/scanners/registry.js';
import { settingsFor } from './support/settings.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'falco', 'falco-docs-mixed-events.jsonl');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A temp dir holding the workspace `ws` (with Falco events) and a directory `victim` outside it. */
function tree() {
  const top = realpathSync(mkdtempSync(join(tmpdir(), 'pipeline-out-')));
  dirs.push(top);
  const ws = join(top, 'ws');
  const victim = join(top, 'victim');
  mkdirSync(ws);
  mkdirSync(victim);
  copyFileSync(FIXTURE, join(ws, 'events.jsonl'));
  writeFileSync(join(victim, 'file'), 'precious\n');
  return { top, ws, victim, out: join(ws, 'security-reports') };
}

interface RunOptions {
  inputs?: Record<string, string>;
  logger?: RecordedLogger;
  runnerTemp?: string;
  registry?: PipelineDeps['registry'];
  lock?: PipelineDeps['lock'];
}

function run(ws: string, o: RunOptions = {}) {
  const settings = settingsFor({ scanners: 'falco', 'falco-events': 'events.jsonl', 'falco-deploy-files': 'false', ...o.inputs });
  return runPipeline({
    settings,
    registry: o.registry ?? SCANNERS,
    workspace: ws,
    runner: { run: () => Promise.reject(new Error('Falco starts no process')) },
    logger: o.logger ?? recordingLogger(),
    event: { name: 'push' },
    environment: parseEnvironment({ PATH: '/usr/bin' }),
    context: {},
    resolveBinary: () => Promise.reject(new Error('Falco has no binary')),
    readFile: () => undefined,
    ...(o.runnerTemp ? { runnerTemp: o.runnerTemp } : {}),
    ...(o.lock ? { lock: o.lock } : {}),
    now: () => new Date('2026-12-01T00:00:00Z'),
    tool: { name: 'security-scan', version: 'test' },
  });
}

async function configError(p: Promise<unknown>): Promise<ConfigurationError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ConfigurationError);
  return e as ConfigurationError;
}

describe('reports are never written through a symlink', () => {
  // Today: a committed security-reports/summary.md → /some/file makes the action overwrite that file.
  it.each(['summary.md', 'findings.json', 'baseline.json'])('a committed security-reports/%s → a file outside: the file is untouched, the link replaced', async (name) => {
    const t = tree();
    mkdirSync(t.out);
    symlinkSync(join(t.victim, 'file'), join(t.out, name));
    const logger = recordingLogger();
    const { files } = await run(t.ws, { logger });
    expect(readFileSync(join(t.victim, 'file'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(t.out, name)).isSymbolicLink()).toBe(false);
    expect(readFileSync(name === 'summary.md' ? files.markdown : name === 'baseline.json' ? files.baseline! : files.json, 'utf8').length).toBeGreaterThan(100);
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.includes(`${name} was a symlink`))).toBe(true);
  });

  // Today: security-reports/sarif → /dir writes SARIF there.
  it('a committed security-reports/sarif → a directory outside: nothing is written there', async () => {
    const t = tree();
    mkdirSync(t.out);
    symlinkSync(t.victim, join(t.out, 'sarif'));
    const { files } = await run(t.ws);
    expect(readdirSync(t.victim)).toEqual(['file']);
    expect(lstatSync(join(t.out, 'sarif')).isDirectory()).toBe(true);
    expect(files.sarifFiles).toEqual([join(t.out, 'sarif', 'falco.sarif')]);
  });

  it('a committed sarif/falco.sarif → a file outside: replaced, the target untouched', async () => {
    const t = tree();
    mkdirSync(join(t.out, 'sarif'), { recursive: true });
    symlinkSync(join(t.victim, 'file'), join(t.out, 'sarif', 'falco.sarif'));
    await run(t.ws);
    expect(readFileSync(join(t.victim, 'file'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(t.out, 'sarif', 'falco.sarif')).isFile()).toBe(true);
  });

  it('a committed security-reports → a directory outside: a configuration error naming output-dir, nothing written', async () => {
    const t = tree();
    symlinkSync(t.victim, t.out);
    const e = await configError(run(t.ws));
    expect(e.message).toMatch(/Input 'output-dir' is 'security-reports', which passes through a symlink/);
    expect(readdirSync(t.victim)).toEqual(['file']);
  });

  it("Falco's deployment files: a falco/ link listed by a planted manifest is removed, not followed", async () => {
    const t = tree();
    mkdirSync(t.out);
    symlinkSync(t.victim, join(t.out, 'falco'));
    writeFileSync(join(t.out, MANIFEST_FILE), 'falco/falco-values.yaml\n');
    const { files } = await run(t.ws, { inputs: { 'falco-deploy-files': 'true' } });
    expect(readdirSync(t.victim)).toEqual(['file']);
    expect(lstatSync(join(t.out, 'falco')).isDirectory()).toBe(true);
    expect(files.extraFiles).toHaveLength(4);
  });
});

describe("an earlier run's files", () => {
  // Today: a failed scanner leaves its old SARIF behind, and it would be uploaded.
  it('a scanner that fails on the second run leaves no SARIF of the first', async () => {
    const t = tree();
    const first = await run(t.ws);
    expect(first.files.sarifFiles).toEqual([join(t.out, 'sarif', 'falco.sarif')]);
    const logger = recordingLogger();
    const second = await run(t.ws, { inputs: { 'falco-events': 'missing.jsonl' }, logger });
    expect(second.report.scanners[0]!.state).not.toBe('ok');
    expect(second.files.sarifFiles).toEqual([]);
    expect(existsSync(join(t.out, 'sarif', 'falco.sarif'))).toBe(false);
    expect(logger.lines.some((l) => l.message.includes('removed') && l.message.includes('sarif/falco.sarif'))).toBe(true);
  });

  it("only the action's files are removed: other .sarif files go (they would be uploaded), notes in sarif/ stay", async () => {
    const t = tree();
    mkdirSync(join(t.out, 'sarif'), { recursive: true });
    writeFileSync(join(t.out, 'sarif', 'old-scanner.sarif'), '{}');
    writeFileSync(join(t.out, 'sarif', 'notes.txt'), 'mine');
    await run(t.ws, { inputs: { 'falco-events': 'missing.jsonl' } });
    expect(readdirSync(join(t.out, 'sarif')).sort()).toEqual(['notes.txt']);
  });

  it("Falco's deployment files of an earlier run are removed when this run writes none (the manifest lists them)", async () => {
    const t = tree();
    const first = await run(t.ws, { inputs: { 'falco-deploy-files': 'true' } });
    expect(first.files.extraFiles).toHaveLength(4);
    const listed = readFileSync(join(t.out, MANIFEST_FILE), 'utf8').split('\n').filter(Boolean);
    // Falco's 4 and the reports (SARIF, findings.json, summary.md, baseline.json, metrics.prom, report.html…).
    expect(listed.filter((f) => f.startsWith('falco/'))).toHaveLength(4);
    expect(listed).toEqual(expect.arrayContaining(['findings.json', 'summary.md', 'baseline.json', 'metrics.prom']));
    await run(t.ws);
    expect(readdirSync(join(t.out, 'falco'))).toEqual([]);
  });

  it('an existing output-dir holding other files is not dedicated: a configuration error, nothing removed', async () => {
    const t = tree();
    mkdirSync(t.out);
    writeFileSync(join(t.out, 'main.ts'), 'code');
    writeFileSync(join(t.out, 'summary.md'), 'old');
    const e = await configError(run(t.ws));
    expect(e.message).toMatch(/Input 'output-dir' is 'security-reports', which already holds files security-scan did not write \('main.ts'\)/);
    expect(readFileSync(join(t.out, 'summary.md'), 'utf8')).toBe('old');
  });
});

describe('two runs on one output-dir', () => {
  it('at once: the second fails at once naming output-dir; the first writes its reports; the lock is removed', async () => {
    const t = tree();
    const results = await Promise.allSettled([run(t.ws), run(t.ws)]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    const reason = (failed[0] as PromiseRejectedResult).reason as Error;
    expect(reason).toBeInstanceOf(ConfigurationError);
    expect(reason.message).toMatch(/Input 'output-dir' is 'security-reports', which another security-scan run \(process \d+\) is using right now/);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(existsSync(join(t.out, LOCK_FILE))).toBe(false);
    expect(JSON.parse(readFileSync(join(t.out, 'findings.json'), 'utf8'))).toBeTruthy();
  });

  it('a lock held by a running process (not this one) fails the run before any scanner runs', async () => {
    const t = tree();
    mkdirSync(t.out);
    writeFileSync(join(t.out, LOCK_FILE), '4242\n');
    let ran = false;
    const registry = SCANNERS.map((s) => (s.id === 'falco' ? { ...s, run: async () => ((ran = true), { outputs: [] }) } : s));
    const e = await configError(run(t.ws, { registry, lock: { pid: 1, isAlive: (pid) => pid === 4242 } }));
    expect(e.message).toMatch(/process 4242/);
    expect(ran).toBe(false);
    expect(readFileSync(join(t.out, LOCK_FILE), 'utf8')).toBe('4242\n');
  });

  it('a stale lock (its pid is dead) is taken over with a warning, and removed at the end', async () => {
    const t = tree();
    mkdirSync(t.out);
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    writeFileSync(join(t.out, LOCK_FILE), `${dead}\n`);
    const logger = recordingLogger();
    await run(t.ws, { logger });
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.includes(`process ${dead} is no longer running`))).toBe(true);
    expect(existsSync(join(t.out, LOCK_FILE))).toBe(false);
  });
});

/** Makes a directory unwritable, also for root (chattr +i); undefined when this machine cannot. */
function readOnly(dir: string): (() => void) | undefined {
  try {
    if (process.getuid?.() !== 0) {
      execFileSync('chmod', ['555', dir]);
      return () => execFileSync('chmod', ['755', dir]);
    }
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', dir]);
  } catch {
    return undefined;
  }
}

/** Whether readOnly really stops writes on this machine (probed once). */
function readOnlyWorks(): boolean {
  const d = mkdtempSync(join(tmpdir(), 'ro-probe-'));
  const undo = readOnly(d);
  let works = false;
  if (undo) {
    try {
      writeFileSync(join(d, 'x'), '');
    } catch {
      works = true;
    }
    undo();
  }
  rmSync(d, { recursive: true, force: true });
  if (!works) console.warn('[skipped] unwritable output-dir tests: cannot make a directory read-only here (chmod as non-root, chattr +i as root)');
  return works;
}

describe.skipIf(!readOnlyWorks())('an unwritable output-dir', () => {
  it.each([
    ['exists but cannot be written', (out: string) => out, /is not writable/],
    ['cannot be created', (out: string) => join(out, '..'), /cannot be created/],
  ])('%s: found before any scanner runs, naming output-dir', async (_name, lockedDir, why) => {
    const t = tree();
    const parent = join(t.ws, 'ro');
    mkdirSync(parent);
    const out = join(parent, 'reports');
    if (why.source.includes('not writable')) mkdirSync(out);
    const undo = readOnly(lockedDir(out))!;
    try {
      let ran = false;
      const registry = SCANNERS.map((s) => (s.id === 'falco' ? { ...s, run: async () => ((ran = true), { outputs: [] }) } : s));
      const e = await configError(run(t.ws, { registry, inputs: { 'output-dir': 'ro/reports' } }));
      expect(e.message).toMatch(/^Input 'output-dir' is 'ro\/reports'/);
      expect(e.message).toMatch(why);
      expect(ran).toBe(false);
    } finally {
      undo();
    }
  });
});

describe('output-dir under RUNNER_TEMP', () => {
  it('is written there, and an absolute path elsewhere is refused', async () => {
    const t = tree();
    const temp = join(t.top, 'runner-temp');
    mkdirSync(temp);
    const { files } = await run(t.ws, { runnerTemp: temp, inputs: { 'output-dir': join(temp, 'reports') } });
    expect(files.json).toBe(join(temp, 'reports', 'findings.json'));
    const e = await configError(run(t.ws, { runnerTemp: temp, inputs: { 'output-dir': join(t.victim, 'reports') } }));
    expect(e.message).toMatch(/outside the directories the reports may go to/);
    expect(readdirSync(t.victim)).toEqual(['file']);
  });
});
