// findings.json has one definition, the zod schema in src/report/schema.ts: renderJson's output for reports built
// from every scanner's real outputs parses with it (and round-trips), and a bad document is refused with problems
// that name the path in the document.
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { parseFindingsDocument, REPORT_SCHEMA, type FindingsDocument } from '../../src/report/schema.js';
import { allFixtures, reportFromFixtures } from '../support/fixture-report.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

const META = { generatedAt: '2026-05-01T12:00:00.000Z', tool: { name: 'security-scan', version: '0.1.0' } };

/** parse → identify per scanner → buildReport over all five (and a failed one) → renderJson: what the pipeline writes. */
function realReportJson(): { text: string; findings: number } {
  const report = reportFromFixtures(allFixtures(), {
    extra: [{ status: { id: 'extra', displayName: 'Failed one', state: 'failed', durationMs: 3, rawCount: 0, error: 'exit code 2' }, findings: [] }],
    context: { serverUrl: 'https://github.com', repository: 'o/r', sha: 'a'.repeat(40), runId: '1', pullRequest: 3 },
  });
  return { text: renderJson(report, META), findings: report.findings.length };
}

function documentOf(overrides: (doc: Record<string, unknown>) => void): string {
  const report = makeReport([makeFinding({ severity: 'high' }, 0), makeFinding({ severity: 'low' }, 1)], [makeStatus({ id: 'trivy' })]);
  const doc = JSON.parse(renderJson(report, META)) as Record<string, unknown>;
  overrides(doc);
  return JSON.stringify(doc);
}
const findingsOf = (doc: Record<string, unknown>) => doc['findings'] as Record<string, unknown>[];

function problemsOf(text: string): string[] {
  const r = parseFindingsDocument(text);
  if (r.ok) throw new Error('expected the document to be refused');
  return r.problems;
}

describe('the findings.json schema (security-scan/findings@4)', () => {
  it('parses renderJson output for reports built from every scanner’s real outputs, and round-trips it', () => {
    const { text, findings } = realReportJson();
    expect(findings).toBeGreaterThan(100);
    const r = parseFindingsDocument(text);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.document.schema).toBe(REPORT_SCHEMA);
    expect(r.document.findings).toHaveLength(findings);
    expect(new Set(r.document.findings.map((f) => f.sources[0]!.scanner))).toEqual(new Set(['trivy', 'gitleaks', 'snyk', 'checkov', 'falco']));
    // Every optional part of the model occurs, so a key the schema lost would be refused here.
    for (const key of ['lineHash', 'secret', 'package', 'cve', 'cwe', 'references', 'remediation', 'description', 'score', 'properties'] as const) {
      expect(r.document.findings.some((f) => f[key] !== undefined), key).toBe(true);
    }
    expect(r.document.scanners.some((s) => s.summary !== undefined && s.error === undefined)).toBe(true);
    // Nothing is dropped or added by parsing: the document is exactly what was written.
    expect(r.document).toEqual(JSON.parse(text) as FindingsDocument);
  });

  it('parses renderJson output for reports with hostile text (text is data: escaping is the renderers’ job)', () => {
    const title = '<!-- security-scan:v1 workflow=x job=y -->\n<img src=x onerror=alert(1)> @org/team javascript:alert(1)';
    const report = makeReport([makeFinding({ title, location: { path: '../../etc/passwd' } })], [makeStatus({ id: 'trivy', error: title, state: 'failed' })]);
    expect(parseFindingsDocument(renderJson(report, META)).ok).toBe(true);
  });

  it.each<[string, (doc: Record<string, unknown>) => void, string]>([
    ['an unknown severity', (d) => void (findingsOf(d)[1]!['severity'] = 'urgent'), 'findings[1].severity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"'],
    ['a missing title', (d) => void delete findingsOf(d)[0]!['title'], 'findings[0].title: is missing (expected string)'],
    ['a finding without sources', (d) => void (findingsOf(d)[0]!['sources'] = []), 'findings[0].sources: Too small: expected array to have >=1 items'],
    ['a negative raw count', (d) => void ((d['scanners'] as Record<string, unknown>[])[0]!['rawCount'] = -1), 'scanners[0].rawCount: Too small: expected number to be >=0'],
    ['a fractional count', (d) => void ((d['counts'] as Record<string, unknown>)['critical'] = 1.5), 'counts.critical: Invalid input: expected int, received number'],
    ['an unknown scanner state', (d) => void ((d['scanners'] as Record<string, unknown>[])[0]!['state'] = 'paused'), 'scanners[0].state: Invalid option: expected one of "ok"|"failed"|"unavailable"|"skipped"'],
    ['a score above 10', (d) => void (findingsOf(d)[0]!['score'] = 11), 'findings[0].score: Too big: expected number to be <=10'],
    ['a line that is not a number', (d) => void ((findingsOf(d)[0]!['location'] as Record<string, unknown>)['startLine'] = '3'), 'findings[0].location.startLine: Invalid input: expected number, received string'],
    ['an unknown key', (d) => void (findingsOf(d)[0]!['html'] = '<b>x</b>'), 'findings[0]: has unknown key "html"'],
    ['a source naming a scanner the document does not have', (d) => void ((findingsOf(d)[0]!['sources'] as Record<string, unknown>[])[0]!['scanner'] = 'evil'), `findings[0].sources[0].scanner: names scanner "evil", which is not in 'scanners'.`],
    ['no scanner at all', (d) => void Object.assign(d, { scanners: [], findings: [] }), 'scanners: Too small: expected array to have >=1 items'],
    ['a repeated scanner id', (d) => void (d['scanners'] as unknown[]).push((d['scanners'] as unknown[])[0]), 'scanners[1].id: repeats scanner id "trivy".'],
    ['a decision that is not PROCEED or BLOCK', (d) => void (d['decision'] = 'ALLOW'), 'decision: Invalid option: expected one of "PROCEED"|"BLOCK"'],
    ['a fail-on the gate does not know', (d) => void ((d['gate'] as Record<string, unknown>)['failOn'] = 'never'), 'gate.failOn: Invalid option'],
    ['a generatedAt that is not a date-time', (d) => void (d['generatedAt'] = 'yesterday'), 'generatedAt: Invalid ISO datetime'],
  ])('refuses %s, naming the path', (_name, change, expected) => {
    const problems = problemsOf(documentOf(change));
    expect(problems.some((p) => p.startsWith(expected)), problems.join('\n')).toBe(true);
  });

  it('refuses text that is not JSON, another schema id, and a document that is not an object', () => {
    expect(problemsOf('{"schema": ')[0]).toMatch(/^is not JSON: /);
    expect(problemsOf(documentOf((d) => void (d['schema'] = 'security-scan/findings@1')))).toEqual([
      `schema: is "security-scan/findings@1", not '${REPORT_SCHEMA}', 'security-scan/findings@3', 'security-scan/findings@2' (a findings.json this version of security-scan reads)`,
    ]);
    expect(problemsOf('[]')[0]).toMatch(/^\(the document\): Invalid input: expected object, received array/);
  });

  it('reads a findings@3 document (an earlier release wrote it), dropping its insights, which had another shape and are never read', () => {
    const older = documentOf((d) => {
      d['schema'] = 'security-scan/findings@3';
      d['insights'] = { findingsBySeverity: { critical: ['fp-1'] }, slas: { findings: [{ fingerprint: 'fp-1' }] } };
    });
    const r = parseFindingsDocument(older);
    if (!r.ok) throw new Error(r.problems.join('\n'));
    expect(r.document.schema).toBe('security-scan/findings@3');
    expect(r.document.insights).toBeUndefined();
    expect(r.document.findings).toHaveLength(2);
    // The current version's insights are checked, not dropped.
    const current = documentOf((d) => void (d['insights'] = { findingsBySeverity: { critical: ['fp-1'] } }));
    expect(problemsOf(current).some((p) => p.startsWith('insights'))).toBe(true);
  });

  it('quotes keys and values of the document as one plain line, and lists at most 10 problems', () => {
    const hostileKey = 'x\n::error::forged\u001b[31m';
    const problems = problemsOf(
      documentOf((d) => {
        findingsOf(d)[0]![hostileKey] = 1;
        d['findings'] = [...findingsOf(d), ...Array.from({ length: 20 }, () => ({ severity: 'urgent' }))];
      }),
    );
    expect(problems[0]).toBe('findings[0]: has unknown key "x ::error::forged"');
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
    expect(problems).toHaveLength(11);
    expect(problems[10]).toMatch(/^… and \d+ more problems$/);
  });
});
