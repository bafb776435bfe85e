/**
 * The links a report points at — a file line at the head commit, the workflow run, the pull request — built only
 * from parts we control and checked, so every renderer can place them as they are. No markup here: a Markdown
 * renderer wraps them with `markdownLink` (escape.ts), an HTML one would put them in `href`.
 */
import type { RunContext } from './types.js';

/** Percent-encodes a URL path segment, including the characters that end a Markdown link destination. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Encodes a repository-relative path for a URL, segment by segment (slashes kept). */
export function encodePath(path: string): string {
  return path.split('/').map(encodePathSegment).join('/');
}

/** True for an absolute http(s) URL without characters that could end a link destination (space, quotes, brackets). */
export function isSafeUrl(url: string): boolean {
  if (!/^https?:\/\/[^\s<>()"'`\\|]+$/i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function repoBase(ctx: RunContext): string | undefined {
  const { serverUrl, repository } = ctx;
  if (!serverUrl || !repository || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) return undefined;
  const base = `${serverUrl.replace(/\/+$/, '')}/${repository}`;
  return isSafeUrl(base) ? base : undefined;
}

/** Builds file links for one run: the checks on the repository and commit are made once, not per finding. */
export function fileLinker(ctx: RunContext): (path: string, startLine?: number, endLine?: number) => string | undefined {
  const base = repoBase(ctx);
  if (!base || !ctx.sha || !/^[0-9a-f]{7,64}$/i.test(ctx.sha)) return () => undefined;
  const commit = `${base}/blob/${ctx.sha}/`;
  return (path, startLine, endLine) => {
    const segments = path.split('/');
    if (path === '' || segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
    let url = `${commit}${segments.map(encodePathSegment).join('/')}`;
    if (startLine !== undefined && Number.isInteger(startLine) && startLine > 0) {
      url += `#L${startLine}`;
      if (endLine !== undefined && Number.isInteger(endLine) && endLine > startLine) url += `-L${endLine}`;
    }
    return url;
  };
}

/** `{serverUrl}/{repository}/blob/{sha}/{path}#L{start}[-L{end}]`, or undefined when a part is unknown/unsafe. */
export function fileUrl(ctx: RunContext, path: string, startLine?: number, endLine?: number): string | undefined {
  return fileLinker(ctx)(path, startLine, endLine);
}

/** `{serverUrl}/{repository}/actions/runs/{runId}` (the artifacts are listed on that page). */
export function runUrl(ctx: RunContext): string | undefined {
  const base = repoBase(ctx);
  if (!base || !ctx.runId || !/^\d+$/.test(ctx.runId)) return undefined;
  return `${base}/actions/runs/${ctx.runId}`;
}

/**
 * `{serverUrl}/{repository}/actions/runs/{runId}#artifacts`: the run page's Artifacts section, where report.html is
 * (in the report artifact). The artifact's own URL is known only after the upload, which comes after the comment.
 */
export function artifactsUrl(ctx: RunContext): string | undefined {
  const run = runUrl(ctx);
  return run ? `${run}#artifacts` : undefined;
}

/** `{serverUrl}/{repository}/pull/{number}`, when the run is for a pull request. */
export function pullRequestUrl(ctx: RunContext): string | undefined {
  const base = repoBase(ctx);
  const n = ctx.pullRequest;
  if (!base || n === undefined || !Number.isSafeInteger(n) || n <= 0) return undefined;
  return `${base}/pull/${n}`;
}
