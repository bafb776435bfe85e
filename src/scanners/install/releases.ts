/**
 * How a scanner's official builds are published as GitHub release assets. Each scanner's install.ts describes its
 * own release (asset names, checksums file, the digests of its pinned version).
 *
 * A goreleaser checksums file is `sha256sum` output: `<64 hex>  <asset name>` per line.
 */

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

export function releaseUrl(base: string, spec: ReleaseSpec, version: string, file: string): string {
  return `${base.replace(/\/+$/, '')}/${spec.owner}/${spec.repo}/releases/download/v${version}/${file}`;
}
