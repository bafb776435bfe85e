/**
 * The sticky pull request comment: one comment of ours per workflow + job (+ key), found again on every run by a
 * hidden marker on its first line and by its author, updated in place.
 *
 * Whose comment is it? The REST API cannot tell us who the token belongs to when it is the workflow's
 * GITHUB_TOKEN (GET /user answers 403 to installation tokens), so — like the sticky-comment actions — we accept:
 * - a comment by `selfLogin` when the caller knows it (a PAT's login, or the login learnt from an earlier create);
 * - otherwise a comment by a Bot account (`user.type === 'Bot'`: github-actions[bot] for GITHUB_TOKEN, `<app>[bot]`
 *   for a GitHub App token), preferring github-actions[bot] when bots disagree.
 * And in both cases the body must START with our exact marker line. Markers copied into someone else's comment,
 * text that looks like our heading, or our marker further down a body are never matched, so we never edit anyone
 * else's comment. The marker's fields are percent-encoded, so a workflow or job name cannot close the HTML
 * comment or imitate another key; scanner text in our own body is escaped (report/escape.ts), so it cannot carry
 * a marker either.
 */
import type { ScanReport } from '../report/types.js';
import type { CommentMode } from '../config/settings.js';
import type { Logger } from '../logger.js';
import type { GitHubClient } from './client.js';
import { describeHttpError, isHttpError } from './http-errors.js';
import { COMMENT_MAX_CHARS } from './limits.js';

export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';
const MARKER_PREFIX = '<!-- security-scan:v1';

function encodeField(value: string): string {
  // encodeURIComponent leaves A–Z a–z 0–9 - _ . ! ~ * ' ( ); '>' and ' ' and '=' are encoded, so neither
  // `-->` nor a second `key=` can appear in a field.
  return encodeURIComponent(value).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `<!-- security-scan:v1 workflow=… job=… [key=…] -->` — hidden when rendered; fields percent-encoded. */
export function commentMarker(workflow: string, job: string, key?: string): string {
  const fields = [`workflow=${encodeField(workflow)}`, `job=${encodeField(job)}`];
  if (key) fields.push(`key=${encodeField(key)}`);
  return `${MARKER_PREFIX} ${fields.join(' ')} -->`;
}

/** True when the body's first line is exactly the marker (GitHub may store the line end as CRLF). */
export function startsWithMarker(body: string | null | undefined, marker: string): boolean {
  if (!body || !body.startsWith(marker)) return false;
  const rest = body.slice(marker.length);
  return rest === '' || rest.startsWith('\n') || rest.startsWith('\r\n');
}

/** The fields of an issue comment we read (as the REST API returns them). */
export interface CommentLike {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login: string; type?: string } | null;
}

export interface OwnComment {
  id: number;
  login: string;
  url?: string;
  body: string;
}

/**
 * Picks our comment among a PR's comments (pure; exported for tests). With `selfLogin`, only that author counts;
 * without it, Bot authors count, github-actions[bot] first. The oldest match wins (a duplicate left by a race
 * between two runs is left alone). Returns `ambiguous` when several different bots carry our marker and none is
 * github-actions[bot]: we cannot tell which one is us, so we touch none.
 */
export function pickOwnComment(
  comments: readonly CommentLike[],
  marker: string,
  selfLogin?: string,
): { comment?: OwnComment; ambiguous?: string[] } {
  const candidates = comments
    .filter((c) => c.user && startsWithMarker(c.body, marker))
    .filter((c) =>
      selfLogin ? c.user!.login.toLowerCase() === selfLogin.toLowerCase() : c.user!.type === 'Bot',
    )
    .sort((a, b) => a.id - b.id);
  const own = (c: CommentLike): OwnComment => ({
    id: c.id,
    login: c.user!.login,
    body: c.body ?? '',
    ...(c.html_url ? { url: c.html_url } : {}),
  });
  if (selfLogin) return candidates[0] ? { comment: own(candidates[0]) } : {};
  const preferred = candidates.find((c) => c.user!.login === GITHUB_ACTIONS_BOT);
  if (preferred) return { comment: own(preferred) };
  const logins = [...new Set(candidates.map((c) => c.user!.login))].sort();
  if (logins.length > 1) return { ambiguous: logins };
  return candidates[0] ? { comment: own(candidates[0]) } : {};
}

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
  logger: Logger;
  /** The token's login when known (a PAT user; the login returned by an earlier create). */
  selfLogin?: string;
}

/** Pages through ALL comments of the issue/PR (100 per page) and returns ours, if any. */
export async function findOwnComment(client: GitHubClient, target: CommentTarget): Promise<OwnComment | undefined> {
  const all: CommentLike[] = [];
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) all.push(...(page.data as CommentLike[]));
  const picked = pickOwnComment(all, target.marker, target.selfLogin);
  if (picked.ambiguous) {
    target.logger.warning(
      `Several bot accounts (${picked.ambiguous.join(', ')}) have a comment with this action's marker on ` +
        `#${target.issueNumber}; none is edited and a new comment is created. Set a distinct \`comment-key\` to separate them.`,
    );
  }
  target.logger.debug(
    `Looked through ${all.length} comment(s) on #${target.issueNumber}: ` +
      (picked.comment ? `ours is ${picked.comment.id} by ${picked.comment.login}.` : 'none of ours.'),
  );
  return picked.comment;
}

/**
 * The token's login via GET /user — known for a personal access token; GitHub answers 403 to installation tokens
 * (the workflow's GITHUB_TOKEN, GitHub Apps), and then this returns undefined and matching falls back to Bot
 * authors. One request; optional (call it when `github-token` may be a PAT). Non-HTTP errors are thrown.
 */
export async function resolveSelfLogin(client: GitHubClient, logger: Logger): Promise<string | undefined> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    logger.debug(`GET /user answered ${e.status} (an installation token): our comment is recognised as a Bot's.`);
    return undefined;
  }
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  /** The comment's author: our login, learnt from GitHub's answer. */
  login: string;
  url?: string;
}

/**
 * Creates our comment or updates it in place. `body` must fit GitHub's limit (render it with
 * `maxChars: COMMENT_MAX_CHARS` and the same marker); the marker is prepended when the body lacks it.
 * `existing`: pass what findOwnComment returned to avoid paging twice (`null` = looked, none found).
 * HTTP errors are thrown (see publishComment for the variant that turns them into a warning).
 */
export async function upsertComment(
  client: GitHubClient,
  target: CommentTarget & { body: string; existing?: OwnComment | null },
): Promise<UpsertResult> {
  const body = startsWithMarker(target.body, target.marker) ? target.body : `${target.marker}\n${target.body}`;
  if (body.length > COMMENT_MAX_CHARS) {
    throw new Error(
      `The comment body has ${body.length} characters, more than GitHub's ${COMMENT_MAX_CHARS}: render it with maxChars ${COMMENT_MAX_CHARS}.`,
    );
  }
  const existing = target.existing === undefined ? await findOwnComment(client, target) : target.existing;
  if (existing) {
    if (existing.body === body) {
      target.logger.info(`The pull request comment is up to date: ${existing.url ?? existing.id}`);
      return { action: 'unchanged', id: existing.id, login: existing.login, ...(existing.url ? { url: existing.url } : {}) };
    }
    const { data } = await client.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body,
    });
    target.logger.info(`Updated the pull request comment: ${data.html_url}`);
    return { action: 'updated', id: data.id, login: data.user?.login ?? existing.login, url: data.html_url };
  }
  const { data } = await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  target.logger.info(`Created the pull request comment: ${data.html_url}`);
  const login = data.user?.login ?? target.selfLogin ?? '';
  const converged = await convergeDuplicates(client, target, { id: data.id, login, body, url: data.html_url });
  return { action: 'created', id: converged.id, login, url: converged.url ?? data.html_url };
}

/**
 * Two runs on one PR at once can both find no comment and both create one. After creating ours, look again: the
 * oldest comment of ours with this marker is the one to keep. If it is not the one just created, it gets our body
 * and ours is deleted. Both racers converge on the oldest comment.
 */
async function convergeDuplicates(client: GitHubClient, target: CommentTarget, created: OwnComment): Promise<OwnComment> {
  if (!created.login) return created;
  const all: CommentLike[] = [];
  const pages = client.paginate.iterator(client.rest.issues.listComments, { owner: target.owner, repo: target.repo, issue_number: target.issueNumber, per_page: 100 });
  for await (const page of pages) all.push(...(page.data as CommentLike[]));
  const ours = all
    .filter((c) => c.user && c.user.login.toLowerCase() === created.login.toLowerCase() && startsWithMarker(c.body, target.marker))
    .sort((a, b) => a.id - b.id);
  if (ours.length <= 1) return created;
  const keep = ours[0]!;
  // Each racer removes only the comment it created, so two racers never delete the same one.
  if (keep.id === created.id) return created;
  await client.rest.issues.updateComment({ owner: target.owner, repo: target.repo, comment_id: keep.id, body: created.body });
  await client.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: created.id });
  target.logger.info(`Another run created the same comment at the same time; kept the oldest (${keep.id}) and removed ours (${created.id}).`);
  return { id: keep.id, login: created.login, body: created.body, ...(keep.html_url ? { url: keep.html_url } : {}) };
}

/** Findings to show, or a scanner that did not do its job: both deserve a comment in `on-findings` mode. */
export function needsAttention(report: ScanReport): boolean {
  return report.findings.length > 0 || report.total > 0 || report.scanners.some((s) => s.state === 'failed');
}

/**
 * `always`: comment. `never`: don't. `on-findings`: comment when there are findings or a failed scanner — and
 * also when an earlier comment of ours exists, so that it is updated to say everything is fixed instead of
 * going stale.
 */
export function shouldComment(mode: CommentMode, report: ScanReport, existing = false): boolean {
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  return needsAttention(report) || existing;
}

export type PublishResult =
  | UpsertResult
  | { action: 'skipped'; reason: string }
  | { action: 'failed'; message: string };

/**
 * The whole comment step for main.ts: decides by mode, finds ours (one pass over all comments), creates or
 * updates. HTTP failures (read-only fork token, missing `pull-requests: write`, rate limits after the client's
 * retries) become one warning naming what to change and `action: 'failed'` — they never change the gate.
 * Anything else (a bug) is thrown.
 */
export async function publishComment(
  client: GitHubClient,
  target: CommentTarget & { mode: CommentMode; report: ScanReport; body: string | (() => string) },
): Promise<PublishResult> {
  if (target.mode === 'never') return { action: 'skipped', reason: 'comment: never' };
  try {
    // Even with nothing to report we need to know whether an earlier comment of ours would go stale.
    const existing = await findOwnComment(client, target);
    if (!shouldComment(target.mode, target.report, existing !== undefined)) {
      target.logger.info('No findings and no failed scanner: no pull request comment (comment: on-findings).');
      return { action: 'skipped', reason: 'nothing to report and no earlier comment to update' };
    }
    const body = typeof target.body === 'function' ? target.body() : target.body;
    return await upsertComment(client, { ...target, body, existing: existing ?? null });
  } catch (e) {
    if (!isHttpError(e)) throw e;
    const message = describeHttpError(e, 'comment', `${target.owner}/${target.repo}`);
    target.logger.warning(message);
    return { action: 'failed', message };
  }
}
