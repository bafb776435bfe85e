// parseConfigFile edge cases test/config/file.test.ts does not cover: empty and null values, sections of the wrong
// type, both spellings of approvalRequired, config-file in the file, a scanner's timeout, a file over 1 MiB.
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/config/file.js';
import { SCANNERS } from '../../src/scanners/registry.js';

const FILE = '.github/security-scan.yml';
const parse = (text: string) => parseConfigFile(text, FILE, SCANNERS);

describe('parseConfigFile edge cases', () => {
  it('an empty file, a comment-only file and keys without a value set nothing', () => {
    for (const text of ['', '# nothing\n', 'fail-on:\nscanners: ~\n']) {
      const { config, problems } = parse(text);
      expect(problems, JSON.stringify(text)).toEqual([]);
      expect(config.raw.gate ?? {}).toEqual({});
      expect(config.raw.scan ?? {}).toEqual({});
      expect(config.labels.size).toBe(0);
    }
  });

  it('approvalRequired is read from either spelling, and labelled with the key the file used', () => {
    const top = parse('approval-required: false\n');
    expect(top.config.raw.policy).toEqual({ approvalRequired: false });
    expect(top.config.labels.get('policy.approvalRequired')).toBe(`${FILE}: approval-required`);
    const nested = parse('orchestration:\n  approvalRequired: "false"\n');
    expect(nested.config.raw.policy).toEqual({ approvalRequired: 'false' });
    expect(nested.config.labels.get('policy.approvalRequired')).toBe(`${FILE}: orchestration.approvalRequired`);
  });

  it('the file cannot name another config file', () => {
    expect(parse('config-file: other.yml\n').problems).toEqual([`${FILE}: config-file: the config file cannot name another config file; set the config-file input in the workflow.`]);
  });

  it('sections that are not mappings are refused, each with what to write', () => {
    const { problems } = parse('trivy: yes\norchestration: [a]\ncompliance: soc2\n');
    expect(problems).toEqual([
      `${FILE}: trivy is 'yes'; use a mapping of Trivy's options.`,
      `${FILE}: orchestration is ["a"]; use a mapping of options (schedulingPolicy, failurePolicy, …).`,
      `${FILE}: compliance is 'soc2'; use a mapping with frameworks and SLAs.`,
    ]);
  });

  it('unknown keys get a did-you-mean at every level', () => {
    const { problems } = parse('fail_on: high\norchestration:\n  failurPolicy: alert\ncompliance:\n  framework: [soc2]\n');
    expect(problems[0]).toMatch(new RegExp(`^${FILE.replace(/\./g, '\\.')}: fail_on is not a setting \\(did you mean 'fail-on'\\?\\)`));
    expect(problems[1]).toMatch(/orchestration\.failurPolicy is not an option \(did you mean 'failurePolicy'\?\)/);
    expect(problems[2]).toMatch(/compliance\.framework is not an option \(did you mean 'frameworks'\?\); allowed: frameworks, SLAs\./);
  });

  it("a scanner's timeout goes to scan.timeouts, labelled", () => {
    const { config, problems } = parse('checkov:\n  timeout: 3m\n');
    expect(problems).toEqual([]);
    expect(config.raw.scan).toEqual({ timeouts: { checkov: '3m' } });
    expect(config.labels.get('scan.timeouts')).toBe(`${FILE}: checkov.timeout`);
  });

  it('SLAs: info is not a severity for an SLA; a day count and a duration both work', () => {
    const { config, problems } = parse('compliance:\n  slas: { info: 1d, medium: 2d, high: 30m }\n');
    expect(problems).toEqual([expect.stringMatching(/compliance\.slas\.info is not a severity; allowed: critical, high, medium, low\./)]);
    expect(config.extras.compliance.slas.medium).toBe(2 * 86_400_000);
    expect(config.extras.compliance.slas.high).toBe(30 * 60_000);
  });

  it('a file over 1 MiB, or with a YAML alias bomb, is refused before it is read', () => {
    expect(parse(`fail-on: high\n# ${'x'.repeat(1024 * 1024)}\n`).problems).toEqual([`${FILE} is larger than 1048576 bytes.`]);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    expect(parse(bomb.join('\n')).problems.join(' ')).toMatch(/alias/i);
  });

  it('YAML 1.1 booleans and dates stay text (core schema): `on` is not true, a date is not a Date', () => {
    const { config } = parse('changed-files-only: on\nbaseline: 2027-01-31\n');
    expect(config.raw.policy).toEqual({ changedFilesOnly: 'on', baseline: '2027-01-31' });
  });
});
