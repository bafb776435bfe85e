import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigurationError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { CommandRunner } from '../process.js';
import type { BinarySpec, InstallSpec } from '../types.js';
import type { Env, Installer } from './installer.js';
import { findOnPath, isExecutableFile } from './path-lookup.js';
import { GITHUB_BASE } from './releases.js';
import type { InstallSettings } from './settings.js';
import type { ToolCache } from './tool-cache.js';

export interface BinaryToResolve {
  id: string;
  /** For messages; the id when absent. */
  displayName?: string;
  binary: BinarySpec;
  /** How the action installs it when it is not found (none: PATH and `<id>-path` only). */
  install?: InstallSpec;
}

export interface ResolveDeps {
  env: Env;
  logger: Logger;
  runner: CommandRunner;
  platform: NodeJS.Platform;
  /** Node's arch name (process.arch): x64, arm64… */
  arch: string;
  toolCache: ToolCache;
  /** Release download base URL; https://github.com unless a test server or mirror is given. */
  fetchBase?: string;
  /** A relative `<id>-path` is resolved against this (the workspace); absolute paths are taken as they are. */
  workspace?: string;
  /** Timeout of each npm/pip command an installer runs. Default 10 minutes. */
  commandTimeoutMs?: number;
  /** Installers by scanner id, replacing the scanners' own (tests). */
  installers?: Readonly<Record<string, Installer>>;
}

async function explicitBinary(spec: BinaryToResolve, given: string, deps: ResolveDeps): Promise<string> {
  const input = spec.binary.pathInput;
  const file = path.isAbsolute(given) || deps.workspace === undefined ? path.resolve(given) : path.resolve(deps.workspace, given);
  let problem: string | undefined;
  try {
    const s = await stat(file);
    if (!s.isFile()) problem = 'is not a file';
    else if (!(await isExecutableFile(file, deps.platform))) problem = 'is not executable (chmod +x it)';
  } catch {
    problem = 'does not exist';
  }
  if (problem) {
    throw new ConfigurationError(
      `Input '${input}' is '${given}', which ${problem}${file !== given ? ` (resolved to ${file})` : ''}. ` +
        `Give the path of the ${spec.binary.name} executable, or leave '${input}' empty to use PATH or the automatic installation.`,
    );
  }
  deps.logger.info(`${spec.id}: using ${file} (input '${input}')`);
  return file;
}

function notFound(spec: BinaryToResolve, settings: InstallSettings, version: string, reason: string, how?: string): ConfigurationError {
  const name = spec.displayName ?? spec.id;
  const { name: exe, pathInput, installHint } = spec.binary;
  const ways = [`set the '${pathInput}' input to the path of the ${exe} executable`, `put ${exe} on PATH (${installHint})`];
  if (!settings.installScanners) {
    ways.push(`set 'install-scanners: true' to let the action install ${name}${version ? ` ${version}` : ''}${how ? ` ${how}` : ''}`);
  }
  const list = ways.length === 2 ? ways.join(' or ') : `${ways.slice(0, -1).join(', ')}, or ${ways[ways.length - 1]}`;
  return new ConfigurationError(`Scanner '${spec.id}' (${name}) cannot run: '${exe}' is not on PATH and ${reason}. To provide it, ${list}.`);
}

/**
 * Finds the executable of a scanner, in this order: the explicit `<id>-path` input (must be an executable
 * file, else a ConfigurationError naming the input); the PATH of `deps.env`; the tool cache (tool id, pinned
 * version, arch); then installs the pinned version into the tool cache. When installing is disabled or
 * impossible the ConfigurationError names the scanner and the ways to provide it.
 */
export async function resolveBinary(spec: BinaryToResolve, settings: InstallSettings, deps: ResolveDeps): Promise<string> {
  const own = settings.scanners[spec.id];
  const version = own?.version ?? spec.install?.defaultVersion ?? '';
  if (own && own.path !== '') return await explicitBinary(spec, own.path, deps);

  const onPath = await findOnPath(spec.binary.name, deps.env, deps.platform);
  if (onPath) {
    deps.logger.info(`${spec.id}: using ${onPath} (from PATH)`);
    return onPath;
  }

  const installer = deps.installers ? deps.installers[spec.id] : spec.install?.installer;
  if (!settings.installScanners) throw notFound(spec, settings, version, "'install-scanners' is false", installer?.how);
  if (!installer) throw notFound(spec, settings, version, `the action cannot install ${spec.displayName ?? spec.id} by itself`);
  if (version === '') throw notFound(spec, settings, version, `no version to install is known (set '${spec.id}-version')`);
  if (!deps.env['RUNNER_TOOL_CACHE']) {
    throw notFound(spec, settings, version, 'RUNNER_TOOL_CACHE is not set (not on a GitHub Actions runner), so nothing can be installed', installer.how);
  }

  const cachedDir = await deps.toolCache.find(spec.id, version, deps.arch);
  if (cachedDir) {
    const cached = await installer.locate(cachedDir, deps.platform);
    if (cached) {
      deps.logger.info(`${spec.id}: using ${cached} (tool cache, ${version})`);
      return cached;
    }
    deps.logger.warning(`${spec.id}: the tool cache entry ${cachedDir} holds no usable ${spec.binary.name}; installing again.`);
  }

  const workDir = await mkdtemp(path.join(deps.env['RUNNER_TEMP'] || tmpdir(), `security-scan-${spec.id}-`));
  const ctx = {
    id: spec.id,
    version,
    platform: deps.platform,
    arch: deps.arch,
    env: deps.env,
    logger: deps.logger,
    runner: deps.runner,
    toolCache: deps.toolCache,
    fetchBase: deps.fetchBase ?? GITHUB_BASE,
    workDir,
    commandTimeoutMs: deps.commandTimeoutMs ?? 10 * 60_000,
  };
  try {
    const why = await installer.unavailable(ctx);
    if (why) throw notFound(spec, settings, version, `it cannot be installed here: ${why}`, installer.how);
    const installed = await installer.install(ctx);
    deps.logger.info(`${spec.id}: installed ${spec.displayName ?? spec.id} ${version} at ${installed}`);
    return installed;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
