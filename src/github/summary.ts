/**
 * The job summary: the same Markdown report as the PR comment, budgeted in UTF-8 bytes (GitHub refuses a step
 * summary above 1 MiB). The writer is injected: main.ts passes `(md) => core.summary.addRaw(md).write()` or
 * `appendFileWriter(process.env.GITHUB_STEP_SUMMARY)`; tests pass an array.
 */
import { appendFile } from 'node:fs/promises';
import type { ScanReport } from '../report/types.js';
import { SUMMARY_MAX_BYTES, renderReport } from '../report/markdown.js';

export type SummaryWriter = (markdown: string) => Promise<unknown> | unknown;

export interface SummaryOptions {
  title?: string;
  artifactNote?: string;
  reportLocation?: string;
  /** Bytes already written to this step's summary by something else (the limit is per step). Default 0. */
  usedBytes?: number;
  /** Default SUMMARY_MAX_BYTES (1,048,576). */
  maxBytes?: number;
}

export interface SummaryResult {
  bytes: number;
  markdown: string;
}

/** Renders the report within the remaining summary budget and hands it to `write` once. */
export async function writeJobSummary(
  report: ScanReport,
  write: SummaryWriter,
  options: SummaryOptions = {},
): Promise<SummaryResult> {
  const budget = (options.maxBytes ?? SUMMARY_MAX_BYTES) - (options.usedBytes ?? 0);
  if (budget <= 0) throw new Error(`The job summary has no room left (${options.usedBytes ?? 0} bytes already written).`);
  const markdown = renderReport(report, {
    maxChars: budget,
    unit: 'utf8',
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.artifactNote !== undefined ? { artifactNote: options.artifactNote } : {}),
    ...(options.reportLocation !== undefined ? { reportLocation: options.reportLocation } : {}),
  });
  await write(markdown);
  return { bytes: Buffer.byteLength(markdown, 'utf8'), markdown };
}

/** A writer that appends to the GITHUB_STEP_SUMMARY file (the path is passed in, not read from the environment). */
export function appendFileWriter(path: string): SummaryWriter {
  return (markdown: string) => appendFile(path, markdown, 'utf8');
}
