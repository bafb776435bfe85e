/** The Grafana dashboard reads only metrics we export, and every label it groups or filters by is one they carry. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, renderMetrics } from '../../src/metrics/render.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';
import { parseExposition } from './exposition.js';

const DASHBOARD = new URL('../../grafana/security-scan.json', import.meta.url);

/** PromQL keywords and aggregation modifiers: identifiers that are neither metrics nor functions. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset']);
/** The grouping labels the Pushgateway adds to every pushed sample (metrics/push.ts), plus its `instance`. */
const GROUPING = ['job', 'repository', 'branch', 'instance'];

interface Query {
  where: string;
  expr: string;
}

function queries(dashboard: { panels: { title: string; targets?: { expr: string }[] }[]; templating: { list: { name: string; definition: string }[] } }): Query[] {
  return [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
    ...dashboard.templating.list.map((v) => ({ where: `variable $${v.name}`, expr: v.definition.replace(/^label_values\((.*)\)$/, '$1').replace(/,\s*\w+\s*$/, '') })),
  ];
}

/** The metric names a PromQL expression reads: identifiers outside strings, label matchers, modifiers' lists and ranges, not called as functions. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names: string[] = [];
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice(m.index + m[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

/** Labels the expression filters or groups by. */
function labelNames(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/\{([^}]*)\}/g)) for (const l of m[1]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)) out.push(l[1]!);
  for (const m of expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) out.push(...m[1]!.split(',').map((s) => s.trim()).filter(Boolean));
  return out;
}

describe('grafana/security-scan.json', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
  const all = queries(dashboard);

  it('names only metrics we export, and reads each of them', () => {
    expect(all.length).toBeGreaterThan(10);
    const unknown = all.flatMap((q) => metricNames(q.expr).filter((n) => !(METRIC_NAMES as readonly string[]).includes(n)).map((n) => `${q.where}: ${n}`));
    expect(unknown).toEqual([]);
    for (const q of all) expect(metricNames(q.expr), `${q.where} reads no metric: ${q.expr}`).not.toEqual([]);
    const read = new Set(all.flatMap((q) => metricNames(q.expr)));
    expect(METRIC_NAMES.filter((n) => !read.has(n))).toEqual([]);
  });

  it('filters and groups only by labels the metrics carry (or the push adds)', async () => {
    const report = makeReport([makeFinding({ severity: 'high' }, 1)], [makeStatus({ id: 'trivy' })], { baseline: { source: 's', found: true, new: 1, unchanged: 0, fixed: [] } });
    const e = parseExposition(await renderMetrics(report, { version: '1' }));
    const labelsOf = new Map<string, Set<string>>();
    for (const s of e.samples) for (const l of Object.keys(s.labels)) (labelsOf.get(s.name) ?? labelsOf.set(s.name, new Set()).get(s.name)!).add(l);
    const problems: string[] = [];
    for (const q of all) {
      const metrics = metricNames(q.expr);
      for (const label of labelNames(q.expr)) {
        if (GROUPING.includes(label)) continue;
        if (!metrics.some((m) => labelsOf.get(m)?.has(label))) problems.push(`${q.where}: label ${label} is on none of ${metrics.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the name extraction sees through functions, matchers, modifiers and ranges', () => {
    expect(metricNames('time() - max(security_scan_run_timestamp_seconds{job=~"$job"})')).toEqual(['security_scan_run_timestamp_seconds']);
    expect(metricNames('sum by (scanner, severity) (rate(foo_total{a="b"}[5m])) / on(x) bar')).toEqual(['foo_total', 'bar']);
  });
});
