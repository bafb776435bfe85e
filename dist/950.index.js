export const id = 950;
export const ids = [950];
export const modules = {

/***/ 60569:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   chooseAttachment: () => (/* binding */ chooseAttachment),
/* harmony export */   emailHtml: () => (/* binding */ emailHtml),
/* harmony export */   emailText: () => (/* binding */ emailText),
/* harmony export */   escapeHtml: () => (/* binding */ escapeHtml),
/* harmony export */   sendEmail: () => (/* binding */ sendEmail)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var nodemailer__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(16739);
/* harmony import */ var _findings_model_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(99971);
/* harmony import */ var _report_links_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83303);
/* harmony import */ var _message_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(58478);
/**
 * Email through nodemailer: an HTML body (every text from the report HTML-escaped; links only from checked URLs), a
 * plain-text alternative, and the HTML report attached (output-dir/report.html; when the run wrote none,
 * findings.json, and the body says so). `smtp-tls`: `starttls` (the default: STARTTLS required, port 587), `tls`
 * (TLS from the start, port 465), `none` (plain; refused with a password).
 */






function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const a = (url, label) => (url && (0,_report_links_js__WEBPACK_IMPORTED_MODULE_4__/* .isSafeUrl */ .FY)(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>` : escapeHtml(label));
function emailHtml(s, attachmentNote) {
    const colour = s.decision === 'BLOCK' ? '#b42318' : '#067647';
    const rows = s.findings
        .map((f) => `<tr><td><b>${escapeHtml(f.severity.toUpperCase())}</b>${f.new ? ' <i>new</i>' : ''}</td><td>${escapeHtml(f.title)}<br><code>${escapeHtml(f.ruleId)}</code></td>` +
        `<td>${f.path ? a(f.url, `${f.path}${f.line ? `:${f.line}` : ''}`) : escapeHtml(f.target ?? '')}${f.package ? `<br>${escapeHtml(`${f.package.name} ${f.package.version}${f.package.fixedVersion ? ` → ${f.package.fixedVersion}` : ''}`)}` : ''}</td>` +
        `<td>${escapeHtml(f.scanners.join(', '))}</td></tr>`)
        .join('\n');
    const links = [s.links.run ? a(s.links.run, 'Workflow run') : '', s.links.pullRequest ? a(s.links.pullRequest, 'Pull request') : '', s.links.report ? a(s.links.report, `HTML report${s.reportArtifact ? ` (artifact ${s.reportArtifact})` : ''}`) : '']
        .filter((x) => x !== '')
        .join(' · ');
    return [
        '<!doctype html><html><body style="font-family:sans-serif">',
        `<h2 style="color:${colour}">${escapeHtml((0,_message_js__WEBPACK_IMPORTED_MODULE_3__/* .headline */ .Pl)(s))}</h2>`,
        s.reasons.length > 0 ? `<ul>${s.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '',
        `<p>${_findings_model_js__WEBPACK_IMPORTED_MODULE_5__/* .SEVERITIES */ .oC.map((sev) => `${escapeHtml(sev)}: <b>${s.counts[sev]}</b>`).join(' · ')} · new: <b>${s.new}</b>${s.baseline ? '' : ' (no baseline: every finding is new)'} · fixed: ${s.fixed} · suppressed: ${s.suppressed}</p>`,
        `<p>${s.scanners.map((x) => `${escapeHtml(x.name)}: ${escapeHtml(x.state)}${x.error ? ` (${escapeHtml(x.error)})` : ''}`).join(' · ')}</p>`,
        rows ? `<table border="1" cellpadding="4" cellspacing="0"><tr><th>Severity</th><th>Finding</th><th>Where</th><th>Scanner</th></tr>\n${rows}</table>` : '<p>No findings.</p>',
        s.notListed > 0 ? `<p>${s.notListed} more finding(s) in the attached report.</p>` : '',
        links ? `<p>${links}</p>` : '',
        `<p><small>${escapeHtml(attachmentNote)}</small></p>`,
        '</body></html>',
    ].join('\n');
}
function emailText(s, attachmentNote) {
    return [
        (0,_message_js__WEBPACK_IMPORTED_MODULE_3__/* .headline */ .Pl)(s),
        ...s.reasons.map((r) => `- ${r}`),
        `${(0,_message_js__WEBPACK_IMPORTED_MODULE_3__/* .countsLine */ .J7)(s.counts)}; ${s.new} new, ${s.fixed} fixed.`,
        '',
        ...s.findings.map((f) => `${f.severity.toUpperCase()}${f.new ? ' (new)' : ''} ${f.title} [${f.ruleId}] ${f.path ? `${f.path}${f.line ? `:${f.line}` : ''}` : (f.target ?? '')}`),
        s.notListed > 0 ? `${s.notListed} more finding(s) in the attached report.` : '',
        s.links.run ? `Run: ${s.links.run}` : '',
        s.links.pullRequest ? `Pull request: ${s.links.pullRequest}` : '',
        attachmentNote,
    ]
        .filter((l) => l !== '')
        .join('\n');
}
async function exists(path) {
    if (!path)
        return false;
    try {
        return (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(path)).isFile();
    }
    catch {
        return false;
    }
}
/** The file to attach: report.html when it was written, else findings.json; and the sentence that says which. */
async function chooseAttachment(html, json) {
    if (html && (await exists(html)))
        return { path: html, contentType: 'text/html', note: `Attached: ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(html)}, the full report (open it in a browser).` };
    return { path: json, contentType: 'application/json', note: `Attached: ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(json)} (this run wrote no HTML report, so the JSON report is attached instead).` };
}
/** SMTP's failures, with what to change (never the password or username). */
function explain(e, host, port) {
    const err = e;
    const where = `${host}:${port}`;
    if (err.code === 'EAUTH')
        return `the SMTP server ${where} refused the login${err.responseCode ? ` (${err.responseCode})` : ''}; check smtp-username and smtp-password.`;
    if (err.code === 'ECONNECTION' || err.code === 'ECONNREFUSED' || err.code === 'ESOCKET' || err.code === 'ETIMEDOUT' || err.code === 'EDNS')
        return `the SMTP server ${where} could not be reached (${err.code}); check smtp-host, smtp-port and smtp-tls (starttls: 587, tls: 465).`;
    if (err.code === 'ETLS')
        return `TLS with the SMTP server ${where} failed; check smtp-tls (starttls or tls) and the server's certificate.`;
    if (err.code === 'EENVELOPE')
        return `the SMTP server ${where} refused the sender or a recipient${err.responseCode ? ` (${err.responseCode})` : ''}; check email-from and email-to.`;
    return `sending through the SMTP server ${where} failed${err.code ? ` (${err.code}${err.responseCode ? ` ${err.responseCode}` : ''})` : ''}; check the smtp-* inputs.`;
}
async function sendEmail(s, t, attachment) {
    const transport = (0,nodemailer__WEBPACK_IMPORTED_MODULE_2__/* .createTransport */ .oO)({
        host: t.host,
        port: t.port,
        secure: t.tls === 'tls',
        requireTLS: t.tls === 'starttls',
        ignoreTLS: t.tls === 'none',
        ...(t.username !== '' ? { auth: { user: t.username, pass: t.password } } : {}),
        connectionTimeout: t.timeoutMs ?? 15_000,
        greetingTimeout: t.timeoutMs ?? 15_000,
        socketTimeout: t.timeoutMs ?? 30_000,
        ...(t.tlsOptions ? { tls: t.tlsOptions } : {}),
        logger: false,
        debug: false,
    });
    try {
        const info = await transport.sendMail({
            from: t.from,
            to: [...t.to],
            subject: (0,_message_js__WEBPACK_IMPORTED_MODULE_3__/* .headline */ .Pl)(s).slice(0, 200),
            text: emailText(s, attachment.note),
            html: emailHtml(s, attachment.note),
            attachments: [{ filename: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(attachment.path), path: attachment.path, contentType: attachment.contentType }],
        });
        return `Email sent to ${t.to.length} recipient(s) through ${t.host}:${t.port} (${t.tls}); ${attachment.note}${info.messageId ? ` Message-ID ${info.messageId}.` : ''}`;
    }
    catch (e) {
        throw new Error(explain(e, t.host, t.port));
    }
    finally {
        transport.close();
    }
}


/***/ })

};

//# sourceMappingURL=950.index.js.map