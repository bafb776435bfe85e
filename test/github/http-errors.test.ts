import { describe, expect, it } from 'vitest';
import { describeHttpError, isHttpError, isPermanentForRepository, type HttpErrorLike } from '../../src/github/http-errors.js';

const err = (status: number, message: string, headers: Record<string, string> = {}): HttpErrorLike => ({
  name: 'HttpError',
  status,
  message: `${message} - https://docs.github.com/rest`,
  response: { status, headers, data: { message, documentation_url: 'https://docs.github.com/rest' } },
});

const REPO = 'octo-org/octo-repo';

describe('describeHttpError', () => {
  it('GHAS disabled names the repository setting and keeps GitHub\'s words', () => {
    const m = describeHttpError(err(403, 'Advanced Security must be enabled for this repository to use code scanning.'), 'upload', REPO);
    expect(m).toContain('GitHub Advanced Security is not enabled for octo-org/octo-repo');
    expect(m).toContain('Settings → Code security');
    expect(m).toContain('upload-sarif: false');
    expect(m).toContain('Advanced Security must be enabled for this repository');
  });

  it('a read-only token explains forks, workflow_run and the permission for the operation', () => {
    const up = describeHttpError(err(403, 'Resource not accessible by integration'), 'upload', REPO);
    expect(up).toContain('`security-events: write`');
    expect(up).toContain('forks');
    expect(up).toContain('`workflow_run`');
    expect(up).toContain('"Pull requests from forks"');
    const c = describeHttpError(err(403, 'Resource not accessible by integration'), 'comment', REPO);
    expect(c).toContain('`pull-requests: write`');
    expect(c).not.toContain('security-events');
  });

  it('404 on upload says code scanning is not available or the repo is not visible', () => {
    const m = describeHttpError(err(404, 'Not Found'), 'upload', REPO);
    expect(m).toMatch(/Code scanning is not available for octo-org\/octo-repo/);
    expect(m).toContain('not visible to this token');
  });

  it('401 points at the token input', () => {
    expect(describeHttpError(err(401, 'Bad credentials'), 'upload', REPO)).toMatch(/rejected the token.*`github-token` input/s);
  });

  it('an exhausted rate limit says when it resets', () => {
    const m = describeHttpError(err(403, 'API rate limit exceeded for installation.', { 'x-ratelimit-reset': '1700000000' }), 'comment', REPO);
    expect(m).toContain('rate limit');
    expect(m).toContain('2023-11-14T22:13:20.000Z');
  });

  it('5xx after retries and network failures are told apart', () => {
    expect(describeHttpError(err(502, 'Bad Gateway'), 'upload', REPO)).toContain('kept failing (502');
    const net: HttpErrorLike = { name: 'HttpError', status: 500, message: 'connect ECONNREFUSED 127.0.0.1:1' };
    expect(describeHttpError(net, 'upload', REPO)).toContain('Could not reach GitHub');
  });
});

describe('isHttpError / isPermanentForRepository', () => {
  it('recognises Octokit errors by shape only', () => {
    expect(isHttpError(err(500, 'x'))).toBe(true);
    expect(isHttpError(new TypeError('bug'))).toBe(false);
    expect(isHttpError(null)).toBe(false);
  });
  it('treats auth/permission/feature failures as permanent, rate limits and 5xx not', () => {
    expect(isPermanentForRepository(err(403, 'Resource not accessible by integration'))).toBe(true);
    expect(isPermanentForRepository(err(404, 'Not Found'))).toBe(true);
    expect(isPermanentForRepository(err(401, 'Bad credentials'))).toBe(true);
    expect(isPermanentForRepository(err(403, 'You have exceeded a secondary rate limit'))).toBe(false);
    expect(isPermanentForRepository(err(502, 'Bad Gateway'))).toBe(false);
  });
});
