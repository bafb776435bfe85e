import * as path from 'node:path';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Env } from '../install/installer.js';
import type { EventInfo } from '../types.js';
import { CacheCallGivenUp, cacheServiceAvailable, exists, loadActionsCache, untrustedCache, type ActionsCacheClient } from '../../github/actions-cache.js';

export { cacheServiceAvailable, type ActionsCacheClient } from '../../github/actions-cache.js';

/**
 * Trivy's vulnerability databases cached across runs with @actions/cache, the way aquasecurity/trivy-action
 * does it: key `cache-trivy-<YYYY-MM-DD>` (UTC date, so one new entry a day), restore key `cache-trivy-`
 * (yesterday's DB is restored and Trivy refreshes it when it is stale).
 *
 * We cache the DB directories (db/, java-db/) of a fixed cache dir, not the per-scan analysis cache.
 * The Actions cache version hashes the path list, so the directory must be the same path every run:
 * TRIVY_CACHE_DIR when set, else $HOME/.cache/trivy (Trivy's own default on Linux). The adapter passes it
 * with `--cache-dir` so Trivy uses exactly this directory on every OS.
 *
 * Only where entries can be trusted (github/actions-cache.ts untrustedCache): a DB planted in a pull request's scope
 * under the day's key would be one with no vulnerabilities in it (the gate passes). Elsewhere Trivy downloads its DB,
 * into a fresh directory under RUNNER_TEMP rather than $HOME/.cache/trivy, where an earlier step or job on the runner
 * may have left one.
 */

export const TRIVY_CACHE_KEY_PREFIX = 'cache-trivy-';

export interface TrivyDbCacheDeps {
  env: Env;
  logger: Logger;
  /** From the `skip-db-update` input. */
  skipDbUpdate: boolean;
  /** The event: the cache is used only where untrustedCache allows it. */
  event: EventInfo;
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

/** The DB archive is tens of MB: its calls get longer than a report's. */
export const DB_CACHE_CALL_MS = 120_000;

export function trivyDbArgs(cacheDir: string, skipDbUpdate: boolean): string[] {
  return ['--cache-dir', cacheDir, ...(skipDbUpdate ? ['--skip-db-update', '--skip-java-db-update'] : [])];
}

/**
 * A directory of this job's own (under RUNNER_TEMP) for Trivy to download its DB into, when the fixed one cannot be
 * trusted: what an earlier step or another job on this runner left there, or what an abandoned restore may still be
 * writing. Undefined outside a runner, or when TRIVY_CACHE_DIR says where the DB is.
 */
function freshCacheDir(env: Env): string | undefined {
  const temp = env['RUNNER_TEMP'];
  return temp && !env['TRIVY_CACHE_DIR'] ? path.join(temp, 'security-scan-trivy-db') : undefined;
}

/** Call before the first Trivy run. Never throws for cache trouble: it warns and Trivy downloads the DB. */
export async function restoreTrivyDb(deps: TrivyDbCacheDeps): Promise<TrivyDbState> {
  const cacheDir = trivyCacheDir(deps.env);
  const key = trivyCacheKey((deps.now ?? (() => new Date()))());
  const state: TrivyDbState = { cacheDir, args: trivyDbArgs(cacheDir, deps.skipDbUpdate), key, hit: false, available: false };
  const useDir = (dir: string) => Object.assign(state, { cacheDir: dir, args: trivyDbArgs(dir, deps.skipDbUpdate) });
  if (!cacheServiceAvailable(deps.env)) {
    deps.logger.debug('Trivy DB cache: no GitHub Actions cache service here (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL unset); skipped.');
    return state;
  }
  const untrusted = untrustedCache(deps.event);
  if (untrusted !== undefined) {
    const fresh = freshCacheDir(deps.env);
    if (fresh !== undefined) useDir(fresh);
    deps.logger.info(`Trivy DB cache: ${untrusted}; Trivy downloads its DB into ${state.cacheDir}.`);
    if (deps.skipDbUpdate) {
      deps.logger.warning(
        `Trivy DB cache: 'skip-db-update' is true, but on this event no DB is restored from the Actions cache, so Trivy's vulnerability scan fails. Skip updates only where the cache is used, e.g. skip-db-update: \${{ github.event_name != 'pull_request' }}.`,
      );
    }
    return state;
  }
  state.available = true;
  try {
    const cache = await (deps.loadCache ?? (() => loadActionsCache(DB_CACHE_CALL_MS)))();
    const restored = await cache.restoreCache(cachePaths(cacheDir), key, [TRIVY_CACHE_KEY_PREFIX]);
    if (restored) {
      state.restoredKey = restored;
      state.hit = restored === key;
      deps.logger.info(`Trivy DB cache: restored ${restored} into ${cacheDir}`);
    } else {
      deps.logger.info(`Trivy DB cache: no entry yet (${key}); Trivy downloads its DB.`);
    }
  } catch (e) {
    // A restore given up on may still be extracting into cacheDir: Trivy gets a directory of its own.
    const fresh = e instanceof CacheCallGivenUp ? freshCacheDir(deps.env) : undefined;
    if (fresh !== undefined) Object.assign(useDir(fresh), { available: false });
    deps.logger.warning(`Trivy DB cache: restore failed, Trivy downloads its DB${fresh !== undefined ? ` into ${fresh}` : ''}: ${errorMessage(e)}`);
  }
  if (deps.skipDbUpdate && !state.restoredKey) {
    deps.logger.warning(
      "Trivy DB cache: 'skip-db-update' is true but no cached DB was restored; Trivy's vulnerability scan fails unless its cache dir already holds a DB.",
    );
  }
  return state;
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
    const cache = await (deps.loadCache ?? (() => loadActionsCache(DB_CACHE_CALL_MS)))();
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
