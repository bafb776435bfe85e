import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema, Operation, OperationParameter, OperationsFile } from './operations.js';

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `.default` is the plugin.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv }).default;

/** A request the real API would refuse: the status and message GitHub answers with. */
export interface Problem {
  status: 400 | 404 | 415 | 422;
  message: string;
}

/** `ignored`: problems GitHub does not answer with an error (it drops the body) but that are still our bug. */
export type BodyCheck =
  | { ok: true; body: unknown; ignored: string[] }
  | { ok: false; problem: Problem; details: string[] };

export interface ParameterCheck {
  /** Path parameters that do not fit their schema: GitHub has no such route (404). */
  pathErrors: string[];
  /** Wrong query parameter types (422) and undocumented query parameters (ignored by GitHub, still our bug). */
  queryErrors: string[];
  unknownQuery: string[];
  /** Parameter values coerced to their schema types (integers as numbers). */
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

/**
 * Validates requests against the extracted GitHub operations with ajv + ajv-formats, and (for the fake's own
 * self-checks) responses against the bundled response schemas. Compiled validators are cached per instance.
 */
export class RequestValidator {
  readonly #ajv: Ajv;
  readonly #components: OperationsFile['components'];
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(file: OperationsFile) {
    this.#components = file.components;
    // OpenAPI 3.0 schemas are JSON Schema plus `nullable` (built into ajv) and `discriminator` (annotation here).
    this.#ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
    addFormats(this.#ajv);
    this.#ajv.addKeyword('discriminator');
    this.#ajv.addKeyword('components');
  }

  checkParameters(operation: Operation, pathParams: Record<string, string>, query: URLSearchParams): ParameterCheck {
    const result: ParameterCheck = { pathErrors: [], queryErrors: [], unknownQuery: [], path: {}, query: {} };
    const byName = (where: OperationParameter['in']) =>
      new Map(operation.parameters.filter((p) => p.in === where).map((p) => [p.name, p]));
    const pathDefs = byName('path');
    const queryDefs = byName('query');

    for (const [name, def] of pathDefs) {
      const raw = pathParams[name];
      if (raw === undefined) {
        result.pathErrors.push(`path parameter ${name} is missing`);
        continue;
      }
      const value = coerce(raw, def.schema);
      const errors = this.#run(`param:${operation.operationId}:path:${name}`, def.schema, value);
      if (errors.length > 0) result.pathErrors.push(`path parameter ${name}=${clip(raw)} ${errors.join('; ')}`);
      result.path[name] = value;
    }

    for (const name of [...new Set(query.keys())].sort()) {
      const def = queryDefs.get(name);
      if (!def) {
        result.unknownQuery.push(name);
        continue;
      }
      const all = query.getAll(name);
      if (all.length > 1) result.queryErrors.push(`query parameter ${name} is given ${all.length} times`);
      const raw = all[all.length - 1] ?? '';
      const value = coerce(raw, def.schema);
      const errors = this.#run(`param:${operation.operationId}:query:${name}`, def.schema, value);
      if (errors.length > 0) result.queryErrors.push(`query parameter ${name}=${clip(raw)} ${errors.join('; ')}`);
      result.query[name] = value;
    }
    for (const [name, def] of queryDefs) {
      if (def.required && !query.has(name)) result.queryErrors.push(`query parameter ${name} is required`);
    }
    return result;
  }

  /** Content type, JSON syntax and the request body schema. `raw` is the body as received. */
  checkBody(operation: Operation, contentType: string | undefined, raw: Buffer): BodyCheck {
    const spec = operation.requestBody;
    if (!spec) {
      const ignored = raw.length === 0 ? [] : [`${operation.operationId} takes no request body, got ${raw.length} bytes`];
      return { ok: true, body: undefined, ignored };
    }
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!spec.contentTypes.includes(mediaType)) {
      return {
        ok: false,
        problem: { status: 415, message: `Unsupported 'Content-Type': '${contentType ?? ''}'` },
        details: [`content-type ${JSON.stringify(contentType ?? null)} is not one of ${spec.contentTypes.join(', ')}`],
      };
    }
    if (raw.length === 0) {
      return spec.required
        ? { ok: false, problem: { status: 400, message: 'Problems parsing JSON' }, details: ['request body is empty'] }
        : { ok: true, body: undefined, ignored: [] };
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      return {
        ok: false,
        problem: { status: 400, message: 'Problems parsing JSON' },
        details: [`body is not JSON: ${(e as Error).message}`],
      };
    }
    const errors = this.#run(`body:${operation.operationId}`, spec.schema, body, true);
    if (errors.length > 0) {
      // GitHub's schema-validated endpoints answer "Invalid request.\n\n<one line per problem>".
      return { ok: false, problem: { status: 422, message: `Invalid request.\n\n${errors.join('\n')}` }, details: errors };
    }
    return { ok: true, body, ignored: [] };
  }

  /**
   * Problems of a response body against the documented schema for that status (an empty list when the status has
   * no JSON schema). Used by the fake's tests to prove its answers have GitHub's shape.
   */
  responseErrors(operation: Operation, status: number, body: unknown): string[] {
    const response = operation.responses[String(status)];
    if (!response) return [`${operation.operationId} does not document status ${status}`];
    if (!response.schema) return [];
    const schema = { ...response.schema, components: this.#components };
    return this.#run(`response:${operation.operationId}:${status}`, schema, body);
  }

  #run(key: string, schema: JsonSchema, value: unknown, githubStyle = false): string[] {
    let validate = this.#cache.get(key);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#cache.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => (githubStyle ? describeLikeGitHub(error) : describe(error)));
  }
}

function coerce(raw: string, schema: JsonSchema): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (schema.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** A value for a message, cut to 60 characters (a SARIF payload is megabytes of base64). */
function clip(value: unknown, quoteStrings = false): string {
  const text = typeof value === 'string' && !quoteStrings ? value : JSON.stringify(value) ?? 'undefined';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '' : `${error.instancePath} `;
  return `${where}${error.message ?? error.keyword}`;
}

/** Mirrors the wording of GitHub's JSON-schema errors ("wasn't supplied", "is not a permitted key"). */
function describeLikeGitHub(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `"${String(params.missingProperty)}" wasn't supplied.`;
  if (error.keyword === 'additionalProperties') return `"${String(params.additionalProperty)}" is not a permitted key.`;
  const pointer = error.instancePath === '' ? 'body' : `properties${error.instancePath}`;
  return `For '${pointer}', ${clip(error.data, true)} ${error.message ?? error.keyword}.`;
}
