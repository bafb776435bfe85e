import { SEVERITIES, type Finding, type Severity } from '../findings/model.js';
import type { Priority, Recommendation, RemediationPhase, RemediationPlan } from './types.js';
import { dueDateFor, formatDuration, slaOf, type SlaPolicy } from './sla.js';

/**
 * Effort heuristic, in hours per recommendation: an upgrade 0.5 h per package plus 0.25 h per further location (a
 * version bump, lock file refresh and test run per manifest); rotating a credential 1 h for the rule plus 0.5 h per
 * further leak (revoke, reissue, redeploy, purge history); a configuration change 0.5 h for the rule plus 0.1 h per
 * further place; a review 1 h for the group plus 0.25 h per further finding. Rounded to a quarter hour.
 */
export const EFFORT_MODEL =
  'upgrade: 0.5h + 0.25h per further location; rotate-secret: 1h + 0.5h per further leak; configure: 0.5h + 0.1h per further place; review: 1h + 0.25h per further finding';

export function effortHours(r: Recommendation): number {
  const more = Math.max(0, r.findings - 1);
  const h =
    r.action === 'upgrade'
      ? 0.5 + 0.25 * Math.max(0, r.locations.length - 1)
      : r.action === 'rotate-secret'
        ? 1 + 0.5 * more
        : r.action === 'configure'
          ? 0.5 + 0.1 * more
          : 1 + 0.25 * more;
  return Math.round(h * 4) / 4;
}

/** P1: something critical, P2: high, P3: medium, P4: low or info only, none: nothing to do. */
export function priorityOf(recs: readonly Recommendation[]): Priority {
  if (recs.length === 0) return 'none';
  const worst = recs.reduce<Severity>((w, r) => (SEVERITIES.indexOf(r.severity) < SEVERITIES.indexOf(w) ? r.severity : w), 'info');
  return worst === 'critical' ? 'P1' : worst === 'high' ? 'P2' : worst === 'medium' ? 'P3' : 'P4';
}

/**
 * One phase per severity that has recommendations, ordered by SLA (shortest first; info, without SLA, last). A
 * phase is due by the earliest due date (sla.ts, at `now`) of the findings of its recommendations: `members`, per
 * recommendation id, all of its findings (buildRecommendations fills it; the recommendations list only some).
 */
export function buildPlan(recs: readonly Recommendation[], policy: SlaPolicy, now: string, members: ReadonlyMap<string, readonly Finding[]>): RemediationPlan {
  const dueOf = dueDateFor(policy, now);
  const phases: RemediationPhase[] = [];
  const order = [...SEVERITIES].sort((a, b) => (slaOf(policy, a) ?? Infinity) - (slaOf(policy, b) ?? Infinity));
  for (const s of order) {
    const list = recs.filter((r) => r.severity === s);
    if (list.length === 0) continue;
    const sla = slaOf(policy, s);
    let first = Infinity;
    for (const r of list) {
      for (const f of members.get(r.id) ?? []) {
        const d = dueOf(f);
        if (d !== undefined && d < first) first = d;
      }
    }
    phases.push({
      order: phases.length + 1,
      severity: s,
      name: sla === undefined ? `When convenient (${s}, no SLA)` : `Within ${formatDuration(sla)} (${s})`,
      ...(sla !== undefined ? { slaMs: sla } : {}),
      ...(first !== Infinity ? { dueBy: new Date(first).toISOString() } : {}),
      recommendations: list.map((r) => r.id),
      findings: list.reduce((n, r) => n + r.findings, 0),
      effortHours: list.reduce((n, r) => n + effortHours(r), 0),
    });
  }
  return { priority: priorityOf(recs), phases, totalEffortHours: phases.reduce((n, p) => n + p.effortHours, 0), effortModel: EFFORT_MODEL };
}
