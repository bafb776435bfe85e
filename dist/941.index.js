export const id = 941;
export const ids = [941];
export const modules = {

/***/ 22941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GITHUB_SINK_KINDS: () => (/* binding */ GITHUB_SINK_KINDS),
  githubSinks: () => (/* binding */ githubSinks)
});

// EXTERNAL MODULE: ./src/github/limits.ts
var github_limits = __webpack_require__(71679);
// EXTERNAL MODULE: ./src/report/markdown.ts + 2 modules
var report_markdown = __webpack_require__(69028);
// EXTERNAL MODULE: ./src/findings/model.ts
var model = __webpack_require__(99971);
// EXTERNAL MODULE: ./src/findings/severity.ts
var severity = __webpack_require__(65131);
// EXTERNAL MODULE: ./src/report/escape.ts
var report_escape = __webpack_require__(14031);
// EXTERNAL MODULE: ./src/assess/counts.ts
var counts = __webpack_require__(30888);
;// CONCATENATED MODULE: ./src/github/annotations.ts




const ANNOTATION_LEVEL = {
    critical: 'error',
    high: 'error',
    medium: 'warning',
    low: 'notice',
    info: 'notice',
};
/** GitHub shows at most this many annotations of each level per step. */
const ANNOTATION_LIMITS = { error: 10, warning: 10, notice: 10 };
const MESSAGE_MAX = 1_000;
const TITLE_MAX = 200;
function message(f) {
    const parts = [(0,report_escape/* plainText */.wh)(f.title)];
    if (f.package) {
        const fix = f.package.fixedVersion ? `fixed in ${f.package.fixedVersion}` : 'no fix yet';
        parts.push(`${f.package.name}@${f.package.version} (${fix})`);
    }
    const scanners = (0,model/* scannersOf */.$_)(f).join(', ');
    if (scanners)
        parts.push(`reported by ${scanners}`);
    return (0,report_escape/* truncate */.xv)((0,report_escape/* plainText */.wh)(parts.join(' — ')), MESSAGE_MAX);
}
function properties(f) {
    const { path, startLine, endLine, startColumn, endColumn } = f.location;
    const props = {
        title: (0,report_escape/* truncate */.xv)((0,report_escape/* plainText */.wh)(`${severity/* ICON */.kb[f.severity]} ${severity/* LABEL */.d_[f.severity]}: ${f.ruleId}`), TITLE_MAX),
        file: path,
    };
    if (startLine !== undefined && startLine > 0) {
        props.startLine = startLine;
        props.endLine = endLine !== undefined && endLine >= startLine ? endLine : startLine;
        // Columns are only meaningful on a single line.
        if (props.endLine === startLine && startColumn !== undefined && startColumn > 0) {
            props.startColumn = startColumn;
            if (endColumn !== undefined && endColumn >= startColumn)
                props.endColumn = endColumn;
        }
    }
    return props;
}
function annotate(findings, emit, options = {}) {
    const limits = options.limits ?? ANNOTATION_LIMITS;
    // One pass, no sort: per severity, how many findings there are, how many sit in workspace files, and the first
    // of those (as many as their level can show), in the order given. Most severe first within a level, then that
    // order: what a stable sort by severity gave, without sorting 100k findings for 30 annotations.
    const total = (0,counts/* emptyCounts */.W1)();
    const inFile = (0,counts/* emptyCounts */.W1)();
    const firstInFile = Object.fromEntries(model/* SEVERITIES */.oC.map((s) => [s, []]));
    for (const f of findings) {
        total[f.severity] += 1;
        if (typeof f.location.path !== 'string' || f.location.path === '')
            continue;
        inFile[f.severity] += 1;
        const kept = firstInFile[f.severity];
        if (kept.length < limits[ANNOTATION_LEVEL[f.severity]])
            kept.push(f);
    }
    const levelOf = (level) => model/* SEVERITIES */.oC.filter((s) => ANNOTATION_LEVEL[s] === level);
    const inFileAt = (level) => levelOf(level).reduce((n, s) => n + inFile[s], 0);
    const inFiles = model/* SEVERITIES */.oC.reduce((n, s) => n + inFile[s], 0);
    // A notice slot is reserved for the summary when anything at all would be left out.
    const overflow = findings.length > inFiles || inFileAt('error') > limits.error || inFileAt('warning') > limits.warning || inFileAt('notice') > limits.notice;
    const cap = {
        error: limits.error,
        warning: limits.warning,
        notice: overflow ? Math.max(0, limits.notice - 1) : limits.notice,
    };
    const emitted = { error: 0, warning: 0, notice: 0 };
    const annotatedBySeverity = (0,counts/* emptyCounts */.W1)();
    for (const level of ['error', 'warning', 'notice']) {
        for (const f of levelOf(level).flatMap((s) => firstInFile[s]).slice(0, cap[level])) {
            emit[level](message(f), properties(f));
            emitted[level] += 1;
            annotatedBySeverity[f.severity] += 1;
        }
    }
    const notAnnotated = (0,counts/* emptyCounts */.W1)();
    for (const s of model/* SEVERITIES */.oC)
        notAnnotated[s] = total[s] - annotatedBySeverity[s];
    const left = model/* SEVERITIES */.oC.reduce((n, s) => n + notAnnotated[s], 0);
    let summaryNotice = false;
    if (left > 0 && limits.notice > 0) {
        const per = model/* SEVERITIES */.oC.filter((s) => notAnnotated[s] > 0)
            .map((s) => `${severity/* LABEL */.d_[s]} ${notAnnotated[s]}`)
            .join(', ');
        const where = options.reportLocation ?? 'the job summary and the report artifact';
        emit.notice(`${left} more finding${left === 1 ? '' : 's'} not annotated (${per}): GitHub shows at most ` +
            `${limits.error} errors, ${limits.warning} warnings and ${limits.notice} notices per step, and only findings ` +
            `in workspace files get one. All findings are in ${where}.`, { title: 'security-scan: more findings in the report' });
        emitted.notice += 1;
        summaryNotice = true;
    }
    return { emitted, notAnnotated, summaryNotice };
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/github/artifacts.ts

async function defaultClient() {
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(477), __webpack_require__.e(110), __webpack_require__.e(913), __webpack_require__.e(518)]).then(__webpack_require__.bind(__webpack_require__, 56518));
    return new DefaultArtifactClient();
}
function hint(message, name, input = 'artifact-name') {
    if (/already exists/i.test(message)) {
        return ` An artifact named "${name}" already exists in this workflow run: give each job (and matrix leg) its own \`${input}\`.`;
    }
    if (/not currently supported on GHES/i.test(message)) {
        return ' GitHub Enterprise Server does not support this artifact service yet; set `' + input + '` to an empty value to skip it.';
    }
    if (/storage quota/i.test(message)) {
        return ' Free storage (delete old artifacts) or lower `retention-days`.';
    }
    return '';
}
/**
 * Uploads the report files as one workflow artifact. An empty name skips it. Outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN /
 * ACTIONS_RESULTS_URL) it skips with a notice; any failure becomes a warning. Never throws.
 */
async function uploadReports(o) {
    const { what, input } = o.kind ?? { what: 'report artifact', input: 'artifact-name' };
    const What = what.charAt(0).toUpperCase() + what.slice(1);
    if (o.name.trim() === '') {
        const reason = `${What} not uploaded: \`${input}\` is empty.`;
        o.logger.info(reason);
        return { status: 'skipped', reason };
    }
    if (!o.env['ACTIONS_RUNTIME_TOKEN'] || !o.env['ACTIONS_RESULTS_URL']) {
        const reason = `${What} not uploaded: not running inside GitHub Actions (ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL are not set). ` +
            `The reports are in ${o.rootDir}.`;
        (o.logger.notice ?? o.logger.info).call(o.logger, reason);
        return { status: 'skipped', reason };
    }
    if (o.files.length === 0) {
        const reason = `${What} not uploaded: there are no report files.`;
        o.logger.info(reason);
        return { status: 'skipped', reason };
    }
    try {
        const client = await (o.loadClient ?? defaultClient)();
        const upload = () => client.uploadArtifact(o.name, [...o.files], o.rootDir, o.retentionDays !== undefined ? { retentionDays: o.retentionDays } : {});
        const r = await upload().catch(async (e) => {
            // "Re-run failed jobs": the run keeps the artifacts of its earlier attempt, and this job's name is taken by its
            // own earlier upload. That one is replaced (what upload-artifact's `overwrite: true` does). In a first attempt
            // the name belongs to another job or matrix leg of this run: an error that says to give each its own name.
            const attempt = Number(o.env['GITHUB_RUN_ATTEMPT'] ?? '1');
            if (!(attempt > 1) || !/already exists/i.test((0,errors/* errorMessage */.gJ)(e)) || !client.deleteArtifact)
                throw e;
            const gone = await client.deleteArtifact(o.name);
            o.logger.info(`Replaced the ${what} "${o.name}" of an earlier attempt of this run (artifact ${gone.id}): this is attempt ${attempt}.`);
            return upload();
        });
        const server = o.env['GITHUB_SERVER_URL'] ?? 'https://github.com';
        const repo = o.env['GITHUB_REPOSITORY'];
        const run = o.env['GITHUB_RUN_ID'];
        const url = r.id !== undefined && repo && run ? `${server}/${repo}/actions/runs/${run}/artifacts/${r.id}` : undefined;
        o.logger.info(`Uploaded the ${what} "${o.name}" (${o.files.length} files${r.size !== undefined ? `, ${r.size} bytes` : ''}).`);
        return {
            status: 'uploaded',
            name: o.name,
            files: o.files.length,
            ...(r.id !== undefined ? { id: r.id } : {}),
            ...(r.size !== undefined ? { size: r.size } : {}),
            ...(url ? { url } : {}),
        };
    }
    catch (e) {
        const message = (0,errors/* errorMessage */.gJ)(e);
        const warning = `The ${what} "${o.name}" could not be uploaded: ${message}.${hint(message, o.name, input)} The scan result is not affected.`;
        o.logger.warning(warning);
        return { status: 'failed', warning };
    }
}

// EXTERNAL MODULE: ./src/github/http-errors.ts
var http_errors = __webpack_require__(97583);
;// CONCATENATED MODULE: ./src/github/comment.ts


const GITHUB_ACTIONS_BOT = 'github-actions[bot]';
const MARKER_PREFIX = '<!-- security-scan:v1';
function encodeField(value) {
    // encodeURIComponent leaves A–Z a–z 0–9 - _ . ! ~ * ' ( ); '>' and ' ' and '=' are encoded, so neither
    // `-->` nor a second `key=` can appear in a field.
    return encodeURIComponent(value).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** `<!-- security-scan:v1 workflow=… job=… [key=…] -->` — hidden when rendered; fields percent-encoded. */
function commentMarker(workflow, job, key) {
    const fields = [`workflow=${encodeField(workflow)}`, `job=${encodeField(job)}`];
    if (key)
        fields.push(`key=${encodeField(key)}`);
    return `${MARKER_PREFIX} ${fields.join(' ')} -->`;
}
/** True when the body's first line is exactly the marker (GitHub may store the line end as CRLF). */
function startsWithMarker(body, marker) {
    if (!body || !body.startsWith(marker))
        return false;
    const rest = body.slice(marker.length);
    return rest === '' || rest.startsWith('\n') || rest.startsWith('\r\n');
}
/**
 * Picks our comment among a PR's comments (pure; exported for tests). With `selfLogin`, only that author counts;
 * without it, Bot authors count, github-actions[bot] first. The oldest match wins (a duplicate left by a race
 * between two runs is left alone). Returns `ambiguous` when several different bots carry our marker and none is
 * github-actions[bot]: we cannot tell which one is us, so we touch none.
 */
function pickOwnComment(comments, marker, selfLogin) {
    const candidates = comments
        .filter((c) => c.user && startsWithMarker(c.body, marker))
        .filter((c) => selfLogin ? c.user.login.toLowerCase() === selfLogin.toLowerCase() : c.user.type === 'Bot')
        .sort((a, b) => a.id - b.id);
    const own = (c) => ({
        id: c.id,
        login: c.user.login,
        body: c.body ?? '',
        ...(c.html_url ? { url: c.html_url } : {}),
    });
    if (selfLogin)
        return candidates[0] ? { comment: own(candidates[0]) } : {};
    const preferred = candidates.find((c) => c.user.login === GITHUB_ACTIONS_BOT);
    if (preferred)
        return { comment: own(preferred) };
    const logins = [...new Set(candidates.map((c) => c.user.login))].sort();
    if (logins.length > 1)
        return { ambiguous: logins };
    return candidates[0] ? { comment: own(candidates[0]) } : {};
}
/** Pages through ALL comments of the issue/PR (100 per page) and returns ours, if any. */
async function findOwnComment(client, target) {
    const all = [];
    const pages = client.paginate.iterator(client.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100,
    });
    for await (const page of pages)
        all.push(...page.data);
    const picked = pickOwnComment(all, target.marker, target.selfLogin);
    if (picked.ambiguous) {
        target.logger.warning(`Several bot accounts (${picked.ambiguous.join(', ')}) have a comment with this action's marker on ` +
            `#${target.issueNumber}; none is edited and a new comment is created. Set a distinct \`comment-key\` to separate them.`);
    }
    target.logger.debug(`Looked through ${all.length} comment(s) on #${target.issueNumber}: ` +
        (picked.comment ? `ours is ${picked.comment.id} by ${picked.comment.login}.` : 'none of ours.'));
    return picked.comment;
}
/**
 * The token's login via GET /user — known for a personal access token; GitHub answers 403 to installation tokens
 * (the workflow's GITHUB_TOKEN, GitHub Apps), and then this returns undefined and matching falls back to Bot
 * authors. One request; optional (call it when `github-token` may be a PAT). Non-HTTP errors are thrown.
 */
async function resolveSelfLogin(client, logger) {
    try {
        const { data } = await client.rest.users.getAuthenticated();
        return data.login;
    }
    catch (e) {
        if (!(0,http_errors/* isHttpError */.d)(e))
            throw e;
        logger.debug(`GET /user answered ${e.status} (an installation token): our comment is recognised as a Bot's.`);
        return undefined;
    }
}
/**
 * Creates our comment or updates it in place. `body` must fit GitHub's limit (render it with
 * `maxChars: COMMENT_MAX_CHARS` and the same marker); the marker is prepended when the body lacks it.
 * `existing`: pass what findOwnComment returned to avoid paging twice (`null` = looked, none found).
 * HTTP errors are thrown (see publishComment for the variant that turns them into a warning).
 */
async function upsertComment(client, target) {
    const body = startsWithMarker(target.body, target.marker) ? target.body : `${target.marker}\n${target.body}`;
    if (body.length > github_limits/* COMMENT_MAX_CHARS */.dq) {
        throw new Error(`The comment body has ${body.length} characters, more than GitHub's ${github_limits/* COMMENT_MAX_CHARS */.dq}: render it with maxChars ${github_limits/* COMMENT_MAX_CHARS */.dq}.`);
    }
    const existing = target.existing === undefined ? await findOwnComment(client, target) : target.existing;
    if (existing) {
        if (existing.body === body) {
            target.logger.info(`The pull request comment is up to date: ${existing.url ?? existing.id}`);
            return { action: 'unchanged', id: existing.id, login: existing.login, ...(existing.url ? { url: existing.url } : {}) };
        }
        const { data } = await client.rest.issues.updateComment({
            owner: target.owner,
            repo: target.repo,
            comment_id: existing.id,
            body,
        });
        target.logger.info(`Updated the pull request comment: ${data.html_url}`);
        return { action: 'updated', id: data.id, login: data.user?.login ?? existing.login, url: data.html_url };
    }
    const { data } = await client.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body,
    });
    target.logger.info(`Created the pull request comment: ${data.html_url}`);
    const login = data.user?.login ?? target.selfLogin ?? '';
    const converged = await convergeDuplicates(client, target, { id: data.id, login, body, url: data.html_url });
    return { action: 'created', id: converged.id, login, url: converged.url ?? data.html_url };
}
/**
 * Two runs on one PR at once can both find no comment and both create one. After creating ours, look again: the
 * oldest comment of ours with this marker is the one to keep. If it is not the one just created, it gets our body
 * and ours is deleted. Both racers converge on the oldest comment.
 */
async function convergeDuplicates(client, target, created) {
    if (!created.login)
        return created;
    const all = [];
    const pages = client.paginate.iterator(client.rest.issues.listComments, { owner: target.owner, repo: target.repo, issue_number: target.issueNumber, per_page: 100 });
    for await (const page of pages)
        all.push(...page.data);
    const ours = all
        .filter((c) => c.user && c.user.login.toLowerCase() === created.login.toLowerCase() && startsWithMarker(c.body, target.marker))
        .sort((a, b) => a.id - b.id);
    if (ours.length <= 1)
        return created;
    const keep = ours[0];
    // Each racer removes only the comment it created, so two racers never delete the same one.
    if (keep.id === created.id)
        return created;
    await client.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: keep.id, body: created.body });
    await client.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: created.id });
    target.logger.info(`Another run created the same comment at the same time; kept the oldest (${keep.id}) and removed ours (${created.id}).`);
    return { id: keep.id, login: created.login, body: created.body, ...(keep.html_url ? { url: keep.html_url } : {}) };
}
/** Findings to show, or a scanner that did not do its job: both deserve a comment in `on-findings` mode. */
function needsAttention(report) {
    return report.findings.length > 0 || report.total > 0 || report.scanners.some((s) => s.state === 'failed');
}
/**
 * `always`: comment. `never`: don't. `on-findings`: comment when there are findings or a failed scanner — and
 * also when an earlier comment of ours exists, so that it is updated to say everything is fixed instead of
 * going stale.
 */
function shouldComment(mode, report, existing = false) {
    if (mode === 'never')
        return false;
    if (mode === 'always')
        return true;
    return needsAttention(report) || existing;
}
/**
 * The whole comment step for main.ts: decides by mode, finds ours (one pass over all comments), creates or
 * updates. HTTP failures (read-only fork token, missing `pull-requests: write`, rate limits after the client's
 * retries) become one warning naming what to change and `action: 'failed'` — they never change the gate.
 * Anything else (a bug) is thrown.
 */
async function publishComment(client, target) {
    if (target.mode === 'never')
        return { action: 'skipped', reason: 'comment: never' };
    try {
        // Even with nothing to report we need to know whether an earlier comment of ours would go stale.
        const existing = await findOwnComment(client, target);
        if (!shouldComment(target.mode, target.report, existing !== undefined)) {
            target.logger.info('No findings and no failed scanner: no pull request comment (comment: on-findings).');
            return { action: 'skipped', reason: 'nothing to report and no earlier comment to update' };
        }
        const body = typeof target.body === 'function' ? target.body() : target.body;
        return await upsertComment(client, { ...target, body, existing: existing ?? null });
    }
    catch (e) {
        if (!(0,http_errors/* isHttpError */.d)(e))
            throw e;
        const message = (0,http_errors/* describeHttpError */.g2)(e, 'comment', `${target.owner}/${target.repo}`);
        target.logger.warning(message);
        return { action: 'failed', message };
    }
}

;// CONCATENATED MODULE: ./src/github/ref.ts
const PULL_MERGE = /^refs\/pull\/(\d+)\/merge$/;
/**
 * The ref and commit to upload results for, the way codeql-action's getRef()/getCommitOid() choose them:
 * - GITHUB_REF is refs/pull/N/merge: keep it when the checked-out commit is the merge commit (GITHUB_SHA, or what
 *   refs/remotes/pull/N/merge resolves to); when the workflow checked out something else (typically the PR head,
 *   `ref: ${{ github.event.pull_request.head.sha }}`) report on refs/pull/N/head instead.
 * - The checked-out commit cannot be read (no git, not a repository): like codeql-action, assume GITHUB_SHA was
 *   scanned and keep the merge ref.
 * - Any other ref is used as is, with the checked-out commit (GITHUB_SHA when unknown).
 * One deliberate addition: when the event names a pull request but GITHUB_REF is not its merge ref
 * (`pull_request_target`, `workflow_run`) and the PR head is what was checked out, we report on refs/pull/N/head —
 * codeql-action would attribute the PR's code to the base branch ref there.
 */
function chooseRef(f) {
    const merge = PULL_MERGE.exec(f.ref);
    if (merge) {
        const n = merge[1];
        if (f.checkedOutSha === undefined) {
            return { ref: f.ref, commitSha: f.sha, reason: 'checked-out commit unknown; assuming GITHUB_SHA (the merge commit) was scanned' };
        }
        if (f.checkedOutSha === f.sha || (f.mergeSha !== undefined && f.checkedOutSha === f.mergeSha)) {
            return { ref: f.ref, commitSha: f.checkedOutSha, reason: 'the merge commit is checked out' };
        }
        return {
            ref: `refs/pull/${n}/head`,
            commitSha: f.checkedOutSha,
            reason: `no longer on the merge commit (HEAD is ${f.checkedOutSha}); reporting on the PR head ref`,
        };
    }
    if (f.prNumber !== undefined && f.headSha !== undefined && f.checkedOutSha === f.headSha) {
        return {
            ref: `refs/pull/${f.prNumber}/head`,
            commitSha: f.headSha,
            reason: `${f.eventName}: the head of pull request #${f.prNumber} is checked out`,
        };
    }
    return { ref: f.ref, commitSha: f.checkedOutSha ?? f.sha, reason: 'not a pull request merge ref; used as is' };
}
/** `git rev-parse <rev>` in `cwd`; undefined when git is missing, fails, or prints something that is not a sha. */
async function readCommitSha(runner, cwd, rev = 'HEAD') {
    try {
        const r = await runner.run('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd, timeoutMs: 15_000 });
        const out = r.stdout.trim();
        return r.exitCode === 0 && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out) ? out : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/github/check-run.ts




const CHECK_RUN_NAME = 'security-scan';
/** The Checks API takes at most 50 annotations per request. */
const ANNOTATIONS_PER_REQUEST = 50;
/**
 * At most this many annotations per run (40 requests): more would run into GitHub's secondary rate limit for
 * content-creating requests (80 a minute). The rest are counted in the summary and are all in the report.
 */
const MAX_ANNOTATIONS = 2000;
/** The Checks API's text limits. */
const CHECK_LIMITS = { title: 255, summary: 65_535, text: 65_535, annotationMessage: 64 * 1024, annotationTitle: 255, rawDetails: 64 * 1024 };
const CHECK_LEVEL = { critical: 'failure', high: 'failure', medium: 'warning', low: 'notice', info: 'notice' };
function conclusionOf(report) {
    if (report.gate.decision === 'BLOCK')
        return 'failure';
    return report.scanners.some((s) => s.state === 'ok') ? 'success' : 'neutral';
}
/** A plain repository-relative path (no absolute path, no `..`, no backslash or control character). */
function isAnnotatablePath(path) {
    if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\'))
        return false;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(path))
        return false;
    return !path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '');
}
const cap = (s, max) => (0,report_escape/* truncate */.xv)((0,report_escape/* plainText */.wh)(s), max);
/** Plain text within `maxBytes` of UTF-8 (the API counts the annotation message in bytes). */
function capBytes(s, maxBytes) {
    let out = (0,report_escape/* truncate */.xv)((0,report_escape/* plainText */.wh)(s), maxBytes);
    for (let chars = [...out].length; Buffer.byteLength(out) > maxBytes;) {
        chars = Math.floor(chars * 0.9);
        out = (0,report_escape/* truncate */.xv)((0,report_escape/* plainText */.wh)(s), chars);
    }
    return out;
}
function toAnnotation(f) {
    const { path, startLine, endLine, startColumn, endColumn } = f.location;
    const start = startLine !== undefined && startLine > 0 ? startLine : 1;
    const end = endLine !== undefined && endLine >= start ? endLine : start;
    const parts = [f.title];
    if (f.package)
        parts.push(`${f.package.name}@${f.package.version} (${f.package.fixedVersion ? `fixed in ${f.package.fixedVersion}` : 'no fix yet'})`);
    const scanners = [...new Set(f.sources.map((s) => s.scanner))].join(', ');
    if (scanners)
        parts.push(`reported by ${scanners}`);
    if (f.baseline === 'new')
        parts.push('new in this change');
    const a = {
        path,
        start_line: start,
        end_line: end,
        annotation_level: CHECK_LEVEL[f.severity],
        title: cap(`${severity/* LABEL */.d_[f.severity]}: ${f.ruleId}`, CHECK_LIMITS.annotationTitle),
        message: capBytes(parts.join(' — '), CHECK_LIMITS.annotationMessage),
    };
    if (start === end && startColumn !== undefined && startColumn > 0) {
        a.start_column = startColumn;
        if (endColumn !== undefined && endColumn >= startColumn)
            a.end_column = endColumn;
    }
    return a;
}
/**
 * The findings to annotate, most severe first: those in `changedPaths` when given (a pull request whose diff was
 * read), else every finding in a file; at most `max`.
 */
function selectAnnotations(findings, changedPaths, max = MAX_ANNOTATIONS) {
    const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => (0,severity/* compareSeverity */.zK)(a.f.severity, b.f.severity) || a.i - b.i).map((x) => x.f);
    const inScope = sorted.filter((f) => isAnnotatablePath(f.location.path) && (!changedPaths || changedPaths.has(f.location.path)));
    return {
        annotations: inScope.slice(0, max).map(toAnnotation),
        overCap: Math.max(0, inScope.length - max),
        outOfScope: findings.length - inScope.length,
        scope: changedPaths ? 'in the files this pull request changes' : 'in files',
    };
}
const n = (x) => x.toLocaleString('en-US');
function checkTitle(report) {
    const counts = model/* SEVERITIES */.oC.filter((s) => report.counts[s] > 0).map((s) => `${report.counts[s]} ${s}`);
    const verdict = report.gate.decision === 'BLOCK' ? 'blocked' : 'passed';
    return cap(`security-scan ${verdict}: ${report.total === 0 ? 'no findings' : counts.join(', ')}`, CHECK_LIMITS.title);
}
function checkSummary(report, sel, extra = []) {
    const lines = [
        `**${report.gate.decision}** (fail-on: ${report.gate.failOn}) — ${n(report.total)} finding${report.total === 1 ? '' : 's'}, risk ${report.risk}.`,
        '',
        '| Severity | Findings |',
        '| --- | ---: |',
        ...model/* SEVERITIES */.oC.map((s) => `| ${severity/* LABEL */.d_[s]} | ${n(report.counts[s])} |`),
        '',
    ];
    if (report.baseline?.found)
        lines.push(`${n(report.baseline.new)} new, ${n(report.baseline.unchanged)} existing, ${n(report.baseline.fixed.length)} fixed.`, '');
    for (const r of report.gate.reasons)
        lines.push(`- ${(0,report_escape/* plainText */.wh)(r)}`);
    lines.push('', `${n(sel.annotations.length)} finding${sel.annotations.length === 1 ? '' : 's'} ${sel.scope} ${sel.annotations.length === 1 ? 'is' : 'are'} annotated.`);
    if (sel.overCap > 0)
        lines.push(`${n(sel.overCap)} more ${sel.scope} are not annotated (at most ${n(MAX_ANNOTATIONS)} per check run); all are in the report.`);
    if (sel.outOfScope > 0)
        lines.push(`${n(sel.outOfScope)} finding${sel.outOfScope === 1 ? '' : 's'} elsewhere (other files, images, no file) ${sel.outOfScope === 1 ? 'is' : 'are'} in the job summary and the report.`);
    for (const e of extra)
        lines.push('', e);
    return (0,report_escape/* truncate */.xv)(lines.join('\n'), CHECK_LIMITS.summary);
}
/** A matrix leg's check run carries its key, as GitHub names a matrix job's legs: `security-scan (image=app-1)`. */
function checkRunName(legKey) {
    return legKey ? `${CHECK_RUN_NAME} (${legKey})` : CHECK_RUN_NAME;
}
function explain(e, doing, repository) {
    if (!(0,http_errors/* isHttpError */.d)(e))
        throw e;
    if (e.status === 403 && /resource not accessible by integration/i.test((0,http_errors/* githubMessage */.hg)(e))) {
        return (`The check run was not ${doing}: the token may not write check runs in ${repository} (403 ${(0,http_errors/* githubMessage */.hg)(e)}). ` +
            "Add `checks: write` to the job's `permissions:`, or set `check-run: false`. On pull requests from forks GitHub " +
            'hands out a read-only token whatever `permissions:` says: the findings are still in the job summary, the annotations and the report artifact.');
    }
    return `The check run was not ${doing}: ${(0,http_errors/* describeHttpError */.g2)(e, 'other', repository)}`;
}
/** Creates and completes the check run. Never throws for HTTP failures: they are one warning. */
async function publishCheckRun(o) {
    const now = o.now ?? (() => new Date());
    const repository = `${o.owner}/${o.repo}`;
    const sel = selectAnnotations(o.report.findings, o.changedPaths);
    const conclusion = conclusionOf(o.report);
    const extra = o.changedPathsUnavailable ? [`The pull request's changed files could not be read (${(0,report_escape/* plainText */.wh)(o.changedPathsUnavailable)}), so findings in any file are annotated.`] : [];
    const title = checkTitle(o.report);
    let requests = 0;
    let id;
    try {
        requests += 1;
        const created = await o.client.rest.checks.create({
            owner: o.owner,
            repo: o.repo,
            name: o.name ?? CHECK_RUN_NAME,
            head_sha: o.headSha,
            status: 'in_progress',
            started_at: o.startedAt.toISOString(),
            ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
            output: { title, summary: checkSummary(o.report, { ...sel, annotations: [] }, ['Annotating…']) },
        });
        id = created.data.id;
    }
    catch (e) {
        const warning = explain(e, 'created', repository);
        o.logger.warning(warning);
        return { annotations: 0, requests, conclusion, warning };
    }
    const batches = [];
    for (let i = 0; i < sel.annotations.length; i += ANNOTATIONS_PER_REQUEST)
        batches.push(sel.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
    if (batches.length === 0)
        batches.push([]);
    let sent = 0;
    let failed;
    for (const [i, batch] of batches.entries()) {
        const last = i === batches.length - 1;
        try {
            requests += 1;
            await o.client.rest.checks.update({
                owner: o.owner,
                repo: o.repo,
                check_run_id: id,
                ...(last ? { status: 'completed', conclusion, completed_at: now().toISOString() } : {}),
                output: { title, summary: checkSummary(o.report, sel, extra), ...(batch.length > 0 ? { annotations: batch } : {}) },
            });
            sent += batch.length;
        }
        catch (e) {
            failed = explain(e, last ? 'completed' : 'fully annotated', repository);
            break;
        }
    }
    if (failed !== undefined) {
        // Do not leave the run in progress: complete it without the remaining annotations, saying so.
        try {
            requests += 1;
            await o.client.rest.checks.update({
                owner: o.owner,
                repo: o.repo,
                check_run_id: id,
                status: 'completed',
                conclusion,
                completed_at: now().toISOString(),
                output: { title, summary: checkSummary(o.report, sel, [...extra, `Only ${n(sent)} of ${n(sel.annotations.length)} annotations could be added; all findings are in the report.`]) },
            });
        }
        catch {
            // The first failure is the one worth reporting.
        }
        o.logger.warning(failed);
        return { id, annotations: sent, requests, conclusion, warning: failed };
    }
    o.logger.info(`Check run ${o.name ?? CHECK_RUN_NAME} completed (${conclusion}) with ${n(sent)} annotation${sent === 1 ? '' : 's'} in ${requests} requests.`);
    return { id, annotations: sent, requests, conclusion };
}
/** The check run as a sink: skipped when off or outside Actions; a missing token or permission is a warning. */
function checkRunSink(d) {
    return {
        id: 'check run',
        async run(ctx) {
            if (!d.enabled)
                return;
            const { owner, repo } = d.runEnv;
            const headSha = d.runEnv.event.pullRequest?.headSha ?? d.runEnv.sha;
            if (!owner || !repo || !headSha) {
                ctx.logger.info('Check run skipped: not running in GitHub Actions (GITHUB_REPOSITORY or GITHUB_SHA is not set).');
                return;
            }
            if (!d.client) {
                ctx.logger.warning("Check run skipped: input 'github-token' is empty. Pass a token with checks: write, or set check-run: false.");
                return;
            }
            const c = d.runEnv.context;
            const detailsUrl = c.serverUrl && c.repository && c.runId ? `${c.serverUrl}/${c.repository}/actions/runs/${c.runId}` : undefined;
            await publishCheckRun({
                client: d.client,
                owner,
                repo,
                headSha,
                report: ctx.report,
                ...(d.runEnv.event.pullRequest && d.changedPaths ? { changedPaths: d.changedPaths } : {}),
                ...(d.runEnv.event.pullRequest && !d.changedPaths && d.changedPathsUnavailable ? { changedPathsUnavailable: d.changedPathsUnavailable } : {}),
                ...(detailsUrl ? { detailsUrl } : {}),
                ...(d.legKey ? { name: checkRunName(d.legKey) } : {}),
                startedAt: d.startedAt,
                logger: ctx.logger,
            });
        },
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(92857);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(64377);
// EXTERNAL MODULE: ./src/scanners/types.ts
var types = __webpack_require__(72978);
;// CONCATENATED MODULE: ./src/github/dependency-snapshot.ts
/**
 * The dependency graph sink (`dependency-snapshot: true`, needs `contents: write`): submits the dependency
 * snapshots scanners wrote (Scanner.dependencySnapshot; files under <output-dir>/dependency-snapshots/) to the
 * dependency submission API, POST /repos/{owner}/{repo}/dependency-graph/snapshots, so Dependabot alerts cover them.
 *
 * Each file is validated (zod, the API's shape) before anything is sent; the snapshots of one run (the tree and
 * each image) are merged into one submission, since a later snapshot with the same correlator and detector
 * replaces the earlier. What only the run knows is set here, as @github/dependency-submission-toolkit does:
 * `sha` is the pull request's head commit (else GITHUB_SHA), `ref` is GITHUB_REF, `job.correlator` is
 * `<workflow>_<job>` (trivy-action's form, so a switch from it replaces the same snapshot), `job.id` the run id.
 */





const scalarMetadata = schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY(), schemas/* null */.chJ()])).refine((m) => Object.keys(m).length <= 8, 'metadata holds at most 8 keys');
const dependency = schemas/* strictObject */.rej({
    package_url: schemas/* string */.YjP().regex(/^pkg:/, 'a package URL starts with pkg:'),
    metadata: scalarMetadata.optional(),
    relationship: schemas/* enum */.k5n(['direct', 'indirect']).optional(),
    scope: schemas/* enum */.k5n(['runtime', 'development']).optional(),
    dependencies: schemas/* array */.YOg(schemas/* string */.YjP()).optional(),
});
const manifest = schemas/* strictObject */.rej({
    name: schemas/* string */.YjP(),
    file: schemas/* strictObject */.rej({ source_location: schemas/* string */.YjP().optional() }).optional(),
    metadata: scalarMetadata.optional(),
    resolved: schemas/* record */.g1P(schemas/* string */.YjP(), dependency).optional(),
});
const detector = schemas/* strictObject */.rej({ name: schemas/* string */.YjP().min(1), version: schemas/* string */.YjP(), url: schemas/* string */.YjP() });
/** A scanner's snapshot file: the API's body, where job, sha and ref may be missing (the run sets them). */
const scannerSnapshotSchema = schemas/* strictObject */.rej({
    version: schemas/* number */.aig().int(),
    detector,
    job: schemas/* strictObject */.rej({ correlator: schemas/* string */.YjP().optional(), id: schemas/* string */.YjP().optional(), html_url: schemas/* string */.YjP().optional() }).optional(),
    sha: schemas/* string */.YjP().optional(),
    ref: schemas/* string */.YjP().optional(),
    scanned: schemas/* string */.YjP(),
    metadata: scalarMetadata.optional(),
    manifests: schemas/* record */.g1P(schemas/* string */.YjP(), manifest).optional(),
});
/** The body the API takes. */
const snapshotSchema = scannerSnapshotSchema.extend({
    job: schemas/* strictObject */.rej({ correlator: schemas/* string */.YjP().min(1), id: schemas/* string */.YjP().min(1), html_url: schemas/* string */.YjP().optional() }),
    sha: schemas/* string */.YjP().regex(/^[0-9a-f]{40}$/, 'a 40-character commit SHA'),
    ref: schemas/* string */.YjP().regex(/^refs\//, 'a full ref (refs/heads/…)'),
    scanned: iso/* datetime */.w$({ offset: true }),
});
/** The snapshot files among the files a run wrote. */
function snapshotFiles(files) {
    return files.filter((f) => (0,external_node_path_.basename)((0,external_node_path_.dirname)(f)) === types/* DEPENDENCY_SNAPSHOT_DIR */.rt && f.endsWith('.json')).sort();
}
/** Parses and checks one file; a problem names the file and the field. */
function parseScannerSnapshot(text, name) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (e) {
        throw new Error(`${name} is not JSON (${e.message}).`);
    }
    const r = scannerSnapshotSchema.safeParse(json);
    if (!r.success)
        throw new Error(`${name} is not a dependency snapshot: ${r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}.`);
    return r.data;
}
/** What the run sets, from the runner's variables; undefined (with why) outside a workflow run. */
function snapshotRun(runEnv) {
    const sha = runEnv.event.pullRequest?.headSha ?? runEnv.sha;
    const ref = runEnv.ref;
    const { workflow, job, runId, serverUrl, repository } = runEnv.context;
    if (!sha || !ref)
        return 'GITHUB_SHA or GITHUB_REF is not set';
    if (!runId)
        return 'GITHUB_RUN_ID is not set';
    return {
        sha,
        ref,
        correlator: `${workflow ?? ''}_${job ?? ''}`,
        jobId: runId,
        ...(serverUrl && repository ? { htmlUrl: `${serverUrl}/${repository}/actions/runs/${runId}` } : {}),
    };
}
/** One submission from the run's snapshots: manifests merged (a repeated name gets ` (2)`…), the first detector. */
function mergeSnapshots(parts, run) {
    const first = parts[0];
    const manifests = {};
    for (const p of parts) {
        for (const [key, m] of Object.entries(p.manifests ?? {})) {
            let k = key;
            for (let i = 2; k in manifests; i += 1)
                k = `${key} (${i})`;
            manifests[k] = m;
        }
    }
    const body = {
        version: first.version,
        detector: first.detector,
        job: { correlator: run.correlator, id: run.jobId, ...(run.htmlUrl ? { html_url: run.htmlUrl } : {}) },
        sha: run.sha,
        ref: run.ref,
        scanned: parts.map((p) => p.scanned).sort().at(-1),
        ...(first.metadata ? { metadata: first.metadata } : {}),
        manifests,
    };
    return snapshotSchema.parse(body);
}
/** Validates, merges and submits. Never throws for bad files or HTTP failures: each is one warning. */
async function submitDependencySnapshot(o) {
    const repository = `${o.owner}/${o.repo}`;
    const warn = (warning) => {
        o.logger.warning(warning);
        return { submitted: false, manifests: 0, dependencies: 0, warning };
    };
    const files = snapshotFiles(o.files);
    if (files.length === 0)
        return warn('Dependency snapshot not submitted: no scanner wrote one in this run (see the scanner warnings above).');
    const run = snapshotRun(o.runEnv);
    if (typeof run === 'string')
        return warn(`Dependency snapshot not submitted: ${run} (not running in GitHub Actions?).`);
    const parts = [];
    for (const f of files) {
        try {
            parts.push(parseScannerSnapshot(await (0,promises_.readFile)(f, 'utf8'), (0,external_node_path_.basename)(f)));
        }
        catch (e) {
            o.logger.warning(`Dependency snapshot ${(0,external_node_path_.basename)(f)} left out: ${e.message}`);
        }
    }
    if (parts.length === 0)
        return warn('Dependency snapshot not submitted: no snapshot file was valid.');
    let body;
    try {
        body = mergeSnapshots(parts, run);
    }
    catch (e) {
        return warn(`Dependency snapshot not submitted: the merged snapshot is invalid: ${e.message}`);
    }
    const manifests = Object.keys(body.manifests ?? {}).length;
    const dependencies = Object.values(body.manifests ?? {}).reduce((n, m) => n + Object.keys(m.resolved ?? {}).length, 0);
    try {
        const r = await o.client.rest.dependencyGraph.createRepositorySnapshot({ owner: o.owner, repo: o.repo, ...body });
        o.logger.info(`Dependency snapshot submitted (${manifests} manifests, ${dependencies} dependencies, correlator ${body.job.correlator}): ${r.data.result} ${r.data.message}`);
        return { submitted: true, manifests, dependencies, id: r.data.id };
    }
    catch (e) {
        if (!(0,http_errors/* isHttpError */.d)(e))
            throw e;
        if (e.status === 403 || e.status === 404) {
            return warn(`Dependency snapshot not submitted: the token may not write to the dependency graph of ${repository} (${e.status} ${(0,http_errors/* githubMessage */.hg)(e)}). ` +
                "Add `contents: write` to the job's `permissions:` (and enable the dependency graph in the repository's settings), or set `dependency-snapshot: false`. " +
                'On pull requests from forks the token is always read-only.');
        }
        return warn(`Dependency snapshot not submitted: ${(0,http_errors/* describeHttpError */.g2)(e, 'other', repository)}`);
    }
}
/** The dependency graph submission as a sink (after the scan wrote the snapshot files). */
function dependencySnapshotSink(d) {
    return {
        id: 'dependency snapshot',
        async run(ctx) {
            if (!d.enabled)
                return;
            const { owner, repo } = d.runEnv;
            if (!owner || !repo) {
                ctx.logger.info('Dependency snapshot not submitted: not running in GitHub Actions (GITHUB_REPOSITORY is not set).');
                return;
            }
            if (!d.client) {
                ctx.logger.warning("Dependency snapshot not submitted: input 'github-token' is empty. Pass a token with contents: write, or set dependency-snapshot: false.");
                return;
            }
            await submitDependencySnapshot({ client: d.client, owner, repo, runEnv: d.runEnv, files: ctx.files.extraFiles, logger: ctx.logger });
        },
    };
}

;// CONCATENATED MODULE: ./src/github/summary.ts


/** Renders the report within the job summary limit and hands it to `write` once. */
async function writeJobSummary(report, write, options = {}) {
    const markdown = (0,report_markdown/* renderReport */.B1)(report, {
        maxChars: github_limits/* SUMMARY_MAX_BYTES */.eR,
        unit: 'utf8',
        ...(options.reportLocation !== undefined ? { reportLocation: options.reportLocation } : {}),
    });
    await write(markdown);
    return { bytes: Buffer.byteLength(markdown, 'utf8'), markdown };
}

// EXTERNAL MODULE: ./src/modes/matrix.ts
var matrix = __webpack_require__(3055);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./src/github/processing.ts

/**
 * Pauses before each status poll: polls at 5, 15, 35, 75 and 155 s after the upload, then give up with a warning.
 * (codeql-action itself polls every 5 s for at most 2 minutes — STATUS_CHECK_FREQUENCY_MILLISECONDS /
 * STATUS_CHECK_TIMEOUT_MILLISECONDS in src/upload-lib.ts — and likewise continues with a warning; backing off spends
 * fewer requests on slow processing for a similar total wait.)
 */
const DEFAULT_POLL_DELAYS_MS = [5_000, 10_000, 20_000, 40_000, 80_000];
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Waits for GitHub to process the uploads (`GET …/code-scanning/sarifs/{id}`), polling all pending ids after each
 * delay. `failed`, processing errors, HTTP failures and timing out become warnings; nothing here throws for a
 * GitHub-side failure.
 */
async function waitForProcessing(client, o) {
    const delays = o.delaysMs ?? DEFAULT_POLL_DELAYS_MS;
    const sleep = o.sleep ?? defaultSleep;
    const states = Object.fromEntries(o.sarifIds.map((id) => [id, 'pending']));
    const warnings = [];
    const warn = (m) => {
        warnings.push(m);
        o.logger.warning(m);
    };
    const label = (id) => (o.labels?.[id] ? `${id} (${o.labels[id]})` : id);
    const repository = `${o.owner}/${o.repo}`;
    let waitedMs = 0;
    for (const delay of delays) {
        const pending = o.sarifIds.filter((id) => states[id] === 'pending');
        if (pending.length === 0)
            break;
        await sleep(delay);
        waitedMs += delay;
        for (const id of pending) {
            let data;
            try {
                ({ data } = await client.rest.codeScanning.getSarif({ owner: o.owner, repo: o.repo, sarif_id: id }));
            }
            catch (e) {
                if (!(0,http_errors/* isHttpError */.d)(e))
                    throw e;
                states[id] = 'unknown';
                warn(`Could not check the processing of SARIF upload ${label(id)}: ${(0,http_errors/* describeHttpError */.g2)(e, 'processing', repository)} ` +
                    'GitHub should still process it in the background, but processing errors will not be reported here.');
                continue;
            }
            const errors = (data.errors ?? []).filter((x) => typeof x === 'string' && x.length > 0);
            if (data.processing_status === 'complete') {
                states[id] = 'complete';
                o.logger.info(`Code scanning processed SARIF upload ${label(id)}.`);
                if (errors.length > 0) {
                    warn(`Code scanning processed SARIF upload ${label(id)} with errors: ${errors.join('; ')}`);
                }
            }
            else if (data.processing_status === 'failed') {
                states[id] = 'failed';
                warn(`Code scanning could not process SARIF upload ${label(id)}: ` +
                    (errors.length > 0 ? errors.join('; ') : 'GitHub reported status "failed" without a reason.') +
                    ' The findings are still in the job summary, the PR comment and the report artifact.');
            }
            else {
                o.logger.debug(`SARIF upload ${label(id)} is still ${data.processing_status ?? 'pending'} after ${waitedMs / 1000} s.`);
            }
        }
    }
    const stillPending = o.sarifIds.filter((id) => states[id] === 'pending');
    if (stillPending.length > 0) {
        warn(`GitHub had not finished processing SARIF upload${stillPending.length > 1 ? 's' : ''} ` +
            `${stillPending.map(label).join(', ')} after ${Math.round(waitedMs / 1000)} s; continuing without waiting. ` +
            'The results will appear in the Security tab once processing finishes; processing errors, if any, are not reported here.');
    }
    return { states, warnings };
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
;// CONCATENATED MODULE: ./src/github/sarif-trim.ts
/**
 * Keeps a SARIF run inside GitHub's per-run limits: the most severe results stay, the rest are counted.
 * Pure: a new run object is returned, the input is not modified.
 */

const LEVEL_RANK = { error: 3, warning: 2, note: 1, none: 0 };
/** Index of the rule a result points at (ruleIndex first, then ruleId), or -1. */
function ruleIndexOf(result, rules, byId) {
    const index = result.ruleIndex ?? result.rule?.index;
    if (typeof index === 'number' && index >= 0 && index < rules.length)
        return index;
    const id = result.ruleId ?? result.rule?.id;
    return id !== undefined ? (byId.get(id) ?? -1) : -1;
}
function rulesById(rules) {
    const m = new Map();
    rules.forEach((r, i) => {
        if (typeof r.id === 'string' && !m.has(r.id))
            m.set(r.id, i);
    });
    return m;
}
function securitySeverity(rule) {
    const raw = rule?.properties?.['security-severity'];
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number.parseFloat(raw) : Number.NaN;
    return Number.isFinite(n) ? n : -1;
}
function levelRank(result, rule) {
    const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
    return LEVEL_RANK[level] ?? 2;
}
/**
 * Indices of the results ordered most severe first: the rule's `security-severity` (higher first), then the
 * result's level (error > warning > note > none), then the original position.
 */
function severityOrder(run) {
    const rules = run.tool.driver.rules ?? [];
    const byId = rulesById(rules);
    const results = run.results ?? [];
    const keys = results.map((r, i) => {
        const rule = rules[ruleIndexOf(r, rules, byId)];
        return { i, score: securitySeverity(rule), level: levelRank(r, rule) };
    });
    keys.sort((a, b) => b.score - a.score || b.level - a.level || a.i - b.i);
    return keys.map((k) => k.i);
}
/**
 * Keeps the `keep` most severe results (in their original order), drops rules no kept result references
 * (re-pointing `ruleIndex`), and records the left-out count in `properties`. With keep ≥ the result count the run
 * comes back unchanged (same object) unless `dropUnusedRules` asks for the rule clean-up alone.
 */
function keepMostSevere(run, keep, options = {}) {
    const results = run.results ?? [];
    const total = results.length;
    if (keep >= total && !options.dropUnusedRules)
        return { run, total, leftOut: 0, rulesDropped: 0 };
    const kept = severityOrder(run)
        .slice(0, Math.max(0, keep))
        .sort((a, b) => a - b)
        .map((i) => results[i]);
    const rules = run.tool.driver.rules ?? [];
    const byId = rulesById(rules);
    const used = new Set();
    for (const r of kept) {
        const i = ruleIndexOf(r, rules, byId);
        if (i >= 0)
            used.add(i);
    }
    const newIndex = new Map();
    const newRules = [];
    rules.forEach((rule, i) => {
        if (used.has(i)) {
            newIndex.set(i, newRules.length);
            newRules.push(rule);
        }
    });
    const remapped = kept.map((r) => remapRuleIndex(r, rules, byId, newIndex));
    const leftOut = total - kept.length;
    return {
        run: {
            ...run,
            tool: { ...run.tool, driver: { ...run.tool.driver, ...(run.tool.driver.rules ? { rules: newRules } : {}) } },
            ...(run.results ? { results: remapped } : {}),
            ...(leftOut > 0 ? { properties: { ...run.properties, [github_limits/* LEFT_OUT_PROPERTY */.HZ]: leftOut, [github_limits/* TOTAL_PROPERTY */.rS]: total } } : {}),
        },
        total,
        leftOut,
        rulesDropped: rules.length - newRules.length,
    };
}
function remapRuleIndex(r, rules, byId, newIndex) {
    const hasIndex = typeof r.ruleIndex === 'number' || typeof r.rule?.index === 'number';
    if (!hasIndex)
        return r;
    const to = newIndex.get(ruleIndexOf(r, rules, byId));
    const out = { ...r };
    if (typeof r.ruleIndex === 'number') {
        if (to === undefined)
            delete out.ruleIndex;
        else
            out.ruleIndex = to;
    }
    if (r.rule && typeof r.rule.index === 'number') {
        const rule = { ...r.rule };
        if (to === undefined)
            delete rule.index;
        else
            rule.index = to;
        out.rule = rule;
    }
    return out;
}
/**
 * Clamps what GitHub would reject outright, rather than trim: locations per result and tags per rule.
 * Returns the same object when nothing exceeded a limit.
 */
function clampRunLimits(run, limits) {
    const results = run.results ?? [];
    const rules = run.tool.driver.rules ?? [];
    const tooManyLocations = results.some((r) => (r.locations?.length ?? 0) > limits.maxLocationsPerResult);
    const tooManyTags = rules.some((r) => Array.isArray(r.properties?.tags) && r.properties.tags.length > limits.maxTagsPerRule);
    if (!tooManyLocations && !tooManyTags)
        return run;
    return {
        ...run,
        tool: {
            ...run.tool,
            driver: {
                ...run.tool.driver,
                ...(run.tool.driver.rules
                    ? {
                        rules: rules.map((rule) => Array.isArray(rule.properties?.tags) && rule.properties.tags.length > limits.maxTagsPerRule
                            ? { ...rule, properties: { ...rule.properties, tags: rule.properties.tags.slice(0, limits.maxTagsPerRule) } }
                            : rule),
                    }
                    : {}),
            },
        },
        ...(run.results
            ? {
                results: results.map((r) => (r.locations?.length ?? 0) > limits.maxLocationsPerResult
                    ? { ...r, locations: r.locations?.slice(0, limits.maxLocationsPerResult) }
                    : r),
            }
            : {}),
    };
}

;// CONCATENATED MODULE: ./src/github/upload-pack.ts
/**
 * Fits SARIF runs into code scanning uploads: each run within the per-run limits (trimmed when it must be), then
 * as few uploads as possible with ≤ maxRunsPerUpload runs and ≤ maxGzipBytes of gzip each.
 * Sizes are measured by compressing, never estimated from the JSON length.
 *
 * Each run is serialized and compressed once. Its JSON is compressed as a piece of raw deflate that ends on a byte
 * boundary (a sync flush, no final block), so pieces placed one after another are one valid deflate stream: an
 * upload is the gzip header, the document's opening piece, its runs' pieces with separators, the closing piece, a
 * final empty block and the gzip trailer (CRC-32 combined from the pieces' CRCs, and the length). An upload's size
 * is therefore known exactly from its pieces, and packing runs into uploads compresses nothing again. The run's
 * JSON is produced in slices of results, each slice compressed on the thread pool while the next is serialized.
 */


const DEFAULT_HEADER = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
};
/**
 * zlib level of the first compression: fast (SARIF's repetitive JSON compresses ~16:1 even so; on the bench's 63 MB
 * Trivy run level 3 was as fast as level 1 and 5 % smaller, level 6 14 % smaller but ~40 % slower). A run over the size
 * limit is compressed again at BEST_LEVEL before any of its results is left out, so the fast level never costs results.
 */
const FAST_LEVEL = 3;
const BEST_LEVEL = 9;
/** Uncompressed bytes per deflate job (jobs run on the libuv thread pool, a few at a time). */
const CHUNK_BYTES = 2 * 1024 * 1024;
const IN_FLIGHT = 4;
/** Results serialized per slice of a run's JSON. */
const RESULTS_PER_SLICE = 500;
function deflateRaw(buf, level) {
    return new Promise((resolve, reject) => (0,external_node_zlib_.deflateRaw)(buf, { level, finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH }, (e, out) => (e ? reject(e) : resolve(out))));
}
function smallPiece(text) {
    const buf = Buffer.from(text, 'utf8');
    return { data: (0,external_node_zlib_.deflateRawSync)(buf, { level: BEST_LEVEL, finishFlush: external_node_zlib_.constants.Z_SYNC_FLUSH }), crc: (0,external_node_zlib_.crc32)(buf), length: buf.length };
}
/** Compresses the strings `parts` yields, in order, as one piece; serializing a part overlaps compressing the last. */
async function compressParts(parts, level) {
    const jobs = [];
    const done = [];
    let pending = [];
    let pendingBytes = 0;
    let crc = 0;
    let length = 0;
    const flush = async () => {
        if (pending.length === 0)
            return;
        jobs.push(deflateRaw(pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes), level));
        pending = [];
        pendingBytes = 0;
        if (jobs.length - done.length >= IN_FLIGHT)
            done.push(await jobs[done.length]);
    };
    for (const part of parts) {
        const buf = Buffer.from(part, 'utf8');
        crc = (0,external_node_zlib_.crc32)(buf, crc);
        length += buf.length;
        pending.push(buf);
        pendingBytes += buf.length;
        if (pendingBytes >= CHUNK_BYTES)
            await flush();
    }
    await flush();
    while (done.length < jobs.length)
        done.push(await jobs[done.length]);
    return { data: done.length === 1 ? done[0] : Buffer.concat(done), crc, length };
}
/**
 * A run's JSON in slices: the run without its results, then its results a slice at a time. `results` moves to the
 * end of the run object (member order has no meaning in JSON); the slices joined are JSON.stringify of the run.
 */
function* runJsonParts(run) {
    const { results, ...rest } = run;
    if (!Array.isArray(results) || results.length === 0) {
        yield JSON.stringify(run);
        return;
    }
    const head = JSON.stringify(rest);
    yield `${head.slice(0, -1)}${head === '{}' ? '' : ','}"results":[`;
    for (let i = 0; i < results.length; i += RESULTS_PER_SLICE) {
        yield `${i > 0 ? ',' : ''}${JSON.stringify(results.slice(i, i + RESULTS_PER_SLICE)).slice(1, -1)}`;
    }
    yield ']}';
}
const documents = new Map();
function documentPieces(header) {
    const head = JSON.stringify({ $schema: header.$schema, version: header.version });
    let d = documents.get(head);
    if (!d) {
        d = { open: smallPiece(`${head.slice(0, -1)}${head === '{}' ? '' : ','}"runs":[`), separator: smallPiece(','), close: smallPiece(']}') };
        documents.set(head, d);
    }
    return d;
}
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A final, empty block of fixed Huffman codes: ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
const GZIP_OVERHEAD = GZIP_HEADER.length + FINAL_BLOCK.length + 8;
/** The pieces of the document holding `runs`, in order. */
function piecesOf(doc, runs) {
    const out = [doc.open];
    runs.forEach((r, i) => out.push(...(i > 0 ? [doc.separator, r] : [r])));
    out.push(doc.close);
    return out;
}
/** Bytes of the gzip that assembleGzip would produce for these pieces. */
function gzipSize(pieces) {
    return pieces.reduce((n, p) => n + p.data.length, GZIP_OVERHEAD);
}
/** One gzip member holding the pieces' bytes, in order. */
function assembleGzip(pieces) {
    let crc = 0;
    let length = 0;
    for (const p of pieces) {
        crc = crc32Combine(crc, p.crc, p.length);
        length += p.length;
    }
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(length % 2 ** 32, 4);
    return Buffer.concat([GZIP_HEADER, ...pieces.map((p) => p.data), FINAL_BLOCK, trailer], gzipSize(pieces));
}
// CRC-32 of concatenated data from the parts' CRCs and lengths: zlib's crc32_combine (multiplication modulo the
// CRC polynomial, by x^(8·len2)), which Node's zlib does not expose.
const POLY = 0xedb88320;
function multModP(a, b) {
    let m = 0x80000000;
    let p = 0;
    for (;;) {
        if ((a & m) !== 0) {
            p ^= b;
            if ((a & (m - 1)) === 0)
                break;
        }
        m >>>= 1;
        b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
    }
    return p >>> 0;
}
const X2N = [];
for (let n = 0, p = 0x40000000; n < 32; n++) {
    X2N.push(p);
    p = multModP(p, p);
}
function x2nModP(n, k) {
    let p = 0x80000000;
    while (n > 0) {
        if (n % 2 === 1)
            p = multModP(X2N[k & 31], p);
        n = Math.floor(n / 2);
        k++;
    }
    return p;
}
/** CRC-32 of A followed by B, from CRC-32(A), CRC-32(B) and B's length. */
function crc32Combine(crcA, crcB, lengthB) {
    return (multModP(x2nModP(lengthB, 3), crcA >>> 0) ^ crcB) >>> 0;
}
/** Compresses one run (its JSON, as a piece of an upload document). */
function compressRun(run, level = FAST_LEVEL) {
    return compressParts(runJsonParts(run), level);
}
async function gzipDocument(header, runs) {
    const pieces = [];
    for (const run of runs)
        pieces.push(await compressRun(run));
    return assembleGzip(piecesOf(documentPieces(header), pieces));
}
function runLabel(run) {
    const tool = typeof run.tool?.driver?.name === 'string' && run.tool.driver.name ? run.tool.driver.name : 'unknown tool';
    const id = run.automationDetails?.id;
    return { tool, category: typeof id === 'string' && id ? id : `${tool}/` };
}
/** Brings one run within the per-run limits: count of results first, then (if still needed) the gzip size. */
async function prepareRun(run, file, header, limits) {
    const clamped = clampRunLimits(run, limits);
    const total = clamped.results?.length ?? 0;
    const reasons = [];
    let keep = total;
    if (keep > limits.maxResultsPerRun) {
        keep = limits.maxResultsPerRun;
        reasons.push('result-limit');
    }
    const dropUnusedRules = (clamped.tool.driver.rules?.length ?? 0) > limits.maxRulesPerRun;
    let trimmed = keepMostSevere(clamped, keep, { dropUnusedRules });
    const doc = documentPieces(header);
    const sizeOf = (p) => gzipSize(piecesOf(doc, [p]));
    let piece = await compressRun(trimmed.run, FAST_LEVEL);
    // Over the limit at the fast level: the best level first, before leaving anything out.
    if (sizeOf(piece) > limits.maxGzipBytes)
        piece = await compressRun(trimmed.run, BEST_LEVEL);
    // Shrink in proportion to the overshoot (plus 5 %): one or two rounds in practice.
    for (let round = 0; sizeOf(piece) > limits.maxGzipBytes && keep > 0 && round < 20; round++) {
        keep = Math.max(0, Math.min(keep - 1, Math.floor(keep * (limits.maxGzipBytes / sizeOf(piece)) * 0.95)));
        if (!reasons.includes('size-limit'))
            reasons.push('size-limit');
        trimmed = keepMostSevere(clamped, keep, { dropUnusedRules: true });
        piece = await compressRun(trimmed.run, BEST_LEVEL);
    }
    const gzip = assembleGzip(piecesOf(doc, [piece]));
    return {
        run: trimmed.run,
        file,
        ...runLabel(run),
        gzip,
        piece,
        total,
        leftOut: trimmed.leftOut,
        reasons: trimmed.leftOut > 0 ? reasons : [],
        tooLarge: gzip.length > limits.maxGzipBytes,
    };
}
/**
 * Groups runs (by position) into uploads, keeping their order: a new upload starts when the current one holds
 * maxRunsPerUpload runs or the next run's own gzip size would push the sum past maxGzipBytes. The sum of separate
 * gzip sizes bounds the combined size from above (each counts the document's framing once more than the upload does).
 */
function planPacks(gzipSizes, limits) {
    const packs = [];
    let current = [];
    let bytes = 0;
    gzipSizes.forEach((size, i) => {
        if (current.length > 0 && (current.length >= limits.maxRunsPerUpload || bytes + size > limits.maxGzipBytes)) {
            packs.push(current);
            current = [];
            bytes = 0;
        }
        current.push(i);
        bytes += size;
    });
    if (current.length > 0)
        packs.push(current);
    return packs;
}
/**
 * Runs that fit → uploads within the limits (a pack over the size limit is split in two, recursively). Each upload is
 * put together from the runs' compressed pieces: nothing is serialized or compressed again.
 */
async function buildUploads(runs, header, limits) {
    const uploads = [];
    const doc = documentPieces(header);
    const emit = (pack) => {
        const pieces = piecesOf(doc, pack.map((p) => p.piece));
        if (gzipSize(pieces) > limits.maxGzipBytes && pack.length > 1) {
            const half = Math.ceil(pack.length / 2);
            emit(pack.slice(0, half));
            emit(pack.slice(half));
            return;
        }
        uploads.push({ runs: pack, gzip: assembleGzip(pieces) });
    };
    for (const indices of planPacks(runs.map((r) => r.gzip.length), limits)) {
        emit(indices.map((i) => runs[i]));
    }
    return Promise.resolve(uploads);
}

;// CONCATENATED MODULE: ./src/github/upload.ts







function toCheckoutUri(dir) {
    return (0,external_node_url_.pathToFileURL)(dir).href;
}
async function readSarif(file) {
    // Bytes then one decode: a flat string, not the rope readFile(file, 'utf8') builds (JSON.parse flattens it first).
    const text = (await (0,promises_.readFile)(file)).toString('utf8');
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (e) {
        throw new Error(`SARIF file ${file} is not valid JSON: ${e.message}`, { cause: e });
    }
    if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.runs)) {
        throw new Error(`SARIF file ${file} has no runs array`);
    }
    return parsed;
}
function toolNameOf(runs) {
    return [...new Set(runs.map((r) => r.tool))].join(', ');
}
/**
 * Uploads the runs of the given SARIF files to code scanning in as few uploads as GitHub's limits allow, then
 * (optionally) waits for processing. GitHub-side failures never throw: each becomes a warning (logged and returned)
 * naming what to change. Unreadable SARIF files and bad arguments are bugs and do throw.
 */
async function uploadSarifFiles(client, o) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(o.commitSha))
        throw new errors/* InternalError */.Gd(`uploadSarifFiles: commitSha "${o.commitSha}" is not a commit sha`);
    if (!/^refs\/(heads|tags|pull)\/./.test(o.ref))
        throw new errors/* InternalError */.Gd(`uploadSarifFiles: ref "${o.ref}" is not refs/heads|tags|pull/…`);
    const limits = { ...github_limits/* SARIF_LIMITS */.Bj, ...o.limits };
    const { logger } = o;
    const repository = `${o.owner}/${o.repo}`;
    const outcome = { sarifIds: [], warnings: [], leftOut: [], uploads: [] };
    const warn = (m) => {
        outcome.warnings.push(m);
        logger.warning(m);
    };
    let header;
    const prepared = [];
    for (const file of o.files) {
        const log = await readSarif(file);
        header ??= { $schema: log.$schema ?? DEFAULT_HEADER.$schema, version: log.version ?? DEFAULT_HEADER.version };
        for (const run of log.runs)
            prepared.push(await prepareRun(run, file, header, limits));
    }
    if (prepared.length === 0) {
        logger.info('No SARIF runs to upload to code scanning.');
        return outcome;
    }
    for (const p of prepared) {
        if (p.leftOut > 0) {
            const why = p.reasons
                .map((r) => (r === 'result-limit' ? `${limits.maxResultsPerRun.toLocaleString('en-US')} results per run` : `${limits.maxGzipBytes / 1024 / 1024} MB of gzip per upload`))
                .join(' and ');
            const entry = { file: p.file, category: p.category, tool: p.tool, total: p.total, kept: p.total - p.leftOut, leftOut: p.leftOut, reasons: p.reasons };
            outcome.leftOut.push(entry);
            logger.warning(`${p.tool} (${p.category}): ${p.leftOut.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} results were left out ` +
                `of the code scanning upload (GitHub accepts ${why}); the ${entry.kept.toLocaleString('en-US')} most severe were kept. ` +
                'The full list is in the report artifact.');
        }
    }
    const uploadable = prepared.filter((p) => {
        if (p.tooLarge)
            warn(`${p.tool} (${p.category}): the run is larger than ${limits.maxGzipBytes} bytes of gzip even without results; it was not uploaded.`);
        return !p.tooLarge;
    });
    const uploads = await buildUploads(uploadable, header ?? DEFAULT_HEADER, limits);
    const startedAt = typeof o.startedAt === 'string' ? o.startedAt : o.startedAt.toISOString();
    const labels = {};
    outcome.uploads = uploads.map((u) => ({
        categories: u.runs.map((r) => r.category),
        runs: u.runs.length,
        results: u.runs.reduce((s, r) => s + (r.run.results?.length ?? 0), 0),
        gzipBytes: u.gzip.length,
    }));
    for (const [n, u] of uploads.entries()) {
        const record = outcome.uploads[n];
        const what = `upload ${n + 1} of ${uploads.length} (${record.categories.join(', ')}; ${record.results} results, ${record.gzipBytes} bytes gzip)`;
        try {
            const { data } = await client.rest.codeScanning.uploadSarif({
                owner: o.owner,
                repo: o.repo,
                commit_sha: o.commitSha,
                ref: o.ref,
                sarif: u.gzip.toString('base64'),
                checkout_uri: o.checkoutUri,
                started_at: startedAt,
                tool_name: o.toolName ?? toolNameOf(u.runs),
            });
            if (!data.id) {
                warn(`GitHub accepted SARIF ${what} but returned no id; its processing cannot be followed.`);
                continue;
            }
            record.sarifId = data.id;
            outcome.sarifIds.push(data.id);
            labels[data.id] = record.categories.join(', ');
            logger.info(`Uploaded SARIF ${what}: id ${data.id}.`);
        }
        catch (e) {
            if (!(0,http_errors/* isHttpError */.d)(e))
                throw e;
            const rest = uploads.length - n - 1;
            if ((0,http_errors/* isPermanentForRepository */.cp)(e) && rest > 0) {
                warn(`${(0,http_errors/* describeHttpError */.g2)(e, 'upload', repository)} (${rest} further SARIF upload${rest > 1 ? 's were' : ' was'} skipped: ${rest > 1 ? 'they' : 'it'} would fail the same way.)`);
                break;
            }
            warn(`SARIF ${what} failed: ${(0,http_errors/* describeHttpError */.g2)(e, 'upload', repository)}`);
        }
    }
    if (o.waitForProcessing && outcome.sarifIds.length > 0) {
        const processed = await waitForProcessing(client, {
            owner: o.owner,
            repo: o.repo,
            sarifIds: outcome.sarifIds,
            labels,
            logger,
            ...(o.pollDelaysMs ? { delaysMs: o.pollDelaysMs } : {}),
            ...(o.sleep ? { sleep: o.sleep } : {}),
        });
        outcome.warnings.push(...processed.warnings);
        for (const r of outcome.uploads)
            if (r.sarifId)
                r.processing = processed.states[r.sarifId];
    }
    return outcome;
}

;// CONCATENATED MODULE: ./src/github/sinks.ts











const GITHUB_SINK_KINDS = ['summary', 'annotations', 'code-scanning', 'comment', 'check-run', 'dependency-snapshot', 'artifact', 'baseline-artifact'];
/** Where findings.json can be found, for the notes and links of the report. */
function defaultReportLocation(s, ctx) {
    return s.artifactName ? `findings.json in the \`${s.artifactName}\` artifact` : ctx.files.json;
}
const sinks_n = (x) => x.toLocaleString('en-US');
/**
 * The GitHub edges, in order: job summary, annotations, code scanning upload, PR comment, artifact. Each is a sink:
 * a failure becomes a warning that says what to change, and never changes the gate's decision.
 */
function githubSinks(d) {
    const s = d.settings;
    const reportLocation = (settings, ctx) => d.reportLocation ?? defaultReportLocation(settings, ctx);
    const repository = d.runEnv.owner && d.runEnv.repo ? { owner: d.runEnv.owner, repo: d.runEnv.repo } : undefined;
    const summary = {
        id: 'job summary',
        async run(ctx) {
            for (const [scanner, left] of Object.entries(ctx.files.sarifLeftOut)) {
                ctx.notes.push(`${sinks_n(left)} ${scanner} results were left out of the code scanning upload (GitHub accepts ${sinks_n(github_limits/* SARIF_LIMITS */.Bj.maxResultsPerRun)} per run); all are in ${reportLocation(s, ctx)}.`);
            }
            await writeJobSummary(ctx.report, d.writeSummary, { reportLocation: reportLocation(s, ctx) });
        },
    };
    const annotations = {
        id: 'annotations',
        async run(ctx) {
            if (s.annotations)
                annotate(ctx.report.findings, d.emit, { reportLocation: `the job summary and ${reportLocation(s, ctx)}` });
        },
    };
    const codeScanning = {
        id: 'code scanning upload',
        async run(ctx) {
            if (!s.uploadSarif || ctx.files.sarifFiles.length === 0)
                return;
            const { runEnv } = d;
            if (!repository || (!d.uploadTarget && (!runEnv.sha || !runEnv.ref))) {
                ctx.logger.info('Code scanning upload skipped: not running in GitHub Actions (GITHUB_REPOSITORY, GITHUB_SHA or GITHUB_REF is not set).');
                return;
            }
            if (!d.client) {
                ctx.logger.warning("Code scanning upload skipped: input 'github-token' is empty. Pass a token with security-events: write, or set upload-sarif: false.");
                return;
            }
            const pr = runEnv.event.pullRequest;
            const ref = d.uploadTarget
                ? { ...d.uploadTarget, reason: 'given by the caller' }
                : chooseRef({
                    eventName: runEnv.event.name,
                    ref: runEnv.ref,
                    sha: runEnv.sha,
                    prNumber: pr?.number,
                    headSha: pr?.headSha,
                    checkedOutSha: await readCommitSha(d.runner, d.workspace),
                    mergeSha: pr ? await readCommitSha(d.runner, d.workspace, `refs/remotes/pull/${pr.number}/merge`) : undefined,
                });
            ctx.logger.debug(`code scanning ref ${ref.ref} @ ${ref.commitSha}: ${ref.reason}`);
            const up = await uploadSarifFiles(d.client, {
                ...repository,
                files: ctx.files.sarifFiles,
                commitSha: ref.commitSha,
                ref: ref.ref,
                checkoutUri: toCheckoutUri(d.workspace),
                startedAt: d.startedAt,
                waitForProcessing: s.waitForProcessing,
                logger: ctx.logger,
            });
            d.onSarifIds(up.sarifIds);
            for (const l of up.leftOut)
                ctx.notes.push(`${sinks_n(l.leftOut)} ${l.tool} results were left out of the code scanning upload to stay within GitHub's limits; all are in ${reportLocation(s, ctx)}.`);
            for (const w of up.warnings)
                ctx.notes.push(`⚠️ ${w}`);
        },
    };
    const comment = {
        id: 'PR comment',
        async run(ctx) {
            const pr = d.runEnv.event.pullRequest?.number;
            if (pr === undefined || s.comment === 'never' || !repository)
                return;
            if (!d.client) {
                ctx.logger.warning("PR comment skipped: input 'github-token' is empty. Pass a token with pull-requests: write, or set comment: never.");
                return;
            }
            const marker = commentMarker(d.runEnv.context.workflow ?? '', d.runEnv.context.job ?? '', s.commentKey || undefined);
            const published = await publishComment(d.client, {
                ...repository,
                issueNumber: pr,
                marker,
                logger: ctx.logger,
                selfLogin: await resolveSelfLogin(d.client, ctx.logger),
                mode: s.comment,
                report: ctx.report,
                body: () => (0,report_markdown/* renderReport */.B1)(ctx.report, { maxChars: github_limits/* COMMENT_MAX_CHARS */.dq, marker: d.leg ? `${marker}\n${(0,matrix/* legHeading */.bK)(d.leg)}` : marker, reportLocation: reportLocation(s, ctx), notes: ctx.notes }),
            });
            // A failed comment has been logged as a warning by publishComment.
            if (published.action !== 'failed' && published.action !== 'skipped')
                ctx.logger.info(`PR comment ${published.action}${published.url ? `: ${published.url}` : ''}`);
        },
    };
    const artifact = {
        id: 'report artifact',
        async run(ctx) {
            // Never throws: a failure is logged as a warning naming what to change.
            await uploadReports({
                name: s.artifactName,
                files: artifactFiles(ctx),
                rootDir: ctx.files.outputDir,
                retentionDays: s.retentionDays > 0 ? s.retentionDays : undefined,
                logger: ctx.logger,
                env: d.artifactEnv,
            });
        },
    };
    const baselineArtifact = {
        id: 'baseline artifact',
        async run(ctx) {
            if (d.baselineArtifact === undefined || !ctx.files.baseline)
                return;
            // Never throws: a failure is logged as a warning naming what to change.
            await uploadReports({
                name: d.baselineArtifact,
                files: [ctx.files.baseline],
                rootDir: ctx.files.outputDir,
                retentionDays: s.retentionDays > 0 ? s.retentionDays : undefined,
                logger: ctx.logger,
                env: d.artifactEnv,
                kind: { what: 'baseline artifact', input: 'baseline-artifact' },
            });
        },
    };
    const checkRun = checkRunSink({
        enabled: s.checkRun,
        client: d.client,
        runEnv: d.runEnv,
        ...(d.changedPaths ? { changedPaths: d.changedPaths } : {}),
        ...(d.changedPathsUnavailable ? { changedPathsUnavailable: d.changedPathsUnavailable } : {}),
        startedAt: d.startedAt,
        ...(d.leg ? { legKey: d.leg.key } : {}),
    });
    // A matrix leg's snapshot has its own correlator (`<workflow>_<job>_<key>`): legs would otherwise replace each other's.
    const snapshotEnv = d.leg ? { ...d.runEnv, context: { ...d.runEnv.context, job: `${d.runEnv.context.job ?? ''}_${d.leg.key}` } } : d.runEnv;
    const dependencySnapshot = dependencySnapshotSink({ enabled: d.dependencySnapshot === true, client: d.client, runEnv: snapshotEnv });
    const all = { summary, annotations, 'code-scanning': codeScanning, comment, artifact, 'baseline-artifact': baselineArtifact, 'check-run': checkRun, 'dependency-snapshot': dependencySnapshot };
    return GITHUB_SINK_KINDS.filter((k) => !d.only || d.only.includes(k)).map((k) => all[k]);
}
/** The files the action wrote: SARIF, findings.json, summary.md, baseline.json, report.html (and .pdf), remediation.patch and what scanners wrote for the user (Falco's files). */
function artifactFiles(ctx) {
    return [...ctx.files.sarifFiles, ctx.files.json, ctx.files.markdown, ...(ctx.files.baseline ? [ctx.files.baseline] : []), ...(ctx.files.metrics ? [ctx.files.metrics] : []), ...(ctx.files.html ? [ctx.files.html] : []), ...(ctx.files.pdf ? [ctx.files.pdf] : []), ...(ctx.files.patch ? [ctx.files.patch] : []), ...ctx.files.extraFiles].sort();
}


/***/ })

};

//# sourceMappingURL=941.index.js.map