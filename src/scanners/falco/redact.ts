/**
 * Masks secret-shaped values in Falco output text before it enters a finding. Falco outputs quote command lines,
 * environment fragments and HTTP requests verbatim (`curl -H "Authorization: Bearer …"`, `--password=…`), and a
 * finding's text ends up in SARIF, the PR comment and artifacts.
 *
 * What is masked (the value is replaced by `***`, the key or prefix that announced it is kept so the text still
 * reads):
 *  1. `Authorization: <scheme> <value>` / `Authorization=<value>` (Bearer, Basic, token, …)
 *  2. `<key>=<value>` and `<key>: <value>` where the key names a secret (token, secret, password, passwd, pwd,
 *     api_key/apikey, access_key, private_key, client_secret, credential(s), session, auth), including `--flags`
 *     in both `--password=value` and `--password value` forms and JSON `"token":"value"` pairs
 *  3. credentials in URLs: `scheme://user:password@host` → `scheme://***@host`
 *  4. well-known token prefixes anywhere: GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-),
 *     Slack (xox?-), AWS access key ids (AKIA/ASIA + 16), Stripe-style sk_live_/rk_live_, npm_, PEM private keys
 *  5. JSON Web Tokens (`eyJ….….…`; ACTIONS_RUNTIME_TOKEN is one)
 *  6. long opaque strings: 32+ hex characters, or a run of 20+ base64 characters (A–Z, a–z, 0–9, +) holding at
 *     least two upper-case letters, two lower-case letters and two digits. Separators (`/`, `-`, `_`, `.`) end a
 *     run, so paths, pod names and image references survive. This also masks 64-hex container ids and 40-hex
 *     commit SHAs quoted in outputs — the structured fields (container id, image) are kept separately.
 */
const MASK = '***';

const SECRET_KEY = String.raw`(?:[A-Za-z0-9_.-]*(?:token|secret|passwd|password|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|session[_-]?id|auth))`;

const RULES: readonly [RegExp, string][] = [
  // 1. Authorization headers (scheme kept).
  [/(authorization["']?\s*[:=]\s*["']?)(bearer|basic|token|digest|bot)\s+[^\s"',;)]+/gi, `$1$2 ${MASK}`],
  [/(authorization["']?\s*[:=]\s*["']?)(?!(?:bearer|basic|token|digest|bot)\b)[^\s"',;)]+/gi, `$1${MASK}`],
  // 3. user:password@ in URLs.
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${MASK}@`],
  // 4. PEM blocks and known token prefixes.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, `-----BEGIN PRIVATE KEY-----${MASK}`],
  [/\b(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk_live_|rk_live_|npm_)[A-Za-z0-9_-]{8,}/g, `$1${MASK}`],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, MASK],
  // 2. key=value, key: value, "key":"value", --key value.
  [new RegExp(String.raw`("${SECRET_KEY}"\s*:\s*")[^"]*(")`, 'gi'), `$1${MASK}$2`],
  [new RegExp(String.raw`(\b${SECRET_KEY}\s*[=:]\s*["']?)(?!\*\*\*)[^\s"',;&)]+`, 'gi'), `$1${MASK}`],
  [new RegExp(String.raw`((?:^|\s)--?${SECRET_KEY}\s+["']?)(?!-)(?!\*\*\*)[^\s"']+`, 'gi'), `$1${MASK}`],
  // 5. JWTs.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  // 6. long hex.
  [/\b[0-9a-fA-F]{32,}\b/g, MASK],
];

const OPAQUE = /(?<![A-Za-z0-9+])[A-Za-z0-9+]{20,}={0,2}/g;

function count(s: string, re: RegExp): number {
  return s.match(re)?.length ?? 0;
}

function looksOpaque(s: string): boolean {
  return count(s, /[A-Z]/g) >= 2 && count(s, /[a-z]/g) >= 2 && count(s, /[0-9]/g) >= 2;
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of RULES) out = out.replace(re, replacement);
  return out.replace(OPAQUE, (m) => (looksOpaque(m) ? MASK : m));
}
