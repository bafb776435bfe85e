import { countBy, overallRisk, targetResults, type Assess } from '../../insights/statistics.js';

/**
 * Snyk's assessment, with the seed's fields: per manifest results; totalManifests, vulnerableManifests,
 * patchableCount, licenseIssuesCount, overallRisk, remediationPossible (from the parser's summary where it has them).
 */
export const assessSnyk: Assess = ({ status, findings }) => {
  const s = status.summary ?? {};
  const num = (k: string, fallback: number) => (typeof s[k] === 'number' ? s[k] : fallback);
  const targets = targetResults(findings, status.targets ?? [], 'manifest');
  const vulnerable = targets.filter((t) => t.summary.status === 'FAIL').length;
  return {
    riskAssessment: {
      totalManifests: num('totalManifests', targets.length),
      vulnerableManifests: num('vulnerableManifests', vulnerable),
      patchableCount: num('patchableCount', findings.filter((f) => f.package?.isPatchable).length),
      licenseIssuesCount: num('licenseIssuesCount', findings.filter((f) => f.kind === 'license').length),
      overallRisk: overallRisk(findings),
      remediationPossible: typeof s['remediationPossible'] === 'boolean' ? s['remediationPossible'] : findings.some((f) => f.package?.isUpgradable || f.package?.isPatchable),
    },
    statistics: { upgradableCount: findings.filter((f) => f.package?.isUpgradable).length, byKind: countBy(findings, (f) => f.kind) },
    targets,
  };
};
