// readRunEnvironment: what the runner says about the run. Here: whether it is on the default branch, which decides
// whether the Actions cache may be used (src/github/actions-cache.ts untrustedCache).
import { describe, expect, it } from 'vitest';
import { readRunEnvironment } from '../../src/github/context.js';
import { untrustedCache } from '../../src/github/actions-cache.js';

const payload = JSON.stringify({ repository: { default_branch: 'main' }, before: 'a'.repeat(40), after: 'b'.repeat(40) });
const run = (name: string, ref: string, text: string | undefined = payload) => readRunEnvironment({ GITHUB_EVENT_NAME: name, GITHUB_REF: ref }, text);

describe('readRunEnvironment: on the default branch', () => {
  it('a push to the default branch is on it; a push to another branch, a tag or a pull request ref is not', () => {
    expect(run('push', 'refs/heads/main').event.onDefaultBranch).toBe(true);
    expect(run('push', 'refs/heads/feature').event.onDefaultBranch).toBeUndefined();
    expect(run('push', 'refs/tags/main').event.onDefaultBranch).toBeUndefined();
    expect(run('pull_request', 'refs/pull/7/merge').event.onDefaultBranch).toBeUndefined();
    // No payload (or one without the repository): not known to be on it.
    expect(run('push', 'refs/heads/main', '{}').event.onDefaultBranch).toBeUndefined();
  });

  it('the cache is trusted on a push or dispatch of the default branch and on a schedule, nowhere else', () => {
    expect(untrustedCache(run('push', 'refs/heads/main').event)).toBeUndefined();
    expect(untrustedCache(run('workflow_dispatch', 'refs/heads/main').event)).toBeUndefined();
    expect(untrustedCache(run('schedule', 'refs/heads/main', '{"schedule":"17 3 * * *"}').event)).toBeUndefined();
    expect(untrustedCache(run('push', 'refs/heads/feature').event)).toMatch(/branch other than the default branch/);
    expect(untrustedCache(run('workflow_dispatch', 'refs/heads/feature').event)).toMatch(/branch other than the default branch/);
    for (const name of ['pull_request', 'pull_request_target', 'merge_group', 'workflow_run', 'issue_comment', '']) {
      expect(untrustedCache(run(name, 'refs/heads/main').event), name).toMatch(/^not used on /);
    }
  });
});
