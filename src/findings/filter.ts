import type { Finding, Severity } from './model.js';

/** Keeps the findings whose severity is listed in the `severity` input; counts the rest. */
export function filterBySeverity(findings: readonly Finding[], allowed: readonly Severity[]): { kept: Finding[]; dropped: number } {
  const kept = findings.filter((f) => allowed.includes(f.severity));
  return { kept, dropped: findings.length - kept.length };
}
