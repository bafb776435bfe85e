import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, cleanLabelValue, renderMetrics } from '../../src/metrics/render.js';
import { makeFinding, makeReport, makeStatus, CONTEXT } from '../support/report-builder.js';
import { find, parseExposition } from './exposition.js';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('metrics.prom', () => {
  it('counts findings by scanner and severity, new, suppressed, durations, failures and the decision', async () => {
    const findings = [
      makeFinding({ severity: 'critical', sources: [{ scanner: 'trivy', ruleId: 'CVE-1', severity: 'CRITICAL' }] }, 1),
      makeFinding({ severity: 'high', sources: [{ scanner: 'trivy', ruleId: 'CVE-2', severity: 'HIGH' }, { scanner: 'gitleaks', ruleId: 'x', severity: 'HIGH' }] }, 2),
      makeFinding({ severity: 'low', sources: [{ scanner: 'gitleaks', ruleId: 'y', severity: 'LOW' }] }, 3),
    ];
    const report = makeReport(findings, [makeStatus({ id: 'trivy', durationMs: 2500 }), makeStatus({ id: 'gitleaks', durationMs: 750 }), makeStatus({ id: 'checkov', state: 'failed', durationMs: 100, error: 'boom' })], {
      suppressed: [makeFinding({ severity: 'medium' }, 9)],
      baseline: { source: 'artifact', found: true, new: 2, unchanged: 1, fixed: [{ fingerprint: 'f', ruleId: 'r', title: 't', severity: 'low' }] },
    });
    const e = parseExposition(await renderMetrics(report, { version: '1.2.3', now: NOW }));
    expect(find(e, 'security_scan_findings', { scanner: 'trivy', severity: 'critical' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_findings', { scanner: 'trivy', severity: 'high' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_findings', { scanner: 'gitleaks', severity: 'high' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_findings', { scanner: 'gitleaks', severity: 'low' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_findings', { scanner: 'gitleaks', severity: 'critical' })[0]?.value).toBe(0);
    expect(find(e, 'security_scan_findings_reported', { severity: 'high' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_new_findings')[0]?.value).toBe(2);
    expect(find(e, 'security_scan_fixed_findings')[0]?.value).toBe(1);
    expect(find(e, 'security_scan_suppressed_findings')[0]?.value).toBe(1);
    expect(find(e, 'security_scan_scanner_duration_seconds', { scanner: 'trivy', state: 'ok' })[0]?.value).toBe(2.5);
    expect(find(e, 'security_scan_scanner_duration_seconds', { scanner: 'checkov', state: 'failed' })[0]?.value).toBe(0.1);
    expect(find(e, 'security_scan_scanner_failed', { scanner: 'checkov' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_scanner_failed', { scanner: 'trivy' })[0]?.value).toBe(0);
    expect(find(e, 'security_scan_scanner_failures')[0]?.value).toBe(1);
    expect(find(e, 'security_scan_gate_blocked')[0]?.value).toBe(1);
    expect(find(e, 'security_scan_gate_decision', { decision: 'BLOCK', fail_on: 'high', risk: 'CRITICAL' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_run_info', { version: '1.2.3', workflow: 'CI', workflow_job: 'scan' })[0]?.value).toBe(1);
    expect(find(e, 'security_scan_run_timestamp_seconds')[0]?.value).toBe(NOW.getTime() / 1000);
    // Every exported name is declared, and every declared name is exported.
    expect([...new Set(e.samples.map((s) => s.name))].sort()).toEqual([...METRIC_NAMES].sort());
    expect(Object.values(e.types).every((t) => t === 'gauge')).toBe(true);
  });

  it('a proceeding run without a baseline: every finding is new, blocked is 0', async () => {
    const report = makeReport([makeFinding({ severity: 'low' }, 1)], [makeStatus({ id: 'trivy' })]);
    const e = parseExposition(await renderMetrics(report, { version: '1', now: NOW }));
    expect(find(e, 'security_scan_gate_blocked')[0]?.value).toBe(0);
    expect(find(e, 'security_scan_gate_decision', { decision: 'PROCEED' })).toHaveLength(1);
    expect(find(e, 'security_scan_new_findings')[0]?.value).toBe(1);
  });

  it('never turns rule ids, titles, paths or secret values into labels; hostile workflow names are escaped and capped', async () => {
    const secret = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0', 'K1l2M3n4O5p6Q7r8S9t0'].join('');
    const hostileRule = 'rule"} 1\nsecurity_scan_gate_blocked 0\n#';
    const report = makeReport(
      [makeFinding({ kind: 'secret', severity: 'critical', ruleId: hostileRule, title: `token ${secret}`, location: { path: `a/${secret}.txt`, startLine: 1 } }, 1)],
      [makeStatus({ id: 'gitleaks' })],
      { context: { ...CONTEXT, workflow: 'CI"} 1\nsecurity_scan_gate_blocked 0\n\u001b[31m' + 'x'.repeat(300), job: 'a\\b' } },
    );
    const text = await renderMetrics(report, { version: '1', now: NOW });
    expect(text).not.toContain(secret);
    expect(text).not.toContain('rule"');
    const e = parseExposition(text);
    // The injected sample did not become a sample of its own: blocked is still exactly one sample, 1.
    expect(find(e, 'security_scan_gate_blocked').map((s) => s.value)).toEqual([1]);
    const info = find(e, 'security_scan_run_info')[0]!;
    expect(info.labels.workflow).toBe(cleanLabelValue(report.context.workflow!));
    expect([...info.labels.workflow!].length).toBe(128);
    // eslint-disable-next-line no-control-regex
    expect(info.labels.workflow).not.toMatch(/[\u0000-\u001f]/);
    expect(info.labels.workflow_job).toBe('a\\b');
  });
});
