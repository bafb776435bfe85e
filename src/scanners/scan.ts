import { mkdtemp } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { RawFinding } from '../findings/model.js';
import type { Environment } from '../config/environment.js';
import type { ScanSettings } from '../config/scan.js';
import { ConfigurationError, InternalError, ScannerError, errorMessage } from '../errors.js';
import { ChecksumMismatchError, MissingChecksumError } from './install/errors.js';
import type { Logger } from '../logger.js';
import type { ScannerStatus } from '../report/types.js';
import type { FailurePolicy, SchedulingPolicy } from '../config/settings.js';
import type { Stage } from '../config/stages.js';
import { OutputText, type AnyScanner, type EventInfo, type RawOutput, type ScannerPolicy, type TargetFailure } from './types.js';
import type { CommandRunner } from './process.js';
import { runStages, type PlannedStage } from './schedule.js';

export interface ExecuteDeps {
  scan: ScanSettings;
  /** The parsed settings of a selected scanner. */
  settingsFor: (id: string) => unknown;
  workspace: string;
  scanRoot: string;
  tempRoot: string;
  /** Where scanners may write files for the user (the reports' directory). */
  outputDir: string;
  runner: CommandRunner;
  logger: Logger;
  event: EventInfo;
  /** Gives each scanner its own minimal environment. */
  environment: Pick<Environment, 'forScanner' | 'runner'>;
  /** The trusted versions of each scanner's policy files (the pipeline reads them; see Scanner.policyFiles). */
  policyFor?: (scanner: AnyScanner) => ScannerPolicy;
  /** Finds (or installs) the scanner's binary; throws ConfigurationError saying how to provide it. */
  resolveBinary: (scanner: AnyScanner) => Promise<string>;
  /**
   * How a scanner's failure is logged: `block` (default) an error (one that could not run: a warning), `alert` a
   * warning, `log` an info line. A download that failed its checksum is always an error.
   */
  failurePolicy?: FailurePolicy;
}

export interface ScannerOutcome {
  status: ScannerStatus;
  findings: RawFinding[];
  /** Files the scanner wrote for the user into the output directory. */
  published?: string[];
  /** Lines for the report's notes (ScanRun.notes). */
  notes?: string[];
}

/**
 * Makes a scanner-reported path relative to the workspace, with forward slashes; undefined when it points outside
 * the workspace (`../x`, an absolute path elsewhere): such a path never becomes a file location. A backslash is a
 * separator only on Windows; elsewhere it is part of a file name (`a\\|b.js`) and kept.
 */
export function toWorkspacePath(path: string, base: string, workspace: string, windows = process.platform === 'win32'): string | undefined {
  const clean = (windows ? path.replace(/\\/g, '/') : path).replace(/^(\.\/)+/, '');
  const rel = clean.startsWith('/') ? relative(workspace, clean).split(sep).join('/') : posix.normalize(posix.join(relative(workspace, base).split(sep).join('/'), clean));
  if (rel === '' || rel === '.' || rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel)) return undefined;
  return rel;
}

/**
 * A finding's location as the report holds it: its path workspace-relative, or — when the path is not a file of
 * this repository — what the scanner said kept as the target, never as a file location.
 */
export function workspaceLocation(
  location: RawFinding['location'],
  base: string,
  workspace: string,
  windows?: boolean,
  seen?: Map<string, string | undefined>,
): RawFinding['location'] {
  const { path } = location;
  if (path === undefined) return location;
  // `seen`: one output's paths already resolved (a report names the same few files for thousands of findings).
  let inside = seen?.get(path);
  if (inside === undefined && !seen?.has(path)) {
    inside = toWorkspacePath(path, base, workspace, windows);
    seen?.set(path, inside);
  }
  if (inside === path) return location; // already workspace-relative: no copy
  return inside !== undefined ? { ...location, path: inside } : { target: location.target ?? path };
}

/**
 * Parses every output. With several targets, an output its parser refuses (a ScannerError) is that target's
 * failure and the other outputs are still read; a single output that is refused fails the scanner as before.
 */
async function parseOutputs(scanner: AnyScanner, outputs: RawOutput[], deps: ExecuteDeps, isolate: boolean) {
  const findings: RawFinding[] = [];
  const summaries: Record<string, number | string | boolean>[] = [];
  const failures: TargetFailure[] = [];
  const scanned = new Set<string>();
  for (const output of outputs) {
    // The text only through its holder: the parser takes it, and once JSON.parsed it is garbage (see OutputText).
    const input = await OutputText.read(output.file);
    const { file: _file, ...meta } = output;
    let parsed;
    try {
      parsed = scanner.parse(input, meta);
    } catch (e) {
      if (!isolate || !(e instanceof ScannerError)) throw e;
      failures.push({ ...(output.target !== undefined ? { target: output.target } : {}), error: e.detail });
      continue;
    }
    const base = output.relativeTo === 'workspace' ? deps.workspace : deps.scanRoot;
    const seen = new Map<string, string | undefined>();
    for (const f of parsed.findings) {
      f.location = workspaceLocation(f.location, base, deps.workspace, undefined, seen);
      findings.push(f);
    }
    if (parsed.summary) summaries.push(parsed.summary);
    // Named as the findings' locations are (a workspace path, or the target as the scanner said it).
    for (const t of parsed.targets ?? []) {
      const l = workspaceLocation({ path: t }, base, deps.workspace);
      scanned.add(l.path ?? l.target ?? t);
    }
  }
  return { findings, summary: mergeSummaries(summaries), failures, targets: [...scanned].sort() };
}

/** `'db:1'`, or `the scan root` for the tree. */
function targetName(f: TargetFailure): string {
  return f.target === undefined ? 'the scan root' : `'${f.target}'`;
}

/**
 * The error of a scanner some of whose targets failed, the failed targets named first (a table cell may clip it):
 * `'db:1' failed (1 of 3 targets; the other 2 were scanned and their findings kept): exited with code 1: …`.
 */
export function partialFailureMessage(failures: readonly TargetFailure[], targets: number): string {
  const kept = targets - failures.length;
  const rest = kept <= 0 ? '' : kept === 1 ? '; the other was scanned and its findings kept' : `; the other ${kept} were scanned and their findings kept`;
  if (failures.length === 1) return `${targetName(failures[0]!)} failed (1 of ${targets} target${targets === 1 ? '' : 's'}${rest}): ${failures[0]!.error}`;
  const names = failures.map(targetName).join(', ');
  return `${failures.length} of ${targets} targets failed (${names}${rest}):\n${failures.map((f) => `- ${targetName(f)}: ${f.error}`).join('\n')}`;
}

/** Adds up numeric summary figures across outputs (e.g. one Snyk run per manifest); booleans are or-ed. */
function mergeSummaries(list: Record<string, number | string | boolean>[]) {
  if (list.length === 0) return undefined;
  const out: Record<string, number | string | boolean> = {};
  for (const s of list) {
    for (const [k, v] of Object.entries(s)) {
      const prev = out[k];
      if (typeof v === 'number' && typeof prev === 'number') out[k] = prev + v;
      else if (typeof v === 'boolean' && typeof prev === 'boolean') out[k] = prev || v;
      else out[k] = v;
    }
  }
  return out;
}

/** Runs one scanner end to end. Never throws for the scanner's own failure: it becomes the outcome's status. */
export async function runOne(scanner: AnyScanner, deps: ExecuteDeps): Promise<ScannerOutcome> {
  const started = Date.now();
  const status = (state: ScannerStatus['state'], extra: Partial<ScannerStatus> = {}): ScannerStatus => ({
    id: scanner.id,
    displayName: scanner.displayName,
    state,
    durationMs: Date.now() - started,
    rawCount: 0,
    ...extra,
  });
  const policy = deps.failurePolicy ?? 'block';
  const log = deps.logger;
  const failed = (m: string) => (policy === 'block' ? log.error(m) : policy === 'alert' ? log.warning(m) : log.info(m));
  const couldNotRun = (m: string) => (policy === 'log' ? log.info(m) : log.warning(m));
  const scan = { ...deps.scan, timeoutMs: deps.scan.timeouts[scanner.id] ?? deps.scan.timeoutMs };
  let binary = '';
  try {
    if (scanner.binary) binary = await deps.resolveBinary(scanner);
  } catch (e) {
    // A download that failed its checksum may have been tampered with: that is an error, not a missing tool.
    if (e instanceof ChecksumMismatchError || e instanceof MissingChecksumError) {
      deps.logger.error(`${scanner.displayName} was not installed: ${e.detail}`);
      return { status: status('failed', { error: e.detail }), findings: [] };
    }
    couldNotRun(`${scanner.displayName} could not run: ${errorMessage(e)}`);
    return { status: status('unavailable', { error: errorMessage(e) }), findings: [] };
  }
  let version: string | undefined;
  try {
    const tempDir = await mkdtemp(join(deps.tempRoot, `${scanner.id}-`));
    const run = await scanner.run({
      scan,
      settings: deps.settingsFor(scanner.id),
      scanRoot: deps.scanRoot,
      workspace: deps.workspace,
      tempDir,
      outputDir: deps.outputDir,
      binary,
      runner: deps.runner,
      logger: deps.logger,
      event: deps.event,
      env: deps.environment.forScanner(scanner.environment),
      runnerVars: deps.environment.runner,
      policy: deps.policyFor?.(scanner) ?? { source: 'workspace', files: {} },
    });
    version = run.version;
    const targets = run.outputs.length + (run.failures?.length ?? 0);
    const parsed = await parseOutputs(scanner, run.outputs, deps, targets > 1);
    const refined = scanner.refine ? scanner.refine(parsed.findings, deps.settingsFor(scanner.id)) : { kept: parsed.findings, dropped: 0 };
    const { summary } = parsed;
    const findings = refined.kept;
    deps.logger.info(`${scanner.displayName}${version ? ` ${version}` : ''}: ${findings.length} finding(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    const extra = { ...(summary ? { summary } : {}), ...(refined.dropped > 0 ? { filtered: refined.dropped } : {}), ...(parsed.targets.length ? { targets: parsed.targets } : {}) };
    const passedOn = { ...(run.published?.length ? { published: run.published } : {}), ...(run.notes?.length ? { notes: run.notes } : {}) };
    // Some targets failed: the scanner failed (the gate blocks, it gets no SARIF), the other targets' findings are kept.
    const failures = [...(run.failures ?? []), ...parsed.failures];
    if (failures.length > 0) {
      const error = partialFailureMessage(failures, targets);
      failed(`${scanner.displayName} failed: ${error}`);
      return { status: status('failed', { error, version, rawCount: parsed.findings.length, ...extra }), findings, ...passedOn };
    }
    return { status: status('ok', { version, rawCount: parsed.findings.length, ...extra }), findings, ...passedOn };
  } catch (e) {
    const state = e instanceof ConfigurationError ? 'unavailable' : 'failed';
    const message = e instanceof ScannerError ? e.detail : errorMessage(e);
    if (!(e instanceof ScannerError) && !(e instanceof ConfigurationError)) {
      deps.logger.debug(`${scanner.id}: ${(e as Error)?.stack ?? String(e)}`);
    }
    // A crash is an error; a scanner that could not run is a configuration matter (the gate still blocks on both).
    if (state === 'failed') failed(`${scanner.displayName} failed: ${message}`);
    else couldNotRun(`${scanner.displayName} could not run: ${message}`);
    return { status: status(state, { error: message, ...(version ? { version } : {}) }), findings: [] };
  }
}

/** When and how many scanners run (the `scheduling`, `concurrency` and `stages` settings; see schedule.ts). */
export interface ScanSchedule {
  scheduling: SchedulingPolicy;
  /** At most this many scanners at once (parallel, and within a stage); sequential runs one. */
  concurrency: number;
  /** scheduling: staged — every selected scanner in exactly one stage (the settings check it). */
  stages?: readonly Stage[];
  /**
   * scheduling: staged — whether a blocking stage's own outcomes block the gate (the pipeline builds the report from
   * them with the run's settings and policy, so suppressions and the baseline count as for the final gate).
   */
  stageBlocks?: (outcomes: readonly ScannerOutcome[]) => boolean | Promise<boolean>;
  /**
   * Called once, as soon as every running scanner has started its scan (a command other than its version probe) or
   * finished: work the run needs only after the scan (loading the report writers, which blocks this thread) overlaps
   * the scanners instead of delaying a start. The scan of a scanner that runs the project's code (runsProjectCode)
   * waits until the promise it returns has settled. A throwing or rejecting hook is ignored.
   */
  whileScanning?: () => unknown;
  /** Told when each scanner starts and finishes (the CLI's progress display); a throwing listener is ignored. */
  onProgress?: (event: ScanProgress) => void;
}

/** A scanner started, or finished with its state and duration (a stage's stop reports `skipped`). */
export type ScanProgress =
  | { kind: 'start'; id: string; displayName: string }
  | { kind: 'finish'; id: string; displayName: string; state: ScannerStatus['state']; durationMs: number; findings: number };

/** The outcome of a scanner a blocking stage stopped: `skipped`, which the gate blocks on. */
function skipped(scanner: AnyScanner, stage: PlannedStage<AnyScanner>): ScannerOutcome {
  return {
    status: { id: scanner.id, displayName: scanner.displayName, state: 'skipped', durationMs: 0, rawCount: 0, error: `stage '${stage.name}' blocked the gate, which stops the later stages` },
    findings: [],
  };
}

/** The stages to run: one for parallel and sequential (sequential at concurrency 1), the given ones for staged. */
function planStages(scanners: readonly AnyScanner[], schedule: ScanSchedule): PlannedStage<AnyScanner>[] {
  if (schedule.scheduling !== 'staged') return [{ name: 'all', items: scanners, blocking: false }];
  const byId = new Map(scanners.map((s) => [s.id, s]));
  const stages = (schedule.stages ?? []).map((stage) => ({
    name: stage.name,
    blocking: stage.blocking,
    items: stage.scanners.map((id) => {
      const s = byId.get(id);
      if (!s) throw new InternalError(`stage '${stage.name}' names '${id}', which is not a selected scanner (the settings should have refused it)`);
      return s;
    }),
  }));
  const staged = new Set(stages.flatMap((s) => s.items));
  const left = scanners.filter((s) => !staged.has(s));
  if (left.length > 0 || stages.length === 0) throw new InternalError(`scheduling: staged leaves ${left.map((s) => s.id).join(', ') || 'every scanner'} out of every stage (the settings should have refused it)`);
  return stages;
}

/**
 * Runs the selected scanners as `schedule` says (default: all at once); results keep the selection order. A scanner
 * a blocking stage stopped is in the results as `skipped`.
 */
export async function runScanners(scanners: readonly AnyScanner[], deps: ExecuteDeps, schedule: ScanSchedule = { scheduling: 'parallel', concurrency: scanners.length }): Promise<ScannerOutcome[]> {
  const limit = schedule.scheduling === 'sequential' ? 1 : Math.max(1, schedule.concurrency);
  const stages = planStages(scanners, schedule);
  const staged = schedule.scheduling === 'staged';
  const { stageBlocks } = schedule;
  if (staged && !stageBlocks) throw new InternalError('scheduling: staged needs stageBlocks to decide whether a blocking stage blocks the gate');
  const starts = scanStarts(schedule.whileScanning);
  const results = await runStages(stages, {
    limit,
    run: async (s) => {
      tell(schedule.onProgress, { kind: 'start', id: s.id, displayName: s.displayName });
      starts.begin(s);
      let o: ScannerOutcome;
      try {
        o = await runOne(s, { ...deps, runner: starts.runner(s, deps.runner) });
      } finally {
        starts.started(s);
      }
      tell(schedule.onProgress, { kind: 'finish', id: s.id, displayName: s.displayName, state: o.status.state, durationMs: o.status.durationMs, findings: o.findings.length });
      return o;
    },
    blocks: (_stage, outcomes) => stageBlocks!(outcomes),
    skip: (s, stage) => {
      const o = skipped(s, stage);
      tell(schedule.onProgress, { kind: 'finish', id: s.id, displayName: s.displayName, state: o.status.state, durationMs: 0, findings: 0 });
      return o;
    },
    onStage: (e) => {
      if (!staged) return;
      if (e.kind === 'start') {
        deps.logger.info(`Stage '${e.stage.name}' (${e.index + 1} of ${e.of}${e.stage.blocking ? ', blocking' : ''}): ${e.stage.items.map((s) => s.displayName).join(', ')}`);
      } else {
        deps.logger.info(`Stage '${e.stage.name}' blocked the gate; the later stages are not run: ${e.skipped.map((s) => s.displayName).join(', ')} skipped.`);
      }
    },
  });
  const byScanner = new Map<AnyScanner, ScannerOutcome>();
  stages.forEach((stage, i) => stage.items.forEach((s, k) => byScanner.set(s, results[i]![k]!)));
  return scanners.map((s) => byScanner.get(s)!);
}

/**
 * Calls `hook` once, on the turn after every scanner that is running has started its scan: a command that is not a
 * version probe (spawn is synchronous in run()), or its end. Loading modules blocks this thread, so done at the first
 * command it would delay the others' starts; Trivy, which waits for its version before it scans, would start last.
 * A scanner that runs the project's code starts its scan commands only once the hook's work is done: that code can
 * rewrite the action's files, and by then every module the run needs is loaded.
 */
function scanStarts(hook: (() => unknown) | undefined) {
  const waiting = new Set<AnyScanner>();
  let fired = hook === undefined;
  let done!: () => void;
  const loaded = new Promise<void>((resolve) => (done = resolve));
  if (hook === undefined) done();
  const started = (s: AnyScanner) => {
    waiting.delete(s);
    if (fired || waiting.size > 0) return;
    fired = true;
    setImmediate(() => {
      // Loading ahead is an optimisation; the work it starts is awaited (and its errors seen) where it is used.
      let work: unknown;
      try {
        work = hook!();
      } catch {
        work = undefined;
      }
      void Promise.resolve(work).catch(() => undefined).then(done);
    });
  };
  return {
    /** `s` is running (called before its first command, on the same turn as the other scanners of its batch). */
    begin: (s: AnyScanner) => {
      if (!fired) waiting.add(s);
    },
    started,
    runner: (s: AnyScanner, runner: CommandRunner): CommandRunner => ({
      run(command, args, options) {
        if (options.probe === true) return runner.run(command, args, options);
        started(s);
        return s.runsProjectCode === true ? loaded.then(() => runner.run(command, args, options)) : runner.run(command, args, options);
      },
    }),
  };
}

function tell(listener: ScanSchedule['onProgress'], event: ScanProgress): void {
  try {
    listener?.(event);
  } catch {
    // A progress display never changes a scan.
  }
}
