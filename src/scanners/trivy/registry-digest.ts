/**
 * What a tag on a registry points at now: the digest the registry answers for `HEAD /v2/<repo>/manifests/<tag>`
 * (OCI distribution spec), with the token handshake registries ask for (`WWW-Authenticate: Bearer realm=…`), anonymous
 * or with the credentials `docker login` left in the Docker config (`auths.<host>.auth`) or TRIVY_USERNAME /
 * TRIVY_PASSWORD. The result cache (result-cache.ts) keys a tagged image by it and has Trivy scan `name@digest`, so
 * the report is of exactly that content even if the tag moves meanwhile (Trivy checks what it pulls against the digest).
 *
 * Best effort: any trouble (no answer within the time limit, a refusal, a credential helper we do not run, a digest
 * that is not sha256, a token answer over 64 KiB) answers undefined, and the image is scanned by its tag as before.
 * The registry is called as Trivy calls it (HTTPS, plain HTTP for local and private addresses), a token realm is
 * checked as Trivy checks it, and credentials never go over plain HTTP except to a loopback registry itself.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

export const REGISTRY_CALL_MS = 10_000;

/** The manifests a tag may name: an index (multi-platform) or one image's manifest, OCI or Docker. */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export interface ImageRef {
  /** The registry host as the reference names it (`docker.io` when it names none), with its port. */
  registry: string;
  /** The repository path on the registry (`library/alpine` for Docker Hub's `alpine`). */
  repository: string;
  tag: string;
  /** The reference without its tag, as Trivy reads it: `name@digest` is this plus `@` and the digest. */
  name: string;
}

/**
 * A tagged reference (`[host[:port]/]path[:tag]`, Docker's grammar: the first component is a host when it has a dot
 * or a colon or is `localhost`); undefined for a reference pinned by digest or one this does not read. Pure.
 */
export function parseImageRef(image: string): ImageRef | undefined {
  if (image.includes('@') || !/^[a-z0-9._\-/:[\]]+$/i.test(image)) return undefined;
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const rest = hasHost ? image.slice(slash + 1) : image;
  const colon = rest.lastIndexOf(':');
  const path0 = colon === -1 ? rest : rest.slice(0, colon);
  const tag = colon === -1 ? 'latest' : rest.slice(colon + 1);
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path0)) return undefined;
  if (!/^\w[\w.-]{0,127}$/.test(tag)) return undefined;
  if (hasHost && !/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:]+\])(?::\d{1,5})?$/i.test(first)) return undefined;
  const registry = hasHost ? first : 'docker.io';
  const repository = registry === 'docker.io' && !path0.includes('/') ? `library/${path0}` : path0;
  return { registry, repository, tag, name: hasHost ? `${first}/${path0}` : path0 };
}

/** The host to call for a registry name: Docker Hub's API lives at registry-1.docker.io. Pure. */
export function registryHost(registry: string): string {
  return registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
}

/** Whether a host[:port] is on the loopback interface. Pure. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '');
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]';
}

/** The first two octets of a dotted IPv4 address, or undefined for anything else. Pure. */
function ipv4Octets(h: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(h);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The RFC 1918 private ranges (10/8, 172.16/12, 192.168/16), by the first two octets. Pure. */
const isRfc1918 = ([a, b]: [number, number]) => a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);

/** Loopback, private, link-local or unspecified addresses, and localhost names: hosts inside the runner's network. Pure. */
export function isInternalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const v4 = ipv4Octets(h);
  if (v4) return v4[0] === 127 || v4[0] === 0 || isRfc1918(v4) || (v4[0] === 169 && v4[1] === 254);
  return h.includes(':') && (h === '::1' || h === '::' || /^f[cd]/.test(h) || /^fe[89ab]/.test(h));
}

/**
 * The scheme Trivy uses for a registry (go-containerregistry's Registry.Scheme): plain HTTP for `localhost:<port>`,
 * `*.localhost`, 127.0.0.1, ::1 and the RFC 1918 ranges, HTTPS otherwise (`localhost` without a port included). Pure.
 */
export function registryScheme(host: string): 'http' | 'https' {
  const v4 = ipv4Octets(host.split(':')[0]!);
  if (v4 && isRfc1918(v4)) return 'http';
  if (host.startsWith('localhost:') || /\.localhost(?::\d{1,5})?$/.test(host) || /^127\.0\.0\.1(?::\d{1,5})?$/.test(host) || /^(::1|\[::1\](?::\d{1,5})?)$/.test(host)) return 'http';
  return 'https';
}

/**
 * Whether a token realm a registry names may be called (go-containerregistry's validateRealmURL): HTTPS, or plain HTTP
 * only to the registry itself when the registry is plain HTTP; and a host inside the runner's network only when it is
 * the registry itself (a registry on the internet cannot point the login at a service on the runner). Pure.
 */
export function realmAllowed(realm: URL, host: string, scheme: 'http' | 'https'): boolean {
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && scheme === 'http' && realm.host === host)) return false;
  return realm.host === host || !isInternalHost(realm.hostname);
}

/** At most this much of a token answer is read (go-containerregistry reads 64 KiB). */
const TOKEN_MAX_BYTES = 64 << 10;

/** The body as text, or undefined when it runs past `max` bytes (the rest is not read). */
async function readCapped(res: Response, max: number): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `user:password` for the registry, from TRIVY_USERNAME/TRIVY_PASSWORD or the Docker config's `auths`. */
async function credentials(registry: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const user = env['TRIVY_USERNAME'];
  const pass = env['TRIVY_PASSWORD'];
  // Lists (one per registry) are Trivy's to match up; a single pair is for the registry being scanned.
  if (user && pass && !user.includes(',') && !pass.includes(',')) return `${user}:${pass}`;
  const dir = env['DOCKER_CONFIG'] || (env['HOME'] ? path.join(env['HOME'], '.docker') : undefined);
  if (!dir) return undefined;
  let config: unknown;
  try {
    config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const auths = (config as { auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown }> } | null)?.auths;
  if (typeof auths !== 'object' || auths === null) return undefined;
  const hub = registry === 'docker.io' ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'] : [];
  for (const key of [registry, `https://${registry}`, ...hub]) {
    const a = auths[key];
    if (!a) continue;
    if (typeof a.auth === 'string' && a.auth !== '') return Buffer.from(a.auth, 'base64').toString('utf8');
    if (typeof a.username === 'string' && typeof a.password === 'string') return `${a.username}:${a.password}`;
  }
  return undefined;
}

/** The parameters of a `WWW-Authenticate` challenge (`Bearer realm="…",service="…"`). Pure. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g)) params[p[1]!.toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: m[1]!.toLowerCase(), params };
}

export interface DigestDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Registry hosts that did not answer within the limit earlier in the run: not asked again (20 images, 20 waits). */
  gaveUp?: Set<string>;
}

/**
 * The digest `image` (a tag) points at now on its registry, or undefined when it cannot be known (see the module
 * comment). Never throws.
 */
export async function resolveTagDigest(image: string, env: Readonly<Record<string, string | undefined>>, deps: DigestDeps = {}): Promise<string | undefined> {
  const ref = parseImageRef(image);
  if (ref === undefined) return undefined;
  const doFetch = deps.fetch ?? fetch;
  const signal = AbortSignal.timeout(deps.timeoutMs ?? REGISTRY_CALL_MS);
  const host = registryHost(ref.registry);
  if (deps.gaveUp?.has(host)) return undefined;
  const scheme = registryScheme(host);
  const url = `${scheme}://${host}/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`;
  const head = (authorization?: string) =>
    doFetch(url, { method: 'HEAD', redirect: 'manual', signal, headers: { Accept: ACCEPT, ...(authorization ? { Authorization: authorization } : {}) } });
  try {
    let res = await head();
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
      // Credentials go over HTTPS, or to a loopback registry itself; never over plain HTTP to anything else.
      const creds = scheme === 'https' || isLoopback(host) ? await credentials(ref.registry, env) : undefined;
      if (challenge?.scheme === 'bearer' && challenge.params['realm']) {
        let realm: URL;
        try {
          realm = new URL(challenge.params['realm']);
        } catch {
          return undefined;
        }
        if (!realmAllowed(realm, host, scheme)) return undefined;
        if (challenge.params['service']) realm.searchParams.set('service', challenge.params['service']);
        realm.searchParams.set('scope', challenge.params['scope'] || `repository:${ref.repository}:pull`);
        const tokenOf = async (basic: string | undefined): Promise<string | undefined> => {
          const tokenRes = await doFetch(realm, { redirect: 'manual', signal, headers: basic ? { Authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {} });
          if (!tokenRes.ok) {
            await tokenRes.body?.cancel().catch(() => undefined);
            return undefined;
          }
          const text = await readCapped(tokenRes, TOKEN_MAX_BYTES);
          const body = text === undefined ? undefined : (JSON.parse(text) as { token?: unknown; access_token?: unknown } | null);
          return typeof body?.token === 'string' && body.token ? body.token : typeof body?.access_token === 'string' && body.access_token ? body.access_token : undefined;
        };
        // A login for another registry (one TRIVY_USERNAME for all) is refused here: then anonymously, as Trivy falls back.
        const token = (await tokenOf(creds)) ?? (creds !== undefined ? await tokenOf(undefined) : undefined);
        if (!token) return undefined;
        res = await head(`Bearer ${token}`);
      } else if (challenge?.scheme === 'basic' && creds) {
        res = await head(`Basic ${Buffer.from(creds).toString('base64')}`);
      } else {
        return undefined;
      }
    }
    if (res.status !== 200) return undefined;
    const digest = res.headers.get('docker-content-digest')?.trim();
    return digest !== undefined && DIGEST.test(digest) ? digest : undefined;
  } catch {
    if (signal.aborted) deps.gaveUp?.add(host);
    return undefined;
  }
}
