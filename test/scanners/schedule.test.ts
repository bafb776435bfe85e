// Scheduling: the concurrency limit, sequential order and stages, measured on scanner processes (each fake scanner
// runs a shell that prints its start and end times) through runScanners, and on plain tasks through schedule.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseEnvironment } from '../../src/config/environment.js';
import { recordingLogger } from '../../src/logger.js';
import { runLimited, runStages, type PlannedStage } from '../../src/scanners/schedule.js';
import { runScanners, type ExecuteDeps, type ScanSchedule, type ScannerOutcome } from '../../src/scanners/scan.js';
import { processRunner } from '../../src/scanners/process.js';
import { takeText, type AnyScanner, type ScanContext, type ScannerText } from '../../src/scanners/types.js';
import { settingsFor } from '../support/settings.js';

const root = mkdtempSync(join(tmpdir(), 'schedule-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most intervals open at one instant. */
function maxOverlap(intervals: readonly { start: number; end: number }[]): number {
  const events = intervals.flatMap((i) => [[i.start, 1] as const, [i.end, -1] as const]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (open += d));
  return max;
}

describe('runLimited', () => {
  it.each([1, 2, 3, 10])('runs at most %i at once and returns results in input order', async (limit) => {
    let active = 0;
    let peak = 0;
    const durations = [60, 10, 40, 20, 50, 5, 30];
    const out = await runLimited(durations, limit, async (ms, i) => {
      peak = Math.max(peak, ++active);
      await sleep(ms);
      active -= 1;
      return `#${i}`;
    });
    expect(out).toEqual(durations.map((_, i) => `#${i}`));
    expect(peak).toBe(Math.min(limit, durations.length));
  });

  it('starts items in order with limit 1 (each after the previous finished)', async () => {
    const log: string[] = [];
    await runLimited(['a', 'b', 'c'], 1, async (x) => {
      log.push(`start ${x}`);
      await sleep(5);
      log.push(`end ${x}`);
    });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('an empty list and a non-finite limit', async () => {
    expect(await runLimited([], 3, async () => 1)).toEqual([]);
    expect(await runLimited([1, 2], Number.POSITIVE_INFINITY, async (x) => x * 2)).toEqual([2, 4]);
  });
});

describe('runStages', () => {
  const stage = (name: string, items: string[], blocking = false): PlannedStage<string> => ({ name, items, blocking });
  const go = (stages: PlannedStage<string>[], blocksOn: string[]) => {
    const ran: string[] = [];
    const asked: string[] = [];
    return runStages(stages, {
      limit: 2,
      run: async (x) => (ran.push(x), `ran ${x}`),
      blocks: (s, results) => (asked.push(`${s.name}: ${results.join(',')}`), s.items.some((x) => blocksOn.includes(x))),
      skip: (x, by) => `skipped ${x} (by ${by.name})`,
    }).then((out) => ({ out, ran, asked }));
  };

  it('a blocking stage whose results block stops every later stage', async () => {
    const r = await go([stage('a', ['x']), stage('b', ['y', 'z'], true), stage('c', ['w']), stage('d', ['v'])], ['y']);
    expect(r.out).toEqual([['ran x'], ['ran y', 'ran z'], ['skipped w (by b)'], ['skipped v (by b)']]);
    expect(r.ran.sort()).toEqual(['x', 'y', 'z']);
    expect(r.asked).toEqual(['b: ran y,ran z']); // only blocking stages are asked, with their own results
  });

  it('a blocking stage whose results do not block lets the next stages run', async () => {
    const r = await go([stage('a', ['x'], true), stage('b', ['y'])], []);
    expect(r.out).toEqual([['ran x'], ['ran y']]);
  });

  it('a non-blocking stage never stops the others, even when its results block', async () => {
    const r = await go([stage('a', ['x']), stage('b', ['y'])], ['x']);
    expect(r.out).toEqual([['ran x'], ['ran y']]);
    expect(r.asked).toEqual([]);
  });
});

// ---- through runScanners, on processes ----

interface Timed {
  id: string;
  start: number;
  end: number;
}

/** A scanner whose run is a shell process sleeping `ms`, printing its start and end (epoch ms) to its raw output. */
function timedScanner(id: string, ms: number): AnyScanner {
  return {
    id,
    displayName: id.toUpperCase(),
    informationUri: 'https://example.org/',
    inputs: {},
    schema: z.object({}),
    run: async (ctx: ScanContext<unknown>) => {
      const file = join(ctx.tempDir, 'out.txt');
      const now = "node -e 'process.stdout.write(String(Date.now()))'";
      const r = await ctx.runner.run('sh', ['-c', `${now}; echo; sleep ${ms / 1000}; ${now}`], { timeoutMs: 30_000, cwd: ctx.scanRoot, env: { PATH: process.env['PATH'] ?? '' } });
      writeFileSync(file, r.stdout);
      return { outputs: [{ file }] };
    },
    parse: (input: ScannerText) => {
      const [start, end] = takeText(input).trim().split('\n').map(Number);
      return { findings: [], summary: { start: start!, end: end! } };
    },
  };
}

function execDeps(): ExecuteDeps {
  const ws = mkdtempSync(join(root, 'ws-'));
  return {
    scan: settingsFor().scan,
    settingsFor: () => ({}),
    workspace: ws,
    scanRoot: ws,
    tempRoot: root,
    outputDir: join(ws, 'out'),
    runner: processRunner,
    logger: recordingLogger(),
    event: { name: 'push' },
    environment: parseEnvironment({}),
    resolveBinary: async () => '',
  };
}

const timesOf = (outcomes: readonly ScannerOutcome[]): Timed[] =>
  outcomes.filter((o) => o.status.state === 'ok').map((o) => ({ id: o.status.id, start: Number(o.status.summary!['start']), end: Number(o.status.summary!['end']) }));

describe('runScanners scheduling (fake scanner processes)', () => {
  const scanners = ['s1', 's2', 's3', 's4', 's5', 's6'].map((id) => timedScanner(id, 400));

  it.each([1, 2, 3])('parallel with concurrency %i: never more processes at once, all of them run, results in selection order', async (n) => {
    const outcomes = await runScanners(scanners, execDeps(), { scheduling: 'parallel', concurrency: n });
    expect(outcomes.map((o) => [o.status.id, o.status.state])).toEqual(scanners.map((s) => [s.id, 'ok']));
    const times = timesOf(outcomes);
    expect(maxOverlap(times)).toBe(n);
  }, 30_000);

  it('parallel with a limit above the count runs them all at once', async () => {
    const times = timesOf(await runScanners(scanners.slice(0, 4), execDeps(), { scheduling: 'parallel', concurrency: 64 }));
    expect(maxOverlap(times)).toBe(4);
  }, 30_000);

  it('sequential runs one at a time in the order of the selection, whatever concurrency says', async () => {
    const order = [scanners[3]!, scanners[0]!, scanners[2]!];
    const times = timesOf(await runScanners(order, execDeps(), { scheduling: 'sequential', concurrency: 8 }));
    expect(maxOverlap(times)).toBe(1);
    expect([...times].sort((a, b) => a.start - b.start).map((t) => t.id)).toEqual(['s4', 's1', 's3']);
  }, 30_000);

  it('staged: a stage starts after the previous one ended; within a stage, up to concurrency at once; results in selection order', async () => {
    const schedule: ScanSchedule = {
      scheduling: 'staged',
      concurrency: 2,
      stages: [
        { name: 'first', scanners: ['s3', 's1', 's2'], blocking: false },
        { name: 'second', scanners: ['s4'], blocking: true },
        { name: 'third', scanners: ['s6', 's5'], blocking: false },
      ],
      stageBlocks: () => false,
    };
    const deps = execDeps();
    const outcomes = await runScanners(scanners, deps, schedule);
    expect(outcomes.map((o) => o.status.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    const t = Object.fromEntries(timesOf(outcomes).map((x) => [x.id, x]));
    expect(maxOverlap([t['s1']!, t['s2']!, t['s3']!])).toBe(2);
    const endOf = (ids: string[]) => Math.max(...ids.map((id) => t[id]!.end));
    expect(t['s4']!.start).toBeGreaterThanOrEqual(endOf(['s1', 's2', 's3']));
    expect(Math.min(t['s5']!.start, t['s6']!.start)).toBeGreaterThanOrEqual(t['s4']!.end);
    expect((deps.logger as ReturnType<typeof recordingLogger>).lines.map((l) => l.message)).toContain("Stage 'second' (2 of 3, blocking): S4");
  }, 30_000);

  it('staged: a blocking stage that blocks stops the later stages; their scanners are skipped, named, not run', async () => {
    const asked: string[][] = [];
    const deps = execDeps();
    const outcomes = await runScanners(scanners.slice(0, 3), deps, {
      scheduling: 'staged',
      concurrency: 4,
      stages: [
        { name: 'secrets', scanners: ['s2'], blocking: true },
        { name: 'rest', scanners: ['s1', 's3'], blocking: false },
      ],
      stageBlocks: (o) => (asked.push(o.map((x) => x.status.id)), true),
    });
    expect(asked).toEqual([['s2']]);
    expect(outcomes.map((o) => [o.status.id, o.status.state])).toEqual([
      ['s1', 'skipped'],
      ['s2', 'ok'],
      ['s3', 'skipped'],
    ]);
    expect(outcomes[0]!.status.error).toBe("stage 'secrets' blocked the gate, which stops the later stages");
    expect(outcomes[0]!.findings).toEqual([]);
    expect((deps.logger as ReturnType<typeof recordingLogger>).lines.map((l) => l.message)).toContain("Stage 'secrets' blocked the gate; the later stages are not run: S1, S3 skipped.");
  }, 30_000);

  it('staged without a stageBlocks callback is a bug, not a stage that never blocks', async () => {
    await expect(runScanners(scanners.slice(0, 1), execDeps(), { scheduling: 'staged', concurrency: 1, stages: [{ name: 'a', scanners: ['s1'], blocking: true }] })).rejects.toThrow(/stageBlocks/);
  });
});

describe('per-scanner timeouts (scanner-timeouts) reach the scanner', () => {
  it("a scanner with its own timeout sees it as scan.timeoutMs; the others see 'timeout'", async () => {
    const seen: Record<string, number> = {};
    const probe = (id: string): AnyScanner => ({
      id,
      displayName: id,
      informationUri: 'https://example.org/',
      inputs: {},
      schema: z.object({}),
      run: async (ctx) => {
        seen[id] = ctx.scan.timeoutMs;
        const file = join(ctx.tempDir, 'o');
        writeFileSync(file, '');
        return { outputs: [{ file }] };
      },
      parse: () => ({ findings: [] }),
    });
    const scan = settingsFor({ scanners: 'trivy,gitleaks', timeout: '7m', 'scanner-timeouts': 'gitleaks=90s' }).scan;
    await runScanners([probe('trivy'), probe('gitleaks')], { ...execDeps(), scan });
    expect(seen).toEqual({ trivy: 7 * 60_000, gitleaks: 90_000 });
  });
});

describe('runScanners whileScanning (the pipeline loads the report writers then)', () => {
  /** A scanner that runs its version probe (`probeMs` long) first and only then its scan (`scanMs`), as Trivy does. */
  function probingScanner(id: string, probeMs: number, scanMs: number, log: string[]): AnyScanner {
    const sh = (ms: number) => ['-c', `sleep ${ms / 1000}`];
    return {
      ...timedScanner(id, scanMs),
      run: async (ctx: ScanContext<unknown>) => {
        const env = { PATH: process.env['PATH'] ?? '' };
        log.push(`${id} probe`);
        await ctx.runner.run('sh', sh(probeMs), { timeoutMs: 30_000, cwd: ctx.scanRoot, env, probe: true });
        log.push(`${id} scan`);
        await ctx.runner.run('sh', sh(scanMs), { timeoutMs: 30_000, cwd: ctx.scanRoot, env });
        log.push(`${id} end`);
        const file = join(ctx.tempDir, 'out.txt');
        writeFileSync(file, '0\n0\n');
        return { outputs: [{ file }] };
      },
    };
  }

  it('is called once, when every running scanner has started its scan (not at a version probe), while they run', async () => {
    const log: string[] = [];
    let calls = 0;
    const outcomes = await runScanners([probingScanner('fast', 0, 400, log), probingScanner('slow-probe', 150, 400, log), probingScanner('third', 50, 400, log)], execDeps(), {
      scheduling: 'parallel',
      concurrency: 3,
      whileScanning: () => {
        calls += 1;
        log.push('hook');
        throw new Error('a hook that throws');
      },
    });
    expect(calls).toBe(1);
    const hook = log.indexOf('hook');
    // After the last scan started (the slow probe's), before any scan ended.
    expect(log.slice(0, hook).filter((l) => l.endsWith(' scan')).sort()).toEqual(['fast scan', 'slow-probe scan', 'third scan']);
    expect(log.slice(0, hook).some((l) => l.endsWith(' end'))).toBe(false);
    expect(outcomes.map((o) => o.status.state)).toEqual(['ok', 'ok', 'ok']);
  });

  it("a scanner that runs the project's code starts its scan only once the hook's work is done; the others do not wait", async () => {
    const log: string[] = [];
    const base = execDeps();
    // What reaches the process runner, in order: the spawns themselves.
    const deps: ExecuteDeps = { ...base, runner: { run: (command, args, options) => (log.push(`spawn ${options.probe ? 'probe' : 'scan'}`), processRunner.run(command, args, options)) } };
    const builds: AnyScanner = { ...probingScanner('builds', 0, 100, log), runsProjectCode: true };
    await runScanners([builds, probingScanner('plain', 0, 600, log)], deps, {
      scheduling: 'parallel',
      concurrency: 2,
      whileScanning: async () => {
        log.push('loading');
        await sleep(250);
        log.push('loaded');
      },
    });
    // builds asks for its scan first, but its spawn comes after 'loaded'; plain's scan was spawned before 'loading'.
    const firstScanSpawn = log.indexOf('spawn scan');
    expect(firstScanSpawn).toBeLessThan(log.indexOf('loading'));
    expect(log.lastIndexOf('spawn scan')).toBeGreaterThan(log.indexOf('loaded'));
    expect(log.filter((l) => l === 'spawn scan')).toHaveLength(2);
    expect(log.indexOf('builds end')).toBeGreaterThan(log.indexOf('loaded'));
  });

  it("a hook that rejects still lets a scanner that runs the project's code scan", async () => {
    const log: string[] = [];
    const outcomes = await runScanners([{ ...probingScanner('builds', 0, 50, log), runsProjectCode: true }], execDeps(), {
      scheduling: 'parallel',
      concurrency: 1,
      whileScanning: () => Promise.reject(new Error('a module failed to load')),
    });
    expect(outcomes[0]!.status.state).toBe('ok');
    expect(log).toContain('builds end');
  });

  it('counts a scanner that ends without a scan command, and, with a limit, the scanners running', async () => {
    const log: string[] = [];
    const noScan: AnyScanner = { ...timedScanner('none', 0), run: async () => (log.push('none end'), Promise.reject(new Error('no binary'))) };
    let at = -1;
    await runScanners([noScan, probingScanner('a', 100, 300, log), probingScanner('b', 0, 300, log)], execDeps(), {
      scheduling: 'parallel',
      concurrency: 2,
      whileScanning: () => {
        at = log.length;
        log.push('hook');
      },
    });
    // 'none' and 'a' run first (limit 2); 'b' starts when 'none' has ended, and the hook waits for both scans.
    expect(at).toBeGreaterThan(-1);
    expect(log.slice(0, at)).toEqual(expect.arrayContaining(['none end', 'a scan', 'b scan']));
    expect(log.slice(0, at).filter((l) => l.endsWith(' end') && l !== 'none end')).toEqual([]);
  });
});
