import type { Severity } from '../../findings/model.js';

/**
 * Falco priorities, most severe first (Falco's own order: falco_common priority_type). Falco writes them
 * capitalised in JSON output ("Critical", "Informational"); falco.yaml's `priority` key spells the sixth one `info`.
 */
export const FALCO_PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'] as const;
export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

/**
 * Priority → our severity:
 *
 *   Emergency, Alert, Critical → critical
 *   Error                      → high
 *   Warning                    → medium
 *   Notice                     → low
 *   Informational, Debug       → info
 */
export const FALCO_SEVERITY: Record<FalcoPriority, Severity> = {
  emergency: 'critical',
  alert: 'critical',
  critical: 'critical',
  error: 'high',
  warning: 'medium',
  notice: 'low',
  informational: 'info',
  debug: 'info',
};

/** Reads a priority word as Falco writes it (any case; `info` and `informational` are the same level). */
export function falcoPriority(word: unknown): FalcoPriority | undefined {
  if (typeof word !== 'string') return undefined;
  const w = word.trim().toLowerCase();
  if (w === 'info') return 'informational';
  return (FALCO_PRIORITIES as readonly string[]).includes(w) ? (w as FalcoPriority) : undefined;
}

/** 0 = emergency (most severe) … 7 = debug. */
export function priorityRank(p: FalcoPriority): number {
  return FALCO_PRIORITIES.indexOf(p);
}

/** True when `p` is at least as severe as `threshold`. */
export function atOrAbove(p: FalcoPriority, threshold: FalcoPriority): boolean {
  return priorityRank(p) <= priorityRank(threshold);
}

/** The word falco.yaml's `priority` key takes. */
export function falcoConfigPriority(p: FalcoPriority): string {
  return p === 'informational' ? 'info' : p;
}
