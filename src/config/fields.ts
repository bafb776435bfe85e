import { z } from 'zod';

/**
 * The value types of settings, as zod schemas. Each accepts what an action input gives (a string) and what a
 * config file gives (a boolean, a number, a list), and reports a problem as a sentence that starts with a verb and
 * says what is allowed ("is 'x'; allowed: a, b."). The caller prefixes the source ("Input 'fail-on' ").
 */

/** What a problem message quotes: the value as given. */
function shown(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v.trim() : JSON.stringify(v);
}

type Ctx = z.RefinementCtx;
function fail(ctx: Ctx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER as never;
}

/** `'a', 'b'` for a message. */
export function quoted(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/** A comma- or newline-separated list (an input), or a list of strings (a config file). */
export function splitList(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? v.map((s) => s.trim()).filter((s) => s !== '') : undefined;
  if (typeof v !== 'string') return undefined;
  return v
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Free text, trimmed. `pattern` and `hint` refuse values that do not fit ("use letters, digits…"). */
export function text(check?: { pattern: RegExp; hint: string }) {
  return z.unknown().transform((v, ctx): string => {
    if (typeof v !== 'string' && typeof v !== 'number') return fail(ctx, `is ${shown(v)}; use text.`);
    const s = String(v).trim();
    if (check && s !== '' && !check.pattern.test(s)) return fail(ctx, `is '${s}'; ${check.hint}`);
    return s;
  });
}

/** A list of strings; `each` checks every member, and `problem` words the message for those that fail ("has 'x'; use …"). */
export function list(each?: { pattern: RegExp; problem: (bad: string[]) => string }) {
  return z.unknown().transform((v, ctx): string[] => {
    const items = splitList(v);
    if (!items) return fail(ctx, `is ${shown(v)}; use a comma-separated list.`);
    const bad = each ? items.filter((s) => !each.pattern.test(s)) : [];
    if (bad.length > 0) return fail(ctx, each!.problem(bad));
    return [...new Set(items)];
  });
}

/** One of `allowed`, case-insensitive. */
export function choice<const T extends string>(allowed: readonly T[]) {
  return z.unknown().transform((v, ctx): T => {
    const s = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
    if (s === undefined || !(allowed as readonly string[]).includes(s)) return fail(ctx, `is '${shown(v)}'; allowed: ${allowed.join(', ')}.`);
    return s as T;
  });
}

/** A non-empty list whose members are each one of `allowed` (case-insensitive); lower-cased, de-duplicated, in the order given. */
export function choices<const T extends string>(allowed: readonly T[]) {
  return z.unknown().transform((v, ctx): T[] => {
    const items = splitList(v)?.map((s) => s.toLowerCase());
    const form = `allowed: ${allowed.join(', ')} (comma-separated).`;
    if (!items) return fail(ctx, `is ${shown(v)}; ${form}`);
    const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
    if (bad.length > 0) return fail(ctx, `has unknown value${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ')}; ${form}`);
    if (items.length === 0) return fail(ctx, `is empty; ${form}`);
    return [...new Set(items)] as T[];
  });
}

export function bool() {
  return z.unknown().transform((v, ctx): boolean => {
    if (typeof v === 'boolean') return v;
    const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
    if (['true', 'yes', '1', 'on'].includes(s)) return true;
    if (['false', 'no', '0', 'off'].includes(s)) return false;
    return fail(ctx, `is '${shown(v)}'; use true or false.`);
  });
}

export function integer(min: number, max: number) {
  return z.unknown().transform((v, ctx): number => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) return fail(ctx, `is '${shown(v)}'; use a whole number from ${min} to ${max}.`);
    return n;
  });
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Node's timers fire at once above 2^31 − 1 ms (about 24.8 days): a longer timeout would kill every scanner at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Durations like `300`, `90s`, `5m`, `1h30m` (a bare number is seconds), in milliseconds, from 1 s to MAX_TIMER_MS. */
export function duration() {
  return z.unknown().transform((v, ctx): number => {
    const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().toLowerCase() : '';
    const parts = /^\d+$/.test(s) ? [[s, s, 's']] : [...s.matchAll(/(\d+)(ms|s|m|h)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) return fail(ctx, `is '${shown(v)}'; use a duration such as 90s, 5m or 1h30m.`);
    const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
    if (ms <= 0) return fail(ctx, 'must be longer than zero.');
    if (ms < 1000) return fail(ctx, `is '${shown(v)}', shorter than 1s: no scanner starts that fast; use at least 1s (e.g. 90s or 5m).`);
    if (ms > MAX_TIMER_MS) return fail(ctx, `is '${shown(v)}', longer than the longest timer Node.js keeps (about 596h); use a shorter duration such as 6h.`);
    return ms;
  });
}

/** Formats milliseconds the way Go's duration flags (Trivy's --timeout) want them. */
export function toGoDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/** `field`, or '' when the value is empty (an input that is off until set). Problems keep the field's wording. */
export function orEmpty<T>(field: z.ZodType<T>) {
  return z.unknown().transform((v, ctx): T | '' => {
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return '';
    const r = field.safeParse(v);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  });
}

/**
 * Per-key durations: `trivy=5m, snyk=10m` (an input) or `{ trivy: 5m }` (a config file), keys among `keys`; in
 * milliseconds, each checked like `duration()`.
 */
export function durationMap(keys: readonly string[]) {
  const one = duration();
  return z.unknown().transform((v, ctx): Record<string, number> => {
    let pairs: [string, unknown][];
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) pairs = Object.entries(v);
    else {
      const items = splitList(v);
      if (!items) return fail(ctx, `is ${shown(v)}; use id=duration pairs such as trivy=5m, checkov=10m (comma-separated).`);
      const bad = items.filter((i) => !/^[^=\s]+\s*=\s*\S+$/.test(i));
      if (bad.length > 0) return fail(ctx, `has ${quoted(bad)}; use id=duration pairs such as trivy=5m, checkov=10m (comma-separated).`);
      pairs = items.map((i) => i.split('=').map((x) => x.trim()) as [string, string]);
    }
    const out: Record<string, number> = {};
    for (const [k, raw] of pairs) {
      const key = k.toLowerCase();
      if (!keys.includes(key)) {
        ctx.addIssue({ code: 'custom', message: `names '${k}', which is not a scanner; allowed: ${keys.join(', ')}.` });
        continue;
      }
      const r = one.safeParse(raw);
      if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: `for ${key} ${issue.message}` });
      else out[key] = r.data;
    }
    return out;
  });
}
