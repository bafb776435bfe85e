import { z } from 'zod';

/**
 * One setting: the action input it comes from, its default as action.yml spells it, and the zod field that parses
 * it. action.yml is checked against these specs by a test (names, defaults), so the two cannot drift apart.
 */
export interface InputSpec<F extends z.ZodType = z.ZodType> {
  input: string;
  /** Applied when the value is missing or empty, parsed by `field` like any other value. */
  default: string;
  /** action.yml's default when it is an expression the runner fills in (github-token: `${{ github.token }}`). */
  actionDefault?: string;
  field: F;
}

export type Section = Readonly<Record<string, InputSpec>>;
export type SectionOutput<T extends Section> = { [K in keyof T]: z.output<T[K]['field']> };

const isMissing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A zod object of the section's settings: each key's default applied, unknown keys refused. */
export function section<const T extends Section>(specs: T): z.ZodType<SectionOutput<T>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(specs)) shape[key] = z.preprocess((v) => (isMissing(v) ? spec.default : v), spec.field);
  return z.object(shape).strict() as unknown as z.ZodType<SectionOutput<T>>;
}

/** A raw source of settings (the action's inputs, later the config file) as a plain object, before parsing. */
export type RawSettings = { [key: string]: unknown };

/**
 * Reads the inputs of one section: set values only, so that defaults and other sources (the config file) can fill
 * the rest. The runner fills in action.yml's default for an input the workflow does not set, so a value equal to
 * the default cannot be told from an unset one and counts as unset: it does not override the config file.
 */
export function readSection(specs: Section, read: (name: string) => string): RawSettings {
  const out: RawSettings = {};
  for (const [key, spec] of Object.entries(specs)) {
    const v = read(spec.input);
    if (v.trim() === '' || v.trim().toLowerCase() === spec.default.toLowerCase()) continue;
    out[key] = v;
  }
  return out;
}

/** Every input a section reads, by its key. */
export function inputNames(specs: Section): Record<string, string> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.input]));
}

/** Objects, arrays and their members, frozen all the way down. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

/**
 * Turns zod issues into sentences that name the input: `Input 'fail-on' is 'x'; allowed: …`. `label` maps an
 * issue's path to the source's name for it (the input, or a config-file key); an unlabelled issue's message must
 * already name what it is about.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], label: (path: readonly PropertyKey[]) => string | undefined): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = label(issue.path);
      return `${where ? `${where} has` : 'Unknown'} setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} that nothing reads.`;
    }
    const name = label(issue.path);
    return name ? `${name} ${issue.message}` : issue.message;
  });
}

/** `Input 'name'` for an issue on one key of a section of inputs. */
export function inputLabel(specs: Section) {
  return (path: readonly PropertyKey[]): string | undefined => {
    const spec = path.length > 0 ? specs[String(path[0])] : undefined;
    return spec ? `Input '${spec.input}'` : undefined;
  };
}

/**
 * Parses one section's raw values; problems are sentences naming the inputs, or — for a value another source gave
 * (the config file) — what `labelOf(key)` calls it.
 */
export function parseSection<T>(
  specs: Section,
  schema: z.ZodType<T>,
  value: unknown,
  labelOf?: (key: string) => string | undefined,
): { ok: true; data: T } | { ok: false; problems: string[] } {
  // jitless: each section is parsed once per run, and zod's compiled fast path for an object schema costs more to
  // generate (new Function per section) than the one parse it speeds up.
  const r = schema.safeParse(value ?? {}, { jitless: true });
  if (r.success) return { ok: true, data: r.data };
  const byInput = inputLabel(specs);
  return { ok: false, problems: describeIssues(r.error.issues, (path) => (path.length > 0 ? labelOf?.(String(path[0])) : undefined) ?? byInput(path)) };
}
