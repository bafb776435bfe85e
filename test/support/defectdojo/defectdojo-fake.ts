/**
 * A local DefectDojo that checks every import-scan / reimport-scan request against DefectDojo's own serializers
 * (import-scan.schema.json, extracted by extract.mjs from dojo/api_v2/serializers.py): `Authorization: Token <key>`,
 * multipart form data, no unknown or read-only field, every required field, each value of the field's type. It keeps
 * products, engagements and tests like DefectDojo does: reimport finds the test by product, engagement, title and
 * scan type (404 "A test could not be found!" otherwise); import with auto_create_context creates what is missing.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import schema from './import-scan.schema.json';

interface FieldSpec {
  type: string;
  required: boolean;
  readOnly?: boolean;
  nullable?: boolean;
  maxLength?: number;
  choices?: string[];
}

export interface DojoRequest {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  fields: Record<string, string>;
  files: Record<string, { name: string; text: string }>;
  status: number;
  problems: string[];
}

export interface DojoTest {
  id: number;
  product: string;
  engagement: string;
  title: string;
  scanType: string;
  imports: number;
  /** The last file's SARIF results count. */
  results: number;
}

export interface FakeDefectDojo {
  url: string;
  requests: DojoRequest[];
  tests: DojoTest[];
  products: Map<string, string>;
  /** Answer every request with this status (a failing server). */
  failWith?: number;
  close(): Promise<void>;
}

const BOOL = /^(true|false)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkValue(name: string, spec: FieldSpec, value: string | { name: string; text: string }): string | undefined {
  if (spec.type === 'file') return typeof value === 'object' ? undefined : `${name}: The submitted data was not a file. Check the encoding type on the form.`;
  if (typeof value !== 'string') return `${name}: expected ${spec.type}, got a file`;
  switch (spec.type) {
    case 'boolean':
      return BOOL.test(value) ? undefined : `${name}: Must be a valid boolean.`;
    case 'date':
      return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : `${name}: Date has wrong format. Use one of these formats instead: YYYY-MM-DD.`;
    case 'integer':
      return /^\d+$/.test(value) ? undefined : `${name}: Incorrect type. Expected pk value.`;
    case 'choice':
      return spec.choices!.includes(value) ? undefined : `${name}: "${value}" is not a valid choice.`;
    case 'url':
      try {
        const u = new URL(value);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${name}: Enter a valid URL.`;
      } catch {
        return `${name}: Enter a valid URL.`;
      }
      return spec.maxLength && value.length > spec.maxLength ? `${name}: Ensure this field has no more than ${spec.maxLength} characters.` : undefined;
    case 'string':
      return value.trim() === '' ? `${name}: This field may not be blank.` : undefined;
    default:
      return undefined;
  }
}

async function readMultipart(req: IncomingMessage): Promise<{ fields: Record<string, string>; files: Record<string, { name: string; text: string }>; error?: string }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) return { fields: {}, files: {}, error: `Unsupported media type "${contentType}" in request.` };
  const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': contentType } }).formData();
  const fields: Record<string, string> = {};
  const files: Record<string, { name: string; text: string }> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v === 'string') fields[k] = v;
    else files[k] = { name: v.name, text: await v.text() };
  }
  return { fields, files };
}

export async function startFakeDefectDojo(token: string): Promise<FakeDefectDojo> {
  const state: Omit<FakeDefectDojo, 'url' | 'close'> = { requests: [], tests: [], products: new Map() };
  const endpoints = schema.endpoints as Record<string, { fields: Record<string, FieldSpec> }>;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0]!;
      const record: DojoRequest = { path, authorization: req.headers.authorization, contentType: req.headers['content-type'], fields: {}, files: {}, status: 0, problems: [] };
      state.requests.push(record);
      const answer = (status: number, body: unknown) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if ((state as FakeDefectDojo).failWith) return answer((state as FakeDefectDojo).failWith!, { detail: 'Internal Server Error' });
      const endpoint = endpoints[path];
      if (!endpoint || req.method !== 'POST') return answer(404, { detail: 'Not found.' });
      if (req.headers.authorization !== `Token ${token}`) return answer(401, { detail: req.headers.authorization ? 'Invalid token.' : 'Authentication credentials were not provided.' });
      const body = await readMultipart(req);
      record.fields = body.fields;
      record.files = body.files;
      if (body.error) return answer(415, { detail: body.error });
      const problems: string[] = [];
      const given = { ...body.fields, ...body.files } as Record<string, string | { name: string; text: string }>;
      for (const [name, value] of Object.entries(given)) {
        const spec = endpoint.fields[name];
        if (!spec || spec.readOnly) problems.push(`${name}: unknown field (not in ${path}'s serializer)`);
        else {
          const p = checkValue(name, spec, value);
          if (p) problems.push(p);
        }
      }
      for (const [name, spec] of Object.entries(endpoint.fields)) if (spec.required && !(name in given)) problems.push(`${name}: This field is required.`);
      record.problems = problems;
      if (problems.length > 0) return answer(400, { errors: problems });
      const f = body.fields;
      const sarif = JSON.parse(body.files['file']?.text ?? '{"runs":[]}') as { runs?: { results?: unknown[] }[] };
      const results = (sarif.runs ?? []).reduce((n, r) => n + (r.results?.length ?? 0), 0);
      const find = () => state.tests.find((t) => t.product === f['product_name'] && t.engagement === f['engagement_name'] && t.title === f['test_title'] && t.scanType === f['scan_type']);
      if (path === '/api/v2/reimport-scan/') {
        const t = find();
        if (!t) return answer(404, { message: 'A test could not be found!' });
        t.imports++;
        t.results = results;
        return answer(201, { test: t.id, test_id: t.id, scan_type: t.scanType, statistics: { after: { total: results } } });
      }
      // import-scan: needs an engagement, or product and engagement names (auto_create_context creates them).
      if (!f['engagement'] && !(f['product_name'] && f['engagement_name'])) return answer(400, { message: 'engagement or product_name and engagement_name are required' });
      if (!state.products.has(f['product_name']!)) {
        if (f['auto_create_context'] !== 'true') return answer(400, { message: `Product "${f['product_name']}" does not exist` });
        if (!f['product_type_name']) return answer(400, { message: 'Product Type name must be provided to create a new Product' });
        state.products.set(f['product_name']!, f['product_type_name']);
      }
      const t: DojoTest = { id: state.tests.length + 1, product: f['product_name']!, engagement: f['engagement_name']!, title: f['test_title'] ?? f['scan_type']!, scanType: f['scan_type']!, imports: 1, results };
      state.tests.push(t);
      return answer(201, { test: t.id, test_id: t.id, scan_type: t.scanType, engagement_id: 1, product_id: 1 });
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const fake = state as FakeDefectDojo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () => new Promise<void>((r) => server.close(() => r()));
  return fake;
}
