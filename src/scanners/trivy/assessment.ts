import { countBy, overallRisk, targetResults, type Assess } from '../../insights/statistics.js';

/**
 * Trivy's assessment, with the seed's fields: per image (or, for a tree, per scanned file) results; totalImages,
 * vulnerableImages, overallRisk; scannedImages, cleanImages and vulnerabilityDensity (vulnerabilities per target).
 */
export const assessTrivy: Assess = ({ status, findings }) => {
  const targets = targetResults(findings, status.targets ?? [], findings.some((f) => f.location.target && !f.location.path) ? 'image' : 'file');
  const vulnerable = targets.filter((t) => t.summary.status === 'FAIL').length;
  const vulns = findings.filter((f) => f.kind === 'vulnerability').length;
  return {
    riskAssessment: { totalImages: targets.length, vulnerableImages: vulnerable, overallRisk: overallRisk(findings) },
    statistics: {
      scannedImages: targets.length,
      cleanImages: targets.length - vulnerable,
      vulnerabilityDensity: targets.length ? Math.round((vulns / targets.length) * 100) / 100 : 0,
      byKind: countBy(findings, (f) => f.kind),
    },
    targets,
  };
};
