import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { ScannerError, errorMessage } from '../../errors.js';
import { binaryAtRoot, extractArchive } from './archive.js';
import { parseChecksums, sha256File } from './checksums.js';
import { ChecksumMismatchError, MissingChecksumError } from './errors.js';
import type { InstallContext, Installer } from './installer.js';
import { releaseUrl, type ReleaseSpec } from './releases.js';

async function download(ctx: InstallContext, url: string, dest: string): Promise<string> {
  try {
    return await ctx.toolCache.downloadTool(url, dest);
  } catch (e) {
    throw new ScannerError(ctx.id, `could not download ${url}: ${errorMessage(e)}`, { cause: e });
  }
}

/**
 * Installs a scanner from its GitHub release: downloads the checksums file and the archive for this
 * platform, refuses unless the archive's SHA-256 equals the checksums file's entry (and the digest pinned
 * in the scanner's install.ts, when there is one), then extracts it and copies it into the tool cache.
 */
export function releaseInstaller(spec: ReleaseSpec): Installer {
  return {
    how: `from its GitHub release (${spec.owner}/${spec.repo})`,

    async unavailable(ctx) {
      if (spec.asset(ctx.version, ctx.platform, ctx.arch)) return undefined;
      return `${spec.displayName} publishes no build for ${ctx.platform}/${ctx.arch}`;
    },

    async install(ctx) {
      const asset = spec.asset(ctx.version, ctx.platform, ctx.arch);
      if (!asset) throw new ScannerError(ctx.id, `${spec.displayName} publishes no build for ${ctx.platform}/${ctx.arch}.`);
      const checksumsName = spec.checksumsFile(ctx.version);
      const checksumsUrl = releaseUrl(ctx.fetchBase, spec, ctx.version, checksumsName);
      const archiveUrl = releaseUrl(ctx.fetchBase, spec, ctx.version, asset.name);

      ctx.logger.info(`Installing ${spec.displayName} ${ctx.version} from ${archiveUrl}`);
      const sums = parseChecksums(await readFile(await download(ctx, checksumsUrl, path.join(ctx.workDir, checksumsName)), 'utf8'));
      const expected = sums.get(asset.name);
      if (!expected) throw new MissingChecksumError(ctx.id, asset.name, checksumsUrl);

      const archive = await download(ctx, archiveUrl, path.join(ctx.workDir, asset.name));
      const actual = await sha256File(archive);
      const pinned = spec.knownDigests[asset.name];
      if (actual !== expected || (pinned !== undefined && actual !== pinned)) {
        await rm(archive, { force: true });
        throw actual !== expected
          ? new ChecksumMismatchError(ctx.id, archiveUrl, expected, actual, checksumsUrl)
          : new ChecksumMismatchError(ctx.id, archiveUrl, pinned!, actual, `the digest pinned for ${asset.name} in the scanner's install.ts`);
      }
      ctx.logger.debug(`${asset.name}: SHA-256 ${actual} matches ${checksumsName}`);

      const extracted = await extractArchive(ctx.toolCache, archive, asset.format, path.join(ctx.workDir, 'extract'));
      if (!(await binaryAtRoot(extracted, asset.binary, ctx.platform))) {
        throw new ScannerError(ctx.id, `${asset.name} holds no ${asset.binary} at its root.`);
      }
      const cached = await ctx.toolCache.cacheDir(extracted, ctx.id, ctx.version, ctx.arch);
      const binary = await binaryAtRoot(cached, asset.binary, ctx.platform);
      if (!binary) throw new ScannerError(ctx.id, `the tool cache copy at ${cached} holds no ${asset.binary}.`);
      return binary;
    },

    async locate(dir, platform) {
      return await binaryAtRoot(dir, platform === 'win32' ? `${spec.tool}.exe` : spec.tool, platform);
    },
  };
}
