import { isMap, parseDocument } from 'yaml';
import { MAX_POLICY_FILE_BYTES } from './trusted-files.js';

export type YamlResult = { ok: true; value: Record<string, unknown> } | { ok: false; problems: string[] };

/**
 * Parses a policy file (the config file, the ignore file): YAML 1.2 core schema (so `2027-01-31` stays a string and
 * `on`/`yes` are strings), one document, a mapping at the top, no duplicate keys, few aliases (a "billion laughs"
 * file cannot blow up), at most MAX_POLICY_FILE_BYTES. Problems name the line.
 */
export function parsePolicyYaml(text: string, file: string): YamlResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_FILE_BYTES) return { ok: false, problems: [`${file} is larger than ${MAX_POLICY_FILE_BYTES} bytes.`] };
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: true, strict: true });
  const errors = doc.errors.map((e) => `${file}: ${e.message.split('\n')[0]!.replace(/:$/, '')}.`);
  if (errors.length > 0) return { ok: false, problems: errors };
  if (doc.contents === null) return { ok: true, value: {} };
  if (!isMap(doc.contents)) return { ok: false, problems: [`${file}: the top level must be a mapping of settings (key: value), not a list or a single value.`] };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, problems: [`${file}: ${(e as Error).message}`] };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
