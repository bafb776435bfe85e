// Compliance verdicts on the real fixtures: each framework that does not pass names the controls that failed it,
// why (the kind of finding, its rules) and the findings behind each; the table's every row names its source.
import { describe, expect, it } from 'vitest';
import { COMPLIANCE_MAP, rowMatches } from '../../src/insights/compliance-map.js';
import { compareControls, evaluateCompliance, matchesByIndex } from '../../src/insights/compliance.js';
import { FINGERPRINT_LIMIT } from '../../src/insights/limits.js';
import { makeFinding } from '../support/report-builder.js';
import { realReport, SOURCES } from './real-report.js';

describe('compliance status', () => {
  it('names, for each failing framework, the controls that failed it, why, and the findings behind each', () => {
    const report = realReport(SOURCES);
    const c = report.insights!.complianceStatus;
    expect(c.selection).toBe('default');
    expect(c.frameworks.map((f) => f.framework)).toEqual(['pci-dss', 'hipaa', 'soc2', 'iso27001', 'gdpr']);
    const fingerprints = new Set(report.findings.map((f) => f.fingerprint));
    for (const fw of c.frameworks) {
      console.log(`${fw.name}: ${fw.status}; failed ${fw.failedControls.map((x) => `${x.control} (${x.findings})`).join(', ')}`);
      expect(fw.status).toBe('FAIL');
      expect(fw.failedControls.length).toBeGreaterThan(0);
      for (const ctl of fw.failedControls) {
        expect(ctl.reason).toMatch(/^\d+ findings? of .+ \(.+\)/);
        expect(ctl.sources.length).toBeGreaterThan(0);
        expect(ctl.fingerprints.length).toBeGreaterThan(0);
        for (const fp of ctl.fingerprints) expect(fingerprints.has(fp)).toBe(true);
        // The reference: every non-info finding a row naming this control matches (rowMatches, no index), in the
        // report's order; the control counts them all and lists the first FINGERPRINT_LIMIT.
        const rows = COMPLIANCE_MAP.filter((r) => (r.controls[fw.framework] ?? []).some((x) => x.control === ctl.control));
        const behind = report.findings.filter((f) => f.severity !== 'info' && rows.some((r) => rowMatches(r, f))).map((f) => f.fingerprint);
        expect(ctl.findings, ctl.control).toBe(behind.length);
        expect(ctl.fingerprints, ctl.control).toEqual(behind.slice(0, FINGERPRINT_LIMIT));
      }
    }
    const pci = c.frameworks.find((f) => f.framework === 'pci-dss')!;
    const secrets = report.findings.filter((f) => f.kind === 'secret').map((f) => f.fingerprint);
    const hardCoded = pci.failedControls.find((x) => x.control === '8.6.2')!;
    expect(hardCoded.reason).toMatch(/credentials committed to the code/);
    expect(new Set(hardCoded.fingerprints)).toEqual(new Set(secrets));
    expect(pci.failedControls.find((x) => x.control === '6.3.3')?.reason).toMatch(/known vulnerabilities/);
  });

  it('evaluates only the configured frameworks; PARTIAL on medium/low findings only, PASS on none', () => {
    const medium = makeFinding({ kind: 'misconfiguration', severity: 'medium', title: 'S3 bucket without encryption' }, 1);
    const partial = evaluateCompliance([medium], ['hipaa', 'gdpr']);
    expect(partial.selection).toBe('config');
    expect(partial.frameworks.map((f) => [f.framework, f.status])).toEqual([['hipaa', 'PARTIAL'], ['gdpr', 'PARTIAL']]);
    expect(partial.frameworks[0]!.failedControls.map((x) => x.control)).toEqual(['164.308(a)(1)(ii)(B)', '164.312(a)(2)(iv)', '164.312(e)(1)']);
    const high = evaluateCompliance([{ ...medium, severity: 'high' }], ['hipaa']);
    expect(high.frameworks[0]!.status).toBe('FAIL');
    const none = evaluateCompliance([makeFinding({ kind: 'misconfiguration', severity: 'info' }, 2)], ['soc2']);
    expect(none.frameworks[0]).toMatchObject({ status: 'PASS', failedControls: [] });
    expect(none.frameworks[0]!.controlsEvaluated).toBeGreaterThan(3);
  });

  it('finds, through its index by CWE and kind, exactly the rows rowMatches does, for every real finding and edge case', () => {
    const report = realReport(SOURCES);
    const edge = [
      makeFinding({ kind: 'vulnerability', cwe: ['cwe-798'] }, 1), // lower-case CWE: the secrets row, whatever the kind
      makeFinding({ kind: 'misconfiguration', title: 'Audit logging disabled', cwe: ['CWE-311'] }, 2), // CWE + title rows
      makeFinding({ kind: 'code', title: 'x' }, 3),
      makeFinding({ kind: 'misconfiguration', title: 'nothing in particular' }, 4),
    ];
    let matched = 0;
    for (const f of [...report.findings, ...edge]) {
      const expected = COMPLIANCE_MAP.flatMap((r, i) => (rowMatches(r, f) ? [i] : []));
      expect(matchesByIndex(f), f.ruleId).toEqual(expected);
      matched += expected.length;
    }
    expect(matched).toBeGreaterThan(report.findings.length / 2);
  });

  it('counts every finding behind a control but lists at most FINGERPRINT_LIMIT, most severe first; one finding of two rows counts once', () => {
    const findings = Array.from({ length: 250 }, (_, i) => makeFinding({ kind: 'secret', severity: i < 10 ? 'critical' : 'medium', ruleId: 'aws-access-token', cwe: ['CWE-798'] }, i));
    const access = makeFinding({ kind: 'misconfiguration', severity: 'low', title: 'Bucket is public', cwe: ['CWE-284'] }, 999);
    const both = makeFinding({ kind: 'secret', severity: 'low', ruleId: 'aws-access-token', cwe: ['CWE-798', 'CWE-284'] }, 998); // both rows
    const c = evaluateCompliance([...findings, access, both], ['hipaa']);
    const ac = c.frameworks[0]!.failedControls.find((x) => x.control === '164.312(a)(1)')!; // secrets and access-control rows
    expect(ac.findings).toBe(252);
    expect(ac.fingerprints).toEqual(findings.slice(0, FINGERPRINT_LIMIT).map((f) => f.fingerprint));
    expect(ac.reason).toBe(`251 findings of credentials committed to the code (CWE-798 hard-coded credentials) (aws-access-token); 2 findings of excessive privileges or public access (CWE-250, CWE-269, CWE-284, CWE-732) (${access.ruleId}, aws-access-token)`);
    expect(ac.severity).toBe('critical');
  });

  it('names the first three rules behind a row in order and counts the rest', () => {
    const ids = ['rule-e', 'rule-b', 'rule-d', 'rule-a', 'rule-c', 'rule-b'];
    const c = evaluateCompliance(ids.map((ruleId, i) => makeFinding({ kind: 'secret', severity: 'high', ruleId }, i)), ['pci-dss']);
    expect(c.frameworks[0]!.failedControls[0]!.reason).toBe('6 findings of credentials committed to the code (CWE-798 hard-coded credentials) (rule-a, rule-b, rule-c and 2 more)');
  });

  it('has a source for every row of the mapping table', () => {
    for (const row of COMPLIANCE_MAP) {
      expect(row.source, row.id).toMatch(/PCI DSS v4\.0|ISO\/IEC 27001:2022/);
      expect(Object.keys(row.controls).length).toBeGreaterThan(0);
    }
  });
});

describe('compareControls', () => {
  it('orders numbers by value and the rest by code unit', () => {
    expect(['A.8.28', 'A.8.9', 'A.8.2', 'A.5.15'].sort(compareControls)).toEqual(['A.5.15', 'A.8.2', 'A.8.9', 'A.8.28']);
    expect(['11.3.1', '2.2.1', '10.2.1', '6.3.3'].sort(compareControls)).toEqual(['2.2.1', '6.3.3', '10.2.1', '11.3.1']);
    expect(['164.312(b)', '164.312(a)(2)(iv)', '164.312(a)(1)'].sort(compareControls)).toEqual(['164.312(a)(1)', '164.312(a)(2)(iv)', '164.312(b)']);
    expect(['Art. 32(1)(b)', 'Art. 30', 'Art. 32(1)(a)', 'Art. 25(2)'].sort(compareControls)).toEqual(['Art. 25(2)', 'Art. 30', 'Art. 32(1)(a)', 'Art. 32(1)(b)']);
    expect(compareControls('CC6.1', 'CC6.1')).toBe(0);
    expect(compareControls('A.8', 'A.8.1')).toBeLessThan(0);
    // Leading zeros: equal by value, still a total order.
    expect(Math.sign(compareControls('A.08', 'A.8'))).toBe(-Math.sign(compareControls('A.8', 'A.08')));
    expect(compareControls('A.08', 'A.8')).not.toBe(0);
  });

  it("keeps the order the committed table had under en numeric collation, framework by framework", () => {
    const byFramework = new Map<string, Set<string>>();
    for (const row of COMPLIANCE_MAP) for (const [fw, list] of Object.entries(row.controls)) for (const c of list ?? []) (byFramework.get(fw) ?? byFramework.set(fw, new Set()).get(fw)!).add(c.control);
    expect(byFramework.size).toBeGreaterThan(3);
    for (const ids of byFramework.values()) {
      const icu = [...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      expect([...ids].sort(compareControls)).toEqual(icu);
    }
  });
});
