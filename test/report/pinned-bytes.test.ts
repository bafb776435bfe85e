// The bytes of baseline.json and of a budget-cut summary.md, pinned for fixed reports: rendering may get faster, its
// output may not change (the hashes were taken before the H8 speed-ups; a change here is a format change to review).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baselinePieces, renderBaseline } from '../../src/report/baseline-schema.js';
import { renderReport } from '../../src/report/markdown.js';
import type { Finding, Severity } from '../../src/findings/model.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

const AT = '2026-03-01T12:00:00.000Z';
const meta = { generatedAt: AT, tool: { name: 'security-scan', version: 'test' }, context: { repository: 'o/r', sha: 'a'.repeat(40), ref: 'refs/heads/main' } };
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const SEV: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Findings of every shape a baseline entry can take: with and without path, target, scanners, firstSeen; repeats. */
function findings(n: number, titleOf: (i: number) => string = (i) => `Finding ${i} "quoted" \\ ü \u2028 <b>`): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const base = makeFinding({ severity: SEV[i % 5]! }, i);
    const location = i % 7 === 0 ? { target: `img:${i}` } : i % 3 === 0 ? { path: `p/${i}.tf`, startLine: i, target: `t${i}` } : { path: `src/${i % 11}.ts`, startLine: i + 1 };
    const sources = i % 5 === 0 ? [] : i % 4 === 0 ? [{ scanner: 'trivy', ruleId: 'X', severity: 'HIGH' }, { scanner: 'checkov', ruleId: 'Y', severity: 'LOW' }, { scanner: 'trivy', ruleId: 'Z', severity: 'LOW' }] : base.sources;
    out.push({
      ...base,
      fingerprint: `fp-${(i * 7919) % 1000}-${i % 13 === 0 ? 'dup' : i}`,
      title: titleOf(i),
      location,
      sources,
      ...(i % 2 === 0 ? { firstSeen: `2025-0${1 + (i % 9)}-01T00:00:00.000Z` } : {}),
      ...(i % 6 === 0 ? { package: { name: `pkg${i}`, version: '1.0', ...(i % 12 === 0 ? { fixedVersion: '1.1' } : {}) } } : {}),
    });
  }
  return out;
}

describe('pinned bytes', () => {
  it('baseline.json for a fixture report (renderBaseline and the streamed pieces)', () => {
    const all = findings(400);
    const report = { findings: all.slice(0, 300), suppressed: all.slice(250) };
    const text = renderBaseline(report, meta);
    expect([...baselinePieces(report, meta)].join('')).toBe(text);
    expect({ length: text.length, sha: sha(text) }).toMatchInlineSnapshot(`
      {
        "length": 78981,
        "sha": "d842871aa74ab423d8bce7b3f7e666c98377227b6279a96ec017fca321a211c1",
      }
    `);
  });

  it('summary.md cut to budgets (rows of ~100 bytes, tiny rows, long rows, the full report)', () => {
    const report = makeReport(findings(3000), [makeStatus({ id: 'trivy' }), makeStatus({ id: 'checkov' })], { failOn: 'high' });
    // No repository context: no links, rows of ~70 bytes (under renderReport's first guess at a row's size).
    const tiny = makeReport(findings(3000, () => ''), [makeStatus({ id: 'trivy' })], { failOn: 'high', context: {} });
    const long = makeReport(findings(3000, (i) => `${'Long title of a finding '.repeat(6)}${i}`), [makeStatus({ id: 'trivy' })], { failOn: 'high' });
    const out: Record<string, { length: number; sha: string }> = {};
    for (const [name, r] of [['rows', report], ['tiny', tiny], ['long', long]] as const) {
      for (const [unit, max] of [['utf8', 20_000], ['chars', 65_536], ['utf8', 1_048_576]] as const) {
        const md = renderReport(r, { maxChars: max, unit });
        expect(unit === 'utf8' ? Buffer.byteLength(md) : md.length).toBeLessThanOrEqual(max);
        out[`${name} ${unit} ${max}`] = { length: md.length, sha: sha(md) };
      }
    }
    expect(out).toMatchInlineSnapshot(`
      {
        "long chars 65536": {
          "length": 65418,
          "sha": "851921d5d65f5568bccdd21bad95932f6b98fe3ecce11d19b3446d0196e31b6b",
        },
        "long utf8 1048576": {
          "length": 872794,
          "sha": "38d71265128a981d1c8e55b58e0a9f4e8c5dc77e02d9430f6c48b278151fb4bc",
        },
        "long utf8 20000": {
          "length": 19663,
          "sha": "09e3b18a508ab6076d87b6294b2556d1bfadd3e0967211a7ab65d2958c6de9e7",
        },
        "rows chars 65536": {
          "length": 65404,
          "sha": "26f034dc6aaccadfddf327fca20ee755c3286ccba2c88a8988015427297056e5",
        },
        "rows utf8 1048576": {
          "length": 536816,
          "sha": "d9eba3c4c233fa9e9bcfd9a006a0112a5fcca25c757b3dc87185507666ffbc24",
        },
        "rows utf8 20000": {
          "length": 19570,
          "sha": "5a9dd95da2fc59ac91f0c7a821a57087decf61b4bd6b842ce1dda597cbbaad88",
        },
        "tiny chars 65536": {
          "length": 65500,
          "sha": "fc63bf3d2b3f43b6b5ce2d398c6785ac1ef78f3d17062d87d73639dbb97045ee",
        },
        "tiny utf8 1048576": {
          "length": 220855,
          "sha": "ffe1e4cb8df77618a34e238e3ab789a446e908b5464d0c557d247477e55ff461",
        },
        "tiny utf8 20000": {
          "length": 19315,
          "sha": "326496a897626531007b398cacb19b74b13f577a85820869951960fb7369a952",
        },
      }
    `);
  });
});
