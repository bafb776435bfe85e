import { describe, expect, it } from 'vitest';
import { SEVERITIES, type Severity } from '../../src/findings/model.js';
import { ICON, LABEL } from '../../src/findings/severity.js';
import { renderMarkdown, renderReport } from '../../src/report/markdown.js';
import { buildReportView, type ReportView } from '../../src/report/view.js';
import { formatCount } from '../../src/report/format.js';
import { COMMENT_MAX_CHARS, SUMMARY_MAX_BYTES } from '../../src/github/limits.js';
import { CONTEXT, makeFinding, makeReport, makeStatus, manyFindings } from '../support/report-builder.js';
import { shuffled } from '../support/shuffle.js';

const SHA = CONTEXT.sha!;
const MARKER = '<!-- security-scan:v1 workflow=CI job=scan -->';

/** Finding rows of the rendered output (table rows that start with a severity icon cell). */
function findingRows(md: string): string[] {
  const icons = new Set(SEVERITIES.map((s) => ICON[s]));
  return md.split('\n').filter((l) => {
    const m = /^\| (\S+) \| /.exec(l);
    return m !== null && icons.has(m[1]!);
  });
}

/** Removes code spans (any fence length) so checks apply to rendered prose only. */
function withoutCodeSpans(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] === '`' && md[i - 1] !== '\\') {
      let n = 0;
      while (md[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      let j = md.indexOf(fence, i + n);
      while (j !== -1 && (md[j + n] === '`' || md[j - 1] === '`')) j = md.indexOf(fence, j + 1);
      if (j !== -1) {
        out += '␣';
        i = j + n;
        continue;
      }
    }
    out += md[i];
    i++;
  }
  return out;
}

describe('renderReport: order and verdict', () => {
  const findings = [
    makeFinding({ severity: 'low', title: 'low one' }, 1),
    makeFinding({ severity: 'critical', title: 'critical one' }, 2),
  ];
  const report = makeReport(findings, [makeStatus({ id: 'trivy', displayName: 'Trivy', version: '0.50.1' })]);

  it('starts with the marker, then the verdict with reasons and the fail-on threshold', () => {
    const md = renderReport(report, { maxChars: COMMENT_MAX_CHARS, marker: MARKER });
    const lines = md.split('\n');
    expect(lines[0]).toBe(MARKER);
    expect(lines[1]).toBe('### ❌ BLOCK · Security scan');
    const beforeTable = md.slice(0, md.indexOf('| Scanner |'));
    expect(beforeTable).toContain('1 finding\\(s\\) at or above high.');
    expect(beforeTable).toContain('**Fail on:** `high` or above');
  });

  it('says PROCEED when the gate proceeds, and the verdict is the first line without a marker', () => {
    const md = renderReport(makeReport(findings, undefined, { failOn: 'none' }), { maxChars: COMMENT_MAX_CHARS });
    expect(md.split('\n')[0]).toBe('### ✅ PROCEED · Security scan');
    expect(md).toContain('**Fail on:** `none` (findings never block)');
  });

  it('puts the sections in the documented order', () => {
    const withFailure = makeReport(findings, [
      makeStatus({ id: 'trivy' }),
      makeStatus({ id: 'checkov', state: 'failed', error: 'exit status 2' }),
    ]);
    const md = renderReport(withFailure, { maxChars: COMMENT_MAX_CHARS, marker: MARKER });
    const at = (s: string) => {
      const i = md.indexOf(s);
      expect(i, s).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at('### ❌ BLOCK'),
      at('| Scanner | Status |'),
      at('<summary>🟥 <b>Critical</b>'),
      at('<summary>🟦 <b>Low</b>'),
      at('#### Scanners that did not run'),
      at('/actions/runs/987654321'),
      at('📊 Raw findings'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('opens critical and high sections and collapses the others', () => {
    const md = renderReport(
      makeReport(SEVERITIES.map((severity, i) => makeFinding({ severity }, i))),
      { maxChars: COMMENT_MAX_CHARS },
    );
    for (const s of SEVERITIES) {
      const open = s === 'critical' || s === 'high' ? '<details open>' : '<details>';
      expect(md).toContain(`${open}\n<summary>${ICON[s]} <b>${LABEL[s]}</b> · 1 finding</summary>`);
    }
  });

  it('shows the caller\'s notes right after the verdict', () => {
    const md = renderReport(report, { maxChars: COMMENT_MAX_CHARS, notes: ['5,000 Trivy results left out of the SARIF upload.'] });
    const note = md.indexOf('> ℹ️ 5,000 Trivy results left out of the SARIF upload.');
    expect(note).toBeGreaterThan(md.indexOf('**Fail on:**'));
    expect(note).toBeLessThan(md.indexOf('| Scanner |'));
  });

  it('gives the same bytes whatever order the findings come in', () => {
    // Few distinct values: groups of 20 findings tie on severity, rule, path and line, so only the sort's last
    // tie-breakers (findings/sort.ts) decide the order of their rows.
    const findings = Array.from({ length: 240 }, (_, i) => {
      const scanner = i % 2 === 0 ? 'trivy' : 'gitleaks';
      return makeFinding(
        {
          severity: SEVERITIES[i % 3]!,
          ruleId: `R${i % 4}`,
          location: { path: `f${i % 2}.tf`, startLine: (i % 3) + 1 },
          sources: [{ scanner, ruleId: `R${i % 4}`, severity: 'x' }],
        },
        i,
      );
    });
    const report = makeReport(findings, [makeStatus({ id: 'trivy' }), makeStatus({ id: 'gitleaks' })]);
    for (const maxChars of [Number.POSITIVE_INFINITY, 8_000]) {
      const expected = renderReport(report, { maxChars });
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const md = renderReport({ ...report, findings: shuffled(report.findings, seed) }, { maxChars });
        expect(md, `seed ${seed}, maxChars ${maxChars}`).toBe(expected);
      }
    }
  });
});

describe('renderReport: scanner table', () => {
  it('shows version and duration, the error of a failed scanner, the reason of an unavailable one', () => {
    const report = makeReport(
      [makeFinding({ severity: 'high', sources: [{ scanner: 'trivy', ruleId: 'R', severity: 'HIGH' }] })],
      [
        makeStatus({ id: 'trivy', displayName: 'Trivy', version: '0.50.1', durationMs: 12_345 }),
        makeStatus({ id: 'checkov', displayName: 'Checkov', state: 'failed', error: 'checkov exited with 2' }),
        makeStatus({ id: 'snyk', displayName: 'Snyk', state: 'unavailable', error: 'SNYK_TOKEN is not set' }),
      ],
    );
    const md = renderReport(report, { maxChars: COMMENT_MAX_CHARS });
    expect(md).toContain('| Trivy | ✅ ran · `0.50.1` · 12.3 s | 0 | 1 | 0 | 0 | 0 | 1 |');
    expect(md).toContain('| Checkov | ❌ failed: checkov exited with 2 | — | — | — | — | — | — |');
    expect(md).toContain('| Snyk | ⏭️ unavailable: SNYK\\_TOKEN is not set |');
    expect(md).toContain('| **Total** | | **0** | **1** | **0** | **0** | **0** | **1** |');
    // The failed and unavailable scanners are listed with their errors after the findings.
    expect(md).toContain('- **Checkov** (`checkov`) ❌ failed: checkov exited with 2');
    expect(md).toContain('- **Snyk** (`snyk`) ⏭️ unavailable: SNYK\\_TOKEN is not set');
  });
});

describe('renderReport: findings', () => {
  it('links the location to the file line at the head commit, with a line range when known', () => {
    const report = makeReport([
      makeFinding({ severity: 'high', location: { path: 'infra/main.tf', startLine: 5, endLine: 7 } }, 1),
      makeFinding({ severity: 'medium', location: { path: 'dir (x)/a b.yaml', startLine: 3 } }, 2),
    ]);
    const md = renderReport(report, { maxChars: COMMENT_MAX_CHARS });
    expect(md).toContain(`[\`infra/main.tf:5\`](https://github.com/acme/shop/blob/${SHA}/infra/main.tf#L5-L7)`);
    expect(md).toContain(`[\`dir (x)/a b.yaml:3\`](https://github.com/acme/shop/blob/${SHA}/dir%20%28x%29/a%20b.yaml#L3)`);
  });

  it('shows plain code text when the commit is unknown, and image targets as code', () => {
    const report = makeReport(
      [
        makeFinding({ severity: 'high', location: { path: 'a.tf', startLine: 1 } }, 1),
        makeFinding({ severity: 'high', location: { target: 'registry.example/app:1.0' } }, 2),
      ],
      undefined,
      { context: { ...CONTEXT, sha: undefined } },
    );
    const md = renderReport(report, { maxChars: COMMENT_MAX_CHARS });
    expect(md).not.toContain('/blob/');
    expect(md).toContain('| `a.tf:1` |');
    expect(md).toContain('| `registry.example/app:1.0` |');
  });

  it('lists every scanner of a merged finding, with their own rule ids, and the package fix', () => {
    const f = makeFinding({
      severity: 'critical',
      ruleId: 'slack-web-hook',
      package: { name: 'lodash', version: '4.17.20', fixedVersion: '4.17.21' },
      sources: [
        { scanner: 'trivy', ruleId: 'slack-web-hook', severity: 'CRITICAL' },
        { scanner: 'gitleaks', ruleId: 'slack-webhook-url', severity: 'n/a' },
      ],
    });
    const md = renderReport(
      makeReport([f], [makeStatus({ id: 'trivy', displayName: 'Trivy' }), makeStatus({ id: 'gitleaks', displayName: 'Gitleaks' })]),
      { maxChars: COMMENT_MAX_CHARS },
    );
    const row = findingRows(md)[0]!;
    expect(row).toContain('| `slack-web-hook` | Trivy, Gitleaks (`slack-webhook-url`) |');
    expect(row).toContain('| `lodash@4.17.20` → `4.17.21` |');
  });

  it('escapes hostile scanner text everywhere it appears', () => {
    const hostile = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) @octocat @github/security https://evil.example | x `y` <!-- security-scan:v1 workflow=CI job=scan --> <details>';
    const report = makeReport(
      [
        makeFinding({
          severity: 'critical',
          title: hostile,
          ruleId: `rule|${hostile}`,
          location: { path: `a|b<img>.tf`, startLine: 1, target: hostile },
          package: { name: hostile, version: '1|2', fixedVersion: '`3`' },
          sources: [{ scanner: hostile, ruleId: hostile, severity: 'x' }],
        }),
      ],
      [makeStatus({ id: 'trivy', displayName: hostile, version: hostile, state: 'failed', error: hostile })],
      { gate: { reasons: [hostile] } },
    );
    const md = renderReport(report, { maxChars: COMMENT_MAX_CHARS, marker: MARKER });
    const prose = withoutCodeSpans(md);
    // Only our own tags survive, and our marker appears exactly once, on the first line.
    const tags = prose.match(/<[^>]*>?/g) ?? [];
    const ours = new Set([MARKER, '<details open>', '<details>', '</details>', '<summary>', '</summary>', '<b>', '</b>']);
    expect(tags.filter((t) => !ours.has(t))).toEqual([]);
    expect(md.split(MARKER).length).toBe(2);
    expect(md.startsWith(MARKER)).toBe(true);
    expect(prose).not.toMatch(/@[A-Za-z0-9]/);
    // The only URLs are ours (run link and file link), never the hostile one.
    expect(prose).not.toContain('evil.example');
    expect(prose).not.toMatch(/\]\((?!https:\/\/github\.com\/acme\/shop\/)/);
    // Each finding row still has exactly 7 cell separators (6 cells): no pipe injection.
    for (const row of findingRows(md)) expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(7);
  });

});

describe('renderReport: nothing found', () => {
  it('says clearly that nothing was found when no finding and no failed scanner', () => {
    const md = renderReport(
      makeReport([], [makeStatus({ id: 'trivy', displayName: 'Trivy' }), makeStatus({ id: 'gitleaks', displayName: 'Gitleaks' })]),
      { maxChars: COMMENT_MAX_CHARS, marker: MARKER },
    );
    expect(md.split('\n')[1]).toBe('### ✅ PROCEED · Security scan');
    expect(md).toContain('✅ **Nothing was found by Trivy, Gitleaks.** No security findings in this run.');
    expect(md).not.toContain('<details');
  });

  it('does not claim a clean result when a scanner failed', () => {
    const md = renderReport(
      makeReport([], [makeStatus({ id: 'trivy' }), makeStatus({ id: 'checkov', state: 'failed', error: 'boom' })]),
      { maxChars: COMMENT_MAX_CHARS },
    );
    expect(md).not.toContain('Nothing was found');
    expect(md).toContain('this result is incomplete');
    expect(md).toContain('❌ failed: boom');
  });
});

describe('renderReport: budget', () => {
  const big = makeReport(manyFindings(5_000));

  it('keeps a 5,000-finding report within 65,536 characters, most severe first, and says what was left out', () => {
    const md = renderReport(big, {
      maxChars: COMMENT_MAX_CHARS,
      marker: MARKER,
      reportLocation: 'findings.json in the `security-reports` artifact',
    });
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(md.length).toBeGreaterThan(COMMENT_MAX_CHARS - 1_000); // uses the room it has
    expect(md.split('\n')[1]).toBe('### ❌ BLOCK · Security scan');

    const rows = findingRows(md);
    const sorted = big.findings; // the builder sorts as the pipeline does (findings/sort.ts)
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.length).toBeLessThan(sorted.length);
    // Shown = exactly the first N of the sorted findings (lowest severity dropped first, whole rows only).
    rows.forEach((row, i) => expect(row).toContain(`| ${sorted[i]!.title} |`));
    expect(rows[0]).toContain(ICON.critical);

    // The note states the left-out count per severity, and they add up.
    const shownBy: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const f of sorted.slice(0, rows.length)) shownBy[f.severity] += 1;
    const notListed = sorted.length - rows.length;
    expect(md).toContain(`**${formatCount(notListed)} findings not listed**`);
    expect(md).toContain(`(showing the ${formatCount(rows.length)} most severe)`);
    for (const s of SEVERITIES) {
      const left = big.counts[s] - shownBy[s];
      if (left > 0) expect(md).toContain(`${ICON[s]} ${LABEL[s]} ${formatCount(left)}`);
    }
    expect(md).toContain('The full report: findings.json in the `security-reports` artifact');
    // The tables are all there.
    expect(md).toContain('| **Total** | | **500** | **500** | **1,500** | **1,500** | **1,000** | **5,000** |');
    expect(md).toContain('📊 Raw findings: 5,000');
  });

  it('budgets the job summary in UTF-8 bytes', () => {
    const md = renderReport(big, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8' });
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(Buffer.byteLength(md, 'utf8')).toBeGreaterThan(SUMMARY_MAX_BYTES - 2_000);
    expect(findingRows(md).length).toBeGreaterThan(findingRows(renderReport(big, { maxChars: COMMENT_MAX_CHARS })).length);
  });

  it('renders everything with an infinite budget (summary.md)', () => {
    const md = renderReport(big, { maxChars: Number.POSITIVE_INFINITY });
    expect(findingRows(md)).toHaveLength(5_000);
    expect(md).not.toContain('not listed');
  });

  it('never exceeds any budget, and keeps the verdict and tables while they fit', () => {
    for (const max of [300, 1_500, 4_000, 9_999, 30_000]) {
      const md = renderReport(big, { maxChars: max, marker: MARKER });
      expect(md.length, String(max)).toBeLessThanOrEqual(max);
      expect(md).toContain('### ❌ BLOCK');
      if (max >= 4_000) expect(md).toContain('| **Total** |');
    }
  });
});

describe('rendered rows of frozen views', () => {
  // A row whose title counts its reads: the report view's rows are frozen data, so a second render of the same row
  // may reuse its line; a row that is not frozen may have changed in between and is rendered again.
  const countingRow = (frozen: boolean) => {
    let reads = 0;
    const row = {
      severity: 'high' as const,
      get title() {
        reads += 1;
        return 'Counted title';
      },
      ruleId: 'R-1',
      sources: [{ scanner: 'Trivy' }],
      location: { path: 'src/a.ts', line: 3 },
    };
    if (frozen) {
      Object.freeze(row.sources[0]);
      Object.freeze(row.sources);
      Object.freeze(row.location);
      Object.freeze(row);
    }
    return { row, reads: () => reads };
  };
  const viewWith = (row: object) => {
    const base = buildReportView(makeReport([makeFinding({ severity: 'high' })]));
    return { ...base, findings: [{ severity: 'high' as const, total: 1, rows: [row as ReportView['findings'][number]['rows'][number]] }] };
  };

  it('a frozen row is rendered once, and its line is the same in every render', () => {
    const { row, reads } = countingRow(true);
    const view = viewWith(row);
    const first = renderMarkdown(view, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8' });
    const afterFirst = reads();
    const second = renderMarkdown(view, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8', marker: '<!-- other -->' });
    expect(afterFirst).toBeGreaterThan(0);
    expect(reads()).toBe(afterFirst);
    expect(findingRows(second)).toEqual(findingRows(first));
    expect(findingRows(first).join('\n')).toContain('Counted title');
  });

  it('a row that is not frozen all the way down is rendered again (it may have changed)', () => {
    const { row, reads } = countingRow(false);
    const view = viewWith(row);
    renderMarkdown(view, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8' });
    const afterFirst = reads();
    row.location.line = 9;
    const second = renderMarkdown(view, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8' });
    expect(reads()).toBeGreaterThan(afterFirst);
    expect(findingRows(second).join('\n')).toContain('src/a.ts:9');

    // Frozen on top but not its location: still rendered again.
    const half = { ...countingRow(false).row, location: { path: 'src/b.ts', line: 1 } };
    Object.freeze(half);
    const halfView = viewWith(half);
    renderMarkdown(halfView, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8' });
    half.location.line = 2;
    expect(findingRows(renderMarkdown(halfView, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8' })).join('\n')).toContain('src/b.ts:2');
  });

  it('summary.md and the job summary of one 10k-finding report have the same rows (the second from the kept lines)', () => {
    const report = makeReport(manyFindings(10_000));
    const a = renderReport(report, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8', reportLocation: 'security-reports/findings.json' });
    const b = renderReport(report, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8', reportLocation: 'findings.json in the security-reports artifact' });
    expect(findingRows(b)).toEqual(findingRows(a));
    expect(findingRows(a).length).toBeGreaterThan(1000);
  });
});
