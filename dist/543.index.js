export const id = 543;
export const ids = [543];
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

/***/ 48543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prepareForkPublication: () => (/* binding */ prepareForkPublication)
});

// UNUSED EXPORTS: REPORT_LOCATION

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/report/schema.ts + 1 modules
var schema = __webpack_require__(35789);
// EXTERNAL MODULE: ./src/publish/artifact.ts
var artifact = __webpack_require__(67625);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(92857);
// EXTERNAL MODULE: ./src/publish/refused.ts
var publish_refused = __webpack_require__(67299);
;// CONCATENATED MODULE: ./src/publish/event.ts
/**
 * The parts of the `workflow_run` event payload (GITHUB_EVENT_PATH) that publish mode reads: which run it was, for
 * which event, and its head commit. GitHub writes the payload, but some of its strings (branch names) are chosen
 * by the fork: they are only ever quoted, never trusted as markup.
 */



const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const payloadSchema = schemas/* object */.Ikc({
    workflow_run: schemas/* object */.Ikc({
        id: schemas/* number */.aig().int().positive(),
        run_attempt: schemas/* number */.aig().int().positive().optional(),
        name: schemas/* string */.YjP().nullish(),
        event: schemas/* string */.YjP(),
        head_sha: schemas/* string */.YjP().regex(SHA),
        head_branch: schemas/* string */.YjP().nullish(),
        head_repository: schemas/* object */.Ikc({ full_name: schemas/* string */.YjP().optional(), owner: schemas/* object */.Ikc({ login: schemas/* string */.YjP() }).nullish() })
            .nullish(),
        pull_requests: schemas/* array */.YOg(schemas/* object */.Ikc({ number: schemas/* number */.aig().int().positive() })).nullish(),
    }),
});
/** The workflow_run of the payload; refuses another event or a payload without the fields publish mode needs. */
function readWorkflowRun(eventName, payloadText) {
    if (eventName !== 'workflow_run') {
        throw new publish_refused/* PublishRefused */.y(`mode: publish runs in a workflow triggered by 'workflow_run' (on: workflow_run: workflows: [<the scan workflow>]); this run's event is ${(0,schema/* quote */.hD)(eventName ?? '')}. See the README section "Pull requests from forks".`);
    }
    let data;
    try {
        data = payloadText === undefined ? undefined : JSON.parse(payloadText);
    }
    catch {
        data = undefined;
    }
    const r = payloadSchema.safeParse(data);
    if (!r.success) {
        const first = r.error.issues[0];
        throw new publish_refused/* PublishRefused */.y(`the workflow_run event payload (GITHUB_EVENT_PATH) cannot be read: ${first ? `workflow_run.${first.path.slice(1).join('.')} ${first.message}` : 'missing'}.`);
    }
    const run = r.data.workflow_run;
    const out = { id: run.id, event: run.event, headSha: run.head_sha, pullRequests: (run.pull_requests ?? []).map((p) => p.number) };
    if (run.run_attempt !== undefined)
        out.attempt = run.run_attempt;
    if (run.name)
        out.name = run.name;
    if (run.head_branch)
        out.headBranch = run.head_branch;
    if (run.head_repository?.owner?.login)
        out.headOwner = run.head_repository.owner.login;
    if (run.head_repository?.full_name)
        out.headRepository = run.head_repository.full_name;
    return out;
}
/** Refuses runs that were not pull request scans: their results belong to no pull request. */
function requirePullRequestRun(run) {
    if (run.event !== 'pull_request') {
        throw new publish_refused/* PublishRefused */.y(`the scan run ${run.id} ran on ${(0,schema/* quote */.hD)(run.event)}, not on 'pull_request': mode: publish publishes pull request scans only. Give the publish job \`if: github.event.workflow_run.event == 'pull_request'\`.`);
    }
}

// EXTERNAL MODULE: ./src/github/http-errors.ts
var http_errors = __webpack_require__(97583);
;// CONCATENATED MODULE: ./src/publish/pull-request.ts



/** Pages of 100 open pull requests read at most when the head repository is unknown (3,000 pull requests). */
const MAX_PAGES = 30;
async function findPullRequest(client, o) {
    const repository = `${o.owner}/${o.repo}`;
    const ours = (p) => p.state === 'open' && p.head.sha === o.run.headSha && (p.base.repo?.full_name ?? repository).toLowerCase() === repository.toLowerCase();
    try {
        let matches = [];
        for (const number of new Set(o.run.pullRequests)) {
            const pull = await getPull(client, o.owner, o.repo, number);
            if (pull && ours(pull))
                matches.push(pull);
            else
                o.logger.info(`Pull request #${number} of the workflow_run event is not an open pull request of ${repository} with head ${o.run.headSha}; not used.`);
        }
        if (matches.length === 0)
            matches = await listOpen(client, o, ours);
        if (matches.length === 0) {
            throw new publish_refused/* PublishRefused */.y(`no open pull request of ${repository} has the scan run's head commit ${o.run.headSha}${o.run.headBranch ? ` (branch ${(0,schema/* quote */.hD)(o.run.headBranch)}${o.run.headOwner ? ` of ${(0,schema/* quote */.hD)(o.run.headOwner)}` : ''})` : ''}: ` +
                'it was closed, or has newer commits (whose own scan run publishes). Nothing was published.');
        }
        if (matches.length > 1) {
            throw new publish_refused/* PublishRefused */.y(`several open pull requests (${matches.map((m) => `#${m.number}`).join(', ')}) have the scan run's head commit ${o.run.headSha}, and the run does not say which one it scanned. Nothing was published.`);
        }
        const m = matches[0];
        const out = { number: m.number, headSha: m.head.sha, headRef: m.head.ref, baseSha: m.base.sha, baseRef: m.base.ref };
        if (m.head.repo?.full_name)
            out.headRepository = m.head.repo.full_name;
        return out;
    }
    catch (e) {
        if (!(0,http_errors/* isHttpError */.d)(e))
            throw e;
        throw new publish_refused/* PublishRefused */.y(`could not look up the pull request of the scan run: ${(0,http_errors/* describeHttpError */.g2)(e, 'other', repository)} The publish job needs \`pull-requests: read\` (or write, for the comment).`);
    }
}
async function getPull(client, owner, repo, number) {
    try {
        const { data } = await client.rest.pulls.get({ owner, repo, pull_number: number });
        return data;
    }
    catch (e) {
        if ((0,http_errors/* isHttpError */.d)(e) && e.status === 404)
            return undefined;
        throw e;
    }
}
async function listOpen(client, o, ours) {
    const head = o.run.headOwner && o.run.headBranch ? `${o.run.headOwner}:${o.run.headBranch}` : undefined;
    const params = { owner: o.owner, repo: o.repo, state: 'open', per_page: 100, ...(head ? { head } : {}) };
    const found = [];
    let pages = 0;
    for await (const page of client.paginate.iterator(client.rest.pulls.list, params)) {
        found.push(...page.data.filter(ours));
        if (++pages >= MAX_PAGES) {
            o.logger.warning(`Looked through ${pages * 100} open pull requests for head ${o.run.headSha} and stopped there.`);
            break;
        }
    }
    return found;
}

// EXTERNAL MODULE: ./src/publish/rebuild.ts
var rebuild = __webpack_require__(19804);
// EXTERNAL MODULE: ./src/insights/index.ts + 7 modules
var insights = __webpack_require__(63973);
// EXTERNAL MODULE: ./src/remediate/upgrades.ts
var upgrades = __webpack_require__(82871);
// EXTERNAL MODULE: ./src/scanners/registry.ts + 51 modules
var registry = __webpack_require__(71727);
// EXTERNAL MODULE: ./src/modes/matrix.ts
var matrix = __webpack_require__(3055);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./src/github/limits.ts
var limits = __webpack_require__(71679);
;// CONCATENATED MODULE: ./src/publish/sarif-check.ts
/**
 * Checks a SARIF file from a fork's artifact before it is uploaded to code scanning (pure). A file is refused
 * whole when it is over GitHub's gzip limit, is not SARIF 2.1.0, has no runs or more than GitHub takes in one
 * upload, has a run whose category (`automationDetails.id`) is not under the configured `category-prefix` or
 * repeats another run's, or has any artifact URI (every `uri` in the document) that is not a relative path inside
 * the repository: no scheme (`file:`, `https:`), not absolute, no `.`/`..` or empty segment, no query or fragment,
 * also after percent-decoding each segment.
 */



/** Why a file was refused, in words of ours (safe to show in the comment). */
const SARIF_PROBLEMS = {
    'too-large': `larger than GitHub's ${limits/* SARIF_LIMITS */.Bj.maxGzipBytes / 1024 / 1024} MB gzip limit`,
    'not-json': 'not JSON',
    'not-sarif': 'not a SARIF 2.1.0 log',
    runs: 'no runs, or more runs than one upload takes',
    category: "a run's category is not under category-prefix",
    'duplicate-category': "a run's category repeats another run's",
    uri: 'an artifact URI outside the repository',
    file: 'not a regular file',
};
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** A category segment: what category-prefix and matrix leg keys (`image=app,arch=arm64`, modes/matrix.ts) are made of. */
const SEGMENT = /^[A-Za-z0-9._=,-]+$/;
/** Why `uri` is not a relative path inside the repository, or undefined when it is. */
function uriProblem(uri) {
    if (typeof uri !== 'string')
        return 'is not a string';
    if (uri === '')
        return 'is empty';
    if (SCHEME.test(uri))
        return 'has a scheme (only paths relative to the repository are accepted)';
    if (uri.startsWith('/') || uri.startsWith('\\'))
        return 'is absolute';
    if (/[?#]/.test(uri))
        return 'has a query or fragment';
    for (const [i, raw] of uri.split('/').entries()) {
        let segment;
        try {
            segment = decodeURIComponent(raw);
        }
        catch {
            return 'has invalid percent-encoding';
        }
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001F\u007F]/.test(segment))
            return 'has a control character';
        if (segment === '')
            return 'has an empty segment';
        if (segment.includes('/'))
            return 'has an encoded slash';
        // `..\..\x` climbs out wherever a backslash is read as a separator.
        if (segment.split('\\').some((part) => part === '.' || part === '..'))
            return "has a '.' or '..' segment (climbs out of the repository)";
        if (i === 0 && /^[A-Za-z]:(\\|$)/.test(segment))
            return 'is a Windows drive path';
    }
    return undefined;
}
function isCategoryUnder(id, prefix) {
    if (!id.startsWith(`${prefix}/`))
        return false;
    const rest = id.slice(prefix.length + 1).replace(/\/$/, '');
    return rest !== '' && rest.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function pathOf(v) {
    const path = [];
    for (let at = v; at?.key !== undefined; at = at.parent)
        path.push(at.key);
    return path.reverse();
}
/** The first `uri` anywhere in the document that is not inside the repository (iterative: any depth). */
function firstBadUri(root) {
    const stack = [{ value: root }];
    while (stack.length > 0) {
        const visit = stack.pop();
        const { value } = visit;
        if (Array.isArray(value)) {
            for (let i = value.length - 1; i >= 0; i--)
                stack.push({ value: value[i], key: i, parent: visit });
        }
        else if (isObject(value)) {
            const entries = Object.entries(value);
            for (const [key, v] of entries) {
                if (key !== 'uri')
                    continue;
                const why = uriProblem(v);
                if (why)
                    return { path: pathOf({ value: v, key, parent: visit }), uri: v, why };
            }
            for (let i = entries.length - 1; i >= 0; i--) {
                const [key, v] = entries[i];
                if (typeof v === 'object' && v !== null)
                    stack.push({ value: v, key, parent: visit });
            }
        }
    }
    return undefined;
}
function checkSarif(text, o) {
    const maxGzip = o.maxGzipBytes ?? limits/* SARIF_LIMITS */.Bj.maxGzipBytes;
    const maxRuns = o.maxRuns ?? limits/* SARIF_LIMITS */.Bj.maxRunsPerUpload;
    const gzipBytes = (0,external_node_zlib_.gzipSync)(Buffer.from(text, 'utf8')).length;
    if (gzipBytes > maxGzip) {
        return { ok: false, problem: 'too-large', message: `the file is ${gzipBytes.toLocaleString('en-US')} bytes of gzip, more than GitHub's limit of ${maxGzip.toLocaleString('en-US')}` };
    }
    let log;
    try {
        log = JSON.parse(text);
    }
    catch (e) {
        return { ok: false, problem: 'not-json', message: `the file is not JSON: ${(0,schema/* quote */.hD)(e.message)}` };
    }
    if (!isObject(log) || log['version'] !== '2.1.0' || !Array.isArray(log['runs'])) {
        return { ok: false, problem: 'not-sarif', message: 'the file is not a SARIF 2.1.0 log (an object with version "2.1.0" and a runs array)' };
    }
    const runs = log['runs'];
    if (runs.length === 0 || runs.length > maxRuns) {
        return { ok: false, problem: 'runs', message: `the file has ${runs.length} runs; it must have 1 to ${maxRuns}` };
    }
    const categories = [];
    for (const [i, run] of runs.entries()) {
        if (!isObject(run) || !isObject(run['tool']) || !isObject(run['tool']['driver']) || typeof run['tool']['driver']['name'] !== 'string') {
            return { ok: false, problem: 'not-sarif', message: `runs[${i}] has no tool.driver.name` };
        }
        const details = run['automationDetails'];
        const id = isObject(details) ? details['id'] : undefined;
        if (typeof id !== 'string' || !isCategoryUnder(id, o.categoryPrefix)) {
            return {
                ok: false,
                problem: 'category',
                message: `runs[${i}].automationDetails.id is ${typeof id === 'string' ? (0,schema/* quote */.hD)(id) : 'missing'}, not a category under '${o.categoryPrefix}/' (input 'category-prefix')`,
            };
        }
        if (categories.includes(id) || o.taken?.has(id)) {
            return { ok: false, problem: 'duplicate-category', message: `runs[${i}].automationDetails.id ${(0,schema/* quote */.hD)(id)} repeats the category of another run` };
        }
        categories.push(id);
    }
    const bad = firstBadUri(log);
    if (bad) {
        return { ok: false, problem: 'uri', message: `${(0,schema/* formatPath */.jV)(bad.path)} ${typeof bad.uri === 'string' ? (0,schema/* quote */.hD)(bad.uri) : ''} ${bad.why}`.replace(/ {2,}/g, ' ') };
    }
    return { ok: true, runs: runs.length, categories, gzipBytes };
}

;// CONCATENATED MODULE: ./src/publish/fork.ts
/**
 * `mode: publish`: publishes the report of a pull request scan run from a `workflow_run` workflow, without
 * trusting the run's artifact (a fork's pull request runs the fork's own copy of the workflow, so the fork wrote
 * it). No scanner runs. In order:
 * 1. the event must be a workflow_run of a `pull_request` run (event.ts);
 * 2. findings.json is validated against the report schema (report/schema.ts) — a refusal names the path;
 * 3. the pull request comes from GitHub: an open pull request whose head is the run's head commit (pull-request.ts),
 *    never from a file of the artifact;
 * 4. the report is rebuilt from the findings and scanner states (rebuild.ts): counts, risk and the decision are
 *    recomputed, the comment is rendered by the sinks from that report; summary.md is never read;
 * 5. each sarif/*.sarif is checked (sarif-check.ts); a refused file is named in the log and not uploaded.
 * main.ts then runs the summary, code scanning and comment sinks on the result (no annotations, no artifact).
 */













const REPORT_LOCATION = 'findings.json in the artifacts of the scan run';
async function prepareForkPublication(d) {
    const { logger } = d;
    const [owner, repo] = (d.vars.repository ?? '').split('/');
    if (!owner || !repo)
        throw new publish_refused/* PublishRefused */.y('GITHUB_REPOSITORY is not set: mode: publish runs in GitHub Actions.');
    // 1. The event.
    const run = readWorkflowRun(d.vars.eventName, d.payload);
    requirePullRequestRun(run);
    logger.info(`Publishing scan run ${run.id}${run.name ? ` (${(0,schema/* quote */.hD)(run.name)})` : ''} of head commit ${run.headSha}.`);
    // 2. findings.json.
    const reportDir = await (0,matrix/* legReportDir */.Ml)((0,external_node_path_.resolve)(d.workspace, d.settings.publish.reportDir), d.settings.publish, logger);
    const listing = await (0,artifact/* listArtifact */.xL)(reportDir);
    if ('error' in listing)
        throw new publish_refused/* PublishRefused */.y(`input 'report-dir' (${reportDir}) ${listing.error}: download the scan run's report artifact there with actions/download-artifact.`);
    const read = await (0,artifact/* readRegularFile */.XF)(listing.findingsJson, artifact/* MAX_FINDINGS_BYTES */.o9);
    if (!read.ok)
        throw new publish_refused/* PublishRefused */.y(`findings.json of the artifact (${listing.findingsJson}) ${read.reason}; nothing was published.`);
    const parsed = (0,schema/* parseFindingsDocument */.FV)(read.text);
    if (!parsed.ok) {
        throw new publish_refused/* PublishRefused */.y(`findings.json of the artifact is not a valid security-scan report; nothing was published:\n${parsed.problems.map((p) => `- ${p}`).join('\n')}`);
    }
    if (listing.ignored.length > 0) {
        const shown = listing.ignored.slice(0, 20).join(', ');
        logger.info(`Never read from the artifact (the report is rebuilt from findings.json): ${shown}${listing.ignored.length > 20 ? `, and ${listing.ignored.length - 20} more` : ''}.`);
    }
    // 3. The pull request, from GitHub.
    const pull = await findPullRequest(d.client, { owner, repo, run, logger });
    logger.info(`The scan run belongs to pull request #${pull.number}${pull.headRepository ? ` (head ${(0,schema/* quote */.hD)(pull.headRepository)})` : ''}, found through the GitHub API.`);
    // 4. The report, rebuilt.
    const context = { serverUrl: d.vars.serverUrl ?? 'https://github.com', repository: `${owner}/${repo}`, sha: pull.headSha, runId: String(run.id), pullRequest: pull.number };
    if (run.attempt !== undefined)
        context.runAttempt = String(run.attempt);
    if (d.vars.workflow)
        context.workflow = d.vars.workflow;
    if (d.vars.job)
        context.job = d.vars.job;
    const { report, disagreements } = (0,rebuild/* rebuildReport */.K)(parsed.document, {
        severities: d.settings.scan.severities,
        failOn: d.settings.gate.failOn,
        failurePolicy: d.settings.gate.failurePolicy,
        context,
        ...(d.suppressions ? { suppressions: d.suppressions } : {}),
        // The ignore file's expiry dates are checked against now (without it no entry would ever expire here).
        now: (d.now ?? (() => new Date()))().toISOString(),
    });
    for (const line of disagreements)
        logger.warning(`${line} The artifact's value is not used.`);
    // Insights (recommendations, compliance, SLAs) are recomputed from the findings, never taken from the fork's run.
    const ids = new Set(report.scanners.map((s) => s.id));
    report.insights = (0,insights/* insightsFor */.D8)(report, { now: (d.now ?? (() => new Date()))().toISOString(), compliance: d.settings.extras.compliance, scanners: registry/* SCANNERS */.K.filter((s) => ids.has(s.id)), planUpgrades: upgrades/* planUpgrades */.nM });
    const notes = [];
    if (parsed.document.decision !== report.gate.decision) {
        notes.push(`The scan run’s findings.json said **${parsed.document.decision}**; the verdict above is recomputed from its findings with fail-on \`${d.settings.gate.failOn}\`.`);
    }
    // 5. SARIF.
    const accepted = [];
    const refused = [];
    if (d.settings.publish.uploadSarif) {
        const taken = new Set();
        for (const file of listing.sarifFiles) {
            const name = (0,external_node_path_.basename)(file);
            const text = await (0,artifact/* readRegularFile */.XF)(file, artifact/* MAX_SARIF_BYTES */.n);
            const check = text.ok ? checkSarif(text.text, { categoryPrefix: d.settings.publish.categoryPrefix, taken }) : { ok: false, problem: 'file', message: `the file ${text.reason}` };
            if (check.ok) {
                for (const c of check.categories)
                    taken.add(c);
                accepted.push(file);
                logger.info(`SARIF ${(0,schema/* quote */.hD)(`sarif/${name}`)} accepted: ${check.runs} run(s), ${check.categories.map((c) => (0,schema/* quote */.hD)(c)).join(', ')}.`);
            }
            else {
                refused.push({ file: name, problem: check.problem, message: check.message });
                logger.warning(`Refused SARIF ${(0,schema/* quote */.hD)(`sarif/${name}`)} of the artifact, not uploaded: ${check.message}.`);
            }
        }
        if (refused.length > 0) {
            const names = refused.slice(0, 10).map((r) => `${(0,report_escape/* codeSpan */.SS)(r.file, { inTable: false, maxLength: 60 })} (${SARIF_PROBLEMS[r.problem]})`);
            notes.push(`⚠️ ${refused.length} SARIF file${refused.length > 1 ? 's' : ''} of the scan run ${refused.length > 1 ? 'were' : 'was'} refused and not uploaded to code scanning: ${names.join(', ')}${refused.length > 10 ? ', …' : ''}.`);
        }
    }
    const runEnv = {
        event: { name: 'workflow_run', pullRequest: { number: pull.number, baseSha: pull.baseSha, headSha: pull.headSha, baseRef: pull.baseRef, headRef: pull.headRef } },
        context,
        owner,
        repo,
        sha: pull.headSha,
        ref: `refs/pull/${pull.number}/head`,
        headSha: pull.headSha,
        apiUrl: d.vars.apiUrl,
    };
    const files = {
        outputDir: reportDir,
        sarifDir: listing.sarifDir,
        sarifFiles: accepted,
        sarifLeftOut: {},
        json: listing.findingsJson,
        // The artifact's summary.md is never read: the sinks render the comment and the summary from `report`.
        markdown: '',
        extraFiles: [],
    };
    return {
        report,
        files,
        runEnv,
        uploadTarget: { ref: `refs/pull/${pull.number}/head`, commitSha: pull.headSha },
        notes,
        reportLocation: REPORT_LOCATION,
        run,
        pull,
        refused,
    };
}


/***/ }),

/***/ 19804:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ rebuildReport)
/* harmony export */ });
/* harmony import */ var _findings_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(99971);
/* harmony import */ var _report_build_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90106);
/**
 * A ScanReport rebuilt from a validated findings.json (pure): the findings and the scanner states are the data;
 * counts, byScanner, risk and the gate are recomputed by buildReport with THIS step's `severity` and `fail-on`, and
 * the run context (links, the comment's pull request) is the caller's, never the document's. What the document
 * claimed is compared with what its findings give, and every disagreement is described for the log.
 */


function rebuildReport(doc, o) {
    const byLead = new Map(doc.scanners.map((s) => [s.id, []]));
    // The schema guarantees every source names a scanner of the document. What the run suppressed is a finding again
    // here (the fork's run wrote the document): this checkout's suppressions decide, re-applied by buildReport.
    for (const f of [...doc.findings, ...doc.suppressed]) {
        const { suppression: _s, baseline: _b, firstSeen: _f, ...plain } = f;
        byLead.get(f.sources[0].scanner).push(plain);
    }
    const outcomes = doc.scanners.map((status) => ({ status, findings: byLead.get(status.id) }));
    const built = (0,_report_build_js__WEBPACK_IMPORTED_MODULE_0__/* .buildReport */ .F)(outcomes, {
        scanners: doc.scanners.map((s) => s.id),
        severities: o.severities,
        failOn: o.failOn,
        ...(o.failurePolicy ? { failurePolicy: o.failurePolicy } : {}),
        ...(o.suppressions ? { suppressions: o.suppressions } : {}),
        ...(o.now ? { now: o.now } : {}),
        ...(o.baseline ? { baseline: o.baseline } : {}),
        ...(o.failOnNewOnly ? { failOnNewOnly: true } : {}),
        ...(o.blockReasons?.length ? { blockReasons: o.blockReasons } : {}),
        ...(o.changedFiles ? { changedFiles: o.changedFiles } : {}),
        // The document's fingerprints are its writer's: each report is scoped on its own (see scopeEachReport).
        scopeEachReport: true,
    }, o.context);
    // What the scan run merged and filtered before writing the document cannot be recomputed from it: carried over.
    const report = {
        ...built,
        accounting: {
            ...built.accounting,
            merged: built.accounting.merged + doc.accounting.merged,
            filteredBySeverity: built.accounting.filteredBySeverity + doc.accounting.filteredBySeverity,
        },
    };
    const disagreements = [];
    const said = (what, claimed, actual) => {
        if (claimed !== actual)
            disagreements.push(`findings.json says ${what} ${claimed}; its findings and scanner states give ${actual}.`);
    };
    said('decision', doc.decision, report.gate.decision);
    if (doc.gate.decision !== doc.decision)
        said('gate.decision', doc.gate.decision, report.gate.decision);
    said('risk', doc.risk, report.risk);
    said('total', doc.total, report.total);
    for (const s of _findings_model_js__WEBPACK_IMPORTED_MODULE_1__/* .SEVERITIES */ .oC)
        said(`counts.${s}`, doc.counts[s], report.counts[s]);
    if (doc.gate.failOn !== o.failOn) {
        disagreements.push(`findings.json was gated with fail-on '${doc.gate.failOn}'; this step recomputes the decision with fail-on '${o.failOn}'.`);
    }
    return { report, disagreements };
}


/***/ })

};

//# sourceMappingURL=543.index.js.map