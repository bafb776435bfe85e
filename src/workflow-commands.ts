/**
 * The step's side of the runner: inputs, outputs, masking, log commands and the job summary — @actions/core's own
 * code, taken from its modules (command, file-command, utils, summary) rather than from its index.
 *
 * Why not `import * as core from '@actions/core'`: its index also loads the OIDC client, which loads
 * @actions/http-client and undici (~1 MB of bundle and a dozen Node built-ins, ~40 ms before the first scanner could
 * start on every run) for getIDToken, which this action never calls. The functions below are the index's, line for
 * line; test/workflow-commands.test.ts checks them against it.
 */
import { EOL } from 'node:os';
import { issue, issueCommand } from '../node_modules/@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '../node_modules/@actions/core/lib/file-command.js';
import { summary } from '../node_modules/@actions/core/lib/summary.js';
import { toCommandProperties, toCommandValue } from '../node_modules/@actions/core/lib/utils.js';
import type { AnnotationProperties, InputOptions } from '../node_modules/@actions/core/lib/core.js';

export { summary };

/** The value of input `name` (INPUT_<NAME>), trimmed unless trimWhitespace is false. */
export function getInput(name: string, options?: InputOptions): string {
  const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options && options.required && !val) throw new Error(`Input required and not supplied: ${name}`);
  if (options && options.trimWhitespace === false) return val;
  return val.trim();
}

/** Sets a step output (GITHUB_OUTPUT, or the old set-output command without it). */
export function setOutput(name: string, value: unknown): void {
  const filePath = process.env['GITHUB_OUTPUT'] || '';
  if (filePath) return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, toCommandValue(value));
}

/** Registers `secret` with the runner's log masking. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/** Marks the step failed (exit code 1) and logs `message` as an error. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

const text = (message: string | Error) => (message instanceof Error ? message.toString() : message);

export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('error', toCommandProperties(properties), text(message));
}

export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('warning', toCommandProperties(properties), text(message));
}

export function notice(message: string | Error, properties: AnnotationProperties = {}): void {
  issueCommand('notice', toCommandProperties(properties), text(message));
}

/** `fn` inside a collapsible log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', name);
  try {
    return await fn();
  } finally {
    issue('endgroup');
  }
}
