import { z } from 'zod';
import { ScannerError } from '../errors.js';

/**
 * Scanner output is untrusted: a pull request can make a scanner print anything. Each parser checks the document
 * against a zod schema of its format before reading it, and a document of the wrong shape makes that scanner fail
 * with the place in the document that is wrong:
 *
 *   const report = validateOutput(trivyReportSchema, parseJsonOutput(text, { scanner: 'trivy', expected: '…' }),
 *     { scanner: 'trivy', document: 'Trivy report' });
 *   // ScannerError "trivy: Trivy report: Results[0].Misconfigurations[0] is null, expected an object"
 *
 * Messages never quote a string from the document (it may hold a secret or markup): they name the path, the type
 * found (numbers and booleans are shown) and the type expected. Object keys in paths are shown clipped.
 */

/** How many problems a message lists before "(and N more)". */
export const MAX_PROBLEMS_SHOWN = 3;

/** A line or column number as scanners print them: a whole number, 0 meaning "none", at most 2^31−1 (SARIF's int). */
export const lineNumber = () => z.number().int().min(0).max(2 ** 31 - 1);

const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * `s` with every lone UTF-16 surrogate replaced by U+FFFD. JSON can carry them (`"\ud800"`; Python's json prints
 * them for file names that are not valid UTF-8), and they make later steps throw (encodeURIComponent for SARIF URIs).
 * Well-formed text, surrogate pairs included, is returned unchanged.
 */
export function wellFormed(s: string): string {
  // isWellFormed (Node 20+) answers without building a regex match: the common case costs no copy and no scan twice.
  return (s as { isWellFormed?: () => boolean }).isWellFormed?.() === true ? s : s.replace(LONE_SURROGATE, '\uFFFD');
}

/** A string from a scanner's document, made well-formed (see wellFormed); at least `min` characters long. */
export const scannerString = (min = 0) => (min > 0 ? z.string().min(min) : z.string()).transform(wellFormed);

/** An identifier from a scanner's document (a rule, check or advisory id): a string that is not empty or blank, made well-formed. */
export const scannerId = () => plainId().transform(wellFormed);

/** scannerId's check without its transform: for text known to hold no lone surrogate (trivy/schema.ts). */
export const plainId = () => z.string().refine((s) => s.trim() !== '', { error: (issue) => `is ${describeValue(issue.input)}, expected an id` });

/** RFC 3986 URI characters; `%` only as a percent-encoding. */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/**
 * `s` when it is an absolute http(s) URL that is also a valid RFC 3986 URI (what SARIF's `helpUri` and a Markdown
 * link need), else undefined. For the references and links scanners print: a `javascript:` URL, a bare word or text
 * with spaces is dropped, not published. The string is returned as given, never normalised.
 */
export function webUrl(s: string | null | undefined): string | undefined {
  if (typeof s !== 'string' || !URI_CHARS.test(s) || /%(?![0-9A-Fa-f]{2})/.test(s)) return undefined;
  if (plainWebUrl(s)) return s;
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && s.toLowerCase().startsWith(`${u.protocol}//`) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** `http(s)://` and a host of letters, digits, hyphens and dots (no user, no port), then a path, query, fragment or the end. */
const PLAIN_START = /^https?:\/\/([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?=[/?#]|$)/i;
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/i;

/**
 * The common reference (`https://nvd.nist.gov/vuln/detail/CVE-…`) recognised without building a URL (new URL per
 * reference is most of the parsers' time at 100k findings): a host the URL parser takes as it is. A host whose last
 * label is a number (IPv4 rules), an IDNA `xn--` label, a port or user info goes through new URL as before.
 * `s` has passed URI_CHARS and the percent check.
 */
function plainWebUrl(s: string): boolean {
  const m = PLAIN_START.exec(s);
  if (!m) return false;
  const host = m[1]!;
  return !NUMERIC_LABEL.test(host.slice(host.lastIndexOf('.') + 1)) && !/xn--/i.test(host);
}

/** One thing wrong with a document. */
export interface OutputProblem {
  /** The path in the document, as zod gives it (`['Results', 0, 'Misconfigurations', 0]`). */
  path: readonly PropertyKey[];
  /** The path as text: `Results[0].Misconfigurations[0]`; `the document` for the root. */
  where: string;
  /** The whole sentence: `Results[0].Misconfigurations[0] is null, expected an object`. */
  text: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_KEY = 32;

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A key of the document as it may appear in a message: JSON-quoted (so control characters are escaped), clipped. */
function shownKey(key: string): string {
  return JSON.stringify(clip(key, MAX_KEY));
}

/**
 * `['Results', 0, 'Misconfigurations', 0]` → `Results[0].Misconfigurations[0]`; `[0, 'RuleID']` → `[0].RuleID`;
 * keys that are not identifiers are quoted (`CVSS["a b"]`); `[]` → `root` (default `the document`).
 */
export function formatPath(path: readonly PropertyKey[], root = 'the document'): string {
  if (path.length === 0) return root;
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && IDENTIFIER.test(seg) && seg.length <= MAX_KEY) out += out === '' ? seg : `.${seg}`;
    else out += `[${typeof seg === 'string' ? shownKey(seg) : 'symbol'}]`;
  }
  return out;
}

/** What a value is, for a message, without quoting strings: `missing`, `null`, `a string`, `an empty string`, `-1.5`, `true`, `an array`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return v === '' ? 'an empty string' : v.trim() === '' ? 'a blank string' : 'a string';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'a number';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array' : 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
  record: 'an object',
  map: 'an object',
  nonoptional: 'a value',
};

function expectedName(e: string): string {
  return EXPECTED[e] ?? e;
}

/** `a, b or c`. */
function either(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

type Issue = z.core.$ZodIssue;

/** What the issue says should have been there (after "expected"), or undefined for issues without one. */
function expectation(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return expectedName(issue.expected);
    case 'invalid_value':
      return either(issue.values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))));
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n === 1 ? 'a non-empty string' : `at least ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at least ${n} item${n === 1 ? '' : 's'}`;
      return `${issue.inclusive ? 'at least' : 'more than'} ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `at most ${n} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${n} item${n === 1 ? '' : 's'}`;
      return `${issue.inclusive ? 'at most' : 'less than'} ${n}`;
    }
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

/**
 * A union: when every branch refused the value itself, it is "X, expected a string, null or an object"; when a
 * branch got further into the value (an object whose field is wrong), that branch's problems are the ones to show.
 */
function unionProblems(issue: Extract<Issue, { code: 'invalid_union' }>, input: unknown, base: readonly PropertyKey[]): OutputProblem[] {
  const branches = issue.errors.filter((b) => b.length > 0);
  const atRoot = (b: readonly Issue[]) => b.every((i) => i.path.length === 0);
  if (branches.length > 0 && branches.every(atRoot)) {
    const expected = branches.flatMap((b) => b.map(expectation).filter((e): e is string => e !== undefined));
    if (expected.length > 0) return [sentence(base, input, either(expected))];
  }
  const deepest = [...branches].sort((a, b) => Math.max(...b.map((i) => i.path.length)) - Math.max(...a.map((i) => i.path.length)))[0];
  if (!deepest) return [{ path: base, where: formatPath(base), text: `${formatPath(base)} has an unexpected shape` }];
  return deepest.flatMap((i) => problemsOf({ ...i, path: [...base, ...i.path] } as Issue, input));
}

function sentence(path: readonly PropertyKey[], input: unknown, expected: string | undefined, message?: string): OutputProblem {
  const where = formatPath(path);
  const found = describeValue(valueAt(input, path));
  const text = expected !== undefined ? `${where} is ${found}, expected ${expected}` : message !== undefined ? `${where} ${message}` : `${where} is ${found}`;
  return { path, where, text };
}

function problemsOf(issue: Issue, input: unknown): OutputProblem[] {
  const path = issue.path as PropertyKey[];
  if (issue.code === 'invalid_union') return unionProblems(issue, input, path);
  if (issue.code === 'unrecognized_keys') {
    return [{ path, where: formatPath(path), text: `${formatPath(path)} has unexpected key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.slice(0, 3).map(shownKey).join(', ')}` }];
  }
  // A refinement's own message starts with a verb ("is …", "has …").
  if (issue.code === 'custom') return [sentence(path, input, undefined, issue.message)];
  const expected = expectation(issue);
  return [expected !== undefined ? sentence(path, input, expected) : sentence(path, input, undefined, `is invalid (${issue.message})`)];
}

/** The problems of a failed parse, each with its path and sentence. `input` is the document that was checked. */
export function outputProblems(issues: readonly Issue[], input: unknown): OutputProblem[] {
  return issues.flatMap((i) => problemsOf(i, input));
}

/** `a; b; c (and 4 more problems)`. */
export function describeProblems(problems: readonly OutputProblem[], max = MAX_PROBLEMS_SHOWN): string {
  const shown = problems.slice(0, max).map((p) => p.text);
  const rest = problems.length - shown.length;
  return `${shown.join('; ')}${rest > 0 ? ` (and ${rest} more problem${rest === 1 ? '' : 's'})` : ''}`;
}

export interface OutputLabel {
  /** The scanner id the ScannerError carries. */
  scanner: string;
  /** What the document is, leading the message: `Trivy report`, `Gitleaks findings`. */
  document: string;
}

/** Checks `data` against `schema`: the parsed value, or the problems found (never throws). */
export function checkOutput<S extends z.ZodType>(schema: S, data: unknown): { ok: true; value: z.output<S> } | { ok: false; problems: OutputProblem[] } {
  const r = schema.safeParse(data);
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: outputProblems(r.error.issues, data) };
}

/**
 * Checks `data` against `schema` and returns the parsed value; a document of another shape throws
 * `ScannerError(scanner, "<document>: <problems>")`, e.g. "Trivy report: Results is a string, expected an array".
 */
export function validateOutput<S extends z.ZodType>(schema: S, data: unknown, label: OutputLabel): z.output<S> {
  const r = checkOutput(schema, data);
  if (r.ok) return r.value;
  throw new ScannerError(label.scanner, `${label.document}: ${describeProblems(r.problems)}`);
}

/** JSON.parse's message without the snippet of the input V8 quotes (`Unexpected token 'F', "Fatal erro"… is not valid JSON`). */
export function jsonErrorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  // eslint-disable-next-line no-control-regex
  return message.replace(/,\s*(\.\.\.)?".*"(\.\.\.)?\s+is not valid JSON$/s, '').replace(/[\u0000-\u001f\u007f]/g, '?');
}

/**
 * Parses a scanner's JSON output; text that is not JSON throws
 * `ScannerError(scanner, "output is not valid JSON (<reason>); expected <expected>.")`. The reason never quotes the output.
 */
export function parseJsonOutput(text: string, o: { scanner: string; expected: string }): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // No `cause`: V8's message quotes the output, which may hold a secret.
    throw new ScannerError(o.scanner, `output is not valid JSON (${jsonErrorMessage(e)}); expected ${o.expected}.`);
  }
}
