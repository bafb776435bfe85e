/**
 * A ScanReport built from the scanners' real outputs in test/fixtures, the way the pipeline builds one:
 * parse → identify per scanner → buildReport over all of them. Every file "exists", so file findings get line
 * hashes as in a real checkout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identify } from '../../src/findings/identify.js';
import { buildReport, type IdentifiedOutcome } from '../../src/report/build.js';
import type { RunContext, ScanReport } from '../../src/report/types.js';
import { checkov } from '../../src/scanners/checkov/index.js';
import { falco } from '../../src/scanners/falco/index.js';
import { gitleaks } from '../../src/scanners/gitleaks/index.js';
import { snyk } from '../../src/scanners/snyk/index.js';
import { trivy } from '../../src/scanners/trivy/index.js';
import type { AnyScanner } from '../../src/scanners/types.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** A fixture file and what its parser needs to know. */
export interface FixtureSource {
  scanner: AnyScanner;
  file: string;
  target?: string;
  format?: string;
}

/** Every Trivy and Gitleaks fixture. */
function trivyAndGitleaks(): FixtureSource[] {
  return [
    ...readdirSync(join(FIXTURES, 'trivy'))
      .filter((f) => f.endsWith('.json.golden') || f.endsWith('.json'))
      .map((f) => ({ scanner: trivy, file: `trivy/${f}`, ...(f.startsWith('image-') ? { target: 'alpine:3.9' } : {}) })),
    ...readdirSync(join(FIXTURES, 'gitleaks'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ scanner: gitleaks, file: `gitleaks/${f}` })),
  ];
}

/** One output of each kind per scanner (the HTML report's example). */
export function someFixtures(): FixtureSource[] {
  return [
    ...trivyAndGitleaks(),
    { scanner: snyk, file: 'snyk/snyk-test-npm-goof.json', format: 'test' },
    { scanner: snyk, file: 'snyk/snyk-iac-test-terraform-v2.json', format: 'iac' },
    { scanner: snyk, file: 'snyk/snyk-container-test-with-app-vulns.json', format: 'container', target: 'vulnerable:latest' },
    { scanner: checkov, file: 'checkov/defectdojo-checkov-report-multiple-check_type.json' },
    { scanner: falco, file: 'falco/falco-docs-mixed-events.jsonl', target: 'falco-events.jsonl' },
  ];
}

/** Every fixture of every scanner. */
export function allFixtures(): FixtureSource[] {
  return [
    ...trivyAndGitleaks(),
    { scanner: snyk, file: 'snyk/snyk-test-npm-goof.json', format: 'test' },
    { scanner: snyk, file: 'snyk/snyk-test-all-projects-nuget.json', format: 'test' },
    { scanner: snyk, file: 'snyk/snyk-iac-test-arm.json', format: 'iac' },
    { scanner: snyk, file: 'snyk/snyk-iac-test-terraform-v2.json', format: 'iac' },
    { scanner: snyk, file: 'snyk/snyk-container-test-with-app-vulns.json', format: 'container', target: 'vulnerable:latest' },
    { scanner: snyk, file: 'snyk/snyk-container-test-sarif.json', format: 'container-sarif', target: 'alpine' },
    { scanner: snyk, file: 'snyk/snyk-code-test-sarif-goof.json', format: 'code-sarif' },
    { scanner: checkov, file: 'checkov/defectdojo-checkov-report-multiple-check_type.json' },
    { scanner: checkov, file: 'checkov/skyfjell-results_json-no-resources.json' },
    { scanner: falco, file: 'falco/falco-docs-mixed-events.jsonl', target: 'falco-events.jsonl' },
  ];
}

/** The report the pipeline would build from these fixture outputs (plus any extra outcomes, e.g. a failed scanner). */
export function reportFromFixtures(sources: readonly FixtureSource[], o: { extra?: IdentifiedOutcome[]; context: RunContext; now?: string }): ScanReport {
  const byScanner = new Map<string, IdentifiedOutcome>();
  for (const { scanner, file, target, format } of sources) {
    const parsed = scanner.parse(readFileSync(join(FIXTURES, file), 'utf8'), { ...(target ? { target } : {}), ...(format ? { format } : {}) });
    const outcome = byScanner.get(scanner.id) ?? { status: { id: scanner.id, displayName: scanner.displayName, state: 'ok' as const, version: '1.2.3', durationMs: 1500, rawCount: 0 }, findings: [] };
    outcome.status.rawCount += parsed.findings.length;
    if (parsed.summary) outcome.status.summary = { ...(outcome.status.summary ?? {}), ...parsed.summary };
    if (parsed.targets?.length) outcome.status.targets = [...new Set([...(outcome.status.targets ?? []), ...parsed.targets])].sort();
    outcome.findings.push(...identify(parsed.findings, () => 'line = 1\n'.repeat(5_000)));
    byScanner.set(scanner.id, outcome);
  }
  const outcomes = [...byScanner.values(), ...(o.extra ?? [])];
  return buildReport(outcomes, { scanners: outcomes.map((x) => x.status.id), severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'high', ...(o.now ? { now: o.now } : {}) }, o.context);
}
