import type { IgnoreEntry } from '../findings/suppress.js';
import { didYouMean } from '../config/suggest.js';
import { parsePolicyYaml } from './yaml.js';

const ENTRY_KEYS = ['rule', 'fingerprint', 'path', 'package', 'reason', 'expires'] as const;
const MATCH_KEYS = ['rule', 'fingerprint', 'path', 'package'] as const;
/** More entries than any team writes by hand; a generated file this large is refused rather than slow. */
export const MAX_IGNORE_ENTRIES = 5000;

export type IgnoreFileResult = { ok: true; entries: IgnoreEntry[] } | { ok: false; problems: string[] };

function realDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const shown = (v: unknown) => (typeof v === 'string' ? `'${v.slice(0, 80)}'` : JSON.stringify(v)?.slice(0, 80) ?? String(v));

/**
 * The ignore file (`.security-scan-ignore.yml`):
 *
 *     ignore:
 *       - rule: DS002                 # a rule id (any scanner's), or a CVE id
 *         path: Dockerfile            # a glob on the finding's file path (picomatch, dotfiles included)
 *         reason: the base image runs as root by design; tracked in SEC-12
 *         expires: 2027-01-31         # optional: the last day it applies
 *       - fingerprint: 3f2a…          # a finding's fingerprint (findings.json)
 *         reason: …
 *       - package: lodash@4.17.15     # a package, with or without @version
 *         reason: …
 *
 * Every problem is reported at once, each naming the entry, the key, the value and what is allowed.
 */
export function parseIgnoreFile(text: string, file: string): IgnoreFileResult {
  const y = parsePolicyYaml(text, file);
  if (!y.ok) return y;
  const problems: string[] = [];
  for (const key of Object.keys(y.value)) {
    if (key !== 'ignore') problems.push(`${file}: unknown key '${key}'${didYouMean(key, ['ignore'])}; the file has one key, 'ignore', a list of entries.`);
  }
  const list = y.value['ignore'];
  if (list === undefined || list === null) return problems.length ? { ok: false, problems } : { ok: true, entries: [] };
  if (!Array.isArray(list)) return { ok: false, problems: [...problems, `${file}: 'ignore' is ${shown(list)}; use a list of entries (- rule: …, reason: …).`] };
  if (list.length > MAX_IGNORE_ENTRIES) return { ok: false, problems: [...problems, `${file}: 'ignore' has ${list.length} entries; at most ${MAX_IGNORE_ENTRIES} are read.`] };
  const entries: IgnoreEntry[] = [];
  list.forEach((raw, i) => {
    const at = `${file}: ignore[${i + 1}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`${at} is ${shown(raw)}; each entry is a mapping such as { rule: DS002, reason: … }.`);
      return;
    }
    const e = raw as Record<string, unknown>;
    const entry: IgnoreEntry = { index: i + 1, reason: '' };
    let bad = false;
    for (const [k, v] of Object.entries(e)) {
      if (!(ENTRY_KEYS as readonly string[]).includes(k)) {
        problems.push(`${at} has unknown key '${k}'${didYouMean(k, ENTRY_KEYS)}; allowed: ${ENTRY_KEYS.join(', ')}.`);
        bad = true;
        continue;
      }
      const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
      if (s === undefined || s === '') {
        problems.push(`${at}.${k} is ${shown(v)}; use ${k === 'expires' ? 'a date such as 2027-01-31' : 'non-empty text'}.`);
        bad = true;
        continue;
      }
      if (k === 'expires' && !realDate(s)) {
        problems.push(`${at}.expires is ${shown(v)}; use a date such as 2027-01-31 (YYYY-MM-DD, the last day the entry applies).`);
        bad = true;
        continue;
      }
      if (k === 'path' && s.startsWith('/')) {
        problems.push(`${at}.path is ${shown(v)}; use a glob relative to the repository root (e.g. src/**/*.test.js), not an absolute path.`);
        bad = true;
        continue;
      }
      (entry as unknown as Record<string, string>)[k] = s;
    }
    if (!entry.reason && !('reason' in e)) {
      problems.push(`${at} has no 'reason'; say why the finding is accepted (e.g. "test fixture, not a real key" or "tracked in SEC-12").`);
      bad = true;
    }
    if (!MATCH_KEYS.some((k) => k in e)) {
      problems.push(`${at} matches nothing: give at least one of ${MATCH_KEYS.join(', ')}.`);
      bad = true;
    }
    if (!bad) entries.push(entry);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries };
}

/** The same entry, for telling which entries a pull request added (its index may differ). */
export function sameEntry(a: IgnoreEntry, b: IgnoreEntry): boolean {
  return ENTRY_KEYS.every((k) => a[k] === b[k]);
}

/** `rule DS002, path Dockerfile` — what an entry matches, for messages. */
export function describeEntry(e: IgnoreEntry): string {
  return MATCH_KEYS.filter((k) => e[k] !== undefined)
    .map((k) => `${k} ${e[k]}`)
    .join(', ');
}
