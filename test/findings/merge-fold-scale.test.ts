// One finding repeated tens of thousands of times (a shard's findings.json, a scanner's output: both are written by
// code the pull request controls), each copy with its own source and CVE. The fold must stay linear in the group's
// size (it was quadratic: a membership scan of the growing sources and a union copied and sorted per copy), and it
// must fold exactly as before: checked against that fold, kept here as the reference, on random groups.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/model.js';
import { mergeFindings } from '../../src/findings/merge.js';
import { cmp, compareFindings } from '../../src/findings/sort.js';
import { severityRank } from '../../src/findings/severity.js';
import { makeFinding } from '../support/report-builder.js';

/** The fold as it was (quadratic, but plainly right): the reference for the random groups below. */
function referenceFold(group: Finding[], scannerOrder: readonly string[]): Finding {
  const order = (f: Finding) => {
    const i = scannerOrder.indexOf(f.sources[0]!.scanner);
    return i === -1 ? scannerOrder.length : i;
  };
  const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined => (!a?.length && !b?.length ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])].sort());
  const sorted = [...group].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      order(a) - order(b) ||
      compareFindings(a, b) ||
      cmp(a.sources[0]!.ruleId, b.sources[0]!.ruleId) ||
      cmp(a.location.startColumn, b.location.startColumn) ||
      cmp(a.location.endLine, b.location.endLine) ||
      cmp(a.location.endColumn, b.location.endColumn) ||
      cmp(a.title, b.title) ||
      cmp(JSON.stringify(a), JSON.stringify(b)),
  );
  const lead = sorted[0]!;
  const result: Finding = { ...lead, sources: [...lead.sources] };
  for (const other of sorted.slice(1)) {
    for (const s of other.sources) if (!result.sources.some((x) => x.scanner === s.scanner && x.ruleId === s.ruleId)) result.sources.push(s);
    result.cve = union(result.cve, other.cve);
    result.cwe = union(result.cwe, other.cwe);
    result.references = union(result.references, other.references);
    result.score = Math.max(result.score ?? -1, other.score ?? -1) >= 0 ? Math.max(result.score ?? 0, other.score ?? 0) : undefined;
    result.remediation ??= other.remediation;
    result.description ??= other.description;
    result.package ??= other.package;
    if (result.package && other.package && !result.package.fixedVersion && other.package.fixedVersion) result.package = { ...result.package, fixedVersion: other.package.fixedVersion };
  }
  for (const k of ['cve', 'cwe', 'references', 'score'] as const) if (result[k] === undefined) delete result[k];
  return result;
}

const SCANNERS = ['trivy', 'snyk', 'gitleaks'];
const member = fc.record({
  scanner: fc.constantFrom(...SCANNERS),
  ruleId: fc.constantFrom('R1', 'R2', 'R3'),
  severity: fc.constantFrom('critical' as const, 'high' as const, 'low' as const),
  cve: fc.option(fc.array(fc.constantFrom('CVE-1', 'CVE-2', 'CVE-3'), { maxLength: 3 }), { nil: undefined }),
  cwe: fc.option(fc.array(fc.constantFrom('CWE-79', 'CWE-89'), { maxLength: 2 }), { nil: undefined }),
  references: fc.option(fc.array(fc.constantFrom('https://a.example/1', 'https://b.example/2'), { maxLength: 2 }), { nil: undefined }),
  score: fc.option(fc.constantFrom(0, 5.5, 9.8), { nil: undefined }),
  remediation: fc.option(fc.constantFrom('upgrade', 'patch'), { nil: undefined }),
  fixed: fc.option(fc.constantFrom('1.2.3', '2.0.0'), { nil: undefined }),
  title: fc.constantFrom('A', 'B'),
});

describe('mergeFindings folds a large group in linear time, as before', () => {
  it('random groups fold exactly as the reference fold (fast-check: 300 runs)', () => {
    fc.assert(
      fc.property(fc.array(member, { minLength: 2, maxLength: 8 }), (members) => {
        const group = members.map((m, i) => {
          const f = makeFinding({ severity: m.severity, title: m.title, ruleId: m.ruleId, location: { path: 'go.sum', startLine: 1 } }, 0);
          const out: Finding = { ...f, fingerprint: 'same', sources: [{ scanner: m.scanner, ruleId: m.ruleId, severity: m.severity }], package: { name: 'p', version: '1.0.0', ...(m.fixed ? { fixedVersion: m.fixed } : {}) } };
          for (const [k, v] of [['cve', m.cve], ['cwe', m.cwe], ['references', m.references], ['score', m.score], ['remediation', m.remediation]] as const) {
            if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
            else delete (out as unknown as Record<string, unknown>)[k];
          }
          return i % 2 ? out : { ...out }; // distinct objects, some identical in content
        });
        const { findings, merged } = mergeFindings(group, SCANNERS);
        expect(merged).toBe(group.length - 1);
        expect(findings).toEqual([referenceFold(group, SCANNERS)]);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('20,000 copies of one finding, each with its own rule and CVE, fold in linear time (bound 5 s; the quadratic fold took ~20 s)', () => {
    const base = makeFinding({ severity: 'critical', kind: 'vulnerability', location: { path: 'go.sum' } }, 0);
    const copies: Finding[] = Array.from({ length: 20_000 }, (_, i) => ({ ...base, cve: [`CVE-2024-${String(i).padStart(6, '0')}`], sources: [{ scanner: 'trivy', ruleId: `R-${i}`, severity: 'CRITICAL' }] }));
    const t0 = performance.now();
    const { findings } = mergeFindings(copies, ['trivy']);
    const ms = performance.now() - t0;
    expect(findings).toHaveLength(1);
    expect(findings[0]!.sources).toHaveLength(20_000);
    expect(findings[0]!.cve).toHaveLength(20_000);
    // A bound for a denial of service, not a speed target: linear takes ~0.1 s here, the quadratic fold ~20 s.
    expect(ms).toBeLessThan(5_000);
  }, 120_000);
});
