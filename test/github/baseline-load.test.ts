// The `baseline` input's dispatch (none / auto / a path), when a run uploads the baseline artifact, and what the run
// environment gives the lookup (GITHUB_WORKFLOW_REF's file name, the payload's default branch).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineMode, loadBaseline, uploadsBaseline, type BaselineLoadDeps } from '../../src/github/baseline-load.js';
import { readRunEnvironment, workflowFileOf } from '../../src/github/context.js';
import { recordingLogger } from '../../src/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'baseline-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deps(setting: string, over: Partial<BaselineLoadDeps> = {}) {
  const logger = recordingLogger();
  const d: BaselineLoadDeps = {
    setting,
    artifactName: 'security-scan-baseline',
    runEnv: { event: { name: 'push' }, context: {}, owner: 'o', repo: 'r', workflowFile: 'ci.yml', defaultBranch: 'main' },
    workspace: dir,
    tempRoot: dir,
    runner: { run: () => Promise.reject(new Error('no git')) },
    client: undefined,
    token: '',
    logger,
    ...over,
  };
  return { d, logger };
}

describe('loadBaseline', () => {
  it('none: no baseline diff at all (undefined), nothing logged', async () => {
    const { d, logger } = deps(' None ');
    expect(await loadBaseline(d)).toBeUndefined();
    expect(logger.lines).toEqual([]);
  });

  it('auto (and empty): the artifact lookup — here without a token, so "no baseline" with a warning naming the fix', async () => {
    for (const setting of ['auto', '']) {
      const { d, logger } = deps(setting);
      const b = await loadBaseline(d);
      expect(b).toMatchObject({ found: false });
      expect(b!.source).toContain("input 'github-token' is empty");
      expect(logger.lines.filter((l) => l.level === 'warning')).toHaveLength(1);
    }
  });

  it('anything else is a path: a missing file is "no baseline" with a warning, never a throw', async () => {
    const { d, logger } = deps('reports/findings.json');
    const b = await loadBaseline(d);
    expect(b).toMatchObject({ found: false });
    expect(b!.source).toContain(`Input 'baseline' ("reports/findings.json") does not exist`);
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.startsWith('Baseline: '))).toBe(true);
  });

  it('a loader that throws anyway is "no baseline" with the reason', async () => {
    writeFileSync(join(dir, 'x.json'), '{}');
    const { d, logger } = deps('x.json', { runEnv: { event: { name: 'pull_request', pullRequest: { number: 1, baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40) } }, context: {} }, runner: { run: () => { throw new Error('sync boom'); } } });
    const b = await loadBaseline(d);
    expect(b).toEqual({ found: false, source: 'the baseline could not be read (sync boom); every finding counts as new.' });
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.includes('sync boom'))).toBe(true);
  });
});

describe('which runs upload the baseline artifact', () => {
  const push = { event: { name: 'push' }, defaultBranch: 'main' };
  it.each([
    ['auto', push, 'refs/heads/main', true],
    ['AUTO', push, 'refs/heads/main', true],
    ['auto', push, 'refs/heads/feature', false],
    ['auto', { ...push, defaultBranch: undefined }, 'refs/heads/main', false],
    ['auto', { event: { name: 'pull_request' }, defaultBranch: 'main' }, 'refs/heads/main', false],
    ['auto', { event: { name: 'schedule' }, defaultBranch: 'main' }, 'refs/heads/main', false],
    ['none', push, 'refs/heads/main', false],
    ['baseline.json', push, 'refs/heads/main', false],
  ] as const)('baseline %s, %j on %s → %s', (setting, runEnv, ref, want) => {
    expect(uploadsBaseline(setting, runEnv, ref)).toBe(want);
  });
  it('baselineMode', () => {
    expect(['none', 'auto', '', 'x.json', 'nonee'].map(baselineMode)).toEqual(['none', 'auto', 'auto', 'path', 'path']);
  });
});

describe('the run environment the lookup reads', () => {
  it.each([
    ['octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main', 'ci.yml'],
    ['octo-org/octo-repo/.github/workflows/security-scan.yaml@refs/pull/7/merge', 'security-scan.yaml'],
    ['octo-org/octo-repo/.github/workflows/ci.yml', 'ci.yml'],
    ['octo-org/octo-repo/.github/workflows/sub/ci.yml@refs/heads/main', undefined],
    ['octo-org/octo-repo/.github/workflows/../../x.yml@refs/heads/main', undefined],
    ['ci.yml', undefined],
    ['', undefined],
  ])('GITHUB_WORKFLOW_REF %s → %s', (ref, want) => {
    expect(workflowFileOf(ref)).toBe(want);
  });

  it('the default branch comes from the event payload; absent or not a string: unknown', () => {
    const env = { GITHUB_EVENT_NAME: 'push', GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/ci.yml@refs/heads/main' };
    expect(readRunEnvironment(env, JSON.stringify({ repository: { default_branch: 'trunk' } }))).toMatchObject({ defaultBranch: 'trunk', workflowFile: 'ci.yml' });
    expect(readRunEnvironment(env, JSON.stringify({ repository: { default_branch: 5 } })).defaultBranch).toBeUndefined();
    expect(readRunEnvironment(env, 'not json').defaultBranch).toBeUndefined();
  });
});
