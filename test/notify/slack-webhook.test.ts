import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../src/logger.js';
import { notifySinks, type NotifyDeps } from '../../src/notify/sinks.js';
import { SLACK_LIMITS, slackEscape } from '../../src/notify/slack.js';
import { buildSummary } from '../../src/notify/message.js';
import { runSinks } from '../../src/sinks.js';
import { describeSettings } from '../../src/config/describe.js';
import { ConfigurationError } from '../../src/errors.js';
import { createVerifier } from '../../docs/verify-webhook.mjs';
import { makeFinding, makeReport } from '../support/report-builder.js';
import { settingsFor } from '../support/settings.js';
import { assertNoSecret, closedPort, hostileReport, logText, SECRETS, startRecorder, writeOutput, type Recorder } from './support.js';

const servers: Recorder[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});
async function server(respond: Parameters<typeof startRecorder>[0]): Promise<Recorder> {
  const s = await startRecorder(respond);
  servers.push(s);
  return s;
}

function deps(inputs: Record<string, string>, extra: Partial<NotifyDeps> = {}): NotifyDeps {
  // The SMTP credentials are always set (no email-to: no email sink), so the password planted in a title is a known secret.
  return { settings: settingsFor({ 'smtp-username': SECRETS.smtpUser, 'smtp-password': SECRETS.smtpPassword, ...inputs }).notify, env: {}, artifactName: 'security-reports', retries: 0, timeoutMs: 3000, ...extra };
}

async function publish(d: NotifyDeps, report = hostileReport()) {
  const logger = recordingLogger();
  const files = await writeOutput(report);
  const before = JSON.stringify(report.gate);
  const results = await runSinks(notifySinks(d), { report, files, logger, notes: [] });
  expect(JSON.stringify(report.gate)).toBe(before);
  return { logger, results, report };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Block = Record<string, any>;
const allText = (blocks: Block[]) => JSON.stringify(blocks);

describe('Slack', () => {
  it('incoming webhook: a Block Kit message with verdict, counts, new findings first, links; hostile text escaped; no secret', async () => {
    const slack = await server(() => ({ status: 200, body: 'ok', headers: { 'content-type': 'text/html' } }));
    const { logger, results } = await publish(deps({ 'slack-webhook-url': `${slack.url}${SECRETS.slackHookPath}`, 'notify-on': 'always' }));
    expect(results).toEqual([{ id: 'Slack notification', ok: true }]);
    expect(slack.received).toHaveLength(1);
    const req = slack.received[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(SECRETS.slackHookPath);
    const body = JSON.parse(req.text) as { text: string; blocks: Block[] };
    expect(body.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect(body.blocks[0]!.text.text).toContain('BLOCK');
    expect(body.blocks[0]!.text.text).toContain('acme/shop #42');
    const fields = body.blocks[2]!.fields.map((f: Block) => f.text);
    expect(fields).toContain('*critical*\n1');
    expect(fields).toContain('*high*\n1');
    expect(fields).toContain('*new*\n2');
    // Findings after the divider: new ones first (the critical, then the medium), then the unchanged high.
    const divider = body.blocks.findIndex((b) => b.type === 'divider');
    const findings = body.blocks.slice(divider + 1, divider + 4).map((b) => b.text.text as string);
    expect(findings[0]).toMatch(/^:red_circle: \*CRITICAL\* \*new\* /);
    expect(findings[1]).toContain('*MEDIUM* *new* Medium, new');
    expect(findings[2]).toContain('*HIGH* Old high finding');
    // The hostile title cannot link, mention or notify.
    expect(findings[0]).toContain('&lt;!channel&gt; &lt;https://evil.example/phish|Click to fix&gt; &amp; @\u200Dhere');
    expect(allText(body.blocks)).not.toContain('<!channel>');
    expect(allText(body.blocks)).not.toContain('<https://evil.example');
    expect(body.text).not.toContain('<!');
    // The file link is ours: the scanned commit's blob.
    expect(findings[0]).toContain('<https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/config/app.env#L3|config/app.env:3>');
    const actions = body.blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements.map((e: Block) => [e.text.text, e.url])).toEqual([
      ['Workflow run', 'https://github.com/acme/shop/actions/runs/987654321'],
      ['Pull request', 'https://github.com/acme/shop/pull/42'],
      ['HTML report', 'https://github.com/acme/shop/actions/runs/987654321'],
    ]);
    expect(allText(body.blocks)).toContain('artifact `security-reports` on the run page');
    // No secret value: the planted token in the title is redacted, description/properties are never sent.
    assertNoSecret('the Slack payload', req.text);
    assertNoSecret('the log', logText(logger));
    expect(req.text).toContain('leaked ***');
  });

  it('bot token from SLACK_BOT_TOKEN / SLACK_CHANNEL: chat.postMessage at slack-api-url with the token as Bearer', async () => {
    const api = await server(() => ({ status: 200, body: JSON.stringify({ ok: true, channel: 'C0SEC', ts: '1700000000.000100' }) }));
    const { logger, results } = await publish(
      deps({ 'slack-api-url': `${api.url}/api/`, 'notify-on': 'always' }, { env: { SLACK_BOT_TOKEN: SECRETS.slackToken, SLACK_CHANNEL: 'C0SEC' } }),
    );
    expect(results).toEqual([{ id: 'Slack notification', ok: true }]);
    expect(api.received).toHaveLength(1);
    const req = api.received[0]!;
    expect(req.url).toBe('/api/chat.postMessage');
    expect(req.headers.authorization).toBe(`Bearer ${SECRETS.slackToken}`);
    const form = new URLSearchParams(req.text);
    expect(form.get('channel')).toBe('C0SEC');
    expect(form.get('unfurl_links')).toBe('false');
    const blocks = JSON.parse(form.get('blocks')!) as Block[];
    expect(blocks[0]!.text.text).toContain('BLOCK');
    expect(allText(blocks)).not.toContain('<!channel>');
    assertNoSecret('the chat.postMessage body', req.text);
    expect(logText(logger)).toContain('Slack message posted to C0SEC (ts 1700000000.000100).');
    assertNoSecret('the log', logText(logger));
  });

  it('a Slack API error (invalid_auth) warns with what to change; the token is not in the warning', async () => {
    const api = await server(() => ({ status: 200, body: JSON.stringify({ ok: false, error: 'invalid_auth' }) }));
    const { logger, results } = await publish(deps({ 'slack-api-url': `${api.url}/api/`, 'slack-bot-token': SECRETS.slackToken, 'slack-channel': '#security', 'notify-on': 'always' }));
    expect(results[0]!.ok).toBe(false);
    const warning = logger.lines.find((l) => l.level === 'warning')!.message;
    expect(warning).toContain("The Slack notification step failed and was skipped (the gate's decision is unchanged)");
    expect(warning).toContain('invalid_auth — the bot token is not valid; check the slack-bot-token secret');
    assertNoSecret('the log', logText(logger));
  });

  it("keeps Slack's limits: 50 blocks, 3000 characters per text, with 300 findings and 5000-character titles", () => {
    const findings = Array.from({ length: 300 }, (_, i) => makeFinding({ severity: 'high', title: `T${i} ${'<x>&'.repeat(1250)}` }, i));
    const { slackMessage } = require_slack();
    const message = slackMessage(buildSummary(makeReport(findings), { maxFindings: 40, tool: 't' }));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const b of message.blocks) {
      if (b.text) expect((b.text.text as string).length).toBeLessThanOrEqual(b.type === 'header' ? 150 : 3000);
      for (const e of b.elements ?? []) if (e.text && typeof e.text === 'string') expect(e.text.length).toBeLessThanOrEqual(3000);
    }
    expect(allText(message.blocks)).toMatch(/\d+ more finding\(s\) in the report\./);
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });

  it('escapes exactly what Slack asks: & < > (and defuses @)', () => {
    expect(slackEscape('a & <b> @c')).toBe('a &amp; &lt;b&gt; @\u200Dc');
  });
});

// vitest's ESM: a static import is fine; a helper keeps the test above readable.
import * as slackModule from '../../src/notify/slack.js';
function require_slack() {
  return slackModule;
}

describe('webhook', () => {
  it('posts the signed summary; the docs verifier accepts it, then refuses the replay, an old timestamp and a changed body', async () => {
    const hook = await server(() => ({ status: 204 }));
    const { logger, results } = await publish(deps({ 'webhook-url': `${hook.url}/hooks/security`, 'webhook-secret': SECRETS.webhookSecret, 'notify-on': 'always' }));
    expect(results).toEqual([{ id: 'webhook notification', ok: true }]);
    expect(hook.received).toHaveLength(1);
    const req = hook.received[0]!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-security-scan-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(req.headers['x-security-scan-timestamp']).toMatch(/^\d+$/);

    const verify = createVerifier(SECRETS.webhookSecret);
    const first = verify({ headers: req.headers, rawBody: req.raw });
    expect(first.ok).toBe(true);
    const body = first.body;
    expect(req.headers['x-security-scan-delivery']).toBe(body.id);
    expect(body).toMatchObject({
      schema: 'security-scan/notification@1',
      decision: 'BLOCK',
      total: 3,
      new: 2,
      counts: { critical: 1, high: 1, medium: 1, low: 0, info: 0 },
      repository: 'acme/shop',
      pullRequest: 42,
      links: { run: 'https://github.com/acme/shop/actions/runs/987654321', pullRequest: 'https://github.com/acme/shop/pull/42' },
    });
    expect(body.scanners.map((s: { id: string; state: string }) => `${s.id}:${s.state}`)).toEqual(['trivy:ok', 'gitleaks:ok']);
    expect(body.findings.map((f: { severity: string; new: boolean }) => `${f.severity}:${f.new}`)).toEqual(['critical:true', 'medium:true', 'high:false']);
    for (const f of body.findings) for (const k of ['description', 'properties', 'secret']) expect(f).not.toHaveProperty(k);

    // Replayed as is: refused.
    const replay = verify({ headers: req.headers, rawBody: req.raw });
    expect(replay).toMatchObject({ ok: false, status: 409 });
    // A fresh verifier (no memory of the id) still refuses it once the timestamp is over 5 minutes old.
    const later = createVerifier(SECRETS.webhookSecret, { now: () => Number(req.headers['x-security-scan-timestamp']) + 301 });
    expect(later({ headers: req.headers, rawBody: req.raw })).toMatchObject({ ok: false, status: 401 });
    expect(later({ headers: req.headers, rawBody: req.raw }).reason).toContain('more than 300s');
    // A changed body (or another secret) fails the signature.
    const tampered = Buffer.from(req.text.replace('"BLOCK"', '"PROCEED"'));
    expect(createVerifier(SECRETS.webhookSecret)({ headers: req.headers, rawBody: tampered })).toMatchObject({ ok: false, reason: 'signature mismatch' });
    expect(createVerifier('another-secret-value')({ headers: req.headers, rawBody: req.raw })).toMatchObject({ ok: false, reason: 'signature mismatch' });

    assertNoSecret('the webhook body', req.text);
    assertNoSecret('the log', logText(logger));
  });

  it('refuses plain http except to a loopback host; the URL is not quoted in the problem', () => {
    expect(() => settingsFor({ 'webhook-url': 'http://hooks.example.com/x' })).toThrow(ConfigurationError);
    expect(() => settingsFor({ 'webhook-url': 'http://hooks.example.com/x' })).toThrow(/must be an https:\/\/ URL \(plain http is allowed for localhost only/);
    const hookUrl = `http://hooks.slack.example${SECRETS.slackHookPath}`;
    let message = '';
    try {
      settingsFor({ 'slack-webhook-url': hookUrl });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("Input 'slack-webhook-url' must be an https:// URL");
    expect(message).not.toContain(SECRETS.slackHookPath);
    expect(settingsFor({ 'webhook-url': 'https://hooks.example.com/x' }).notify.webhookUrl).toBe('https://hooks.example.com/x');
  });

  it('does not follow a redirect with the body', async () => {
    const elsewhere = await server(() => ({ status: 200 }));
    const hook = await server(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }));
    const { logger, results } = await publish(deps({ 'webhook-url': `${hook.url}/x`, 'webhook-secret': SECRETS.webhookSecret, 'notify-on': 'always' }));
    expect(results[0]!.ok).toBe(false);
    expect(elsewhere.received).toHaveLength(0);
    expect(logText(logger)).toContain('answered a redirect (HTTP 307), which is not followed');
  });
});

describe('a failing channel warns and never changes the gate', () => {
  it('HTTP 500 from Slack and the webhook, a refused connection for the bot API: three warnings, the decision unchanged', async () => {
    const failing = await server(() => ({ status: 500, body: 'boom' }));
    const port = await closedPort();
    const report = hostileReport();
    const { logger, results } = await publish(
      deps({
        'slack-webhook-url': `${failing.url}${SECRETS.slackHookPath}`,
        'webhook-url': `${failing.url}/hook`,
        'webhook-secret': SECRETS.webhookSecret,
        'notify-on': 'always',
      }),
      report,
    );
    const refused = await publish(deps({ 'slack-bot-token': SECRETS.slackToken, 'slack-channel': 'C0SEC', 'slack-api-url': `http://127.0.0.1:${port}/api/`, 'notify-on': 'always' }), report);
    expect(report.gate.decision).toBe('BLOCK');
    expect(results.map((r) => `${r.id}:${r.ok}`)).toEqual(['Slack notification:false', 'webhook notification:false']);
    expect(refused.results.map((r) => `${r.id}:${r.ok}`)).toEqual(['Slack notification:false']);
    const warnings = [...logger.lines, ...refused.logger.lines].filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('Slack (webhook) answered HTTP 500');
    expect(warnings[0]).toContain('slack-webhook-url');
    expect(warnings[1]).toContain(`the webhook at ${failing.url} answered HTTP 500. The receiver failed; check its logs.`);
    expect(warnings[2]).toMatch(/Slack \(chat.postMessage\) could not be reached.*check that the runner can reach slack-api-url/);
    assertNoSecret('the log', logText(logger) + logText(refused.logger));
  });
});

describe('notify-on', () => {
  it('failure (the default) sends when the gate blocks or a scanner failed, not when it proceeds cleanly', async () => {
    const hook = await server(() => ({ status: 200 }));
    const inputs = { 'webhook-url': `${hook.url}/h` };
    const proceed = makeReport([makeFinding({ severity: 'low' })]);
    const skipped = await publish(deps(inputs), proceed);
    expect(hook.received).toHaveLength(0);
    expect(logText(skipped.logger)).toContain("Webhook notification not sent: notify-on is 'failure', and the gate proceeds with every scanner ok.");
    await publish(deps(inputs), hostileReport());
    expect(hook.received).toHaveLength(1);
  });

  it('new-findings: only when the baseline reports new ones; without a baseline every finding is new', async () => {
    const hook = await server(() => ({ status: 200 }));
    const inputs = { 'webhook-url': `${hook.url}/h`, 'notify-on': 'new-findings' };
    const nothingNew = makeReport([makeFinding({ severity: 'critical', baseline: 'unchanged' })], undefined, { baseline: { source: 'x', found: true, new: 0, unchanged: 1, fixed: [] } });
    await publish(deps(inputs), nothingNew);
    expect(hook.received).toHaveLength(0);
    await publish(deps(inputs), makeReport([makeFinding({ severity: 'low' })]));
    expect(hook.received).toHaveLength(1);
    expect(JSON.parse(hook.received[0]!.text).new).toBe(1);
  });
});

describe('secret settings', () => {
  it('print as *** in the settings debug line', () => {
    const s = settingsFor({ 'slack-bot-token': SECRETS.slackToken, 'slack-channel': 'C1', 'webhook-url': 'https://h.example/x', 'webhook-secret': SECRETS.webhookSecret, 'defectdojo-url': 'https://dojo.example', 'defectdojo-token': SECRETS.dojoToken, 'defectdojo-product': 'shop' });
    const line = describeSettings(s);
    assertNoSecret('describeSettings', line);
    expect(line).toContain('"slackBotToken":"***"');
    expect(`${s.notify.webhookSecret}`).toBe('***');
  });

  it('half-configured channels are configuration errors that say what to set', () => {
    expect(() => settingsFor({ 'email-to': 'sec@example.com' })).toThrow("Input 'email-to' is set, but 'smtp-host' is empty");
    expect(() => settingsFor({ 'defectdojo-url': 'https://dojo.example' })).toThrow("'defectdojo-token' is empty");
    expect(() => settingsFor({ 'smtp-host': 'mail.example', 'email-to': 'a@example.com', 'smtp-username': 'u', 'smtp-password': 'p', 'smtp-tls': 'none' })).toThrow('in the clear');
  });
});
