import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../src/logger.js';
import {
  cacheServiceAvailable,
  restoreTrivyDb,
  saveTrivyDb,
  trivyCacheKey,
  type ActionsCacheClient,
  type TrivyDbCacheDeps,
} from '../../../src/scanners/trivy/db-cache.js';
import { removeTempDirs, tempDir } from '../install/helpers.js';
import { within } from '../../../src/github/actions-cache.js';

afterAll(removeTempDirs);

/** Stands in for @actions/cache: records calls; `entries` are the keys "stored" in the service. */
function fakeCache(entries: string[], opts: { failRestore?: boolean; saveResult?: number } = {}) {
  const calls: { op: string; paths: string[]; key: string; restoreKeys?: string[] }[] = [];
  let loads = 0;
  const client: ActionsCacheClient = {
    async restoreCache(paths, key, restoreKeys) {
      calls.push({ op: 'restore', paths, key, restoreKeys });
      if (opts.failRestore) throw new Error('cache service unavailable');
      if (entries.includes(key)) return key;
      const prefix = restoreKeys?.[0];
      return prefix ? entries.filter((e) => e.startsWith(prefix)).sort().reverse()[0] : undefined;
    },
    async saveCache(paths, key) {
      calls.push({ op: 'save', paths, key });
      return opts.saveResult ?? 42;
    },
  };
  return {
    calls,
    loads: () => loads,
    loadCache: async () => {
      loads++;
      return client;
    },
  };
}

const NOW = () => new Date('2026-05-01T23:59:00Z');
const actionsEnv = (home: string) => ({ HOME: home, ACTIONS_CACHE_URL: 'https://cache.example/' });

function deps(env: Record<string, string>, cache: ReturnType<typeof fakeCache>, skipDbUpdate = false): TrivyDbCacheDeps & { logger: ReturnType<typeof recordingLogger> } {
  return { env, logger: recordingLogger(), skipDbUpdate, event: { name: 'push', onDefaultBranch: true }, now: NOW, loadCache: cache.loadCache };
}

describe('Trivy DB cache', () => {
  it('keys by UTC day like trivy-action (cache-trivy-YYYY-MM-DD, restore prefix cache-trivy-)', async () => {
    expect(trivyCacheKey(new Date('2026-05-01T23:59:00-05:00'))).toBe('cache-trivy-2026-05-02');
    const home = tempDir('home');
    const cache = fakeCache([]);
    const state = await restoreTrivyDb(deps(actionsEnv(home), cache));
    const dir = path.join(home, '.cache', 'trivy');

    expect(state).toEqual({ cacheDir: dir, args: ['--cache-dir', dir], key: 'cache-trivy-2026-05-01', hit: false, available: true });
    expect(cache.calls).toEqual([
      { op: 'restore', paths: [path.join(dir, 'db'), path.join(dir, 'java-db')], key: 'cache-trivy-2026-05-01', restoreKeys: ['cache-trivy-'] },
    ]);
  });

  it('an older day restores through the prefix, and after Trivy refreshed the DB today’s key is saved', async () => {
    const home = tempDir('home');
    const cache = fakeCache(['cache-trivy-2026-04-29', 'cache-trivy-2026-04-30']);
    const d = deps(actionsEnv(home), cache);
    const state = await restoreTrivyDb(d);
    expect(state.restoredKey).toBe('cache-trivy-2026-04-30');
    expect(state.hit).toBe(false);

    mkdirSync(path.join(state.cacheDir, 'db'), { recursive: true }); // what a Trivy vulnerability scan leaves
    expect(await saveTrivyDb(state, d)).toBe(true);
    expect(cache.calls.map((c) => `${c.op} ${c.key}`)).toEqual(['restore cache-trivy-2026-05-01', 'save cache-trivy-2026-05-01']);
  });

  it('does not save when today’s entry was restored, when updates were skipped, or when Trivy left no DB', async () => {
    const home = tempDir('home');
    mkdirSync(path.join(home, '.cache', 'trivy', 'db'), { recursive: true });

    const today = fakeCache(['cache-trivy-2026-05-01']);
    const s1 = await restoreTrivyDb(deps(actionsEnv(home), today));
    expect(s1.hit).toBe(true);
    expect(await saveTrivyDb(s1, deps(actionsEnv(home), today))).toBe(false);

    const skip = fakeCache(['cache-trivy-2026-04-30']);
    const s2 = await restoreTrivyDb(deps(actionsEnv(home), skip, true));
    expect(s2.args).toEqual(['--cache-dir', s2.cacheDir, '--skip-db-update', '--skip-java-db-update']);
    expect(await saveTrivyDb(s2, deps(actionsEnv(home), skip, true))).toBe(false);

    const emptyHome = tempDir('home');
    const none = fakeCache([]);
    const s3 = await restoreTrivyDb(deps(actionsEnv(emptyHome), none));
    expect(await saveTrivyDb(s3, deps(actionsEnv(emptyHome), none))).toBe(false);

    expect([...today.calls, ...skip.calls, ...none.calls].filter((c) => c.op === 'save')).toEqual([]);
  });

  it('outside Actions it neither loads @actions/cache nor touches the service, and says so in debug', async () => {
    const cache = fakeCache(['cache-trivy-2026-05-01']);
    const d = deps({ HOME: tempDir('home'), TRIVY_CACHE_DIR: '/var/cache/trivy' }, cache, true);
    const state = await restoreTrivyDb(d);

    expect(state).toMatchObject({ cacheDir: '/var/cache/trivy', available: false, hit: false });
    expect(state.args).toEqual(['--cache-dir', '/var/cache/trivy', '--skip-db-update', '--skip-java-db-update']);
    expect(await saveTrivyDb(state, d)).toBe(false);
    expect(cache.loads()).toBe(0);
    expect(d.logger.lines.filter((l) => l.level === 'debug').map((l) => l.message).join('\n')).toMatch(/ACTIONS_CACHE_URL.*skipped/);
  });

  it('the v2 cache service needs ACTIONS_RESULTS_URL', () => {
    expect(cacheServiceAvailable({ ACTIONS_CACHE_URL: 'u' })).toBe(true);
    expect(cacheServiceAvailable({ ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_CACHE_URL: 'u' })).toBe(false);
    expect(cacheServiceAvailable({ ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: 'r' })).toBe(true);
    expect(cacheServiceAvailable({})).toBe(false);
  });

  it('cache trouble is a warning, never an error', async () => {
    const home = tempDir('home');
    const cache = fakeCache([], { failRestore: true, saveResult: -1 });
    const d = deps(actionsEnv(home), cache);
    const state = await restoreTrivyDb(d);
    expect(state.restoredKey).toBeUndefined();
    expect(d.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      'Trivy DB cache: restore failed, Trivy downloads its DB: cache service unavailable',
    ]);
    mkdirSync(path.join(state.cacheDir, 'db'), { recursive: true });
    expect(await saveTrivyDb(state, d)).toBe(false); // saveCache answered -1 (not saved)
  });

  it.each([
    ['pull_request', { name: 'pull_request' }],
    ['pull_request_target', { name: 'pull_request_target' }],
    ['merge_group', { name: 'merge_group' }],
    ['workflow_run', { name: 'workflow_run', onDefaultBranch: true }],
    ['issue_comment', { name: 'issue_comment', onDefaultBranch: true }],
    ['a push to a feature branch', { name: 'push' }],
    ['a workflow_dispatch of a feature branch', { name: 'workflow_dispatch' }],
  ])('on %s (whatever runs there can write the cache scope it reads): nothing restored or saved, Trivy downloads its DB into a directory of its own', async (_what, event) => {
    const home = tempDir('home');
    const temp = tempDir('runner-temp');
    // An entry under today's key is there (planted in the scope this run reads): it must not be used.
    const cache = fakeCache(['cache-trivy-2026-05-01']);
    const d = { ...deps({ ...actionsEnv(home), RUNNER_TEMP: temp }, cache), event };
    const state = await restoreTrivyDb(d);
    expect(state).toMatchObject({ available: false, hit: false, cacheDir: path.join(temp, 'security-scan-trivy-db') });
    expect(state.args).toEqual(['--cache-dir', path.join(temp, 'security-scan-trivy-db')]);
    expect(state.restoredKey).toBeUndefined();
    mkdirSync(path.join(state.cacheDir, 'db'), { recursive: true });
    expect(await saveTrivyDb(state, d)).toBe(false);
    expect(cache.loads()).toBe(0);
    expect(cache.calls).toEqual([]);
    expect(d.logger.lines.some((l) => l.level === 'info' && l.message.includes('Trivy DB cache: not used on'))).toBe(true);
  });

  it('a schedule runs on the default branch: the cache is used', async () => {
    const cache = fakeCache(['cache-trivy-2026-05-01']);
    const state = await restoreTrivyDb({ ...deps(actionsEnv(tempDir('home')), cache), event: { name: 'schedule' } });
    expect(state).toMatchObject({ available: true, hit: true, restoredKey: 'cache-trivy-2026-05-01' });
  });

  it('skip-db-update on a pull request: a warning that says the scan will fail and how to skip updates only where the cache is used', async () => {
    const d = { ...deps({ ...actionsEnv(tempDir('home')), RUNNER_TEMP: tempDir('t') }, fakeCache([]), true), event: { name: 'pull_request' } };
    await restoreTrivyDb(d);
    expect(d.logger.lines.filter((l) => l.level === 'warning').map((l) => l.message)).toEqual([
      "Trivy DB cache: 'skip-db-update' is true, but on this event no DB is restored from the Actions cache, so Trivy's vulnerability scan fails. Skip updates only where the cache is used, e.g. skip-db-update: ${{ github.event_name != 'pull_request' }}.",
    ]);
  });

  it('a restore given up on (it may still be extracting): Trivy gets a directory of its own, and nothing is saved', async () => {
    const temp = tempDir('t');
    const home = tempDir('home');
    const d = {
      ...deps({ ...actionsEnv(home), RUNNER_TEMP: temp }, fakeCache([])),
      loadCache: async (): Promise<ActionsCacheClient> => ({
        restoreCache: () => within(20, 'the cache restore', new Promise<string | undefined>(() => undefined)),
        saveCache: async () => 1,
      }),
    };
    const state = await restoreTrivyDb(d);
    expect(state).toMatchObject({ available: false, cacheDir: path.join(temp, 'security-scan-trivy-db') });
    expect(d.logger.lines.some((l) => l.level === 'warning' && l.message.includes('the cache restore did not finish within 0.02 s; given up'))).toBe(true);
    expect(await saveTrivyDb(state, d)).toBe(false);
  });
});
