import { posix } from 'node:path';
import type { GitHubClient } from '../github/client.js';
import { errorMessage } from '../errors.js';
import type { FileReader } from '../findings/identify.js';
import type { CommandRunner } from '../scanners/process.js';

/** The most a policy file (config, ignore file, a scanner's ignore list) may hold. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/**
 * Where the files that decide the gate (the config file, the ignore file, the scanners' own ignore files and
 * configs) are read from. On a pull request with approval-required they are the base commit's versions, so that a
 * pull request cannot change its own gate or approve its own suppressions; otherwise the scanned tree's.
 */
export interface TrustedFiles {
  readonly source: 'base' | 'workspace';
  /** In words, for notes: "the base commit 1a2b3c4", "the scanned tree". */
  readonly description: string;
  /**
   * The trusted version of a repository-relative file: undefined when it does not exist there (or is not a regular
   * file: a symlink is never followed). Throws BaseUnavailable when the base commit cannot be read at all.
   */
  read(path: string): Promise<string | undefined>;
  /** The scanned tree's version (the pull request's own on a pull request). */
  readWorkspace(path: string): Promise<string | undefined>;
}

/** The base commit could not be read by any means: the caller fails closed. */
export class BaseUnavailable extends Error {}

/** The tree's own files are the trusted ones (push, schedule, approval-required: false). */
export function workspaceTrust(readWorkspace: FileReader): TrustedFiles {
  const read = async (path: string) => readWorkspace(path);
  return { source: 'workspace', description: 'the scanned tree', read, readWorkspace: read };
}

export interface BaseTrustDeps {
  baseSha: string;
  /** The repository root (git's work tree): paths are relative to it. */
  workspace: string;
  runner: CommandRunner;
  readWorkspace: FileReader;
  /** For the contents API when the base commit is not in the clone (a depth-1 checkout). */
  api?: { client: GitHubClient; owner: string; repo: string };
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** A repository-relative path safe to hand to git and the API: no `..`, no leading `/`, no NUL. */
function cleanPath(path: string): string | undefined {
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const p = posix.normalize(path.replace(/^(\.\/)+/, ''));
  if (p === '' || p === '.' || p.startsWith('../') || p === '..' || posix.isAbsolute(p)) return undefined;
  return p;
}

/**
 * The base commit's files: from git when the commit is in the clone, else from the contents API at that commit.
 * A file that is a symlink or a submodule in the base counts as absent. Results are cached per path.
 */
export function baseTrust(deps: BaseTrustDeps): TrustedFiles {
  if (!SHA.test(deps.baseSha)) throw new BaseUnavailable(`the base commit '${deps.baseSha}' is not a commit id`);
  const git = (args: string[]) => deps.runner.run('git', ['-C', deps.workspace, ...args], { cwd: deps.workspace, timeoutMs: 30_000 });
  let haveCommit: Promise<boolean> | undefined;
  const cache = new Map<string, Promise<string | undefined>>();

  const fromGit = async (path: string): Promise<string | undefined> => {
    const ls = await git(['ls-tree', '-z', '--full-tree', deps.baseSha, '--', path]);
    if (ls.exitCode !== 0) throw new BaseUnavailable(`git ls-tree failed: ${ls.stderr.trim().slice(-300)}`);
    const entry = ls.stdout.split('\0').find((e) => e.endsWith(`\t${path}`));
    if (!entry) return undefined;
    const [mode, type, oid] = entry.split('\t')[0]!.split(' ');
    if (type !== 'blob' || mode === '120000' || !oid) return undefined;
    const size = await git(['cat-file', '-s', oid]);
    if (size.exitCode !== 0) throw new BaseUnavailable(`git cat-file failed: ${size.stderr.trim().slice(-300)}`);
    if (Number(size.stdout.trim()) > MAX_POLICY_FILE_BYTES) throw new BaseUnavailable(`${path} in the base commit is larger than ${MAX_POLICY_FILE_BYTES} bytes`);
    const blob = await git(['cat-file', 'blob', oid]);
    if (blob.exitCode !== 0) throw new BaseUnavailable(`git cat-file failed: ${blob.stderr.trim().slice(-300)}`);
    return blob.stdout;
  };

  const fromApi = async (path: string): Promise<string | undefined> => {
    const api = deps.api;
    if (!api) {
      throw new BaseUnavailable(
        `the base commit ${deps.baseSha.slice(0, 7)} is not in the clone and there is no token for the contents API; check out with fetch-depth: 0 or give the step a github-token with contents: read`,
      );
    }
    let data: unknown;
    try {
      const r = await api.client.rest.repos.getContent({ owner: api.owner, repo: api.repo, path, ref: deps.baseSha });
      data = r.data;
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 404) return undefined;
      throw new BaseUnavailable(
        `the contents API could not read ${path} at the base commit ${deps.baseSha.slice(0, 7)} (${errorMessage(e)}); give the token contents: read, or check out with fetch-depth: 0`,
      );
    }
    if (Array.isArray(data) || typeof data !== 'object' || data === null) return undefined;
    const file = data as { type?: string; encoding?: string; content?: string; size?: number };
    if (file.type !== 'file') return undefined;
    if ((file.size ?? 0) > MAX_POLICY_FILE_BYTES || file.encoding !== 'base64' || typeof file.content !== 'string') {
      throw new BaseUnavailable(`${path} in the base commit is larger than ${MAX_POLICY_FILE_BYTES} bytes or not served as base64`);
    }
    return Buffer.from(file.content, 'base64').toString('utf8');
  };

  const read = (given: string): Promise<string | undefined> => {
    const path = cleanPath(given);
    if (path === undefined) return Promise.resolve(undefined);
    let p = cache.get(path);
    if (!p) {
      haveCommit ??= git(['cat-file', '-e', `${deps.baseSha}^{commit}`]).then(
        (r) => r.exitCode === 0,
        () => false,
      );
      p = haveCommit.then((present) => (present ? fromGit(path) : fromApi(path)));
      cache.set(path, p);
    }
    return p;
  };
  return {
    source: 'base',
    description: `the base commit ${deps.baseSha.slice(0, 7)}`,
    read,
    readWorkspace: async (path) => deps.readWorkspace(path),
  };
}
