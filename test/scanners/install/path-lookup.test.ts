import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installEnv } from '../../../src/scanners/install/commands.js';
import { findOnPath, pathCandidates } from '../../../src/scanners/install/path-lookup.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

function file(dir: string, name: string, mode: number): string {
  mkdirSync(dir, { recursive: true });
  const f = path.join(dir, name);
  writeFileSync(f, '#!/bin/sh\n');
  chmodSync(f, mode);
  return f;
}

describe.skipIf(process.platform === 'win32')('findOnPath', () => {
  it('takes the first executable match in PATH order, skipping non-executables and directories', () => {
    const a = tempDir('a');
    const b = tempDir('b');
    const c = tempDir('c');
    file(a, 'tool', 0o644); // not executable
    mkdirSync(path.join(b, 'tool')); // a directory
    const good = file(c, 'tool', 0o755);
    return expect(findOnPath('tool', { PATH: [a, b, c].join(':') }, 'linux')).resolves.toBe(good);
  });

  it('skips empty and relative PATH entries (they would mean the checked-out tree)', async () => {
    const cwdLike = tempDir('cwd');
    file(cwdLike, 'tool', 0o755);
    const rel = path.relative(process.cwd(), cwdLike);
    expect(await findOnPath('tool', { PATH: `:${rel}:.` }, 'linux')).toBeUndefined();
    expect(await findOnPath('tool', {}, 'linux')).toBeUndefined();
  });
});

describe('pathCandidates', () => {
  it('on Windows reads Path/PATHEXT case-insensitively and tries each extension', () => {
    expect(pathCandidates('trivy', { Path: 'C:\\tools;relative;;D:\\bin', PathExt: '.COM;.EXE' }, 'win32')).toEqual([
      'C:\\tools\\trivy.COM',
      'C:\\tools\\trivy.EXE',
      'D:\\bin\\trivy.COM',
      'D:\\bin\\trivy.EXE',
    ]);
    expect(pathCandidates('trivy.exe', { PATH: 'C:\\tools' }, 'win32')).toEqual(['C:\\tools\\trivy.exe']);
  });

  it('on POSIX tries the bare name in each absolute PATH entry', () => {
    expect(pathCandidates('gitleaks', { PATH: '/usr/local/bin::./bin:/usr/bin', Path: '/ignored' }, 'linux')).toEqual([
      '/usr/local/bin/gitleaks',
      '/usr/bin/gitleaks',
    ]);
  });
});

describe('installEnv', () => {
  it('passes what npm/pip need and drops tokens and inputs', () => {
    const token = ['gh', 'p_', 'A'.repeat(36)].join('');
    const env = installEnv(
      {
        PATH: '/usr/bin',
        HOME: '/home/runner',
        HTTPS_PROXY: 'http://proxy:3128',
        npm_config_registry: 'https://registry.example/',
        PIP_INDEX_URL: 'https://pypi.example/simple',
        GITHUB_TOKEN: token,
        SNYK_TOKEN: token,
        INPUT_GITHUB_TOKEN: token,
        ACTIONS_RUNTIME_TOKEN: token,
        npm_config__authToken: token,
        UNSET: undefined,
      },
      { SNYK_DISABLE_ANALYTICS: '1' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      HTTPS_PROXY: 'http://proxy:3128',
      npm_config_registry: 'https://registry.example/',
      PIP_INDEX_URL: 'https://pypi.example/simple',
      SNYK_DISABLE_ANALYTICS: '1',
    });
    expect(JSON.stringify(env)).not.toContain(token);
  });
});
