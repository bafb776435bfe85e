import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkov, checkovArgs, parseCheckov, type CheckovSettings } from '../../../src/scanners/checkov/index.js';
import { CHECKOV_OFFLINE_ENV } from '../../../src/scanners/checkov/install.js';
import { CHECKOV_SEVERITY_TABLE, inferCheckovSeverity } from '../../../src/scanners/checkov/severity.js';
import { scannerSettings, settingsFor } from '../../support/settings.js';
import { ConfigurationError, ScannerError } from '../../../src/errors.js';
import { SEVERITIES, type RawFinding, type Severity } from '../../../src/findings/model.js';
import type { CommandOptions, CommandResult, CommandRunner } from '../../../src/scanners/process.js';
import { scanContext } from '../../support/scan-context.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'checkov');
const load = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const MULTI = 'defectdojo-checkov-report-multiple-check_type.json';
const SUMMARY_ONLY = 'skyfjell-results_json-no-resources.json';

type Raw = Record<string, unknown>;
type RawReport = { check_type: string; results: Record<string, Raw[]>; summary: Record<string, number | string> };

function zero(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

function countBySeverity(findings: readonly RawFinding[]): Record<Severity, number> {
  const c = zero();
  for (const f of findings) c[f.severity] += 1;
  return c;
}

/** What the raw documents say, computed without the parser: failed checks per check_type and their severities. */
function expectedFromRaw(reports: RawReport[]) {
  const perType: Record<string, number> = {};
  const bySeverity = zero();
  let passed = 0;
  for (const r of reports) {
    const failed = r.results['failed_checks'] ?? [];
    perType[r.check_type] = failed.length;
    passed += (r.results['passed_checks'] ?? []).length;
    for (const c of failed) {
      const given = typeof c['severity'] === 'string' ? (c['severity'].toLowerCase() as Severity) : undefined;
      bySeverity[given ?? inferCheckovSeverity(String(c['check_id']), String(c['check_name'])).severity] += 1;
    }
  }
  return { perType, bySeverity, passed };
}

const multi = (): RawReport[] => JSON.parse(load(MULTI)) as RawReport[];

/** Each case is a real output or a reshaping of one done at test time (never a hand-written report). */
const SHAPES: { name: string; text: () => string; reports: () => RawReport[] }[] = [
  { name: 'list of reports (two frameworks ran)', text: () => load(MULTI), reports: multi },
  { name: 'one report object (terraform only)', text: () => JSON.stringify(multi()[0]), reports: () => [multi()[0]!] },
  { name: 'one report object (dockerfile only)', text: () => JSON.stringify(multi()[1]), reports: () => [multi()[1]!] },
  {
    name: '--quiet shape (failed checks only)',
    text: () => JSON.stringify(multi().map((r) => ({ check_type: r.check_type, results: { failed_checks: r.results['failed_checks'] }, summary: r.summary }))),
    reports: () => multi().map((r) => ({ ...r, results: { failed_checks: r.results['failed_checks']! } })),
  },
  {
    name: "full-report shape ('checks' instead of 'results')",
    text: () => JSON.stringify(multi().map(({ results, ...rest }) => ({ ...rest, checks: results }))),
    reports: multi,
  },
  { name: 'summary-only (nothing scanned)', text: () => load(SUMMARY_ONLY), reports: () => [] },
];

describe('checkov parse: counts per severity equal the raw files’ own counts (failed only)', () => {
  it.each(SHAPES)('$name', ({ text, reports }) => {
    const parsed = parseCheckov(text());
    const expected = expectedFromRaw(reports());
    const perType: Record<string, number> = {};
    for (const f of parsed.findings) {
      const t = String(f.properties?.['checkType']);
      perType[t] = (perType[t] ?? 0) + 1;
    }
    expect(perType).toEqual(expected.perType);
    expect(countBySeverity(parsed.findings)).toEqual(expected.bySeverity);
    expect(parsed.findings.every((f) => f.kind === 'misconfiguration' && f.source.scanner === 'checkov')).toBe(true);
  });

  it('the multi-framework fixture: 11 terraform + 2 dockerfile failures, 15 passed checks left out', () => {
    const raw = multi();
    const parsed = parseCheckov(load(MULTI));
    const failedIds = new Set(raw.flatMap((r) => r.results['failed_checks']!.map((c) => String(c['check_id']))));
    const passedOnly = raw.flatMap((r) => r.results['passed_checks']!.map((c) => String(c['check_id']))).filter((id) => !failedIds.has(id));
    expect(raw.map((r) => r.results['failed_checks']!.length)).toEqual([11, 2]);
    expect(parsed.findings).toHaveLength(13);
    expect(passedOnly.length).toBeGreaterThan(0);
    for (const id of passedOnly) expect(parsed.findings.some((f) => f.ruleId === id)).toBe(false);
    // the summary adds up the per-framework summaries
    const sum = (k: string) => raw.reduce((n, r) => n + Number(r.summary[k]), 0);
    expect(parsed.summary).toMatchObject({
      passed: sum('passed'),
      failed: sum('failed'),
      skipped: sum('skipped'),
      resourceCount: sum('resource_count'),
      frameworks: 'terraform,dockerfile',
      checkovVersion: '2.0.209',
      inferredSeverities: 13,
    });
  });

  it('the summary-only output gives no finding and keeps the version', () => {
    const parsed = parseCheckov(load(SUMMARY_ONLY));
    expect(parsed.findings).toEqual([]);
    expect(parsed.summary).toMatchObject({ passed: 0, failed: 0, resourceCount: 0, checkovVersion: '2.1.87', frameworks: '' });
  });
});

describe('checkov parse: every field mapped', () => {
  const raw = multi();
  const parsed = parseCheckov(load(MULTI));
  const records = raw.flatMap((r) => r.results['failed_checks']!.map((c) => ({ c, checkType: r.check_type })));

  it.each(records.map((r, i) => ({ ...r, i, id: String(r.c['check_id']) })))('$checkType $id', ({ c, checkType, i }) => {
    const f = parsed.findings[i]!;
    const range = c['file_line_range'] as number[];
    const inferred = inferCheckovSeverity(String(c['check_id']), String(c['check_name']));
    expect(f.ruleId).toBe(c['check_id']);
    expect(f.title).toBe(String(c['check_name']).trim());
    expect(f.location.path).toBe(String(c['file_path']).replace(/^\//, ''));
    expect(f.location.path?.startsWith('/')).toBe(false);
    if (range[0]! >= 1) expect([f.location.startLine, f.location.endLine]).toEqual(range);
    else expect(f.location.startLine).toBeUndefined();
    expect(f.properties?.['resource']).toBe(c['resource']);
    expect(f.properties?.['checkType']).toBe(checkType);
    expect(f.properties?.['checkClass']).toBe(c['check_class']);
    const keys = (c['check_result'] as Raw)['evaluated_keys'] as string[] | undefined;
    expect(f.properties?.['evaluatedKeys']).toEqual(keys && keys.length > 0 ? keys : undefined);
    if (typeof c['guideline'] === 'string') {
      expect(f.references).toEqual([c['guideline']]);
      expect(f.remediation).toContain(c['guideline']);
    } else {
      expect(f.references).toBeUndefined();
    }
    // no severity in Checkov 2.0.209 output: inferred and marked
    expect(f.severity).toBe(inferred.severity);
    expect(f.source).toEqual({ scanner: 'checkov', ruleId: c['check_id'], severity: `inferred:${inferred.severity.toUpperCase()}` });
    expect(f.properties?.['severityInferred']).toBe(true);
    expect(f.properties?.['severityRule']).toBe(inferred.row);
  });

  it('maps the first terraform failure as expected', () => {
    expect(parsed.findings[0]).toMatchObject({
      ruleId: 'CKV_AWS_161',
      location: { path: 'aws/db-app.tf', startLine: 1, endLine: 41 },
      properties: { resource: 'aws_db_instance.default', checkType: 'terraform' },
    });
  });

  it('a whole-file Dockerfile finding ([0, 0]) has a path but no line region', () => {
    const docker = parsed.findings.filter((f) => f.properties?.['checkType'] === 'dockerfile');
    expect(docker.map((f) => f.ruleId)).toEqual(['CKV_DOCKER_3', 'CKV_DOCKER_2']);
    for (const f of docker) expect(f.location).toEqual({ path: 'aws/resources/Dockerfile' });
  });
});

describe('checkov severity', () => {
  /** Severity Checkov gives (with an API key) wins over the table; null or unknown words are inferred. */
  const withSeverity = (severity: unknown) => {
    const raw = multi();
    const first = raw[0]!.results['failed_checks']![0]!;
    return JSON.stringify({ ...raw[0], results: { failed_checks: [{ ...first, severity }] } });
  };

  it.each([
    { given: 'HIGH', severity: 'high', source: 'HIGH' },
    { given: 'critical', severity: 'critical', source: 'CRITICAL' },
    { given: { name: 'LOW', level: 1 }, severity: 'low', source: 'LOW' },
  ] as const)('uses Checkov’s severity $given', ({ given, severity, source }) => {
    const [f] = parseCheckov(withSeverity(given)).findings;
    expect(f?.severity).toBe(severity);
    expect(f?.source.severity).toBe(source);
    expect(f?.properties?.['severityInferred']).toBeUndefined();
  });

  it.each([null, 'UNKNOWN', 7])('infers when Checkov gives %j', (given) => {
    const [f] = parseCheckov(withSeverity(given)).findings;
    expect(f?.source.severity).toBe('inferred:MEDIUM'); // CKV_AWS_161, IAM authentication: no table row → medium
    expect(f?.properties?.['severityInferred']).toBe(true);
  });

  it.each([
    ['CKV_SECRET_2', 'AWS Access Key', 'high', 'secret'],
    ['CKV_K8S_16', 'Container should not be privileged', 'high', 'privileged'],
    ['CKV_K8S_20', 'Containers should not run with allowPrivilegeEscalation', 'high', 'privileged'],
    ['CKV_AWS_62', 'Ensure IAM policies that allow full "*-*" administrative privileges are not created', 'high', 'iam-wildcard'],
    ['CKV_AWS_355', 'Ensure no IAM policies documents allow "*" as a statement\'s resource for restrictable actions', 'high', 'iam-wildcard'],
    ['CKV_AWS_24', 'Ensure no security groups allow ingress from 0.0.0.0:0 to port 22', 'high', 'public-access'],
    ['CKV_AWS_17', 'Ensure all data stored in RDS is not publicly accessible', 'high', 'public-access'],
    ['CKV_AWS_35', 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs', 'high', 'encryption'],
    ['CKV_AWS_16', 'Ensure all data stored in the RDS is securely encrypted at rest', 'high', 'encryption'],
    ['CKV_AWS_18', 'Ensure the S3 bucket has access logging enabled', 'low', 'logging-monitoring'],
    ['CKV_AWS_126', 'Ensure that detailed monitoring is enabled for EC2 instances', 'low', 'logging-monitoring'],
    ['CKV_AWS_157', 'Ensure that RDS instances have Multi-AZ enabled', 'low', 'hygiene'],
    ['CKV_DOCKER_2', 'Ensure that HEALTHCHECK instructions have been added to container images ', 'low', 'hygiene'],
    ['CKV2_AWS_17', 'Ensure that EC2 instances belong to a VPC', 'medium', 'default'],
    ['CKV_DOCKER_3', 'Ensure that a user for the container has been created', 'medium', 'default'],
  ] as const)('%s "%s" → %s (%s)', (id, name, severity, row) => {
    expect(inferCheckovSeverity(id, name)).toEqual({ severity, row });
  });

  it('the table only uses severities of the model and has unique rows', () => {
    for (const r of CHECKOV_SEVERITY_TABLE) expect(SEVERITIES).toContain(r.severity);
    expect(new Set(CHECKOV_SEVERITY_TABLE.map((r) => r.id)).size).toBe(CHECKOV_SEVERITY_TABLE.length);
  });
});

describe('checkov parse errors', () => {
  it.each([
    ['bad JSON', '{"check_type": "terraform", "results": '],
    ['empty output', '  \n'],
    ['a JSON object of another tool', '{"Results": []}'],
    ['a non-object report in a list', '[1]'],
    ['failed_checks not a list', '{"check_type":"terraform","results":{"failed_checks":{}},"summary":{}}'],
    ['a failed check without check_id', '{"check_type":"terraform","results":{"failed_checks":[{"check_name":"x"}]},"summary":{}}'],
  ])('%s → ScannerError naming checkov', (_name, text) => {
    let error: unknown;
    try {
      parseCheckov(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScannerError);
    expect((error as ScannerError).scanner).toBe('checkov');
    expect((error as ScannerError).message).toMatch(/^checkov: /);
  });

  it('tolerates a warning line printed before the JSON', () => {
    const parsed = parseCheckov(`2024-01-01 12:00:00 [WARNI] Failed to download module\n${load(MULTI)}`);
    expect(parsed.findings).toHaveLength(13);
  });
});

describe('checkov settings', () => {
  it('reads frameworks and skip-checks as comma lists', () => {
    expect(scannerSettings('checkov', { 'checkov-frameworks': 'terraform, Dockerfile,terraform', 'checkov-skip-checks': 'CKV_AWS_20, CKV_K8S_*,LOW' })).toEqual({
      frameworks: ['terraform', 'dockerfile'],
      skipChecks: ['CKV_AWS_20', 'CKV_K8S_*', 'LOW'],
    });
  });

  it.each(['', 'all', 'terraform,all'])("frameworks %j → all (no --framework)", (v) => {
    expect(scannerSettings('checkov', { 'checkov-frameworks': v }).frameworks).toEqual([]);
  });

  it.each([
    ['checkov-frameworks', 'terra form'],
    ['checkov-frameworks', '--external-checks-dir=/tmp'],
    ['checkov-skip-checks', '--soft-fail'],
    ['checkov-skip-checks', 'CKV_AWS_1;rm'],
  ])('%s=%j → ConfigurationError naming the input', (input, value) => {
    expect(() => scannerSettings('checkov', { [input]: value })).toThrow(ConfigurationError);
    expect(() => scannerSettings('checkov', { [input]: value })).toThrow(`'${input}'`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// run() with a fake CommandRunner

interface Call {
  command: string;
  args: readonly string[];
  options: CommandOptions;
}

function fakeRunner(respond: (args: readonly string[]) => { exitCode: number | null; stdout?: string; stderr?: string; timedOut?: boolean }) {
  const calls: Call[] = [];
  const runner: CommandRunner = {
    async run(command, args, options): Promise<CommandResult> {
      calls.push({ command, args, options });
      const r = respond(args);
      if (options.stdoutFile) writeFileSync(options.stdoutFile, r.stdout ?? '');
      return {
        exitCode: r.exitCode,
        signal: r.exitCode === null ? 'SIGKILL' : null,
        timedOut: r.timedOut ?? false,
        stderr: r.stderr ?? '',
        stdout: options.stdoutFile ? '' : (r.stdout ?? ''),
        durationMs: 1,
      };
    },
  };
  return { runner, calls };
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function context(settings: CheckovSettings, runner: CommandRunner) {
  const tempDir = mkdtempSync(join(tmpdir(), 'checkov-test-'));
  tempDirs.push(tempDir);
  const { scan } = settingsFor({ scanners: 'checkov', timeout: '5m' });
  const ctx = scanContext<CheckovSettings>({ scan, settings, scanRoot: '/work/repo/infra', workspace: '/work/repo', tempDir, binary: '/opt/checkov/bin/checkov', runner });
  return { ctx, tempDir };
}

describe('checkov run', () => {
  const settings = scannerSettings('checkov', { 'checkov-frameworks': 'terraform,dockerfile', 'checkov-skip-checks': 'CKV_AWS_20,CKV_K8S_*' });

  it('builds the argv: scan root, JSON, quiet, compact, soft-fail, frameworks and skip-checks as comma lists', () => {
    expect(checkovArgs('/work/repo/infra', settings)).toEqual([
      '--directory=/work/repo/infra', '-o', 'json', '--quiet', '--compact', '--soft-fail',
      '--framework', 'terraform,dockerfile', '--skip-check', 'CKV_AWS_20,CKV_K8S_*',
    ]);
    expect(checkovArgs('/src', scannerSettings('checkov', {}))).toEqual(['--directory=/src', '-o', 'json', '--quiet', '--compact', '--soft-fail']);
    // The trusted config, when there is one.
    expect(checkovArgs('/src', scannerSettings('checkov', {}), '/t/c.yaml')).toEqual(['--directory=/src', '-o', 'json', '--quiet', '--compact', '--soft-fail', '--config-file', '/t/c.yaml']);
  });

  it('runs the binary with that argv, streams stdout to a file in its temp dir and reads the version', async () => {
    const { runner, calls } = fakeRunner((args) => (args[0] === '--version' ? { exitCode: 0, stdout: '3.2.91\n' } : { exitCode: 0, stdout: load(MULTI) }));
    const { ctx, tempDir } = context(settings, runner);
    const run = await checkov.run(ctx);
    expect(run.version).toBe('3.2.91');
    const scan = calls.find((c) => c.args[0]!.startsWith('--directory='))!;
    expect(scan.command).toBe('/opt/checkov/bin/checkov');
    expect(scan.args).toEqual(checkovArgs('/work/repo/infra', settings));
    expect(scan.options.stdoutFile).toBe(join(tempDir, 'checkov.json'));
    // Not the scanned tree: Checkov would read a .checkov.yaml from its working directory.
    expect(scan.options.cwd).toBe(tempDir);
    expect(scan.options.timeoutMs).toBeGreaterThan(0);
    expect(scan.options.timeoutMs).toBeLessThanOrEqual(5 * 60_000);
    expect(scan.options.env).toEqual({ ...CHECKOV_OFFLINE_ENV, PATH: '/usr/bin' });
    expect(run.outputs).toEqual([{ file: join(tempDir, 'checkov.json') }]);
    expect(checkov.parse(readFileSync(run.outputs[0]!.file, 'utf8'), {}).findings).toHaveLength(13);
  });

  it.each([
    ['a crash (exit 1 despite --soft-fail)', { exitCode: 1, stderr: 'Traceback (most recent call last):\nKeyError: x' }, /exited with code 1[\s\S]*KeyError/],
    ['a usage error (exit 2)', { exitCode: 2, stderr: 'checkov: error: unrecognized arguments' }, /exited with code 2[\s\S]*unrecognized/],
    ['a timeout', { exitCode: null, timedOut: true }, /timed out/],
  ])('%s → ScannerError naming checkov', async (_name, result, message) => {
    const { runner } = fakeRunner((args) => (args[0] === '--version' ? { exitCode: 0, stdout: '3.2.91' } : result));
    const { ctx } = context(settings, runner);
    const error = await checkov.run(ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ScannerError);
    expect((error as ScannerError).scanner).toBe('checkov');
    expect((error as ScannerError).message).toMatch(message);
  });

  it('probes the version beside the scan, not before it (the probe is a Python start-up: 1–2 s)', async () => {
    let scanStarted!: () => void;
    const started = new Promise<string>((resolve) => (scanStarted = () => resolve('the scan started')));
    const order: string[] = [];
    const result = (stdout: string): CommandResult => ({ exitCode: 0, signal: null, timedOut: false, stderr: '', stdout, durationMs: 1 });
    const runner: CommandRunner = {
      async run(_command, args, options) {
        if (args[0] === '--version') {
          // Answers once the scan has started, or after 3 s if it never does while the probe is out.
          order.push(`version answered after ${await Promise.race([started, new Promise<string>((r) => setTimeout(() => r('3 s'), 3000))])}`);
          return result('3.2.91\n');
        }
        scanStarted();
        writeFileSync(options.stdoutFile!, load(MULTI));
        return result('');
      },
    };
    const run = await checkov.run(context(settings, runner).ctx);
    expect(run.version).toBe('3.2.91');
    expect(order).toEqual(['version answered after the scan started']);
  });

  it('spawns the scan before the version probe: the scan is what the run waits for', async () => {
    const { runner, calls } = fakeRunner((args) => (args[0] === '--version' ? { exitCode: 0, stdout: '3.2.91' } : { exitCode: 0, stdout: load(MULTI) }));
    const run = await checkov.run(context(settings, runner).ctx);
    expect(calls.map((c) => (c.args[0] === '--version' ? 'probe' : 'scan'))).toEqual(['scan', 'probe']);
    expect(run.version).toBe('3.2.91');
  });

  it('declares its binary and install hint', () => {
    expect(checkov.id).toBe('checkov');
    expect(checkov.binary).toMatchObject({ name: 'checkov', pathInput: 'checkov-path' });
    expect(checkov.binary?.installHint).toMatch(/pipx install checkov/);
    expect(checkov.binary?.installHint).toMatch(/pip install checkov/);
  });
});
