import type { Finding, Severity } from '../findings/model.js';
import { COMPLIANCE_FRAMEWORKS } from '../config/extras.js';
import { COMPLIANCE_MAP, FRAMEWORK_NAMES, type MappingRow } from './compliance-map.js';
import { FINGERPRINT_LIMIT } from './limits.js';
import type { ComplianceFramework, ComplianceReport, ControlFailure, FrameworkStatus } from './types.js';

const NOTE =
  'Mapped from the findings through a committed table (src/insights/compliance-map.ts); a PASS means no finding maps to a control of the framework, not that the framework is met.';

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const worse = (a: Severity, b: Severity): Severity => (RANK[a] <= RANK[b] ? a : b);

/** The rows of the table indexed once: by CWE id (upper case) and by kind. */
interface RowIndex {
  byCwe: Map<string, number[]>;
  byKind: Map<string, number[]>;
}

function indexRows(map: readonly MappingRow[]): RowIndex {
  const byCwe = new Map<string, number[]>();
  const byKind = new Map<string, number[]>();
  const put = (m: Map<string, number[]>, k: string, i: number) => {
    const l = m.get(k);
    if (!l) m.set(k, [i]);
    else if (!l.includes(i)) l.push(i);
  };
  map.forEach((row, i) => {
    for (const c of row.cwe ?? []) put(byCwe, c.toUpperCase(), i);
    for (const k of row.kinds ?? []) put(byKind, k, i);
  });
  return { byCwe, byKind };
}

/** The rows a finding matches (rowMatches' rule, through the index), in table order, each once. */
function matchingRows(map: readonly MappingRow[], index: RowIndex, f: Finding, out: number[]): void {
  out.length = 0;
  for (const c of f.cwe ?? []) for (const i of index.byCwe.get(c.toUpperCase()) ?? []) if (!out.includes(i)) out.push(i);
  for (const i of index.byKind.get(f.kind) ?? []) {
    if (out.includes(i)) continue;
    const title = map[i]!.title;
    if (!title || title.test(f.title)) out.push(i);
  }
  if (out.length > 1) out.sort((a, b) => a - b);
}

interface RowHits {
  count: number;
  severity: Severity;
  rules: Set<string>;
}

interface ControlHits {
  /** The index of the last finding counted (a finding matching two rows of one control counts once). */
  last: number;
  count: number;
  fingerprints: string[];
}

/**
 * Each framework's verdict: FAIL when a control fails on a critical or high finding, PARTIAL when controls fail on
 * medium or low findings only, PASS when none does. Informational findings fail no control. `frameworks` empty: all
 * five. One pass over the findings (the table indexed by CWE and kind); a failing control counts its distinct findings
 * and lists the first FINGERPRINT_LIMIT of them, most severe first (the report's order).
 */
export function evaluateCompliance(findings: readonly Finding[], frameworks: readonly ComplianceFramework[], map: readonly MappingRow[] = COMPLIANCE_MAP): ComplianceReport {
  const selected = frameworks.length ? COMPLIANCE_FRAMEWORKS.filter((f) => frameworks.includes(f)) : [...COMPLIANCE_FRAMEWORKS];
  const index = indexRows(map);
  const rows: RowHits[] = map.map(() => ({ count: 0, severity: 'info', rules: new Set<string>() }));
  // Per framework, per control: the findings behind it; and per row, the controls (of the selected frameworks) it names.
  const controls = new Map<ComplianceFramework, Map<string, ControlHits>>(selected.map((fw) => [fw, new Map()]));
  const rowControls: ControlHits[][] = map.map((row) =>
    selected.flatMap((fw) =>
      (row.controls[fw] ?? []).map((c) => {
        const byControl = controls.get(fw)!;
        let h = byControl.get(c.control);
        if (!h) byControl.set(c.control, (h = { last: -1, count: 0, fingerprints: [] }));
        return h;
      }),
    ),
  );
  const hit: number[] = [];
  for (let n = 0; n < findings.length; n++) {
    const f = findings[n]!;
    if (f.severity === 'info') continue;
    matchingRows(map, index, f, hit);
    for (const i of hit) {
      const r = rows[i]!;
      r.count++;
      r.severity = worse(r.severity, f.severity);
      r.rules.add(f.ruleId);
      for (const h of rowControls[i]!) {
        if (h.last === n) continue;
        h.last = n;
        h.count++;
        if (h.fingerprints.length < FINGERPRINT_LIMIT) h.fingerprints.push(f.fingerprint);
      }
    }
  }
  const reasons = rows.map((hits, i) => (hits.count ? `${hits.count} finding${hits.count === 1 ? '' : 's'} of ${map[i]!.about} (${rules(hits.rules)})` : ''));
  const statuses: FrameworkStatus[] = selected.map((fw) => {
    const failures = new Map<string, ControlFailure & { rows: string[] }>();
    const all = new Set<string>();
    map.forEach((row, i) => {
      const hits = rows[i]!;
      for (const c of row.controls[fw] ?? []) {
        all.add(c.control);
        if (hits.count === 0) continue;
        let entry = failures.get(c.control);
        if (!entry) {
          const h = controls.get(fw)!.get(c.control)!;
          failures.set(c.control, (entry = { control: c.control, title: c.title, reason: '', sources: [], severity: hits.severity, findings: h.count, fingerprints: h.fingerprints, rows: [] }));
        }
        entry.severity = worse(entry.severity, hits.severity);
        entry.rows.push(reasons[i]!);
        if (!entry.sources.includes(row.source)) entry.sources.push(row.source);
      }
    });
    const failedControls: ControlFailure[] = [...failures.values()]
      .map(({ rows: reasons, ...c }) => ({ ...c, reason: reasons.join('; '), fingerprints: [...c.fingerprints] }))
      .sort((a, b) => RANK[a.severity] - RANK[b.severity] || compareControls(a.control, b.control));
    const status = failedControls.some((c) => c.severity === 'critical' || c.severity === 'high') ? 'FAIL' : failedControls.length ? 'PARTIAL' : 'PASS';
    return { framework: fw, name: FRAMEWORK_NAMES[fw], status, controlsEvaluated: all.size, failedControls };
  });
  return { selection: frameworks.length ? 'config' : 'default', frameworks: statuses, note: NOTE };
}

/** Whether the index gives rowMatches' answer (used by the tests on the committed table). */
export function matchesByIndex(f: Finding, map: readonly MappingRow[] = COMPLIANCE_MAP): number[] {
  const out: number[] = [];
  matchingRows(map, indexRows(map), f, out);
  return out;
}

/** `CVE-2021-23337, CKV_AWS_20 and 3 more`: the rules behind a failure. */
function rules(set: ReadonlySet<string>): string {
  // The three smallest in one pass (a row can have tens of thousands of rules at 100k findings: no full sort).
  const first: string[] = [];
  for (const id of set) {
    if (first.length === 3 && id >= first[2]!) continue;
    let k = first.length < 3 ? first.length : 2;
    first[k] = id;
    while (k > 0 && first[k - 1]! > first[k]!) {
      [first[k - 1], first[k]] = [first[k]!, first[k - 1]!];
      k--;
    }
  }
  return set.size <= 3 ? first.join(', ') : `${first.join(', ')} and ${set.size - 3} more`;
}

/**
 * Control ids in reading order, numbers by value: `A.8.2` < `A.8.9` < `A.8.28`, `164.312(a)(1)` < `164.312(b)`.
 * Digit runs compare as numbers, everything else by code unit: the same order on every runner, and no ICU collator
 * (whose first use costs ~7 ms after the scan, and one per comparison with options).
 */
export function compareControls(a: string, b: string): number {
  const x = a.match(/\d+|\D+/g) ?? [];
  const y = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    if (isDigits(p) && isDigits(q) && Number(p) !== Number(q)) return Number(p) - Number(q);
    return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/** Whether a run of `compareControls`' split is digits (runs are all digits or none). */
const isDigits = (run: string) => run.charCodeAt(0) >= 48 && run.charCodeAt(0) <= 57;
