import { SEVERITIES, type Severity } from '../findings/model.js';
import { atLeast, LABEL } from '../findings/severity.js';
import type { FailOn, FailurePolicy } from '../config/settings.js';
import type { GateResult, ScannerState, ScannerStatus, SeverityCounts } from '../report/types.js';
import { emptyCounts } from './counts.js';

/**
 * The gate: BLOCK when findings reach `fail-on`, or when a selected scanner did not report and the failure policy
 * says that blocks. `fail-on: none` ignores findings but not failed scanners.
 *
 * failure-policy: `block` (default) — a scanner that failed or could not run blocks: it cannot vouch for the code.
 * `alert` / `log` — it does not block by itself; the gate follows the findings of the others (the caller warns or
 * logs, and the report marks the scanner failed). Whatever the policy:
 * - a `skipped` scanner (a blocking stage before it blocked the gate) blocks: the gate had already blocked;
 * - when no selected scanner produced a result (every one failed, could not run or was skipped), the gate blocks:
 *   with nothing to follow, proceeding would pass code nobody looked at.
 * Every scanner whose state is not `ok` is listed in `failedScanners`, whether or not it blocked.
 */
export interface GateOptions {
  failOn: FailOn;
  failurePolicy: FailurePolicy;
  /** `counts` are the new findings only (fail-on-new-only); said in the reason. */
  newOnly: boolean;
  /**
   * The results of one stage, with later stages still to come (scheduling: staged asks whether a blocking stage
   * blocks): the "no scanner produced a result" rule waits for the whole run.
   */
  partial?: boolean;
}

const VERB: Record<Exclude<ScannerState, 'ok'>, string> = { failed: 'failed', unavailable: 'could not run', skipped: 'was not run' };

export function decideGate(counts: SeverityCounts, scanners: readonly ScannerStatus[], options: GateOptions): GateResult {
  const { failOn, failurePolicy, newOnly } = options;
  const blocking = emptyCounts();
  if (failOn !== 'none') {
    for (const s of SEVERITIES) if (atLeast(s, failOn as Severity)) blocking[s] = counts[s];
  }
  const notOk = scanners.filter((s) => s.state !== 'ok');
  const failedScanners = notOk.map((s) => s.id);
  const reasons: string[] = [];
  const n = SEVERITIES.reduce((sum, s) => sum + blocking[s], 0);
  if (n > 0) {
    const parts = SEVERITIES.filter((s) => blocking[s] > 0).map((s) => `${blocking[s]} ${LABEL[s].toLowerCase()}`);
    reasons.push(`${n}${newOnly ? ' new' : ''} finding${n === 1 ? '' : 's'} at or above fail-on '${failOn}' (${parts.join(', ')}).`);
  }
  const noResult = !options.partial && scanners.length > 0 && notOk.length === scanners.length;
  for (const s of notOk) {
    if (s.state !== 'skipped' && failurePolicy !== 'block' && !noResult) continue;
    reasons.push(`${s.displayName} ${VERB[s.state as Exclude<ScannerState, 'ok'>]}: ${s.error ?? 'no reason given'}`);
  }
  if (noResult && failurePolicy !== 'block') {
    reasons.push(`No selected scanner produced a result, so there are no findings for failure-policy '${failurePolicy}' to follow; the gate blocks until at least one scanner runs.`);
  }
  return { decision: reasons.length > 0 ? 'BLOCK' : 'PROCEED', failOn, blocking, failedScanners, reasons, failurePolicy, newOnly };
}

/**
 * The scanners that failed or could not run without blocking the gate by themselves (failure-policy alert or log),
 * for the caller's warning or info line and the report's verdict. Empty with failure-policy block, and when no
 * scanner produced a result (then they block).
 */
export function toleratedFailures(gate: Pick<GateResult, 'failurePolicy'>, scanners: readonly ScannerStatus[]): ScannerStatus[] {
  // When none produced a result they do block (decideGate says so in a reason).
  if (gate.failurePolicy === 'block' || scanners.every((s) => s.state !== 'ok')) return [];
  return scanners.filter((s) => s.state === 'failed' || s.state === 'unavailable');
}

/**
 * The verdict's line about failed scanners the policy let through: `2 scanners failed or could not run
 * (failure-policy: alert): Trivy, Gitleaks. They do not block by themselves; the gate follows the other scanners'
 * findings.` `names` are display names (the caller escapes them for its format).
 */
export function failedLine(policy: FailurePolicy, names: readonly string[]): string {
  const n = names.length;
  return (
    `${n === 1 ? '1 scanner' : `${n} scanners`} failed or could not run (failure-policy: ${policy}): ${names.join(', ')}. ` +
    `${n === 1 ? 'It does' : 'They do'} not block by ${n === 1 ? 'itself' : 'themselves'}; the gate follows the other scanners' findings.`
  );
}
