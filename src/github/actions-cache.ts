import { stat } from 'node:fs/promises';
import type { Env } from '../scanners/install/installer.js';
import type { EventInfo } from '../scanners/types.js';

/**
 * What the uses of the GitHub Actions cache (scanners/trivy/db-cache.ts: Trivy's vulnerability DB; result-cache.ts: an image's
 * report) share: the client, when an entry can be trusted, and a time limit on every call.
 *
 * Who can write an entry decides whether it can be used. Any job of a run in a cache scope can write that scope,
 * whatever its step's environment says (the runtime token can be read from the runner's processes), and
 * @actions/cache extracts an archive's absolute paths (`tar -P`) before anything can check what it restored. A pull
 * request's run reads its own scope first, which its other workflows, running the pull request's code, can write; a
 * feature branch's scope is written by whatever runs on that branch. So entries are used only in the default
 * branch's scope, on events that run its own code: a push to it, a schedule (always the default branch) or a
 * workflow_dispatch of it.
 */

/** The slice of @actions/cache used here. */
export interface ActionsCacheClient {
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

/** The events on which the default branch runs its own code. */
export const TRUSTED_CACHE_EVENTS: ReadonlySet<string> = new Set(['push', 'schedule', 'workflow_dispatch']);

/** Why this run must not use the Actions cache, or undefined when it may (see the module comment). Pure. */
export function untrustedCache(event: EventInfo): string | undefined {
  if (!TRUSTED_CACHE_EVENTS.has(event.name)) {
    return `not used on ${event.name || 'unnamed'} events (only on push, schedule and workflow_dispatch of the default branch: a pull request's workflows can write the cache scope its run reads)`;
  }
  if (event.name !== 'schedule' && event.onDefaultBranch !== true) {
    return `not used on a ${event.name} of a branch other than the default branch (whatever runs on that branch can write its cache scope)`;
  }
  return undefined;
}

/** Mirrors @actions/cache's isFeatureAvailable, on the env we are given. */
export function cacheServiceAvailable(env: Env): boolean {
  return env['ACTIONS_CACHE_SERVICE_V2'] ? Boolean(env['ACTIONS_RESULTS_URL']) : Boolean(env['ACTIONS_CACHE_URL']);
}

/** A cache call within gave up on: it may still be running (and writing what it restores). */
export class CacheCallGivenUp extends Error {}

/** Cache calls given up on (see within): one may still hold a socket that would keep the process alive. */
let abandoned = 0;
export function abandonedCacheCalls(): number {
  return abandoned;
}

/**
 * `work`, or a rejection once `ms` have passed. @actions/cache retries a failing service for 24–37 s a call and has
 * no socket timeout, so a service that accepts connections and never answers would hold the job until its own
 * timeout. A call given up on keeps running (it cannot be cancelled) and is counted: the entry point then exits
 * rather than wait for its socket.
 */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned++;
      reject(new CacheCallGivenUp(`${what} did not finish within ${(ms / 1000).toFixed(ms < 1000 ? 2 : 0)} s; given up`));
    }, ms);
    timer.unref();
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** @actions/cache, loaded when first needed, every call within `limitMs`. */
export async function loadActionsCache(limitMs: number): Promise<ActionsCacheClient> {
  const cache = await import('@actions/cache');
  return {
    restoreCache: (paths, key, restoreKeys) => within(limitMs, 'the cache restore', cache.restoreCache(paths, key, restoreKeys)),
    saveCache: (paths, key) => within(limitMs, 'the cache save', cache.saveCache(paths, key)),
  };
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
