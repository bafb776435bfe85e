import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareGeneric, compareMaven, comparePep440, compareSemver, fixedBy, parseFixedVersions, type Comparator } from '../../src/remediate/versions.js';

const sorted = (list: string[], cmp: Comparator) => [...list].reverse().sort(cmp);

describe('version ordering, tables from the ecosystems’ own docs', () => {
  it('semver 2.0.0 §11 precedence example', () => {
    const spec = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    expect(sorted(spec, compareSemver)).toEqual(spec);
    expect(compareSemver('1.0.0', '2.0.0')).toBe(-1);
    expect(compareSemver('2.1.1', '2.10.0')).toBe(-1);
    expect(compareSemver('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
  });
  it('Go: v prefix, pseudo-versions and +incompatible (go.dev/ref/mod#pseudo-versions)', () => {
    expect(compareSemver('v1.2.3', '1.2.3')).toBe(0);
    expect(compareSemver('v0.0.0-20191109021931-daa7c04131f5', 'v0.0.1')).toBe(-1);
    expect(compareSemver('v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.3')).toBe(1);
    expect(compareSemver('v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4')).toBe(-1);
    expect(compareSemver('v1.2.4-pre.0.20191109021931-daa7c04131f5', 'v1.2.4-pre')).toBe(1);
    expect(compareSemver('v2.0.0+incompatible', 'v2.0.0')).toBe(0);
    expect(compareSemver('v2.0.1+incompatible', 'v2.0.0')).toBe(1);
  });
  it('PEP 440 "Summary of permitted suffixes and relative ordering" example', () => {
    const pep = ['1.dev0', '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456',
      '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1'];
    // 1.dev0 and 1.0.dev456: both dev releases of 1(.0); their order is by dev number.
    expect(sorted(pep, comparePep440)).toEqual(pep);
    expect(comparePep440('1.0', '1.0.0')).toBe(0);
    expect(comparePep440('1!0.1', '2.0')).toBe(1);
    expect(comparePep440('1.0-1', '1.0.post1')).toBe(0);
    expect(comparePep440('1.0ALPHA1', '1.0a1')).toBe(0);
    expect(comparePep440('1.0c1', '1.0rc1')).toBe(0);
    expect(comparePep440('v2.0', '2.0')).toBe(0);
  });
  it('Maven ComparableVersionTest VERSIONS_QUALIFIER and VERSIONS_NUMBER', () => {
    const q = ['1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2', '1-rc123', '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot', '1-1', '1-2', '1-123'];
    expect(sorted(q, compareMaven)).toEqual(q);
    const n = ['2.0', '2-1', '2.0.a', '2.0.0.a', '2.0.2', '2.0.123', '2.1.0', '2.1-a', '2.1b', '2.1-c', '2.1-1', '2.1.0.1', '2.2', '2.123', '11.a2', '11.a11', '11.b2', '11.b11', '11.m2', '11.m11', '11', '11.a', '11b', '11c', '11m'];
    expect(sorted(n, compareMaven)).toEqual(n);
    for (const same of ['1.0', '1.0.0', '1-0', '1.0-0', '1ga', '1.ga', '1-ga', '1final', '1release', '1-final']) expect(compareMaven('1', same)).toBe(0);
    expect(compareMaven('1a1', '1-alpha-1')).toBe(0);
    expect(compareMaven('2.9.10.1', '2.9.10')).toBe(1);
  });
  it('generic (dpkg-like) for OS packages', () => {
    expect(compareGeneric('1.1.1b-r1', '1.1.1d-r0')).toBe(-1);
    expect(compareGeneric('1.1.20-r4', '1.1.20-r5')).toBe(-1);
    expect(compareGeneric('1.0~rc1', '1.0')).toBe(-1);
  });
});

const semverArb = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20), fc.option(fc.array(fc.oneof(fc.nat(15).map(String), fc.constantFrom('alpha', 'beta', 'rc', 'x-y')), { minLength: 1, maxLength: 3 }), { nil: undefined }), fc.boolean())
  .map(([a, b, c, pre, v]) => `${v ? 'v' : ''}${a}.${b}.${c}${pre ? `-${pre.join('.')}` : ''}`);
const pepArb = fc.tuple(fc.option(fc.nat(2), { nil: undefined }), fc.array(fc.nat(12), { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc', 'alpha', 'c'), fc.nat(5)), { nil: undefined }), fc.option(fc.nat(4), { nil: undefined }), fc.option(fc.nat(4), { nil: undefined }))
  .map(([e, r, pre, post, dev]) => `${e !== undefined ? `${e}!` : ''}${r.join('.')}${pre ? pre.join('') : ''}${post !== undefined ? `.post${post}` : ''}${dev !== undefined ? `.dev${dev}` : ''}`);
// Released Maven versions: numbers, then qualifiers each with an optional number (1.2.3, 2.0-rc1, 5.3.0.RELEASE, 1.0-SNAPSHOT).
const mavenArb = fc.tuple(fc.array(fc.nat(12), { minLength: 1, maxLength: 4 }),
  fc.array(fc.tuple(fc.constantFrom('-', '.'), fc.constantFrom('alpha', 'beta', 'a', 'b', 'm', 'milestone', 'rc', 'cr', 'SNAPSHOT', 'ga', 'final', 'RELEASE', 'sp', 'foo'), fc.option(fc.nat(9), { nil: undefined })), { maxLength: 2 }))
  .map(([nums, quals]) => nums.join('.') + quals.map(([sep, q, n]) => `${sep}${q}${n ?? ''}`).join(''));
const anyArb = fc.string({ maxLength: 12 });

describe.each([
  ['semver', compareSemver, fc.oneof(semverArb, anyArb)],
  ['pep440', comparePep440, fc.oneof(pepArb, anyArb)],
  // Maven's own ComparableVersion is not transitive on odd shapes (1.0 < 1-foo.0 < 1.0.snapshot.5 < 1.0, a list
  // item against a number): the property holds for released shapes, numbers then qualifiers.
  ['maven', compareMaven, mavenArb],
  ['generic', compareGeneric, fc.oneof(semverArb, anyArb)],
] as const)('%s is a total preorder (property)', (_name, cmp, arb) => {
  it('reflexive, antisymmetric and transitive; sort agrees with pairs', () => {
    fc.assert(fc.property(arb, (a) => cmp(a, a) === 0));
    fc.assert(fc.property(arb, arb, (a, b) => Math.sign(cmp(a, b)) === -Math.sign(cmp(b, a))));
    fc.assert(fc.property(arb, arb, arb, (a, b, c) => {
      if (cmp(a, b) <= 0 && cmp(b, c) <= 0) return cmp(a, c) <= 0;
      return true;
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.array(arb, { maxLength: 12 }), (list) => {
      const s = [...list].sort(cmp);
      return s.every((v, i) => i === 0 || cmp(s[i - 1]!, v) <= 0);
    }));
  });
});

describe('fixed-version specs', () => {
  it('parses lists, ranges and Maven ranges', () => {
    expect(parseFixedVersions('4.17.21', compareSemver)).toEqual([{ version: '4.17.21' }]);
    expect(parseFixedVersions('2.7.4, 2.8.2', comparePep440)).toEqual([{ version: '2.7.4', line: 2 }, { version: '2.8.2' }]);
    expect(parseFixedVersions('3.1.0, 2.6.9', compareSemver)).toEqual([{ version: '2.6.9', line: 1 }, { version: '3.1.0' }]);
    expect(parseFixedVersions('>=1.2.3', compareSemver)).toEqual([{ version: '1.2.3' }]);
    expect(parseFixedVersions('>= 1.2.3, < 2.0.0', compareSemver)).toEqual([{ version: '1.2.3' }]);
    expect(parseFixedVersions('[2.9.10.1,)', compareMaven)).toEqual([{ version: '2.9.10.1' }]);
    expect(parseFixedVersions('', compareSemver)).toEqual([]);
    expect(parseFixedVersions('none', compareSemver)).toEqual([]);
  });
  it('a fix in a list applies in its own release line only', () => {
    const b = parseFixedVersions('2.7.4, 2.8.2', comparePep440);
    expect(fixedBy('2.7.5', b, comparePep440)).toBe(true);
    expect(fixedBy('2.8.0', b, comparePep440)).toBe(false);
    expect(fixedBy('2.8.2', b, comparePep440)).toBe(true);
    expect(fixedBy('3.0', b, comparePep440)).toBe(true);
    expect(fixedBy('2.7.3', b, comparePep440)).toBe(false);
  });
});
