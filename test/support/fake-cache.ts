/**
 * A local imitation of the Actions cache service (v2) @actions/cache 6 talks to, on the "results" service:
 *   POST /twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL → { ok, signed_download_url, matched_key }
 *   POST …/CreateCacheEntry         → { ok, signed_upload_url }   (ok: false when the key and version exist in the scope)
 *   PUT  <signed_upload_url>        (Azure "Put Blob", x-ms-blob-type: BlockBlob, or staged blocks + a block list)
 *   POST …/FinalizeCacheEntryUpload → { ok, entry_id }             (size_bytes must be what was uploaded)
 *   GET  <signed_download_url>      → the archive
 * Entries live in scopes, as on GitHub: a run writes the scope it is given (`scope`, e.g. a pull request's
 * refs/pull/1/merge) and reads that scope, then the ones in `readable` (its base branch). Keys match exactly or by
 * prefix (restore keys), newest first, and only entries of the same version (a hash of the paths and compression).
 *
 *   const svc = await startFakeCacheService();
 *   env: ACTIONS_CACHE_SERVICE_V2 = 'true', ACTIONS_RESULTS_URL = svc.url, ACTIONS_RUNTIME_TOKEN = svc.token
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';

export interface CacheEntry {
  id: number;
  scope: string;
  key: string;
  version: string;
  blob?: Buffer;
  finalized: boolean;
  createdAt: number;
}

export interface FakeCacheService {
  readonly url: string;
  readonly token: string;
  readonly entries: CacheEntry[];
  /** Every call, in order: Twirp method names and blob `GET`/`PUT`s. */
  readonly calls: string[];
  readonly violations: string[];
  /** The scope runs write (and read first); default refs/heads/main. */
  scope: string;
  /** The scopes read after `scope`, in order. */
  readable: string[];
  /** While set, every Twirp call answers this HTTP status (a service in trouble). */
  failWith: number | undefined;
  /** Every Twirp call answers this many ms late (a slow service). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startFakeCacheService(): Promise<FakeCacheService> {
  const token = ['fake', 'cache', 'token', String(process.pid)].join('-');
  const entries: CacheEntry[] = [];
  const calls: string[] = [];
  const violations: string[] = [];
  const blocks = new Map<number, Map<string, Buffer>>();
  let base = '';
  let nextId = 1;
  let clock = 0;
  const svc = { scope: 'refs/heads/main', readable: [] as string[], failWith: undefined as number | undefined, delayMs: 0 };

  const twirp = (name: string, body: Record<string, unknown>): unknown => {
    const key = body['key'];
    const version = body['version'];
    if (typeof key !== 'string' || key === '' || typeof version !== 'string' || version === '') {
      violations.push(`${name}: key or version missing`);
      return { ok: false };
    }
    if (name === 'GetCacheEntryDownloadURL') {
      const restoreKeys = Array.isArray(body['restore_keys']) ? (body['restore_keys'] as string[]) : [];
      for (const scope of [svc.scope, ...svc.readable]) {
        const inScope = entries.filter((e) => e.finalized && e.scope === scope && e.version === version).sort((a, b) => b.createdAt - a.createdAt);
        const exact = inScope.find((e) => e.key === key);
        const found = exact ?? restoreKeys.map((p) => inScope.find((e) => e.key.startsWith(p))).find((e) => e !== undefined);
        if (found) return { ok: true, signed_download_url: `${base}/cache/${found.id}?sig=read`, matched_key: found.key };
      }
      return { ok: false, signed_download_url: '', matched_key: '' };
    }
    if (name === 'CreateCacheEntry') {
      if (entries.some((e) => e.scope === svc.scope && e.key === key && e.version === version)) {
        return { ok: false, signed_upload_url: '', message: 'cache entry with the same key, version, and scope already exists' };
      }
      const e: CacheEntry = { id: nextId++, scope: svc.scope, key, version, finalized: false, createdAt: ++clock };
      entries.push(e);
      return { ok: true, signed_upload_url: `${base}/cache/${e.id}?sig=write` };
    }
    if (name === 'FinalizeCacheEntryUpload') {
      const e = entries.find((x) => x.scope === svc.scope && x.key === key && x.version === version && !x.finalized);
      if (!e?.blob) {
        violations.push(`FinalizeCacheEntryUpload: ${key} was not created or nothing was uploaded`);
        return { ok: false, entry_id: '0', message: 'not found' };
      }
      if (String(body['size_bytes']) !== String(e.blob.length)) violations.push(`FinalizeCacheEntryUpload: size ${String(body['size_bytes'])} ≠ ${e.blob.length} uploaded`);
      e.finalized = true;
      return { ok: true, entry_id: String(e.id) };
    }
    violations.push(`unexpected Twirp method ${name}`);
    return { ok: false };
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', base);
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'POST' && url.pathname.startsWith(SERVICE)) {
      const name = url.pathname.slice(SERVICE.length);
      calls.push(name);
      if (req.headers.authorization !== `Bearer ${token}`) {
        violations.push(`${name}: missing or wrong bearer token`);
        return json(401, { code: 'unauthenticated', msg: 'bad token' });
      }
      if (svc.delayMs > 0) await new Promise((r) => setTimeout(r, svc.delayMs));
      if (svc.failWith !== undefined) return json(svc.failWith, { code: 'unavailable', msg: 'the cache service is in trouble' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        violations.push(`${name}: body is not JSON`);
        return json(400, { code: 'malformed', msg: 'not json' });
      }
      return json(200, twirp(name, body));
    }
    const entry = url.pathname.startsWith('/cache/') ? entries.find((e) => e.id === Number(url.pathname.split('/')[2])) : undefined;
    if (req.method === 'GET' && entry) {
      calls.push('GET');
      if (!entry.finalized || !entry.blob || url.searchParams.get('sig') !== 'read') {
        violations.push(`GET ${url.pathname}: unfinished entry or wrong signature`);
        return void res.writeHead(404).end();
      }
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(entry.blob.length) }).end(entry.blob);
    }
    if (req.method === 'PUT' && entry) {
      calls.push('PUT');
      const headers = { 'x-ms-request-id': `fake-${calls.length}`, 'x-ms-version': '2024-11-04', etag: `"0x${calls.length}"`, 'last-modified': new Date().toUTCString() };
      if (entry.finalized || url.searchParams.get('sig') !== 'write') {
        violations.push(`PUT ${url.pathname}: finalized entry or wrong signature`);
        return void res.writeHead(403, headers).end();
      }
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        const m = blocks.get(entry.id) ?? new Map<string, Buffer>();
        m.set(url.searchParams.get('blockid') ?? '', raw);
        blocks.set(entry.id, m);
      } else if (comp === 'blocklist') {
        const staged = blocks.get(entry.id) ?? new Map<string, Buffer>();
        const parts = [...raw.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map((m) => staged.get(m[1] ?? ''));
        if (parts.some((p) => p === undefined)) {
          violations.push(`PUT ${url.pathname}: block list names unstaged blocks`);
          return void res.writeHead(400, headers).end();
        }
        entry.blob = Buffer.concat(parts as Buffer[]);
      } else if (comp === null && req.headers['x-ms-blob-type'] === 'BlockBlob') {
        entry.blob = raw;
      } else {
        violations.push(`PUT ${url.pathname}: unexpected comp=${String(comp)}`);
        return void res.writeHead(400, headers).end();
      }
      return void res.writeHead(201, headers).end();
    }
    violations.push(`unexpected ${req.method} ${url.pathname}`);
    res.writeHead(404).end();
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((e: unknown) => {
      violations.push(`server error: ${String(e)}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(svc, {
    url: `${base}/`,
    token,
    entries,
    calls,
    violations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
