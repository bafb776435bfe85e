/**
 * JSON text in pieces, byte for byte what `JSON.stringify(value, null, 2)` prints, so a report of hundreds of MB is
 * written to its file piece by piece instead of being built as one string (and then one buffer) in memory.
 *
 * `compact(path)` (optional) names expanded containers whose members are printed on one line each, without
 * indentation (`JSON.stringify(member)`): findings.json's findings and SARIF's results, one per line. That is still
 * the same JSON value, a third smaller on disk than indented, and several times cheaper to print (V8's indenting
 * stringify is slow, and wrapping a member to indent it makes garbage for every one).
 *
 * `expand(path)` names the containers whose members are produced one at a time (the document itself and its big
 * arrays: findings.json's `findings`, a SARIF run's `results`); every other value is one `JSON.stringify` call,
 * indented to its depth (by wrapping it in that many arrays and slicing them off). Only plain JSON data is expected
 * (no cycles; no toJSON but LazyList's): what the report builders produce.
 */
export type ExpandPath = (path: readonly string[]) => boolean;

/**
 * A list whose members are made one at a time, as they are printed: `at(i)` for i from 0 to length − 1. In an
 * expanded (streamed) position each member is garbage once printed, so a list of 100k SARIF results is never whole
 * in memory, and its objects die young instead of being copied by every garbage collection until the write ends.
 * Anywhere else (JSON.stringify) it prints as the array of its members (toJSON).
 */
export class LazyList<T = unknown> {
  constructor(
    readonly length: number,
    readonly at: (i: number) => T,
  ) {}

  toJSON(): T[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

const INDENT = '  ';

/** `value` inside `depth` arrays: JSON.stringify then indents it to that depth itself (faster than re-indenting). */
function wrapped(value: unknown, depth: number): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** How many characters the `depth` wrapping arrays add before and after the value. */
const wrapping: { before: number; after: number }[] = [];
function wrappingAt(depth: number) {
  let w = wrapping[depth];
  if (!w) {
    const probe = JSON.stringify(wrapped(0, depth), null, 2);
    const at = probe.indexOf('0');
    w = wrapping[depth] = { before: at, after: probe.length - at - 1 };
  }
  return w;
}

/** `JSON.stringify(value, null, 2)` as it appears at `depth` (every line after the first indented). */
function indented(value: unknown, depth: number): string | undefined {
  if (depth === 0 || typeof value !== 'object' || value === null) return JSON.stringify(value, null, 2) as string | undefined;
  const text = JSON.stringify(wrapped(value, depth), null, 2);
  const w = wrappingAt(depth);
  return text.slice(w.before, text.length - w.after);
}

function* pieces(value: unknown, path: string[], depth: number, expand: ExpandPath, compact?: ExpandPath): Generator<string> {
  if (typeof value !== 'object' || value === null || !expand(path)) {
    // Array members JSON.stringify cannot print (undefined, functions) become null, as JSON.stringify does.
    yield indented(value, depth) ?? 'null';
    return;
  }
  const inner = `\n${INDENT.repeat(depth + 1)}`;
  const flat = compact?.(path) === true;
  const lazy = value instanceof LazyList ? value : undefined;
  if (lazy !== undefined || Array.isArray(value)) {
    const list = value as readonly unknown[];
    const at = lazy !== undefined ? lazy.at : (i: number) => list[i];
    const length = lazy !== undefined ? lazy.length : list.length;
    if (length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < length; i++) {
      if (flat) {
        // One piece per member: separator, indentation and the member's compact JSON.
        yield `${i === 0 ? inner : `,${inner}`}${(JSON.stringify(at(i)) as string | undefined) ?? 'null'}`;
        continue;
      }
      yield i === 0 ? inner : `,${inner}`;
      path.push(String(i));
      yield* pieces(at(i), path, depth + 1, expand, compact);
      path.pop();
    }
    yield `\n${INDENT.repeat(depth)}]`;
    return;
  }
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue; // left out, as JSON.stringify does
    if (flat) {
      yield `${first ? '{' : ','}${inner}${JSON.stringify(key)}: ${JSON.stringify(v) as string}`;
      first = false;
      continue;
    }
    yield `${first ? '{' : ','}${inner}${JSON.stringify(key)}: `;
    first = false;
    path.push(key);
    yield* pieces(v, path, depth + 1, expand, compact);
    path.pop();
  }
  yield first ? '{}' : `\n${INDENT.repeat(depth)}}`;
}

/** The pieces of `JSON.stringify(value, null, 2) + '\n'` (with `compact`: those containers' members on one line each). */
export function* jsonPieces(value: unknown, expand: ExpandPath, compact?: ExpandPath): Generator<string> {
  yield* pieces(value, [], 0, expand, compact);
  yield '\n';
}

/** The whole text at once (small documents, tests): the same bytes as writing the pieces. */
export function jsonText(value: unknown, expand: ExpandPath, compact?: ExpandPath): string {
  let out = '';
  for (const p of jsonPieces(value, expand, compact)) out += p;
  return out;
}
