import { chmod } from 'node:fs/promises';
import * as path from 'node:path';
import { isExecutableFile } from './path-lookup.js';
import type { ToolCache } from './tool-cache.js';

/** Extracts a release archive into dest (tar.gz with the system tar, zip with unzip / PowerShell). */
export async function extractArchive(tc: ToolCache, file: string, format: 'tar.gz' | 'zip', dest: string): Promise<string> {
  return format === 'zip' ? await tc.extractZip(file, dest) : await tc.extractTar(file, dest);
}

/**
 * The executable named `binary` at the root of an extracted release (where Trivy and Gitleaks put it),
 * made executable (zip extraction may drop the mode bits). Undefined when it is not there.
 */
export async function binaryAtRoot(dir: string, binary: string, platform: NodeJS.Platform): Promise<string | undefined> {
  const file = path.join(dir, binary);
  if (platform !== 'win32') {
    try {
      await chmod(file, 0o755);
    } catch {
      return undefined;
    }
  }
  return (await isExecutableFile(file, platform)) ? file : undefined;
}
