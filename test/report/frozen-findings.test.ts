// The stages after identify never change a finding in place: each gives the findings it changes as copies (merge,
// suppressions, baseline marks) and keeps the others as they are, which is what lets mergeFindings return a group of
// one as the finding itself. Every finding (and everything in it) is frozen here before the report is built, so a
// stage or a writer that assigns to one throws (ES modules are strict) instead of silently changing another stage's
// input.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identify } from '../../src/findings/identify.js';
import type { Finding } from '../../src/findings/model.js';
import { baselineEntries } from '../../src/findings/baseline.js';
import { parseIgnoreFile } from '../../src/policy/ignore-file.js';
import { buildReport, type IdentifiedOutcome } from '../../src/report/build.js';
import { jsonText } from '../../src/report/json-stream.js';
import { jsonReportPieces } from '../../src/report/json.js';
import { baselinePieces } from '../../src/report/baseline-schema.js';
import { renderReport } from '../../src/report/markdown.js';
import { sarifDocument, sarifPieces } from '../../src/report/sarif.js';
import { dataChunks } from '../../src/report/html/data.js';
import { insightsFor } from '../../src/insights/index.js';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import { trivy } from '../../src/scanners/trivy/index.js';
import { gitleaks } from '../../src/scanners/gitleaks/index.js';
import { makeStatus } from '../support/report-builder.js';
import { DEFAULT_EXTRAS } from '../../src/config/extras.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function outcomes(): IdentifiedOutcome[] {
  const parsedTrivy = trivy.parse(readFileSync(join(FIXTURES, 'trivy', 'image-alpine-39.json.golden'), 'utf8'), { target: 'alpine:3.9' });
  const parsedFs = trivy.parse(readFileSync(join(FIXTURES, 'trivy', 'misconfig-helm.json.golden'), 'utf8'), {});
  const parsedLeaks = gitleaks.parse(readFileSync(join(FIXTURES, 'gitleaks', 'gitleaks-repo-json_simple.json'), 'utf8'), {});
  const read = () => 'line = 1\n'.repeat(500);
  const trivyFindings = identify([...parsedTrivy.findings, ...parsedFs.findings], read);
  // The same findings twice: every group of the merge has two members, and their fold makes a copy.
  const twice = identify(parsedTrivy.findings.slice(0, 3), read);
  return [
    { status: makeStatus({ id: 'trivy', rawCount: trivyFindings.length + twice.length }), findings: [...trivyFindings, ...twice] },
    { status: makeStatus({ id: 'gitleaks', rawCount: parsedLeaks.findings.length }), findings: identify(parsedLeaks.findings, read) },
  ];
}

describe('the report chain on frozen findings', () => {
  it('builds, diffs, suppresses, scores and writes every format without assigning to a finding', () => {
    const fresh = outcomes();
    const frozen = deepFreeze(outcomes());
    const all = fresh.flatMap((o) => o.findings);
    expect(all.length).toBeGreaterThan(10);
    const rules = parseIgnoreFile(`ignore:\n  - rule: ${all[0]!.ruleId}\n    reason: accepted risk\n`, '.security-scan-ignore.yml');
    if (!rules.ok) throw new Error(rules.problems.join('\n'));
    const now = '2026-12-01T00:00:00.000Z';
    const baseline = { found: true as const, source: 'test', entries: baselineEntries(all.slice(2, 8), [], '2026-11-01T00:00:00.000Z') };
    const settings = {
      scanners: ['trivy', 'gitleaks'],
      severities: ['critical', 'high', 'medium', 'low', 'info'] as const,
      failOn: 'high' as const,
      suppressions: { file: '.security-scan-ignore.yml', source: 'base' as const, entries: rules.entries, pending: [], native: {} },
      baseline,
      now,
    };
    const render = (list: IdentifiedOutcome[]) => {
      const report = buildReport(list, settings, { repository: 'octo/app', sha: 'a'.repeat(40) });
      report.insights = insightsFor(report, { now, compliance: DEFAULT_EXTRAS.compliance, scanners: [trivy, gitleaks], planUpgrades });
      const tool = { id: 'trivy', displayName: 'Trivy', informationUri: 'https://trivy.dev/' };
      const meta = { generatedAt: now, tool: { name: 'security-scan', version: 'test' } };
      return [
        [...jsonReportPieces(report, meta)].join(''),
        [...sarifPieces(sarifDocument(tool, [report.findings, report.suppressed], { categoryPrefix: 'security-scan', baseline: true }))].join(''),
        [...baselinePieces(report, { ...meta, context: { repository: 'octo/app', sha: 'a'.repeat(40) } })].join(''),
        renderReport(report, { maxChars: 65_536 }),
        [...dataChunks(report, meta)].join(''),
        jsonText({ merged: report.accounting.merged, suppressed: report.suppressed.length, unchanged: report.baseline?.unchanged }, () => true),
      ];
    };
    const expected = render(fresh);
    expect(render(frozen)).toEqual(expected);
    // The fixtures exercised what they are here for: a fold, a suppression and unchanged findings.
    expect(JSON.parse(expected[5]!)).toMatchObject({ merged: 3, suppressed: expect.any(Number), unchanged: expect.any(Number) });
    expect(JSON.parse(expected[5]!).suppressed).toBeGreaterThan(0);
    expect(JSON.parse(expected[5]!).unchanged).toBeGreaterThan(0);
  });

  it('a merged group of one is the identified finding itself; a fold of two is a new object', () => {
    const [t] = outcomes();
    const report = buildReport([t!], { scanners: ['trivy'], severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'none' }, {});
    const byFingerprint = new Map<string, Finding[]>();
    for (const f of t!.findings) byFingerprint.set(f.fingerprint, [...(byFingerprint.get(f.fingerprint) ?? []), f]);
    for (const f of report.findings) {
      const inputs = byFingerprint.get(f.fingerprint)!;
      if (inputs.length === 1) expect(f).toBe(inputs[0]);
      else expect(inputs).not.toContain(f);
    }
  });
});
