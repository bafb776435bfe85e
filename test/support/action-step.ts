/**
 * src/main.ts run() as the runner starts a step, in this process: process.env is exactly the step's variables plus
 * INPUT_* for its inputs, with fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; stdout (the workflow commands) is
 * captured; the process's env and exit code are restored afterwards.
 *
 *   const s = await runStep(mkdtempSync(join(root, 'runner-')), { GITHUB_WORKSPACE: ws }, { 'fail-on': 'high' });
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { vi } from 'vitest';
import { run } from '../../src/main.js';
import { parseOutputFile } from '../../scripts/run-action.mjs';
import { seeded } from '../../scripts/example-tree.mjs';

export interface ActionStep {
  exitCode: number | undefined;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs one step with `runnerDir` as RUNNER_TEMP (and home of its output files); `env` adds to or replaces the defaults. */
export async function runStep(runnerDir: string, env: Record<string, string>, inputs: Record<string, string>): Promise<ActionStep> {
  const outputFile = join(runnerDir, 'output');
  const summaryFile = join(runnerDir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const saved = { env: { ...process.env }, exitCode: process.exitCode };
  const all: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? runnerDir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerDir,
    RUNNER_TOOL_CACHE: join(runnerDir, 'tool-cache'),
    ...env,
  };
  for (const [k, v] of Object.entries(inputs)) all[`INPUT_${k.toUpperCase()}`] = v;
  process.env = all;
  process.exitCode = undefined;
  // @actions/core keeps the summary file of its first write for the process's life; each run here is a new step.
  Object.assign(core.summary.emptyBuffer(), { _filePath: undefined });
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = saved.exitCode;
  process.env = saved.env;
  return { exitCode, stdout, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
}

/**
 * The variables of a pull_request step (#9, base → head) on octo-org/octo-repo, or of a push to main (before → after)
 * with `push`, with the event file written to `runnerDir`.
 */
export function eventEnv(runnerDir: string, workspace: string, base: string, head: string, options: { push?: boolean } = {}): Record<string, string> {
  const eventFile = join(runnerDir, 'event.json');
  const event = options.push
    ? { ref: 'refs/heads/main', before: base, after: head }
    : { number: 9, pull_request: { number: 9, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } } };
  writeFileSync(eventFile, JSON.stringify(event));
  return {
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: options.push ? 'push' : 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_SHA: head,
    GITHUB_REF: options.push ? 'refs/heads/main' : 'refs/pull/9/merge',
  };
}

/** A GitHub token-shaped value, assembled at run time from a seed (never a literal in the repository). */
export function fakePat(seed: number): string {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const rnd = seeded(seed);
  return ['gh', 'p_', Array.from({ length: 36 }, () => alnum[Math.floor(rnd() * alnum.length)]).join('')].join('');
}
