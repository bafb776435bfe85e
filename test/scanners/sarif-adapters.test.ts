import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkov } from '../../src/scanners/checkov/index.js';
import { falco } from '../../src/scanners/falco/index.js';
import { snyk } from '../../src/scanners/snyk/index.js';
import { identify } from '../../src/findings/identify.js';
import { mergeFindings } from '../../src/findings/merge.js';
import { renderSarif } from '../../src/report/sarif.js';
import type { AnyScanner } from '../../src/scanners/types.js';
import { multitoolUnavailableReason, validateSarifFiles } from '../support/multitool.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

// Trivy and Gitleaks fixtures are covered by test/report/sarif.test.ts.
const CASES: { scanner: AnyScanner; file: string; target?: string; format?: string }[] = [
  { scanner: snyk, file: 'snyk/snyk-test-npm-goof.json', format: 'test' },
  { scanner: snyk, file: 'snyk/snyk-test-all-projects-nuget.json', format: 'test' },
  { scanner: snyk, file: 'snyk/snyk-iac-test-arm.json', format: 'iac' },
  { scanner: snyk, file: 'snyk/snyk-iac-test-terraform-v2.json', format: 'iac' },
  { scanner: snyk, file: 'snyk/snyk-container-test-with-app-vulns.json', format: 'container', target: 'vulnerable:latest' },
  { scanner: snyk, file: 'snyk/snyk-container-test-sarif.json', format: 'container-sarif', target: 'alpine' },
  { scanner: snyk, file: 'snyk/snyk-code-test-sarif-goof.json', format: 'code-sarif' },
  { scanner: snyk, file: 'snyk/snyk-code-test-sarif-with-ignores.json', format: 'code-sarif' },
  { scanner: checkov, file: 'checkov/defectdojo-checkov-report-multiple-check_type.json' },
  { scanner: checkov, file: 'checkov/skyfjell-results_json-no-resources.json' },
  { scanner: falco, file: 'falco/falco-docs-mixed-events.jsonl', target: 'falco-events.jsonl' },
  { scanner: falco, file: 'falco/falco-repo-single_rule_with_cat_write.json', target: 'falco-events.jsonl' },
];

const dir = mkdtempSync(join(tmpdir(), 'sarif-adapters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fixture → parse → identify → merge → SARIF, the way the pipeline does it (no workspace files to hash). */
const rendered = CASES.map(({ scanner, file, target, format }, i) => {
  const parsed = scanner.parse(readFileSync(join(FIXTURES, file), 'utf8'), { ...(target ? { target } : {}), ...(format ? { format } : {}) });
  const { findings } = mergeFindings(identify(parsed.findings, () => undefined), [scanner.id]);
  const sarif = renderSarif(
    { id: scanner.id, displayName: scanner.displayName, informationUri: scanner.informationUri, version: 'test' },
    findings,
    { categoryPrefix: 'security-scan' },
  );
  const path = join(dir, `${i}-${scanner.id}.sarif`);
  writeFileSync(path, sarif.text);
  return { file, path, raw: parsed.findings.length, results: sarif.results };
});

const unavailable = multitoolUnavailableReason();

describe('SARIF from the Snyk, Checkov and Falco adapters', () => {
  it.each(rendered)('$file: one result per distinct finding', ({ path, results }) => {
    const log = JSON.parse(readFileSync(path, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.results).toHaveLength(results);
  });

  it.skipIf(unavailable !== undefined)(`passes the Multitool GitHub rules with 0 errors${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const reports = validateSarifFiles(rendered.map((r) => r.path));
    for (const r of rendered) expect({ file: r.file, errors: reports.get(r.path)!.errors }).toEqual({ file: r.file, errors: [] });
  }, 240_000);
});
