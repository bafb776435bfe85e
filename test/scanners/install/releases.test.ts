import { describe, expect, it } from 'vitest';
import { releaseUrl } from '../../../src/scanners/install/releases.js';
import { GITLEAKS_RELEASE } from '../../../src/scanners/gitleaks/install.js';
import { TRIVY_RELEASE } from '../../../src/scanners/trivy/install.js';
import { DEFAULT_VERSIONS } from './helpers.js';

describe('release asset names', () => {
  it.each([
    ['linux', 'x64', 'trivy_0.75.0_Linux-64bit.tar.gz', 'trivy'],
    ['linux', 'arm64', 'trivy_0.75.0_Linux-ARM64.tar.gz', 'trivy'],
    ['darwin', 'x64', 'trivy_0.75.0_macOS-64bit.tar.gz', 'trivy'],
    ['darwin', 'arm64', 'trivy_0.75.0_macOS-ARM64.tar.gz', 'trivy'],
    ['win32', 'x64', 'trivy_0.75.0_windows-64bit.zip', 'trivy.exe'],
  ] as const)('Trivy %s/%s → %s', (platform, arch, name, binary) => {
    expect(TRIVY_RELEASE.asset('0.75.0', platform, arch)).toEqual({ name, format: name.endsWith('.zip') ? 'zip' : 'tar.gz', binary });
  });

  it.each([
    ['linux', 'x64', 'gitleaks_8.30.1_linux_x64.tar.gz', 'gitleaks'],
    ['linux', 'arm64', 'gitleaks_8.30.1_linux_arm64.tar.gz', 'gitleaks'],
    ['darwin', 'arm64', 'gitleaks_8.30.1_darwin_arm64.tar.gz', 'gitleaks'],
    ['darwin', 'x64', 'gitleaks_8.30.1_darwin_x64.tar.gz', 'gitleaks'],
    ['win32', 'x64', 'gitleaks_8.30.1_windows_x64.zip', 'gitleaks.exe'],
  ] as const)('Gitleaks %s/%s → %s', (platform, arch, name, binary) => {
    expect(GITLEAKS_RELEASE.asset('8.30.1', platform, arch)).toEqual({ name, format: name.endsWith('.zip') ? 'zip' : 'tar.gz', binary });
  });

  it('has no asset where the project publishes none', () => {
    expect(TRIVY_RELEASE.asset('0.75.0', 'win32', 'arm64')).toBeUndefined();
    expect(TRIVY_RELEASE.asset('0.75.0', 'aix', 'x64')).toBeUndefined();
    expect(GITLEAKS_RELEASE.asset('8.30.1', 'linux', 'mips')).toBeUndefined();
  });

  it('checksums files and URLs follow the release layout', () => {
    expect(TRIVY_RELEASE.checksumsFile('0.75.0')).toBe('trivy_0.75.0_checksums.txt');
    expect(GITLEAKS_RELEASE.checksumsFile('8.30.1')).toBe('gitleaks_8.30.1_checksums.txt');
    expect(releaseUrl('https://github.com/', TRIVY_RELEASE, '0.75.0', 'trivy_0.75.0_checksums.txt')).toBe(
      'https://github.com/aquasecurity/trivy/releases/download/v0.75.0/trivy_0.75.0_checksums.txt',
    );
  });

  it('pins digests only for assets of the default versions, as 64 lower-case hex digits', () => {
    for (const spec of [TRIVY_RELEASE, GITLEAKS_RELEASE]) {
      for (const [asset, digest] of Object.entries(spec.knownDigests)) {
        expect(asset).toContain(`_${DEFAULT_VERSIONS[spec.tool]}_`);
        expect(digest).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    expect(DEFAULT_VERSIONS['trivy']).not.toBe('0.69.4'); // the compromised release
  });
});
