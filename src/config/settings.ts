import { type Severity } from '../findings/model.js';
import { ConfigurationError } from '../errors.js';
import type { AnyScanner } from '../scanners/types.js';
import { bool, choice, choices, duration, integer, list, text, type InputReader } from './inputs.js';

export const FAIL_ON = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export const COMMENT_MODES = ['always', 'on-findings', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** The `severity` input uses Trivy's words; UNKNOWN is our `info`. */
const SEVERITY_WORDS = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
const SEVERITY_OF: Record<(typeof SEVERITY_WORDS)[number], Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  unknown: 'info',
};

export interface CommonSettings {
  /** Scanner ids in the order the user listed them. */
  readonly scanners: readonly string[];
  /** The `path` input as given (resolved against the workspace by the plan stage). */
  readonly path: string;
  /** Severities to report; findings of other severities are counted as filtered. */
  readonly severities: readonly Severity[];
  readonly failOn: FailOn;
  readonly timeoutMs: number;
  readonly outputDir: string;
  readonly categoryPrefix: string;
  readonly githubToken: string;
  readonly uploadSarif: boolean;
  readonly waitForProcessing: boolean;
  readonly comment: CommentMode;
  readonly commentKey: string;
  readonly annotations: boolean;
  readonly artifactName: string;
  /** 0 = the repository's default retention. */
  readonly retentionDays: number;
}

export interface Settings {
  readonly common: CommonSettings;
  /** Each selected scanner's own settings, keyed by scanner id. */
  readonly scanners: Readonly<Record<string, unknown>>;
}

export function parseCommon(read: InputReader, registry: readonly AnyScanner[]): CommonSettings {
  const ids = registry.map((s) => s.id);
  const scanners = choices(read, 'scanners', ids, ['trivy', 'gitleaks']);
  const categoryPrefix = text(read, 'category-prefix', 'security-scan').replace(/\/+$/, '');
  if (!/^[A-Za-z0-9._\-/]+$/.test(categoryPrefix)) {
    throw new ConfigurationError(
      `Input 'category-prefix' is '${categoryPrefix}'; use letters, digits, '.', '_', '-' and '/' only.`,
    );
  }
  const outputDir = text(read, 'output-dir', 'security-reports');
  const path = text(read, 'path', '.');
  return Object.freeze({
    scanners: Object.freeze(scanners),
    path,
    severities: Object.freeze(choices(read, 'severity', SEVERITY_WORDS, SEVERITY_WORDS).map((w) => SEVERITY_OF[w])),
    failOn: choice(read, 'fail-on', FAIL_ON, 'high'),
    timeoutMs: duration(read, 'timeout', 10 * 60_000),
    outputDir,
    categoryPrefix,
    githubToken: text(read, 'github-token'),
    uploadSarif: bool(read, 'upload-sarif', true),
    waitForProcessing: bool(read, 'wait-for-processing', true),
    comment: choice(read, 'comment', COMMENT_MODES, 'always'),
    commentKey: text(read, 'comment-key'),
    annotations: bool(read, 'annotations', true),
    artifactName: text(read, 'artifact-name', 'security-reports'),
    retentionDays: integer(read, 'retention-days', 0, 0, 90),
  });
}

/** Parses every input once into a readonly Settings; the first bad input throws a ConfigurationError. */
export function parseSettings(read: InputReader, registry: readonly AnyScanner[]): Settings {
  const common = parseCommon(read, registry);
  const scanners: Record<string, unknown> = {};
  for (const id of common.scanners) {
    const scanner = registry.find((s) => s.id === id)!;
    scanners[id] = Object.freeze(scanner.settings(read));
  }
  return Object.freeze({ common, scanners: Object.freeze(scanners) });
}

export { list };
