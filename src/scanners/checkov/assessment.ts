import { countBy, overallRisk, targetResults, type Assess } from '../../insights/statistics.js';

/** Checkov's assessment: checks passed, failed and skipped (its own summary), failures by framework, per file results. */
export const assessCheckov: Assess = ({ status, findings }) => {
  const s = status.summary ?? {};
  const num = (k: string) => (typeof s[k] === 'number' ? s[k] : 0);
  const targets = targetResults(findings, status.targets ?? [], 'file');
  return {
    riskAssessment: { failedChecks: num('failed'), filesWithFailures: targets.filter((t) => t.summary.status === 'FAIL').length, overallRisk: overallRisk(findings) },
    statistics: {
      passed: num('passed'),
      failed: num('failed'),
      skipped: num('skipped'),
      resourceCount: num('resourceCount'),
      byFramework: countBy(findings, (f) => (typeof f.properties?.['framework'] === 'string' ? f.properties['framework'] : typeof f.properties?.['checkType'] === 'string' ? f.properties['checkType'] : undefined)),
      byRule: countBy(findings, (f) => f.ruleId),
    },
    targets,
  };
};
