// Verifies a security-scan webhook delivery (Node.js 18+, no dependencies). Copy it into your receiver.
//
// What is signed: the bytes "<X-Security-Scan-Timestamp>.<raw request body>", with HMAC-SHA256 and the
// webhook-secret as key; X-Security-Scan-Signature is "sha256=" and the hex digest. Verify the RAW body, before
// any JSON parsing, then refuse old timestamps and ids already seen (a replayed request).
//
//   import { createVerifier } from './verify-webhook.mjs';
//   const verify = createVerifier(process.env.SECURITY_SCAN_WEBHOOK_SECRET);
//   const result = verify({ headers: req.headers, rawBody });   // { ok: true, body } or { ok: false, status, reason }
//
// Run it as a server: SECURITY_SCAN_WEBHOOK_SECRET=… node docs/verify-webhook.mjs 8080
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

export const TOLERANCE_SECONDS = 5 * 60;

/**
 * Returns verify({ headers, rawBody }) → { ok: true, body } | { ok: false, status, reason }.
 * `seen` remembers delivery ids (in memory here; use a shared store with a TTL of TOLERANCE_SECONDS behind a
 * load balancer). `now` returns unix seconds (for tests).
 */
export function createVerifier(secret, { seen = new Map(), now = () => Math.floor(Date.now() / 1000) } = {}) {
  if (typeof secret !== 'string' || secret === '') throw new Error('createVerifier: the webhook secret is empty');
  return function verify({ headers, rawBody }) {
    const header = (name) => {
      const v = typeof headers.get === 'function' ? headers.get(name) : headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    };
    const raw = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(String(rawBody), 'utf8');
    const timestamp = header('x-security-scan-timestamp');
    const signature = header('x-security-scan-signature');
    if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 400, reason: 'missing or malformed timestamp' };
    if (!signature || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, status: 401, reason: 'missing or malformed signature' };
    const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest();
    const given = Buffer.from(signature.slice('sha256='.length), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 401, reason: 'signature mismatch' };
    const age = now() - Number(timestamp);
    if (age > TOLERANCE_SECONDS) return { ok: false, status: 401, reason: `timestamp is ${age}s old (more than ${TOLERANCE_SECONDS}s): refused as a possible replay` };
    if (age < -TOLERANCE_SECONDS) return { ok: false, status: 401, reason: 'timestamp is in the future' };
    let body;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return { ok: false, status: 400, reason: 'body is not JSON' };
    }
    const id = typeof body?.id === 'string' ? body.id : undefined;
    if (!id) return { ok: false, status: 400, reason: 'body has no delivery id' };
    for (const [k, at] of seen) if (now() - at > TOLERANCE_SECONDS) seen.delete(k);
    if (seen.has(id)) return { ok: false, status: 409, reason: `delivery ${id} was already received: replay refused` };
    seen.set(id, now());
    return { ok: true, body };
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const verify = createVerifier(process.env.SECURITY_SCAN_WEBHOOK_SECRET ?? '');
  const port = Number(process.argv[2] ?? 8080);
  createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const r = verify({ headers: req.headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(r.ok ? 204 : r.status).end(r.ok ? undefined : r.reason);
      console.log(r.ok ? `ok: ${r.body.decision} ${r.body.repository ?? ''}` : `refused: ${r.reason}`);
    });
  }).listen(port, () => console.log(`listening on :${port}`));
}
