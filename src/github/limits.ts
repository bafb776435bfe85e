/**
 * GitHub's platform limits, each defined once, and the SARIF run properties that record what a limit left out.
 * The renderers (report/) and the GitHub edges (github/) both import them from here.
 */

/** Code scanning ingestion limits (docs: "SARIF support for code scanning" → upload limits). */
export const SARIF_LIMITS = {
  maxGzipBytes: 10 * 1024 * 1024,
  maxRunsPerUpload: 20,
  maxResultsPerRun: 25_000,
  maxRulesPerRun: 25_000,
  maxLocationsPerResult: 1_000,
  maxTagsPerRule: 20,
} as const;
export type SarifLimits = { -readonly [K in keyof typeof SARIF_LIMITS]: number };

/** A run's `properties` key holding how many results a limit left out of it. */
export const LEFT_OUT_PROPERTY = 'security-scan/results-left-out';
/** A run's `properties` key holding how many results it had before any were left out. */
export const TOTAL_PROPERTY = 'security-scan/results-total';

/** GitHub rejects a pull request comment body above this many characters (HTTP 422). */
export const COMMENT_MAX_CHARS = 65_536;

/** GitHub's job summary limit per step, in bytes. */
export const SUMMARY_MAX_BYTES = 1_048_576;
