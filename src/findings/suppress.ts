import picomatch from 'picomatch';
import type { Finding } from './model.js';
import { sortFindings } from './sort.js';
import type { IgnoreEntryView, PendingSuppression } from '../report/types.js';

/** One entry of the ignore file, parsed (policy/ignore-file.ts). Matching is by every key it gives. */
export type IgnoreEntry = IgnoreEntryView;

/** The suppressions that apply to this run, and what the report says about the others. */
export interface IgnoreRules {
  /** The ignore file, repository-relative. */
  file: string;
  source: 'base' | 'workspace';
  entries: readonly IgnoreEntry[];
  /** Suppressions a pull request adds that do not apply to it. */
  pending: readonly PendingSuppression[];
  /** Findings a scanner's own mechanism suppressed, by scanner id. */
  native: Readonly<Record<string, number>>;
}

export const NO_RULES: IgnoreRules = { file: '.security-scan-ignore.yml', source: 'workspace', entries: [], pending: [], native: {} };

export interface SuppressResult {
  kept: Finding[];
  suppressed: Finding[];
  expired: IgnoreEntry[];
  active: number;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** `lodash`, `lodash@4.17.15`, `@types/node@20.1.0` → name and optional version. */
function splitPackage(spec: string): { name: string; version?: string } {
  const at = spec.lastIndexOf('@');
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name: spec };
}

/** One entry as a predicate: a finding matches when every key the entry gives matches. */
function matcher(e: IgnoreEntry): (f: Finding) => boolean {
  const glob = e.path !== undefined ? picomatch(e.path, { dot: true, nonegate: true }) : undefined;
  const pkg = e.package !== undefined ? splitPackage(e.package) : undefined;
  return (f) => {
    if (e.fingerprint !== undefined && f.fingerprint !== e.fingerprint) return false;
    if (e.rule !== undefined) {
      const r = e.rule;
      if (!same(f.ruleId, r) && !f.sources.some((s) => same(s.ruleId, r)) && !(f.cve ?? []).some((c) => same(c, r))) return false;
    }
    if (glob && (f.location.path === undefined || !glob(f.location.path))) return false;
    if (pkg) {
      if (!f.package || f.package.name !== pkg.name) return false;
      if (pkg.version !== undefined && f.package.version !== pkg.version) return false;
    }
    return true;
  };
}

/**
 * Applies the ignore file's entries (pure). An entry whose `expires` date is before `today` (YYYY-MM-DD; the entry
 * applies through its expiry day) suppresses nothing and is listed as expired, so its findings are back. A finding
 * matched by several entries is suppressed by the first. Suppressed findings are kept, with the reason, in the
 * report's `suppressed` list; they are not counted and not gated.
 */
export function applySuppressions(findings: readonly Finding[], rules: IgnoreRules, today: string): SuppressResult {
  const expired = rules.entries.filter((e) => e.expires !== undefined && e.expires < today);
  const active = rules.entries.filter((e) => !expired.includes(e)).map((e) => ({ entry: e, match: matcher(e) }));
  if (active.length === 0) return { kept: [...findings], suppressed: [], expired, active: 0 };
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const hit = active.find((a) => a.match(f));
    if (!hit) {
      kept.push(f);
      continue;
    }
    const e = hit.entry;
    const what = [e.rule && `rule ${e.rule}`, e.fingerprint && `fingerprint ${e.fingerprint}`, e.path && `path ${e.path}`, e.package && `package ${e.package}`].filter(Boolean).join(', ');
    suppressed.push({ ...f, suppression: { reason: e.reason, ...(e.expires ? { expires: e.expires } : {}), by: `${rules.file} entry ${e.index} (${what})` } });
  }
  return { kept, suppressed: sortFindings(suppressed), expired, active: active.length };
}
