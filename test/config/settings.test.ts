import { describe, expect, it } from 'vitest';
import { FAIL_ON, mergeSources, parseSettings, readInputs } from '../../src/config/settings.js';
import { SCANNERS, type ActionSettings } from '../../src/scanners/registry.js';
import { ConfigurationError } from '../../src/errors.js';
import { reader, settingsFor } from '../support/settings.js';

const parse = (inputs: Record<string, string> = {}): ActionSettings => settingsFor(inputs);

function configError(inputs: Record<string, string>): ConfigurationError {
  try {
    parse(inputs);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return e as ConfigurationError;
  }
  throw new Error(`expected a ConfigurationError for ${JSON.stringify(inputs)}`);
}

describe('parseSettings defaults (no inputs set)', () => {
  const s = parse();
  it('common settings', () => {
    expect(s.scan).toEqual({
      scanners: ['trivy', 'gitleaks'],
      path: '.',
      images: [],
      severities: ['critical', 'high', 'medium', 'low', 'info'],
      timeoutMs: 10 * 60_000,
      timeouts: {},
      dependencySnapshot: false,
    });
    expect(s.gate).toEqual({ failOn: 'high', failOnNewOnly: false, failurePolicy: 'block' });
    expect(s.orchestration).toEqual({ scheduling: 'parallel', concurrency: 0, stages: [] });
    expect(s.policy).toEqual({
      configFile: '.github/security-scan.yml',
      ignoreFile: '.security-scan-ignore.yml',
      approvalRequired: true,
      baseline: 'auto',
      baselineArtifact: 'security-scan-baseline',
      changedFilesOnly: false,
    });
    expect(s.publish).toMatchObject({ outputDir: 'security-reports', categoryPrefix: 'security-scan', comment: 'always', retentionDays: 0 });
    expect(s.github).toEqual({ token: '' });
    expect(s.install.installScanners).toBe(true);
  });
  it('trivy and gitleaks settings', () => {
    expect(s.scanners.trivy).toEqual({
      scanType: 'filesystem',
      scanners: ['vuln', 'secret', 'misconfig'],
      ignoreUnfixed: false,
      skipDbUpdate: false,
      skipCheckUpdate: false,
      cacheDir: '',
      resultCache: false,
    });
    expect(s.scanners.gitleaks).toEqual({ mode: 'auto', config: '' });
  });
  it('is read-only', () => {
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.scan)).toBe(true);
    expect(Object.isFrozen(s.scan.scanners)).toBe(true);
    expect(Object.isFrozen(s.scanners.trivy)).toBe(true);
    expect(Object.isFrozen(s.scanners.trivy!.scanners)).toBe(true);
    expect(Object.isFrozen(s.install.scanners)).toBe(true);
    expect(() => (s.scan.images as string[]).push('x')).toThrow();
  });
});

describe('parseSettings reads inputs', () => {
  it('comma or newline lists, case-insensitive, de-duplicated, in the order given', () => {
    const s = parse({ scanners: 'Gitleaks,\n TRIVY , gitleaks', severity: 'CRITICAL,High,unknown', 'fail-on': 'HIGH' });
    expect(s.scan.scanners).toEqual(['gitleaks', 'trivy']);
    expect(s.scan.severities).toEqual(['critical', 'high', 'info']);
    expect(s.gate.failOn).toBe('high');
  });

  it.each([
    ['300', 300_000],
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2H', 7_200_000],
  ])('timeout %s → %i ms', (input, ms) => {
    expect(parse({ timeout: input }).scan.timeoutMs).toBe(ms);
  });

  it('only the selected scanners read their inputs', () => {
    const s = parse({ scanners: 'gitleaks', 'trivy-scan-type': 'nonsense' });
    expect(Object.keys(s.scanners)).toEqual(['gitleaks']);
  });

  it('trivy inputs', () => {
    const all = parse({
      'trivy-scan-type': 'Image',
      images: 'app:latest, ghcr.io/org/db:1.2\nredis@sha256:' + 'a'.repeat(64),
      'trivy-scanners': 'vuln,license',
      'ignore-unfixed': 'true',
    });
    const t = all.scanners.trivy!;
    expect(t.scanType).toBe('image');
    expect(all.scan.images).toEqual(['app:latest', 'ghcr.io/org/db:1.2', `redis@sha256:${'a'.repeat(64)}`]);
    expect(t.scanners).toEqual(['vuln', 'license']);
    expect(t.ignoreUnfixed).toBe(true);
  });

  it('category-prefix: a trailing slash is dropped', () => {
    expect(parse({ 'category-prefix': 'org/scan/' }).publish.categoryPrefix).toBe('org/scan');
  });
});

describe('bad inputs: ConfigurationError naming the input and what is allowed', () => {
  it('an unknown scanner name', () => {
    const e = configError({ scanners: 'trivy,trivvy' });
    expect(e.message).toContain("Input 'scanners'");
    expect(e.message).toContain("'trivvy'");
    for (const id of SCANNERS.map((s) => s.id)) expect(e.message).toContain(id);
    expect(e.message).toMatch(/allowed: /);
  });

  it('an empty scanner list', () => {
    const e = configError({ scanners: ' , ' });
    expect(e.message).toContain("Input 'scanners'");
    expect(e.message).toContain('trivy');
  });

  it('an invalid fail-on', () => {
    const e = configError({ 'fail-on': 'severe' });
    expect(e.message).toContain("Input 'fail-on'");
    expect(e.message).toContain("'severe'");
    expect(e.message).toContain(FAIL_ON.join(', '));
    expect(FAIL_ON).toEqual(['critical', 'high', 'medium', 'low', 'none']);
  });

  it('an invalid severity', () => {
    const e = configError({ severity: 'critical,urgent' });
    expect(e.message).toContain("Input 'severity'");
    expect(e.message).toContain("'urgent'");
    expect(e.message).toContain('unknown');
  });

  it.each(['soon', '5 minutes', '-5m', '1.5h', '5m30'])('a bad timeout %j', (value) => {
    const e = configError({ timeout: value });
    expect(e.message).toContain("Input 'timeout'");
    expect(e.message).toMatch(/90s, 5m or 1h30m|longer than zero/);
  });

  it.each(['0', '0s', '0m0s'])('a zero timeout %j is rejected (it would kill every scanner at once)', (value) => {
    const e = configError({ timeout: value });
    expect(e.message).toContain("Input 'timeout'");
  });

  it('a bad boolean', () => {
    const e = configError({ 'ignore-unfixed': 'maybe' });
    expect(e.message).toContain("Input 'ignore-unfixed'");
    expect(e.message).toContain('true or false');
  });

  it('trivy-scan-type image without images names both inputs', () => {
    const e = configError({ 'trivy-scan-type': 'image' });
    expect(e.message).toContain("'trivy-scan-type'");
    expect(e.message).toContain("'images'");
  });

  it('an invalid trivy-scan-type lists the scan types', () => {
    const e = configError({ 'trivy-scan-type': 'k8s' });
    expect(e.message).toContain("Input 'trivy-scan-type'");
    expect(e.message).toContain('filesystem, config, image, repository');
  });

  it('an unknown trivy scanner', () => {
    const e = configError({ 'trivy-scanners': 'vuln,config' });
    expect(e.message).toContain("Input 'trivy-scanners'");
    expect(e.message).toContain('vuln, secret, misconfig, license');
  });

  it.each(['--privileged', 'app latest'])('an image that is not an image reference: %j', (image) => {
    const e = configError({ images: `ok:1,${image}` });
    expect(e.message).toContain("Input 'images'");
  });

  it('an invalid gitleaks-mode', () => {
    const e = configError({ 'gitleaks-mode': 'history' });
    expect(e.message).toContain("Input 'gitleaks-mode'");
    expect(e.message).toContain('auto, dir, git');
  });

  it('a category-prefix with characters GitHub would not accept', () => {
    const e = configError({ 'category-prefix': 'my scan' });
    expect(e.message).toContain("Input 'category-prefix'");
  });
});

// planPaths (src/pipeline.ts) is tested in test/pipeline-paths.test.ts.

describe('every problem at once', () => {
  it('lists each bad input in one ConfigurationError, naming the input, the value and what is allowed', () => {
    const e = configError({
      scanners: 'trivy,gitleaks,checkov',
      'fail-on': 'severe',
      timeout: 'soon',
      'ignore-unfixed': 'maybe',
      'gitleaks-mode': 'history',
      'checkov-frameworks': 'terraform,bad-name',
      'trivy-version': 'latest',
    });
    expect(e.problems).toHaveLength(6);
    expect(e.message.split('\n')[0]).toBe('6 problems in the settings:');
    const expected = [
      "Input 'fail-on' is 'severe'; allowed: critical, high, medium, low, none.",
      "Input 'timeout' is 'soon'; use a duration such as 90s, 5m or 1h30m.",
      "Input 'ignore-unfixed' is 'maybe'; use true or false.",
      "Input 'gitleaks-mode' is 'history'; allowed: auto, dir, git.",
      "Input 'checkov-frameworks' has invalid value 'bad-name'",
      "Input 'trivy-version' is 'latest'; use an exact release version such as 0.75.0",
    ];
    for (const line of expected) expect(e.problems.some((p) => p.startsWith(line)), line).toBe(true);
    for (const p of e.problems) expect(e.message).toContain(`- ${p}`);
  });

  it('a single problem is the message itself', () => {
    const e = configError({ 'fail-on': 'severe' });
    expect(e.message).toBe("Input 'fail-on' is 'severe'; allowed: critical, high, medium, low, none.");
    expect(e.problems).toEqual([e.message]);
  });

  it('a scanner check that needs the scan settings is collected with the rest', () => {
    const e = configError({ 'trivy-scan-type': 'image', 'fail-on': 'x' });
    expect(e.problems).toHaveLength(2);
    expect(e.problems.some((p) => p.includes("'trivy-scan-type' is 'image' but input 'images' is empty"))).toBe(true);
  });
});

describe('sources', () => {
  it('later sources override earlier ones key by key (the inputs override a config file)', () => {
    const file = { gate: { failOn: 'critical' }, scan: { timeout: 'x' }, scanners: { trivy: { ignoreUnfixed: true, scanType: 'config' } } };
    const inputs = readInputs(reader({ 'trivy-scan-type': 'image', images: 'app:1' }), SCANNERS);
    const s = parseSettings(mergeSources({ gate: file.gate, scanners: file.scanners }, inputs), SCANNERS);
    expect(s.gate.failOn).toBe('critical');
    expect(s.scanners.trivy).toMatchObject({ ignoreUnfixed: true, scanType: 'image' });
    // An input at its default is what the runner passes for an unset one: it does not override the file.
    const atDefault = readInputs(reader({ 'trivy-scan-type': 'filesystem' }), SCANNERS);
    expect(parseSettings(mergeSources({ scanners: file.scanners }, atDefault), SCANNERS).scanners.trivy).toMatchObject({ scanType: 'config' });
  });

  it('typed values (a config file) parse like their input spellings', () => {
    const s = parseSettings({ scan: { scanners: ['gitleaks'], timeoutMs: 90 }, publish: { uploadSarif: false, retentionDays: 7 } }, SCANNERS);
    expect(s.scan.scanners).toEqual(['gitleaks']);
    expect(s.scan.timeoutMs).toBe(90_000);
    expect(s.publish).toMatchObject({ uploadSarif: false, retentionDays: 7 });
  });

  it('an unknown key in a section is a problem, not silently ignored', () => {
    expect(() => parseSettings({ gate: { failOnn: 'high' } }, SCANNERS)).toThrow(/'failOnn'/);
  });
});

describe('settings the gate could not keep', () => {
  it.each([
    ['low', 'high', 'CRITICAL, HIGH'],
    ['high,medium,low', 'high', 'CRITICAL'],
    ['critical', 'medium', 'HIGH, MEDIUM'],
  ])('severity %s with fail-on %s is an error naming both inputs and the levels left out (%s)', (severity, failOn, left) => {
    const e = configError({ severity, 'fail-on': failOn });
    expect(e.message).toContain(`Input 'fail-on' is '${failOn}', but input 'severity'`);
    expect(e.message).toContain(`leaves out ${left}`);
  });

  it.each([
    ['critical,high', 'high'],
    ['low', 'none'],
    ['critical', 'critical'],
  ])('severity %s with fail-on %s is fine', (severity, failOn) => {
    expect(parse({ severity, 'fail-on': failOn }).gate.failOn).toBe(failOn);
  });

  it.each([
    ['597h', /longer than the longest timer/],
    ['25000h', /longer than the longest timer/],
    ['500ms', /shorter than 1s/],
  ])('timeout %s is refused (Node fires longer timers at once)', (timeout, message) => {
    const e = configError({ timeout });
    expect(e.message).toContain("Input 'timeout'");
    expect(e.message).toMatch(message);
  });

  it('596h is the longest timeout accepted', () => {
    expect(parse({ timeout: '596h' }).scan.timeoutMs).toBe(596 * 3_600_000);
  });
});
