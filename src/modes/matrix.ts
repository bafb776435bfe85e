/**
 * Matrix legs. An action does not see the `matrix` context unless it is passed: the `matrix` input defaults to
 * `${{ toJSON(matrix) }}` (as codeql-action's analyze does), which is `null` outside a matrix. Inside one, a leg is
 * named by its values (`image=alpine-3.20`), and outside `mode: merge` that name keys everything two legs would
 * otherwise share: the comment marker, the SARIF categories and the artifact name.
 *
 * The values come from the workflow (a matrix can be built from a file of the pull request with fromJSON), so the
 * key is made safe for every place it goes, and two legs whose values differ never get the same key:
 * - when every name and value is made of letters, digits, `.`, `_` and `-` only (names not empty) and the whole
 *   `name=value,name=value` fits in 100 characters, that is the key, unchanged (`image=alpine-3.20,arch=arm64`);
 * - otherwise every other character becomes `-`, each value is cut to 40 characters, the whole to 86, and `==` and
 *   12 hex characters of the SHA-256 of the exact values follow (`image=nginx-1.27==5d41402abc4b`). A key of the
 *   first kind never contains `==` (names and values contain no `=`), so a key of one kind is never a key of the
 *   other, and keys of the second kind differ by their hash.
 * Values are compared as text: a number, a boolean, `null` and a string that reads the same name the same leg; a
 * list or an object (a matrix over `include:` objects) is its JSON text.
 */
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** `matrix` longer than this is refused (a matrix of a few dozen values is a few thousand characters). */
export const MATRIX_MAX_CHARS = 65_536;
/** A key (and so a shard key) is at most this long: it goes into artifact names and code scanning categories. */
export const KEY_MAX_CHARS = 100;
const VALUE_MAX_CHARS = 40;
/** `==` and 12 hex characters of SHA-256 (48 bits: no accidental collision among any number of legs a run can have). */
const HASH_CHARS = 12;
/** What a key (or a `shard-key`) may contain: safe in artifact names, categories, markers and Markdown code spans. */
export const KEY_PATTERN = /^[A-Za-z0-9._=,-]{1,100}$/;
const PLAIN = /^[A-Za-z0-9._-]*$/;

export interface MatrixLeg {
  /** The matrix values in the workflow's order, as text (a list or an object as its JSON). */
  entries: readonly { readonly name: string; readonly value: string }[];
  /** `image=alpine-3.20` (`,` between entries): safe in names, ≤ KEY_MAX_CHARS, distinct for distinct entries. */
  key: string;
}

function safe(s: string, max: number): string {
  const cleaned = s.replace(/[^A-Za-z0-9._-]+/g, '-');
  return cleaned.length > max ? cleaned.slice(0, max) : cleaned;
}

/** The key of these matrix values (pure): see the module comment. */
export function legKey(entries: MatrixLeg['entries']): string {
  const exact = entries.map((e) => `${e.name}=${e.value}`).join(',');
  const plain = entries.length > 0 && entries.every((e) => e.name !== '' && PLAIN.test(e.name) && PLAIN.test(e.value));
  if (plain && exact.length <= KEY_MAX_CHARS) return exact;
  const readable = entries.map((e) => `${safe(e.name, VALUE_MAX_CHARS) || '-'}=${safe(e.value, VALUE_MAX_CHARS)}`).join(',');
  const hash = createHash('sha256').update(JSON.stringify(entries.map((e) => [e.name, e.value]))).digest('hex').slice(0, HASH_CHARS);
  return `${readable.slice(0, KEY_MAX_CHARS - HASH_CHARS - 2)}==${hash}`;
}

/** A matrix value as text: scalars as they read, lists and objects as JSON. */
function asText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * The `matrix` input: empty, `null` or `{}` (outside a matrix) → undefined; a JSON object → the leg (its values in
 * order, as text). Anything else is refused with what to write instead.
 */
export function matrixField() {
  return z.unknown().transform((v, ctx): MatrixLeg | undefined => {
    const fail = (message: string): never => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER as never;
    };
    const text = typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : JSON.stringify(v);
    if (text === '' || text === 'null') return undefined;
    if (text.length > MATRIX_MAX_CHARS) return fail(`is ${text.length.toLocaleString('en-US')} characters, more than ${MATRIX_MAX_CHARS.toLocaleString('en-US')}; pass only the values that name the leg, e.g. matrix: '{"image": "\${{ matrix.image }}"}'.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail("is not JSON; leave it at its default (${{ toJSON(matrix) }}) or pass a JSON object such as '{\"image\": \"alpine:3.20\"}'.");
    }
    if (parsed === null) return undefined;
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      return fail("is not a JSON object; leave it at its default (${{ toJSON(matrix) }}) or pass the values that name the leg, e.g. matrix: '{\"image\": \"${{ matrix.image }}\"}'.");
    }
    // Object.entries of JSON.parse's own properties: `__proto__` is a value like any other (a schema would drop it).
    const entries = Object.entries(parsed as Record<string, unknown>).map(([name, x]) => ({ name, value: asText(x) }));
    if (entries.length === 0) return undefined;
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

/**
 * `mode: publish` in a matrix (the publish job runs over the scan job's matrix): `report-dir/<artifact-name>`, the
 * leg's own artifact, when actions/download-artifact with `pattern:` put every leg's artifact there, a directory
 * each; otherwise `report-dir` (the leg's artifact downloaded by name). A symbolic link is not a directory here.
 */
export async function legReportDir(reportDir: string, publish: { readonly matrix?: MatrixLeg | undefined; readonly artifactName: string }, logger?: { info(m: string): void }): Promise<string> {
  if (!publish.matrix || publish.artifactName === '' || publish.artifactName.includes('/')) return reportDir;
  const own = join(reportDir, publish.artifactName);
  const isDir = await lstat(own).then((s) => s.isDirectory(), () => false);
  if (isDir) logger?.info(`Matrix leg ${publish.matrix.key}: reading its artifact ${publish.artifactName} in ${reportDir}.`);
  return isDir ? own : reportDir;
}

/**
 * `baseline: auto` inside a matrix: each leg's baseline artifact is its own (`<baseline-artifact>-<key>`), so a push
 * run of the default branch uploads one per leg without a name conflict, and a pull request's leg is compared with
 * the same leg on the default branch, not with whichever leg uploaded first.
 */
export function keyPolicyByLeg<T extends { readonly baselineArtifact: string }>(policy: T, leg: MatrixLeg | undefined): T {
  if (!leg || policy.baselineArtifact === '') return policy;
  return { ...policy, baselineArtifact: `${policy.baselineArtifact}-${leg.key}` };
}

/** The line above the comment's heading that says which leg it is (the key is safe in a code span). */
export function legHeading(leg: MatrixLeg): string {
  return `#### Matrix leg \`${leg.key}\``;
}

/** `expected-shards`: a count, or the keys. Empty: not checked (but no shard at all blocks). */
export type ExpectedShards = { readonly count: number } | { readonly keys: readonly string[] } | undefined;

/**
 * The `expected-shards` input: empty, a count from 1 to 10000, or shard keys — separated by commas, or one a line
 * (then a key may contain `,`, as the key of a leg with several matrix values does: `image=app,arch=arm64`).
 */
export function expectedShardsField() {
  return z.unknown().transform((raw, ctx): ExpectedShards => {
    const fail = (message: string): never => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER as never;
    };
    const v = typeof raw === 'number' ? String(raw) : Array.isArray(raw) ? raw.join('\n') : typeof raw === 'string' ? raw.trim() : '';
    if (v === '') return undefined;
    if (/^\d+$/.test(v)) {
      const count = Number(v);
      if (count < 1 || count > 10_000) return fail(`is '${v}'; use a count from 1 to 10000 or the shard keys separated by commas (or one a line).`);
      return { count };
    }
    const lines = v.includes('\n');
    const keys = [...new Set((lines ? v.split(/\r?\n/).map((s) => s.trim().replace(/,$/, '')) : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))];
    const bad = keys.filter((k) => !(lines ? KEY_PATTERN : /^[A-Za-z0-9._=-]{1,100}$/).test(k));
    if (bad.length > 0) {
      return fail(`has '${bad[0]!.slice(0, 100)}'; use a count or shard keys (letters, digits, '.', '_', '-', '=') separated by commas, or one a line (then a key may contain ',').`);
    }
    return { keys };
  });
}

/**
 * At most `max` lines of `list`: all of them, or the first `max - 1` and a last one from `more(n)` counting the `n`
 * left out (shard.json's and the merge gate's bounded lists: nothing is dropped without saying so).
 */
export function atMost(list: readonly string[], max: number, more: (left: number) => string): string[] {
  return list.length <= max ? [...list] : [...list.slice(0, max - 1), more(list.length - max + 1)];
}
