import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.js';

const token = ['ghs', 'FAKE', 'env', 'test'].join('_');
const env = {
  PATH: '/usr/bin',
  HOME: '/home/runner',
  LC_ALL: 'C',
  HTTPS_PROXY: 'http://proxy:3128',
  GITHUB_WORKSPACE: '/ws',
  GITHUB_TOKEN: token,
  MY_COPY_OF_THE_TOKEN: token,
  INPUT_GITHUB_TOKEN: token,
  'INPUT_GITHUB-TOKEN': token,
  ACTIONS_RUNTIME_TOKEN: 'rt',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://oidc',
  ACTIONS_RESULTS_URL: 'http://results',
  SNYK_TOKEN: 'snyk',
  TRIVY_USERNAME: 'u',
  RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
  npm_config_registry: 'https://registry.example',
  UNSET: undefined,
};

describe('parseEnvironment', () => {
  const e = parseEnvironment(env, [token]);

  it('reads the runner variables by name', () => {
    expect(e.runner.GITHUB_WORKSPACE).toBe('/ws');
    expect(e.runner.ACTIONS_RUNTIME_TOKEN).toBe('rt');
    expect(Object.isFrozen(e.runner)).toBe(true);
  });

  it('a scanner gets the base allowlist and what it declares, nothing else', () => {
    expect(e.forScanner(undefined)).toEqual({ PATH: '/usr/bin', HOME: '/home/runner', LC_ALL: 'C', HTTPS_PROXY: 'http://proxy:3128' });
    expect(e.forScanner({ names: ['SNYK_TOKEN'] })['SNYK_TOKEN']).toBe('snyk');
    expect(e.forScanner({ prefixes: ['TRIVY_'] })['TRIVY_USERNAME']).toBe('u');
  });

  it('never passes runner tokens, inputs or the github-token value, whatever a scanner declares', () => {
    const greedy = e.forScanner({ prefixes: ['ACTIONS_', 'INPUT_', 'GITHUB_', 'MY_'], names: ['GITHUB_TOKEN', 'ACTIONS_RUNTIME_TOKEN'] });
    expect(Object.keys(greedy).filter((k) => !['PATH', 'HOME', 'LC_ALL', 'HTTPS_PROXY'].includes(k))).toEqual(['GITHUB_WORKSPACE']);
    expect(Object.values(e.forInstall())).not.toContain(token);
  });

  it('installers also see the tool cache and npm/pip settings', () => {
    expect(e.forInstall()).toMatchObject({ RUNNER_TOOL_CACHE: '/opt/hostedtoolcache', npm_config_registry: 'https://registry.example', PATH: '/usr/bin' });
    expect(e.forInstall()['SNYK_TOKEN']).toBeUndefined();
  });
});
