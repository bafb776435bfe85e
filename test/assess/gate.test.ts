import { describe, expect, it } from 'vitest';
import { decideGate, failedLine, toleratedFailures } from '../../src/assess/gate.js';
import { gateOptions } from '../support/report-builder.js';
import { countByScanner, countBySeverity, emptyCounts, riskOf } from '../../src/assess/counts.js';
import type { FailOn } from '../../src/config/settings.js';
import type { Finding, Severity } from '../../src/findings/model.js';
import type { ScannerStatus, SeverityCounts } from '../../src/report/types.js';

const SEVS: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const counts = (c: Partial<SeverityCounts>): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0, ...c });
const ok = (id: string): ScannerStatus => ({ id, displayName: id[0]!.toUpperCase() + id.slice(1), state: 'ok', durationMs: 10, rawCount: 0 });

/** Which severities block at each threshold, written out here (not derived from src). */
const BLOCKS: Record<FailOn, Severity[]> = {
  critical: ['critical'],
  high: ['critical', 'high'],
  medium: ['critical', 'high', 'medium'],
  low: ['critical', 'high', 'medium', 'low'],
  none: [],
};

describe('decideGate thresholds', () => {
  const cases = (Object.keys(BLOCKS) as FailOn[]).flatMap((failOn) => SEVS.map((sev) => [failOn, sev, BLOCKS[failOn].includes(sev)] as const));
  it.each(cases)('fail-on %s with one %s finding → block %s', (failOn, sev, blocks) => {
    const g = decideGate(counts({ [sev]: 1 }), [ok('trivy'), ok('gitleaks')], gateOptions(failOn));
    expect(g.decision).toBe(blocks ? 'BLOCK' : 'PROCEED');
    expect(g.failOn).toBe(failOn);
    expect(g.blocking[sev]).toBe(blocks ? 1 : 0);
    expect(g.reasons).toHaveLength(blocks ? 1 : 0);
    expect(g.failedScanners).toEqual([]);
  });

  it('no findings and all scanners ok → PROCEED with no reasons, at every threshold', () => {
    for (const failOn of Object.keys(BLOCKS) as FailOn[]) {
      const g = decideGate(emptyCounts(), [ok('trivy')], gateOptions(failOn));
      expect(g).toEqual({ failurePolicy: 'block', newOnly: false, decision: 'PROCEED', failOn, blocking: emptyCounts(), failedScanners: [], reasons: [] });
    }
  });

  it('none never blocks on findings, however many', () => {
    const g = decideGate(counts({ critical: 500, high: 1000, medium: 3, low: 9, info: 1 }), [ok('trivy')], gateOptions('none'));
    expect(g.decision).toBe('PROCEED');
    expect(g.blocking).toEqual(emptyCounts());
    expect(g.reasons).toEqual([]);
  });
});

describe('decideGate and scanners that did not report', () => {
  const failed: ScannerStatus = { ...ok('trivy'), displayName: 'Trivy', state: 'failed', error: 'timed out after 5m and was stopped' };
  const unavailable: ScannerStatus = { ...ok('gitleaks'), displayName: 'Gitleaks', state: 'unavailable', error: "Gitleaks is not installed: 'gitleaks' is not on PATH." };

  it.each(['critical', 'high', 'medium', 'low', 'none'] as FailOn[])('a failed scanner blocks even with no findings (fail-on %s)', (failOn) => {
    const g = decideGate(emptyCounts(), [failed, ok('gitleaks')], gateOptions(failOn));
    expect(g.decision).toBe('BLOCK');
    expect(g.failedScanners).toEqual(['trivy']);
    expect(g.reasons).toEqual(['Trivy failed: timed out after 5m and was stopped']);
  });

  it('an unavailable scanner blocks with fail-on none, and its reason says it could not run', () => {
    const g = decideGate(emptyCounts(), [ok('trivy'), unavailable], gateOptions('none'));
    expect(g.decision).toBe('BLOCK');
    expect(g.failedScanners).toEqual(['gitleaks']);
    expect(g.reasons).toEqual(["Gitleaks could not run: Gitleaks is not installed: 'gitleaks' is not on PATH."]);
  });

  it('a failed scanner without an error message still gives a reason', () => {
    const g = decideGate(emptyCounts(), [{ ...failed, error: undefined }], gateOptions('high'));
    expect(g.reasons).toEqual(['Trivy failed: no reason given']);
  });

  it('findings and failed scanners: one reason for the findings, then one per scanner', () => {
    const g = decideGate(counts({ high: 2 }), [failed, unavailable], gateOptions('high'));
    expect(g.reasons).toHaveLength(3);
    expect(g.reasons[0]).toMatch(/^2 findings/);
    expect(g.reasons[1]).toMatch(/^Trivy failed/);
    expect(g.reasons[2]).toMatch(/^Gitleaks could not run/);
    expect(g.failedScanners).toEqual(['trivy', 'gitleaks']);
  });
});

describe('decideGate reasons count by severity', () => {
  it('counts only the blocking severities, most severe first', () => {
    const g = decideGate(counts({ critical: 2, high: 1, medium: 5, low: 7, info: 4 }), [ok('trivy')], gateOptions('high'));
    expect(g.blocking).toEqual(counts({ critical: 2, high: 1 }));
    expect(g.reasons).toEqual(["3 findings at or above fail-on 'high' (2 critical, 1 high)."]);
  });

  it('fail-on low counts four severities and never info', () => {
    const g = decideGate(counts({ critical: 1, high: 2, medium: 3, low: 4, info: 100 }), [ok('trivy')], gateOptions('low'));
    expect(g.blocking).toEqual(counts({ critical: 1, high: 2, medium: 3, low: 4 }));
    expect(g.reasons).toEqual(["10 findings at or above fail-on 'low' (1 critical, 2 high, 3 medium, 4 low)."]);
  });

  it('one finding is singular and skips severities with none', () => {
    const g = decideGate(counts({ medium: 1, low: 3 }), [ok('trivy')], gateOptions('medium'));
    expect(g.reasons).toEqual(["1 finding at or above fail-on 'medium' (1 medium)."]);
  });
});

describe('riskOf and counts', () => {
  it.each([
    [{}, 'LOW'],
    [{ info: 9 }, 'LOW'],
    [{ low: 1, info: 2 }, 'LOW'],
    [{ medium: 1, low: 5 }, 'MEDIUM'],
    [{ high: 1, medium: 1 }, 'HIGH'],
    [{ critical: 1, low: 1 }, 'CRITICAL'],
  ] as [Partial<SeverityCounts>, string][])('riskOf(%j) = %s', (c, risk) => {
    expect(riskOf(counts(c))).toBe(risk);
  });

  const f = (severity: Severity, scanners: string[], n: number): Finding => ({
    fingerprint: `fp${n}`,
    kind: 'secret',
    ruleId: 'r',
    title: 't',
    severity,
    location: { path: 'a', startLine: n },
    sources: scanners.map((scanner) => ({ scanner, ruleId: 'r', severity: 'x' })),
  });

  it('countBySeverity counts each finding once', () => {
    expect(countBySeverity([f('high', ['trivy'], 1), f('high', ['gitleaks'], 2), f('info', ['trivy'], 3)])).toEqual(counts({ high: 2, info: 1 }));
  });

  it('countByScanner counts a merged finding for each scanner that reported it; a scanner with none still appears', () => {
    const byScanner = countByScanner([f('critical', ['trivy', 'gitleaks'], 1), f('medium', ['gitleaks'], 2)], ['trivy', 'gitleaks', 'checkov']);
    expect(byScanner).toEqual({ trivy: counts({ critical: 1 }), gitleaks: counts({ critical: 1, medium: 1 }), checkov: counts({}) });
  });
});

describe('decideGate and failure-policy', () => {
  const failed: ScannerStatus = { ...ok('trivy'), displayName: 'Trivy', state: 'failed', error: 'timed out after 5m and was stopped' };
  const unavailable: ScannerStatus = { ...ok('gitleaks'), displayName: 'Gitleaks', state: 'unavailable', error: 'not on PATH' };
  const skipped: ScannerStatus = { ...ok('checkov'), displayName: 'Checkov', state: 'skipped', error: "stage 'secrets' blocked the gate, which stops the later stages" };
  const snyk = { ...ok('snyk'), displayName: 'Snyk' };

  it.each(['alert', 'log'] as const)('%s: failed and unavailable scanners do not block; the gate follows the findings; both are still listed', (failurePolicy) => {
    const clean = decideGate(counts({ medium: 3 }), [failed, unavailable, snyk], gateOptions('high', { failurePolicy }));
    expect(clean).toMatchObject({ decision: 'PROCEED', reasons: [], failedScanners: ['trivy', 'gitleaks'], failurePolicy });
    const dirty = decideGate(counts({ high: 1 }), [failed, unavailable, snyk], gateOptions('high', { failurePolicy }));
    expect(dirty).toMatchObject({ decision: 'BLOCK', reasons: ["1 finding at or above fail-on 'high' (1 high)."], failedScanners: ['trivy', 'gitleaks'] });
  });

  it('block: the same failures block, one reason each', () => {
    const g = decideGate(counts({ medium: 3 }), [failed, unavailable, snyk], gateOptions('high', { failurePolicy: 'block' }));
    expect(g.decision).toBe('BLOCK');
    expect(g.reasons).toEqual(['Trivy failed: timed out after 5m and was stopped', 'Gitleaks could not run: not on PATH']);
  });

  it.each(['block', 'alert', 'log'] as const)('%s: a skipped scanner blocks (a blocking stage had already blocked the gate)', (failurePolicy) => {
    const g = decideGate(emptyCounts(), [snyk, skipped], gateOptions('none', { failurePolicy }));
    expect(g.decision).toBe('BLOCK');
    expect(g.reasons).toEqual(["Checkov was not run: stage 'secrets' blocked the gate, which stops the later stages"]);
    expect(g.failedScanners).toEqual(['checkov']);
  });

  it.each(['alert', 'log'] as const)('%s: when no scanner produced a result the gate blocks, naming each and saying why', (failurePolicy) => {
    const g = decideGate(emptyCounts(), [failed, unavailable], gateOptions('high', { failurePolicy }));
    expect(g.decision).toBe('BLOCK');
    expect(g.reasons).toEqual([
      'Trivy failed: timed out after 5m and was stopped',
      'Gitleaks could not run: not on PATH',
      `No selected scanner produced a result, so there are no findings for failure-policy '${failurePolicy}' to follow; the gate blocks until at least one scanner runs.`,
    ]);
  });

  it('partial (one stage of several): the no-result rule waits for the whole run', () => {
    const g = decideGate(emptyCounts(), [failed], { ...gateOptions('high', { failurePolicy: 'alert' }), partial: true });
    expect(g.decision).toBe('PROCEED');
    const blocked = decideGate(emptyCounts(), [failed], { ...gateOptions('high', { failurePolicy: 'block' }), partial: true });
    expect(blocked.decision).toBe('BLOCK');
  });

  it('toleratedFailures and failedLine: what the verdict says about failures the policy let through', () => {
    const alert = decideGate(emptyCounts(), [failed, unavailable, snyk, skipped], gateOptions('high', { failurePolicy: 'alert' }));
    expect(toleratedFailures(alert, [failed, unavailable, snyk, skipped]).map((s) => s.id)).toEqual(['trivy', 'gitleaks']);
    expect(toleratedFailures({ failurePolicy: 'block' }, [failed, snyk])).toEqual([]);
    expect(toleratedFailures({ failurePolicy: 'log' }, [failed, unavailable])).toEqual([]); // none ran: they blocked
    expect(failedLine('alert', ['Trivy', 'Gitleaks'])).toBe(
      "2 scanners failed or could not run (failure-policy: alert): Trivy, Gitleaks. They do not block by themselves; the gate follows the other scanners' findings.",
    );
    expect(failedLine('log', ['Trivy'])).toBe("1 scanner failed or could not run (failure-policy: log): Trivy. It does not block by itself; the gate follows the other scanners' findings.");
  });
});
