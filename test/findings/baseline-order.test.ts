// baselineEntries sorts by fingerprint without a comparator per pair (a numeric key of the first code units): it must
// order every fingerprint exactly as `cmp` does, whatever a hostile findings.json read as a baseline puts in them.
import { describe, expect, it } from 'vitest';
import { baselineEntries } from '../../src/findings/baseline.js';
import type { Finding } from '../../src/findings/model.js';
import { cmp } from '../../src/findings/sort.js';
import { makeFinding } from '../support/report-builder.js';

const NOW = '2026-03-01T12:00:00.000Z';

/** A seeded generator (mulberry32): the same cases every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const withFingerprints = (fps: readonly string[]): Finding[] => fps.map((fp, i) => ({ ...makeFinding({}, i), fingerprint: fp }));
const order = (fps: readonly string[]) => baselineEntries(withFingerprints(fps), [], NOW).map((e) => e.fingerprint);
const expected = (fps: readonly string[]) => [...new Set(fps)].sort(cmp);

describe('baselineEntries order', () => {
  it('hex hashes (what identify.ts makes): the order cmp gives', () => {
    const next = random(1);
    const fps = Array.from({ length: 5_000 }, () => Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(next() * 16)]).join(''));
    expect(order(fps)).toEqual(expected(fps));
  });

  it('prefixes of each other, shared long prefixes, the empty string, lone surrogates, astral and high code units', () => {
    const next = random(2);
    const alphabet = ['a', 'b', '\u0000', '\uffff', '\ud800', '\udfff', '😀', 'é', 'Z', '~'];
    const fps: string[] = ['', 'a', 'aa', 'aaa', 'a'.repeat(13), `${'a'.repeat(12)}b`, `${'a'.repeat(12)}`, 'b', 'ab', 'a\u0000', '\u0000', '\uffff'];
    for (let i = 0; i < 3_000; i++) {
      const len = Math.floor(next() * 16);
      fps.push(`${next() < 0.5 ? 'shared-prefix-' : ''}${Array.from({ length: len }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')}`);
    }
    expect(order(fps)).toEqual(expected(fps));
  });

  it('thousands of distinct code units (a key of few digits, long tied runs)', () => {
    const next = random(3);
    const fps = Array.from({ length: 4_000 }, () => String.fromCharCode(...Array.from({ length: 1 + Math.floor(next() * 6) }, () => Math.floor(next() * 65_536))));
    expect(order(fps)).toEqual(expected(fps));
  });

  it('keeps the key order baseline.json prints (path, target, firstSeen, scanners) for every shape of entry', () => {
    const f = (location: Finding['location'], sources: Finding['sources'], n: number): Finding => ({ ...makeFinding({}, n), location, sources });
    const src = makeFinding({}, 0).sources;
    const entries = baselineEntries([f({ path: 'p', target: 't' }, src, 1), f({ path: 'p' }, [], 2), f({ target: 't' }, src, 3), f({}, [], 4)], [], NOW);
    expect(entries.map((e) => Object.keys(e).join(','))).toEqual([
      'fingerprint,ruleId,title,severity,path,target,firstSeen,scanners',
      'fingerprint,ruleId,title,severity,path,firstSeen',
      'fingerprint,ruleId,title,severity,target,firstSeen,scanners',
      'fingerprint,ruleId,title,severity,firstSeen',
    ]);
  });
});
