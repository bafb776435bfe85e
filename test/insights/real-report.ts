// Reports built from the real fixture outputs through the same stages as the pipeline (parse → identify →
// buildReport → insights), one per fixture or all together.
import { DEFAULT_EXTRAS } from '../../src/config/extras.js';
import { insightsFor } from '../../src/insights/index.js';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import type { ComplianceFramework } from '../../src/insights/types.js';
import type { ScanReport } from '../../src/report/types.js';
import { checkov } from '../../src/scanners/checkov/index.js';
import { falco } from '../../src/scanners/falco/index.js';
import { gitleaks } from '../../src/scanners/gitleaks/index.js';
import { snyk } from '../../src/scanners/snyk/index.js';
import { trivy } from '../../src/scanners/trivy/index.js';
import type { AnyScanner } from '../../src/scanners/types.js';
import { reportFromFixtures, type FixtureSource } from '../support/fixture-report.js';

export const NOW = '2026-05-01T12:00:00.000Z';
export const SCANNERS: AnyScanner[] = [trivy, gitleaks, checkov, snyk, falco];

export const SOURCES: FixtureSource[] = [
  { scanner: trivy, file: 'trivy/image-alpine-39.json.golden', target: 'alpine:3.9' },
  { scanner: trivy, file: 'trivy/repo-pnpm-lockfile.json.golden' },
  { scanner: trivy, file: 'trivy/rootfs-composer-vendor.json.golden' },
  { scanner: trivy, file: 'trivy/convert-npm-with-suppressed.json.golden' },
  { scanner: trivy, file: 'trivy/misconfig-helm.json.golden' },
  { scanner: trivy, file: 'trivy/misconfig-terraform-remote-module.json.golden' },
  { scanner: trivy, file: 'trivy/release-0.74.0-fs-misconfig-example.json' },
  { scanner: trivy, file: 'trivy/secrets.json.golden' },
  { scanner: gitleaks, file: 'gitleaks/gitleaks-repo-json_simple.json' },
  { scanner: gitleaks, file: 'gitleaks/poc-dast-gitleaks.json' },
  { scanner: snyk, file: 'snyk/snyk-test-npm-goof.json', format: 'test' },
  { scanner: snyk, file: 'snyk/snyk-test-all-projects-nuget.json', format: 'test' },
  { scanner: snyk, file: 'snyk/snyk-container-test-with-app-vulns.json', format: 'container', target: 'vulnerable:latest' },
  { scanner: snyk, file: 'snyk/snyk-iac-test-terraform-v2.json', format: 'iac' },
  { scanner: snyk, file: 'snyk/snyk-code-test-sarif-goof.json', format: 'code-sarif' },
  { scanner: checkov, file: 'checkov/defectdojo-checkov-report-multiple-check_type.json' },
  { scanner: falco, file: 'falco/falco-docs-mixed-events.jsonl', target: 'falco-events.jsonl' },
];

/** parse → identify → buildReport (fail-on high) → insights, over the given fixtures. */
export function realReport(sources: readonly FixtureSource[], o: { frameworks?: readonly ComplianceFramework[] } = {}): ScanReport {
  const report = reportFromFixtures(sources, { context: { repository: 'o/r', sha: 'a'.repeat(40) }, now: NOW });
  report.insights = insightsFor(report, {
    now: NOW,
    compliance: { ...DEFAULT_EXTRAS.compliance, frameworks: o.frameworks ?? [] },
    scanners: SCANNERS,
    planUpgrades,
  });
  return report;
}
