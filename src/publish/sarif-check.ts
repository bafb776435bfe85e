/**
 * Checks a SARIF file from a fork's artifact before it is uploaded to code scanning (pure). A file is refused
 * whole when it is over GitHub's gzip limit, is not SARIF 2.1.0, has no runs or more than GitHub takes in one
 * upload, has a run whose category (`automationDetails.id`) is not under the configured `category-prefix` or
 * repeats another run's, or has any artifact URI (every `uri` in the document) that is not a relative path inside
 * the repository: no scheme (`file:`, `https:`), not absolute, no `.`/`..` or empty segment, no query or fragment,
 * also after percent-decoding each segment.
 */
import { gzipSync } from 'node:zlib';
import { SARIF_LIMITS } from '../github/limits.js';
import { formatPath, quote } from '../report/schema.js';

/** Why a file was refused, in words of ours (safe to show in the comment). */
export const SARIF_PROBLEMS = {
  'too-large': `larger than GitHub's ${SARIF_LIMITS.maxGzipBytes / 1024 / 1024} MB gzip limit`,
  'not-json': 'not JSON',
  'not-sarif': 'not a SARIF 2.1.0 log',
  runs: 'no runs, or more runs than one upload takes',
  category: "a run's category is not under category-prefix",
  'duplicate-category': "a run's category repeats another run's",
  uri: 'an artifact URI outside the repository',
  file: 'not a regular file',
} as const;
export type SarifProblem = keyof typeof SARIF_PROBLEMS;

export type SarifCheck =
  | { ok: true; runs: number; categories: string[]; gzipBytes: number }
  /** `message`: the specifics for the log, with any text from the file quoted as one plain line. */
  | { ok: false; problem: SarifProblem; message: string };

export interface SarifCheckOptions {
  /** The `category-prefix` setting (no trailing slash). */
  categoryPrefix: string;
  /** Categories of files accepted before this one: a repeat would replace (or be rejected with) that run. */
  taken?: ReadonlySet<string>;
  maxGzipBytes?: number;
  maxRuns?: number;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** A category segment: what category-prefix and matrix leg keys (`image=app,arch=arm64`, modes/matrix.ts) are made of. */
const SEGMENT = /^[A-Za-z0-9._=,-]+$/;

/** Why `uri` is not a relative path inside the repository, or undefined when it is. */
export function uriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string') return 'is not a string';
  if (uri === '') return 'is empty';
  if (SCHEME.test(uri)) return 'has a scheme (only paths relative to the repository are accepted)';
  if (uri.startsWith('/') || uri.startsWith('\\')) return 'is absolute';
  if (/[?#]/.test(uri)) return 'has a query or fragment';
  for (const [i, raw] of uri.split('/').entries()) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return 'has invalid percent-encoding';
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001F\u007F]/.test(segment)) return 'has a control character';
    if (segment === '') return 'has an empty segment';
    if (segment.includes('/')) return 'has an encoded slash';
    // `..\..\x` climbs out wherever a backslash is read as a separator.
    if (segment.split('\\').some((part) => part === '.' || part === '..')) return "has a '.' or '..' segment (climbs out of the repository)";
    if (i === 0 && /^[A-Za-z]:(\\|$)/.test(segment)) return 'is a Windows drive path';
  }
  return undefined;
}

function isCategoryUnder(id: string, prefix: string): boolean {
  if (!id.startsWith(`${prefix}/`)) return false;
  const rest = id.slice(prefix.length + 1).replace(/\/$/, '');
  return rest !== '' && rest.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A node of the walk: its value and how it was reached (the path is only spelled out for a refusal). */
interface Visit {
  value: Json;
  key?: string | number;
  parent?: Visit;
}

function pathOf(v: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | undefined = v; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** The first `uri` anywhere in the document that is not inside the repository (iterative: any depth). */
function firstBadUri(root: Json): { path: (string | number)[]; uri: unknown; why: string } | undefined {
  const stack: Visit[] = [{ value: root }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i]!, key: i, parent: visit });
    } else if (isObject(value)) {
      const entries = Object.entries(value);
      for (const [key, v] of entries) {
        if (key !== 'uri') continue;
        const why = uriProblem(v);
        if (why) return { path: pathOf({ value: v, key, parent: visit }), uri: v, why };
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i]!;
        if (typeof v === 'object' && v !== null) stack.push({ value: v, key, parent: visit });
      }
    }
  }
  return undefined;
}

export function checkSarif(text: string, o: SarifCheckOptions): SarifCheck {
  const maxGzip = o.maxGzipBytes ?? SARIF_LIMITS.maxGzipBytes;
  const maxRuns = o.maxRuns ?? SARIF_LIMITS.maxRunsPerUpload;
  const gzipBytes = gzipSync(Buffer.from(text, 'utf8')).length;
  if (gzipBytes > maxGzip) {
    return { ok: false, problem: 'too-large', message: `the file is ${gzipBytes.toLocaleString('en-US')} bytes of gzip, more than GitHub's limit of ${maxGzip.toLocaleString('en-US')}` };
  }
  let log: Json;
  try {
    log = JSON.parse(text) as Json;
  } catch (e) {
    return { ok: false, problem: 'not-json', message: `the file is not JSON: ${quote((e as Error).message)}` };
  }
  if (!isObject(log) || log['version'] !== '2.1.0' || !Array.isArray(log['runs'])) {
    return { ok: false, problem: 'not-sarif', message: 'the file is not a SARIF 2.1.0 log (an object with version "2.1.0" and a runs array)' };
  }
  const runs = log['runs'];
  if (runs.length === 0 || runs.length > maxRuns) {
    return { ok: false, problem: 'runs', message: `the file has ${runs.length} runs; it must have 1 to ${maxRuns}` };
  }
  const categories: string[] = [];
  for (const [i, run] of runs.entries()) {
    if (!isObject(run) || !isObject(run['tool']) || !isObject(run['tool']['driver']) || typeof run['tool']['driver']['name'] !== 'string') {
      return { ok: false, problem: 'not-sarif', message: `runs[${i}] has no tool.driver.name` };
    }
    const details = run['automationDetails'];
    const id = isObject(details) ? details['id'] : undefined;
    if (typeof id !== 'string' || !isCategoryUnder(id, o.categoryPrefix)) {
      return {
        ok: false,
        problem: 'category',
        message: `runs[${i}].automationDetails.id is ${typeof id === 'string' ? quote(id) : 'missing'}, not a category under '${o.categoryPrefix}/' (input 'category-prefix')`,
      };
    }
    if (categories.includes(id) || o.taken?.has(id)) {
      return { ok: false, problem: 'duplicate-category', message: `runs[${i}].automationDetails.id ${quote(id)} repeats the category of another run` };
    }
    categories.push(id);
  }
  const bad = firstBadUri(log);
  if (bad) {
    return { ok: false, problem: 'uri', message: `${formatPath(bad.path)} ${typeof bad.uri === 'string' ? quote(bad.uri) : ''} ${bad.why}`.replace(/ {2,}/g, ' ') };
  }
  return { ok: true, runs: runs.length, categories, gzipBytes };
}
