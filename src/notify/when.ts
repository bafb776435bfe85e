import type { ScanReport } from '../report/types.js';
import type { NotifyOn } from './settings.js';

/** Findings the baseline does not have; without a baseline, every finding is new. */
export function newCount(report: ScanReport): number {
  return report.baseline?.new ?? report.total;
}

/** Scanners that failed or could not run (a notification on `failure` goes out for them even when the gate proceeds). */
export function failedScanners(report: ScanReport): string[] {
  return report.scanners.filter((s) => s.state === 'failed' || s.state === 'unavailable').map((s) => s.displayName);
}

/** Whether `notify-on` sends for this report, and why, in words for the log. */
export function shouldNotify(on: NotifyOn, report: ScanReport): { send: boolean; why: string } {
  if (on === 'always') return { send: true, why: "notify-on is 'always'" };
  if (on === 'failure') {
    const failed = failedScanners(report);
    if (report.gate.decision === 'BLOCK') return { send: true, why: 'the gate blocks' };
    if (failed.length > 0) return { send: true, why: `${failed.join(', ')} failed` };
    return { send: false, why: "notify-on is 'failure', and the gate proceeds with every scanner ok" };
  }
  const n = newCount(report);
  if (n > 0) return { send: true, why: `${n} new finding(s)${report.baseline?.found ? '' : ' (no baseline: every finding is new)'}` };
  return { send: false, why: "notify-on is 'new-findings', and there are no new findings" };
}
