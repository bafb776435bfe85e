import { existsSync } from 'node:fs';
import { ScannerError, SpawnError } from '../errors.js';
import type { ScanContext } from './types.js';
import type { CommandResult } from './process.js';

export interface ExecOptions {
  /** Epoch ms by which the whole scanner must finish (the per-scanner `timeout`). */
  deadline?: number;
  /** Stream stdout into this file (the scanner's report on stdout); without it stdout is kept in memory (capped). */
  stdoutFile?: string;
  /** A report file the scanner writes itself; missing after a zero exit is an error. */
  expectFile?: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** The last lines of a scanner's stderr, without colour codes, for an error message. */
export function stderrTail(stderr: string, lines = 12): string {
  const kept = stderr.replace(ANSI, '').trim().split(/\r?\n/).filter((l) => l.trim() !== '');
  return kept.slice(-lines).join('\n');
}

function formatMs(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

/** What to change after a timeout: `raise 'scanner-timeouts' (e.g. trivy=20m) or 'timeout'` (the example doubles it). */
export function raiseTimeout(scanner: string, timeoutMs: number): string {
  return `raise 'scanner-timeouts' (e.g. ${scanner}=${formatMs(Math.ceil((timeoutMs * 2) / 1000) * 1000)}) or 'timeout'`;
}

/** Runs one command of a scanner; any failure becomes a ScannerError that names the scanner and says why. */
export async function execScanner(
  ctx: ScanContext<unknown>,
  scanner: string,
  args: readonly string[],
  options: ExecOptions = {},
): Promise<CommandResult> {
  const deadline = options.deadline ?? Date.now() + ctx.scan.timeoutMs;
  const timeoutMs = Math.max(1, deadline - Date.now());
  ctx.logger.debug(`${scanner}: ${ctx.binary} ${args.join(' ')}`);
  let result: CommandResult;
  try {
    result = await ctx.runner.run(ctx.binary, args, {
      timeoutMs,
      stdoutFile: options.stdoutFile,
      cwd: ctx.scanRoot,
      env: ctx.env,
    });
  } catch (e) {
    if (e instanceof SpawnError) {
      throw new ScannerError(scanner, `cannot start '${ctx.binary}' (${e.code ?? e.message}).`, { cause: e });
    }
    throw e;
  }
  if (result.timedOut) {
    throw new ScannerError(
      scanner,
      `timed out after ${formatMs(ctx.scan.timeoutMs)} and was stopped; ${raiseTimeout(scanner, ctx.scan.timeoutMs)}, or narrow 'path'.`,
    );
  }
  if (result.exitCode !== 0) {
    const why = result.exitCode === null ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    const tail = stderrTail(result.stderr);
    throw new ScannerError(scanner, `${why}${tail ? `:\n${tail}` : ' with no error output.'}`);
  }
  if (options.expectFile && !existsSync(options.expectFile)) {
    throw new ScannerError(scanner, `exited successfully but wrote no report at ${options.expectFile}.`);
  }
  return result;
}

/** Reads a scanner's version from its version command; a failure here is not fatal (returns undefined). */
export async function readVersion(ctx: ScanContext<unknown>, args: readonly string[], pattern: RegExp): Promise<string | undefined> {
  try {
    const r = await ctx.runner.run(ctx.binary, args, { timeoutMs: Math.min(30_000, ctx.scan.timeoutMs), cwd: ctx.scanRoot, env: ctx.env, probe: true });
    const m = pattern.exec(`${r.stdout}\n${r.stderr}`.replace(ANSI, ''));
    return m?.[1];
  } catch {
    return undefined;
  }
}
