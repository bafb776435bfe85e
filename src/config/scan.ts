import type { Severity } from '../findings/model.js';
import { bool, choices, duration, durationMap, list, quoted, text } from './fields.js';
import type { InputSpec } from './schema.js';

/** The `severity` input uses Trivy's words; UNKNOWN is our `info`. */
export const SEVERITY_WORDS = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
const SEVERITY_OF: Record<(typeof SEVERITY_WORDS)[number], Severity> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', unknown: 'info' };

/** How the `severity` input spells a severity (CRITICAL … UNKNOWN). */
export function severityWord(s: Severity): string {
  return SEVERITY_WORDS.find((w) => SEVERITY_OF[w] === s)!.toUpperCase();
}

const IMAGE = /^[^-\s][^\s]*$/;

/** What scanning needs, and all a scanner sees of the common settings. */
export interface ScanSettings {
  /** Scanner ids in the order the user listed them. */
  readonly scanners: readonly string[];
  /** The `path` input as given (resolved against the workspace by the plan stage). */
  readonly path: string;
  /** Container images to scan (Trivy image scans, Snyk container tests). */
  readonly images: readonly string[];
  /** Severities to report; findings of other severities are counted as filtered. */
  readonly severities: readonly Severity[];
  readonly timeoutMs: number;
  /** Per-scanner timeouts that replace `timeoutMs` for that scanner (`scanner-timeouts`, or the config file's `<id>.timeout`). */
  readonly timeouts: Readonly<Record<string, number>>;
  /**
   * `dependency-snapshot`: scanners that can (Scanner.dependencySnapshot) also write the dependencies they found as a
   * GitHub dependency snapshot, which the dependency graph sink submits.
   */
  readonly dependencySnapshot?: boolean;
}

/** The scan inputs; `scanners` is checked against the ids of the registry it is built for, and defaults to those on by default. */
export function scanInputs(registry: readonly { id: string; onByDefault?: boolean }[]) {
  return {
    scanners: {
      input: 'scanners',
      default: registry
        .filter((s) => s.onByDefault)
        .map((s) => s.id)
        .join(','),
      field: choices(registry.map((s) => s.id)),
    },
    path: { input: 'path', default: '.', field: text() },
    images: {
      input: 'images',
      default: '',
      field: list({ pattern: IMAGE, problem: (bad) => `has ${quoted(bad)}; use image references such as app:latest or ghcr.io/org/app@sha256:…, separated by commas.` }),
    },
    severities: { input: 'severity', default: SEVERITY_WORDS.join(',').toUpperCase(), field: choices(SEVERITY_WORDS).transform((w) => w.map((x) => SEVERITY_OF[x])) },
    timeoutMs: { input: 'timeout', default: '10m', field: duration() },
    timeouts: { input: 'scanner-timeouts', default: '', field: durationMap(registry.map((s) => s.id)) },
    dependencySnapshot: { input: 'dependency-snapshot', default: 'false', field: bool() },
  } as const satisfies Record<keyof ScanSettings, InputSpec>;
}
