/**
 * A local imitation of the Actions artifact service @actions/artifact 6 talks to (the "results" service):
 *   POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact   → { ok, signed_upload_url }
 *   PUT  <signed_upload_url>?comp=block&blockid=…  /  ?comp=blocklist          (Azure block blob upload)
 *   POST /twirp/github.actions.results.api.v1.ArtifactService/FinalizeArtifact → { ok, artifact_id }
 *   POST …/ListArtifacts (name_filter) → { artifacts }, POST …/DeleteArtifact → { ok, artifact_id }  (deleteArtifact)
 * It checks the bearer token, the backend ids (from the token's `scp` claim), that finalize reports the size and
 * sha256 of what was uploaded, and records every mistake in `violations`.
 *
 *   const svc = await startFakeArtifactService();
 *   env: ACTIONS_RUNTIME_TOKEN = svc.token, ACTIONS_RESULTS_URL = svc.url
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';

export interface StoredArtifact {
  id: number;
  name: string;
  expiresAt?: string;
  mimeType?: unknown;
  blob?: Buffer;
  finalized: boolean;
}

export interface FakeArtifactService {
  /** ACTIONS_RESULTS_URL */
  readonly url: string;
  /** ACTIONS_RUNTIME_TOKEN: an unsigned JWT whose scp claim carries the backend ids (assembled at run time). */
  readonly token: string;
  readonly artifacts: StoredArtifact[];
  readonly requests: { method: string; path: string; status: number }[];
  readonly violations: string[];
  /** The next `times` CreateArtifact calls answer this Twirp error. */
  failCreate(status: number, code: string, msg: string, times?: number): void;
  /**
   * The signed blob URL an artifact downloads from (GET answers its zip, `content-type: application/zip`), for the
   * fake API's 302 on GET …/actions/artifacts/{id}/zip. `id` is an artifact uploaded here or one added with addBlob.
   */
  downloadUrl(id: number): string;
  /** Stores a zip built by the test as a finalized artifact; returns its id. */
  addBlob(name: string, zip: Buffer): number;
  close(): Promise<void>;
}

const RUN_ID = 'b7d3f6a0-0000-4000-8000-00000000run1';
const JOB_ID = 'c8e4a7b1-0000-4000-8000-00000000job1';

function b64url(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

export async function startFakeArtifactService(): Promise<FakeArtifactService> {
  const token = [b64url({ alg: 'none', typ: 'JWT' }), b64url({ scp: `Actions.GenericRead Actions.Results:${RUN_ID}:${JOB_ID}` }), 'unsigned'].join('.');
  const artifacts: StoredArtifact[] = [];
  const requests: FakeArtifactService['requests'] = [];
  const violations: string[] = [];
  const blocks = new Map<string, Map<string, Buffer>>();
  const failures: { status: number; code: string; msg: string; left: number }[] = [];
  let base = '';
  let nextId = 1; // ids are never reused, a deleted artifact's included

  const twirp = (name: string, body: Record<string, unknown>): { status: number; body: unknown } => {
    if (body['workflow_run_backend_id'] !== RUN_ID || body['workflow_job_run_backend_id'] !== JOB_ID) {
      violations.push(`${name}: backend ids ${String(body['workflow_run_backend_id'])}/${String(body['workflow_job_run_backend_id'])} are not the token's`);
      return { status: 400, body: { code: 'invalid_argument', msg: 'bad backend ids' } };
    }
    if (name === 'ListArtifacts') {
      const filter = body['name_filter'];
      const found = artifacts.filter((a) => a.finalized && (filter === undefined || a.name === filter));
      return {
        status: 200,
        body: { artifacts: found.map((a) => ({ workflow_run_backend_id: RUN_ID, workflow_job_run_backend_id: JOB_ID, database_id: String(a.id), name: a.name, size: String(a.blob?.length ?? 0) })) },
      };
    }
    const artifactName = body['name'];
    if (typeof artifactName !== 'string' || artifactName === '') {
      violations.push(`${name}: no artifact name`);
      return { status: 400, body: { code: 'invalid_argument', msg: 'name required' } };
    }
    if (name === 'CreateArtifact') {
      const failure = failures[0];
      if (failure) {
        failure.left -= 1;
        if (failure.left <= 0) failures.shift();
        return { status: failure.status, body: { code: failure.code, msg: failure.msg } };
      }
      if (body['version'] !== 7) violations.push(`CreateArtifact: version ${String(body['version'])}`);
      if (artifacts.some((a) => a.name === artifactName)) {
        return { status: 409, body: { code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' } };
      }
      const a: StoredArtifact = { id: nextId++, name: artifactName, mimeType: body['mime_type'], finalized: false };
      if (typeof body['expires_at'] === 'string') a.expiresAt = body['expires_at'];
      artifacts.push(a);
      return { status: 200, body: { ok: true, signed_upload_url: `${base}/blob/${a.id}?sig=fake-signature&se=2099-01-01` } };
    }
    if (name === 'FinalizeArtifact') {
      const a = artifacts.find((x) => x.name === artifactName);
      if (!a?.blob) {
        violations.push(`FinalizeArtifact: ${artifactName} was not created or has no committed blob`);
        return { status: 404, body: { code: 'not_found', msg: 'artifact not found' } };
      }
      if (String(body['size']) !== String(a.blob.length)) violations.push(`FinalizeArtifact: size ${String(body['size'])} ≠ ${a.blob.length} uploaded`);
      const want = `sha256:${createHash('sha256').update(a.blob).digest('hex')}`;
      if (body['hash'] !== want) violations.push(`FinalizeArtifact: hash ${String(body['hash'])} ≠ ${want}`);
      a.finalized = true;
      return { status: 200, body: { ok: true, artifact_id: String(a.id) } };
    }
    if (name === 'DeleteArtifact') {
      const at = artifacts.findIndex((x) => x.name === artifactName);
      if (at === -1) return { status: 404, body: { code: 'not_found', msg: 'artifact not found' } };
      const [gone] = artifacts.splice(at, 1);
      return { status: 200, body: { ok: true, artifact_id: String(gone!.id) } };
    }
    violations.push(`unexpected Twirp method ${name}`);
    return { status: 404, body: { code: 'bad_route', msg: name } };
  };

  const blob = (req: IncomingMessage, url: URL, raw: Buffer): number => {
    const id = Number(url.pathname.split('/')[2]);
    const a = artifacts.find((x) => x.id === id);
    if (!a || url.searchParams.get('sig') !== 'fake-signature') {
      violations.push(`blob ${req.method} ${url.pathname}: unknown artifact or signature`);
      return 403;
    }
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid') ?? '';
      const m = blocks.get(url.pathname) ?? new Map<string, Buffer>();
      m.set(blockId, raw);
      blocks.set(url.pathname, m);
      return 201;
    }
    if (comp === 'blocklist') {
      const staged = blocks.get(url.pathname) ?? new Map<string, Buffer>();
      const ids = [...raw.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => m[1] ?? '');
      const parts = ids.map((b) => staged.get(b));
      if (parts.some((p) => p === undefined)) {
        violations.push(`blob ${url.pathname}: block list names unstaged blocks`);
        return 400;
      }
      a.blob = Buffer.concat(parts as Buffer[]);
      return 201;
    }
    if (comp === null && req.headers['x-ms-blob-type'] === 'BlockBlob') {
      a.blob = raw;
      return 201;
    }
    violations.push(`blob ${req.method} ${url.pathname}: unexpected comp=${String(comp)}`);
    return 400;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', base);
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? '', path: url.pathname, status });
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }).end(text);
    };
    if (req.method === 'POST' && url.pathname.startsWith(SERVICE)) {
      if (req.headers.authorization !== `Bearer ${token}`) {
        violations.push(`${url.pathname}: missing or wrong bearer token`);
        return reply(401, { code: 'unauthenticated', msg: 'bad token' });
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        violations.push(`${url.pathname}: body is not JSON`);
        return reply(400, { code: 'malformed', msg: 'not json' });
      }
      const r = twirp(url.pathname.slice(SERVICE.length), body);
      return reply(r.status, r.body);
    }
    if (req.method === 'GET' && url.pathname.startsWith('/blob/')) {
      const a = artifacts.find((x) => x.id === Number(url.pathname.split('/')[2]));
      if (!a?.blob || !a.finalized || url.searchParams.get('sig') !== 'fake-signature') {
        violations.push(`blob GET ${url.pathname}: unknown or unfinished artifact, or no signature`);
        return reply(404);
      }
      requests.push({ method: 'GET', path: url.pathname, status: 200 });
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(a.blob.length), 'x-ms-blob-type': 'BlockBlob' }).end(a.blob);
      return;
    }
    if (req.method === 'PUT' && url.pathname.startsWith('/blob/')) {
      const status = blob(req, url, raw);
      return reply(status, undefined, {
        'x-ms-request-id': `fake-${requests.length}`,
        'x-ms-version': '2024-11-04',
        etag: `"0x${requests.length}"`,
        'last-modified': new Date().toUTCString(),
        'x-ms-request-server-encrypted': 'true',
      });
    }
    violations.push(`unexpected ${req.method} ${url.pathname}`);
    return reply(404, { code: 'bad_route', msg: 'no such route' });
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((e: unknown) => {
      violations.push(`fake-artifacts internal error: ${String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    token,
    artifacts,
    requests,
    violations,
    failCreate: (status, code, msg, times = 1) => void failures.push({ status, code, msg, left: times }),
    downloadUrl: (id) => `${base}/blob/${id}?sig=fake-signature&se=2099-01-01`,
    addBlob: (name, zip) => {
      const a: StoredArtifact = { id: nextId++, name, blob: zip, finalized: true };
      artifacts.push(a);
      return a.id;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Entries of a zip file (central directory), inflated: name → content. Enough for archiver's output. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
