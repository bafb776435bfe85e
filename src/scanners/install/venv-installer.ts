import { lstat, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ScannerError } from '../../errors.js';
import { runStep } from './commands.js';
import type { Installer } from './installer.js';
import { findOnPath, isExecutableFile } from './path-lookup.js';

/**
 * pip writes the venv's absolute path into the shebang of each console script. The venv is built in a
 * scratch directory and then copied into the tool cache, so the scripts in bin/ are pointed at the copy.
 * (The venv's python links and pyvenv.cfg name the base interpreter, which does not move.)
 */
export async function relocateVenvScripts(binDir: string, from: string, to: string): Promise<number> {
  let changed = 0;
  for (const name of (await readdir(binDir)).sort()) {
    const file = path.join(binDir, name);
    const st = await lstat(file);
    if (!st.isFile() || st.size > 1024 * 1024) continue;
    const text = await readFile(file, 'utf8');
    if (!text.includes(from)) continue;
    await writeFile(file, text.split(from).join(to), { mode: st.mode });
    changed++;
  }
  return changed;
}

export interface PipPackage {
  /** The PyPI package name, e.g. `checkov`. */
  package: string;
  displayName: string;
  /** The console script it installs into the venv's bin/. */
  executable: string;
  /** Variables pip and the package's first run get (e.g. the ones that keep it offline). */
  env?: Readonly<Record<string, string>>;
}

async function findPython(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform) {
  return (await findOnPath('python3', env, platform)) ?? (await findOnPath('python', env, platform));
}

/** A PyPI package in its own virtual environment: `python3 -m venv DIR`, `DIR/bin/python -m pip install PKG==V`. */
export function pipInstaller(pkg: PipPackage): Installer {
  const locate = async (dir: string, platform: NodeJS.Platform) => {
    const file = path.join(dir, 'bin', pkg.executable);
    return (await isExecutableFile(file, platform)) ? file : undefined;
  };
  return {
    how: 'with pip into a virtual environment',

    async unavailable(ctx) {
      if (ctx.platform === 'win32') return `installing ${pkg.displayName} is not supported on Windows (a venv there cannot be moved into the tool cache)`;
      if (!(await findPython(ctx.env, ctx.platform))) return 'python3 is not on PATH';
      return undefined;
    },

    async install(ctx) {
      const python = await findPython(ctx.env, ctx.platform);
      if (!python) throw new ScannerError(ctx.id, `cannot install ${pkg.displayName}: python3 is not on PATH.`);
      const venv = path.join(ctx.workDir, pkg.package);
      ctx.logger.info(`Installing ${pkg.displayName} ${ctx.version} with pip`);
      const options = { extraEnv: { ...pkg.env } };
      await runStep(ctx, 'python3 -m venv', python, ['-m', 'venv', venv], options);
      await runStep(
        ctx,
        `pip install ${pkg.package}==${ctx.version}`,
        path.join(venv, 'bin', 'python'),
        ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', `${pkg.package}==${ctx.version}`],
        options,
      );
      const cached = await ctx.toolCache.cacheDir(venv, ctx.id, ctx.version, ctx.arch);
      try {
        await relocateVenvScripts(path.join(cached, 'bin'), venv, cached);
        const binary = await locate(cached, ctx.platform);
        if (!binary) throw new ScannerError(ctx.id, `pip installed ${pkg.package}==${ctx.version}, but ${cached} holds no bin/${pkg.executable}.`);
        return binary;
      } catch (e) {
        // Do not leave a tool-cache entry marked complete that cannot run (tool-cache's marker is DIR.complete).
        await rm(`${cached}.complete`, { force: true });
        await rm(cached, { recursive: true, force: true });
        throw e;
      }
    },

    locate,
  };
}
