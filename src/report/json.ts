import { REPORT_SCHEMA, type FindingsDocument } from './schema.js';
import type { ScanReport } from './types.js';
import { jsonPieces, jsonText, type ExpandPath } from './json-stream.js';

export { REPORT_SCHEMA };

export interface JsonMeta {
  generatedAt: string;
  tool: { name: string; version: string };
}

/**
 * findings.json: every finding with its provenance, each scanner's status, version and duration, the gate. Its
 * shape is defined once, by the zod schema in schema.ts (`security-scan/findings@4`), which readers parse it with.
 */
export function findingsDocument(report: ScanReport, meta: JsonMeta): FindingsDocument {
  const doc: FindingsDocument = {
    schema: REPORT_SCHEMA,
    generatedAt: meta.generatedAt,
    tool: meta.tool,
    context: report.context,
    decision: report.gate.decision,
    risk: report.risk,
    gate: report.gate,
    total: report.total,
    counts: report.counts,
    byScanner: report.byScanner,
    accounting: report.accounting,
    scanners: report.scanners,
    findings: report.findings,
    suppressed: report.suppressed,
    suppressions: report.suppressions,
    ...(report.baseline ? { baseline: report.baseline } : {}),
    ...(report.changedFiles ? { changedFiles: report.changedFiles } : {}),
    notes: report.notes,
    ...(report.insights ? { insights: report.insights } : {}),
  };
  return doc;
}

/**
 * The big lists, written finding by finding, one compact finding per line; `insights` one compact member per line
 * (its lists run to megabytes at 100k findings). Every other key of the document is one indented JSON.stringify.
 */
const STREAMED_KEYS = new Set(['findings', 'suppressed', 'insights']);
const expandFindings: ExpandPath = (path) => path.length === 0 || (path.length === 1 && STREAMED_KEYS.has(path[0]!));
const compactFindings: ExpandPath = (path) => path.length === 1 && STREAMED_KEYS.has(path[0]!);

/** findings.json in pieces (to stream into the file): the same bytes as renderJson. */
export function jsonReportPieces(report: ScanReport, meta: JsonMeta): Iterable<string> {
  return jsonPieces(findingsDocument(report, meta), expandFindings, compactFindings);
}

/** findings.json as one string (the same bytes as jsonReportPieces): the document indented, each finding on one line. */
export function renderJson(report: ScanReport, meta: JsonMeta): string {
  return jsonText(findingsDocument(report, meta), expandFindings, compactFindings);
}
