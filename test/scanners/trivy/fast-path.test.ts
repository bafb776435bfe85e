// parseTrivy checks the entries of a report whose text can hold no lone surrogate with trivyPlainSchemas (the same
// checks without the wellFormed transform per string, most of the cost at 100k entries). Both paths must accept,
// refuse and build exactly the same; a report that can hold a lone surrogate still gets U+FFFD.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../../src/errors.js';
import { parseTrivy } from '../../../src/scanners/trivy/index.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trivy');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') || f.endsWith('.golden'));

/** `text` with an unknown top-level key holding an escaped surrogate pair: the slower, transforming path. */
const withEscape = (text: string) => text.replace(/^\s*\{/, '{"X-Pair":"\\ud83d\\ude00",');

function refusal(text: string): string {
  try {
    parseTrivy(text, {});
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerError);
    return (e as ScannerError).detail;
  }
  throw new Error('parseTrivy accepted the document');
}

describe('the plain path builds what the transforming path builds', () => {
  it.each(fixtures)('%s', (file) => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const plain = parseTrivy(text, {});
    expect(plain.findings.length).toBeGreaterThan(0);
    expect(parseTrivy(withEscape(text), {})).toEqual(plain);
  });
});

describe('either path refuses the same entries with the same message', () => {
  const report = (v: Record<string, unknown>) => JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 'go.sum', Type: 'gomod', Vulnerabilities: [{ VulnerabilityID: 'CVE-1-2', PkgName: 'a' }, v] }] });
  it.each([
    [{ VulnerabilityID: ' \t', PkgName: 'a' }, /^Trivy report: Results\[0\]\.Vulnerabilities\[1\]\.VulnerabilityID is a blank string, expected an id$/],
    [{ VulnerabilityID: 'CVE-1-3', PkgName: '' }, /^Trivy report: Results\[0\]\.Vulnerabilities\[1\]\.PkgName is an empty string, expected an id$/],
    [{ VulnerabilityID: 'CVE-1-3', PkgName: 'a', Title: 7 }, /^Trivy report: Results\[0\]\.Vulnerabilities\[1\]\.Title is 7, expected a string$/],
    [{ VulnerabilityID: 'CVE-1-3', PkgName: 'a', References: ['https://x.test', null] }, /References\[1\] is null, expected a string$/],
    [{ VulnerabilityID: 'CVE-1-3', PkgName: 'a', CVSS: { nvd: { V3Score: 11 } } }, /CVSS\.nvd\.V3Score is 11, expected at most 10$/],
  ])('%j', (v, message) => {
    const text = report(v);
    expect(refusal(text)).toMatch(message);
    expect(refusal(withEscape(text))).toBe(refusal(text));
  });
});

describe('a report that can hold a lone surrogate still has it replaced', () => {
  it.each(['\\ud800', '\\uDFFF', '\\uDbff'])('an escaped %s in a title, a package and a reference', (esc) => {
    const text = `{"SchemaVersion":2,"Results":[{"Target":"go.sum","Vulnerabilities":[{"VulnerabilityID":"CVE-2024-1","PkgName":"p${esc}","Title":"a${esc}b","References":["https://x.test/${esc}"]}]}]}`;
    const [f] = parseTrivy(text, {}).findings;
    expect(f!.title).toBe('CVE-2024-1: a\uFFFDb');
    expect(f!.package?.name).toBe('p\uFFFD');
    // Not a URI once made well-formed: dropped, never published with a surrogate in it.
    expect(f!.references).toBeUndefined();
    expect(JSON.stringify(f)).not.toMatch(/\\ud[89a-f]/i);
  });

  it('text that is not well-formed (a lone surrogate in the string itself, not escaped)', () => {
    const text = `{"SchemaVersion":2,"Results":[{"Target":"go.sum","Vulnerabilities":[{"VulnerabilityID":"CVE-2024-1","PkgName":"p","Title":"a\ud800b"}]}]}`;
    expect(parseTrivy(text, {}).findings[0]!.title).toBe('CVE-2024-1: a\uFFFDb');
  });
});
