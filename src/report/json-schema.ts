/**
 * The JSON Schema of findings.json, generated from the zod schema (schema.ts) with zod 4's z.toJSONSchema and
 * committed at schema/findings@<N>.schema.json (test/report/schema-json.test.ts fails when it differs; run that test
 * with UPDATE_SCHEMA=1 to rewrite it). The cross-references the zod schema checks in code (unique scanner ids,
 * sources naming a scanner of the document) have no JSON Schema form and are described in the schema's description.
 */
import { z } from 'zod';
import { findingsDocumentSchema, REPORT_SCHEMA } from './schema.js';

/** `schema/findings@4.schema.json`, relative to the repository root. */
export const JSON_SCHEMA_FILE = `schema/${REPORT_SCHEMA.split('/')[1]}.schema.json`;

export function findingsJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(findingsDocumentSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: generated['$schema'],
    $id: `https://github.com/security-scan/schema/${REPORT_SCHEMA.split('/')[1]}.schema.json`,
    title: `findings.json (${REPORT_SCHEMA})`,
    description:
      'The report security-scan writes as findings.json. Also checked by the action, beyond this schema: scanner ids are unique, every finding source names a scanner of the document, and only suppressed findings carry a suppression.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(findingsJsonSchema(), null, 2)}\n`;
}
