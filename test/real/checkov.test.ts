// Real Checkov (PyPI, built by `npm run setup:scanners`, run offline) on the bundled example tree and on a tree with
// five frameworks: the action's counts equal what Checkov's own JSON says, each JSON shape Checkov prints (one
// framework object, a list of frameworks, the summary-only object) is seen from the real binary and read, the
// `--soft-fail` exit codes are what the adapter relies on, and the severities, absent offline, are the documented
// inference (the table of which check got which severity is printed).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeExampleTree } from '../../scripts/example-tree.mjs';
import { runAction } from '../../scripts/run-action.mjs';
import { inferCheckovSeverity } from '../../src/scanners/checkov/severity.js';
import { builtVersion, realScannerGate, realScanners } from '../support/real-scanners.js';

const gate = realScannerGate(['checkov'], 'Checkov');

type Json = Record<string, unknown>;
interface FailedCheck { check_id: string; check_name: string; severity: unknown; file_path: string; file_line_range: [number, number]; resource: string }
interface CheckovReport { check_type: string; results: { failed_checks: FailedCheck[] }; summary: { failed: number; passed: number; checkov_version: string } }
interface Finding {
  ruleId: string;
  title: string;
  severity: string;
  location: { path?: string; startLine?: number };
  properties?: Record<string, unknown>;
  sources: { scanner: string; ruleId: string; severity: string }[];
}
interface Report {
  counts: Record<string, number>;
  accounting: { raw: number; reported: number; merged: number; filteredBySeverity: number };
  scanners: { id: string; state: string; error?: string; version?: string; rawCount: number; summary?: Record<string, unknown> }[];
  findings: Finding[];
}

/** A tree with CloudFormation, Kubernetes, a Dockerfile, a GitHub Actions workflow and Terraform. */
const MULTI_FRAMEWORK: Record<string, string> = {
  '.github/workflows/ci.yml': `name: ci
on: [push, pull_request_target]
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: echo "\${{ github.event.pull_request.title }}"
`,
  'cfn/stack.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
  Queue:
    Type: AWS::SQS::Queue
`,
  'k8s/pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: tool
spec:
  hostNetwork: true
  containers:
    - name: tool
      image: busybox
      securityContext:
        allowPrivilegeEscalation: true
`,
  'tf/db.tf': `resource "aws_db_instance" "db" {
  engine              = "mysql"
  instance_class      = "db.t3.micro"
  publicly_accessible = true
  storage_encrypted   = false
}
`,
  Dockerfile: 'FROM ubuntu:latest\nRUN apt-get update\nADD https://example.com/x.tar.gz /x\n',
};

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'checkov-tree-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** Checkov itself, the way the adapter runs it (cwd = the tree). */
function checkov(dir: string, args: string[]) {
  const r = spawnSync(realScanners.checkov, ['-d', '.', '-o', 'json', '--quiet', '--compact', ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** Runs the action with Checkov only. */
function scan(dir: string, inputs: Record<string, string> = {}) {
  const out = `reports-${Math.random().toString(36).slice(2, 8)}`;
  const run = runAction({
    workspace: dir,
    inputs: { scanners: 'checkov', 'checkov-path': realScanners.checkov, 'install-scanners': 'false', 'upload-sarif': 'false', comment: 'never', 'fail-on': 'none', 'output-dir': out, ...inputs },
  });
  const report = JSON.parse(readFileSync(join(dir, out, 'findings.json'), 'utf8')) as Report;
  rmSync(join(dir, out), { recursive: true, force: true });
  return { run, report, checkovState: report.scanners.find((s) => s.id === 'checkov')! };
}

const reportsOf = (doc: unknown): CheckovReport[] => (Array.isArray(doc) ? (doc as CheckovReport[]) : 'check_type' in (doc as Json) ? [doc as CheckovReport] : []);

/** What Checkov's JSON says, counted by the documented inference (Checkov gives no severity offline). */
function expectedFromCheckov(doc: unknown) {
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const keys: string[] = [];
  let failed = 0;
  for (const r of reportsOf(doc)) {
    failed += r.summary.failed;
    for (const c of r.results.failed_checks) {
      counts[inferCheckovSeverity(c.check_id, c.check_name).severity]! += 1;
      keys.push(`${c.check_id} ${c.file_path.replace(/^\/+/, '')}:${c.file_line_range[0] || ''}`);
    }
  }
  return { counts, keys: keys.sort(), failed };
}

const keysOf = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine ?? ''}`).sort();

/** The inference table as it applied: check → severity (row). */
const inferenceTable = new Map<string, string>();
const recorded = new Set<string>();
function recordInference(findings: Finding[]) {
  for (const f of findings) inferenceTable.set(f.ruleId, `${f.severity.padEnd(6)}  ${String(f.properties?.severityRule).padEnd(18)}  ${f.ruleId.padEnd(13)}  ${f.title}`);
}

describe.skipIf(gate.skip)(`Checkov ${builtVersion('checkov')?.version ?? ''} (real, offline)`, () => {
  let example: string;
  let multi: string;
  let empty: string;
  beforeAll(() => {
    gate.assertAvailable();
    example = mkdtempSync(join(tmpdir(), 'checkov-example-'));
    writeExampleTree(example);
    multi = tree(MULTI_FRAMEWORK);
    empty = tree({ 'README.md': '# nothing to check here\n' });
    const v = spawnSync(realScanners.checkov, ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(`[real scanners] checkov version: ${v} (${builtVersion('checkov')?.source ?? 'unknown source'})`);
  });

  it.each([
    ['the bundled example tree', () => example, ['kubernetes', 'dockerfile', 'terraform']],
    ['a five-framework tree', () => multi, ['cloudformation', 'kubernetes', 'dockerfile', 'github_actions', 'terraform']],
  ] as const)('%s: a list of framework reports; the action reports exactly its failed checks, counted by severity', (_label, dir, frameworks) => {
    const own = checkov(dir(), ['--soft-fail']);
    const said = `stdout: ${own.stdout.slice(0, 300)}\nstderr: ${own.stderr.slice(-2000)}`;
    expect(own.status, said).toBe(0);
    expect(Array.isArray(own.json), `several frameworks: Checkov prints a list; ${said}`).toBe(true);
    // the order of the list varies from run to run (Checkov runs the frameworks in parallel)
    expect(reportsOf(own.json).map((r) => r.check_type).sort()).toEqual([...frameworks].sort());
    // offline: no network error logged (the wrapper's variables), and no severity on any check
    expect(own.stderr).not.toMatch(/Failed to get the checkov mappings|prismacloud/);
    const failed = reportsOf(own.json).flatMap((r) => r.results.failed_checks);
    expect(failed.length).toBeGreaterThan(10);
    expect(failed.every((c) => c.severity === null)).toBe(true);

    const expected = expectedFromCheckov(own.json);
    const { run, report, checkovState } = scan(dir());
    expect(checkovState.state, checkovState.error).toBe('ok');
    expect(run.status).toBe(0);
    expect(checkovState.version).toBe('3.3.30');
    expect(checkovState.rawCount).toBe(expected.failed);
    expect(checkovState.summary).toMatchObject({ failed: expected.failed, inferredSeverities: expected.failed, checkovVersion: '3.3.30' });
    expect(String(checkovState.summary?.frameworks).split(',').sort()).toEqual([...frameworks].sort());
    expect(report.accounting).toMatchObject({ raw: expected.failed, reported: expected.failed, merged: 0, filteredBySeverity: 0 });
    expect(report.counts).toEqual(expected.counts);
    expect(keysOf(report.findings)).toEqual(expected.keys);
    // every severity is marked as inferred and names the table row it came from
    for (const f of report.findings) {
      const inferred = inferCheckovSeverity(f.ruleId, f.title);
      expect(f.sources[0]!.severity).toBe(`inferred:${inferred.severity.toUpperCase()}`);
      expect(f.properties).toMatchObject({ severityInferred: true, severityRule: inferred.row });
    }
    recordInference(report.findings);
    recorded.add(dir());
  }, 300_000);

  it('one framework (--framework terraform): a single report object, read the same way', () => {
    const own = checkov(example, ['--soft-fail', '--framework', 'terraform']);
    expect(own.status).toBe(0);
    expect(Array.isArray(own.json)).toBe(false);
    expect((own.json as CheckovReport).check_type).toBe('terraform');
    const expected = expectedFromCheckov(own.json);
    expect(expected.failed).toBeGreaterThan(0);
    const { report, checkovState } = scan(example, { 'checkov-frameworks': 'terraform' });
    expect(checkovState.state).toBe('ok');
    expect(checkovState.summary).toMatchObject({ failed: expected.failed, frameworks: 'terraform' });
    expect(report.counts).toEqual(expected.counts);
    expect(keysOf(report.findings)).toEqual(expected.keys);
    expect(new Set(report.findings.map((f) => f.location.path))).toEqual(new Set(['infra/main.tf']));
  }, 300_000);

  it('nothing to check: the summary-only object, which is no findings and not an error', () => {
    const own = checkov(empty, ['--soft-fail']);
    expect(own.status).toBe(0);
    expect(own.json).toEqual({ passed: 0, failed: 0, skipped: 0, parsing_errors: 0, resource_count: 0, checkov_version: '3.3.30' });
    const { run, report, checkovState } = scan(empty);
    expect(run.status).toBe(0);
    expect(checkovState.state).toBe('ok');
    expect(checkovState.rawCount).toBe(0);
    expect(report.findings).toEqual([]);
  }, 300_000);

  it('exit codes: 1 with failed checks, 0 with --soft-fail or nothing failed, 2 for a usage error (the adapter fails Checkov on it)', () => {
    expect(checkov(example, []).status).toBe(1);
    expect(checkov(example, ['--soft-fail']).status).toBe(0);
    expect(checkov(empty, []).status).toBe(0);
    const bad = checkov(example, ['--soft-fail', '--framework', 'nosuch']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Invalid frameworks specified: nosuch');

    // a framework name that passes the input's syntax check but that Checkov rejects: Checkov failed, step blocked
    const { run, checkovState, report } = scan(example, { 'checkov-frameworks': 'nosuch' });
    expect(checkovState.state).toBe('failed');
    expect(checkovState.error).toContain('exited with code 2');
    expect(checkovState.error).toContain('Invalid frameworks specified: nosuch');
    expect(report.findings).toEqual([]);
    expect(run.status).toBe(1);
  }, 300_000);

  it('the inferred severities, check by check (printed), follow the documented rows', () => {
    // filled by the two tree tests above; a tree they did not get through (run on its own with -t) is scanned here
    for (const dir of [example, multi]) if (!recorded.has(dir)) recordInference(scan(dir).report.findings);
    expect(inferenceTable.size).toBeGreaterThan(20);
    console.log(`[checkov] inferred severities (Checkov ${builtVersion('checkov')?.version} gives none offline):\n${[...inferenceTable.values()].sort().join('\n')}`);
    const severityOf = (id: string) => inferenceTable.get(id)?.split(/\s+/).slice(0, 2).join(' ');
    // a few anchors of each row, as Checkov 3.3.30 names these checks
    expect(severityOf('CKV_K8S_16')).toBe('high privileged'); // Container should not be privileged
    expect(severityOf('CKV_AWS_24')).toBe('high public-access'); // no security groups allow ingress from 0.0.0.0:0 to port 22
    expect(severityOf('CKV_AWS_16')).toBe('high encryption'); // RDS encrypted at rest
    expect(severityOf('CKV_AWS_18')).toBe('low logging-monitoring'); // S3 bucket access logging
    expect(severityOf('CKV_K8S_14')).toBe('low hygiene'); // Image Tag should be fixed - not latest or blank
    expect(severityOf('CKV_K8S_12')).toBe('medium default'); // Memory requests should be set
    const rows = new Set([...inferenceTable.values()].map((l) => l.split(/\s+/)[1]));
    for (const row of ['privileged', 'public-access', 'encryption', 'logging-monitoring', 'hygiene', 'default']) expect(rows.has(row), row).toBe(true);
  }, 300_000);
});
