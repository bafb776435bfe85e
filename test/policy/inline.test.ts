// resolveInlineMarkers: a marker the base already had is honoured (and counted), one the pull request added is not.
import { describe, expect, it } from 'vitest';
import type { RawFinding } from '../../src/findings/model.js';
import { resolveInlineMarkers } from '../../src/policy/inline.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import type { ScannerOutcome } from '../../src/scanners/scan.js';

const FILE = ['const fixture = x; // gitleaks:allow', 'const added = y; // gitleaks:allow', 'const plain = z;'].join('\n');
const secret = (line: number, properties: RawFinding['properties'] = {}): RawFinding => ({
  kind: 'secret',
  ruleId: 'github-pat',
  title: 't',
  severity: 'critical',
  location: { path: 'app.js', startLine: line },
  properties,
  source: { scanner: 'gitleaks', ruleId: 'github-pat', severity: 'assigned:critical' },
});
const outcome = (findings: RawFinding[], summary?: Record<string, number>): ScannerOutcome => ({
  status: { id: 'gitleaks', displayName: 'Gitleaks', state: 'ok', durationMs: 1, rawCount: findings.length, ...(summary ? { summary } : {}) },
  findings,
});
const deps = (lineAdded: ((p: string, l: number) => boolean | undefined) | undefined) => ({
  lineAdded,
  scanners: SCANNERS,
  read: (p: string) => (p === 'app.js' ? FILE : undefined),
});
/** Line 2 was added by the pull request; line 1 and 3 were in the base. */
const prLines = (_p: string, l: number) => l === 2;

describe('resolveInlineMarkers', () => {
  it('drops a finding on a marked base line (counted as native), keeps one on a marked added line (tagged), and an unmarked one', () => {
    const r = resolveInlineMarkers([outcome([secret(1), secret(2), secret(3)])], deps(prLines));
    expect(r.outcomes[0]!.findings.map((f) => [f.location.startLine, f.properties?.['inlineMarker']])).toEqual([
      [2, 'gitleaks:allow'],
      [3, undefined],
    ]);
    expect(r.native).toEqual({ gitleaks: 1 });
  });

  it('when nobody can tell who added the line, the finding stays', () => {
    const r = resolveInlineMarkers([outcome([secret(1)])], deps(() => undefined));
    expect(r.outcomes[0]!.findings).toHaveLength(1);
    expect(r.native).toEqual({});
  });

  it("a finding from a commit's patch (git mode) stays even when the tree's line at its number is a marked base line", () => {
    const r = resolveInlineMarkers([outcome([secret(1, { commit: 'c0ffee' }), secret(2, { commit: 'c0ffee' })])], deps(prLines));
    expect(r.outcomes[0]!.findings.map((f) => [f.location.startLine, f.properties?.['inlineMarker']])).toEqual([
      [1, undefined],
      [2, 'gitleaks:allow'],
    ]);
    expect(r.native).toEqual({});
  });

  it('outside a pull request with approval-required nothing is resolved; the scanner’s own count is passed on', () => {
    const r = resolveInlineMarkers([outcome([secret(1)], { nativeSuppressed: 3 })], deps(undefined));
    expect(r.outcomes[0]!.findings).toHaveLength(1);
    expect(r.native).toEqual({ gitleaks: 3 });
    const both = resolveInlineMarkers([outcome([secret(1)], { nativeSuppressed: 3 })], deps(prLines));
    expect(both.native).toEqual({ gitleaks: 4 });
  });
});
