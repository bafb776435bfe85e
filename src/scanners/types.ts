import type { RawFinding } from '../findings/model.js';
import type { InputReader } from '../config/inputs.js';
import type { CommonSettings } from '../config/settings.js';
import type { Logger } from '../logger.js';
import type { CommandRunner } from './process.js';

/** Facts about the triggering event a scanner may need (Gitleaks scans a PR's commits). */
export interface EventInfo {
  name: string;
  pullRequest?: { number: number; baseSha: string; headSha: string; baseRef?: string; headRef?: string };
  /** push events: the range before..after. */
  push?: { before: string; after: string };
}

export interface ScanContext<S> {
  common: CommonSettings;
  settings: S;
  /** Absolute path of the tree to scan (the `path` input resolved against the workspace). */
  scanRoot: string;
  /** Absolute path of the repository checkout; finding paths are made relative to it. */
  workspace: string;
  /** A scratch directory of this scanner's own, for raw outputs. Never uploaded. */
  tempDir: string;
  /** Absolute path (or PATH name) of the scanner binary, already resolved. Empty for scanners without one. */
  binary: string;
  runner: CommandRunner;
  logger: Logger;
  event: EventInfo;
  /** Environment the scanner process gets (tokens such as SNYK_TOKEN live here). */
  env: Readonly<Record<string, string | undefined>>;
}

/** One raw output file a scanner run produced, with what it was about. */
export interface RawOutput {
  file: string;
  /** What the file is about when it is not the scan root (an image name, a Snyk scan type…). */
  target?: string;
  /** Which parser shape applies when a scanner writes several (e.g. snyk "test" vs "sarif"). */
  format?: string;
  /** What the paths in the file are relative to (default: the scan root). Git-history scans report repo paths. */
  relativeTo?: 'scan-root' | 'workspace';
}

export interface ParsedOutput {
  findings: RawFinding[];
  /** Scanner-specific summary figures shown in findings.json (e.g. Snyk's vulnerableManifests). */
  summary?: Record<string, number | string | boolean>;
}

export interface ScanRun {
  outputs: RawOutput[];
  version?: string;
}

export interface BinarySpec {
  /** The executable name looked up on PATH. */
  name: string;
  /** The input that names an explicit path, e.g. `trivy-path`. */
  pathInput: string;
  /** How a user gets it, quoted in the "missing binary" error. */
  installHint: string;
}

/**
 * A scanner is an object in the explicit list in scanners/registry.ts. No other module knows a scanner by name.
 * `run` does I/O (exec, files); `parse` is pure and is tested on real outputs.
 */
export interface Scanner<S = unknown> {
  id: string;
  displayName: string;
  /** The tool's home page, published as SARIF `tool.driver.informationUri`. */
  informationUri: string;
  /** Undefined for scanners that ingest files rather than run a binary (Falco). */
  binary?: BinarySpec;
  /** Reads this scanner's own inputs; throws ConfigurationError naming the input and what is allowed. */
  settings(inputs: InputReader): S;
  run(ctx: ScanContext<S>): Promise<ScanRun>;
  parse(text: string, output: Omit<RawOutput, 'file'>): ParsedOutput;
  /**
   * Optional, pure: applies this scanner's own settings to its parsed findings (e.g. Falco's alert threshold and
   * categories). What it drops is counted in the report's accounting.
   */
  refine?(findings: RawFinding[], settings: S): { kept: RawFinding[]; dropped: number };
}

/** Erases the settings type so scanners of different S fit one list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScanner = Scanner<any>;
