/**
 * The one place that pins scanner versions and describes where their official builds come from.
 *
 * Pinned defaults (the `<scanner>-version` inputs override them):
 * - Trivy 0.75.0 — asset names and the checksums file name follow Trivy's goreleaser config
 *   (`trivy_<ver>_<Linux|macOS|windows>-<64bit|ARM64>.<tar.gz|zip>`, `trivy_<ver>_checksums.txt`).
 *   0.69.4 was a malicious release (GHSA-69fq-xp46-6x23, March 2026); never pin it.
 * - Gitleaks 8.30.1 — `gitleaks_<ver>_<linux|darwin|windows>_<x64|arm64>.<tar.gz|zip>`,
 *   `gitleaks_<ver>_checksums.txt`.
 * - Snyk CLI 1.1307.4 — the npm package `snyk` (dist-tag latest on the npm registry).
 * - Checkov 3.3.30 — the PyPI package `checkov`.
 *
 * A goreleaser checksums file is `sha256sum` output: `<64 hex>  <asset name>` per line.
 */

export const DEFAULT_VERSIONS: Readonly<Record<string, string>> = Object.freeze({
  trivy: '0.75.0',
  gitleaks: '8.30.1',
  snyk: '1.1307.4',
  checkov: '3.3.30',
});

/** Where release downloads live; tests and mirrors replace it with `fetchBase`. */
export const GITHUB_BASE = 'https://github.com';

export interface ReleaseAsset {
  /** File name of the archive in the release. */
  name: string;
  format: 'tar.gz' | 'zip';
  /** File name of the executable inside the archive (at its root). */
  binary: string;
}

export interface ReleaseSpec {
  /** Tool-cache name and the scanner id. */
  tool: string;
  displayName: string;
  owner: string;
  repo: string;
  /** Undefined when the project publishes no build for this platform/arch. */
  asset(version: string, platform: NodeJS.Platform, arch: string): ReleaseAsset | undefined;
  checksumsFile(version: string): string;
  /**
   * SHA-256 digests of the pinned default versions' archives, recorded from the published checksums files.
   * A download must match these as well as the checksums file it comes with, so a release whose assets
   * and checksums were both replaced after we pinned it is still refused.
   */
  knownDigests: Readonly<Record<string, string>>;
}

function exe(name: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${name}.exe` : name;
}

const TRIVY_OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'Linux', darwin: 'macOS', win32: 'windows' };
const TRIVY_ARCH: Record<string, string> = { x64: '64bit', arm64: 'ARM64', arm: 'ARM', ia32: '32bit', ppc64: 'PPC64LE', s390x: 's390x' };

export const TRIVY_RELEASE: ReleaseSpec = {
  tool: 'trivy',
  displayName: 'Trivy',
  owner: 'aquasecurity',
  repo: 'trivy',
  asset(version, platform, arch) {
    const os = TRIVY_OS[platform];
    const a = TRIVY_ARCH[arch];
    if (!os || !a) return undefined;
    // Trivy publishes Windows builds for amd64 only.
    if (platform === 'win32' && arch !== 'x64') return undefined;
    const format = platform === 'win32' ? 'zip' : 'tar.gz';
    return { name: `trivy_${version}_${os}-${a}.${format}`, format, binary: exe('trivy', platform) };
  },
  checksumsFile: (version) => `trivy_${version}_checksums.txt`,
  knownDigests: {
    'trivy_0.75.0_Linux-64bit.tar.gz': 'c6e65abddb348e25f10549df887045629cf28cc72453cd1c63acb717316b3f3f',
    'trivy_0.75.0_Linux-ARM64.tar.gz': 'a1ee9f6ffb7d112b64ff726a2a0717c21175c1114361391f4a132956751a13b3',
  },
};

const GITLEAKS_OS: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };
const GITLEAKS_ARCH: Record<string, string> = { x64: 'x64', arm64: 'arm64', ia32: 'x32', arm: 'armv7' };

export const GITLEAKS_RELEASE: ReleaseSpec = {
  tool: 'gitleaks',
  displayName: 'Gitleaks',
  owner: 'gitleaks',
  repo: 'gitleaks',
  asset(version, platform, arch) {
    const os = GITLEAKS_OS[platform];
    const a = GITLEAKS_ARCH[arch];
    if (!os || !a) return undefined;
    const format = platform === 'win32' ? 'zip' : 'tar.gz';
    return { name: `gitleaks_${version}_${os}_${a}.${format}`, format, binary: exe('gitleaks', platform) };
  },
  checksumsFile: (version) => `gitleaks_${version}_checksums.txt`,
  knownDigests: {
    'gitleaks_8.30.1_linux_x64.tar.gz': '551f6fc83ea457d62a0d98237cbad105af8d557003051f41f3e7ca7b3f2470eb',
    'gitleaks_8.30.1_linux_arm64.tar.gz': 'e4a487ee7ccd7d3a7f7ec08657610aa3606637dab924210b3aee62570fb4b080',
  },
};

/** Scanners installed from a GitHub release archive, by scanner id. */
export const RELEASES: Readonly<Record<string, ReleaseSpec>> = Object.freeze({
  trivy: TRIVY_RELEASE,
  gitleaks: GITLEAKS_RELEASE,
});

export function releaseUrl(base: string, spec: ReleaseSpec, version: string, file: string): string {
  return `${base.replace(/\/+$/, '')}/${spec.owner}/${spec.repo}/releases/download/v${version}/${file}`;
}
