// The baseline in the reports: the comment and summary lead with "N new, M existing, K fixed" (or say why there is no
// baseline), new findings are tagged only when a baseline was found, fixed findings are listed (capped), a hostile
// source text is escaped; SARIF results get baselineState only when there is a baseline.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { FIXED_ROWS } from '../../src/report/view.js';
import type { BaselineReport, FixedFinding } from '../../src/report/types.js';
import { makeFinding, makeReport } from '../support/report-builder.js';

const fixed = (n: number): FixedFinding[] => Array.from({ length: n }, (_, i) => ({ fingerprint: `fx${i}`, ruleId: `R${i}`, title: `fixed ${i}`, severity: 'medium', path: `old/${i}.tf` }));
function report(baseline: BaselineReport | undefined) {
  const findings = [
    { ...makeFinding({ severity: 'high' }, 1), baseline: 'new' as const },
    { ...makeFinding({ severity: 'high' }, 2), baseline: 'unchanged' as const },
    { ...makeFinding({ severity: 'low' }, 3), baseline: 'unchanged' as const },
  ];
  return makeReport(findings, undefined, { ...(baseline ? { baseline } : {}), gate: { reasons: ["1 new finding at or above fail-on 'high' (1 high)."], decision: 'BLOCK', newOnly: true } });
}
const md = (b: BaselineReport | undefined, maxChars = Number.POSITIVE_INFINITY) => renderReport(report(b), { maxChars });

describe('the baseline in the Markdown report', () => {
  it('leads with what the change introduces, right under the verdict heading, before the reasons', () => {
    const text = md({ source: 'the `x` artifact of run 5', found: true, new: 1, unchanged: 2, fixed: fixed(1) });
    const lines = text.split('\n');
    expect(lines[0]).toBe('### ❌ BLOCK · Security scan');
    expect(lines[2]).toBe('**Against the baseline:** 🆕 1 new, 2 existing, ✅ 1 fixed');
    expect(text.indexOf('Against the baseline')).toBeLessThan(text.indexOf('- 1 new finding at or above'));
    expect(text.match(/🆕 \*\*new\*\* · /g)).toHaveLength(1);
    expect(text).toContain('<summary>✅ <b>Fixed</b> · 1 finding of the baseline no longer found</summary>');
    expect(text).toContain('| 🟨 | fixed 0 | `R0` | `old/0.tf` |');
  });

  it('no baseline found: a note saying why, no "new" tags (every finding would carry one), no fixed list', () => {
    const text = md({ source: 'no completed push run of workflow "ci.yml" on "main" was found', found: false, new: 3, unchanged: 0, fixed: [] });
    expect(text).toMatch(/^> ℹ️ \*\*No baseline:\*\* no completed push run of workflow .*ci.*yml.* on .*main.* was found$/m);
    expect(text).not.toContain('**new**');
    expect(text).not.toContain('Against the baseline');
    expect(md(undefined)).not.toContain('baseline');
  });

  it(`lists at most ${FIXED_ROWS} fixed findings, says how many there are, and stays within the comment budget`, () => {
    const text = md({ source: 's', found: true, new: 1, unchanged: 2, fixed: fixed(500) });
    expect(text).toContain(`500 findings of the baseline no longer found (${FIXED_ROWS} shown; all are in findings.json)`);
    expect(text.match(/\| 🟨 \| fixed \d+ \|/g)).toHaveLength(FIXED_ROWS);
    expect(md({ source: 's', found: true, new: 1, unchanged: 2, fixed: fixed(500) }, 6_000).length).toBeLessThanOrEqual(6_000);
  });

  it('the source and fixed titles are escaped: a hostile name cannot inject Markdown or HTML', () => {
    const hostile = 'x</sub><img src=x onerror=alert(1)> [click](https://evil.example) @org/team';
    const text = md({ source: hostile, found: true, new: 0, unchanged: 0, fixed: [{ fingerprint: 'f', ruleId: 'R', title: hostile, severity: 'low' }] });
    expect(text).not.toContain('<img');
    expect(text).not.toContain('](https://evil.example)');
    expect(text).not.toMatch(/[^`]@org\/team/);
  });
});

describe('SARIF baselineState', () => {
  const tool = { id: 'trivy', displayName: 'Trivy', informationUri: 'https://trivy.dev/' };
  const findings = report(undefined).findings;
  it('new / unchanged on each result when a baseline was found; absent otherwise', () => {
    const states = (baseline: boolean) =>
      (JSON.parse(renderSarif(tool, findings, { categoryPrefix: 'security-scan', baseline }).text) as { runs: { results: { baselineState?: string }[] }[] }).runs[0]!.results.map((r) => r.baselineState);
    expect(states(true).sort()).toEqual(['new', 'unchanged', 'unchanged']);
    expect(states(false)).toEqual([undefined, undefined, undefined]);
  });
});
