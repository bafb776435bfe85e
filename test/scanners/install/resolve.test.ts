import { gitleaksInstall } from '../../../src/scanners/gitleaks/install.js';
import { trivyInstall } from '../../../src/scanners/trivy/install.js';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/errors.js';
import { recordingLogger } from '../../../src/logger.js';
import { processRunner } from '../../../src/scanners/process.js';
import { ChecksumMismatchError, MissingChecksumError } from '../../../src/scanners/install/errors.js';
import { resolveBinary, type ResolveDeps } from '../../../src/scanners/install/resolve.js';
import { loadActionsToolCache, type ToolCache } from '../../../src/scanners/install/tool-cache.js';
import { makeReleaseArchive, removeTempDirs, startReleaseServer, tempDir, type ReleaseServer, parseInstallSettings } from './helpers.js';

// A version other than the pinned default: each scanner's install.ts pins the real digests of the default version's
// archives, which a generated archive cannot match (that case has its own test below).
const TRIVY_VERSION = '0.70.1';
const TRIVY_ASSET = `trivy_${TRIVY_VERSION}_Linux-64bit.tar.gz`;
const TRIVY_DIR = `/aquasecurity/trivy/releases/download/v${TRIVY_VERSION}`;
const GITLEAKS_VERSION = '8.29.0';
const GITLEAKS_ASSET = `gitleaks_${GITLEAKS_VERSION}_linux_x64.tar.gz`;
const GITLEAKS_DIR = `/gitleaks/gitleaks/releases/download/v${GITLEAKS_VERSION}`;

const trivySpec = {
  id: 'trivy',
  displayName: 'Trivy',
  binary: { name: 'trivy', pathInput: 'trivy-path', installHint: 'https://trivy.dev/latest/getting-started/installation/' },
  install: trivyInstall,
};
const gitleaksSpec = {
  id: 'gitleaks',
  displayName: 'Gitleaks',
  binary: { name: 'gitleaks', pathInput: 'gitleaks-path', installHint: 'https://github.com/gitleaks/gitleaks#installing' },
  install: gitleaksInstall,
};

function inputs(values: Record<string, string>) {
  return (name: string) => values[name] ?? '';
}

const versions = { 'trivy-version': TRIVY_VERSION, 'gitleaks-version': GITLEAKS_VERSION };

let server: ReleaseServer;
let trivyArchive: { file: string; sha256: string };
let gitleaksArchive: { file: string; sha256: string };
let tc: ToolCache;
let toolCacheDir: string;
let runnerTemp: string;
let emptyPathDir: string;
const savedEnv = { RUNNER_TOOL_CACHE: process.env['RUNNER_TOOL_CACHE'], RUNNER_TEMP: process.env['RUNNER_TEMP'] };

beforeAll(async () => {
  server = await startReleaseServer();
  trivyArchive = makeReleaseArchive('trivy', `Version: ${TRIVY_VERSION}-test`);
  gitleaksArchive = makeReleaseArchive('gitleaks', `${GITLEAKS_VERSION}-test`);
  tc = await loadActionsToolCache();
  emptyPathDir = tempDir('empty-path');
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

beforeEach(() => {
  // @actions/tool-cache 4 reads RUNNER_TOOL_CACHE from process.env each time find/cacheDir is called (not at
  // import), so each test gets a fresh tool cache by setting it here; the env passed to resolveBinary says
  // the same, because that is what resolveBinary checks.
  toolCacheDir = tempDir('toolcache');
  runnerTemp = tempDir('runnertemp');
  process.env['RUNNER_TOOL_CACHE'] = toolCacheDir;
  process.env['RUNNER_TEMP'] = runnerTemp;
  server.routes.clear();
  server.requests.clear();
  server.routes.set(`${TRIVY_DIR}/${TRIVY_ASSET}`, readFileSync(trivyArchive.file));
  server.routes.set(
    `${TRIVY_DIR}/trivy_${TRIVY_VERSION}_checksums.txt`,
    `${'0'.repeat(64)}  trivy_${TRIVY_VERSION}_macOS-ARM64.tar.gz\n${trivyArchive.sha256}  ${TRIVY_ASSET}\n`,
  );
  server.routes.set(`${GITLEAKS_DIR}/${GITLEAKS_ASSET}`, readFileSync(gitleaksArchive.file));
  server.routes.set(`${GITLEAKS_DIR}/gitleaks_${GITLEAKS_VERSION}_checksums.txt`, `${gitleaksArchive.sha256}  ${GITLEAKS_ASSET}\n`);
});

afterEach(() => {
  // Every installation removes its scratch directory, whatever the outcome.
  expect(readdirSync(runnerTemp)).toEqual([]);
});

function deps(over: Partial<ResolveDeps> = {}): ResolveDeps & { logger: ReturnType<typeof recordingLogger> } {
  return {
    env: { PATH: emptyPathDir, RUNNER_TOOL_CACHE: toolCacheDir, RUNNER_TEMP: runnerTemp },
    logger: recordingLogger(),
    runner: processRunner,
    platform: 'linux',
    arch: 'x64',
    toolCache: tc,
    fetchBase: server.base,
    ...over,
  } as ResolveDeps & { logger: ReturnType<typeof recordingLogger> };
}

function run(binary: string, ...args: string[]): string {
  return execFileSync(binary, args, { encoding: 'utf8' }).trim();
}

describe.skipIf(process.platform === 'win32')('resolveBinary: installing from a release', () => {
  it('installs Trivy when the checksum matches; the installed binary runs', async () => {
    const settings = parseInstallSettings(inputs(versions), ['trivy', 'gitleaks']);
    const d = deps();
    const bin = await resolveBinary(trivySpec, settings, d);

    expect(bin).toBe(path.join(toolCacheDir, 'trivy', TRIVY_VERSION, 'x64', 'trivy'));
    expect(run(bin, '--version')).toBe(`Version: ${TRIVY_VERSION}-test`);
    expect(existsSync(path.join(toolCacheDir, 'trivy', TRIVY_VERSION, 'x64.complete'))).toBe(true);
    // one request for the checksums file, one for the archive
    expect(server.requests.get(`${TRIVY_DIR}/trivy_${TRIVY_VERSION}_checksums.txt`)).toBe(1);
    expect(server.requests.get(`${TRIVY_DIR}/${TRIVY_ASSET}`)).toBe(1);
    expect(server.total()).toBe(2);
    expect(d.logger.lines.some((l) => l.message.includes(`installed Trivy ${TRIVY_VERSION}`))).toBe(true);
  });

  it('installs Gitleaks the same way (its own asset and checksums names)', async () => {
    const bin = await resolveBinary(gitleaksSpec, parseInstallSettings(inputs(versions), ['gitleaks']), deps());
    expect(bin).toBe(path.join(toolCacheDir, 'gitleaks', GITLEAKS_VERSION, 'x64', 'gitleaks'));
    expect(run(bin, 'version')).toBe(`${GITLEAKS_VERSION}-test`);
    expect(server.total()).toBe(2);
  });

  it('a second resolve hits the tool cache: no further requests', async () => {
    const settings = parseInstallSettings(inputs(versions), ['trivy']);
    const first = await resolveBinary(trivySpec, settings, deps());
    const afterFirst = server.total();
    const d2 = deps();
    const second = await resolveBinary(trivySpec, settings, d2);

    expect(afterFirst).toBe(2);
    expect(second).toBe(first);
    expect(server.total()).toBe(afterFirst);
    expect(d2.logger.lines.map((l) => l.message)).toContain(`trivy: using ${first} (tool cache, ${TRIVY_VERSION})`);
  });

  it('refuses an archive whose SHA-256 differs from the checksums file, and caches nothing', async () => {
    const wrong = 'ab'.repeat(32);
    server.routes.set(`${TRIVY_DIR}/trivy_${TRIVY_VERSION}_checksums.txt`, `${wrong}  ${TRIVY_ASSET}\n`);
    const err = await resolveBinary(trivySpec, parseInstallSettings(inputs(versions), ['trivy']), deps()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ChecksumMismatchError);
    const e = err as ChecksumMismatchError;
    expect(e.scanner).toBe('trivy');
    expect(e.expected).toBe(wrong);
    expect(e.actual).toBe(trivyArchive.sha256);
    expect(e.message).toContain(wrong);
    expect(e.message).toContain(trivyArchive.sha256);
    expect(e.message).toContain(`${server.base}${TRIVY_DIR}/${TRIVY_ASSET}`);
    expect(e.message).toContain('refusing to install');
    expect(readdirSync(toolCacheDir)).toEqual([]);
  });

  it('refuses when the checksums file has no entry for the asset', async () => {
    server.routes.set(`${TRIVY_DIR}/trivy_${TRIVY_VERSION}_checksums.txt`, `${trivyArchive.sha256}  trivy_${TRIVY_VERSION}_Linux-ARM64.tar.gz\n`);
    const err = await resolveBinary(trivySpec, parseInstallSettings(inputs(versions), ['trivy']), deps()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(MissingChecksumError);
    expect((err as Error).message).toContain(TRIVY_ASSET);
    expect((err as Error).message).toContain(`${server.base}${TRIVY_DIR}/trivy_${TRIVY_VERSION}_checksums.txt`);
    expect(server.requests.get(`${TRIVY_DIR}/${TRIVY_ASSET}`)).toBeUndefined(); // the archive was never fetched
    expect(readdirSync(toolCacheDir)).toEqual([]);
  });

  it('refuses the pinned default version when the archive is not the one recorded in the scanner’s install.ts, even if its checksums file agrees', async () => {
    const dir = '/aquasecurity/trivy/releases/download/v0.75.0';
    server.routes.set(`${dir}/trivy_0.75.0_Linux-64bit.tar.gz`, readFileSync(trivyArchive.file));
    server.routes.set(`${dir}/trivy_0.75.0_checksums.txt`, `${trivyArchive.sha256}  trivy_0.75.0_Linux-64bit.tar.gz\n`);
    const err = await resolveBinary(trivySpec, parseInstallSettings(inputs({}), ['trivy']), deps()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect((err as ChecksumMismatchError).expected).toBe('c6e65abddb348e25f10549df887045629cf28cc72453cd1c63acb717316b3f3f');
    expect((err as Error).message).toContain('pinned');
    expect(readdirSync(toolCacheDir)).toEqual([]);
  });

  it('reports a missing release (HTTP 404) as a download error naming the URL', async () => {
    const err = await resolveBinary(trivySpec, parseInstallSettings(inputs({ 'trivy-version': '0.1.2' }), ['trivy']), deps()).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/^trivy: could not download http:\/\/127\.0\.0\.1:\d+\/aquasecurity\/trivy\/releases\/download\/v0\.1\.2\/trivy_0\.1\.2_checksums\.txt: .*404/);
  });
});

describe.skipIf(process.platform === 'win32')('resolveBinary: explicit path and PATH', () => {
  function fakeBinary(dir: string, name: string, output: string, mode = 0o755): string {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\necho '${output}'\n`);
    chmodSync(file, mode);
    return file;
  }

  it('the explicit <id>-path input wins over PATH and installation', async () => {
    const onPath = tempDir('on-path');
    fakeBinary(onPath, 'trivy', 'from PATH');
    const explicit = fakeBinary(tempDir('explicit'), 'my-trivy', 'explicit');
    const settings = parseInstallSettings(inputs({ ...versions, 'trivy-path': explicit }), ['trivy']);
    const bin = await resolveBinary(trivySpec, settings, deps({ env: { PATH: onPath, RUNNER_TOOL_CACHE: toolCacheDir } }));

    expect(bin).toBe(explicit);
    expect(run(bin)).toBe('explicit');
    expect(server.total()).toBe(0);
  });

  it('a relative <id>-path is resolved against the workspace', async () => {
    const ws = tempDir('ws');
    const file = fakeBinary(path.join(ws, 'tools'), 'gitleaks', 'ws');
    const settings = parseInstallSettings(inputs({ 'gitleaks-path': 'tools/gitleaks' }), ['gitleaks']);
    expect(await resolveBinary(gitleaksSpec, settings, deps({ workspace: ws }))).toBe(file);
  });

  it('an explicit path that does not exist, or is not executable, is a ConfigurationError naming the input', async () => {
    const missing = path.join(tempDir('missing'), 'nope');
    const e1 = await resolveBinary(trivySpec, parseInstallSettings(inputs({ 'trivy-path': missing }), ['trivy']), deps()).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ConfigurationError);
    expect((e1 as Error).message).toContain("Input 'trivy-path'");
    expect((e1 as Error).message).toContain('does not exist');

    const plain = fakeBinary(tempDir('noexec'), 'trivy', 'x', 0o644);
    const e2 = await resolveBinary(trivySpec, parseInstallSettings(inputs({ 'trivy-path': plain }), ['trivy']), deps()).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ConfigurationError);
    expect((e2 as Error).message).toContain("Input 'trivy-path'");
    expect((e2 as Error).message).toContain('is not executable');
    expect(server.total()).toBe(0); // no fallback to installing
  });

  it('looks the binary up on the PATH of the env it is given, not on this process’s PATH', async () => {
    const dir = tempDir('env-path');
    const file = fakeBinary(dir, 'gitleaks', 'env PATH');
    const d = deps({ env: { PATH: `relative/dir::${emptyPathDir}:${dir}`, RUNNER_TOOL_CACHE: toolCacheDir } });
    expect(await resolveBinary(gitleaksSpec, parseInstallSettings(inputs({}), ['gitleaks']), d)).toBe(file);
    expect(d.logger.lines.map((l) => l.message)).toContain(`gitleaks: using ${file} (from PATH)`);

    // `sh` is on this process's PATH; with an env whose PATH lacks it, it is not found.
    const shSpec = { id: 'sh', binary: { name: 'sh', pathInput: 'sh-path', installHint: 'a shell' } };
    const noInstall = parseInstallSettings(inputs({ 'install-scanners': 'false' }), ['sh']);
    await expect(resolveBinary(shSpec, noInstall, deps())).rejects.toThrow(ConfigurationError);
    expect(await resolveBinary(shSpec, noInstall, deps({ env: { PATH: '/bin:/usr/bin' } }))).toMatch(/\/sh$/);
  });

  it('a missing binary with installation disabled names the scanner, the <id>-path input and install-scanners', async () => {
    const settings = parseInstallSettings(inputs({ 'install-scanners': 'false' }), ['trivy']);
    const err = await resolveBinary(trivySpec, settings, deps()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ConfigurationError);
    const msg = (err as Error).message;
    expect(msg).toContain("Scanner 'trivy' (Trivy)");
    expect(msg).toContain("'trivy-path'");
    expect(msg).toContain('PATH');
    expect(msg).toContain("'install-scanners: true'");
    expect(msg).toContain('Trivy 0.75.0 from its GitHub release');
    expect(server.total()).toBe(0);
    expect(readdirSync(toolCacheDir)).toEqual([]);
  });

  it('outside a runner (no RUNNER_TOOL_CACHE) it says it cannot install, and how to provide the binary', async () => {
    const err = await resolveBinary(gitleaksSpec, parseInstallSettings(inputs({}), ['gitleaks']), deps({ env: { PATH: emptyPathDir } })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toContain('RUNNER_TOOL_CACHE is not set');
    expect((err as Error).message).toContain("'gitleaks-path'");
    expect(server.total()).toBe(0);
  });

  it('a platform without a published build is a ConfigurationError naming the platform', async () => {
    const err = await resolveBinary(trivySpec, parseInstallSettings(inputs(versions), ['trivy']), deps({ platform: 'win32', arch: 'arm64' })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toContain('Trivy publishes no build for win32/arm64');
    expect(server.total()).toBe(0);
  });

  it('a scanner without an installer asks for the path input', async () => {
    const spec = { id: 'falco', displayName: 'Falco', binary: { name: 'falco', pathInput: 'falco-path', installHint: 'falco.org' } };
    const err = await resolveBinary(spec, parseInstallSettings(inputs({}), ['falco']), deps()).catch((e: unknown) => e);
    expect((err as Error).message).toContain('the action cannot install Falco by itself');
    expect((err as Error).message).toContain("'falco-path'");
  });
});
