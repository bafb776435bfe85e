// The per-image result cache (input trivy-result-cache) end to end: the real Trivy adapter through runOne, the real
// @actions/cache 6 against a local imitation of the Actions cache service (test/support/fake-cache.ts), a fake
// `trivy` replaying recorded reports and, where a test needs one, a fake `docker` answering `image inspect`.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as actionsCache from '@actions/cache';
import { startFakeCacheService, type FakeCacheService } from '../../support/fake-cache.js';
import { startFakeRegistry, type FakeRegistry } from '../../support/fake-registry.js';
import { fakeTrivy, runTrivy, type FakeTrivy, type TrivyRun } from './fake-trivy.js';
import type { EventInfo } from '../../../src/scanners/types.js';
import { restoredNote } from '../../../src/scanners/trivy/index.js';
import {
  CONTAINERD_SOCKET,
  dbIsSettled,
  localElsewhere,
  normalizeArgs,
  resultKey,
  trivyEnv,
  uncacheableSettings,
  type ResultKeyParts,
} from '../../../src/scanners/trivy/result-cache.js';
import { TRUSTED_CACHE_EVENTS, abandonedCacheCalls, within } from '../../../src/github/actions-cache.js';
import type { ScanContext } from '../../../src/scanners/types.js';
import { processRunner } from '../../../src/scanners/process.js';
import type { TrivySettings } from '../../../src/scanners/trivy/settings.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trivy');
const SECRETS = readFileSync(join(FIXTURES, 'secrets.json.golden'), 'utf8');
const IMAGE = readFileSync(join(FIXTURES, 'image-alpine-39.json.golden'), 'utf8');
/** The same image's report with nothing found: what a forged "clean" entry would hold. */
const CLEAN = JSON.stringify({ ...(JSON.parse(IMAGE) as Record<string, unknown>), Results: [] });
const PINNED = `registry.example/app@sha256:${'ab'.repeat(32)}`;
const LOCAL_ID = `sha256:${'cd'.repeat(32)}`;

let svc: FakeCacheService;
let reg: FakeRegistry;
/** A tag on the local registry imitation (which knows no tag until a test sets one). */
let TAGGED: string;
let runnerTemp: string;
const saved: Record<string, string | undefined> = {};
const ENV_NAMES = ['ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'RUNNER_TEMP', 'GITHUB_WORKSPACE'];

beforeAll(async () => {
  svc = await startFakeCacheService();
  reg = await startFakeRegistry();
  TAGGED = `${reg.host}/app:latest`;
  runnerTemp = mkdtempSync(join(tmpdir(), 'result-cache-runner-'));
  for (const k of ENV_NAMES) saved[k] = process.env[k];
  // @actions/cache reads the service from process.env, as on a runner.
  Object.assign(process.env, runnerEnv(), { GITHUB_WORKSPACE: mkdtempSync(join(tmpdir(), 'result-cache-ws-')) });
});

afterAll(async () => {
  for (const k of ENV_NAMES) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await svc.close();
  await reg.close();
});

beforeEach(() => {
  svc.entries.length = 0;
  svc.calls.length = 0;
  svc.scope = 'refs/heads/main';
  svc.readable = [];
  reg.tags.clear();
  reg.private.clear();
  reg.calls.length = 0;
  delete reg.failWith;
  freshRunner();
});

function runnerEnv(): Record<string, string> {
  return { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: svc.url, ACTIONS_RUNTIME_TOKEN: svc.token, RUNNER_TEMP: runnerTemp };
}

/** A new runner: nothing left in RUNNER_TEMP from the last run (only the cache service remembers). */
function freshRunner(): void {
  rmSync(runnerTemp, { recursive: true, force: true });
  mkdirSync(runnerTemp, { recursive: true });
}

/**
 * A `docker` whose `image inspect` prints `id` (or fails, without one), and a `podman` whose `image exists` says
 * whether it has the image (no, unless `podmanHas`), first on PATH; containerd's socket is nowhere.
 */
function fakeDocker(id?: string, podmanHas = false): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-docker-'));
  const body = id === undefined ? 'echo "Error: No such image: $5" >&2; exit 1' : `echo "${id}"`;
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\n[ "$1 $2" = "image inspect" ] || exit 2\n${body}\n`);
  writeFileSync(join(dir, 'podman'), `#!/bin/sh\n[ "$1 $2" = "image exists" ] || exit 2\nexit ${podmanHas ? 0 : 1}\n`);
  chmodSync(join(dir, 'docker'), 0o755);
  chmodSync(join(dir, 'podman'), 0o755);
  return { PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`, CONTAINERD_ADDRESS: join(dir, 'no-containerd.sock') };
}

const imageScans = (fake: ReturnType<typeof fakeTrivy>) => fake.calls().filter((c) => c[0] === 'image').length;
const inputs = (images: string, extra: Record<string, string> = {}) => ({ images, 'trivy-result-cache': 'true', ...extra });
const summary = (r: TrivyRun) => r.report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.target ?? f.location.path}`).sort();

/** A push to the default branch unless told otherwise. */
const PUSH: EventInfo = { name: 'push', onDefaultBranch: true };

/** `also`: more names the fake Trivy answers for with `json` (an image scanned as `name@digest`). */
async function run(image: string | string[], json: string, extra: Record<string, string> = {}, opts: { event?: EventInfo; env?: Record<string, string>; wrap?: (f: FakeTrivy) => FakeTrivy; also?: string[] } = {}) {
  freshRunner();
  const images = Array.isArray(image) ? image : [image];
  const fake = fakeTrivy({ '.': { json: SECRETS }, ...Object.fromEntries([...images, ...(opts.also ?? [])].map((i) => [i, { json }])) });
  const r = await runTrivy(opts.wrap ? opts.wrap(fake) : fake, inputs(images.join(','), extra), { event: opts.event ?? PUSH, env: { ...runnerEnv(), ...fakeDocker(), ...opts.env } });
  return { ...r, fake, scans: imageScans(fake) };
}

describe('trivy-result-cache: an unchanged image is not scanned twice', () => {
  it('push: the first run scans and saves; a second run on a fresh runner restores the same findings without scanning the image', async () => {
    const first = await run(PINNED, IMAGE);
    expect(first.scans).toBe(1);
    expect(first.outcome.status.state).toBe('ok');
    expect(svc.entries.filter((e) => e.finalized)).toHaveLength(1);
    expect(svc.entries[0]!.key).toMatch(/^security-scan-trivy-result-\d{4}-\d{2}-\d{2}-[0-9a-f]{40}$/);
    expect(svc.violations).toEqual([]);

    const second = await run(PINNED, IMAGE);
    expect(second.scans).toBe(0);
    expect(second.fake.calls().filter((c) => c.at(-1) === '.')).toHaveLength(1); // the tree is always scanned
    expect(second.outcome.status.state).toBe('ok');
    expect(summary(second)).toEqual(summary(first));
    expect(second.report.findings.filter((f) => f.location.target !== undefined)).toHaveLength(6);
    expect(second.logger.lines.some((e) => e.level === 'info' && e.message.includes(`'${PINNED}' restored from ${svc.entries[0]!.key}`))).toBe(true);
    expect(svc.entries).toHaveLength(1); // nothing new saved
    // The report says which images were not scanned in this run.
    expect(first.outcome.notes).toBeUndefined();
    expect(second.outcome.notes).toEqual([restoredNote([PINNED], 1)]);
    expect(restoredNote([PINNED], 1)).toBe(
      `Trivy: 1 of 1 image not scanned in this run: their reports were restored from the result cache (trivy-result-cache), made by an earlier run with the same image, Trivy, vulnerability DB and settings: ${PINNED}.`,
    );
    expect(restoredNote(['a', 'b', 'c', 'd', 'e', 'f'], 20)).toMatch(/^Trivy: 6 of 20 images not scanned in this run: .*: a, b, c, d, e and 1 more\.$/);
  });

  it('a setting that changes the report (trivy-scanners) is another key: the image is scanned again', async () => {
    await run(PINNED, IMAGE);
    const other = await run(PINNED, IMAGE, { 'trivy-scanners': 'misconfig,secret,license' });
    expect(other.scans).toBe(1);
    expect(new Set(svc.entries.map((e) => e.key)).size).toBe(2);
  });

  it('a local image is known by the id docker gives it: the same id restores, a rebuilt image (new id) is scanned', async () => {
    const tag = 'app:latest';
    const a = await run(tag, IMAGE, {}, { env: fakeDocker(LOCAL_ID) });
    expect(a.scans).toBe(1);
    // Trivy is pinned to the daemon's image: a registry's image of the same tag is never what it scans instead.
    expect(a.fake.calls().find((c) => c[0] === 'image')).toEqual(expect.arrayContaining(['--image-src', 'docker']));
    const b = await run(tag, IMAGE, {}, { env: fakeDocker(LOCAL_ID) });
    expect(b.scans).toBe(0);
    const c = await run(tag, IMAGE, {}, { env: fakeDocker(`sha256:${'ef'.repeat(32)}`) });
    expect(c.scans).toBe(1);
  });

  it('a tag that is neither local nor pinned by digest is always scanned and never saved', async () => {
    const a = await run(TAGGED, IMAGE);
    const b = await run(TAGGED, IMAGE);
    expect([a.scans, b.scans]).toEqual([1, 1]);
    expect(svc.entries).toEqual([]);
    expect(a.logger.lines.some((e) => e.message.includes(`'${TAGGED}' is neither a local image, nor pinned by digest (name@sha256:…), nor a tag its registry told the digest of`))).toBe(true);
  });

  it('Trivy told to use another daemon or source than the docker CLI (TRIVY_DOCKER_HOST, TRIVY_IMAGE_SRC): only a pinned digest counts', async () => {
    for (const env of [{ TRIVY_DOCKER_HOST: 'tcp://other:2375' }, { TRIVY_IMAGE_SRC: 'remote' }] as Record<string, string>[]) {
      svc.entries.length = 0;
      const a = await run(TAGGED, IMAGE, {}, { env: { ...fakeDocker(LOCAL_ID), ...env } });
      const b = await run(TAGGED, IMAGE, {}, { env: { ...fakeDocker(LOCAL_ID), ...env } });
      expect([a.scans, b.scans], JSON.stringify(env)).toEqual([1, 1]);
      expect(svc.entries).toEqual([]);
    }
  });

  it('registry credentials are not in the key: another password restores the same entry, and no key hashes one', async () => {
    const pass = ['hunter', '2', 'x'].join('');
    await run(PINNED, IMAGE, {}, { env: { TRIVY_PASSWORD: pass, TRIVY_USERNAME: 'ci' } });
    const b = await run(PINNED, IMAGE, {}, { env: { TRIVY_PASSWORD: pass + 'y', TRIVY_USERNAME: 'bot', TRIVY_REGISTRY_TOKEN: 't' } });
    expect(b.scans).toBe(0);
    expect(trivyEnv({ TRIVY_PASSWORD: pass, TRIVY_USERNAME: 'u', TRIVY_REGISTRY_TOKEN: 't', DOCKER_AUTH_CONFIG: '{}', TRIVY_SEVERITY: 'HIGH', DOCKER_HOST: 'unix:///d.sock' })).toEqual({
      TRIVY_SEVERITY: 'HIGH',
      DOCKER_HOST: 'unix:///d.sock',
    });
  });

  it('a TRIVY_ variable this list does not know that names a file turns the cache off: the key could not see the file change', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vex-')), 'extra.json');
    writeFileSync(file, '{}');
    const a = await run(PINNED, IMAGE, {}, { env: { TRIVY_FUTURE_OPTION: file } });
    const b = await run(PINNED, IMAGE, {}, { env: { TRIVY_FUTURE_OPTION: file } });
    expect([a.scans, b.scans]).toEqual([1, 1]);
    expect(svc.calls).toEqual([]);
    expect(a.logger.lines.some((l) => l.message.includes(`TRIVY_FUTURE_OPTION names a file or directory (${file})`))).toBe(true);
  });

  it('variables that bring in content the key cannot see turn it off whatever their value; plain settings and TRIVY_CACHE_DIR do not', async () => {
    const a = await run(PINNED, IMAGE, {}, { env: { TRIVY_VEX: 'repo' } });
    expect(a.logger.lines.some((l) => l.message.includes('TRIVY_VEX is set, which brings in content'))).toBe(true);
    expect(svc.calls).toEqual([]);
    // /usr exists on every runner, and TRIVY_CACHE_DIR names a directory: neither is content the key misses.
    const env = { TRIVY_SKIP_DIRS: '/usr,node_modules', TRIVY_SEVERITY: 'HIGH,CRITICAL', TRIVY_CACHE_DIR: mkdtempSync(join(tmpdir(), 'trivy-cache-')) };
    await run(PINNED, IMAGE, {}, { env });
    const b = await run(PINNED, IMAGE, {}, { env });
    expect(b.scans).toBe(0);
  });

  it('Trivy before 0.52 (no --image-src): a local image is not identified by its docker id', async () => {
    // A Trivy that says 0.45.0 (so its help is read) and is otherwise the fake.
    const old = (f: FakeTrivy): FakeTrivy => {
      const path = join(mkdtempSync(join(tmpdir(), 'trivy-old-')), 'trivy');
      writeFileSync(path, `#!/bin/sh\ncase "$*" in --version) echo "Version: 0.45.0"; exit 0 ;; *--help*) echo "misconfig --skip-check-update"; exit 0 ;; esac\nexec '${f.path}' "$@"\n`);
      chmodSync(path, 0o755);
      return { ...f, path };
    };
    const a = await run(TAGGED, IMAGE, {}, { env: fakeDocker(LOCAL_ID), wrap: old });
    const b = await run(TAGGED, IMAGE, {}, { env: fakeDocker(LOCAL_ID), wrap: old });
    expect([a.scans, b.scans]).toEqual([1, 1]);
    expect(a.fake.calls().find((c) => c[0] === 'image')).not.toContain('--image-src');
    expect(svc.entries).toEqual([]);
  });

  it('a trivy.yaml with options turns the cache off; an empty or comment-only one does not', async () => {
    const ctxWith = (yaml: string | undefined) => {
      const tempDir = mkdtempSync(join(tmpdir(), 'trivy-temp-'));
      if (yaml !== undefined) writeFileSync(join(tempDir, 'trivy.yaml'), yaml);
      return { tempDir, scanRoot: tempDir, env: {} } as unknown as ScanContext<TrivySettings>;
    };
    expect(await uncacheableSettings(ctxWith('vulnerability:\n  vex: [sbom.vex]\n'))).toMatch(/trivy.yaml sets options/);
    expect(await uncacheableSettings(ctxWith(''))).toBeUndefined();
    expect(await uncacheableSettings(ctxWith('# nothing\n\n'))).toBeUndefined();
    expect(await uncacheableSettings(ctxWith(undefined))).toBeUndefined();
  });

  it('a cache service in trouble (every call answers 503… 401) never fails the scan or hides a finding', async () => {
    svc.failWith = 401;
    try {
      const r = await run(PINNED, IMAGE);
      expect(r.scans).toBe(1);
      expect(r.outcome.status.state).toBe('ok');
      expect(r.report.findings.filter((f) => f.location.target !== undefined)).toHaveLength(6);
    } finally {
      svc.failWith = undefined;
    }
  });

  it('a service that fails slowly (a miss after retries): the cache is dropped for the rest of the run, the other images scanned without a call', async () => {
    svc.delayMs = 5_500;
    try {
      const r = await run([PINNED, `registry.example/web@sha256:${'ef'.repeat(32)}`], IMAGE);
      expect(r.scans).toBe(2);
      expect(r.outcome.status.state).toBe('ok');
      expect(svc.calls).toEqual(['GetCacheEntryDownloadURL']);
      expect(r.logger.lines.filter((l) => l.level === 'warning' && l.message.includes('the cache is not used for the rest of this run'))).toHaveLength(1);
    } finally {
      svc.delayMs = 0;
    }
  }, 20_000);

  it('the cache’s time is not Trivy’s: a slow (but working) service does not use up trivy’s timeout', async () => {
    // trivy=3s; each cache call answers 1.2 s late (per image a restore and a save of two calls: 3.6 s), and each scan
    // itself takes 0.8 s: the cache alone is over the timeout, Trivy well under it.
    const slowScan = (f: FakeTrivy): FakeTrivy => {
      const path = join(mkdtempSync(join(tmpdir(), 'trivy-slow-')), 'trivy');
      writeFileSync(path, `#!/bin/sh\n[ "$1" = image ] && sleep 0.8\nexec '${f.path}' "$@"\n`);
      chmodSync(path, 0o755);
      return { ...f, path };
    };
    svc.delayMs = 1_200;
    try {
      const images = [PINNED, `registry.example/web@sha256:${'ef'.repeat(32)}`];
      const r = await run(images, IMAGE, { 'scanner-timeouts': 'trivy=3s' }, { wrap: slowScan });
      expect(r.outcome.status.error).toBeUndefined();
      expect(r.outcome.status.state).toBe('ok');
      expect(r.scans).toBe(2);
    } finally {
      svc.delayMs = 0;
    }
  }, 30_000);

  it('a cache call that never ends is given up on after its limit, and counted (the entry point then exits)', async () => {
    const before = abandonedCacheCalls();
    const started = Date.now();
    await expect(within(50, 'the cache restore', new Promise(() => undefined))).rejects.toThrow(/the cache restore did not finish within 0.05 s; given up/);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(abandonedCacheCalls()).toBe(before + 1);
    await expect(within(1_000, 'x', Promise.resolve(7))).resolves.toBe(7);
    expect(abandonedCacheCalls()).toBe(before + 1);
  });

  it('off by default: no cache call at all', async () => {
    freshRunner();
    const fake = fakeTrivy({ '.': { json: SECRETS }, [PINNED]: { json: IMAGE } });
    await runTrivy(fake, { images: PINNED }, { event: PUSH, env: runnerEnv() });
    expect(svc.calls).toEqual([]);
  });
});

describe('trivy-result-cache: who can write an entry the gate believes', () => {
  it('a pull request plants a clean report under the exact key in its own scope: its run never reads the cache and scans the image', async () => {
    // The pull request's earlier steps can save anything into its scope (refs/pull/7/merge), under a key they can
    // compute: here, a run in that scope saving the clean report under the key our run would look up.
    svc.scope = 'refs/pull/7/merge';
    svc.readable = ['refs/heads/main'];
    const planted = await run(PINNED, CLEAN);
    expect(planted.report.findings.filter((f) => f.location.target !== undefined)).toEqual([]);
    expect(svc.entries.filter((e) => e.scope === 'refs/pull/7/merge' && e.finalized)).toHaveLength(1);
    svc.calls.length = 0;

    const pr = await run(PINNED, IMAGE, {}, { event: { name: 'pull_request' } });
    expect(svc.calls).toEqual([]);
    expect(pr.scans).toBe(1);
    expect(pr.report.findings.filter((f) => f.location.target !== undefined)).toHaveLength(6);
    expect(pr.report.gate.decision).toBe('BLOCK');
    expect(pr.logger.lines.some((e) => e.message.includes('not used on pull_request events'))).toBe(true);
  });

  it('a push to a feature branch (whatever runs on it can write its scope): no cache call, the image is scanned', async () => {
    svc.scope = 'refs/heads/feature';
    svc.readable = ['refs/heads/main'];
    await run(PINNED, CLEAN, {}, { event: PUSH }); // planted in the branch's scope
    svc.calls.length = 0;
    const r = await run(PINNED, IMAGE, {}, { event: { name: 'push' } });
    expect(svc.calls).toEqual([]);
    expect(r.scans).toBe(1);
    expect(r.report.findings.filter((f) => f.location.target !== undefined)).toHaveLength(6);
    expect(r.logger.lines.some((l) => l.message.includes('not used on a push of a branch other than the default branch'))).toBe(true);
  });

  it('only push, schedule and workflow_dispatch use it', () => {
    expect([...TRUSTED_CACHE_EVENTS].sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
  });

  it('an entry that is not a Trivy report is ignored with a warning and the image is scanned', async () => {
    const first = await run(PINNED, IMAGE);
    const { key } = svc.entries[0]!;
    // The entry replaced by one holding garbage at the same path, saved by the real client.
    const file = join(runnerTemp, 'security-scan-trivy-results', `${key.slice('security-scan-trivy-result-'.length)}.json`);
    svc.entries.length = 0;
    freshRunner();
    mkdirSync(join(runnerTemp, 'security-scan-trivy-results'), { recursive: true });
    writeFileSync(file, '{"SchemaVersion": 2, "Results": "not a list"}');
    expect(await actionsCache.saveCache([file], key)).toBeGreaterThan(0);

    const second = await run(PINNED, IMAGE);
    expect(second.scans).toBe(1);
    expect(summary(second)).toEqual(summary(first));
    expect(second.logger.lines.some((e) => e.level === 'warning' && e.message.includes('is not a Trivy report, scanning the image'))).toBe(true);
  });

  it('a report that does not parse is never saved (it would fail every later run)', async () => {
    const broken = await run(PINNED, '{"SchemaVersion": 2, "Results": 7}');
    expect(broken.outcome.status.state).toBe('failed');
    expect(svc.entries).toEqual([]);
  });
});

describe('trivy-result-cache: a tag its registry tells the digest of', () => {
  const D1 = `sha256:${'1a'.repeat(32)}`;
  const D2 = `sha256:${'2b'.repeat(32)}`;
  const lastArg = (r: Awaited<ReturnType<typeof run>>) => r.fake.calls().find((c) => c[0] === 'image')?.at(-1);
  /** The fixture as Trivy prints it for a scan of `name` (its ArtifactName and the Targets that begin with it). */
  const asScanned = (name: string) => IMAGE.split('testdata/fixtures/images/alpine-39.tar.gz').join(name);
  const targets = (r: Awaited<ReturnType<typeof run>>) => r.report.findings.map((f) => `${f.fingerprint} ${String(f.properties?.['target'])}`).sort();

  it('is scanned as name@digest and saved; the next run restores while the tag points there; a moved tag is scanned again', async () => {
    reg.tags.set('app:latest', D1);
    const pinned1 = `${reg.host}/app@${D1}`;
    const pinned2 = `${reg.host}/app@${D2}`;
    const a = await run(TAGGED, IMAGE, {}, { also: [pinned1, pinned2] });
    expect(a.scans).toBe(1);
    expect(lastArg(a)).toBe(pinned1); // exactly that content, even if the tag moves while Trivy pulls
    expect(a.fake.calls().find((c) => c[0] === 'image')?.slice(-3)).toEqual(['--image-src', 'remote', pinned1]);
    expect(svc.entries.filter((e) => e.finalized)).toHaveLength(1);
    // The registry was asked the way a registry v2 client asks: a challenge, an anonymous token, then the manifest.
    expect(reg.calls.map((c) => `${c.method} ${c.path.replace(/\?.*/, '')}`)).toEqual(['HEAD /v2/app/manifests/latest', 'GET /token', 'HEAD /v2/app/manifests/latest']);
    expect(reg.calls[0]!.accept).toContain('application/vnd.oci.image.index.v1+json');
    // Locations name the image as the user did (the tag), scanned or restored.
    expect(new Set(a.report.findings.filter((f) => f.location.target !== undefined).map((f) => f.location.target))).toEqual(new Set([TAGGED]));

    const b = await run(TAGGED, IMAGE, {}, { also: [pinned1, pinned2] });
    expect(b.scans).toBe(0);
    expect(summary(b)).toEqual(summary(a));

    reg.tags.set('app:latest', D2);
    const c = await run(TAGGED, IMAGE, {}, { also: [pinned1, pinned2] });
    expect(c.scans).toBe(1);
    expect(lastArg(c)).toBe(pinned2);
  });

  it('the report names the image as the user wrote it, as a scan of the tag does: same fingerprints and targets, scanned or restored', async () => {
    reg.tags.set('app:latest', D1);
    const pinned = `${reg.host}/app@${D1}`;
    const byTag = await run(TAGGED, asScanned(TAGGED), { 'trivy-result-cache': 'false' });
    expect(lastArg(byTag)).toBe(TAGGED);
    const scanned = await run(TAGGED, asScanned(pinned), {}, { also: [pinned] });
    expect(lastArg(scanned)).toBe(pinned);
    const restored = await run(TAGGED, asScanned(pinned), {}, { also: [pinned] });
    expect(restored.scans).toBe(0);
    expect(targets(byTag).some((t) => t.endsWith(`${TAGGED} (alpine 3.9.4)`))).toBe(true);
    expect(targets(scanned)).toEqual(targets(byTag));
    expect(targets(restored)).toEqual(targets(byTag));
  });

  it('podman has the image, or a containerd Trivy could reach: scanned by its tag (Trivy finds the local image first)', async () => {
    reg.tags.set('app:latest', D1);
    const podman = await run(TAGGED, IMAGE, {}, { env: fakeDocker(undefined, true) });
    expect([podman.scans, lastArg(podman)]).toEqual([1, TAGGED]);
    expect(reg.calls).toEqual([]);
    expect(svc.entries).toEqual([]);
    // containerd: a socket this user (Trivy's) can use, at CONTAINERD_ADDRESS (which Trivy is given too) or the default.
    const socket = join(mkdtempSync(join(tmpdir(), 'containerd-')), 'containerd.sock');
    writeFileSync(socket, '');
    const containerd = await run(TAGGED, IMAGE, {}, { env: { ...fakeDocker(), CONTAINERD_ADDRESS: `unix://${socket}` } });
    expect([containerd.scans, lastArg(containerd)]).toEqual([1, TAGGED]);
    expect(containerd.fake.calls().length).toBeGreaterThan(0);
    expect(reg.calls).toEqual([]);
    const ctx = { runner: processRunner, scanRoot: tmpdir(), env: {} as ScanContext<TrivySettings>['env'] };
    expect(await localElsewhere({ ...ctx, env: { CONTAINERD_ADDRESS: `${socket}.absent` } as ScanContext<TrivySettings>['env'] }, TAGGED)).toBe(false);
    expect(await localElsewhere({ ...ctx, env: { CONTAINERD_ADDRESS: socket } as ScanContext<TrivySettings>['env'] }, TAGGED)).toBe(true);
    expect(CONTAINERD_SOCKET).toBe('/run/containerd/containerd.sock');
  });

  it('a private repository: the token is fetched with the Docker config’s credentials; without them the image is scanned by its tag', async () => {
    const image = `${reg.host}/team/private:1.0`;
    const pinned = `${reg.host}/team/private@${D1}`;
    reg.tags.set('team/private:1.0', D1);
    const pass = ['s3', 'cr', 'et'].join('-');
    reg.private.set('team/private', `bot:${pass}`);
    const dockerConfig = mkdtempSync(join(tmpdir(), 'docker-config-'));
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`bot:${pass}`).toString('base64') } } }));

    const anonymous = await run(image, IMAGE, {}, { also: [pinned] });
    expect(anonymous.scans).toBe(1);
    expect(lastArg(anonymous)).toBe(image);
    expect(svc.entries).toEqual([]);

    const withLogin = await run(image, IMAGE, {}, { also: [pinned], env: { DOCKER_CONFIG: dockerConfig } });
    expect(lastArg(withLogin)).toBe(pinned);
    expect(reg.calls.filter((c) => c.path.startsWith('/token') && c.authorization === `Basic ${Buffer.from(`bot:${pass}`).toString('base64')}`)).toHaveLength(1);
    expect(svc.entries.filter((e) => e.finalized)).toHaveLength(1);
    // The password is in no log line and not in the key.
    expect(JSON.stringify([withLogin.logger.lines, svc.entries.map((e) => e.key)])).not.toContain(pass);
  });

  it('a registry in trouble (an error, no answer within the limit) or Trivy told not to pull (TRIVY_IMAGE_SRC): scanned by its tag', async () => {
    reg.tags.set('app:latest', D1);
    reg.failWith = 500;
    const failing = await run(TAGGED, IMAGE);
    expect([failing.scans, lastArg(failing)]).toEqual([1, TAGGED]);
    delete reg.failWith;
    reg.calls.length = 0;
    const local = await run(TAGGED, IMAGE, {}, { env: { TRIVY_IMAGE_SRC: 'docker,containerd' } });
    expect([local.scans, lastArg(local)]).toEqual([1, TAGGED]);
    expect(reg.calls).toEqual([]);
    expect(svc.entries).toEqual([]);
  });
});

describe('trivy-result-cache: the vulnerability DB', () => {
  /** A cache dir with the vulnerability DB's metadata, and the Java DB's when `java` is given. */
  function dbDir(meta: Record<string, string>, java?: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'trivy-db-'));
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db', 'metadata.json'), JSON.stringify({ Version: 2, ...meta }));
    if (java) {
      mkdirSync(join(dir, 'java-db'));
      writeFileSync(join(dir, 'java-db', 'metadata.json'), JSON.stringify({ Version: 1, ...java }));
    }
    return dir;
  }
  const future = new Date(Date.now() + 6 * 3_600_000).toISOString();
  const past = new Date(Date.now() - 48 * 3_600_000).toISOString();

  it('a DB Trivy will not update: its UpdatedAt is in the key; another UpdatedAt is another key', async () => {
    const vuln = (dir: string) => ({ 'trivy-scanners': 'vuln', 'trivy-cache-dir': dir });
    const a = await run(PINNED, IMAGE, vuln(dbDir({ UpdatedAt: '2026-12-01T00:00:00Z', NextUpdate: future, DownloadedAt: past })));
    const b = await run(PINNED, IMAGE, vuln(dbDir({ UpdatedAt: '2026-12-01T00:00:00Z', NextUpdate: future, DownloadedAt: past })));
    const c = await run(PINNED, IMAGE, vuln(dbDir({ UpdatedAt: '2026-12-01T06:00:00Z', NextUpdate: future, DownloadedAt: past })));
    expect([a.scans, b.scans, c.scans]).toEqual([1, 0, 1]);
  });

  it('a DB due for an update (the scan may use a newer one): not read, not saved', async () => {
    const stale = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dbDir({ UpdatedAt: '2026-11-01T00:00:00Z', NextUpdate: past, DownloadedAt: past }) });
    expect(stale.scans).toBe(1);
    expect(svc.calls).toEqual([]);
    expect(stale.logger.lines.some((e) => e.message.includes('due for an update'))).toBe(true);
  });

  /** A trivy that, like one fetching a newer DB, writes `meta` as the DB's (or the Java DB's) metadata when it scans an image. */
  function updatingTrivy(fake: ReturnType<typeof fakeTrivy>, dir: string, meta: Record<string, string>, db: 'db' | 'java-db' = 'db') {
    const wrapper = join(mkdtempSync(join(tmpdir(), 'trivy-updating-')), 'trivy');
    writeFileSync(wrapper, `#!/bin/sh\n[ "$1" = image ] && mkdir -p '${join(dir, db)}' && printf '%s' '${JSON.stringify({ Version: 2, ...meta })}' > '${join(dir, db, 'metadata.json')}'\nexec '${fake.path}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    return { ...fake, path: wrapper };
  }
  const NEWER = { UpdatedAt: '2026-12-01T06:00:00Z', NextUpdate: future, DownloadedAt: new Date().toISOString() };

  it('a settled DB that changed under the scan anyway: the report is not saved', async () => {
    const dir = dbDir({ UpdatedAt: '2026-12-01T00:00:00Z', NextUpdate: future, DownloadedAt: past });
    const r = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dir }, { wrap: (f) => updatingTrivy(f, dir, NEWER) });
    expect(r.scans).toBe(1);
    expect(r.outcome.status.state).toBe('ok');
    expect(svc.entries).toEqual([]);
    expect(r.logger.lines.some((e) => e.message.includes('the vulnerability DB changed during the scan'))).toBe(true);
  });

  it('a DB due for an update that Trivy updates before scanning: saved under the new DB, which the next run restores', async () => {
    const dir = dbDir({ UpdatedAt: '2026-11-01T00:00:00Z', NextUpdate: past, DownloadedAt: past });
    const first = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dir }, { wrap: (f) => updatingTrivy(f, dir, NEWER) });
    expect(first.scans).toBe(1);
    expect(svc.calls.filter((c) => c === 'GetCacheEntryDownloadURL')).toEqual([]); // nothing to look up under a DB that is due
    expect(svc.entries.filter((e) => e.finalized)).toHaveLength(1);
    // The next run has the new DB (restored from the DB cache, say): it restores the image's report.
    const second = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dbDir(NEWER) });
    expect(second.scans).toBe(0);
    expect(summary(second)).toEqual(summary(first));
    // A run with the old DB (not yet updated) finds nothing under it.
    const old = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dbDir({ UpdatedAt: '2026-11-01T00:00:00Z', NextUpdate: future, DownloadedAt: past }) });
    expect(old.scans).toBe(1);
  });

  it('the Java DB is in the key too: its UpdatedAt, or none when there is none', async () => {
    const settled = { UpdatedAt: '2026-12-01T00:00:00Z', NextUpdate: future, DownloadedAt: past };
    const java = (UpdatedAt: string) => ({ UpdatedAt, NextUpdate: future, DownloadedAt: past });
    const vuln = (dir: string) => ({ 'trivy-scanners': 'vuln', 'trivy-cache-dir': dir });
    const none = await run(PINNED, IMAGE, vuln(dbDir(settled)));
    const a = await run(PINNED, IMAGE, vuln(dbDir(settled, java('2026-11-30T00:00:00Z'))));
    const again = await run(PINNED, IMAGE, vuln(dbDir(settled, java('2026-11-30T00:00:00Z'))));
    const newer = await run(PINNED, IMAGE, vuln(dbDir(settled, java('2026-12-01T00:00:00Z'))));
    // A Java DB past its NextUpdate is still keyed as it is (Trivy updates it only for an image with jars in it).
    const due = await run(PINNED, IMAGE, vuln(dbDir(settled, { UpdatedAt: '2026-12-01T00:00:00Z', NextUpdate: past, DownloadedAt: past })));
    const noneAgain = await run(PINNED, IMAGE, vuln(dbDir(settled)));
    expect([none.scans, a.scans, again.scans, newer.scans, due.scans, noneAgain.scans]).toEqual([1, 1, 0, 1, 0, 0]);
  });

  it('the day’s DB cache made without the Java DB: a jar image scanned once is restored by the next runs from that same DB cache', async () => {
    const settled = { UpdatedAt: '2026-12-01T00:00:00Z', NextUpdate: future, DownloadedAt: past };
    const fetched = { UpdatedAt: '2026-12-01T03:00:00Z', NextUpdate: future, DownloadedAt: new Date().toISOString() };
    const scans: number[] = [];
    for (let i = 0; i < 3; i++) {
      const dir = dbDir(settled); // what every run of the day restores: saved once, before the Java DB was fetched
      scans.push((await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dir }, { wrap: (f) => updatingTrivy(f, dir, fetched, 'java-db') })).scans);
    }
    expect(scans).toEqual([1, 0, 0]);
  });

  it('a Java DB Trivy fetches during the scan (an image with jars): saved under it, which the next run with it restores', async () => {
    const settled = { UpdatedAt: '2026-12-01T00:00:00Z', NextUpdate: future, DownloadedAt: past };
    const fetched = { UpdatedAt: '2026-12-01T03:00:00Z', NextUpdate: future, DownloadedAt: new Date().toISOString() };
    const dir = dbDir(settled);
    const first = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dir }, { wrap: (f) => updatingTrivy(f, dir, fetched, 'java-db') });
    expect(first.scans).toBe(1);
    // Under the Java DB it ended with, and under the key it looked up (no Java DB) for the runs after it that day.
    expect(svc.entries.filter((e) => e.finalized)).toHaveLength(2);
    expect(first.logger.lines.some((e) => e.message.includes('changed during the scan'))).toBe(false);
    const withIt = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dbDir(settled, fetched) });
    expect(withIt.scans).toBe(0);
    expect(summary(withIt)).toEqual(summary(first));
    // Without it (the DB cache restored an entry saved before it was fetched): the report made with it is used too.
    const without = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dbDir(settled) });
    expect(without.scans).toBe(0);
    // Another Java DB (neither the one it had nor the one it ended with) is another key.
    const other = await run(PINNED, IMAGE, { 'trivy-scanners': 'vuln', 'trivy-cache-dir': dbDir(settled, { ...fetched, UpdatedAt: '2026-12-01T09:00:00Z' }) });
    expect(other.scans).toBe(1);
  });

  it('dbIsSettled follows Trivy’s NeedsUpdate: skip-db-update, before NextUpdate, or within an hour of DownloadedAt', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(dbIsSettled(undefined, now, true)).toBe(false);
    expect(dbIsSettled({ UpdatedAt: 'x', NextUpdate: '2026-12-03T11:00:00Z', DownloadedAt: '2026-12-01T00:00:00Z' }, now, true)).toBe(true);
    expect(dbIsSettled({ UpdatedAt: 'x', NextUpdate: '2026-12-03T13:00:00Z' }, now, false)).toBe(true);
    expect(dbIsSettled({ UpdatedAt: 'x', NextUpdate: '2026-12-03T11:00:00Z', DownloadedAt: '2026-12-03T11:30:00Z' }, now, false)).toBe(true);
    expect(dbIsSettled({ UpdatedAt: 'x', NextUpdate: '2026-12-03T11:00:00Z', DownloadedAt: '2026-12-03T10:30:00Z' }, now, false)).toBe(false);
    expect(dbIsSettled({ NextUpdate: '2026-12-03T13:00:00Z' }, now, false)).toBe(false);
  });
});

describe('resultKey and normalizeArgs', () => {
  const parts: ResultKeyParts = { version: '0.58.0', image: PINNED, identity: `digest:sha256:${'ab'.repeat(32)}`, args: ['image', '--scanners', 'vuln', PINNED], env: { TRIVY_OFFLINE_SCAN: 'true' }, db: '2026-12-01T00:00:00Z', day: '2026-12-03', platform: 'linux/x64' };

  it('every part changes the key; the order of the variables does not', () => {
    const key = resultKey(parts);
    const changed: Partial<ResultKeyParts>[] = [
      { version: '0.58.1' },
      { image: 'other@sha256:' + 'ab'.repeat(32) },
      { identity: 'docker:sha256:' + 'cd'.repeat(32) },
      { args: ['image', '--scanners', 'vuln,secret', PINNED] },
      { env: { TRIVY_OFFLINE_SCAN: 'false' } },
      { db: '2026-12-01T06:00:00Z' },
      { day: '2026-12-04' },
      { platform: 'linux/arm64' },
    ];
    for (const c of changed) expect(resultKey({ ...parts, ...c }), JSON.stringify(c)).not.toBe(key);
    expect(resultKey({ ...parts, env: { B: '1', A: '2' } })).toBe(resultKey({ ...parts, env: { A: '2', B: '1' } }));
    expect(key.length).toBeLessThan(512); // the cache service's limit
  });

  it('drops --output and --cache-dir, and stands each file of this run’s temp dir for a hash of its content', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'trivy-temp-'));
    writeFileSync(join(temp, 'trivyignore'), 'CVE-2026-0001\n');
    const args = ['image', '--cache-dir', '/c', '--ignorefile', join(temp, 'trivyignore'), '--secret-config', join(temp, 'no-trivy-secret.yaml'), '--output', join(temp, 'trivy-1.json'), PINNED];
    const a = await normalizeArgs(args, temp);
    expect(a).toEqual(['image', '--ignorefile', expect.stringMatching(/^<trivyignore:[0-9a-f]{64}>$/), '--secret-config', '<no-trivy-secret.yaml:absent>', PINNED]);
    // Another run's temp dir with the same ignore file: the same arguments.
    const temp2 = mkdtempSync(join(tmpdir(), 'trivy-temp-'));
    writeFileSync(join(temp2, 'trivyignore'), 'CVE-2026-0001\n');
    expect(await normalizeArgs(args.map((x) => x.replace(temp, temp2)), temp2)).toEqual(a);
    // A different ignore file: different arguments.
    writeFileSync(join(temp2, 'trivyignore'), 'CVE-2026-0002\n');
    expect(await normalizeArgs(args.map((x) => x.replace(temp, temp2)), temp2)).not.toEqual(a);
  });
});

describe('README: the result cache', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('### Unchanged images are not scanned again (`trivy-result-cache`)');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  const snippet = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const action = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };

  it('its workflow runs on a schedule (an event the cache is used on) and gives only inputs action.yml has', () => {
    expect(start).toBeGreaterThan(0);
    const wf = parse(snippet) as { on: Record<string, unknown>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
    expect(Object.keys(wf.on).every((e) => TRUSTED_CACHE_EVENTS.has(e))).toBe(true);
    const step = Object.values(wf.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith('OWNER/security-scan@'))!;
    expect(step.with).toMatchObject({ 'trivy-result-cache': true, 'trivy-scan-type': 'image' });
    expect(Object.keys(step.with ?? {}).filter((k) => !(k in action.inputs))).toEqual([]);
    expect(action.inputs['trivy-result-cache']?.default).toBe('false');
  });
});
