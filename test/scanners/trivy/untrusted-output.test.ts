// Trivy's report is untrusted (the pull request decides what Trivy prints): a document of the wrong shape fails
// Trivy, with the place in the document, instead of reading as "ran, 0 findings" and letting the gate PROCEED.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScannerError } from '../../../src/errors.js';
import { parseTrivy } from '../../../src/scanners/trivy/index.js';
import { fakeTrivy, runTrivy } from './fake-trivy.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trivy');
const helm = () => JSON.parse(readFileSync(join(FIXTURES, 'misconfig-helm.json.golden'), 'utf8')) as { Results: Record<string, unknown>[] };

function failure(text: string): ScannerError {
  try {
    parseTrivy(text, {});
  } catch (e) {
    expect(e).toBeInstanceOf(ScannerError);
    return e as ScannerError;
  }
  throw new Error('parseTrivy accepted the document');
}

describe('Trivy reports of the wrong shape fail Trivy, naming the place', () => {
  const withResult = (r: Record<string, unknown>) => JSON.stringify({ SchemaVersion: 2, Results: [{ Target: 'main.tf', ...r }] });
  it.each([
    ['{"foo":1}', /SchemaVersion 2 \(got no SchemaVersion\)/],
    ['{"SchemaVersion":2,"Results":"nope"}', /^Trivy report: Results is a string, expected an array$/],
    ['{"SchemaVersion":2,"Results":{"Target":"a"}}', /^Trivy report: Results is an object, expected an array$/],
    ['{"SchemaVersion":2,"Results":[null]}', /^Trivy report: Results\[0\] is null, expected an object$/],
    ['{"SchemaVersion":2,"Results":[{"Misconfigurations":[]}]}', /^Trivy report: Results\[0\]\.Target is missing, expected a string$/],
    [withResult({ Misconfigurations: [null] }), /^Trivy report: Results\[0\]\.Misconfigurations\[0\] is null, expected an object$/],
    [withResult({ Misconfigurations: 'x' }), /^Trivy report: Results\[0\]\.Misconfigurations is a string, expected an array$/],
    [withResult({ Vulnerabilities: [{ PkgName: 'a', InstalledVersion: '1' }] }), /^Trivy report: Results\[0\]\.Vulnerabilities\[0\]\.VulnerabilityID is missing, expected a string$/],
    [withResult({ Vulnerabilities: [{ VulnerabilityID: 'CVE-1-2', PkgName: 'a', Severity: 4 }] }), /Vulnerabilities\[0\]\.Severity is 4, expected a string$/],
    [withResult({ Vulnerabilities: [{ VulnerabilityID: 'CVE-1-2', PkgName: 'a', CVSS: { nvd: { V3Score: 'high' } } }] }), /Vulnerabilities\[0\]\.CVSS\.nvd\.V3Score is a string, expected a number$/],
    [withResult({ Secrets: [{ RuleID: '', StartLine: 3 }] }), /^Trivy report: Results\[0\]\.Secrets\[0\]\.RuleID is an empty string, expected an id$/],
    [withResult({ Secrets: [{ RuleID: 'aws', StartLine: -3 }] }), /Secrets\[0\]\.StartLine is -3, expected at least 0$/],
    [withResult({ Misconfigurations: [{ ID: 'X', CauseMetadata: { StartLine: 1.5 } }] }), /Misconfigurations\[0\]\.CauseMetadata\.StartLine is 1\.5, expected a whole number$/],
    [withResult({ Licenses: [{ Name: 'MIT', Confidence: '1' }] }), /Licenses\[0\]\.Confidence is a string, expected a number$/],
  ])('%s', (text, message) => {
    const e = failure(text);
    expect(e.scanner).toBe('trivy');
    expect(e.detail).toMatch(message);
  });

  it('a real report with one misconfiguration replaced by null', () => {
    const report = helm();
    (report.Results[0]!['Misconfigurations'] as unknown[])[3] = null;
    expect(failure(JSON.stringify(report)).detail).toBe('Trivy report: Results[0].Misconfigurations[3] is null, expected an object');
  });

  it('entries are checked one at a time: a bad one after thousands of good ones, or with problems in other Results, is named as the one-call check names it', () => {
    const good = (i: number) => ({ VulnerabilityID: `CVE-2024-${i}`, PkgName: `p${i}`, InstalledVersion: '1' });
    const many = { Target: 'a/package-lock.json', Vulnerabilities: Array.from({ length: 3000 }, (_, i) => good(i)) };
    const bad = { Target: 'b/package-lock.json', Vulnerabilities: [good(1), { ...good(2), PkgName: 5 }] };
    expect(failure(JSON.stringify({ SchemaVersion: 2, Results: [many, bad] })).detail).toBe('Trivy report: Results[1].Vulnerabilities[1].PkgName is 5, expected a string');
    // An entry's problem before a Result's own: both, in document order.
    const two = { SchemaVersion: 2, Results: [{ Target: 'x', Secrets: [{ RuleID: 7 }] }, { Target: '' }] };
    expect(failure(JSON.stringify(two)).detail).toBe('Trivy report: Results[0].Secrets[0].RuleID is 7, expected a string; Results[1].Target is an empty string, expected an id');
  });

  it('accepts a report without Results (a clean tree) and fields it does not know', () => {
    expect(parseTrivy('{"SchemaVersion":2,"ArtifactName":".","ArtifactType":"filesystem"}', {}).findings).toEqual([]);
    const report = helm();
    const extra = { ...report, NewTopLevel: { x: [1] }, Results: report.Results.map((r) => ({ ...r, NewField: null })) };
    expect(parseTrivy(JSON.stringify(extra), {})).toEqual(parseTrivy(JSON.stringify(report), {}));
  });
});

describe('blank texts never make a blank rule id or title (SARIF needs both)', () => {
  it('a blank misconfiguration ID falls back to the AVDID, a blank Title to the id; a blank secret Title to the RuleID', () => {
    const text = JSON.stringify({
      SchemaVersion: 2,
      Results: [
        {
          Target: 'main.tf',
          Misconfigurations: [{ ID: ' ', AVDID: 'AVD-AWS-0089', Title: '', Severity: 'LOW', Status: 'FAIL' }],
          Secrets: [{ RuleID: 'aws-access-key-id', Title: '  ', Severity: 'CRITICAL', StartLine: 2 }],
        },
      ],
    });
    const { findings } = parseTrivy(text, {});
    expect(findings.map((f) => [f.ruleId, f.title])).toEqual([
      ['AVD-AWS-0089', 'AVD-AWS-0089'],
      ['aws-access-key-id', 'aws-access-key-id'],
    ]);
  });

  it('references that are not http(s) URLs are dropped (they would be a SARIF helpUri and a Markdown link)', () => {
    const text = JSON.stringify({
      SchemaVersion: 2,
      Results: [{ Target: 'a', Misconfigurations: [{ ID: 'X-1', Title: 't', PrimaryURL: 'javascript:alert(1)', References: ['%%@', 'https://avd.aquasec.com/misconfig/x-1'] }] }],
    });
    expect(parseTrivy(text, {}).findings[0]!.references).toEqual(['https://avd.aquasec.com/misconfig/x-1']);
  });
});

describe('end to end through runOne and the gate (fake trivy)', () => {
  it.each([
    ['{"foo":1}', 'output is not a Trivy JSON report with SchemaVersion 2 (got no SchemaVersion).'],
    ['{"SchemaVersion":2,"Results":"nope"}', 'Trivy report: Results is a string, expected an array'],
  ])('%s → Trivy failed, the gate BLOCKs, and the summary does not say "ran"', async (json, error) => {
    const { outcome, report, markdown } = await runTrivy(fakeTrivy({ '.': { json } }));
    expect(outcome.status.state).toBe('failed');
    expect(outcome.status.error).toBe(error);
    expect(report.gate.decision).toBe('BLOCK');
    expect(report.gate.reasons).toContain(`Trivy failed: ${error}`);
    expect(markdown).not.toContain('✅ ran');
    expect(markdown).toContain('❌ failed');
  });
});
