/**
 * The HTML step of writeReports: report.html always (it is the report a reader opens from the artifact), report.pdf
 * when the config file asks for it (`reportFormat: pdf`). A PDF that cannot be printed is a warning; report.html stays.
 */
import { join } from 'node:path';
import type { Logger } from '../../logger.js';
import { REPORT_FILES } from '../output-dir.js';
import type { ScanReport } from '../types.js';
import { printPdf } from './pdf.js';
import { writeHtml, type HtmlMeta } from './render.js';

export const HTML_FILE = REPORT_FILES.html;
export const PDF_FILE = REPORT_FILES.pdf;

export interface HtmlStepOptions extends HtmlMeta {
  outputDir: string;
  logger: Logger;
  /** Set to print report.pdf: the environment Chrome gets (the base allowlist plus CHROME_PATH). */
  pdf?: { env: Readonly<Record<string, string | undefined>>; timeoutMs?: number; tempRoot?: string };
}

export async function writeHtmlReports(report: ScanReport, o: HtmlStepOptions): Promise<{ html: string; pdf?: string }> {
  const html = join(o.outputDir, HTML_FILE);
  await writeHtml(html, report, { generatedAt: o.generatedAt, tool: o.tool });
  if (!o.pdf) return { html };
  const out = await printPdf({ html, pdf: join(o.outputDir, PDF_FILE), env: o.pdf.env, ...(o.pdf.timeoutMs ? { timeoutMs: o.pdf.timeoutMs } : {}), ...(o.pdf.tempRoot ? { tempRoot: o.pdf.tempRoot } : {}) });
  if (out.status === 'failed') {
    o.logger.warning(out.warning);
    return { html };
  }
  o.logger.info(`PDF report written (${Math.round(out.bytes / 1024)} KiB, printed by ${out.chrome}).`);
  return { html, pdf: out.path };
}
