import { readFile } from 'node:fs/promises';
import type { RunEnvironment } from '../github/context.js';
import type { Sink } from '../sinks.js';
import { pushMetrics } from './push.js';

export interface MetricsPushDeps {
  /** `metrics-pushgateway-url`; empty: no push. */
  url: string;
  /** `metrics-job`. */
  job: string;
  runEnv: RunEnvironment;
  /** A matrix leg's key (its own Pushgateway group). */
  leg?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The branch the run is about: a pull request's head branch, else GITHUB_REF without refs/heads/ (a tag keeps
 * refs/tags/…, so it never mixes with a branch of the same name); '' when unknown.
 */
export function branchOf(runEnv: RunEnvironment): string {
  const head = runEnv.event.pullRequest?.headRef;
  if (head) return head;
  const ref = runEnv.ref ?? '';
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

/** Pushes metrics.prom to the Pushgateway. A failure throws; runSinks turns it into a warning (the gate is unchanged). */
export function metricsPushSink(d: MetricsPushDeps): Sink {
  return {
    id: 'metrics push',
    async run(ctx) {
      if (d.url === '' || !ctx.files.metrics) return;
      const text = await readFile(ctx.files.metrics, 'utf8');
      // render.js (prom-client) loads on first use, off the action's start-up path.
      const { cleanLabelValue } = await import('./render.js');
      const repository = ctx.report.context.repository ?? (d.runEnv.owner && d.runEnv.repo ? `${d.runEnv.owner}/${d.runEnv.repo}` : '');
      const pushed = await pushMetrics(text, { url: d.url, job: d.job, repository, branch: branchOf(d.runEnv), ...(d.leg ? { leg: d.leg } : {}) }, { ...(d.fetch ? { fetch: d.fetch } : {}), ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}) });
      ctx.logger.info(`Metrics pushed to the Pushgateway at ${pushed.where} (job ${cleanLabelValue(d.job)}, repository ${cleanLabelValue(repository) || '(none)'}, branch ${cleanLabelValue(branchOf(d.runEnv)) || '(none)'}${d.leg ? `, leg ${cleanLabelValue(d.leg)}` : ''}).`);
    },
  };
}

/** Registers the password (and the whole userinfo) of a URL with the runner's secret masking. */
export function maskUrlCredentials(url: string, setSecret: (value: string) => void): void {
  if (url === '') return;
  try {
    const u = new URL(url);
    if (u.password) {
      setSecret(u.password);
      setSecret(decodeURIComponent(u.password));
    }
    if (u.username && u.password) setSecret(`${u.username}:${u.password}`);
  } catch {
    // Settings already refused a value that is not a URL.
  }
}
