/**
 * For the HTML report tests and benchmark: a ScanReport built from every scanner's real outputs in test/fixtures
 * (parse → identify → buildReport, as the pipeline does), and a headless Chromium started the way the project
 * starts it (Debian's /usr/bin/chromium or CHROME_PATH; skipped on a machine without it unless CI is set).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identify } from '../../src/findings/identify.js';
import { buildReport, type IdentifiedOutcome } from '../../src/report/build.js';
import type { ScanReport } from '../../src/report/types.js';
import { checkov } from '../../src/scanners/checkov/index.js';
import { falco } from '../../src/scanners/falco/index.js';
import { gitleaks } from '../../src/scanners/gitleaks/index.js';
import { snyk } from '../../src/scanners/snyk/index.js';
import { trivy } from '../../src/scanners/trivy/index.js';
import type { AnyScanner } from '../../src/scanners/types.js';
import { toolGate } from '../support/tools.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const META = { generatedAt: '2026-05-01T12:00:00.000Z', tool: { name: 'security-scan', version: '0.1.0' } };

const SOURCES: { scanner: AnyScanner; file: string; target?: string; format?: string }[] = [
  ...readdirSync(join(FIXTURES, 'trivy'))
    .filter((f) => f.endsWith('.json.golden') || f.endsWith('.json'))
    .map((f) => ({ scanner: trivy, file: `trivy/${f}`, ...(f.startsWith('image-') ? { target: 'alpine:3.9' } : {}) })),
  ...readdirSync(join(FIXTURES, 'gitleaks'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ scanner: gitleaks, file: `gitleaks/${f}` })),
  { scanner: snyk, file: 'snyk/snyk-test-npm-goof.json', format: 'test' },
  { scanner: snyk, file: 'snyk/snyk-iac-test-terraform-v2.json', format: 'iac' },
  { scanner: snyk, file: 'snyk/snyk-container-test-with-app-vulns.json', format: 'container', target: 'vulnerable:latest' },
  { scanner: checkov, file: 'checkov/defectdojo-checkov-report-multiple-check_type.json' },
  { scanner: falco, file: 'falco/falco-docs-mixed-events.jsonl', target: 'falco-events.jsonl' },
];

/** The report the pipeline would build from the real fixture outputs of all five scanners. */
export function fixtureReport(): ScanReport {
  const byScanner = new Map<string, IdentifiedOutcome>();
  for (const { scanner, file, target, format } of SOURCES) {
    const parsed = scanner.parse(readFileSync(join(FIXTURES, file), 'utf8'), { ...(target ? { target } : {}), ...(format ? { format } : {}) });
    const outcome = byScanner.get(scanner.id) ?? {
      status: { id: scanner.id, displayName: scanner.displayName, state: 'ok' as const, version: '1.2.3', durationMs: 1500, rawCount: 0, ...(parsed.summary ? { summary: parsed.summary } : {}) },
      findings: [],
    };
    outcome.status.rawCount += parsed.findings.length;
    outcome.findings.push(...identify(parsed.findings, () => 'line = 1\n'.repeat(5_000)));
    byScanner.set(scanner.id, outcome);
  }
  const outcomes = [...byScanner.values()];
  return buildReport(outcomes, { scanners: outcomes.map((o) => o.status.id), severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'high' }, {
    serverUrl: 'https://github.com',
    repository: 'acme/shop',
    sha: 'a'.repeat(40),
    runId: '123456',
    pullRequest: 42,
  });
}

export const CHROMIUM = process.env['CHROME_PATH'] || '/usr/bin/chromium';
export const chromiumGate = toolGate(existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (install Debian's chromium or set CHROME_PATH)`, 'the HTML report browser tests');

export const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
