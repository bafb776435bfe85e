// All five scanners through dist/index.js on one pull request: the Trivy release and native Gitleaks (git mode on the
// PR's commits) and Checkov as real binaries, Snyk as a stand-in that prints a recorded `snyk test --json` output
// (Snyk needs an account), Falco as recorded events (it needs a kernel driver). Each SARIF file passes the
// Multitool's GitHub rules; every scanner's version is printed.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleSecrets } from '../../scripts/example-tree.mjs';
import { runAction } from '../../scripts/run-action.mjs';
import { GitRepo, pullRequestEvent } from '../support/git-repo.js';
import { multitoolUnavailableReason, validateSarifFiles } from '../support/multitool.js';
import { builtVersion, realScannerGate, realScanners } from '../support/real-scanners.js';

const gate = realScannerGate(['trivy', 'gitleaks', 'checkov'], 'Trivy, Gitleaks and Checkov (five-scanner e2e)');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

interface Report {
  decision: string;
  counts: Record<string, number>;
  accounting: { raw: number; reported: number; merged: number; filteredBySeverity: number; filteredByScanner?: number };
  scanners: { id: string; displayName: string; state: string; error?: string; version?: string; rawCount: number; durationMs: number }[];
  findings: { kind: string; location: { path?: string; startLine?: number }; properties?: Record<string, unknown>; sources: { scanner: string; ruleId: string }[] }[];
}

/** A stand-in `snyk` that answers like CLI 1.1307.4 and prints a recorded output (exit 1: issues found). */
function fakeSnyk(dir: string, recorded: string): string {
  const file = join(dir, 'snyk');
  writeFileSync(file, `#!/bin/sh\ncase "$1" in --version) echo "1.1307.4"; exit 0;; test) cat "${recorded}"; exit 1;; esac\necho "unexpected: $*" >&2; exit 2\n`);
  chmodSync(file, 0o755);
  return file;
}

describe.skipIf(gate.skip)('five scanners end to end on a pull request (dist/index.js)', () => {
  let repo: GitRepo;
  let base: string;
  let head: string;
  let run: ReturnType<typeof runAction>;
  let report: Report;
  const secrets = exampleSecrets();
  const snykToken = ['snyk', 'test', 'only', String(Date.now())].join('-');

  beforeAll(() => {
    gate.assertAvailable();
    repo = GitRepo.init('five-ws-');
    // main: the IaC and the app, no credentials
    repo.commit('service and its infrastructure', {
      'infra/main.tf': 'resource "aws_s3_bucket" "assets" {\n  bucket = "example-shop-assets"\n  acl    = "public-read"\n}\n',
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  selector:\n    matchLabels: { app: shop }\n  template:\n    metadata:\n      labels: { app: shop }\n    spec:\n      containers:\n        - name: shop\n          image: example/shop:latest\n          securityContext:\n            privileged: true\n',
      'app/Dockerfile': 'FROM node:18\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      'app/server.js': "require('http').createServer((_, res) => res.end('ok')).listen(8080);\n",
    });
    base = repo.head();
    // the pull request: two commits that add credentials
    repo.checkout('feature', true);
    repo.commit('config', { 'app/config.js': `module.exports = {\n  githubToken: '${secrets.githubToken}',\n  slackHook: '${secrets.slackWebhook}',\n};\n` });
    head = repo.commit('deploy script', { 'scripts/deploy.sh': `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${secrets.awsAccessKeyId}\nterraform -chdir=infra apply\n` });
    // what earlier steps of the job left in the workspace (not committed): Falco's captured events
    mkdirSync(join(repo.dir, 'captured'));
    copyFileSync(join(FIXTURES, 'falco', 'falco-docs-mixed-events.jsonl'), join(repo.dir, 'captured', 'falco-events.jsonl'));

    const tools = mkdtempSync(join(tmpdir(), 'five-tools-'));
    run = runAction({
      workspace: repo.dir,
      inputs: {
        scanners: 'trivy,gitleaks,checkov,snyk,falco',
        'trivy-path': realScanners.trivy,
        'trivy-scanners': 'misconfig,secret', // offline: no vulnerability DB here
        'trivy-skip-check-update': 'true',
        'gitleaks-path': realScanners.gitleaks,
        'checkov-path': realScanners.checkov,
        'snyk-path': fakeSnyk(tools, join(FIXTURES, 'snyk', 'snyk-test-npm-goof.json')),
        'falco-events': 'captured/falco-events.jsonl',
        'install-scanners': 'false',
        'upload-sarif': 'false',
        comment: 'never',
        'fail-on': 'none',
      },
      env: { ...pullRequestEvent(mkdtempSync(join(tmpdir(), 'five-event-')), base, head), SNYK_TOKEN: snykToken },
    });
    report = JSON.parse(readFileSync(join(repo.dir, 'security-reports', 'findings.json'), 'utf8')) as Report;
    console.log(
      `[real scanners] versions in this run:\n${report.scanners
        .map((s) => `  ${s.displayName.padEnd(9)} ${String(s.version ?? '(no binary)').padEnd(12)} ${s.state.padEnd(6)} ${String(s.rawCount).padStart(4)} raw findings  ${
          { trivy: `release build, ${builtVersion('trivy')?.source}`, gitleaks: `native, ${builtVersion('gitleaks')?.source}`, checkov: builtVersion('checkov')?.source, snyk: 'stand-in printing test/fixtures/snyk/snyk-test-npm-goof.json', falco: 'recorded events test/fixtures/falco/falco-docs-mixed-events.jsonl' }[s.id]
        }`)
        .join('\n')}`,
    );
  }, 600_000);

  it('all five ran, each with its version, and the step proceeds with fail-on: none', () => {
    expect(report.scanners.map((s) => [s.id, s.state, s.error])).toEqual([
      ['trivy', 'ok', undefined],
      ['gitleaks', 'ok', undefined],
      ['checkov', 'ok', undefined],
      ['snyk', 'ok', undefined],
      ['falco', 'ok', undefined],
    ]);
    const version = (id: string) => report.scanners.find((s) => s.id === id)!.version;
    expect(version('trivy')).toBe(builtVersion('trivy')!.version);
    expect(version('gitleaks')).toBe('8.30.1');
    expect(version('checkov')).toBe('3.3.30');
    expect(version('snyk')).toBe('1.1307.4');
    for (const s of report.scanners) expect(s.rawCount, s.id).toBeGreaterThan(0);
    expect(run.status).toBe(0);
    expect(run.outputs.decision).toBe('PROCEED');
    const a = report.accounting;
    expect(a.reported + a.merged + a.filteredBySeverity + (a.filteredByScanner ?? 0)).toBe(a.raw);
  });

  it('Gitleaks scanned the PR’s commits, and each credential is one finding from Trivy (files) and Gitleaks (commits)', () => {
    expect(run.stdout).toContain(`gitleaks: scanning commits --no-merges ${base}..${head}`);
    const secretsFound = report.findings.filter((f) => f.kind === 'secret');
    expect(secretsFound.map((f) => `${f.location.path}:${f.location.startLine}`).sort()).toEqual(['app/config.js:2', 'app/config.js:3', 'scripts/deploy.sh:2']);
    for (const f of secretsFound) expect(new Set(f.sources.map((s) => s.scanner))).toEqual(new Set(['trivy', 'gitleaks']));
    // Gitleaks' three come from the history (the merged finding keeps the lead source's properties, so the commit
    // attribution itself is checked in gitleaks-git.test.ts)
    expect(report.scanners.find((s) => s.id === 'gitleaks')!.rawCount).toBe(3);
    expect(report.accounting.merged).toBe(3);
  });

  it('writes one SARIF file per scanner, each with 0 errors under the Multitool’s GitHub rules', () => {
    const dir = join(repo.dir, 'security-reports', 'sarif');
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['checkov.sarif', 'falco.sarif', 'gitleaks.sarif', 'snyk.sarif', 'trivy.sarif']);
    const unavailable = multitoolUnavailableReason();
    if (unavailable) {
      if (process.env.CI) throw new Error(`cannot validate SARIF in CI: ${unavailable}`);
      return console.warn(`Multitool check skipped: ${unavailable}`);
    }
    const reports = validateSarifFiles(files.map((f) => join(dir, f)));
    for (const [file, r] of reports) expect(r.errors, `${file}: ${JSON.stringify(r.errors)}`).toEqual([]);
  }, 180_000);

  it('no credential and no token reaches the log, the summary or any report', () => {
    const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : [join(d, e.name)]));
    const everything = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), ...files(join(repo.dir, 'security-reports')).map((f) => readFileSync(f, 'utf8'))].join('\n');
    for (const [name, value] of Object.entries(secrets)) expect(everything.includes(value.slice(-16)), name).toBe(false);
    expect(everything.includes(snykToken)).toBe(false);
  });
});
