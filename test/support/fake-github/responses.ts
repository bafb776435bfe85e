import { createHash } from 'node:crypto';

export interface UrlContext {
  /** The fake's own API base, e.g. http://127.0.0.1:PORT (GitHub answers with its API host in every `url`). */
  apiBase: string;
  /** The web host for html_url links, https://github.com by default. */
  serverUrl: string;
  owner: string;
  repo: string;
}

/** Messages GitHub answers with, copied from real responses (sources in the comments). */
export const MESSAGES = {
  notFound: 'Not Found',
  badCredentials: 'Bad credentials',
  requiresAuthentication: 'Requires authentication',
  /** What a read-only GITHUB_TOKEN (fork pull requests) gets on a write. */
  notAccessible: 'Resource not accessible by integration',
  /** codeql-action logs of real 403s (e.g. TWiStErRob/net.twisterrob.ghlint README). */
  advancedSecurity: 'Advanced Security must be enabled for this repository to use code scanning.',
  problemsParsingJson: 'Problems parsing JSON',
  /** errors[0].message of the 422 on a long comment (e.g. easybuilders/easybuild-easyconfigs#24647, 2025). */
  commentTooLong: 'Body is too long (maximum is 65536 characters)',
  secondaryRateLimit:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to ' +
    'GitHub Support for help, please include the request ID.',
  primaryRateLimit: 'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please ' +
    'include the request ID.',
} as const;

export const DOCS = {
  rest: 'https://docs.github.com/rest',
  rateLimits: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
  secondaryRateLimits:
    'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
} as const;

/** GitHub's `basic-error` body; `status` is a string in current responses. */
export function githubError(status: number, message: string, documentationUrl: string = DOCS.rest): Record<string, unknown> {
  return { message, documentation_url: documentationUrl, status: String(status) };
}

/** A deterministic positive integer id for a login, repository or pull request name. */
export function stableId(login: string): number {
  return (createHash('sha256').update(login).digest().readUInt32BE(0) % 90_000_000) + 10_000_000;
}

/** The REST `simple-user` object. Logins ending in `[bot]` are bots (github-actions[bot]). */
export function simpleUser(login: string, ctx: Pick<UrlContext, 'apiBase' | 'serverUrl'>): Record<string, unknown> {
  const isBot = login.endsWith('[bot]');
  const api = `${ctx.apiBase}/users/${encodeURIComponent(login)}`;
  const id = stableId(login);
  return {
    login,
    id,
    node_id: Buffer.from(`${isBot ? 'BOT' : 'U'}_${id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: isBot ? `${ctx.serverUrl}/apps/${login.slice(0, -'[bot]'.length)}` : `${ctx.serverUrl}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: isBot ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** Primary rate-limit bookkeeping: one hourly window of `limit` requests, counted per fake. */
export class RateLimit {
  #used = 0;
  readonly #reset: number;

  constructor(
    readonly limit: number,
    now: Date,
  ) {
    this.#reset = Math.floor(now.getTime() / 1000) + 3600;
  }

  /** Counts one request and returns the headers GitHub sends with every REST response. */
  take(): Record<string, string> {
    this.#used += 1;
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - this.#used)),
      'x-ratelimit-reset': String(this.#reset),
      'x-ratelimit-used': String(this.#used),
      'x-ratelimit-resource': 'core',
    };
  }

  get reset(): number {
    return this.#reset;
  }
}
