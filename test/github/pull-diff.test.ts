// loadPullDiff: the pull request's files and added lines from a real git repository (both commits present), else
// from pulls/list-files on the fake GitHub API (paged with Link headers, validated against GitHub's description).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { API_MAX_FILES, API_SOURCE, GIT_SOURCE, changedFilesPolicy, loadPullDiff, type PullDiff, type PullDiffDeps } from '../../src/github/pull-diff.js';
import { recordingLogger } from '../../src/logger.js';
import { processRunner } from '../../src/scanners/process.js';
import type { EventInfo } from '../../src/scanners/types.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub, type FakePullFile } from '../support/fake-github.js';
import { GitRepo } from '../support/git-repo.js';

const PR = 12;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
let fake: FakeGitHub | undefined;
afterEach(async () => {
  if (fake) expect(fake.violations).toEqual([]);
  await fake?.close();
  fake = undefined;
});

const gitVersion = execFileSync('git', ['--version'], { encoding: 'utf8' }).match(/(\d+)\.(\d+)/)!.slice(1).map(Number) as [number, number];
const hasAttrSource = gitVersion[0] > 2 || (gitVersion[0] === 2 && gitVersion[1] >= 40);

const NEWLINE_NAME = 'odd\nname.txt';
const UNICODE_NAME = 'dir/naïve “quoted” name.txt';

/** main: a.ts, old name.ts, gone.txt, b.ts; feature (from there): edits, a rename, a deletion, odd names, a binary; main moves on. */
function prRepo(): { repo: GitRepo; base: string; head: string } {
  const repo = GitRepo.init('pull-diff-');
  dirs.push(repo.dir);
  repo.commit('base', {
    'a.ts': 'one\ntwo\nthree\n',
    'old name.ts': 'export const x = 1;\nexport const y = 2;\nexport const z = 3;\n',
    'gone.txt': 'bye\n',
    'b.ts': 'b\n',
  });
  repo.checkout('feature', true);
  repo.git('rm', '-q', 'gone.txt');
  repo.git('mv', 'old name.ts', 'new name.ts');
  const head = repo.commit('feature', {
    'a.ts': 'one\nTWO\nthree\nfour',
    'new name.ts': 'export const x = 1;\nexport const y = 2;\nexport const z = 3;\nexport const w = 4;\n',
    [UNICODE_NAME]: 'hé\n',
    [NEWLINE_NAME]: 'x\n',
    'img.bin': Buffer.from([0, 1, 2, 0, 255, 0]).toString('latin1'),
  });
  repo.checkout('main');
  const base = repo.commit('main moves on', { 'b.ts': 'b changed on main\n' });
  return { repo, base, head };
}

const event = (base: string, head: string): EventInfo => ({ name: 'pull_request', pullRequest: { number: PR, baseSha: base, headSha: head } });

function deps(over: Partial<PullDiffDeps> & { event: EventInfo; workspace: string }): PullDiffDeps {
  return { runner: processRunner, logger: recordingLogger(), owner: 'octo-org', repo: 'octo-repo', ...over };
}

const entries = (d: PullDiff) =>
  Object.fromEntries([...d.files].map(([p, f]) => [p, { ...f, ...(f.added ? { added: [...f.added] } : {}) }]));

async function apiDeps(files: FakePullFile[], token: string = FAKE_TOKENS.write) {
  fake = await startFakeGitHub({ pulls: { [PR]: { headSha: 'b'.repeat(40), headRef: 'feature', baseSha: 'a'.repeat(40), baseRef: 'main', files } } });
  const logger = recordingLogger();
  const client = createClient(token, { baseUrl: fake.url, logger, retries: 0, retryBaseMs: 1, rateLimitUnitMs: 1 });
  // Commits this workspace does not have: git cannot tell, so the API is asked.
  return deps({ event: event('a'.repeat(40), 'b'.repeat(40)), workspace: '/nonexistent-dir', client, logger });
}

describe('loadPullDiff from git (both commits in the checkout)', () => {
  it('lists the merge-base diff: statuses, the rename under its new path, odd paths as they are, added lines by head line number', async () => {
    const { repo, base, head } = prRepo();
    const d = await loadPullDiff(deps({ event: event(base, head), workspace: repo.dir }));
    if ('unavailable' in d) throw new Error(d.unavailable);
    expect(d.source).toBe(GIT_SOURCE);
    expect(entries(d)).toEqual({
      'a.ts': { status: 'modified', added: [[2, 'TWO'], [4, 'four']] },
      'new name.ts': { status: 'renamed', previousPath: 'old name.ts', added: [[4, 'export const w = 4;']] },
      'gone.txt': { status: 'removed' },
      [UNICODE_NAME]: { status: 'added', added: [[1, 'hé']] },
      [NEWLINE_NAME]: { status: 'added', added: [[1, 'x']] },
      'img.bin': { status: 'added', added: [], partial: true },
    });
    // b.ts changed on main after the branch point: not the pull request's change.
    expect(d.files.has('b.ts')).toBe(false);
  });

  it('a diff over the byte cap marks the files it could not read partial, and keeps every file in the list', async () => {
    const { repo, base, head } = prRepo();
    // The cap falls just after the next file's `diff --git` line: a.ts's section is whole, the next one is cut.
    const patch = repo.git('-c', 'core.quotePath=false', 'diff', '-U0', '--find-renames', `${base}...${head}`);
    const cap = Buffer.byteLength(patch.slice(0, patch.indexOf('\n', patch.indexOf('diff --git', 1)))) + 5;
    const d = await loadPullDiff(deps({ event: event(base, head), workspace: repo.dir, maxPatchBytes: cap }));
    if ('unavailable' in d) throw new Error(d.unavailable);
    expect(d.files.size).toBe(6);
    expect(d.files.get('a.ts')).toEqual({ status: 'modified', added: new Map([[2, 'TWO'], [4, 'four']]) });
    expect(d.files.get(UNICODE_NAME)?.partial).toBe(true);
    expect(d.files.get('gone.txt')).toEqual({ status: 'removed' });
  });

  it(`the pull request's .gitattributes cannot hide added lines as binary (${hasAttrSource ? 'git ≥ 2.40: base attributes' : 'git < 2.40: the file is partial'})`, async () => {
    const repo = GitRepo.init('pull-diff-attr-');
    dirs.push(repo.dir);
    const base = repo.commit('base', { 'a.ts': 'a\n' });
    repo.checkout('feature', true);
    const head = repo.commit('hide', { '.gitattributes': '*.ts -diff\n', 'a.ts': 'a\n// nosec\n' });
    const d = await loadPullDiff(deps({ event: event(base, head), workspace: repo.dir }));
    if ('unavailable' in d) throw new Error(d.unavailable);
    expect(d.files.get('a.ts')).toEqual(hasAttrSource ? { status: 'modified', added: new Map([[2, '// nosec']]) } : { status: 'modified', added: new Map(), partial: true });
  });

  it('a shallow clone without the base goes to the API; with no token it is unavailable and names both fixes', async () => {
    const { repo, base, head } = prRepo();
    const shallow = repo.clone(['--depth', '1', '--branch', 'feature']);
    dirs.push(shallow.dir);
    const d = await loadPullDiff(deps({ event: event(base, head), workspace: shallow.dir }));
    expect(d).toEqual({ unavailable: expect.stringContaining(`The base commit ${base} is not in the checkout`) as unknown });
    const why = (d as { unavailable: string }).unavailable;
    expect(why).toMatch(/fetch-depth: 0/);
    expect(why).toMatch(/pull-requests: read/);
  });

  it('a workspace that is no repository and a missing git both end as unavailable, never a throw', async () => {
    const d = await loadPullDiff(deps({ event: event('a'.repeat(40), 'b'.repeat(40)), workspace: '/nonexistent-dir', runner: { run: () => Promise.reject(new Error('cannot start git: ENOENT')) } }));
    expect(d).toEqual({ unavailable: expect.stringMatching(/^Git failed \(cannot start git: ENOENT\), and there is no github-token/) as unknown });
  });

  it('a push event has no pull request diff', async () => {
    expect(await loadPullDiff(deps({ event: { name: 'push' }, workspace: '.' }))).toEqual({ unavailable: expect.stringMatching(/push event, not a pull request/) as unknown });
  });
});

describe('loadPullDiff from the pull request files API', () => {
  it('reads statuses, renames, patches into added lines; a file without a patch is partial', async () => {
    const d = await loadPullDiff(
      await apiDeps([
        { filename: 'src/a.ts', patch: '@@ -1,2 +1,3 @@\n one\n-two\n+TWO\n+three' },
        { filename: 'new name.ts', status: 'renamed', previous_filename: 'old name.ts' },
        { filename: 'moved.ts', status: 'renamed', previous_filename: 'was.ts', patch: '@@ -3 +3 @@\n-a\n+b\n\\ No newline at end of file' },
        { filename: 'gone.txt', status: 'removed', patch: '@@ -1 +0,0 @@\n-bye' },
        { filename: 'logo.png', status: 'added' },
        { filename: 'dir/naïve space.txt', status: 'added', patch: '@@ -0,0 +1 @@\n+hé' },
      ]),
    );
    if ('unavailable' in d) throw new Error(d.unavailable);
    expect(d.source).toBe(API_SOURCE);
    expect(d.incomplete).toBeUndefined();
    expect(entries(d)).toEqual({
      'src/a.ts': { status: 'modified', added: [[2, 'TWO'], [3, 'three']] },
      'new name.ts': { status: 'renamed', previousPath: 'old name.ts' },
      'moved.ts': { status: 'renamed', previousPath: 'was.ts', added: [[3, 'b']] },
      'gone.txt': { status: 'removed' },
      'logo.png': { status: 'added', partial: true },
      'dir/naïve space.txt': { status: 'added', added: [[1, 'hé']] },
    });
  });

  it('pages through 250 files, 100 a page, following the Link header', async () => {
    const files = Array.from({ length: 250 }, (_, i) => ({ filename: `f/${String(i).padStart(3, '0')}.ts`, patch: `@@ -0,0 +1 @@\n+line ${i}` }));
    const d = await loadPullDiff(await apiDeps(files));
    if ('unavailable' in d) throw new Error(d.unavailable);
    expect([...d.files.keys()]).toEqual(files.map((f) => f.filename));
    expect(d.files.get('f/249.ts')?.added).toEqual(new Map([[1, 'line 249']]));
    const pages = fake!.requests.filter((r) => r.operationId === 'pulls/list-files');
    expect(pages.map((r) => [r.query.per_page, r.query.page ?? '1'])).toEqual([['100', '1'], ['100', '2'], ['100', '3']]);
  });

  it("the fake's pages are GitHub's diff-entry objects, with a Link header to the next and last page", async () => {
    await apiDeps([
      { filename: 'a.ts', patch: '@@ -0,0 +1 @@\n+x' },
      { filename: 'new.ts', status: 'renamed', previous_filename: 'old.ts' },
      { filename: 'gone.ts', status: 'removed', patch: '@@ -1 +0,0 @@\n-y' },
      { filename: 'img.png', status: 'added' },
    ]);
    const res = await fetch(`${fake!.url}/repos/octo-org/octo-repo/pulls/${PR}/files?per_page=3`, { headers: { authorization: `token ${FAKE_TOKENS.write}` } });
    const body = (await res.json()) as unknown[];
    expect(res.status).toBe(200);
    expect(body).toHaveLength(3);
    expect(fake!.responseErrors('pulls/list-files', 200, body)).toEqual([]);
    expect(res.headers.get('link')).toMatch(/page=2>; rel="next", <.*page=2>; rel="last"/);
  });

  it(`${API_MAX_FILES} files or more: the list may be cut, and says so`, async () => {
    const files = Array.from({ length: API_MAX_FILES + 5 }, (_, i) => ({ filename: `f${i}.ts`, patch: '@@ -0,0 +1 @@\n+x' }));
    const d = await loadPullDiff(await apiDeps(files));
    if ('unavailable' in d) throw new Error(d.unavailable);
    expect(d.files.size).toBe(API_MAX_FILES);
    expect(d.incomplete).toMatch(/at most 3000 files/);
  }, 30_000);

  it.each([
    ['403 (no pull-requests: read)', 403, /refused to list the files of pull request #12 in octo-org\/octo-repo \(403 .*pull-requests: read/],
    ['404', 404, /refused .*\(404 /],
    ['500', 500, /could not list the files of pull request #12 \(500 /],
  ])('%s → unavailable, naming git’s problem and the API’s', async (_name, status, pattern) => {
    const d0 = await apiDeps([{ filename: 'a.ts' }]);
    fake!.inject({ path: /\/pulls\/12\/files$/, status, times: 5 });
    const d = await loadPullDiff(d0);
    expect('unavailable' in d).toBe(true);
    const why = (d as { unavailable: string }).unavailable;
    expect(why).toMatch(/^Git failed|^The base commit/);
    expect(why).toMatch(pattern);
  });

  it('an unreachable API → unavailable', async () => {
    const client = createClient(FAKE_TOKENS.write, { baseUrl: 'http://127.0.0.1:1', logger: recordingLogger(), retries: 0 });
    const d = await loadPullDiff(deps({ event: event('a'.repeat(40), 'b'.repeat(40)), workspace: '/nonexistent-dir', client }));
    expect((d as { unavailable: string }).unavailable).toMatch(/the GitHub API could not be reached to list the files of pull request #12/);
  });
});

describe('changedFilesPolicy (what main.ts passes to the pipeline)', () => {
  it('off, or not a pull request: nothing, and the log says why on a push', async () => {
    expect(await changedFilesPolicy(false, deps({ event: event('a'.repeat(40), 'b'.repeat(40)), workspace: '.' }))).toEqual({ notes: [] });
    const logger = recordingLogger();
    expect(await changedFilesPolicy(true, deps({ event: { name: 'push' }, workspace: '.', logger }))).toEqual({ notes: [] });
    expect(logger.lines).toContainEqual({ level: 'info', message: expect.stringMatching(/applies to pull requests; on this push event every finding is kept/) as unknown });
  });

  it('from git: the changed files without removed ones, a renamed file under its new path', async () => {
    const { repo, base, head } = prRepo();
    const r = await changedFilesPolicy(true, deps({ event: event(base, head), workspace: repo.dir }));
    expect(r.notes).toEqual([]);
    expect(r.changedFiles?.source).toBe('git');
    expect([...(r.changedFiles?.files ?? [])].sort()).toEqual(['a.ts', UNICODE_NAME, 'img.bin', 'new name.ts', NEWLINE_NAME].sort());
  });

  it('a list that may be cut is not used: every finding is kept, and the note says why', async () => {
    const files = Array.from({ length: API_MAX_FILES }, (_, i) => ({ filename: `f${i}.ts` }));
    const r = await changedFilesPolicy(true, await apiDeps(files));
    expect(r.changedFiles).toBeUndefined();
    expect(r.notes).toEqual([expect.stringMatching(/^changed-files-only could not apply: GitHub lists at most 3000 files.*Every finding is kept\.$/) as unknown]);
  }, 30_000);
});
