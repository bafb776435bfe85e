import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join, resolve } from 'node:path';
import type { Environment } from './config/environment.js';
import type { Settings } from './config/settings.js';
import { ConfigurationError, InternalError } from './errors.js';
import { identify, type FileReader } from './findings/identify.js';
import { isInside } from './fs/paths.js';
import { realpathOrUndefined } from './fs/real-path.js';
import type { Logger } from './logger.js';
import { buildReport, type IdentifiedOutcome, type ReportSettings } from './report/build.js';
import type { Baseline } from './findings/baseline.js';
import type { ChangedFiles } from './findings/changed.js';
import { NO_RULES, type IgnoreRules } from './findings/suppress.js';
import type { LockDeps } from './report/lock.js';
import { locateOutputDir, openOutputDir, verifyOutputDir, type OutputDirPlan } from './report/output-dir-fs.js';
import type { RunContext, ScanReport } from './report/types.js';
import type { WrittenReports } from './report/write.js';
import { runScanners, type ScanSchedule, type ScannerOutcome } from './scanners/scan.js';
import type { AnyScanner, EventInfo, ScannerPolicy } from './scanners/types.js';
import { resolveInlineMarkers } from './policy/inline.js';
import type { CommandRunner } from './scanners/process.js';
import { insightsFor } from './insights/index.js';
import type { TrendHistory } from './insights/types.js';
import { planUpgrades } from './remediate/upgrades.js';

export type { WrittenReports } from './report/write.js';

/** What the policy stages apply, loaded by main.ts before the scan (I/O: the base commit, the API, artifacts). */
export interface PolicyInputs {
  /** The suppressions that apply (the base commit's on a pull request with approval-required). */
  suppressions?: IgnoreRules;
  /** Set when a baseline was looked for. */
  baseline?: Baseline;
  /** Set with changed-files-only on a pull request. */
  changedFiles?: ChangedFiles;
  /** Notes for the reader (config-file options, what could not be read). */
  notes?: readonly string[];
  /** Each scanner's trusted policy files (policy/load.ts); default: none, from the tree. */
  scannerPolicy?: (scanner: AnyScanner) => ScannerPolicy;
  /** Whether a pull request added a line (inline markers); see policy/load.ts. */
  lineAdded?: (path: string, line: number) => boolean | undefined;
  /** Reasons the gate blocks whatever the findings. */
  blockReasons?: readonly string[];
}

export interface PipelineDeps {
  /**
   * Called once every running scanner has started its scan (main.ts: load the modules the step needs later); a scan
   * that runs the project's code waits for the promise it returns (see ScanSchedule.whileScanning).
   */
  whileScanning?: () => unknown;
  settings: Settings;
  /** Default: nothing suppressed, no baseline, every file. */
  policy?: PolicyInputs;
  registry: readonly AnyScanner[];
  workspace: string;
  runner: CommandRunner;
  logger: Logger;
  event: EventInfo;
  environment: Pick<Environment, 'forScanner' | 'runner'>;
  context: RunContext;
  resolveBinary: (scanner: AnyScanner) => Promise<string>;
  readFile: FileReader;
  /** Where scanners' raw outputs go (removed afterwards); defaults to the OS temp dir. */
  tempRoot?: string;
  /** RUNNER_TEMP (main passes environment.runner.RUNNER_TEMP): an absolute output-dir may lie under it. */
  runnerTemp?: string;
  /** The pid written to output-dir's lock file and how to tell whether a lock's pid still runs (tests). */
  lock?: LockDeps;
  /**
   * Keep output-dir locked after the reports are written (the result's `release` unlocks it): main.ts holds it until
   * the sinks have uploaded the files, so a run starting meanwhile cannot clear them. Otherwise released on return.
   */
  keepLock?: boolean;
  now: () => Date;
  tool: { name: string; version: string };
  /** The ref this run scans (GITHUB_REF), recorded in baseline.json. */
  ref?: string;
  /** Told when each scanner starts and finishes (the CLI's progress display). */
  onProgress?: ScanSchedule['onProgress'];
  /** The default branch's earlier baselines for the trends (github/trend-history.ts), loaded while the scanners run. */
  history?: Promise<TrendHistory>;
}

export interface PipelineResult {
  report: ScanReport;
  files: WrittenReports;
  /** With `keepLock`: releases output-dir's lock; call it once publishing (the artifact upload) is done. */
  release?: () => Promise<void>;
}

export interface PlannedPaths {
  /** Real path of the workspace (it may itself be reached through a symlink). */
  workspace: string;
  /** Real path of the directory to scan (`path`), inside the workspace. */
  scanRoot: string;
  /** Real path of the reports directory (`output-dir`); it may not exist yet. */
  outputDir: string;
  output: OutputDirPlan;
}

/**
 * Resolves `path` and `output-dir` on their real paths (fs.realpath; the text a user or a pull request gives is
 * never trusted), without writing anything. `path` must be a directory whose real path is inside the workspace's
 * real path (a committed `src → /etc` is refused); `output-dir` must pass the output-dir rules (report/output-dir.ts).
 * `runnerTemp` is RUNNER_TEMP: absolute output directories are allowed under it.
 */
export async function planPaths(settings: Pick<Settings, 'scan' | 'publish'>, workspace: string, runnerTemp?: string): Promise<PlannedPaths> {
  const ws = resolve(workspace);
  const given = settings.scan.path;
  const textual = resolve(ws, given);
  if (!isInside(ws, textual)) {
    throw new ConfigurationError(`Input 'path' is '${given}', which is outside the workspace (${ws}); use a path inside the repository.`);
  }
  const wsReal = await realpathOrUndefined(ws);
  if (wsReal === undefined) throw new ConfigurationError(`The workspace ${ws} does not exist; run actions/checkout first (input 'path' is resolved against it).`);
  const scanRoot = await realpathOrUndefined(textual);
  const st = scanRoot === undefined ? undefined : await stat(scanRoot).catch(() => undefined);
  if (scanRoot !== undefined && st && !isInside(wsReal, scanRoot)) {
    throw new ConfigurationError(
      `Input 'path' is '${given}', which leads outside the workspace through a symlink (to ${scanRoot}); use a directory inside the repository that is not a symlink to elsewhere.`,
    );
  }
  if (scanRoot === undefined || !st?.isDirectory()) {
    throw new ConfigurationError(
      `Input 'path' is '${given}', but ${st ? 'that is not a directory' : 'no such directory exists'} in the workspace (${ws}); use a directory relative to the repository root, e.g. '.'.`,
    );
  }
  const tempText = runnerTemp ? resolve(runnerTemp) : undefined;
  const tempReal = tempText === undefined ? undefined : await realpathOrUndefined(tempText);
  const output = await locateOutputDir(settings.publish.outputDir, {
    workspace: wsReal,
    workspaceText: ws,
    scanRoot,
    ...(tempReal !== undefined ? { runnerTemp: tempReal, runnerTempText: tempText } : {}),
  });
  return { workspace: wsReal, scanRoot, outputDir: output.dir, output };
}

let gc: (() => void) | undefined;
/** Raw findings from which a run is large enough for collectGarbage to pay (a full collection is 100–300 ms). */
const LARGE_RUN = 20_000;

/**
 * A full garbage collection, when the findings are many (below LARGE_RUN raw findings it is not worth its ~100 ms).
 * `runs.using: node24` starts the action without flags, so `--expose-gc` is set at run time and the function read
 * from a fresh context (what the expose-gc package does); where that is refused, nothing happens.
 */
function collectGarbage(): void {
  try {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
  } catch {
    gc = () => undefined;
  }
}

/** Scan → identify → build the report (pure) → write the report files. Publishing is the sinks' job. */
export async function runPipeline(deps: PipelineDeps): Promise<PipelineResult> {
  const { settings, logger } = deps;
  const paths = await planPaths(settings, deps.workspace, deps.runnerTemp);
  // Still before any scanner runs: output-dir created or checked, locked (and so known writable), earlier files removed.
  const output = await openOutputDir(paths.output, logger, deps.lock);
  let result: PipelineResult;
  try {
    result = await scanAndWrite(deps, paths);
  } catch (e) {
    await output.release();
    throw e;
  }
  if (deps.keepLock) return { ...result, release: () => output.release() };
  await output.release();
  return result;
}

let writers: Promise<typeof import('./report/write.js')> | undefined;
const loadWriters = () => (writers ??= import('./report/write.js'));

async function scanAndWrite(deps: PipelineDeps, paths: PlannedPaths): Promise<PipelineResult> {
  const { settings, logger } = deps;
  const selected = settings.scan.scanners.map((id) => {
    const scanner = deps.registry.find((s) => s.id === id);
    if (!scanner) throw new InternalError(`scanner '${id}' passed the settings but is not in the registry`);
    return scanner;
  });
  const scannerSettings = settings.scanners as Readonly<Record<string, unknown>>;
  const policy = deps.policy ?? {};
  // One set of report settings for the final report and for the stage checks of scheduling: staged.
  const reportSettings: ReportSettings = {
    scanners: settings.scan.scanners,
    severities: settings.scan.severities,
    failOn: settings.gate.failOn,
    failurePolicy: settings.gate.failurePolicy,
    failOnNewOnly: settings.gate.failOnNewOnly,
    ...(policy.suppressions ? { suppressions: policy.suppressions } : {}),
    ...(policy.baseline ? { baseline: policy.baseline } : {}),
    ...(policy.changedFiles ? { changedFiles: policy.changedFiles } : {}),
    notes: policy.notes ?? [],
    ...(policy.blockReasons?.length ? { blockReasons: policy.blockReasons } : {}),
    now: deps.now().toISOString(),
  };
  // Line hashes read the files findings point at (I/O); everything after this is pure until the files are written.
  const inlineDeps = { lineAdded: policy.lineAdded, scanners: selected, read: deps.readFile };
  // Inline markers a pull request did not add are honoured (policy/inline.ts); the scanners' own suppressions counted.
  const identifyAll = (scanned: readonly ScannerOutcome[]): IdentifiedOutcome[] => {
    const { outcomes: list } = resolveInlineMarkers(scanned, inlineDeps);
    const all = identify(list.flatMap((o) => o.findings), deps.readFile);
    let at = 0;
    return list.map((o) => ({ status: o.status, findings: all.slice(at, (at += o.findings.length)) }));
  };
  const { orchestration } = settings;
  const schedule: ScanSchedule = {
    scheduling: orchestration.scheduling,
    // 0: every selected scanner at once. Scanners wait on I/O and start-up much of the time, so a cap at the CPU count
    // (2 on many runners) only queues the longest one behind the others.
    concurrency: orchestration.concurrency > 0 ? orchestration.concurrency : selected.length,
    stages: orchestration.stages,
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    // The report writers (HTML, Markdown, metrics…) load while the scanners run, not before the first one starts.
    whileScanning: () => Promise.all([loadWriters().catch(() => undefined), deps.whileScanning?.()]),
    stageBlocks: (stageOutcomes) => buildReport(identifyAll(stageOutcomes), { ...reportSettings, partial: true }, deps.context).gate.decision === 'BLOCK',
  };
  const tempRoot = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'security-scan-'));
  let outcomes;
  try {
    outcomes = await runScanners(selected, {
      scan: settings.scan,
      settingsFor: (id) => scannerSettings[id],
      workspace: paths.workspace,
      scanRoot: paths.scanRoot,
      tempRoot,
      outputDir: paths.outputDir,
      runner: deps.runner,
      logger,
      event: deps.event,
      environment: deps.environment,
      resolveBinary: deps.resolveBinary,
      failurePolicy: settings.gate.failurePolicy,
      ...(policy.scannerPolicy ? { policyFor: policy.scannerPolicy } : {}),
    }, schedule);
  } finally {
    await rm(tempRoot, { recursive: true, force: true });
  }
  // The scanners' parsed documents (hundreds of MB for a 100k-finding report) are garbage now: collected here, the
  // heap's next limit is set from what is live (~180 MB at 100k), not from the parse's peak (~780 MB), and the rest
  // of the run does not grow the heap past it (peak RSS at 100k: ~1.28 GB without, ~1.1 GB with).
  if (outcomes.reduce((n, o) => n + o.findings.length, 0) >= LARGE_RUN) collectGarbage();
  const { native } = resolveInlineMarkers(outcomes, inlineDeps);
  const notes = [...(reportSettings.notes ?? []), ...outcomes.flatMap((o) => o.notes ?? [])];
  const report = buildReport(identifyAll(outcomes), { ...reportSettings, notes, suppressions: { ...(reportSettings.suppressions ?? NO_RULES), native } }, deps.context);
  report.insights = insightsFor(report, { now: reportSettings.now!, compliance: settings.extras.compliance, scanners: selected, planUpgrades, ...(deps.history ? { history: await deps.history } : {}) });
  await verifyOutputDir(paths.output);
  const { writeReports } = await loadWriters();
  const files = await writeReports(report, {
    outputDir: paths.outputDir,
    workspace: paths.workspace,
    tools: selected.map((s) => ({ id: s.id, displayName: s.displayName, informationUri: s.informationUri })),
    categoryPrefix: settings.publish.categoryPrefix,
    generatedAt: deps.now().toISOString(),
    tool: deps.tool,
    ...(deps.ref ? { ref: deps.ref } : {}),
    logger,
    extraFiles: outcomes.flatMap((o) => o.published ?? []),
    ...(settings.extras.reportFormats.includes('pdf') ? { pdf: { env: deps.environment.forScanner({ names: ['CHROME_PATH'] }) } } : {}),
    ...(settings.extras.automediate ? { remediationPatch: true } : {}),
  });
  return { report, files };
}
