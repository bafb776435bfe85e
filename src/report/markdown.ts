/**
 * The Markdown report: PR comment, job summary and summary.md. Pure: ScanReport in, string out, byte-identical
 * for the same input. Every scanner-provided string goes through escape.ts.
 *
 * Order: verdict, scanner × severity table, new-vs-existing (when a baseline was compared), findings by severity
 * (collapsible; critical and high open), scanners that did not run, run link + accounting. When the budget is
 * exceeded, whole findings are dropped from the least severe end and a note says how many per severity and where
 * the full report is. The verdict and the tables are never dropped.
 */
import { SEVERITIES, type Finding, type Severity } from '../findings/model.js';
import { ICON, LABEL, compareSeverity } from '../findings/severity.js';
import { countBySeverity, emptyCounts } from '../assess/counts.js';
import type { RunContext, ScanReport, ScannerStatus, SeverityCounts } from './types.js';
import { codeSpan, encodePath, escapeText, isSafeUrl, markdownLink } from './escape.js';

/** GitHub rejects a PR comment body above this many characters (HTTP 422). */
export const COMMENT_MAX_CHARS = 65_536;
/** GitHub's job summary limit per step, in bytes. */
export const SUMMARY_MAX_BYTES = 1_048_576;

export interface RenderOptions {
  /** Budget for the whole output, in `unit`s. `Infinity` renders everything (summary.md). */
  maxChars: number;
  /**
   * How the budget is measured: `chars` = UTF-16 code units (String#length; never less than the code point
   * count GitHub limits comments by), `utf8` = UTF-8 bytes (the job summary limit). Default `chars`.
   */
  unit?: 'chars' | 'utf8';
  /** Heading after the verdict. Default "Security scan". Escaped. */
  title?: string;
  /** A hidden marker (see github/comment.ts) written as the first line; counted in the budget. */
  marker?: string;
  /** Trusted Markdown after the run link, e.g. "Artifacts: `security-reports` (SARIF, findings.json, summary.md)". */
  artifactNote?: string;
  /** Trusted Markdown naming where the full report is, e.g. "findings.json in the `security-reports` artifact". */
  reportLocation?: string;
  /**
   * Trusted Markdown lines shown as notes after the verdict and never dropped, e.g. "Code scanning: 5,000 of
   * 30,000 Trivy results were left out of the SARIF upload (GitHub keeps 25,000 per run)."
   */
  notes?: readonly string[];
}

const TITLE_MAX = 160;
const ERROR_IN_TABLE_MAX = 120;
const ERROR_IN_LIST_MAX = 1_000;
const IDENT_MAX = 120;

// ── small deterministic formatters ──────────────────────────────────────────────────────────────────────────

export function formatCount(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}

function measureWith(unit: RenderOptions['unit']): (s: string) => number {
  return unit === 'utf8' ? (s) => Buffer.byteLength(s, 'utf8') : (s) => s.length;
}

// ── links we build ──────────────────────────────────────────────────────────────────────────────────────────

function repoBase(ctx: RunContext): string | undefined {
  const { serverUrl, repository } = ctx;
  if (!serverUrl || !repository || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) return undefined;
  const base = `${serverUrl.replace(/\/+$/, '')}/${repository}`;
  return isSafeUrl(base) ? base : undefined;
}

/** `{serverUrl}/{repository}/blob/{sha}/{path}#L{start}[-L{end}]`, or undefined when a part is unknown/unsafe. */
export function fileUrl(ctx: RunContext, path: string, startLine?: number, endLine?: number): string | undefined {
  const base = repoBase(ctx);
  if (!base || !ctx.sha || !/^[0-9a-f]{7,64}$/i.test(ctx.sha)) return undefined;
  const segments = path.split('/');
  if (path === '' || segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  let url = `${base}/blob/${ctx.sha}/${encodePath(path)}`;
  if (startLine !== undefined && Number.isInteger(startLine) && startLine > 0) {
    url += `#L${startLine}`;
    if (endLine !== undefined && Number.isInteger(endLine) && endLine > startLine) url += `-L${endLine}`;
  }
  return url;
}

/** `{serverUrl}/{repository}/actions/runs/{runId}` (the artifacts are listed on that page). */
export function runUrl(ctx: RunContext): string | undefined {
  const base = repoBase(ctx);
  if (!base || !ctx.runId || !/^\d+$/.test(ctx.runId)) return undefined;
  return `${base}/actions/runs/${ctx.runId}`;
}

// ── pieces ──────────────────────────────────────────────────────────────────────────────────────────────────

function verdict(report: ScanReport, title: string): string[] {
  const { gate } = report;
  const head =
    gate.decision === 'BLOCK' ? `### ❌ BLOCK · ${escapeText(title)}` : `### ✅ PROCEED · ${escapeText(title)}`;
  const lines = [head, ''];
  for (const reason of gate.reasons) lines.push(`- ${escapeText(reason, { maxLength: ERROR_IN_LIST_MAX })}`);
  if (gate.reasons.length > 0) lines.push('');
  const threshold =
    gate.failOn === 'none'
      ? '**Fail on:** `none` (findings never block)'
      : `**Fail on:** \`${gate.failOn}\` or above`;
  lines.push(`${threshold} · **Risk:** ${escapeText(report.risk)} · **Findings:** ${formatCount(report.findings.length)}`);
  return lines;
}

function statusCell(s: ScannerStatus): string {
  if (s.state === 'ok') {
    const parts = ['✅ ran'];
    if (s.version) parts.push(codeSpan(s.version, { maxLength: 40 }));
    const d = formatDuration(s.durationMs);
    if (d) parts.push(d);
    return parts.join(' · ');
  }
  const word = s.state === 'failed' ? '❌ failed' : '⏭️ unavailable';
  return s.error ? `${word}: ${escapeText(s.error, { maxLength: ERROR_IN_TABLE_MAX })}` : word;
}

function sumCounts(c: SeverityCounts): number {
  return SEVERITIES.reduce((n, s) => n + c[s], 0);
}

function scannerTable(report: ScanReport): string[] {
  const header = `| Scanner | Status | ${SEVERITIES.map((s) => `${ICON[s]} ${LABEL[s]}`).join(' | ')} | Total |`;
  const align = `| :-- | :-- | ${SEVERITIES.map(() => '--:').join(' | ')} | --: |`;
  const lines = [header, align];
  const known = new Set(report.scanners.map((s) => s.id));
  const cells = (c: SeverityCounts | undefined, dash: boolean): string =>
    dash && (!c || sumCounts(c) === 0)
      ? [...SEVERITIES.map(() => '—'), '—'].join(' | ')
      : [...SEVERITIES.map((s) => formatCount(c?.[s] ?? 0)), formatCount(c ? sumCounts(c) : 0)].join(' | ');
  for (const s of report.scanners) {
    lines.push(`| ${escapeText(s.displayName || s.id)} | ${statusCell(s)} | ${cells(report.byScanner[s.id], s.state !== 'ok')} |`);
  }
  // Findings attributed to a scanner without a status (should not happen; shown rather than hidden).
  for (const id of Object.keys(report.byScanner).filter((k) => !known.has(k)).sort()) {
    lines.push(`| ${escapeText(id)} | — | ${cells(report.byScanner[id], false)} |`);
  }
  const total = countBySeverity(report.findings);
  lines.push(`| **Total** | | ${[...SEVERITIES.map((s) => `**${formatCount(total[s])}**`), `**${formatCount(report.findings.length)}**`].join(' | ')} |`);
  if (report.findings.some((f) => new Set(f.sources.map((x) => x.scanner)).size > 1)) {
    lines.push('', '<sub>A finding reported by several scanners counts in each of their rows and once in the total.</sub>');
  }
  return lines;
}

const BASELINE_ROWS: { key: Finding['baseline'] | 'none'; label: string }[] = [
  { key: 'new', label: '🆕 New in this change' },
  { key: 'unchanged', label: 'Already present' },
  { key: 'absent', label: '✔️ Fixed (in the baseline, gone now)' },
  { key: 'none', label: 'Not compared' },
];

function baselineTable(findings: readonly Finding[]): string[] {
  if (!findings.some((f) => f.baseline !== undefined)) return [];
  const rows = new Map<string, SeverityCounts>();
  for (const f of findings) {
    const key = f.baseline ?? 'none';
    const c = rows.get(key) ?? emptyCounts();
    c[f.severity] += 1;
    rows.set(key, c);
  }
  const lines = [
    `| Compared with the baseline | ${SEVERITIES.map((s) => `${ICON[s]} ${LABEL[s]}`).join(' | ')} | Total |`,
    `| :-- | ${SEVERITIES.map(() => '--:').join(' | ')} | --: |`,
  ];
  for (const { key, label } of BASELINE_ROWS) {
    const c = rows.get(key ?? 'none');
    // New and existing are always shown once a baseline exists; the others only when they occur.
    if (!c && key !== 'new' && key !== 'unchanged') continue;
    const counts = c ?? emptyCounts();
    lines.push(`| ${label} | ${[...SEVERITIES.map((s) => formatCount(counts[s])), formatCount(sumCounts(counts))].join(' | ')} |`);
  }
  return lines;
}

function scannerNames(report: ScanReport): Map<string, string> {
  return new Map(report.scanners.map((s) => [s.id, s.displayName || s.id]));
}

function sourcesCell(f: Finding, names: Map<string, string>): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const src of f.sources) {
    const key = `${src.scanner}\u0000${src.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const name = escapeText(names.get(src.scanner) ?? src.scanner, { maxLength: 40 });
    parts.push(src.ruleId && src.ruleId !== f.ruleId ? `${name} (${codeSpan(src.ruleId, { maxLength: IDENT_MAX })})` : name);
  }
  return parts.join(', ');
}

function locationCell(f: Finding, ctx: RunContext): string {
  const { path, startLine, endLine, target } = f.location;
  const parts: string[] = [];
  if (target && target !== path) parts.push(codeSpan(target, { maxLength: IDENT_MAX }));
  if (path) {
    const label = codeSpan(startLine ? `${path}:${startLine}` : path, { maxLength: IDENT_MAX });
    const url = fileUrl(ctx, path, startLine, endLine);
    parts.push(url ? markdownLink(label, url) : label);
  }
  return parts.join(' ');
}

function packageCell(f: Finding): string {
  const p = f.package;
  if (!p) return '';
  const name = codeSpan(p.version ? `${p.name}@${p.version}` : p.name, { maxLength: IDENT_MAX });
  return p.fixedVersion ? `${name} → ${codeSpan(p.fixedVersion, { maxLength: IDENT_MAX })}` : `${name} (no fix)`;
}

function findingRow(f: Finding, ctx: RunContext, names: Map<string, string>): string {
  const mark = f.baseline === 'new' ? '🆕 ' : f.baseline === 'absent' ? '✔️ ' : '';
  const title = `${mark}${escapeText(f.title, { maxLength: TITLE_MAX }) || '(untitled)'}`;
  return `| ${ICON[f.severity]} | ${title} | ${codeSpan(f.ruleId, { maxLength: IDENT_MAX })} | ${sourcesCell(f, names)} | ${locationCell(f, ctx)} | ${packageCell(f)} |`;
}

const OPEN_BY_DEFAULT: ReadonlySet<Severity> = new Set(['critical', 'high']);

function sectionOpen(severity: Severity, total: number, shown: number): string[] {
  const count = shown === total ? plural(total, 'finding') : `${plural(total, 'finding')} (${formatCount(shown)} shown)`;
  return [
    OPEN_BY_DEFAULT.has(severity) ? '<details open>' : '<details>',
    `<summary>${ICON[severity]} <b>${LABEL[severity]}</b> · ${count}</summary>`,
    '',
    '| | Finding | Rule | Scanner | Location | Package |',
    '| :-: | :-- | :-- | :-- | :-- | :-- |',
  ];
}
const SECTION_CLOSE = ['', '</details>', ''];

function failedScanners(report: ScanReport): string[] {
  const notRun = report.scanners.filter((s) => s.state !== 'ok');
  if (notRun.length === 0) return [];
  const lines = ['#### Scanners that did not run', ''];
  for (const s of notRun) {
    const word = s.state === 'failed' ? '❌ failed' : '⏭️ unavailable';
    const why = s.error ? `: ${escapeText(s.error, { maxLength: ERROR_IN_LIST_MAX })}` : '';
    lines.push(`- **${escapeText(s.displayName || s.id)}** (${codeSpan(s.id, { inTable: false })}) ${word}${why}`);
  }
  lines.push('');
  return lines;
}

function footer(report: ScanReport, options: RenderOptions): string[] {
  const lines = ['---'];
  const url = runUrl(report.context);
  const artifacts = options.artifactNote ?? 'SARIF files, findings.json and this report are in the run’s artifacts.';
  if (url) lines.push(`🔗 ${markdownLink(`Workflow run ${report.context.runId}`, url)} · ${artifacts}`);
  else lines.push(artifacts);
  const a = report.accounting;
  lines.push('');
  lines.push(
    `📊 Raw findings: ${formatCount(a.raw)} · merged across scanners: ${formatCount(a.merged)} · ` +
      `filtered by severity: ${formatCount(a.filteredBySeverity)} · ` +
      (a.filteredByScanner > 0 ? `filtered by scanner settings: ${formatCount(a.filteredByScanner)} · ` : '') +
      `reported: ${formatCount(a.reported)}`,
  );
  return lines;
}

function nothingFound(report: ScanReport): string[] {
  const ran = report.scanners.filter((s) => s.state === 'ok').map((s) => escapeText(s.displayName || s.id));
  const failed = report.scanners.some((s) => s.state === 'failed');
  const by = ran.length > 0 ? ` by ${ran.join(', ')}` : '';
  if (failed) {
    return [`**No findings${by}**, but at least one scanner failed: this result is incomplete (see below).`, ''];
  }
  return [`✅ **Nothing was found${by}.** No security findings in this run.`, ''];
}

function omissionNote(omitted: SeverityCounts, shown: number, options: RenderOptions, ctx: RunContext): string[] {
  const n = sumCounts(omitted);
  if (n === 0) return [];
  const per = SEVERITIES.filter((s) => omitted[s] > 0)
    .map((s) => `${ICON[s]} ${LABEL[s]} ${formatCount(omitted[s])}`)
    .join(' · ');
  const url = runUrl(ctx);
  const where = options.reportLocation
    ? `The full report: ${options.reportLocation}${url ? ` (${markdownLink('run page', url)})` : ''}.`
    : url
      ? `The full report is in the ${markdownLink('run’s artifacts', url)}.`
      : 'The full report is in findings.json.';
  return [`> ⚠️ **${plural(n, 'finding')} not listed** to stay within GitHub’s size limit${showing(shown)}: ${per}. ${where}`, ''];
}

function showing(shown: number): string {
  return shown > 0 ? ` (showing the ${formatCount(shown)} most severe)` : '';
}

// ── assembly with the budget ────────────────────────────────────────────────────────────────────────────────

function stableBySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => compareSeverity(a.f.severity, b.f.severity) || a.i - b.i)
    .map((x) => x.f);
}

interface Parts {
  head: string[];
  rows: { severity: Severity; line: string }[];
  totals: SeverityCounts;
  tail: string[];
}

function assemble(parts: Parts, shown: number, options: RenderOptions, ctx: RunContext): string {
  const out = [...parts.head];
  const shownCounts = emptyCounts();
  for (const r of parts.rows.slice(0, shown)) shownCounts[r.severity] += 1;
  const omitted = emptyCounts();
  for (const s of SEVERITIES) omitted[s] = parts.totals[s] - shownCounts[s];
  // Before the list, so a reader sees it without scrolling past hundreds of rows.
  out.push(...omissionNote(omitted, shown, options, ctx));
  let i = 0;
  for (const severity of SEVERITIES) {
    if (shownCounts[severity] === 0) continue;
    out.push(...sectionOpen(severity, parts.totals[severity], shownCounts[severity]));
    for (let k = 0; k < shownCounts[severity]; k++, i++) out.push(parts.rows[i]!.line);
    out.push(...SECTION_CLOSE);
  }
  out.push(...parts.tail);
  return out.join('\n') + '\n';
}

/** Keeps whole lines from the start while they fit (last resort when even the fixed parts exceed the budget). */
function cutLines(text: string, max: number, measure: (s: string) => number): string {
  const note = '\n… (cut to fit the size limit)\n';
  const lines = text.split('\n');
  let out = '';
  for (const line of lines) {
    const next = `${out}${line}\n`;
    if (measure(next) + measure(note) > max) break;
    out = next;
  }
  return measure(out + note) <= max ? out + note : out;
}

export function renderReport(report: ScanReport, options: RenderOptions): string {
  const measure = measureWith(options.unit);
  const max = options.maxChars;
  const findings = stableBySeverity(report.findings);
  const names = scannerNames(report);

  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  head.push(...verdict(report, options.title ?? 'Security scan'), '');
  if (options.notes && options.notes.length > 0) head.push(...options.notes.map((n) => `> ℹ️ ${n}`), '');
  head.push(...scannerTable(report), '');
  const baseline = baselineTable(findings);
  if (baseline.length > 0) head.push(...baseline, '');
  if (findings.length === 0) head.push(...nothingFound(report));

  // Rows are rendered only until they alone exceed the budget: the rest could never be shown.
  const rows: Parts['rows'] = [];
  let rowsSize = 0;
  for (const f of findings) {
    if (rowsSize > max) break;
    const line = findingRow(f, report.context, names);
    rows.push({ severity: f.severity, line });
    rowsSize += measure(line) + 1;
  }
  const parts: Parts = {
    head,
    rows,
    totals: countBySeverity(findings),
    tail: [...failedScanners(report), ...footer(report, options)],
  };

  if (rows.length === findings.length) {
    const full = assemble(parts, parts.rows.length, options, report.context);
    if (measure(full) <= max) return full;
  }

  // Upper bound of everything but the rows: no row shown means the longest omission note and no section.
  const bare = assemble(parts, 0, options, report.context);
  if (measure(bare) > max) return cutLines(bare, max, measure);
  const fixed = measure(bare) + measure(showing(findings.length));

  // Greedy, most severe first, with each section's overhead charged at its longest ("(N shown)") form.
  let used = fixed;
  let shown = 0;
  let current: Severity | undefined;
  for (const row of parts.rows) {
    let cost = measure(row.line) + 1;
    if (row.severity !== current) {
      cost += measure([...sectionOpen(row.severity, parts.totals[row.severity], parts.totals[row.severity]), ...SECTION_CLOSE].join('\n')) + 1;
    }
    if (used + cost > max) break;
    used += cost;
    shown += 1;
    current = row.severity;
  }
  // The estimate is an upper bound; this loop is a safety net and normally does not iterate.
  let text = assemble(parts, shown, options, report.context);
  while (measure(text) > max && shown > 0) {
    shown -= 1;
    text = assemble(parts, shown, options, report.context);
  }
  return text;
}
