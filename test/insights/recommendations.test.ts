// Recommendations on the real fixture outputs: N vulnerable-package findings collapse into M upgrade actions, one
// rotate-and-revoke per secret rule (never the value), one configuration change per misconfiguration rule.
import { describe, expect, it } from 'vitest';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import { makeFinding } from '../support/report-builder.js';
import { realReport, SOURCES } from './real-report.js';

const vulnerable = SOURCES.filter((s) => /image-alpine|pnpm|composer|convert-npm|npm-goof|nuget|container-test-with/.test(s.file));

describe('recommendations on real outputs', () => {
  it.each(vulnerable.map((s) => [s.file, s] as const))('collapses the vulnerable-package findings of %s into fewer upgrade actions (planUpgrades)', (_file, source) => {
    const report = realReport([source]);
    const findings = report.findings.filter((f) => f.kind === 'vulnerability' && f.package?.fixedVersion);
    const plan = planUpgrades(report.findings);
    const upgrades = report.insights!.recommendations.filter((r) => r.action === 'upgrade');
    // A fix below the installed version is never proposed (no downgrade): those findings are reviews, not upgrades.
    const noFix = new Set(plan.noFix);
    const fixable = findings.filter((f) => !noFix.has(f.fingerprint));
    console.log(`${source.file}: N=${findings.length} vulnerable-package findings with a fixed version (${findings.length - fixable.length} only fixed below the installed version) → M=${upgrades.length} upgrade actions`);
    expect(fixable.length).toBeGreaterThan(0);
    expect(upgrades.length).toBeGreaterThan(0);
    // The recommendations are the planner's actions, one each, naming its target version.
    expect(upgrades.map((r) => `${r.upgrade!.ecosystem}:${r.upgrade!.package}@${r.upgrade!.to}`).sort()).toEqual(plan.actions.map((a) => `${a.ecosystem}:${a.package}@${a.to}`).sort());
    // Every fixable finding is fixed by exactly one upgrade action, which counts it.
    const fixed = upgrades.flatMap((r) => r.fingerprints);
    expect(new Set(fixed).size).toBe(fixed.length);
    expect(new Set(fixed)).toEqual(new Set(fixable.map((f) => f.fingerprint)));
    expect(upgrades.reduce((n, r) => n + r.findings, 0)).toBe(fixable.length);
    // The others are still recommended: a review of each such package.
    const reviewed = new Set(report.insights!.recommendations.filter((r) => r.action === 'review').flatMap((r) => r.fingerprints));
    for (const f of findings.filter((x) => noFix.has(x.fingerprint))) expect(reviewed.has(f.fingerprint)).toBe(true);
    // Fewer actions than findings wherever some package has several findings.
    if (upgrades.length < fixable.length) expect(new Set(fixed).size).toBeGreaterThan(upgrades.length);
    else expect(upgrades.length).toBe(fixable.length);
  });

  it('says which version fixes every finding of the package, and how many it fixes by severity', () => {
    const report = realReport([SOURCES.find((s) => s.file.includes('npm-goof'))!]);
    const recs = report.insights!.recommendations;
    const lodash = recs.filter((r) => r.upgrade).sort((a, b) => b.findings - a.findings)[0];
    expect(lodash).toBeDefined();
    expect(lodash!.findings).toBeGreaterThan(1);
    const name = lodash!.upgrade!.package;
    const own = report.findings.filter((f) => f.package?.name === name && f.package.fixedVersion);
    expect(lodash!.findings).toBe(own.length);
    expect(lodash!.title).toMatch(new RegExp(`^Upgrade ${name} .+ → ${lodash!.upgrade!.to.replace(/\./g, '\\.')} \\(npm\\): fixes ${own.length} findings`));
    expect(lodash!.command).toBe(`npm install ${name}@${lodash!.upgrade!.to}`);
    // Most severe first.
    const ranks = recs.map((r) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(r.severity));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
  });

  it('gives one rotate-and-revoke per secret rule, counting its leaks, without the secret value', () => {
    const report = realReport(SOURCES.filter((s) => s.scanner.id === 'gitleaks' || s.file.includes('secrets')));
    const secrets = report.findings.filter((f) => f.kind === 'secret');
    const rotate = report.insights!.recommendations.filter((r) => r.action === 'rotate-secret');
    console.log(`secrets: ${secrets.length} findings → ${rotate.length} rotate recommendations`);
    expect(rotate.length).toBe(new Set(secrets.map((f) => f.ruleId)).size);
    expect(rotate.reduce((n, r) => n + r.findings, 0)).toBe(secrets.length);
    const text = JSON.stringify(report.insights);
    for (const f of secrets) {
      const visible = f.secret!.redacted.replace(/[*•…]+/g, ' ').split(' ').filter((p) => p.length >= 6);
      // What remains of the value after redaction is the only part that may appear; never longer pieces.
      expect(visible.every((p) => p.length < 12 || !text.includes(p) || f.title.includes(p))).toBe(true);
    }
  });

  it('gives one configuration change per misconfiguration rule, with the scanner’s resolution and the places to change', () => {
    const report = realReport(SOURCES.filter((s) => s.file.includes('checkov') || s.file.includes('misconfig')));
    const mis = report.findings.filter((f) => f.kind === 'misconfiguration');
    const conf = report.insights!.recommendations.filter((r) => r.action === 'configure');
    console.log(`misconfigurations: ${mis.length} findings → ${conf.length} configuration changes`);
    expect(conf.length).toBe(new Set(mis.map((f) => f.ruleId)).size);
    expect(conf.length).toBeLessThan(mis.length);
    for (const r of conf) {
      expect(r.detail).toBeTruthy();
      expect(r.locations.length).toBeGreaterThan(0);
      expect(r.command).toBe(r.locations.find((l) => l === r.command) ?? r.command);
    }
  });
});

describe('the upgrade a recommendation names', () => {
  it('is the smallest fixed version that fixes every finding of the package, in its release line', () => {
    const pkg = (fixedVersion: string, n: number) =>
      makeFinding({ kind: 'vulnerability', severity: 'high', package: { name: 'minimist', version: '1.2.0', ecosystem: 'npm', fixedVersion } }, n);
    const plan = planUpgrades([pkg('1.2.3, 0.2.1', 1), pkg('1.2.6', 2), pkg('2.0.0, 1.2.4', 3)]);
    expect(plan.actions.map((a) => [a.package, a.to, a.fixes.length])).toEqual([['minimist', '1.2.6', 3]]);
    const none = planUpgrades([makeFinding({ kind: 'vulnerability', package: { name: 'x', version: '1' } }, 4)]);
    expect(none).toEqual({ actions: [], noFix: ['fp-4'] });
  });
});
