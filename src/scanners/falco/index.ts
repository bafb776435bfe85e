import { assessFalco } from './assessment.js';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigurationError, ScannerError } from '../../errors.js';
import type { RawFinding } from '../../findings/model.js';
import { isInside } from '../../fs/paths.js';
import { realpathOrUndefined } from '../../fs/real-path.js';
import { isObj, type Json } from '../json.js';
import { defineScanner, takeText, type ScannerText, type ParsedOutput, type RawOutput, type ScanContext, type ScanRun } from '../types.js';
import { categorize, maturity } from './categories.js';
import { writeFalcoDeployFiles } from './deploy.js';
import { FALCO_SEVERITY, atOrAbove, falcoPriority } from './priority.js';
import { redactSecrets } from './redact.js';
import { SENSITIVITY_MATURITIES } from './rules.js';
import { FALCO_FIELDS, falcoEventSchema } from './schema.js';
import { checkOutput, describeProblems, jsonErrorMessage } from '../validate.js';
import { FALCO_CONFIG_FILE, FALCO_INPUTS, falcoSchema, type FalcoFilterSettings, type FalcoSettings } from './settings.js';

/**
 * Falco (runtime detection). Falco runs beside the job (falcosecurity/falco-actions, or a Falco container with
 * `json_output=true`) and writes one JSON event per line; this adapter ingests those files (`falco-events`) and,
 * when `falco-deploy-files` is on, writes a rules file, a DaemonSet and Helm values to `<output-dir>/falco/`.
 *
 * `parse` is pure and cannot see settings, so it returns every event; `falcoFilter` applies the three filters and
 * must be called by the pipeline on Falco's findings (it reports how many each filter dropped):
 *   falco-alert-threshold  drop events whose priority is below it (default `notice`: Falco's stable ruleset puts
 *                          real detections such as "Terminal shell in container" at Notice; Informational and Debug
 *                          are audit trail)
 *   falco-rules-enabled    drop events whose category (falco-categories.ts) is not listed (default: all four)
 *   falco-sensitivity      drop events from rules less mature than the level admits (falco-rules.ts):
 *                          low = stable, medium = stable + incubating (default), high = everything
 */
export { DEFAULT_ALERT_THRESHOLD, type FalcoFilterSettings, type FalcoSettings } from './settings.js';

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

async function runFalco(ctx: ScanContext<FalcoSettings>): Promise<ScanRun> {
  const outputs: RawOutput[] = [];
  for (const given of ctx.settings.events) {
    const file = resolve(ctx.workspace, given);
    const st = await stat(file).catch(() => undefined);
    if (!st) {
      throw new ConfigurationError(
        `Input 'falco-events': '${given}' does not exist (looked at ${file}). Give the JSON-lines file(s) Falco wrote during the job, relative to the workspace.`,
      );
    }
    if (!st.isFile()) throw new ConfigurationError(`Input 'falco-events': '${given}' is not a file; give the JSON-lines file(s) themselves.`);
    // A path given inside the workspace must stay there: the workspace is the PR's, and a symlink it plants could
    // point the events input at any file of the runner. A path the workflow gives outside it (RUNNER_TEMP) is its own.
    const real = await realpathOrUndefined(file);
    const wsReal = (await realpathOrUndefined(ctx.workspace)) ?? ctx.workspace;
    if (isInside(ctx.workspace, file) && (!real || !isInside(wsReal, real))) {
      throw new ConfigurationError(`Input 'falco-events': '${given}' is inside the workspace but leads outside it (through a symlink to ${real ?? 'nowhere'}); give the events file itself.`);
    }
    const rel = toPosix(relative(ctx.workspace, file));
    outputs.push({ file, target: rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : toPosix(file), format: 'jsonl' });
  }
  const published: string[] = [];
  if (ctx.settings.deployFiles) {
    const dir = resolve(ctx.outputDir, 'falco');
    const written = await writeFalcoDeployFiles(dir, ctx.settings);
    published.push(...written);
    ctx.logger.info(`Falco: wrote ${written.length} deployment file(s) to ${toPosix(relative(ctx.workspace, dir)) || '.'}`);
  }
  if (outputs.length === 0) ctx.logger.warning("Falco: no 'falco-events' given, so no runtime events were read.");
  return { outputs, published };
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing


/** Strips Falco's "<time>: <Priority> " prefix from `output` (the time is kept in properties.time). */
const OUTPUT_PREFIX = /^\S+:\s+(emergency|alert|critical|error|warning|notice|informational|info|debug)\s+/i;

function clean(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim();
  return s === '' || s === '<NA>' || s === 'host' ? undefined : s;
}

/** Where the event happened: the pod, else the container, else the host Falco ran on. */
function targetOf(fields: Json, hostname: string | undefined, fallback: string): string {
  const pod = clean(fields['k8s.pod.name']);
  const ns = clean(fields['k8s.ns.name']);
  if (pod) return ns ? `${ns}/${pod}` : pod;
  return clean(fields['container.name']) ?? clean(fields['container.image.repository']) ?? clean(fields['container.id']) ?? hostname ?? fallback;
}

/** output_fields → property names; every field read here is in FALCO_FIELDS, which the schema checks. */
const FIELD_PROPERTIES: readonly [(typeof FALCO_FIELDS)[number], string][] = [
  ['container.id', 'containerId'],
  ['container.name', 'containerName'],
  ['container.image.repository', 'image'],
  ['k8s.ns.name', 'k8sNamespace'],
  ['k8s.pod.name', 'k8sPod'],
  ['proc.name', 'process'],
  ['user.name', 'user'],
];

/**
 * What one line is: a finding; a line that is not an event (a metrics snapshot, another JSON object); a malformed
 * line (not JSON or not an object: a truncated last line, text in the stream); or an event of the wrong shape.
 */
type Parsed = { finding: RawFinding } | { skip: 'snapshot' | 'other' } | { error: string } | { invalid: string };

function toFinding(line: string, target: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    return { error: `not JSON (${jsonErrorMessage(e)})` };
  }
  if (!isObj(raw)) return { error: 'not a JSON object' };
  // An object with none of an event's keys is not an event (e.g. a log line); one with any of them must be one.
  if (!('rule' in raw || 'priority' in raw || 'output' in raw)) return { skip: 'other' };
  if (typeof raw['rule'] === 'string' && raw['rule'].trim().startsWith('Falco internal:')) return { skip: 'snapshot' }; // metrics snapshots
  const checked = checkOutput(falcoEventSchema, raw);
  if (!checked.ok) return { invalid: describeProblems(checked.problems) };
  const event = checked.value;
  const rule = event.rule.trim();
  const priority = falcoPriority(event.priority)!;

  // Keys trimmed: hand-edited outputs have keys with trailing spaces.
  const fields: Json = {};
  if (isObj(event['output_fields'])) for (const [k, v] of Object.entries(event['output_fields'])) fields[k.trim()] = v;

  const tags = event.tags ?? [];
  const { category, from } = categorize(tags);
  const hostname = clean(event['hostname']);
  const properties: NonNullable<RawFinding['properties']> = {
    priority: String(event['priority']).trim(),
    category,
    categoryFrom: from,
    maturity: maturity(tags),
    tags,
  };
  if (typeof event['time'] === 'string') properties['time'] = event['time'];
  if (typeof event['source'] === 'string') properties['source'] = event['source'];
  if (hostname) properties['hostname'] = hostname;
  for (const [field, name] of FIELD_PROPERTIES) {
    const v = clean(fields[field]);
    if (v) properties[name] = redactSecrets(v);
  }
  const output = typeof event['output'] === 'string' ? redactSecrets(event['output'].replace(OUTPUT_PREFIX, '').trim()) : '';
  return {
    finding: {
      kind: 'runtime',
      ruleId: rule,
      title: rule,
      ...(output ? { description: output } : {}),
      severity: FALCO_SEVERITY[priority],
      location: { target: redactSecrets(targetOf(fields, hostname, target)) },
      properties,
      source: { scanner: 'falco', ruleId: rule, severity: String(event['priority']).trim() },
    },
  };
}

const MAX_LISTED = 10;

/**
 * Parses Falco JSON-lines output. Pure. Per line:
 * - blank: skipped;
 * - an event (an object with `rule`, `priority` or `output`): validated against falcoEventSchema; one of the wrong
 *   shape fails the file (ScannerError naming the line and the field): dropping it could hide an alert, and a
 *   truncated write cannot produce a well-formed object, so it means the file is not what Falco wrote;
 * - a metrics snapshot (`Falco internal: …`) or another JSON object (a log line): not an event, counted in
 *   summary.nonEventLines;
 * - malformed (not JSON, or JSON that is not an object: a truncated last line, text in the stream): counted in
 *   summary.malformedLines, with the first line numbers in malformedLineNumbers, rather than hiding the lines after it.
 * A file with no event at all is an error when it has malformed lines, or when its objects are all unknown ones (no
 * event and no metrics snapshot: it is not a Falco events file). An empty file is a run without alerts.
 */
export function parseFalco(input: ScannerText, output: Omit<RawOutput, 'file'> = {}): ParsedOutput {
  const text = takeText(input);
  const target = output.target ?? 'falco';
  const findings: RawFinding[] = [];
  const malformed: number[] = [];
  let firstError = '';
  let snapshots = 0;
  const others: number[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const r = toFinding(line, target);
    if ('finding' in r) findings.push(r.finding);
    else if ('invalid' in r) throw new ScannerError('falco', `${target} line ${i + 1}: ${r.invalid}`);
    else if ('skip' in r) {
      if (r.skip === 'snapshot') snapshots += 1;
      else others.push(i + 1);
    } else {
      malformed.push(i + 1);
      firstError ||= `line ${i + 1}: ${r.error}`;
    }
  }
  if (findings.length === 0 && (malformed.length > 0 || (others.length > 0 && snapshots === 0))) {
    const problems = [
      ...(malformed.length > 0 ? [`${malformed.length} malformed line(s); ${firstError}`] : []),
      ...(others.length > 0 ? [`${others.length} JSON object(s) without 'rule', 'priority' or 'output', first at line ${others[0]}`] : []),
    ];
    throw new ScannerError('falco', `${target} has no Falco JSON event (${problems.join('; ')}). Is json_output enabled?`);
  }
  return {
    findings,
    summary: {
      events: findings.length,
      malformedLines: malformed.length,
      nonEventLines: snapshots + others.length,
      ...(malformed.length > 0 ? { malformedLineNumbers: malformed.slice(0, MAX_LISTED).join(',') } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Filtering (the pipeline applies it; parse cannot see settings)

export interface FalcoFilterResult {
  kept: RawFinding[];
  /** Findings dropped, each counted once under the first filter that dropped it (threshold, category, sensitivity). */
  dropped: { threshold: number; category: number; sensitivity: number };
}

/** Applies alertThreshold, rulesEnabled and sensitivityLevel to Falco findings. Findings of other scanners pass. */
export function falcoFilter(findings: readonly RawFinding[], settings: FalcoFilterSettings): FalcoFilterResult {
  const dropped = { threshold: 0, category: 0, sensitivity: 0 };
  const maturities: readonly string[] = SENSITIVITY_MATURITIES[settings.sensitivityLevel];
  const kept = findings.filter((f) => {
    if (f.source.scanner !== 'falco') return true;
    const p = falcoPriority(f.properties?.['priority']);
    if (p && !atOrAbove(p, settings.alertThreshold)) {
      dropped.threshold += 1;
      return false;
    }
    const category = f.properties?.['category'];
    if (typeof category === 'string' && !(settings.rulesEnabled as readonly string[]).includes(category)) {
      dropped.category += 1;
      return false;
    }
    const m = f.properties?.['maturity'];
    if (typeof m === 'string' && !maturities.includes(m)) {
      dropped.sensitivity += 1;
      return false;
    }
    return true;
  });
  return { kept, dropped };
}

export const falco = defineScanner({
  id: 'falco',
  displayName: 'Falco',
  informationUri: 'https://falco.org',
  inputs: FALCO_INPUTS,
  configFile: FALCO_CONFIG_FILE,
  schema: falcoSchema,
  run: runFalco,
  parse: (text, output) => parseFalco(text, output),
  assess: assessFalco,
  refine: (findings, settings) => {
    const { kept, dropped } = falcoFilter(findings, settings);
    return { kept, dropped: dropped.threshold + dropped.category + dropped.sensitivity };
  },
});
