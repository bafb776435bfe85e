// Gitleaks' report is untrusted (the pull request decides what it holds): a document of the wrong shape fails
// Gitleaks with the place in the document, instead of a crash (TypeError) or a finding built from the wrong types.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../../src/errors.js';
import { parseGitleaks } from '../../../src/scanners/gitleaks/index.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'gitleaks');
const real = () => JSON.parse(readFileSync(join(FIXTURES, 'gitleaks-repo-baseline.json'), 'utf8')) as Record<string, unknown>[];

function failure(text: string): ScannerError {
  try {
    parseGitleaks(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerError);
    return e as ScannerError;
  }
  throw new Error('parseGitleaks accepted the document');
}

describe('Gitleaks reports of the wrong shape fail Gitleaks, naming the place', () => {
  const one = (over: Record<string, unknown>) => JSON.stringify([{ RuleID: 'generic-api-key', File: 'a.py', StartLine: 1, ...over }]);
  it.each([
    ['null', /^Gitleaks findings: the document is null, expected an array/],
    ['{"findings":[]}', /^Gitleaks findings: the document is an object, expected an array/],
    ['[null]', /^Gitleaks findings: \[0\] is null, expected an object; finding #1 has no RuleID or File/],
    [one({ RuleID: '' }), /^Gitleaks findings: \[0\]\.RuleID is an empty string, expected an id; finding #1 has no RuleID/],
    [one({ File: 7 }), /^Gitleaks findings: \[0\]\.File is 7, expected a string; finding #1 has no RuleID or File/],
    [one({ StartLine: '3' }), /^Gitleaks findings: \[0\]\.StartLine is a string, expected a number$/],
    [one({ EndColumn: -2 }), /^Gitleaks findings: \[0\]\.EndColumn is -2, expected at least 0$/],
    [one({ Description: 5 }), /^Gitleaks findings: \[0\]\.Description is 5, expected a string$/],
    [one({ Tags: 'aws' }), /^Gitleaks findings: \[0\]\.Tags is a string, expected an array$/],
    [one({ Tags: { length: 1 } }), /^Gitleaks findings: \[0\]\.Tags is an object, expected an array$/],
    [one({ Entropy: '4.5' }), /^Gitleaks findings: \[0\]\.Entropy is a string, expected a number$/],
    [one({ Entropy: 1.7e306 }), /^Gitleaks findings: \[0\]\.Entropy is 1\.7e\+306, expected at most 1000000$/],
  ])('%s', (text, message) => {
    const e = failure(text);
    expect(e.scanner).toBe('gitleaks');
    expect(e.detail).toMatch(message);
  });

  it('a real report whose second finding lost its File', () => {
    const report = real();
    delete report[1]!['File'];
    expect(failure(JSON.stringify(report)).detail).toBe(
      'Gitleaks findings: [1].File is missing, expected a string; finding #2 has no RuleID or File: is this Gitleaks JSON output?',
    );
  });

  it('accepts Tags: null (a Go nil slice) and fields it does not know', () => {
    const report = real();
    const extra = report.map((g) => ({ ...g, Tags: null, NewField: { a: [1] } }));
    expect(parseGitleaks(JSON.stringify(extra))).toEqual(parseGitleaks(JSON.stringify(report.map((g) => ({ ...g, Tags: [] })))));
  });
});
