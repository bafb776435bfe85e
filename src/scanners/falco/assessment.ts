import { countBy, overallRisk, targetResults, type Assess } from '../../insights/statistics.js';

/** Falco's assessment, with the seed's fields: totalRules (rules that fired), rules by category, events by priority; per events file results. */
export const assessFalco: Assess = ({ status, findings }) => {
  const rules = new Map(findings.map((f) => [f.ruleId, f]));
  const category = (f: (typeof findings)[number]) => (typeof f.properties?.['category'] === 'string' ? f.properties['category'] : 'uncategorised');
  return {
    riskAssessment: { totalEvents: findings.length, overallRisk: overallRisk(findings) },
    statistics: {
      totalRules: rules.size,
      rulesByCategory: countBy([...rules.values()], category),
      eventsByPriority: countBy(findings, (f) => f.sources.find((x) => x.scanner === 'falco')?.severity ?? f.severity),
    },
    targets: targetResults(findings, status.targets ?? [], 'events'),
  };
};
