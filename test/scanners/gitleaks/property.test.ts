// Property tests of parseGitleaks: arbitrary text, arbitrary JSON, finding lists built from the keys the parser reads
// with hostile values, and mutations of every recorded Gitleaks report give findings or a ScannerError — never a
// TypeError or another exception — and a sample of the accepted inputs renders SARIF that passes the Multitool.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { gitleaks, parseGitleaks } from '../../../src/scanners/gitleaks/index.js';
import { multitoolUnavailableReason, skipMultitool } from '../../support/multitool.js';
import { hostileNumber, hostileString, mutate, mutations, type Json } from '../../support/mutate-json.js';
import { ParserProperty, runs } from '../../support/parser-property.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'gitleaks');
const FILES = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
const DOCS = FILES.map((f) => [f, JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Json] as const);

/** The keys parseGitleaks reads. */
const KEYS = ['RuleID', 'File', 'Description', 'StartLine', 'EndLine', 'StartColumn', 'EndColumn', 'Commit', 'Date', 'Tags', 'Entropy', 'Link'];

const value = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constantFrom('generic-api-key', 'aws-access-token', 'private-key'));
const loose = fc.object({ key: fc.constantFrom(...KEYS), maxDepth: 2, maxKeys: 6, values: [value] });
const line = fc.oneof(fc.integer({ min: 0, max: 400 }), hostileNumber);
const text = fc.oneof(hostileString, fc.constantFrom('generic-api-key', 'slack-webhook-url', 'src/app.js', './deploy/env.sh', 'src\\config\\app.js'));
const finding = fc.record(
  {
    RuleID: text, File: text, Description: text, StartLine: line, EndLine: line, StartColumn: line, EndColumn: line, Commit: text, Date: text,
    Tags: fc.oneof(fc.array(text, { maxLength: 3 }), fc.constant(null), value, fc.constant({ length: 2 })), Entropy: hostileNumber, Link: text, Secret: text, Match: text,
  },
  { requiredKeys: ['RuleID', 'File'] },
);
const shaped = fc.array(fc.oneof({ weight: 5, arbitrary: finding }, { weight: 1, arbitrary: loose }), { maxLength: 4 });

/** The Multitool sample: 8 shaped lists and 4 accepted mutations of each fixture (20 SARIF files). */
const prop = new ParserProperty(gitleaks, { shaped: 8, ...Object.fromEntries(FILES.map((f) => [f, 4])) });
const tempDirs: string[] = [];
afterAll(() => {
  console.log(prop.table());
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('parseGitleaks on arbitrary input: findings or a ScannerError, never another exception', () => {
  it('random text', () => {
    prop.timed('text', () =>
      fc.assert(fc.property(fc.oneof(hostileString, fc.string({ unit: 'binary', maxLength: 300 })), (t) => void prop.attempt('text', () => parseGitleaks(t))), { numRuns: runs(300) }),
    );
  });

  it('random JSON values', () => {
    prop.timed('json', () => fc.assert(fc.property(fc.jsonValue(), (v) => void prop.attempt('json', () => parseGitleaks(JSON.stringify(v)))), { numRuns: runs(300) }));
  });

  it('finding lists built from the keys the parser reads, with hostile values', () => {
    prop.timed('shaped', () =>
      fc.assert(fc.property(shaped, (v) => void prop.attempt('shaped', () => parseGitleaks(JSON.stringify(v)), JSON.stringify(v).slice(0, 200))), { numRuns: runs(1500) }),
    );
    const f = prop.figures.get('shaped')!;
    expect(f.accepted).toBeGreaterThan(50);
    expect(f.rejected).toBeGreaterThan(50);
  });

  it.each(DOCS)('mutations of %s', (file, doc) => {
    prop.timed('mutations', () =>
      fc.assert(
        fc.property(mutations(4), (list) => {
          const { doc: mutated, done } = mutate(doc, list, KEYS);
          const what = done.some((d) => d.focused) ? `${file}: ${done.map((d) => d.text).join(', ')}` : undefined;
          prop.attempt('mutations', () => parseGitleaks(JSON.stringify(mutated)), what, file);
        }),
        { numRuns: runs(300) },
      ),
    );
  });
});

const unavailable = multitoolUnavailableReason();

describe('accepted Gitleaks inputs render SARIF that passes the Multitool (a sample)', () => {
  it('the sample is full: 8 shaped lists and 4 mutations of each of the 3 fixtures, each with findings', () => {
    expect(FILES).toHaveLength(3);
    expect(prop.sample.length).toBe(20);
  });

  it.skipIf(skipMultitool(unavailable))(`0 Multitool errors${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitleaks-property-sarif-'));
    tempDirs.push(dir);
    for (const r of prop.sampleErrors(dir)) expect(r).toEqual({ input: r.input, errors: [] });
  }, 240_000);
});
