import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import type { WrittenReports } from './report/write.js';
import type { ScanReport } from './report/types.js';

/** What every sink gets once the report is built and written. */
export interface SinkContext {
  readonly report: ScanReport;
  readonly files: WrittenReports;
  readonly logger: Logger;
  /**
   * Lines later sinks show with the report (e.g. results left out of the code scanning upload). A sink adds to
   * it for the ones after it; the list is in sink order.
   */
  readonly notes: string[];
}

/** One place the result goes: the job summary, code scanning, the PR comment, an artifact, a notification. */
export interface Sink {
  readonly id: string;
  run(ctx: SinkContext): Promise<void>;
}

export interface SinkResult {
  id: string;
  ok: boolean;
  error?: string;
}

/**
 * Runs the sinks in order, each isolated: a throw becomes a warning naming the sink, and the others still run.
 * Nothing a sink does changes the gate's decision.
 */
export async function runSinks(sinks: readonly Sink[], ctx: SinkContext): Promise<SinkResult[]> {
  const results: SinkResult[] = [];
  for (const sink of sinks) {
    try {
      await ctx.logger.group(`Publish: ${sink.id}`, () => sink.run(ctx));
      results.push({ id: sink.id, ok: true });
    } catch (e) {
      const error = errorMessage(e);
      ctx.logger.warning(`The ${sink.id} step failed and was skipped (the gate's decision is unchanged): ${error}`);
      results.push({ id: sink.id, ok: false, error });
    }
  }
  return results;
}
