import { REPORT_SCHEMA, type FindingsDocument } from './schema.js';
import type { ScanReport } from './types.js';

export { REPORT_SCHEMA };

/**
 * findings.json: every finding with its provenance, each scanner's status, version and duration, the gate. Its
 * shape is defined once, by the zod schema in schema.ts (`security-scan/findings@2`), which readers parse it with.
 */
export function renderJson(report: ScanReport, meta: { generatedAt: string; tool: { name: string; version: string } }): string {
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
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
