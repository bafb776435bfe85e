// src/publish/rebuild.ts on documents that other jobs wrote (a merge's shards, a fork's run): a report forged with an
// honest report's fingerprint cannot stand in for it (another kind, another place) nor take it out of scope.
import { describe, expect, it } from 'vitest';
import { rebuildReport } from '../../src/publish/rebuild.js';
import { findingsDocument } from '../../src/report/json.js';
import { combineDocuments, CONFLICTS_SHOWN, fingerprintConflicts } from '../../src/modes/merge.js';
import type { Finding } from '../../src/findings/model.js';
import { CONTEXT, makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

const META = { generatedAt: '2026-01-01T00:00:00Z', tool: { name: 'security-scan', version: '0' } };
const doc = (findings: Finding[], scanners: string[]) => findingsDocument(makeReport(findings, scanners.map((id) => makeStatus({ id }))), META);

const honest = makeFinding({ fingerprint: 'fp1', kind: 'secret', ruleId: 'slack-webhook-url', title: 'Slack webhook', severity: 'high', location: { path: 'src/app.ts', startLine: 10 }, sources: [{ scanner: 'gitleaks', ruleId: 'slack-webhook-url', severity: 'high' }] });

function merge(forged: Finding): ReturnType<typeof rebuildReport>['report'] {
  const shards = [
    { key: 'a', document: doc([honest], ['gitleaks']) },
    { key: 'b', document: doc([forged], ['trivy']) },
  ];
  return rebuildReport(combineDocuments(shards), { severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'high', context: CONTEXT }).report;
}

describe('a forged report sharing an honest fingerprint', () => {
  it('of another kind and place, equal severity, from a scanner listed first: both are shown, the honest one as it is', () => {
    const forged = makeFinding({ fingerprint: 'fp1', kind: 'license', ruleId: 'benign', title: 'Test fixture (not a secret)', severity: 'high', location: { path: 'README.md', startLine: 1 }, sources: [{ scanner: 'trivy', ruleId: 'benign', severity: 'high' }] });
    const r = merge(forged);
    const shown = r.findings.find((f) => f.kind === 'secret');
    expect(shown, JSON.stringify(r.findings)).toBeDefined();
    expect(shown).toMatchObject({ fingerprint: 'fp1', title: 'Slack webhook', location: { path: 'src/app.ts', startLine: 10 } });
    expect(shown!.sources.map((s) => s.scanner)).toEqual(['gitleaks']);
    expect(r.findings).toHaveLength(2);
    expect(r.gate.decision).toBe('BLOCK');
  });

  it('of the same kind and place (a second scanner reporting the same secret): folded into one, as in a single job', () => {
    const twin = makeFinding({ ...honest, ruleId: 'slack-web-hook', sources: [{ scanner: 'trivy', ruleId: 'slack-web-hook', severity: 'HIGH' }] });
    const r = merge(twin);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.sources.map((s) => s.scanner).sort()).toEqual(['gitleaks', 'trivy']);
  });
});

describe('fingerprintConflicts (merge mode): shards that report one fingerprint as different findings', () => {
  const at = (fp: string, path: string) => makeFinding({ ...honest, fingerprint: fp, location: { path, startLine: 1 } });
  it('names both shards and both places, once per fingerprint; the same finding twice is no conflict', () => {
    const a = { key: 'a', document: doc([at('fp1', 'src/app.ts'), at('fp2', 'src/b.ts')], ['gitleaks']) };
    const b = { key: 'b', document: doc([at('fp1', 'README.md'), at('fp2', 'src/b.ts')], ['gitleaks']) };
    const c = { key: 'c', document: doc([at('fp1', 'other.md')], ['gitleaks']) };
    expect(fingerprintConflicts([a, b, c])).toEqual([
      'Shard "a" reports fingerprint fp1 as secret at src/app.ts and shard "b" as secret at README.md: a report that does not match its fingerprint was written to stand in for another (re-run those legs).',
    ]);
    expect(fingerprintConflicts([a, { ...a, key: 'a2' }])).toEqual([]);
  });

  it(`spells out at most ${CONFLICTS_SHOWN} and counts the rest`, () => {
    const fps = Array.from({ length: 10 }, (_, i) => `fp${i}`);
    const a = { key: 'a', document: doc(fps.map((fp) => at(fp, 'x.ts')), ['gitleaks']) };
    const b = { key: 'b', document: doc(fps.map((fp) => at(fp, 'y.ts')), ['gitleaks']) };
    const r = fingerprintConflicts([a, b]);
    expect(r).toHaveLength(CONFLICTS_SHOWN);
    expect(r[CONFLICTS_SHOWN - 1]).toBe(`${10 - CONFLICTS_SHOWN + 1} more fingerprint(s) are reported as different findings by different reports (see the log).`);
  });
});
