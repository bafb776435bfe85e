import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/model.js';
import { normalizeEcosystem, planUpgrades } from '../../src/remediate/upgrades.js';
import { fixtureFindings } from './support.js';

function vuln(fp: string, name: string, version: string, fixedVersion: string | undefined, ecosystem = 'npm', severity: Finding['severity'] = 'high'): Finding {
  return {
    fingerprint: fp, kind: 'vulnerability', ruleId: `CVE-${fp}`, title: fp, severity, location: { path: 'package-lock.json' },
    package: { name, version, ecosystem, ...(fixedVersion !== undefined ? { fixedVersion } : {}) }, sources: [{ scanner: 's', ruleId: fp, severity }],
  };
}

describe('planUpgrades', () => {
  it('collapses a package’s findings into one action with the smallest version that fixes all', () => {
    const plan = planUpgrades([
      vuln('a', 'lodash', '4.17.15', '4.17.19', 'npm', 'critical'),
      vuln('b', 'lodash', '4.17.15', '4.17.21', 'yarn', 'high'),
      vuln('c', 'lodash', '4.17.15', '>=4.17.16', 'npm', 'critical'),
      vuln('d', 'left-pad', '1.0.0', undefined),
    ]);
    expect(plan.actions).toEqual([{
      ecosystem: 'npm', package: 'lodash', installed: ['4.17.15'], to: '4.17.21', fixes: ['a', 'b', 'c'],
      bySeverity: { critical: 2, high: 1, medium: 0, low: 0, info: 0 }, locations: ['package-lock.json'],
    }]);
    expect(plan.noFix).toEqual(['d']);
  });
  it('lists: the smallest fix in the installed line when it fixes every finding, else one ≥ every fix', () => {
    // Trivy's "3.1.0, 2.6.9" for debug 3.0.1: 2.6.9 is a downgrade, 3.1.0 is the fix.
    expect(planUpgrades([vuln('a', 'debug', '3.0.1', '3.1.0, 2.6.9')]).actions[0]!.to).toBe('3.1.0');
    expect(planUpgrades([vuln('a', 'debug', '2.6.0', '3.1.0, 2.6.9')]).actions[0]!.to).toBe('2.6.9');
    // PyPI 2.7.x line: 2.7.4 fixes both; a second finding fixed only in 2.8.2 forces 2.8.2.
    expect(planUpgrades([vuln('a', 'Django', '2.7.1', '2.7.4, 2.8.2', 'pip'), vuln('b', 'django', '2.7.1', '2.7.3', 'poetry')]).actions[0]).toMatchObject({ ecosystem: 'pip', to: '2.7.4', fixes: ['a', 'b'] });
    expect(planUpgrades([vuln('a', 'django', '2.7.1', '2.7.4, 2.8.2', 'pip'), vuln('b', 'django', '2.7.1', '2.8.1', 'pip')]).actions[0]!.to).toBe('2.8.2');
    // Two installs of one package: no downgrade for the newer one.
    expect(planUpgrades([vuln('a', 'minimist', '0.0.8', '0.2.1, 1.2.3'), vuln('b', 'minimist', '1.2.0', '0.2.1, 1.2.3')]).actions[0]!.to).toBe('1.2.3');
  });
  it('orders by critical, then high, …, then package name', () => {
    const plan = planUpgrades([
      vuln('a', 'zeta', '1.0.0', '1.0.1', 'npm', 'critical'), vuln('b', 'alpha', '1.0.0', '1.0.1', 'npm', 'high'),
      vuln('c', 'beta', '1.0.0', '1.0.1', 'npm', 'high'), vuln('d', 'beta', '1.0.0', '1.0.1', 'npm', 'low'),
      vuln('e', 'gamma', '1.0.0', '1.0.1', 'npm', 'critical'),
    ]);
    expect(plan.actions.map((a) => a.package)).toEqual(['gamma', 'zeta', 'beta', 'alpha']);
  });
  it('normalises Trivy and Snyk ecosystem words', () => {
    expect(['npm', 'pnpm', 'yarn', 'node-pkg'].map((w) => normalizeEcosystem(w))).toEqual(['npm', 'npm', 'npm', 'npm']);
    expect(['pip', 'pipenv', 'poetry', 'python-pkg'].map((w) => normalizeEcosystem(w))).toEqual(['pip', 'pip', 'pip', 'pip']);
    expect(['gomod', 'gobinary', 'gomodules'].map((w) => normalizeEcosystem(w))).toEqual(['go', 'go', 'go']);
    expect(['jar', 'pom', 'gradle', 'maven'].map((w) => normalizeEcosystem(w))).toEqual(['maven', 'maven', 'maven', 'maven']);
    expect(normalizeEcosystem(undefined, 'pkg:golang/github.com/a/b@v1.0.0')).toBe('go');
    expect(normalizeEcosystem('Alpine')).toBe('alpine');
  });
  it.each([
    ['trivy', 'repo-pnpm-lockfile.json.golden'],
    ['trivy', 'image-alpine-39.json.golden'],
    ['trivy', 'convert-npm-with-suppressed.json.golden'],
    ['trivy', 'rootfs-composer-vendor.json.golden'],
    ['snyk', 'snyk-test-npm-goof.json'],
  ] as const)('real output %s %s: N vulnerable-package findings into M actions', (scanner, file) => {
    const findings = fixtureFindings(scanner, file).filter((f) => f.package?.name && f.kind === 'vulnerability');
    const plan = planUpgrades(findings);
    console.log(`${scanner}/${file}: N=${findings.length} findings -> M=${plan.actions.length} actions, ${plan.noFix.length} without a fix; ${plan.actions.map((a) => `${a.package} ${a.installed.join('/')} -> ${a.to}`).join('; ')}`);
    expect(plan.actions.length).toBeGreaterThan(0);
    expect(plan.actions.length).toBeLessThanOrEqual(findings.length);
    const accounted = new Set([...plan.actions.flatMap((a) => a.fixes), ...plan.noFix]);
    expect(accounted.size).toBe(new Set(findings.map((f) => f.fingerprint)).size);
  });
  it('the goof fixture: ejs to 2.5.5, no downgrade for minimist 1.2.0; alpine libssl to 1.1.1d-r2', () => {
    const goof = planUpgrades(fixtureFindings('snyk', 'snyk-test-npm-goof.json'));
    // The parsed Snyk finding keeps fixedIn[0] (0.2.1) only: below 1.2.0, so that finding has no usable fix.
    expect(goof.actions.find((a) => a.package === 'minimist')).toMatchObject({ installed: ['0.0.8'], to: '0.2.1' });
    const minimist120 = fixtureFindings('snyk', 'snyk-test-npm-goof.json').filter((f) => f.package?.name === 'minimist' && f.package.version === '1.2.0');
    expect(goof.noFix).toEqual(expect.arrayContaining(minimist120.map((f) => f.fingerprint)));
    expect(goof.actions.find((a) => a.package === 'ejs')).toMatchObject({ installed: ['0.8.8'], to: '2.5.5' });
    const alpine = planUpgrades(fixtureFindings('trivy', 'image-alpine-39.json.golden'));
    expect(alpine.actions.find((a) => a.package === 'libssl1.1')).toMatchObject({ ecosystem: 'alpine', to: '1.1.1d-r2' });
  });
});
