import type { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import type { AnyScanner, SettingsOf } from '../scanners/types.js';
import { bool, choice, integer, text } from './fields.js';
import { SEVERITIES } from '../findings/model.js';
import { atLeast } from '../findings/severity.js';
import { scanInputs, severityWord, type ScanSettings } from './scan.js';
import { stagesField } from './stages.js';
import { deepFreeze, parseSection, readSection, section, type DeepReadonly, type InputSpec, type RawSettings, type Section } from './schema.js';
import { installInputs, installSchema, type InstallSettings } from '../scanners/install/settings.js';
import { DEFAULT_EXTRAS, type ConfigExtras } from './extras.js';
import { expectedShardsField, KEY_PATTERN, matrixField } from '../modes/matrix.js';
import { pushgatewayUrlField } from '../metrics/settings.js';
import { NOTIFY_INPUTS, notifyProblems, type NotifySettings } from '../notify/settings.js';

export const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export const COMMENT_MODES = ['always', 'on-findings', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];
/**
 * What the step does: `scan` runs the scanners and publishes their report; `publish` runs no scanner and publishes
 * the report of another run (a fork's pull_request scan, from a workflow_run workflow; see publish/); `shard` scans as one
 * leg of a matrix and uploads its report for `merge`, which merges the legs' reports, publishes and gates once (modes/).
 */
export const MODES = ['scan', 'publish', 'shard', 'merge'] as const;
export type Mode = (typeof MODES)[number];

/**
 * What a scanner that failed or could not run does to the gate: `block` (the gate blocks), `alert` (a warning; the
 * report marks the scanner failed and the gate follows the findings), `log` (an info line; likewise).
 */
export const FAILURE_POLICIES = ['block', 'alert', 'log'] as const;
export type FailurePolicy = (typeof FAILURE_POLICIES)[number];

export const GATE_INPUTS = {
  failOn: { input: 'fail-on', default: 'high', field: choice(FAIL_ON) },
  /** Gate on the findings the baseline does not have (needs a baseline; without one, every finding is new). */
  failOnNewOnly: { input: 'fail-on-new-only', default: 'false', field: bool() },
  failurePolicy: { input: 'failure-policy', default: 'block', field: choice(FAILURE_POLICIES) },
} as const satisfies Section;

/** How the selected scanners are run: all at once (up to `concurrency`), one after another, or in stages. */
export const SCHEDULING_POLICIES = ['parallel', 'sequential', 'staged'] as const;
export type SchedulingPolicy = (typeof SCHEDULING_POLICIES)[number];

export const ORCHESTRATION_INPUTS = {
  scheduling: { input: 'scheduling', default: 'parallel', field: choice(SCHEDULING_POLICIES) },
  /** 0 = every selected scanner at once. */
  concurrency: { input: 'concurrency', default: '0', field: integer(0, 64) },
  /** `scheduling: staged` — the stages in order (see config/stages.ts). */
  stages: { input: 'stages', default: '', field: stagesField() },
} as const satisfies Section;

/**
 * Policy: the config file, suppressions, the baseline, which files count. On a pull request, with
 * `approval-required` (the default), the config file and every suppression come from the base commit.
 */
export const POLICY_INPUTS = {
  configFile: { input: 'config-file', default: '.github/security-scan.yml', field: text() },
  ignoreFile: { input: 'ignore-file', default: '.security-scan-ignore.yml', field: text() },
  approvalRequired: { input: 'approval-required', default: 'true', field: bool() },
  /** `auto`, `none`, or the path of an earlier run's findings.json (or baseline.json). */
  baseline: { input: 'baseline', default: 'auto', field: text() },
  baselineArtifact: { input: 'baseline-artifact', default: 'security-scan-baseline', field: text() },
  changedFilesOnly: { input: 'changed-files-only', default: 'false', field: bool() },
} as const satisfies Section;

const CATEGORY = { pattern: /^[A-Za-z0-9._\-/]+$/, hint: "use letters, digits, '.', '_', '-' and '/' only." };

/** Where the reports go and how they are published. */
export const PUBLISH_INPUTS = {
  mode: { input: 'mode', default: 'scan', field: choice(MODES) },
  /** mode: publish — the directory holding the scan run's downloaded report artifact (findings.json, sarif/). */
  reportDir: { input: 'report-dir', default: '', field: text() },
  /** The matrix values of this leg (`${{ toJSON(matrix) }}`): key the comment, SARIF categories and artifact (modes/matrix.ts). */
  matrix: { input: 'matrix', default: '', actionDefault: '${{ toJSON(matrix) }}', field: matrixField() },
  /** mode: shard — this shard's key (default: the matrix values). */
  shardKey: { input: 'shard-key', default: '', field: text({ pattern: KEY_PATTERN, hint: "use 1 to 100 letters, digits, '.', '_', '-', '=' or ','." }) },
  /** mode: merge — where the shard artifacts were downloaded (empty: download them from this run). */
  shardsDir: { input: 'shards-dir', default: '', field: text() },
  /** mode: merge — how many shards, or their keys: a missing one blocks. */
  expectedShards: { input: 'expected-shards', default: '', field: expectedShardsField() },
  outputDir: { input: 'output-dir', default: 'security-reports', field: text() },
  categoryPrefix: { input: 'category-prefix', default: 'security-scan', field: text(CATEGORY).transform((s) => s.replace(/\/+$/, '')) },
  uploadSarif: { input: 'upload-sarif', default: 'true', field: bool() },
  waitForProcessing: { input: 'wait-for-processing', default: 'true', field: bool() },
  comment: { input: 'comment', default: 'always', field: choice(COMMENT_MODES) },
  summary: { input: 'job-summary', default: 'true', field: bool() },
  commentKey: { input: 'comment-key', default: '', field: text() },
  annotations: { input: 'annotations', default: 'true', field: bool() },
  artifactName: { input: 'artifact-name', default: 'security-reports', field: text() },
  /** 0 = the repository's default retention. */
  retentionDays: { input: 'retention-days', default: '0', field: integer(0, 90) },
  /** A `security-scan` check run with every finding in the changed files as annotations (checks: write). */
  checkRun: { input: 'check-run', default: 'false', field: bool() },
  /** Push metrics.prom to this Prometheus Pushgateway (empty: no push). */
  metricsPushgatewayUrl: { input: 'metrics-pushgateway-url', default: '', field: pushgatewayUrlField() },
  /** The Pushgateway's `job` grouping label. */
  metricsJob: { input: 'metrics-job', default: 'security-scan', field: text() },
} as const satisfies Section;

export const GITHUB_INPUTS = {
  token: { input: 'github-token', default: '', actionDefault: '${{ github.token }}', field: text() },
} as const satisfies Section;

type Out<T extends Section> = DeepReadonly<{ [K in keyof T]: z.output<T[K]['field']> }>;
export type GateSettings = Out<typeof GATE_INPUTS>;
export type OrchestrationSettings = Out<typeof ORCHESTRATION_INPUTS>;
export type PolicySettings = Out<typeof POLICY_INPUTS>;
export type PublishSettings = Out<typeof PUBLISH_INPUTS>;
export type GitHubSettings = Out<typeof GITHUB_INPUTS>;

/** Every selected scanner's own settings, typed per scanner id. */
export type ScannersSettings<R extends readonly AnyScanner[]> = {
  readonly [S in R[number] as S['id']]?: SettingsOf<S>;
};

export interface Settings<R extends readonly AnyScanner[] = readonly AnyScanner[]> {
  readonly scan: ScanSettings;
  readonly gate: GateSettings;
  readonly orchestration: OrchestrationSettings;
  readonly policy: PolicySettings;
  readonly publish: PublishSettings;
  readonly github: GitHubSettings;
  readonly install: InstallSettings;
  /** Slack, the signed webhook, email, DefectDojo (notify/). */
  readonly notify: NotifySettings;
  readonly scanners: ScannersSettings<R>;
  /** Config-file options without an action input (compliance, scanSchedule…). */
  readonly extras: ConfigExtras;
}

export interface ParseOptions {
  /** How a problem names a value that did not come from an input: (section, key) → label; undefined for inputs. */
  labelOf?: (section: string, key: string) => string | undefined;
  /** Problems found before parsing (the config file's unknown keys), reported with the rest. */
  problems?: readonly string[];
  extras?: ConfigExtras;
}

/** The raw settings of one source, in the shape the schema parses: sections of plain values. */
export interface RawSources {
  scan?: RawSettings;
  gate?: RawSettings;
  orchestration?: RawSettings;
  policy?: RawSettings;
  publish?: RawSettings;
  github?: RawSettings;
  install?: RawSettings;
  notify?: RawSettings;
  scanners?: Record<string, RawSettings>;
}

/** The sections of plain settings (the scanners' own sections are under `scanners`). */
export const SECTIONS = ['scan', 'gate', 'orchestration', 'policy', 'publish', 'github', 'install', 'notify'] as const;
export type SectionName = (typeof SECTIONS)[number];

/** Every section of inputs, by section name; scanners' sections under `scanners.<id>`. */
export function allInputs(registry: readonly AnyScanner[]) {
  return {
    scan: scanInputs(registry) as Section,
    gate: GATE_INPUTS as Section,
    orchestration: ORCHESTRATION_INPUTS as Section,
    policy: POLICY_INPUTS as Section,
    publish: PUBLISH_INPUTS as Section,
    github: GITHUB_INPUTS as Section,
    install: installInputs(registry),
    notify: NOTIFY_INPUTS as Section,
    scanners: Object.fromEntries(registry.map((s) => [s.id, s.inputs])) as Record<string, Section>,
  };
}

/** Every action input the settings read, with its spec (the list action.yml must document). */
export function inputSpecs(registry: readonly AnyScanner[]): InputSpec[] {
  const all = allInputs(registry);
  const specs = [all.scan, all.gate, all.orchestration, all.policy, all.publish, all.github, all.install, all.notify, ...Object.values(all.scanners)].flatMap((s) => Object.values(s));
  const seen = new Map<string, InputSpec>();
  for (const spec of specs) if (!seen.has(spec.input)) seen.set(spec.input, spec);
  return [...seen.values()];
}

/** The action's inputs as a raw source: every set input, by section. */
export function readInputs(read: (name: string) => string, registry: readonly AnyScanner[]): RawSources {
  const all = allInputs(registry);
  return {
    scan: readSection(all.scan, read),
    gate: readSection(all.gate, read),
    orchestration: readSection(all.orchestration, read),
    policy: readSection(all.policy, read),
    publish: readSection(all.publish, read),
    github: readSection(all.github, read),
    install: readSection(all.install, read),
    notify: readSection(all.notify, read),
    scanners: Object.fromEntries(Object.entries(all.scanners).map(([id, specs]) => [id, readSection(specs, read)])),
  };
}

/** Later sources override earlier ones, key by key (e.g. the config file, then the inputs). */
export function mergeSources(...sources: RawSources[]): RawSources {
  const out: Required<RawSources> = { scan: {}, gate: {}, orchestration: {}, policy: {}, publish: {}, github: {}, install: {}, notify: {}, scanners: {} };
  for (const s of sources) {
    for (const key of SECTIONS) Object.assign(out[key], s[key]);
    for (const [id, v] of Object.entries(s.scanners ?? {})) out.scanners[id] = { ...out.scanners[id], ...v };
  }
  return out;
}

/**
 * Parses the merged sources once into a deeply frozen Settings. Only the selected scanners' sections are parsed.
 * Every problem is collected and reported at once in one ConfigurationError, each naming the input and the value.
 */
export function parseSettings<const R extends readonly AnyScanner[]>(raw: RawSources, registry: R, options: ParseOptions = {}): Settings<R> {
  const all = allInputs(registry);
  const problems: string[] = [...(options.problems ?? [])];
  const part = <T>(specs: Section, schema: z.ZodType<T>, value: unknown, name?: string): T | undefined => {
    const labelOf = options.labelOf && name ? (key: string) => options.labelOf!(name, key) : undefined;
    const r = parseSection(specs, schema, value, labelOf);
    if (r.ok) return r.data;
    problems.push(...r.problems);
    return undefined;
  };
  const scan = part(all.scan, section(all.scan), raw.scan, 'scan') as ScanSettings | undefined;
  const gate = part(all.gate, section(GATE_INPUTS), raw.gate, 'gate');
  const orchestration = part(all.orchestration, section(ORCHESTRATION_INPUTS), raw.orchestration, 'orchestration');
  const policy = part(all.policy, section(POLICY_INPUTS), raw.policy, 'policy');
  const publish = part(all.publish, section(PUBLISH_INPUTS), raw.publish, 'publish');
  const github = part(all.github, section(GITHUB_INPUTS), raw.github, 'github');
  const install = part(all.install, installSchema(registry), raw.install, 'install');
  const notify = part(all.notify, section(NOTIFY_INPUTS), raw.notify, 'notify');
  // mode: merge and publish run no scanner: each input is still checked, but not what only a scan needs (a merge job
  // given the legs' `with:` block, e.g. trivy-scan-type: image without images, is not refused for it).
  const runsScanners = publish?.mode !== 'merge' && publish?.mode !== 'publish';
  // Which scanners' sections to parse, even when another scan setting is wrong (so all problems are reported).
  const selected = scan?.scanners ?? selectedIds(all.scan, raw.scan);
  const scanners: Record<string, unknown> = {};
  for (const id of selected) {
    const scanner = registry.find((s) => s.id === id)!;
    const own = part(scanner.inputs, scanner.schema, raw.scanners?.[id], `scanners.${id}`);
    if (own === undefined) continue;
    scanners[id] = own;
    if (scan && runsScanners) problems.push(...(scanner.check?.(own, scan) ?? []));
  }
  if (scan && gate) problems.push(...gateCoverage(scan, gate));
  if (scan?.dependencySnapshot && runsScanners) problems.push(...snapshotCoverage(registry, selected, scanners));
  if (publish) problems.push(...modeInputs(publish));
  if (notify) problems.push(...notifyProblems(notify));
  if (scan && orchestration && runsScanners) problems.push(...stageInputs(scan, orchestration));
  if (problems.length > 0 || !scan || !gate || !orchestration || !policy || !publish || !github || !install || !notify) throw new ConfigurationError(problems.join('\n'), problems);
  return deepFreeze({ scan, gate, orchestration, policy, publish, github, install, notify, scanners, extras: options.extras ?? DEFAULT_EXTRAS }) as unknown as Settings<R>;
}

/**
 * The gate can only block on what is reported: a `severity` that leaves out a level at or above `fail-on` would let
 * those findings through unseen (`severity: low` with `fail-on: high` passes two critical secrets).
 */
function gateCoverage(scan: ScanSettings, gate: GateSettings): string[] {
  if (gate.failOn === 'none') return [];
  const failOn = gate.failOn;
  const needed = SEVERITIES.filter((s) => atLeast(s, failOn) && !scan.severities.includes(s)).map(severityWord);
  if (needed.length === 0) return [];
  return [
    `Input 'fail-on' is '${failOn}', but input 'severity' (${scan.severities.map(severityWord).join(',')}) leaves out ${needed.join(', ')}, so the gate could never block on ${needed.length > 1 ? 'those findings' : 'that finding level'}; add ${needed.join(',')} to 'severity' or lower 'fail-on'.`,
  ];
}

/** `dependency-snapshot` needs a selected scanner that writes one (Scanner.dependencySnapshot) with settings that let it. */
function snapshotCoverage(registry: readonly AnyScanner[], selected: readonly string[], own: Record<string, unknown>): string[] {
  const able = registry.filter((s) => s.dependencySnapshot);
  if (able.some((s) => selected.includes(s.id) && own[s.id] !== undefined && s.dependencySnapshot!.available(own[s.id]))) return [];
  const what = able.map((s) => `${s.id} ${s.dependencySnapshot!.needs}`).join('; or ');
  return [`Input 'dependency-snapshot' is true, but no selected scanner writes a dependency snapshot as configured; select ${what || 'a scanner that writes one'}, or set dependency-snapshot: false.`];
}

/** `report-dir` belongs to `mode: publish`, which cannot work without it. */
function modeInputs(publish: PublishSettings): string[] {
  if (publish.mode === 'publish' && publish.reportDir === '') {
    return ["Input 'mode' is 'publish', which needs input 'report-dir': the directory where the workflow downloaded the scan run's report artifact (actions/download-artifact's 'path')."];
  }
  if (publish.mode !== 'publish' && publish.reportDir !== '') {
    return [`Input 'report-dir' is '${publish.reportDir}', but it is only read with 'mode: publish' (input 'mode' is '${publish.mode}'); remove it or set mode: publish.`];
  }
  const only = (input: string, set: boolean, mode: string) =>
    set && publish.mode !== mode ? [`Input '${input}' is set, but it is only read with 'mode: ${mode}' (input 'mode' is '${publish.mode}'); remove it or set mode: ${mode}.`] : [];
  return [...only('shard-key', publish.shardKey !== '', 'shard'), ...only('shards-dir', publish.shardsDir !== '', 'merge'), ...only('expected-shards', publish.expectedShards !== undefined, 'merge')];
}

/**
 * `stages` belongs to `scheduling: staged`, which cannot work without it, and must place every selected scanner in
 * exactly one stage (a scanner left out would silently not run; one that is not selected cannot run).
 */
function stageInputs(scan: ScanSettings, orchestration: OrchestrationSettings): string[] {
  const { scheduling, stages } = orchestration;
  if (scheduling !== 'staged') {
    if (stages.length === 0) return [];
    return [`Input 'stages' is set, but it is only read with 'scheduling: staged' (input 'scheduling' is '${scheduling}'); remove it or set scheduling: staged.`];
  }
  if (stages.length === 0) {
    return ["Input 'scheduling' is 'staged', which needs input 'stages': the stages in order, e.g. 'secrets: gitleaks!; iac: checkov; images: trivy' (or set scheduling: parallel)."];
  }
  const problems: string[] = [];
  const selected = scan.scanners.join(',');
  for (const stage of stages) {
    const extra = stage.scanners.filter((id) => !scan.scanners.includes(id));
    if (extra.length > 0) {
      problems.push(
        `Input 'stages' lists ${extra.map((x) => `'${x}'`).join(', ')} in stage '${stage.name}', which input 'scanners' (${selected}) does not select; add ${extra.length > 1 ? 'them' : 'it'} to 'scanners' or remove ${extra.length > 1 ? 'them' : 'it'} from the stage.`,
      );
    }
  }
  const staged = new Set(stages.flatMap((s) => s.scanners));
  const missing = scan.scanners.filter((id) => !staged.has(id));
  if (missing.length > 0) {
    problems.push(
      `Input 'scanners' selects ${missing.map((x) => `'${x}'`).join(', ')}, which no stage of input 'stages' lists, so ${missing.length > 1 ? 'they' : 'it'} would never run; add ${missing.length > 1 ? 'them' : 'it'} to a stage (e.g. '${stages[stages.length - 1]!.name}: ${[...stages[stages.length - 1]!.scanners, ...missing].join(', ')}') or remove ${missing.length > 1 ? 'them' : 'it'} from 'scanners'.`,
    );
  }
  return problems;
}

/** The `scanners` setting alone (its problems are reported with the rest of the section's). */
function selectedIds(specs: Section, raw: RawSettings | undefined): readonly string[] {
  const spec = specs['scanners']!;
  const r = parseSection({ scanners: spec }, section({ scanners: spec }), { scanners: raw?.['scanners'] });
  return r.ok ? (r.data.scanners as string[]) : [];
}

/** Reads the action inputs and parses them (the config file joins as a second source). */
export function settingsFromInputs<const R extends readonly AnyScanner[]>(read: (name: string) => string, registry: R): Settings<R> {
  return parseSettings(readInputs(read, registry), registry);
}
