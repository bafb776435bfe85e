import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snyk, snykCommands, classifyManifest, detectFormat, type SnykSettings } from '../../../src/scanners/snyk/index.js';
import { scannerSettings, settingsFor } from '../../support/settings.js';
import type { ActionSettings } from '../../../src/scanners/registry.js';
import { ConfigurationError, ScannerError } from '../../../src/errors.js';
import { recordingLogger } from '../../../src/logger.js';
import type { RawFinding, Severity } from '../../../src/findings/model.js';
import type { CommandOptions, CommandResult, CommandRunner } from '../../../src/scanners/process.js';
import { scanContext } from '../../support/scan-context.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'snyk');
const load = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

// ---------------------------------------------------------------------------------------------------------------
// Independent raw counts: computed from the fixture JSON without the parser, by the documented grouping key.
// ---------------------------------------------------------------------------------------------------------------

type Counts = Record<Severity, number>;
const zero = (): Counts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
/** Snyk's words → ours, written out here rather than borrowed from src. */
const WORD: Record<string, Severity> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', error: 'high', warning: 'medium', note: 'low' };

/** Dependencies/containers: unique (id, name@version, project) — each Snyk project is one manifest or image target. */
function rawDependencyCounts(data: J): { counts: Counts; ignored: number; entries: number } {
  const counts = zero();
  const projects: J[] = [];
  for (const p of Array.isArray(data) ? data : [data]) {
    projects.push(p);
    for (const app of p.applications ?? []) projects.push(app);
  }
  let ignored = 0;
  let entries = 0;
  projects.forEach((p, index) => {
    const seen = new Set<string>();
    ignored += (p.filtered?.ignore ?? []).length; // Snyk already leaves ignored vulns out of `vulnerabilities`
    for (const v of p.vulnerabilities ?? []) {
      entries += 1;
      const key = `${index}|${v.id}|${v.name}@${v.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      counts[WORD[String(v.severityWithCritical ?? v.severity).toLowerCase()]!] += 1;
    }
  });
  return { counts, ignored, entries };
}

/** IaC: every issue entry that Snyk does not mark `isIgnored`. */
function rawIacCounts(data: J): { counts: Counts; ignored: number; entries: number } {
  const counts = zero();
  let ignored = 0;
  let entries = 0;
  for (const file of Array.isArray(data) ? data : [data]) {
    for (const issue of file.infrastructureAsCodeIssues ?? []) {
      entries += 1;
      if (issue.isIgnored === true) ignored += 1;
      else counts[WORD[issue.severity]!] += 1;
    }
  }
  return { counts, ignored, entries };
}

/** SARIF: results without a suppression; severity from the level (or Snyk Container's "X severity - " title). */
function rawSarifCounts(data: J): { counts: Counts; ignored: number; entries: number } {
  const counts = zero();
  let ignored = 0;
  let entries = 0;
  for (const run of data.runs) {
    const rules: J[] = run.tool.driver.rules ?? [];
    for (const r of run.results) {
      entries += 1;
      if (Array.isArray(r.suppressions) && r.suppressions.length > 0) {
        ignored += 1;
        continue;
      }
      const rule = rules.find((x) => x.id === r.ruleId);
      const prefixed = /^(\w+) severity - /.exec(rule?.shortDescription?.text ?? '');
      counts[WORD[(prefixed?.[1] ?? r.level ?? rule?.defaultConfiguration?.level ?? '').toLowerCase()]!] += 1;
    }
  }
  return { counts, ignored, entries };
}

function parsedCounts(findings: RawFinding[]): Counts {
  const c = zero();
  for (const f of findings) c[f.severity] += 1;
  return c;
}

const CASES = [
  { file: 'snyk-test-npm-goof.json', format: 'test', raw: rawDependencyCounts },
  { file: 'snyk-test-all-projects-nuget.json', format: 'test', raw: rawDependencyCounts },
  { file: 'snyk-container-test-with-app-vulns.json', format: 'container', target: 'vulnerable:latest', raw: rawDependencyCounts },
  { file: 'snyk-iac-test-arm.json', format: 'iac', raw: rawIacCounts },
  { file: 'snyk-iac-test-terraform-v2.json', format: 'iac', raw: rawIacCounts },
  { file: 'snyk-code-test-sarif-goof.json', format: 'code-sarif', raw: rawSarifCounts },
  { file: 'snyk-code-test-sarif-with-ignores.json', format: 'code-sarif', raw: rawSarifCounts },
  { file: 'snyk-container-test-sarif.json', format: 'container-sarif', target: 'alpine', raw: rawSarifCounts },
] as const;

const table: string[] = [];

function parseFixture(file: string, format?: string, target?: string) {
  return snyk.parse(load(file), { ...(format ? { format } : {}), ...(target ? { target } : {}) });
}

function only(findings: RawFinding[], pred: (f: RawFinding) => boolean): RawFinding {
  const hits = findings.filter(pred);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

describe('snyk parse: counts by severity equal the raw files (minus what Snyk marks ignored)', () => {
  it.each(CASES)('$file', ({ file, format, raw, ...rest }) => {
    const target = 'target' in rest ? rest.target : undefined;
    const data = JSON.parse(load(file)) as J;
    const expected = raw(data);
    const parsed = parseFixture(file, format, target);
    const got = parsedCounts(parsed.findings);
    const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
    table.push(
      `| ${file} | ${format} | ${expected.entries} | ${(['critical', 'high', 'medium', 'low'] as const).map((s) => `${expected.counts[s]}/${got[s]}`).join(' | ')} | ${expected.ignored}/${parsed.summary?.ignoredCount} | ${total(expected.counts)}/${parsed.findings.length} |`,
    );
    expect(total(expected.counts)).toBeGreaterThan(0);
    expect(got).toEqual(expected.counts);
    expect(parsed.summary?.ignoredCount).toBe(expected.ignored);
    for (const f of parsed.findings) {
      expect(f.source).toEqual({ scanner: 'snyk', ruleId: f.ruleId, severity: expect.any(String) });
      expect(f.title.length).toBeGreaterThan(0);
      expect(f.location.path ?? f.location.target).toBeTruthy();
      if (f.location.path) expect(f.location.path).not.toMatch(/\\|^\.\/|^\//);
    }
    // Without a format the shape is detected and gives the same result.
    expect(detectFormat(load(file))).toBe(format);
    expect(parsedCounts(parseFixture(file, undefined, target).findings)).toEqual(expected.counts);
  });

  afterAll(() => {
    console.log(
      ['| fixture | format | raw entries | critical raw/parsed | high | medium | low | ignored raw/summary | total raw/parsed |', '|---|---|---|---|---|---|---|---|---|', ...table].join('\n'),
    );
  });
});

describe('snyk test --json (single project)', () => {
  const data = JSON.parse(load('snyk-test-npm-goof.json')) as J;
  const { findings, summary } = parseFixture('snyk-test-npm-goof.json', 'test');

  it('groups the dependency paths of one vulnerability into one finding and maps every field', () => {
    const f = only(findings, (x) => x.ruleId === 'SNYK-JS-HTTPSPROXYAGENT-469131');
    const raws = data.vulnerabilities.filter((v: J) => v.id === 'SNYK-JS-HTTPSPROXYAGENT-469131');
    expect(raws.length).toBe(2);
    expect(f.kind).toBe('vulnerability');
    expect(f.title).toBe(raws[0].title);
    expect(f.description).toBe(raws[0].description.trim());
    expect(f.description).toMatch(/^## Overview/);
    expect(f.severity).toBe('medium');
    expect(f.score).toBe(6.1);
    expect(f.cwe).toEqual(['CWE-300']);
    expect(f.cve).toBeUndefined(); // identifiers.CVE is []
    expect(f.references?.[0]).toBe('https://security.snyk.io/vuln/SNYK-JS-HTTPSPROXYAGENT-469131');
    expect(f.references).toEqual(expect.arrayContaining(raws[0].references.map((r: J) => r.url)));
    expect(f.package).toEqual({
      name: 'https-proxy-agent',
      version: '2.2.2',
      fixedVersion: '2.2.3',
      ecosystem: 'npm',
      path: raws[0].from,
      upgradePath: raws[0].upgradePath.filter((x: unknown) => typeof x === 'string'),
      isUpgradable: true,
      isPatchable: true,
    });
    expect(f.location).toEqual({ path: 'package-lock.json' });
    expect(f.properties?.paths).toBe(2);
    expect(f.properties?.introducedThrough).toEqual(raws.map((r: J) => r.from.join(' > ')));
    expect(f.properties?.project).toBe('goof');
    expect(f.source).toEqual({ scanner: 'snyk', ruleId: 'SNYK-JS-HTTPSPROXYAGENT-469131', severity: 'medium' });
  });

  it('keeps one finding per vulnerable version of a package (minimist 0.0.8 and 1.2.0)', () => {
    const m = findings.filter((x) => x.ruleId === 'SNYK-JS-MINIMIST-559764');
    expect(m.map((x) => [x.package?.version, x.properties?.paths])).toEqual([
      ['0.0.8', 1],
      ['1.2.0', 2],
    ]);
    expect(m[0]?.cve).toEqual(['CVE-2020-7598']);
    expect(m[0]?.properties?.ghsa).toEqual(['GHSA-vh95-rmgr-6w4m']);
  });

  it('writes remediation from the upgrade path, the patch or fixedIn', () => {
    expect(only(findings, (x) => x.ruleId === 'SNYK-JS-DOTPROP-543489').remediation).toBe(
      'Upgrade snyk@1.228.3 to snyk@1.290.1 (fixes dot-prop@4.2.0).',
    );
    expect(only(findings, (x) => x.ruleId === 'SNYK-JS-ACORN-559469').remediation).toBe('Upgrade acorn@5.7.3 to acorn@5.7.4.');
    const ejs = only(findings, (x) => x.ruleId === 'npm:ejs:20161128');
    expect(ejs.package?.isUpgradable).toBe(false);
    expect(ejs.package?.upgradePath).toBeUndefined();
    expect(ejs.remediation).toMatch(/^Upgrade ejs to 2\.5\.3 or later/);
    expect(ejs.cve).toEqual(['CVE-2017-1000228']);
  });

  it('maps license issues to kind license', () => {
    const lic = only(findings, (x) => x.kind === 'license');
    expect(lic.ruleId).toBe('snyk:lic:npm:goof:GPL-2.0');
    expect(lic.severity).toBe('medium');
    expect(lic.score).toBeUndefined();
    expect(lic.properties?.license).toBe('GPL-2.0');
    expect(lic.references).toEqual(['https://raw.githubusercontent.com/spdx/license-list/master/GPL-2.0.txt']);
    expect(lic.remediation).toMatch(/GPL-2\.0 license/);
  });

  it('summarises manifests, patchable and license issues', () => {
    const vulns: J[] = data.vulnerabilities;
    const patchable = new Set(vulns.filter((v) => v.isPatchable).map((v) => `${v.id}|${v.name}@${v.version}`));
    const upgradable = new Set(vulns.filter((v) => v.isUpgradable).map((v) => `${v.id}|${v.name}@${v.version}`));
    expect(summary).toEqual({
      totalManifests: 1,
      vulnerableManifests: 1,
      patchableCount: patchable.size,
      upgradableCount: upgradable.size,
      licenseIssuesCount: vulns.filter((v) => v.type === 'license').length,
      remediationPossible: true,
      ignoredCount: 0,
      failedManifests: 0,
    });
    expect(summary?.patchableCount).toBe(2);
  });
});

describe('snyk test --all-projects --json (array)', () => {
  const data = JSON.parse(load('snyk-test-all-projects-nuget.json')) as J[];
  const { findings, summary } = parseFixture('snyk-test-all-projects-nuget.json', 'test');

  it('keeps the same vulnerability in two projects as two findings, one per manifest', () => {
    const azure = findings.filter((x) => x.ruleId === 'SNYK-DOTNET-AZUREIDENTITY-6009155');
    expect(azure.map((x) => x.location.path)).toEqual([
      'SomeProject.RandomProject.BankAccounts.Database/obj/project.assets.json',
      'SomeProject.RandomProject.Rules.Database/obj/project.assets.json',
    ]);
    const rest = only(findings, (x) => x.ruleId === 'SNYK-DOTNET-MICROSOFTRESTCLIENTRUNTIME-5768475');
    expect(rest.package).toMatchObject({ name: 'Microsoft.Rest.ClientRuntime', version: '2.3.18', fixedVersion: '2.3.24', ecosystem: 'nuget', isUpgradable: true });
    expect(rest.location.path).toBe('SomeProject.RandomProject.Proxy/obj/project.assets.json');
    expect(rest.cve).toEqual(['CVE-2022-26907']);
    expect(rest.cwe).toEqual(['CWE-532']);
    expect(rest.score).toBe(5.3);
    expect(rest.remediation).toBe('Upgrade Microsoft.Rest.ClientRuntime@2.3.18 to Microsoft.Rest.ClientRuntime@2.3.24.');
  });

  it('aggregates the summary across projects', () => {
    expect(summary).toMatchObject({
      totalManifests: data.length,
      vulnerableManifests: data.filter((p) => (p.vulnerabilities ?? []).length > 0).length,
      patchableCount: 0,
      licenseIssuesCount: 0,
      remediationPossible: true,
    });
    expect(summary?.totalManifests).toBe(9);
    expect(summary?.vulnerableManifests).toBe(3);
  });

  it('counts error entries as failed manifests and fails when every entry is an error', () => {
    const mixed = JSON.stringify([...data, { ok: false, error: 'Could not resolve dependencies', path: '/x' }]);
    expect(snyk.parse(mixed, { format: 'test' }).summary?.failedManifests).toBe(1);
    const onlyError = JSON.stringify({ ok: false, error: 'Could not detect supported target files in /x' });
    expect(() => snyk.parse(onlyError, { format: 'test' })).toThrow(/snyk: snyk test failed: Could not detect supported target files/);
  });

  it('prefers the manifest that was asked for with --file', () => {
    const one = JSON.stringify({ ...data[4], displayTargetFile: 'project.assets.json' });
    const f = snyk.parse(one, { format: 'test', target: 'api/obj/project.assets.json' }).findings;
    expect(f[0]?.location.path).toBe('api/obj/project.assets.json');
  });
});

describe('snyk container test --json', () => {
  const data = JSON.parse(load('snyk-container-test-with-app-vulns.json')) as J;
  const { findings, summary } = parseFixture('snyk-container-test-with-app-vulns.json', 'container', 'vulnerable:latest');

  it('maps OS package vulnerabilities to the image', () => {
    const z = only(findings, (x) => x.ruleId === 'SNYK-DEBIAN10-ZLIB-2976149');
    expect(z.severity).toBe('critical');
    expect(z.score).toBe(9.8);
    expect(z.cve).toEqual(['CVE-2022-37434']);
    expect(z.cwe).toBeUndefined();
    expect(z.location).toEqual({ target: 'vulnerable:latest' });
    expect(z.package).toMatchObject({ name: 'zlib', version: '1:1.2.11.dfsg-1+deb10u1', ecosystem: 'debian:10', isUpgradable: false, isPatchable: false });
    expect(z.package?.fixedVersion).toBeUndefined();
    expect(z.package?.path).toEqual(data.vulnerabilities[0].from);
    expect(z.properties?.installedName).toBe('zlib/zlib1g');
    expect(z.references?.length).toBe(1 + data.vulnerabilities[0].references.length);
    expect(z.source.severity).toBe('critical');
  });

  it('maps application vulnerabilities to the application inside the image', () => {
    const app = data.applications[0];
    const g = only(findings, (x) => x.ruleId === app.vulnerabilities[0].id);
    expect(g.location).toEqual({ target: 'vulnerable:latest (/bin/gobin)' });
    // the vulnerability's own packageManager ('golang') wins over the project's ('gomodules')
    expect(g.package).toMatchObject({ name: 'golang.org/x/crypto/ssh', ecosystem: app.vulnerabilities[0].packageManager, fixedVersion: app.vulnerabilities[0].fixedIn[0] });
    expect(g.package?.ecosystem).toBe('golang');
    expect(g.severity).toBe('high');
    expect(g.cve).toEqual(['CVE-2020-9283']);
  });

  it('falls back to the image name in the output and summarises image + applications', () => {
    const noTarget = parseFixture('snyk-container-test-with-app-vulns.json', 'container');
    expect(noTarget.findings[0]?.location.target).toBe(data.path);
    expect(summary).toMatchObject({ totalManifests: 1 + data.applications.length, vulnerableManifests: 2, remediationPossible: false });
  });
});

describe('snyk iac test --json', () => {
  const arm = parseFixture('snyk-iac-test-arm.json', 'iac');
  const tf = parseFixture('snyk-iac-test-terraform-v2.json', 'iac');

  it('maps an ARM issue with its file, line, remediation, references and compliance', () => {
    const f = only(arm.findings, (x) => x.ruleId === 'SNYK-CC-AZURE-533' && x.location.path === 'http-triggered_function.json');
    expect(f.kind).toBe('misconfiguration');
    expect(f.severity).toBe('high');
    expect(f.title).toBe('App Service allows FTP deployments');
    expect(f.description).toBe('App Service allows FTP deployments\n\nFTP is a plain-text protocol that is vulnerable to manipulation and eavesdropping');
    expect(f.location).toEqual({ path: 'http-triggered_function.json', startLine: 109, endLine: 109 });
    expect(f.remediation).toBe('Set `ftpsState` to `FtpsOnly` or `Disabled` if not needed');
    expect(f.references?.[0]).toBe('https://security.snyk.io/rules/cloud//SNYK-CC-AZURE-533');
    expect(f.references).toContain('https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/app_service#ftps_state');
    expect(f.properties).toMatchObject({
      resource: 'resources[3].properties.ftpsState',
      subType: 'App Service (Web Apps)',
      iacType: 'armconfig',
      compliance: ['CIS Microsoft Azure Foundations Benchmark v1.3.1 - 9.10 Ensure FTP deployments are disabled'],
    });
    expect(f.source).toEqual({ scanner: 'snyk', ruleId: 'SNYK-CC-AZURE-533', severity: 'high' });
  });

  it('leaves the line out when Snyk reports -1 and marks custom rules', () => {
    const noLine = only(arm.findings, (x) => x.ruleId === 'SNYK-CC-TF-136');
    expect(noLine.location).toEqual({ path: 'http-triggered_function.json' });
    const custom = only(arm.findings, (x) => x.ruleId === 'CUSTOM-RULE-4');
    expect(custom.properties?.customRule).toBe(true);
    expect(custom.location.startLine).toBe(16);
    expect(custom.remediation).toBeUndefined();
  });

  it('reads the v2 Terraform output, ignores successes and summarises files', () => {
    const data = JSON.parse(load('snyk-iac-test-terraform-v2.json')) as J[];
    const f = only(tf.findings, (x) => x.ruleId === 'SNYK-CC-00024' && x.location.path === 'vpc_group.tf');
    expect(f.location.startLine).toBe(16);
    expect(f.properties?.iacType).toBe('terraformconfig');
    expect(f.references).toEqual(['https://security.snyk.io/rules/cloud/SNYK-CC-00024', 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_SecurityGroups.html']);
    expect(tf.findings.some((x) => x.ruleId === 'SNYK-CC-00707')).toBe(false); // only in infrastructureAsCodeSuccesses
    expect(tf.summary).toMatchObject({
      totalManifests: data.length,
      vulnerableManifests: data.filter((d) => d.infrastructureAsCodeIssues.length > 0).length,
    });
    expect(tf.summary?.vulnerableManifests).toBe(2);
  });

  it('drops issues marked isIgnored and counts them', () => {
    const data = JSON.parse(load('snyk-iac-test-terraform-v2.json')) as J[];
    data[1].infrastructureAsCodeIssues[0].isIgnored = true;
    const out = snyk.parse(JSON.stringify(data), { format: 'iac' });
    expect(out.findings.length).toBe(tf.findings.length - 1);
    expect(out.summary?.ignoredCount).toBe(1);
  });

  it('accepts a single-file object and uses the requested manifest path', () => {
    const data = JSON.parse(load('snyk-iac-test-terraform-v2.json')) as J[];
    const out = snyk.parse(JSON.stringify(data[2]), { format: 'iac', target: 'infra/vpc_group.tf' });
    expect(out.findings.map((x) => x.location.path)).toEqual(['infra/vpc_group.tf', 'infra/vpc_group.tf']);
  });
});

describe('snyk code test SARIF', () => {
  it('maps a Snyk Code result with its region, rule title and CWE', () => {
    const { findings } = parseFixture('snyk-code-test-sarif-goof.json', 'code-sarif');
    const f = only(findings, (x) => x.ruleId === 'javascript/Sqli');
    expect(f.kind).toBe('code');
    expect(f.title).toBe('SQL Injection');
    expect(f.severity).toBe('high');
    expect(f.source).toEqual({ scanner: 'snyk', ruleId: 'javascript/Sqli', severity: 'error' });
    expect(f.cwe).toEqual(['CWE-89']);
    expect(f.location).toEqual({ path: 'sample-project/goof/routes/index.js', startLine: 39, endLine: 39, startColumn: 3, endColumn: 11 });
    expect(f.description).toMatch(/^Unsanitized input from the HTTP request body flows into find/);
    const multi = findings.filter((x) => x.ruleId === 'javascript/NoRateLimitingForExpensiveWebOperation');
    expect(multi.map((x) => [x.location.startLine, x.location.endLine])).toEqual([
      [77, 113],
      [166, 221],
    ]);
  });

  it('drops results Snyk marks ignored (suppressions) and keeps the rest', () => {
    const { findings, summary } = parseFixture('snyk-code-test-sarif-with-ignores.json', 'code-sarif');
    expect(findings.map((x) => x.ruleId)).toEqual(['go/PT']);
    expect(findings[0]?.properties).toMatchObject({ priorityScore: 508, isAutofixable: false, snykIssueId: 'd6a92302-1515-479e-b119-2768df2d0261' });
    expect(findings[0]?.location.path).toBe('test/fixtures/test-code-src/GetRowsCommand.java');
    expect(summary?.ignoredCount).toBe(1);
  });

  it.each([
    ['accepted', 1],
    ['underReview', 2],
    ['rejected', 2],
  ])('a suppression with status %s leaves %i findings', (status, expected) => {
    const data = JSON.parse(load('snyk-code-test-sarif-with-ignores.json')) as J;
    for (const r of data.runs[0].results) if (r.suppressions) r.suppressions[0].status = status;
    expect(snyk.parse(JSON.stringify(data), { format: 'code-sarif' }).findings).toHaveLength(expected);
  });
});

describe('snyk container test --sarif', () => {
  it('maps the rule, the severity word in its title and the package', () => {
    const { findings } = parseFixture('snyk-container-test-sarif.json', 'container-sarif', 'alpine');
    const f = only(findings, () => true);
    expect(f).toMatchObject({
      kind: 'vulnerability',
      ruleId: 'SNYK-LINUX-BZIP2-106947',
      title: 'Denial of Service (DoS) vulnerability in bzip2',
      severity: 'low',
      score: 6.5,
      cve: ['CVE-2016-3189'],
      location: { target: 'alpine' },
      package: { name: 'bzip2', version: '1.0.6-8.1', ecosystem: 'deb' },
      source: { scanner: 'snyk', ruleId: 'SNYK-LINUX-BZIP2-106947', severity: 'low' },
    });
    expect(f.description).toMatch(/^## Overview/);
    expect(parseFixture('snyk-container-test-sarif.json', 'container-sarif').findings[0]?.location.target).toBe('alpine/kubernetes-monitor');
  });
});

describe('snyk parse errors', () => {
  it('bad JSON is a ScannerError naming snyk', () => {
    for (const format of ['test', 'iac', 'container', 'code-sarif', undefined]) {
      let err: unknown;
      try {
        snyk.parse('{"vulnerabilities": [', format ? { format } : {});
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScannerError);
      expect((err as ScannerError).scanner).toBe('snyk');
      expect((err as Error).message).toMatch(/^snyk: .*JSON/);
    }
  });

  it('SARIF without runs is a ScannerError', () => {
    expect(() => snyk.parse('{"version":"2.1.0"}', { format: 'code-sarif' })).toThrow(ScannerError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// settings
// ---------------------------------------------------------------------------------------------------------------

/** The whole settings of a Snyk run: Snyk's own (`scanners.snyk`) and the scan settings (`images`, `timeout`). */
const snykRun = (inputs: Record<string, string>): ActionSettings => settingsFor({ scanners: 'snyk', timeout: '5m', ...inputs });

describe('snyk settings', () => {
  it('defaults to a dependency scan of all projects', () => {
    const s = settingsFor({ scanners: 'snyk' });
    expect(s.scanners.snyk).toEqual({
      scanTypes: ['dependencies'],
      dependencyManifests: [],
      iacManifests: [],
      dockerfiles: [],
      allProjects: true,
    });
    expect(s.scan.images).toEqual([]);
  });

  it('classifies manifests by the scan they belong to', () => {
    const all = settingsFor({
      scanners: 'snyk',
      'snyk-scan-types': 'code, container ,iac,dependencies',
      'snyk-manifests': './package.json, services\\api\\requirements-dev.txt, go.mod, k8s/deploy.yaml, infra/main.tf, Dockerfile',
      images: 'app:1, db:2',
      'snyk-severity-threshold': 'HIGH',
      'snyk-org': 'my-org',
    });
    expect(all.scanners.snyk).toEqual({
      scanTypes: ['dependencies', 'iac', 'container', 'code'],
      dependencyManifests: ['package.json', 'services/api/requirements-dev.txt', 'go.mod'],
      iacManifests: ['k8s/deploy.yaml', 'infra/main.tf'],
      dockerfiles: ['Dockerfile'],
      allProjects: false,
      severityThreshold: 'high',
      org: 'my-org',
    });
    expect(all.scan.images).toEqual(['app:1', 'db:2']);
    expect(['pom.xml', 'App.csproj', 'Gemfile.lock', 'api.Dockerfile', 'Containerfile', 'chart/values.yml', 'README.md'].map(classifyManifest)).toEqual([
      'dependencies',
      'dependencies',
      'dependencies',
      'dockerfile',
      'dockerfile',
      'iac',
      undefined,
    ]);
  });

  it.each([
    [{ 'snyk-scan-types': 'dependencies,sast' }, /'snyk-scan-types'.*'sast'.*dependencies, iac, container, code/],
    [{ 'snyk-scan-types': 'container' }, /'snyk-scan-types' includes 'container' but input 'images' is empty/],
    [{ 'snyk-manifests': 'k8s/deploy.yaml' }, /'snyk-manifests' has 'k8s\/deploy.yaml'.*does not include 'iac'/],
    [{ 'snyk-manifests': 'package.json', 'snyk-all-projects': 'true' }, /'snyk-all-projects' is true but 'snyk-manifests' lists dependency manifests/],
    [{ 'snyk-manifests': '../other/package.json' }, /'snyk-manifests' has '..\/other\/package.json'; list files relative to the scan root/],
    [{ 'snyk-manifests': '/etc/package.json' }, /'snyk-manifests'.*relative to the scan root/],
    [{ 'snyk-manifests': '--help.yaml', 'snyk-scan-types': 'iac' }, /'snyk-manifests'.*relative to the scan root/],
    [{ 'snyk-manifests': 'notes.md' }, /'snyk-manifests' has 'notes.md', which Snyk cannot test/],
    [{ 'snyk-manifests': 'a/Dockerfile,b/Dockerfile', 'snyk-scan-types': 'container', images: 'x:1' }, /2 Dockerfiles for 1 images/],
    [{ 'snyk-severity-threshold': 'urgent' }, /'snyk-severity-threshold' is 'urgent'; allowed: low, medium, high, critical/],
    [{ 'snyk-org': 'my org' }, /'snyk-org' is 'my org'/],
    [{ 'snyk-all-projects': 'maybe' }, /'snyk-all-projects' is 'maybe'; use true or false/],
    [{ 'snyk-scan-types': 'container', images: 'app:1,--privileged' }, /'images' has '--privileged'/],
  ])('rejects %o', (inputs, message) => {
    expect(() => scannerSettings('snyk', inputs)).toThrow(ConfigurationError);
    expect(() => scannerSettings('snyk', inputs)).toThrow(message);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// run(): argv, token, exit codes — with a fake runner that records argv and writes a fixture to stdoutFile
// ---------------------------------------------------------------------------------------------------------------

interface Call {
  command: string;
  args: readonly string[];
  options: CommandOptions;
}

function fakeRunner(respond: (args: readonly string[]) => { exitCode: number; stdout?: string; stderr?: string; timedOut?: boolean }) {
  const calls: Call[] = [];
  const runner: CommandRunner = {
    async run(command, args, options): Promise<CommandResult> {
      calls.push({ command, args, options });
      const r = respond(args);
      if (options.stdoutFile) writeFileSync(options.stdoutFile, r.stdout ?? '');
      return {
        exitCode: r.exitCode,
        signal: null,
        timedOut: r.timedOut ?? false,
        stderr: r.stderr ?? '',
        stdout: options.stdoutFile ? '' : (r.stdout ?? ''),
        durationMs: 1,
      };
    },
  };
  return { runner, calls };
}

/** Which fixture a Snyk command would print. */
function fixtureFor(args: readonly string[]): string {
  if (args[0] === 'iac') return load('snyk-iac-test-terraform-v2.json');
  if (args[0] === 'container') return load('snyk-container-test-with-app-vulns.json');
  if (args[0] === 'code') return load('snyk-code-test-sarif-goof.json');
  return load(args.includes('--all-projects') ? 'snyk-test-all-projects-nuget.json' : 'snyk-test-npm-goof.json');
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function context(settings: ActionSettings, runner: CommandRunner, env: Record<string, string>) {
  const tempDir = mkdtempSync(join(tmpdir(), 'snyk-test-'));
  tempDirs.push(tempDir);
  const logger = recordingLogger();
  const ctx = scanContext<SnykSettings>({ scan: settings.scan, settings: settings.scanners.snyk!, scanRoot: '/work/repo', tempDir, binary: '/opt/snyk/snyk', runner, logger, env });
  return { ctx, logger, tempDir };
}

// Assembled at run time so no token-shaped string is committed.
const TOKEN = ['0f1e2d3c', '4b5a', '6978', '8796', 'a5b4c3d2e1f0'].join('-');

describe('snyk run', () => {
  const full = snykRun({
    'snyk-scan-types': 'dependencies,iac,container,code',
    'snyk-manifests': 'package.json,api/requirements-dev.txt,k8s/deploy.yaml,Dockerfile',
    images: 'app:1,db:2',
    'snyk-severity-threshold': 'critical',
    'snyk-org': 'acme',
  });

  it('refuses to run without SNYK_TOKEN and says how to set it', async () => {
    const { runner, calls } = fakeRunner(() => ({ exitCode: 0 }));
    const envs: Record<string, string>[] = [{}, { SNYK_TOKEN: '' }, { SNYK_TOKEN: '  ' }];
    for (const env of envs) {
      const { ctx } = context(full, runner, env);
      const err = await snyk.run(ctx).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigurationError);
      expect((err as Error).message).toContain('env: SNYK_TOKEN: ${{ secrets.SNYK_TOKEN }}');
    }
    expect(calls).toHaveLength(0);
  });

  it('builds the argv for every scan type and never passes the token in argv', async () => {
    const { runner, calls } = fakeRunner((args) => (args[0] === '--version' ? { exitCode: 0, stdout: '1.1294.0\n' } : { exitCode: 1, stdout: fixtureFor(args) }));
    const { ctx, logger, tempDir } = context(full, runner, { SNYK_TOKEN: TOKEN, PATH: '/usr/bin' });
    const result = await snyk.run(ctx);

    expect(calls.map((c) => c.args)).toEqual([
      ['--version'],
      ['test', '--json', '--file=package.json', '--org=acme', '--severity-threshold=critical'],
      ['test', '--json', '--file=api/requirements-dev.txt', '--package-manager=pip', '--org=acme', '--severity-threshold=critical'],
      ['iac', 'test', '--json', '--org=acme', '--severity-threshold=critical', 'k8s/deploy.yaml'],
      ['container', 'test', '--json', '--file=Dockerfile', '--org=acme', '--severity-threshold=critical', 'app:1'],
      ['container', 'test', '--json', '--file=Dockerfile', '--org=acme', '--severity-threshold=critical', 'db:2'],
      ['code', 'test', '--sarif', '--org=acme', '--severity-threshold=high'],
    ]);
    for (const c of calls) {
      expect(c.command).toBe('/opt/snyk/snyk');
      expect(c.options.cwd).toBe('/work/repo');
      expect(c.options.env?.SNYK_TOKEN).toBe(TOKEN); // Snyk reads it from the environment…
      expect(c.args.join(' ')).not.toContain(TOKEN); // …never from argv
      expect(c.options.timeoutMs).toBeGreaterThan(0);
      // Only the version probe says it is one (the scheduler loads modules once every scan has started).
      expect(c.options.probe === true).toBe(c.args[0] === '--version');
      expect(c.options.timeoutMs).toBeLessThanOrEqual(5 * 60_000);
    }
    expect(logger.lines.map((l) => l.message).join('\n')).not.toContain(TOKEN);
    expect(result.version).toBe('1.1294.0');
    expect(result.outputs.map((o) => [o.format, o.target])).toEqual([
      ['test', 'package.json'],
      ['test', 'api/requirements-dev.txt'],
      ['iac', 'k8s/deploy.yaml'],
      ['container', 'app:1'],
      ['container', 'db:2'],
      ['code-sarif', undefined],
    ]);
    for (const o of result.outputs) {
      expect(o.file.startsWith(tempDir)).toBe(true);
      const parsed = snyk.parse(readFileSync(o.file, 'utf8'), o);
      expect(parsed.findings.length).toBeGreaterThan(0);
    }
  });

  it('uses --all-projects, a scan-root IaC run and no Dockerfile when no manifests are listed', () => {
    const s = snykRun({ 'snyk-scan-types': 'dependencies,iac,container', images: 'app:1' });
    expect(snykCommands(s.scanners.snyk!, s.scan.images)).toEqual([
      { args: ['test', '--json', '--all-projects'], format: 'test' },
      { args: ['iac', 'test', '--json'], format: 'iac' },
      { args: ['container', 'test', '--json', 'app:1'], format: 'container', target: 'app:1' },
    ]);
    const plain = snykRun({ 'snyk-all-projects': 'false' });
    expect(snykCommands(plain.scanners.snyk!, plain.scan.images)).toEqual([{ args: ['test', '--json'], format: 'test' }]);
  });

  it('pairs Dockerfiles with images in order', () => {
    const s = snykRun({ 'snyk-scan-types': 'container', images: 'web:1,worker:1', 'snyk-manifests': 'web/Dockerfile,worker/Dockerfile' });
    expect(snykCommands(s.scanners.snyk!, s.scan.images).map((c) => c.args)).toEqual([
      ['container', 'test', '--json', '--file=web/Dockerfile', 'web:1'],
      ['container', 'test', '--json', '--file=worker/Dockerfile', 'worker:1'],
    ]);
  });

  it('treats exit code 3 (no supported projects) as no findings and logs it', async () => {
    const s = snykRun({ 'snyk-scan-types': 'dependencies,code' });
    const { runner } = fakeRunner((args) =>
      args[0] === '--version' ? { exitCode: 0, stdout: '1.1294.0' } : args[0] === 'test' ? { exitCode: 3, stdout: '{"ok":false,"error":"Could not detect supported target files"}' } : { exitCode: 0, stdout: fixtureFor(args) },
    );
    const { ctx, logger } = context(s, runner, { SNYK_TOKEN: TOKEN });
    const result = await snyk.run(ctx);
    expect(result.outputs.map((o) => o.format)).toEqual(['code-sarif']);
    expect(logger.lines.some((l) => l.level === 'info' && /no supported projects \(exit code 3\)/.test(l.message))).toBe(true);
  });

  it('turns exit code 2 into a ScannerError with Snyk’s message, the token redacted', async () => {
    const s = snykRun({});
    const { runner } = fakeRunner((args) =>
      args[0] === '--version' ? { exitCode: 0, stdout: '1.1294.0' } : { exitCode: 2, stdout: JSON.stringify({ ok: false, error: `Authentication failed for token ${TOKEN}` }) },
    );
    const { ctx } = context(s, runner, { SNYK_TOKEN: TOKEN });
    const err = await snyk.run(ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScannerError);
    expect((err as ScannerError).scanner).toBe('snyk');
    expect((err as Error).message).toMatch(/snyk test --all-projects failed with exit code 2: Authentication failed for token \*\*\*/);
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it('falls back to stderr when stdout holds no JSON error', async () => {
    const s = snykRun({ 'snyk-scan-types': 'code' });
    const { runner } = fakeRunner((args) => (args[0] === '--version' ? { exitCode: 0, stdout: '1.1294.0' } : { exitCode: 2, stderr: 'line one\nSnyk Code is not enabled for this org' }));
    const { ctx } = context(s, runner, { SNYK_TOKEN: TOKEN });
    await expect(snyk.run(ctx)).rejects.toThrow(/snyk code test failed with exit code 2: line one Snyk Code is not enabled/);
  });

  it('reports a timeout as a ScannerError that names the timeout input', async () => {
    const s = snykRun({});
    const { runner } = fakeRunner((args) => (args[0] === '--version' ? { exitCode: 0, stdout: '1.1294.0' } : { exitCode: 143, timedOut: true }));
    const { ctx } = context(s, runner, { SNYK_TOKEN: TOKEN });
    await expect(snyk.run(ctx)).rejects.toThrow(/timed out.*raise 'scanner-timeouts' \(e.g. snyk=10m\) or 'timeout'/);
  });
});
