/**
 * The process environment, parsed once (main.ts): the variables this action reads, by name, and the minimal
 * environments the child processes get. A scanner process sees the base allowlist (PATH, HOME, temp dirs, locale,
 * proxy and CA settings) plus what its adapter declares (SNYK_TOKEN for Snyk, TRIVY_* for Trivy) — never the
 * runner's tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, ACTIONS_RESULTS_URL), never an INPUT_*
 * variable, and never a variable whose value is the github-token.
 */

/** Every variable the action itself reads. */
export const ENV_NAMES = [
  'GITHUB_ACTIONS',
  'GITHUB_WORKSPACE',
  'GITHUB_EVENT_NAME',
  'GITHUB_EVENT_PATH',
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_SERVER_URL',
  'GITHUB_API_URL',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_WORKFLOW',
  'GITHUB_WORKFLOW_REF',
  'GITHUB_JOB',
  'RUNNER_TEMP',
  'RUNNER_TOOL_CACHE',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'SLACK_BOT_TOKEN',
  'SLACK_CHANNEL',
] as const;
export type EnvName = (typeof ENV_NAMES)[number];

/** The runner's variables the action reads, typed by name. */
export type RunnerVariables = Readonly<Partial<Record<EnvName, string>>>;

export type ChildEnv = Readonly<Record<string, string>>;

/** What a program started by the action may see, whoever it is. */
const BASE: readonly RegExp[] = [
  /^PATH$/i,
  /^PATHEXT$/i,
  /^HOME$/,
  /^USER$/,
  /^USERPROFILE$/i,
  /^(APPDATA|LOCALAPPDATA|SYSTEMROOT|COMSPEC|WINDIR)$/i,
  /^(TMPDIR|TEMP|TMP)$/i,
  /^(LANG|LANGUAGE|TZ)$/,
  /^LC_[A-Z]+$/,
  /^XDG_(CACHE|CONFIG|DATA)_HOME$/,
  /^(HTTPS?_PROXY|NO_PROXY|ALL_PROXY)$/i,
  /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE)$/,
];

/** Never passed to a child process, even when an adapter declares a pattern that would match it. */
const NEVER: readonly RegExp[] = [/^INPUT_/i, /^ACTIONS_RUNTIME_TOKEN$/i, /^ACTIONS_ID_TOKEN_REQUEST_/i, /^ACTIONS_RESULTS_URL$/i, /^ACTIONS_CACHE_URL$/i, /^GITHUB_TOKEN$/i];

/** The variables a scanner's process needs beyond the base: exact names and prefixes (e.g. `TRIVY_`). */
export interface EnvironmentDeclaration {
  readonly names?: readonly string[];
  readonly prefixes?: readonly string[];
}

export interface Environment {
  readonly runner: RunnerVariables;
  /** The environment of a scanner process: the base allowlist plus the scanner's declared variables. */
  forScanner(declared: EnvironmentDeclaration | undefined): ChildEnv;
  /** What the binary lookup and the installers read (PATH, RUNNER_TOOL_CACHE, npm/pip settings); installers filter it again. */
  forInstall(): ChildEnv;
}

const INSTALL_EXTRA: readonly RegExp[] = [/^RUNNER_(TEMP|TOOL_CACHE)$/, /^npm_config_/i, /^PIP_/];

export function parseEnvironment(env: Readonly<Record<string, string | undefined>>, secrets: readonly string[] = []): Environment {
  const runner: Partial<Record<EnvName, string>> = {};
  for (const name of ENV_NAMES) {
    const v = env[name];
    if (v !== undefined && v !== '') runner[name] = v;
  }
  const values = Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined);
  const secretValues = new Set(secrets.filter((s) => s !== ''));
  const pick = (allowed: (name: string) => boolean): ChildEnv =>
    Object.freeze(Object.fromEntries(values.filter(([k, v]) => allowed(k) && !NEVER.some((re) => re.test(k)) && !secretValues.has(v))));
  const base = (k: string) => BASE.some((re) => re.test(k));
  return Object.freeze({
    runner: Object.freeze(runner),
    forScanner: (d: EnvironmentDeclaration | undefined) => pick((k) => base(k) || (d?.names ?? []).includes(k) || (d?.prefixes ?? []).some((p: string) => k.startsWith(p))),
    forInstall: () => pick((k) => base(k) || INSTALL_EXTRA.some((re) => re.test(k))),
  });
}
