/**
 * The generic webhook (`webhook-url`): one JSON POST of the report summary. With `webhook-secret`, it is signed
 * like Stripe's and Slack's webhooks:
 *
 *   X-Security-Scan-Timestamp: <unix seconds>
 *   X-Security-Scan-Signature: sha256=<hex HMAC-SHA256(webhook-secret, "<timestamp>.<raw body>")>
 *   X-Security-Scan-Delivery:  <the body's `id`, a random UUID per delivery>
 *
 * The receiver recomputes the HMAC over the timestamp header, a dot and the raw body bytes, compares in constant
 * time, refuses a timestamp more than 5 minutes old and an `id` it has seen (docs/verify-webhook.mjs does all
 * three). Only https URLs are called (http for a loopback host only), and a redirect is not followed: the body
 * would go to a host nobody configured.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { NotifySummary } from './message.js';

export const SIGNATURE_HEADER = 'X-Security-Scan-Signature';
export const TIMESTAMP_HEADER = 'X-Security-Scan-Timestamp';
export const DELIVERY_HEADER = 'X-Security-Scan-Delivery';
/** The body's `schema`: receivers can tell versions apart. */
export const WEBHOOK_SCHEMA = 'security-scan/notification@1';

export interface WebhookBody extends NotifySummary {
  schema: typeof WEBHOOK_SCHEMA;
  /** Unique per delivery: a receiver refuses an id it has seen (replay). */
  id: string;
  /** ISO 8601, when it was sent. */
  sentAt: string;
}

export function webhookBody(summary: NotifySummary, now: Date, id: string = randomUUID()): WebhookBody {
  return { schema: WEBHOOK_SCHEMA, id, sentAt: now.toISOString(), ...summary };
}

/** `sha256=<hex>` over `<timestamp>.<body>`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export interface WebhookTransport {
  url: string;
  /** '' = unsigned. */
  secret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  userAgent: string;
  now: () => Date;
}

/** Where the request went, without path or query (they may carry a token): `https://host:port`. */
export function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(the webhook URL)';
  }
}

/** Posts the body; throws an Error naming what to change (never the URL's path or query, never the secret). */
export async function sendWebhook(body: WebhookBody, t: WebhookTransport): Promise<string> {
  const text = JSON.stringify(body);
  const timestamp = Math.floor(t.now().getTime() / 1000);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': t.userAgent, [DELIVERY_HEADER]: body.id };
  if (t.secret !== '') {
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = sign(t.secret, timestamp, text);
  }
  const where = origin(t.url);
  let res: Response;
  try {
    res = await (t.fetch ?? fetch)(t.url, { method: 'POST', headers, body: text, redirect: 'manual', signal: AbortSignal.timeout(t.timeoutMs ?? 15_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new Error(`the webhook at ${where} could not be reached (${cause}); check webhook-url and that the runner can reach it.`);
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 300 && res.status < 400) {
    throw new Error(`the webhook at ${where} answered a redirect (HTTP ${res.status}), which is not followed (the signed body would go to another address); set webhook-url to the final URL.`);
  }
  if (!res.ok) {
    const hint = res.status === 401 || res.status === 403 ? ' Check that webhook-secret matches the receiver’s.' : res.status >= 500 ? ' The receiver failed; check its logs.' : '';
    throw new Error(`the webhook at ${where} answered HTTP ${res.status}.${hint}`);
  }
  return `Webhook delivered to ${where} (HTTP ${res.status}${t.secret !== '' ? ', signed' : ', unsigned'}, delivery ${body.id}).`;
}
