// jsonPieces: the streamed findings.json and SARIF are byte for byte JSON.stringify(value, null, 2) + '\n'.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, jsonText } from '../../src/report/json-stream.js';

const pretty = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe('jsonPieces', () => {
  it('prints what JSON.stringify(value, null, 2) prints, whichever containers are expanded', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 4 }), (v, depth) => {
        expect(jsonText(v, () => true)).toBe(pretty(v));
        expect(jsonText(v, (p) => p.length < depth)).toBe(pretty(v));
      }),
      { numRuns: 1500 },
    );
  });

  it('leaves out undefined members of objects and prints undefined array members as null, as JSON.stringify does', () => {
    const v = { a: undefined, b: [1, undefined, { c: undefined, d: 'x' }], e: { f: undefined }, g: [] as unknown[], h: {} };
    expect(jsonText(v, () => true)).toBe(pretty(v));
  });

  it('yields an expanded array member by member (never one string for the whole array)', () => {
    const findings = Array.from({ length: 1000 }, (_, i) => ({ id: i, text: 'line\nbreak "quoted"' }));
    const pieces = [...jsonPieces({ schema: 's', findings }, (p) => p.length === 0 || p[0] === 'findings')];
    const longest = Math.max(...pieces.map((p) => p.length));
    expect(longest).toBeLessThan(100);
    expect(pieces.join('')).toBe(pretty({ schema: 's', findings }));
  });
});
