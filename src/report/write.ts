import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SARIF_LIMITS } from '../github/limits.js';
import type { Logger } from '../logger.js';
import { renderJson } from './json.js';
import { renderReport } from './markdown.js';
import { renderSarif, type SarifTool } from './sarif.js';
import type { ScanReport } from './types.js';

export interface WrittenReports {
  outputDir: string;
  sarifDir: string;
  /** One SARIF file per scanner that ran (a failed scanner gets none, so its existing alerts are not closed). */
  sarifFiles: string[];
  /** Results left out of a scanner's SARIF run by the per-run limit. */
  sarifLeftOut: Record<string, number>;
  json: string;
  markdown: string;
  /** Other files the run wrote into the output directory for the user (e.g. Falco's deployment files). */
  extraFiles: string[];
}

export interface WriteOptions {
  outputDir: string;
  workspace: string;
  /** The scanners whose SARIF runs to write (those that ran), with what SARIF says of each tool. */
  tools: readonly Omit<SarifTool, 'version'>[];
  categoryPrefix: string;
  generatedAt: string;
  tool: { name: string; version: string };
  logger: Logger;
  /** Files scanners already wrote into the output directory, published with the reports. */
  extraFiles?: readonly string[];
}

/** Writes sarif/<scanner>.sarif, findings.json and summary.md from the report. */
export async function writeReports(report: ScanReport, o: WriteOptions): Promise<WrittenReports> {
  const sarifDir = join(o.outputDir, 'sarif');
  await mkdir(sarifDir, { recursive: true });
  const sarifFiles: string[] = [];
  const sarifLeftOut: Record<string, number> = {};
  for (const tool of o.tools) {
    const status = report.scanners.find((s) => s.id === tool.id);
    if (status?.state !== 'ok') continue;
    const rendered = renderSarif({ ...tool, version: status.version }, report.findings, { categoryPrefix: o.categoryPrefix });
    const file = join(sarifDir, `${tool.id}.sarif`);
    await writeFile(file, rendered.text);
    sarifFiles.push(file);
    if (rendered.leftOut > 0) {
      sarifLeftOut[tool.id] = rendered.leftOut;
      o.logger.warning(`${tool.displayName}: ${rendered.leftOut} result(s) left out of the SARIF run (GitHub accepts at most ${SARIF_LIMITS.maxResultsPerRun.toLocaleString('en-US')} per run); all are in findings.json.`);
    }
  }
  const json = join(o.outputDir, 'findings.json');
  await writeFile(json, renderJson(report, { generatedAt: o.generatedAt, tool: o.tool }));
  const markdown = join(o.outputDir, 'summary.md');
  // summary.md is the full report; the job summary and the PR comment get size-budgeted renderings.
  await writeFile(markdown, renderReport(report, { maxChars: Number.POSITIVE_INFINITY, reportLocation: relative(o.workspace, json) || 'findings.json' }));
  return { outputDir: o.outputDir, sarifDir, sarifFiles, sarifLeftOut, json, markdown, extraFiles: [...(o.extraFiles ?? [])] };
}
