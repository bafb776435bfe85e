import { createHash } from 'node:crypto';
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

export function fingerprintOf(f: RawFinding, lineHash: string | undefined): string {
  const anchor = f.kind === 'vulnerability' ? '' : (lineHash ?? String(f.location.startLine ?? ''));
  // The first 16 bytes as hex: a string of its own (a slice of the 64-character digest would keep pointing into it).
  return createHash('sha256').update(JSON.stringify(identityOf(f, anchor))).digest().toString('hex', 0, 16);
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
    const finding: Finding = { ...rest, fingerprint: fingerprintOf(raw, lineHash), sources: [source] };
    if (lineHash !== undefined) finding.lineHash = lineHash;
    return finding;
  });
}
