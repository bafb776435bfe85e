// The insights stage (src/insights: buildInsights) at 10,000 and 100,000 findings: time per part and the size the
// insights add to findings.json. Input: the scale benchmark's generated Trivy report (bench/scale-input.ts, parsed,
// fingerprinted and merged as the pipeline does) plus a Gitleaks and Checkov mix (secrets and misconfigurations, so
// every compliance row and recommendation kind is exercised). Figures, not pass/fail: the target is printed beside.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';
import { checkovReport, gitleaksReport, writeTrivyReport } from './scale-input.js';
import { parseTrivy } from '../src/scanners/trivy/index.js';
import { parseGitleaks } from '../src/scanners/gitleaks/index.js';
import { parseCheckov } from '../src/scanners/checkov/index.js';
import { identify } from '../src/findings/identify.js';
import { mergeFindings } from '../src/findings/merge.js';
import { buildInsights } from '../src/insights/index.js';
import { buildRecommendations } from '../src/insights/recommendations.js';
import { buildPlan } from '../src/insights/plan.js';
import { evaluateCompliance } from '../src/insights/compliance.js';
import { evaluateSlas } from '../src/insights/sla.js';
import { buildTrends } from '../src/insights/trends.js';
import { collectAssessments } from '../src/insights/statistics.js';
import { planUpgrades } from '../src/remediate/upgrades.js';
import { makeReport, makeStatus } from '../test/support/report-builder.js';

const SIZES = (process.env['BENCH_SIZES'] ?? '10000,100000').split(',').map(Number);
const NOW = '2026-01-02T00:00:00.000Z';
const DEFAULT_SLAS = { critical: 3_600_000, high: 4 * 3_600_000, medium: 24 * 3_600_000, low: 7 * 24 * 3_600_000 };
const work = mkdtempSync(join(tmpdir(), 'insights-bench-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** The median of 3 runs of `fn` (the first result is returned). */
function timed<T>(fn: () => T): [T, number] {
  const t: number[] = [];
  let v!: T;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = fn();
    t.push(performance.now() - t0);
    if (i === 0) v = r;
  }
  return [v, t.sort((a, b) => a - b)[1]!];
}

it('insights: time per part and serialized size at 10k and 100k findings', async () => {
  const rows: [string, string, string][] = [];
  for (const n of SIZES) {
    const file = join(work, `trivy-${n}.json`);
    const mix = Math.round(n / 20); // 5% secrets, 5% misconfigurations
    await writeTrivyReport(file, n - 2 * mix);
    const raw = [...parseTrivy(readFileSync(file, 'utf8'), {}).findings, ...parseGitleaks(gitleaksReport(mix)).findings, ...parseCheckov(checkovReport(mix)).findings];
    const { findings } = mergeFindings(identify(raw, () => undefined), ['trivy', 'gitleaks', 'checkov']);
    const report = makeReport(findings, [makeStatus({ id: 'trivy' }), makeStatus({ id: 'gitleaks' }), makeStatus({ id: 'checkov' })], { failOn: 'none' });
    const label = `${findings.length.toLocaleString('en-US')} findings`;
    const [upgrades, tUp] = timed(() => planUpgrades(report.findings));
    const [recs, tRec] = timed(() => buildRecommendations(report.findings, upgrades));
    const [, tSla] = timed(() => evaluateSlas(report.findings, DEFAULT_SLAS, NOW));
    const [, tPlan] = timed(() => buildPlan(recs, DEFAULT_SLAS, NOW, new Map()));
    const [, tComp] = timed(() => evaluateCompliance(report.findings, []));
    const [, tTrend] = timed(() => buildTrends(report, undefined));
    const [, tStat] = timed(() => collectAssessments(report.scanners, report.findings, {}));
    const [insights, tAll] = timed(() => buildInsights(report, { now: NOW, slas: DEFAULT_SLAS, frameworks: [], upgrades }));
    const json = JSON.stringify(insights);
    const part = (k: keyof typeof insights) => mb(Buffer.byteLength(JSON.stringify(insights[k])));
    rows.push(
      [`${label}: planUpgrades`, ms(tUp), ''],
      [`${label}: recommendations`, ms(tRec), ''],
      [`${label}: SLAs`, ms(tSla), ''],
      [`${label}: remediation plan`, ms(tPlan), ''],
      [`${label}: compliance (5 frameworks)`, ms(tComp), ''],
      [`${label}: trends`, ms(tTrend), ''],
      [`${label}: statistics (no assessors)`, ms(tStat), ''],
      [`${label}: buildInsights (all, given the plan)`, ms(tAll), n >= 100_000 ? '< 500 ms with planUpgrades' : ''],
      [`${label}: insights serialized`, mb(Buffer.byteLength(json)), ''],
      ...(['recommendations', 'complianceStatus', 'slas', 'findingsBySeverity', 'remediationPlan'] as const).map((k): [string, string, string] => [`${label}:   ${k}`, part(k), '']),
    );
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(['', 'Insights benchmark', ...rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padStart(9)}  ${c}`)].join('\n'));
});
