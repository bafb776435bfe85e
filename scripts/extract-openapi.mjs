#!/usr/bin/env node
/**
 * Extracts the GitHub REST operations the action calls from GitHub's OpenAPI description (npm `@octokit/openapi`,
 * ~385 MB, never a dependency of this package) into test/support/github-api/operations.json, which the fake
 * api.github.com server (test/support/fake-github.ts) validates every request against.
 *
 *   node scripts/extract-openapi.mjs [--prefix /tmp/openapi] [--out test/support/github-api/operations.json]
 *
 * The package is read from <prefix>/node_modules/@octokit/openapi; when it is absent the script installs it there
 * with `npm i --prefix <prefix> @octokit/openapi` (keep <prefix> outside the repository).
 *
 * Output, per operation: method, path template, operationId, parameters (path/query/header, with schemas), the JSON
 * request body schema, and every documented response status with its description. Request-side schemas are fully
 * inlined (ajv compiles them as they are); response schemas keep `$ref: "#/components/schemas/<name>"` pointers into
 * the file's own `components.schemas`, which holds exactly the schemas they reach. Documentation-only keywords
 * (`example`, `examples`, `x-*`) are dropped; `description` is kept on operations, parameters and request bodies
 * only. The output is deterministic: keys are sorted, operations keep the order below.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The operations the action (and its tests) use: [method, path template]. */
const OPERATIONS = [
  ['post', '/repos/{owner}/{repo}/code-scanning/sarifs'],
  ['get', '/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['delete', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['get', '/repos/{owner}/{repo}/pulls'],
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/user'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/files'],
  ['get', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts'],
  ['get', '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}'],
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['post', '/repos/{owner}/{repo}/dependency-graph/snapshots'],
];

/** The bundled (not dereferenced) description of api.github.com: $refs intact, so we can bundle only what we reach. */
const SPEC_FILE = 'generated/api.github.com.json';

const DOC_ONLY_KEYS = new Set(['example', 'examples', 'externalDocs']);

function parseArgs(argv) {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const args = { prefix: '/tmp/openapi', out: join(repoRoot, 'test/support/github-api/operations.json') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--prefix' || flag === '--out') && value !== undefined) {
      args[flag.slice(2)] = resolve(value);
      i += 1;
    } else {
      throw new Error(`unknown argument ${flag}; usage: extract-openapi.mjs [--prefix DIR] [--out FILE]`);
    }
  }
  return args;
}

function ensurePackage(prefix) {
  const pkgDir = join(prefix, 'node_modules', '@octokit', 'openapi');
  if (!existsSync(join(pkgDir, SPEC_FILE))) {
    mkdirSync(prefix, { recursive: true });
    console.error(`installing @octokit/openapi into ${prefix} (about 385 MB)…`);
    execFileSync('npm', ['i', '--no-save', '--prefix', prefix, '@octokit/openapi'], { stdio: 'inherit' });
  }
  return pkgDir;
}

function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node?.[key];
    if (node === undefined) throw new Error(`dangling $ref ${ref}`);
  }
  return node;
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Drops documentation-only keys; `keepDescription` keeps `description` at this level only. */
function clean(node, keepDescription) {
  const out = {};
  for (const key of Object.keys(node).sort()) {
    if (DOC_ONLY_KEYS.has(key) || key.startsWith('x-')) continue;
    if (key === 'description' && !keepDescription) continue;
    out[key] = node[key];
  }
  // OpenAPI 3.0's `nullable` without a `type` (e.g. dependency snapshot metadata: anyOf string/number/boolean,
  // nullable): ajv accepts `nullable` only beside `type`, so the null goes into the anyOf instead.
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
    else if (Array.isArray(out.oneOf)) out.oneOf = [...out.oneOf, { type: 'null' }];
  }
  return out;
}

/** Fully inlines every $ref (request-side schemas: small, acyclic). */
function inline(doc, node, stack = []) {
  if (Array.isArray(node)) return node.map((item) => inline(doc, item, stack));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    if (stack.includes(node.$ref)) throw new Error(`cyclic $ref ${[...stack, node.$ref].join(' -> ')}`);
    return inline(doc, resolvePointer(doc, node.$ref), [...stack, node.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(clean(node, true))) {
    // `properties` maps names to schemas: a property called "example" is not the keyword.
    out[key] = key === 'properties' ? mapValues(value, (v) => inline(doc, v, stack)) : inline(doc, value, stack);
  }
  return out;
}

/** Copies a response schema, keeping `#/components/schemas/*` refs and collecting the schemas they reach. */
function bundle(doc, node, reached) {
  if (Array.isArray(node)) return node.map((item) => bundle(doc, item, reached));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string') {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(node.$ref);
    if (!match) return bundle(doc, resolvePointer(doc, node.$ref), reached);
    const name = match[1];
    if (!reached.has(name)) {
      reached.set(name, null); // placeholder first: a schema may reach itself
      reached.set(name, bundle(doc, resolvePointer(doc, node.$ref), reached));
    }
    return { $ref: node.$ref };
  }
  const out = {};
  for (const [key, value] of Object.entries(clean(node, false))) {
    out[key] = key === 'properties' ? mapValues(value, (v) => bundle(doc, v, reached)) : bundle(doc, value, reached);
  }
  return out;
}

function mapValues(object, fn) {
  const out = {};
  for (const key of Object.keys(object).sort()) out[key] = fn(object[key]);
  return out;
}

const deref = (doc, node) => (isObject(node) && typeof node.$ref === 'string' ? deref(doc, resolvePointer(doc, node.$ref)) : node);

function extractOperation(doc, method, path, reached) {
  const pathItem = doc.paths[path];
  const op = pathItem?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in ${SPEC_FILE}`);

  const byKey = new Map();
  for (const raw of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
    const param = deref(doc, raw);
    byKey.set(`${param.in}:${param.name}`, {
      name: param.name,
      in: param.in,
      required: param.required === true,
      description: param.description,
      schema: inline(doc, param.schema ?? {}),
    });
  }

  let requestBody = null;
  if (op.requestBody) {
    const body = deref(doc, op.requestBody);
    const contentTypes = Object.keys(body.content ?? {}).sort();
    const json = body.content?.['application/json'];
    if (!json) throw new Error(`${method} ${path}: request body has no application/json schema (${contentTypes})`);
    requestBody = { required: body.required === true, contentTypes, schema: inline(doc, json.schema) };
  }

  const responses = {};
  for (const status of Object.keys(op.responses).sort()) {
    const response = deref(doc, op.responses[status]);
    const entry = { description: response.description };
    const json = response.content?.['application/json'];
    if (json?.schema) entry.schema = bundle(doc, json.schema, reached);
    if (response.headers) entry.headers = Object.keys(response.headers).sort();
    responses[status] = entry;
  }

  return {
    method: method.toUpperCase(),
    path,
    operationId: op.operationId,
    summary: op.summary,
    documentationUrl: op.externalDocs?.url,
    parameters: [...byKey.values()],
    requestBody,
    responses,
  };
}

function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (!isObject(value)) return value;
  return mapValues(value, sortDeep);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const pkgDir = ensurePackage(args.prefix);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const doc = JSON.parse(readFileSync(join(pkgDir, SPEC_FILE), 'utf8'));

  const reached = new Map();
  const operations = OPERATIONS.map(([method, path]) => extractOperation(doc, method, path, reached));
  const schemas = {};
  for (const name of [...reached.keys()].sort()) schemas[name] = sortDeep(reached.get(name));

  const output = {
    source: {
      package: '@octokit/openapi',
      version: pkg.version,
      file: SPEC_FILE,
      openapi: doc.openapi,
      generatedBy: 'scripts/extract-openapi.mjs',
    },
    operations: operations.map((op) => ({ ...op, parameters: op.parameters, requestBody: sortDeep(op.requestBody), responses: sortDeep(op.responses) })),
    components: { schemas },
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(output, null, 1)}\n`);
  const size = Buffer.byteLength(JSON.stringify(output, null, 1));
  console.error(`wrote ${operations.length} operations and ${reached.size} component schemas from @octokit/openapi ${pkg.version} to ${args.out} (${size} bytes)`);
}

main();
