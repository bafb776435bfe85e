#!/usr/bin/env node
// The `security-scan` command (package.json bin → dist/cli/index.js, bundled by ncc from this file). Like
// src/main.ts for the action, this entry point is where the environment is read; everything else is passed it.
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run.js';

/* eslint-disable no-restricted-syntax -- the CLI's entry point reads the environment, as main.ts does for the action */
const env = process.env;
// @actions/tool-cache (the scanner installer's cache) needs these; outside a runner it caches under ~/.cache.
env['RUNNER_TOOL_CACHE'] ||= join(homedir(), '.cache', 'security-scan', 'tools');
env['RUNNER_TEMP'] ||= tmpdir();
/* eslint-enable no-restricted-syntax */

// `security-scan --format json | head`: a reader that stops early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit();
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2), { env, stdout: process.stdout, stderr: process.stderr });
