export const id = 569;
export const ids = [569];
export const modules = {

/***/ 47569:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SLACK_LIMITS: () => (/* binding */ SLACK_LIMITS),
/* harmony export */   sendSlack: () => (/* binding */ sendSlack),
/* harmony export */   slackEscape: () => (/* binding */ slackEscape),
/* harmony export */   slackMessage: () => (/* binding */ slackMessage)
/* harmony export */ });
/* harmony import */ var _slack_webhook__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(54443);
/* harmony import */ var _slack_webhook__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(_slack_webhook__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _slack_web_api__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(85105);
/* harmony import */ var _slack_web_api__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_slack_web_api__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _findings_model_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(99971);
/* harmony import */ var _report_escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(14031);
/* harmony import */ var _report_links_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83303);
/* harmony import */ var _message_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(58478);
/**
 * Slack: a Block Kit message through an incoming webhook (@slack/webhook) or chat.postMessage with a bot token
 * (@slack/web-api). Every text from the report is escaped for Slack's mrkdwn (`&`, `<`, `>`), so a hostile finding
 * title cannot make a link, a `<!channel>` / `<@U…>` mention or a `<#C…>` channel reference; `@` gets a zero-width
 * joiner as well. Slack's limits are kept: at most 50 blocks, 3000 characters per section text, 150 per header.
 */






const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, fallbackText: 3000, fields: 10, fieldText: 2000, buttonUrl: 3000 };
/** Escapes text for Slack mrkdwn: the three characters Slack's own docs say to escape, and `@` defused. */
function slackEscape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, `@${_report_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .ZWJ */ .QV}`);
}
/** Plain text (header, fallback): no markup is parsed there, but `<!channel>` in the fallback is, so escape too. */
const plain = (text, max) => (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .truncate */ .xv)(slackEscape(text), max);
/** `<url|label>` for a checked URL (no `|`, `<`, `>` or spaces can be in it), else the label alone. */
function link(url, label) {
    return url && (0,_report_links_js__WEBPACK_IMPORTED_MODULE_4__/* .isSafeUrl */ .FY)(url) ? `<${url}|${label}>` : label;
}
const SEVERITY_MARK = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':white_circle:', info: ':white_circle:' };
function findingText(f) {
    const title = slackEscape(f.title);
    const where = f.path ? `${f.path}${f.line ? `:${f.line}` : ''}` : (f.target ?? '');
    const pkg = f.package ? ` — ${f.package.name} ${f.package.version}${f.package.fixedVersion ? ` (fixed in ${f.package.fixedVersion})` : ''}` : '';
    const text = `${SEVERITY_MARK[f.severity] ?? ''} *${f.severity.toUpperCase()}*${f.new ? ' *new*' : ''} ${title}\n` +
        `\`${slackEscape(f.ruleId).replace(/`/g, "'")}\` ${where ? link(f.url, slackEscape(where)) : ''}${slackEscape(pkg)} · ${slackEscape(f.scanners.join(', '))}`;
    return (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .truncate */ .xv)(text, SLACK_LIMITS.sectionText);
}
/** The Block Kit message: header, verdict, counts, scanners, the findings (new first), the links. */
function slackMessage(s) {
    const blocks = [];
    const icon = s.decision === 'BLOCK' ? ':no_entry:' : ':white_check_mark:';
    blocks.push({ type: 'header', text: { type: 'plain_text', text: plain((0,_message_js__WEBPACK_IMPORTED_MODULE_3__/* .headline */ .Pl)(s), SLACK_LIMITS.headerText), emoji: true } });
    const reasons = s.reasons.length > 0 ? `\n${s.reasons.map((r) => `• ${slackEscape(r)}`).join('\n')}` : '';
    blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .truncate */ .xv)(`${icon} *${s.decision}* (fail-on ${slackEscape(s.failOn)}, risk ${s.risk})${reasons}`, SLACK_LIMITS.sectionText) },
    });
    const fields = [
        ..._findings_model_js__WEBPACK_IMPORTED_MODULE_5__/* .SEVERITIES */ .oC.map((sev) => `*${sev}*\n${s.counts[sev]}`),
        `*new*\n${s.new}${s.baseline ? '' : ' (no baseline)'}`,
        `*fixed*\n${s.fixed}`,
        `*suppressed*\n${s.suppressed}`,
    ].slice(0, SLACK_LIMITS.fields);
    blocks.push({ type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) });
    const scanners = s.scanners.map((x) => `${x.state === 'ok' ? ':white_check_mark:' : x.state === 'skipped' ? ':fast_forward:' : ':x:'} ${slackEscape(x.name)} ${x.state}${x.state === 'ok' ? ` (${x.findings})` : ''}`);
    if (scanners.length > 0)
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .truncate */ .xv)(scanners.join('   '), SLACK_LIMITS.sectionText) }] });
    const failed = s.scanners.filter((x) => x.error && x.state !== 'ok');
    if (failed.length > 0) {
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .truncate */ .xv)(failed.map((x) => `:x: *${slackEscape(x.name)}*: ${slackEscape(x.error)}`).join('\n'), SLACK_LIMITS.sectionText) } });
    }
    const linkButtons = [
        s.links.run ? { text: 'Workflow run', url: s.links.run } : undefined,
        s.links.pullRequest ? { text: 'Pull request', url: s.links.pullRequest } : undefined,
        s.links.report ? { text: 'HTML report', url: s.links.report } : undefined,
    ].filter((b) => b !== undefined && (0,_report_links_js__WEBPACK_IMPORTED_MODULE_4__/* .isSafeUrl */ .FY)(b.url) && b.url.length <= SLACK_LIMITS.buttonUrl);
    // Room left for findings: the divider, the "not listed" context, the links' context and actions.
    const room = SLACK_LIMITS.blocks - blocks.length - 1 - 1 - (linkButtons.length > 0 ? 2 : 0);
    const shown = s.findings.slice(0, Math.max(0, room));
    if (shown.length > 0) {
        blocks.push({ type: 'divider' });
        for (const f of shown)
            blocks.push({ type: 'section', text: { type: 'mrkdwn', text: findingText(f) } });
    }
    const more = s.notListed + (s.findings.length - shown.length);
    if (more > 0)
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${more} more finding(s) in the report.` }] });
    if (linkButtons.length > 0) {
        blocks.push({
            type: 'actions',
            elements: linkButtons.map((b, i) => ({ type: 'button', action_id: `security-scan-link-${i}`, text: { type: 'plain_text', text: b.text }, url: b.url })),
        });
        const artifact = s.reportArtifact ? ` (artifact \`${slackEscape(s.reportArtifact).replace(/`/g, "'")}\` on the run page)` : '';
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${linkButtons.map((b) => link(b.url, b.text)).join(' · ')}${artifact}` }] });
    }
    const text = plain(`${(0,_message_js__WEBPACK_IMPORTED_MODULE_3__/* .headline */ .Pl)(s)}. ${(0,_message_js__WEBPACK_IMPORTED_MODULE_3__/* .countsLine */ .J7)(s.counts)}; ${s.new} new.`, SLACK_LIMITS.fallbackText);
    return { text, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
/** Slack's error codes, with what to change. */
const HINTS = {
    invalid_auth: 'the bot token is not valid; check the slack-bot-token secret',
    not_authed: 'no bot token reached Slack; check the slack-bot-token secret',
    account_inactive: 'the bot token belongs to a deleted app or user; create a new token',
    token_revoked: 'the bot token was revoked; create a new one',
    channel_not_found: 'the channel does not exist or the bot cannot see it; check slack-channel (use the channel ID)',
    not_in_channel: 'the bot is not a member of the channel; invite it (/invite @your-app) or give it chat:write.public',
    missing_scope: 'the bot token lacks the chat:write scope; add it in the app settings and reinstall',
    is_archived: 'the channel is archived; choose another slack-channel',
    invalid_blocks: 'Slack refused the message blocks',
    no_service: 'the incoming webhook was removed; create a new one and update slack-webhook-url',
    invalid_token: 'the incoming webhook URL is not valid; update the slack-webhook-url secret',
    channel_is_archived: "the webhook's channel is archived; create a webhook for another channel",
};
/* eslint-disable @typescript-eslint/no-explicit-any -- the SDKs' errors carry untyped details */
function explain(e, mode) {
    const err = e;
    const code = err?.data?.error ?? (typeof err?.body === 'string' ? err.body.trim() : undefined);
    const status = err?.statusCode ?? err?.status ?? err?.original?.response?.status;
    if (code && HINTS[code])
        return `Slack (${mode}) refused the message: ${code} — ${HINTS[code]}.`;
    if (status)
        return `Slack (${mode}) answered HTTP ${status}${code ? ` (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .truncate */ .xv)(String(code), 100)})` : ''}; check the ${mode === 'webhook' ? 'slack-webhook-url' : 'slack-bot-token and slack-channel'} settings, or Slack's status.`;
    const cause = err?.original?.cause?.code ?? err?.original?.code ?? err?.cause?.code ?? err?.code;
    return `Slack (${mode}) could not be reached${cause ? ` (${String(cause)})` : ''}; check that the runner can reach ${mode === 'webhook' ? 'the webhook host' : 'slack-api-url'}.`;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
/** Sends the message; throws an Error whose text names what to change and carries no URL or token. */
async function sendSlack(message, t, debug) {
    const retries = t.retries ?? 2;
    if (t.webhookUrl) {
        const hook = new _slack_webhook__WEBPACK_IMPORTED_MODULE_0__.IncomingWebhook(t.webhookUrl, { timeout: t.timeoutMs ?? 15_000, retryConfig: { retries, minTimeout: 500 } });
        try {
            await hook.send({ text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
        }
        catch (e) {
            throw new Error(explain(e, 'webhook'));
        }
        return 'Slack message sent through the incoming webhook.';
    }
    if (t.bot) {
        // The SDK's own log lines may quote request details: they go to debug only, and main masks the token there.
        const logger = {
            debug: () => undefined,
            info: () => undefined,
            warn: (...m) => debug(`Slack SDK: ${m.map(String).join(' ')}`),
            error: (...m) => debug(`Slack SDK: ${m.map(String).join(' ')}`),
            setLevel: () => undefined,
            getLevel: () => _slack_web_api__WEBPACK_IMPORTED_MODULE_1__.LogLevel.WARN,
            setName: () => undefined,
        };
        const client = new _slack_web_api__WEBPACK_IMPORTED_MODULE_1__.WebClient(t.bot.token, {
            slackApiUrl: t.bot.apiUrl,
            logger,
            retryConfig: { retries, minTimeout: 500, maxTimeout: 2000 },
            timeout: t.timeoutMs ?? 15_000,
            rejectRateLimitedCalls: true,
        });
        try {
            const r = await client.chat.postMessage({ channel: t.bot.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
            return `Slack message posted to ${t.bot.channel}${r.ts ? ` (ts ${r.ts})` : ''}.`;
        }
        catch (e) {
            throw new Error(explain(e, 'chat.postMessage'));
        }
    }
    return 'Slack: nothing to send to.';
}


/***/ })

};

//# sourceMappingURL=569.index.js.map