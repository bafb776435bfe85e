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
import { multitoolUnavailableReason, validateSarifFiles, skipMultitool } from '../support/multitool.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

// ---------------------------------------------------------------------------------------------------------------
// What each fixture holds, counted from the file itself (never from the parser, the merge or renderSarif): the
// number of distinct findings its SARIF run must carry.
// ---------------------------------------------------------------------------------------------------------------

const asList = (data: J): J[] => (Array.isArray(data) ? data : [data]);

/** Snyk Open Source / Container JSON: one finding per (project, advisory, name@version); a project per manifest or app. */
function snykDependencies(data: J): number {
  const keys = new Set<string>();
  asList(data).forEach((project, i) => {
    [project, ...(project.applications ?? [])].forEach((p: J, j: number) => {
      for (const v of p.vulnerabilities ?? []) keys.add(`${i}/${j}|${v.id}|${v.name}@${v.version}`);
    });
  });
  return keys.size;
}

/** Snyk IaC JSON: every issue Snyk does not mark ignored. */
function snykIac(data: J): number {
  return asList(data).reduce((n, file) => n + (file.infrastructureAsCodeIssues ?? []).filter((i: J) => i.isIgnored !== true).length, 0);
}

/** SARIF (Snyk Code, Snyk Container): every result without a suppression. */
function sarifResults(data: J): number {
  return data.runs.reduce((n: number, run: J) => n + run.results.filter((r: J) => !(Array.isArray(r.suppressions) && r.suppressions.length > 0)).length, 0);
}

/** Checkov JSON: every failed check of every framework. */
function checkovFailed(data: J): number {
  return asList(data).reduce((n, report) => n + (report.results?.failed_checks ?? []).length, 0);
}

/** Falco JSON lines: one finding per distinct event (rule and output text without the time/priority prefix). */
function falcoEvents(text: string): number {
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const e = JSON.parse(line) as J;
    keys.add(`${e.rule}\n${String(e.output).replace(/^\S+:\s+\w+\s+/, '')}`);
  }
  return keys.size;
}

const json = (count: (data: J) => number) => (text: string) => count(JSON.parse(text));

// Trivy and Gitleaks fixtures are covered by test/report/sarif.test.ts.
// `results`: the count written out, so a change in the counters above shows too.
const CASES: { scanner: AnyScanner; file: string; target?: string; format?: string; count: (text: string) => number; results: number }[] = [
  { scanner: snyk, file: 'snyk/snyk-test-npm-goof.json', format: 'test', count: json(snykDependencies), results: 11 },
  { scanner: snyk, file: 'snyk/snyk-test-all-projects-nuget.json', format: 'test', count: json(snykDependencies), results: 3 },
  { scanner: snyk, file: 'snyk/snyk-iac-test-arm.json', format: 'iac', count: json(snykIac), results: 30 },
  { scanner: snyk, file: 'snyk/snyk-iac-test-terraform-v2.json', format: 'iac', count: json(snykIac), results: 4 },
  { scanner: snyk, file: 'snyk/snyk-container-test-with-app-vulns.json', format: 'container', target: 'vulnerable:latest', count: json(snykDependencies), results: 2 },
  { scanner: snyk, file: 'snyk/snyk-container-test-sarif.json', format: 'container-sarif', target: 'alpine', count: json(sarifResults), results: 1 },
  { scanner: snyk, file: 'snyk/snyk-code-test-sarif-goof.json', format: 'code-sarif', count: json(sarifResults), results: 7 },
  { scanner: snyk, file: 'snyk/snyk-code-test-sarif-with-ignores.json', format: 'code-sarif', count: json(sarifResults), results: 1 },
  { scanner: checkov, file: 'checkov/defectdojo-checkov-report-multiple-check_type.json', count: json(checkovFailed), results: 13 },
  { scanner: checkov, file: 'checkov/skyfjell-results_json-no-resources.json', count: json(checkovFailed), results: 0 },
  { scanner: falco, file: 'falco/falco-docs-mixed-events.jsonl', target: 'falco-events.jsonl', count: falcoEvents, results: 13 },
  // Eight events that are exact repeats of one: one finding.
  { scanner: falco, file: 'falco/falco-repo-single_rule_with_cat_write.json', target: 'falco-events.jsonl', count: falcoEvents, results: 1 },
];

const dir = mkdtempSync(join(tmpdir(), 'sarif-adapters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fixture → parse → identify → merge → SARIF, the way the pipeline does it (no workspace files to hash). */
const rendered = CASES.map(({ scanner, file, target, format, count, results }, i) => {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const parsed = scanner.parse(text, { ...(target ? { target } : {}), ...(format ? { format } : {}) });
  const { findings } = mergeFindings(identify(parsed.findings, () => undefined), [scanner.id]);
  const sarif = renderSarif(
    { id: scanner.id, displayName: scanner.displayName, informationUri: scanner.informationUri, version: 'test' },
    findings,
    { categoryPrefix: 'security-scan' },
  );
  const path = join(dir, `${i}-${scanner.id}.sarif`);
  writeFileSync(path, sarif.text);
  return { file, path, inFixture: count(text), results };
});

const unavailable = multitoolUnavailableReason();

describe('SARIF from the Snyk, Checkov and Falco adapters', () => {
  it.each(rendered)('$file: one result per distinct finding in the fixture ($results)', ({ path, inFixture, results }) => {
    expect(inFixture).toBe(results);
    const log = JSON.parse(readFileSync(path, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.results).toHaveLength(results);
  });

  it.skipIf(skipMultitool(unavailable))(`passes the Multitool GitHub rules with 0 errors${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    const reports = validateSarifFiles(rendered.map((r) => r.path));
    for (const r of rendered) expect({ file: r.file, errors: reports.get(r.path)!.errors }).toEqual({ file: r.file, errors: [] });
  }, 240_000);
});
