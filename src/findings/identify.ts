import * as crypto from 'node:crypto';
import type { Finding, RawFinding } from './model.js';
import { lineHashes } from './linehash.js';

/** Reads a workspace file by repository-relative path; undefined when it cannot or should not be read. */
export type FileReader = (path: string) => string | undefined;

/**
 * What makes two reports the same finding. Secrets are rule-agnostic (Trivy's `slack-web-hook` and Gitleaks'
 * `slack-webhook-url` at one place are one leak); vulnerabilities are keyed by advisory and package, not line;
 * runtime events by rule and event text; everything else by rule. The anchor is the line's content hash when the file can be read, so the fingerprint
 * survives unrelated line moves; otherwise the line number.
 */
function identityOf(f: RawFinding, anchor: string): unknown[] {
  // Runtime events: one finding per distinct event (rule + what happened); exact repeats merge.
  const what =
    f.kind === 'secret' ? '' : f.kind === 'vulnerability' ? (f.cve?.[0] ?? f.ruleId) : f.kind === 'runtime' ? `${f.ruleId}\n${f.description ?? ''}` : f.ruleId;
  return [
    f.kind,
    what,
    f.location.path ?? '',
    f.location.target ?? '',
    f.package ? `${f.package.name}@${f.package.version}` : '',
    anchor,
  ];
}

// A namespace read, not a named import: a named import of an export Node lacks would fail the whole module.
const oneShot = (crypto as Partial<Pick<typeof crypto, 'hash'>>).hash;

/**
 * SHA-256 of `text` as a Buffer: crypto.hash (Node 20.12+, one call, about half the cost of createHash's three at
 * 100k findings), else createHash. Both hash the UTF-8 bytes of the string.
 */
export const sha256: (text: string) => Buffer =
  oneShot !== undefined ? (text) => oneShot('sha256', text, 'buffer') : (text) => crypto.createHash('sha256').update(text).digest();

export function fingerprintOf(f: RawFinding, lineHash: string | undefined): string {
  const anchor = f.kind === 'vulnerability' ? '' : (lineHash ?? String(f.location.startLine ?? ''));
  // The first 16 bytes as hex: a string of its own (a slice of the 64-character digest would keep pointing into it).
  return sha256(JSON.stringify(identityOf(f, anchor))).toString('hex', 0, 16);
}

/**
 * Gives every raw finding its line hash (for file findings whose file can be read) and fingerprint, and turns its
 * single source into the `sources` list. Each file is read and hashed once.
 */
export function identify(raws: readonly RawFinding[], read: FileReader): Finding[] {
  const hashesByPath = new Map<string, Map<number, string> | undefined>();
  const hashesOf = (path: string) => {
    if (!hashesByPath.has(path)) {
      const content = read(path);
      hashesByPath.set(path, content === undefined ? undefined : lineHashes(content));
    }
    return hashesByPath.get(path);
  };
  return raws.map((raw) => {
    const { source, ...rest } = raw;
    const path = raw.location.path;
    const lineHash = path !== undefined ? hashesOf(path)?.get(raw.location.startLine ?? 1) : undefined;
    // The rest object is this finding's own (a fresh copy of the raw one): given its two members, not copied again.
    const finding = rest as Finding;
    finding.fingerprint = fingerprintOf(raw, lineHash);
    finding.sources = [source];
    if (lineHash !== undefined) finding.lineHash = lineHash;
    return finding;
  });
}
