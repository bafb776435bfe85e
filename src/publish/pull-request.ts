/**
 * Which pull request a scan run belongs to, from GitHub, never from the artifact: the run's head commit (the
 * workflow_run event) must be the head of exactly one OPEN pull request of this repository.
 *
 * `workflow_run.pull_requests` lists same-repository pull requests only (it is empty for forks, and may name pull
 * requests of other repositories whose branch has the same name), so each number it gives is checked with
 * GET /repos/{o}/{r}/pulls/{n}; otherwise the open pull requests whose head is `<fork owner>:<branch>` are listed
 * (GET /repos/{o}/{r}/pulls?state=open&head=…) and matched by head commit.
 */
import type { GitHubClient } from '../github/client.js';
import { describeHttpError, isHttpError } from '../github/http-errors.js';
import type { Logger } from '../logger.js';
import { quote } from '../report/schema.js';
import type { WorkflowRun } from './event.js';
import { PublishRefused } from './refused.js';

export interface ResolvedPull {
  number: number;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  /** owner/name of the head repository (another repository for a fork pull request). */
  headRepository?: string;
}

/** The fields of a pull request we read (pulls/get and pulls/list answer both carry them). */
interface PullLike {
  number: number;
  state: string;
  head: { sha: string; ref: string; repo?: { full_name?: string } | null };
  base: { sha: string; ref: string; repo?: { full_name?: string } | null };
}

/** Pages of 100 open pull requests read at most when the head repository is unknown (3,000 pull requests). */
const MAX_PAGES = 30;

export interface FindPullOptions {
  owner: string;
  repo: string;
  run: WorkflowRun;
  logger: Logger;
}

export async function findPullRequest(client: GitHubClient, o: FindPullOptions): Promise<ResolvedPull> {
  const repository = `${o.owner}/${o.repo}`;
  const ours = (p: PullLike) =>
    p.state === 'open' && p.head.sha === o.run.headSha && (p.base.repo?.full_name ?? repository).toLowerCase() === repository.toLowerCase();
  try {
    let matches: PullLike[] = [];
    for (const number of new Set(o.run.pullRequests)) {
      const pull = await getPull(client, o.owner, o.repo, number);
      if (pull && ours(pull)) matches.push(pull);
      else o.logger.info(`Pull request #${number} of the workflow_run event is not an open pull request of ${repository} with head ${o.run.headSha}; not used.`);
    }
    if (matches.length === 0) matches = await listOpen(client, o, ours);
    if (matches.length === 0) {
      throw new PublishRefused(
        `no open pull request of ${repository} has the scan run's head commit ${o.run.headSha}${o.run.headBranch ? ` (branch ${quote(o.run.headBranch)}${o.run.headOwner ? ` of ${quote(o.run.headOwner)}` : ''})` : ''}: ` +
          'it was closed, or has newer commits (whose own scan run publishes). Nothing was published.',
      );
    }
    if (matches.length > 1) {
      throw new PublishRefused(
        `several open pull requests (${matches.map((m) => `#${m.number}`).join(', ')}) have the scan run's head commit ${o.run.headSha}, and the run does not say which one it scanned. Nothing was published.`,
      );
    }
    const m = matches[0]!;
    const out: ResolvedPull = { number: m.number, headSha: m.head.sha, headRef: m.head.ref, baseSha: m.base.sha, baseRef: m.base.ref };
    if (m.head.repo?.full_name) out.headRepository = m.head.repo.full_name;
    return out;
  } catch (e) {
    if (!isHttpError(e)) throw e;
    throw new PublishRefused(
      `could not look up the pull request of the scan run: ${describeHttpError(e, 'other', repository)} The publish job needs \`pull-requests: read\` (or write, for the comment).`,
    );
  }
}

async function getPull(client: GitHubClient, owner: string, repo: string, number: number): Promise<PullLike | undefined> {
  try {
    const { data } = await client.rest.pulls.get({ owner, repo, pull_number: number });
    return data as PullLike;
  } catch (e) {
    if (isHttpError(e) && e.status === 404) return undefined;
    throw e;
  }
}

async function listOpen(client: GitHubClient, o: FindPullOptions, ours: (p: PullLike) => boolean): Promise<PullLike[]> {
  const head = o.run.headOwner && o.run.headBranch ? `${o.run.headOwner}:${o.run.headBranch}` : undefined;
  const params = { owner: o.owner, repo: o.repo, state: 'open' as const, per_page: 100, ...(head ? { head } : {}) };
  const found: PullLike[] = [];
  let pages = 0;
  for await (const page of client.paginate.iterator(client.rest.pulls.list, params)) {
    found.push(...(page.data as PullLike[]).filter(ours));
    if (++pages >= MAX_PAGES) {
      o.logger.warning(`Looked through ${pages * 100} open pull requests for head ${o.run.headSha} and stopped there.`);
      break;
    }
  }
  return found;
}
