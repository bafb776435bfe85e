import { SEVERITIES, type Finding, type Severity } from '../findings/model.js';
import { COMPLIANCE_FRAMEWORKS } from '../config/extras.js';
import { COMPLIANCE_MAP, FRAMEWORK_NAMES, rowMatches, type MappingRow } from './compliance-map.js';
import type { ComplianceFramework, ComplianceReport, ControlFailure, FrameworkStatus } from './types.js';

const NOTE =
  'Mapped from the findings through a committed table (src/insights/compliance-map.ts); a PASS means no finding maps to a control of the framework, not that the framework is met.';

const worse = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b);

/**
 * Each framework's verdict: FAIL when a control fails on a critical or high finding, PARTIAL when controls fail on
 * medium or low findings only, PASS when none does. Informational findings fail no control. `frameworks` empty: all five.
 */
export function evaluateCompliance(findings: readonly Finding[], frameworks: readonly ComplianceFramework[], map: readonly MappingRow[] = COMPLIANCE_MAP): ComplianceReport {
  const selected = frameworks.length ? COMPLIANCE_FRAMEWORKS.filter((f) => frameworks.includes(f)) : [...COMPLIANCE_FRAMEWORKS];
  const matched = map.map((row) => ({ row, findings: findings.filter((f) => f.severity !== 'info' && rowMatches(row, f)) }));
  const statuses: FrameworkStatus[] = selected.map((fw) => {
    const failures = new Map<string, ControlFailure & { rows: string[]; fps: Set<string> }>();
    const all = new Set<string>();
    for (const { row, findings: hits } of matched) {
      for (const c of row.controls[fw] ?? []) {
        all.add(c.control);
        if (hits.length === 0) continue;
        const severity = hits.reduce<Severity>((w, f) => worse(w, f.severity), 'info');
        const prev = failures.get(c.control);
        const entry = prev ?? { control: c.control, title: c.title, reason: '', sources: [], severity, fingerprints: [], rows: [], fps: new Set<string>() };
        entry.severity = worse(entry.severity, severity);
        for (const f of hits) entry.fps.add(f.fingerprint);
        entry.rows.push(`${hits.length} finding${hits.length === 1 ? '' : 's'} of ${row.about} (${rules(hits)})`);
        if (!entry.sources.includes(row.source)) entry.sources.push(row.source);
        failures.set(c.control, entry);
      }
    }
    const failedControls: ControlFailure[] = [...failures.values()]
      .map(({ rows, fps, ...c }) => ({ ...c, reason: rows.join('; '), fingerprints: [...fps] }))
      .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.control.localeCompare(b.control, 'en', { numeric: true }));
    const status = failedControls.some((c) => c.severity === 'critical' || c.severity === 'high') ? 'FAIL' : failedControls.length ? 'PARTIAL' : 'PASS';
    return { framework: fw, name: FRAMEWORK_NAMES[fw], status, controlsEvaluated: all.size, failedControls };
  });
  return { selection: frameworks.length ? 'config' : 'default', frameworks: statuses, note: NOTE };
}

/** `CVE-2021-23337, CKV_AWS_20 and 3 more`: the rules behind a failure. */
function rules(list: readonly Finding[]): string {
  const ids = [...new Set(list.map((f) => f.ruleId))].sort();
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}
