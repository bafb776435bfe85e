// Runs dist/index.js the way the GitHub runner does: INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// GITHUB_WORKSPACE, under Node 24. Used by `npm run scan` and the end-to-end tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localScanners, root } from './local-scanners.mjs';

/**
 * Parses the GITHUB_OUTPUT file (name=value lines and name<<delimiter blocks).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const out = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]);
      out[name] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/**
 * @typedef {{ workspace: string, inputs: Record<string,string>, env?: Record<string,string>, node?: string, timeoutMs?: number }} ActionRun
 * @typedef {{ status: number | null, stdout: string, stderr: string, outputs: Record<string,string>, summary: string, runnerDir: string }} ActionResult
 */

/** @param {ActionRun} o */
function prepare(o) {
  const runnerDir = mkdtempSync(join(tmpdir(), 'runner-'));
  const outputFile = join(runnerDir, 'output');
  const summaryFile = join(runnerDir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  /** @type {Record<string, string | undefined>} */
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerDir,
    RUNNER_TOOL_CACHE: join(runnerDir, 'tool-cache'),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    ...o.env,
  };
  for (const [k, v] of Object.entries(o.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const node = o.node ?? (existsSync(localScanners.node24) ? localScanners.node24 : process.execPath);
  /** @param {number | null} status @param {string} stdout @param {string} stderr @returns {ActionResult} */
  const finish = (status, stdout, stderr) => ({
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    runnerDir,
  });
  return { env, node, args: [join(root, 'dist', 'index.js')], finish };
}

/** Runs the action and waits (blocking). @param {ActionRun} o @returns {ActionResult} */
export function runAction(o) {
  const p = prepare(o);
  const r = spawnSync(p.node, p.args, { env: p.env, cwd: o.workspace, encoding: 'utf8', timeout: o.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024 });
  return p.finish(r.status, r.stdout, r.stderr);
}

/** Runs the action without blocking the event loop (for servers living in the caller's process). @param {ActionRun} o @returns {Promise<ActionResult>} */
export function runActionAsync(o) {
  const p = prepare(o);
  return new Promise((resolve, reject) => {
    const child = spawn(p.node, p.args, { env: p.env, cwd: o.workspace });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(p.finish(code, stdout, stderr));
    });
  });
}
