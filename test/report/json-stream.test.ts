// jsonPieces: the streamed findings.json and SARIF are byte for byte JSON.stringify(value, null, 2) + '\n'.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces, jsonText, LazyList } from '../../src/report/json-stream.js';

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

describe('jsonPieces with compact members', () => {
  it('prints the same JSON value, each member of a compact container on its own line, the rest indented', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 8 }), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), (list, obj) => {
        const v = { schema: 's', findings: list, insights: obj };
        const expand = (p: readonly string[]) => p.length <= 1;
        const compact = (p: readonly string[]) => p.length === 1 && p[0] !== 'schema';
        const text = jsonText(v, expand, compact);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        const lines = text.split('\n');
        // One line per member, plus the document's braces and the lists' brackets.
        if (list.length > 0) for (const m of list) expect(lines).toContain(`    ${JSON.stringify(m)}${m === list.at(-1) ? '' : ','}`);
        expect(text.startsWith('{\n  "schema": "s",\n  "findings": ')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a finding per piece and per line (findings.json stays greppable line by line)', () => {
    const findings = Array.from({ length: 100 }, (_, i) => ({ id: i, nested: { text: 'line\nbreak "quoted"', list: [1, 2] } }));
    const pieces = [...jsonPieces({ findings }, (p) => p.length <= 1, (p) => p[0] === 'findings')];
    expect(pieces.filter((p) => p.includes('"nested"'))).toHaveLength(100);
    expect(pieces.join('').split('\n').filter((l) => l.includes('"id":'))).toHaveLength(100);
  });
});

describe('LazyList', () => {
  const lazyOf = (list: readonly unknown[], made: number[] = []) => new LazyList(list.length, (i) => (made.push(i), list[i]));

  it('prints as the array of its members, expanded, compact or inside JSON.stringify', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (list, depth) => {
        const plain = { runs: [{ results: list }] };
        const lazy = { runs: [{ results: lazyOf(list) }] };
        expect(jsonText(lazy, (p) => p.length < depth)).toBe(pretty(plain));
        const compact = (p: readonly string[]) => p.join('/') === 'runs/0/results';
        expect(jsonText(lazy, (p) => p.length <= 3, compact)).toBe(jsonText(plain, (p) => p.length <= 3, compact));
        expect(JSON.stringify(lazy)).toBe(JSON.stringify(plain));
      }),
      { numRuns: 500 },
    );
  });

  it('makes each member only when its piece is printed, once', () => {
    const made: number[] = [];
    const list = Array.from({ length: 50 }, (_, i) => ({ i }));
    const it = jsonPieces({ results: lazyOf(list, made) }, (p) => p.length <= 1, (p) => p[0] === 'results')[Symbol.iterator]();
    for (let n = 0; n < 3; n++) it.next(); // '{' with the key, '[', the first member
    expect(made).toEqual([0]);
    while (!it.next().done);
    expect(made).toEqual(list.map((_, i) => i));
  });
});
