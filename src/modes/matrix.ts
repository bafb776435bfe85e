/**
 * Matrix legs. An action does not see the `matrix` context unless it is passed: the `matrix` input defaults to
 * `${{ toJSON(matrix) }}` (as codeql-action's analyze does), which is `null` outside a matrix. Inside one, a leg is
 * named by its values (`image=alpine-3.20`), and outside `mode: merge` that name keys everything two legs would
 * otherwise share: the comment marker, the SARIF categories and the artifact name.
 *
 * The values come from the workflow (a matrix can be built from a file of the pull request with fromJSON), so the
 * key is made safe for every place it goes: characters other than letters, digits, `.`, `_` and `-` become `-`, each
 * value is cut to 40 characters and the whole key to 100; when anything was changed or cut, 8 hex characters of the
 * values' SHA-256 are appended, so two legs whose values differ never get the same key.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** `matrix` longer than this is refused (a matrix of a few dozen values is a few hundred characters). */
export const MATRIX_MAX_CHARS = 8192;
/** A key (and so a shard key) is at most this long: it goes into artifact names and code scanning categories. */
export const KEY_MAX_CHARS = 100;
const VALUE_MAX_CHARS = 40;
const MAX_ENTRIES = 16;
/** What a key (or a `shard-key`) may contain: safe in artifact names, categories, markers and Markdown code spans. */
export const KEY_PATTERN = /^[A-Za-z0-9._=,-]{1,100}$/;

export interface MatrixLeg {
  /** The matrix values in the workflow's order, as text. */
  entries: readonly { readonly name: string; readonly value: string }[];
  /** `image=alpine-3.20` (`,` between entries): safe in names, ≤ KEY_MAX_CHARS. */
  key: string;
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

function safe(s: string, max: number): string {
  const cleaned = s.replace(/[^A-Za-z0-9._-]+/g, '-');
  return cleaned.length > max ? cleaned.slice(0, max) : cleaned;
}

/** The key of these matrix values (pure): see the module comment. */
export function legKey(entries: MatrixLeg['entries']): string {
  const exact = entries.map((e) => `${e.name}=${e.value}`).join(',');
  let key = entries.map((e) => `${safe(e.name, VALUE_MAX_CHARS) || '-'}=${safe(e.value, VALUE_MAX_CHARS)}`).join(',');
  if (key !== exact || key.length > KEY_MAX_CHARS) {
    const hash = createHash('sha256').update(JSON.stringify(entries.map((e) => [e.name, e.value]))).digest('hex').slice(0, 8);
    key = `${key.slice(0, KEY_MAX_CHARS - 9)}-${hash}`;
  }
  return key;
}

/**
 * The `matrix` input: empty or `null` (outside a matrix) → undefined; a JSON object of strings, numbers, booleans or
 * nulls → the leg. Anything else is refused with what to write instead.
 */
export function matrixField() {
  return z.unknown().transform((v, ctx): MatrixLeg | undefined => {
    const fail = (message: string): never => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER as never;
    };
    const text = typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : JSON.stringify(v);
    if (text === '' || text === 'null' || text === '{}') return undefined;
    if (text.length > MATRIX_MAX_CHARS) return fail(`is ${text.length.toLocaleString('en-US')} characters, more than ${MATRIX_MAX_CHARS.toLocaleString('en-US')}; pass only the values that name the leg, e.g. matrix: '{"image": "\${{ matrix.image }}"}'.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail("is not JSON; leave it at its default (${{ toJSON(matrix) }}) or pass a JSON object such as '{\"image\": \"alpine:3.20\"}'.");
    }
    const object = z.record(z.string(), scalar).safeParse(parsed);
    if (!object.success || Array.isArray(parsed)) {
      return fail("is not a JSON object of plain values (strings, numbers, booleans); a matrix value that is a list or an object cannot name a leg: pass the values that do, e.g. matrix: '{\"image\": \"${{ matrix.image }}\"}'.");
    }
    const entries = Object.entries(object.data).map(([name, x]) => ({ name, value: x === null ? 'null' : String(x) }));
    if (entries.length > MAX_ENTRIES) return fail(`has ${entries.length} values, more than ${MAX_ENTRIES}; pass only the values that name the leg.`);
    return { entries, key: legKey(entries) };
  });
}

/** The publishing settings a leg keys (the subset of PublishSettings this module reads and writes). */
export interface KeyedPublish {
  readonly categoryPrefix: string;
  readonly commentKey: string;
  readonly artifactName: string;
}

/**
 * `mode: scan` inside a matrix: the SARIF categories become `<prefix>/<key>/<scanner>/`, the comment marker carries
 * the key (after `comment-key`, when set) and the artifact is `<artifact-name>-<key>`. Outside a matrix: unchanged.
 */
export function keyByLeg<T extends KeyedPublish>(publish: T, leg: MatrixLeg | undefined): T {
  if (!leg) return publish;
  return {
    ...publish,
    categoryPrefix: `${publish.categoryPrefix}/${leg.key}`,
    commentKey: publish.commentKey ? `${publish.commentKey}/${leg.key}` : leg.key,
    artifactName: publish.artifactName ? `${publish.artifactName}-${leg.key}` : '',
  };
}

/** The line above the comment's heading that says which leg it is (the key is safe in a code span). */
export function legHeading(leg: MatrixLeg): string {
  return `#### Matrix leg \`${leg.key}\``;
}

/** `expected-shards`: a count, or the keys (comma-separated). Empty: not checked (but no shard at all blocks). */
export type ExpectedShards = { readonly count: number } | { readonly keys: readonly string[] } | undefined;

/** The `expected-shards` input: empty, a count from 1 to 10000, or shard keys separated by commas. */
export function expectedShardsField() {
  return z.unknown().transform((raw, ctx): ExpectedShards => {
    const fail = (message: string): never => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER as never;
    };
    const v = typeof raw === 'number' ? String(raw) : Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw.trim() : '';
    if (v === '') return undefined;
    if (/^\d+$/.test(v)) {
      const count = Number(v);
      if (count < 1 || count > 10_000) return fail(`is '${v}'; use a count from 1 to 10000 or the shard keys separated by commas.`);
      return { count };
    }
    const keys = [...new Set(v.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== ''))];
    const bad = keys.filter((k) => !/^[A-Za-z0-9._=-]{1,100}$/.test(k));
    if (bad.length > 0) return fail(`has '${bad[0]!.slice(0, 100)}'; use a count or shard keys (letters, digits, '.', '_', '-', '=') separated by commas.`);
    return { keys };
  });
}
