export const id = 905;
export const ids = [905];
export const modules = {

/***/ 63905:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadTrendHistory: () => (/* binding */ loadTrendHistory)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _findings_model_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(99971);
/* harmony import */ var _findings_sort_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(52712);
/* harmony import */ var _report_baseline_schema_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5607);
/* harmony import */ var _report_escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(14031);
/* harmony import */ var _baseline_artifact_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3387);
/* harmony import */ var _http_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(97583);
/**
 * The trends' history: counts per severity of the default branch's latest baselines — the `baseline-artifact`
 * artifacts that push runs of this workflow on the default branch upload (baseline: auto) — oldest first.
 *   GET /repos/{o}/{r}/actions/workflows/{file}/runs?branch=D&event=push&status=completed  (newest first, one page)
 *   GET /repos/{o}/{r}/actions/runs/{id}/artifacts?name=N                                  (per run, until N are read)
 *   @actions/artifact downloadArtifact(id, { findBy }) → baseline.json → its `counts` (entries counted when absent)
 * Bounded: at most `limit` downloads (config file report.trendHistory, default 10, at most 50), each artifact at most
 * MAX_BASELINE_BYTES, one page of runs. The same trust rule as the baseline (baseline-artifact.ts distrust): only
 * completed push runs of the default branch of this repository count. An artifact that cannot be read (too large,
 * not a zip, no baseline.json, not a baseline) is skipped and named in `skipped`; nothing here throws.
 */







const none = (reason) => ({ points: [], reason });
/** Loads the history; never throws (a failure is no history with the reason). */
async function loadTrendHistory(d) {
    try {
        const h = await lookup(d);
        if (h.skipped?.length)
            for (const s of h.skipped)
                d.logger.warning(`Trends: skipped ${s}`);
        d.logger.info(h.points.length ? `Trends: ${h.points.length} earlier baseline(s) of the default branch read.` : `Trends: ${h.reason ?? 'no history'}`);
        return h;
    }
    catch (e) {
        return none(`the default branch's baselines could not be looked up (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .truncate */ .xv)((0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .plainText */ .wh)((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e)), 300)})`);
    }
}
async function lookup(d) {
    const name = d.artifactName.trim();
    if (d.limit <= 0)
        return none('report.trendHistory is 0 in the config file, so no earlier baselines are read');
    if (name === '')
        return none("input 'baseline-artifact' is empty, so there is no baseline artifact to read the history from");
    if (!d.owner || !d.repo || !d.workflowFile)
        return none('not running in a GitHub Actions workflow (GITHUB_REPOSITORY or GITHUB_WORKFLOW_REF is not set), so there are no earlier runs');
    if (!d.branch)
        return none('the default branch is unknown (the event payload names no repository.default_branch)');
    if (!d.client)
        return none(`input 'github-token' is empty, so the default branch's \`${name}\` artifacts cannot be listed; pass a token with \`actions: read\``);
    const repository = `${d.owner}/${d.repo}`;
    const maxBytes = d.maxArtifactBytes ?? _report_baseline_schema_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_BASELINE_BYTES */ .Zg;
    const access = { client: d.client, token: d.token, owner: d.owner, repo: d.repo, tempRoot: d.tempRoot, ...(d.loadDownloader ? { loadDownloader: d.loadDownloader } : {}) };
    let runs;
    try {
        // Some runs have no artifact (expired, a job without the scan): ask for more runs than baselines wanted.
        runs = await (0,_baseline_artifact_js__WEBPACK_IMPORTED_MODULE_4__/* .listPushRuns */ .n0)(access, d.workflowFile, d.branch, Math.min(100, d.limit * 2 + 1));
    }
    catch (e) {
        const why = (0,_http_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .isHttpError */ .d)(e) && e.status === 403 ? 'the token may not read workflow runs (give the job `permissions: actions: read`)' : (0,_http_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .isHttpError */ .d)(e) ? (0,_http_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .describeHttpError */ .g2)(e, 'other', repository) : (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e);
        return none(`the default branch's runs could not be listed: ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .truncate */ .xv)((0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .plainText */ .wh)(why), 300)}`);
    }
    const points = [];
    const skipped = [];
    let downloads = 0;
    for (const run of runs.slice(0, 100)) {
        if (downloads >= d.limit)
            break;
        if ((0,_baseline_artifact_js__WEBPACK_IMPORTED_MODULE_4__/* .distrust */ .p7)(run, d.branch, repository, d.runId) !== undefined)
            continue;
        const runId = run.id;
        let artifacts;
        try {
            artifacts = await (0,_baseline_artifact_js__WEBPACK_IMPORTED_MODULE_4__/* .listRunArtifacts */ .NG)(access, runId, name);
        }
        catch (e) {
            skipped.push(`run ${runId}: its artifacts could not be listed (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .truncate */ .xv)((0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .plainText */ .wh)((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e)), 200)})`);
            continue;
        }
        const artifact = (0,_baseline_artifact_js__WEBPACK_IMPORTED_MODULE_4__/* .runArtifact */ .g3)(artifacts, name, runId);
        if (!artifact)
            continue;
        const label = `the \`${name}\` artifact of run ${runId}`;
        if (typeof artifact.size_in_bytes !== 'number' || artifact.size_in_bytes > maxBytes) {
            skipped.push(`${label}: it is ${typeof artifact.size_in_bytes === 'number' ? `${artifact.size_in_bytes.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} read` : 'of unknown size'}`);
            continue;
        }
        downloads++;
        const r = await readCounts(access, runId, artifact.id, label, maxBytes);
        if ('skip' in r)
            skipped.push(r.skip);
        else
            points.push({ ...r.point, runId, sha: run.head_sha });
    }
    points.sort((a, b) => (0,_findings_sort_js__WEBPACK_IMPORTED_MODULE_1__/* .cmp */ .r2)(a.at, b.at) || (a.runId ?? 0) - (b.runId ?? 0));
    const also = skipped.length ? { skipped } : {};
    if (points.length === 0) {
        return { points, reason: `no readable \`${name}\` artifact was found in the latest completed push runs of ${d.workflowFile} on ${d.branch}${skipped.length ? ` (${skipped.length} skipped)` : ''}`, ...also };
    }
    return { points, ...also };
}
async function readCounts(access, runId, artifactId, label, maxBytes) {
    const r = await (0,_baseline_artifact_js__WEBPACK_IMPORTED_MODULE_4__/* .fetchBaselineFile */ .MG)(access, runId, artifactId, 'trend-artifact-', maxBytes);
    if ('failed' in r) {
        if (r.failed === 'download')
            return { skip: `${label}: it could not be downloaded (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .truncate */ .xv)((0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .plainText */ .wh)(r.error), 200)})` };
        if (r.failed === 'file')
            return { skip: `${label}: ${_report_baseline_schema_js__WEBPACK_IMPORTED_MODULE_2__/* .BASELINE_FILE */ .tu} ${r.reason}` };
        return { skip: `${label}: ${_report_baseline_schema_js__WEBPACK_IMPORTED_MODULE_2__/* .BASELINE_FILE */ .tu} is not a baseline (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .truncate */ .xv)(r.problems.join('; '), 300)})` };
    }
    // Older baselines have no counts: their entries, suppressed findings included, are counted instead.
    const counts = r.counts ?? Object.fromEntries(_findings_model_js__WEBPACK_IMPORTED_MODULE_6__/* .SEVERITIES */ .oC.map((s) => [s, r.entries.filter((e) => e.severity === s).length]));
    const c = { critical: counts['critical'] ?? 0, high: counts['high'] ?? 0, medium: counts['medium'] ?? 0, low: counts['low'] ?? 0, info: counts['info'] ?? 0 };
    return { point: { at: r.generatedAt, counts: c, total: _findings_model_js__WEBPACK_IMPORTED_MODULE_6__/* .SEVERITIES */ .oC.reduce((n, s) => n + c[s], 0) } };
}


/***/ })

};

//# sourceMappingURL=905.index.js.map