/** Small readers over parsed JSON of unknown shape, shared by the scanner parsers. */
export type Json = Record<string, unknown>;

export function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string that is not blank (as given, untrimmed), else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** A finite number, else undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The non-empty strings of a list. */
export function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string' && x !== '');
}
