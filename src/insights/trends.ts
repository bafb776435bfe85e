import { SEVERITIES } from '../findings/model.js';
import { cmp } from '../findings/sort.js';
import { emptyCounts } from '../assess/counts.js';
import type { ScanReport } from '../report/types.js';
import type { TrendHistory, TrendsReport } from './types.js';

/**
 * Counts per severity over the default branch's last baselines (`history`, loaded by the caller: github/trend-history.ts)
 * oldest first, and this run against the base branch's baseline: the findings it does not have minus those it has
 * that this run no longer finds, per severity. Without history the report says why; artifacts that could not be read
 * are named in `skipped`.
 */
export function buildTrends(report: Pick<ScanReport, 'findings' | 'baseline'>, history: TrendHistory | undefined): TrendsReport {
  const points = [...(history?.points ?? [])].sort((a, b) => cmp(a.at, b.at) || (a.runId ?? 0) - (b.runId ?? 0));
  const skipped = history?.skipped?.length ? { skipped: [...history.skipped] } : {};
  const b = report.baseline;
  let delta: TrendsReport['delta'];
  if (b?.found) {
    const counts = emptyCounts();
    for (const f of report.findings) if (f.baseline === 'new') counts[f.severity]++;
    for (const f of b.fixed) counts[f.severity]--;
    delta = { against: b.source, counts, total: SEVERITIES.reduce((n, s) => n + counts[s], 0) };
  }
  if (points.length === 0) {
    const reason =
      history?.reason ??
      (history ? 'no earlier default-branch baselines were found' : 'the default branch\'s earlier baselines were not looked up (no GitHub Actions run context: the CLI, or a run without a token)');
    return { available: false, reason, history: [], ...skipped, ...(delta ? { delta } : {}) };
  }
  return { available: true, history: points, ...skipped, ...(delta ? { delta } : {}) };
}
