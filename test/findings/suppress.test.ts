// applySuppressions: which findings an ignore file's entries take, and what it says about the others.
import { describe, expect, it } from 'vitest';
import { NO_RULES, applySuppressions, type IgnoreEntry, type IgnoreRules } from '../../src/findings/suppress.js';
import type { Finding } from '../../src/findings/model.js';
import { makeFinding } from '../support/report-builder.js';

const TODAY = '2026-06-15';
const rules = (...entries: Omit<IgnoreEntry, 'index'>[]): IgnoreRules => ({ ...NO_RULES, entries: entries.map((e, i) => ({ index: i + 1, ...e })) });
const kept = (findings: Finding[], r: IgnoreRules, today = TODAY) => applySuppressions(findings, r, today).kept.map((f) => f.fingerprint);
const taken = (findings: Finding[], r: IgnoreRules, today = TODAY) => applySuppressions(findings, r, today).suppressed.map((f) => f.fingerprint);

const trivyDs = makeFinding({ ruleId: 'DS002', location: { path: 'Dockerfile', startLine: 1 } }, 1);
/** A merged finding: its ruleId is Trivy's, Checkov's rule id is in its sources. */
const merged = makeFinding(
  {
    ruleId: 'AVD-AWS-0086',
    location: { path: 'infra/main.tf', startLine: 3 },
    sources: [
      { scanner: 'trivy', ruleId: 'AVD-AWS-0086', severity: 'HIGH' },
      { scanner: 'checkov', ruleId: 'CKV_AWS_53', severity: 'HIGH' },
    ],
  },
  2,
);
const vuln = makeFinding({ kind: 'vulnerability', ruleId: 'GHSA-xxxx-yyyy', cve: ['CVE-2024-1234'], location: { path: 'package-lock.json' }, package: { name: 'lodash', version: '4.17.15' } }, 3);
const scoped = makeFinding({ kind: 'vulnerability', ruleId: 'CVE-2025-1', location: { path: 'package-lock.json' }, package: { name: '@types/node', version: '20.1.0' } }, 4);
const dotfile = makeFinding({ kind: 'secret', ruleId: 'generic-api-key', location: { path: '.github/workflows/ci.yml', startLine: 4 } }, 5);
const image = makeFinding({ ruleId: 'DS002', location: { target: 'alpine:3.20' } }, 6);
const ALL = [trivyDs, merged, vuln, scoped, dotfile, image];

describe('applySuppressions', () => {
  it('no entries: everything kept, nothing suppressed', () => {
    expect(applySuppressions(ALL, NO_RULES, TODAY)).toEqual({ kept: ALL, suppressed: [], expired: [], active: 0 });
  });

  it('rule matches the rule id, any source’s rule id, or a CVE — case-insensitively', () => {
    expect(taken(ALL, rules({ rule: 'ds002', reason: 'r' }))).toEqual(['fp-1', 'fp-6']);
    expect(taken(ALL, rules({ rule: 'ckv_aws_53', reason: 'r' }))).toEqual(['fp-2']);
    expect(taken(ALL, rules({ rule: 'cve-2024-1234', reason: 'r' }))).toEqual(['fp-3']);
    expect(taken(ALL, rules({ rule: 'DS00', reason: 'r' }))).toEqual([]);
  });

  it('path is a glob on the finding’s path, dotfiles included; a finding without a path never matches', () => {
    expect(taken(ALL, rules({ path: '**/*.yml', reason: 'r' }))).toEqual(['fp-5']);
    expect(taken(ALL, rules({ path: '.github/**', reason: 'r' }))).toEqual(['fp-5']);
    expect(taken(ALL, rules({ path: 'infra/*', reason: 'r' }))).toEqual(['fp-2']);
    expect(taken(ALL, rules({ path: 'infra', reason: 'r' }))).toEqual([]);
    // `**` takes every file finding but not the image's, which has no path.
    expect(kept(ALL, rules({ path: '**', reason: 'r' }))).toEqual(['fp-6']);
    // A leading `!` is not negation (that would suppress everything but one file).
    expect(taken(ALL, rules({ path: '!Dockerfile', reason: 'r' }))).toEqual([]);
  });

  it('package matches the name, or name@version exactly, scoped names included', () => {
    expect(taken(ALL, rules({ package: 'lodash', reason: 'r' }))).toEqual(['fp-3']);
    expect(taken(ALL, rules({ package: 'lodash@4.17.15', reason: 'r' }))).toEqual(['fp-3']);
    expect(taken(ALL, rules({ package: 'lodash@4.17.16', reason: 'r' }))).toEqual([]);
    expect(taken(ALL, rules({ package: 'lodash@4.17', reason: 'r' }))).toEqual([]);
    expect(taken(ALL, rules({ package: '@types/node', reason: 'r' }))).toEqual(['fp-4']);
    expect(taken(ALL, rules({ package: '@types/node@20.1.0', reason: 'r' }))).toEqual(['fp-4']);
    expect(taken(ALL, rules({ package: '@types/node@20.1.1', reason: 'r' }))).toEqual([]);
    expect(taken(ALL, rules({ package: 'node', reason: 'r' }))).toEqual([]);
    expect(taken(ALL, rules({ package: 'lod', reason: 'r' }))).toEqual([]);
  });

  it('fingerprint matches exactly that finding', () => {
    expect(taken(ALL, rules({ fingerprint: 'fp-3', reason: 'r' }))).toEqual(['fp-3']);
    expect(taken(ALL, rules({ fingerprint: 'FP-3', reason: 'r' }))).toEqual([]);
  });

  it('every key an entry gives must match', () => {
    expect(taken(ALL, rules({ rule: 'DS002', path: 'Dockerfile', reason: 'r' }))).toEqual(['fp-1']);
    expect(taken(ALL, rules({ rule: 'DS002', path: 'other/Dockerfile', reason: 'r' }))).toEqual([]);
    expect(taken(ALL, rules({ rule: 'CVE-2024-1234', package: 'lodash@9', reason: 'r' }))).toEqual([]);
    expect(taken(ALL, rules({ fingerprint: 'fp-1', rule: 'OTHER', reason: 'r' }))).toEqual([]);
    expect(taken(ALL, rules({ fingerprint: 'fp-3', rule: 'cve-2024-1234', path: '*.json', package: 'lodash@4.17.15', reason: 'r' }))).toEqual(['fp-3']);
  });

  it('expires applies through its day; the day after, the entry is expired and its findings are back', () => {
    const r = rules({ rule: 'DS002', path: 'Dockerfile', reason: 'r', expires: '2026-06-15' });
    expect(applySuppressions(ALL, r, '2026-06-15')).toMatchObject({ expired: [], active: 1 });
    expect(taken(ALL, r, '2026-06-15')).toEqual(['fp-1']);
    const after = applySuppressions(ALL, r, '2026-06-16');
    expect(after.suppressed).toEqual([]);
    expect(after.kept).toEqual(ALL);
    expect(after.expired).toEqual([r.entries[0]]);
    expect(after.active).toBe(0);
  });

  it('the first matching entry wins, and says so with its reason and expiry', () => {
    const r = rules({ path: '**', reason: 'first' }, { rule: 'DS002', reason: 'second', expires: '2099-12-31' });
    const s = applySuppressions([trivyDs], r, TODAY).suppressed[0]!;
    expect(s.suppression).toEqual({ reason: 'first', by: '.security-scan-ignore.yml entry 1 (path **)' });
    const reversed = rules({ rule: 'DS002', reason: 'second', expires: '2099-12-31' }, { path: '**', reason: 'first' });
    expect(applySuppressions([trivyDs], reversed, TODAY).suppressed[0]!.suppression).toEqual({
      reason: 'second',
      expires: '2099-12-31',
      by: '.security-scan-ignore.yml entry 1 (rule DS002)',
    });
    // An expired first entry does not shadow a live second one.
    const withExpired = rules({ rule: 'DS002', reason: 'old', expires: '2020-01-01' }, { rule: 'DS002', reason: 'new' });
    expect(applySuppressions([trivyDs], withExpired, TODAY).suppressed[0]!.suppression!.by).toBe('.security-scan-ignore.yml entry 2 (rule DS002)');
  });

  it('the suppressed list is sorted like the findings (most severe first), the kept list keeps its order', () => {
    const low = makeFinding({ severity: 'low', ruleId: 'X', location: { path: 'a' } }, 10);
    const critical = makeFinding({ severity: 'critical', ruleId: 'X', location: { path: 'b' } }, 11);
    const medium = makeFinding({ severity: 'medium', ruleId: 'Y', location: { path: 'c' } }, 12);
    const r = applySuppressions([low, medium, critical], rules({ rule: 'X', reason: 'r' }), TODAY);
    expect(r.suppressed.map((f) => f.severity)).toEqual(['critical', 'low']);
    expect(r.kept).toEqual([medium]);
    // The input is not changed.
    expect(low.suppression).toBeUndefined();
  });
});
