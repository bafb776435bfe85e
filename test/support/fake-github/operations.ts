import { readFileSync } from 'node:fs';

/** A JSON Schema (OpenAPI 3.0 dialect) as extracted by scripts/extract-openapi.mjs. */
export type JsonSchema = Record<string, unknown>;

export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OperationResponse {
  description: string;
  /** Keeps `$ref: "#/components/schemas/<name>"` pointers into OperationsFile.components.schemas. */
  schema?: JsonSchema;
  headers?: string[];
}

export interface Operation {
  method: string;
  /** OpenAPI path template, e.g. /repos/{owner}/{repo}/issues/{issue_number}/comments. */
  path: string;
  operationId: string;
  summary?: string;
  documentationUrl?: string;
  parameters: OperationParameter[];
  /** Fully inlined (no $ref). */
  requestBody: { required: boolean; contentTypes: string[]; schema: JsonSchema } | null;
  responses: Record<string, OperationResponse>;
}

export interface OperationsFile {
  source: { package: string; version: string; file: string; openapi: string; generatedBy: string };
  operations: Operation[];
  components: { schemas: Record<string, JsonSchema> };
}

const OPERATIONS_URL = new URL('../github-api/operations.json', import.meta.url);

/** Reads test/support/github-api/operations.json (written by scripts/extract-openapi.mjs). */
export function loadOperations(): OperationsFile {
  return JSON.parse(readFileSync(OPERATIONS_URL, 'utf8')) as OperationsFile;
}

export interface Route {
  operation: Operation;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

export type RouteMatch =
  | { kind: 'matched'; operation: Operation; pathParams: Record<string, string> }
  /** The path matches a known template but not with this method (GitHub answers 404). */
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'unknown' };

export function compileRoutes(operations: readonly Operation[]): Route[] {
  const routes = operations.map((operation) => {
    const names: string[] = [];
    const segments = operation.path.split('/').map((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      if (param?.[1] !== undefined) {
        names.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    const literalSegments = operation.path.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
    return { operation, pattern: new RegExp(`^${segments.join('/')}/?$`), names, literalSegments };
  });
  // Most specific template first; ties broken by template text so matching never depends on file order.
  return routes.sort(
    (a, b) => b.literalSegments - a.literalSegments || a.operation.path.localeCompare(b.operation.path),
  );
}

export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    if (route.operation.method !== method.toUpperCase()) {
      allowed.push(route.operation.method);
      continue;
    }
    const pathParams: Record<string, string> = {};
    route.names.forEach((name, index) => {
      pathParams[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    return { kind: 'matched', operation: route.operation, pathParams };
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed: allowed.sort() } : { kind: 'unknown' };
}
