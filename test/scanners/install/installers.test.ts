import { checkovInstall } from '../../../src/scanners/checkov/install.js';
import { snykInstall } from '../../../src/scanners/snyk/install.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ScannerError } from '../../../src/errors.js';
import { recordingLogger } from '../../../src/logger.js';
import type { CommandOptions, CommandResult, CommandRunner } from '../../../src/scanners/process.js';
import { resolveBinary, type ResolveDeps } from '../../../src/scanners/install/resolve.js';
import { loadActionsToolCache } from '../../../src/scanners/install/tool-cache.js';
import { relocateVenvScripts } from '../../../src/scanners/install/venv-installer.js';
import { removeTempDirs, tempDir, parseInstallSettings } from './helpers.js';

interface Call {
  command: string;
  args: readonly string[];
  options: CommandOptions;
}

/** A CommandRunner that records each call and lets the test act out the command. */
function fakeRunner(act: (call: Call) => Partial<CommandResult> | void): CommandRunner & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async run(command, args, options) {
      const call = { command, args, options };
      calls.push(call);
      const r = act(call) ?? {};
      return { exitCode: 0, signal: null, timedOut: false, stderr: '', stdout: '', durationMs: 1, ...r };
    },
  };
}

function exeFile(file: string, body: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, body);
  chmodSync(file, 0o755);
  return file;
}

const snykSpec = { id: 'snyk', displayName: 'Snyk', binary: { name: 'snyk', pathInput: 'snyk-path', installHint: 'npm i -g snyk' }, install: snykInstall };
const checkovSpec = { id: 'checkov', displayName: 'Checkov', binary: { name: 'checkov', pathInput: 'checkov-path', installHint: 'pip install checkov' }, install: checkovInstall };
const noInputs = () => '';

let toolCacheDir: string;
let runnerTemp: string;
const saved = process.env['RUNNER_TOOL_CACHE'];

beforeEach(() => {
  // @actions/tool-cache reads RUNNER_TOOL_CACHE from process.env when find/cacheDir run: point it at a fresh dir.
  toolCacheDir = tempDir('tc');
  runnerTemp = tempDir('rt');
  process.env['RUNNER_TOOL_CACHE'] = toolCacheDir;
});

afterAll(() => {
  if (saved === undefined) delete process.env['RUNNER_TOOL_CACHE'];
  else process.env['RUNNER_TOOL_CACHE'] = saved;
  removeTempDirs();
});

async function deps(runner: CommandRunner, env: Record<string, string>): Promise<ResolveDeps> {
  return {
    env: { RUNNER_TOOL_CACHE: toolCacheDir, RUNNER_TEMP: runnerTemp, ...env },
    logger: recordingLogger(),
    runner,
    platform: 'linux',
    arch: 'x64',
    toolCache: await loadActionsToolCache(),
  };
}

describe.skipIf(process.platform === 'win32')('Snyk: installed with npm', () => {
  // What `npm install snyk@V` leaves: the wrapper package, whose postinstall put the native CLI in wrapper_dist.
  function actOutNpm(call: Call): void {
    const prefix = call.args[call.args.indexOf('--prefix') + 1]!;
    const pkg = path.join(prefix, 'node_modules', 'snyk');
    exeFile(path.join(pkg, 'wrapper_dist', 'snyk-linux'), "#!/bin/sh\necho '1.1307.4-native'\n");
    writeFileSync(path.join(pkg, 'wrapper_dist', 'snyk-linux.sha256'), 'digest  snyk-linux\n');
    exeFile(path.join(pkg, 'bin', 'snyk'), "#!/bin/sh\necho 'wrapper'\n");
    mkdirSync(path.join(prefix, 'node_modules', '.bin'), { recursive: true });
    symlinkSync('../snyk/bin/snyk', path.join(prefix, 'node_modules', '.bin', 'snyk'));
  }

  it('runs npm install with an argv (no shell) and no tokens in its env, caches the prefix, returns the native CLI', async () => {
    const npmDir = tempDir('npm');
    const npm = exeFile(path.join(npmDir, 'npm'), '#!/bin/sh\nexit 99\n');
    const runner = fakeRunner(actOutNpm);
    const token = ['snyk', 'token', 'value'].join('-');
    const d = await deps(runner, { PATH: npmDir, HOME: '/home/runner', SNYK_TOKEN: token, GITHUB_TOKEN: token, INPUT_GITHUB_TOKEN: token });
    const bin = await resolveBinary(snykSpec, parseInstallSettings(noInputs, ['snyk']), d);

    expect(runner.calls).toHaveLength(1);
    const call = runner.calls[0]!;
    expect(call.command).toBe(npm);
    expect(call.args).toEqual([
      'install',
      '--prefix',
      call.args[2],
      '--no-audit',
      '--no-fund',
      '--no-save',
      '--no-package-lock',
      '--loglevel=error',
      'snyk@1.1307.4',
    ]);
    expect(call.args[2]!.startsWith(runnerTemp)).toBe(true);
    expect(call.options.env).toEqual({ PATH: npmDir, HOME: '/home/runner', SNYK_DISABLE_ANALYTICS: '1' });

    expect(bin).toBe(path.join(toolCacheDir, 'snyk', '1.1307.4', 'x64', 'node_modules', 'snyk', 'wrapper_dist', 'snyk-linux'));
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe('1.1307.4-native');
    expect(readdirSync(runnerTemp)).toEqual([]);

    // second resolve: from the tool cache, npm not run again
    const again = await resolveBinary(snykSpec, parseInstallSettings(noInputs, ['snyk']), await deps(runner, { PATH: npmDir }));
    expect(again).toBe(bin);
    expect(runner.calls).toHaveLength(1);
  });

  it('a failing npm install is a ScannerError quoting npm’s stderr; nothing is cached', async () => {
    const npmDir = tempDir('npm');
    exeFile(path.join(npmDir, 'npm'), '#!/bin/sh\nexit 1\n');
    const runner = fakeRunner(() => ({ exitCode: 1, stderr: 'npm error 404 Not Found - GET snyk@9.9.9' }));
    const settings = parseInstallSettings((n) => (n === 'snyk-version' ? '9.9.9' : ''), ['snyk']);
    const err = await resolveBinary(snykSpec, settings, await deps(runner, { PATH: npmDir })).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ScannerError);
    expect((err as ScannerError).scanner).toBe('snyk');
    expect((err as Error).message).toBe('snyk: npm install snyk@9.9.9 failed (exit code 1): npm error 404 Not Found - GET snyk@9.9.9');
    expect(readdirSync(toolCacheDir)).toEqual([]);
  });

  it('without npm on PATH it is a ConfigurationError that says so', async () => {
    const runner = fakeRunner(() => undefined);
    const err = await resolveBinary(snykSpec, parseInstallSettings(noInputs, ['snyk']), await deps(runner, { PATH: tempDir('nonpm') })).catch(
      (e: unknown) => e,
    );
    expect((err as Error).name).toBe('ConfigurationError');
    expect((err as Error).message).toContain('npm is not on PATH');
    expect((err as Error).message).toContain("'snyk-path'");
    expect(runner.calls).toHaveLength(0);
  });
});

function realPython(): string | undefined {
  try {
    const exe = execFileSync('python3', ['-c', 'import sys, venv; print(sys.executable)'], { encoding: 'utf8' }).trim();
    return exe || undefined;
  } catch {
    return undefined;
  }
}
const python = process.platform === 'win32' ? undefined : realPython();

describe.skipIf(!python)('Checkov: installed with pip into a venv that is moved into the tool cache', () => {
  it('creates the venv, pip-installs the pinned version, and the cached console script runs from the cache', async () => {
    // python -m venv runs for real (without pip, to stay offline and fast); pip is acted out: it writes the
    // console script the way pip does, with the scratch venv's python in the shebang.
    const runner = fakeRunner((call) => {
      if (call.args[0] === '-m' && call.args[1] === 'venv') {
        execFileSync(call.command, ['-m', 'venv', '--without-pip', call.args[2]!]);
        return;
      }
      const venv = path.dirname(path.dirname(call.command));
      exeFile(path.join(venv, 'bin', 'checkov'), `#!${venv}/bin/python\nimport sys\nprint("checkov-test " + sys.prefix)\n`);
    });
    const d = await deps(runner, { PATH: path.dirname(python!) });
    const bin = await resolveBinary(checkovSpec, parseInstallSettings(noInputs, ['checkov']), d);

    expect(runner.calls.map((c) => [path.basename(c.command), ...c.args.map((a) => (a.startsWith(runnerTemp) ? '<scratch>' : a))])).toEqual([
      [path.basename(python!), '-m', 'venv', '<scratch>'],
      ['python', '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', 'checkov==3.3.30'],
    ]);
    const cached = path.join(toolCacheDir, 'checkov', '3.3.30', 'x64');
    expect(bin).toBe(path.join(cached, 'bin', 'checkov'));
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe(`#!${cached}/bin/python`);
    // The scratch venv is gone; the script runs on the cached venv's interpreter.
    expect(readdirSync(runnerTemp)).toEqual([]);
    expect(execFileSync(bin, { encoding: 'utf8' }).trim()).toBe(`checkov-test ${cached}`);
  });

  it('relocateVenvScripts rewrites only regular files that name the old venv', async () => {
    const dir = tempDir('bin');
    exeFile(path.join(dir, 'a'), '#!/old/venv/bin/python\n');
    exeFile(path.join(dir, 'b'), '#!/usr/bin/env python3\n');
    symlinkSync('/old/venv/bin/python', path.join(dir, 'link'));
    expect(await relocateVenvScripts(dir, '/old/venv', '/new/place')).toBe(1);
    expect(readFileSync(path.join(dir, 'a'), 'utf8')).toBe('#!/new/place/bin/python\n');
    expect(readFileSync(path.join(dir, 'b'), 'utf8')).toBe('#!/usr/bin/env python3\n');
    expect(existsSync(path.join(dir, 'link'))).toBe(false); // dangling link left as it was, not followed
  });
});
