import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { AnyScanner } from './types.js';

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks a program up on a PATH string (the one passed in, not process.env). */
export function findOnPath(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The explicit `<id>-path` input wins; else PATH. A missing binary names the scanner and how to provide it. */
export function locateBinary(scanner: AnyScanner, explicitPath: string, env: Readonly<Record<string, string | undefined>>, workspace: string): string {
  const spec = scanner.binary!;
  if (explicitPath) {
    const abs = isAbsolute(explicitPath) ? explicitPath : resolve(workspace, explicitPath);
    if (!isExecutable(abs)) {
      throw new ConfigurationError(`Input '${spec.pathInput}' is '${explicitPath}', which is not an executable file; point it at the ${scanner.displayName} binary.`);
    }
    return abs;
  }
  const found = findOnPath(spec.name, env.PATH);
  if (found) return found;
  throw new ConfigurationError(`${scanner.displayName} is not installed: '${spec.name}' is not on PATH. To fix: ${spec.installHint}.`);
}
