/**
 * The HTML report's data: what the page script renders, as compact JSON (rows are arrays, not objects; scanner and
 * kind names are indexes into a table), serialised in chunks so 100,000 findings never become one giant string.
 *
 * Every string here may come from a pull request (file names, rule text, scanner output). The JSON goes inside
 * `<script type="application/json">`; `escapeJsonForScript` makes sure no string can end that element or start a
 * comment (`</script>`, `<!--`), and that U+2028/U+2029 stay escapes. The page reads it with JSON.parse and renders
 * it with textContent only.
 */
import { KINDS, SEVERITIES, type Finding } from '../../findings/model.js';
import { fileLinker, pullRequestUrl, runUrl } from '../links.js';
import type { SlaReport } from '../../insights/types.js';
import type { ScanReport } from '../types.js';

/** Row columns, in order (the page script reads them by these indexes). */
export const ROW = { severity: 0, kind: 1, title: 2, ruleId: 3, scanners: 4, path: 5, line: 6, pkg: 7, fixed: 8, isNew: 9, target: 10 } as const;

export type Row = [severity: number, kind: number, title: string, ruleId: string, scanners: number[], path: string, line: number, pkg: string, fixed: string, isNew: 0 | 1, target: string];

export interface HtmlMeta {
  generatedAt: string;
  tool: { name: string; version: string };
}

/** `<`, `>`, `&`, U+2028 and U+2029 as JSON escapes: the text can neither close the script element nor open a comment. */
export function escapeJsonForScript(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The most rows the page shows of any insights list (client.ts tableOf); the rest are counted, not embedded. */
export const PAGE_LIST_LIMIT = 200;
/** A list cut to PAGE_LIST_LIMIT items, as the page data holds it: `{ "$total": <full length>, "items": [...] }`. */
export const CUT_TOTAL = '$total';

/**
 * The insights as the page shows them: every list longer than PAGE_LIST_LIMIT cut to that many items, its full length
 * kept (the page says "N more in findings.json"). At 100k findings the insights' lists (fingerprints per
 * recommendation, per SLA, per control) are tens of MB, of which the page shows a few hundred rows; findings.json
 * keeps them whole.
 */
export function pageValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = (v.length > PAGE_LIST_LIMIT ? v.slice(0, PAGE_LIST_LIMIT) : v).map(pageValue);
    return v.length > PAGE_LIST_LIMIT ? { [CUT_TOTAL]: v.length, items } : items;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = pageValue(x);
    return out;
  }
  return v;
}

/** The base of file links (`…/blob/<sha>/`), when the run's repository and commit are known and safe. */
function blobBase(report: ScanReport): string | undefined {
  const probe = fileLinker(report.context)('x');
  return probe?.endsWith('/x') ? probe.slice(0, -1) : undefined;
}

/** Everything but the rows. */
export function headerData(report: ScanReport, meta: HtmlMeta, scannerIds: readonly string[]): Record<string, unknown> {
  const ctx = report.context;
  const names = new Map(report.scanners.map((s) => [s.id, s.displayName || s.id]));
  const insights = (report as { insights?: unknown }).insights;
  return {
    v: 1,
    generatedAt: meta.generatedAt,
    tool: meta.tool,
    context: {
      ...(ctx.repository ? { repository: ctx.repository } : {}),
      ...(ctx.sha ? { sha: ctx.sha } : {}),
      ...(runUrl(ctx) ? { runUrl: runUrl(ctx), runId: ctx.runId } : {}),
      ...(pullRequestUrl(ctx) ? { prUrl: pullRequestUrl(ctx), pr: ctx.pullRequest } : {}),
      ...(blobBase(report) ? { blobBase: blobBase(report) } : {}),
    },
    verdict: { decision: report.gate.decision, risk: report.risk, failOn: report.gate.failOn, reasons: report.gate.reasons, newOnly: report.gate.newOnly },
    total: report.total,
    counts: report.counts,
    severities: SEVERITIES,
    kinds: KINDS,
    scannerIds,
    scannerNames: scannerIds.map((id) => names.get(id) ?? id),
    byScanner: report.byScanner,
    scanners: report.scanners.map((s) => ({ id: s.id, name: s.displayName || s.id, state: s.state, version: s.version ?? '', durationMs: s.durationMs, error: s.error ?? '', rawCount: s.rawCount })),
    accounting: report.accounting,
    ...(report.baseline ? { baseline: { found: report.baseline.found, source: report.baseline.source, new: report.baseline.new, unchanged: report.baseline.unchanged, fixed: report.baseline.fixed.length } } : {}),
    suppressed: report.suppressed.length,
    notes: report.notes,
    ...(insights !== undefined && insights !== null ? { insights: pageValue(insights) } : {}),
    ...(report.insights ? { slaFindings: slaFindings(report) } : {}),
  };
}

/** The title and location of each finding the SLA list shows (at most PAGE_LIST_LIMIT), by fingerprint. */
function slaFindings(report: ScanReport): Record<string, [string, string]> {
  // Partial: insights from an older or hand-made report may lack the SLA list.
  const slas: Partial<SlaReport> | undefined = report.insights?.slas;
  const wanted = new Set((slas?.findings ?? []).slice(0, PAGE_LIST_LIMIT).map((f) => f.fingerprint));
  const out: Record<string, [string, string]> = Object.create(null) as Record<string, [string, string]>;
  if (wanted.size === 0) return out;
  for (const f of report.findings) {
    if (!wanted.has(f.fingerprint)) continue;
    const where = f.location.path ? (f.location.startLine ? `${f.location.path}:${f.location.startLine}` : f.location.path) : (f.location.target ?? '');
    out[f.fingerprint] = [f.title, where];
  }
  return out;
}

/** One finding as a row. */
export function toRow(f: Finding, scannerIndex: ReadonlyMap<string, number>): Row {
  const scanners: number[] = [];
  for (const s of f.sources) {
    const i = scannerIndex.get(s.scanner);
    if (i !== undefined && !scanners.includes(i)) scanners.push(i);
  }
  const pkg = f.package ? (f.package.version ? `${f.package.name}@${f.package.version}` : f.package.name) : '';
  return [
    SEVERITIES.indexOf(f.severity),
    KINDS.indexOf(f.kind),
    f.title,
    f.ruleId,
    scanners,
    f.location.path ?? '',
    f.location.startLine ?? 0,
    pkg,
    f.package?.fixedVersion ?? '',
    f.baseline === 'new' ? 1 : 0,
    f.location.target ?? '',
  ];
}

/** Scanner ids in a stable order: the statuses', then any other a finding names. */
export function scannerIdsOf(report: ScanReport): string[] {
  const ids = report.scanners.map((s) => s.id);
  const seen = new Set(ids);
  for (const f of report.findings) {
    for (const s of f.sources) {
      if (!seen.has(s.scanner)) {
        seen.add(s.scanner);
        ids.push(s.scanner);
      }
    }
  }
  return ids;
}

const CHUNK = 2000;

/**
 * The data as escaped JSON, in chunks: `{"header":…,"rows":[` then rows, CHUNK at a time, then `]}`. Each row is
 * serialised once; nothing walks the whole text again.
 */
export function* dataChunks(report: ScanReport, meta: HtmlMeta): Generator<string> {
  const ids = scannerIdsOf(report);
  const index = new Map(ids.map((id, i) => [id, i]));
  const baselineFound = report.baseline?.found === true;
  yield escapeJsonForScript(`{"header":${JSON.stringify(headerData(report, meta, ids))},"rows":[`);
  const { findings } = report;
  for (let start = 0; start < findings.length; start += CHUNK) {
    const rows = findings.slice(start, start + CHUNK).map((f) => {
      const r = toRow(f, index);
      if (!baselineFound) r[ROW.isNew] = 0;
      return r;
    });
    const json = JSON.stringify(rows);
    yield escapeJsonForScript(`${start > 0 ? ',' : ''}${json.slice(1, -1)}`);
  }
  yield ']}';
}
