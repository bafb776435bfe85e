import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  gitleaks,
  buildGitleaksArgs,
  chooseMode,
  gitLogOpts,
  gitleaksSeverity,
  parseGitleaks,
  type GitleaksSettings,
} from '../../../src/scanners/gitleaks/index.js';
import { ScannerError } from '../../../src/errors.js';
import type { RawFinding, Severity } from '../../../src/findings/model.js';
import type { EventInfo } from '../../../src/scanners/types.js';
import { scanContext } from '../../support/scan-context.js';
import type { CommandResult, CommandRunner } from '../../../src/scanners/process.js';
import { scannerSettings, settingsFor } from '../../support/settings.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'gitleaks');
const FILES = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();
const load = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

/** The documented severity choice for the rule ids in the fixtures, written out here. */
const EXPECTED_SEVERITY: Record<string, Severity> = {
  'test-rule': 'high', // not a known family: the default
  'slack-webhook-url': 'medium',
  'pypi-upload-token': 'critical',
};

type Counts = Record<Severity, number>;
const zero = (): Counts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

/** Every string anywhere in a value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

describe('parseGitleaks on every recorded Gitleaks output', () => {
  const table: Record<string, Counts & { total: number }> = {};

  it('has fixtures to test', () => {
    expect(FILES).toEqual(['gitleaks-repo-baseline.json', 'gitleaks-repo-json_simple.json', 'poc-dast-gitleaks.json']);
  });

  it.each(FILES)('%s: one secret finding per entry, counts by the documented severity', (file) => {
    const raw = JSON.parse(load(file)) as J[];
    const { findings } = parseGitleaks(load(file));
    expect(findings).toHaveLength(raw.length);
    const expected = zero();
    for (const g of raw) expected[EXPECTED_SEVERITY[g.RuleID]!] += 1;
    const got = zero();
    for (const f of findings) got[f.severity] += 1;
    expect(got).toEqual(expected);
    table[file] = { ...got, total: findings.length };
    for (const [i, f] of findings.entries()) {
      const g = raw[i]!;
      expect(f.kind).toBe('secret');
      expect(f.ruleId).toBe(g.RuleID);
      expect(f.location.path).toBe(g.File);
      expect(f.location.startLine).toBe(g.StartLine);
      expect(f.location.endLine).toBe(g.EndLine);
      expect(f.secret).toEqual({ redacted: '********' });
      expect(f.source).toEqual({ scanner: 'gitleaks', ruleId: g.RuleID, severity: `assigned:${f.severity}` });
    }
  });

  it('prints the count table', () => {
    console.table(table);
    expect(Object.keys(table)).toHaveLength(FILES.length);
  });

  it('maps the poc-dast finding field by field', () => {
    const [f] = parseGitleaks(load('poc-dast-gitleaks.json')).findings as [RawFinding];
    expect(f.title).toBe('Discovered a Slack Webhook, which could lead to unauthorized message posting and data leakage in Slack channels.');
    expect(f.severity).toBe('medium');
    expect(f.location).toEqual({ path: 'models/index.js', startLine: 3, endLine: 3, startColumn: 19, endColumn: 95 });
    expect(f.properties).toEqual({ commit: '9c508d12b8e73c61af231778054b91c29079fb90', date: '2025-06-26T02:49:56Z', entropy: 3.4 });
    expect(f.remediation).toMatch(/rotate/i);
  });

  it('an empty Description falls back to a title naming the rule', () => {
    const [f] = parseGitleaks(load('gitleaks-repo-json_simple.json')).findings as [RawFinding];
    expect(f.title).toBe('Secret matching rule test-rule');
    expect(f.location).toEqual({ path: 'auth.py', startLine: 1, endLine: 2, startColumn: 1, endColumn: 2 });
    expect(f.properties).not.toHaveProperty('entropy'); // Entropy 0 is "not computed"
    expect(f.properties).not.toHaveProperty('tags'); // empty Tags
  });

  it('normalizes Windows and ./ paths', () => {
    const text = JSON.stringify([
      { RuleID: 'generic-api-key', File: 'src\\config\\app.js', StartLine: 2 },
      { RuleID: 'generic-api-key', File: './deploy/env.sh', StartLine: 4 },
    ]);
    expect(parseGitleaks(text).findings.map((f) => f.location.path)).toEqual(['src/config/app.js', 'deploy/env.sh']);
  });

  it('empty output (no report written content) is no findings', () => {
    expect(parseGitleaks('').findings).toEqual([]);
    expect(parseGitleaks('[]\n').findings).toEqual([]);
  });
});

describe('the secret value never enters the finding model', () => {
  it('json_simple.json: neither Secret, Match, Author, Email nor the commit message appear in the findings', () => {
    const text = load('gitleaks-repo-json_simple.json');
    const raw = JSON.parse(text) as J[];
    expect(raw[0].Secret).toBe('a secret');
    expect(raw[0].Match).toBe('line containing secret');
    const { findings } = parseGitleaks(text);
    const all = JSON.stringify(findings);
    for (const v of [raw[0].Match, raw[0].Author, raw[0].Email, raw[0].Message]) expect(all).not.toContain(v);
    // "a secret" is also a phrase of our fixed remediation sentence ("…from a secret store"): check every other string.
    const remediation = findings[0]!.remediation;
    expect(remediation).toBe(parseGitleaks(load('poc-dast-gitleaks.json')).findings[0]!.remediation); // input-independent
    const others = strings(findings).filter((s) => s !== remediation);
    expect(others.length).toBeGreaterThan(3);
    for (const s of others) expect(s).not.toContain(raw[0].Secret);
  });

  it('a distinctive secret and match (assembled at test time) appear nowhere in the findings', () => {
    const secret = ['xo', 'xb-', '12345', '-', 'Zq'.repeat(12)].join('');
    const match = `SLACK_TOKEN = "${secret}"`;
    const text = JSON.stringify([
      {
        RuleID: 'slack-bot-token',
        Description: 'Slack Bot token',
        StartLine: 9,
        EndLine: 9,
        StartColumn: 15,
        EndColumn: 15 + secret.length,
        Match: match,
        Secret: secret,
        File: 'settings.py',
        Commit: 'abc123',
        Author: 'Jane Dev',
        Email: 'jane@example.org',
        Message: 'add settings',
        Fingerprint: `abc123:settings.py:slack-bot-token:9`,
        Tags: ['slack'],
      },
    ]);
    const all = JSON.stringify(parseGitleaks(text).findings);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(secret.slice(5, 25)); // not even a fragment
    expect(all).not.toContain('SLACK_TOKEN');
    expect(all).not.toContain('Jane Dev');
    expect(all).not.toContain('jane@example.org');
  });
});

describe('gitleaksSeverity: one severity per rule family', () => {
  it.each([
    ['github-pat', 'critical'],
    ['github-fine-grained-pat', 'critical'],
    ['gitlab-pat', 'critical'],
    ['aws-access-token', 'critical'],
    ['gcp-api-key', 'critical'],
    ['private-key', 'critical'],
    ['npm-access-token', 'critical'],
    ['stripe-access-token', 'critical'],
    ['pypi-upload-token', 'critical'],
    ['slack-webhook-url', 'medium'],
    ['generic-api-key', 'medium'],
    ['jwt', 'medium'],
    ['slack-bot-token', 'high'],
    ['twilio-api-key', 'high'],
    ['no-such-rule-anywhere', 'high'],
    ['facebook-page-access-token', 'high'],
    ['sidekiq-secret', 'low'],
  ] as const)('%s → %s', (rule, severity) => {
    expect(gitleaksSeverity(rule)).toBe(severity);
  });
});

describe('buildGitleaksArgs', () => {
  const s: GitleaksSettings = { mode: 'auto', config: '' };
  const valueOf = (args: string[], flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };

  it('dir mode: redacted JSON report at the given path, never fails on findings, no --log-opts', () => {
    const args = buildGitleaksArgs('dir', '/tmp/x/gitleaks.json', s, {}, '--no-merges --first-parent a..b');
    expect(args.slice(0, 2)).toEqual(['dir', '.']);
    expect(args).toContain('--redact');
    expect(valueOf(args, '--report-format')).toBe('json');
    expect(valueOf(args, '--report-path')).toBe('/tmp/x/gitleaks.json');
    expect(valueOf(args, '--exit-code')).toBe('0');
    expect(args.some((a) => a.startsWith('--log-opts'))).toBe(false);
    expect(args).not.toContain('--config');
  });

  it('git mode: --log-opts is one argv element carrying the range', () => {
    const args = buildGitleaksArgs('git', '/r.json', s, { configPath: '/ws/.gitleaks.toml' }, '--no-merges --first-parent a..b');
    expect(args.slice(0, 2)).toEqual(['git', '.']);
    expect(args).toContain('--redact');
    expect(args).toContain('--log-opts=--no-merges --first-parent a..b');
    expect(valueOf(args, '--config')).toBe('/ws/.gitleaks.toml');
  });

  it('passes the trusted config and ignore file, and reports gitleaks:allow lines when asked', () => {
    const args = buildGitleaksArgs('dir', '/r.json', s, { configPath: '/t/gitleaks.toml', ignorePath: '/t/ignore', ignoreInlineAllow: true }, undefined);
    expect(valueOf(args, '--config')).toBe('/t/gitleaks.toml');
    expect(valueOf(args, '--gitleaks-ignore-path')).toBe('/t/ignore');
    expect(args).toContain('--ignore-gitleaks-allow');
    expect(buildGitleaksArgs('dir', '/r.json', s, {}, undefined)).not.toContain('--ignore-gitleaks-allow');
  });

  it('git mode without a range scans the whole history (no --log-opts)', () => {
    const args = buildGitleaksArgs('git', '/r.json', s, {}, undefined);
    expect(args.some((a) => a.startsWith('--log-opts'))).toBe(false);
  });
});

describe('gitLogOpts and chooseMode', () => {
  const base = 'b'.repeat(40);
  const head = 'c'.repeat(40);
  const pr: EventInfo = { name: 'pull_request', pullRequest: { number: 7, baseSha: base, headSha: head } };
  const push: EventInfo = { name: 'push', push: { before: base, after: head } };
  const newBranch: EventInfo = { name: 'push', push: { before: '0'.repeat(40), after: head } };
  const dispatch: EventInfo = { name: 'workflow_dispatch' };

  it('a pull request: the PR commits base..head', () => {
    expect(gitLogOpts(pr)).toBe(`--no-merges ${base}..${head}`);
  });
  it('a push: before..after', () => {
    expect(gitLogOpts(push)).toBe(`--no-merges --first-parent ${base}..${head}`);
  });
  it('a new-branch push (before = 000…) and other events: no range', () => {
    expect(gitLogOpts(newBranch)).toBeUndefined();
    expect(gitLogOpts(dispatch)).toBeUndefined();
  });

  it.each([
    ['auto', pr, true, 'git'],
    ['auto', push, true, 'git'],
    ['auto', pr, false, 'dir'], // not a git checkout
    ['auto', newBranch, true, 'dir'], // no range to scan
    ['auto', dispatch, true, 'dir'],
    ['dir', pr, true, 'dir'],
    ['git', dispatch, false, 'git'],
  ] as const)('mode %s, event %#, git checkout %s → %s', (mode, event, isGit, expected) => {
    expect(chooseMode({ mode, config: '' }, event, isGit)).toBe(expected);
  });
});

describe('parseGitleaks on malformed output', () => {
  it.each([
    ['not JSON', 'panic: runtime error', /not valid JSON/],
    ['a JSON object', '{"findings":[]}', /not a JSON array/],
    ['entries without RuleID/File', '[{"Description":"x"}]', /finding #1 has no RuleID or File/],
  ])('%s → ScannerError naming gitleaks', (_name, text, message) => {
    let caught: unknown;
    try {
      parseGitleaks(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScannerError);
    expect((caught as ScannerError).scanner).toBe('gitleaks');
    expect((caught as ScannerError).message).toMatch(/^gitleaks: /);
    expect((caught as ScannerError).message).toMatch(message);
  });
});

describe('gitleaks run', () => {
  const temp = mkdtempSync(join(tmpdir(), 'gitleaks-run-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('spawns the scan before the version probe: the scan is what the run waits for', async () => {
    const calls: string[] = [];
    const runner: CommandRunner = {
      async run(_command, args): Promise<CommandResult> {
        calls.push(args[0] === 'version' ? 'probe' : 'scan');
        const report = args[args.indexOf('--report-path') + 1];
        if (args[0] !== 'version' && report) writeFileSync(report, '[]');
        return { exitCode: 0, signal: null, timedOut: false, stderr: '', stdout: args[0] === 'version' ? 'v8.30.1\n' : '', durationMs: 1 };
      },
    };
    const ctx = scanContext<GitleaksSettings>({
      scan: settingsFor({ scanners: 'gitleaks' }).scan,
      settings: scannerSettings('gitleaks', { 'gitleaks-mode': 'dir' }),
      scanRoot: temp,
      tempDir: temp,
      binary: '/opt/gitleaks',
      runner,
    });
    const run = await gitleaks.run(ctx);
    expect(calls).toEqual(['scan', 'probe']);
    expect(run.version).toBe('8.30.1');
  });
});
