import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SpawnError } from '../errors.js';

export interface CommandOptions {
  /** Kill the process (SIGTERM, then SIGKILL after a grace period) when it runs longer. */
  timeoutMs: number;
  /** Stream stdout to this file (scanner outputs can be hundreds of MB). Without it stdout is captured (capped). */
  stdoutFile?: string;
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** How long after SIGTERM to send SIGKILL. */
  killGraceMs?: number;
  /** A version probe, not the scan: runScanners waits for each running scanner's first other command (see scan.ts). */
  probe?: boolean;
}

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last STDERR_KEEP characters of stderr, for error messages. */
  stderr: string;
  /** Captured stdout when no stdoutFile was given (last STDOUT_KEEP characters). */
  stdout: string;
  durationMs: number;
}

/** Runs a program with an argv list — never through a shell. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult>;
}

export const STDERR_KEEP = 64 * 1024;
/** How long after the process exits its pipes may stay open before we stop reading them. */
const EXIT_DRAIN_MS = 2000;
const STDOUT_KEEP = 4 * 1024 * 1024;

function keepTail(buf: string, chunk: string, limit: number): string {
  const joined = buf + chunk;
  return joined.length > limit ? joined.slice(joined.length - limit) : joined;
}

export const processRunner: CommandRunner = {
  async run(command, args, options) {
    const started = Date.now();
    const out = options.stdoutFile ? createWriteStream(options.stdoutFile) : undefined;
    if (out) await once(out, 'open');
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      // Without an env the child inherits this process's (callers pass one: see withEnvironment).
      env: options.env ? (Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv) : undefined,
      stdio: ['ignore', out ? 'pipe' : 'pipe', 'pipe'],
      shell: false,
      detached: process.platform !== 'win32', // own process group, so a timeout kills the scanner's children too
    });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr = keepTail(stderr, c, STDERR_KEEP)));
    if (out) child.stdout.pipe(out);
    else {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (c: string) => (stdout = keepTail(stdout, c, STDOUT_KEEP)));
    }

    let timedOut = false;
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), options.killGraceMs ?? 5000);
    }, options.timeoutMs);

    try {
      const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
        child.once('error', (e: NodeJS.ErrnoException) =>
          reject(new SpawnError(command, e.code, `cannot start ${command}: ${e.code ?? e.message}`)),
        );
        child.once('close', (code, sig) => resolve([code, sig]));
        // A grandchild that left the process group can hold stdout/stderr open after the scanner exited:
        // give the pipes a moment to drain, then stop waiting for them.
        child.once('exit', (code, sig) => {
          setTimeout(() => {
            child.stdout?.destroy();
            child.stderr?.destroy();
            resolve([code, sig]);
          }, EXIT_DRAIN_MS).unref();
        });
      });
      if (out && !out.closed) {
        out.end();
        await once(out, 'close');
      }
      return { exitCode, signal, timedOut, stderr, stdout, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (out && !out.closed) out.destroy();
    }
  },
};

/** A runner whose commands get `env` unless they pass their own (main.ts gives the base allowlist to git and npm). */
export function withEnvironment(runner: CommandRunner, env: Readonly<Record<string, string>>): CommandRunner {
  return { run: (command, args, options) => runner.run(command, args, { ...options, env: options.env ?? env }) };
}
