/**
 * The files a pull request changes and the lines it adds (I/O): from git when the checkout has both the base and
 * the head commit (actions/checkout with `fetch-depth: 0`), else from the pull request files API
 * (`pull-requests: read`). Never throws: a failure is `{ unavailable: <a sentence naming the fix> }`.
 *
 * git shows the merge-base diff (`base...head`), as a pull request does. Attributes come from the base commit
 * where git can (`--attr-source`, git ≥ 2.40), so the pull request's own .gitattributes cannot mark files binary
 * to hide their lines; with an older git a file git calls binary is `partial`. Paths are repository-relative;
 * like the rest of the action this assumes the workspace is the repository's root.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedFilesFrom, type ChangedFiles } from '../findings/changed.js';
import type { Logger } from '../logger.js';
import type { CommandRunner } from '../scanners/process.js';
import type { EventInfo } from '../scanners/types.js';
import type { GitHubClient } from './client.js';
import { githubMessage, isHttpError } from './http-errors.js';
import { parseGitPatch, parseNameStatus, parsePatch, type FileStatus } from './unified-diff.js';

export type { FileStatus } from './unified-diff.js';

export interface PullDiffFile {
  status: FileStatus;
  /** The path in the base for renames and copies. */
  previousPath?: string;
  /** Lines the pull request adds, by their line number in the head version. */
  added?: Map<number, string>;
  /** True when the patch was missing or cut (binary, too large, over the byte cap): `added` is incomplete. */
  partial?: boolean;
}

export interface PullDiff {
  /** 'git' or 'the pull request files API'. */
  source: string;
  /** By repository-relative path (a renamed file under its new path). */
  files: Map<string, PullDiffFile>;
  /** Set when the list of files itself may be cut (GitHub lists at most 3,000 files): why, in words. */
  incomplete?: string;
}

export interface PullDiffDeps {
  event: EventInfo;
  /** The repository checkout git runs in. */
  workspace: string;
  runner: CommandRunner;
  /** Absent without a token: then only git can tell. */
  client?: GitHubClient;
  owner?: string;
  repo?: string;
  logger: Logger;
  /** Where git's output is spooled (RUNNER_TEMP); default the OS temp dir. */
  tempRoot?: string;
  /** At most this many bytes of `git diff -p` are read; files past it are `partial`. Default 32 MiB. */
  maxPatchBytes?: number;
  /** The name-status list over this many bytes sends the run to the API. Default 16 MiB. */
  maxNameBytes?: number;
}

export const GIT_SOURCE = 'git';
export const API_SOURCE = 'the pull request files API';
/** GitHub's own limit: "Responses include a maximum of 3000 files." */
export const API_MAX_FILES = 3000;
const GIT_TIMEOUT_MS = 120_000;

export async function loadPullDiff(deps: PullDiffDeps): Promise<PullDiff | { unavailable: string }> {
  const pr = deps.event.pullRequest;
  if (!pr) return { unavailable: `this is a ${deps.event.name || 'non-pull-request'} event, not a pull request, so there is no pull request diff.` };
  let gitProblem: string;
  try {
    const fromGit = await gitDiff(deps, pr.baseSha, pr.headSha);
    if ('files' in fromGit) return fromGit;
    gitProblem = fromGit.problem;
  } catch (e) {
    gitProblem = `git failed (${(e as Error).message})`;
  }
  deps.logger.debug(`pull request diff: not from git: ${gitProblem}`);
  const api = await apiDiff(deps, pr.number);
  if ('files' in api) return api;
  return { unavailable: `${capitalize(gitProblem)}, and ${api.problem}.` };
}

// ── git ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function gitDiff(deps: PullDiffDeps, base: string, head: string): Promise<PullDiff | { problem: string }> {
  const git = (args: string[], stdoutFile?: string) =>
    deps.runner.run('git', ['-C', deps.workspace, ...args], { cwd: deps.workspace, timeoutMs: GIT_TIMEOUT_MS, ...(stdoutFile ? { stdoutFile } : {}) });
  for (const [what, sha] of [['base', base], ['head', head]] as const) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) return { problem: `the event's ${what} commit '${sha.slice(0, 80)}' is not a commit id` };
    const has = await git(['cat-file', '-e', `${sha}^{commit}`]);
    if (has.exitCode !== 0) {
      return { problem: `the ${what} commit ${sha} is not in the checkout (actions/checkout with 'fetch-depth: 0' brings it)` };
    }
  }
  const dir = await mkdtemp(join(deps.tempRoot ?? tmpdir(), 'pull-diff-'));
  try {
    const common = ['-c', 'core.quotePath=false', 'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames'];
    const range = `${base}...${head}`;
    // --attr-source (git ≥ 2.40): the base commit's .gitattributes, not the pull request's.
    let attr = ['--attr-source', base];
    const namesFile = join(dir, 'names');
    let names = await git([...attr, ...common, '--name-status', '-z', range, '--'], namesFile);
    if (names.exitCode !== 0 && /attr-source/.test(names.stderr)) {
      attr = [];
      names = await git([...common, '--name-status', '-z', range, '--'], namesFile);
    }
    if (names.exitCode !== 0) return { problem: `git could not diff ${range} (${firstLine(names.stderr) || `exit code ${names.exitCode}`})` };
    const nameText = await readCapped(namesFile, deps.maxNameBytes ?? 16 * 1024 * 1024);
    if (nameText.cut) return { problem: `git's list of changed files is larger than ${nameText.cap} bytes` };
    const entries = parseNameStatus(nameText.text);

    const patchFile = join(dir, 'patch');
    const patch = await git([...attr, ...common, '-U0', '--src-prefix=a/', '--dst-prefix=b/', range, '--'], patchFile);
    const files = new Map<string, PullDiffFile>();
    if (patch.exitCode !== 0) {
      deps.logger.warning(`git could not show the lines of ${range} (${firstLine(patch.stderr)}); the files are known, their added lines are not.`);
      for (const e of entries) files.set(e.path, { ...entryOf(e), partial: true });
      return { source: GIT_SOURCE, files };
    }
    const patchText = await readCapped(patchFile, deps.maxPatchBytes ?? 32 * 1024 * 1024);
    const sections = parseGitPatch(patchText.text, patchText.cut);
    if (sections.length > entries.length || (!patchText.cut && sections.length !== entries.length)) {
      deps.logger.warning(`git listed ${entries.length} changed files but showed ${sections.length} in the patch; the added lines are left out.`);
    }
    const aligned = sections.length <= entries.length && (patchText.cut || sections.length === entries.length);
    entries.forEach((e, i) => {
      const s = aligned ? sections[i] : undefined;
      // The `+++` name, when git printed one, must be the entry's: otherwise the two outputs do not line up.
      const matches = s !== undefined && (s.path === undefined || s.path === e.path);
      const added = matches && e.status !== 'removed' ? s.added : undefined;
      const partial = !matches || s.binary || !s.complete;
      files.set(e.path, { ...entryOf(e), ...(added ? { added } : {}), ...(partial && e.status !== 'removed' ? { partial: true } : {}) });
    });
    if (patchText.cut) deps.logger.warning(`The diff of ${range} is larger than ${patchText.cap} bytes: added lines past that are not read (those files are marked partial).`);
    return { source: GIT_SOURCE, files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function entryOf(e: { status: FileStatus; previousPath?: string }): PullDiffFile {
  return { status: e.status, ...(e.previousPath !== undefined ? { previousPath: e.previousPath } : {}) };
}

/** The file's first `cap` bytes, as UTF-8. */
async function readCapped(file: string, cap: number): Promise<{ text: string; cut: boolean; cap: number }> {
  const size = (await stat(file)).size;
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, cap));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { text: buf.subarray(0, bytesRead).toString('utf8'), cut: size > cap, cap };
  } finally {
    await fh.close();
  }
}

// ── the API ─────────────────────────────────────────────────────────────────────────────────────────────────

interface DiffEntry {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
  changes?: number;
}

const STATUSES = new Set<string>(['added', 'modified', 'removed', 'renamed', 'copied', 'changed', 'unchanged']);

async function apiDiff(deps: PullDiffDeps, number: number): Promise<PullDiff | { problem: string }> {
  const { client, owner, repo } = deps;
  const fix = "give the job 'pull-requests: read' in its permissions, or check out the full history with actions/checkout's 'fetch-depth: 0'";
  if (!client) return { problem: `there is no github-token to ask the GitHub API for the pull request's files: ${fix}` };
  if (!owner || !repo) return { problem: 'GITHUB_REPOSITORY is not set, so the GitHub API cannot be asked for the pull request\'s files' };
  let entries: DiffEntry[];
  try {
    entries = (await client.paginate(client.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 })) as DiffEntry[];
  } catch (e) {
    if (!isHttpError(e)) return { problem: `the GitHub API could not be asked for the files of pull request #${number} (${(e as Error).message})` };
    const said = githubMessage(e);
    if (e.status === 500 && e.response === undefined) {
      return { problem: `the GitHub API could not be reached to list the files of pull request #${number} (${said})` };
    }
    if (e.status === 403 || e.status === 404 || e.status === 401) {
      return { problem: `GitHub refused to list the files of pull request #${number} in ${owner}/${repo} (${e.status} ${said}): ${fix}` };
    }
    return { problem: `GitHub could not list the files of pull request #${number} (${e.status} ${said})` };
  }
  const files = new Map<string, PullDiffFile>();
  for (const e of entries) {
    const status = (STATUSES.has(e.status) ? e.status : 'changed') as FileStatus;
    const file: PullDiffFile = { status, ...(e.previous_filename ? { previousPath: e.previous_filename } : {}) };
    if (status !== 'removed') {
      if (typeof e.patch === 'string') {
        const p = parsePatch(e.patch);
        file.added = p.added;
        if (!p.complete) file.partial = true;
      } else if (!((status === 'renamed' || status === 'unchanged') && e.changes === 0)) {
        // No patch: binary, or too large for the API to show. A pure rename has none and adds nothing.
        file.partial = true;
      }
    }
    files.set(e.filename, file);
  }
  const diff: PullDiff = { source: API_SOURCE, files };
  if (entries.length >= API_MAX_FILES) {
    diff.incomplete = `GitHub lists at most ${API_MAX_FILES} files of a pull request and this one has ${entries.length} or more, so the list may be cut (a checkout with 'fetch-depth: 0' lets git list them all)`;
  }
  return diff;
}

function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0] ?? '';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * `changed-files-only` before the scan (main.ts): on a pull request, the files it changes; when they cannot be
 * read, a note (every finding is kept). Off, or not a pull request: nothing (the log says why). `loaded` is the
 * pull request's diff when the caller has already read it (main.ts reads it once, for the inline markers too).
 */
export async function changedFilesPolicy(
  enabled: boolean,
  deps: PullDiffDeps,
  loaded?: PullDiff | { unavailable: string },
): Promise<{ changedFiles?: ChangedFiles; notes: string[] }> {
  if (!enabled) return { notes: [] };
  if (!deps.event.pullRequest) {
    deps.logger.info(`changed-files-only applies to pull requests; on this ${deps.event.name || 'non-pull-request'} event every finding is kept.`);
    return { notes: [] };
  }
  const r = changedFilesFrom(loaded ?? (await loadPullDiff(deps)));
  if (!r.changedFiles) {
    const note = r.note ?? 'changed-files-only could not apply. Every finding is kept.';
    deps.logger.warning(note);
    return { notes: [note] };
  }
  const n = r.changedFiles.files.size;
  deps.logger.info(`changed-files-only: pull request #${deps.event.pullRequest.number} changes ${n} file${n === 1 ? '' : 's'} (from ${r.changedFiles.source}); findings in other files are left out.`);
  return { changedFiles: r.changedFiles, notes: [] };
}
