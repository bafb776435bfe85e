// Property tests of parseTrivy: arbitrary text, arbitrary JSON, objects built from the keys the parser reads with
// hostile values, and mutations of every recorded Trivy report (drop a field or an item, null it, replace it with
// any JSON or a hostile value of its type) give findings or a ScannerError — never a TypeError or another exception —
// and a sample of the accepted inputs renders SARIF that passes the Multitool with 0 errors.
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrivy, trivy } from '../../../src/scanners/trivy/index.js';
import { multitoolUnavailableReason, skipMultitool } from '../../support/multitool.js';
import { hostileNumber, hostileString, mutate, mutations, type Json } from '../../support/mutate-json.js';
import { ParserProperty, runs } from '../../support/parser-property.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trivy');
const FILES = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') || f.endsWith('.json.golden')).sort();
const DOCS = FILES.map((f) => [f, JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Json] as const);

/** The keys parseTrivy reads: mutations are focused on them, and shaped objects are built from them. */
const KEYS = [
  'SchemaVersion', 'ArtifactName', 'ArtifactType', 'Results', 'Target', 'Class', 'Type', 'Vulnerabilities', 'Misconfigurations', 'Secrets',
  'Licenses', 'VulnerabilityID', 'PkgName', 'InstalledVersion', 'FixedVersion', 'Status', 'PkgIdentifier', 'PURL', 'PkgPath', 'Title',
  'Description', 'Severity', 'SeveritySource', 'PrimaryURL', 'References', 'CweIDs', 'CVSS', 'V2Score', 'V3Score', 'V40Score', 'ID', 'AVDID',
  'Message', 'Resolution', 'CauseMetadata', 'Resource', 'Provider', 'Service', 'StartLine', 'EndLine', 'RuleID', 'Category', 'Name',
  'FilePath', 'Confidence', 'Link',
];

const value = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constantFrom('HIGH', 'CRITICAL', 'UNKNOWN', 'FAIL', 'PASS', 'nvd', 'container_image', 2));
const loose = fc.object({ key: fc.constantFrom(...KEYS), maxDepth: 3, maxKeys: 6, values: [value] });
const text = fc.oneof(hostileString, fc.constantFrom('https://avd.aquasec.com/nvd/cve-2019-1549', 'CVE-2021-44228'));
const line = fc.oneof(fc.integer({ min: 0, max: 400 }), hostileNumber);
const score = fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), hostileNumber);
const vulnerability = fc.record(
  {
    VulnerabilityID: text, PkgName: text, InstalledVersion: text, FixedVersion: text, Status: text, PkgPath: text, Title: text,
    Description: text, Severity: fc.oneof(text, fc.constantFrom('HIGH', 'LOW')), SeveritySource: fc.constantFrom('nvd', 'ghsa', 'x'),
    PrimaryURL: text, References: fc.array(text, { maxLength: 3 }), CweIDs: fc.array(text, { maxLength: 2 }),
    PkgIdentifier: fc.record({ PURL: text }, { requiredKeys: [] }),
    CVSS: fc.dictionary(fc.constantFrom('nvd', 'ghsa', 'redhat', '__proto__', 'a b'), fc.record({ V2Score: score, V3Score: score, V40Score: score }, { requiredKeys: [] }), { maxKeys: 3 }),
  },
  { requiredKeys: ['VulnerabilityID', 'PkgName'] },
);
const misconfiguration = fc.record(
  {
    Type: text, ID: text, AVDID: text, Title: text, Description: text, Message: text, Resolution: text, Severity: text, PrimaryURL: text,
    References: fc.array(text, { maxLength: 3 }), Status: fc.constantFrom('FAIL', 'PASS', 'EXCEPTION', ''),
    CauseMetadata: fc.record({ Resource: text, Provider: text, Service: text, StartLine: line, EndLine: line }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const secret = fc.record({ RuleID: text, Category: text, Severity: text, Title: text, StartLine: line, EndLine: line, Match: text }, { requiredKeys: ['RuleID'] });
const license = fc.record({ Name: text, Severity: text, Category: text, PkgName: text, FilePath: text, Confidence: hostileNumber, Link: text }, { requiredKeys: ['Name'] });
const result = fc.record(
  {
    Target: text, Class: text, Type: text,
    Vulnerabilities: fc.array(fc.oneof({ weight: 6, arbitrary: vulnerability }, { weight: 1, arbitrary: loose }), { maxLength: 3 }),
    Misconfigurations: fc.array(fc.oneof({ weight: 6, arbitrary: misconfiguration }, { weight: 1, arbitrary: loose }), { maxLength: 3 }),
    Secrets: fc.array(fc.oneof({ weight: 6, arbitrary: secret }, { weight: 1, arbitrary: loose }), { maxLength: 3 }),
    Licenses: fc.array(fc.oneof({ weight: 6, arbitrary: license }, { weight: 1, arbitrary: loose }), { maxLength: 2 }),
  },
  { requiredKeys: ['Target'] },
);
const shaped = fc.record(
  {
    SchemaVersion: fc.oneof({ weight: 8, arbitrary: fc.constant(2) }, { weight: 1, arbitrary: value }),
    ArtifactName: text,
    ArtifactType: fc.constantFrom('filesystem', 'container_image', 'repository'),
    Results: fc.oneof({ weight: 8, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: result }, { weight: 1, arbitrary: loose }), { maxLength: 3 }) }, { weight: 1, arbitrary: value }),
  },
  { requiredKeys: ['SchemaVersion'] },
);
const target = fc.constantFrom<string | undefined>(undefined, undefined, 'app:latest', 'ghcr.io/org/db@sha256:' + '0'.repeat(64), '../../x:1');

/** The Multitool sample: 4 shaped reports and 2 accepted mutations of each fixture (20 SARIF files). */
const prop = new ParserProperty(trivy, { shaped: 4, ...Object.fromEntries(FILES.map((f) => [f, 2])) });
const parse = (t: string, image: string | undefined) => () => parseTrivy(t, image ? { target: image } : {});
const tempDirs: string[] = [];
afterAll(() => {
  console.log(prop.table());
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

describe('parseTrivy on arbitrary input: findings or a ScannerError, never another exception', () => {
  it('random text', () => {
    prop.timed('text', () =>
      fc.assert(fc.property(fc.oneof(hostileString, fc.string({ unit: 'binary', maxLength: 300 })), target, (t, image) => void prop.attempt('text', parse(t, image))), { numRuns: runs(300) }),
    );
  });

  it('random JSON values', () => {
    prop.timed('json', () => fc.assert(fc.property(fc.jsonValue(), target, (v, image) => void prop.attempt('json', parse(JSON.stringify(v), image))), { numRuns: runs(300) }));
  });

  it('reports built from the keys the parser reads, with hostile values', () => {
    prop.timed('shaped', () =>
      fc.assert(fc.property(shaped, target, (v, image) => void prop.attempt('shaped', parse(JSON.stringify(v), image), JSON.stringify(v).slice(0, 200))), { numRuns: runs(2000) }),
    );
    const f = prop.figures.get('shaped')!;
    expect(f.accepted).toBeGreaterThan(50);
    expect(f.rejected).toBeGreaterThan(50);
  });

  it.each(DOCS)('mutations of %s', (file, doc) => {
    prop.timed('mutations', () =>
      fc.assert(
        fc.property(mutations(4), target, (list, image) => {
          const { doc: mutated, done } = mutate(doc, list, KEYS);
          const what = done.some((d) => d.focused) ? `${file}${image ? ` (image ${image})` : ''}: ${done.map((d) => d.text).join(', ')}` : undefined;
          prop.attempt('mutations', parse(JSON.stringify(mutated), image), what, file);
        }),
        { numRuns: runs(150) },
      ),
    );
  });
});

const unavailable = multitoolUnavailableReason();

describe('accepted Trivy inputs render SARIF that passes the Multitool (a sample)', () => {
  it('the sample is full: 4 shaped reports and 2 mutations of each of the 8 fixtures, each with findings', () => {
    expect(FILES).toHaveLength(8);
    expect(prop.sample.length).toBe(20);
  });

  it.skipIf(skipMultitool(unavailable))(`0 Multitool errors${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'trivy-property-sarif-'));
    tempDirs.push(dir);
    for (const r of prop.sampleErrors(dir)) expect(r).toEqual({ input: r.input, errors: [] });
  }, 240_000);
});
