/**
 * The progress display while scanners run, on stderr (stdout is the report): with a terminal, listr2's live
 * display, one line per scanner with its state and elapsed time; without one, one plain line per event.
 */
import { DefaultRenderer, Listr, ListrLogger, ProcessOutput, SimpleRenderer, type ListrTaskWrapper } from 'listr2';
import type { ScanProgress } from '../scanners/scan.js';
import { plain } from './render.js';

export interface Progress {
  /** The selected scanners, in order, once the settings are known. */
  begin(scanners: readonly { id: string; displayName: string }[]): void;
  event(e: ScanProgress): void;
  /** Waits for the display to finish drawing. */
  end(): Promise<void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Plain lines: `[security-scan] Trivy: running`, `[security-scan] Trivy: ok in 1.2s (4 raw findings)`. */
export function lineProgress(write: (line: string) => void): Progress {
  return {
    begin: (scanners) => write(`[security-scan] scanners: ${scanners.map((s) => plain(s.displayName)).join(', ')}`),
    event: (e) =>
      write(e.kind === 'start' ? `[security-scan] ${plain(e.displayName)}: running` : `[security-scan] ${plain(e.displayName)}: ${e.state} in ${seconds(e.durationMs)} (${e.findings} raw finding(s))`),
    end: () => Promise.resolve(),
  };
}

interface Slot {
  name: string;
  startedAt?: number;
  finish?: (e: Extract<ScanProgress, { kind: 'finish' }>) => void;
  done: Promise<Extract<ScanProgress, { kind: 'finish' }>>;
}

/** listr2's live display: a task per scanner (waiting → running 3.1s → ok in 4.2s); redrawn every 200 ms. */
export function liveProgress(stream: NodeJS.WriteStream): Progress {
  const slots = new Map<string, Slot>();
  let running: Promise<unknown> | undefined;
  const logger = new ListrLogger({ processOutput: new ProcessOutput(stream, stream) });
  return {
    begin(scanners) {
      for (const s of scanners) {
        let finish!: Slot['finish'];
        const done = new Promise<Extract<ScanProgress, { kind: 'finish' }>>((r) => (finish = r));
        slots.set(s.id, { name: plain(s.displayName), finish, done });
      }
      const list = new Listr<unknown, 'default', 'simple'>(
        [...slots.values()].map((slot) => ({
          title: `${slot.name}: waiting`,
          task: async (_ctx: unknown, task: ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof SimpleRenderer>) => {
            const tick = setInterval(() => {
              task.title = slot.startedAt === undefined ? `${slot.name}: waiting` : `${slot.name}: running ${seconds(Date.now() - slot.startedAt)}`;
            }, 200);
            try {
              const e = await slot.done;
              task.title = `${slot.name}: ${e.state} in ${seconds(e.durationMs)} (${e.findings} raw finding(s))`;
              if (e.state === 'failed' || e.state === 'unavailable') throw new Error(task.title);
              if (e.state === 'skipped') task.skip(task.title);
            } finally {
              clearInterval(tick);
            }
          },
        })),
        {
          concurrent: true,
          exitOnError: false,
          registerSignalListeners: false,
          rendererOptions: { logger, collapseErrors: true, showErrorMessage: false },
          renderer: 'default',
          fallbackRenderer: 'simple',
          fallbackRendererOptions: { logger },
        },
      );
      running = list.run().catch(() => undefined);
    },
    event(e) {
      const slot = slots.get(e.id);
      if (!slot) return;
      if (e.kind === 'start') slot.startedAt = Date.now();
      else slot.finish?.(e);
    },
    async end() {
      // A scanner that never reported (the pipeline threw first) ends the display.
      for (const slot of slots.values()) slot.finish?.({ kind: 'finish', id: '', displayName: slot.name, state: 'skipped', durationMs: 0, findings: 0 });
      await running;
    },
  };
}
