// Property tests of parseCheckov: arbitrary text, arbitrary JSON, reports (list, single object, summary-only) built
// from the keys the parser reads with hostile values, and mutations of the recorded Checkov outputs (and of their
// single-object and `checks` reshapings) give findings or a ScannerError — never a TypeError or another exception —
// and a sample of the accepted inputs renders SARIF that passes the Multitool.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkov, parseCheckov } from '../../../src/scanners/checkov/index.js';
import { multitoolUnavailableReason, skipMultitool } from '../../support/multitool.js';
import { hostileNumber, hostileString, mutate, mutations, type Json } from '../../support/mutate-json.js';
import { ParserProperty, runs } from '../../support/parser-property.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'checkov');
const load = (f: string) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Json;
const MULTI = load('defectdojo-checkov-report-multiple-check_type.json') as { [k: string]: Json }[];
/** The real outputs and reshapings of them made here (one framework; the full-report `checks` key). */
const DOCS: (readonly [string, Json])[] = [
  ['list (defectdojo)', MULTI],
  ['one report (terraform)', MULTI[0]!],
  ["'checks' shape", MULTI.map(({ results, ...rest }) => ({ ...rest, checks: results! }))],
  ['summary-only (skyfjell)', load('skyfjell-results_json-no-resources.json')],
];

/** The keys parseCheckov reads. */
const KEYS = [
  'check_type', 'results', 'checks', 'summary', 'failed_checks', 'check_id', 'check_name', 'check_result', 'result', 'evaluated_keys', 'severity',
  'name', 'resource', 'check_class', 'bc_check_id', 'file_path', 'file_line_range', 'guideline', 'description', 'short_description', 'passed',
  'failed', 'skipped', 'parsing_errors', 'resource_count', 'checkov_version',
];

const value = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constantFrom('FAILED', 'PASSED', 'HIGH', 'terraform', 'CKV_AWS_20'));
const loose = fc.object({ key: fc.constantFrom(...KEYS), maxDepth: 3, maxKeys: 6, values: [value] });
const text = fc.oneof(hostileString, fc.constantFrom('CKV_AWS_20', 'Ensure S3 bucket is encrypted', '/main.tf', 'https://docs.prismacloud.io/x', 'FAILED'));
const optText = fc.oneof(text, fc.constant(null));
const line = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 400 }) }, { weight: 1, arbitrary: hostileNumber });
const count = fc.oneof({ weight: 4, arbitrary: fc.nat(50) }, { weight: 1, arbitrary: hostileNumber });
const failedCheck = fc.record(
  {
    check_id: text, check_name: optText, severity: fc.oneof(value, fc.record({ name: value }, { requiredKeys: [] })),
    check_result: fc.record({ result: fc.oneof(fc.constantFrom('FAILED', 'PASSED', 'SKIPPED'), optText), evaluated_keys: fc.array(text, { maxLength: 3 }) }, { requiredKeys: [] }),
    resource: optText, check_class: optText, bc_check_id: optText, file_path: optText, file_line_range: fc.array(line, { maxLength: 3 }),
    guideline: optText, description: optText, short_description: optText,
  },
  { requiredKeys: ['check_id'] },
);
const summary = fc.record({ passed: count, failed: count, skipped: count, parsing_errors: count, resource_count: count, checkov_version: text }, { requiredKeys: [] });
const report = fc.record(
  {
    check_type: text,
    results: fc.record({ failed_checks: fc.array(fc.oneof({ weight: 8, arbitrary: failedCheck }, { weight: 1, arbitrary: loose }), { maxLength: 4 }) }, { requiredKeys: [] }),
    summary,
  },
  { requiredKeys: ['results'] },
);
const shaped = fc.oneof(report, fc.array(fc.oneof({ weight: 4, arbitrary: report }, { weight: 1, arbitrary: summary }, { weight: 1, arbitrary: loose }), { maxLength: 3 }), summary, loose);

/** The Multitool sample: 8 shaped documents and 4 accepted mutations of each document with findings (20 SARIF files). */
const prop = new ParserProperty(checkov, { shaped: 8, ...Object.fromEntries(DOCS.map(([name]) => [name, 4])) });
const tempDirs: string[] = [];
afterAll(() => {
  console.log(prop.table());
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('parseCheckov on arbitrary input: findings or a ScannerError, never another exception', () => {
  it('random text', () => {
    prop.timed('text', () =>
      fc.assert(fc.property(fc.oneof(hostileString, fc.string({ unit: 'binary', maxLength: 300 })), (t) => void prop.attempt('text', () => parseCheckov(t))), { numRuns: runs(300) }),
    );
  });

  it('random JSON values', () => {
    prop.timed('json', () => fc.assert(fc.property(fc.jsonValue(), (v) => void prop.attempt('json', () => parseCheckov(JSON.stringify(v)))), { numRuns: runs(300) }));
  });

  it('reports, lists and summaries built from the keys the parser reads, with hostile values', () => {
    prop.timed('shaped', () =>
      fc.assert(fc.property(shaped, (v) => void prop.attempt('shaped', () => parseCheckov(JSON.stringify(v)), JSON.stringify(v).slice(0, 200))), { numRuns: runs(1500) }),
    );
    const f = prop.figures.get('shaped')!;
    expect(f.accepted).toBeGreaterThan(50);
    expect(f.rejected).toBeGreaterThan(50);
  });

  it.each(DOCS)('mutations of the %s document', (name, doc) => {
    const textOf = JSON.stringify(doc);
    prop.timed('mutations', () =>
      fc.assert(
        fc.property(mutations(4), fc.boolean(), (list, warningLine) => {
          const { doc: mutated, done } = mutate(doc, list, KEYS);
          // Checkov may print a warning line before the JSON; the parser skips it.
          const out = `${warningLine ? '2024-01-01 12:00:00 [WARNI] Failed to download module\n' : ''}${JSON.stringify(mutated)}`;
          const what = done.some((d) => d.focused) ? `${name}: ${done.map((d) => d.text).join(', ')}` : undefined;
          prop.attempt('mutations', () => parseCheckov(out), what, name);
        }),
        { numRuns: runs(name.startsWith('summary') ? 100 : 150) },
      ),
    );
    expect(JSON.stringify(doc)).toBe(textOf); // mutations work on copies
  });
});

const unavailable = multitoolUnavailableReason();

describe('accepted Checkov inputs render SARIF that passes the Multitool (a sample)', () => {
  it('the sample is full: 8 shaped documents and 4 mutations of each of the 3 documents with findings', () => {
    expect(prop.sample.length).toBe(20);
  });

  it.skipIf(skipMultitool(unavailable))(`0 Multitool errors${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkov-property-sarif-'));
    tempDirs.push(dir);
    for (const r of prop.sampleErrors(dir)) expect(r).toEqual({ input: r.input, errors: [] });
  }, 240_000);
});
