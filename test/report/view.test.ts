import { describe, expect, it } from 'vitest';
import { buildReportView } from '../../src/report/view.js';
import { CONTEXT, makeFinding, makeReport, makeStatus, zeroCounts } from '../support/report-builder.js';
import { shuffled } from '../support/shuffle.js';

const SHA = CONTEXT.sha!;

describe('buildReportView', () => {
  it('keeps scanner text as it came: no escaping, no truncation, no markup', () => {
    const hostile = '<img src=x> **bold** | `code` @octocat #12 https://evil.example ' + 'x'.repeat(500);
    const view = buildReportView(
      makeReport(
        [makeFinding({ severity: 'high', title: hostile, ruleId: hostile, package: { name: hostile, version: '1|2' } })],
        [makeStatus({ id: 'trivy', displayName: hostile, state: 'failed', error: hostile })],
        { gate: { reasons: [hostile] } },
      ),
    );
    const row = view.findings[0]!.rows[0]!;
    expect(row.title).toBe(hostile);
    expect(row.ruleId).toBe(hostile);
    expect(row.package).toEqual({ name: hostile, version: '1|2' });
    expect(row.sources).toEqual([{ scanner: hostile }]);
    expect(view.verdict.reasons).toEqual([hostile]);
    expect(view.scanners.rows[0]!.run?.error).toBe(hostile);
    expect(view.notRun).toEqual([{ id: 'trivy', name: hostile, state: 'failed', error: hostile }]);
  });

  it('groups rows by severity, most severe first, in the total order of findings/sort.ts whatever the input order', () => {
    const findings = ['low', 'critical', 'low', 'high', 'critical'].map((severity, i) =>
      makeFinding({ severity: severity as 'low', location: { path: 'same.tf', startLine: 1 }, ruleId: 'R' }, i),
    );
    const report = makeReport(findings);
    const view = buildReportView(report);
    expect(view.findings.map((g) => [g.severity, g.total, g.rows.map((r) => r.title)])).toEqual([
      ['critical', 2, ['Finding 1', 'Finding 4']],
      ['high', 1, ['Finding 3']],
      ['low', 2, ['Finding 0', 'Finding 2']],
    ]);
    for (const seed of [1, 2, 3]) expect(buildReportView({ ...report, findings: shuffled(report.findings, seed) })).toEqual(view);
  });

  it('builds at most rowLimit rows, most severe first, while the totals count every finding', () => {
    const findings = ['critical', 'high', 'high', 'low'].map((severity, i) => makeFinding({ severity: severity as 'high' }, i));
    const view = buildReportView(makeReport(findings), { rowLimit: 2 });
    expect(view.findings.map((g) => [g.severity, g.total, g.rows.length])).toEqual([
      ['critical', 1, 1],
      ['high', 2, 1],
      ['low', 1, 0],
    ]);
  });

  it('gives each row its display fields: scanners with their own rule ids, location with link, package', () => {
    const f = makeFinding({
      severity: 'critical',
      ruleId: 'slack-web-hook',
      location: { path: 'infra/main.tf', startLine: 5, endLine: 7, target: 'app:1' },
      package: { name: 'lodash', version: '4.17.20', fixedVersion: '4.17.21', ecosystem: 'npm' },
      sources: [
        { scanner: 'trivy', ruleId: 'slack-web-hook', severity: 'CRITICAL' },
        { scanner: 'gitleaks', ruleId: 'slack-webhook-url', severity: 'n/a' },
        { scanner: 'gitleaks', ruleId: 'slack-webhook-url', severity: 'n/a' },
      ],
    });
    const view = buildReportView(makeReport([f], [makeStatus({ id: 'trivy', displayName: 'Trivy' }), makeStatus({ id: 'gitleaks', displayName: 'Gitleaks' })]));
    expect(view.findings[0]!.rows[0]).toEqual({
      severity: 'critical',
      title: 'Finding 0',
      ruleId: 'slack-web-hook',
      sources: [{ scanner: 'Trivy' }, { scanner: 'Gitleaks', ruleId: 'slack-webhook-url' }],
      location: { target: 'app:1', path: 'infra/main.tf', line: 5, url: `https://github.com/acme/shop/blob/${SHA}/infra/main.tf#L5-L7` },
      package: { name: 'lodash', version: '4.17.20', fixedVersion: '4.17.21' },
    });
    expect(view.scanners.shared).toBe(true);
  });

  it('counts each scanner, leaves the counts out for one that did not run and found nothing, and shows orphans', () => {
    const report = makeReport(
      [makeFinding({ severity: 'high', sources: [{ scanner: 'ghost', ruleId: 'R', severity: 'x' }] })],
      [makeStatus({ id: 'trivy', displayName: 'Trivy', version: '0.50.1', durationMs: 12_345 }), makeStatus({ id: 'snyk', state: 'unavailable', error: 'SNYK_TOKEN is not set' })],
    );
    const view = buildReportView(report);
    expect(view.scanners.rows).toEqual([
      { id: 'trivy', name: 'Trivy', run: { state: 'ok', version: '0.50.1', durationMs: 12_345 }, counts: { bySeverity: zeroCounts(), total: 0 } },
      { id: 'snyk', name: 'Snyk', run: { state: 'unavailable', version: '1.0.0', durationMs: 1234, error: 'SNYK_TOKEN is not set' } },
      { id: 'ghost', name: 'ghost', counts: { bySeverity: { ...zeroCounts(), high: 1 }, total: 1 } },
    ]);
    expect(view.scanners.totals).toEqual({ bySeverity: { ...zeroCounts(), high: 1 }, total: 1 });
    expect(view.notRun).toEqual([{ id: 'snyk', name: 'Snyk', state: 'unavailable', error: 'SNYK_TOKEN is not set' }]);
  });

  it('has the verdict, links, notes, report location and accounting', () => {
    const report = makeReport([makeFinding({ severity: 'critical' })]);
    const view = buildReportView(report, { reportLocation: 'findings.json', notes: ['n'] });
    expect(view.verdict).toEqual({ decision: 'BLOCK', reasons: report.gate.reasons, failOn: 'high', risk: 'CRITICAL', findings: 1 });
    expect(view.links).toEqual({
      run: { id: '987654321', url: 'https://github.com/acme/shop/actions/runs/987654321' },
      pullRequest: { number: 42, url: 'https://github.com/acme/shop/pull/42' },
    });
    expect(view.notes).toEqual(['n']);
    expect(view.reportLocation).toBe('findings.json');
    expect(view.accounting).toEqual(report.accounting);
    expect(view.nothingFound).toBeUndefined();
    expect(buildReportView(makeReport([], [makeStatus({ id: 'trivy' })], { context: {} })).links).toEqual({});
  });

  it('says who looked when nothing was found, and whether a failed scanner makes it incomplete', () => {
    const clean = buildReportView(makeReport([], [makeStatus({ id: 'trivy', displayName: 'Trivy' }), makeStatus({ id: 'snyk', state: 'unavailable' })]));
    expect(clean.nothingFound).toEqual({ ranBy: ['Trivy'], incomplete: false });
    const failed = buildReportView(makeReport([], [makeStatus({ id: 'trivy' }), makeStatus({ id: 'checkov', state: 'failed' })]));
    expect(failed.nothingFound).toEqual({ ranBy: ['Trivy'], incomplete: true });
    expect(failed.findings).toEqual([]);
  });
});

describe('finding groups built once per report and row limit (summary.md, then the job summary)', () => {
  const report = () =>
    makeReport(
      ['critical', 'high', 'low'].map((severity, i) => makeFinding({ severity: severity as 'low', location: { path: `f${i}.tf`, startLine: i + 1 } }, i)),
      [makeStatus({ id: 'trivy', displayName: 'Trivy' })],
    );

  it('a second view of the same report with the same row limit shares the first one’s groups; another limit builds its own', () => {
    const r = report();
    const first = buildReportView(r, { rowLimit: 10, reportLocation: 'a' });
    const second = buildReportView(r, { rowLimit: 10, reportLocation: 'b' });
    expect(second.findings).toBe(first.findings);
    expect(second.reportLocation).toBe('b');
    const other = buildReportView(r, { rowLimit: 1 });
    expect(other.findings).not.toBe(first.findings);
    expect(other.findings.flatMap((g) => g.rows)).toHaveLength(1);
    // The same answers as views of a copy of the report (which no memo knows).
    expect(second.findings).toEqual(buildReportView(structuredClone(r), { rowLimit: 10 }).findings);
  });

  it('what the groups are built from changing (scanners, context, baseline, the list’s length) builds them again', () => {
    const r = report();
    const before = buildReportView(r, { rowLimit: 10 }).findings;
    r.scanners = [makeStatus({ id: 'trivy', displayName: 'Renamed' })];
    const renamed = buildReportView(r, { rowLimit: 10 }).findings;
    expect(renamed).not.toBe(before);
    expect(renamed[0]!.rows[0]!.sources).toEqual([{ scanner: 'Renamed' }]);
    r.context = { ...r.context, sha: 'b'.repeat(40) };
    const moved = buildReportView(r, { rowLimit: 10 }).findings;
    expect(moved).not.toBe(renamed);
    expect(moved[0]!.rows[0]!.location.url).toContain('b'.repeat(40));
    // The findings are marked new from the start: only a found baseline shows it.
    for (const f of r.findings) f.baseline = 'new';
    expect(buildReportView(r, { rowLimit: 10 }).findings[0]!.rows[0]!.isNew).toBeUndefined();
    r.baseline = { source: 'x', found: true, new: 3, unchanged: 0, fixed: [] };
    const marked = buildReportView(r, { rowLimit: 10 }).findings;
    expect(marked[0]!.rows[0]!.isNew).toBe(true);
    r.findings.push(makeFinding({ severity: 'low', location: { path: 'late.tf', startLine: 9 } }, 9));
    expect(buildReportView(r, { rowLimit: 10 }).findings.flatMap((g) => g.rows)).toHaveLength(4);
  });

  it('shared groups are frozen all the way down: no renderer can change what another reads', () => {
    const groups = buildReportView(report(), { rowLimit: 10 }).findings;
    const row = groups[0]!.rows[0]!;
    expect(() => ((row as { title: string }).title = 'x')).toThrow(TypeError);
    expect(() => (row.location as { path?: string }).path = 'x').toThrow(TypeError);
    expect(() => (row.sources as unknown[]).push({ scanner: 'x' })).toThrow(TypeError);
    expect(() => (groups as unknown[]).pop()).toThrow(TypeError);
  });
});
