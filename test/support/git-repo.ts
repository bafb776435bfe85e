/**
 * Real git repositories for the Gitleaks git-mode tests: `git init`, files, commits, branches, merges, clones.
 * Commits get fixed author/committer data so runs are reproducible apart from the SHAs' dependence on content.
 * Secrets are never literals here: callers pass values assembled at run time (scripts/example-tree.mjs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

export class GitRepo {
  constructor(readonly dir: string) {}

  /** A new repository on branch `main` in a fresh temporary directory. */
  static init(prefix = 'git-repo-'): GitRepo {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const repo = new GitRepo(dir);
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  /** `git clone <args> file://<this> <new dir>` (file:// so that --depth is honoured). */
  clone(args: string[], prefix = 'git-clone-'): GitRepo {
    const dir = join(mkdtempSync(join(tmpdir(), prefix)), 'ws');
    execFileSync('git', ['clone', '-q', ...args, `file://${this.dir}`, dir], { env: { ...process.env, ...GIT_ENV }, stdio: 'pipe' });
    return new GitRepo(dir);
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  write(files: Record<string, string>): this {
    for (const [rel, content] of Object.entries(files)) {
      const file = join(this.dir, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    return this;
  }

  /** Writes the files, commits everything, returns the new commit's SHA. */
  commit(message: string, files: Record<string, string> = {}): string {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(ref = 'HEAD'): string {
    return this.git('rev-parse', ref);
  }

  checkout(branch: string, create = false): this {
    this.git('checkout', '-q', ...(create ? ['-b', branch] : [branch]));
    return this;
  }

  /** `git merge --no-ff <ref>`: always a merge commit; returns its SHA. */
  merge(ref: string, message = `Merge ${ref}`): string {
    this.git('merge', '-q', '--no-ff', '-m', message, ref);
    return this.head();
  }
}

/** A source line with a credential in it, e.g. `export const token = '…';`. */
export function secretLine(name: string, value: string): string {
  return `export const ${name} = '${value}';\n`;
}

/** The event payload file for a pull_request event (what GITHUB_EVENT_PATH points at). */
export function pullRequestEvent(dir: string, base: string, head: string, number = 7): Record<string, string> {
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify({ action: 'synchronize', number, pull_request: { number, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } } }));
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path, GITHUB_SHA: head, GITHUB_REF: `refs/pull/${number}/merge` };
}

/** The event payload file for a push event. */
export function pushEvent(dir: string, before: string, after: string): Record<string, string> {
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify({ ref: 'refs/heads/main', before, after }));
  return { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: path, GITHUB_SHA: after, GITHUB_REF: 'refs/heads/main' };
}
