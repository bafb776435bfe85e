import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/**
 * Parses `sha256sum`-style text (what goreleaser publishes as `<project>_<ver>_checksums.txt`):
 * `<64 hex digits><space><space or '*'><file name>` per line. Digests are returned lower-case.
 * Lines of any other shape are ignored; a name listed twice keeps its first digest.
 */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(raw.trim());
    if (!m) continue;
    const name = m[2]!.trim();
    if (!out.has(name)) out.set(name, m[1]!.toLowerCase());
  }
  return out;
}

/** SHA-256 of a file, streamed (release archives are tens of MB). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
