import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import * as path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads a variable the way the OS does: case-insensitively on Windows (`Path`, `PATHEXT`). */
function envVar(env: Env, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env)
    .filter((k) => k.toUpperCase() === name)
    .sort()[0];
  return key === undefined ? undefined : env[key];
}

/** True for an existing regular file we may execute (on Windows: an existing file). */
export async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return false;
    if (platform === 'win32') return true;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The files a shell would try for `name`, in order, from the PATH of the given environment (not this
 * process's). Empty and relative PATH entries are skipped: they would mean "the current directory", which
 * a checked-out repository controls. On Windows each PATHEXT extension is tried. Pure.
 */
export function pathCandidates(name: string, env: Env, platform: NodeJS.Platform): string[] {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const dirs = (envVar(env, 'PATH', platform) ?? '').split(platform === 'win32' ? ';' : ':');
  let exts = [''];
  if (platform === 'win32') {
    // Like cmd.exe: a name that already ends in an executable extension is taken as is, others get one.
    const pathext = (envVar(env, 'PATHEXT', platform) ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '');
    const hasExt = pathext.some((e) => name.toUpperCase().endsWith(e.toUpperCase()));
    exts = hasExt ? [''] : pathext;
  }
  const out: string[] = [];
  for (const dir of dirs) {
    if (dir === '' || !p.isAbsolute(dir)) continue;
    for (const ext of exts) out.push(p.join(dir, name + ext));
  }
  return out;
}

/** The first of pathCandidates that is an executable file. */
export async function findOnPath(name: string, env: Env, platform: NodeJS.Platform): Promise<string | undefined> {
  for (const candidate of pathCandidates(name, env, platform)) {
    if (await isExecutableFile(candidate, platform)) return candidate;
  }
  return undefined;
}
