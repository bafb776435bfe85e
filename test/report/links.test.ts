import { describe, expect, it } from 'vitest';
import { encodePath, fileUrl, isSafeUrl, pullRequestUrl, runUrl } from '../../src/report/links.js';
import { CONTEXT } from '../support/report-builder.js';

const SHA = CONTEXT.sha!;

describe('links we build', () => {
  it('encodes path segments, including parentheses and spaces', () => {
    expect(encodePath('dir (1)/a b#c.ts')).toBe('dir%20%281%29/a%20b%23c.ts');
  });

  it('accepts only absolute http(s) URLs that cannot end a Markdown destination early', () => {
    expect(isSafeUrl('https://github.com/acme/shop/actions/runs/1')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'https://x.y/a b', 'https://x.y/(a)', 'ftp://x.y', '//x.y', 'https://x.y/<a>']) {
      expect(isSafeUrl(bad), bad).toBe(false);
    }
  });

  it('builds run and file URLs only from safe parts', () => {
    expect(runUrl(CONTEXT)).toBe('https://github.com/acme/shop/actions/runs/987654321');
    expect(runUrl({ ...CONTEXT, runId: '1) [x](y' })).toBeUndefined();
    expect(runUrl({ ...CONTEXT, serverUrl: 'javascript:alert(1)//' })).toBeUndefined();
    expect(fileUrl(CONTEXT, '../../settings', 1)).toBeUndefined();
    expect(fileUrl({ ...CONTEXT, sha: 'not-a-sha' }, 'a.ts', 1)).toBeUndefined();
    expect(fileUrl({ ...CONTEXT, serverUrl: 'https://ghe.example/' }, 'a.ts')).toBe(`https://ghe.example/acme/shop/blob/${SHA}/a.ts`);
    expect(fileUrl(CONTEXT, 'dir (x)/a.tf', 5, 7)).toBe(`https://github.com/acme/shop/blob/${SHA}/dir%20%28x%29/a.tf#L5-L7`);
  });

  it('links the pull request when the run is for one', () => {
    expect(pullRequestUrl(CONTEXT)).toBe('https://github.com/acme/shop/pull/42');
    expect(pullRequestUrl({ ...CONTEXT, pullRequest: undefined })).toBeUndefined();
    expect(pullRequestUrl({ ...CONTEXT, pullRequest: -1 })).toBeUndefined();
    expect(pullRequestUrl({ ...CONTEXT, repository: 'a/b/c' })).toBeUndefined();
  });
});
