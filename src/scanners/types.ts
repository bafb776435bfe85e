import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { InternalError } from '../errors.js';
import type { RawFinding } from '../findings/model.js';
import type { ChildEnv, EnvironmentDeclaration, RunnerVariables } from '../config/environment.js';
import type { ScanSettings } from '../config/scan.js';
import type { Section } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { Installer } from './install/installer.js';
import type { CommandRunner } from './process.js';
import type { Assess } from '../insights/statistics.js';

/** Facts about the triggering event a scanner may need (Gitleaks scans a PR's commits). */
export interface EventInfo {
  name: string;
  pullRequest?: { number: number; baseSha: string; headSha: string; baseRef?: string; headRef?: string };
  /** push events: the range before..after. */
  push?: { before: string; after: string };
  /** The run is on the repository's default branch (GITHUB_REF is refs/heads/<the payload's default_branch>). */
  onDefaultBranch?: boolean;
}

export interface ScanContext<S> {
  /** What scanning needs of the common settings (never the token or publishing settings). */
  scan: ScanSettings;
  settings: S;
  /** Absolute path of the tree to scan (the `path` input resolved against the workspace). */
  scanRoot: string;
  /** Absolute path of the repository checkout; finding paths are made relative to it. */
  workspace: string;
  /** A scratch directory of this scanner's own, for raw outputs. Never uploaded. */
  tempDir: string;
  /** Where a scanner may write files meant for the user (published with the reports), e.g. Falco's rules file. */
  outputDir: string;
  /** Absolute path (or PATH name) of the scanner binary, already resolved. Empty for scanners without one. */
  binary: string;
  runner: CommandRunner;
  logger: Logger;
  event: EventInfo;
  /** The environment the scanner's processes get: the base allowlist plus what the scanner declares. */
  env: ChildEnv;
  /** The runner's variables, for in-process steps of a scanner (e.g. whether the Actions cache is reachable). */
  runnerVars: RunnerVariables;
  /** The trusted versions of the scanner's policy files (see Scanner.policyFiles). */
  policy: ScannerPolicy;
}

/**
 * The scanner's policy files as it must use them. On a pull request with approval-required they are the base
 * commit's versions: the scanner passes them explicitly (written to its temp dir) and never reads the tree's own,
 * which the pull request may have changed. `source` says which applies; `files` maps each path of `policyFiles` to
 * its trusted content (undefined: absent).
 */
export interface ScannerPolicy {
  source: 'base' | 'workspace';
  files: Readonly<Record<string, string | undefined>>;
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

/**
 * A scanner's raw output, handed to its parser once. `take()` gives the text and forgets it, so once the parser has
 * JSON.parsed it nothing holds the text any more: a 160 MB output is garbage while the findings are built, rather
 * than alive beside its parsed document until the parse returns (scan.ts's local and the parser's parameter kept
 * it). `read` loads a file into one, so no caller's frame holds the string either.
 * What stays: the strings JSON.parse makes are slices of a flat copy V8 makes of the text, and that copy lives as long
 * as any of them (measured under Node 24 on a 162 MB report of 100k vulnerabilities: keeping only their 100k
 * descriptions kept 214 MB of heap, copies of them 45 MB). Copying the strings a finding keeps would free it, at
 * ~0.2 s per 800k strings and no speed gain; peak RSS is within its target, so it is not done.
 */
export class OutputText {
  private text: string | undefined;
  constructor(text: string) {
    this.text = text;
  }
  static async read(file: string): Promise<OutputText> {
    // The bytes, then one decode: readFile(file, 'utf8') decodes chunk by chunk into a rope of strings, which the
    // parser's first scan has to flatten (a 160 MB report: ~1 s read and flattened, against ~0.25 s this way).
    return new OutputText((await readFile(file)).toString('utf8'));
  }
  /** The text; a second call is a bug (the parser already dropped it). */
  take(): string {
    const text = this.text;
    if (text === undefined) throw new InternalError('a scanner output was taken twice (OutputText.take)');
    this.text = undefined;
    return text;
  }
}

/** What a parser accepts: the holder scan.ts passes, or a plain string (tests, tools). */
export type ScannerText = string | OutputText;

/** The text of `input`, taken from its holder (which then no longer holds it). */
export function takeText(input: ScannerText): string {
  return typeof input === 'string' ? input : input.take();
}

export interface ParsedOutput {
  findings: RawFinding[];
  /** Scanner-specific summary figures shown in findings.json (e.g. Snyk's vulnerableManifests). */
  summary?: Record<string, number | string | boolean>;
  /** The targets this output covers (images, manifests, files), clean ones included: the per-target results. */
  targets?: string[];
}

/** One target of a run (an image, a manifest…) that failed while the run's other targets were scanned. */
export interface TargetFailure {
  /** What failed, as RawOutput.target names it (an image name…); undefined for the tree at the scan root. */
  target?: string;
  /** Why, without the scanner's name (a ScannerError's detail). */
  error: string;
}

export interface ScanRun {
  outputs: RawOutput[];
  version?: string;
  /** Files written to `outputDir` for the user (published with the reports), e.g. Falco's rules file. */
  published?: string[];
  /** Plain-text lines for the report's notes, e.g. the images whose reports came from the result cache. */
  notes?: string[];
  /**
   * Targets that failed while the others were scanned (their outputs are in `outputs`). The scanner's state is then
   * `failed` with an error naming each failed target, and the findings of the other targets are kept.
   */
  failures?: TargetFailure[];
}

export interface BinarySpec {
  /** The executable name looked up on PATH. */
  name: string;
  /** The input that names an explicit path, e.g. `trivy-path`. */
  pathInput: string;
  /** How a user gets it, quoted in the "missing binary" error. */
  installHint: string;
}

/** How the action installs the scanner when it is not found: the pinned version and the installer. */
export interface InstallSpec {
  defaultVersion: string;
  installer: Installer;
}

/**
 * A scanner is an object in the explicit list in scanners/registry.ts, defined in its own folder with everything
 * about it. No module outside that folder knows a scanner by name.
 * `run` does I/O (exec, files); `parse` is pure and is tested on real outputs.
 */
export interface Scanner<Id extends string = string, S = unknown> {
  id: Id;
  displayName: string;
  /** The tool's home page, published as SARIF `tool.driver.informationUri`. */
  informationUri: string;
  /** Undefined for scanners that ingest files rather than run a binary (Falco). */
  binary?: BinarySpec;
  /** Runs when the `scanners` input is not set (it needs no account, token or captured events). */
  onByDefault?: boolean;
  install?: InstallSpec;
  /** The variables its processes need beyond the base allowlist. */
  environment?: EnvironmentDeclaration;
  /** Its own inputs (what action.yml documents), by settings key. */
  inputs: Section;
  /** Parses its raw section (the inputs above, by key) into its settings; problems name the input. */
  schema: z.ZodType<S>;
  /**
   * Files of the repository that change what the scanner reports — its ignore lists and config files, which it
   * would otherwise read from the scanned tree itself — as repository-relative paths (`scanRoot`: the scanned
   * directory relative to the repository, '' for the root). The scanner gets their trusted versions in ctx.policy.
   */
  policyFiles?(settings: S, where: { scanRoot: string }): string[];
  /** Inline markers that make the scanner skip a finding (`gitleaks:allow`); lines a pull request adds with one are listed. */
  inlineMarkers?: readonly string[];
  /**
   * With ctx.policy.source 'base' the scanner reports findings on marked lines too (Gitleaks' --ignore-gitleaks-allow),
   * and the pipeline honours only the markers the base commit already had (policy/inline.ts).
   */
  reportsMarkedLines?: boolean;
  /** The config file's `<id>:` keys beyond the scanner's own settings keys and `timeout` (see ConfigFileKey). */
  configFile?: Readonly<Record<string, ConfigFileKey>>;
  /**
   * Set when the scanner can describe the dependencies it found as a GitHub dependency snapshot (the dependency
   * submission API's body). With `dependency-snapshot` on (ctx.scan.dependencySnapshot) its run writes each snapshot
   * to `<outputDir>/dependency-snapshots/<id>-<n>.json` (DEPENDENCY_SNAPSHOT_DIR) and lists it in ScanRun.published; the dependency graph
   * sink (github/dependency-snapshot.ts) validates, merges and submits them. `available` says whether these
   * settings let it; `needs` words what it needs, for the message when no selected scanner can.
   */
  dependencySnapshot?: { available(settings: S): boolean; needs: string };
  /**
   * Its scan can run the project's own code (Snyk resolves Gradle, Maven, sbt and Python projects by running their
   * build tools), which runs as the runner's user and can write to the action's directory: its scan commands wait
   * until the modules the run loads later are loaded (ScanSchedule.whileScanning), so nothing of ours is read after.
   */
  runsProjectCode?: boolean;
  /** Checks that need the scan settings too (an image scan needs `images`); each problem names the inputs. */
  check?(settings: S, scan: ScanSettings): string[];
  run(ctx: ScanContext<S>): Promise<ScanRun>;
  /** Takes the text with takeText(input) once, before parsing it, and keeps no other reference to it. */
  parse(input: ScannerText, output: Omit<RawOutput, 'file'>): ParsedOutput;
  /**
   * Optional, pure: applies this scanner's own settings to its parsed findings (e.g. Falco's alert threshold and
   * categories). What it drops is counted in the report's accounting.
   */
  refine?(findings: RawFinding[], settings: S): { kept: RawFinding[]; dropped: number };
  /** Optional, pure: this scanner's riskAssessment, statistics and per-target results (insights/statistics.ts). */
  assess?: Assess;
}

/**
 * A key of the config file's `<id>:` section (the names teams already use, e.g. Trivy's `severityFilter`) and what
 * it does here: one of the scanner's own settings (with value aliases), a common setting, or an option that only
 * means something outside Actions — accepted, checked by `field`, and said in the report (`note`), never dropped.
 */
export type ConfigFileKey =
  | { setting: string; values?: Readonly<Record<string, string>> }
  | { common: 'severities' | 'timeout' }
  | { field: z.ZodType<unknown>; note: (value: string) => string };

/** Where scanners write dependency snapshots in the output directory (see Scanner.dependencySnapshot). */
export const DEPENDENCY_SNAPSHOT_DIR = 'dependency-snapshots';

/** Keeps the literal id and the settings type of a scanner definition. */
export function defineScanner<const Id extends string, S>(scanner: Scanner<Id, S>): Scanner<Id, S> {
  return scanner;
}

/** Erases the settings type so scanners of different S fit one list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScanner = Scanner<string, any>;

/** The parsed settings type of a scanner. */
export type SettingsOf<T> = T extends Scanner<string, infer S> ? S : never;
