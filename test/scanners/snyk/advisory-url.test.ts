// The advisory link of a Snyk finding is built from the issue id the scanner printed. An id that is not one of Snyk's
// (found by the schema property test: an id of astral characters, percent-encoded) made a helpUri the SARIF
// Multitool refuses (SARIF1002); such an id now gets no link.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advisoryUrl } from '../../../src/scanners/snyk/parse.js';
import { parseSarif } from '../../../src/scanners/snyk/sarif.js';

// Source: ../shared/fixtures (see test/fixtures/SOURCES.md): `snyk container test --sarif` output.
const CONTAINER_SARIF = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'snyk', 'snyk-container-test-sarif.json'), 'utf8');

describe('advisoryUrl', () => {
  it("links Snyk's ids as before and refuses text that is not an id", () => {
    expect(advisoryUrl('SNYK-DEBIAN10-APT-407502')).toBe('https://security.snyk.io/vuln/SNYK-DEBIAN10-APT-407502');
    expect(advisoryUrl('npm:ms:20170412')).toBe('https://security.snyk.io/vuln/npm%3Ams%3A20170412');
    for (const bad of ['\u{AE27C}\u{1BD1E}', 'a b', '../x', '', 'x'.repeat(201), 'SNYK-JS-X?y=1']) expect(advisoryUrl(bad), bad).toBeUndefined();
  });

  it('a SARIF result whose rule id is not an id gets no reference (so no helpUri)', () => {
    const doc = JSON.parse(CONTAINER_SARIF) as { runs: { results: { ruleId: string }[] }[] };
    const original = doc.runs[0]!.results[0]!.ruleId;
    const linked = parseSarif(CONTAINER_SARIF, 'img:1').findings.find((f) => f.ruleId === original);
    expect(linked?.references?.[0]).toBe(`https://security.snyk.io/vuln/${encodeURIComponent(original)}`);
    doc.runs[0]!.results[0]!.ruleId = '\u{AE27C}\u{1BD1E}';
    const odd = parseSarif(JSON.stringify(doc), 'img:1').findings.find((f) => f.ruleId === '\u{AE27C}\u{1BD1E}');
    expect(odd).toBeDefined();
    expect(odd!.references).toBeUndefined();
  });
});
