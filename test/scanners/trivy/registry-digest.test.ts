// What a tag points at on its registry (src/scanners/trivy/registry-digest.ts): references read as Docker reads them,
// the registry v2 token handshake against a local registry imitation (test/support/fake-registry.ts), and every way
// it answers "not known" instead of a wrong digest.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isInternalHost, isLoopback, parseChallenge, parseImageRef, realmAllowed, registryHost, registryScheme, resolveTagDigest } from '../../../src/scanners/trivy/registry-digest.js';
import { startFakeRegistry, type FakeRegistry } from '../../support/fake-registry.js';

let reg: FakeRegistry;
beforeAll(async () => {
  reg = await startFakeRegistry();
});
afterAll(async () => {
  await reg.close();
});
beforeEach(() => {
  reg.tags.clear();
  reg.private.clear();
  reg.calls.length = 0;
  delete reg.failWith;
});

const D = `sha256:${'3c'.repeat(32)}`;

describe('parseImageRef', () => {
  it('reads references as Docker does: a first component with a dot, a colon or localhost is the registry', () => {
    expect(parseImageRef('alpine')).toEqual({ registry: 'docker.io', repository: 'library/alpine', tag: 'latest', name: 'alpine' });
    expect(parseImageRef('alpine:3.19')).toEqual({ registry: 'docker.io', repository: 'library/alpine', tag: '3.19', name: 'alpine' });
    expect(parseImageRef('org/app:v1')).toEqual({ registry: 'docker.io', repository: 'org/app', tag: 'v1', name: 'org/app' });
    expect(parseImageRef('ghcr.io/org/api:1.2')).toEqual({ registry: 'ghcr.io', repository: 'org/api', tag: '1.2', name: 'ghcr.io/org/api' });
    expect(parseImageRef('localhost/app')).toEqual({ registry: 'localhost', repository: 'app', tag: 'latest', name: 'localhost/app' });
    expect(parseImageRef('127.0.0.1:5000/a/b:t_1')).toEqual({ registry: '127.0.0.1:5000', repository: 'a/b', tag: 't_1', name: '127.0.0.1:5000/a/b' });
  });

  it('answers undefined for a pinned reference and for what is not a reference', () => {
    expect(parseImageRef(`alpine@${D}`)).toBeUndefined();
    expect(parseImageRef(`alpine:3@${D}`)).toBeUndefined();
    for (const bad of ['Org/App:1', 'app:-tag', 'app:', '../etc/passwd', 'a b', 'ghcr.io/org/api:1.2?x=1', '']) expect(parseImageRef(bad), bad).toBeUndefined();
  });

  it('registryHost, isLoopback, parseChallenge', () => {
    expect(registryHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryHost('ghcr.io')).toBe('ghcr.io');
    expect([isLoopback('127.0.0.1:5000'), isLoopback('localhost'), isLoopback('[::1]:80'), isLoopback('127.example.com'), isLoopback('10.0.0.1')]).toEqual([true, true, true, false, false]);
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' },
    });
    expect(parseChallenge('Basic realm=registry')).toEqual({ scheme: 'basic', params: { realm: 'registry' } });
  });
});

describe('resolveTagDigest', () => {
  it('a public tag: the anonymous token, then the digest the registry answers', async () => {
    reg.tags.set('app:1', D);
    expect(await resolveTagDigest(`${reg.host}/app:1`, {})).toBe(D);
    expect(reg.calls.find((c) => c.path.startsWith('/token'))?.path).toBe('/token?service=fake-registry&scope=repository%3Aapp%3Apull');
    expect(reg.calls.find((c) => c.path.startsWith('/token'))?.authorization).toBeUndefined();
  });

  it('TRIVY_USERNAME / TRIVY_PASSWORD for a private repository (a single pair; lists are Trivy’s to match up)', async () => {
    reg.tags.set('p/app:1', D);
    const pass = ['pa', 'ss'].join('');
    reg.private.set('p/app', `u:${pass}`);
    expect(await resolveTagDigest(`${reg.host}/p/app:1`, {})).toBeUndefined();
    expect(await resolveTagDigest(`${reg.host}/p/app:1`, { TRIVY_USERNAME: 'u', TRIVY_PASSWORD: pass })).toBe(D);
    // Lists: the Docker config's login for this registry is used instead.
    const dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { username: 'u', password: pass } } }));
    expect(await resolveTagDigest(`${reg.host}/p/app:1`, { TRIVY_USERNAME: 'u,v', TRIVY_PASSWORD: `${pass},x`, DOCKER_CONFIG: dir })).toBe(D);
  });

  it('a digest that is not sha256:<64 hex>, an unknown tag, an error: undefined', async () => {
    for (const bad of ['sha256:abc', `md5:${'a'.repeat(32)}`, `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(64)}/../x`]) {
      reg.tags.set('app:1', bad);
      expect(await resolveTagDigest(`${reg.host}/app:1`, {}), bad).toBeUndefined();
    }
    expect(await resolveTagDigest(`${reg.host}/app:unknown`, {})).toBeUndefined();
    reg.tags.set('app:1', D);
    reg.failWith = 503;
    expect(await resolveTagDigest(`${reg.host}/app:1`, {})).toBeUndefined();
  });

  it('a registry that does not answer: given up on at the time limit', async () => {
    reg.tags.set('app:1', D);
    reg.failWith = 'hang';
    const t0 = Date.now();
    const gaveUp = new Set<string>();
    expect(await resolveTagDigest(`${reg.host}/app:1`, {}, { timeoutMs: 300, gaveUp })).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(5_000);
    // That registry is not asked again in the run (each image would wait as long).
    expect(gaveUp).toEqual(new Set([reg.host]));
    const before = reg.calls.length;
    expect(await resolveTagDigest(`${reg.host}/other:2`, {}, { timeoutMs: 300, gaveUp })).toBeUndefined();
    expect(reg.calls.length).toBe(before);
  });

  it('calls a registry the way Trivy does: HTTPS, plain HTTP for localhost:<port>, loopback and private addresses', () => {
    expect(['localhost', 'localhost:5000', '127.0.0.1:5000', '127.0.0.2:5000', '[::1]:5000', '10.1.2.3', '172.20.0.1:80', '192.168.0.9:5000', '169.254.1.1', 'ghcr.io', 'registry.localhost:80', '8.8.8.8'].map(registryScheme)).toEqual([
      'https', 'http', 'http', 'https', 'http', 'http', 'http', 'http', 'https', 'https', 'http', 'https',
    ]);
    expect(['127.0.0.1', '10.0.0.1', '172.16.0.1', '172.32.0.1', '192.168.1.1', '169.254.169.254', 'fd00:ec2::254', '[fe80::1]', '::1', 'localhost', 'a.localhost', 'ghcr.io', '8.8.8.8'].map(isInternalHost)).toEqual([
      true, true, true, false, true, true, true, true, true, true, true, false, false,
    ]);
  });

  it('a token realm is checked as Trivy checks it: HTTPS, and never a host inside the runner’s network unless it is the registry', async () => {
    const pass = ['hun', 'ter2'].join('');
    for (const realm of ['http://127.0.0.1:6379/token', 'https://10.1.2.3/token', 'https://[fd00:ec2::254]/token', 'https://169.254.169.254/latest', 'http://tokens.example/token']) {
      const calls: string[] = [];
      const f = (async (url: string | URL) => {
        calls.push(String(url));
        return new Response(null, { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}",service="x"` } });
      }) as typeof fetch;
      expect(await resolveTagDigest('registry.example.com/app:1', { TRIVY_USERNAME: 'ci', TRIVY_PASSWORD: pass }, { fetch: f }), realm).toBeUndefined();
      expect(calls, realm).toEqual(['https://registry.example.com/v2/app/manifests/1']);
    }
    expect(realmAllowed(new URL('https://auth.docker.io/token'), 'registry-1.docker.io', 'https')).toBe(true);
    expect(realmAllowed(new URL('http://127.0.0.1:5000/token'), '127.0.0.1:5000', 'http')).toBe(true);
    expect(realmAllowed(new URL('http://127.0.0.1:5001/token'), '127.0.0.1:5000', 'http')).toBe(false);
  });

  it('a login the token endpoint refuses (meant for another registry): anonymously then, as Trivy falls back', async () => {
    const f = (async (url: string | URL, init?: RequestInit) => {
      const u = String(url);
      const auth = (init?.headers as Record<string, string> | undefined)?.['Authorization'];
      if (u.startsWith('https://auth.docker.io/')) return auth ? new Response(null, { status: 401 }) : Response.json({ token: 'anon' });
      if (auth === 'Bearer anon') return new Response(null, { status: 200, headers: { 'docker-content-digest': D } });
      return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"' } });
    }) as typeof fetch;
    expect(await resolveTagDigest('alpine:3.19', { TRIVY_USERNAME: 'ghcr-bot', TRIVY_PASSWORD: ['x', 'y'].join('') }, { fetch: f })).toBe(D);
  });

  it('a token answer is read up to 64 KiB, no further (a registry cannot make the action hold gigabytes)', async () => {
    // 8 MiB of whitespace, then a valid token (read whole, the answer would be D).
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled >= 8 << 20) {
          c.enqueue(new TextEncoder().encode('{"token":"t"}'));
          c.close();
          return;
        }
        pulled += 1 << 20;
        c.enqueue(new Uint8Array(1 << 20).fill(0x20));
      },
    });
    const f = (async (url: string | URL, init?: RequestInit) => {
      if (String(url).includes('/token')) return new Response(body, { status: 200 });
      if ((init?.headers as Record<string, string>)['Authorization'] === 'Bearer t') return new Response(null, { status: 200, headers: { 'docker-content-digest': D } });
      return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://registry.example.com/token"' } });
    }) as typeof fetch;
    expect(await resolveTagDigest('registry.example.com/app:1', {}, { fetch: f })).toBeUndefined();
    expect(pulled).toBeLessThanOrEqual(2 << 20);
  });

  it('credentials never go over plain HTTP to a host off the loopback interface (a challenge naming such a realm)', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: string | URL) => {
      calls.push(String(url));
      return new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://tokens.example/token",service="x"' } });
    }) as typeof fetch;
    const pass = ['pa', 'ss'].join('');
    expect(await resolveTagDigest('ghcr.io/org/app:1', { TRIVY_USERNAME: 'u', TRIVY_PASSWORD: pass }, { fetch: fakeFetch })).toBeUndefined();
    expect(calls).toEqual(['https://ghcr.io/v2/org/app/manifests/1']);
  });
});
