export const id = 859;
export const ids = [859];
export const modules = {

/***/ 859:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mergeMode: () => (/* binding */ mergeMode)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/github/sinks.ts + 11 modules
var github_sinks = __webpack_require__(22941);
// EXTERNAL MODULE: ./src/scanners/registry.ts + 51 modules
var registry = __webpack_require__(71727);
// EXTERNAL MODULE: ./src/scanners/process.ts
var process = __webpack_require__(59278);
// EXTERNAL MODULE: ./src/sinks.ts
var src_sinks = __webpack_require__(2895);
// EXTERNAL MODULE: ./src/version.ts + 1 modules
var version = __webpack_require__(71013);
// EXTERNAL MODULE: ./src/pipeline.ts + 3 modules
var pipeline = __webpack_require__(17771);
// EXTERNAL MODULE: ./src/publish/rebuild.ts
var rebuild = __webpack_require__(19804);
// EXTERNAL MODULE: ./src/insights/index.ts + 7 modules
var insights = __webpack_require__(63973);
// EXTERNAL MODULE: ./src/remediate/upgrades.ts
var upgrades = __webpack_require__(82871);
// EXTERNAL MODULE: ./src/report/build.ts + 1 modules
var build = __webpack_require__(90106);
// EXTERNAL MODULE: ./src/report/output-dir-fs.ts + 1 modules
var output_dir_fs = __webpack_require__(65269);
// EXTERNAL MODULE: ./src/report/write.ts + 11 modules
var write = __webpack_require__(42851);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/findings/merge.ts
var merge = __webpack_require__(3086);
// EXTERNAL MODULE: ./src/modes/matrix.ts
var matrix = __webpack_require__(3055);
;// CONCATENATED MODULE: ./src/modes/merge.ts










const WORST = ['failed', 'unavailable', 'ok', 'skipped'];
/** The shards' policy reasons in the merged gate: at most this many, each at most this long (the rest are counted). */
const SHARD_REASONS_SHOWN = 5;
const SHARD_REASON_SHOWN_CHARS = 1_000;
/** One status per scanner over the shards (pure): the worst state, the errors named by shard, counts summed. */
function combineStatuses(shards) {
    const byId = new Map();
    for (const s of shards) {
        for (const st of s.document.scanners) {
            const error = st.state === 'failed' || st.state === 'unavailable' ? `shard ${s.key}: ${st.error ?? st.state}` : undefined;
            const seen = byId.get(st.id);
            if (!seen) {
                byId.set(st.id, { status: { ...st }, errors: error ? [error] : [] });
                continue;
            }
            const a = seen.status;
            if (error)
                seen.errors.push(error);
            const state = WORST.indexOf(st.state) < WORST.indexOf(a.state) ? st.state : a.state;
            seen.status = {
                ...a,
                state,
                durationMs: Math.max(a.durationMs, st.durationMs),
                rawCount: a.rawCount + st.rawCount,
                ...(a.filtered !== undefined || st.filtered !== undefined ? { filtered: (a.filtered ?? 0) + (st.filtered ?? 0) } : {}),
                ...(a.version ?? st.version ? { version: (a.version ?? st.version) } : {}),
            };
        }
    }
    return [...byId.values()].map(({ status, errors }) => {
        const { error: _e, ...rest } = status;
        return errors.length > 0 ? { ...rest, error: errors.join('; ') } : rest;
    });
}
/** The shards as one document (for rebuildReport): its summary fields are the first shard's and are not used. */
function combineDocuments(shards) {
    const first = shards[0].document;
    const sum = (k) => shards.reduce((n, s) => n + s.document.accounting[k], 0);
    return {
        ...first,
        scanners: combineStatuses(shards),
        findings: shards.flatMap((s) => s.document.findings),
        suppressed: shards.flatMap((s) => s.document.suppressed),
        accounting: { ...first.accounting, merged: sum('merged'), filteredBySeverity: sum('filteredBySeverity') },
    };
}
/** Sentences naming the shards that are missing from `expected` (pure). */
function missingShards(expected, found, refused) {
    if (!expected)
        return found.length === 0 && refused.length === 0 ? ['No shard report was found: every shard job failed before uploading, or the merge job ran before them (add needs: <the shard job>).'] : [];
    if ('count' in expected) {
        const got = found.length;
        if (got < expected.count)
            return [`${expected.count - got} of the ${expected.count} expected shards did not upload a report that could be read (found: ${found.length > 0 ? found.join(', ') : 'none'}).`];
        // More than expected: a shard nobody planned could stand in for one that never reported, so the count proves nothing.
        if (got > expected.count)
            return [`${got} shards uploaded a report but expected-shards is ${expected.count} (found: ${found.join(', ')}), so a missing shard cannot be told from an extra one; list the shard keys in expected-shards (one a line) instead of a count.`];
        return [];
    }
    return expected.keys.filter((k) => !found.includes(k) && !refused.some((r) => r.shard === JSON.stringify(k))).map((k) => `Shard '${k}' never uploaded its report.`);
}
/** How many fingerprint conflicts the gate names (the rest are counted). */
const CONFLICTS_SHOWN = 3;
/**
 * The shards' reports that share a fingerprint but not the finding it stands for (kind, path or target). A
 * fingerprint is computed from those fields, so honest legs running this action never disagree on them: a
 * disagreement means a leg's findings.json was written to borrow another report's fingerprint (a pull request's code
 * ran in that leg). Each is a gate reason, naming the shards; at most CONFLICTS_SHOWN are spelled out.
 */
function fingerprintConflicts(shards) {
    const place = (f) => (0,report_escape/* truncate */.xv)(`${f.kind} at ${f.location.path ?? f.location.target ?? 'no path'}${f.location.path !== undefined && f.location.target !== undefined ? ` (${f.location.target})` : ''}`, 200);
    const first = new Map();
    const named = new Set(); // one reason per fingerprint
    const conflicts = [];
    for (const s of shards) {
        for (const f of [...s.document.findings, ...s.document.suppressed]) {
            const key = (0,merge/* documentFoldKey */.I)(f);
            const seen = first.get(f.fingerprint);
            if (!seen)
                first.set(f.fingerprint, { key, shard: s.key, place: place(f) });
            else if (seen.key !== key && !named.has(f.fingerprint)) {
                named.add(f.fingerprint);
                conflicts.push(`Shard ${JSON.stringify(seen.shard)} reports fingerprint ${(0,report_escape/* truncate */.xv)(f.fingerprint, 64)} as ${seen.place} and shard ${JSON.stringify(s.key)} as ${place(f)}: a report that does not match its fingerprint was written to stand in for another (re-run those legs).`);
            }
        }
    }
    return (0,matrix/* atMost */.Tu)(conflicts, CONFLICTS_SHOWN, (n) => `${n} more fingerprint(s) are reported as different findings by different reports (see the log).`);
}
async function mergeShards(d) {
    const { logger, read } = d;
    const known = new Set(d.registry.map((s) => s.id));
    const refused = [...read.refused];
    const shards = [];
    for (const s of read.shards) {
        const unknown = s.document.scanners.find((st) => !known.has(st.id));
        if (unknown)
            refused.push({ shard: JSON.stringify(s.key), reason: `its findings.json names scanner ${JSON.stringify(unknown.id.slice(0, 60))}, which this action does not have` });
        else
            shards.push(s);
    }
    for (const r of refused)
        logger.warning(`Refused shard ${r.shard}: ${r.reason}. The merge blocks.`);
    logger.info(`Merging ${shards.length} shard report(s) from ${read.source}: ${shards.map((s) => s.key).join(', ') || 'none'}.`);
    // A shard in which no scanner produced a result scanned nothing (an empty report stands for its leg): as in a scan
    // job, that blocks, whatever failure-policy says.
    const noResult = shards
        .filter((s) => !s.document.scanners.some((st) => st.state === 'ok'))
        .map((s) => `Shard ${JSON.stringify(s.key)}: no scanner produced a result (${s.document.scanners.map((st) => `${st.id} ${st.state}`).join(', ') || 'it lists no scanner'}), so what that leg should have scanned was not scanned — re-run that leg.`);
    // A leg the policy blocked (shard.json's blockReasons): the merged gate is recomputed from the findings, and those
    // reasons hold whatever the findings say, so they block here too. A shard wrote them (a pull request's code ran in
    // its job): they are gate reasons only (escaped where rendered), and at most SHARD_REASONS_SHOWN of them, so that
    // shards cannot crowd the findings out of the comment's budget; the rest are counted, and each leg's log has them.
    const shardReasons = shards.flatMap((s) => (s.blockReasons ?? []).map((r) => `Shard ${JSON.stringify(s.key)}: ${(0,report_escape/* truncate */.xv)(r, SHARD_REASON_SHOWN_CHARS)}`));
    const blockedLegs = shards.filter((s) => s.blockReasons?.length).map((s) => s.key);
    const policyBlocked = (0,matrix/* atMost */.Tu)(shardReasons, SHARD_REASONS_SHOWN, (n) => `The policy blocked shard${blockedLegs.length > 1 ? 's' : ''} ${blockedLegs.join(', ')} for ${n} more reason(s) (see those legs' logs).`);
    const conflicts = fingerprintConflicts(shards);
    for (const c of conflicts)
        logger.warning(c);
    const problems = [
        ...refused.map((r) => `Shard ${r.shard} was refused: ${r.reason}; its findings are not in this report — re-run that leg.`),
        ...missingShards(d.expected, shards.map((s) => s.key), refused),
        ...noResult,
    ];
    const extra = d.expected && 'keys' in d.expected ? shards.map((s) => s.key).filter((k) => !d.expected.keys.includes(k)) : [];
    const extraNote = extra.length > 0 ? [`Shard${extra.length > 1 ? 's' : ''} ${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} not in expected-shards; merged anyway.`] : [];
    const failedIn = shards.filter((s) => s.document.scanners.some((st) => st.state === 'failed' || st.state === 'unavailable')).map((s) => s.key);
    const gateSettings = {
        severities: d.settings.scan.severities,
        failOn: d.settings.gate.failOn,
        failurePolicy: d.settings.gate.failurePolicy,
        ...(d.blockReasons?.length ? { blockReasons: d.blockReasons } : {}),
    };
    // Every shard refused or missing: an empty report of no scanner (its gate blocks), so the refusals are still
    // written into findings.json, the summary and the comment.
    let report = shards.length > 0
        ? (0,rebuild/* rebuildReport */.K)(combineDocuments(shards), {
            ...gateSettings,
            context: d.context,
            now: d.now().toISOString(),
            ...(d.suppressions ? { suppressions: d.suppressions } : {}),
            ...(d.baseline ? { baseline: d.baseline } : {}),
            ...(d.settings.gate.failOnNewOnly ? { failOnNewOnly: true } : {}),
            ...(d.changedFiles ? { changedFiles: d.changedFiles } : {}),
        }).report
        : (0,build/* buildReport */.F)([], { ...gateSettings, scanners: [], now: d.now().toISOString() }, d.context);
    const notes = [`Merged from ${shards.length} shard${shards.length === 1 ? '' : 's'}: ${shards.map((s) => s.key).join(', ') || 'none'}.`];
    if (failedIn.length > 0)
        notes.push(`A scanner failed in shard${failedIn.length > 1 ? 's' : ''} ${failedIn.join(', ')} (see the scanner table).`);
    notes.push(...extraNote);
    report = {
        ...report,
        notes: [...report.notes, ...(d.policyNotes ?? []), ...notes, ...problems],
        ...(problems.length > 0 || policyBlocked.length > 0 || conflicts.length > 0 ? { gate: { ...report.gate, decision: 'BLOCK', reasons: [...report.gate.reasons, ...problems, ...policyBlocked, ...conflicts] } } : {}),
    };
    // The merged report's insights are computed here, from the merged findings (never taken from a shard).
    const ids = new Set(report.scanners.map((s) => s.id));
    report.insights = (0,insights/* insightsFor */.D8)(report, { now: d.now().toISOString(), compliance: d.settings.extras.compliance, scanners: d.registry.filter((s) => ids.has(s.id)), planUpgrades: upgrades/* planUpgrades */.nM, ...(d.history ? { history: await d.history } : {}) });
    const paths = await (0,pipeline/* planPaths */.A)(d.settings, d.workspace, d.runnerTemp);
    const output = await (0,output_dir_fs/* openOutputDir */.jk)(paths.output, logger);
    try {
        await (0,output_dir_fs/* verifyOutputDir */.Ck)(paths.output);
        const files = await (0,write.writeReports)(report, {
            outputDir: paths.outputDir,
            workspace: paths.workspace,
            tools: d.registry.filter((s) => ids.has(s.id)).map((s) => ({ id: s.id, displayName: s.displayName, informationUri: s.informationUri })),
            categoryPrefix: d.settings.publish.categoryPrefix,
            generatedAt: d.now().toISOString(),
            tool: d.tool,
            ...(d.ref ? { ref: d.ref } : {}),
            logger,
        });
        return { report, files, release: () => output.release(), notes: [] };
    }
    catch (e) {
        await output.release();
        throw e;
    }
}

// EXTERNAL MODULE: ./src/outputs.ts
var outputs = __webpack_require__(7729);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(92857);
// EXTERNAL MODULE: ./src/fs/zip-entries.ts
var zip_entries = __webpack_require__(87785);
// EXTERNAL MODULE: ./src/publish/artifact.ts
var artifact = __webpack_require__(67625);
// EXTERNAL MODULE: ./src/report/schema.ts + 1 modules
var schema = __webpack_require__(35789);
// EXTERNAL MODULE: ./src/modes/shard.ts
var modes_shard = __webpack_require__(75620);
;// CONCATENATED MODULE: ./src/modes/shards-read.ts
/**
 * The shard reports a `mode: merge` job reads: one directory per shard artifact, named `security-scan-shard-<key>`,
 * as actions/download-artifact leaves them with `pattern:` (and without `merge-multiple`), under `shards-dir`; or, when
 * `shards-dir` is empty, downloaded from this workflow run through the API (`actions: read`): each artifact's zip is
 * saved unextracted and only its shard.json and findings.json are taken out, inflated within their bounds (extractShardZip),
 * so neither a zip bomb nor a zip-slip entry is ever written.
 *
 * A shard artifact is hostile (a pull request's code ran in the shard job): only shard.json and findings.json are
 * read — each a regular file opened without following links, within a size bound —; a shard directory that is a
 * symlink is refused; findings.json must pass the report schema (report/schema.ts); shard.json must name the key of
 * the artifact it came in (a shard cannot speak for another); a key seen twice is refused. Every refusal is a sentence
 * naming the shard and what was wrong; the merge blocks on it.
 */










// shard.json holds the leg's matrix values (input matrix: at most 64 KiB of JSON, escaped once more here).
const SHARD_FILE_MAX_BYTES = 512 * 1024;
const shardFileSchema = schemas/* strictObject */.rej({
    schema: schemas/* literal */.euz(modes_shard/* SHARD_SCHEMA */.Bp),
    key: schemas/* string */.YjP(),
    matrix: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* string */.YjP()).optional(),
    blockReasons: schemas/* array */.YOg(schemas/* string */.YjP().max(modes_shard/* SHARD_BLOCK_REASON_MAX_CHARS */.FG)).max(modes_shard/* SHARD_BLOCK_REASONS_MAX */.Ik).optional(),
});
/**
 * A shard key as the notes name it: quoted and whole. A key is at most 100 characters (KEY_PATTERN); quote() cuts at
 * 80, so two keys alike in their first 80 read as one shard, one's refusal was taken for the other's and dropped,
 * and expected-shards (which compares the whole key) called a refused shard one that never uploaded.
 */
function shardName(key) {
    return JSON.stringify((0,report_escape/* truncate */.xv)((0,report_escape/* plainText */.wh)(key), 120));
}
/** Reads one shard directory (already known to be a real directory named `<prefix><key>`). */
async function readShard(dir, key, limits) {
    const shard = shardName(key);
    const manifest = await (0,artifact/* readRegularFile */.XF)((0,external_node_path_.join)(dir, modes_shard/* SHARD_FILE */.aL), SHARD_FILE_MAX_BYTES);
    if (!manifest.ok)
        return { shard, reason: `its ${modes_shard/* SHARD_FILE */.aL} ${manifest.reason}` };
    let claimed;
    try {
        const r = shardFileSchema.safeParse(JSON.parse(manifest.text));
        if (!r.success)
            return { shard, reason: `its ${modes_shard/* SHARD_FILE */.aL} is not a security-scan shard file (${modes_shard/* SHARD_SCHEMA */.Bp})` };
        claimed = r.data;
    }
    catch {
        return { shard, reason: `its ${modes_shard/* SHARD_FILE */.aL} is not JSON` };
    }
    if (claimed.key !== key)
        return { shard, reason: `its ${modes_shard/* SHARD_FILE */.aL} claims to be shard ${(0,schema/* quote */.hD)(claimed.key.slice(0, 120))}, not the shard its artifact is named for` };
    const text = await (0,artifact/* readRegularFile */.XF)((0,external_node_path_.join)(dir, 'findings.json'), limits.maxFindingsBytes ?? artifact/* MAX_FINDINGS_BYTES */.o9);
    if (!text.ok)
        return { shard, reason: `its findings.json ${text.reason}` };
    const parsed = (0,schema/* parseFindingsDocument */.FV)(text.text);
    if (!parsed.ok)
        return { shard, reason: `its findings.json is not a valid security-scan report: ${parsed.problems.slice(0, 5).join('; ')}${parsed.problems.length > 5 ? '; …' : ''}` };
    return { key, document: parsed.document, ...(claimed.blockReasons?.length ? { blockReasons: claimed.blockReasons } : {}) };
}
/** Every `security-scan-shard-*` entry of `dir`, read and checked. Other entries are ignored (named in the log). */
async function readShardsDir(dir, logger, limits = {}) {
    const shards = [];
    const refused = [];
    let entries;
    try {
        entries = (await (0,promises_.readdir)(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    catch (e) {
        const code = e.code;
        return { shards, refused: [{ shard: (0,schema/* quote */.hD)(dir), reason: code === 'ENOENT' ? 'the shards directory does not exist' : `the shards directory cannot be read (${code ?? (0,errors/* errorMessage */.gJ)(e)})` }], source: dir };
    }
    const ignored = [];
    const seen = new Set();
    for (const e of entries) {
        if (!e.name.startsWith(modes_shard/* SHARD_ARTIFACT_PREFIX */.$8)) {
            ignored.push((0,schema/* quote */.hD)(e.name));
            continue;
        }
        const key = e.name.slice(modes_shard/* SHARD_ARTIFACT_PREFIX */.$8.length);
        const shard = shardName(key);
        if (!matrix/* KEY_PATTERN */.bn.test(key)) {
            refused.push({ shard: (0,schema/* quote */.hD)(e.name.slice(0, 120)), reason: 'its artifact name is not a shard key (1 to 100 letters, digits, . _ - = ,)' });
            continue;
        }
        let st;
        try {
            st = await (0,promises_.lstat)((0,external_node_path_.join)(dir, e.name));
        }
        catch (err) {
            refused.push({ shard, reason: `its directory cannot be read (${err.code ?? (0,errors/* errorMessage */.gJ)(err)})` });
            continue;
        }
        if (st.isSymbolicLink()) {
            refused.push({ shard, reason: 'its directory is a symbolic link' });
            continue;
        }
        if (!st.isDirectory()) {
            refused.push({ shard, reason: 'it is not a directory (download the shard artifacts without merge-multiple)' });
            continue;
        }
        if (seen.has(key)) {
            refused.push({ shard, reason: 'the key is there twice' });
            continue;
        }
        seen.add(key);
        const r = await readShard((0,external_node_path_.join)(dir, e.name), key, limits);
        if ('document' in r)
            shards.push(r);
        else
            refused.push(r);
    }
    if (ignored.length > 0)
        logger.info(`Not shard artifacts, not read: ${ignored.slice(0, 20).join(', ')}${ignored.length > 20 ? ', …' : ''}.`);
    return { shards, refused, source: dir };
}
/**
 * `shards-dir` on its real path: inside the workspace or RUNNER_TEMP (download-artifact's `path`), never through a
 * symlink to elsewhere. Returns the directory or a refusal sentence.
 */
async function resolveShardsDir(value, workspace, runnerTemp) {
    const text = (0,external_node_path_.resolve)(workspace, value);
    let real;
    try {
        real = await (0,promises_.realpath)(text);
    }
    catch {
        return { error: `Input 'shards-dir' is '${value}', but ${text} does not exist; download the shard artifacts there (actions/download-artifact with pattern: ${modes_shard/* SHARD_ARTIFACT_PREFIX */.$8}* and path: ${value}).` };
    }
    const roots = [await (0,promises_.realpath)(workspace).catch(() => (0,external_node_path_.resolve)(workspace)), ...(runnerTemp ? [await (0,promises_.realpath)(runnerTemp).catch(() => (0,external_node_path_.resolve)(runnerTemp))] : [])];
    const inside = roots.some((root) => {
        const rel = (0,external_node_path_.relative)(root, real);
        return !rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel);
    });
    if (!inside)
        return { error: `Input 'shards-dir' is '${value}', which leads outside the workspace and RUNNER_TEMP (to ${real}); use a directory inside the workspace.` };
    return { dir: real };
}
/**
 * Writes shard.json and findings.json of a downloaded shard zip into `into`, each within its bound
 * (fs/zip-entries.ts): a zip bomb or a zip-slip entry (`../x`, `/x`) is never extracted. Returns a refusal reason, or
 * undefined.
 */
function extractShardZip(zipFile, into, maxFindingsBytes) {
    return (0,zip_entries/* extractZipEntries */.F)(zipFile, into, { [modes_shard/* SHARD_FILE */.aL]: SHARD_FILE_MAX_BYTES, 'findings.json': maxFindingsBytes }, maxFindingsBytes);
}
async function defaultDownloader() {
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(477), __webpack_require__.e(110), __webpack_require__.e(913), __webpack_require__.e(518)]).then(__webpack_require__.bind(__webpack_require__, 56518));
    return new DefaultArtifactClient();
}
/** Lists this run's `security-scan-shard-*` artifacts, downloads each into its own directory, and reads them. */
async function downloadRunShards(d) {
    const source = `the artifacts of workflow run ${d.runId}`;
    const artifacts = [];
    try {
        const pages = d.client.paginate.iterator(d.client.rest.actions.listWorkflowRunArtifacts, { owner: d.owner, repo: d.repo, run_id: d.runId, per_page: 100 });
        for await (const page of pages) {
            for (const a of page.data) {
                if (typeof a.name !== 'string' || !a.name.startsWith(modes_shard/* SHARD_ARTIFACT_PREFIX */.$8) || a.expired === true)
                    continue;
                if (typeof a.id !== 'number' || !Number.isSafeInteger(a.id) || a.id <= 0)
                    continue;
                artifacts.push({ id: a.id, name: a.name, ...(typeof a.size_in_bytes === 'number' ? { size: a.size_in_bytes } : {}) });
            }
        }
    }
    catch (e) {
        return { shards: [], refused: [{ shard: (0,schema/* quote */.hD)(`run ${d.runId}`), reason: `its artifacts could not be listed (${(0,errors/* errorMessage */.gJ)(e)}); give the job permissions: actions: read, or download them with actions/download-artifact and set shards-dir` }], source };
    }
    const root = await (0,promises_.mkdtemp)((0,external_node_path_.join)(d.tempRoot, 'security-scan-shards-'));
    const zips = await (0,promises_.mkdtemp)((0,external_node_path_.join)(d.tempRoot, 'security-scan-shard-zips-'));
    const refused = [];
    const max = d.limits?.maxFindingsBytes ?? artifact/* MAX_FINDINGS_BYTES */.o9;
    // A key that two artifacts claim is refused outright: which of them is the leg's own cannot be told.
    const claims = new Map();
    for (const a of artifacts)
        claims.set(a.name, [...(claims.get(a.name) ?? []), a.id]);
    for (const a of artifacts) {
        const key = shardName(a.name.slice(modes_shard/* SHARD_ARTIFACT_PREFIX */.$8.length, modes_shard/* SHARD_ARTIFACT_PREFIX */.$8.length + 120));
        const ids = claims.get(a.name);
        if (ids.length > 1) {
            if (ids[0] === a.id)
                refused.push({ shard: key, reason: `the key is there twice (artifacts ${ids.join(', ')}), so neither is read` });
            continue;
        }
        if (!matrix/* KEY_PATTERN */.bn.test(a.name.slice(modes_shard/* SHARD_ARTIFACT_PREFIX */.$8.length))) {
            refused.push({ shard: key, reason: 'its artifact name is not a shard key (1 to 100 letters, digits, . _ - = ,)' });
            continue;
        }
        if (a.size !== undefined && a.size > max) {
            refused.push({ shard: key, reason: `its artifact is ${a.size.toLocaleString('en-US')} bytes, more than the ${max.toLocaleString('en-US')} read` });
            continue;
        }
        const into = (0,external_node_path_.join)(root, a.name);
        await (0,promises_.mkdir)(into);
        // The zip is saved as it is (not extracted by the client) and only its two files are taken out, bounded.
        const zipDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(zips, 'zip-'));
        try {
            const downloader = await (d.loadDownloader ?? defaultDownloader)();
            await downloader.downloadArtifact(a.id, { path: zipDir, skipDecompress: true, findBy: { token: d.token, workflowRunId: d.runId, repositoryOwner: d.owner, repositoryName: d.repo } });
        }
        catch (e) {
            refused.push({ shard: key, reason: `its artifact could not be downloaded (${(0,errors/* errorMessage */.gJ)(e)})` });
            continue;
        }
        const saved = await (0,promises_.readdir)(zipDir);
        const problem = saved.length !== 1 ? `its download left ${saved.length} files, not one zip` : await extractShardZip((0,external_node_path_.join)(zipDir, saved[0]), into, max);
        await (0,promises_.rm)(zipDir, { recursive: true, force: true });
        if (problem)
            refused.push({ shard: key, reason: problem });
    }
    await (0,promises_.rm)(zips, { recursive: true, force: true });
    const read = await readShardsDir(root, d.logger, d.limits);
    const failedNames = new Set(refused.map((r) => r.shard));
    return { shards: read.shards, refused: [...refused, ...read.refused.filter((r) => !failedNames.has(r.shard))], source };
}

;// CONCATENATED MODULE: ./src/modes/merge-step.ts
/**
 * `mode: merge` as a step (main.ts dispatches here): reads the shards (shards-dir, or this run's artifacts), merges
 * them (merge.ts), publishes once through the GitHub sinks and applies the gate once.
 */










async function mergeMode(d) {
    const { settings, logger, runEnv } = d;
    const core = d.step;
    let read;
    if (settings.publish.shardsDir !== '') {
        const dir = await resolveShardsDir(settings.publish.shardsDir, d.workspace, d.vars.RUNNER_TEMP);
        if ('error' in dir)
            throw new errors/* ConfigurationError */.j1(dir.error);
        read = await readShardsDir(dir.dir, logger);
    }
    else {
        const runId = Number(d.vars.GITHUB_RUN_ID);
        if (!d.client || !runEnv.owner || !runEnv.repo || !Number.isSafeInteger(runId) || runId <= 0) {
            throw new errors/* ConfigurationError */.j1("Input 'mode' is 'merge' and input 'shards-dir' is empty, so the shards are downloaded from this run, which needs GITHUB_RUN_ID and input 'github-token' (actions: read); or download them with actions/download-artifact and set shards-dir.");
        }
        read = await downloadRunShards({ client: d.client, token: d.token, owner: runEnv.owner, repo: runEnv.repo, runId, tempRoot: d.vars.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), logger });
    }
    const merged = await mergeShards({
        settings,
        ...(d.suppressions ? { suppressions: d.suppressions } : {}),
        registry: registry/* SCANNERS */.K,
        read,
        expected: settings.publish.expectedShards,
        context: runEnv.context,
        workspace: d.workspace,
        ...(d.vars.RUNNER_TEMP ? { runnerTemp: d.vars.RUNNER_TEMP } : {}),
        now: () => new Date(),
        tool: version/* TOOL */.j,
        ...(runEnv.ref ? { ref: runEnv.ref } : {}),
        logger,
        ...(d.baseline ? { baseline: d.baseline } : {}),
        ...(d.blockReasons?.length ? { blockReasons: d.blockReasons } : {}),
        ...(d.policyNotes?.length ? { policyNotes: d.policyNotes } : {}),
        ...(d.history ? { history: d.history } : {}),
        ...(d.changedFiles ? { changedFiles: d.changedFiles } : {}),
    });
    const { report, files } = merged;
    // The merge writes no patch: its outputs read like a scan job's.
    (0,outputs/* setReportOutputs */.v)(core.setOutput, report, files);
    const sinks = (0,github_sinks.githubSinks)({
        settings: settings.publish,
        runEnv,
        workspace: d.workspace,
        client: d.client,
        emit: core.emit,
        writeSummary: core.writeSummary,
        runner: process/* processRunner */.qc,
        startedAt: d.startedAt,
        artifactEnv: d.vars,
        onSarifIds: (ids) => core.setOutput('sarif-ids', ids.join(',')),
        // The merged baseline is the one later pull requests' merge jobs compare with (the shards upload none).
        ...(d.baselineArtifact !== undefined ? { baselineArtifact: d.baselineArtifact } : {}),
        only: ['summary', 'annotations', 'code-scanning', 'comment', 'artifact', 'baseline-artifact'],
    });
    try {
        await (0,src_sinks/* runSinks */.y)(sinks, { report, files, logger, notes: [...merged.notes] });
    }
    finally {
        await merged.release();
    }
    if (report.gate.decision === 'BLOCK')
        core.setFailed(`security-scan blocked this change: ${report.gate.reasons.join(' ')}`);
    else
        logger.info(`security-scan merge: PROCEED (${report.total} finding(s) over the shards).`);
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

//# sourceMappingURL=859.index.js.map