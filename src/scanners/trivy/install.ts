import { releaseInstaller } from '../install/release-installer.js';
import type { ReleaseSpec } from '../install/releases.js';
import type { InstallSpec } from '../types.js';

/**
 * Trivy 0.75.0, from its GitHub release. Asset names and the checksums file name follow Trivy's goreleaser config
 * (`trivy_<ver>_<Linux|macOS|windows>-<64bit|ARM64>.<tar.gz|zip>`, `trivy_<ver>_checksums.txt`).
 * 0.69.4 was a malicious release (GHSA-69fq-xp46-6x23, March 2026); never pin it.
 */
export const TRIVY_VERSION = '0.75.0';

const OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'Linux', darwin: 'macOS', win32: 'windows' };
const ARCH: Record<string, string> = { x64: '64bit', arm64: 'ARM64', arm: 'ARM', ia32: '32bit', ppc64: 'PPC64LE', s390x: 's390x' };

export const TRIVY_RELEASE: ReleaseSpec = {
  tool: 'trivy',
  displayName: 'Trivy',
  owner: 'aquasecurity',
  repo: 'trivy',
  asset(version, platform, arch) {
    const os = OS[platform];
    const a = ARCH[arch];
    if (!os || !a) return undefined;
    // Trivy publishes Windows builds for amd64 only.
    if (platform === 'win32' && arch !== 'x64') return undefined;
    const format = platform === 'win32' ? 'zip' : 'tar.gz';
    return { name: `trivy_${version}_${os}-${a}.${format}`, format, binary: platform === 'win32' ? 'trivy.exe' : 'trivy' };
  },
  checksumsFile: (version) => `trivy_${version}_checksums.txt`,
  knownDigests: {
    'trivy_0.75.0_Linux-64bit.tar.gz': 'c6e65abddb348e25f10549df887045629cf28cc72453cd1c63acb717316b3f3f',
    'trivy_0.75.0_Linux-ARM64.tar.gz': 'a1ee9f6ffb7d112b64ff726a2a0717c21175c1114361391f4a132956751a13b3',
  },
};

export const trivyInstall: InstallSpec = { defaultVersion: TRIVY_VERSION, installer: releaseInstaller(TRIVY_RELEASE) };
