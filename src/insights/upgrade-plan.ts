/**
 * The upgrade planner's contract (src/remediate/upgrades.ts, `planUpgrades(findings)`): the caller passes its plan
 * into buildInsights, so the insights stay pure and do not depend on how versions are compared.
 */
import type { Finding, Severity } from '../findings/model.js';

export interface UpgradeAction {
  ecosystem: string;
  package: string;
  installed: string[];
  /** The smallest version that fixes every finding of this package. */
  to: string;
  fixes: string[];
  bySeverity: Record<Severity, number>;
  locations: string[];
}

export interface UpgradePlan {
  actions: UpgradeAction[];
  /** Fingerprints with no fixed version. */
  noFix: string[];
}

export type PlanUpgrades = (findings: readonly Finding[]) => UpgradePlan;

import { comparatorFor, fixedBy, parseFixedVersions } from '../remediate/versions.js';

/**
 * A stand-in with the planner's contract, used until the pipeline calls remediate/upgrades.ts: per package (by
 * ecosystem and name), the smallest of the scanners' fixed versions that fixes every one of its findings.
 */
export function planUpgradesByFixedVersion(findings: readonly Finding[]): UpgradePlan {
  const groups = new Map<string, Finding[]>();
  const noFix: string[] = [];
  for (const f of findings) {
    if (f.kind !== 'vulnerability' || !f.package) continue;
    if (!f.package.fixedVersion) {
      noFix.push(f.fingerprint);
      continue;
    }
    const key = `${(f.package.ecosystem ?? 'unknown').toLowerCase()}\u0000${f.package.name}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const actions: UpgradeAction[] = [];
  for (const [key, list] of groups) {
    const [ecosystem, name] = key.split('\u0000') as [string, string];
    const compare = comparatorFor(ecosystem);
    const bounds = list.map((f) => parseFixedVersions(f.package!.fixedVersion, compare));
    const candidates = [...new Set(bounds.flat().map((b) => b.version))].sort(compare);
    const to = candidates.find((c) => bounds.every((b) => b.length === 0 || fixedBy(c, b, compare)));
    if (to === undefined) {
      noFix.push(...list.map((f) => f.fingerprint));
      continue;
    }
    const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const f of list) bySeverity[f.severity]++;
    actions.push({
      ecosystem,
      package: name,
      installed: [...new Set(list.map((f) => f.package!.version))].sort(compare),
      to,
      fixes: list.map((f) => f.fingerprint),
      bySeverity,
      locations: [...new Set(list.map((f) => f.location.path ?? f.location.target ?? '(scan root)'))].sort(),
    });
  }
  actions.sort((a, b) => a.ecosystem.localeCompare(b.ecosystem) || a.package.localeCompare(b.package));
  return { actions, noFix };
}
