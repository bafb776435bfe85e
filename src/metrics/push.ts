/**
 * Pushes metrics.prom to a Prometheus Pushgateway (`metrics-pushgateway-url`): one PUT of the exposition text to
 * /metrics/job@base64/<job>/repository@base64/<repo>/branch@base64/<branch>, so each repository and branch keeps its
 * own group and a later run replaces it (a matrix leg adds leg@base64/<key>). Every grouping value is base64url-encoded (Pushgateway ≥ 0.9 reads the
 * `@base64` form), so a branch name with `/`, `%` or anything else a pull request chooses stays one path segment.
 * Credentials in the URL (`https://user:pass@host`) become a Basic authorization header and are never logged.
 */
export interface PushTarget {
  /** The Pushgateway's base URL (http or https). */
  url: string;
  job: string;
  repository: string;
  branch: string;
  /** A matrix leg's key: one more grouping label, so legs keep their own groups instead of replacing each other's. */
  leg?: string;
}

export interface PushOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The URL without credentials, query or fragment, for messages. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Parses the input; a ConfigurationError-style message when it is not an http(s) URL. */
export function parsePushgatewayUrl(value: string): URL | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Input 'metrics-pushgateway-url' is not a URL; give the Pushgateway's address, e.g. http://pushgateway.example:9091.";
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `Input 'metrics-pushgateway-url' must be an http:// or https:// URL (it is ${url.protocol}//…).`;
  }
  return url;
}

const segment = (name: string, value: string) => `${name}@base64/${value === '' ? '=' : Buffer.from(value, 'utf8').toString('base64url')}`;

/** The group's path below the base URL. */
export function groupPath(t: Omit<PushTarget, 'url'>): string {
  const leg = t.leg ? `/${segment('leg', t.leg)}` : '';
  return `metrics/${segment('job', t.job)}/${segment('repository', t.repository)}/${segment('branch', t.branch)}${leg}`;
}

export async function pushMetrics(text: string, target: PushTarget, o: PushOptions = {}): Promise<{ status: number; where: string }> {
  const parsed = parsePushgatewayUrl(target.url);
  if (typeof parsed === 'string') throw new Error(parsed);
  const headers: Record<string, string> = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' };
  if (parsed.username || parsed.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
  }
  const base = new URL(describeUrl(parsed) + '/');
  const endpoint = new URL(groupPath(target), base);
  const where = describeUrl(parsed);
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(endpoint, { method: 'PUT', headers, body: text, signal: AbortSignal.timeout(o.timeoutMs ?? 15_000) });
  } catch (e) {
    const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    throw new Error(`could not reach the Pushgateway at ${where}: ${why}. Check metrics-pushgateway-url and that the runner can reach it.`);
  }
  if (!res.ok) {
    const said = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 300);
    const hint = res.status === 401 || res.status === 403 ? ' Check the credentials in metrics-pushgateway-url.' : '';
    throw new Error(`the Pushgateway at ${where} answered ${res.status}${said ? ` (${said})` : ''}.${hint}`);
  }
  await res.body?.cancel();
  return { status: res.status, where };
}
