import { SEVERITIES, type Severity } from './model.js';

/** Higher is more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a); // most severe first
}

export function atLeast(s: Severity, threshold: Severity): boolean {
  return severityRank(s) >= severityRank(threshold);
}

const WORDS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  error: 'high',
  medium: 'medium',
  moderate: 'medium',
  warning: 'medium',
  low: 'low',
  note: 'low',
  info: 'info',
  informational: 'info',
  negligible: 'info',
  none: 'info',
  unknown: 'info',
};

/** Normalizes a scanner's severity word; anything unrecognised is `info` rather than a crash. */
export function normalizeSeverity(word: string | undefined | null): Severity {
  return WORDS[String(word ?? '').trim().toLowerCase()] ?? 'info';
}

/** The `security-severity` we publish for a severity (the values Trivy's SARIF writer uses). */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: '0.0',
};

export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export const ICON: Record<Severity, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
};

export const LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
