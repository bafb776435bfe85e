/**
 * The parts of the `workflow_run` event payload (GITHUB_EVENT_PATH) that publish mode reads: which run it was, for
 * which event, and its head commit. GitHub writes the payload, but some of its strings (branch names) are chosen
 * by the fork: they are only ever quoted, never trusted as markup.
 */
import { z } from 'zod';
import { quote } from '../report/schema.js';
import { PublishRefused } from './refused.js';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

const payloadSchema = z.object({
  workflow_run: z.object({
    id: z.number().int().positive(),
    run_attempt: z.number().int().positive().optional(),
    name: z.string().nullish(),
    event: z.string(),
    head_sha: z.string().regex(SHA),
    head_branch: z.string().nullish(),
    head_repository: z
      .object({ full_name: z.string().optional(), owner: z.object({ login: z.string() }).nullish() })
      .nullish(),
    pull_requests: z.array(z.object({ number: z.number().int().positive() })).nullish(),
  }),
});

export interface WorkflowRun {
  id: number;
  attempt?: number;
  name?: string;
  /** The event of the run that scanned: `pull_request` for the runs publish mode accepts. */
  event: string;
  headSha: string;
  headBranch?: string;
  /** Login of the head repository's owner (the fork's owner for a fork pull request). */
  headOwner?: string;
  headRepository?: string;
  /** `workflow_run.pull_requests[].number`: empty for pull requests from forks. */
  pullRequests: number[];
}

/** The workflow_run of the payload; refuses another event or a payload without the fields publish mode needs. */
export function readWorkflowRun(eventName: string | undefined, payloadText: string | undefined): WorkflowRun {
  if (eventName !== 'workflow_run') {
    throw new PublishRefused(
      `mode: publish runs in a workflow triggered by 'workflow_run' (on: workflow_run: workflows: [<the scan workflow>]); this run's event is ${quote(eventName ?? '')}. See the README section "Pull requests from forks".`,
    );
  }
  let data: unknown;
  try {
    data = payloadText === undefined ? undefined : JSON.parse(payloadText);
  } catch {
    data = undefined;
  }
  const r = payloadSchema.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new PublishRefused(`the workflow_run event payload (GITHUB_EVENT_PATH) cannot be read: ${first ? `workflow_run.${first.path.slice(1).join('.')} ${first.message}` : 'missing'}.`);
  }
  const run = r.data.workflow_run;
  const out: WorkflowRun = { id: run.id, event: run.event, headSha: run.head_sha, pullRequests: (run.pull_requests ?? []).map((p) => p.number) };
  if (run.run_attempt !== undefined) out.attempt = run.run_attempt;
  if (run.name) out.name = run.name;
  if (run.head_branch) out.headBranch = run.head_branch;
  if (run.head_repository?.owner?.login) out.headOwner = run.head_repository.owner.login;
  if (run.head_repository?.full_name) out.headRepository = run.head_repository.full_name;
  return out;
}

/** Refuses runs that were not pull request scans: their results belong to no pull request. */
export function requirePullRequestRun(run: WorkflowRun): void {
  if (run.event !== 'pull_request') {
    throw new PublishRefused(
      `the scan run ${run.id} ran on ${quote(run.event)}, not on 'pull_request': mode: publish publishes pull request scans only. Give the publish job \`if: github.event.workflow_run.event == 'pull_request'\`.`,
    );
  }
}
