// Acceptance tests of the baseline and fail-on-new-only, with native Gitleaks (dir mode) on real files:
// a tree whose baseline has 20 findings (AWS access keys, critical) and a pull request that adds one high finding
// (a Slack bot token). The baseline is the findings.json of a first run, given as a path; main.ts's wiring
// (loadBaseline → runPipeline) is reproduced here. The `auto` flow through main.ts run() is in baseline-auto.test.ts.
// Every credential is assembled at run time from fragments and a seeded generator: none is committed.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/config/environment.js';
import { workspaceReader } from '../../src/findings/reader.js';
import { loadBaseline } from '../../src/github/baseline-load.js';
import { COMMENT_MAX_CHARS } from '../../src/github/limits.js';
import { recordingLogger } from '../../src/logger.js';
import { runPipeline } from '../../src/pipeline.js';
import { renderReport } from '../../src/report/markdown.js';
import { processRunner } from '../../src/scanners/process.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import type { EventInfo } from '../../src/scanners/types.js';
import { realScannerGate, realScanners } from '../support/real-scanners.js';
import { settingsFor } from '../support/settings.js';
import { baselineTree, slackBotLine } from '../support/baseline-tree.js';

const gate = realScannerGate(['gitleaks'], 'Gitleaks (baseline acceptance)');
const PR: EventInfo = { name: 'pull_request', pullRequest: { number: 7, baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40), baseRef: 'main', headRef: 'feature' } };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Scan {
  report: Awaited<ReturnType<typeof runPipeline>>['report'];
  files: Awaited<ReturnType<typeof runPipeline>>['files'];
  comment: string;
  warnings: string[];
}

/** What main.ts does for one run: load the baseline, run the pipeline; plus the PR comment's Markdown. */
async function scan(ws: string, temp: string, inputs: Record<string, string>, event: EventInfo, at: string): Promise<Scan> {
  const settings = settingsFor({
    scanners: 'gitleaks',
    'gitleaks-mode': 'dir',
    'install-scanners': 'false',
    'output-dir': join(temp, 'reports'),
    'fail-on': 'high',
    ...inputs,
  });
  const logger = recordingLogger();
  const runEnv = { event, owner: 'octo-org', repo: 'octo-repo', context: { repository: 'octo-org/octo-repo' } };
  const baseline = await loadBaseline({
    setting: settings.policy.baseline,
    artifactName: settings.policy.baselineArtifact,
    runEnv,
    workspace: ws,
    runnerTemp: temp,
    tempRoot: temp,
    runner: processRunner,
    client: undefined,
    token: '',
    logger,
  });
  const { report, files } = await runPipeline({
    settings,
    ...(baseline ? { policy: { baseline } } : {}),
    registry: SCANNERS,
    workspace: ws,
    runner: processRunner,
    logger,
    event,
    environment: parseEnvironment({ PATH: process.env.PATH, HOME: process.env.HOME }),
    context: runEnv.context,
    resolveBinary: async () => realScanners.gitleaks,
    readFile: workspaceReader(ws),
    runnerTemp: temp,
    now: () => new Date(at),
    tool: { name: 'security-scan', version: 'test' },
  });
  expect(report.scanners.map((s) => [s.id, s.state, s.error])).toEqual([['gitleaks', 'ok', undefined]]);
  const comment = renderReport(report, { maxChars: COMMENT_MAX_CHARS, reportLocation: 'findings.json' });
  return { report, files, comment, warnings: logger.lines.filter((l) => l.level === 'warning').map((l) => l.message) };
}

describe.skipIf(gate.skip)('baseline from a path + fail-on-new-only, native Gitleaks on real files', () => {
  let ws: string;
  let temp: string;
  let first: Scan;
  let baselinePath: string;
  const FIRST_AT = '2026-01-05T08:00:00.000Z';
  const PR_AT = '2026-02-10T09:30:00.000Z';

  beforeAll(async () => {
    gate.assertAvailable();
    const root = mkdtempSync(join(tmpdir(), 'baseline-e2e-'));
    dirs.push(root);
    ws = join(root, 'ws');
    temp = join(root, 'runner-temp');
    mkdirSync(temp);
    baselineTree(ws);
    // The default branch's run: no baseline yet; its findings.json becomes the PR's baseline (as a downloaded artifact would).
    first = await scan(ws, temp, { baseline: 'none' }, { name: 'push' }, FIRST_AT);
    mkdirSync(join(temp, 'main'));
    baselinePath = join(temp, 'main', 'findings.json');
    copyFileSync(first.files.json, baselinePath);
  }, 120_000);

  it('the first run: 20 critical findings, no baseline diff, and a baseline.json of 20 entries first seen now', () => {
    expect(first.report.total).toBe(20);
    expect(first.report.counts.critical).toBe(20);
    expect(first.report.baseline).toBeUndefined();
    const doc = JSON.parse(readFileSync(first.files.baseline!, 'utf8')) as { schema: string; entries: { firstSeen: string }[] };
    expect(doc.schema).toBe('security-scan/baseline@1');
    expect(doc.entries).toHaveLength(20);
    expect(new Set(doc.entries.map((e) => e.firstSeen))).toEqual(new Set([FIRST_AT]));
  });

  it('a PR adding one high finding: fail-on-new-only blocks on that one; the comment leads with "1 new, 20 existing"', async () => {
    writeFileSync(join(ws, 'slack.env'), slackBotLine());
    const pr = await scan(ws, temp, { baseline: baselinePath, 'fail-on-new-only': 'true' }, PR, PR_AT);
    expect(pr.report.total).toBe(21);
    expect(pr.report.baseline).toMatchObject({ found: true, new: 1, unchanged: 20, fixed: [] });
    expect(pr.report.gate.decision).toBe('BLOCK');
    expect(pr.report.gate.reasons).toEqual(["1 new finding at or above fail-on 'high' (1 high)."]);
    const newOnes = pr.report.findings.filter((f) => f.baseline === 'new');
    expect(newOnes.map((f) => [f.location.path, f.severity, f.firstSeen])).toEqual([['slack.env', 'high', PR_AT]]);
    expect(new Set(pr.report.findings.filter((f) => f.baseline === 'unchanged').map((f) => f.firstSeen))).toEqual(new Set([FIRST_AT]));
    // the comment: the verdict heading, then what this PR introduces, then the gate's reason
    const lines = pr.comment.split('\n');
    expect(lines[0]).toBe('### ❌ BLOCK · Security scan');
    expect(lines[2]).toBe('**Against the baseline:** 🆕 1 new, 20 existing, ✅ 0 fixed');
    expect(pr.comment.indexOf('1 new, 20 existing')).toBeLessThan(pr.comment.indexOf("1 new finding at or above fail-on 'high'"));
    expect(pr.comment.match(/🆕 \*\*new\*\*/g)).toHaveLength(1);
    // SARIF: baselineState on every result
    const sarif = JSON.parse(readFileSync(pr.files.sarifFiles[0]!, 'utf8')) as { runs: { results: { baselineState?: string }[] }[] };
    const states = sarif.runs[0]!.results.map((r) => r.baselineState);
    expect(states.filter((s) => s === 'new')).toHaveLength(1);
    expect(states.filter((s) => s === 'unchanged')).toHaveLength(20);
    // baseline.json of the PR run carries firstSeen over
    const next = JSON.parse(readFileSync(pr.files.baseline!, 'utf8')) as { entries: { firstSeen: string }[] };
    expect(next.entries.filter((e) => e.firstSeen === FIRST_AT)).toHaveLength(20);
    expect(next.entries.filter((e) => e.firstSeen === PR_AT)).toHaveLength(1);
    // without fail-on-new-only the same PR blocks on all 21
    const all = await scan(ws, temp, { baseline: baselinePath }, PR, PR_AT);
    expect(all.report.gate.reasons).toEqual(["21 findings at or above fail-on 'high' (20 critical, 1 high)."]);
  });

  it('the same PR with three blank lines inserted at the top of a file with findings still says 1 new', async () => {
    const file = join(ws, 'svc0.env');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `\n\n\n${original}`);
    try {
      const pr = await scan(ws, temp, { baseline: baselinePath, 'fail-on-new-only': 'true' }, PR, PR_AT);
      const moved = pr.report.findings.filter((f) => f.location.path === 'svc0.env');
      expect(moved.map((f) => f.location.startLine).sort()).toEqual([5, 6, 7, 8, 9]); // were 2–6
      expect(moved.every((f) => f.baseline === 'unchanged')).toBe(true);
      expect(pr.report.baseline).toMatchObject({ new: 1, unchanged: 20, fixed: [] });
      expect(pr.comment).toContain('1 new, 20 existing');
      expect(pr.report.gate.decision).toBe('BLOCK');
    } finally {
      writeFileSync(file, original);
    }
  });

  it('removing the new finding passes; fixing a baseline finding lists it as fixed', async () => {
    rmSync(join(ws, 'slack.env'));
    const clean = await scan(ws, temp, { baseline: baselinePath, 'fail-on-new-only': 'true' }, PR, PR_AT);
    expect(clean.report.gate.decision).toBe('PROCEED');
    expect(clean.report.baseline).toMatchObject({ new: 0, unchanged: 20 });
    expect(clean.comment).toContain('0 new, 20 existing');
    const file = join(ws, 'svc3.env');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.split('\n').filter((_, i) => i !== 1).join('\n'));
    try {
      const fixed = await scan(ws, temp, { baseline: baselinePath, 'fail-on-new-only': 'true' }, PR, PR_AT);
      expect(fixed.report.baseline).toMatchObject({ new: 0, unchanged: 19 });
      expect(fixed.report.baseline!.fixed.map((f) => [f.path, f.severity, f.ruleId])).toEqual([['svc3.env', 'critical', 'aws-access-token']]);
      expect(fixed.comment).toContain('0 new, 19 existing, ✅ 1 fixed');
      expect(fixed.comment).toContain('<b>Fixed</b> · 1 finding of the baseline no longer found');
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a bad baseline file is a warning and "no baseline": every finding gates (never a silently clean result)', async () => {
    writeFileSync(join(temp, 'main', 'broken.json'), '{"schema":"security-scan/findings@2","findings":[]}');
    const r = await scan(ws, temp, { baseline: join(temp, 'main', 'broken.json'), 'fail-on-new-only': 'true' }, PR, PR_AT);
    expect(r.report.baseline).toMatchObject({ found: false, new: 20, unchanged: 0 });
    expect(r.report.gate.reasons).toEqual(["20 new findings at or above fail-on 'high' (20 critical)."]);
    expect(r.warnings.some((w) => w.startsWith("Baseline: Input 'baseline'") && w.includes('broken.json') && w.includes('is not a baseline security-scan can read'))).toBe(true);
    expect(r.comment).toContain('**No baseline:**');
  });
});
