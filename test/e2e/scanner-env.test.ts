// What environment each scanner process gets, seen from inside it: fake scanners that write their environment to a
// file, run through the bundled dist/index.js the way the runner runs it.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../scripts/local-scanners.mjs';
import { runAction } from '../../scripts/run-action.mjs';
import { toolGate } from '../support/tools.js';

/** Test-only token values, assembled here so no token-shaped string is committed. */
const TOKENS = {
  github: ['ghs', 'FAKE', 'github', 'token', '0001'].join('_'),
  runtime: ['runtime', 'FAKE', 'token', '0002'].join('-'),
  snyk: ['snyk', 'FAKE', 'token', '0003'].join('-'),
  idRequest: ['id', 'FAKE', 'request', '0004'].join('-'),
};

/** A shell script standing in for one scanner: dumps its environment, then prints an empty report of its format. */
function fakeScanner(dir: string, id: string, report: string): string {
  const file = join(dir, id);
  writeFileSync(
    file,
    `#!/bin/sh
env > "${dir}/${id}.env.$$"
case "$*" in
  *--version*|version) echo "Version: 1.0.0"; exit 0 ;;
esac
${report}
`,
  );
  chmodSync(file, 0o755);
  return file;
}

const gate = toolGate(existsSync(join(root, 'dist', 'index.js')) ? undefined : 'dist/index.js is not built (npm run build)', 'the scanner environment e2e tests');

describe.skipIf(gate.skip)('scanner processes get a minimal environment (dist/index.js)', () => {
  beforeAll(gate.assertAvailable);
  let dir: string;
  let status: number | null;
  let stdout = '';
  const envOf = (id: string): Record<string, string>[] => {
    return readdirSync(dir)
      .filter((n: string) => n.startsWith(`${id}.env.`))
      .map((n: string) => Object.fromEntries(readFileSync(join(dir, n), 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scanner-env-'));
    const workspace = mkdtempSync(join(tmpdir(), 'scanner-env-ws-'));
    writeFileSync(join(workspace, 'main.tf'), 'resource "x" "y" {}\n');
    const trivy = fakeScanner(dir, 'trivy', `out=""; prev=""; for a in "$@"; do [ "$prev" = "--output" ] && out="$a"; prev="$a"; done
echo '{"SchemaVersion":2,"Results":[]}' > "$out"`);
    const gitleaks = fakeScanner(dir, 'gitleaks', `out=""; prev=""; for a in "$@"; do [ "$prev" = "--report-path" ] && out="$a"; prev="$a"; done
echo '[]' > "$out"`);
    const checkov = fakeScanner(dir, 'checkov', `echo '{"passed":0,"failed":0,"skipped":0,"parsing_errors":0,"resource_count":0,"checkov_version":"3.3.30"}'`);
    const snyk = fakeScanner(dir, 'snyk', `echo '{"ok":true,"vulnerabilities":[],"dependencyCount":0,"packageManager":"npm","projectName":"x","displayTargetFile":"package.json","path":"."}'`);
    writeFileSync(join(workspace, 'package.json'), '{"name":"x"}\n');
    const r = runAction({
      workspace,
      inputs: {
        scanners: 'trivy,gitleaks,checkov,snyk',
        'trivy-path': trivy,
        'gitleaks-path': gitleaks,
        'checkov-path': checkov,
        'snyk-path': snyk,
        'gitleaks-mode': 'dir',
        'upload-sarif': 'false',
        comment: 'never',
        'github-token': TOKENS.github,
      },
      env: {
        ACTIONS_RUNTIME_TOKEN: TOKENS.runtime,
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/results',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: TOKENS.idRequest,
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc',
        SNYK_TOKEN: TOKENS.snyk,
        GITHUB_TOKEN: TOKENS.github,
        MY_TEAM_TOKEN: TOKENS.github,
        TRIVY_DB_REPOSITORY: 'mirror.example/trivy-db',
        LANG: 'C.UTF-8',
      },
    });
    status = r.status;
    stdout = r.stdout;
    if (status !== 0) console.log(r.stdout, r.stderr);
  }, 120_000);

  it('every scanner ran (its environment was written)', () => {
    expect(status).toBe(0);
    for (const id of ['trivy', 'gitleaks', 'checkov', 'snyk']) expect(envOf(id).length, id).toBeGreaterThan(0);
  });

  it('no scanner sees the runner tokens, the INPUT_* variables or the github-token value', () => {
    for (const id of ['trivy', 'gitleaks', 'checkov', 'snyk']) {
      for (const env of envOf(id)) {
        const names = Object.keys(env);
        expect(names.filter((n) => n.startsWith('INPUT_')), id).toEqual([]);
        for (const n of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_URL', 'GITHUB_TOKEN']) {
          expect(names, `${id} sees ${n}`).not.toContain(n);
        }
        const values = Object.values(env).join('\n');
        for (const t of [TOKENS.github, TOKENS.runtime, TOKENS.idRequest]) expect(values, id).not.toContain(t);
      }
    }
  });

  it('registers the github-token with the runner\'s masking before anything else is logged', () => {
    const lines = stdout.split('\n');
    const mask = lines.indexOf(`::add-mask::${TOKENS.github}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(lines.slice(0, mask).join('\n')).not.toContain(TOKENS.github);
    expect(lines.filter((l) => l.includes(TOKENS.github))).toEqual([`::add-mask::${TOKENS.github}`]);
  });

  it('SNYK_TOKEN reaches Snyk and no other scanner', () => {
    for (const env of envOf('snyk')) expect(env['SNYK_TOKEN']).toBe(TOKENS.snyk);
    for (const id of ['trivy', 'gitleaks', 'checkov']) for (const env of envOf(id)) expect(env['SNYK_TOKEN'], id).toBeUndefined();
  });

  it('each scanner gets the base allowlist and its own declared variables', () => {
    for (const id of ['trivy', 'gitleaks', 'checkov', 'snyk']) for (const env of envOf(id)) expect(env['PATH'], id).toBeTruthy();
    for (const env of envOf('trivy')) expect(env['TRIVY_DB_REPOSITORY']).toBe('mirror.example/trivy-db');
    for (const id of ['gitleaks', 'checkov', 'snyk']) for (const env of envOf(id)) expect(env['TRIVY_DB_REPOSITORY'], id).toBeUndefined();
    for (const env of envOf('checkov')) expect(env['CKV_SKIP_PACKAGE_UPDATE_CHECK']).toBe('true');
    for (const env of envOf('trivy')) expect(env['LANG']).toBe('C.UTF-8');
  });
});
