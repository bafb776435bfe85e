import { countBy, overallRisk, targetResults, type Assess } from '../../insights/statistics.js';

/**
 * Gitleaks' assessment: per file results, files with leaks, secrets by rule. Gitleaks reports only the files where
 * it found something, so the files listed are those with leaks (clean files are not known to the report).
 */
export const assessGitleaks: Assess = ({ status, findings }) => {
  const targets = targetResults(findings, status.targets ?? [], 'file');
  return {
    riskAssessment: { filesWithLeaks: targets.filter((t) => t.summary.status === 'FAIL').length, totalSecrets: findings.length, overallRisk: overallRisk(findings) },
    statistics: { secretsByRule: countBy(findings, (f) => f.ruleId), commitsWithLeaks: new Set(findings.map((f) => f.properties?.['commit']).filter((c) => c !== undefined)).size },
    targets,
  };
};
