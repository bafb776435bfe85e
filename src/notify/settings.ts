import { z } from 'zod';
import { choice, integer, list, text } from '../config/fields.js';
import type { Section } from '../config/schema.js';
import { Secret } from './secret.js';

/**
 * When the notifications are sent: `always`; `failure` (the gate blocks or a scanner failed); `new-findings` (the
 * baseline says there are findings it does not have; without a baseline every finding is new).
 */
export const NOTIFY_ON = ['always', 'failure', 'new-findings'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

/** How nodemailer talks to the SMTP server: STARTTLS upgrade (required), TLS from the start (port 465), or plain. */
export const SMTP_TLS = ['starttls', 'tls', 'none'] as const;
export type SmtpTls = (typeof SMTP_TLS)[number];

function fail(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER as never;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for a host on this machine (the tests' servers): only these may be reached over plain http. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * An https URL (http only for a loopback host), or '' (the channel is off). A problem never quotes the value: a
 * Slack webhook URL is itself a credential, and any URL may carry `user:password@`.
 */
export function endpointUrl(what: string, options: { secret?: boolean } = {}) {
  return z.unknown().transform((v, ctx): string => {
    if (typeof v !== 'string') return fail(ctx, `is not text; give ${what}.`);
    const s = v.trim();
    if (s === '') return '';
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return fail(ctx, `is not a URL${options.secret ? ' (the value is not shown: it is a secret)' : ''}; give ${what}.`);
    }
    if (url.protocol === 'https:') return s;
    if (url.protocol === 'http:' && isLoopback(url.hostname)) return s;
    return fail(ctx, `must be an https:// URL (plain http is allowed for localhost only, so that nothing is sent in the clear); give ${what}.`);
  });
}

/** A secret value: trimmed text, wrapped so that it prints as `***`. */
export function secret() {
  return z.unknown().transform((v, ctx): Secret => {
    if (typeof v !== 'string' && typeof v !== 'number') return fail(ctx, 'is not text; pass it from a secret, e.g. ${{ secrets.NAME }}.');
    return new Secret(String(v).trim());
  });
}

/** A secret URL (the Slack incoming webhook): checked like endpointUrl, never quoted. */
function secretUrl(what: string) {
  const url = endpointUrl(what, { secret: true });
  return z.unknown().transform((v, ctx): Secret => {
    const r = url.safeParse(v);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER as never;
    }
    return new Secret(r.data);
  });
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
const SLACK_CHANNEL = { pattern: /^[#@]?[A-Za-z0-9._-]{1,80}$/, hint: "use a channel ID (C0123456789) or a name such as '#security'." };
const HOST = { pattern: /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:]+\]$/, hint: 'use a host name or an IP address, without a scheme or port.' };

/** The notification channels' inputs; each channel is off until its address is set. */
export const NOTIFY_INPUTS = {
  notifyOn: { input: 'notify-on', default: 'failure', field: choice(NOTIFY_ON) },
  /** How many findings a notification lists (new ones first); the counts always cover all. */
  notifyMaxFindings: { input: 'notify-max-findings', default: '10', field: integer(0, 40) },
  slackWebhookUrl: { input: 'slack-webhook-url', default: '', field: secretUrl("Slack's incoming webhook URL (https://hooks.slack.com/services/…)") },
  slackBotToken: { input: 'slack-bot-token', default: '', field: secret() },
  slackChannel: { input: 'slack-channel', default: '', field: text(SLACK_CHANNEL) },
  /** Slack's Web API base (GitHub Enterprise proxies, tests); chat.postMessage is sent to `<this>chat.postMessage`. */
  slackApiUrl: { input: 'slack-api-url', default: 'https://slack.com/api/', field: endpointUrl("Slack's Web API base URL, e.g. https://slack.com/api/") },
  webhookUrl: { input: 'webhook-url', default: '', field: endpointUrl('the URL that receives the JSON summary (https://…)') },
  webhookSecret: { input: 'webhook-secret', default: '', field: secret() },
  emailTo: {
    input: 'email-to',
    default: '',
    field: list({ pattern: EMAIL, problem: (bad) => `has ${bad.map((b) => `'${b}'`).join(', ')}, not an email address; use name@example.com, comma-separated.` }),
  },
  emailFrom: { input: 'email-from', default: 'security-scan@localhost', field: text({ pattern: EMAIL, hint: 'use an email address such as security-scan@example.com.' }) },
  smtpHost: { input: 'smtp-host', default: '', field: text(HOST) },
  smtpPort: { input: 'smtp-port', default: '587', field: integer(1, 65535) },
  smtpUsername: { input: 'smtp-username', default: '', field: secret() },
  smtpPassword: { input: 'smtp-password', default: '', field: secret() },
  smtpTls: { input: 'smtp-tls', default: 'starttls', field: choice(SMTP_TLS) },
  defectdojoUrl: { input: 'defectdojo-url', default: '', field: endpointUrl("DefectDojo's base URL, e.g. https://defectdojo.example.com") },
  defectdojoToken: { input: 'defectdojo-token', default: '', field: secret() },
  defectdojoProduct: { input: 'defectdojo-product', default: '', field: text() },
  defectdojoProductType: { input: 'defectdojo-product-type', default: '', field: text() },
  defectdojoEngagement: { input: 'defectdojo-engagement', default: 'security-scan', field: text() },
  defectdojoTestTitle: { input: 'defectdojo-test-title', default: 'security-scan', field: text() },
} as const satisfies Section;

type Plain<T> = T extends Secret ? Secret : T extends readonly (infer U)[] ? readonly U[] : T;
/** Readonly, but a Secret stays a Secret (DeepReadonly would map its methods away). */
export type NotifySettings = { readonly [K in keyof typeof NOTIFY_INPUTS]: Plain<z.output<(typeof NOTIFY_INPUTS)[K]['field']>> };

/** The secret values of the settings (to mask and to redact from error text). */
export function notifySecrets(s: NotifySettings): string[] {
  return [s.slackWebhookUrl, s.slackBotToken, s.webhookSecret, s.smtpUsername, s.smtpPassword, s.defectdojoToken].map((x) => x.reveal()).filter((x) => x !== '');
}

/**
 * What cannot be right together: a channel with half its settings (a bot token without a channel, an SMTP host
 * without recipients, DefectDojo without a token or product). One sentence each, naming what to set.
 */
export function notifyProblems(s: NotifySettings): string[] {
  const p: string[] = [];
  // A bot token without a channel (or the reverse) is checked when the sink runs: SLACK_BOT_TOKEN / SLACK_CHANNEL may fill them.
  if (s.slackBotToken.set && s.slackWebhookUrl.set) p.push("Inputs 'slack-webhook-url' and 'slack-bot-token' are both set; use one of them (the webhook posts to its own channel, the bot token to 'slack-channel').");
  if (s.webhookSecret.set && s.webhookUrl === '') p.push("Input 'webhook-secret' is set, but 'webhook-url' is empty; set the URL that receives the signed summary.");
  const email = s.emailTo.length > 0;
  if (email && s.smtpHost === '') p.push("Input 'email-to' is set, but 'smtp-host' is empty; set the SMTP server's host name.");
  if (!email && s.smtpHost !== '') p.push("Input 'smtp-host' is set, but 'email-to' is empty; set the recipients (comma-separated).");
  if (s.smtpPassword.set && !s.smtpUsername.set) p.push("Input 'smtp-password' is set, but 'smtp-username' is empty; set both or neither.");
  if (s.smtpPassword.set && s.smtpTls === 'none' && email) p.push("Input 'smtp-tls' is 'none', but 'smtp-password' is set: the password would cross the network in the clear; use starttls or tls.");
  if (s.defectdojoUrl !== '') {
    if (!s.defectdojoToken.set) p.push("Input 'defectdojo-url' is set, but 'defectdojo-token' is empty; pass an API v2 key (DefectDojo: API v2 Key in your profile) from a secret.");
    if (s.defectdojoProduct === '') p.push("Input 'defectdojo-url' is set, but 'defectdojo-product' is empty; set the DefectDojo product (asset) name to import into.");
    if (s.defectdojoEngagement === '' || s.defectdojoTestTitle === '') p.push("Inputs 'defectdojo-engagement' and 'defectdojo-test-title' must not be empty with 'defectdojo-url'; they name where repeated runs reimport.");
  } else if (s.defectdojoToken.set) p.push("Input 'defectdojo-token' is set, but 'defectdojo-url' is empty; set DefectDojo's base URL.");
  return p;
}

/**
 * Notification inputs a config file must not set (config/file.ts): the secrets, and the addresses a secret is sent
 * to. A config file the scanned tree controls could otherwise point slack-api-url, smtp-host or defectdojo-url at
 * its own server and receive the bot token, the SMTP password or the DefectDojo key given as workflow inputs.
 */
export const NOTIFY_NOT_IN_FILE: Record<string, string> = Object.fromEntries([
  ...['slack-webhook-url', 'slack-bot-token', 'webhook-secret', 'smtp-username', 'smtp-password', 'defectdojo-token'].map((input) => [
    input,
    `a secret does not belong in a committed file; pass it as the ${input} input from a secret.`,
  ]),
  ...['slack-api-url', 'smtp-host', 'defectdojo-url'].map((input) => [
    input,
    `it is where a credential is sent, so only the workflow may set it (a file in the scanned tree could name its own server); set the ${input} input.`,
  ]),
]);
