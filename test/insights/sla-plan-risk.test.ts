// SLAs (due dates from first-seen, the baseline's when there is one; breached; configurable in the config file),
// the remediation plan (phases ordered by SLA, the effort heuristic) and the risk score / overall status.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRAS } from '../../src/config/extras.js';
import { parseConfigFile } from '../../src/config/file.js';
import type { Finding, Severity } from '../../src/findings/model.js';
import { buildPlan, effortHours, priorityOf } from '../../src/insights/plan.js';
import { overallStatus, riskScore } from '../../src/insights/risk.js';
import { evaluateSlas, formatDuration } from '../../src/insights/sla.js';
import type { Recommendation } from '../../src/insights/types.js';
import { buildReport } from '../../src/report/build.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { makeFinding } from '../support/report-builder.js';

const H = 3_600_000;
const NOW = '2026-05-01T12:00:00.000Z';
const at = (hoursBefore: number) => new Date(Date.parse(NOW) - hoursBefore * H).toISOString();
const POLICY = DEFAULT_EXTRAS.compliance.slas;

describe('SLAs', () => {
  it('has the defaults critical 1h, high 4h, medium 24h, low 7d', () => {
    expect(Object.fromEntries(Object.entries(POLICY).map(([s, ms]) => [s, formatDuration(ms)]))).toEqual({ critical: '1h', high: '4h', medium: '1d', low: '7d' });
  });

  it('is due at first-seen + the severity’s time to fix: a new finding from now, an existing one from the baseline’s date', () => {
    const fresh = makeFinding({ severity: 'critical' }, 1); // new: no firstSeen yet
    const old = { ...makeFinding({ severity: 'high' }, 2), firstSeen: at(5) }; // the baseline saw it 5 h ago
    const recent = { ...makeFinding({ severity: 'medium' }, 3), firstSeen: at(23) };
    const low = { ...makeFinding({ severity: 'low' }, 4), firstSeen: at(7 * 24 + 1) };
    const info = makeFinding({ severity: 'info' }, 5);
    const r = evaluateSlas([fresh, old, recent, low, info], POLICY, NOW);
    const by = new Map(r.findings.map((f) => [f.fingerprint, f]));
    expect(by.get('fp-1')).toEqual({ fingerprint: 'fp-1', severity: 'critical', firstSeen: NOW, dueAt: new Date(Date.parse(NOW) + H).toISOString(), breached: false });
    expect(by.get('fp-2')).toMatchObject({ firstSeen: at(5), dueAt: at(1), breached: true });
    expect(by.get('fp-3')).toMatchObject({ dueAt: new Date(Date.parse(NOW) + H).toISOString(), breached: false });
    expect(by.get('fp-4')).toMatchObject({ dueAt: at(1), breached: true });
    expect(by.has('fp-5')).toBe(false); // info has no SLA
    expect(r.breached).toEqual({ critical: 0, high: 1, medium: 0, low: 1, info: 0 });
    expect(r.evaluatedAt).toBe(NOW);
    // Soonest due first.
    expect(r.findings.map((f) => f.dueAt)).toEqual([...r.findings.map((f) => f.dueAt)].sort());
  });

  it('takes first-seen from the baseline through the report: an existing finding keeps the baseline’s date, a new one is seen now', () => {
    const existing = makeFinding({ severity: 'high' }, 1);
    const fresh = makeFinding({ severity: 'high' }, 2);
    const entry = { fingerprint: existing.fingerprint, ruleId: existing.ruleId, title: existing.title, severity: 'high' as const, firstSeen: at(30) };
    const settings = { scanners: ['trivy'], severities: ['critical', 'high', 'medium', 'low', 'info'] as Severity[], failOn: 'high' as const, now: NOW };
    const outcome = { status: { id: 'trivy', displayName: 'Trivy', state: 'ok' as const, durationMs: 1, rawCount: 2 }, findings: [existing, fresh] };
    const withBaseline = buildReport([outcome], { ...settings, baseline: { found: true, source: 'test', entries: [entry] } }, {});
    const slas = evaluateSlas(withBaseline.findings, POLICY, NOW);
    expect(slas.findings.find((f) => f.fingerprint === 'fp-1')).toMatchObject({ firstSeen: at(30), dueAt: at(26), breached: true });
    expect(slas.findings.find((f) => f.fingerprint === 'fp-2')).toMatchObject({ firstSeen: NOW, breached: false });
    // Without a baseline every finding is first seen now: nothing breached yet.
    const without = evaluateSlas(buildReport([outcome], settings, {}).findings, POLICY, NOW);
    expect(without.findings.map((f) => [f.firstSeen, f.breached])).toEqual([[NOW, false], [NOW, false]]);
  });

  it('is breached only strictly after the due time', () => {
    const exactly = { ...makeFinding({ severity: 'high' }, 1), firstSeen: at(4) };
    expect(evaluateSlas([exactly], POLICY, NOW).findings[0]!.breached).toBe(false);
    const later = { ...makeFinding({ severity: 'high' }, 1), firstSeen: new Date(Date.parse(at(4)) - 1).toISOString() };
    expect(evaluateSlas([later], POLICY, NOW).findings[0]!.breached).toBe(true);
  });

  it('takes the config file’s SLAs (compliance.SLAs), and refuses a bad one with what to write', () => {
    const { config, problems } = parseConfigFile('compliance:\n  SLAs:\n    critical: 30m\n    high: 2d\n', '.github/security-scan.yml', SCANNERS);
    expect(problems).toEqual([]);
    const slas = config.extras.compliance.slas;
    expect(slas).toEqual({ ...POLICY, critical: 30 * 60_000, high: 48 * H });
    const f = { ...makeFinding({ severity: 'critical' }, 1), firstSeen: at(0.75) };
    expect(evaluateSlas([f], POLICY, NOW).findings[0]!.breached).toBe(false); // 1h default: not yet
    expect(evaluateSlas([f], slas, NOW).findings[0]!.breached).toBe(true); // 30m: breached
    const bad = parseConfigFile('compliance:\n  SLAs:\n    critcal: 1h\n    low: soon\n', '.github/security-scan.yml', SCANNERS).problems;
    expect(bad[0]).toMatch(/compliance\.SLAs\.critcal is not a severity.*critical/);
    expect(bad[1]).toContain('compliance.SLAs.low');
  });
});

function rec(action: Recommendation['action'], severity: Severity, findings: number, locations = 1, id = `${action}:${severity}:${findings}`): Recommendation {
  const fingerprints = Array.from({ length: findings }, (_, i) => `${id}#${i}`);
  return { id, action, title: id, severity, findings, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0, [severity]: findings }, fingerprints, locations: Array.from({ length: locations }, (_, i) => `l${i}`) };
}

describe('the remediation plan', () => {
  it('estimates effort with the documented heuristic, to the quarter hour', () => {
    expect(effortHours(rec('upgrade', 'high', 6, 1))).toBe(0.5);
    expect(effortHours(rec('upgrade', 'high', 6, 3))).toBe(1); // 0.5 + 2 × 0.25
    expect(effortHours(rec('rotate-secret', 'high', 1))).toBe(1);
    expect(effortHours(rec('rotate-secret', 'high', 3))).toBe(2); // 1 + 2 × 0.5
    expect(effortHours(rec('configure', 'medium', 1))).toBe(0.5);
    expect(effortHours(rec('configure', 'medium', 4))).toBe(0.75); // 0.5 + 3 × 0.1 = 0.8 → 0.75
    expect(effortHours(rec('review', 'low', 1))).toBe(1);
    expect(effortHours(rec('review', 'low', 5))).toBe(2); // 1 + 4 × 0.25
  });

  it('has one phase per severity, ordered by SLA (shortest first, info last), with the earliest due date and the effort', () => {
    const recs = [rec('review', 'low', 2), rec('upgrade', 'critical', 3), rec('configure', 'medium', 1), rec('upgrade', 'high', 1), rec('rotate-secret', 'critical', 1), rec('review', 'info', 1)];
    const members = new Map<string, Finding[]>(recs.map((r) => [r.id, r.fingerprints.map((fp, i) => ({ ...makeFinding({ severity: r.severity }, i), fingerprint: fp, firstSeen: at(i) }))]));
    const plan = buildPlan(recs, POLICY, NOW, members);
    expect(plan.phases.map((p) => [p.order, p.severity, p.name])).toEqual([
      [1, 'critical', 'Within 1h (critical)'],
      [2, 'high', 'Within 4h (high)'],
      [3, 'medium', 'Within 1d (medium)'],
      [4, 'low', 'Within 7d (low)'],
      [5, 'info', 'When convenient (info, no SLA)'],
    ]);
    const critical = plan.phases[0]!;
    expect(critical.recommendations.sort()).toEqual(['rotate-secret:critical:1', 'upgrade:critical:3']);
    expect(critical.findings).toBe(4);
    expect(critical.effortHours).toBe(0.5 + 1);
    expect(critical.dueBy).toBe(new Date(Date.parse(at(2)) + H).toISOString()); // the oldest critical finding's
    expect(plan.phases[4]!.slaMs).toBeUndefined();
    expect(plan.totalEffortHours).toBe(plan.phases.reduce((n, p) => n + p.effortHours, 0));
    expect(plan.priority).toBe('P1');
    expect(plan.effortModel).toMatch(/^upgrade: 0\.5h/);
  });

  it('orders phases by the configured SLAs, not by severity names', () => {
    const policy = { ...POLICY, medium: 30 * 60_000 }; // medium due sooner than critical
    const plan = buildPlan([rec('upgrade', 'critical', 1), rec('configure', 'medium', 1)], policy, NOW, new Map());
    expect(plan.phases.map((p) => p.severity)).toEqual(['medium', 'critical']);
  });

  it('priority: P1 critical, P2 high, P3 medium, P4 low or info, none without recommendations', () => {
    expect(priorityOf([rec('review', 'low', 1), rec('review', 'critical', 1)])).toBe('P1');
    expect(priorityOf([rec('review', 'high', 1)])).toBe('P2');
    expect(priorityOf([rec('review', 'medium', 1)])).toBe('P3');
    expect(priorityOf([rec('review', 'info', 1)])).toBe('P4');
    expect(priorityOf([])).toBe('none');
  });
});

const counts = (c: Partial<Record<Severity, number>>) => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0, ...c });

describe('risk score and overall status', () => {
  it('is min(100, 25·critical + 10·high + 4·medium + 1·low), info counting 0', () => {
    expect(riskScore(counts({}))).toBe(0);
    expect(riskScore(counts({ critical: 1, high: 2, medium: 3, low: 4, info: 50 }))).toBe(25 + 20 + 12 + 4);
    expect(riskScore(counts({ low: 99 }))).toBe(99);
    expect(riskScore(counts({ low: 100 }))).toBe(100);
    expect(riskScore(counts({ critical: 3, high: 2, medium: 1 }))).toBe(99);
    expect(riskScore(counts({ critical: 4 }))).toBe(100);
    expect(riskScore(counts({ critical: 40, high: 1000 }))).toBe(100); // capped
  });

  const report = (findings: Finding[], failOn: 'high' | 'none' = 'high', state: 'ok' | 'failed' = 'ok') =>
    buildReport(
      [
        { status: { id: 'trivy', displayName: 'Trivy', state: 'ok', durationMs: 1, rawCount: findings.length }, findings },
        // The other scanner: with failure-policy alert, its failure does not block while one scanner gave a result.
        { status: { id: 'gitleaks', displayName: 'Gitleaks', state, durationMs: 1, rawCount: 0, ...(state === 'failed' ? { error: 'boom' } : {}) }, findings: [] },
      ],
      { scanners: ['trivy', 'gitleaks'], severities: ['critical', 'high', 'medium', 'low', 'info'], failOn, failurePolicy: 'alert', now: NOW },
      {},
    );

  it('overallStatus: FAIL when the gate blocks, WARNING with findings or a scanner without a result, PASS otherwise', () => {
    expect(overallStatus(report([]))).toBe('PASS');
    expect(overallStatus(report([makeFinding({ severity: 'medium' }, 1)]))).toBe('WARNING'); // below fail-on
    expect(overallStatus(report([makeFinding({ severity: 'info' }, 1)]))).toBe('WARNING');
    expect(overallStatus(report([makeFinding({ severity: 'high' }, 1)]))).toBe('FAIL'); // at fail-on
    expect(overallStatus(report([makeFinding({ severity: 'critical' }, 1)], 'none'))).toBe('WARNING'); // never blocks
    expect(overallStatus(report([], 'high', 'failed'))).toBe('WARNING'); // failure-policy alert: proceeds, incomplete
  });
});
