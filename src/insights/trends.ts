import { SEVERITIES } from '../findings/model.js';
import { emptyCounts } from '../assess/counts.js';
import type { ScanReport } from '../report/types.js';
import type { TrendPoint, TrendsReport } from './types.js';

/**
 * Counts per severity over the default branch's last baselines (`history`, loaded by the caller, oldest first) and
 * this run against the base branch's baseline: the findings it does not have minus those it has that this run no
 * longer finds, per severity. Without history the report says why.
 */
export function buildTrends(report: Pick<ScanReport, 'findings' | 'baseline'>, history: readonly TrendPoint[] | undefined, why?: string): TrendsReport {
  const points = [...(history ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  const b = report.baseline;
  let delta: TrendsReport['delta'];
  if (b?.found) {
    const counts = emptyCounts();
    for (const f of report.findings) if (f.baseline === 'new') counts[f.severity]++;
    for (const f of b.fixed) counts[f.severity]--;
    delta = { against: b.source, counts, total: SEVERITIES.reduce((n, s) => n + counts[s], 0) };
  }
  if (points.length === 0) {
    const reason = why ?? (b ? (b.found ? 'no earlier default-branch baselines were found' : `no baseline: ${b.source}`) : 'no baseline was looked for (input baseline: none)');
    return { available: false, reason, history: [], ...(delta ? { delta } : {}) };
  }
  return { available: true, history: points, ...(delta ? { delta } : {}) };
}
