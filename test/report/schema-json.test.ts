// The published JSON Schema of findings.json (schema/findings@4.schema.json) is what the zod schema generates, and
// real findings.json outputs (the real fixtures through parse → report → insights → renderJson) validate against it
// with ajv. UPDATE_SCHEMA=1 rewrites the committed file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE, renderJsonSchema } from '../../src/report/json-schema.js';
import { renderJson } from '../../src/report/json.js';
import { REPORT_SCHEMA } from '../../src/report/schema.js';
import { realReport, SOURCES } from '../insights/real-report.js';

const ROOT = join(import.meta.dirname, '..', '..');
const META = { generatedAt: '2026-05-01T12:00:00.000Z', tool: { name: 'security-scan', version: '0.1.0' } };

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, JSON_SCHEMA_FILE), 'utf8')) as object);
}

describe('the published JSON Schema of findings.json', () => {
  it('is versioned like the document and is what the zod schema generates', () => {
    expect(JSON_SCHEMA_FILE).toBe(`schema/${REPORT_SCHEMA.split('/')[1]}.schema.json`);
    const generated = renderJsonSchema();
    if (process.env['UPDATE_SCHEMA']) writeFileSync(join(ROOT, JSON_SCHEMA_FILE), generated);
    expect(readFileSync(join(ROOT, JSON_SCHEMA_FILE), 'utf8'), `${JSON_SCHEMA_FILE} is stale: run UPDATE_SCHEMA=1 npx vitest run test/report/schema-json.test.ts`).toBe(generated);
  });

  it('validates findings.json built from every real fixture, insights and per-scanner assessments included', () => {
    const validate = validator();
    const doc = JSON.parse(renderJson(realReport(SOURCES), META)) as Record<string, unknown>;
    expect(doc['schema']).toBe(REPORT_SCHEMA);
    expect(doc['insights']).toBeDefined();
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    console.log(`findings.json of ${(doc['findings'] as unknown[]).length} findings, ${((doc['insights'] as { recommendations: unknown[] }).recommendations).length} recommendations: valid`);
  });

  it('refuses a document the zod schema refuses: an unknown key, a risk score above 100, a wrong verdict', () => {
    const validate = validator();
    const base = JSON.parse(renderJson(realReport(SOURCES.slice(0, 2)), META)) as Record<string, Record<string, unknown>>;
    const bad = [
      (d: typeof base) => void (d['extra'] = {}),
      (d: typeof base) => void ((d['insights']!['summary'] as Record<string, unknown>)['riskScore'] = 101),
      (d: typeof base) => void (((d['insights']!['complianceStatus'] as { frameworks: Record<string, unknown>[] }).frameworks[0]!)['status'] = 'OK'),
      (d: typeof base) => void (d['schema'] = 'security-scan/findings@9' as never),
    ];
    for (const change of bad) {
      const d = structuredClone(base);
      change(d);
      expect(validate(d)).toBe(false);
    }
  });
});
