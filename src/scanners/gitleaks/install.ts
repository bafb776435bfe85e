import { releaseInstaller } from '../install/release-installer.js';
import type { ReleaseSpec } from '../install/releases.js';
import type { InstallSpec } from '../types.js';

/** Gitleaks 8.30.1 from its GitHub release: `gitleaks_<ver>_<linux|darwin|windows>_<x64|arm64>.<tar.gz|zip>`, `gitleaks_<ver>_checksums.txt`. */
export const GITLEAKS_VERSION = '8.30.1';

const OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };
const ARCH: Record<string, string> = { x64: 'x64', arm64: 'arm64', ia32: 'x32', arm: 'armv7' };

export const GITLEAKS_RELEASE: ReleaseSpec = {
  tool: 'gitleaks',
  displayName: 'Gitleaks',
  owner: 'gitleaks',
  repo: 'gitleaks',
  asset(version, platform, arch) {
    const os = OS[platform];
    const a = ARCH[arch];
    if (!os || !a) return undefined;
    const format = platform === 'win32' ? 'zip' : 'tar.gz';
    return { name: `gitleaks_${version}_${os}_${a}.${format}`, format, binary: platform === 'win32' ? 'gitleaks.exe' : 'gitleaks' };
  },
  checksumsFile: (version) => `gitleaks_${version}_checksums.txt`,
  knownDigests: {
    'gitleaks_8.30.1_linux_x64.tar.gz': '551f6fc83ea457d62a0d98237cbad105af8d557003051f41f3e7ca7b3f2470eb',
    'gitleaks_8.30.1_linux_arm64.tar.gz': 'e4a487ee7ccd7d3a7f7ec08657610aa3606637dab924210b3aee62570fb4b080',
  },
};

export const gitleaksInstall: InstallSpec = { defaultVersion: GITLEAKS_VERSION, installer: releaseInstaller(GITLEAKS_RELEASE) };
