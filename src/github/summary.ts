/**
 * The job summary: the same Markdown report as the PR comment, budgeted in UTF-8 bytes (GitHub refuses a step
 * summary above 1 MiB). The writer is injected: main.ts passes `(md) => core.summary.addRaw(md).write()`; tests
 * pass an array.
 */
import type { ScanReport } from '../report/types.js';
import { renderReport } from '../report/markdown.js';
import { SUMMARY_MAX_BYTES } from './limits.js';

export type SummaryWriter = (markdown: string) => Promise<unknown> | unknown;

export interface SummaryOptions {
  /** Where the full report is (trusted Markdown), named when findings had to be left out. */
  reportLocation?: string;
}

export interface SummaryResult {
  bytes: number;
  markdown: string;
}

/** Renders the report within the job summary limit and hands it to `write` once. */
export async function writeJobSummary(
  report: ScanReport,
  write: SummaryWriter,
  options: SummaryOptions = {},
): Promise<SummaryResult> {
  const markdown = renderReport(report, {
    maxChars: SUMMARY_MAX_BYTES,
    unit: 'utf8',
    ...(options.reportLocation !== undefined ? { reportLocation: options.reportLocation } : {}),
  });
  await write(markdown);
  return { bytes: Buffer.byteLength(markdown, 'utf8'), markdown };
}
