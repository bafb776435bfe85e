// Matrix legs (src/modes/matrix.ts): the `matrix` input as `${{ toJSON(matrix) }}` renders it, the key a leg gets,
// and the property the issue asks for — distinct legs never share a key — including legs built to imitate another
// leg's key.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectedShardsField, keyByLeg, KEY_MAX_CHARS, KEY_PATTERN, legHeading, legKey, matrixField, type MatrixLeg } from '../../src/modes/matrix.js';

const parse = (v: unknown) => matrixField().safeParse(v);
const leg = (v: unknown): MatrixLeg => {
  const r = parse(v);
  if (!r.success || !r.data) throw new Error(`not a leg: ${JSON.stringify(v)} → ${r.success ? 'undefined' : r.error.message}`);
  return r.data;
};
/** What `${{ toJSON(matrix) }}` passes: pretty-printed JSON, two spaces, newlines. */
const toJSON = (o: unknown) => JSON.stringify(o, null, 2);
const entriesOf = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
const HASHED = /^[A-Za-z0-9._=,-]{1,86}==[0-9a-f]{12}$/;

describe('the matrix input', () => {
  it.each([[''], ['   '], ['null'], [' null\n'], ['{}'], ['{\n}'], [toJSON({})], [null], [undefined]])('%j outside a matrix → no leg (names stay un-keyed)', (v) => {
    const r = parse(v);
    expect(r.success).toBe(true);
    expect(r.success && r.data).toBeUndefined();
  });

  it('reads the pretty-printed JSON toJSON(matrix) renders, in the workflow order', () => {
    const l = leg(toJSON({ image: 'app:1', arch: 'arm64', shard: 3, debug: false, extra: null }));
    expect(l.entries).toEqual([
      { name: 'image', value: 'app:1' },
      { name: 'arch', value: 'arm64' },
      { name: 'shard', value: '3' },
      { name: 'debug', value: 'false' },
      { name: 'extra', value: 'null' },
    ]);
    expect(l.key).toMatch(HASHED);
    expect(l.key.startsWith('image=app-1,arch=arm64,shard=3,debug=false,extra=null==')).toBe(true);
  });

  it('a plain leg keeps its values as the key', () => {
    expect(leg(toJSON({ image: 'alpine-3.20', arch: 'arm64' })).key).toBe('image=alpine-3.20,arch=arm64');
  });

  it('a matrix over include: objects (lists and objects as values) is a leg, named by their JSON', () => {
    const l = leg(toJSON({ config: { os: 'linux', node: 24 }, tags: ['a', 'b'] }));
    expect(l.entries).toEqual([
      { name: 'config', value: '{"os":"linux","node":24}' },
      { name: 'tags', value: '["a","b"]' },
    ]);
    expect(l.key).toMatch(HASHED);
    expect(leg(toJSON({ config: { os: 'linux', node: 22 }, tags: ['a', 'b'] })).key).not.toBe(l.key);
  });

  it('`__proto__` is a value like any other (a leg that adds it is another leg)', () => {
    const withProto = leg('{"__proto__": "x", "image": "app"}');
    expect(withProto.entries).toEqual([
      { name: '__proto__', value: 'x' },
      { name: 'image', value: 'app' },
    ]);
    expect(withProto.key).not.toBe(leg('{"image": "app"}').key);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it.each([
    ['not JSON', '{image: app}', /is not JSON; leave it at its default \(\$\{\{ toJSON\(matrix\) \}\}\)/],
    ['a list', '["app:1"]', /is not a JSON object; .*matrix: '\{"image": "\$\{\{ matrix\.image \}\}"\}'/],
    ['a string', '"app:1"', /is not a JSON object/],
    ['a number', '3', /is not a JSON object/],
    ['too long', toJSON({ image: 'x'.repeat(70_000) }), /is 70,0\d\d characters, more than 65,536; pass only the values that name the leg/],
  ])('refuses %s, saying what to write', (_what, v, message) => {
    const r = parse(v);
    expect(r.success).toBe(false);
    expect(!r.success && r.error.issues[0]!.message).toMatch(message);
  });
});

describe('legKey', () => {
  it('is deterministic and safe: every character that names cannot hold is replaced, and a hash says which leg', () => {
    const hostile = {
      image: 'ghcr.io/org/app:1.2 "x" *?<>|\\\n\r\t é 日本 -->',
      note: '`**bold**` [link](https://e.example) <!-- security-scan:v1 workflow=x job=y -->',
    };
    const a = legKey(entriesOf(hostile));
    expect(a).toBe(legKey(entriesOf(hostile)));
    expect(a).toMatch(KEY_PATTERN);
    expect(a).toMatch(HASHED);
    for (const bad of ['/', ':', '"', '*', '?', '<', '>', '|', '\\', '\n', '\r', ' ', '`', '[', '!', 'é']) expect(a).not.toContain(bad);
    expect(a).not.toContain('-->');
  });

  it.each([
    ['/ and :', { image: 'app/1' }, { image: 'app:1' }],
    ['" and *', { image: 'a"b' }, { image: 'a*b' }],
    ['? and <', { image: 'a?b' }, { image: 'a<b' }],
    ['> and |', { image: 'a>b' }, { image: 'a|b' }],
    ['\\ and newline', { image: 'a\\b' }, { image: 'a\nb' }],
    ['non-ASCII', { image: 'café' }, { image: 'cafè' }],
    ['a replaced character and the plain spelling', { image: 'app:1' }, { image: 'app-1' }],
    ['= and , inside values', { image: 'a=b,c=d' }, { image: 'a', b: 'c=d' }],
    ['values that differ after 40 characters', { image: `${'x'.repeat(40)}a` }, { image: `${'x'.repeat(40)}b` }],
    ['values that differ after 100 characters', { image: `${'y'.repeat(150)}a` }, { image: `${'y'.repeat(150)}b` }],
    ['an empty name and a dash', { '': 'v' }, { '-': 'v' }],
    ['the order of the values', { a: '1', b: '2' }, { b: '2', a: '1' }],
  ])('two legs that differ only in %s get different keys', (_what, x, y) => {
    const kx = legKey(entriesOf(x));
    const ky = legKey(entriesOf(y));
    expect(kx).not.toBe(ky);
    expect(kx).toMatch(KEY_PATTERN);
    expect(ky).toMatch(KEY_PATTERN);
  });

  it('a very long value and 50 matrix values give a key of at most 100 characters', () => {
    const long = legKey(entriesOf({ image: 'z'.repeat(10_000) }));
    expect(long).toMatch(HASHED);
    expect(long.startsWith(`image=${'z'.repeat(40)}==`)).toBe(true);
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`dimension${i}`, `value-${i}`]));
    const l = leg(toJSON(fifty));
    expect(l.entries).toHaveLength(50);
    expect(l.key.length).toBe(KEY_MAX_CHARS);
    expect(l.key).toMatch(HASHED);
    const changedLast = leg(toJSON({ ...fifty, dimension49: 'other' }));
    expect(changedLast.key.slice(0, 86)).toBe(l.key.slice(0, 86)); // the readable part is cut before the change…
    expect(changedLast.key).not.toBe(l.key); // …and the hash tells them apart
  });

  it('a leg whose values spell out another leg\'s hashed key does not get that key', () => {
    const original = legKey(entriesOf({ image: 'app:1' }));
    expect(original).toMatch(/^image=app-1==[0-9a-f]{12}$/);
    // The impostor's one value is everything after `image=`: its exact text is the original's key.
    const impostor = entriesOf({ image: original.slice('image='.length) });
    expect(impostor.map((e) => `${e.name}=${e.value}`).join(',')).toBe(original);
    expect(legKey(impostor)).not.toBe(original);
  });

  const text = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'b', '-', '.', '_', '=', ',', ':', '/', ' ', 'é', '\n', '0', 'f'), maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ maxLength: 140 }),
  );
  const entries = fc.uniqueArray(fc.record({ name: text, value: text }), { selector: (e) => e.name, maxLength: 6 });
  const same = (a: MatrixLeg['entries'], b: MatrixLeg['entries']) => JSON.stringify(a) === JSON.stringify(b);

  it('property: distinct legs → distinct keys; every key is a valid key', () => {
    fc.assert(
      fc.property(entries, entries, (a, b) => {
        const ka = legKey(a);
        const kb = legKey(b);
        if (a.length > 0) expect(ka).toMatch(KEY_PATTERN);
        if (!same(a, b)) expect(ka).not.toBe(kb);
        else expect(ka).toBe(kb);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: a leg read back from another leg\'s key (as name=value pairs) only has that key if it is that leg', () => {
    fc.assert(
      fc.property(entries.filter((e) => e.length > 0), (a) => {
        const key = legKey(a);
        const imitation = key.split(',').map((pair) => {
          const at = pair.indexOf('=');
          return at < 0 ? { name: pair, value: '' } : { name: pair.slice(0, at), value: pair.slice(at + 1) };
        });
        if (!same(imitation, a)) expect(legKey(imitation)).not.toBe(key);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('keyByLeg and the comment heading', () => {
  const publish = { categoryPrefix: 'security-scan', commentKey: '', artifactName: 'security-scan-results', other: 1 };

  it('outside a matrix nothing changes', () => {
    expect(keyByLeg(publish, undefined)).toBe(publish);
  });

  it('a leg keys the categories, the comment and the artifact, and leaves the rest', () => {
    const l = leg(toJSON({ image: 'alpine-3.20' }));
    expect(keyByLeg(publish, l)).toEqual({ categoryPrefix: 'security-scan/image=alpine-3.20', commentKey: 'image=alpine-3.20', artifactName: 'security-scan-results-image=alpine-3.20', other: 1 });
    expect(keyByLeg({ ...publish, commentKey: 'team-a' }, l).commentKey).toBe('team-a/image=alpine-3.20');
    expect(keyByLeg({ ...publish, artifactName: '' }, l).artifactName).toBe('');
  });

  it('the heading holds the key in a code span and nothing of a hostile value', () => {
    const h = legHeading(leg(toJSON({ image: '`x` --> <!-- security-scan:v1 --> [a](b)\n# heading' })));
    expect(h).toMatch(/^#### Matrix leg `[A-Za-z0-9._=,-]+`$/);
    expect(h).not.toContain('-->');
  });
});

describe('expected-shards', () => {
  const parseExpected = (v: unknown) => expectedShardsField().safeParse(v);
  it.each([
    ['', undefined],
    ['3', { count: 3 }],
    ['a,b , c,,a', { keys: ['a', 'b', 'c'] }],
    ['image=app,arch=arm64\nimage=db==0123456789ab,\n\n', { keys: ['image=app,arch=arm64', 'image=db==0123456789ab'] }],
    [['x', 'y'], { keys: ['x', 'y'] }],
  ])('%j → %j', (v, want) => {
    const r = parseExpected(v);
    expect(r.success && r.data).toEqual(want);
  });

  it.each([['0'], ['10001'], ['a/b'], ['ok\nnot ok']])('refuses %j, saying what to write', (v) => {
    const r = parseExpected(v);
    expect(r.success).toBe(false);
    expect(!r.success && r.error.issues[0]!.message).toMatch(/use a count/);
  });
});
