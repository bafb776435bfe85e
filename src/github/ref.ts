import type { CommandRunner } from '../scanners/process.js';

/** What main.ts knows about the run; every field comes from the env / event payload / git. */
export interface RefFacts {
  /** GITHUB_EVENT_NAME */
  eventName: string;
  /** GITHUB_REF, e.g. refs/heads/main or refs/pull/42/merge */
  ref: string;
  /** GITHUB_SHA (on `pull_request` the merge commit GitHub made) */
  sha: string;
  /** event.pull_request.number, when the event carries a pull request */
  prNumber?: number;
  /** event.pull_request.head.sha */
  headSha?: string;
  /** `git rev-parse HEAD` in the workspace; undefined when git could not tell. */
  checkedOutSha?: string;
  /** `git rev-parse refs/remotes/pull/N/merge` when readable (actions/checkout@v1 may check out that ref, not GITHUB_SHA). */
  mergeSha?: string;
}

export interface RefChoice {
  /** For the upload's `ref`. */
  ref: string;
  /** For the upload's `commit_sha`: the commit that was actually scanned. */
  commitSha: string;
  /** One line for the debug log. */
  reason: string;
}

const PULL_MERGE = /^refs\/pull\/(\d+)\/merge$/;

/**
 * The ref and commit to upload results for, the way codeql-action's getRef()/getCommitOid() choose them:
 * - GITHUB_REF is refs/pull/N/merge: keep it when the checked-out commit is the merge commit (GITHUB_SHA, or what
 *   refs/remotes/pull/N/merge resolves to); when the workflow checked out something else (typically the PR head,
 *   `ref: ${{ github.event.pull_request.head.sha }}`) report on refs/pull/N/head instead.
 * - The checked-out commit cannot be read (no git, not a repository): like codeql-action, assume GITHUB_SHA was
 *   scanned and keep the merge ref.
 * - Any other ref is used as is, with the checked-out commit (GITHUB_SHA when unknown).
 * One deliberate addition: when the event names a pull request but GITHUB_REF is not its merge ref
 * (`pull_request_target`, `workflow_run`) and the PR head is what was checked out, we report on refs/pull/N/head —
 * codeql-action would attribute the PR's code to the base branch ref there.
 */
export function chooseRef(f: RefFacts): RefChoice {
  const merge = PULL_MERGE.exec(f.ref);
  if (merge) {
    const n = merge[1];
    if (f.checkedOutSha === undefined) {
      return { ref: f.ref, commitSha: f.sha, reason: 'checked-out commit unknown; assuming GITHUB_SHA (the merge commit) was scanned' };
    }
    if (f.checkedOutSha === f.sha || (f.mergeSha !== undefined && f.checkedOutSha === f.mergeSha)) {
      return { ref: f.ref, commitSha: f.checkedOutSha, reason: 'the merge commit is checked out' };
    }
    return {
      ref: `refs/pull/${n}/head`,
      commitSha: f.checkedOutSha,
      reason: `no longer on the merge commit (HEAD is ${f.checkedOutSha}); reporting on the PR head ref`,
    };
  }
  if (f.prNumber !== undefined && f.headSha !== undefined && f.checkedOutSha === f.headSha) {
    return {
      ref: `refs/pull/${f.prNumber}/head`,
      commitSha: f.headSha,
      reason: `${f.eventName}: the head of pull request #${f.prNumber} is checked out`,
    };
  }
  return { ref: f.ref, commitSha: f.checkedOutSha ?? f.sha, reason: 'not a pull request merge ref; used as is' };
}

/** `git rev-parse <rev>` in `cwd`; undefined when git is missing, fails, or prints something that is not a sha. */
export async function readCommitSha(runner: CommandRunner, cwd: string, rev = 'HEAD'): Promise<string | undefined> {
  try {
    const r = await runner.run('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd, timeoutMs: 15_000 });
    const out = r.stdout.trim();
    return r.exitCode === 0 && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}
