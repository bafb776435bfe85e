// The baseline diff (pure) and the fingerprint it matches on: new / unchanged with firstSeen, fixed (sorted, in
// scope only), suppressed findings diffed too; and, through identify() on real files, fingerprints that survive lines
// inserted above a finding but not a change to the finding's own line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineEntries, baselineScope, diffBaseline, type Baseline, type BaselineEntry } from '../../src/findings/baseline.js';
import { identify } from '../../src/findings/identify.js';
import type { Finding, RawFinding, Severity } from '../../src/findings/model.js';
import { workspaceReader } from '../../src/findings/reader.js';

const NOW = '2026-03-01T00:00:00.000Z';
const THEN = '2025-11-20T10:00:00.000Z';

function finding(fp: string, severity: Severity = 'high', over: Partial<Finding> = {}): Finding {
  return { fingerprint: fp, kind: 'misconfiguration', ruleId: `R-${fp}`, title: `t ${fp}`, severity, location: { path: `${fp}.tf`, startLine: 1 }, sources: [{ scanner: 'trivy', ruleId: `R-${fp}`, severity: 'HIGH' }], ...over };
}
function entry(fp: string, over: Partial<BaselineEntry> = {}): BaselineEntry {
  return { fingerprint: fp, ruleId: `R-${fp}`, title: `t ${fp}`, severity: 'high', path: `${fp}.tf`, firstSeen: THEN, scanners: ['trivy'], ...over };
}
const found = (entries: BaselineEntry[]): Baseline => ({ found: true, source: 'test baseline', entries });

describe('diffBaseline', () => {
  it('marks findings new (firstSeen now) or unchanged (the baseline firstSeen); baseline entries not found are fixed', () => {
    const d = diffBaseline([finding('a'), finding('b')], [], found([entry('b'), entry('c')]), NOW);
    expect(d.findings.map((f) => [f.fingerprint, f.baseline, f.firstSeen])).toEqual([
      ['a', 'new', NOW],
      ['b', 'unchanged', THEN],
    ]);
    expect(d.report).toEqual({ source: 'test baseline', found: true, new: 1, unchanged: 1, fixed: [{ fingerprint: 'c', ruleId: 'R-c', title: 't c', severity: 'high', path: 'c.tf' }] });
  });

  it('suppressed findings are diffed too: one in the baseline is unchanged and not fixed (an expiring suppression is not "new")', () => {
    const d = diffBaseline([], [finding('s', 'high', { suppression: { reason: 'accepted', by: 'entry 1' } })], found([entry('s')]), NOW);
    expect(d.suppressed[0]).toMatchObject({ baseline: 'unchanged', firstSeen: THEN });
    expect(d.report).toMatchObject({ new: 0, unchanged: 0, fixed: [] });
    // the next run, suppression expired: the finding is back, and still unchanged
    const back = diffBaseline([finding('s')], [], found(baselineEntries(d.findings, d.suppressed, NOW)), NOW);
    expect(back.findings[0]).toMatchObject({ baseline: 'unchanged', firstSeen: THEN });
  });

  it('without a baseline every finding is new, nothing is fixed, and the report says why', () => {
    const d = diffBaseline([finding('a')], [finding('s')], { found: false, source: 'no successful run on main yet' }, NOW);
    expect(d.findings.map((f) => f.baseline)).toEqual(['new']);
    expect(d.suppressed.map((f) => f.baseline)).toEqual(['new']);
    expect(d.report).toEqual({ source: 'no successful run on main yet', found: false, new: 1, unchanged: 0, fixed: [] });
  });

  it('fixed is sorted most severe first, then path, rule, fingerprint, whatever the baseline order', () => {
    const entries = [entry('z', { severity: 'low', path: 'a.tf' }), entry('y', { severity: 'critical', path: 'b.tf' }), entry('x', { severity: 'critical', path: 'a.tf' }), entry('w', { severity: 'medium', path: undefined, target: 'img:1' })];
    const fixed = diffBaseline([], [], found(entries), NOW).report.fixed.map((f) => f.fingerprint);
    expect(fixed).toEqual(['x', 'y', 'w', 'z']);
    expect(diffBaseline([], [], found([...entries].reverse()), NOW).report.fixed.map((f) => f.fingerprint)).toEqual(fixed);
  });

  it('a fingerprint repeated in the baseline keeps its earliest firstSeen and is fixed once', () => {
    const d = diffBaseline([finding('a')], [], found([entry('a', { firstSeen: '2026-01-01T00:00:00.000Z' }), entry('a'), entry('b'), entry('b')]), NOW);
    expect(d.findings[0]!.firstSeen).toBe(THEN);
    expect(d.report.fixed.map((f) => f.fingerprint)).toEqual(['b']);
  });

  it('entries out of scope (a failed scanner, a severity left out, a file changed-files-only skips) are not fixed', () => {
    const entries = [entry('gl', { scanners: ['gitleaks'] }), entry('low', { severity: 'low' }), entry('other', { path: 'other.tf' }), entry('here', { path: 'here.tf' })];
    const scope = baselineScope({ okScanners: new Set(['trivy']), severities: ['critical', 'high'], changedFiles: new Set(['here.tf']) });
    expect(diffBaseline([], [], found(entries), NOW, scope).report.fixed.map((f) => f.fingerprint)).toEqual(['here']);
    expect(diffBaseline([], [], found(entries), NOW).report.fixed).toHaveLength(4);
  });

  it('baselineEntries: findings and suppressed, each fingerprint once, sorted, with scanners and firstSeen', () => {
    const f = { ...finding('b'), firstSeen: THEN, sources: [{ scanner: 'trivy', ruleId: 'x', severity: 'h' }, { scanner: 'gitleaks', ruleId: 'y', severity: 'h' }] };
    expect(baselineEntries([f, finding('a')], [finding('b')], NOW)).toEqual([
      { fingerprint: 'a', ruleId: 'R-a', title: 't a', severity: 'high', path: 'a.tf', firstSeen: NOW, scanners: ['trivy'] },
      { fingerprint: 'b', ruleId: 'R-b', title: 't b', severity: 'high', path: 'b.tf', firstSeen: THEN, scanners: ['gitleaks', 'trivy'] },
    ]);
  });
});

describe('fingerprints on real files (identify): what the baseline matches on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baseline-fp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const raw = (line: number): RawFinding => ({
    kind: 'misconfiguration',
    ruleId: 'DS002',
    title: 'Image user should not be root',
    severity: 'high',
    location: { path: 'Dockerfile', startLine: line },
    source: { scanner: 'trivy', ruleId: 'DS002', severity: 'HIGH' },
  });
  const fingerprintWith = (content: string, line: number): string => {
    writeFileSync(join(dir, 'Dockerfile'), content);
    return identify([raw(line)], workspaceReader(dir))[0]!.fingerprint;
  };
  const original = 'FROM node:18\nUSER root\nCOPY . /app\nCMD ["node", "/app/server.js"]\n';

  it('three blank lines (or a comment) inserted above the finding keep its fingerprint', () => {
    const before = fingerprintWith(original, 2);
    expect(fingerprintWith(`\n\n\n${original}`, 5)).toBe(before);
    expect(fingerprintWith(`# syntax=docker/dockerfile:1\n${original}`, 3)).toBe(before);
  });

  it("changing the finding's own line, or a different line, gives another fingerprint", () => {
    const before = fingerprintWith(original, 2);
    expect(fingerprintWith(original.replace('USER root', 'USER admin'), 2)).not.toBe(before);
    expect(fingerprintWith(original, 3)).not.toBe(before);
  });
});
