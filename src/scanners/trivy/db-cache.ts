import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Env } from '../install/installer.js';

/**
 * Trivy's vulnerability databases cached across runs with @actions/cache, the way aquasecurity/trivy-action
 * does it: key `cache-trivy-<YYYY-MM-DD>` (UTC date, so one new entry a day), restore key `cache-trivy-`
 * (yesterday's DB is restored and Trivy refreshes it when it is stale).
 *
 * We cache the DB directories (db/, java-db/) of a fixed cache dir, not the per-scan analysis cache.
 * The Actions cache version hashes the path list, so the directory must be the same path every run:
 * TRIVY_CACHE_DIR when set, else $HOME/.cache/trivy (Trivy's own default on Linux). The adapter passes it
 * with `--cache-dir` so Trivy uses exactly this directory on every OS.
 */

export const TRIVY_CACHE_KEY_PREFIX = 'cache-trivy-';

/** The slice of @actions/cache used here. */
export interface ActionsCacheClient {
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export interface TrivyDbCacheDeps {
  env: Env;
  logger: Logger;
  /** From the `skip-db-update` input. */
  skipDbUpdate: boolean;
  /** Today's date comes from here (tests pin it). */
  now?: () => Date;
  /** Loads the cache client; `await import('@actions/cache')` unless a test supplies one. */
  loadCache?: () => Promise<ActionsCacheClient>;
}

export interface TrivyDbState {
  /** Pass to Trivy as `--cache-dir`. */
  cacheDir: string;
  /** Flags to add to every Trivy command: `--cache-dir DIR`, plus the skip-update flags when asked. */
  args: string[];
  /** Today's key. */
  key: string;
  /** The key that was restored (today's or an older day's), if any. */
  restoredKey?: string;
  /** True when today's entry was restored: nothing new to save. */
  hit: boolean;
  /** False outside GitHub Actions (no cache service): nothing was restored and nothing will be saved. */
  available: boolean;
}

export function trivyCacheKey(now: Date): string {
  return `${TRIVY_CACHE_KEY_PREFIX}${now.toISOString().slice(0, 10)}`;
}

export function trivyCacheDir(env: Env): string {
  const explicit = env['TRIVY_CACHE_DIR'];
  if (explicit) return path.resolve(explicit);
  const home = env['HOME'] || env['USERPROFILE'] || env['RUNNER_TEMP'] || '.';
  return path.resolve(home, '.cache', 'trivy');
}

function cachePaths(cacheDir: string): string[] {
  return [path.join(cacheDir, 'db'), path.join(cacheDir, 'java-db')];
}

/** Mirrors @actions/cache's isFeatureAvailable, on the env we are given. */
export function cacheServiceAvailable(env: Env): boolean {
  return env['ACTIONS_CACHE_SERVICE_V2'] ? Boolean(env['ACTIONS_RESULTS_URL']) : Boolean(env['ACTIONS_CACHE_URL']);
}

export async function loadActionsCache(): Promise<ActionsCacheClient> {
  const cache = await import('@actions/cache');
  return {
    restoreCache: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    saveCache: (paths, key) => cache.saveCache(paths, key),
  };
}

export function trivyDbArgs(cacheDir: string, skipDbUpdate: boolean): string[] {
  return ['--cache-dir', cacheDir, ...(skipDbUpdate ? ['--skip-db-update', '--skip-java-db-update'] : [])];
}

/** Call before the first Trivy run. Never throws for cache trouble: it warns and Trivy downloads the DB. */
export async function restoreTrivyDb(deps: TrivyDbCacheDeps): Promise<TrivyDbState> {
  const cacheDir = trivyCacheDir(deps.env);
  const key = trivyCacheKey((deps.now ?? (() => new Date()))());
  const state: TrivyDbState = { cacheDir, args: trivyDbArgs(cacheDir, deps.skipDbUpdate), key, hit: false, available: false };
  if (!cacheServiceAvailable(deps.env)) {
    deps.logger.debug('Trivy DB cache: no GitHub Actions cache service here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset); skipped.');
    return state;
  }
  state.available = true;
  try {
    const cache = await (deps.loadCache ?? loadActionsCache)();
    const restored = await cache.restoreCache(cachePaths(cacheDir), key, [TRIVY_CACHE_KEY_PREFIX]);
    if (restored) {
      state.restoredKey = restored;
      state.hit = restored === key;
      deps.logger.info(`Trivy DB cache: restored ${restored} into ${cacheDir}`);
    } else {
      deps.logger.info(`Trivy DB cache: no entry yet (${key}); Trivy downloads its DB.`);
    }
  } catch (e) {
    deps.logger.warning(`Trivy DB cache: restore failed, Trivy downloads its DB: ${errorMessage(e)}`);
  }
  if (deps.skipDbUpdate && !state.restoredKey) {
    deps.logger.warning(
      "Trivy DB cache: 'skip-db-update' is true but no cached DB was restored; Trivy's vulnerability scan fails unless its cache dir already holds a DB.",
    );
  }
  return state;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Call after the Trivy runs. Saves today's entry unless today's was restored, updates were skipped (the DB
 * did not change), the service is absent, or Trivy left no DB. Returns whether it saved. Never throws.
 */
export async function saveTrivyDb(state: TrivyDbState, deps: TrivyDbCacheDeps): Promise<boolean> {
  if (!state.available) return false;
  if (state.hit) {
    deps.logger.debug(`Trivy DB cache: ${state.key} was restored; not saving.`);
    return false;
  }
  if (deps.skipDbUpdate) {
    deps.logger.debug("Trivy DB cache: 'skip-db-update' is true, the DB did not change; not saving.");
    return false;
  }
  if (!(await exists(path.join(state.cacheDir, 'db')))) {
    deps.logger.debug(`Trivy DB cache: ${state.cacheDir}/db does not exist (no vulnerability scan ran); not saving.`);
    return false;
  }
  try {
    const cache = await (deps.loadCache ?? loadActionsCache)();
    const id = await cache.saveCache(cachePaths(state.cacheDir), state.key);
    if (id === -1) {
      deps.logger.info(`Trivy DB cache: ${state.key} was not saved (see the cache warning above).`);
      return false;
    }
    deps.logger.info(`Trivy DB cache: saved ${state.key}`);
    return true;
  } catch (e) {
    deps.logger.warning(`Trivy DB cache: save failed: ${errorMessage(e)}`);
    return false;
  }
}
