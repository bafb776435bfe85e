import type { ScanReport } from './report/types.js';
import type { WrittenReports } from './report/write.js';

/**
 * Every output the step sets from its report (action.yml's outputs), in every mode; set before any sink runs so that
 * no sink failure can leave them unset. `sarif-ids` starts empty and is set by the code scanning sink.
 */
export function setReportOutputs(setOutput: (name: string, value: unknown) => void, report: ScanReport, files: WrittenReports): void {
  setOutput('total', report.total);
  for (const s of ['critical', 'high', 'medium', 'low'] as const) setOutput(s, report.counts[s]);
  setOutput('risk', report.risk);
  setOutput('decision', report.gate.decision);
  setOutput('sarif-dir', files.sarifDir);
  setOutput('report-json', files.json);
  setOutput('remediation-patch', files.patch ?? '');
  setOutput('sarif-ids', '');
  setOutput('new', report.baseline?.new ?? report.total);
  setOutput('fixed', report.baseline?.fixed.length ?? 0);
  setOutput('suppressed', report.suppressed.length);
}
