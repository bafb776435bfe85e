/**
 * Turns Octokit request errors into warnings that tell the user what to change.
 * Pure: error in, sentence out. Anything that is not an HTTP error is left to the caller (a bug: rethrow it).
 */

/** What we were doing when GitHub said no; decides which permission the message names. */
export type GitHubOperation = 'upload' | 'processing' | 'comment' | 'other';

/** The parts of an Octokit `RequestError` we read (duck-typed: bundles may carry several copies of the class). */
export interface HttpErrorLike {
  name: string;
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { status?: number; headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function isHttpError(e: unknown): e is HttpErrorLike {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return o['name'] === 'HttpError' && typeof o['status'] === 'number' && typeof o['message'] === 'string';
}

const FORKS_SECTION = 'the README section "Pull requests from forks"';

const DOING: Record<GitHubOperation, string> = {
  upload: 'upload SARIF to code scanning',
  processing: 'read the processing status of a SARIF upload',
  comment: 'write the pull request comment',
  other: 'call the GitHub API',
};

const PERMISSION: Record<GitHubOperation, string | undefined> = {
  upload: 'security-events: write',
  processing: 'security-events: read',
  comment: 'pull-requests: write',
  other: undefined,
};

/** GitHub's own message, without the documentation URL suffix Octokit appends. */
export function githubMessage(e: HttpErrorLike): string {
  const data = e.response?.data;
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return e.message.replace(/ - https:\/\/docs\.github\.com\/\S*$/, '');
}

function header(e: HttpErrorLike, name: string): string | undefined {
  const v = e.response?.headers?.[name];
  return v === undefined ? undefined : String(v);
}

/** A sentence for the log and the report; `repository` is `owner/name`. */
export function describeHttpError(e: HttpErrorLike, operation: GitHubOperation, repository: string): string {
  const doing = DOING[operation];
  const said = githubMessage(e);
  const permission = PERMISSION[operation];

  if (e.status === 401) {
    return (
      `GitHub rejected the token (401 ${said}) when trying to ${doing} in ${repository}. ` +
      'Check the `github-token` input: it must be a valid, unexpired token with access to this repository ' +
      '(the default `${{ github.token }}` works).'
    );
  }

  if (e.status === 403 && /advanced security must be enabled/i.test(said)) {
    return (
      `Code scanning upload skipped: GitHub Advanced Security is not enabled for ${repository} (GitHub said: "${said}"). ` +
      'Enable it under Settings → Code security → "GitHub Advanced Security" (or "Code scanning" on public repositories), ' +
      'or set `upload-sarif: false` to stop trying. The findings are still in the job summary, the PR comment and the report artifact.'
    );
  }

  if (e.status === 403 && /resource not accessible by integration/i.test(said)) {
    const add = permission ? ` Add \`${permission}\` to the job's \`permissions:\`` : ' Grant the token the permission it needs';
    const extra = operation === 'upload' ? ' (private repositories also need `contents: read` and `actions: read`)' : '';
    return (
      `The token may not ${doing} in ${repository} (403 ${said}).${add}${extra}. ` +
      'On pull requests from forks GitHub always hands out a read-only token, whatever `permissions:` says: ' +
      'scan the fork PR in a `pull_request` workflow that only uploads the report artifact, then publish the results ' +
      `from a second workflow triggered by \`workflow_run\`, which runs with a write token — see ${FORKS_SECTION} for a full example.`
    );
  }

  if ((e.status === 403 || e.status === 429) && /rate limit/i.test(said)) {
    const reset = header(e, 'x-ratelimit-reset');
    const when = reset && /^\d+$/.test(reset) ? ` (the limit resets at ${new Date(Number(reset) * 1000).toISOString()})` : '';
    return (
      `GitHub's API rate limit stopped the attempt to ${doing} in ${repository}${when}, and waiting longer was not worth ` +
      `holding the job: ${said}. Re-run the job later, or use a token with a higher limit.`
    );
  }

  if (e.status === 403) {
    const add = permission ? ` Make sure the token has \`${permission}\`.` : '';
    return `GitHub refused to let the token ${doing} in ${repository} (403 ${said}).${add}`;
  }

  if (e.status === 404) {
    if (operation === 'upload' || operation === 'processing') {
      return (
        `Code scanning is not available for ${repository} (404 ${said}): either the repository is not visible to this token, ` +
        'or code scanning is not available for it (a private repository without GitHub Advanced Security, or a GitHub ' +
        'Enterprise Server without code scanning). Check the `github-token` input and the repository settings, or set `upload-sarif: false`.'
      );
    }
    return `GitHub answered 404 (${said}) when trying to ${doing} in ${repository}: the repository or pull request is not visible to this token.`;
  }

  if (e.status === 413) {
    return `GitHub refused the upload as too large (413 ${said}) when trying to ${doing} in ${repository}.`;
  }

  if (e.status === 400 || e.status === 422) {
    return `GitHub rejected the request as invalid (${e.status} ${said}) when trying to ${doing} in ${repository}.`;
  }

  if (e.status === 500 && e.response === undefined) {
    return `Could not reach GitHub to ${doing} in ${repository}: ${said}. Check the network and \`GITHUB_API_URL\`.`;
  }

  if (e.status >= 500) {
    return `GitHub kept failing (${e.status} ${said}) when trying to ${doing} in ${repository}, also after retrying with backoff.`;
  }

  return `GitHub answered ${e.status} (${said}) when trying to ${doing} in ${repository}.`;
}

/** True when every later request of the same kind would fail the same way (bad token, no permission, no feature). */
export function isPermanentForRepository(e: HttpErrorLike): boolean {
  return e.status === 401 || e.status === 404 || (e.status === 403 && !/rate limit/i.test(githubMessage(e)));
}
