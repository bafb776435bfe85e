import { STATUS_CODES } from 'node:http';
import { DOCS, MESSAGES, githubError } from './responses.js';

export interface FaultSpec {
  /** Only requests with this method (any when absent). */
  method?: string;
  /**
   * Only requests whose path matches: a RegExp is tested against the URL path; a string equals either the URL path
   * (/repos/o/r/code-scanning/sarifs) or the OpenAPI template it matched (/repos/{owner}/{repo}/code-scanning/sarifs).
   */
  path?: RegExp | string;
  status: number;
  /** Extra response headers (they override the rate-limit headers); a function is called when the fault fires. */
  headers?: Record<string, string> | ((now: Date) => Record<string, string>);
  /** JSON-serialised unless a string. Default: GitHub's basic-error with the status text. */
  body?: unknown;
  /** How many matching requests this fault answers (default 1). */
  times?: number;
}

interface ArmedFault {
  spec: FaultSpec;
  left: number;
}

/** Injected faults, answered before normal handling, first registered first, each for `times` matching requests. */
export class FaultQueue {
  readonly #armed: ArmedFault[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault times must be a positive integer, got ${times}`);
    this.#armed.push({ spec, left: times });
  }

  /** The fault that answers this request, consuming one of its uses; undefined when none matches. */
  take(method: string, pathname: string, template: string | undefined): FaultSpec | undefined {
    const index = this.#armed.findIndex(({ spec }) => matches(spec, method, pathname, template));
    const armed = this.#armed[index];
    if (!armed) return undefined;
    armed.left -= 1;
    if (armed.left === 0) this.#armed.splice(index, 1);
    return armed.spec;
  }

  /** Uses left across all armed faults. */
  get pending(): number {
    return this.#armed.reduce((sum, fault) => sum + fault.left, 0);
  }
}

function matches(spec: FaultSpec, method: string, pathname: string, template: string | undefined): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  if (spec.path instanceof RegExp) return spec.path.test(pathname);
  return spec.path === pathname || spec.path === template;
}

export function faultBody(spec: FaultSpec): { text: string; json: boolean } {
  if (typeof spec.body === 'string') return { text: spec.body, json: false };
  const body = spec.body ?? githubError(spec.status, STATUS_CODES[spec.status] ?? 'Error');
  return { text: JSON.stringify(body), json: true };
}

type Match = Pick<FaultSpec, 'method' | 'path' | 'times'>;

/** Ready-made faults shaped like GitHub's. */
export const githubFaults = {
  /** A 5xx from GitHub's front end (502 Bad Gateway by default). */
  serverError(options: Match & { status?: number } = {}): FaultSpec {
    const status = options.status ?? 502;
    return { ...options, status, body: githubError(status, STATUS_CODES[status] ?? 'Server Error') };
  },

  /** Secondary rate limit: 403 (or 429) with `retry-after` and the message the throttling plugin looks for. */
  secondaryRateLimit(options: Match & { retryAfter?: number; status?: 403 | 429 } = {}): FaultSpec {
    const status = options.status ?? 403;
    return {
      ...options,
      status,
      headers: { 'retry-after': String(options.retryAfter ?? 1) },
      body: githubError(status, MESSAGES.secondaryRateLimit, DOCS.secondaryRateLimits),
    };
  },

  /** Primary rate limit: 403 (or 429) with x-ratelimit-remaining 0 and a reset `resetInSeconds` from now. */
  primaryRateLimit(options: Match & { resetInSeconds?: number; status?: 403 | 429; limit?: number } = {}): FaultSpec {
    const status = options.status ?? 403;
    const limit = options.limit ?? 5000;
    return {
      ...options,
      status,
      headers: (now) => ({
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(limit),
        'x-ratelimit-reset': String(Math.ceil(now.getTime() / 1000) + (options.resetInSeconds ?? 1)),
        'x-ratelimit-resource': 'core',
      }),
      body: githubError(status, MESSAGES.primaryRateLimit, DOCS.rateLimits),
    };
  },
} as const;
