import type { Finding, Severity } from '../findings/model.js';
import { DUE_SOON_MS, SLA_LIST_LIMIT } from './limits.js';
import type { SlaFinding, SlaReport } from './types.js';

export type SlaPolicy = SlaReport['policy'];

const RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/**
 * When a finding is due (ms since the epoch), undefined for info (no SLA): its first-seen time (the baseline's date
 * for a finding the baseline already had, `now` for a new one) plus its severity's time to fix. `parse` caches
 * Date.parse per first-seen text (a report's findings share a few).
 */
export function dueDateFor(policy: SlaPolicy, now: string): (f: Finding) => number | undefined {
  const parsed = new Map<string, number>();
  return (f) => {
    if (f.severity === 'info') return undefined;
    const seen = f.firstSeen ?? now;
    let t = parsed.get(seen);
    if (t === undefined) parsed.set(seen, (t = Date.parse(seen)));
    return t + policy[f.severity];
  };
}

/**
 * Each finding's due date is its first-seen time plus its severity's time to fix; it is breached when that is before
 * `now`, due soon when not breached and due within DUE_SOON_MS. Info has no SLA. Counts cover every finding; the list
 * holds the breached and due-soon ones, soonest due first, at most SLA_LIST_LIMIT (the others' due dates follow from
 * their firstSeen and the policy). Equal due dates keep the report's order (most severe first).
 */
export function evaluateSlas(findings: readonly Finding[], policy: SlaPolicy, now: string): SlaReport {
  const at = Date.parse(now);
  const soon = at + DUE_SOON_MS;
  const dueOf = dueDateFor(policy, now);
  // Per severity rank (critical 0 … low 3): counts as plain arrays, the hot loop's only writes.
  const tracked = [0, 0, 0, 0];
  const breached = [0, 0, 0, 0];
  const dueSoon = [0, 0, 0, 0];
  const dues: number[] = [];
  const which: number[] = [];
  const urgent: Finding[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    const due = dueOf(f);
    if (due === undefined) continue;
    const r = RANK[f.severity as Exclude<Severity, 'info'>]; // info has no due date: skipped above
    tracked[r]!++;
    if (due < at) breached[r]!++;
    else if (due <= soon) dueSoon[r]!++;
    else continue;
    which.push(which.length);
    dues.push(due);
    urgent.push(f);
  }
  // Soonest due first; equal due dates keep the report's order (Array.prototype.sort is stable).
  which.sort((a, b) => dues[a]! - dues[b]!);
  const list: SlaFinding[] = [];
  for (let k = 0; k < which.length && k < SLA_LIST_LIMIT; k++) {
    const j = which[k]!;
    const f = urgent[j]!;
    const due = dues[j]!;
    list.push({ fingerprint: f.fingerprint, severity: f.severity, firstSeen: f.firstSeen ?? now, dueAt: new Date(due).toISOString(), breached: due < at });
  }
  const counts = (a: number[]) => ({ critical: a[0]!, high: a[1]!, medium: a[2]!, low: a[3]!, info: 0 });
  return { policy: { ...policy }, evaluatedAt: now, tracked: counts(tracked), breached: counts(breached), dueSoon: counts(dueSoon), dueSoonMs: DUE_SOON_MS, findings: list, listed: which.length };
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
