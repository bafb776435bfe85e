// baseline.json (security-scan/baseline@1): written from a report, read back; findings.json@2 accepted as a baseline;
// hostile documents refused with problems that name the place, never a crash.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { BASELINE_SCHEMA, MAX_BASELINE_ENTRIES, parseBaseline, renderBaseline } from '../../src/report/baseline-schema.js';
import { renderJson } from '../../src/report/json.js';
import { makeFinding } from '../support/report-builder.js';

const AT = '2026-03-01T12:00:00.000Z';
const meta = { generatedAt: AT, tool: { name: 'security-scan', version: 'test' }, context: { repository: 'o/r', sha: 'a'.repeat(40), ref: 'refs/heads/main' } };
const good = () => ({ schema: BASELINE_SCHEMA, generatedAt: AT, context: {}, entries: [{ fingerprint: 'f1', ruleId: 'R', title: 'T', severity: 'high', firstSeen: AT }] });
const problems = (doc: unknown) => {
  const r = parseBaseline(typeof doc === 'string' ? doc : JSON.stringify(doc));
  if (r.ok) throw new Error('accepted');
  return r.problems.join('\n');
};

describe('baseline.json', () => {
  it('round-trips a report: findings and suppressed, firstSeen kept, the same bytes for the same report', () => {
    const f = { ...makeFinding({ severity: 'high' }, 1), firstSeen: '2025-01-01T00:00:00.000Z' };
    const s = { ...makeFinding({ suppression: { reason: 'r', by: 'entry 1' } }, 2) };
    const text = renderBaseline({ findings: [f], suppressed: [s] }, meta);
    expect(renderBaseline({ findings: [f], suppressed: [s] }, meta)).toBe(text);
    const r = parseBaseline(text);
    expect(r).toMatchObject({ ok: true, kind: 'baseline', sha: 'a'.repeat(40) });
    if (!r.ok) return;
    expect(r.entries.map((e) => [e.fingerprint, e.firstSeen])).toEqual([
      ['fp-1', '2025-01-01T00:00:00.000Z'],
      ['fp-2', AT],
    ]);
    expect(JSON.parse(text)).toMatchObject({ schema: 'security-scan/baseline@1', context: { repository: 'o/r', ref: 'refs/heads/main' } });
  });

  it("accepts an earlier run's findings.json (findings@2): its findings and suppressed findings are the entries", () => {
    const report = buildReport(
      [{ status: { id: 'trivy', displayName: 'Trivy', state: 'ok', durationMs: 1, rawCount: 2 }, findings: [makeFinding({ severity: 'high' }, 1), makeFinding({ severity: 'low' }, 2)] }],
      { scanners: ['trivy'], severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'high', now: AT },
      { sha: 'b'.repeat(40) },
    );
    const r = parseBaseline(renderJson(report, { generatedAt: AT, tool: { name: 'security-scan', version: 't' } }));
    expect(r).toMatchObject({ ok: true, kind: 'findings', sha: 'b'.repeat(40) });
    if (r.ok) expect(r.entries.map((e) => [e.fingerprint, e.firstSeen, e.scanners])).toEqual([
      ['fp-1', AT, ['trivy']],
      ['fp-2', AT, ['trivy']],
    ]);
  });

  it.each([
    ['not JSON', '{"schema":', /is not JSON/],
    ['an array', '[]', /schema: is undefined, not 'security-scan\/baseline@1'/],
    ['another schema', { ...good(), schema: 'security-scan/baseline@9' }, /schema: is "security-scan\/baseline@9"/],
    ['an unknown key', { ...good(), extra: 1 }, /has unknown key "extra"/],
    ['a __proto__ key in an entry', `{"schema":"${BASELINE_SCHEMA}","generatedAt":"${AT}","context":{},"entries":[{"__proto__":{"x":1},"fingerprint":"f","ruleId":"R","title":"T","severity":"high","firstSeen":"${AT}"}]}`, /entries\[0\]: has unknown key "__proto__"/],
    ['a severity outside the enum', { ...good(), entries: [{ ...good().entries[0], severity: 'catastrophic' }] }, /entries\[0\]\.severity/],
    ['firstSeen that is not a date', { ...good(), entries: [{ ...good().entries[0], firstSeen: 'yesterday' }] }, /entries\[0\]\.firstSeen/],
    ['an empty fingerprint', { ...good(), entries: [{ ...good().entries[0], fingerprint: '' }] }, /entries\[0\]\.fingerprint/],
    ['a 1 MB title', { ...good(), entries: [{ ...good().entries[0], title: 'x'.repeat(1_000_000) }] }, /entries\[0\]\.title/],
    ['entries that are not a list', { ...good(), entries: { a: 1 } }, /entries/],
    ['a findings.json that is not one', { schema: 'security-scan/findings@2', findings: 'x' }, /generatedAt: is missing/],
  ])('refuses %s, naming the place', (_what, doc, want) => {
    expect(problems(doc)).toMatch(want);
  });

  it('refuses more entries than a baseline may hold, and cuts a flood of problems to ten lines', () => {
    const e = good().entries[0]!;
    expect(problems({ ...good(), entries: Array.from({ length: MAX_BASELINE_ENTRIES + 1 }, () => e) })).toMatch(/entries/);
    const bad = problems({ ...good(), entries: Array.from({ length: 50 }, () => ({ ...e, severity: 'x' })) });
    expect(bad.split('\n')).toHaveLength(11);
    expect(bad).toContain('… and 40 more problems');
  });

  it('a quoted piece of the document is one plain line (no control characters reach the log)', () => {
    const p = problems({ ...good(), schema: 'evil\n::error::forged\u001b[31m' });
    expect(p.includes('\n') || p.includes('\u001b')).toBe(false);
  });
});

describe('baseline.json streamed', () => {
  it('baselinePieces writes the bytes renderBaseline returns, one entry per line, and parses back', async () => {
    const { baselinePieces } = await import('../../src/report/baseline-schema.js');
    const { manyFindings } = await import('../support/report-builder.js');
    const findings = manyFindings(300);
    const meta = { generatedAt: '2026-05-01T12:00:00.000Z', tool: { name: 'security-scan', version: 't' }, context: { repository: 'o/r' } };
    const text = renderBaseline({ findings, suppressed: [] }, meta);
    expect([...baselinePieces({ findings, suppressed: [] }, meta)].join('')).toBe(text);
    expect(text.split('\n').filter((l) => l.includes('"fingerprint":'))).toHaveLength(new Set(findings.map((f) => f.fingerprint)).size);
    const back = parseBaseline(text);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.counts).toEqual(Object.fromEntries(['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, findings.filter((f) => f.severity === s).length])));
  });
});
