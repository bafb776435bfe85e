import { SEVERITIES, type Severity } from '../findings/model.js';
import { atLeast, LABEL } from '../findings/severity.js';
import type { FailOn, FailurePolicy } from '../config/settings.js';
import type { GateResult, ScannerStatus, SeverityCounts } from '../report/types.js';
import { emptyCounts } from './counts.js';

/**
 * The gate: BLOCK when findings reach `fail-on`, or when any selected scanner failed or could not run — a scanner
 * that did not report cannot vouch for the code, so the gate never passes silently. `fail-on: none` ignores
 * findings but not failed scanners.
 */
export interface GateOptions {
  failOn: FailOn;
  failurePolicy: FailurePolicy;
  /** `counts` are the new findings only (fail-on-new-only); said in the reason. */
  newOnly: boolean;
}

export function decideGate(counts: SeverityCounts, scanners: readonly ScannerStatus[], options: GateOptions): GateResult {
  const { failOn, failurePolicy, newOnly } = options;
  const blocking = emptyCounts();
  if (failOn !== 'none') {
    for (const s of SEVERITIES) if (atLeast(s, failOn as Severity)) blocking[s] = counts[s];
  }
  const failedScanners = scanners.filter((s) => s.state !== 'ok').map((s) => s.id);
  const reasons: string[] = [];
  const n = SEVERITIES.reduce((sum, s) => sum + blocking[s], 0);
  if (n > 0) {
    const parts = SEVERITIES.filter((s) => blocking[s] > 0).map((s) => `${blocking[s]} ${LABEL[s].toLowerCase()}`);
    reasons.push(`${n} finding${n === 1 ? '' : 's'} at or above fail-on '${failOn}' (${parts.join(', ')}).`);
  }
  for (const s of scanners.filter((x) => x.state !== 'ok')) {
    reasons.push(`${s.displayName} ${s.state === 'failed' ? 'failed' : 'could not run'}: ${s.error ?? 'no reason given'}`);
  }
  return { decision: reasons.length > 0 ? 'BLOCK' : 'PROCEED', failOn, blocking, failedScanners, reasons, failurePolicy, newOnly };
}
