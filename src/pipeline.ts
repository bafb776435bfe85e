import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { Settings } from './config/settings.js';
import { ConfigurationError } from './errors.js';
import { identify, type FileReader } from './findings/identify.js';
import { filterBySeverity } from './findings/filter.js';
import { mergeFindings } from './findings/merge.js';
import { countByScanner, countBySeverity, riskOf } from './assess/counts.js';
import { decideGate } from './assess/gate.js';
import { renderSarif } from './report/sarif.js';
import { renderJson } from './report/json.js';
import { renderReport } from './report/markdown.js';
import type { RunContext, ScanReport } from './report/types.js';
import { runScanners } from './scanners/scan.js';
import type { AnyScanner, EventInfo } from './scanners/types.js';
import type { CommandRunner } from './scanners/process.js';
import type { Logger } from './logger.js';

export interface PipelineDeps {
  settings: Settings;
  registry: readonly AnyScanner[];
  workspace: string;
  runner: CommandRunner;
  logger: Logger;
  event: EventInfo;
  env: Readonly<Record<string, string | undefined>>;
  context: RunContext;
  resolveBinary: (scanner: AnyScanner) => Promise<string>;
  readFile: FileReader;
  /** Where scanners' raw outputs go (removed afterwards); defaults to the OS temp dir. */
  tempRoot?: string;
  now: () => Date;
  tool: { name: string; version: string };
}

export interface WrittenReports {
  outputDir: string;
  sarifDir: string;
  /** One SARIF file per scanner that ran (a failed scanner gets none, so its existing alerts are not closed). */
  sarifFiles: string[];
  /** Results left out of a scanner's SARIF run by the per-run limit. */
  sarifLeftOut: Record<string, number>;
  json: string;
  markdown: string;
}

export interface PipelineResult {
  report: ScanReport;
  files: WrittenReports;
}

/** Resolves `path` and `output-dir` against the workspace; both must stay inside it. */
export async function planPaths(settings: Settings, workspace: string) {
  const ws = resolve(workspace);
  const inside = (p: string) => p === ws || p.startsWith(ws + sep);
  const scanRoot = resolve(ws, settings.common.path);
  if (!inside(scanRoot)) {
    throw new ConfigurationError(`Input 'path' is '${settings.common.path}', which is outside the workspace (${ws}); use a path inside the repository.`);
  }
  const st = await stat(scanRoot).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new ConfigurationError(
      `Input 'path' is '${settings.common.path}', but ${st ? 'that is not a directory' : 'no such directory exists'} in the workspace (${ws}); use a directory relative to the repository root, e.g. '.'.`,
    );
  }
  const outputDir = resolve(ws, settings.common.outputDir);
  if (!inside(outputDir) && !settings.common.outputDir.startsWith('/')) {
    throw new ConfigurationError(`Input 'output-dir' is '${settings.common.outputDir}', which is outside the workspace; use a relative directory.`);
  }
  return { workspace: ws, scanRoot, outputDir };
}

export async function runPipeline(deps: PipelineDeps): Promise<PipelineResult> {
  const { settings, logger } = deps;
  const { common } = settings;
  const paths = await planPaths(settings, deps.workspace);
  const selected = common.scanners.map((id) => deps.registry.find((s) => s.id === id)!);
  const tempRoot = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'security-scan-'));
  let outcomes;
  try {
    outcomes = await runScanners(selected, {
      common,
      settingsFor: (id) => settings.scanners[id],
      workspace: paths.workspace,
      scanRoot: paths.scanRoot,
      tempRoot,
      runner: deps.runner,
      logger,
      event: deps.event,
      env: deps.env,
      resolveBinary: deps.resolveBinary,
    });
  } finally {
    await rm(tempRoot, { recursive: true, force: true });
  }

  const raw = outcomes.flatMap((o) => o.findings);
  const identified = identify(raw, deps.readFile);
  const { kept, dropped } = filterBySeverity(identified, common.severities);
  const { findings, merged } = mergeFindings(kept, common.scanners);
  const scanners = outcomes.map((o) => o.status);
  const counts = countBySeverity(findings);
  const report: ScanReport = {
    findings,
    scanners,
    counts,
    byScanner: countByScanner(findings, common.scanners),
    total: findings.length,
    risk: riskOf(counts),
    gate: decideGate(counts, scanners, common.failOn),
    accounting: {
      raw: scanners.reduce((n, s) => n + s.rawCount, 0),
      reported: findings.length,
      merged,
      filteredBySeverity: dropped,
      filteredByScanner: scanners.reduce((n, s) => n + (s.filtered ?? 0), 0),
    },
    context: deps.context,
  };
  const files = await writeReports(report, deps, paths.outputDir, selected);
  return { report, files };
}

async function writeReports(report: ScanReport, deps: PipelineDeps, outputDir: string, selected: readonly AnyScanner[]): Promise<WrittenReports> {
  const sarifDir = join(outputDir, 'sarif');
  await mkdir(sarifDir, { recursive: true });
  const sarifFiles: string[] = [];
  const sarifLeftOut: Record<string, number> = {};
  for (const scanner of selected) {
    const status = report.scanners.find((s) => s.id === scanner.id)!;
    if (status.state !== 'ok') continue;
    const rendered = renderSarif(
      { id: scanner.id, displayName: scanner.displayName, informationUri: scanner.informationUri, version: status.version },
      report.findings,
      { categoryPrefix: deps.settings.common.categoryPrefix },
    );
    const file = join(sarifDir, `${scanner.id}.sarif`);
    await writeFile(file, rendered.text);
    sarifFiles.push(file);
    if (rendered.leftOut > 0) {
      sarifLeftOut[scanner.id] = rendered.leftOut;
      deps.logger.warning(`${scanner.displayName}: ${rendered.leftOut} result(s) left out of the SARIF run (GitHub accepts at most 25,000 per run); all are in findings.json.`);
    }
  }
  const json = join(outputDir, 'findings.json');
  await writeFile(json, renderJson(report, { generatedAt: deps.now().toISOString(), tool: deps.tool }));
  const markdown = join(outputDir, 'summary.md');
  // summary.md is the full report; the job summary and the PR comment get size-budgeted renderings.
  await writeFile(markdown, renderReport(report, { maxChars: Number.POSITIVE_INFINITY, reportLocation: relative(deps.workspace, json) || 'findings.json' }));
  return { outputDir, sarifDir, sarifFiles, sarifLeftOut, json, markdown };
}
