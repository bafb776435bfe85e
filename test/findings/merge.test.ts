import { describe, expect, it } from 'vitest';
import type { RawFinding } from '../../src/findings/model.js';
import { identify } from '../../src/findings/identify.js';
import { mergeFindings } from '../../src/findings/merge.js';

const secret = (scanner: string, ruleId: string, severity: RawFinding['severity'], line: number, path = 'app/config.js'): RawFinding => ({
  kind: 'secret',
  ruleId,
  title: ruleId,
  severity,
  location: { path, startLine: line },
  secret: { redacted: '********' },
  source: { scanner, ruleId, severity: severity.toUpperCase() },
});

const FILE = "module.exports = {\n  token: 'x',\n  hook: 'y',\n};\n";
const reader = (files: Record<string, string>) => (p: string) => files[p];

describe('identify + merge', () => {
  it('folds the same secret from two scanners into one finding with both sources and the higher severity', () => {
    const raw = [
      secret('trivy', 'slack-web-hook', 'medium', 3),
      secret('gitleaks', 'slack-webhook-url', 'high', 3),
      secret('trivy', 'github-pat', 'critical', 2),
      secret('gitleaks', 'github-pat', 'critical', 2),
      secret('gitleaks', 'generic-api-key', 'medium', 1),
    ];
    const { findings, merged } = mergeFindings(identify(raw, reader({ 'app/config.js': FILE })), ['trivy', 'gitleaks']);
    expect(findings).toHaveLength(3);
    expect(merged).toBe(2);
    // every raw finding is accounted for: reported, or listed in the sources of the one it merged into
    expect(findings.reduce((n, f) => n + f.sources.length, 0)).toBe(raw.length);
    const hook = findings.find((f) => f.location.startLine === 3)!;
    expect(hook.severity).toBe('high');
    expect(hook.ruleId).toBe('slack-webhook-url'); // the more severe report leads
    expect(hook.sources.map((s) => `${s.scanner}:${s.ruleId}`)).toEqual(['gitleaks:slack-webhook-url', 'trivy:slack-web-hook']);
    const pat = findings.find((f) => f.location.startLine === 2)!;
    expect(pat.sources.map((s) => s.scanner)).toEqual(['trivy', 'gitleaks']); // tie: scanner order decides the lead
    expect(findings[0]!.severity).toBe('critical');
  });

  it('does not merge different places or different kinds', () => {
    const raw = [secret('trivy', 'a', 'high', 2), secret('gitleaks', 'a', 'high', 3), { ...secret('trivy', 'a', 'high', 2), kind: 'misconfiguration' as const }];
    expect(mergeFindings(identify(raw, reader({ 'app/config.js': FILE })), ['trivy', 'gitleaks']).findings).toHaveLength(3);
  });

  it('gives the same result whatever the input order', () => {
    const raw = [secret('trivy', 'x', 'medium', 3), secret('gitleaks', 'y', 'high', 3), secret('gitleaks', 'z', 'low', 1)];
    const a = mergeFindings(identify(raw, reader({ 'app/config.js': FILE })), ['trivy', 'gitleaks']);
    const b = mergeFindings(identify([...raw].reverse(), reader({ 'app/config.js': FILE })), ['trivy', 'gitleaks']);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('keeps fingerprints across unrelated line moves when the file is readable', () => {
    const before = identify([secret('gitleaks', 'x', 'high', 2)], reader({ 'app/config.js': FILE }))[0]!;
    const after = identify([secret('gitleaks', 'x', 'high', 4)], reader({ 'app/config.js': `// a\n// b\n${FILE}` }))[0]!;
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(after.lineHash).toBe(before.lineHash);
    // without the file, the line number anchors it
    const unread = identify([secret('gitleaks', 'x', 'high', 4)], () => undefined)[0]!;
    expect(unread.fingerprint).not.toBe(after.fingerprint);
    expect(unread.lineHash).toBeUndefined();
  });

  it('keys vulnerabilities by advisory and package, not by line', () => {
    const vuln = (scanner: string, version: string): RawFinding => ({
      kind: 'vulnerability',
      ruleId: scanner === 'snyk' ? 'SNYK-JS-LODASH-1' : 'CVE-2021-23337',
      cve: ['CVE-2021-23337'],
      title: 't',
      severity: scanner === 'snyk' ? 'critical' : 'high',
      location: { path: 'package-lock.json' },
      package: { name: 'lodash', version },
      source: { scanner, ruleId: 'x', severity: 'HIGH' },
    });
    const { findings } = mergeFindings(identify([vuln('trivy', '4.17.20'), vuln('snyk', '4.17.20'), vuln('trivy', '4.17.19')], () => undefined), ['trivy', 'snyk']);
    expect(findings).toHaveLength(2);
    expect(findings[0]!.sources.map((s) => s.scanner)).toEqual(['snyk', 'trivy']);
    expect(findings[0]!.severity).toBe('critical');
  });
});
