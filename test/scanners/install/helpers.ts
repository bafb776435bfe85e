import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseSection, readSection } from '../../../src/config/schema.js';
import { ConfigurationError } from '../../../src/errors.js';
import { installInputs, installSchema, type InstallSettings } from '../../../src/scanners/install/settings.js';
import { SCANNERS } from '../../../src/scanners/registry.js';
import type { AnyScanner } from '../../../src/scanners/types.js';

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `ss-install-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory tempDir made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A tar.gz holding an executable shell script `binary` that prints `versionLine`, plus a README. */
export function makeReleaseArchive(binary: string, versionLine: string): { file: string; sha256: string } {
  const dir = tempDir('archive');
  const content = path.join(dir, 'content');
  mkdirSync(content);
  writeFileSync(path.join(content, binary), `#!/bin/sh\necho '${versionLine}'\n`);
  chmodSync(path.join(content, binary), 0o755);
  writeFileSync(path.join(content, 'README.md'), 'test build\n');
  const file = path.join(dir, `${binary}.tar.gz`);
  execFileSync('tar', ['-czf', file, '-C', content, binary, 'README.md']);
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

export interface ReleaseServer {
  base: string;
  /** Requests served so far, by path (404s included). */
  requests: Map<string, number>;
  total(): number;
  /** Replace or add a route: path → body. */
  routes: Map<string, Buffer | string>;
  close(): Promise<void>;
}

/** A GitHub-releases look-alike on 127.0.0.1 (an OS-assigned port). Unknown paths get 404. */
export async function startReleaseServer(): Promise<ReleaseServer> {
  const routes = new Map<string, Buffer | string>();
  const requests = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    requests.set(p, (requests.get(p) ?? 0) + 1);
    const body = routes.get(p);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    routes,
    total: () => [...requests.values()].reduce((a, b) => a + b, 0),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * The install settings for these scanner ids, parsed the way the action parses them (ids that are not in the
 * registry become scanners with a binary named after them and nothing to install).
 */
export function parseInstallSettings(read: (name: string) => string, ids: readonly string[]): InstallSettings {
  const registry = ids.map(
    (id) =>
      SCANNERS.find((s) => s.id === id) ??
      ({ id, displayName: id, binary: { name: id, pathInput: `${id}-path`, installHint: `install ${id}` } } as unknown as AnyScanner),
  );
  const specs = installInputs(registry);
  const r = parseSection(specs, installSchema(registry), readSection(specs, read));
  if (!r.ok) throw new ConfigurationError(r.problems.join('\n'), r.problems);
  return r.data;
}

/** The pinned default version of each scanner the action can install. */
export const DEFAULT_VERSIONS: Readonly<Record<string, string>> = Object.fromEntries(
  SCANNERS.flatMap((s) => (s.install ? [[s.id, s.install.defaultVersion]] : [])),
);
