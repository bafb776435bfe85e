import type { Logger } from '../../logger.js';
import type { CommandRunner } from '../process.js';
import type { ToolCache } from './tool-cache.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** What an installer gets: everything it touches is passed in. */
export interface InstallContext {
  /** Scanner id; also the tool-cache name. */
  id: string;
  version: string;
  platform: NodeJS.Platform;
  /** Node's arch names (x64, arm64…); also the tool-cache arch. */
  arch: string;
  env: Env;
  logger: Logger;
  runner: CommandRunner;
  toolCache: ToolCache;
  /** Base URL of release downloads (https://github.com, or a test server / mirror). */
  fetchBase: string;
  /** A scratch directory of this installation's own; removed afterwards. */
  workDir: string;
  /** Timeout for each external command an installer runs (npm, pip). */
  commandTimeoutMs: number;
}

export interface Installer {
  /** How the scanner is installed, for messages: "from its GitHub release", "with npm"… */
  readonly how: string;
  /** Why installing cannot work here (no build for this platform, no npm…), or undefined when it can. */
  unavailable(ctx: InstallContext): Promise<string | undefined>;
  /** Installs into the tool cache; returns the path of the binary inside the cached directory. */
  install(ctx: InstallContext): Promise<string>;
  /** The binary inside a cached directory, or undefined when the directory does not hold one. */
  locate(cachedDir: string, platform: NodeJS.Platform): Promise<string | undefined>;
}
