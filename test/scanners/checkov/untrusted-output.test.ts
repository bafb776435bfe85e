// Checkov's output is untrusted (the pull request decides what it scans): a document of the wrong shape fails
// Checkov with the place in the document, instead of reading as "no findings" or making findings of the wrong types.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../../src/errors.js';
import { parseCheckov } from '../../../src/scanners/checkov/index.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'checkov');
type Raw = Record<string, unknown>;
const multi = () => JSON.parse(readFileSync(join(FIXTURES, 'defectdojo-checkov-report-multiple-check_type.json'), 'utf8')) as { check_type: string; results: { failed_checks: Raw[] }; summary: Raw }[];

function failure(text: string): ScannerError {
  try {
    parseCheckov(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerError);
    return e as ScannerError;
  }
  throw new Error('parseCheckov accepted the document');
}

/** The first terraform report of the fixture with its first failed check changed. */
function withCheck(over: Raw): string {
  const [tf] = multi();
  return JSON.stringify({ ...tf, results: { failed_checks: [{ ...tf!.results.failed_checks[0], ...over }] } });
}

describe('Checkov output of the wrong shape fails Checkov, naming the place', () => {
  /** A case named by its own text. */
  const same = (text: string, message: RegExp): [string, string, RegExp] => [text, text, message];
  it.each<[string, string, RegExp]>([
    same('{"check_type":"terraform","results":{},"summary":{"failed":5}}', /^Checkov report: results\.failed_checks is missing, but summary\.failed is 5$/),
    same('{"check_type":"terraform","summary":{"failed":0}}', /^Checkov report: results is missing \(and so is 'checks'\), expected an object$/),
    same('{"passed":0,"failed":3,"skipped":0}', /^Checkov report: failed is 3, but a summary-only report lists no failed check$/),
    same('{"passed":"0","failed":0}', /^Checkov report: passed is a string, expected a number$/),
    same('[]', /^Checkov report: the document is an empty array, expected a report, a list of reports or the summary-only object\.$/),
    same('{"Results":[]}', /^Checkov report: the document has neither 'results', 'checks' nor a summary/),
    same('[{"check_type":"terraform","results":{"failed_checks":[]}}, 7]', /^Checkov report: \[1\] is 7, expected an object\.$/),
    same('[{"check_type":"terraform","results":{"failed_checks":[null]}}]', /^Checkov report: \[0\]\.results\.failed_checks\[0\] is null, expected an object$/),
    same('{"check_type":"terraform","results":{"failed_checks":{}}}', /^Checkov report: results\.failed_checks is an object, expected an array$/),
    same('{"check_type":"terraform","checks":{"failed_checks":[{"check_id":" "}]}}', /^Checkov report: checks\.failed_checks\[0\]\.check_id is a blank string, expected an id$/),
    same('{"check_type":7,"results":{"failed_checks":[]}}', /^Checkov report: check_type is 7, expected a string$/),
    same('{"check_type":"terraform","results":{"failed_checks":[]},"summary":{"failed":-1}}', /^Checkov report: summary\.failed is -1, expected at least 0$/),
    ['file_line_range [1.5, 3]', withCheck({ file_line_range: [1.5, 3] }), /^Checkov report: results\.failed_checks\[0\]\.file_line_range\[0\] is 1\.5, expected a whole number$/],
    ["file_line_range '1-41'", withCheck({ file_line_range: '1-41' }), /^Checkov report: results\.failed_checks\[0\]\.file_line_range is a string, expected an array$/],
    ['check_name 5', withCheck({ check_name: 5 }), /^Checkov report: results\.failed_checks\[0\]\.check_name is 5, expected a string$/],
    ['guideline a list', withCheck({ guideline: ['https://x'] }), /^Checkov report: results\.failed_checks\[0\]\.guideline is an array, expected a string$/],
    ['evaluated_keys a string', withCheck({ check_result: { result: 'FAILED', evaluated_keys: 'a' } }), /^Checkov report: results\.failed_checks\[0\]\.check_result\.evaluated_keys is a string, expected an array$/],
  ])('%s', (_name, text, message) => {
    const e = failure(text);
    expect(e.scanner).toBe('checkov');
    expect(e.detail).toMatch(message);
  });

  it('a real list whose dockerfile report lost its failed_checks', () => {
    const reports = multi();
    delete (reports[1]!.results as Raw)['failed_checks'];
    expect(failure(JSON.stringify(reports)).detail).toBe('Checkov report: [1].results.failed_checks is missing, but summary.failed is 2');
  });

  it("accepts the nulls Checkov 3 prints for unset fields, and fields it does not know", () => {
    const reports = multi();
    const nulls = { severity: null, bc_check_id: null, description: null, short_description: null, code_block: null, details: [], check_len: null, vulnerability_details: null };
    const nulled = reports.map((r) => ({ ...r, new_top: { a: 1 }, results: { failed_checks: r.results.failed_checks.map((c) => ({ ...c, ...nulls })) } }));
    expect(parseCheckov(JSON.stringify(nulled))).toEqual(parseCheckov(JSON.stringify(reports)));
    const noGuideline = reports.map((r) => ({ ...r, results: { failed_checks: r.results.failed_checks.map((c) => ({ ...c, guideline: null })) } }));
    expect(parseCheckov(JSON.stringify(noGuideline)).findings.every((f) => f.references === undefined)).toBe(true);
  });
});
