/**
 * Loads the policy before anything runs: which version of the config file, the ignore file and the scanners' own
 * ignore and config files applies, and what a pull request changed in them.
 *
 * On a pull request with approval-required (the default) every one of those files comes from the base commit: a
 * pull request cannot change its own gate (`fail-on: none` in its config file), approve its own suppressions (an
 * ignore-file entry, a `.trivyignore`, a `.gitleaks.toml` allowlist) or switch a scanner off through its config.
 * What it changes is listed in the report as "applies once merged". `approval-required` itself is read from the
 * input and the base commit's config file, never from the pull request's.
 */
import { posix } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { parseConfigFile, type ConfigFile } from '../config/file.js';
import { bool } from '../config/fields.js';
import { mergeSources, parseSettings, readInputs, type RawSources, type Settings } from '../config/settings.js';
import type { FileReader } from '../findings/identify.js';
import type { IgnoreEntry, IgnoreRules } from '../findings/suppress.js';
import type { GitHubClient } from '../github/client.js';
import type { PullDiff } from '../github/pull-diff.js';
import type { Logger } from '../logger.js';
import type { PendingSuppression } from '../report/types.js';
import type { CommandRunner } from '../scanners/process.js';
import type { AnyScanner, EventInfo, ScannerPolicy } from '../scanners/types.js';
import { describeEntry, parseIgnoreFile, sameEntry } from './ignore-file.js';
import { BaseUnavailable, baseTrust, workspaceTrust, type TrustedFiles } from './trusted-files.js';

export interface PolicyLoadDeps {
  /** The action's inputs (core.getInput). */
  read: (name: string) => string;
  registry: readonly AnyScanner[];
  event: EventInfo;
  /** The repository root. */
  workspace: string;
  runner: CommandRunner;
  readWorkspace: FileReader;
  /** For reading the base commit when it is not in the clone. */
  api?: { client: GitHubClient; owner: string; repo: string };
  /** The pull request's diff, for inline markers (`gitleaks:allow`) on the lines it adds. */
  diff?: PullDiff | { unavailable: string };
  logger: Logger;
}

export interface LoadedPolicy<R extends readonly AnyScanner[]> {
  settings: Settings<R>;
  /** The ignore file's entries that apply, and what the pull request adds (native counts come after the scan). */
  suppressions: IgnoreRules;
  /** Each selected scanner's policy files, trusted versions. */
  scannerPolicy: (scanner: AnyScanner) => ScannerPolicy;
  /**
   * Whether the pull request added this line (true), it was there before (false), or nobody can tell (undefined:
   * the diff is unavailable or partial). Undefined outside a pull request with approval-required.
   */
  lineAdded?: (path: string, line: number) => boolean | undefined;
  notes: string[];
  /** Reasons the gate must block whatever the findings (the base commit's policy could not be read). */
  blockReasons: string[];
}

const clean = (p: string) => posix.normalize(p.replace(/\\/g, '/')).replace(/^(\.\/)+/, '').replace(/^\.$/, '');

/** What a problem calls a value: the config file's key when the file gave it and no input overrode it. */
function labeller(config: ConfigFile, inputs: RawSources) {
  return (section: string, key: string): string | undefined => {
    const fromInputs = section.startsWith('scanners.')
      ? inputs.scanners?.[section.slice('scanners.'.length)]?.[key]
      : (inputs as Record<string, Record<string, unknown> | undefined>)[section]?.[key];
    return fromInputs !== undefined ? undefined : config.labels.get(`${section}.${key}`);
  };
}

async function readOr(trust: TrustedFiles, path: string): Promise<{ text?: string; error?: string }> {
  try {
    const text = await trust.read(path);
    return text === undefined ? {} : { text };
  } catch (e) {
    if (e instanceof BaseUnavailable) return { error: e.message };
    throw e;
  }
}

export async function loadPolicy<const R extends readonly AnyScanner[]>(deps: PolicyLoadDeps & { registry: R }): Promise<LoadedPolicy<R>> {
  const notes: string[] = [];
  const blockReasons: string[] = [];
  const inputs = readInputs(deps.read, deps.registry);
  const approvalInput = inputs.policy?.['approvalRequired'];
  const approvalByInput = approvalInput === undefined ? undefined : bool().safeParse(approvalInput).data;
  const configPath = clean(String(inputs.policy?.['configFile'] ?? '.github/security-scan.yml'));
  const pr = deps.event.pullRequest;

  const workspace = workspaceTrust(deps.readWorkspace);
  let trust: TrustedFiles = workspace;
  if (pr && approvalByInput !== false) {
    try {
      trust = baseTrust({ baseSha: pr.baseSha, workspace: deps.workspace, runner: deps.runner, readWorkspace: deps.readWorkspace, ...(deps.api ? { api: deps.api } : {}) });
    } catch (e) {
      if (!(e instanceof BaseUnavailable)) throw e;
      trust = unreadable(e.message);
    }
  }

  // The config file, from the trusted source.
  let configText = await readOr(trust, configPath);
  let baseError = configText.error;
  let parsed = parseConfigFile(configText.text ?? '', configPath, deps.registry);
  // The base commit's config may itself trust pull requests (approvalRequired: false); the input wins over it.
  const approvalByFile = bool().safeParse(parsed.config.raw.policy?.['approvalRequired']).data;
  if (trust.source === 'base' && approvalByInput === undefined && approvalByFile === false && !baseError) {
    notes.push(`approvalRequired is false in the base commit's ${configPath}: this pull request's own config file and suppressions apply.`);
    trust = workspace;
    configText = await readOr(trust, configPath);
    parsed = parseConfigFile(configText.text ?? '', configPath, deps.registry);
  }
  if (configText.text !== undefined) deps.logger.info(`security-scan: config file ${configPath} from ${trust.description}.`);
  const settings = parseSettings(mergeSources(parsed.config.raw, inputs), deps.registry, {
    labelOf: labeller(parsed.config, inputs),
    problems: parsed.problems,
    extras: parsed.config.extras,
  });
  notes.push(...parsed.config.notes);

  const fromBase = trust.source === 'base';
  const pending: PendingSuppression[] = [];
  if (fromBase) {
    const mine = await workspace.read(configPath);
    if (mine !== configText.text) {
      const theirs = parseConfigFile(mine ?? '', configPath, deps.registry).problems;
      notes.push(
        `This pull request ${configText.text === undefined ? 'adds' : mine === undefined ? 'removes' : 'changes'} ${configPath}; ${trust.description}'s version applies until it is merged.` +
          (theirs.length > 0 ? ` Its version has ${theirs.length} problem${theirs.length > 1 ? 's' : ''}: ${theirs.slice(0, 3).join(' ')}` : ''),
      );
    }
  }

  // The ignore file, at the scanned path's root.
  const scanRoot = clean(settings.scan.path);
  const ignorePath = clean(posix.join(scanRoot, settings.policy.ignoreFile));
  const ignoreText = await readOr(trust, ignorePath);
  baseError ??= ignoreText.error;
  let entries: IgnoreEntry[] = [];
  if (ignoreText.text !== undefined) {
    const r = parseIgnoreFile(ignoreText.text, ignorePath);
    if (!r.ok) throw new ConfigurationError(`${r.problems.length} problem${r.problems.length > 1 ? 's' : ''} in ${ignorePath} (${trust.description}):\n${r.problems.join('\n')}`, r.problems);
    entries = r.entries;
  }
  if (fromBase) {
    const mine = await workspace.read(ignorePath);
    if (mine !== undefined && mine !== ignoreText.text) {
      const r = parseIgnoreFile(mine, ignorePath);
      if (!r.ok) pending.push({ kind: 'ignore-entry', file: ignorePath, text: `the pull request's version does not parse: ${r.problems.slice(0, 3).join(' ')}` });
      else {
        for (const e of r.entries.filter((x) => !entries.some((b) => sameEntry(b, x)))) {
          pending.push({ kind: 'ignore-entry', file: ignorePath, text: `${describeEntry(e)}: ${e.reason}`, entry: e });
        }
      }
    }
  }

  // Each selected scanner's own policy files.
  const perScanner = new Map<string, ScannerPolicy>();
  const selected = deps.registry.filter((s) => settings.scan.scanners.includes(s.id));
  const scannerSettings = settings.scanners as Readonly<Record<string, unknown>>;
  let workspaceHasPolicy = (await workspace.read(configPath)) !== undefined || (await workspace.read(ignorePath)) !== undefined;
  for (const scanner of selected) {
    const files: Record<string, string | undefined> = {};
    for (const path of scanner.policyFiles?.(scannerSettings[scanner.id], { scanRoot }) ?? []) {
      const p = clean(path);
      const t = await readOr(trust, p);
      baseError ??= t.error;
      files[p] = t.text;
      if (!fromBase) continue;
      const mine = await workspace.read(p);
      if (mine !== undefined) workspaceHasPolicy = true;
      if (mine !== t.text) {
        const what = t.text === undefined ? 'adds' : mine === undefined ? 'removes' : 'changes';
        pending.push({ kind: 'native-file', scanner: scanner.id, file: p, text: `${what} ${scanner.displayName}'s ${posix.basename(p)}` });
      }
    }
    perScanner.set(scanner.id, { source: fromBase ? 'base' : 'workspace', files });
  }

  // Inline markers on the lines the pull request adds.
  let lineAdded: LoadedPolicy<R>['lineAdded'];
  if (fromBase) {
    const diff = deps.diff;
    const markers = selected.flatMap((s) => (s.inlineMarkers ?? []).map((m) => ({ scanner: s.id, marker: m })));
    if (!diff || 'unavailable' in diff) {
      lineAdded = () => undefined;
      if (markers.length > 0) {
        notes.push(
          `Inline markers (${[...new Set(markers.map((m) => m.marker))].join(', ')}) on the lines this pull request adds could not be checked: ${diff && 'unavailable' in diff ? diff.unavailable : 'its diff was not read'}. Findings on lines with a gitleaks:allow marker are reported; what a trivy:ignore or checkov:skip marker added here hides cannot be seen (check out with fetch-depth: 0 so the diff can be read).`,
        );
      }
    } else {
      for (const [path, file] of diff.files) {
        for (const [line, textOfLine] of file.added ?? []) {
          for (const m of markers) {
            if (textOfLine.includes(m.marker)) pending.push({ kind: 'inline-marker', scanner: m.scanner, file: path, line, text: m.marker });
          }
        }
      }
      // A scanner that cannot be made to report what its markers hide (Trivy's trivy:ignore, Checkov's checkov:skip)
      // would let a marker the pull request adds take its own finding: the gate cannot see through it, so it blocks.
      const blind = pending.filter((p) => p.kind === 'inline-marker' && !selected.find((s) => s.id === p.scanner)?.reportsMarkedLines);
      if (blind.length > 0) {
        const at = blind.slice(0, 5).map((p) => `${p.text} at ${p.file}:${p.line}`).join(', ') + (blind.length > 5 ? ` and ${blind.length - 5} more` : '');
        blockReasons.push(
          `This pull request adds inline suppressions that the scanner applies itself and does not report (${at}), so what they hide cannot be checked before they are approved; remove them and add an entry to the ignore file instead (it is listed for review and applies once merged).`,
        );
      }
      lineAdded = (path, line) => {
        const f = diff.files.get(path);
        if (!f) return diff.incomplete ? undefined : false;
        if (f.added?.has(line)) return true;
        return f.partial ? undefined : false;
      };
    }
  }

  if (baseError !== undefined) {
    const why = `The base commit's policy files could not be read (${baseError}), so none of them applied: no suppressions, no config file.`;
    notes.push(why);
    if (workspaceHasPolicy) blockReasons.push(`${why} The pull request has its own, which cannot be trusted without the base's; check out with fetch-depth: 0 or give the token contents: read.`);
    deps.logger.warning(why);
  }
  for (const p of pending) deps.logger.info(`security-scan: suppression added by this pull request (applies once merged): ${p.file}${p.line ? `:${p.line}` : ''} ${p.text}`);

  return {
    settings,
    suppressions: { file: ignorePath, source: fromBase ? 'base' : 'workspace', entries, pending, native: {} },
    scannerPolicy: (s) => perScanner.get(s.id) ?? { source: fromBase ? 'base' : 'workspace', files: {} },
    ...(lineAdded ? { lineAdded } : {}),
    notes,
    blockReasons,
  };
}

/** A base commit that cannot be read at all: every read says so (the caller fails closed). */
function unreadable(reason: string): TrustedFiles {
  return {
    source: 'base',
    description: 'the base commit',
    read: () => Promise.reject(new BaseUnavailable(reason)),
    readWorkspace: () => Promise.resolve(undefined),
  };
}

