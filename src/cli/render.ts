/**
 * What the CLI prints on stdout. `table` is rendered here (chalk + cli-table3); the other formats are the files the
 * pipeline wrote into output-dir, printed as they are, so stdout carries exactly what the reports carry (and the
 * same redaction). Every string from a scanner or the scanned tree is stripped of control characters first: a file
 * name or a rule title must not be able to move the cursor, recolour or rewrite the reader's terminal.
 */
import { readFile } from 'node:fs/promises';
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Finding, Severity } from '../findings/model.js';
import type { ScanReport } from '../report/types.js';
import type { WrittenReports } from '../report/write.js';
import type { Format } from './options.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** One line of plain text: control characters (ANSI escapes, bidi overrides) become '?', newlines spaces. */
export const plain = (s: string): string => s.replace(/\r?\n|\t/g, ' ').replace(CONTROL, '?');

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
/** Rows shown in the table; the rest are counted (every finding is in findings.json). */
export const TABLE_ROWS = 50;

function paint(c: ChalkInstance, severity: Severity): (s: string) => string {
  switch (severity) {
    case 'critical':
      return (s) => c.bold.red(s);
    case 'high':
      return (s) => c.red(s);
    case 'medium':
      return (s) => c.yellow(s);
    default:
      return (s) => c.cyan(s);
  }
}

function where(f: Finding): string {
  const l = f.location;
  if (l.path) return plain(`${l.path}${l.startLine ? `:${l.startLine}` : ''}`);
  return plain(l.target ?? f.package?.name ?? '');
}

/** The coloured terminal report: the verdict, the counts, the scanners, the findings (most severe first). */
export function renderTable(report: ScanReport, files: WrittenReports, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  const style = { head: [], border: [] };
  const scanners = new Table({ head: ['Scanner', 'State', 'Time', 'Raw findings'].map((h) => c.bold(h)), style });
  for (const s of report.scanners) {
    const state = s.state === 'ok' ? c.green(s.state) : s.state === 'skipped' ? c.yellow(s.state) : c.red(s.state);
    scanners.push([plain(s.displayName), state, `${(s.durationMs / 1000).toFixed(1)}s`, String(s.rawCount)]);
  }
  out.push(scanners.toString());
  const findings = new Table({ head: ['Severity', 'Finding', 'Location', 'Found by', 'Rule'].map((h) => c.bold(h)), style, wordWrap: true, colWidths: [10, 46, 34, 18, 20] });
  for (const f of report.findings.slice(0, TABLE_ROWS)) {
    const p = paint(c, f.severity);
    const isNew = f.baseline === 'new' ? c.magenta(' new') : '';
    findings.push([p(f.severity.toUpperCase()) + isNew, plain(f.title), where(f), plain([...new Set(f.sources.map((s) => s.scanner))].join(', ')), plain(f.ruleId)]);
  }
  if (report.findings.length > 0) out.push(findings.toString());
  if (report.findings.length > TABLE_ROWS) out.push(`… and ${report.findings.length - TABLE_ROWS} more finding(s): every one is in ${files.json}`);
  const counts = SEVERITY_ORDER.map((s) => paint(c, s)(`${report.counts[s]} ${s}`)).join(', ');
  out.push(`${report.total} finding(s): ${counts}${report.suppressed.length ? `; ${report.suppressed.length} suppressed` : ''}${report.baseline ? `; ${report.baseline.new} new` : ''}`);
  for (const n of report.notes) out.push(c.dim(`note: ${plain(n)}`));
  if (report.gate.decision === 'BLOCK') {
    out.push(c.bold.red(`BLOCK (fail-on ${report.gate.failOn})`));
    for (const r of report.gate.reasons) out.push(c.red(`  ${plain(r)}`));
  } else {
    out.push(c.bold.green(`PROCEED (fail-on ${report.gate.failOn})`));
  }
  out.push(c.dim(`Reports: ${files.outputDir}`));
  return `${out.join('\n')}\n`;
}

/** One SARIF log holding every scanner's run (the files keep one run per scanner, as code scanning wants them). */
async function combinedSarif(files: WrittenReports): Promise<string> {
  const runs: unknown[] = [];
  let schema = 'https://json.schemastore.org/sarif-2.1.0.json';
  for (const f of files.sarifFiles) {
    const log = JSON.parse(await readFile(f, 'utf8')) as { $schema?: string; runs?: unknown[] };
    if (log.$schema) schema = log.$schema;
    runs.push(...(log.runs ?? []));
  }
  return `${JSON.stringify({ $schema: schema, version: '2.1.0', runs }, null, 2)}\n`;
}

/** The text for stdout in `format`; undefined (with a reason) when the report does not exist in that format. */
export async function renderFormat(format: Format, report: ScanReport, files: WrittenReports, color: boolean): Promise<{ text: string } | { missing: string }> {
  switch (format) {
    case 'table':
      return { text: renderTable(report, files, color) };
    case 'json':
      return { text: await readFile(files.json, 'utf8') };
    case 'sarif':
      return { text: await combinedSarif(files) };
    case 'markdown':
      return { text: await readFile(files.markdown, 'utf8') };
    case 'html':
      return files.html ? { text: await readFile(files.html, 'utf8') } : { missing: `no HTML report was written to ${files.outputDir}` };
  }
}
