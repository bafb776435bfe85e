// baseTrust: the base commit's version of a policy file, from git when the commit is in the clone, else from the
// contents API; absent for what is not a regular file there; BaseUnavailable (the caller fails closed) otherwise.
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { recordingLogger } from '../../src/logger.js';
import { workspaceReader } from '../../src/findings/reader.js';
import { processRunner } from '../../src/scanners/process.js';
import { BaseUnavailable, MAX_POLICY_FILE_BYTES, baseTrust, workspaceTrust } from '../../src/policy/trusted-files.js';
import { FAKE_TOKENS, githubFaults, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { GitRepo } from '../support/git-repo.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A repository whose base commit has a config, a symlinked ignore file, a big file; the head changes them all. */
function repository() {
  const repo = GitRepo.init('trusted-files-');
  repo.write({ 'outside.yml': 'ignore:\n  - rule: X\n    reason: via a link\n' });
  const base = repo.commit('base', {
    '.github/security-scan.yml': 'fail-on: high\n',
    'sub/.trivyignore': 'DS002\n',
    'big.yml': `# ${'x'.repeat(MAX_POLICY_FILE_BYTES)}\n`,
  });
  symlinkSync('outside.yml', join(repo.dir, '.security-scan-ignore.yml'));
  const withLink = repo.commit('a symlinked ignore file');
  repo.checkout('feature', true);
  const head = repo.commit('the pull request', { '.github/security-scan.yml': 'fail-on: none\n', 'new.yml': 'added\n' });
  return { repo, base, withLink, head };
}

const trust = (repo: GitRepo, baseSha: string, api?: { client: ReturnType<typeof createClient>; owner: string; repo: string }) =>
  baseTrust({ baseSha, workspace: repo.dir, runner: processRunner, readWorkspace: workspaceReader(repo.dir), ...(api ? { api } : {}) });

describe('baseTrust through git', () => {
  const { repo, base, withLink, head } = repository();

  it("reads the base commit's file, not the checkout's; absent in the base is undefined", async () => {
    expect(repo.head()).toBe(head);
    const t = trust(repo, base);
    expect(t.source).toBe('base');
    expect(t.description).toBe(`the base commit ${base.slice(0, 7)}`);
    expect(await t.read('.github/security-scan.yml')).toBe('fail-on: high\n');
    expect(await t.readWorkspace('.github/security-scan.yml')).toBe('fail-on: none\n');
    expect(await t.read('new.yml')).toBeUndefined();
    expect(await t.read('sub/.trivyignore')).toBe('DS002\n');
    expect(await t.read('./sub/.trivyignore')).toBe('DS002\n');
    // A directory is not a file.
    expect(await t.read('sub')).toBeUndefined();
  });

  it('a symlink in the base commit is absent (never followed), even when its target is a policy file', async () => {
    const t = trust(repo, withLink);
    expect(await t.read('.security-scan-ignore.yml')).toBeUndefined();
    expect(await t.read('outside.yml')).toContain('via a link');
  });

  it('paths that leave the repository are absent, not read', async () => {
    const t = trust(repo, base);
    for (const p of ['../x', '/etc/passwd', 'a/../../x', 'a\\b', 'x\0y', '.', '']) expect(await t.read(p), p).toBeUndefined();
    // `a/../.github/security-scan.yml` is inside: it normalises to the file.
    expect(await t.read('sub/../.github/security-scan.yml')).toBe('fail-on: high\n');
  });

  it('a file over 1 MiB in the base is BaseUnavailable (fail closed), not absent', async () => {
    await expect(trust(repo, base).read('big.yml')).rejects.toThrow(BaseUnavailable);
    await expect(trust(repo, base).read('big.yml')).rejects.toThrow(`big.yml in the base commit is larger than ${MAX_POLICY_FILE_BYTES} bytes`);
  });

  it('a base that is not a commit id is refused at once', () => {
    expect(() => trust(repo, 'main')).toThrow(BaseUnavailable);
    expect(() => trust(repo, '--output=/tmp/x')).toThrow("the base commit '--output=/tmp/x' is not a commit id");
  });
});

describe('baseTrust without the base commit (a depth-1 clone)', () => {
  const { repo, base, head } = repository();
  const shallow = repo.clone(['--depth', '1', '--branch', 'feature']);

  it('falls back to the contents API at the base commit', async () => {
    expect(shallow.head()).toBe(head);
    fake = await startFakeGitHub({ contents: { [base]: { '.github/security-scan.yml': 'fail-on: high\n', 'sub/.trivyignore': 'DS002\n' } } });
    const client = createClient(FAKE_TOKENS.read, { baseUrl: fake.url, logger: recordingLogger(), retries: 1, retryBaseMs: 1, rateLimitUnitMs: 1 });
    const t = trust(shallow, base, { client, owner: 'octo-org', repo: 'octo-repo' });
    expect(await t.read('.github/security-scan.yml')).toBe('fail-on: high\n');
    expect(await t.read('sub/.trivyignore')).toBe('DS002\n');
    expect(await t.read('new.yml')).toBeUndefined();
    // Read once per path.
    expect(await t.read('.github/security-scan.yml')).toBe('fail-on: high\n');
    const gets = fake.requests.filter((r) => r.operationId === 'repos/get-content');
    expect(gets.map((r) => [decodeURIComponent(r.path), r.query['ref']])).toEqual([
      ['/repos/octo-org/octo-repo/contents/.github/security-scan.yml', base],
      ['/repos/octo-org/octo-repo/contents/sub/.trivyignore', base],
      ['/repos/octo-org/octo-repo/contents/new.yml', base],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('an API that fails (not a 404) is BaseUnavailable naming contents: read and fetch-depth: 0', async () => {
    fake = await startFakeGitHub({ contents: { [base]: {} } });
    fake.inject(githubFaults.serverError({ path: /\/contents\//, status: 403, times: 10 }));
    const client = createClient(FAKE_TOKENS.read, { baseUrl: fake.url, logger: recordingLogger(), retries: 1, retryBaseMs: 1, rateLimitUnitMs: 1 });
    const read = trust(shallow, base, { client, owner: 'octo-org', repo: 'octo-repo' }).read('.github/security-scan.yml');
    await expect(read).rejects.toThrow(BaseUnavailable);
    await expect(read).rejects.toThrow(/contents API could not read \.github\/security-scan\.yml at the base commit .*contents: read.*fetch-depth: 0/);
  });

  it('no API: BaseUnavailable naming fetch-depth: 0 and contents: read', async () => {
    const read = trust(shallow, base).read('.github/security-scan.yml');
    await expect(read).rejects.toThrow(BaseUnavailable);
    await expect(read).rejects.toThrow(`the base commit ${base.slice(0, 7)} is not in the clone and there is no token for the contents API; check out with fetch-depth: 0 or give the step a github-token with contents: read`);
  });
});

describe('workspaceTrust', () => {
  it('reads the tree for both', async () => {
    const repo = GitRepo.init('workspace-trust-');
    writeFileSync(join(repo.dir, 'a.yml'), 'a\n');
    const t = workspaceTrust(workspaceReader(repo.dir));
    expect(t.source).toBe('workspace');
    expect(await t.read('a.yml')).toBe('a\n');
    expect(await t.readWorkspace('a.yml')).toBe('a\n');
  });
});
