import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../logger.js';

/** The Octokit every GitHub edge receives (REST methods + paginate; retry and throttling are hooks). */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  /** `GITHUB_API_URL` (https://api.github.com, a GHES `/api/v3` URL, or a test server). */
  baseUrl: string;
  logger: Logger;
  userAgent?: string;
  /**
   * 5xx and network failures (plugin-retry): how many retries after the first attempt. Default 3.
   * 400/401/403/404/410/422/451 are never retried by this path.
   */
  retries?: number;
  /** Retry n (1-based) waits n² × retryBaseMs: 1 s, 4 s, 9 s with the default 1000. Tests pass 1. */
  retryBaseMs?: number;
  /** Primary (x-ratelimit-remaining: 0) and secondary rate limits (plugin-throttling): retries. Default 2. */
  rateLimitRetries?: number;
  /** Give up instead of waiting longer than this for a rate limit (retry-after / x-ratelimit-reset). Default 60 s. */
  maxRateLimitWaitSeconds?: number;
  /** Milliseconds per second of `retry-after`. Default 1000; tests pass 1 so a `retry-after: 2` waits 2 ms. */
  rateLimitUnitMs?: number;
}

export const CLIENT_DEFAULTS = {
  retries: 3,
  retryBaseMs: 1000,
  rateLimitRetries: 2,
  maxRateLimitWaitSeconds: 60,
  rateLimitUnitMs: 1000,
} as const;

interface LimitedRequest {
  method?: string;
  url?: string;
}

/**
 * Decides whether to wait out a rate limit and logs a warning either way.
 * Exported for tests; `kind` is 'primary' or 'secondary'.
 */
export function rateLimitDecision(
  kind: 'primary' | 'secondary',
  retryAfterSeconds: number,
  request: LimitedRequest,
  retryCount: number,
  limits: { rateLimitRetries: number; maxRateLimitWaitSeconds: number },
  logger: Logger,
): boolean {
  const what = `${request.method ?? 'request'} ${request.url ?? ''}`.trim();
  const label = kind === 'primary' ? 'rate limit' : 'secondary rate limit';
  if (retryCount >= limits.rateLimitRetries) {
    logger.warning(`GitHub ${label} hit on ${what}; giving up after ${retryCount} retries.`);
    return false;
  }
  if (retryAfterSeconds > limits.maxRateLimitWaitSeconds) {
    logger.warning(
      `GitHub ${label} hit on ${what}; it asks to wait ${retryAfterSeconds} s, more than the ` +
        `${limits.maxRateLimitWaitSeconds} s this action waits, so the request is given up.`,
    );
    return false;
  }
  logger.warning(
    `GitHub ${label} hit on ${what}; retrying in ${retryAfterSeconds} s ` +
      `(retry ${retryCount + 1} of ${limits.rateLimitRetries}).`,
  );
  return true;
}

/**
 * An Octokit from @actions/github with plugin-retry (5xx, network errors: backoff) and plugin-throttling
 * (rate limits: honours `retry-after` / `x-ratelimit-reset`, capped; mutating requests go out one at a time
 * with at least a second between them, as GitHub asks of integrators).
 */
export function createClient(token: string, options: ClientOptions): GitHubClient {
  const o = { ...CLIENT_DEFAULTS, ...definedOnly(options) };
  const { logger } = options;
  const limits = { rateLimitRetries: o.rateLimitRetries, maxRateLimitWaitSeconds: o.maxRateLimitWaitSeconds };
  const client = getOctokit(
    token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      log: {
        debug: (m: string) => logger.debug(m),
        info: (m: string) => logger.debug(m),
        warn: (m: string) => logger.warning(m),
        error: (m: string) => logger.error(m),
      },
      retry: { retries: o.retries, retryAfterBaseValue: o.retryBaseMs },
      throttle: {
        retryAfterBaseValue: o.rateLimitUnitMs,
        onRateLimit: (after: number, req: LimitedRequest, _octokit: unknown, count: number) =>
          rateLimitDecision('primary', after, req, count, limits, logger),
        onSecondaryRateLimit: (after: number, req: LimitedRequest, _octokit: unknown, count: number) =>
          rateLimitDecision('secondary', after, req, count, limits, logger),
      },
    },
    retry,
    throttling,
  );
  failFastWhenUnreachable(client, options.baseUrl, logger);
  return client;
}

/** True for a failure that never reached GitHub (refused, reset, DNS, TLS): no HTTP response came back. */
function isNetworkFailure(e: unknown): boolean {
  const err = e as { status?: number; response?: unknown; cause?: unknown } | undefined;
  return err !== undefined && err.response === undefined && (err.status === undefined || err.status === 500) && err.cause !== undefined;
}

/** The deepest error code in the cause chain (fetch wraps ECONNREFUSED in "fetch failed"), else its message. */
function networkReason(e: unknown): string {
  let reason = (e as Error).message;
  for (let c = (e as { cause?: unknown }).cause, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const { code, message } = c as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (typeof message === 'string' && message) reason = message;
  }
  return reason;
}

/**
 * Once a request has failed without any HTTP response even after its retries, the API is unreachable for this
 * run: later requests fail at once with the same reason instead of each spending its own retries.
 */
function failFastWhenUnreachable(client: GitHubClient, baseUrl: string, logger: Logger): void {
  let down: string | undefined;
  client.hook.wrap('request', async (request, options) => {
    if (down) throw new Error(`the GitHub API at ${baseUrl} is unreachable (${down}); request skipped`);
    try {
      return await request(options);
    } catch (e) {
      if (isNetworkFailure(e)) {
        down = networkReason(e);
        logger.warning(`The GitHub API at ${baseUrl} could not be reached (${down}); the remaining GitHub steps are skipped.`);
      }
      throw e;
    }
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
