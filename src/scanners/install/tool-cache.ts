/**
 * The slice of @actions/tool-cache the installers use, as an interface so tests and other CIs can supply
 * their own. Note: @actions/tool-cache 4 reads `RUNNER_TOOL_CACHE` (find, cacheDir) and `RUNNER_TEMP`
 * (only when no destination is given; we always give one) from `process.env` at call time, not at import.
 * On a runner both are set; resolveBinary checks the env it is given for RUNNER_TOOL_CACHE and skips the
 * tool cache (and installation) without it.
 */
export interface ToolCache {
  /** The cached directory of tool@version for arch, or '' when absent or incomplete. */
  find(tool: string, version: string, arch: string): string | Promise<string>;
  /** Downloads url to dest (which must not exist); retries 5xx/408/429; throws on other statuses. */
  downloadTool(url: string, dest: string): Promise<string>;
  extractTar(file: string, dest: string): Promise<string>;
  extractZip(file: string, dest: string): Promise<string>;
  /** Copies dir into the tool cache as tool/version/arch, marks it complete, returns the cached path. */
  cacheDir(dir: string, tool: string, version: string, arch: string): Promise<string>;
}

/**
 * @actions/tool-cache, imported on the first call of one of its methods (it pulls in http-client, semver, io): a
 * scanner given by `<scanner>-path` or found on PATH never loads it, so it is not on the way to the first scan.
 */
export async function loadActionsToolCache(): Promise<ToolCache> {
  let module: Promise<typeof import('@actions/tool-cache')> | undefined;
  const tc = () => (module ??= import('@actions/tool-cache'));
  return Promise.resolve({
    find: async (tool, version, arch) => (await tc()).find(tool, version, arch),
    downloadTool: async (url, dest) => (await tc()).downloadTool(url, dest),
    extractTar: async (file, dest) => (await tc()).extractTar(file, dest),
    extractZip: async (file, dest) => (await tc()).extractZip(file, dest),
    cacheDir: async (dir, tool, version, arch) => (await tc()).cacheDir(dir, tool, version, arch),
  });
}
