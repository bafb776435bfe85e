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
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ConfigurationError, ScannerError } from '../../errors.js';
import { bool, choice, choices, list, text, type InputReader } from '../../config/inputs.js';
import type { ParsedOutput, RawOutput, ScanContext, Scanner } from '../types.js';
import { SNYK_ID, isObj, parseContainer, parseIac, parseJson, parseTest, str } from './parse.js';
import { parseSarif } from './sarif.js';

export const SNYK_SCAN_TYPES = ['dependencies', 'iac', 'container', 'code'] as const;
export type SnykScanType = (typeof SNYK_SCAN_TYPES)[number];
export const SNYK_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type SnykSeverity = (typeof SNYK_SEVERITIES)[number];
/** Which parser applies to a raw output file. */
export type SnykFormat = 'test' | 'iac' | 'container' | 'code-sarif' | 'container-sarif';

export interface SnykSettings {
  /** In canonical order: dependencies, iac, container, code. */
  readonly scanTypes: readonly SnykScanType[];
  /** From `snyk-manifests`, relative to the scan root, by the scan they belong to. */
  readonly dependencyManifests: readonly string[];
  readonly iacManifests: readonly string[];
  readonly dockerfiles: readonly string[];
  readonly allProjects: boolean;
  readonly severityThreshold?: SnykSeverity;
  readonly org?: string;
  /** The common `images` input: one `snyk container test` per image. */
  readonly images: readonly string[];
}

// ---- manifests ----

/** Dependency manifests and lock files `snyk test --file=` understands (compared lower-cased). */
const DEPENDENCY_FILES = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml',
  'requirements.txt', 'pipfile', 'pipfile.lock', 'pyproject.toml', 'poetry.lock', 'setup.py',
  'pom.xml', 'build.gradle', 'build.gradle.kts', 'build.sbt',
  'go.mod', 'gopkg.lock', 'vendor.json',
  'gemfile', 'gemfile.lock', 'composer.json', 'composer.lock',
  'packages.config', 'project.json', 'project.assets.json', 'packages.lock.json', 'paket.dependencies',
  'podfile', 'podfile.lock', 'package.swift', 'package.resolved', 'cargo.toml', 'cargo.lock',
  'mix.exs', 'mix.lock', 'conanfile.txt', 'conanfile.py', 'pubspec.yaml', 'pubspec.lock',
]);
const DEPENDENCY_EXT = /\.(csproj|fsproj|vbproj|sln)$/i;
/** requirements-dev.txt etc.: Snyk needs `--package-manager=pip` for names other than requirements.txt. */
const REQUIREMENTS = /^requirements.*\.txt$/i;
const DOCKERFILE = /^(dockerfile|containerfile)([.-].*)?$|\.(dockerfile|containerfile)$/i;
/** Terraform, Kubernetes, CloudFormation, ARM: what `snyk iac test` reads. */
const IAC_EXT = /\.(tf|tfvars|json|ya?ml)$/i;

export type ManifestKind = 'dependencies' | 'iac' | 'dockerfile';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Which scan a manifest belongs to, by its file name; undefined when Snyk cannot test it. */
export function classifyManifest(path: string): ManifestKind | undefined {
  const name = baseName(path);
  if (DOCKERFILE.test(name)) return 'dockerfile';
  if (DEPENDENCY_FILES.has(name.toLowerCase()) || DEPENDENCY_EXT.test(name) || REQUIREMENTS.test(name)) return 'dependencies';
  if (IAC_EXT.test(name)) return 'iac';
  return undefined;
}

function normalizeManifest(raw: string): string {
  const p = raw.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const bad = p === '' || p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('-') || p.split('/').includes('..');
  if (bad) {
    throw new ConfigurationError(
      `Input 'snyk-manifests' has '${raw}'; list files relative to the scan root (the 'path' input), without '..', separated by commas.`,
    );
  }
  return p;
}

// ---- settings ----

const KIND_SCAN: Record<ManifestKind, SnykScanType> = { dependencies: 'dependencies', iac: 'iac', dockerfile: 'container' };

function readSettings(read: InputReader): SnykSettings {
  const picked = choices(read, 'snyk-scan-types', SNYK_SCAN_TYPES, ['dependencies']);
  const scanTypes = SNYK_SCAN_TYPES.filter((t) => picked.includes(t));
  const byKind: Record<ManifestKind, string[]> = { dependencies: [], iac: [], dockerfile: [] };
  for (const raw of list(read, 'snyk-manifests')) {
    const path = normalizeManifest(raw);
    const kind = classifyManifest(path);
    if (!kind) {
      throw new ConfigurationError(
        `Input 'snyk-manifests' has '${raw}', which Snyk cannot test; list dependency manifests (package.json, requirements.txt, pom.xml, go.mod, …), Dockerfiles, or IaC files (.tf, .yaml, .yml, .json).`,
      );
    }
    if (!scanTypes.includes(KIND_SCAN[kind])) {
      throw new ConfigurationError(
        `Input 'snyk-manifests' has '${raw}' (a ${kind === 'dockerfile' ? 'Dockerfile' : `${kind} file`}), but 'snyk-scan-types' does not include '${KIND_SCAN[kind]}'; add it or remove the file.`,
      );
    }
    if (!byKind[kind].includes(path)) byKind[kind].push(path);
  }
  const allProjectsSet = read('snyk-all-projects').trim() !== '';
  const allProjects = bool(read, 'snyk-all-projects', byKind.dependencies.length === 0);
  if (allProjectsSet && allProjects && byKind.dependencies.length > 0) {
    throw new ConfigurationError(
      `Input 'snyk-all-projects' is true but 'snyk-manifests' lists dependency manifests (${byKind.dependencies.join(', ')}); Snyk cannot combine --all-projects with --file. Use one or the other.`,
    );
  }
  const threshold = text(read, 'snyk-severity-threshold');
  const severityThreshold = threshold === '' ? undefined : choice(read, 'snyk-severity-threshold', SNYK_SEVERITIES, 'low');
  const org = text(read, 'snyk-org');
  if (org !== '' && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(org)) {
    throw new ConfigurationError(`Input 'snyk-org' is '${org}'; use the organization ID or its slug (letters, digits, '.', '_', '-').`);
  }
  const images = list(read, 'images');
  for (const image of images) {
    if (image.startsWith('-') || /\s/.test(image)) {
      throw new ConfigurationError(`Input 'images' has '${image}'; use image references such as app:latest or ghcr.io/org/app@sha256:…, separated by commas.`);
    }
  }
  if (scanTypes.includes('container') && images.length === 0) {
    throw new ConfigurationError(
      `Input 'snyk-scan-types' includes 'container' but input 'images' is empty; list the images to test (comma-separated) or remove 'container'.`,
    );
  }
  const dockerfiles = byKind.dockerfile;
  if (dockerfiles.length > 1 && dockerfiles.length !== images.length) {
    throw new ConfigurationError(
      `Input 'snyk-manifests' lists ${dockerfiles.length} Dockerfiles for ${images.length} images; list one Dockerfile for all images, or one per image in the order of 'images'.`,
    );
  }
  return {
    scanTypes,
    dependencyManifests: byKind.dependencies,
    iacManifests: byKind.iac,
    dockerfiles,
    allProjects,
    ...(severityThreshold ? { severityThreshold } : {}),
    ...(org ? { org } : {}),
    images,
  };
}

// ---- commands ----

export interface SnykCommand {
  /** argv after the binary. Never contains the token. */
  args: string[];
  format: SnykFormat;
  /** The manifest or image this run is about; undefined when it scans the whole scan root. */
  target?: string;
}

/** The Snyk runs for these settings, in canonical order (pure, so tests check the argv directly). */
export function snykCommands(s: SnykSettings): SnykCommand[] {
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
      s.images.forEach((image, i) => {
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
  const res = await ctx.runner.run(ctx.binary, ['--version'], { timeoutMs, cwd: ctx.scanRoot, env: ctx.env });
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
  const deadline = Date.now() + ctx.common.timeoutMs;
  const remaining = () => deadline - Date.now();
  const version = await snykVersion(ctx, Math.max(1, Math.min(60_000, remaining())));
  const outputs: RawOutput[] = [];
  const commands = snykCommands(ctx.settings);
  for (const [i, cmd] of commands.entries()) {
    const what = describe(cmd);
    const left = remaining();
    if (left <= 0) throw new ScannerError(SNYK_ID, `timed out before ${what} could start; raise the 'timeout' input`);
    const file = join(ctx.tempDir, `snyk-${String(i + 1).padStart(2, '0')}-${cmd.format}.${cmd.format.endsWith('sarif') ? 'sarif' : 'json'}`);
    ctx.logger.info(`Running ${what}`);
    const res = await ctx.runner.run(ctx.binary, cmd.args, { timeoutMs: left, stdoutFile: file, cwd: ctx.scanRoot, env: ctx.env });
    if (res.timedOut) {
      throw new ScannerError(SNYK_ID, `${what} timed out after ${Math.round(ctx.common.timeoutMs / 1000)}s for all Snyk runs; raise the 'timeout' input`);
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

function parse(textIn: string, output: Omit<RawOutput, 'file'>): ParsedOutput {
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
      throw new Error(`snyk: unknown output format '${format}'`);
  }
}

export const snyk: Scanner<SnykSettings> = {
  id: SNYK_ID,
  displayName: 'Snyk',
  informationUri: 'https://snyk.io/',
  binary: {
    name: 'snyk',
    pathInput: 'snyk-path',
    installHint: "install the Snyk CLI (`npm install -g snyk`, or the snyk/actions/setup action) or set the 'snyk-path' input to the snyk binary",
  },
  settings: readSettings,
  run,
  parse,
};
