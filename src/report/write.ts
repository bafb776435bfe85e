import { isAbsolute, join, relative, sep } from 'node:path';
import { ensureDirectory, writeFileAtomic, writeFileAtomicPieces } from '../fs/safe-write.js';
import { SARIF_LIMITS, SUMMARY_MAX_BYTES } from '../github/limits.js';
import type { Logger } from '../logger.js';
import { writeRemediationPatch } from '../remediate/write.js';
import { baselinePieces } from './baseline-schema.js';
import { jsonReportPieces } from './json.js';
import { METRICS_FILE, renderMetrics } from '../metrics/render.js';
import { renderReport } from './markdown.js';
import { writeHtmlReports } from './html/write.js';
import { MANIFEST_FILE, REPORT_FILES, renderManifest } from './output-dir.js';
import { sarifDocument, sarifPieces, type SarifTool } from './sarif.js';
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
  /** baseline.json: what the next run compares against (report/baseline-schema.ts). */
  baseline?: string;
  /** metrics.prom: the run as Prometheus metrics (metrics/render.ts). */
  metrics?: string;
  /** report.html: the self-contained HTML report (report/html/). */
  html?: string;
  /** report.pdf, when the config file asks for it and Chrome printed it. */
  pdf?: string;
  /** remediation.patch, when the config file turns it on and a direct dependency needed a bump (remediate/). */
  patch?: string;
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
  /** The ref this run scanned (GITHUB_REF), recorded in baseline.json. */
  ref?: string;
  logger: Logger;
  /** Files scanners already wrote into the output directory, published with the reports. */
  extraFiles?: readonly string[];
  /** `reportFormat: pdf` in the config file: the environment Chrome gets (the base allowlist plus CHROME_PATH). */
  pdf?: { env: Readonly<Record<string, string | undefined>>; timeoutMs?: number };
  /** `orchestration.automediateEnabled` in the config file: write remediation.patch (remediate/write.ts). */
  remediationPatch?: boolean;
}

/**
 * Writes sarif/<scanner>.sarif, findings.json, summary.md and baseline.json from the report. `outputDir` has been checked and
 * cleared of an earlier run's files (report/output-dir-fs.ts); each file goes to a temp name renamed into place, and
 * `sarif/` must be a real directory, so a planted symlink (`summary.md → /some/file`, `sarif → /dir`) is replaced
 * or refused, never written through. The manifest (.security-scan-files) lists what was written, for the next run's
 * cleanup; it is not a report and not uploaded.
 */
export async function writeReports(report: ScanReport, o: WriteOptions): Promise<WrittenReports> {
  const sarifDir = join(o.outputDir, REPORT_FILES.sarifDir);
  await ensureDirectory(sarifDir);
  const sarifFiles: string[] = [];
  const sarifLeftOut: Record<string, number> = {};
  // One report that cannot be written keeps none of the others from being written: each is tried in turn, and the
  // first failure is the error once all have been.
  let failure: { error: unknown } | undefined;
  const attempt = async <T>(write: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await write();
    } catch (error) {
      failure ??= { error };
      return undefined;
    }
  };
  for (const tool of o.tools) {
    const status = report.scanners.find((s) => s.id === tool.id);
    if (status?.state !== 'ok') continue;
    const file = join(sarifDir, `${tool.id}.sarif`);
    await attempt(async () => {
      const rendered = sarifDocument({ ...tool, version: status.version }, [report.findings, report.suppressed], { categoryPrefix: o.categoryPrefix, baseline: report.baseline?.found === true });
      await writeFileAtomicPieces(file, sarifPieces(rendered));
      if (rendered.leftOut > 0) {
        sarifLeftOut[tool.id] = rendered.leftOut;
        o.logger.warning(`${tool.displayName}: ${rendered.leftOut} result(s) left out of the SARIF run (GitHub accepts at most ${SARIF_LIMITS.maxResultsPerRun.toLocaleString('en-US')} per run); all are in findings.json.`);
      }
    });
    sarifFiles.push(file);
  }
  const json = join(o.outputDir, REPORT_FILES.json);
  await attempt(() => writeFileAtomicPieces(json, jsonReportPieces(report, { generatedAt: o.generatedAt, tool: o.tool })));
  const markdown = join(o.outputDir, REPORT_FILES.markdown);
  // summary.md is the report within the job summary's budget (1 MiB), lowest severity cut first and said so; every
  // finding is in findings.json (and the HTML report). The PR comment gets a smaller budget.
  // Where findings.json is, as the reader of summary.md sees it: workspace-relative, or next to it (under RUNNER_TEMP).
  const jsonRel = relative(o.workspace, json);
  const reportLocation = jsonRel && !jsonRel.startsWith('..') && !isAbsolute(jsonRel) ? jsonRel.split(sep).join('/') : REPORT_FILES.json;
  await attempt(() => writeFileAtomic(markdown, renderReport(report, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8', reportLocation })));
  const baseline = join(o.outputDir, REPORT_FILES.baseline);
  const context = { repository: report.context.repository, sha: report.context.sha, ref: o.ref };
  await attempt(() => writeFileAtomicPieces(baseline, baselinePieces(report, { generatedAt: o.generatedAt, tool: o.tool, context })));
  const metrics = join(o.outputDir, METRICS_FILE);
  await attempt(async () => writeFileAtomic(metrics, await renderMetrics(report, { version: o.tool.version, now: new Date(o.generatedAt) })));
  const htmlFiles = await attempt(() => writeHtmlReports(report, { outputDir: o.outputDir, generatedAt: o.generatedAt, tool: o.tool, logger: o.logger, ...(o.pdf ? { pdf: o.pdf } : {}) }));
  if (failure) throw failure.error;
  if (!htmlFiles) throw new Error('report.html was not written'); // unreachable: its failure is thrown above
  const extraFiles = [...(o.extraFiles ?? [])];
  const patch = o.remediationPatch ? await writeRemediationPatch(report.findings, { outputDir: o.outputDir, workspace: o.workspace, logger: o.logger }) : undefined;
  // Last: the list the next run removes before it writes (so a file this run wrote never outlives it as stale).
  const written = [...sarifFiles, json, markdown, baseline, metrics, htmlFiles.html, ...(htmlFiles.pdf ? [htmlFiles.pdf] : []), ...(patch ? [patch] : []), ...extraFiles].map((f) => relative(o.outputDir, f)).filter((r) => r !== '' && !r.startsWith('..') && !isAbsolute(r));
  await writeFileAtomic(join(o.outputDir, MANIFEST_FILE), renderManifest(written.map((r) => r.split(sep).join('/'))));
  return { outputDir: o.outputDir, sarifDir, sarifFiles, sarifLeftOut, json, markdown, baseline, metrics, ...htmlFiles, ...(patch ? { patch } : {}), extraFiles };
}
