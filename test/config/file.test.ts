import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/config/file.js';
import { mergeSources, parseSettings, readInputs } from '../../src/config/settings.js';
import { ConfigurationError } from '../../src/errors.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { reader } from '../support/settings.js';

const FILE = '.github/security-scan.yml';

/** What main.ts does: the file, then the inputs over it, parsed once. */
function settingsOf(yaml: string, inputs: Record<string, string> = {}) {
  const { config, problems } = parseConfigFile(yaml, FILE, SCANNERS);
  const fromInputs = readInputs(reader(inputs), SCANNERS);
  const labelOf = (section: string, key: string) => {
    const inInputs = section.startsWith('scanners.') ? fromInputs.scanners?.[section.slice(9)]?.[key] : (fromInputs as Record<string, Record<string, unknown> | undefined>)[section]?.[key];
    return inInputs !== undefined ? undefined : config.labels.get(`${section}.${key}`);
  };
  return { settings: () => parseSettings(mergeSources(config.raw, fromInputs), SCANNERS, { labelOf, problems, extras: config.extras }), config };
}

function problemsOf(yaml: string, inputs: Record<string, string> = {}): string[] {
  try {
    settingsOf(yaml, inputs).settings();
  } catch (e) {
    if (e instanceof ConfigurationError) return [...(e.problems ?? [])];
    throw e;
  }
  throw new Error('expected a ConfigurationError');
}

describe('the config file', () => {
  it('maps the seed objects and the input names onto the settings', () => {
    const { settings, config } = settingsOf(
      [
        'fail-on: medium',
        'scanners: [trivy, gitleaks, checkov]',
        'trivy:',
        '  severityFilter: [CRITICAL, HIGH, MEDIUM]',
        '  scanType: fs',
        '  ignoreUnfixed: true',
        '  skipUpdate: true',
        '  timeout: 20m',
        '  format: sarif',
        '  exitCode: 1',
        'gitleaks:',
        '  timeout: 90s',
        'orchestration:',
        '  schedulingPolicy: staged',
        '  stages: "secrets: gitleaks; iac: checkov, trivy"',
        '  failurePolicy: alert',
        '  retentionDays: 30',
        '  dashboardEnabled: false',
        '  approvalRequired: true',
        "  scanSchedule: '0 3 * * 1'",
        'compliance:',
        '  frameworks: [PCI-DSS, SOC2]',
        '  SLAs: { critical: 2h, low: 14d }',
      ].join('\n'),
    );
    const s = settings();
    expect(s.gate.failOn).toBe('medium');
    expect(s.gate.failurePolicy).toBe('alert');
    expect(s.scan.scanners).toEqual(['trivy', 'gitleaks', 'checkov']);
    expect(s.scan.severities).toEqual(['critical', 'high', 'medium']);
    expect(s.scan.timeouts).toEqual({ trivy: 20 * 60_000, gitleaks: 90_000 });
    expect(s.scanners.trivy).toMatchObject({ scanType: 'filesystem', ignoreUnfixed: true, skipDbUpdate: true });
    expect(s.orchestration.scheduling).toBe('staged');
    expect(s.publish.retentionDays).toBe(30);
    expect(s.publish.summary).toBe(false);
    expect(s.extras.compliance.frameworks).toEqual(['pci-dss', 'soc2']);
    expect(s.extras.compliance.slas.critical).toBe(2 * 3_600_000);
    expect(s.extras.compliance.slas.low).toBe(14 * 86_400_000);
    expect(s.extras.scanSchedule).toBe('0 3 * * 1');
    // Options that only mean something outside Actions are said, never dropped.
    expect(config.notes.join('\n')).toMatch(/trivy\.format 'sarif'/);
    expect(config.notes.join('\n')).toMatch(/trivy\.exitCode 1/);
    expect(config.notes.join('\n')).toMatch(/cron: '0 3 \* \* 1'/);
  });

  it('lets an input that is set override the file, and an input at its default not', () => {
    const yaml = 'fail-on: critical\n';
    expect(settingsOf(yaml, { 'fail-on': 'low' }).settings().gate.failOn).toBe('low');
    // The runner passes action.yml's default for an unset input: it cannot override the file.
    expect(settingsOf(yaml, { 'fail-on': 'high' }).settings().gate.failOn).toBe('critical');
  });

  it('reports five mistakes at once, each with its path, the value, what is allowed and a did-you-mean', () => {
    const problems = problemsOf(
      [
        'fail-on: hihg', // bad value
        'trivy:',
        '  severityFiltr: [HIGH]', // unknown key, close to severityFilter
        '  scanType: container', // bad value
        'orchestration:',
        '  schedulingPolicy: randomly', // bad value
        'complience: {}', // unknown top-level key
      ].join('\n'),
    );
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\.github\/security-scan\.yml: trivy\.severityFiltr is not a Trivy option \(did you mean 'severityFilter'\?\); allowed: .*severityFilter/),
        expect.stringMatching(/^\.github\/security-scan\.yml: complience is not a setting \(did you mean 'compliance'\?\)/),
        ".github/security-scan.yml: fail-on is 'hihg'; allowed: critical, high, medium, low, none.",
        ".github/security-scan.yml: trivy.scanType is 'container'; allowed: filesystem, config, image, repository.",
        ".github/security-scan.yml: orchestration.schedulingPolicy is 'randomly'; allowed: parallel, sequential, staged.",
      ]),
    );
  });

  it('refuses a token in the file, bad YAML, duplicate keys and a top level that is not a mapping', () => {
    expect(problemsOf('github-token: abc\n')[0]).toMatch(/a token does not belong in a committed file/);
    expect(problemsOf('fail-on: high\nfail-on: low\n')[0]).toMatch(/Map keys must be unique/);
    expect(problemsOf('- fail-on\n')[0]).toMatch(/top level must be a mapping/);
    expect(problemsOf('a: [1, 2\n')[0]).toMatch(/^\.github\/security-scan\.yml: /);
  });

  it('checks file-only options (cron, compliance frameworks, SLA severities)', () => {
    const problems = problemsOf(['orchestration:', '  scanSchedule: every monday', 'compliance:', '  frameworks: [PCI-DSS, FEDRAMP]', '  SLAs: { urgent: 1h }'].join('\n'));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/orchestration\.scanSchedule is 'every monday'; use a cron expression/);
    expect(problems[1]).toMatch(/compliance\.frameworks has unknown value 'fedramp'/);
    expect(problems[2]).toMatch(/compliance\.SLAs\.urgent is not a severity/);
  });
});

describe("the README's config file example", () => {
  it('parses with no problem (the documentation cannot drift from the schema)', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```yaml\n# \.github\/security-scan\.yml\n([\s\S]*?)```/.exec(readme);
    expect(block, 'the README has the example').not.toBeNull();
    const { settings, config } = settingsOf(block![1]!);
    const s = settings();
    expect(s.orchestration.scheduling).toBe('staged');
    expect(s.scanners.snyk).toBeUndefined(); // snyk is not selected: its section is checked only when it runs
    expect(config.notes.some((n) => n.includes("cron: '0 3 * * 1'"))).toBe(true);
  });
});
