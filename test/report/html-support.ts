/**
 * For the HTML report tests and benchmark: a ScanReport built from every scanner's real outputs in test/fixtures
 * (parse → identify → buildReport, as the pipeline does), and a headless Chromium started the way the project
 * starts it (Debian's /usr/bin/chromium or CHROME_PATH; skipped on a machine without it unless CI is set).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EXTRAS } from '../../src/config/extras.js';
import { insightsFor } from '../../src/insights/index.js';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import type { ScanReport } from '../../src/report/types.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { reportFromFixtures, someFixtures } from '../support/fixture-report.js';
import { toolGate } from '../support/tools.js';

export const META = { generatedAt: '2026-05-01T12:00:00.000Z', tool: { name: 'security-scan', version: '0.1.0' } };

/** The report the pipeline would build from the real fixture outputs of all five scanners. */
export function fixtureReport(): ScanReport {
  const report = reportFromFixtures(someFixtures(), {
    context: { serverUrl: 'https://github.com', repository: 'acme/shop', sha: 'a'.repeat(40), runId: '123456', pullRequest: 42 },
  });
  // With its insights (recommendations, plan, compliance, SLAs), as the pipeline adds them.
  report.insights = insightsFor(report, { now: META.generatedAt, compliance: DEFAULT_EXTRAS.compliance, scanners: SCANNERS, planUpgrades });
  return report;
}

export const CHROMIUM = process.env['CHROME_PATH'] || '/usr/bin/chromium';
export const chromiumGate = toolGate(existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (install Debian's chromium or set CHROME_PATH)`, 'the HTML report browser tests');

export const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
