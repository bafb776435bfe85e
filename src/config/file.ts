/**
 * The config file (`.github/security-scan.yml`, input `config-file`): the same settings as the inputs, in the
 * shape teams already write — every action input by its name at the top level (`fail-on: high`), plus the seed's
 * configuration objects: `<scanner>:` sections (Trivy's severityFilter, scanType…), `orchestration:`,
 * `compliance:` and `report:` (trendHistory). This module maps the file onto the settings' raw sources; the values
 * are parsed by the same zod fields as the inputs (settings.ts), so a value is right or wrong the same way in both. Keys nothing reads are
 * refused with a did-you-mean; options that only mean something outside Actions are accepted and said in the report.
 */
import type { z } from 'zod';
import { SEVERITIES } from '../findings/model.js';
import { COMPLIANCE_FRAMEWORKS, DEFAULT_EXTRAS, REPORT_FORMATS, type ConfigExtras } from './extras.js';
import type { AnyScanner, ConfigFileKey } from '../scanners/types.js';
import { parsePolicyYaml } from '../policy/yaml.js';
import { bool, choices, duration } from './fields.js';
import { allInputs, type RawSources, type SectionName } from './settings.js';
import type { RawSettings, Section } from './schema.js';
import { didYouMean } from './suggest.js';
import { NOTIFY_NOT_IN_FILE } from '../notify/settings.js';

export interface ConfigFile {
  raw: RawSources;
  /** `section.key` (or `scanners.<id>.key`) → how a problem names the value: `.github/security-scan.yml: trivy.severityFilter`. */
  labels: Map<string, string>;
  extras: ConfigExtras;
  /** What the options that only mean something outside Actions do here, for the report. */
  notes: string[];
}

/** Input names a config file must not set: the token is a secret; the file cannot name another config file. */
const NOT_IN_FILE: Record<string, string> = {
  'github-token': 'a token does not belong in a committed file; pass it as the github-token input from a secret.',
  'config-file': 'the config file cannot name another config file; set the config-file input in the workflow.',
  ...NOTIFY_NOT_IN_FILE,
};

type Target = { section: SectionName; key: string } | { scanner: string; key: string } | { timeoutOf: string };

const ORCHESTRATION: Record<string, Target | 'extra'> = {
  schedulingPolicy: { section: 'orchestration', key: 'scheduling' },
  concurrency: { section: 'orchestration', key: 'concurrency' },
  stages: { section: 'orchestration', key: 'stages' },
  failurePolicy: { section: 'gate', key: 'failurePolicy' },
  approvalRequired: { section: 'policy', key: 'approvalRequired' },
  retentionDays: { section: 'publish', key: 'retentionDays' },
  dashboardEnabled: { section: 'publish', key: 'summary' },
  alertingEnabled: { section: 'publish', key: 'annotations' },
  scanSchedule: 'extra',
  reportFormat: 'extra',
  automediateEnabled: 'extra',
};

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$|^[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3})*$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const shown = (v: unknown) => (typeof v === 'string' ? `'${v.slice(0, 80)}'` : (JSON.stringify(v) ?? String(v)).slice(0, 80));

/** Parses a value with a field; its problems prefixed with the file and key. */
function check<T>(field: z.ZodType<T>, value: unknown, label: string, problems: string[]): T | undefined {
  const r = field.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) problems.push(`${label} ${issue.message}`);
  return undefined;
}

function aliased(value: unknown, values: Readonly<Record<string, string>> | undefined): unknown {
  if (!values) return value;
  const one = (v: unknown) => (typeof v === 'string' ? (values[v.trim().toLowerCase()] ?? v) : v);
  if (Array.isArray(value)) return value.map(one);
  if (typeof value === 'string' && value.includes(',')) return value.split(',').map(one).join(',');
  return one(value);
}

/**
 * Maps a config file onto raw sources. Returns every structural problem (unknown keys, a section that is not a
 * mapping, a bad value of a file-only option) at once; the values of settings are checked later, with the inputs,
 * by parseSettings, whose problems name the file's keys through `labels`.
 */
export function parseConfigFile(text: string, file: string, registry: readonly AnyScanner[]): { config: ConfigFile; problems: string[] } {
  const config: ConfigFile = { raw: { scanners: {} }, labels: new Map(), extras: DEFAULT_EXTRAS, notes: [] };
  const problems: string[] = [];
  const y = parsePolicyYaml(text, file);
  if (!y.ok) return { config, problems: y.problems };

  const all = allInputs(registry);
  const byInput = new Map<string, Target>();
  for (const [name, specs] of Object.entries(all) as [string, Section | Record<string, Section>][]) {
    if (name === 'scanners') continue;
    for (const [key, spec] of Object.entries(specs as Section)) byInput.set(spec.input, { section: name as SectionName, key });
  }
  for (const [id, specs] of Object.entries(all.scanners)) for (const [key, spec] of Object.entries(specs)) byInput.set(spec.input, { scanner: id, key });
  const scannerIds = registry.map((s) => s.id);
  const topKeys = [...byInput.keys(), ...scannerIds, 'orchestration', 'compliance', 'report'];

  const put = (target: Target, value: unknown, label: string) => {
    if (value === null || value === undefined) return;
    const raw = config.raw;
    if ('timeoutOf' in target) {
      const scan = (raw.scan ??= {});
      const map = (scan['timeouts'] ??= {}) as RawSettings;
      map[target.timeoutOf] = value;
      config.labels.set(`scan.timeouts`, label);
      return;
    }
    if ('scanner' in target) {
      const own = ((raw.scanners ??= {})[target.scanner] ??= {});
      own[target.key] = value;
      config.labels.set(`scanners.${target.scanner}.${target.key}`, label);
      return;
    }
    (raw[target.section] ??= {})[target.key] = value;
    config.labels.set(`${target.section}.${target.key}`, label);
  };

  let extras: { -readonly [K in keyof ConfigExtras]: ConfigExtras[K] } = { ...DEFAULT_EXTRAS };
  for (const [key, value] of Object.entries(y.value)) {
    const label = `${file}: ${key}`;
    if (key in NOT_IN_FILE) {
      problems.push(`${label}: ${NOT_IN_FILE[key]}`);
      continue;
    }
    const direct = byInput.get(key);
    if (direct) {
      put(direct, value, label);
      continue;
    }
    const scanner = registry.find((s) => s.id === key);
    if (scanner) {
      scannerSection(scanner, value, file, problems, config.notes, put);
      continue;
    }
    if (key === 'orchestration') {
      if (!isObject(value)) {
        problems.push(`${label} is ${shown(value)}; use a mapping of options (schedulingPolicy, failurePolicy, …).`);
        continue;
      }
      for (const [k, v] of Object.entries(value)) {
        const at = `${file}: orchestration.${k}`;
        const t = ORCHESTRATION[k];
        if (!t) problems.push(`${at} is not an option${didYouMean(k, Object.keys(ORCHESTRATION))}; allowed: ${Object.keys(ORCHESTRATION).join(', ')}.`);
        else if (t !== 'extra') put(t, v, at);
        else extras = { ...extras, ...orchestrationExtra(k, v, at, problems, config.notes) };
      }
      continue;
    }
    if (key === 'compliance') {
      const c = complianceSection(value, file, problems);
      if (c) extras = { ...extras, compliance: c };
      continue;
    }
    if (key === 'report') {
      const r = reportSection(value, file, problems);
      if (r) extras = { ...extras, ...r };
      continue;
    }
    problems.push(`${label} is not a setting${didYouMean(key, topKeys)}; use an action input's name (e.g. fail-on), a scanner (${scannerIds.join(', ')}), orchestration, compliance or report.`);
  }
  config.extras = extras;
  return { config, problems };
}

function scannerSection(
  scanner: AnyScanner,
  value: unknown,
  file: string,
  problems: string[],
  notes: string[],
  put: (t: Target, v: unknown, label: string) => void,
): void {
  const id = scanner.id;
  if (!isObject(value)) {
    problems.push(`${file}: ${id} is ${shown(value)}; use a mapping of ${scanner.displayName}'s options.`);
    return;
  }
  const own = Object.keys(scanner.inputs);
  const extra: Record<string, ConfigFileKey> = { ...(scanner.configFile ?? {}) };
  const known = [...new Set([...own, ...Object.keys(extra), 'timeout'])];
  for (const [k, v] of Object.entries(value)) {
    const at = `${file}: ${id}.${k}`;
    const spec = extra[k];
    if (spec && 'setting' in spec) put({ scanner: id, key: spec.setting }, aliased(v, spec.values), at);
    else if (spec && 'common' in spec) put(spec.common === 'timeout' ? { timeoutOf: id } : { section: 'scan', key: 'severities' }, v, at);
    else if (spec && 'note' in spec) {
      const ok = check(spec.field, v, at, problems);
      if (ok !== undefined) notes.push(spec.note(String(ok)));
    } else if (own.includes(k)) put({ scanner: id, key: k }, v, at);
    else if (k === 'timeout') put({ timeoutOf: id }, v, at);
    else problems.push(`${at} is not a ${scanner.displayName} option${didYouMean(k, known)}; allowed: ${known.join(', ')}.`);
  }
}

function orchestrationExtra(key: string, value: unknown, at: string, problems: string[], notes: string[]): Partial<ConfigExtras> {
  if (key === 'scanSchedule') {
    const s = typeof value === 'string' ? value.trim() : '';
    const fields = s.split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
      problems.push(`${at} is ${shown(value)}; use a cron expression of five fields, e.g. '0 3 * * 1' (Mondays 03:00 UTC).`);
      return {};
    }
    notes.push(`orchestration.scanSchedule '${s}': a step cannot schedule itself; add \`on: { schedule: [{ cron: '${s}' }] }\` to the workflow (GitHub runs schedules in UTC, at most every 5 minutes).`);
    return { scanSchedule: s };
  }
  if (key === 'reportFormat') {
    const formats = check(choices(REPORT_FORMATS), value, at, problems);
    if (!formats) return {};
    notes.push(
      `orchestration.reportFormat ${formats.join(', ')}: sarif/, findings.json, summary.md and report.html are always written${formats.includes('pdf') ? '; report.pdf is printed from report.html by the runner\'s Chrome or Chromium (CHROME_PATH, else the usual places; without one a warning says so and the HTML stays)' : ''}.`,
    );
    return { reportFormats: formats };
  }
  const on = check(bool(), value, at, problems);
  if (on === undefined) return {};
  if (on) notes.push('orchestration.automediateEnabled: remediation.patch (version bumps of direct dependencies in package.json, requirements.txt, go.mod and pom.xml) is written into output-dir when a bump is found; apply it with git apply. Transitive-only packages are listed in its header.');
  return { automediate: on };
}

function complianceSection(value: unknown, file: string, problems: string[]): ConfigExtras['compliance'] | undefined {
  if (!isObject(value)) {
    problems.push(`${file}: compliance is ${shown(value)}; use a mapping with frameworks and SLAs.`);
    return undefined;
  }
  let frameworks: ConfigExtras['compliance']['frameworks'] = [];
  const slas = { ...DEFAULT_EXTRAS.compliance.slas };
  for (const [k, v] of Object.entries(value)) {
    const at = `${file}: compliance.${k}`;
    if (k === 'frameworks') {
      const normal = Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.replace(/[\s_]/g, '-').replace(/^soc-?2$/i, 'soc2').replace(/^iso-?27001$/i, 'iso27001') : x)) : v;
      frameworks = check(choices(COMPLIANCE_FRAMEWORKS), normal, at, problems) ?? [];
    } else if (k === 'SLAs' || k === 'slas') {
      if (!isObject(v)) {
        problems.push(`${at} is ${shown(v)}; use a mapping of severity to time to fix, e.g. { critical: 1h, high: 4h, medium: 24h, low: 7d }.`);
        continue;
      }
      for (const [sev, d] of Object.entries(v)) {
        const s = sev.toLowerCase();
        if (!(SEVERITIES as readonly string[]).includes(s) || s === 'info') {
          problems.push(`${at}.${sev} is not a severity${didYouMean(sev, ['critical', 'high', 'medium', 'low'])}; allowed: critical, high, medium, low.`);
          continue;
        }
        const days = typeof d === 'string' ? /^(\d+)d$/i.exec(d.trim()) : null;
        const ms = days ? Number(days[1]) * 86_400_000 : check(duration(), d, `${at}.${sev}`, problems);
        if (ms !== undefined) slas[s as keyof typeof slas] = ms;
      }
    } else problems.push(`${at} is not an option${didYouMean(k, ['frameworks', 'SLAs'])}; allowed: frameworks, SLAs.`);
  }
  return { frameworks, slas };
}

/** How many default-branch baselines the trends may read at most (each is one artifact download). */
export const MAX_TREND_HISTORY = 50;

/** `report:` — options of the report itself: `trendHistory` (0–50, default 10). */
function reportSection(value: unknown, file: string, problems: string[]): Partial<ConfigExtras> | undefined {
  if (!isObject(value)) {
    problems.push(`${file}: report is ${shown(value)}; use a mapping of options, e.g. { trendHistory: 10 }.`);
    return undefined;
  }
  const out: { trendHistory?: number } = {};
  for (const [k, v] of Object.entries(value)) {
    const at = `${file}: report.${k}`;
    if (k === 'trendHistory') {
      const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_TREND_HISTORY) {
        problems.push(`${at} is ${shown(v)}; use a whole number from 0 (no trends) to ${MAX_TREND_HISTORY}: how many of the default branch's latest baselines the trends read (default ${DEFAULT_EXTRAS.trendHistory}).`);
      } else out.trendHistory = n;
    } else problems.push(`${at} is not an option${didYouMean(k, ['trendHistory'])}; allowed: trendHistory.`);
  }
  return out;
}
