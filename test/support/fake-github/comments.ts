import { simpleUser, type UrlContext } from './responses.js';

export interface StoredComment {
  id: number;
  issue: number;
  login: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** Issue comments of the one repository the fake serves, with ids that increase in creation order. */
export class CommentStore {
  #nextId = 1_000_001;
  readonly #byId = new Map<number, StoredComment>();

  add(issue: number, login: string, body: string, at: Date): StoredComment {
    const stamp = isoSeconds(at);
    const comment = { id: this.#nextId, issue, login, body, createdAt: stamp, updatedAt: stamp };
    this.#nextId += 1;
    this.#byId.set(comment.id, comment);
    return comment;
  }

  get(id: number): StoredComment | undefined {
    return this.#byId.get(id);
  }

  /** Oldest first, like GitHub; `since` keeps comments updated at or after it. */
  list(issue?: number, since?: Date): StoredComment[] {
    return [...this.#byId.values()]
      .filter((c) => issue === undefined || c.issue === issue)
      .filter((c) => since === undefined || Date.parse(c.updatedAt) >= since.getTime())
      .sort((a, b) => a.id - b.id);
  }

  update(id: number, body: string, at: Date): StoredComment | undefined {
    const comment = this.#byId.get(id);
    if (!comment) return undefined;
    comment.body = body;
    comment.updatedAt = isoSeconds(at);
    return comment;
  }

  remove(id: number): StoredComment | undefined {
    const comment = this.#byId.get(id);
    this.#byId.delete(id);
    return comment;
  }
}

/** The REST `issue-comment` object for a stored comment. */
export function issueCommentJson(comment: StoredComment, ctx: UrlContext & { isPull: boolean }): Record<string, unknown> {
  const repoApi = `${ctx.apiBase}/repos/${ctx.owner}/${ctx.repo}`;
  const kind = ctx.isPull ? 'pull' : 'issues';
  return {
    id: comment.id,
    node_id: Buffer.from(`IC_${comment.id}`).toString('base64'),
    url: `${repoApi}/issues/comments/${comment.id}`,
    html_url: `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/${kind}/${comment.issue}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(comment.login, ctx),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${repoApi}/issues/${comment.issue}`,
    author_association: comment.login.endsWith('[bot]') ? 'NONE' : 'CONTRIBUTOR',
  };
}

/** GitHub's paging: `per_page` defaults to 30 and is capped at 100; `page` starts at 1. */
export function pageOf<T>(items: readonly T[], page: number, perPage: number): { items: T[]; lastPage: number } {
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return { items: items.slice((page - 1) * perPage, page * perPage), lastPage };
}

export function pagingParams(query: Record<string, unknown>): { page: number; perPage: number } {
  const perPageRaw = typeof query.per_page === 'number' ? query.per_page : 30;
  const pageRaw = typeof query.page === 'number' ? query.page : 1;
  return { perPage: Math.min(100, Math.max(1, Math.trunc(perPageRaw))), page: Math.max(1, Math.trunc(pageRaw)) };
}

/**
 * RFC 5988 `Link` header as GitHub sends it on list endpoints: prev, next, last, first (only those that apply),
 * each the request URL with `page` replaced. Undefined when everything fits on one page.
 */
export function linkHeader(requestUrl: URL, page: number, lastPage: number): string | undefined {
  if (lastPage <= 1) return undefined;
  const at = (n: number) => {
    const url = new URL(requestUrl);
    url.searchParams.set('page', String(n));
    return `<${url.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return links.join(', ');
}

/** GitHub timestamps have whole seconds: 2011-04-14T16:00:49Z. */
export function isoSeconds(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}
