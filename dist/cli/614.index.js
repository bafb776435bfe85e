export const id = 614;
export const ids = [614];
export const modules = {

/***/ 70614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  writeReports: () => (/* binding */ writeReports)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/fs/safe-write.ts
var safe_write = __webpack_require__(38620);
;// CONCATENATED MODULE: ./src/github/limits.ts
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(37291);
// EXTERNAL MODULE: ./src/findings/reader.ts
var reader = __webpack_require__(6015);
// EXTERNAL MODULE: ./src/remediate/versions.ts
var versions = __webpack_require__(48851);
// EXTERNAL MODULE: ./src/remediate/upgrades.ts
var upgrades = __webpack_require__(82871);
;// CONCATENATED MODULE: ./src/remediate/manifests.ts
/**
 * Version bumps in the manifests that declare direct dependencies: package.json, requirements.txt, go.mod and
 * pom.xml. Each editor changes only the version text of the dependency's line, so every other byte (CRLF line
 * endings, a missing final newline, comments, extras, markers) stays as it was. An editor returns the new text, or
 * undefined when the manifest does not declare the package directly; it throws when it cannot parse the manifest.
 */


/** The manifest file names per normalised ecosystem. */
const MANIFESTS = { npm: 'package.json', pip: 'requirements.txt', go: 'go.mod', maven: 'pom.xml' };
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A version we are willing to write into a manifest (from the scanner's database; no quotes, spaces or markup). */
function safeVersion(v) {
    return /^[A-Za-z0-9][A-Za-z0-9.+_~-]{0,127}$/.test(v);
}
const NPM_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
/** package.json: "name": "^4.17.15" → "^4.17.21" in any dependency section; the range operator is kept. */
function editPackageJson(text, bump) {
    let doc;
    try {
        doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch (e) {
        throw new Error(`not valid JSON (${e.message})`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw new Error('not a JSON object');
    const compare = (0,versions/* comparatorFor */.IB)('npm');
    let out = text;
    let from;
    let written;
    for (const section of NPM_SECTIONS) {
        const deps = doc[section];
        if (typeof deps !== 'object' || deps === null)
            continue;
        const range = deps[bump.package];
        if (typeof range !== 'string')
            continue;
        const m = /^(\^|~|>=|=|v)?(\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?)$/.exec(range.trim());
        if (!m || compare(m[2], bump.to) >= 0)
            continue;
        const head = new RegExp(`"${escapeRe(section)}"\\s*:\\s*\\{`).exec(out);
        if (!head)
            continue;
        const start = head.index + head[0].length;
        const end = out.indexOf('}', start);
        if (end < 0)
            continue;
        const entry = new RegExp(`("${escapeRe(bump.package)}"\\s*:\\s*")${escapeRe(range)}"`);
        const body = out.slice(start, end);
        if (!entry.test(body))
            continue;
        out = out.slice(0, start) + body.replace(entry, `$1${m[1] ?? ''}${bump.to}"`) + out.slice(end);
        if (from === undefined) {
            from = range;
            written = `${m[1] ?? ''}${bump.to}`;
        }
    }
    return from === undefined ? undefined : { text: out, from, to: written };
}
/** requirements.txt: `name[extras] == 1.2.3 ; marker # comment` with ==, >= or ~=; the rest of the line is kept. */
function editRequirements(text, bump) {
    const want = (0,upgrades/* normalizePackageName */.NX)('pip', bump.package);
    const compare = (0,versions/* comparatorFor */.IB)('pip');
    let from;
    const out = text.replace(/^([ \t]*)([A-Za-z0-9][A-Za-z0-9._-]*)([ \t]*\[[^\]\r\n]*\])?([ \t]*)(==|>=|~=)([ \t]*)([^\s;#,]+)/gm, (all, ind, name, extras, s1, op, s2, version) => {
        if ((0,upgrades/* normalizePackageName */.NX)('pip', name) !== want || compare(version, bump.to) >= 0)
            return all;
        from ??= `${op}${version}`;
        return `${ind}${name}${extras ?? ''}${s1}${op}${s2}${bump.to}`;
    });
    return from === undefined ? undefined : { text: out, from };
}
/** go.mod: `require path v1.2.3` and lines of `require ( … )` blocks; `// indirect` requirements are not direct. */
function editGoMod(text, bump) {
    if (!/^\s*module\s+\S+/m.test(text))
        throw new Error('no module line');
    const to = bump.to.startsWith('v') ? bump.to : `v${bump.to}`;
    const compare = (0,versions/* comparatorFor */.IB)('go');
    let from;
    let inBlock = false;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        // A CRLF file: the `\r` is kept aside (`.` does not match it) and put back.
        const cr = lines[i].endsWith('\r') ? '\r' : '';
        const line = cr ? lines[i].slice(0, -1) : lines[i];
        if (/^\s*require\s*\(/.test(line)) {
            inBlock = true;
            continue;
        }
        if (inBlock && /^\s*\)/.test(line)) {
            inBlock = false;
            continue;
        }
        const re = inBlock ? /^(\s*)(\S+)(\s+)(v[^\s/]+)(.*)$/ : /^(\s*require\s+)(\S+)(\s+)(v[^\s/]+)(.*)$/;
        const m = re.exec(line);
        if (!m || m[2] !== bump.package || /\/\/\s*indirect/.test(m[5]))
            continue;
        if (compare(m[4], to) >= 0)
            continue;
        from ??= m[4];
        lines[i] = `${m[1]}${m[2]}${m[3]}${to}${m[5]}${cr}`;
    }
    return from === undefined ? undefined : { text: lines.join("\n"), from, to };
}
/** pom.xml: the `<version>` of the `<dependency>` with this groupId:artifactId, or the `<properties>` entry it names. */
function editPom(text, bump) {
    if (!/<project[\s>]/.test(text))
        throw new Error('no <project> element');
    const [group, artifact] = bump.package.split(':');
    if (!group || !artifact)
        return undefined;
    const compare = (0,versions/* comparatorFor */.IB)('maven');
    const dep = /<dependency>([\s\S]*?)<\/dependency>/g;
    let out = text;
    let from;
    for (const m of text.matchAll(dep)) {
        const body = m[1];
        if (/<groupId>\s*([^<]*?)\s*<\/groupId>/.exec(body)?.[1] !== group)
            continue;
        if (/<artifactId>\s*([^<]*?)\s*<\/artifactId>/.exec(body)?.[1] !== artifact)
            continue;
        const v = /(<version>\s*)([^<]*?)(\s*<\/version>)/.exec(body);
        if (!v)
            continue;
        const prop = /^\$\{([A-Za-z0-9_.-]+)\}$/.exec(v[2]);
        if (prop) {
            const p = new RegExp(`(<properties>[\\s\\S]*?<${escapeRe(prop[1])}>\\s*)([^<]*?)(\\s*</${escapeRe(prop[1])}>)`).exec(out);
            if (!p || compare(p[2], bump.to) >= 0)
                continue;
            const at = p.index + p[1].length;
            out = out.slice(0, at) + bump.to + out.slice(at + p[2].length);
            from ??= p[2];
            continue;
        }
        if (compare(v[2], bump.to) >= 0)
            continue;
        const at = m.index + '<dependency>'.length + v.index + v[1].length;
        // Offsets are in `text`: the first declaration is edited (a property edit may have come first: same offsets
        // only when it lies after this one).
        if (out.slice(0, at) !== text.slice(0, at))
            break;
        out = out.slice(0, at) + bump.to + out.slice(at + v[2].length);
        from ??= v[2];
        break;
    }
    return from === undefined ? undefined : { text: out, from };
}
const EDITORS = {
    'package.json': editPackageJson,
    'requirements.txt': editRequirements,
    'go.mod': editGoMod,
    'pom.xml': editPom,
};

;// CONCATENATED MODULE: ./src/remediate/patch.ts
/**
 * remediation.patch: the upgrade plan's version bumps for direct dependencies, as one unified diff with a/ b/
 * paths relative to the repository root that `git apply` accepts. The manifests are pull-request files: each is
 * read through the workspace reader (regular files inside the workspace, size-capped, never through a symlink —
 * a manifest whose path has a symlink anywhere is skipped), and nothing is ever written into the workspace.
 */





const REMEDIATION_PATCH_FILE = 'remediation.patch';
/** Repository-relative paths we write into a patch header: plain names, no `..`, no control characters. */
function safeRelPath(p) {
    return /^[A-Za-z0-9._@+/ -]{1,512}$/.test(p) && !p.split('/').some((s) => s === '..' || s === '') && !p.startsWith('/');
}
/** One line of text for the header comment (no newline can start a hunk or a file header). */
// eslint-disable-next-line no-control-regex -- control characters are what this strips
const oneLine = (s) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
/** The directories a package's locations point at ('' is the root), the root always included. */
function candidateDirs(locations) {
    const dirs = new Set(['']);
    for (const l of locations) {
        const path = l.replace(/ \(.*\)$/, '');
        if (!safeRelPath(path))
            continue;
        const d = external_node_path_.posix.dirname(path);
        dirs.add(d === '.' ? '' : d);
    }
    return [...dirs].sort();
}
/** A reader that refuses any path with a symlink in it (the real path must be the path itself). */
function manifestReader(workspace) {
    const read = (0,reader/* workspaceReader */.X)(workspace);
    let root;
    try {
        root = (0,external_node_fs_.realpathSync)((0,external_node_path_.resolve)(workspace));
    }
    catch {
        root = undefined;
    }
    return (rel) => {
        if (root === undefined)
            return undefined;
        const abs = (0,external_node_path_.resolve)(root, rel);
        let real;
        try {
            real = (0,external_node_fs_.realpathSync)(abs);
        }
        catch {
            return undefined;
        }
        if (real !== abs)
            return 'symlink';
        return read(rel);
    };
}
function buildRemediationPatch(plan, workspace) {
    const read = manifestReader(workspace);
    const texts = new Map();
    const bumped = [];
    const transitive = [];
    const notes = new Set();
    for (const action of plan.actions) {
        const kind = MANIFESTS[action.ecosystem];
        if (!kind)
            continue;
        if (!safeVersion(action.to)) {
            notes.add(`${oneLine(action.package)}: the fixed version is not a plain version string; not edited.`);
            continue;
        }
        let declared = false;
        for (const dir of candidateDirs(action.locations)) {
            const rel = dir ? `${dir}/${kind}` : kind;
            let entry = texts.get(rel);
            if (!entry) {
                const text = read(rel);
                if (text === 'symlink') {
                    notes.add(`${rel}: a symlink (or under one); not read.`);
                    continue;
                }
                if (text === undefined)
                    continue;
                entry = { before: text, after: text, kind };
                texts.set(rel, entry);
            }
            try {
                const r = EDITORS[kind](entry.after, { package: action.package, to: action.to });
                if (r) {
                    entry.after = r.text;
                    declared = true;
                    bumped.push(`${rel}: ${oneLine(action.package)} ${oneLine(r.from)} → ${r.to ?? action.to}`);
                }
            }
            catch (e) {
                notes.add(`${rel}: could not be parsed (${oneLine(e.message)}); skipped.`);
            }
        }
        if (!declared)
            transitive.push(`${oneLine(action.package)} ${action.installed.map(oneLine).join(', ')} → ${action.to} (${action.ecosystem})`);
    }
    const files = [...texts.entries()].filter(([, t]) => t.after !== t.before).sort(([a], [b]) => (a < b ? -1 : 1));
    if (files.length === 0)
        return { patch: '', bumped, transitive, notes: [...notes] };
    const header = [
        '# remediation.patch: version bumps of direct dependencies that fix the scan\'s findings.',
        '# Apply from the repository root: git apply remediation.patch',
        ...bumped.map((b) => `#   ${b}`),
        ...(transitive.length ? ['# Not declared directly (upgrade the dependency that brings them in):', ...transitive.map((t) => `#   ${t}`)] : []),
        ...[...notes].map((n) => `# note: ${n}`),
        '',
    ];
    const diffs = files.map(([rel, t]) => (0,create/* createTwoFilesPatch */.ss)(`a/${rel}`, `b/${rel}`, t.before, t.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, ''));
    return { patch: header.join('\n') + '\n' + diffs.join(''), bumped, transitive, notes: [...notes] };
}

;// CONCATENATED MODULE: ./src/remediate/write.ts
/**
 * Writes remediation.patch into output-dir (never into the workspace) when the config file turns it on. A failure
 * warns and writes nothing: the patch is a convenience and never changes the gate's decision.
 */




/** The patch's path, or undefined when no direct dependency needed a change (or it could not be built). */
async function writeRemediationPatch(findings, o) {
    try {
        const r = buildRemediationPatch((0,upgrades/* planUpgrades */.nM)(findings), o.workspace);
        for (const n of r.notes)
            o.logger.info(`remediation.patch: ${n}`);
        if (r.patch === '') {
            o.logger.info(`remediation.patch: not written (no direct dependency in package.json, requirements.txt, go.mod or pom.xml needs a bump${r.transitive.length ? `; ${r.transitive.length} package(s) only brought in transitively` : ''}).`);
            return undefined;
        }
        const file = (0,external_node_path_.join)(o.outputDir, REMEDIATION_PATCH_FILE);
        await (0,safe_write/* writeFileAtomic */.Zf)(file, r.patch);
        o.logger.info(`remediation.patch: ${r.bumped.length} version bump(s) written to ${file}.`);
        return file;
    }
    catch (e) {
        o.logger.warning(`remediation.patch could not be written (${e.message}); the reports are unaffected.`);
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/report/baseline-schema.ts
var baseline_schema = __webpack_require__(5607);
// EXTERNAL MODULE: ./src/report/schema.ts + 1 modules
var schema = __webpack_require__(35789);
// EXTERNAL MODULE: ./src/report/json-stream.ts
var json_stream = __webpack_require__(65931);
;// CONCATENATED MODULE: ./src/report/json.ts



/**
 * findings.json: every finding with its provenance, each scanner's status, version and duration, the gate. Its
 * shape is defined once, by the zod schema in schema.ts (`security-scan/findings@4`), which readers parse it with.
 */
function findingsDocument(report, meta) {
    const doc = {
        schema: schema/* REPORT_SCHEMA */.DC,
        generatedAt: meta.generatedAt,
        tool: meta.tool,
        context: report.context,
        decision: report.gate.decision,
        risk: report.risk,
        gate: report.gate,
        total: report.total,
        counts: report.counts,
        byScanner: report.byScanner,
        accounting: report.accounting,
        scanners: report.scanners,
        findings: report.findings,
        suppressed: report.suppressed,
        suppressions: report.suppressions,
        ...(report.baseline ? { baseline: report.baseline } : {}),
        ...(report.changedFiles ? { changedFiles: report.changedFiles } : {}),
        notes: report.notes,
        ...(report.insights ? { insights: report.insights } : {}),
    };
    return doc;
}
/**
 * The big lists, written finding by finding, one compact finding per line; `insights` one compact member per line
 * (its lists run to megabytes at 100k findings). Every other key of the document is one indented JSON.stringify.
 */
const STREAMED_KEYS = new Set(['findings', 'suppressed', 'insights']);
const expandFindings = (path) => path.length === 0 || (path.length === 1 && STREAMED_KEYS.has(path[0]));
const compactFindings = (path) => path.length === 1 && STREAMED_KEYS.has(path[0]);
/** findings.json in pieces (to stream into the file): the same bytes as renderJson. */
function jsonReportPieces(report, meta) {
    return (0,json_stream/* jsonPieces */.Mx)(findingsDocument(report, meta), expandFindings, compactFindings);
}
/** findings.json as one string (the same bytes as jsonReportPieces): the document indented, each finding on one line. */
function renderJson(report, meta) {
    return jsonText(findingsDocument(report, meta), expandFindings, compactFindings);
}

// EXTERNAL MODULE: ./node_modules/prom-client/index.js
var prom_client = __webpack_require__(95222);
// EXTERNAL MODULE: ./src/findings/model.ts
var model = __webpack_require__(99971);
;// CONCATENATED MODULE: ./src/metrics/render.ts
/**
 * The run as Prometheus metrics (exposition text, prom-client on a fresh Registry — never the global one), written
 * to output-dir as metrics.prom and optionally pushed to a Pushgateway (metrics/push.ts).
 *
 * Labels carry only values we control or clean: scanner ids (ours), severities, states, the decision, the tool
 * version. Rule ids, titles and paths never become labels (a pull request controls them, and every distinct value
 * would be a new series). The repository and branch are the push's grouping labels (push.ts), not metric labels.
 */


const METRICS_FILE = 'metrics.prom';
/** Every metric this module exports, by name (the Grafana dashboard may only read these; test/metrics checks it). */
const METRIC_NAMES = (/* unused pure expression or super */ null && ([
    'security_scan_findings',
    'security_scan_findings_reported',
    'security_scan_new_findings',
    'security_scan_fixed_findings',
    'security_scan_suppressed_findings',
    'security_scan_scanner_duration_seconds',
    'security_scan_scanner_failed',
    'security_scan_scanner_failures',
    'security_scan_gate_blocked',
    'security_scan_gate_decision',
    'security_scan_run_info',
    'security_scan_run_timestamp_seconds',
]));
/** Longest label value we write; longer ones are cut (Pushgateway and Prometheus accept long values, dashboards do not). */
const LABEL_VALUE_MAX = 128;
/**
 * A label value from outside: control characters removed, length capped. prom-client escapes `\`, `"` and
 * newlines in the exposition text; this keeps the value readable and bounded.
 */
function cleanLabelValue(value) {
    // eslint-disable-next-line no-control-regex
    const plain = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    const chars = [...plain];
    return chars.length > LABEL_VALUE_MAX ? chars.slice(0, LABEL_VALUE_MAX).join('') : plain;
}
/** A fresh registry holding this run's metrics. */
function buildRegistry(report, o) {
    const registry = new prom_client.Registry();
    const gauge = (name, help, labelNames = []) => new prom_client.Gauge({ name, help, labelNames: [...labelNames], registers: [registry] });
    const findings = gauge('security_scan_findings', 'Findings each scanner reported after filters, by severity (a finding two scanners report counts for each).', ['scanner', 'severity']);
    for (const [scanner, counts] of Object.entries(report.byScanner).sort(([a], [b]) => a.localeCompare(b))) {
        for (const severity of model/* SEVERITIES */.oC)
            findings.set({ scanner: cleanLabelValue(scanner), severity }, counts[severity]);
    }
    const reported = gauge('security_scan_findings_reported', 'Findings in the report (deduplicated across scanners, unsuppressed), by severity.', ['severity']);
    for (const severity of model/* SEVERITIES */.oC)
        reported.set({ severity }, report.counts[severity]);
    gauge('security_scan_new_findings', 'Findings the baseline does not have (all findings when there is no baseline).').set(report.baseline?.new ?? report.total);
    gauge('security_scan_fixed_findings', 'Baseline findings this run no longer finds.').set(report.baseline?.fixed.length ?? 0);
    gauge('security_scan_suppressed_findings', 'Findings the ignore file suppressed.').set(report.suppressed.length);
    const duration = gauge('security_scan_scanner_duration_seconds', 'Wall time of each scanner, in seconds.', ['scanner', 'state']);
    const failed = gauge('security_scan_scanner_failed', '1 when the scanner failed or could not run, else 0.', ['scanner']);
    for (const s of [...report.scanners].sort((a, b) => a.id.localeCompare(b.id))) {
        const scanner = cleanLabelValue(s.id);
        duration.set({ scanner, state: s.state }, s.durationMs / 1000);
        failed.set({ scanner }, s.state === 'failed' || s.state === 'unavailable' ? 1 : 0);
    }
    gauge('security_scan_scanner_failures', 'Scanners that failed or could not run in this run.').set(report.scanners.filter((s) => s.state === 'failed' || s.state === 'unavailable').length);
    gauge('security_scan_gate_blocked', "1 when the gate blocked the change, 0 when it proceeded.").set(report.gate.decision === 'BLOCK' ? 1 : 0);
    const decision = gauge('security_scan_gate_decision', "The gate's decision (1 for the decision taken), with fail-on and the risk.", ['decision', 'fail_on', 'risk']);
    decision.set({ decision: report.gate.decision, fail_on: report.gate.failOn, risk: report.risk }, 1);
    gauge('security_scan_run_info', 'Always 1; the labels describe the run.', ['version', 'workflow', 'workflow_job']).set({ version: cleanLabelValue(o.version), workflow: cleanLabelValue(report.context.workflow ?? ''), workflow_job: cleanLabelValue(report.context.job ?? '') }, 1);
    gauge('security_scan_run_timestamp_seconds', 'When the run finished, in Unix seconds.').set(Math.floor((o.now ?? new Date()).getTime() / 1000));
    return registry;
}
/** The exposition text (text/plain; version=0.0.4) of this run's metrics. */
async function renderMetrics(report, o) {
    return await buildRegistry(report, o).metrics();
}

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

// EXTERNAL MODULE: ./src/report/output-dir.ts
var output_dir = __webpack_require__(89907);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./src/report/html/pdf.ts
/**
 * report.pdf (`reportFormat: pdf` in the config file): report.html printed by the runner's Chrome, headless, with
 * `--print-to-pdf`. No new dependency: GitHub's Ubuntu images ship google-chrome; `CHROME_PATH` names another.
 *
 * Chrome gets a minimal environment (the base allowlist of config/environment.ts: no tokens, no INPUT_*), a fresh
 * user-data-dir removed afterwards, no network (the page's CSP allows none, and the host resolver maps every name to
 * nothing), and a time limit. Where no Chrome is found, or it fails or times out, the caller gets a warning and
 * report.html stays: the PDF never fails the run.
 */







/** Looked for on PATH, in this order, when CHROME_PATH is not set. */
const CHROME_NAMES = ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser'];
const PDF_TIMEOUT_MS = 120_000;
async function isExecutable(path) {
    try {
        const st = await (0,promises_.stat)(path);
        if (!st.isFile())
            return false;
        await (0,promises_.access)(path, external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** CHROME_PATH when it names an executable file, else the first of CHROME_NAMES on PATH. `tried` says where it looked. */
async function findChrome(env) {
    const explicit = env['CHROME_PATH'];
    if (explicit !== undefined && explicit !== '') {
        if ((0,external_node_path_.isAbsolute)(explicit) && (await isExecutable(explicit)))
            return { path: explicit, tried: `CHROME_PATH (${explicit})` };
        return { tried: `CHROME_PATH is '${explicit}', which is not an executable file (give the absolute path of google-chrome or chromium)` };
    }
    const dirs = (env['PATH'] ?? '').split(external_node_path_.delimiter).filter((d) => d !== '' && (0,external_node_path_.isAbsolute)(d));
    for (const name of CHROME_NAMES) {
        for (const dir of dirs) {
            const candidate = (0,external_node_path_.join)(dir, name);
            if (await isExecutable(candidate))
                return { path: candidate, tried: candidate };
        }
    }
    return { tried: `none of ${CHROME_NAMES.join(', ')} is on PATH and CHROME_PATH is not set` };
}
/** Chrome's arguments: headless, no first-run work, no network, a throwaway profile, print the page to `pdf`. */
function chromeArgs(html, pdf, userDataDir, noSandbox) {
    return [
        '--headless',
        ...(noSandbox ? ['--no-sandbox'] : []),
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        '--disable-default-apps',
        '--no-first-run',
        '--no-default-browser-check',
        '--mute-audio',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        `--user-data-dir=${userDataDir}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        (0,external_node_url_.pathToFileURL)(html).href,
    ];
}
function run(file, args, env, timeoutMs) {
    return new Promise((resolve) => {
        (0,external_node_child_process_.execFile)(file, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20, windowsHide: true }, (error, _stdout, stderr) => {
            resolve({ ...(error ? { error } : {}), stderr: String(stderr) });
        });
    });
}
function lastLines(text, n = 3) {
    return text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .slice(-n)
        .join(' | ')
        .slice(0, 600);
}
/** Prints report.html to a PDF. Never throws: a missing Chrome or a failed print is a warning naming what to change. */
async function printPdf(o) {
    const keep = ' report.html is in the reports; only the PDF is missing.';
    const found = await findChrome(o.env);
    if (!found.path)
        return { status: 'failed', warning: `PDF report not written: no Chrome found (${found.tried}). Install google-chrome or chromium, or set CHROME_PATH.${keep}` };
    const timeoutMs = o.timeoutMs ?? PDF_TIMEOUT_MS;
    let profile;
    try {
        profile = await (0,promises_.mkdtemp)((0,external_node_path_.join)(o.tempRoot ?? (0,external_node_os_.tmpdir)(), 'security-scan-chrome-'));
        const env = {};
        for (const [k, v] of Object.entries(o.env))
            if (v !== undefined && k !== 'CHROME_PATH')
                env[k] = v;
        env['HOME'] = profile;
        const noSandbox = o.noSandbox ?? process.getuid?.() === 0;
        // Printed inside the throwaway profile, then moved into place like every report file (never through a planted link).
        const printed = (0,external_node_path_.join)(profile, 'report.pdf');
        const r = await run(found.path, chromeArgs(o.html, printed, profile, noSandbox), env, timeoutMs);
        const st = await (0,promises_.stat)(printed).catch(() => undefined);
        if (r.error || !st || st.size === 0) {
            const why = r.error?.killed ? `it did not finish within ${Math.round(timeoutMs / 1000)} s` : r.error ? `it exited with ${String(r.error.code ?? r.error.message)}` : 'it wrote no PDF';
            const detail = lastLines(r.stderr);
            return { status: 'failed', warning: `PDF report not written: ${found.path} ${why}${detail ? ` (${detail})` : ''}.${keep}` };
        }
        const bytes = await (0,promises_.readFile)(printed);
        await (0,safe_write/* writeFileAtomic */.Zf)(o.pdf, bytes);
        return { status: 'written', path: o.pdf, bytes: bytes.length, chrome: found.path };
    }
    catch (e) {
        return { status: 'failed', warning: `PDF report not written: ${e instanceof Error ? e.message : String(e)}.${keep}` };
    }
    finally {
        if (profile)
            await (0,promises_.rm)(profile, { recursive: true, force: true }).catch(() => undefined);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/report/html/client.ts
/**
 * The page script of report.html, as a string (inlined, allowed by its sha256 in the CSP). It reads the data from
 * `<script id="report-data" type="application/json">` with JSON.parse and builds the page with DOM APIs only:
 * textContent, createElement(NS), setAttribute of fixed names. No innerHTML, no eval, no string-built markup, so a
 * finding titled `</script><img onerror=…>` is shown as that text.
 *
 * The findings table is paged (PAGE rows in the DOM whatever the count); filter and sort work on an index array.
 * When the charts are drawn and the first rows shown, it sets `data-ready` on <html> and `window.__reportTimings`
 * (performance.now() marks, read by the benchmark). Plain ES2020, no template literals (the source is a TS string).
 */
const CLIENT_SCRIPT = String.raw `(function () {
'use strict';
var PAGE = 50;
var SEV_LABEL = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
var SEV_COLOR = { critical: '#b60205', high: '#d93f0b', medium: '#d4a000', low: '#1d76db', info: '#6a737d' };
var timings = { start: performance.now() };
window.__reportTimings = timings;
var data = JSON.parse(document.getElementById('report-data').textContent);
var H = data.header;
var rows = data.rows;
var SEVS = H.severities;
var SVG = 'http://www.w3.org/2000/svg';

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function svg(tag, attrs) {
  var e = document.createElementNS(SVG, tag);
  for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
  return e;
}
function fmt(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : String(n); }
function section(title, id) {
  var s = el('section', 'card');
  if (id) s.id = id;
  s.appendChild(el('h2', null, title));
  return s;
}
function safeHref(a, url) {
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) { a.href = url; a.rel = 'noopener noreferrer'; a.target = '_blank'; }
  return a;
}
function link(text, url) { return safeHref(el('a', null, text), url); }
function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
function words(key) { return String(key).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, function (c) { return c.toUpperCase(); }); }

var app = document.getElementById('app');

// ── header and verdict ──
function renderHeader() {
  var head = el('header', 'top');
  var h1 = el('h1', null, 'Security report');
  head.appendChild(h1);
  var sub = el('p', 'sub');
  var ctx = H.context || {};
  var parts = [];
  if (ctx.repository) parts.push(ctx.repository);
  if (ctx.sha) parts.push(String(ctx.sha).slice(0, 12));
  parts.push(H.tool.name + ' ' + H.tool.version);
  parts.push(H.generatedAt);
  sub.textContent = parts.join(' · ');
  head.appendChild(sub);
  var nav = el('p', 'links');
  if (ctx.runUrl) nav.appendChild(link('Workflow run ' + (ctx.runId || ''), ctx.runUrl));
  if (ctx.prUrl) { if (nav.childNodes.length) nav.appendChild(document.createTextNode(' · ')); nav.appendChild(link('Pull request #' + ctx.pr, ctx.prUrl)); }
  if (nav.childNodes.length) head.appendChild(nav);
  app.appendChild(head);

  var v = H.verdict;
  var block = v.decision === 'BLOCK';
  var verdict = el('section', 'verdict ' + (block ? 'block' : 'proceed'));
  verdict.id = 'verdict';
  verdict.appendChild(el('div', 'decision', block ? 'BLOCK' : 'PROCEED'));
  var txt = el('div', 'why');
  txt.appendChild(el('p', null, (block ? 'The gate blocks this change.' : 'The gate lets this change proceed.') + ' Risk: ' + v.risk + ' · fail-on: ' + v.failOn + (v.newOnly ? ' (new findings only)' : '') + ' · ' + fmt(H.total) + ' finding' + (H.total === 1 ? '' : 's') + '.'));
  if (v.reasons && v.reasons.length) {
    var ul = el('ul');
    v.reasons.forEach(function (r) { ul.appendChild(el('li', null, r)); });
    txt.appendChild(ul);
  }
  verdict.appendChild(txt);
  app.appendChild(verdict);

  var cards = el('section', 'counts');
  cards.id = 'counts';
  SEVS.forEach(function (s) {
    var c = el('div', 'count sev-' + s);
    c.appendChild(el('span', 'n', fmt(H.counts[s] || 0)));
    c.appendChild(el('span', 'l', SEV_LABEL[s] || s));
    cards.appendChild(c);
  });
  app.appendChild(cards);
}

// ── charts (inline SVG) ──
function severityChart() {
  var max = 1;
  SEVS.forEach(function (s) { max = Math.max(max, H.counts[s] || 0); });
  var w = 360, rowH = 26, labelW = 70, numW = 60, h = SEVS.length * rowH + 8;
  var root = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': 'Findings by severity', 'class': 'chart', id: 'chart-severity' });
  SEVS.forEach(function (s, i) {
    var n = H.counts[s] || 0;
    var y = 4 + i * rowH;
    var t = svg('text', { x: 0, y: y + 16, 'class': 'lbl' }); t.textContent = SEV_LABEL[s] || s; root.appendChild(t);
    var bw = Math.max(n > 0 ? 2 : 0, Math.round((w - labelW - numW) * n / max));
    var r = svg('rect', { x: labelW, y: y + 3, width: bw, height: rowH - 8, rx: 3, fill: SEV_COLOR[s] || '#888', 'data-severity': s });
    var tip = svg('title', {}); tip.textContent = (SEV_LABEL[s] || s) + ': ' + fmt(n); r.appendChild(tip);
    root.appendChild(r);
    var v = svg('text', { x: labelW + bw + 6, y: y + 16, 'class': 'num' }); v.textContent = fmt(n); root.appendChild(v);
  });
  return root;
}
function scannerChart() {
  var ids = H.scannerIds;
  var w = 360, rowH = 26, labelW = 90, numW = 60, h = Math.max(1, ids.length) * rowH + 8;
  var totals = ids.map(function (id) { var c = H.byScanner[id] || {}; var t = 0; SEVS.forEach(function (s) { t += c[s] || 0; }); return t; });
  var max = Math.max.apply(null, [1].concat(totals));
  var root = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': 'Findings by scanner and severity', 'class': 'chart', id: 'chart-scanners' });
  ids.forEach(function (id, i) {
    var y = 4 + i * rowH;
    var t = svg('text', { x: 0, y: y + 16, 'class': 'lbl' }); t.textContent = String(H.scannerNames[i]).slice(0, 14); root.appendChild(t);
    var x = labelW, c = H.byScanner[id] || {};
    SEVS.forEach(function (s) {
      var n = c[s] || 0; if (!n) return;
      var bw = Math.max(2, Math.round((w - labelW - numW) * n / max));
      var r = svg('rect', { x: x, y: y + 3, width: bw, height: rowH - 8, fill: SEV_COLOR[s] || '#888', 'data-severity': s });
      var tip = svg('title', {}); tip.textContent = H.scannerNames[i] + ' · ' + (SEV_LABEL[s] || s) + ': ' + fmt(n); r.appendChild(tip);
      root.appendChild(r); x += bw;
    });
    var v = svg('text', { x: x + 6, y: y + 16, 'class': 'num' }); v.textContent = fmt(totals[i]); root.appendChild(v);
  });
  return root;
}
function renderCharts() {
  var s = section('Findings at a glance', 'charts');
  var wrap = el('div', 'charts');
  var a = el('figure'); a.appendChild(severityChart()); a.appendChild(el('figcaption', null, 'By severity')); wrap.appendChild(a);
  var b = el('figure'); b.appendChild(scannerChart()); b.appendChild(el('figcaption', null, 'By scanner (a finding several scanners report counts for each)')); wrap.appendChild(b);
  s.appendChild(wrap);
  app.appendChild(s);
}

// ── scanners ──
function renderScanners() {
  var s = section('Scanners', 'scanners');
  var t = el('table', 'plain'); var thead = el('thead'); var tr = el('tr');
  ['Scanner', 'Status', 'Version', 'Time', 'Raw findings'].forEach(function (h) { tr.appendChild(el('th', null, h)); });
  thead.appendChild(tr); t.appendChild(thead);
  var tb = el('tbody');
  H.scanners.forEach(function (sc) {
    var r = el('tr');
    r.appendChild(el('td', null, sc.name));
    var st = el('td', 'state-' + sc.state, sc.state + (sc.error ? ': ' + sc.error : ''));
    r.appendChild(st);
    r.appendChild(el('td', null, sc.version));
    r.appendChild(el('td', null, (sc.durationMs / 1000).toFixed(1) + ' s'));
    r.appendChild(el('td', 'numc', fmt(sc.rawCount)));
    tb.appendChild(r);
  });
  t.appendChild(tb);
  var box = el('div', 'scroll'); box.appendChild(t); s.appendChild(box);
  var a = H.accounting;
  if (a) s.appendChild(el('p', 'muted', 'Raw findings: ' + fmt(a.raw) + ' · merged across scanners: ' + fmt(a.merged) + ' · filtered by severity: ' + fmt(a.filteredBySeverity) + ' · filtered by scanner settings: ' + fmt(a.filteredByScanner) + ' · suppressed: ' + fmt(a.suppressed) + ' · reported: ' + fmt(a.reported)));
  if (H.baseline) s.appendChild(el('p', 'muted', 'Baseline: ' + (H.baseline.found ? fmt(H.baseline.new) + ' new · ' + fmt(H.baseline.unchanged) + ' unchanged · ' + fmt(H.baseline.fixed) + ' fixed' : 'none') + ' (' + H.baseline.source + ')'));
  if (H.notes && H.notes.length) { var ul = el('ul', 'notes'); H.notes.forEach(function (n) { ul.appendChild(el('li', null, n)); }); s.appendChild(ul); }
  app.appendChild(s);
}

// ── insights: remediation, compliance, SLAs, trends (rendered from what the report holds) ──
// A list the report cut to the rows shown (data.ts pageValue): {"$total": full length, "items": [...]}.
function isCut(v) { return isObj(v) && typeof v.$total === 'number' && Array.isArray(v.items) && Object.keys(v).length === 2; }
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (isCut(v)) return cellText(v.items) + ' … and ' + fmt(v.$total - v.items.length) + ' more';
  if (Array.isArray(v)) return v.map(cellText).join(', ');
  if (isObj(v)) { var out = []; for (var k in v) if (Object.prototype.hasOwnProperty.call(v, k)) { var t = cellText(v[k]); if (t !== '') out.push(words(k) + ': ' + t); } return out.join(' · '); }
  return typeof v === 'number' ? fmt(v) : String(v);
}
function tableOf(list, limit, total) {
  if (total === undefined) total = list.length;
  var keys = [];
  list.slice(0, 50).forEach(function (o) { if (isObj(o)) for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k) && keys.indexOf(k) < 0 && !Array.isArray(o[k]) && !isObj(o[k])) keys.push(k); });
  var nested = [];
  list.slice(0, 50).forEach(function (o) { if (isObj(o)) for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k) && keys.indexOf(k) < 0 && nested.indexOf(k) < 0) nested.push(k); });
  var t = el('table', 'plain'); var thead = el('thead'); var tr = el('tr');
  keys.concat(nested).forEach(function (k) { tr.appendChild(el('th', null, words(k))); });
  thead.appendChild(tr); t.appendChild(thead);
  var tb = el('tbody');
  list.slice(0, limit).forEach(function (o) {
    var r = el('tr');
    if (!isObj(o)) { var td0 = el('td', null, cellText(o)); td0.setAttribute('colspan', String(Math.max(1, keys.length + nested.length))); r.appendChild(td0); }
    else keys.concat(nested).forEach(function (k) {
      var v = o[k];
      var td = el('td', /status|verdict|breached/i.test(k) ? 'st st-' + String(v).toLowerCase() : null, cellText(v));
      td.setAttribute('data-label', words(k));
      if (typeof v === 'string' && (v.length > 160)) td.className = 'long';
      r.appendChild(td);
    });
    tb.appendChild(r);
  });
  t.appendChild(tb);
  var box = el('div', 'scroll'); box.appendChild(t);
  if (total > Math.min(limit, list.length)) { var f = el('div'); f.appendChild(box); f.appendChild(el('p', 'muted', fmt(total - Math.min(limit, list.length)) + ' more in findings.json.')); return f; }
  return box;
}
function renderValue(parent, v, depth) {
  if (isCut(v)) parent.appendChild(tableOf(v.items, 200, v.$total));
  else if (Array.isArray(v)) {
    if (!v.length) { parent.appendChild(el('p', 'muted', 'None.')); return; }
    parent.appendChild(tableOf(v, 200));
  } else if (isObj(v)) {
    var prim = el('dl', 'kv'); var any = false;
    for (var k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      var x = v[k];
      if (Array.isArray(x) || isObj(x)) {
        if (depth < 3) { var sub = el('div', 'sub'); sub.appendChild(el(depth < 1 ? 'h3' : 'h4', null, words(k))); renderValue(sub, x, depth + 1); parent.appendChild(sub); }
        else { prim.appendChild(el('dt', null, words(k))); prim.appendChild(el('dd', null, cellText(x))); any = true; }
      } else { prim.appendChild(el('dt', null, words(k))); prim.appendChild(el('dd', /status|verdict/i.test(k) ? 'st st-' + String(x).toLowerCase() : null, cellText(x))); any = true; }
    }
    if (any) parent.insertBefore(prim, parent.children[1] || null);
  } else parent.appendChild(el('p', null, cellText(v)));
}
// Dedicated views of the five insights sections (the report's shapes, insights/types.ts); anything else the
// insights hold (the scanners' assessments) is shown by renderValue.
function itemsOf(v) { return isCut(v) ? v.items : Array.isArray(v) ? v : []; }
function totalOf(v) { return isCut(v) ? v.$total : Array.isArray(v) ? v.length : 0; }
function sevBadge(sev) { return el('span', 'badge sev-' + sev, SEV_LABEL[sev] || String(sev)); }
function bySevText(c) { var out = []; if (isObj(c)) SEVS.forEach(function (s) { if (c[s]) out.push(fmt(c[s]) + ' ' + s); }); return out.join(', '); }
function duration(ms) {
  if (typeof ms !== 'number') return '—';
  var h = ms / 3600000; if (h < 24) return fmt(Math.round(h * 10) / 10) + ' h';
  return fmt(Math.round(h / 24 * 10) / 10) + ' d';
}
function when(iso) { return typeof iso === 'string' ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : '—'; }
function grid(headers, rows, limit, total, label) {
  var t = el('table', 'plain'); var thead = el('thead'); var tr = el('tr');
  headers.forEach(function (h) { tr.appendChild(el('th', null, h)); });
  thead.appendChild(tr); t.appendChild(thead);
  var tb = el('tbody');
  rows.slice(0, limit).forEach(function (cells) {
    var r = el('tr');
    cells.forEach(function (c, i) {
      var td = c instanceof Node ? el('td') : el('td', null, c === undefined || c === null ? '' : String(c));
      if (c instanceof Node) td.appendChild(c);
      td.setAttribute('data-label', headers[i]);
      r.appendChild(td);
    });
    tb.appendChild(r);
  });
  t.appendChild(tb);
  var box = el('div', 'scroll'); box.appendChild(t);
  var shown = Math.min(limit, rows.length);
  if (total > shown) { var f = el('div'); f.appendChild(box); f.appendChild(el('p', 'muted', fmt(total - shown) + ' more ' + (label || '') + 'in findings.json.')); return f; }
  return box;
}
function textBlock(main, extra, code) {
  var d = el('div'); d.appendChild(el('div', null, main));
  if (extra) d.appendChild(el('div', 'muted', extra));
  if (code) { var c = el('code', null, code); var p = el('div'); p.appendChild(c); d.appendChild(p); }
  return d;
}
function renderRecommendations(s, v) {
  var list = itemsOf(v);
  if (!list.length) { s.appendChild(el('p', 'muted', 'None: nothing to upgrade, rotate or reconfigure.')); return; }
  s.appendChild(el('p', 'muted', 'Grouped by the action that fixes them, most severe first.'));
  s.appendChild(grid(['Severity', 'Action', 'Fixes', 'Where'], list.map(function (r) {
    var locs = itemsOf(r.locations); var lt = totalOf(r.locations);
    var where = locs.slice(0, 3).join(', ') + (lt > 3 ? ' … and ' + fmt(lt - 3) + ' more' : '');
    var fixes = fmt(r.findings) + ' finding' + (r.findings === 1 ? '' : 's') + (bySevText(r.bySeverity) ? ' (' + bySevText(r.bySeverity) + ')' : '');
    return [sevBadge(r.severity), textBlock(String(r.title || r.id || ''), r.detail ? String(r.detail).slice(0, 400) : '', r.command ? String(r.command) : ''), fixes, where];
  }), 200, totalOf(v)));
}
function renderPlan(s, p, recs) {
  var titles = {}; itemsOf(recs).forEach(function (r) { titles[r.id] = r.title; });
  var kv = el('dl', 'kv');
  [['Priority', p.priority], ['Total effort', fmt(p.totalEffortHours) + ' h']].forEach(function (x) { kv.appendChild(el('dt', null, x[0])); kv.appendChild(el('dd', null, String(x[1]))); });
  s.appendChild(kv);
  var phases = itemsOf(p.phases);
  if (!phases.length) s.appendChild(el('p', 'muted', 'Nothing to plan.'));
  else s.appendChild(grid(['Phase', 'Due by', 'Findings', 'Effort', 'Actions'], phases.map(function (ph) {
    var ids = itemsOf(ph.recommendations); var n = totalOf(ph.recommendations);
    var named = ids.slice(0, 3).map(function (id) { return titles[id] || id; }).join('; ') + (n > 3 ? ' … and ' + fmt(n - 3) + ' more' : '');
    return [String(ph.order) + '. ' + ph.name, when(ph.dueBy), fmt(ph.findings), fmt(ph.effortHours) + ' h', n ? fmt(n) + ': ' + named : '—'];
  }), 50, totalOf(p.phases)));
  if (p.effortModel) s.appendChild(el('p', 'muted', 'Effort: ' + p.effortModel));
}
function renderCompliance(s, c) {
  var fw = itemsOf(c.frameworks);
  if (!fw.length) s.appendChild(el('p', 'muted', 'No framework selected.'));
  fw.forEach(function (f) {
    var failed = itemsOf(f.failedControls); var nf = totalOf(f.failedControls);
    var h = el('h3'); h.appendChild(el('span', null, (f.name || f.framework) + ' ')); h.appendChild(el('span', 'st st-' + String(f.status).toLowerCase(), f.status));
    h.appendChild(el('span', 'muted', ' · ' + fmt(nf) + ' of ' + fmt(f.controlsEvaluated) + ' mapped controls failed'));
    s.appendChild(h);
    if (nf) s.appendChild(grid(['Control', 'Severity', 'Findings', 'Why', 'Source'], failed.map(function (x) {
      return [textBlock(String(x.control), String(x.title || '')), sevBadge(x.severity), fmt(x.findings), String(x.reason || ''), itemsOf(x.sources).join('; ')];
    }), 200, nf, 'failed controls '));
  });
  if (c.note) s.appendChild(el('p', 'muted', c.note));
}
function renderSlas(s, v) {
  var rows = SEVS.filter(function (x) { return v.policy && v.policy[x] !== undefined; }).map(function (x) {
    var b = (v.breached || {})[x] || 0;
    return [sevBadge(x), duration(v.policy[x]), fmt((v.tracked || {})[x] || 0), b ? el('span', 'st st-fail', fmt(b)) : '0', fmt((v.dueSoon || {})[x] || 0)];
  });
  s.appendChild(el('p', 'muted', 'Evaluated ' + when(v.evaluatedAt) + '; due dates from each finding\u2019s first-seen time (the baseline\u2019s when there is one).'));
  s.appendChild(grid(['Severity', 'Time to fix', 'Tracked', 'Breached', 'Due within ' + duration(v.dueSoonMs)], rows, 10, rows.length));
  var list = itemsOf(v.findings);
  if (list.length) {
    var named = isObj(H.slaFindings) ? H.slaFindings : {};
    s.appendChild(el('h3', null, 'Breached or due soon'));
    s.appendChild(grid(['Due', 'Severity', 'Finding', 'State'], list.map(function (f) {
      var r = Object.prototype.hasOwnProperty.call(named, f.fingerprint) ? named[f.fingerprint] : null;
      return [when(f.dueAt), sevBadge(f.severity), r ? r[0] + (r[1] ? ' — ' + r[1] : '') : String(f.fingerprint).slice(0, 16), f.breached ? el('span', 'st st-fail', 'breached') : 'due soon'];
    }), 200, typeof v.listed === 'number' ? v.listed : totalOf(v.findings)));
  }
}
function renderTrends(s, t) {
  if (t.delta) s.appendChild(el('p', null, 'Against ' + t.delta.against + ': ' + (t.delta.total > 0 ? '+' : '') + fmt(t.delta.total) + ' finding(s)' + (bySevText(t.delta.counts) ? ' (' + SEVS.filter(function (x) { return t.delta.counts[x]; }).map(function (x) { return (t.delta.counts[x] > 0 ? '+' : '') + t.delta.counts[x] + ' ' + x; }).join(', ') + ')' : '') + '.'));
  var hist = itemsOf(t.history);
  if (!t.available || !hist.length) { s.appendChild(el('p', 'muted', 'No history: ' + (t.reason || 'no earlier default-branch baselines') + '.')); }
  else {
    var max = 1; hist.forEach(function (p) { max = Math.max(max, p.total || 0); });
    var W = 600, Hh = 120, bw = Math.max(4, Math.floor((W - 20) / hist.length) - 6);
    var g = svg('svg', { viewBox: '0 0 ' + W + ' ' + (Hh + 20), class: 'chart', role: 'img', 'aria-label': 'Findings per default-branch baseline, oldest first' });
    hist.forEach(function (p, i) {
      var y = Hh; var x = 10 + i * (bw + 6);
      SEVS.forEach(function (sv) {
        var n = (p.counts || {})[sv] || 0; if (!n) return; var h = Math.max(1, Math.round(n / max * (Hh - 10)));
        y -= h; g.appendChild(svg('rect', { x: x, y: y, width: bw, height: h, fill: SEV_COLOR[sv] || '#888', 'data-severity': sv }));
      });
      var lab = svg('text', { x: x + bw / 2, y: Hh + 14, 'text-anchor': 'middle', class: 'lbl' }); lab.textContent = fmt(p.total || 0); g.appendChild(lab);
    });
    s.appendChild(g);
    s.appendChild(grid(['Baseline', 'Critical', 'High', 'Medium', 'Low', 'Total'], hist.map(function (p) {
      var c = p.counts || {};
      return [when(p.at) + (p.runId ? ' · run ' + p.runId : ''), fmt(c.critical || 0), fmt(c.high || 0), fmt(c.medium || 0), fmt(c.low || 0), fmt(p.total || 0)];
    }), 50, totalOf(t.history)));
  }
  var skipped = itemsOf(t.skipped);
  if (skipped.length) { var ul = el('ul', 'notes'); skipped.forEach(function (x) { ul.appendChild(el('li', 'muted', 'Skipped: ' + x)); }); s.appendChild(ul); }
}
function figureText(v) { return isObj(v) ? Object.keys(v).map(function (k) { return k + ' ' + fmt(v[k]); }).join(', ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : cellText(v); }
function renderAssessments(s, v) {
  var list = itemsOf(v);
  if (!list.length) { s.appendChild(el('p', 'muted', 'None.')); return; }
  list.forEach(function (a) {
    var name = a.scanner; (H.scanners || []).forEach(function (sc) { if (sc.id === a.scanner) name = sc.name; });
    var ra = isObj(a.riskAssessment) ? a.riskAssessment : {};
    var h = el('h3'); h.appendChild(el('span', null, name + ' · overall risk ')); h.appendChild(el('span', 'st st-' + (ra.overallRisk === 'LOW' ? 'pass' : 'fail'), String(ra.overallRisk || '—'))); s.appendChild(h);
    var kv = el('dl', 'kv');
    [ra, isObj(a.statistics) ? a.statistics : {}].forEach(function (o) { for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k) && k !== 'overallRisk') { kv.appendChild(el('dt', null, words(k))); kv.appendChild(el('dd', null, figureText(o[k]))); } });
    s.appendChild(kv);
    var targets = itemsOf(a.targets);
    if (targets.length) s.appendChild(grid(['Target', 'Type', 'Status', 'Findings'], targets.map(function (t) {
      var sm = isObj(t.summary) ? t.summary : {};
      return [String(t.target), String(t.type || ''), el('span', 'st st-' + String(sm.status).toLowerCase(), String(sm.status || '')), fmt(sm.total || 0) + (bySevText(sm.counts) ? ' (' + bySevText(sm.counts) + ')' : '')];
    }), 200, totalOf(a.targets), 'targets '));
  });
}
var SECTIONS = [
  ['Recommendations', 'recommendations', function (s, v) { renderRecommendations(s, v); }],
  ['Remediation plan', 'remediationPlan', function (s, v, ins) { renderPlan(s, v, ins.recommendations); }],
  ['Compliance', 'complianceStatus', function (s, v) { renderCompliance(s, v); }],
  ['SLAs', 'slas', function (s, v) { renderSlas(s, v); }],
  ['Trends', 'trends', function (s, v) { renderTrends(s, v); }],
  ['Per scanner', 'assessments', function (s, v) { renderAssessments(s, v); }],
];
var PLAIN = { summary: true, findingsBySeverity: true };
function renderInsights() {
  var ins = isObj(H.insights) ? H.insights : null;
  SECTIONS.forEach(function (def) {
    var s = section(def[0], 'insight-' + def[1].toLowerCase());
    var v = ins ? ins[def[1]] : undefined;
    if (v === undefined || v === null) s.appendChild(el('p', 'muted', 'Not in this report.'));
    else if (isObj(v) || Array.isArray(v)) def[2](s, v, ins);
    else s.appendChild(el('p', null, cellText(v)));
    app.appendChild(s);
  });
  if (ins) for (var k in ins) {
    if (!Object.prototype.hasOwnProperty.call(ins, k) || PLAIN[k] || SECTIONS.some(function (d) { return d[1] === k; })) continue;
    var s2 = section(words(k), null); renderValue(s2, ins[k], 0); app.appendChild(s2);
  }
}

// ── findings table: filter, sort, pages ──
var order = null, view = null, page = 0, sortCol = 'severity', sortDir = 1, hay = null;
var tbody, pager, shownInfo, filters = {};
var COLS = [
  ['severity', 'Severity'], ['title', 'Finding'], ['rule', 'Rule'], ['scanner', 'Scanner'], ['location', 'Location'], ['package', 'Package'],
];
function locOf(r) { var p = r[5] || r[10] || ''; return r[6] > 0 && r[5] ? p + ':' + r[6] : p; }
function scannersOf(r) { return r[4].map(function (i) { return H.scannerNames[i]; }).join(', '); }
function buildHay() {
  hay = new Array(rows.length);
  for (var i = 0; i < rows.length; i++) { var r = rows[i]; hay[i] = (r[2] + '\u0000' + r[3] + '\u0000' + r[5] + '\u0000' + r[10] + '\u0000' + r[7]).toLowerCase(); }
}
function key(col) {
  switch (col) {
    case 'title': return function (r) { return r[2].toLowerCase(); };
    case 'rule': return function (r) { return r[3].toLowerCase(); };
    case 'scanner': return function (r) { return scannersOf(r).toLowerCase(); };
    case 'location': return function (r) { return (r[5] || r[10]).toLowerCase(); };
    case 'package': return function (r) { return r[7].toLowerCase(); };
    default: return null;
  }
}
function applySort() {
  var col = sortCol, dir = sortDir;
  var base = new Int32Array(rows.length);
  for (var i = 0; i < rows.length; i++) base[i] = i;
  if (col === 'severity') { if (dir < 0) base.reverse(); order = base; return; }
  var k = key(col); var keys = new Array(rows.length);
  for (var j = 0; j < rows.length; j++) keys[j] = k(rows[j]);
  var arr = Array.prototype.slice.call(base);
  arr.sort(function (a, b) { var x = keys[a], y = keys[b]; if (x < y) return -dir; if (x > y) return dir; if (col === 'location' && rows[a][6] !== rows[b][6]) return (rows[a][6] - rows[b][6]) * dir; return a - b; });
  order = Int32Array.from(arr);
}
function applyFilter() {
  var q = (filters.q.value || '').trim().toLowerCase();
  var sev = filters.sev.value, sc = filters.sc.value, kind = filters.kind.value, onlyNew = filters.isNew && filters.isNew.checked;
  var sevI = sev === '' ? -1 : SEVS.indexOf(sev), scI = sc === '' ? -1 : Number(sc), kindI = kind === '' ? -1 : Number(kind);
  if (q && !hay) buildHay();
  var out = new Int32Array(order.length), n = 0;
  for (var i = 0; i < order.length; i++) {
    var idx = order[i], r = rows[idx];
    if (sevI >= 0 && r[0] !== sevI) continue;
    if (kindI >= 0 && r[1] !== kindI) continue;
    if (scI >= 0 && r[4].indexOf(scI) < 0) continue;
    if (onlyNew && r[9] !== 1) continue;
    if (q && hay[idx].indexOf(q) < 0) continue;
    out[n++] = idx;
  }
  view = out.subarray(0, n);
  page = 0;
}
function cell(tr, label, text, cls) { var td = el('td', cls, text); td.setAttribute('data-label', label); tr.appendChild(td); return td; }
function renderRows() {
  var frag = document.createDocumentFragment();
  var from = page * PAGE, to = Math.min(view.length, from + PAGE);
  for (var i = from; i < to; i++) {
    var r = rows[view[i]];
    var tr = el('tr');
    var sev = SEVS[r[0]];
    var sc = cell(tr, 'Severity', '', 'sev');
    sc.appendChild(el('span', 'badge sev-' + sev, SEV_LABEL[sev] || sev));
    if (r[9] === 1) sc.appendChild(el('span', 'badge new', 'new'));
    var t = cell(tr, 'Finding', r[2] || '(no title)', 'title');
    t.setAttribute('title', H.kinds[r[1]] || '');
    cell(tr, 'Rule', r[3], 'rule');
    cell(tr, 'Scanner', scannersOf(r), null);
    var loc = cell(tr, 'Location', '', 'loc');
    var text = locOf(r);
    var url = fileUrl(r);
    if (url) loc.appendChild(link(text, url)); else loc.textContent = text;
    if (r[10] && r[5]) loc.appendChild(el('div', 'muted', r[10]));
    cell(tr, 'Package', r[7] ? r[7] + (r[8] ? ' → ' + r[8] : '') : '', 'pkg');
    frag.appendChild(tr);
  }
  tbody.textContent = '';
  tbody.appendChild(frag);
  var pages = Math.max(1, Math.ceil(view.length / PAGE));
  shownInfo.textContent = view.length ? 'Showing ' + fmt(from + 1) + '–' + fmt(to) + ' of ' + fmt(view.length) + (view.length !== rows.length ? ' (filtered from ' + fmt(rows.length) + ')' : '') : 'No finding matches the filter.';
  pager.page.textContent = 'Page ' + fmt(page + 1) + ' of ' + fmt(pages);
  pager.prev.disabled = page <= 0;
  pager.next.disabled = page >= pages - 1;
  document.documentElement.setAttribute('data-rows', String(to - from));
}
function fileUrl(r) {
  var base = H.context && H.context.blobBase;
  var p = r[5];
  if (!base || !p) return null;
  var segs = p.split('/');
  for (var i = 0; i < segs.length; i++) if (segs[i] === '' || segs[i] === '.' || segs[i] === '..') return null;
  return base + segs.map(encodeURIComponent).join('/') + (r[6] > 0 ? '#L' + r[6] : '');
}
function refresh(resort) {
  var t0 = performance.now();
  if (resort) applySort();
  applyFilter();
  renderRows();
  timings.lastUpdateMs = performance.now() - t0;
  timings.updates = (timings.updates || 0) + 1;
}
function option(sel, value, text) { var o = el('option', null, text); o.value = value; sel.appendChild(o); }
function renderFindings() {
  var s = section('Findings', 'findings');
  var bar = el('div', 'filters');
  var q = el('input'); q.type = 'search'; q.id = 'filter-text'; q.placeholder = 'Filter: title, rule, path, package'; q.setAttribute('aria-label', 'Filter findings');
  var sev = el('select'); sev.id = 'filter-severity'; sev.setAttribute('aria-label', 'Severity'); option(sev, '', 'All severities'); SEVS.forEach(function (x) { option(sev, x, SEV_LABEL[x] || x); });
  var sc = el('select'); sc.id = 'filter-scanner'; sc.setAttribute('aria-label', 'Scanner'); option(sc, '', 'All scanners'); H.scannerNames.forEach(function (n, i) { option(sc, String(i), n); });
  var kind = el('select'); kind.id = 'filter-kind'; kind.setAttribute('aria-label', 'Kind'); option(kind, '', 'All kinds'); H.kinds.forEach(function (n, i) { option(kind, String(i), n); });
  filters = { q: q, sev: sev, sc: sc, kind: kind };
  [q, sev, sc, kind].forEach(function (c) { bar.appendChild(c); });
  if (H.baseline && H.baseline.found) {
    var lab = el('label', 'chk'); var cb = el('input'); cb.type = 'checkbox'; cb.id = 'filter-new'; lab.appendChild(cb); lab.appendChild(document.createTextNode(' new only')); bar.appendChild(lab); filters.isNew = cb;
    cb.addEventListener('change', function () { refresh(false); });
  }
  q.addEventListener('input', function () { refresh(false); });
  [sev, sc, kind].forEach(function (c) { c.addEventListener('change', function () { refresh(false); }); });
  s.appendChild(bar);
  var table = el('table', 'findings'); table.id = 'findings-table';
  var thead = el('thead'); var tr = el('tr');
  COLS.forEach(function (c) {
    var th = el('th'); th.setAttribute('aria-sort', c[0] === sortCol ? 'ascending' : 'none');
    var b = el('button', 'sort', c[1]); b.type = 'button'; b.setAttribute('data-col', c[0]);
    b.addEventListener('click', function () {
      if (sortCol === c[0]) sortDir = -sortDir; else { sortCol = c[0]; sortDir = 1; }
      var ths = thead.querySelectorAll('th');
      for (var i = 0; i < ths.length; i++) ths[i].setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      refresh(true);
    });
    th.appendChild(b); tr.appendChild(th);
  });
  thead.appendChild(tr); table.appendChild(thead);
  tbody = el('tbody'); table.appendChild(tbody);
  var box = el('div', 'scroll'); box.appendChild(table); s.appendChild(box);
  var pg = el('div', 'pager');
  var prev = el('button', null, '‹ Previous'); prev.type = 'button'; prev.id = 'page-prev';
  var next = el('button', null, 'Next ›'); next.type = 'button'; next.id = 'page-next';
  var pl = el('span', 'muted');
  shownInfo = el('span', 'shown'); shownInfo.id = 'shown';
  prev.addEventListener('click', function () { if (page > 0) { page--; renderRows(); } });
  next.addEventListener('click', function () { if ((page + 1) * PAGE < view.length) { page++; renderRows(); } });
  pg.appendChild(prev); pg.appendChild(pl); pg.appendChild(next); pg.appendChild(shownInfo);
  pager = { prev: prev, next: next, page: pl };
  s.appendChild(pg);
  s.appendChild(el('p', 'muted print-only', 'The printed report lists the first ' + PAGE + ' findings of the table; report.html and findings.json have all ' + fmt(rows.length) + '.'));
  app.appendChild(s);
  order = null; applySort(); applyFilter(); renderRows();
}

renderHeader();
renderCharts();
renderFindings();
renderInsights();
renderScanners();
timings.ready = performance.now();
document.documentElement.setAttribute('data-ready', '1');
setTimeout(function () { if (!hay) buildHay(); timings.indexed = performance.now(); }, 0);
})();
`;

;// CONCATENATED MODULE: ./src/report/html/data.ts
/**
 * The HTML report's data: what the page script renders, as compact JSON (rows are arrays, not objects; scanner and
 * kind names are indexes into a table), serialised in chunks so 100,000 findings never become one giant string.
 *
 * Every string here may come from a pull request (file names, rule text, scanner output). The JSON goes inside
 * `<script type="application/json">`; `escapeJsonForScript` makes sure no string can end that element or start a
 * comment (`</script>`, `<!--`), and that U+2028/U+2029 stay escapes. The page reads it with JSON.parse and renders
 * it with textContent only.
 */


/** Row columns, in order (the page script reads them by these indexes). */
const ROW = { severity: 0, kind: 1, title: 2, ruleId: 3, scanners: 4, path: 5, line: 6, pkg: 7, fixed: 8, isNew: 9, target: 10 };
/** `<`, `>`, `&`, U+2028 and U+2029 as JSON escapes: the text can neither close the script element nor open a comment. */
function escapeJsonForScript(json) {
    return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/** The most rows the page shows of any insights list (client.ts tableOf); the rest are counted, not embedded. */
const PAGE_LIST_LIMIT = 200;
/** A list cut to PAGE_LIST_LIMIT items, as the page data holds it: `{ "$total": <full length>, "items": [...] }`. */
const CUT_TOTAL = '$total';
/**
 * The insights as the page shows them: every list longer than PAGE_LIST_LIMIT cut to that many items, its full length
 * kept (the page says "N more in findings.json"). At 100k findings the insights' lists (fingerprints per
 * recommendation, per SLA, per control) are tens of MB, of which the page shows a few hundred rows; findings.json
 * keeps them whole.
 */
function pageValue(v) {
    if (Array.isArray(v)) {
        const items = (v.length > PAGE_LIST_LIMIT ? v.slice(0, PAGE_LIST_LIMIT) : v).map(pageValue);
        return v.length > PAGE_LIST_LIMIT ? { [CUT_TOTAL]: v.length, items } : items;
    }
    if (v !== null && typeof v === 'object') {
        const out = {};
        for (const [k, x] of Object.entries(v))
            out[k] = pageValue(x);
        return out;
    }
    return v;
}
/** The base of file links (`…/blob/<sha>/`), when the run's repository and commit are known and safe. */
function blobBase(report) {
    const probe = (0,links/* fileLinker */.UH)(report.context)('x');
    return probe?.endsWith('/x') ? probe.slice(0, -1) : undefined;
}
/** Everything but the rows. */
function headerData(report, meta, scannerIds) {
    const ctx = report.context;
    const names = new Map(report.scanners.map((s) => [s.id, s.displayName || s.id]));
    const insights = report.insights;
    return {
        v: 1,
        generatedAt: meta.generatedAt,
        tool: meta.tool,
        context: {
            ...(ctx.repository ? { repository: ctx.repository } : {}),
            ...(ctx.sha ? { sha: ctx.sha } : {}),
            ...((0,links/* runUrl */.Vp)(ctx) ? { runUrl: (0,links/* runUrl */.Vp)(ctx), runId: ctx.runId } : {}),
            ...((0,links/* pullRequestUrl */.ET)(ctx) ? { prUrl: (0,links/* pullRequestUrl */.ET)(ctx), pr: ctx.pullRequest } : {}),
            ...(blobBase(report) ? { blobBase: blobBase(report) } : {}),
        },
        verdict: { decision: report.gate.decision, risk: report.risk, failOn: report.gate.failOn, reasons: report.gate.reasons, newOnly: report.gate.newOnly },
        total: report.total,
        counts: report.counts,
        severities: model/* SEVERITIES */.oC,
        kinds: model/* KINDS */.GW,
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
function slaFindings(report) {
    // Partial: insights from an older or hand-made report may lack the SLA list.
    const slas = report.insights?.slas;
    const wanted = new Set((slas?.findings ?? []).slice(0, PAGE_LIST_LIMIT).map((f) => f.fingerprint));
    const out = Object.create(null);
    if (wanted.size === 0)
        return out;
    for (const f of report.findings) {
        if (!wanted.has(f.fingerprint))
            continue;
        const where = f.location.path ? (f.location.startLine ? `${f.location.path}:${f.location.startLine}` : f.location.path) : (f.location.target ?? '');
        out[f.fingerprint] = [f.title, where];
    }
    return out;
}
/** One finding as a row. */
function toRow(f, scannerIndex) {
    const scanners = [];
    for (const s of f.sources) {
        const i = scannerIndex.get(s.scanner);
        if (i !== undefined && !scanners.includes(i))
            scanners.push(i);
    }
    const pkg = f.package ? (f.package.version ? `${f.package.name}@${f.package.version}` : f.package.name) : '';
    return [
        model/* SEVERITIES */.oC.indexOf(f.severity),
        model/* KINDS */.GW.indexOf(f.kind),
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
function scannerIdsOf(report) {
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
function* dataChunks(report, meta) {
    const ids = scannerIdsOf(report);
    const index = new Map(ids.map((id, i) => [id, i]));
    const baselineFound = report.baseline?.found === true;
    yield escapeJsonForScript(`{"header":${JSON.stringify(headerData(report, meta, ids))},"rows":[`);
    const { findings } = report;
    for (let start = 0; start < findings.length; start += CHUNK) {
        const rows = findings.slice(start, start + CHUNK).map((f) => {
            const r = toRow(f, index);
            if (!baselineFound)
                r[ROW.isNew] = 0;
            return r;
        });
        const json = JSON.stringify(rows);
        yield escapeJsonForScript(`${start > 0 ? ',' : ''}${json.slice(1, -1)}`);
    }
    yield ']}';
}

;// CONCATENATED MODULE: ./src/report/html/styles.ts
/** The stylesheet of report.html (inlined, allowed by its sha256 in the CSP). Responsive: cards and stacked table rows below 700px; print-friendly. */
const STYLES = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--line:#d1d9e0;--crit:#b60205;--high:#d93f0b;--med:#d4a000;--low:#1d76db;--info:#6a737d;--ok:#1a7f37}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
#app{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 10px}h3{font-size:15px;margin:14px 0 6px}h4{font-size:14px;margin:10px 0 4px}
.sub,.muted{color:var(--muted)}.sub{margin:0}.links{margin:4px 0 0}
a{color:#0969da;word-break:break-all}
.top{margin-bottom:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px;margin:12px 0}
.verdict{display:flex;gap:14px;align-items:center;border-radius:8px;padding:14px;margin:12px 0;color:#fff}
.verdict.block{background:var(--crit)}.verdict.proceed{background:var(--ok)}
.verdict .decision{font-size:24px;font-weight:700;letter-spacing:.04em}
.verdict p{margin:0}.verdict ul{margin:6px 0 0;padding-left:18px}
.counts{display:grid;grid-template-columns:repeat(5,1fr);gap:8px}
.count{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--info);border-radius:8px;padding:8px 10px;display:flex;flex-direction:column}
.count .n{font-size:22px;font-weight:700}.count .l{color:var(--muted)}
.count.sev-critical{border-top-color:var(--crit)}.count.sev-high{border-top-color:var(--high)}.count.sev-medium{border-top-color:var(--med)}.count.sev-low{border-top-color:var(--low)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:16px}
figure{margin:0}figcaption{color:var(--muted);font-size:12px;margin-top:4px}
svg.chart{width:100%;height:auto;max-height:260px}
svg .lbl,svg .num{font-size:12px;fill:var(--fg)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--bg);font-weight:600;white-space:nowrap}
td.title{max-width:420px;overflow-wrap:anywhere}td.rule,td.loc,td.pkg{overflow-wrap:anywhere}td.long{max-width:480px;overflow-wrap:anywhere}
td.numc{text-align:right}
table.plain td{overflow-wrap:anywhere}table.plain .badge{white-space:nowrap;overflow-wrap:normal}table.plain code{white-space:pre-wrap;overflow-wrap:anywhere}
button.sort{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button.sort::after{content:" ▲"}th[aria-sort=descending] button.sort::after{content:" ▼"}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;margin-right:4px;background:var(--info)}
.badge.sev-critical{background:var(--crit)}.badge.sev-high{background:var(--high)}.badge.sev-medium{background:var(--med);color:#1f2328}.badge.sev-low{background:var(--low)}
.badge.new{background:#8250df}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:8px}
.filters input[type=search]{flex:1 1 260px;min-width:0}
input,select,.pager button{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:6px;background:#fff;color:inherit}
.chk{display:flex;align-items:center;gap:4px}
.pager{display:flex;flex-wrap:wrap;align-items:center;gap:10px;margin-top:8px}
.pager button:disabled{opacity:.45}
.st-pass,.st-ok,.st-false{color:var(--ok);font-weight:600}.st-fail,.st-failed,.st-true{color:var(--crit);font-weight:600}.st-partial,.st-warning{color:#9a6700;font-weight:600}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;overflow-wrap:anywhere}
.notes{margin:6px 0 0;padding-left:18px}
.state-failed,.state-unavailable{color:var(--crit)}
.print-only{display:none}
@media (max-width:700px){
  #app{padding:10px}
  .counts{grid-template-columns:repeat(3,1fr)}
  .charts{grid-template-columns:1fr}
  .verdict{flex-direction:column;align-items:flex-start}
  table.findings thead{display:none}
  table.findings tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:4px 0;background:var(--card)}
  table.findings td{display:grid;grid-template-columns:84px 1fr;gap:6px;border:0;padding:3px 8px;max-width:none}
  table.findings td::before{content:attr(data-label);color:var(--muted);font-size:12px}
}
@media print{
  body{background:#fff}#app{max-width:none;padding:0}
  .filters,.pager button{display:none}
  .print-only{display:block}
  .card,.verdict,tr{break-inside:avoid}
  .card{break-inside:auto}.scroll{overflow:visible}
  .verdict{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  .badge,.count,svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
  a{color:inherit;text-decoration:none}
}
`;

;// CONCATENATED MODULE: ./src/report/html/render.ts
/**
 * report.html: one self-contained file (inline CSS and JS, no network), rendered in chunks (renderHtmlChunks) so a
 * report of 100,000 findings is written without building one giant string (writeHtml streams them to disk).
 *
 * The Content-Security-Policy meta tag allows exactly the inline stylesheet and the page script, by their sha256
 * computed here: no 'unsafe-inline', no source but the page itself, no network (default-src 'none'), no forms, no
 * <base>. The data is JSON in a `<script type="application/json">` element (not executed; see data.ts for how it is
 * escaped) and the script renders it with DOM APIs only (client.ts).
 */





function sha256(text) {
    return `'sha256-${(0,external_node_crypto_.createHash)('sha256').update(text, 'utf8').digest('base64')}'`;
}
/** The policy for the page: only the inline script and stylesheet whose hashes are given. */
function contentSecurityPolicy(script = CLIENT_SCRIPT, styles = STYLES) {
    return `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(styles)}; img-src data:; base-uri 'none'; form-action 'none'`;
}
function head() {
    return [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<title>Security report</title>',
        `<style>${STYLES}</style>`,
        '</head>',
        '<body>',
        '<main id="app"></main>',
        '<noscript><p>This report needs JavaScript to show its findings. findings.json in the same artifact holds the same data.</p></noscript>',
        '<script id="report-data" type="application/json">',
    ].join('\n');
}
/** The page, in chunks (head, the data's JSON in pieces, the script). Pure. */
function* renderHtmlChunks(report, meta) {
    yield head();
    yield* dataChunks(report, meta);
    yield `</script>\n<script>${CLIENT_SCRIPT}</script>\n</body>\n</html>\n`;
}
/** The whole page as one string (tests, small reports). */
function renderHtml(report, meta) {
    return [...renderHtmlChunks(report, meta)].join('');
}
/**
 * Writes report.html at `path` the way every report file is written (fs/safe-write.ts writeFileAtomicPieces: a new
 * O_EXCL temp file renamed into place, never through a planted symlink or into someone's file; the next buffer is
 * filled while one is on its way to the disk). Returns the bytes written.
 */
function writeHtml(path, report, meta, pid = process.pid) {
    return (0,safe_write/* writeFileAtomicPieces */.Wu)(path, renderHtmlChunks(report, meta), pid);
}

;// CONCATENATED MODULE: ./src/report/html/write.ts
/**
 * The HTML step of writeReports: report.html always (it is the report a reader opens from the artifact), report.pdf
 * when the config file asks for it (`reportFormat: pdf`). A PDF that cannot be printed is a warning; report.html stays.
 */




const HTML_FILE = output_dir/* REPORT_FILES */.JL.html;
const PDF_FILE = output_dir/* REPORT_FILES */.JL.pdf;
async function writeHtmlReports(report, o) {
    const html = (0,external_node_path_.join)(o.outputDir, HTML_FILE);
    await writeHtml(html, report, { generatedAt: o.generatedAt, tool: o.tool });
    if (!o.pdf)
        return { html };
    const out = await printPdf({ html, pdf: (0,external_node_path_.join)(o.outputDir, PDF_FILE), env: o.pdf.env, ...(o.pdf.timeoutMs ? { timeoutMs: o.pdf.timeoutMs } : {}), ...(o.pdf.tempRoot ? { tempRoot: o.pdf.tempRoot } : {}) });
    if (out.status === 'failed') {
        o.logger.warning(out.warning);
        return { html };
    }
    o.logger.info(`PDF report written (${Math.round(out.bytes / 1024)} KiB, printed by ${out.chrome}).`);
    return { html, pdf: out.path };
}

// EXTERNAL MODULE: ./src/findings/identify.ts + 1 modules
var identify = __webpack_require__(58571);
;// CONCATENATED MODULE: ./src/report/sarif.ts




const MAX_DESCRIPTION = 1024;
function clip(s, max) {
    return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * A repo-relative path as a URI reference: each segment percent-encoded, so `a.tgz:b/c.yaml` is not a scheme; empty,
 * `.` and `..` segments are dropped, so no URI can climb out of the repository or be absolute.
 */
function pathToUri(path) {
    const segments = path.split('/').filter((seg) => seg !== '' && seg !== '.' && seg !== '..');
    // A lone surrogate would make encodeURIComponent throw: it becomes U+FFFD.
    return segments.length > 0 ? segments.map((seg) => encodeURIComponent(seg.replace(LONE_SURROGATE, '\uFFFD'))).join('/') : 'unknown';
}
/** An image reference as Trivy's SARIF names it: the repository without tag or digest, encoded as a path. */
function imageToUri(image) {
    const noDigest = image.split('@')[0];
    const lastSlash = noDigest.lastIndexOf('/');
    const colon = noDigest.lastIndexOf(':');
    const repo = colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
    return pathToUri(repo);
}
function ruleSeverity(findings) {
    return findings.reduce((worst, f) => ((0,findings_severity/* severityRank */.qs)(f.severity) > (0,findings_severity/* severityRank */.qs)(worst) ? f.severity : worst), 'info');
}
function ruleHelp(f) {
    const lines = [f.title];
    const md = [`**${f.title.replace(/[*_`[\]<>]/g, (c) => `\\${c}`)}**`];
    if (f.description) {
        lines.push('', f.description);
        md.push('', f.description.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')));
    }
    if (f.remediation) {
        lines.push('', `Remediation: ${f.remediation}`);
        md.push('', `**Remediation:** ${f.remediation.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))}`);
    }
    if (f.references?.length) {
        lines.push('', 'References:', ...f.references.slice(0, 10).map((r) => `- ${r}`));
        md.push('', '**References**', ...f.references.slice(0, 10).map((r) => `- <${r}>`));
    }
    return { text: lines.join('\n'), markdown: md.join('\n') };
}
function tagsOf(f) {
    const tags = ['security', f.kind, ...(f.cwe ?? []).map((c) => `external/cwe/${c.toLowerCase()}`)];
    return [...new Set(tags)].slice(0, SARIF_LIMITS.maxTagsPerRule);
}
function messageOf(f) {
    const sev = findings_severity/* LABEL */.d_[f.severity];
    if (f.kind === 'vulnerability' && f.package) {
        const fix = f.package.fixedVersion ? ` Fixed in ${f.package.fixedVersion}.` : ' No fixed version yet.';
        return `${f.package.name} ${f.package.version}: ${f.ruleId} (${sev}).${fix} ${f.title}`;
    }
    const where = f.location.path ?? f.location.target ?? '';
    const by = f.sources.length > 1 ? ` Reported by ${f.sources.map((s) => s.scanner).join(' and ')}.` : '';
    return `${f.title} (${sev})${where ? ` in ${where}` : ''}.${by}`;
}
/** `imageUris` keeps each target's URI: an image's findings (thousands) share one target. */
function locationOf(f, imageUris) {
    if (f.location.path) {
        const region = { startLine: f.location.startLine ?? 1 };
        if (f.location.endLine && f.location.endLine >= region.startLine)
            region.endLine = f.location.endLine;
        if (f.location.startColumn)
            region.startColumn = f.location.startColumn;
        if (f.location.endColumn && f.location.startColumn && (region.endLine ?? region.startLine) === region.startLine && f.location.endColumn > f.location.startColumn) {
            region.endColumn = f.location.endColumn;
        }
        return { physicalLocation: { artifactLocation: { uri: pathToUri(f.location.path), uriBaseId: '%SRCROOT%' }, region } };
    }
    // Image (or other non-file) findings: the image name as the URI, line 1 — what Trivy's SARIF does.
    const target = f.location.target ?? 'unknown';
    let uri = imageUris.get(target);
    if (uri === undefined)
        imageUris.set(target, (uri = imageToUri(target)));
    return {
        physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
        message: { text: f.location.target ?? 'unknown target' },
    };
}
/** For findings without a readable file, a stable line hash derived from the fingerprint (same shape as codeql's). */
function primaryLineHash(f) {
    return f.lineHash ?? `${(0,identify/* sha256 */.sc)(f.fingerprint).toString('hex', 0, 8)}:1`;
}
/**
 * One SARIF 2.1.0 log with one run for one scanner: the findings this scanner leads (a merged finding appears once,
 * in its lead scanner's run), most severe first; at most `maxResults` results. Same input, same bytes.
 */
function renderSarif(tool, allFindings, options) {
    const { log, results, leftOut } = sarifDocument(tool, allFindings, options);
    return { text: jsonText(log, expandSarif, compactSarif), results, leftOut };
}
/** Written piece by piece: the log, its run, the run's tool, driver and rules, and its results (one per piece). */
const EXPANDED_SARIF = new Set(['', 'runs', 'runs/0', 'runs/0/tool', 'runs/0/tool/driver', 'runs/0/tool/driver/rules', 'runs/0/results']);
const expandSarif = (path) => path.length <= 5 && EXPANDED_SARIF.has(path.join('/'));
/** Each rule and each result on one line (compact): the same JSON, a third smaller, and far cheaper to print. */
const COMPACT_SARIF = new Set(['runs/0/tool/driver/rules', 'runs/0/results']);
const compactSarif = (path) => (path.length === 3 || path.length === 5) && COMPACT_SARIF.has(path.join('/'));
/** renderSarif's text in pieces, to stream into the file (the same bytes). */
function sarifPieces(doc) {
    return (0,json_stream/* jsonPieces */.Mx)(doc.log, expandSarif, compactSarif);
}
/** The SARIF log renderSarif prints, as an object. `allFindings` may be several lists (findings, suppressed). */
function sarifDocument(tool, allFindings, options) {
    const lists = (allFindings.length > 0 && Array.isArray(allFindings[0]) ? allFindings : [allFindings]);
    const mine = [];
    for (const list of lists)
        for (const f of list)
            if (f.sources[0]?.scanner === tool.id)
                mine.push(f);
    const max = options.maxResults ?? SARIF_LIMITS.maxResultsPerRun;
    const kept = mine.slice(0, max);
    const leftOut = mine.length - kept.length;
    const byRule = new Map();
    for (const f of kept) {
        const list = byRule.get(f.ruleId);
        if (list)
            list.push(f);
        else
            byRule.set(f.ruleId, [f]);
    }
    const ruleIds = [...byRule.keys()].sort();
    const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
    const rules = ruleIds.map((id) => {
        const group = byRule.get(id);
        const first = group[0];
        const sev = ruleSeverity(group);
        return {
            id,
            shortDescription: { text: clip(first.title, MAX_DESCRIPTION) },
            fullDescription: { text: clip(first.description?.trim() || first.title, MAX_DESCRIPTION) },
            ...(first.references?.[0] ? { helpUri: first.references[0] } : {}),
            help: ruleHelp(first),
            defaultConfiguration: { level: findings_severity/* SARIF_LEVEL */.F1[sev] },
            properties: { tags: tagsOf(first), precision: 'very-high', 'security-severity': findings_severity/* SECURITY_SEVERITY */.lL[sev] },
        };
    });
    const imageUris = new Map();
    const resultOf = (f) => {
        // Members assigned in the order SARIF prints them, no conditional spreads: this runs once per result (100k).
        const result = {
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId),
            level: findings_severity/* SARIF_LEVEL */.F1[f.severity],
            message: { text: messageOf(f) },
            locations: [locationOf(f, imageUris)],
            partialFingerprints: { primaryLocationLineHash: primaryLineHash(f) },
        };
        if (options.baseline && f.baseline)
            result['baselineState'] = f.baseline;
        // Suppressed by the ignore file: code scanning shows the alert as dismissed, with the reason.
        if (f.suppression) {
            const { reason, by, expires } = f.suppression;
            result['suppressions'] = [{ kind: 'external', status: 'accepted', justification: clip(`${reason} (${by}${expires ? `, until ${expires}` : ''})`, MAX_DESCRIPTION) }];
        }
        const properties = {
            'security-scan/fingerprint': f.fingerprint,
            'security-scan/severity': f.severity,
            'security-scan/sources': f.sources.map((s) => `${s.scanner}:${s.ruleId}`),
        };
        if (f.package)
            properties['security-scan/package'] = `${f.package.name}@${f.package.version}`;
        if (f.location.target && f.location.path)
            properties['security-scan/target'] = f.location.target;
        result['properties'] = properties;
        return result;
    };
    // Made as they are printed (sarifPieces): 100k results are never all in memory at once.
    const results = new json_stream/* LazyList */.Vb(kept.length, (i) => resultOf(kept[i]));
    const driver = {
        name: tool.displayName,
        informationUri: tool.informationUri,
        fullName: `${tool.displayName} (via security-scan)`,
        rules,
    };
    if (tool.version)
        driver.version = tool.version;
    const run = {
        tool: { driver },
        automationDetails: { id: `${options.categoryPrefix}/${tool.id}/` },
        columnKind: 'utf16CodeUnits',
        results,
        properties: { [LEFT_OUT_PROPERTY]: leftOut },
    };
    const log = { version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [run] };
    return { log, results: kept.length, leftOut };
}

;// CONCATENATED MODULE: ./src/report/write.ts











/**
 * Writes sarif/<scanner>.sarif, findings.json, summary.md and baseline.json from the report. `outputDir` has been checked and
 * cleared of an earlier run's files (report/output-dir-fs.ts); each file goes to a temp name renamed into place, and
 * `sarif/` must be a real directory, so a planted symlink (`summary.md → /some/file`, `sarif → /dir`) is replaced
 * or refused, never written through. The manifest (.security-scan-files) lists what was written, for the next run's
 * cleanup; it is not a report and not uploaded.
 */
async function writeReports(report, o) {
    const sarifDir = (0,external_node_path_.join)(o.outputDir, output_dir/* REPORT_FILES */.JL.sarifDir);
    await (0,safe_write/* ensureDirectory */.EA)(sarifDir);
    const sarifFiles = [];
    const sarifLeftOut = {};
    // One report that cannot be written keeps none of the others from being written: each is tried in turn, and the
    // first failure is the error once all have been.
    let failure;
    const attempt = async (write) => {
        try {
            return await write();
        }
        catch (error) {
            failure ??= { error };
            return undefined;
        }
    };
    for (const tool of o.tools) {
        const status = report.scanners.find((s) => s.id === tool.id);
        if (status?.state !== 'ok')
            continue;
        const file = (0,external_node_path_.join)(sarifDir, `${tool.id}.sarif`);
        await attempt(async () => {
            const rendered = sarifDocument({ ...tool, version: status.version }, [report.findings, report.suppressed], { categoryPrefix: o.categoryPrefix, baseline: report.baseline?.found === true });
            await (0,safe_write/* writeFileAtomicPieces */.Wu)(file, sarifPieces(rendered));
            if (rendered.leftOut > 0) {
                sarifLeftOut[tool.id] = rendered.leftOut;
                o.logger.warning(`${tool.displayName}: ${rendered.leftOut} result(s) left out of the SARIF run (GitHub accepts at most ${SARIF_LIMITS.maxResultsPerRun.toLocaleString('en-US')} per run); all are in findings.json.`);
            }
        });
        sarifFiles.push(file);
    }
    const json = (0,external_node_path_.join)(o.outputDir, output_dir/* REPORT_FILES */.JL.json);
    await attempt(() => (0,safe_write/* writeFileAtomicPieces */.Wu)(json, jsonReportPieces(report, { generatedAt: o.generatedAt, tool: o.tool })));
    const markdown = (0,external_node_path_.join)(o.outputDir, output_dir/* REPORT_FILES */.JL.markdown);
    // summary.md is the report within the job summary's budget (1 MiB), lowest severity cut first and said so; every
    // finding is in findings.json (and the HTML report). The PR comment gets a smaller budget.
    // Where findings.json is, as the reader of summary.md sees it: workspace-relative, or next to it (under RUNNER_TEMP).
    const jsonRel = (0,external_node_path_.relative)(o.workspace, json);
    const reportLocation = jsonRel && !jsonRel.startsWith('..') && !(0,external_node_path_.isAbsolute)(jsonRel) ? jsonRel.split(external_node_path_.sep).join('/') : output_dir/* REPORT_FILES */.JL.json;
    await attempt(() => (0,safe_write/* writeFileAtomic */.Zf)(markdown, renderReport(report, { maxChars: SUMMARY_MAX_BYTES, unit: 'utf8', reportLocation })));
    const baseline = (0,external_node_path_.join)(o.outputDir, output_dir/* REPORT_FILES */.JL.baseline);
    const context = { repository: report.context.repository, sha: report.context.sha, ref: o.ref };
    await attempt(() => (0,safe_write/* writeFileAtomicPieces */.Wu)(baseline, (0,baseline_schema/* baselinePieces */.hW)(report, { generatedAt: o.generatedAt, tool: o.tool, context })));
    const metrics = (0,external_node_path_.join)(o.outputDir, METRICS_FILE);
    await attempt(async () => (0,safe_write/* writeFileAtomic */.Zf)(metrics, await renderMetrics(report, { version: o.tool.version, now: new Date(o.generatedAt) })));
    const htmlFiles = await attempt(() => writeHtmlReports(report, { outputDir: o.outputDir, generatedAt: o.generatedAt, tool: o.tool, logger: o.logger, ...(o.pdf ? { pdf: o.pdf } : {}) }));
    if (failure)
        throw failure.error;
    if (!htmlFiles)
        throw new Error('report.html was not written'); // unreachable: its failure is thrown above
    const extraFiles = [...(o.extraFiles ?? [])];
    const patch = o.remediationPatch ? await writeRemediationPatch(report.findings, { outputDir: o.outputDir, workspace: o.workspace, logger: o.logger }) : undefined;
    // Last: the list the next run removes before it writes (so a file this run wrote never outlives it as stale).
    const written = [...sarifFiles, json, markdown, baseline, metrics, htmlFiles.html, ...(htmlFiles.pdf ? [htmlFiles.pdf] : []), ...(patch ? [patch] : []), ...extraFiles].map((f) => (0,external_node_path_.relative)(o.outputDir, f)).filter((r) => r !== '' && !r.startsWith('..') && !(0,external_node_path_.isAbsolute)(r));
    await (0,safe_write/* writeFileAtomic */.Zf)((0,external_node_path_.join)(o.outputDir, output_dir/* MANIFEST_FILE */.h1), (0,output_dir/* renderManifest */.sB)(written.map((r) => r.split(external_node_path_.sep).join('/'))));
    return { outputDir: o.outputDir, sarifDir, sarifFiles, sarifLeftOut, json, markdown, baseline, metrics, ...htmlFiles, ...(patch ? { patch } : {}), extraFiles };
}


/***/ })

};

//# sourceMappingURL=614.index.js.map