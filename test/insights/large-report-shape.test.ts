// What the insights carry at scale (findings.json at 100k findings): findings referenced by fingerprint only as capped
// examples beside full counts, SLA entries only for the breached and due-soon findings, findingsBySeverity as ranges of
// `findings`. Nothing a reader needs is lost: the counts are exact, every other due date follows from firstSeen.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRAS } from '../../src/config/extras.js';
import type { Finding, Severity } from '../../src/findings/model.js';
import { buildInsights, severityRanges } from '../../src/insights/index.js';
import { DUE_SOON_MS, FINGERPRINT_LIMIT, SLA_LIST_LIMIT } from '../../src/insights/limits.js';
import { buildPlan } from '../../src/insights/plan.js';
import { buildRecommendations } from '../../src/insights/recommendations.js';
import { insightsSchema } from '../../src/insights/schema.js';
import { evaluateSlas } from '../../src/insights/sla.js';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import { makeFinding, makeReport } from '../support/report-builder.js';
import { realReport, SOURCES } from './real-report.js';

const H = 3_600_000;
const NOW = '2026-05-01T12:00:00.000Z';
const at = (hoursBefore: number) => new Date(Date.parse(NOW) - hoursBefore * H).toISOString();
const POLICY = DEFAULT_EXTRAS.compliance.slas;

describe('SLAs at scale', () => {
  it('counts every finding per severity and lists only the breached and due-soon ones, soonest first', () => {
    const breached = { ...makeFinding({ severity: 'high' }, 1), firstSeen: at(5) }; // due 1 h ago
    const soon = { ...makeFinding({ severity: 'medium' }, 2), firstSeen: at(1) }; // due in 23 h
    const later = { ...makeFinding({ severity: 'low' }, 3), firstSeen: at(1) }; // due in 6 days 23 h: not listed
    const edge = { ...makeFinding({ severity: 'low' }, 4), firstSeen: new Date(Date.parse(NOW) + DUE_SOON_MS - POLICY.low).toISOString() }; // due exactly in 24 h
    const info = makeFinding({ severity: 'info' }, 5);
    const r = evaluateSlas([breached, soon, later, edge, info], POLICY, NOW);
    expect(r.tracked).toEqual({ critical: 0, high: 1, medium: 1, low: 2, info: 0 });
    expect(r.breached).toEqual({ critical: 0, high: 1, medium: 0, low: 0, info: 0 });
    expect(r.dueSoon).toEqual({ critical: 0, high: 0, medium: 1, low: 1, info: 0 });
    expect(r.dueSoonMs).toBe(24 * H);
    expect(r.findings.map((f) => [f.fingerprint, f.breached])).toEqual([['fp-1', true], ['fp-2', false], ['fp-4', false]]);
    expect(r.listed).toBe(3);
    // The unlisted finding's due date, as the README says to derive it: firstSeen + policy[severity].
    expect(new Date(Date.parse(later.firstSeen) + r.policy.low).toISOString()).toBe(new Date(Date.parse(NOW) - H + 7 * 24 * H).toISOString());
  });

  it('lists at most SLA_LIST_LIMIT entries, the soonest due, and says how many there are', () => {
    const n = SLA_LIST_LIMIT + 500;
    // Older first-seen for higher i: the soonest due are the last findings created.
    const findings: Finding[] = Array.from({ length: n }, (_, i) => ({ ...makeFinding({ severity: 'critical' }, i), firstSeen: new Date(Date.parse(NOW) - i * 60_000).toISOString() }));
    const r = evaluateSlas(findings, POLICY, NOW);
    expect(r.listed).toBe(n);
    expect(r.findings).toHaveLength(SLA_LIST_LIMIT);
    expect(r.findings[0]!.fingerprint).toBe(`fp-${n - 1}`);
    expect(r.findings.at(-1)!.fingerprint).toBe(`fp-${n - SLA_LIST_LIMIT}`);
    expect(r.breached.critical + r.dueSoon.critical).toBe(n);
  });
});

describe('recommendations and the plan at scale', () => {
  it('a recommendation counts all its findings and lists the first FINGERPRINT_LIMIT, most severe first; the plan is due by the earliest of all', () => {
    const sev = (i: number): Severity => (i % 3 === 0 ? 'high' : 'medium');
    const leaks: Finding[] = Array.from({ length: 250 }, (_, i) => ({ ...makeFinding({ kind: 'secret', ruleId: 'aws-access-token', severity: sev(i) }, i), firstSeen: i === 248 ? at(100) : NOW }));
    const members = new Map<string, readonly Finding[]>();
    const [rotate] = buildRecommendations(leaks, planUpgrades(leaks), members);
    expect(rotate!.findings).toBe(250);
    expect(rotate!.bySeverity).toMatchObject({ high: 84, medium: 166 });
    const mostSevereFirst = [...leaks.filter((f) => f.severity === 'high'), ...leaks.filter((f) => f.severity === 'medium')].map((f) => f.fingerprint);
    expect(rotate!.fingerprints).toEqual(mostSevereFirst.slice(0, FINGERPRINT_LIMIT));
    expect(rotate!.fingerprints).not.toContain('fp-248'); // the oldest finding, medium, is past the cap…
    expect(members.get(rotate!.id)).toHaveLength(250);
    const plan = buildPlan([rotate!], POLICY, NOW, members);
    // …and still decides when the phase is due: 100 h ago + 24 h (medium).
    expect(plan.phases[0]!.dueBy).toBe(new Date(Date.parse(at(100)) + POLICY.medium).toISOString());
  });
});

describe('findingsBySeverity', () => {
  it('gives each severity its range of the report’s findings, and every finding is in exactly one', () => {
    const report = realReport(SOURCES);
    const r = report.insights!.findingsBySeverity;
    let total = 0;
    for (const [s, { start, count }] of Object.entries(r)) {
      expect(report.findings.slice(start, start + count).every((f) => f.severity === s)).toBe(true);
      expect(start).toBe(total);
      total += count;
    }
    expect(total).toBe(report.findings.length);
    expect(r.critical.count + r.high.count).toBeGreaterThan(0);
    expect(insightsSchema.safeParse(report.insights).success).toBe(true);
  });

  it('refuses findings out of severity order rather than describe them wrongly', () => {
    expect(() => severityRanges([makeFinding({ severity: 'low' }, 1), makeFinding({ severity: 'high' }, 2)])).toThrow(/not sorted by severity.*finding 1 is high/);
    expect(severityRanges([])).toEqual({ critical: { start: 0, count: 0 }, high: { start: 0, count: 0 }, medium: { start: 0, count: 0 }, low: { start: 0, count: 0 }, info: { start: 0, count: 0 } });
  });

  it('the whole insights of a large report validate against the schema, with capped lists', () => {
    const findings = Array.from({ length: 3_000 }, (_, i) => makeFinding({ kind: 'secret', ruleId: 'generic-api-key', severity: i % 2 ? 'critical' : 'low', cwe: ['CWE-798'] }, i));
    const report = makeReport(findings);
    const insights = buildInsights(report, { now: NOW, slas: POLICY, frameworks: [], upgrades: planUpgrades(report.findings) });
    expect(insightsSchema.safeParse(insights).success).toBe(true);
    expect(insights.recommendations[0]!.fingerprints).toHaveLength(FINGERPRINT_LIMIT);
    expect(insights.slas.findings).toHaveLength(SLA_LIST_LIMIT);
    expect(insights.slas.listed).toBe(1_500); // the critical ones (1 h); the low ones are due in 7 days
    const ctl = insights.complianceStatus.frameworks[0]!.failedControls[0]!;
    expect([ctl.findings, ctl.fingerprints.length]).toEqual([3_000, FINGERPRINT_LIMIT]);
    // The schema holds the caps: a list past them is refused.
    const tooMany = structuredClone(insights);
    tooMany.recommendations[0]!.fingerprints = findings.slice(0, FINGERPRINT_LIMIT + 1).map((f) => f.fingerprint);
    expect(insightsSchema.safeParse(tooMany).success).toBe(false);
  });
});

describe('planUpgrades with its caches (the same fix text and ecosystem on many findings)', () => {
  it('decides "no fix" per installed version, not per fix text', () => {
    const pkg = (name: string, version: string) => ({ name, version, ecosystem: 'npm', fixedVersion: '1.2.0' });
    const below = makeFinding({ kind: 'vulnerability', package: pkg('a', '1.0.0') }, 1);
    const above = makeFinding({ kind: 'vulnerability', package: pkg('b', '1.5.0') }, 2); // the fix is older: never a downgrade
    const again = makeFinding({ kind: 'vulnerability', package: pkg('a', '1.0.0') }, 3);
    const plan = planUpgrades([below, above, again]);
    expect(plan.noFix).toEqual(['fp-2']);
    expect(plan.actions.map((a) => [a.package, a.installed, a.to, a.fixes])).toEqual([['a', ['1.0.0'], '1.2.0', ['fp-1', 'fp-3']]]);
  });
});
