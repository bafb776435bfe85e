import { createHash } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { ScanContext } from '../types.js';
import { cacheServiceAvailable, exists, loadActionsCache, untrustedCache, type ActionsCacheClient } from '../../github/actions-cache.js';
import { dialectFromVersion } from './command.js';
import { parseTrivy } from './parse.js';
import { parseImageRef, resolveTagDigest, type DigestDeps } from './registry-digest.js';
import type { TrivySettings } from './settings.js';

/**
 * The per-image result cache (input `trivy-result-cache`): an image's Trivy report kept in the Actions cache, so a
 * re-run on an unchanged image restores it instead of scanning. The key is a hash of everything that decides the
 * report: what the image is (its content digest, never its tag), Trivy's version, the vulnerability DB's
 * `UpdatedAt`, the scan's flags, the trusted ignore/config files' contents, Trivy's environment and the platform,
 * plus the UTC day (so no entry is used past the day it was made, even for scans with no DB). An image is looked up
 * only when the DB the scan will use is known beforehand; a report is saved under the DB its scan used (see save).
 *
 * Who can write an entry is the whole question: an entry is a report the gate believes. A pull request's workflow
 * writes its own cache scope (its steps can save anything under any key, and ours is predictable), and it reads
 * its base branch's. So the cache is read and written only where github/actions-cache.ts untrustedCache allows: the
 * default branch's scope, on push, schedule and workflow_dispatch. Every restored entry is parsed as a fresh report
 * would be before it is used; one that does not parse is ignored and the image is scanned.
 */

/** A report is small: a cache call that takes longer than this is given up on, and the cache with it. */
export const RESULT_CACHE_CALL_MS = 30_000;

/**
 * A call that did not succeed and took longer than this: the service is in trouble (@actions/cache answers a miss
 * for a restore it failed, after retrying for half a minute), and the rest of the run does without it.
 */
export const SLOW_FAILURE_MS = 5_000;

export const RESULT_CACHE_KEY_PREFIX = 'security-scan-trivy-result-';

/** A DB as its `metadata.json` describes it (Trivy's own fields; the Java DB's has the same). */
export interface DbMetadata {
  UpdatedAt?: string;
  NextUpdate?: string;
  DownloadedAt?: string;
}

/** `<cacheDir>/db/metadata.json` (the vulnerability DB) or `<cacheDir>/java-db/metadata.json` (the Java DB). */
export async function readDbMetadata(cacheDir: string, db: 'db' | 'java-db' = 'db'): Promise<DbMetadata | undefined> {
  try {
    const m: unknown = JSON.parse(await readFile(path.join(cacheDir, db, 'metadata.json'), 'utf8'));
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
 * else the digest the ref pins (`name@sha256:…`), else the digest its registry says the tag points at now
 * (`registry:name@sha256:…`, which is then what Trivy scans: see registry-digest.ts); undefined when none is known
 * (the image is scanned).
 */
export async function imageIdentity(ctx: ScanContext<TrivySettings>, image: string, modern = true, deps: DigestDeps = {}): Promise<string | undefined> {
  const env = ctx.env as Record<string, string | undefined>;
  // The docker CLI (run with Trivy's environment) and Trivy must mean the same daemon and image: with Trivy told to
  // look elsewhere (TRIVY_IMAGE_SRC) or at another daemon (TRIVY_DOCKER_HOST…), only a pinned digest counts. A docker
  // id also pins the scan to that daemon (`--image-src docker`, see dockerScan), which needs Trivy ≥ 0.52.
  const elsewhere = ['TRIVY_IMAGE_SRC', 'TRIVY_DOCKER_HOST', 'TRIVY_PODMAN_HOST'].some((k) => (env[k] ?? '') !== '');
  if (!elsewhere && modern) {
    try {
      const r = await ctx.runner.run('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { timeoutMs: 30_000, cwd: ctx.scanRoot, env: ctx.env, probe: true });
      const id = r.exitCode === 0 ? /^(sha256:[0-9a-f]{64})\s*$/.exec(r.stdout)?.[1] : undefined;
      if (id !== undefined) return `docker:${id}`;
    } catch {
      // No docker here: only a pinned digest identifies the image.
    }
  }
  const pinned = PINNED.exec(image)?.[1];
  if (pinned !== undefined) return `digest:${pinned}`;
  // The registry's content is what Trivy scans only when no local source it tries first has the image: with its
  // default order (docker, containerd, podman, remote), docker was asked above, podman and containerd are asked here.
  // Trivy told to look elsewhere first (TRIVY_IMAGE_SRC other than `remote`, another daemon) keeps its tag.
  const src = (env['TRIVY_IMAGE_SRC'] ?? '').trim();
  if (!modern || (src !== '' && src !== 'remote')) return undefined;
  if (src === '' && (elsewhere || (await localElsewhere(ctx, image)))) return undefined;
  const digest = await resolveTagDigest(image, env, deps);
  // A digest means the reference parsed: resolveTagDigest answers only for a tag it read.
  return digest !== undefined ? `registry:${parseImageRef(image)!.name}@${digest}` : undefined;
}

/** Where Trivy looks for containerd without CONTAINERD_ADDRESS (which the adapter passes it). */
export const CONTAINERD_SOCKET = '/run/containerd/containerd.sock';

/**
 * Whether podman has a local image of that name, or a containerd Trivy could reach may (its socket, CONTAINERD_ADDRESS
 * or the default, is usable by this user, which is Trivy's).
 */
export async function localElsewhere(ctx: Pick<ScanContext<TrivySettings>, 'runner' | 'scanRoot' | 'env'>, image: string): Promise<boolean> {
  try {
    const r = await ctx.runner.run('podman', ['image', 'exists', image], { timeoutMs: 30_000, cwd: ctx.scanRoot, env: ctx.env, probe: true });
    if (r.exitCode !== 1) return true; // 0: it has it; anything else: it cannot say
  } catch {
    // No podman here.
  }
  const socket = ((ctx.env as Record<string, string | undefined>)['CONTAINERD_ADDRESS'] || CONTAINERD_SOCKET).replace(/^unix:\/\//, '');
  try {
    await access(socket, fsConstants.R_OK | fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The argv that scans exactly the identified content: `--image-src docker` for a docker id; for a tag, `name@digest`
 * from the registry only (`--image-src remote`).
 */
export function scanFor(identity: string, args: readonly string[]): string[] {
  if (identity.startsWith('docker:')) return dockerScan(args);
  if (identity.startsWith('registry:')) return [...args.slice(0, -1), '--image-src', 'remote', identity.slice('registry:'.length)];
  return [...args];
}

/**
 * After a scan of `name@digest` for the user's `image`: the report names the image as the user did (ArtifactName, the
 * Targets that begin with the scanned name, RepoTags), as a scan of the tag would, so locations, remediation lists and
 * dependency snapshots do not change with the digest. A report that does not parse is left as it is (its parse fails).
 */
export async function nameAsGiven(file: string, scanned: string, image: string): Promise<void> {
  let doc: { ArtifactName?: unknown; Metadata?: { RepoTags?: unknown }; Results?: { Target?: unknown }[] };
  try {
    doc = JSON.parse(await readFile(file, 'utf8')) as typeof doc;
  } catch {
    return;
  }
  if (typeof doc !== 'object' || doc === null) return;
  if (doc.ArtifactName === scanned) doc.ArtifactName = image;
  if (Array.isArray(doc.Results)) {
    for (const r of doc.Results) {
      if (typeof r === 'object' && r !== null && typeof r.Target === 'string' && r.Target.startsWith(scanned)) r.Target = image + r.Target.slice(scanned.length);
    }
  }
  if (typeof doc.Metadata === 'object' && doc.Metadata !== null && !(Array.isArray(doc.Metadata.RepoTags) && doc.Metadata.RepoTags.length > 0)) doc.Metadata.RepoTags = [image];
  await writeFile(file, JSON.stringify(doc));
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
  /**
   * The Java DB's UpdatedAt, 'none' when there is none (Trivy fetches it only for an image with jars in it); undefined
   * when the scan does not look for vulnerabilities.
   */
  javaDb?: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  platform: string;
}

/** The cache key of one image's report: the prefix, the day, then a hash of every part. Pure. */
export function resultKey(p: ResultKeyParts): string {
  const envNames = Object.keys(p.env).sort();
  const canonical = JSON.stringify([2, p.version, p.image, p.identity, p.args, envNames.map((k) => [k, p.env[k]]), p.db ?? null, p.javaDb ?? null, p.day, p.platform]);
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

/**
 * Credentials: never in the key. They do not change the report of an image its content already identifies, and a
 * key is public (logs, the cache list) while the rest of what it hashes is guessable: a hashed password could be
 * searched for.
 */
export const CREDENTIAL = /PASS|TOKEN|SECRET|USER|AUTH|CREDENTIAL|KEY|CERT/i;

/** The variables that can change Trivy's report: its own and Docker's (the scan's environment holds no others). */
export function trivyEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && (k.startsWith('TRIVY_') || k.startsWith('DOCKER_')) && !CREDENTIAL.test(k)) out[k] = v;
  }
  return out;
}

/**
 * TRIVY_ variables that bring in content the key does not hash whatever their value: VEX documents or repositories,
 * Rego policies and checks, other config files, a Trivy server (its DB, not ours), SBOM attestations.
 */
const BRINGS_CONTENT = /^TRIVY_(VEX|IGNORE_POLICY|CONFIG|CONFIG_CHECK|CONFIG_DATA|CHECK|CHECKS_BUNDLE_REPOSITORY|POLICY|DATA|NAMESPACES|SERVER|SBOM_SOURCES|REKOR_URL|CUSTOM_HEADERS|SECRET_CONFIG|IGNOREFILE|HELM_VALUES|HELM_SET_FILE|TF_VARS|CF_PARAMS|REGISTRY_MIRRORS)$/;
/** TRIVY_ variables whose values are plain settings, never files: in the key as they are. */
const PLAIN_SETTING = /^TRIVY_(SEVERITY|SCANNERS|PKG_TYPES|PKG_RELATIONSHIPS|SKIP_DIRS|SKIP_FILES|FILE_PATTERNS|FORMAT|TIMEOUT|PLATFORM|QUIET|DEBUG|NO_PROGRESS|INSECURE|DB_REPOSITORY|JAVA_DB_REPOSITORY|OFFLINE_SCAN|IGNORE_UNFIXED|IGNORE_STATUS|LIST_ALL_PKGS|EXIT_CODE|IMAGE_SRC|DOCKER_HOST|PODMAN_HOST|CACHE_DIR|CACHE_BACKEND|PARALLEL|DETECTION_PRIORITY|DISTRO|REMOVED_PKGS|INCLUDE_DEV_DEPS|SKIP_DB_UPDATE|SKIP_JAVA_DB_UPDATE|SKIP_CHECK_UPDATE|LICENSE_FULL|SECRET_SCANNERS|MISCONFIG_SCANNERS|IMAGE_CONFIG_SCANNERS|DEPENDENCY_TREE|SHOW_SUPPRESSED)$/;

/**
 * Why the cache cannot be used with these settings, or undefined. A trivy.yaml, or a TRIVY_ variable naming a
 * file, can bring in files the key does not hash (a VEX document, Rego ignore policies, checks): a change to one
 * would not change the key, and an old report would hide what the new file no longer excuses.
 */
export async function uncacheableSettings(ctx: ScanContext<TrivySettings>): Promise<string | undefined> {
  let config = '';
  try {
    config = await readFile(path.join(ctx.tempDir, 'trivy.yaml'), 'utf8');
  } catch {
    // No trivy.yaml written: none in the tree.
  }
  if (config.split(/\r?\n/).some((l) => l.trim() !== '' && !l.trim().startsWith('#'))) {
    return 'the trusted trivy.yaml sets options, which can name files (VEX, ignore policies, checks) whose changes the key would not see';
  }
  for (const [k, v] of Object.entries(ctx.env as Record<string, string | undefined>)) {
    if (!k.startsWith('TRIVY_') || v === undefined || v === '') continue;
    if (BRINGS_CONTENT.test(k)) return `${k} is set, which brings in content (files, repositories, a server) the key would not see`;
    if (PLAIN_SETTING.test(k) || CREDENTIAL.test(k)) continue;
    // A variable this list does not know: cacheable unless its value names a file or directory.
    for (const part of v.split(',')) {
      const p = part.trim();
      if (p !== '' && (await exists(path.resolve(ctx.scanRoot, p)))) return `${k} names a file or directory (${p}), whose changes the key would not see`;
    }
  }
  return undefined;
}

/** The scan's argv for an image known by its docker id: Trivy told to scan that daemon's image, never a registry's. */
export function dockerScan(args: readonly string[]): string[] {
  return [...args.slice(0, -1), '--image-src', 'docker', args.at(-1)!];
}

export interface ResultCacheDeps {
  now?: () => Date;
  loadCache?: () => Promise<ActionsCacheClient>;
}

/** One image in the cache. */
export interface CachedTarget {
  image: string;
  /** The argv to scan it with (an image known by its docker id is pinned to that daemon: dockerScan; a tag to its digest). */
  args: string[];
  /** The name Trivy is given when it is not the image as the user wrote it (`name@digest` for a tag): see nameAsGiven. */
  scannedAs?: string;
  /** Its key, when the DB the scan will use is known before the scan (no vulnerability scan, or a settled DB). */
  key?: string;
  /**
   * Its key for the DBs as they are now (after its scan), or undefined when the vulnerability DB is not settled, or
   * changed under a scan that started with it settled.
   */
  keyNow(): Promise<string | undefined>;
}

/** The cache for one Trivy run, or undefined (with the reason logged) when it is off or cannot be used. */
export interface ResultCache {
  /** The entry for this image, or undefined when the image cannot be identified. */
  target(image: string, args: readonly string[]): Promise<CachedTarget | undefined>;
  /** The cached report's file when the entry exists and parses; undefined otherwise (the image is then scanned). */
  restore(entry: CachedTarget): Promise<string | undefined>;
  /** Saves a fresh report, when it parses, under the key of the DB its scan used (see save). */
  save(entry: CachedTarget, report: string): Promise<void>;
}

/**
 * The result cache for this run, or undefined when the input is off, the event may run a pull request's code, or
 * the cache service is absent.
 */
export async function openResultCache(
  ctx: ScanContext<TrivySettings>,
  version: string | undefined,
  cacheDir: string | undefined,
  deps: ResultCacheDeps = {},
): Promise<ResultCache | undefined> {
  if (!ctx.settings.resultCache) return undefined;
  const log: Logger = ctx.logger;
  const untrusted = untrustedCache(ctx.event);
  if (untrusted !== undefined) {
    log.info(`Trivy result cache: ${untrusted}; every image is scanned.`);
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
  const unusable = await uncacheableSettings(ctx);
  if (unusable !== undefined) {
    log.info(`Trivy result cache: not used: ${unusable}; every image is scanned.`);
    return undefined;
  }
  const modern = dialectFromVersion(version) !== undefined;
  const now = deps.now ?? (() => new Date());
  const day = now().toISOString().slice(0, 10);
  const vuln = ctx.settings.scanners.includes('vuln');
  /**
   * The DBs' part of the key now: nothing without a vulnerability scan; undefined while Trivy would update the
   * vulnerability DB. The Java DB is keyed as it is, settled or not: Trivy fetches or updates it only when an image
   * has jars in it, so one past its NextUpdate can stay so for every image without jars (the day in the key bounds
   * how long a report made with it is reused).
   */
  const dbNow = async (): Promise<Pick<ResultKeyParts, 'db' | 'javaDb'> | undefined> => {
    if (!vuln) return {};
    const meta = cacheDir ? await readDbMetadata(cacheDir) : undefined;
    if (!dbIsSettled(meta, now(), ctx.settings.skipDbUpdate)) return undefined;
    const java = cacheDir ? await readDbMetadata(cacheDir, 'java-db') : undefined;
    return { db: meta!.UpdatedAt!, javaDb: java?.UpdatedAt ?? 'none' };
  };
  const dir = path.join(temp, 'security-scan-trivy-results');
  const fileOf = (key: string) => path.join(dir, `${key.slice(RESULT_CACHE_KEY_PREFIX.length)}.json`);
  const env0 = trivyEnv(ctx.env as Record<string, string | undefined>);
  const client = (deps.loadCache ?? (() => loadActionsCache(RESULT_CACHE_CALL_MS)))();
  client.catch(() => undefined);
  let toldUnsettled = false;
  const registry: DigestDeps = { gaveUp: new Set() };
  /** Set by the first call that fails or times out: the service is in trouble, the rest of the run does without it. */
  let broken = false;
  const fail = (what: string, image: string, e: unknown) => {
    broken = true;
    log.warning(`Trivy result cache: ${what} '${image}' failed, so the cache is not used for the rest of this run: ${errorMessage(e)}`);
  };
  /**
   * One call to the service: its answer, or undefined when it threw. One that threw, or did not succeed and took
   * over SLOW_FAILURE_MS (@actions/cache answers a failing service with a miss or -1 after retrying), breaks the cache.
   */
  const call = async <T>(what: string, image: string, work: (c: ActionsCacheClient) => Promise<T>, succeeded: (answer: T) => boolean): Promise<T | undefined> => {
    const started = Date.now();
    let answer: T;
    try {
      answer = await work(await client);
    } catch (e) {
      fail(what, image, e);
      return undefined;
    }
    const took = Date.now() - started;
    if (!succeeded(answer) && took > SLOW_FAILURE_MS) fail(what, image, new Error(`it took ${Math.round(took / 1000)} s and did not succeed (the service failed and was retried)`));
    return answer;
  };
  return {
    async target(image, given) {
      if (broken) return undefined;
      const identity = await imageIdentity(ctx, image, modern, registry);
      if (identity === undefined) {
        log.info(`Trivy result cache: '${image}' is neither a local image, nor pinned by digest (name@sha256:…), nor a tag its registry told the digest of; it is scanned.`);
        return undefined;
      }
      const args = scanFor(identity, given);
      const normalized = await normalizeArgs(args, ctx.tempDir);
      const keyFor = (dbs: Pick<ResultKeyParts, 'db' | 'javaDb'>) => resultKey({ version, image, identity, args: normalized, env: env0, ...dbs, day, platform: `${process.platform}/${process.arch}` });
      const db = await dbNow();
      if (db === undefined && !toldUnsettled) {
        toldUnsettled = true;
        log.info('Trivy result cache: the vulnerability DB is missing or due for an update, so no earlier report can be used; images are scanned until Trivy has updated it, and saved under the new DB.');
      }
      return {
        image,
        args,
        ...(identity.startsWith('registry:') ? { scannedAs: identity.slice('registry:'.length) } : {}),
        ...(db !== undefined ? { key: keyFor(db) } : {}),
        keyNow: async () => {
          const after = await dbNow();
          // The Java DB may have been fetched or updated for this image's jars: the key after the scan names the one used.
          return after === undefined || (db !== undefined && after.db !== db.db) ? undefined : keyFor(after);
        },
      };
    },
    async restore(entry) {
      const { key, image } = entry;
      if (key === undefined || broken) return undefined;
      const file = fileOf(key);
      const hit = await call('restoring', image, (c) => c.restoreCache([file], key), (h) => h === key);
      if (hit !== key) return undefined;
      try {
        parseTrivy(await readFile(file, 'utf8'), { target: image });
      } catch (e) {
        log.warning(`Trivy result cache: the entry for '${image}' (${key}) is not a Trivy report, scanning the image: ${errorMessage(e)}`);
        return undefined;
      }
      log.info(`Trivy result cache: '${image}' restored from ${key}; not scanned.`);
      return file;
    },
    /**
     * The key is the DBs' after the scan. With the vulnerability DB known before it, the two must agree on it (else
     * it changed under the scan: not saved). Unknown before it (the DB was due), Trivy updated the DB before it
     * scanned, so the DB after the scan is the one it used.
     */
    async save(entry, report) {
      const { image } = entry;
      if (broken) return;
      try {
        const key = await entry.keyNow();
        if (key === undefined) {
          log.info(`Trivy result cache: the vulnerability DB changed during the scan of '${image}' or is still due for an update; not saved.`);
          return;
        }
        // Only a report that parses is kept: an entry that does not would be refused by every later run.
        parseTrivy(await readFile(report, 'utf8'), { target: image });
        await mkdir(dir, { recursive: true });
        // The Java DB fetched or updated for this image's jars: also under the key the scan looked up, which the next
        // runs of the day compute too (they restore the day's DB cache, made before that Java DB); the report is of a
        // Java DB as new as theirs or newer.
        for (const k of entry.key !== undefined && entry.key !== key ? [key, entry.key] : [key]) {
          if (broken) break;
          await copyFile(report, fileOf(k));
          const id = await call('saving', image, (c) => c.saveCache([fileOf(k)], k), (n) => n !== -1);
          if (id !== undefined && id !== -1) log.info(`Trivy result cache: '${image}' saved as ${k}.`);
        }
      } catch (e) {
        log.warning(`Trivy result cache: saving '${image}' failed: ${errorMessage(e)}`);
      }
    },
  };
}
