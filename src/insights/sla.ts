import type { Finding, Severity } from '../findings/model.js';
import { emptyCounts } from '../assess/counts.js';
import type { SlaFinding, SlaReport } from './types.js';

export type SlaPolicy = SlaReport['policy'];

/**
 * Each finding's due date is its first-seen time (the baseline's date for a finding the baseline already had, this
 * run's for a new one) plus its severity's time to fix; it is breached when that is before `now`. Info has no SLA.
 */
export function evaluateSlas(findings: readonly Finding[], policy: SlaPolicy, now: string): SlaReport {
  const at = Date.parse(now);
  const breached = emptyCounts();
  const list: SlaFinding[] = [];
  for (const f of findings) {
    if (f.severity === 'info') continue;
    const firstSeen = f.firstSeen ?? now;
    const due = Date.parse(firstSeen) + policy[f.severity];
    const late = due < at;
    if (late) breached[f.severity]++;
    list.push({ fingerprint: f.fingerprint, severity: f.severity, firstSeen, dueAt: new Date(due).toISOString(), breached: late });
  }
  list.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.fingerprint.localeCompare(b.fingerprint));
  return { policy: { ...policy }, evaluatedAt: now, breached, findings: list };
}

/** `1h`, `4h`, `1d`, `7d`, `90m`. */
export function formatDuration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m % (24 * 60) === 0) return `${m / (24 * 60)}d`;
  if (m % 60 === 0) return `${m / 60}h`;
  return `${m}m`;
}

export function slaOf(policy: SlaPolicy, s: Severity): number | undefined {
  return s === 'info' ? undefined : policy[s];
}
