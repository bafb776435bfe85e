import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { ScanContext } from '../types.js';
import { cacheServiceAvailable, loadActionsCache, type ActionsCacheClient } from './db-cache.js';
import { parseTrivy } from './parse.js';
import type { TrivySettings } from './settings.js';

/**
 * The per-image result cache (input `trivy-result-cache`): an image's Trivy report kept in the Actions cache, so a
 * re-run on an unchanged image restores it instead of scanning. The key is a hash of everything that decides the
 * report: what the image is (its content digest, never its tag), Trivy's version, the vulnerability DB's
 * `UpdatedAt`, the scan's flags, the trusted ignore/config files' contents, Trivy's environment and the platform,
 * plus the UTC day (so no entry is used past the day it was made, even for scans with no DB).
 *
 * Who can write an entry is the whole question: an entry is a report the gate believes. A pull request's workflow
 * writes its own cache scope (its steps can save anything under any key, and ours is predictable), and it reads
 * its base branch's. So the cache is read and written only on events whose code is the repository's own, never a
 * pull request's: push, schedule and workflow_dispatch. Every restored entry is parsed as a fresh report would be
 * before it is used; one that does not parse is ignored and the image is scanned.
 */

/** The events whose workflow and code come from the repository's own branches. */
export const RESULT_CACHE_EVENTS: ReadonlySet<string> = new Set(['push', 'schedule', 'workflow_dispatch']);

export const RESULT_CACHE_KEY_PREFIX = 'security-scan-trivy-result-';

/** The vulnerability DB as `<cacheDir>/db/metadata.json` describes it (Trivy's own fields). */
export interface DbMetadata {
  UpdatedAt?: string;
  NextUpdate?: string;
  DownloadedAt?: string;
}

export async function readDbMetadata(cacheDir: string): Promise<DbMetadata | undefined> {
  try {
    const m: unknown = JSON.parse(await readFile(path.join(cacheDir, 'db', 'metadata.json'), 'utf8'));
    if (typeof m !== 'object' || m === null) return undefined;
    const s = (k: string) => {
      const v = (m as Record<string, unknown>)[k];
      return typeof v === 'string' ? v : undefined;
    };
    return { UpdatedAt: s('UpdatedAt'), NextUpdate: s('NextUpdate'), DownloadedAt: s('DownloadedAt') };
  } catch {
    return undefined;
  }
}

/**
 * Whether Trivy will scan with this DB as it is, without updating it first (its `NeedsUpdate`): with updates
 * skipped, or while `now` is before NextUpdate, or within an hour of DownloadedAt. Only then does the DB's
 * UpdatedAt, read before the scan, name the DB the scan uses. Pure.
 */
export function dbIsSettled(meta: DbMetadata | undefined, now: Date, skipDbUpdate: boolean): boolean {
  if (meta?.UpdatedAt === undefined) return false;
  if (skipDbUpdate) return true;
  const t = now.getTime();
  const next = Date.parse(meta.NextUpdate ?? '');
  const downloaded = Date.parse(meta.DownloadedAt ?? '');
  return (Number.isFinite(next) && t < next) || (Number.isFinite(downloaded) && downloaded > 0 && t < downloaded + 3_600_000);
}

/** What an image is, by content: a digest the ref pins, or the local image's id. */
export const PINNED = /@(sha256:[0-9a-f]{64})$/;

/**
 * The image's content digest: the id Docker gives the local image of that name (Trivy scans the local image first),
 * else the digest the ref pins (`name@sha256:…`); undefined when neither is known (a tag only on a registry: it may
 * point at new content any time, so it is scanned).
 */
export async function imageIdentity(ctx: ScanContext<TrivySettings>, image: string): Promise<string | undefined> {
  const env = ctx.env as Record<string, string | undefined>;
  // Trivy told to look elsewhere first (TRIVY_IMAGE_SRC=remote…): the local id may not be what it scans.
  const src = env['TRIVY_IMAGE_SRC'];
  if (src === undefined || src === '' || src.split(',')[0]!.trim() === 'docker') {
    try {
      const r = await ctx.runner.run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { timeoutMs: 30_000, cwd: ctx.scanRoot, env: ctx.env, probe: true });
      const id = r.exitCode === 0 ? /^(sha256:[0-9a-f]{64})\s*$/.exec(r.stdout)?.[1] : undefined;
      if (id !== undefined) return `docker:${id}`;
    } catch {
      // No docker here: only a pinned digest identifies the image.
    }
  }
  const pinned = PINNED.exec(image)?.[1];
  return pinned !== undefined ? `digest:${pinned}` : undefined;
}

export interface ResultKeyParts {
  /** Trivy's version. */
  version: string;
  image: string;
  identity: string;
  /** The scan's argv with the per-run paths replaced by what they hold (see normalizeArgs). */
  args: readonly string[];
  /** Trivy's own variables (TRIVY_*, DOCKER_*) as the scan sees them. */
  env: Readonly<Record<string, string>>;
  /** The vulnerability DB's UpdatedAt; undefined when the scan does not look for vulnerabilities. */
  db?: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  platform: string;
}

/** The cache key of one image's report: the prefix, the day, then a hash of every part. Pure. */
export function resultKey(p: ResultKeyParts): string {
  const envNames = Object.keys(p.env).sort();
  const canonical = JSON.stringify([1, p.version, p.image, p.identity, p.args, envNames.map((k) => [k, p.env[k]]), p.db ?? null, p.day, p.platform]);
  return `${RESULT_CACHE_KEY_PREFIX}${p.day}-${createHash('sha256').update(canonical).digest('hex').slice(0, 40)}`;
}

/**
 * The argv as the key sees it: `--output` and `--cache-dir` and their values dropped (they differ run to run and
 * change nothing in the report), and each file this run wrote into `tempDir` (the trusted ignore, config and
 * secret-config files) replaced by a hash of its content.
 */
export async function normalizeArgs(args: readonly string[], tempDir: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--output' || a === '--cache-dir') {
      i++;
      continue;
    }
    if (a.startsWith(tempDir + path.sep)) {
      let content: string;
      try {
        content = createHash('sha256').update(await readFile(a)).digest('hex');
      } catch {
        content = 'absent';
      }
      out.push(`<${path.basename(a)}:${content}>`);
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The variables that can change Trivy's report: its own and Docker's (the scan's environment holds no others). */
function trivyEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (k.startsWith('TRIVY_') || k.startsWith('DOCKER_'))) out[k] = v;
  return out;
}

export interface ResultCacheDeps {
  now?: () => Date;
  loadCache?: () => Promise<ActionsCacheClient>;
}

/** One image's entry: where @actions/cache keeps the file (the same path every run: the cache version hashes it). */
export interface CachedTarget {
  key: string;
  file: string;
}

/** The cache for one Trivy run, or undefined (with the reason logged) when it is off or cannot be used. */
export interface ResultCache {
  /** The entry for this image, or undefined when the image cannot be identified. */
  target(image: string, args: readonly string[]): Promise<CachedTarget | undefined>;
  /** The cached report's file when the entry exists and parses; undefined otherwise (the image is then scanned). */
  restore(entry: CachedTarget, image: string): Promise<string | undefined>;
  /** Saves a fresh report under the entry's key, when it parses and the DB did not change during the scan. */
  save(entry: CachedTarget, report: string, image: string): Promise<void>;
}

/**
 * The result cache for this run, or undefined when the input is off, the event may run a pull request's code, the
 * cache service is absent, or (with vulnerabilities scanned) the DB will be updated by the scan.
 */
export async function openResultCache(
  ctx: ScanContext<TrivySettings>,
  version: string | undefined,
  cacheDir: string | undefined,
  deps: ResultCacheDeps = {},
): Promise<ResultCache | undefined> {
  if (!ctx.settings.resultCache) return undefined;
  const log: Logger = ctx.logger;
  if (!RESULT_CACHE_EVENTS.has(ctx.event.name)) {
    log.info(`Trivy result cache: not used on ${ctx.event.name} events (only on push, schedule and workflow_dispatch: a pull request's workflow can write cache entries); every image is scanned.`);
    return undefined;
  }
  const env = { ...ctx.runnerVars, ...ctx.env } as Record<string, string | undefined>;
  const temp = env['RUNNER_TEMP'];
  if (!cacheServiceAvailable(env) || !temp) {
    log.info('Trivy result cache: no GitHub Actions cache service here; every image is scanned.');
    return undefined;
  }
  if (version === undefined) {
    log.info('Trivy result cache: Trivy did not report its version; every image is scanned.');
    return undefined;
  }
  const now = (deps.now ?? (() => new Date()))();
  const vuln = ctx.settings.scanners.includes('vuln');
  let db: string | undefined;
  if (vuln) {
    const meta = cacheDir ? await readDbMetadata(cacheDir) : undefined;
    if (!dbIsSettled(meta, now, ctx.settings.skipDbUpdate)) {
      log.info('Trivy result cache: the vulnerability DB is missing or due for an update, so this scan may use a newer one; every image is scanned (the next run saves).');
      return undefined;
    }
    db = meta!.UpdatedAt;
  }
  const day = now.toISOString().slice(0, 10);
  const dir = path.join(temp, 'security-scan-trivy-results');
  const env0 = trivyEnv(ctx.env as Record<string, string | undefined>);
  const client = (deps.loadCache ?? loadActionsCache)();
  client.catch(() => undefined);
  return {
    async target(image, args) {
      const identity = await imageIdentity(ctx, image);
      if (identity === undefined) {
        log.info(`Trivy result cache: '${image}' is neither a local image nor pinned by digest (name@sha256:…); it is scanned.`);
        return undefined;
      }
      const key = resultKey({ version, image, identity, args: await normalizeArgs(args, ctx.tempDir), env: env0, ...(db !== undefined ? { db } : {}), day, platform: `${process.platform}/${process.arch}` });
      return { key, file: path.join(dir, `${key.slice(RESULT_CACHE_KEY_PREFIX.length)}.json`) };
    },
    async restore(entry, image) {
      let hit: string | undefined;
      try {
        hit = await (await client).restoreCache([entry.file], entry.key);
      } catch (e) {
        log.warning(`Trivy result cache: restoring '${image}' failed, scanning it: ${errorMessage(e)}`);
        return undefined;
      }
      if (hit !== entry.key) return undefined;
      try {
        parseTrivy(await readFile(entry.file, 'utf8'), { target: image });
      } catch (e) {
        log.warning(`Trivy result cache: the entry for '${image}' (${entry.key}) is not a Trivy report, scanning the image: ${errorMessage(e)}`);
        return undefined;
      }
      log.info(`Trivy result cache: '${image}' restored from ${entry.key}; not scanned.`);
      return entry.file;
    },
    async save(entry, report, image) {
      try {
        if (vuln && (await readDbMetadata(cacheDir ?? ''))?.UpdatedAt !== db) {
          log.info(`Trivy result cache: the vulnerability DB changed during the scan of '${image}'; not saved.`);
          return;
        }
        // Only a report that parses is kept: an entry that does not would be refused by every later run.
        parseTrivy(await readFile(report, 'utf8'), { target: image });
        await mkdir(dir, { recursive: true });
        await copyFile(report, entry.file);
        const id = await (await client).saveCache([entry.file], entry.key);
        if (id !== -1) log.info(`Trivy result cache: '${image}' saved as ${entry.key}.`);
      } catch (e) {
        log.warning(`Trivy result cache: saving '${image}' failed: ${errorMessage(e)}`);
      }
    },
  };
}
