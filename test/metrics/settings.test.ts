import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { groupPath } from '../../src/metrics/push.js';
import { branchOf, maskUrlCredentials } from '../../src/metrics/sink.js';
import { readRunEnvironment } from '../../src/github/context.js';
import { settingsFor } from '../support/settings.js';

const problems = (inputs: Record<string, string>): string[] => {
  try {
    settingsFor(inputs);
    return [];
  } catch (e) {
    if (e instanceof ConfigurationError) return e.message.split('\n');
    throw e;
  }
};

describe('metrics and dependency-snapshot inputs', () => {
  it('metrics-pushgateway-url: empty or http(s); a bad value is refused without quoting it (it may hold a password)', () => {
    expect(settingsFor({}).publish.metricsPushgatewayUrl).toBe('');
    expect(settingsFor({ 'metrics-pushgateway-url': 'http://pg:9091' }).publish.metricsPushgatewayUrl).toBe('http://pg:9091');
    const password = ['sec', 'ret', '99'].join('');
    const bad = problems({ 'metrics-pushgateway-url': `ftp://u:${password}@pg` });
    expect(bad).toEqual(["Input 'metrics-pushgateway-url' must be an http:// or https:// URL (it is ftp://…)."]);
    expect(problems({ 'metrics-pushgateway-url': 'pg:9091 x' })[0]).toMatch(/^Input 'metrics-pushgateway-url' /);
    expect(bad.join('\n')).not.toContain(password);
  });

  it('the URL password is registered with secret masking', () => {
    const masked: string[] = [];
    maskUrlCredentials(`https://bot:${['p%40ss', 'w'].join('')}@pg.example`, (s) => masked.push(s));
    expect(masked).toEqual(['p%40ssw', 'p@ssw', 'bot:p%40ssw']);
    maskUrlCredentials('http://pg', (s) => masked.push(s));
    expect(masked).toHaveLength(3);
  });

  it('dependency-snapshot needs a selected scanner that can write one; the error says which and how', () => {
    expect(settingsFor({ scanners: 'trivy', 'dependency-snapshot': 'true' }).scan.dependencySnapshot).toBe(true);
    const p = problems({ scanners: 'gitleaks', 'dependency-snapshot': 'true' });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^Input 'dependency-snapshot' is true, but no selected scanner writes a dependency snapshot as configured; select trivy with 'trivy-scanners' including vuln/);
    expect(problems({ scanners: 'trivy', 'trivy-scanners': 'secret', 'dependency-snapshot': 'true' })).toHaveLength(1);
  });

  it('grouping: the branch of a pull request is its head branch; every value is one base64url path segment', () => {
    const pr = readRunEnvironment({ GITHUB_REF: 'refs/pull/1/merge' }, JSON.stringify({ pull_request: { number: 1, base: { sha: 'a', ref: 'main' }, head: { sha: 'b', ref: 'feat/x' } } }));
    expect(branchOf(pr)).toBe('feat/x');
    expect(branchOf(readRunEnvironment({ GITHUB_REF: 'refs/heads/main' }, undefined))).toBe('main');
    expect(branchOf(readRunEnvironment({ GITHUB_REF: 'refs/tags/v1' }, undefined))).toBe('refs/tags/v1');
    expect(groupPath({ job: 'j', repository: 'o/r', branch: '' })).toBe(`metrics/job@base64/ag/repository@base64/${Buffer.from('o/r').toString('base64url')}/branch@base64/=`);
  });
});
