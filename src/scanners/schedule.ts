/**
 * Scheduling (the `scheduling` input): which scanners run when. Generic over what is run, so it is tested with
 * plain tasks; scan.ts runs scanners through it.
 *
 * - parallel: every scanner at once, at most `concurrency` at a time;
 * - sequential: one after another, in the order of the `scanners` input;
 * - staged: the stages in order, each stage's scanners at most `concurrency` at a time; after a blocking stage whose
 *   own results block the gate, the later stages are not run (their items get `skip`).
 */

/** Runs `fn` on every item with at most `limit` running at once, starting them in order; results in input order. */
export async function runLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  const workers = Math.max(1, Math.min(Number.isFinite(limit) ? Math.floor(limit) : items.length, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

export interface PlannedStage<T> {
  name: string;
  items: readonly T[];
  blocking: boolean;
}

export interface StagedRun<T, R> {
  /** At most this many items at once within a stage. */
  limit: number;
  run: (item: T) => Promise<R>;
  /** Whether a blocking stage's own results block the gate. */
  blocks: (stage: PlannedStage<T>, results: readonly R[]) => boolean | Promise<boolean>;
  /** The result of an item not run because `stoppedBy` blocked the gate. */
  skip: (item: T, stoppedBy: PlannedStage<T>) => R;
  /** Told when a stage starts and when one stops the rest. */
  onStage?: (event: { kind: 'start'; stage: PlannedStage<T>; index: number; of: number } | { kind: 'stop'; stage: PlannedStage<T>; skipped: readonly T[] }) => void;
}

/** Runs the stages one after another; returns each stage's results, in stage order and item order. */
export async function runStages<T, R>(stages: readonly PlannedStage<T>[], o: StagedRun<T, R>): Promise<R[][]> {
  const out: R[][] = [];
  let stoppedBy: PlannedStage<T> | undefined;
  for (const [index, stage] of stages.entries()) {
    if (stoppedBy) {
      const by = stoppedBy;
      out.push(stage.items.map((item) => o.skip(item, by)));
      continue;
    }
    o.onStage?.({ kind: 'start', stage, index, of: stages.length });
    const results = await runLimited(stage.items, o.limit, (item) => o.run(item));
    out.push(results);
    if (stage.blocking && index < stages.length - 1 && (await o.blocks(stage, results))) {
      stoppedBy = stage;
      o.onStage?.({ kind: 'stop', stage, skipped: stages.slice(index + 1).flatMap((s) => s.items) });
    }
  }
  return out;
}
