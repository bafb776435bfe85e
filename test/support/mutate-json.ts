// fast-check arbitraries for property tests of scanner parsers: hostile strings and numbers, and mutations of a real
// document (drop a field or an item, set it to null, replace it with any JSON value, or with a hostile value of the
// same type). A mutation names a place by its index in the document's list of places, so one arbitrary serves any
// document; places that an earlier mutation removed are skipped.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = (string | number)[];

/** Strings a hostile tree can make a scanner print: traversal, absolute and Windows paths, URIs, markup, lone surrogates. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '../../../etc/passwd',
    '/etc/passwd',
    'C:\\Windows\\win.ini',
    '\\\\server\\share\\x',
    'file:///etc/passwd',
    '%2e%2e/%2e%2e/x',
    '%zz',
    'a b/c?d#e',
    'javascript:alert(1)',
    '<img src=x onerror=alert(1)>',
    '@org/team',
    '\u0000',
    '\ud800',
    'x\udc00y',
    '\u202e',
    'critical',
    'CRITICAL',
    'Emergency',
    'note',
  ),
  fc.string({ unit: fc.constantFrom('a', '/', '.', '%', '\\', ' ', ':', '@', '\ud800', '\n') }),
);

/** Numbers: any integer or double (NaN and ±Infinity become null in JSON), and the edges lines and scores have. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 1.5, 10.5, 2 ** 31, 2 ** 53, 1e308, -0));

export interface Mutation {
  /** Index into places(doc) (modulo its length), or into the focused places when `focus` is set and there are any. */
  at: number;
  focus: boolean;
  op: 'drop' | 'null' | 'any' | 'same';
  any: Json;
  str: string;
  num: number;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  focus: fc.boolean(),
  op: fc.constantFrom('drop', 'null', 'any', 'same'),
  any: fc.jsonValue() as fc.Arbitrary<Json>,
  str: hostileString,
  num: hostileNumber,
});

/** 1 to `max` mutations. */
export const mutations = (max = 4): fc.Arbitrary<Mutation[]> => fc.array(mutation, { minLength: 1, maxLength: max });

/** Every place in the document below the root, parents before children. */
export function places(doc: Json): Path[] {
  const out: Path[] = [];
  const walk = (v: Json, path: Path) => {
    const children: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : v !== null && typeof v === 'object' ? Object.entries(v) : [];
    for (const [key, child] of children) {
      out.push([...path, key]);
      walk(child, [...path, key]);
    }
  };
  walk(doc, []);
  return out;
}

function parentOf(doc: Json, path: Path): Json[] | { [key: string]: Json } | undefined {
  let v: Json = doc;
  for (const seg of path.slice(0, -1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (Array.isArray(v) ? v[seg as number] : v[seg as string]) as Json;
    if (v === undefined) return undefined;
  }
  return v !== null && typeof v === 'object' ? v : undefined;
}

/** A hostile value of the same JSON type as `v` (objects and arrays become empty ones). */
function sameType(v: Json, m: Mutation): Json {
  if (typeof v === 'string') return m.str;
  if (typeof v === 'number') return m.num;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return [];
  if (v !== null && typeof v === 'object') return {};
  return m.any;
}

/** Where a mutation landed: the operation and the path (`drop .vulnerabilities[3].id`); `focused` when its key was one of `focus`. */
export interface Done {
  op: Mutation['op'];
  path: Path;
  focused: boolean;
  text: string;
}

/**
 * A mutated copy of `doc` and what was done. `focus` names the keys the parser reads: a mutation with `focus` set
 * lands on a place whose key is one of them (fields nobody reads are most of a real document).
 */
export function mutate(doc: Json, list: readonly Mutation[], focus: readonly (string | number)[] = []): { doc: Json; done: Done[] } {
  const copy = structuredClone(doc);
  const all = places(doc);
  const focused = all.filter((p) => focus.includes(p.at(-1)!));
  const done: Done[] = [];
  if (all.length === 0) return { doc: copy, done };
  for (const m of list) {
    const from = m.focus && focused.length > 0 ? focused : all;
    const path = from[m.at % from.length]!;
    const parent = parentOf(copy, path);
    const key = path.at(-1)!;
    if (!parent || !(Array.isArray(parent) ? typeof key === 'number' && key < parent.length : Object.hasOwn(parent, key))) continue;
    const current = (Array.isArray(parent) ? parent[key as number] : parent[key as string]) as Json;
    const value = m.op === 'null' ? null : m.op === 'any' ? m.any : m.op === 'same' ? sameType(current, m) : undefined;
    if (value === undefined) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (Array.isArray(parent)) parent[key as number] = value;
    else parent[key as string] = value;
    done.push({ op: m.op, path, focused: focus.includes(key), text: `${m.op} ${path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}` });
  }
  return { doc: copy, done };
}
