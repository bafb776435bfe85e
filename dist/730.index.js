export const id = 730;
export const ids = [730];
export const modules = {

/***/ 71679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bj: () => (/* binding */ SARIF_LIMITS),
/* harmony export */   HZ: () => (/* binding */ LEFT_OUT_PROPERTY),
/* harmony export */   dq: () => (/* binding */ COMMENT_MAX_CHARS),
/* harmony export */   eR: () => (/* binding */ SUMMARY_MAX_BYTES),
/* harmony export */   rS: () => (/* binding */ TOTAL_PROPERTY)
/* harmony export */ });
/**
 * GitHub's platform limits, each defined once, and the SARIF run properties that record what a limit left out.
 * The renderers (report/) and the GitHub edges (github/) both import them from here.
 */
/** Code scanning ingestion limits (docs: "SARIF support for code scanning" → upload limits). */
const SARIF_LIMITS = {
    maxGzipBytes: 10 * 1024 * 1024,
    maxRunsPerUpload: 20,
    maxResultsPerRun: 25_000,
    maxRulesPerRun: 25_000,
    maxLocationsPerResult: 1_000,
    maxTagsPerRule: 20,
};
/** A run's `properties` key holding how many results a limit left out of it. */
const LEFT_OUT_PROPERTY = 'security-scan/results-left-out';
/** A run's `properties` key holding how many results it had before any were left out. */
const TOTAL_PROPERTY = 'security-scan/results-total';
/** GitHub rejects a pull request comment body above this many characters (HTTP 422). */
const COMMENT_MAX_CHARS = 65_536;
/** GitHub's job summary limit per step, in bytes. */
const SUMMARY_MAX_BYTES = 1_048_576;


/***/ }),

/***/ 69028:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  B1: () => (/* binding */ renderReport)
});

// UNUSED EXPORTS: RECOMMENDATION_ROWS, insightsLines, renderMarkdown

// EXTERNAL MODULE: ./src/findings/model.ts
var model = __webpack_require__(99971);
// EXTERNAL MODULE: ./src/findings/severity.ts
var findings_severity = __webpack_require__(65131);
// EXTERNAL MODULE: ./src/assess/counts.ts
var counts = __webpack_require__(30888);
// EXTERNAL MODULE: ./src/assess/gate.ts
var assess_gate = __webpack_require__(70319);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
;// CONCATENATED MODULE: ./src/report/format.ts
/** Small deterministic text formatters every report format shares (no markup: Markdown, HTML, Slack, terminal). */
/** `1234567` → `1,234,567` (the same on every machine, whatever its locale). */
function formatCount(n) {
    const s = String(Math.trunc(Math.abs(n)));
    const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return n < 0 ? `-${grouped}` : grouped;
}
/** `1 finding`, `2 findings`, `1,000 findings`. */
function plural(n, word) {
    return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}
/** `0.5 s`, `59.9 s`, `2 min 5 s`; an empty string for a negative or unknown duration. */
function formatDuration(ms) {
    if (!Number.isFinite(ms) || ms < 0)
        return '';
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const totalSeconds = Math.round(ms / 1000);
    return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}

// EXTERNAL MODULE: ./src/findings/sort.ts
var sort = __webpack_require__(52712);
// EXTERNAL MODULE: ./src/report/links.ts
var links = __webpack_require__(83303);
;// CONCATENATED MODULE: ./src/report/view.ts
/**
 * The report's view model: what a reader is shown, computed once from a ScanReport and shared by every format
 * (Markdown today; the HTML report, Slack and the terminal next). Pure and format-neutral: text is the scanners'
 * text as it came (untrusted, unescaped, untruncated: each renderer escapes and shortens it for its own syntax),
 * numbers are numbers, links are checked URLs (links.ts).
 *
 * Order: verdict, scanner table, findings grouped by severity (most severe first; within a severity the total
 * order of findings/sort.ts, so the input order never matters), scanners that did not run, links, accounting.
 */





/** How many fixed findings the report lists (the rest are in findings.json). */
const FIXED_ROWS = 20;
function sum(c) {
    return model/* SEVERITIES */.oC.reduce((n, s) => n + c[s], 0);
}
function scannerTable(report) {
    const rows = [];
    const counted = (c, dash) => dash && (!c || sum(c) === 0) ? undefined : { bySeverity: { ...(c ?? (0,counts/* emptyCounts */.W1)()) }, total: c ? sum(c) : 0 };
    for (const s of report.scanners) {
        const run = { state: s.state, durationMs: s.durationMs };
        if (s.version)
            run.version = s.version;
        if (s.error)
            run.error = s.error;
        rows.push({ id: s.id, name: s.displayName || s.id, run, counts: counted(report.byScanner[s.id], s.state !== 'ok') });
    }
    const known = new Set(report.scanners.map((s) => s.id));
    for (const id of Object.keys(report.byScanner).filter((k) => !known.has(k)).sort()) {
        rows.push({ id, name: id, counts: counted(report.byScanner[id], false) });
    }
    return {
        rows,
        totals: { bySeverity: (0,counts/* countBySeverity */.Ot)(report.findings), total: report.findings.length },
        shared: report.findings.some(model/* reportedBySeveral */.Xn),
    };
}
function findingRow(f, names, link, markNew) {
    const seen = new Set();
    const sources = [];
    for (const src of f.sources) {
        const key = `${src.scanner}\u0000${src.ruleId}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        const source = { scanner: names.get(src.scanner) ?? src.scanner };
        if (src.ruleId && src.ruleId !== f.ruleId)
            source.ruleId = src.ruleId;
        sources.push(source);
    }
    const { path, startLine, endLine, target } = f.location;
    const location = {};
    if (target && target !== path)
        location.target = target;
    if (path) {
        location.path = path;
        if (startLine)
            location.line = startLine;
        const url = link(path, startLine, endLine);
        if (url)
            location.url = url;
    }
    const row = { severity: f.severity, title: f.title, ruleId: f.ruleId, sources, location };
    if (markNew && f.baseline === 'new')
        row.isNew = true;
    if (f.package) {
        const { name, version, fixedVersion } = f.package;
        row.package = { name, ...(version ? { version } : {}), ...(fixedVersion ? { fixedVersion } : {}) };
    }
    return row;
}
/** The findings in the total order of findings/sort.ts (a pipeline report already is: then no copy is made). */
function inOrder(findings) {
    for (let i = 1; i < findings.length; i++)
        if ((0,sort/* compareFindings */.Eg)(findings[i - 1], findings[i]) > 0)
            return (0,sort/* sortFindings */.Tc)(findings);
    return findings;
}
/**
 * The finding groups already built, by findings list. summary.md and the job summary render the same report with the
 * same budget, so the same row limit: at 100k findings the second build (~8,000 rows) cost ~50 ms for nothing. A
 * memo is used only for the same findings list (same length), scanners, context and baseline state; the groups it
 * holds are frozen, so no renderer can change what another one reads.
 */
const builtGroups = new WeakMap();
/** Row limits remembered per findings list (summary.md's two, the job summary's, the PR comment's). */
const MAX_BUILT = 4;
function findingGroups(report, rowLimit) {
    const baselineFound = report.baseline?.found === true;
    const built = builtGroups.get(report.findings) ?? [];
    const same = built.find((b) => b.rowLimit === rowLimit && b.length === report.findings.length && b.scanners === report.scanners && b.context === report.context && b.baselineFound === baselineFound);
    if (same)
        return same.groups;
    const groups = deepFreeze(buildGroups(report, rowLimit));
    builtGroups.set(report.findings, [{ rowLimit, length: report.findings.length, scanners: report.scanners, context: report.context, baselineFound, groups }, ...built].slice(0, MAX_BUILT));
    return groups;
}
/** `value` and every object and array inside it, frozen (the view is plain data: no cycles). */
function deepFreeze(value) {
    if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        for (const v of Object.values(value))
            deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}
function buildGroups(report, rowLimit) {
    const names = new Map(report.scanners.map((s) => [s.id, s.displayName || s.id]));
    const link = (0,links/* fileLinker */.UH)(report.context);
    const totals = (0,counts/* countBySeverity */.Ot)(report.findings);
    const groups = model/* SEVERITIES */.oC.filter((s) => totals[s] > 0).map((severity) => ({ severity, total: totals[severity], rows: [] }));
    const bySeverity = new Map(groups.map((g) => [g.severity, g.rows]));
    const findings = inOrder(report.findings);
    for (let i = 0; i < Math.min(rowLimit, findings.length); i++) {
        const f = findings[i];
        bySeverity.get(f.severity).push(findingRow(f, names, link, report.baseline?.found === true));
    }
    return groups;
}
function view_links(report) {
    const out = {};
    const run = (0,links/* runUrl */.Vp)(report.context);
    if (run)
        out.run = { id: report.context.runId, url: run };
    const pr = (0,links/* pullRequestUrl */.ET)(report.context);
    if (pr)
        out.pullRequest = { number: report.context.pullRequest, url: pr };
    return out;
}
/** How many suppressed findings and pending suppressions a view lists (the rest are counted; findings.json has all). */
const SUPPRESSED_ROWS = 20;
const PENDING_ROWS = 30;
function suppressionsView(report) {
    const s = report.suppressions;
    const native = Object.entries(s.native)
        .filter(([, n]) => n > 0)
        .map(([id, count]) => ({ scanner: report.scanners.find((x) => x.id === id)?.displayName || id, count }));
    if (report.suppressed.length === 0 && s.expired.length === 0 && s.pending.length === 0 && native.length === 0)
        return undefined;
    return {
        file: s.file,
        source: s.source,
        total: report.suppressed.length,
        rows: report.suppressed.slice(0, SUPPRESSED_ROWS).map((f) => ({
            severity: f.severity,
            ruleId: f.ruleId,
            title: f.title,
            ...(f.location.path !== undefined ? { path: f.location.path } : {}),
            ...(f.location.startLine !== undefined ? { line: f.location.startLine } : {}),
            ...(f.location.target !== undefined ? { target: f.location.target } : {}),
            reason: f.suppression?.reason ?? '',
            by: f.suppression?.by ?? '',
            ...(f.suppression?.expires ? { expires: f.suppression.expires } : {}),
        })),
        expired: s.expired,
        pending: s.pending,
        native,
    };
}
function buildReportView(report, options = {}) {
    const { gate } = report;
    const tolerated = (0,assess_gate/* toleratedFailures */.iq)(gate, report.scanners).map((s) => s.displayName || s.id);
    const view = {
        verdict: {
            decision: gate.decision,
            reasons: gate.reasons,
            failOn: gate.failOn,
            risk: report.risk,
            findings: report.findings.length,
            ...(tolerated.length > 0 ? { tolerated: { policy: gate.failurePolicy, scanners: tolerated } } : {}),
        },
        notes: options.notes ?? [],
        reportNotes: report.notes,
        scanners: scannerTable(report),
        findings: findingGroups(report, options.rowLimit ?? Number.POSITIVE_INFINITY),
        notRun: report.scanners.flatMap((s) => s.state === 'ok' ? [] : [{ id: s.id, name: s.displayName || s.id, state: s.state, ...(s.error ? { error: s.error } : {}) }]),
        links: view_links(report),
        accounting: report.accounting,
    };
    if (report.findings.length === 0) {
        view.nothingFound = {
            ranBy: report.scanners.filter((s) => s.state === 'ok').map((s) => s.displayName || s.id),
            incomplete: report.scanners.some((s) => s.state === 'failed' || s.state === 'skipped'),
        };
    }
    if (options.reportLocation)
        view.reportLocation = options.reportLocation;
    if (report.baseline) {
        const b = report.baseline;
        view.baseline = {
            found: b.found,
            source: b.source,
            new: b.new,
            existing: b.unchanged,
            fixed: b.fixed.length,
            fixedRows: b.fixed.slice(0, FIXED_ROWS).map((x) => ({
                severity: x.severity,
                title: x.title,
                ruleId: x.ruleId,
                ...(x.path !== undefined ? { path: x.path } : {}),
                ...(x.target !== undefined ? { target: x.target } : {}),
            })),
        };
    }
    const suppressions = suppressionsView(report);
    if (suppressions)
        view.suppressions = suppressions;
    if (report.changedFiles) {
        view.changedFiles = { files: report.changedFiles.files, leftOut: report.accounting.filteredByChangedFiles, source: report.changedFiles.source };
    }
    return view;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts
/**
 * The Markdown report: PR comment, job summary and summary.md. Turns the view model (view.ts) into GitHub-flavoured
 * Markdown within a size budget; byte-identical for the same input. Every scanner-provided string goes through
 * escape.ts here, and nowhere else.
 *
 * When the budget is exceeded, whole findings are dropped from the least severe end and a note says how many per
 * severity and where the full report is. The verdict and the tables are never dropped.
 */







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
function measureWith(unit) {
    return unit === 'utf8' ? (s) => Buffer.byteLength(s, 'utf8') : (s) => s.length;
}
// ── pieces ──────────────────────────────────────────────────────────────────────────────────────────────────
const TITLE = 'Security scan';
function verdict(v) {
    const head = v.decision === 'BLOCK' ? `### ❌ BLOCK · ${TITLE}` : `### ✅ PROCEED · ${TITLE}`;
    const lines = [head, ''];
    for (const reason of v.reasons)
        lines.push(`- ${(0,report_escape/* escapeText */.X1)(reason, { maxLength: ERROR_IN_LIST_MAX })}`);
    if (v.reasons.length > 0)
        lines.push('');
    // Our words; only the names come from the report (escaped).
    if (v.tolerated)
        lines.push(`⚠️ ${(0,assess_gate/* failedLine */.E2)(v.tolerated.policy, v.tolerated.scanners.map((n) => (0,report_escape/* escapeText */.X1)(n, { maxLength: SCANNER_NAME_MAX })))}`, '');
    const threshold = v.failOn === 'none' ? '**Fail on:** `none` (findings never block)' : `**Fail on:** \`${v.failOn}\` or above`;
    lines.push(`${threshold} · **Risk:** ${(0,report_escape/* escapeText */.X1)(v.risk)} · **Findings:** ${formatCount(v.findings)}`);
    return lines;
}
function stateWord(state) {
    return state === 'failed' ? '❌ failed' : state === 'skipped' ? '⏹️ skipped' : '⏭️ unavailable';
}
function statusCell(run) {
    if (!run)
        return '—';
    if (run.state === 'ok') {
        const parts = ['✅ ran'];
        if (run.version)
            parts.push((0,report_escape/* codeSpan */.SS)(run.version, { maxLength: VERSION_MAX }));
        const d = formatDuration(run.durationMs);
        if (d)
            parts.push(d);
        return parts.join(' · ');
    }
    const word = stateWord(run.state);
    return run.error ? `${word}: ${(0,report_escape/* escapeText */.X1)(run.error, { maxLength: ERROR_IN_TABLE_MAX })}` : word;
}
function countCells(counts) {
    if (!counts)
        return [...model/* SEVERITIES */.oC.map(() => '—'), '—'].join(' | ');
    return [...model/* SEVERITIES */.oC.map((s) => formatCount(counts.bySeverity[s])), formatCount(counts.total)].join(' | ');
}
function markdown_scannerTable(table) {
    const lines = [
        `| Scanner | Status | ${model/* SEVERITIES */.oC.map((s) => `${findings_severity/* ICON */.kb[s]} ${findings_severity/* LABEL */.d_[s]}`).join(' | ')} | Total |`,
        `| :-- | :-- | ${model/* SEVERITIES */.oC.map(() => '--:').join(' | ')} | --: |`,
    ];
    for (const row of table.rows)
        lines.push(`| ${(0,report_escape/* escapeText */.X1)(row.name)} | ${statusCell(row.run)} | ${countCells(row.counts)} |`);
    const { bySeverity, total } = table.totals;
    lines.push(`| **Total** | | ${[...model/* SEVERITIES */.oC.map((s) => `**${formatCount(bySeverity[s])}**`), `**${formatCount(total)}**`].join(' | ')} |`);
    if (table.shared) {
        lines.push('', '<sub>A finding reported by several scanners counts in each of their rows and once in the total.</sub>');
    }
    return lines;
}
function markdown_findingRow(r) {
    const title = (0,report_escape/* escapeText */.X1)(r.title, { maxLength: TITLE_MAX }) || '(untitled)';
    const sources = r.sources
        .map((s) => {
        const name = (0,report_escape/* escapeText */.X1)(s.scanner, { maxLength: SCANNER_NAME_MAX });
        return s.ruleId ? `${name} (${(0,report_escape/* codeSpan */.SS)(s.ruleId, { maxLength: IDENT_MAX })})` : name;
    })
        .join(', ');
    const { target, path, line, url } = r.location;
    const where = [];
    if (target)
        where.push((0,report_escape/* codeSpan */.SS)(target, { maxLength: IDENT_MAX }));
    if (path) {
        const label = (0,report_escape/* codeSpan */.SS)(line ? `${path}:${line}` : path, { maxLength: IDENT_MAX });
        where.push(url ? (0,report_escape/* markdownLink */.iQ)(label, url) : label);
    }
    let pkg = '';
    if (r.package) {
        const { name, version, fixedVersion } = r.package;
        const id = (0,report_escape/* codeSpan */.SS)(version ? `${name}@${version}` : name, { maxLength: IDENT_MAX });
        pkg = fixedVersion ? `${id} → ${(0,report_escape/* codeSpan */.SS)(fixedVersion, { maxLength: IDENT_MAX })}` : `${id} (no fix)`;
    }
    return `| ${findings_severity/* ICON */.kb[r.severity]} | ${r.isNew ? '🆕 **new** · ' : ''}${title} | ${(0,report_escape/* codeSpan */.SS)(r.ruleId, { maxLength: IDENT_MAX })} | ${sources} | ${where.join(' ')} | ${pkg} |`;
}
/**
 * The rendered lines of frozen rows (the report view's memoized groups: report/view.ts findingGroups). summary.md
 * and the job summary render the same rows with the same budget; at 100k findings the second rendering of ~8,000
 * rows cost ~45 ms for the same strings. A row that is not frozen throughout may change between renders: never kept.
 */
const renderedRows = new WeakMap();
function frozenRow(r) {
    return Object.isFrozen(r) && Object.isFrozen(r.location) && Object.isFrozen(r.sources) && r.sources.every((s) => Object.isFrozen(s)) && (r.package === undefined || Object.isFrozen(r.package));
}
function rowLine(r) {
    let line = renderedRows.get(r);
    if (line !== undefined)
        return line;
    line = markdown_findingRow(r);
    if (frozenRow(r))
        renderedRows.set(r, line);
    return line;
}
/** What this change introduces, first: `1 new, 46 existing, 1 fixed`, or why there is no baseline. */
function baselineLines(b) {
    const source = (0,report_escape/* escapeText */.X1)(b.source, { maxLength: ERROR_IN_LIST_MAX });
    if (!b.found)
        return [`> ℹ️ **No baseline:** ${source}`, ''];
    return [`**Against the baseline:** 🆕 ${formatCount(b.new)} new, ${formatCount(b.existing)} existing, ✅ ${formatCount(b.fixed)} fixed`, '', `<sub>Baseline: ${source}</sub>`, ''];
}
/** The baseline's findings this run no longer finds (at most FIXED_ROWS; the rest are in findings.json). */
function fixedList(b) {
    if (!b?.found || b.fixed === 0)
        return [];
    const shown = b.fixedRows.length < b.fixed ? ` (${formatCount(b.fixedRows.length)} shown; all are in findings.json)` : '';
    const lines = ['<details>', `<summary>✅ <b>Fixed</b> · ${plural(b.fixed, 'finding')} of the baseline no longer found${shown}</summary>`, '', '| | Finding | Rule | Location |', '| :-: | :-- | :-- | :-- |'];
    for (const r of b.fixedRows) {
        const where = [r.target ? (0,report_escape/* codeSpan */.SS)(r.target, { maxLength: IDENT_MAX }) : '', r.path ? (0,report_escape/* codeSpan */.SS)(r.path, { maxLength: IDENT_MAX }) : ''].filter(Boolean).join(' ');
        lines.push(`| ${findings_severity/* ICON */.kb[r.severity]} | ${(0,report_escape/* escapeText */.X1)(r.title, { maxLength: TITLE_MAX }) || '(untitled)'} | ${(0,report_escape/* codeSpan */.SS)(r.ruleId, { maxLength: IDENT_MAX })} | ${where} |`);
    }
    lines.push('', '</details>', '');
    return lines;
}
const OPEN_BY_DEFAULT = new Set(['critical', 'high']);
function sectionOpen(severity, total, shown) {
    const count = shown === total ? plural(total, 'finding') : `${plural(total, 'finding')} (${formatCount(shown)} shown)`;
    return [
        OPEN_BY_DEFAULT.has(severity) ? '<details open>' : '<details>',
        `<summary>${findings_severity/* ICON */.kb[severity]} <b>${findings_severity/* LABEL */.d_[severity]}</b> · ${count}</summary>`,
        '',
        '| | Finding | Rule | Scanner | Location | Package |',
        '| :-: | :-- | :-- | :-- | :-- | :-- |',
    ];
}
const SECTION_CLOSE = ['', '</details>', ''];
function notRun(list) {
    if (list.length === 0)
        return [];
    const lines = ['#### Scanners that did not run', ''];
    for (const s of list) {
        const why = s.error ? `: ${(0,report_escape/* escapeText */.X1)(s.error, { maxLength: ERROR_IN_LIST_MAX })}` : '';
        lines.push(`- **${(0,report_escape/* escapeText */.X1)(s.name)}** (${(0,report_escape/* codeSpan */.SS)(s.id, { inTable: false })}) ${stateWord(s.state)}${why}`);
    }
    lines.push('');
    return lines;
}
const ARTIFACTS = 'SARIF files, findings.json and this report are in the run’s artifacts.';
/** The HTML report (report.html in the report artifact), linked to the run page's Artifacts section. */
const HTML_REPORT = (url) => `📄 ${(0,report_escape/* markdownLink */.iQ)('HTML report', url)} (report.html in the run’s artifacts)`;
function footer(view) {
    const lines = ['---'];
    const run = view.links.run;
    lines.push(run ? `🔗 ${(0,report_escape/* markdownLink */.iQ)(`Workflow run ${run.id}`, run.url)} · ${HTML_REPORT(`${run.url}#artifacts`)} · ${ARTIFACTS}` : ARTIFACTS);
    const a = view.accounting;
    lines.push('');
    lines.push(`📊 Raw findings: ${formatCount(a.raw)} · merged across scanners: ${formatCount(a.merged)} · ` +
        `filtered by severity: ${formatCount(a.filteredBySeverity)} · ` +
        (a.filteredByScanner > 0 ? `filtered by scanner settings: ${formatCount(a.filteredByScanner)} · ` : '') +
        (a.suppressed > 0 ? `suppressed: ${formatCount(a.suppressed)} · ` : '') +
        `reported: ${formatCount(a.reported)}`);
    return lines;
}
/** `rule DS002, path Dockerfile` (escaped). */
function entryText(e) {
    return ['rule', 'fingerprint', 'path', 'package']
        .filter((k) => e[k] !== undefined)
        .map((k) => `${k} ${(0,report_escape/* codeSpan */.SS)(e[k], { maxLength: IDENT_MAX })}`)
        .join(', ');
}
/**
 * What a pull request adds to the suppressions: shown near the top, because it is what a reviewer must approve. The
 * text comes from the pull request: escaped.
 */
function pendingLines(v) {
    if (v.pending.length === 0)
        return [];
    const lines = [`**📝 Suppressions added by this PR — they apply once merged** (${v.pending.length}; ${v.source === 'base' ? 'the base commit\'s suppressions applied' : 'approval is not required'}):`, ''];
    for (const p of v.pending.slice(0, PENDING_ROWS)) {
        const where = (0,report_escape/* codeSpan */.SS)(p.line !== undefined ? `${p.file}:${p.line}` : p.file, { maxLength: IDENT_MAX });
        if (p.kind === 'ignore-entry' && p.entry)
            lines.push(`- ${where}: ${entryText(p.entry)} — ${(0,report_escape/* escapeText */.X1)(p.entry.reason, { maxLength: TITLE_MAX })}`);
        else if (p.kind === 'inline-marker')
            lines.push(`- ${where}: inline ${(0,report_escape/* codeSpan */.SS)(p.text, { maxLength: IDENT_MAX })}${p.scanner ? ` (${(0,report_escape/* escapeText */.X1)(p.scanner, { maxLength: SCANNER_NAME_MAX })})` : ''}`);
        else
            lines.push(`- ${where}: ${(0,report_escape/* escapeText */.X1)(p.text, { maxLength: TITLE_MAX })}`);
    }
    if (v.pending.length > PENDING_ROWS)
        lines.push(`- … and ${formatCount(v.pending.length - PENDING_ROWS)} more (findings.json lists them all)`);
    lines.push('');
    return lines;
}
/** Suppressed findings, expired entries and the scanners' own suppressions, after the findings. */
function suppressedLines(v) {
    const lines = [];
    if (v.total > 0) {
        lines.push(`<details><summary>🔕 Suppressed by ${(0,report_escape/* codeSpan */.SS)(v.file, { maxLength: IDENT_MAX })} (${formatCount(v.total)}; not counted by the gate)</summary>`, '');
        for (const r of v.rows) {
            const where = r.path !== undefined ? (0,report_escape/* codeSpan */.SS)(r.line !== undefined ? `${r.path}:${r.line}` : r.path, { maxLength: IDENT_MAX }) : r.target !== undefined ? (0,report_escape/* codeSpan */.SS)(r.target, { maxLength: IDENT_MAX }) : '';
            lines.push(`- ${findings_severity/* ICON */.kb[r.severity]} ${(0,report_escape/* codeSpan */.SS)(r.ruleId, { maxLength: IDENT_MAX })} ${where}: ${(0,report_escape/* escapeText */.X1)(r.reason, { maxLength: TITLE_MAX })}${r.expires ? ` (until ${(0,report_escape/* escapeText */.X1)(r.expires)})` : ''}`);
        }
        if (v.total > v.rows.length)
            lines.push(`- … and ${formatCount(v.total - v.rows.length)} more (findings.json lists them all)`);
        lines.push('', '</details>', '');
    }
    if (v.expired.length > 0) {
        lines.push(`**⏰ Expired suppressions** in ${(0,report_escape/* codeSpan */.SS)(v.file, { maxLength: IDENT_MAX })} — they no longer apply and their findings are back:`, '');
        for (const e of v.expired.slice(0, PENDING_ROWS))
            lines.push(`- entry ${e.index} (${entryText(e)}) expired ${(0,report_escape/* escapeText */.X1)(e.expires ?? '')}: ${(0,report_escape/* escapeText */.X1)(e.reason, { maxLength: TITLE_MAX })}`);
        if (v.expired.length > PENDING_ROWS)
            lines.push(`- … and ${formatCount(v.expired.length - PENDING_ROWS)} more`);
        lines.push('');
    }
    if (v.native.length > 0) {
        lines.push(`Suppressed by the scanners' own ignore files and markers: ${v.native.map((n) => `${(0,report_escape/* escapeText */.X1)(n.scanner, { maxLength: SCANNER_NAME_MAX })} ${formatCount(n.count)}`).join(', ')}.`, '');
    }
    return lines;
}
/** `changed-files-only: 3 files changed; 5 findings in other files left out.` (numbers only: nothing to escape). */
function changedFilesLine(c) {
    return `> 🗂️ changed-files-only: ${plural(c.files, 'file')} changed; ${plural(c.leftOut, 'finding')} in other files left out.`;
}
function nothingFound(nothing) {
    const by = nothing.ranBy.length > 0 ? ` by ${nothing.ranBy.map((n) => (0,report_escape/* escapeText */.X1)(n)).join(', ')}` : '';
    if (nothing.incomplete) {
        return [`**No findings${by}**, but at least one scanner failed: this result is incomplete (see below).`, ''];
    }
    return [`✅ **Nothing was found${by}.** No security findings in this run.`, ''];
}
function showing(shown) {
    return shown > 0 ? ` (showing the ${formatCount(shown)} most severe)` : '';
}
function omissionNote(omitted, shown, view) {
    const n = model/* SEVERITIES */.oC.reduce((sum, s) => sum + omitted[s], 0);
    if (n === 0)
        return [];
    const per = model/* SEVERITIES */.oC.filter((s) => omitted[s] > 0)
        .map((s) => `${findings_severity/* ICON */.kb[s]} ${findings_severity/* LABEL */.d_[s]} ${formatCount(omitted[s])}`)
        .join(' · ');
    const url = view.links.run?.url;
    const where = view.reportLocation
        ? `The full report: ${view.reportLocation}${url ? ` (${(0,report_escape/* markdownLink */.iQ)('run page', url)})` : ''}.`
        : url
            ? `The full report is in the ${(0,report_escape/* markdownLink */.iQ)('run’s artifacts', url)}.`
            : 'The full report is in findings.json.';
    return [`> ⚠️ **${plural(n, 'finding')} not listed** to stay within GitHub’s size limit${showing(shown)}: ${per}. ${where}`, ''];
}
// ── insights: recommendations, compliance, SLAs, trend ─────────────────────────────────────────────────────
/** How many recommendations the comment lists (the rest are in report.html and findings.json). */
const RECOMMENDATION_ROWS = 5;
/** How many failing controls a framework's line names. */
const CONTROLS_SHOWN = 6;
const VERDICT_ICON = { PASS: '✅', PARTIAL: '⚠️', FAIL: '❌' };
/** A recommendation as one line: built from its parts (package, versions, rule: each escaped), never its raw title. */
function recommendationLine(r) {
    const fixes = `fixes ${plural(r.findings, 'finding')}${r.bySeverity.critical ? `, ${formatCount(r.bySeverity.critical)} critical` : ''}`;
    const rule = r.rule ? (0,report_escape/* codeSpan */.SS)(r.rule.ruleId, { maxLength: IDENT_MAX, inTable: false }) : '';
    let what;
    if (r.action === 'upgrade' && r.upgrade) {
        const u = r.upgrade;
        const from = u.from.length ? ` ${u.from.slice(0, 3).map((v) => (0,report_escape/* codeSpan */.SS)(v, { maxLength: VERSION_MAX, inTable: false })).join(', ')}${u.from.length > 3 ? ', …' : ''}` : '';
        what = `Upgrade ${(0,report_escape/* codeSpan */.SS)(u.package, { maxLength: IDENT_MAX, inTable: false })}${from} → ${(0,report_escape/* codeSpan */.SS)(u.to, { maxLength: VERSION_MAX, inTable: false })} (${(0,report_escape/* escapeText */.X1)(u.ecosystem, { maxLength: SCANNER_NAME_MAX })}): ${fixes}`;
        if (r.command)
            what += ` — ${(0,report_escape/* codeSpan */.SS)(r.command, { maxLength: 2 * IDENT_MAX, inTable: false })}`;
    }
    else if (r.action === 'rotate-secret') {
        what = `Rotate and revoke the ${rule} credential${r.findings === 1 ? '' : 's'}: ${plural(r.findings, 'leak')}`;
    }
    else if (r.action === 'configure') {
        const at = r.command ? ` at ${(0,report_escape/* codeSpan */.SS)(r.command, { maxLength: IDENT_MAX, inTable: false })}${r.locations.length > 1 ? ` and ${plural(r.locations.length - 1, 'other place')}` : ''}` : '';
        what = `Change the configuration ${rule}${at}: ${fixes}`;
    }
    else {
        what = (0,report_escape/* escapeText */.X1)(r.title, { maxLength: TITLE_MAX });
    }
    return `- ${findings_severity/* ICON */.kb[r.severity]} ${what}`;
}
function signed(n) {
    return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '±0';
}
/**
 * The short insights block: the top recommendations (with how many findings each fixes), one line per compliance
 * framework (its verdict and failing controls), the SLA breaches and the trend. Everything from the report (package
 * names, versions, rule ids, controls) is escaped; the numbers are numbers.
 */
function insightsLines(i) {
    if (!i)
        return [];
    const lines = [];
    const recs = i.recommendations;
    if (recs.length > 0) {
        lines.push('#### Recommendations', '');
        for (const r of recs.slice(0, RECOMMENDATION_ROWS))
            lines.push(recommendationLine(r));
        if (recs.length > RECOMMENDATION_ROWS)
            lines.push(`- … and ${formatCount(recs.length - RECOMMENDATION_ROWS)} more in report.html`);
        const plan = i.remediationPlan;
        if (plan.phases.length > 0)
            lines.push('', `<sub>Plan: priority ${(0,report_escape/* escapeText */.X1)(plan.priority)}, ${plural(plan.phases.length, 'phase')}, about ${formatCount(plan.totalEffortHours)} h of work (findings.json remediationPlan).</sub>`);
        lines.push('');
    }
    const frameworks = i.complianceStatus.frameworks;
    if (frameworks.length > 0) {
        lines.push('**Compliance** (mapped from the findings; evidence for review, not an audit):', '');
        for (const f of frameworks) {
            const failed = f.failedControls;
            const controls = failed.length
                ? ` — failing ${failed.slice(0, CONTROLS_SHOWN).map((c) => (0,report_escape/* codeSpan */.SS)(c.control, { maxLength: 40, inTable: false })).join(', ')}${failed.length > CONTROLS_SHOWN ? ` and ${formatCount(failed.length - CONTROLS_SHOWN)} more` : ''}`
                : '';
            lines.push(`- ${(0,report_escape/* escapeText */.X1)(f.name, { maxLength: SCANNER_NAME_MAX })}: ${VERDICT_ICON[f.status]} ${f.status}${controls}`);
        }
        lines.push('');
    }
    const breached = model/* SEVERITIES */.oC.reduce((n, s) => n + i.slas.breached[s], 0);
    const facts = [];
    const per = (c, fmt) => model/* SEVERITIES */.oC.filter((s) => c[s] !== 0)
        .map((s) => `${findings_severity/* ICON */.kb[s]} ${findings_severity/* LABEL */.d_[s]} ${fmt(c[s])}`)
        .join(' · ');
    facts.push(breached > 0 ? `**SLA:** ${plural(breached, 'finding')} past due (${per(i.slas.breached, formatCount)})` : `**SLA:** none past due`);
    const t = i.trends;
    if (t.delta)
        facts.push(`**Against the base branch:** ${signed(t.delta.total)}${t.delta.total !== 0 || model/* SEVERITIES */.oC.some((s) => t.delta.counts[s] !== 0) ? ` (${per(t.delta.counts, signed) || 'no change by severity'})` : ''}`);
    if (t.available && t.history.length > 0) {
        facts.push(`**Trend** (last ${plural(t.history.length, 'default-branch run')}, oldest first): ${t.history.map((p) => formatCount(p.total)).join(' → ')} → ${formatCount(i.summary.totalVulnerabilities)} now`);
    }
    lines.push(facts.join(' · '), '');
    return lines;
}
function assemble(parts, shown, view) {
    const out = [...parts.head];
    const shownCounts = (0,counts/* emptyCounts */.W1)();
    for (const r of parts.rows.slice(0, shown))
        shownCounts[r.severity] += 1;
    const omitted = (0,counts/* emptyCounts */.W1)();
    for (const s of model/* SEVERITIES */.oC)
        omitted[s] = parts.totals[s] - shownCounts[s];
    // Before the list, so a reader sees it without scrolling past hundreds of rows.
    out.push(...omissionNote(omitted, shown, view));
    let i = 0;
    for (const severity of model/* SEVERITIES */.oC) {
        if (shownCounts[severity] === 0)
            continue;
        out.push(...sectionOpen(severity, parts.totals[severity], shownCounts[severity]));
        for (let k = 0; k < shownCounts[severity]; k++, i++)
            out.push(parts.rows[i].line);
        out.push(...SECTION_CLOSE);
    }
    out.push(...parts.tail);
    return out.join('\n') + '\n';
}
/** Keeps whole lines from the start while they fit (last resort when even the fixed parts exceed the budget). */
function cutLines(text, max, measure) {
    const note = '\n… (cut to fit the size limit)\n';
    const lines = text.split('\n');
    let out = '';
    for (const line of lines) {
        const next = `${out}${line}\n`;
        if (measure(next) + measure(note) > max)
            break;
        out = next;
    }
    return measure(out + note) <= max ? out + note : out;
}
/** The view as Markdown within `options.maxChars`; `insights` (the report's) adds the short insights block. */
function renderMarkdown(view, options, insights) {
    return renderWithin(view, options, insights, false);
}
/**
 * renderMarkdown; with `needAll`, undefined instead when the view's rows ran out before the budget did while the view
 * has fewer rows than findings (built with too small a rowLimit: more rows might have fitted).
 */
function renderWithin(view, options, insights, needAll) {
    const measure = measureWith(options.unit);
    const max = options.maxChars;
    const head = [];
    if (options.marker)
        head.push(options.marker);
    // The heading, then what this change introduces (against the baseline), then the gate's reasons.
    const v = verdict(view.verdict);
    head.push(...v.slice(0, 2), ...(view.baseline ? baselineLines(view.baseline) : []), ...v.slice(2), '');
    if (view.notes.length > 0)
        head.push(...view.notes.map((n) => `> ℹ️ ${n}`), '');
    if (view.reportNotes.length > 0)
        head.push(...view.reportNotes.map((n) => `> ℹ️ ${(0,report_escape/* escapeText */.X1)(n, { maxLength: ERROR_IN_LIST_MAX })}`), '');
    if (view.changedFiles)
        head.push(changedFilesLine(view.changedFiles), '');
    if (view.suppressions)
        head.push(...pendingLines(view.suppressions));
    head.push(...markdown_scannerTable(view.scanners), '');
    if (view.nothingFound)
        head.push(...nothingFound(view.nothingFound));
    head.push(...insightsLines(insights));
    // Rows are rendered only until they alone exceed the budget: the rest could never be shown.
    const totals = (0,counts/* emptyCounts */.W1)();
    for (const g of view.findings)
        totals[g.severity] = g.total;
    const count = model/* SEVERITIES */.oC.reduce((n, s) => n + totals[s], 0);
    const rows = [];
    let rowsSize = 0;
    render: for (const group of view.findings) {
        for (const row of group.rows) {
            if (rowsSize > max)
                break render;
            const line = rowLine(row);
            rows.push({ severity: row.severity, line });
            rowsSize += measure(line) + 1;
        }
    }
    // The rest of the rows could have mattered only if these did not already exceed the budget.
    if (needAll && rowsSize <= max && rows.length < count)
        return undefined;
    const parts = {
        head,
        rows,
        totals,
        tail: [...fixedList(view.baseline), ...(view.suppressions ? suppressedLines(view.suppressions) : []), ...notRun(view.notRun), ...footer(view)],
    };
    if (rows.length === count) {
        const full = assemble(parts, parts.rows.length, view);
        if (measure(full) <= max)
            return full;
    }
    // Upper bound of everything but the rows: no row shown means the longest omission note and no section.
    const bare = assemble(parts, 0, view);
    if (measure(bare) > max)
        return cutLines(bare, max, measure);
    const fixed = measure(bare) + measure(showing(count));
    // Greedy, most severe first, with each section's overhead charged at its longest ("(N shown)") form.
    let used = fixed;
    let shown = 0;
    let current;
    for (const row of parts.rows) {
        let cost = measure(row.line) + 1;
        if (row.severity !== current) {
            cost += measure([...sectionOpen(row.severity, totals[row.severity], totals[row.severity]), ...SECTION_CLOSE].join('\n')) + 1;
        }
        if (used + cost > max)
            break;
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
function renderReport(report, options) {
    // First as many rows as fit at a typical row size (the view costs per row: 100,000 findings under a 1 MiB budget
    // build ~8,000 rows, not ~48,000); only when those all fit is the view built again with every row that could.
    const typical = Math.floor(options.maxChars / TYPICAL_ROW_SIZE) + 1;
    const rowLimit = Math.floor(options.maxChars / MIN_ROW_SIZE) + 1; // rows beyond it could never fit
    if (typical < rowLimit && typical < report.findings.length) {
        const text = renderWithin(buildReportView(report, { ...options, rowLimit: typical }), options, report.insights, true);
        if (text !== undefined)
            return text;
    }
    return renderMarkdown(buildReportView(report, { ...options, rowLimit }), options, report.insights);
}


/***/ })

};

//# sourceMappingURL=730.index.js.map