import { describe, expect, it, vi } from 'vitest';
import { fingerprintOf, identify } from '../../src/findings/identify.js';
import { reportedBySeveral, scannersOf, type RawFinding } from '../../src/findings/model.js';

// Fingerprints are what baselines, suppressions and code scanning alerts are matched by: a change to how they are
// computed (hash function, identity fields, encoding) silently turns every finding into a new one. The expected
// values below were computed independently (Python hashlib: SHA-256 of the identity's compact JSON, first 16 bytes
// as hex), not by this code.
const vulnerability: RawFinding = {
  kind: 'vulnerability',
  ruleId: 'CVE-2024-3094',
  title: 'CVE-2024-3094: xz backdoor',
  severity: 'critical',
  location: { target: 'registry.example/app:1.2' },
  package: { name: 'xz-utils', version: '5.6.0' },
  cve: ['CVE-2024-3094'],
  source: { scanner: 'trivy', ruleId: 'CVE-2024-3094', severity: 'CRITICAL' },
};
const secret: RawFinding = {
  kind: 'secret',
  ruleId: 'generic-api-key',
  title: 'Generic API key',
  severity: 'high',
  location: { path: 'config/app.env', startLine: 3 },
  source: { scanner: 'gitleaks', ruleId: 'generic-api-key', severity: 'HIGH' },
};
const misconfiguration: RawFinding = {
  kind: 'misconfiguration',
  ruleId: 'AVD-DS-0002',
  title: 'Image user should not be root',
  severity: 'high',
  location: { path: 'Dockerfile', startLine: 12 },
  source: { scanner: 'trivy', ruleId: 'AVD-DS-0002', severity: 'HIGH' },
};

describe('fingerprintOf', () => {
  it('gives the fingerprints earlier releases gave (vulnerability, secret by line hash, misconfiguration by line)', () => {
    expect(fingerprintOf(vulnerability, undefined)).toBe('cfc3a53c0817ab87d1e9713e6a58ecea');
    expect(fingerprintOf(secret, '0a1b2c3d4e5f6a7b:1')).toBe('5ba595422190af9b2ae9ec488b8701ab');
    expect(fingerprintOf(misconfiguration, undefined)).toBe('410abc655601c56e803157dbb46cdfda');
  });

  it('hashes the UTF-8 bytes of non-ASCII identities', () => {
    // Python: hashlib.sha256('["misconfiguration","AVD-DS-0002","déploiement/Dockerfile","","","12"]'.encode()).hexdigest()[:32]
    const f = { ...misconfiguration, location: { path: 'déploiement/Dockerfile', startLine: 12 } };
    expect(fingerprintOf(f, undefined)).toBe('26f825446b1e3a7e2bf22b0c941b139e');
  });

  it('identify keeps one source per raw finding and the same fingerprint', () => {
    const [a] = identify([vulnerability], () => undefined);
    expect(a!.fingerprint).toBe('cfc3a53c0817ab87d1e9713e6a58ecea');
    expect(a!.sources).toEqual([vulnerability.source]);
  });
});

describe('scannersOf and reportedBySeveral', () => {
  const src = (scanner: string) => ({ scanner, ruleId: 'r', severity: 'HIGH' });
  it('lists each scanner once, in source order', () => {
    expect(scannersOf({ sources: [src('trivy')] })).toEqual(['trivy']);
    expect(scannersOf({ sources: [src('trivy'), src('gitleaks'), src('trivy')] })).toEqual(['trivy', 'gitleaks']);
  });
  it('tells a finding of several scanners from one reported twice by one scanner', () => {
    expect(reportedBySeveral({ sources: [src('trivy')] })).toBe(false);
    expect(reportedBySeveral({ sources: [src('trivy'), src('trivy')] })).toBe(false);
    expect(reportedBySeveral({ sources: [src('trivy'), src('trivy'), src('gitleaks')] })).toBe(true);
  });
});

describe('fingerprintOf without crypto.hash (Node before 20.12)', () => {
  it('gives the same fingerprints through createHash', async () => {
    vi.resetModules();
    vi.doMock('node:crypto', async (original) => ({ ...(await original<typeof import('node:crypto')>()), hash: undefined }));
    try {
      const old = await import('../../src/findings/identify.js');
      expect(old.fingerprintOf).not.toBe(fingerprintOf);
      expect(old.fingerprintOf(vulnerability, undefined)).toBe('cfc3a53c0817ab87d1e9713e6a58ecea');
      expect(old.fingerprintOf(secret, '0a1b2c3d4e5f6a7b:1')).toBe('5ba595422190af9b2ae9ec488b8701ab');
    } finally {
      vi.doUnmock('node:crypto');
      vi.resetModules();
    }
  });
});
