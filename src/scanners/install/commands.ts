import { ScannerError, SpawnError } from '../../errors.js';
import type { Env, InstallContext } from './installer.js';

/**
 * Variables an installer's child process (npm, pip and the packages' install scripts) may see. Tokens
 * (GITHUB_TOKEN, SNYK_TOKEN, INPUT_*) are left out: install scripts are third-party code.
 */
const PASS = [
  /^PATH$/i,
  /^PATHEXT$/i,
  /^HOME$/,
  /^USERPROFILE$/i,
  /^(APPDATA|LOCALAPPDATA|SYSTEMROOT|COMSPEC)$/i,
  /^(TMPDIR|TEMP|TMP)$/i,
  /^(LANG|LC_ALL|LC_CTYPE)$/,
  /^XDG_CACHE_HOME$/,
  /^(HTTPS?_PROXY|NO_PROXY)$/i,
  /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|REQUESTS_CA_BUNDLE)$/,
  /^npm_config_(registry|cache|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i,
  /^PIP_(INDEX_URL|EXTRA_INDEX_URL|TRUSTED_HOST|CERT|CACHE_DIR|NO_CACHE_DIR)$/,
];

export function installEnv(env: Env, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && PASS.some((re) => re.test(k))) out[k] = v;
  }
  return { ...out, ...extra };
}

function tail(s: string, n = 1500): string {
  const t = s.trim();
  return t.length > n ? `…${t.slice(t.length - n)}` : t;
}

/** Runs one installation step (argv, no shell); a failure becomes a ScannerError that quotes stderr. */
export async function runStep(
  ctx: InstallContext,
  what: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; extraEnv?: Record<string, string> } = {},
): Promise<void> {
  let result;
  try {
    result = await ctx.runner.run(command, args, {
      timeoutMs: ctx.commandTimeoutMs,
      cwd: options.cwd,
      env: installEnv(ctx.env, options.extraEnv),
    });
  } catch (e) {
    if (e instanceof SpawnError) throw new ScannerError(ctx.id, `${what}: ${e.message}`, { cause: e });
    throw e;
  }
  if (result.timedOut) {
    throw new ScannerError(ctx.id, `${what} timed out after ${Math.round(ctx.commandTimeoutMs / 1000)}s.`);
  }
  if (result.exitCode !== 0) {
    const why = result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `exit code ${result.exitCode}`;
    throw new ScannerError(ctx.id, `${what} failed (${why})${result.stderr.trim() ? `: ${tail(result.stderr)}` : '.'}`);
  }
}
