// The checks a SARIF file from a fork's artifact passes before upload (src/publish/sarif-check.ts): what the scan
// run writes is accepted; anything that points outside the repository, is over GitHub's limits or claims another
// category is refused with a reason that names where in the file.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/sarif.js';
import { checkSarif, uriProblem, type SarifCheck } from '../../src/publish/sarif-check.js';
import { makeFinding, manyFindings } from '../support/report-builder.js';

const PREFIX = 'security-scan';
const log = (...runs: unknown[]) => JSON.stringify({ version: '2.1.0', runs });
const run = (extra: Record<string, unknown> = {}) => ({ tool: { driver: { name: 'Tool' } }, automationDetails: { id: `${PREFIX}/tool/` }, results: [], ...extra });
const at = (uri: unknown) => ({ ruleId: 'R', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }] });
const refused = (c: SarifCheck) => (c.ok ? 'accepted' : `${c.problem}: ${c.message}`);

describe('uriProblem: artifact URIs must be relative paths inside the repository', () => {
  it.each([
    'src/app.ts',
    'a.tgz%3Ab/c.yaml', // renderSarif encodes a colon inside a segment, so it is not a scheme
    'dir/a%5C%7Cb.js', // a file named a\|b.js
    'alpine', // an image finding's URI
    'services/svc-1/package-lock.json',
    'a%20b/%E2%9C%93.txt',
  ])('accepts %s', (uri) => {
    expect(uriProblem(uri)).toBeUndefined();
  });

  it.each([
    ['../../etc/passwd', "'.' or '..' segment"],
    ['src/../../etc/passwd', "'.' or '..' segment"],
    ['./src/app.ts', "'.' or '..' segment"],
    ['%2E%2E/%2E%2E/etc/passwd', "'.' or '..' segment"],
    ['..%5C..%5Cetc%5Cpasswd', "'.' or '..' segment"],
    ['a%2F..%2F..%2Fetc', 'encoded slash'],
    ['file:///etc/passwd', 'has a scheme'],
    ['FILE:/etc/passwd', 'has a scheme'],
    ['https://evil.example/x.ts', 'has a scheme'],
    ['javascript:alert(1)', 'has a scheme'],
    ['C:\\Windows\\win.ini', 'has a scheme'],
    ['C%3A%5CWindows', 'Windows drive path'],
    ['/etc/passwd', 'is absolute'],
    ['//evil.example/share', 'is absolute'],
    ['\\\\server\\share', 'is absolute'],
    ['src//app.ts', 'empty segment'],
    ['src/', 'empty segment'],
    ['', 'is empty'],
    ['src/app.ts?x=1', 'query or fragment'],
    ['src/app.ts#L1', 'query or fragment'],
    ['src/%E0%A4%A', 'invalid percent-encoding'],
    ['src/a%00b', 'control character'],
    [42, 'is not a string'],
  ])('refuses %j (%s)', (uri, why) => {
    expect(uriProblem(uri)).toContain(why);
  });
});

describe('checkSarif', () => {
  it('accepts what renderSarif writes for a scan run, large ones included', () => {
    const findings = [...manyFindings(3_000), makeFinding({ location: { path: '../../etc/passwd' } }, 9_999), makeFinding({ location: { target: 'ghcr.io/org/app:1.2' } }, 10_000)];
    for (const scanner of ['trivy', 'gitleaks']) {
      const text = renderSarif({ id: scanner, displayName: scanner, informationUri: 'https://example.org/', version: '1' }, findings, { categoryPrefix: PREFIX }).text;
      const c = checkSarif(text, { categoryPrefix: PREFIX });
      expect(refused(c)).toBe('accepted');
      expect(c.ok && c.categories).toEqual([`${PREFIX}/${scanner}/`]);
    }
  });

  it('refuses a file over the gzip limit before parsing it', () => {
    const text = log(run({ properties: { noise: randomBytes(64 * 1024).toString('base64') } }));
    expect(refused(checkSarif(text, { categoryPrefix: PREFIX, maxGzipBytes: 32 * 1024 }))).toMatch(/^too-large: the file is [\d,]+ bytes of gzip, more than GitHub's limit of 32,768$/);
    expect(refused(checkSarif(text, { categoryPrefix: PREFIX }))).toBe('accepted');
  });

  it.each<[string, string, string]>([
    ['text that is not JSON', '{"runs": [', 'not-json: the file is not JSON'],
    ['another SARIF version', JSON.stringify({ version: '2.0.0', runs: [run()] }), 'not-sarif: the file is not a SARIF 2.1.0 log'],
    ['runs that are not an array', JSON.stringify({ version: '2.1.0', runs: {} }), 'not-sarif'],
    ['no runs', log(), 'runs: the file has 0 runs; it must have 1 to 20'],
    ['21 runs', log(...Array.from({ length: 21 }, (_, i) => run({ automationDetails: { id: `${PREFIX}/t${i}/` } }))), 'runs: the file has 21 runs; it must have 1 to 20'],
    ['a run without a tool', log({ automationDetails: { id: `${PREFIX}/x/` } }), 'not-sarif: runs[0] has no tool.driver.name'],
    ['a run without a category', log(run({ automationDetails: undefined })), "category: runs[0].automationDetails.id is missing, not a category under 'security-scan/'"],
    ['a category under another prefix', log(run({ automationDetails: { id: 'other/trivy/' } })), 'category: runs[0].automationDetails.id is "other/trivy/"'],
    ['the bare prefix', log(run({ automationDetails: { id: `${PREFIX}/` } })), 'category: runs[0].automationDetails.id is "security-scan/"'],
    ['a prefix look-alike', log(run({ automationDetails: { id: `${PREFIX}-evil/trivy/` } })), 'category'],
    ['a climbing category', log(run({ automationDetails: { id: `${PREFIX}/../other/` } })), 'category'],
    ['two runs with one category', log(run(), run()), 'duplicate-category: runs[1].automationDetails.id "security-scan/tool/" repeats the category of another run'],
    ['a result URI outside the repository', log(run({ results: [at('src/ok.ts'), at('../../etc/passwd')] })), `uri: runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri "../../etc/passwd" has a '.' or '..' segment`],
    ['a file: URI', log(run({ results: [at('file:///etc/passwd')] })), 'uri: runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri "file:///etc/passwd" has a scheme'],
    ['an absolute base for relative URIs', log(run({ originalUriBaseIds: { SRC: { uri: 'file:///etc/' } }, results: [at('passwd')] })), 'uri: runs[0].originalUriBaseIds.SRC.uri "file:///etc/" has a scheme'],
    ['a run artifact outside', log(run({ artifacts: [{ location: { uri: '/etc/shadow' } }] })), 'uri: runs[0].artifacts[0].location.uri "/etc/shadow" is absolute'],
    [
      'a related location outside, deep in a code flow',
      log(run({ results: [{ ...at('src/a.ts'), codeFlows: [{ threadFlows: [{ locations: [{ location: { physicalLocation: { artifactLocation: { uri: 'https://evil.example/a' } } } }] }] }] }] })),
      'uri: runs[0].results[0].codeFlows[0].threadFlows[0].locations[0].location.physicalLocation.artifactLocation.uri "https://evil.example/a" has a scheme',
    ],
  ])('refuses %s', (_name, text, expected) => {
    expect(refused(checkSarif(text, { categoryPrefix: PREFIX }))).toContain(expected);
  });

  it('refuses a category an earlier file already took (the later upload would replace it)', () => {
    expect(refused(checkSarif(log(run()), { categoryPrefix: PREFIX, taken: new Set([`${PREFIX}/tool/`]) }))).toMatch(/^duplicate-category/);
    expect(refused(checkSarif(log(run()), { categoryPrefix: PREFIX, taken: new Set([`${PREFIX}/other/`]) }))).toBe('accepted');
  });

  it('accepts a nested category and one without the trailing slash, under a prefix with slashes', () => {
    expect(refused(checkSarif(log(run({ automationDetails: { id: 'team/scan/trivy/shard-1/' } })), { categoryPrefix: 'team/scan' }))).toBe('accepted');
    expect(refused(checkSarif(log(run({ automationDetails: { id: 'team/scan/trivy' } })), { categoryPrefix: 'team/scan' }))).toBe('accepted');
  });

  it('walks documents nested far deeper than the call stack would allow', () => {
    const n = 50_000;
    const deep = `${'{"next":'.repeat(n)}{"uri":"../x"}${'}'.repeat(n)}`;
    const text = log(run({ properties: { deep: 'DEEP' } })).replace('"DEEP"', deep);
    const c = refused(checkSarif(text, { categoryPrefix: PREFIX }));
    expect(c).toMatch(/^uri: runs\[0\]\.properties\.deep\.next\.next.*\.…\(49985 more\)\.next.*\.uri "\.\.\/x" has a '\.' or '\.\.' segment/);
    expect(c.length).toBeLessThan(400);
  });

  it('quotes text from the file as one plain line in its messages', () => {
    const c = checkSarif(log(run({ results: [at('../\n::error::forged')] })), { categoryPrefix: PREFIX });
    expect(c.ok).toBe(false);
    expect(!c.ok && c.message).not.toContain('\n');
  });
});
