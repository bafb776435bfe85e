/**
 * Snyk adapter: `snyk test` (dependencies, one run per manifest or `--all-projects`), `snyk iac test`,
 * `snyk container test` (one run per image) and `snyk code test` (SARIF). Parsers are in snyk-parse.ts (JSON: how
 * findings are grouped per dependency path and how the summary is computed) and snyk-sarif.ts (SARIF: which results
 * count as ignored).
 *
 * The token: Snyk reads SNYK_TOKEN from its environment. We never put it in argv, never log it, and redact it
 * from any stderr we quote. A missing token is a ConfigurationError raised at the start of run().
 *
 * Exit codes (Snyk CLI docs, "Exit codes", same for test / iac test / container test / code test):
 * 0 no issues, 1 issues found (both: parse the output), 2 failure (ScannerError with Snyk's message),
 * 3 no supported projects/files detected (logged; that run contributes no findings).
 */
import { assessSnyk } from './assessment.js';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ConfigurationError, InternalError, ScannerError } from '../../errors.js';
import { raiseTimeout } from '../command.js';
import { isObj, str } from '../json.js';
import { defineScanner, takeText, type ScannerText, type ParsedOutput, type RawOutput, type ScanContext } from '../types.js';
import { snykInstall } from './install.js';
import { REQUIREMENTS, baseName } from './manifests.js';
import { SNYK_ID, parseContainer, parseIac, parseJson, parseTest } from './parse.js';
import { parseSarif } from './sarif.js';
import { SNYK_CONFIG_FILE, SNYK_INPUTS, checkSnyk, snykSchema, type SnykFormat, type SnykScanType, type SnykSettings } from './settings.js';

export * from './settings.js';
export { classifyManifest, type ManifestKind } from './manifests.js';

// ---- commands ----

export interface SnykCommand {
  /** argv after the binary. Never contains the token. */
  args: string[];
  format: SnykFormat;
  /** The manifest or image this run is about; undefined when it scans the whole scan root. */
  target?: string;
}

/** The Snyk runs for these settings, in canonical order (pure, so tests check the argv directly). */
export function snykCommands(s: SnykSettings, images: readonly string[]): SnykCommand[] {
  const common = (type: SnykScanType): string[] => {
    const out: string[] = [];
    if (s.org) out.push(`--org=${s.org}`);
    // Snyk Code has no critical level: its highest is high.
    const threshold = type === 'code' && s.severityThreshold === 'critical' ? 'high' : s.severityThreshold;
    if (threshold) out.push(`--severity-threshold=${threshold}`);
    return out;
  };
  const commands: SnykCommand[] = [];
  for (const type of s.scanTypes) {
    if (type === 'dependencies') {
      if (s.dependencyManifests.length === 0) {
        commands.push({ args: ['test', '--json', ...(s.allProjects ? ['--all-projects'] : []), ...common(type)], format: 'test' });
      }
      for (const m of s.dependencyManifests) {
        const pip = REQUIREMENTS.test(baseName(m)) && baseName(m).toLowerCase() !== 'requirements.txt' ? ['--package-manager=pip'] : [];
        commands.push({ args: ['test', '--json', `--file=${m}`, ...pip, ...common(type)], format: 'test', target: m });
      }
    } else if (type === 'iac') {
      if (s.iacManifests.length === 0) commands.push({ args: ['iac', 'test', '--json', ...common(type)], format: 'iac' });
      // The manifest is positional; normalizeManifest guarantees it does not start with '-'.
      for (const m of s.iacManifests) commands.push({ args: ['iac', 'test', '--json', ...common(type), m], format: 'iac', target: m });
    } else if (type === 'container') {
      images.forEach((image, i) => {
        const dockerfile = s.dockerfiles.length === 1 ? s.dockerfiles[0] : s.dockerfiles[i];
        const file = dockerfile ? [`--file=${dockerfile}`] : [];
        commands.push({ args: ['container', 'test', '--json', ...file, ...common(type), image], format: 'container', target: image });
      });
    } else {
      commands.push({ args: ['code', 'test', '--sarif', ...common(type)], format: 'code-sarif' });
    }
  }
  return commands;
}

// ---- run ----

const ERROR_READ_LIMIT = 64 * 1024;

function redact(textIn: string, token: string): string {
  return token.length >= 4 ? textIn.split(token).join('***') : textIn;
}

/** Snyk prints `{ ok: false, error: "…" }` on stdout with --json when it fails; fall back to stderr's tail. */
async function failureDetail(file: string, stderr: string): Promise<string> {
  try {
    const head = (await readFile(file, 'utf8')).slice(0, ERROR_READ_LIMIT);
    const data = JSON.parse(head) as unknown;
    const first = Array.isArray(data) ? data.find(isObj) : data;
    if (isObj(first)) {
      const msg = str(first.error) ?? str(first.message);
      if (msg) return msg;
    }
  } catch {
    // not JSON (or not written): use stderr
  }
  const tail = stderr.trim().split('\n').slice(-5).join(' ').trim();
  return tail === '' ? 'no error message' : tail.slice(-600);
}

function describe(cmd: SnykCommand): string {
  return `snyk ${cmd.args.filter((a) => a !== '--json' && a !== '--sarif').join(' ')}`;
}

async function snykVersion(ctx: ScanContext<SnykSettings>, timeoutMs: number): Promise<string | undefined> {
  const res = await ctx.runner.run(ctx.binary, ['--version'], { timeoutMs, cwd: ctx.scanRoot, env: ctx.env, probe: true });
  if (res.exitCode !== 0) {
    ctx.logger.debug(`snyk --version exited with ${res.exitCode ?? res.signal}`);
    return undefined;
  }
  return res.stdout.trim().split(/\s+/)[0] || undefined;
}

async function run(ctx: ScanContext<SnykSettings>): Promise<{ outputs: RawOutput[]; version?: string }> {
  const token = ctx.env.SNYK_TOKEN ?? '';
  if (token.trim() === '') {
    throw new ConfigurationError(
      "Snyk needs an API token in SNYK_TOKEN: add `env: SNYK_TOKEN: ${{ secrets.SNYK_TOKEN }}` to the security-scan step (store your Snyk API token as the SNYK_TOKEN secret), or remove 'snyk' from the 'scanners' input.",
    );
  }
  const deadline = Date.now() + ctx.scan.timeoutMs;
  const remaining = () => deadline - Date.now();
  const version = await snykVersion(ctx, Math.max(1, Math.min(60_000, remaining())));
  const outputs: RawOutput[] = [];
  const commands = snykCommands(ctx.settings, ctx.scan.images);
  for (const [i, cmd] of commands.entries()) {
    const what = describe(cmd);
    const left = remaining();
    if (left <= 0) throw new ScannerError(SNYK_ID, `timed out before ${what} could start; ${raiseTimeout(SNYK_ID, ctx.scan.timeoutMs)}`);
    const file = join(ctx.tempDir, `snyk-${String(i + 1).padStart(2, '0')}-${cmd.format}.${cmd.format.endsWith('sarif') ? 'sarif' : 'json'}`);
    ctx.logger.info(`Running ${what}`);
    const res = await ctx.runner.run(ctx.binary, cmd.args, { timeoutMs: left, stdoutFile: file, cwd: ctx.scanRoot, env: ctx.env });
    if (res.timedOut) {
      throw new ScannerError(SNYK_ID, `${what} timed out after ${Math.round(ctx.scan.timeoutMs / 1000)}s for all Snyk runs; ${raiseTimeout(SNYK_ID, ctx.scan.timeoutMs)}`);
    }
    if (res.exitCode === 0 || res.exitCode === 1) {
      outputs.push({ file, format: cmd.format, ...(cmd.target !== undefined ? { target: cmd.target } : {}) });
    } else if (res.exitCode === 3) {
      ctx.logger.info(`${what}: Snyk found no supported ${cmd.format === 'iac' ? 'IaC files' : 'projects'} (exit code 3); no findings from this run.`);
    } else {
      const detail = redact(await failureDetail(file, res.stderr), token);
      const how = res.exitCode === null ? `was killed by ${res.signal ?? 'a signal'}` : `failed with exit code ${res.exitCode}`;
      throw new ScannerError(SNYK_ID, `${what} ${how}: ${detail}`);
    }
  }
  return { outputs, ...(version ? { version } : {}) };
}

// ---- parse ----

/** Guesses the shape when an output carries no format (e.g. a file given by hand). */
export function detectFormat(textIn: string): SnykFormat {
  const data = parseJson(textIn, 'Snyk');
  if (isObj(data) && Array.isArray(data.runs)) {
    const first = data.runs.find(isObj);
    const name = first && isObj(first.tool) && isObj(first.tool.driver) ? str(first.tool.driver.name) : undefined;
    return /container/i.test(name ?? '') ? 'container-sarif' : 'code-sarif';
  }
  const first = Array.isArray(data) ? data.find(isObj) : data;
  if (isObj(first) && first.infrastructureAsCodeIssues !== undefined) return 'iac';
  if (isObj(first) && (first.docker !== undefined || first.applications !== undefined)) return 'container';
  return 'test';
}

function parse(input: ScannerText, output: Omit<RawOutput, 'file'>): ParsedOutput {
  const textIn = takeText(input);
  const format = output.format ?? detectFormat(textIn);
  switch (format) {
    case 'test':
      return parseTest(textIn, output.target);
    case 'iac':
      return parseIac(textIn, output.target);
    case 'container':
      return parseContainer(textIn, output.target);
    case 'code-sarif':
    case 'container-sarif':
      return parseSarif(textIn, output.target);
    default:
      throw new InternalError(`snyk: unknown output format '${format}'`);
  }
}

export const snyk = defineScanner({
  id: SNYK_ID,
  displayName: 'Snyk',
  informationUri: 'https://snyk.io/',
  binary: {
    name: 'snyk',
    pathInput: 'snyk-path',
    installHint: "install the Snyk CLI (`npm install -g snyk`, or the snyk/actions/setup action) or set the 'snyk-path' input to the snyk binary",
  },
  install: snykInstall,
  // SNYK_TOKEN and Snyk's own settings (SNYK_API, SNYK_CFG_*), and the Docker daemon for container tests.
  environment: { prefixes: ['SNYK_'], names: ['DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY'] },
  inputs: SNYK_INPUTS,
  configFile: SNYK_CONFIG_FILE,
  schema: snykSchema,
  check: checkSnyk,
  // `snyk test` runs gradle, mvn, sbt or pip on the project to resolve its dependencies.
  runsProjectCode: true,
  run,
  parse,
  assess: assessSnyk,
});
