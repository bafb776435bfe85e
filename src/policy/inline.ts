import type { FileReader } from '../findings/identify.js';
import type { ScannerOutcome } from '../scanners/scan.js';
import type { AnyScanner } from '../scanners/types.js';

export interface InlineDeps {
  /** Whether the pull request added a line (policy/load.ts); undefined outside a pull request with approval-required. */
  lineAdded: ((path: string, line: number) => boolean | undefined) | undefined;
  /** The scanners that ran, for their markers. */
  scanners: readonly AnyScanner[];
  /** Reads a workspace file (the line the finding is on is checked for a marker). */
  read: FileReader;
}

/**
 * Inline markers (`gitleaks:allow`) under approval-required: a scanner that `reportsMarkedLines` ran reporting the
 * marked lines too (a pull request could add the marker next to its own secret). A finding whose line carries a
 * marker that was already there in the base commit is dropped, as the scanner would have, and counted as suppressed
 * by the scanner's own mechanism; one the pull request added stays, marked `inlineMarker` (the marker is listed as a
 * pending suppression). When nobody can tell (no diff), the finding stays. Also returns each scanner's count of
 * natively suppressed findings (its summary's `nativeSuppressed`, e.g. Trivy's --show-suppressed, plus these).
 */
export function resolveInlineMarkers(outcomes: readonly ScannerOutcome[], deps: InlineDeps): { outcomes: ScannerOutcome[]; native: Record<string, number> } {
  const native: Record<string, number> = {};
  const lines = new Map<string, string[] | undefined>();
  const lineOf = (path: string, n: number) => {
    if (!lines.has(path)) lines.set(path, deps.read(path)?.split(/\r?\n/));
    return lines.get(path)?.[n - 1];
  };
  const out = outcomes.map((o) => {
    const reported = o.status.summary?.['nativeSuppressed'];
    let count = typeof reported === 'number' ? reported : 0;
    const scanner = deps.scanners.find((s) => s.id === o.status.id);
    const markers = scanner?.reportsMarkedLines && deps.lineAdded ? (scanner.inlineMarkers ?? []) : [];
    if (markers.length === 0) {
      if (count > 0) native[o.status.id] = count;
      return o;
    }
    const findings = o.findings.flatMap((f) => {
      // A finding from a commit's patch (Gitleaks' git mode) is on a line that commit added, numbered as in that
      // commit: the tree's line at that number may be another one, a base line with a marker. On a pull request the
      // commits scanned are the pull request's, so such a finding is never the base's marked line: it stays.
      const fromCommit = f.properties?.['commit'] !== undefined;
      const { path, startLine } = f.location;
      const text = path !== undefined && startLine !== undefined ? lineOf(path, startLine) : undefined;
      const marker = text === undefined ? undefined : markers.find((m) => text.includes(m));
      if (marker === undefined) return [f];
      const added = deps.lineAdded!(path!, startLine!);
      if (fromCommit && added === false) return [f];
      if (added === false) {
        count++;
        return [];
      }
      return [{ ...f, properties: { ...f.properties, inlineMarker: marker } }];
    });
    if (count > 0) native[o.status.id] = count;
    return { ...o, findings };
  });
  return { outcomes: out, native };
}
