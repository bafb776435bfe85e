import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { Environment } from './config/environment.js';
import type { Settings } from './config/settings.js';
import { ConfigurationError, InternalError } from './errors.js';
import { identify, type FileReader } from './findings/identify.js';
import type { Logger } from './logger.js';
import { buildReport } from './report/build.js';
import type { RunContext, ScanReport } from './report/types.js';
import { writeReports, type WrittenReports } from './report/write.js';
import { runScanners } from './scanners/scan.js';
import type { AnyScanner, EventInfo } from './scanners/types.js';
import type { CommandRunner } from './scanners/process.js';

export type { WrittenReports } from './report/write.js';

export interface PipelineDeps {
  settings: Settings;
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
  now: () => Date;
  tool: { name: string; version: string };
}

export interface PipelineResult {
  report: ScanReport;
  files: WrittenReports;
}

/** Resolves `path` and `output-dir` against the workspace; both must stay inside it. */
export async function planPaths(settings: Pick<Settings, 'scan' | 'publish'>, workspace: string) {
  const ws = resolve(workspace);
  const inside = (p: string) => p === ws || p.startsWith(ws + sep);
  const scanRoot = resolve(ws, settings.scan.path);
  if (!inside(scanRoot)) {
    throw new ConfigurationError(`Input 'path' is '${settings.scan.path}', which is outside the workspace (${ws}); use a path inside the repository.`);
  }
  const st = await stat(scanRoot).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new ConfigurationError(
      `Input 'path' is '${settings.scan.path}', but ${st ? 'that is not a directory' : 'no such directory exists'} in the workspace (${ws}); use a directory relative to the repository root, e.g. '.'.`,
    );
  }
  const outputDir = resolve(ws, settings.publish.outputDir);
  if (!inside(outputDir) && !settings.publish.outputDir.startsWith('/')) {
    throw new ConfigurationError(`Input 'output-dir' is '${settings.publish.outputDir}', which is outside the workspace; use a relative directory.`);
  }
  return { workspace: ws, scanRoot, outputDir };
}

/** Scan → identify → build the report (pure) → write the report files. Publishing is the sinks' job. */
export async function runPipeline(deps: PipelineDeps): Promise<PipelineResult> {
  const { settings, logger } = deps;
  const paths = await planPaths(settings, deps.workspace);
  const selected = settings.scan.scanners.map((id) => {
    const scanner = deps.registry.find((s) => s.id === id);
    if (!scanner) throw new InternalError(`scanner '${id}' passed the settings but is not in the registry`);
    return scanner;
  });
  const scannerSettings = settings.scanners as Readonly<Record<string, unknown>>;
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
    });
  } finally {
    await rm(tempRoot, { recursive: true, force: true });
  }
  // Line hashes read the files findings point at (I/O); everything after this is pure until the files are written.
  const all = identify(outcomes.flatMap((o) => o.findings), deps.readFile);
  let at = 0;
  const identified = outcomes.map((o) => ({ status: o.status, findings: all.slice(at, (at += o.findings.length)) }));
  const report = buildReport(identified, { scanners: settings.scan.scanners, severities: settings.scan.severities, failOn: settings.gate.failOn }, deps.context);
  const files = await writeReports(report, {
    outputDir: paths.outputDir,
    workspace: deps.workspace,
    tools: selected.map((s) => ({ id: s.id, displayName: s.displayName, informationUri: s.informationUri })),
    categoryPrefix: settings.publish.categoryPrefix,
    generatedAt: deps.now().toISOString(),
    tool: deps.tool,
    logger,
    extraFiles: outcomes.flatMap((o) => o.published ?? []),
  });
  return { report, files };
}
