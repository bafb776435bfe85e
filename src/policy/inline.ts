import type { ScannerOutcome } from '../scanners/scan.js';

/**
 * Inline markers (`gitleaks:allow`) under approval-required: the scanner ran reporting marked lines too (a pull
 * request could add the marker next to its own secret). A marker that was already on the line in the base commit is
 * honoured here — the finding is dropped and counted as suppressed by the scanner's own mechanism — and one the pull
 * request added is not: its finding stays (marked `inlineMarker`), and the marker is listed as a pending suppression.
 * When nobody can tell (no diff), the finding stays. Pure. Also returns each scanner's count of natively suppressed
 * findings (its summary's `nativeSuppressed`, e.g. Trivy's --show-suppressed, plus the markers honoured here).
 */
export function resolveInlineMarkers(
  outcomes: readonly ScannerOutcome[],
  lineAdded: ((path: string, line: number) => boolean | undefined) | undefined,
): { outcomes: ScannerOutcome[]; native: Record<string, number> } {
  const native: Record<string, number> = {};
  const out = outcomes.map((o) => {
    const reported = o.status.summary?.['nativeSuppressed'];
    let count = typeof reported === 'number' ? reported : 0;
    const findings = o.findings.filter((f) => {
      if (f.properties?.['inlineMarker'] === undefined || !lineAdded) return true;
      const path = f.location.path;
      const added = path !== undefined && f.location.startLine !== undefined ? lineAdded(path, f.location.startLine) : undefined;
      if (added === false) {
        count++;
        return false;
      }
      return true;
    });
    if (count > 0) native[o.status.id] = count;
    return findings.length === o.findings.length ? o : { ...o, findings };
  });
  return { outcomes: out, native };
}
