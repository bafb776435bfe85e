// A local imitation of an OCI distribution registry's two calls the result cache makes (test only): `HEAD
// /v2/<repo>/manifests/<tag>` answering 401 with a Bearer challenge until it gets a token, then 200 with
// Docker-Content-Digest; and the token endpoint (`GET /token?service=…&scope=repository:<repo>:pull`), anonymous for
// public repositories and with Basic credentials for private ones, as registry v2 token auth (Docker Hub, GHCR) works.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RegistryCall {
  method: string;
  path: string;
  authorization?: string;
  accept?: string;
}

export interface FakeRegistry {
  /** host:port, to put in front of an image name. */
  host: string;
  /** `repo:tag` → the digest the tag points at. */
  tags: Map<string, string>;
  /** repo → the `user:password` its tokens need (the others are public). */
  private: Map<string, string>;
  /** Answer manifests with this status instead (e.g. 500), or hang when 'hang'. */
  failWith?: number | 'hang';
  calls: RegistryCall[];
  close(): Promise<void>;
}

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const issued = new Map<string, string>(); // token → repo it grants
  const state: Omit<FakeRegistry, 'host' | 'close'> = { tags: new Map(), private: new Map(), calls: [] };
  let server: Server | undefined;
  const host = await new Promise<string>((resolve) => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      state.calls.push({ method: req.method ?? '', path: url.pathname + url.search, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(req.headers.accept ? { accept: req.headers.accept } : {}) });
      if (url.pathname === '/token') {
        const repo = /^repository:(.+):pull$/.exec(url.searchParams.get('scope') ?? '')?.[1];
        const need = repo !== undefined ? state.private.get(repo) : undefined;
        const given = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (repo === undefined || (need !== undefined && (given === undefined || Buffer.from(given, 'base64').toString() !== need))) {
          res.writeHead(401).end();
          return;
        }
        const token = `tok-${issued.size + 1}`;
        issued.set(token, repo);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
        return;
      }
      const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const [, repo, tag] = m as unknown as [string, string, string];
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || issued.get(bearer) !== repo) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="fake-registry",scope="repository:${repo}:pull"` }).end();
        return;
      }
      if (state.failWith === 'hang') return;
      if (state.failWith !== undefined) {
        res.writeHead(state.failWith).end();
        return;
      }
      const digest = state.tags.get(`${repo}:${decodeURIComponent(tag)}`);
      if (digest === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'docker-content-digest': digest, 'content-type': 'application/vnd.oci.image.index.v1+json' }).end();
    });
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server!.address() as AddressInfo).port}`));
  });
  return Object.assign(state, {
    host,
    close: () =>
      new Promise<void>((resolve) => {
        server!.closeAllConnections();
        server!.close(() => resolve());
      }),
  });
}
