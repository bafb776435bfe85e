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
 *
 * Only on events whose workflows run the repository's own code (TRUSTED_CACHE_EVENTS). A pull request's run reads its
 * own cache scope first, and any run in that scope that executes the pull request's code (its CI workflow's `npm ci`,
 * say) can write it: the runtime token can be read from the runner's process. An entry planted there under today's
 * key would hand Trivy a gutted DB (no vulnerabilities found, the gate passes), and @actions/cache extracts an
 * archive's absolute paths (`tar -P`) before anything can check it. On those events Trivy downloads its DB.
 */

/** The events whose workflow and code are the repository's own branches', never a pull request's. */
export const TRUSTED_CACHE_EVENTS: ReadonlySet<string> = new Set(['push', 'schedule', 'workflow_dispatch']);

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
  /** The event's name (GITHUB_EVENT_NAME): the cache is used only on TRUSTED_CACHE_EVENTS. */
  event: string;
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

/** Cache calls given up on (see within): one may still hold a socket that would keep the process alive. */
let abandoned = 0;
export function abandonedCacheCalls(): number {
  return abandoned;
}

/**
 * `work`, or a rejection once `ms` have passed. @actions/cache retries a failing service for ~25 s a call and has no
 * socket timeout, so a service that accepts connections and never answers would hold the job until its own timeout;
 * a call given up on is counted (the entry point then exits rather than wait for its socket).
 */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned++;
      reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)}s; given up`));
    }, ms);
    timer.unref();
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** The DB archive is tens of MB: its calls get longer than a report's. */
export const DB_CACHE_CALL_MS = 120_000;

export async function loadActionsCache(limitMs = DB_CACHE_CALL_MS): Promise<ActionsCacheClient> {
  const cache = await import('@actions/cache');
  return {
    restoreCache: (paths, key, restoreKeys) => within(limitMs, 'the cache restore', cache.restoreCache(paths, key, restoreKeys)),
    saveCache: (paths, key) => within(limitMs, 'the cache save', cache.saveCache(paths, key)),
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
  if (!TRUSTED_CACHE_EVENTS.has(deps.event)) {
    deps.logger.info(
      `Trivy DB cache: not used on ${deps.event} events (only on push, schedule and workflow_dispatch: a pull request's workflows can write its cache scope); Trivy downloads its DB.`,
    );
    if (deps.skipDbUpdate) {
      deps.logger.warning(
        `Trivy DB cache: 'skip-db-update' is true on a ${deps.event} event, where no DB is restored from the Actions cache; Trivy's vulnerability scan fails unless ${cacheDir} already holds a DB. Set skip-db-update to false for this event, or point 'trivy-cache-dir' at a DB this job provides.`,
      );
    }
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
