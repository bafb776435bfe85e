/**
 * Builds findings and ScanReports for tests, with counts, byScanner, gate and accounting computed consistently
 * from the findings (so a test states only what it is about).
 *
 *   const f = makeFinding({ severity: 'high', title: 'x' });
 *   const r = makeReport([f], [makeStatus({ id: 'trivy' })], { context: { sha: 'abc' } });
 */
import type { Finding, Severity } from '../../src/findings/model.js';
import { SEVERITIES } from '../../src/findings/model.js';
import { atLeast } from '../../src/findings/severity.js';
import { sortFindings } from '../../src/findings/sort.js';
import type { FailOn } from '../../src/config/settings.js';
import type { GateOptions } from '../../src/assess/gate.js';
import type {
  GateResult,
  Risk,
  RunContext,
  ScanReport,
  ScannerStatus,
  SeverityCounts,
} from '../../src/report/types.js';

export function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** A finding with plausible defaults; `n` makes fingerprints and titles distinct. */
export function makeFinding(partial: Partial<Finding> = {}, n = 0): Finding {
  const severity = partial.severity ?? 'medium';
  const scanner = partial.sources?.[0]?.scanner ?? 'trivy';
  const ruleId = partial.ruleId ?? `RULE-${n}`;
  return {
    fingerprint: `fp-${n}`,
    kind: 'misconfiguration',
    ruleId,
    title: `Finding ${n}`,
    severity,
    location: { path: 'src/app.ts', startLine: n + 1 },
    sources: [{ scanner, ruleId, severity: severity.toUpperCase() }],
    ...partial,
  };
}

export function makeStatus(partial: Partial<ScannerStatus> & { id: string }): ScannerStatus {
  return {
    displayName: partial.id.charAt(0).toUpperCase() + partial.id.slice(1),
    state: 'ok',
    version: '1.0.0',
    durationMs: 1234,
    rawCount: 0,
    ...partial,
  };
}

const RISK: Record<Severity, Risk> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'LOW' };

export interface ReportOverrides extends Partial<Omit<ScanReport, 'gate' | 'context'>> {
  failOn?: FailOn;
  gate?: Partial<GateResult>;
  context?: RunContext;
}

/** Default context: a PR run with every link part known. */
export const CONTEXT: RunContext = {
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  sha: '0123456789abcdef0123456789abcdef01234567',
  runId: '987654321',
  runAttempt: '1',
  workflow: 'CI',
  job: 'scan',
  pullRequest: 42,
};

export function makeReport(
  findings: Finding[],
  statuses: ScannerStatus[] = [makeStatus({ id: 'trivy' })],
  overrides: ReportOverrides = {},
): ScanReport {
  // In the pipeline's order (most severe first, then the tie-breakers of findings/sort.ts), as ScanReport promises.
  const sorted = sortFindings(findings);
  const counts = zeroCounts();
  const byScanner: Record<string, SeverityCounts> = {};
  for (const s of statuses) byScanner[s.id] = zeroCounts();
  for (const f of sorted) {
    counts[f.severity] += 1;
    const scanners = f.sources.length > 0 ? new Set(f.sources.map((x) => x.scanner)) : new Set(['unknown']);
    for (const scanner of scanners) (byScanner[scanner] ??= zeroCounts())[f.severity] += 1;
  }
  const failOn = overrides.failOn ?? 'high';
  const blocking = zeroCounts();
  if (failOn !== 'none') for (const s of SEVERITIES) if (atLeast(s, failOn)) blocking[s] = counts[s];
  const failedScanners = statuses.filter((s) => s.state === 'failed').map((s) => s.id);
  const reasons: string[] = [];
  const nBlocking = SEVERITIES.reduce((n, s) => n + blocking[s], 0);
  if (nBlocking > 0) reasons.push(`${nBlocking} finding(s) at or above ${failOn}.`);
  for (const id of failedScanners) reasons.push(`Scanner ${id} failed.`);
  const worst = sorted[0]?.severity;
  const raw = sorted.reduce((n, f) => n + f.sources.length, 0);
  return {
    findings: sorted,
    scanners: statuses,
    counts,
    byScanner,
    total: sorted.length,
    risk: worst ? RISK[worst] : 'LOW',
    suppressed: [],
    suppressions: { source: 'workspace', file: '.security-scan-ignore.yml', active: 0, expired: [], pending: [], native: {} },
    notes: [],
    accounting: { raw, reported: sorted.length, merged: raw - sorted.length, filteredBySeverity: 0, filteredByScanner: 0, suppressed: 0, filteredByChangedFiles: 0 },
    ...overrides,
    gate: {
      decision: reasons.length > 0 ? 'BLOCK' : 'PROCEED',
      failOn,
      blocking,
      failedScanners,
      reasons,
      failurePolicy: 'block',
      newOnly: false,
      ...overrides.gate,
    },
    context: overrides.context ?? CONTEXT,
  };
}

/** `n` findings spread over severities in a fixed pattern (deterministic, no randomness). */
export function manyFindings(n: number): Finding[] {
  const pattern: Severity[] = ['low', 'medium', 'info', 'high', 'medium', 'low', 'critical', 'low', 'medium', 'info'];
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const severity = pattern[i % pattern.length] ?? 'low';
    out.push(
      makeFinding(
        {
          severity,
          kind: 'vulnerability',
          title: `Package vulnerability number ${i} in a library with a reasonably long descriptive title`,
          ruleId: `CVE-2024-${String(10000 + i)}`,
          location: { path: `services/svc-${i % 37}/package-lock.json`, startLine: (i % 400) + 1 },
          package: { name: `lib-${i % 101}`, version: `1.${i % 13}.0`, fixedVersion: `1.${(i % 13) + 1}.0` },
          sources: [{ scanner: i % 3 === 0 ? 'gitleaks' : 'trivy', ruleId: `CVE-2024-${String(10000 + i)}`, severity }],
        },
        i,
      ),
    );
  }
  return out;
}

/** decideGate's options with the defaults (block on failed scanners, all findings). */
export function gateOptions(failOn: FailOn, extra: Partial<Omit<GateOptions, 'failOn'>> = {}): GateOptions {
  return { failOn, failurePolicy: 'block', newOnly: false, ...extra };
}
