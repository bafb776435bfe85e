// planPaths (src/pipeline.ts): `path` and `output-dir` checked on their real paths, with real symlinks in temp
// dirs. Moved here from test/config/settings.test.ts and extended (item 2 and 3 of the hardening issue).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors.js';
import { planPaths } from '../src/pipeline.js';
import { settingsFor } from './support/settings.js';

const parse = (inputs: Record<string, string> = {}) => settingsFor(inputs);

let top = '';
let ws = '';
let outside = '';
let runnerTemp = '';
beforeAll(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'plan-paths-')));
  ws = join(top, 'ws');
  outside = join(top, 'outside');
  runnerTemp = join(top, 'runner-temp');
  for (const d of [ws, outside, runnerTemp, join(ws, 'infra'), join(ws, 'infra', 'modules'), join(ws, '.git'), join(outside, 'etc')]) mkdirSync(d);
  writeFileSync(join(ws, 'README.md'), 'x');
  writeFileSync(join(outside, 'etc', 'passwd'), 'root:x:0:0\n');
  symlinkSync(join(outside, 'etc'), join(ws, 'src')); // a committed `src → /etc`
  symlinkSync('infra', join(ws, 'infra-link')); // a link that stays inside
  symlinkSync(join(outside, 'etc'), join(ws, 'infra', 'etc')); // deeper: `path: infra/etc`
  symlinkSync(outside, join(ws, 'security-reports-link'));
  mkdirSync(join(ws, 'reports'));
  symlinkSync(outside, join(ws, 'reports', 'sub')); // output-dir passing through a link below the workspace
  symlinkSync(ws, join(top, 'ws-link')); // the workspace reached through a symlink
});
afterAll(() => rmSync(top, { recursive: true, force: true }));

async function planError(inputs: Record<string, string>, workspace = ws, temp?: string): Promise<ConfigurationError> {
  try {
    await planPaths(parse(inputs), workspace, temp);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error(`expected a ConfigurationError for ${JSON.stringify(inputs)}`);
}

describe('planPaths: the path input', () => {
  it('resolves path and output-dir against the workspace', async () => {
    const p = await planPaths(parse({ path: 'infra' }), ws);
    expect(p).toMatchObject({ workspace: ws, scanRoot: join(ws, 'infra'), outputDir: join(ws, 'security-reports') });
    expect((await planPaths(parse(), ws)).scanRoot).toBe(ws);
  });

  it('a directory that does not exist names input path', async () => {
    const e = await planError({ path: 'no/such/dir' });
    expect(e.message).toContain("Input 'path'");
    expect(e.message).toContain('no/such/dir');
    expect(e.message).toMatch(/no such directory/);
  });

  it('a file is not a directory', async () => {
    const e = await planError({ path: 'README.md' });
    expect(e.message).toContain("Input 'path'");
    expect(e.message).toMatch(/not a directory/);
  });

  it.each(['..', '../outside', '/etc', 'infra/../../x'])('a path outside the workspace (%s) is rejected', async (path) => {
    const e = await planError({ path });
    expect(e.message).toContain("Input 'path'");
    expect(e.message).toMatch(/outside the workspace/);
  });

  it('a sibling directory whose name starts like the workspace is outside', async () => {
    const e = await planError({ path: `../${ws.split('/').pop()}-evil` });
    expect(e.message).toMatch(/outside the workspace/);
  });

  // Today: `src → /etc` with `path: src` scans the runner's /etc.
  it.each(['src', 'src/', './src', 'infra/etc'])('a path that is or passes through a symlink leading outside (%s) is refused, naming path', async (path) => {
    const e = await planError({ path });
    expect(e.message).toContain(`Input 'path' is '${path}'`);
    expect(e.message).toMatch(/outside the workspace through a symlink/);
    expect(e.message).toContain(join(outside, 'etc'));
  });

  it('a symlink that stays inside the workspace is scanned at its real path', async () => {
    expect((await planPaths(parse({ path: 'infra-link' }), ws)).scanRoot).toBe(join(ws, 'infra'));
  });

  it('a workspace reached through a symlink: both sides compared as real paths', async () => {
    const p = await planPaths(parse({ path: 'infra' }), join(top, 'ws-link'));
    expect(p).toMatchObject({ workspace: ws, scanRoot: join(ws, 'infra'), outputDir: join(ws, 'security-reports') });
    const e = await planError({ path: 'src' }, join(top, 'ws-link'));
    expect(e.message).toMatch(/through a symlink/);
  });
});

describe('planPaths: the output-dir input', () => {
  it.each([
    ['.', {}, /workspace root/],
    ['./', {}, /workspace root/],
    ['.git', {}, /inside \.git/],
    ['.git/reports', {}, /inside \.git/],
    ['infra/.GIT/x', {}, /inside \.git/],
    ['infra', { path: 'infra' }, /is the scan root/],
    ['infra', { path: 'infra/modules' }, /contains the scan root/],
    ['../reports', {}, /outside the directories/],
    ['/etc/security-scan', {}, /outside the directories/],
    ['security-reports-link', {}, /passes through a symlink/],
    ['security-reports-link/x', {}, /passes through a symlink/],
    ['reports/sub/x', {}, /passes through a symlink/],
    ['README.md', {}, /is a file, not a directory/],
    ['README.md/x', {}, /is a file, not a directory/],
  ] as const)("output-dir '%s' (%o) is refused, naming output-dir and what to use", async (value, extra, why) => {
    const e = await planError({ ...extra, 'output-dir': value });
    expect(e.message).toContain(`Input 'output-dir' is '${value}'`);
    expect(e.message).toMatch(why);
    expect(e.message).toMatch(/use /);
  });

  it('the default security-reports inside the default scan root (path: .) is allowed, and a dedicated subdirectory of the scan root', async () => {
    expect((await planPaths(parse(), ws)).outputDir).toBe(join(ws, 'security-reports'));
    expect((await planPaths(parse({ 'output-dir': '' }), ws)).outputDir).toBe(join(ws, 'security-reports')); // empty: the default
    expect((await planPaths(parse({ path: 'infra', 'output-dir': 'infra/reports' }), ws)).outputDir).toBe(join(ws, 'infra', 'reports'));
    expect((await planPaths(parse({ path: 'infra', 'output-dir': 'out/deeper' }), ws)).outputDir).toBe(join(ws, 'out', 'deeper'));
  });

  it('absolute paths: under RUNNER_TEMP (not RUNNER_TEMP itself) or inside the workspace; nowhere else', async () => {
    expect((await planPaths(parse({ 'output-dir': join(runnerTemp, 'reports') }), ws, runnerTemp)).output).toMatchObject({ dir: join(runnerTemp, 'reports'), base: 'runner-temp' });
    expect((await planPaths(parse({ 'output-dir': join(ws, 'reports') }), ws, runnerTemp)).outputDir).toBe(join(ws, 'reports'));
    expect((await planError({ 'output-dir': runnerTemp }, ws, runnerTemp)).message).toMatch(/RUNNER_TEMP itself/);
    const none = await planError({ 'output-dir': join(runnerTemp, 'reports') }, ws, undefined);
    expect(none.message).toMatch(/RUNNER_TEMP is not set/);
    const elsewhere = await planError({ 'output-dir': join(outside, 'reports') }, ws, runnerTemp);
    expect(elsewhere.message).toContain('RUNNER_TEMP');
  });

  it('RUNNER_TEMP reached through a symlink is compared as its real path', async () => {
    symlinkSync(runnerTemp, join(top, 'temp-link'));
    const p = await planPaths(parse({ 'output-dir': join(top, 'temp-link', 'reports') }), ws, join(top, 'temp-link'));
    expect(p.outputDir).toBe(join(runnerTemp, 'reports'));
  });

  it('writes nothing: a planned output-dir that does not exist still does not exist', async () => {
    await planPaths(parse({ 'output-dir': 'not-yet' }), ws);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(ws, 'not-yet'))).toBe(false);
  });
});
