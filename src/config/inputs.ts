import { ConfigurationError } from '../errors.js';

/** Reads one action input by name; returns '' when it is not set (the contract of core.getInput). */
export type InputReader = (name: string) => string;

/** Typed readers over an InputReader. Every error names the input and the expected form. */
export function text(read: InputReader, name: string, fallback = ''): string {
  const v = read(name).trim();
  return v === '' ? fallback : v;
}

export function list(read: InputReader, name: string, fallback: readonly string[] = []): string[] {
  const v = read(name).trim();
  if (v === '') return [...fallback];
  return v
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function choice<T extends string>(read: InputReader, name: string, allowed: readonly T[], fallback: T): T {
  const v = read(name).trim().toLowerCase();
  if (v === '') return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigurationError(`Input '${name}' is '${read(name).trim()}'; allowed: ${allowed.join(', ')}.`);
  }
  return v as T;
}

/** A comma list whose members must each be allowed (case-insensitive); returns them lower-cased, de-duplicated. */
export function choices<T extends string>(
  read: InputReader,
  name: string,
  allowed: readonly T[],
  fallback: readonly T[],
): T[] {
  const items = list(read, name, fallback).map((s) => s.toLowerCase());
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length > 0) {
    throw new ConfigurationError(
      `Input '${name}' has unknown value${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ')}; allowed: ${allowed.join(', ')} (comma-separated).`,
    );
  }
  if (items.length === 0) throw new ConfigurationError(`Input '${name}' is empty; allowed: ${allowed.join(', ')} (comma-separated).`);
  return [...new Set(items)] as T[];
}

export function bool(read: InputReader, name: string, fallback: boolean): boolean {
  const v = read(name).trim().toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new ConfigurationError(`Input '${name}' is '${read(name).trim()}'; use true or false.`);
}

export function integer(read: InputReader, name: string, fallback: number, min: number, max: number): number {
  const v = read(name).trim();
  if (v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigurationError(`Input '${name}' is '${v}'; use a whole number from ${min} to ${max}.`);
  }
  return n;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Durations like `300`, `90s`, `5m`, `1h30m` (a bare number is seconds). */
export function duration(read: InputReader, name: string, fallbackMs: number): number {
  const v = read(name).trim().toLowerCase();
  if (v === '') return fallbackMs;
  const parts = /^\d+$/.test(v) ? [[v, v, 's']] : [...v.matchAll(/(\d+)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== v) {
    throw new ConfigurationError(`Input '${name}' is '${read(name).trim()}'; use a duration such as 90s, 5m or 1h30m.`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
  if (ms <= 0) throw new ConfigurationError(`Input '${name}' must be longer than zero.`);
  return ms;
}

/** Formats milliseconds the way Trivy's --timeout wants it (e.g. 5m0s → "300s"). */
export function toGoDuration(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}
