// src/workflow-commands.ts is @actions/core's step I/O without the index (which loads the OIDC client and undici at
// start-up): every function must write exactly what @actions/core's does, to stdout and to GITHUB_OUTPUT.
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as ours from '../src/workflow-commands.js';

const dir = mkdtempSync(join(tmpdir(), 'workflow-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Impl = Pick<typeof core, 'getInput' | 'setOutput' | 'setSecret' | 'setFailed' | 'debug' | 'info' | 'error' | 'warning' | 'notice' | 'group'>;

/** What `impl` writes for the same calls: stdout, the GITHUB_OUTPUT file (delimiters normalised), exit code, inputs. */
async function transcript(impl: Impl, withOutputFile: boolean) {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  const file = join(dir, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, '');
  vi.stubEnv('GITHUB_OUTPUT', withOutputFile ? file : '');
  vi.stubEnv('INPUT_FAIL-ON', '  high \n');
  vi.stubEnv('INPUT_TRIVY_PATH', ' /opt/trivy ');
  const before = process.exitCode;
  let exitCode: typeof process.exitCode;
  const inputs: unknown[] = [];
  try {
    impl.setSecret('p%ss\nword');
    impl.debug('debug: 100% \r\n done');
    impl.info('plain line');
    impl.warning('careful, really: %', { title: 'A: title, with comma', file: 'a/b.ts', startLine: 3, endLine: 4, startColumn: 1, endColumn: 9 });
    impl.error(new Error('boom'));
    impl.notice('fyi', {});
    await impl.group('a group', async () => impl.info('inside'));
    await expect(impl.group('a failing group', async () => Promise.reject(new Error('inner')))).rejects.toThrow('inner');
    impl.setOutput('decision', 'BLOCK');
    impl.setOutput('counts', { high: 1, multi: 'line\nvalue' });
    impl.setFailed('blocked: 1 high');
    exitCode = process.exitCode;
    inputs.push(impl.getInput('fail-on'), impl.getInput('fail-on', { trimWhitespace: false }), impl.getInput('trivy path'), impl.getInput('absent'));
    inputs.push((() => { try { return impl.getInput('absent', { required: true }); } catch (e) { return (e as Error).message; } })());
  } finally {
    spy.mockRestore();
    vi.unstubAllEnvs();
    process.exitCode = before;
  }
  const normalise = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
  return { stdout: out.join(''), output: normalise(readFileSync(file, 'utf8')), exitCode, inputs };
}

describe('workflow-commands (@actions/core without its index)', () => {
  it.each([true, false])('writes what @actions/core writes, byte for byte (GITHUB_OUTPUT set: %s)', async (withOutputFile) => {
    const theirs = await transcript(core, withOutputFile);
    const mine = await transcript(ours, withOutputFile);
    expect(mine).toEqual(theirs);
    // And it is not vacuous: the calls above did write commands, outputs and a failure.
    expect(mine.stdout).toContain('::add-mask::p%25ss%0Aword');
    expect(mine.stdout).toContain('::warning title=A%3A title%2C with comma,file=a/b.ts,line=3,endLine=4,col=1,endColumn=9::careful, really: %25');
    expect(mine.exitCode).toBe(1);
    expect(mine.inputs).toEqual(['high', '  high \n', '/opt/trivy', '', 'Input required and not supplied: absent']);
    if (withOutputFile) expect(mine.output).toContain('decision<<ghadelimiter_X');
    else expect(mine.stdout).toContain('::set-output name=decision::BLOCK');
  });

  it('dist/index.js, the code every run compiles before its first scanner starts, holds no HTTP client (they load later, in chunks)', () => {
    const entry = readFileSync(join(import.meta.dirname, '..', 'dist', 'index.js'), 'utf8');
    expect(entry).toContain('function getInput(');
    for (const marker of ['class HttpClientError', 'ProxyAgent', 'class OidcClient']) expect(entry, marker).not.toContain(marker);
  });

  it('the summary is @actions/core\'s own', () => {
    expect(ours.summary).toBe(core.summary);
  });
});
