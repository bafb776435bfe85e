import { mkdir, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { ScannerError } from '../../errors.js';
import { runStep } from '../install/commands.js';
import type { Installer } from '../install/installer.js';
import { findOnPath, isExecutableFile } from '../install/path-lookup.js';
import type { InstallSpec } from '../types.js';

/** Snyk CLI 1.1307.4 — the npm package `snyk`. */
export const SNYK_VERSION = '1.1307.4';

/**
 * The snyk npm package is a small wrapper whose postinstall script downloads the standalone CLI for this
 * platform from Snyk's CDN and checks it against the SHA-256 list shipped inside the package (which npm
 * itself verified against the registry's integrity hash). We run that native binary directly.
 */
const NATIVE = /^snyk-(linux|alpine|macos|win)[\w-]*(\.exe)?$/;

export async function locateSnyk(dir: string, platform: NodeJS.Platform): Promise<string | undefined> {
  const wrapperDist = path.join(dir, 'node_modules', 'snyk', 'wrapper_dist');
  let names: string[] = [];
  try {
    names = (await readdir(wrapperDist)).filter((n) => NATIVE.test(n)).sort();
  } catch {
    // no wrapper_dist: fall through to the npm bin link
  }
  for (const n of names) {
    const file = path.join(wrapperDist, n);
    if (await isExecutableFile(file, platform)) return file;
  }
  // The wrapper script (downloads the binary on first use when install scripts were disabled).
  const link = path.join(dir, 'node_modules', '.bin', 'snyk');
  return platform !== 'win32' && (await isExecutableFile(link, platform)) ? link : undefined;
}

export const snykInstaller: Installer = {
  how: 'with npm (the snyk package)',

  async unavailable(ctx) {
    if (ctx.platform === 'win32') return 'installing Snyk with npm is not supported on Windows (npm is a .cmd script and commands run without a shell)';
    if (!(await findOnPath('npm', ctx.env, ctx.platform))) return 'npm is not on PATH';
    return undefined;
  },

  async install(ctx) {
    const npm = await findOnPath('npm', ctx.env, ctx.platform);
    if (!npm) throw new ScannerError(ctx.id, 'cannot install Snyk: npm is not on PATH.');
    const prefix = path.join(ctx.workDir, 'snyk');
    await mkdir(prefix, { recursive: true });
    ctx.logger.info(`Installing Snyk ${ctx.version} with npm`);
    await runStep(
      ctx,
      `npm install snyk@${ctx.version}`,
      npm,
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--no-package-lock', '--loglevel=error', `snyk@${ctx.version}`],
      { cwd: prefix, extraEnv: { SNYK_DISABLE_ANALYTICS: '1' } },
    );
    const cached = await ctx.toolCache.cacheDir(prefix, ctx.id, ctx.version, ctx.arch);
    const binary = await locateSnyk(cached, ctx.platform);
    if (!binary) throw new ScannerError(ctx.id, `npm installed snyk@${ctx.version}, but ${cached} holds no snyk executable.`);
    return binary;
  },

  locate: locateSnyk,
};

export const snykInstall: InstallSpec = { defaultVersion: SNYK_VERSION, installer: snykInstaller };
