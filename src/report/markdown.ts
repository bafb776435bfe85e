/**
 * The Markdown report: PR comment, job summary and summary.md. Turns the view model (view.ts) into GitHub-flavoured
 * Markdown within a size budget; byte-identical for the same input. Every scanner-provided string goes through
 * escape.ts here, and nowhere else.
 *
 * When the budget is exceeded, whole findings are dropped from the least severe end and a note says how many per
 * severity and where the full report is. The verdict and the tables are never dropped.
 */
import { SEVERITIES, type Severity } from '../findings/model.js';
import { ICON, LABEL } from '../findings/severity.js';
import { emptyCounts } from '../assess/counts.js';
import { failedLine } from '../assess/gate.js';
import type { ScanReport, SeverityCounts } from './types.js';
import type { Recommendation, ReportInsights } from '../insights/types.js';
import { codeSpan, escapeText, markdownLink } from './escape.js';
import { formatCount, formatDuration, plural } from './format.js';
import {
  buildReportView,
  PENDING_ROWS,
  type FindingRowView,
  type NotRunView,
  type ReportView,
  type ScannerRowView,
  type ScannerRunView,
  type VerdictView,
  type ViewOptions,
} from './view.js';

export interface MarkdownOptions {
  /** Budget for the whole output, in `unit`s. `Infinity` renders everything (summary.md). */
  maxChars: number;
  /**
   * How the budget is measured: `chars` = UTF-16 code units (String#length; never less than the code point
   * count GitHub limits comments by), `utf8` = UTF-8 bytes (the job summary limit). Default `chars`.
   */
  unit?: 'chars' | 'utf8';
  /** A hidden marker (see github/comment.ts) written as the first line; counted in the budget. */
  marker?: string;
}

/**
 * `reportLocation` and `notes` (ViewOptions) are trusted Markdown here, e.g. "findings.json in the
 * `security-reports` artifact" and "Code scanning: 5,000 of 30,000 Trivy results were left out of the SARIF upload".
 */
export type RenderOptions = MarkdownOptions & ViewOptions;

const TITLE_MAX = 160;
const ERROR_IN_TABLE_MAX = 120;
const ERROR_IN_LIST_MAX = 1_000;
const IDENT_MAX = 120;
const SCANNER_NAME_MAX = 40;
const VERSION_MAX = 40;
/** The shortest finding row, newline included: `| ⬜ | x |  |  |  |  |` (no row measures less, in either unit). */
const MIN_ROW_SIZE = 22;
/** A finding row's usual size (a title, a rule, a path; a package); smaller rows only cost a second view. */
const TYPICAL_ROW_SIZE = 128;

function measureWith(unit: MarkdownOptions['unit']): (s: string) => number {
  return unit === 'utf8' ? (s) => Buffer.byteLength(s, 'utf8') : (s) => s.length;
}

// ── pieces ──────────────────────────────────────────────────────────────────────────────────────────────────

const TITLE = 'Security scan';

function verdict(v: VerdictView): string[] {
  const head = v.decision === 'BLOCK' ? `### ❌ BLOCK · ${TITLE}` : `### ✅ PROCEED · ${TITLE}`;
  const lines = [head, ''];
  for (const reason of v.reasons) lines.push(`- ${escapeText(reason, { maxLength: ERROR_IN_LIST_MAX })}`);
  if (v.reasons.length > 0) lines.push('');
  // Our words; only the names come from the report (escaped).
  if (v.tolerated) lines.push(`⚠️ ${failedLine(v.tolerated.policy, v.tolerated.scanners.map((n) => escapeText(n, { maxLength: SCANNER_NAME_MAX })))}`, '');
  const threshold = v.failOn === 'none' ? '**Fail on:** `none` (findings never block)' : `**Fail on:** \`${v.failOn}\` or above`;
  lines.push(`${threshold} · **Risk:** ${escapeText(v.risk)} · **Findings:** ${formatCount(v.findings)}`);
  return lines;
}

function stateWord(state: NotRunView['state']): string {
  return state === 'failed' ? '❌ failed' : state === 'skipped' ? '⏹️ skipped' : '⏭️ unavailable';
}

function statusCell(run: ScannerRunView | undefined): string {
  if (!run) return '—';
  if (run.state === 'ok') {
    const parts = ['✅ ran'];
    if (run.version) parts.push(codeSpan(run.version, { maxLength: VERSION_MAX }));
    const d = formatDuration(run.durationMs);
    if (d) parts.push(d);
    return parts.join(' · ');
  }
  const word = stateWord(run.state);
  return run.error ? `${word}: ${escapeText(run.error, { maxLength: ERROR_IN_TABLE_MAX })}` : word;
}

function countCells(counts: ScannerRowView['counts']): string {
  if (!counts) return [...SEVERITIES.map(() => '—'), '—'].join(' | ');
  return [...SEVERITIES.map((s) => formatCount(counts.bySeverity[s])), formatCount(counts.total)].join(' | ');
}

function scannerTable(table: ReportView['scanners']): string[] {
  const lines = [
    `| Scanner | Status | ${SEVERITIES.map((s) => `${ICON[s]} ${LABEL[s]}`).join(' | ')} | Total |`,
    `| :-- | :-- | ${SEVERITIES.map(() => '--:').join(' | ')} | --: |`,
  ];
  for (const row of table.rows) lines.push(`| ${escapeText(row.name)} | ${statusCell(row.run)} | ${countCells(row.counts)} |`);
  const { bySeverity, total } = table.totals;
  lines.push(`| **Total** | | ${[...SEVERITIES.map((s) => `**${formatCount(bySeverity[s])}**`), `**${formatCount(total)}**`].join(' | ')} |`);
  if (table.shared) {
    lines.push('', '<sub>A finding reported by several scanners counts in each of their rows and once in the total.</sub>');
  }
  return lines;
}

function findingRow(r: FindingRowView): string {
  const title = escapeText(r.title, { maxLength: TITLE_MAX }) || '(untitled)';
  const sources = r.sources
    .map((s) => {
      const name = escapeText(s.scanner, { maxLength: SCANNER_NAME_MAX });
      return s.ruleId ? `${name} (${codeSpan(s.ruleId, { maxLength: IDENT_MAX })})` : name;
    })
    .join(', ');
  const { target, path, line, url } = r.location;
  const where: string[] = [];
  if (target) where.push(codeSpan(target, { maxLength: IDENT_MAX }));
  if (path) {
    const label = codeSpan(line ? `${path}:${line}` : path, { maxLength: IDENT_MAX });
    where.push(url ? markdownLink(label, url) : label);
  }
  let pkg = '';
  if (r.package) {
    const { name, version, fixedVersion } = r.package;
    const id = codeSpan(version ? `${name}@${version}` : name, { maxLength: IDENT_MAX });
    pkg = fixedVersion ? `${id} → ${codeSpan(fixedVersion, { maxLength: IDENT_MAX })}` : `${id} (no fix)`;
  }
  return `| ${ICON[r.severity]} | ${r.isNew ? '🆕 **new** · ' : ''}${title} | ${codeSpan(r.ruleId, { maxLength: IDENT_MAX })} | ${sources} | ${where.join(' ')} | ${pkg} |`;
}

/**
 * The rendered lines of frozen rows (the report view's memoized groups: report/view.ts findingGroups). summary.md
 * and the job summary render the same rows with the same budget; at 100k findings the second rendering of ~8,000
 * rows cost ~45 ms for the same strings. A row that is not frozen throughout may change between renders: never kept.
 */
const renderedRows = new WeakMap<FindingRowView, string>();

function frozenRow(r: FindingRowView): boolean {
  return Object.isFrozen(r) && Object.isFrozen(r.location) && Object.isFrozen(r.sources) && r.sources.every((s) => Object.isFrozen(s)) && (r.package === undefined || Object.isFrozen(r.package));
}

function rowLine(r: FindingRowView): string {
  let line = renderedRows.get(r);
  if (line !== undefined) return line;
  line = findingRow(r);
  if (frozenRow(r)) renderedRows.set(r, line);
  return line;
}

/** What this change introduces, first: `1 new, 46 existing, 1 fixed`, or why there is no baseline. */
function baselineLines(b: NonNullable<ReportView['baseline']>): string[] {
  const source = escapeText(b.source, { maxLength: ERROR_IN_LIST_MAX });
  if (!b.found) return [`> ℹ️ **No baseline:** ${source}`, ''];
  return [`**Against the baseline:** 🆕 ${formatCount(b.new)} new, ${formatCount(b.existing)} existing, ✅ ${formatCount(b.fixed)} fixed`, '', `<sub>Baseline: ${source}</sub>`, ''];
}

/** The baseline's findings this run no longer finds (at most FIXED_ROWS; the rest are in findings.json). */
function fixedList(b: ReportView['baseline']): string[] {
  if (!b?.found || b.fixed === 0) return [];
  const shown = b.fixedRows.length < b.fixed ? ` (${formatCount(b.fixedRows.length)} shown; all are in findings.json)` : '';
  const lines = ['<details>', `<summary>✅ <b>Fixed</b> · ${plural(b.fixed, 'finding')} of the baseline no longer found${shown}</summary>`, '', '| | Finding | Rule | Location |', '| :-: | :-- | :-- | :-- |'];
  for (const r of b.fixedRows) {
    const where = [r.target ? codeSpan(r.target, { maxLength: IDENT_MAX }) : '', r.path ? codeSpan(r.path, { maxLength: IDENT_MAX }) : ''].filter(Boolean).join(' ');
    lines.push(`| ${ICON[r.severity]} | ${escapeText(r.title, { maxLength: TITLE_MAX }) || '(untitled)'} | ${codeSpan(r.ruleId, { maxLength: IDENT_MAX })} | ${where} |`);
  }
  lines.push('', '</details>', '');
  return lines;
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

function notRun(list: readonly NotRunView[]): string[] {
  if (list.length === 0) return [];
  const lines = ['#### Scanners that did not run', ''];
  for (const s of list) {
    const why = s.error ? `: ${escapeText(s.error, { maxLength: ERROR_IN_LIST_MAX })}` : '';
    lines.push(`- **${escapeText(s.name)}** (${codeSpan(s.id, { inTable: false })}) ${stateWord(s.state)}${why}`);
  }
  lines.push('');
  return lines;
}

const ARTIFACTS = 'SARIF files, findings.json and this report are in the run’s artifacts.';
/** The HTML report (report.html in the report artifact), linked to the run page's Artifacts section. */
const HTML_REPORT = (url: string) => `📄 ${markdownLink('HTML report', url)} (report.html in the run’s artifacts)`;

function footer(view: ReportView): string[] {
  const lines = ['---'];
  const run = view.links.run;
  lines.push(run ? `🔗 ${markdownLink(`Workflow run ${run.id}`, run.url)} · ${HTML_REPORT(`${run.url}#artifacts`)} · ${ARTIFACTS}` : ARTIFACTS);
  const a = view.accounting;
  lines.push('');
  lines.push(
    `📊 Raw findings: ${formatCount(a.raw)} · merged across scanners: ${formatCount(a.merged)} · ` +
      `filtered by severity: ${formatCount(a.filteredBySeverity)} · ` +
      (a.filteredByScanner > 0 ? `filtered by scanner settings: ${formatCount(a.filteredByScanner)} · ` : '') +
      (a.suppressed > 0 ? `suppressed: ${formatCount(a.suppressed)} · ` : '') +
      `reported: ${formatCount(a.reported)}`,
  );
  return lines;
}

/** `rule DS002, path Dockerfile` (escaped). */
function entryText(e: { rule?: string; fingerprint?: string; path?: string; package?: string }): string {
  return (['rule', 'fingerprint', 'path', 'package'] as const)
    .filter((k) => e[k] !== undefined)
    .map((k) => `${k} ${codeSpan(e[k], { maxLength: IDENT_MAX })}`)
    .join(', ');
}

/**
 * What a pull request adds to the suppressions: shown near the top, because it is what a reviewer must approve. The
 * text comes from the pull request: escaped.
 */
function pendingLines(v: NonNullable<ReportView['suppressions']>): string[] {
  if (v.pending.length === 0) return [];
  const lines = [`**📝 Suppressions added by this PR — they apply once merged** (${v.pending.length}; ${v.source === 'base' ? 'the base commit\'s suppressions applied' : 'approval is not required'}):`, ''];
  for (const p of v.pending.slice(0, PENDING_ROWS)) {
    const where = codeSpan(p.line !== undefined ? `${p.file}:${p.line}` : p.file, { maxLength: IDENT_MAX });
    if (p.kind === 'ignore-entry' && p.entry) lines.push(`- ${where}: ${entryText(p.entry)} — ${escapeText(p.entry.reason, { maxLength: TITLE_MAX })}`);
    else if (p.kind === 'inline-marker') lines.push(`- ${where}: inline ${codeSpan(p.text, { maxLength: IDENT_MAX })}${p.scanner ? ` (${escapeText(p.scanner, { maxLength: SCANNER_NAME_MAX })})` : ''}`);
    else lines.push(`- ${where}: ${escapeText(p.text, { maxLength: TITLE_MAX })}`);
  }
  if (v.pending.length > PENDING_ROWS) lines.push(`- … and ${formatCount(v.pending.length - PENDING_ROWS)} more (findings.json lists them all)`);
  lines.push('');
  return lines;
}

/** Suppressed findings, expired entries and the scanners' own suppressions, after the findings. */
function suppressedLines(v: NonNullable<ReportView['suppressions']>): string[] {
  const lines: string[] = [];
  if (v.total > 0) {
    lines.push(`<details><summary>🔕 Suppressed by ${codeSpan(v.file, { maxLength: IDENT_MAX })} (${formatCount(v.total)}; not counted by the gate)</summary>`, '');
    for (const r of v.rows) {
      const where = r.path !== undefined ? codeSpan(r.line !== undefined ? `${r.path}:${r.line}` : r.path, { maxLength: IDENT_MAX }) : r.target !== undefined ? codeSpan(r.target, { maxLength: IDENT_MAX }) : '';
      lines.push(
        `- ${ICON[r.severity]} ${codeSpan(r.ruleId, { maxLength: IDENT_MAX })} ${where}: ${escapeText(r.reason, { maxLength: TITLE_MAX })}${r.expires ? ` (until ${escapeText(r.expires)})` : ''}`,
      );
    }
    if (v.total > v.rows.length) lines.push(`- … and ${formatCount(v.total - v.rows.length)} more (findings.json lists them all)`);
    lines.push('', '</details>', '');
  }
  if (v.expired.length > 0) {
    lines.push(`**⏰ Expired suppressions** in ${codeSpan(v.file, { maxLength: IDENT_MAX })} — they no longer apply and their findings are back:`, '');
    for (const e of v.expired.slice(0, PENDING_ROWS)) lines.push(`- entry ${e.index} (${entryText(e)}) expired ${escapeText(e.expires ?? '')}: ${escapeText(e.reason, { maxLength: TITLE_MAX })}`);
    if (v.expired.length > PENDING_ROWS) lines.push(`- … and ${formatCount(v.expired.length - PENDING_ROWS)} more`);
    lines.push('');
  }
  if (v.native.length > 0) {
    lines.push(`Suppressed by the scanners' own ignore files and markers: ${v.native.map((n) => `${escapeText(n.scanner, { maxLength: SCANNER_NAME_MAX })} ${formatCount(n.count)}`).join(', ')}.`, '');
  }
  return lines;
}

/** `changed-files-only: 3 files changed; 5 findings in other files left out.` (numbers only: nothing to escape). */
function changedFilesLine(c: NonNullable<ReportView['changedFiles']>): string {
  return `> 🗂️ changed-files-only: ${plural(c.files, 'file')} changed; ${plural(c.leftOut, 'finding')} in other files left out.`;
}

function nothingFound(nothing: NonNullable<ReportView['nothingFound']>): string[] {
  const by = nothing.ranBy.length > 0 ? ` by ${nothing.ranBy.map((n) => escapeText(n)).join(', ')}` : '';
  if (nothing.incomplete) {
    return [`**No findings${by}**, but at least one scanner failed: this result is incomplete (see below).`, ''];
  }
  return [`✅ **Nothing was found${by}.** No security findings in this run.`, ''];
}

function showing(shown: number): string {
  return shown > 0 ? ` (showing the ${formatCount(shown)} most severe)` : '';
}

function omissionNote(omitted: SeverityCounts, shown: number, view: ReportView): string[] {
  const n = SEVERITIES.reduce((sum, s) => sum + omitted[s], 0);
  if (n === 0) return [];
  const per = SEVERITIES.filter((s) => omitted[s] > 0)
    .map((s) => `${ICON[s]} ${LABEL[s]} ${formatCount(omitted[s])}`)
    .join(' · ');
  const url = view.links.run?.url;
  const where = view.reportLocation
    ? `The full report: ${view.reportLocation}${url ? ` (${markdownLink('run page', url)})` : ''}.`
    : url
      ? `The full report is in the ${markdownLink('run’s artifacts', url)}.`
      : 'The full report is in findings.json.';
  return [`> ⚠️ **${plural(n, 'finding')} not listed** to stay within GitHub’s size limit${showing(shown)}: ${per}. ${where}`, ''];
}

// ── insights: recommendations, compliance, SLAs, trend ─────────────────────────────────────────────────────

/** How many recommendations the comment lists (the rest are in report.html and findings.json). */
export const RECOMMENDATION_ROWS = 5;
/** How many failing controls a framework's line names. */
const CONTROLS_SHOWN = 6;
const VERDICT_ICON = { PASS: '✅', PARTIAL: '⚠️', FAIL: '❌' } as const;

/** A recommendation as one line: built from its parts (package, versions, rule: each escaped), never its raw title. */
function recommendationLine(r: Recommendation): string {
  const fixes = `fixes ${plural(r.findings, 'finding')}${r.bySeverity.critical ? `, ${formatCount(r.bySeverity.critical)} critical` : ''}`;
  const rule = r.rule ? codeSpan(r.rule.ruleId, { maxLength: IDENT_MAX, inTable: false }) : '';
  let what: string;
  if (r.action === 'upgrade' && r.upgrade) {
    const u = r.upgrade;
    const from = u.from.length ? ` ${u.from.slice(0, 3).map((v) => codeSpan(v, { maxLength: VERSION_MAX, inTable: false })).join(', ')}${u.from.length > 3 ? ', …' : ''}` : '';
    what = `Upgrade ${codeSpan(u.package, { maxLength: IDENT_MAX, inTable: false })}${from} → ${codeSpan(u.to, { maxLength: VERSION_MAX, inTable: false })} (${escapeText(u.ecosystem, { maxLength: SCANNER_NAME_MAX })}): ${fixes}`;
    if (r.command) what += ` — ${codeSpan(r.command, { maxLength: 2 * IDENT_MAX, inTable: false })}`;
  } else if (r.action === 'rotate-secret') {
    what = `Rotate and revoke the ${rule} credential${r.findings === 1 ? '' : 's'}: ${plural(r.findings, 'leak')}`;
  } else if (r.action === 'configure') {
    const at = r.command ? ` at ${codeSpan(r.command, { maxLength: IDENT_MAX, inTable: false })}${r.locations.length > 1 ? ` and ${plural(r.locations.length - 1, 'other place')}` : ''}` : '';
    what = `Change the configuration ${rule}${at}: ${fixes}`;
  } else {
    what = escapeText(r.title, { maxLength: TITLE_MAX });
  }
  return `- ${ICON[r.severity]} ${what}`;
}

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '±0';
}

/**
 * The short insights block: the top recommendations (with how many findings each fixes), one line per compliance
 * framework (its verdict and failing controls), the SLA breaches and the trend. Everything from the report (package
 * names, versions, rule ids, controls) is escaped; the numbers are numbers.
 */
export function insightsLines(i: ReportInsights | undefined): string[] {
  if (!i) return [];
  const lines: string[] = [];
  const recs = i.recommendations;
  if (recs.length > 0) {
    lines.push('#### Recommendations', '');
    for (const r of recs.slice(0, RECOMMENDATION_ROWS)) lines.push(recommendationLine(r));
    if (recs.length > RECOMMENDATION_ROWS) lines.push(`- … and ${formatCount(recs.length - RECOMMENDATION_ROWS)} more in report.html`);
    const plan = i.remediationPlan;
    if (plan.phases.length > 0) lines.push('', `<sub>Plan: priority ${escapeText(plan.priority)}, ${plural(plan.phases.length, 'phase')}, about ${formatCount(plan.totalEffortHours)} h of work (findings.json remediationPlan).</sub>`);
    lines.push('');
  }
  const frameworks = i.complianceStatus.frameworks;
  if (frameworks.length > 0) {
    lines.push('**Compliance** (mapped from the findings; evidence for review, not an audit):', '');
    for (const f of frameworks) {
      const failed = f.failedControls;
      const controls = failed.length
        ? ` — failing ${failed.slice(0, CONTROLS_SHOWN).map((c) => codeSpan(c.control, { maxLength: 40, inTable: false })).join(', ')}${failed.length > CONTROLS_SHOWN ? ` and ${formatCount(failed.length - CONTROLS_SHOWN)} more` : ''}`
        : '';
      lines.push(`- ${escapeText(f.name, { maxLength: SCANNER_NAME_MAX })}: ${VERDICT_ICON[f.status]} ${f.status}${controls}`);
    }
    lines.push('');
  }
  const breached = SEVERITIES.reduce((n, s) => n + i.slas.breached[s], 0);
  const facts: string[] = [];
  const per = (c: SeverityCounts, fmt: (n: number) => string) =>
    SEVERITIES.filter((s) => c[s] !== 0)
      .map((s) => `${ICON[s]} ${LABEL[s]} ${fmt(c[s])}`)
      .join(' · ');
  facts.push(breached > 0 ? `**SLA:** ${plural(breached, 'finding')} past due (${per(i.slas.breached, formatCount)})` : `**SLA:** none past due`);
  const t = i.trends;
  if (t.delta) facts.push(`**Against the base branch:** ${signed(t.delta.total)}${t.delta.total !== 0 || SEVERITIES.some((s) => t.delta!.counts[s] !== 0) ? ` (${per(t.delta.counts, signed) || 'no change by severity'})` : ''}`);
  if (t.available && t.history.length > 0) {
    facts.push(`**Trend** (last ${plural(t.history.length, 'default-branch run')}, oldest first): ${t.history.map((p) => formatCount(p.total)).join(' → ')} → ${formatCount(i.summary.totalVulnerabilities)} now`);
  }
  lines.push(facts.join(' · '), '');
  return lines;
}

// ── assembly with the budget ────────────────────────────────────────────────────────────────────────────────

interface Parts {
  head: string[];
  /** Rendered finding rows, most severe first (possibly fewer than there are findings: see renderMarkdown). */
  rows: { severity: Severity; line: string }[];
  totals: SeverityCounts;
  tail: string[];
}

function assemble(parts: Parts, shown: number, view: ReportView): string {
  const out = [...parts.head];
  const shownCounts = emptyCounts();
  for (const r of parts.rows.slice(0, shown)) shownCounts[r.severity] += 1;
  const omitted = emptyCounts();
  for (const s of SEVERITIES) omitted[s] = parts.totals[s] - shownCounts[s];
  // Before the list, so a reader sees it without scrolling past hundreds of rows.
  out.push(...omissionNote(omitted, shown, view));
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

/** The view as Markdown within `options.maxChars`; `insights` (the report's) adds the short insights block. */
export function renderMarkdown(view: ReportView, options: MarkdownOptions, insights?: ReportInsights): string {
  return renderWithin(view, options, insights, false)!;
}

/**
 * renderMarkdown; with `needAll`, undefined instead when the view's rows ran out before the budget did while the view
 * has fewer rows than findings (built with too small a rowLimit: more rows might have fitted).
 */
function renderWithin(view: ReportView, options: MarkdownOptions, insights: ReportInsights | undefined, needAll: boolean): string | undefined {
  const measure = measureWith(options.unit);
  const max = options.maxChars;

  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  // The heading, then what this change introduces (against the baseline), then the gate's reasons.
  const v = verdict(view.verdict);
  head.push(...v.slice(0, 2), ...(view.baseline ? baselineLines(view.baseline) : []), ...v.slice(2), '');
  if (view.notes.length > 0) head.push(...view.notes.map((n) => `> ℹ️ ${n}`), '');
  if (view.reportNotes.length > 0) head.push(...view.reportNotes.map((n) => `> ℹ️ ${escapeText(n, { maxLength: ERROR_IN_LIST_MAX })}`), '');
  if (view.changedFiles) head.push(changedFilesLine(view.changedFiles), '');
  if (view.suppressions) head.push(...pendingLines(view.suppressions));
  head.push(...scannerTable(view.scanners), '');
  if (view.nothingFound) head.push(...nothingFound(view.nothingFound));
  head.push(...insightsLines(insights));

  // Rows are rendered only until they alone exceed the budget: the rest could never be shown.
  const totals = emptyCounts();
  for (const g of view.findings) totals[g.severity] = g.total;
  const count = SEVERITIES.reduce((n, s) => n + totals[s], 0);
  const rows: Parts['rows'] = [];
  let rowsSize = 0;
  render: for (const group of view.findings) {
    for (const row of group.rows) {
      if (rowsSize > max) break render;
      const line = rowLine(row);
      rows.push({ severity: row.severity, line });
      rowsSize += measure(line) + 1;
    }
  }
  // The rest of the rows could have mattered only if these did not already exceed the budget.
  if (needAll && rowsSize <= max && rows.length < count) return undefined;
  const parts: Parts = {
    head,
    rows,
    totals,
    tail: [...fixedList(view.baseline), ...(view.suppressions ? suppressedLines(view.suppressions) : []), ...notRun(view.notRun), ...footer(view)],
  };

  if (rows.length === count) {
    const full = assemble(parts, parts.rows.length, view);
    if (measure(full) <= max) return full;
  }

  // Upper bound of everything but the rows: no row shown means the longest omission note and no section.
  const bare = assemble(parts, 0, view);
  if (measure(bare) > max) return cutLines(bare, max, measure);
  const fixed = measure(bare) + measure(showing(count));

  // Greedy, most severe first, with each section's overhead charged at its longest ("(N shown)") form.
  let used = fixed;
  let shown = 0;
  let current: Severity | undefined;
  for (const row of parts.rows) {
    let cost = measure(row.line) + 1;
    if (row.severity !== current) {
      cost += measure([...sectionOpen(row.severity, totals[row.severity], totals[row.severity]), ...SECTION_CLOSE].join('\n')) + 1;
    }
    if (used + cost > max) break;
    used += cost;
    shown += 1;
    current = row.severity;
  }
  // The estimate is an upper bound; this loop is a safety net and normally does not iterate.
  let text = assemble(parts, shown, view);
  while (measure(text) > max && shown > 0) {
    shown -= 1;
    text = assemble(parts, shown, view);
  }
  return text;
}

/** The report as Markdown: the PR comment, the job summary and summary.md all come from here. */
export function renderReport(report: ScanReport, options: RenderOptions): string {
  // First as many rows as fit at a typical row size (the view costs per row: 100,000 findings under a 1 MiB budget
  // build ~8,000 rows, not ~48,000); only when those all fit is the view built again with every row that could.
  const typical = Math.floor(options.maxChars / TYPICAL_ROW_SIZE) + 1;
  const rowLimit = Math.floor(options.maxChars / MIN_ROW_SIZE) + 1; // rows beyond it could never fit
  if (typical < rowLimit && typical < report.findings.length) {
    const text = renderWithin(buildReportView(report, { ...options, rowLimit: typical }), options, report.insights, true);
    if (text !== undefined) return text;
  }
  return renderMarkdown(buildReportView(report, { ...options, rowLimit }), options, report.insights);
}
