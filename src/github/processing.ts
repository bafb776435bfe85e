import type { Logger } from '../logger.js';
import type { GitHubClient } from './client.js';
import { describeHttpError, isHttpError } from './http-errors.js';

/**
 * Pauses before each status poll: polls at 5, 15, 35, 75 and 155 s after the upload, then give up with a warning.
 * (codeql-action itself polls every 5 s for at most 2 minutes — STATUS_CHECK_FREQUENCY_MILLISECONDS /
 * STATUS_CHECK_TIMEOUT_MILLISECONDS in src/upload-lib.ts — and likewise continues with a warning; backing off spends
 * fewer requests on slow processing for a similar total wait.)
 */
export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [5_000, 10_000, 20_000, 40_000, 80_000];

export type ProcessingState = 'complete' | 'failed' | 'pending' | 'unknown';

export interface ProcessingOptions {
  owner: string;
  repo: string;
  sarifIds: readonly string[];
  /** id → what the upload held (e.g. "trivy, gitleaks"), for the messages. */
  labels?: Readonly<Record<string, string>>;
  logger: Logger;
  delaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export interface ProcessingOutcome {
  states: Record<string, ProcessingState>;
  /** Already logged as warnings; for the comment / summary. */
  warnings: string[];
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits for GitHub to process the uploads (`GET …/code-scanning/sarifs/{id}`), polling all pending ids after each
 * delay. `failed`, processing errors, HTTP failures and timing out become warnings; nothing here throws for a
 * GitHub-side failure.
 */
export async function waitForProcessing(client: GitHubClient, o: ProcessingOptions): Promise<ProcessingOutcome> {
  const delays = o.delaysMs ?? DEFAULT_POLL_DELAYS_MS;
  const sleep = o.sleep ?? defaultSleep;
  const states: Record<string, ProcessingState> = Object.fromEntries(o.sarifIds.map((id) => [id, 'pending' as const]));
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    o.logger.warning(m);
  };
  const label = (id: string) => (o.labels?.[id] ? `${id} (${o.labels[id]})` : id);
  const repository = `${o.owner}/${o.repo}`;
  let waitedMs = 0;

  for (const delay of delays) {
    const pending = o.sarifIds.filter((id) => states[id] === 'pending');
    if (pending.length === 0) break;
    await sleep(delay);
    waitedMs += delay;
    for (const id of pending) {
      let data: { processing_status?: string; errors?: readonly string[] | null };
      try {
        ({ data } = await client.rest.codeScanning.getSarif({ owner: o.owner, repo: o.repo, sarif_id: id }));
      } catch (e) {
        if (!isHttpError(e)) throw e;
        states[id] = 'unknown';
        warn(
          `Could not check the processing of SARIF upload ${label(id)}: ${describeHttpError(e, 'processing', repository)} ` +
            'GitHub should still process it in the background, but processing errors will not be reported here.',
        );
        continue;
      }
      const errors = (data.errors ?? []).filter((x) => typeof x === 'string' && x.length > 0);
      if (data.processing_status === 'complete') {
        states[id] = 'complete';
        o.logger.info(`Code scanning processed SARIF upload ${label(id)}.`);
        if (errors.length > 0) {
          warn(`Code scanning processed SARIF upload ${label(id)} with errors: ${errors.join('; ')}`);
        }
      } else if (data.processing_status === 'failed') {
        states[id] = 'failed';
        warn(
          `Code scanning could not process SARIF upload ${label(id)}: ` +
            (errors.length > 0 ? errors.join('; ') : 'GitHub reported status "failed" without a reason.') +
            ' The findings are still in the job summary, the PR comment and the report artifact.',
        );
      } else {
        o.logger.debug(`SARIF upload ${label(id)} is still ${data.processing_status ?? 'pending'} after ${waitedMs / 1000} s.`);
      }
    }
  }

  const stillPending = o.sarifIds.filter((id) => states[id] === 'pending');
  if (stillPending.length > 0) {
    warn(
      `GitHub had not finished processing SARIF upload${stillPending.length > 1 ? 's' : ''} ` +
        `${stillPending.map(label).join(', ')} after ${Math.round(waitedMs / 1000)} s; continuing without waiting. ` +
        'The results will appear in the Security tab once processing finishes; processing errors, if any, are not reported here.',
    );
  }
  return { states, warnings };
}
