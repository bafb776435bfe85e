/**
 * GET /repos/{o}/{r}/pulls/{n}/files (pulls/list-files) as GitHub answers it: `diff-entry` objects in the order
 * given, 30 per page by default and at most 100, pages linked with a `Link` header, and at most 3,000 files in all
 * ("Responses include a maximum of 3000 files"): past that the pages are empty, as if the pull request had no more.
 * `patch` is sent only when the test gives one (GitHub leaves it out for binary files and very large diffs).
 */
import { createHash } from 'node:crypto';
import { linkHeader, pageOf, pagingParams } from './comments.js';
import type { Call, Reply, ServerState } from './handlers.js';
import { MESSAGES, githubError } from './responses.js';
import type { FakePullFile } from './types.js';

/** GitHub's cap on the files pulls/list-files returns. */
export const MAX_PULL_FILES = 3000;

export function listPullFiles(state: ServerState, call: Call): Reply {
  const number = Number(call.path.pull_number);
  const pull = state.pulls[number];
  if (!pull) {
    return {
      status: 404,
      body: githubError(404, MESSAGES.notFound, call.operation.documentationUrl),
      violation: `${call.operation.method} ${call.url.pathname}: no pull request ${number} (configure options.pulls)`,
    };
  }
  const all = (pull.files ?? []).slice(0, MAX_PULL_FILES).map((f) => diffEntry(state, pull.headSha, f));
  const { page, perPage } = pagingParams(call.query);
  const { items, lastPage } = pageOf(all, page, perPage);
  const link = linkHeader(call.url, page, lastPage);
  return { status: 200, body: items, headers: link === undefined ? {} : { link } };
}

/** Counts of `+` and `-` lines in a patch (hunk headers and `\ No newline` lines are not counted). */
function counts(patch: string | undefined): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of (patch ?? '').split('\n')) {
    if (line.startsWith('+')) additions++;
    else if (line.startsWith('-')) deletions++;
  }
  return { additions, deletions };
}

function diffEntry(state: ServerState, headSha: string, f: FakePullFile): Record<string, unknown> {
  const { owner, name } = state.repository;
  const status = f.status ?? 'modified';
  const { additions, deletions } = { ...counts(f.patch), ...(f.additions !== undefined ? { additions: f.additions } : {}), ...(f.deletions !== undefined ? { deletions: f.deletions } : {}) };
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: status === 'removed' ? null : createHash('sha1').update(`blob ${f.filename} ${f.patch ?? ''}`).digest('hex'),
    filename: f.filename,
    status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${state.urls.serverUrl}/${owner}/${name}/blob/${headSha}/${path}`,
    raw_url: `${state.urls.serverUrl}/${owner}/${name}/raw/${headSha}/${path}`,
    contents_url: `${state.urls.apiBase}/repos/${owner}/${name}/contents/${path}?ref=${headSha}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {}),
  };
}
