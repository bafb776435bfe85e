import type { Finding } from './model.js';
import type { IgnoreEntryView, PendingSuppression } from '../report/types.js';

/** One entry of the ignore file, parsed (policy/ignore-file.ts). Matching is by every key it gives. */
export type IgnoreEntry = IgnoreEntryView;

/** The suppressions that apply to this run, and what the report says about the others. */
export interface IgnoreRules {
  /** The ignore file, repository-relative. */
  file: string;
  source: 'base' | 'workspace';
  entries: readonly IgnoreEntry[];
  /** Suppressions a pull request adds that do not apply to it. */
  pending: readonly PendingSuppression[];
  /** Findings a scanner's own mechanism suppressed, by scanner id. */
  native: Readonly<Record<string, number>>;
}

export const NO_RULES: IgnoreRules = { file: '.security-scan-ignore.yml', source: 'workspace', entries: [], pending: [], native: {} };

export interface SuppressResult {
  kept: Finding[];
  suppressed: Finding[];
  expired: IgnoreEntry[];
  active: number;
}

/** Placeholder until the ignore-file matcher lands: suppresses nothing. */
export function applySuppressions(findings: readonly Finding[], rules: IgnoreRules, _today: string): SuppressResult {
  return { kept: [...findings], suppressed: [], expired: [], active: rules.entries.length };
}
