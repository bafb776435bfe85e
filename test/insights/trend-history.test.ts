// Trends: the default branch's earlier baselines (push runs' `security-scan-baseline` artifacts, really zipped and
// uploaded with @actions/artifact to the fake artifact service, listed by the fake API) → counts per severity, oldest
// first, into findings.json; hostile or malformed artifacts are skipped and named; the work is bounded.
import { closeFakes, fakeApi, fakeArtifacts } from '../support/fake-actions-env.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/github/client.js';
import { loadTrendHistory, type TrendHistoryDeps } from '../../src/github/trend-history.js';
import { insightsFor } from '../../src/insights/index.js';
import { recordingLogger } from '../../src/logger.js';
import { planUpgrades } from '../../src/remediate/upgrades.js';
import { BASELINE_SCHEMA, renderBaseline } from '../../src/report/baseline-schema.js';
import { buildReport } from '../../src/report/build.js';
import { renderJson } from '../../src/report/json.js';
import { DEFAULT_EXTRAS } from '../../src/config/extras.js';
import type { Severity } from '../../src/findings/model.js';
import { FAKE_TOKENS } from '../support/fake-github.js';
import { makeFinding } from '../support/report-builder.js';

const SHA = (c: string) => c.repeat(40);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'trend-history-'));
  dirs.push(d);
  return d;
};
afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await closeFakes();
});

let uploads = 0;
async function zipOf(files: Record<string, string>): Promise<string> {
  const root = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  vi.stubEnv('ACTIONS_RUNTIME_TOKEN', fakeArtifacts.token);
  vi.stubEnv('ACTIONS_RESULTS_URL', `${fakeArtifacts.url}/`);
  vi.stubEnv('GITHUB_RETENTION_DAYS', '');
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const r = await new DefaultArtifactClient().uploadArtifact(`trend-zip-${++uploads}`, Object.keys(files).map((n) => join(root, n)), root);
  vi.unstubAllEnvs();
  return fakeArtifacts.downloadUrl(r.id!);
}

/** baseline.json as a push run writes it (renderBaseline): `severities` reported, plus one suppressed finding. */
function baselineOf(at: string, severities: Severity[]): string {
  const findings = severities.map((severity, i) => makeFinding({ severity }, i + 1));
  const suppressed = [makeFinding({ severity: 'critical', suppression: { reason: 'accepted', by: 'entry 1' } }, 99)];
  return renderBaseline({ findings, suppressed }, { generatedAt: at, tool: { name: 'security-scan', version: 't' }, context: { repository: 'octo-org/octo-repo' } });
}

let nextId = 70_000;
const NAME = 'security-scan-baseline';
async function pushRun(wf: string, files: Record<string, string> | undefined, over: Partial<Parameters<typeof fakeApi.addWorkflowRun>[0]> = {}) {
  const id = ++nextId;
  const artifacts = files ? [{ id: ++nextId, name: NAME, location: await zipOf(files) }] : [];
  return fakeApi.addWorkflowRun({ id, workflowFile: wf, headBranch: 'main', headSha: SHA((id % 10).toString()), event: 'push', artifacts, ...over });
}

function deps(wf: string, over: Partial<TrendHistoryDeps> = {}) {
  const logger = recordingLogger();
  const d: TrendHistoryDeps = {
    client: createClient(FAKE_TOKENS.read, { baseUrl: fakeApi.url, logger, retries: 0, retryBaseMs: 1, rateLimitUnitMs: 1 }),
    token: FAKE_TOKENS.read,
    owner: 'octo-org',
    repo: 'octo-repo',
    workflowFile: wf,
    branch: 'main',
    artifactName: NAME,
    limit: 10,
    tempRoot: tempDir(),
    logger,
    ...over,
  };
  return { d, logger };
}

const AT = (day: number) => `2026-04-${String(day).padStart(2, '0')}T10:00:00.000Z`;

describe('trends from the default branch’s baselines', () => {
  it('reads each push run’s baseline counts, oldest first, skips and names a malformed one, and puts the history in findings.json', async () => {
    const wf = 'trend.yml';
    // Runs are listed newest first; the baselines' dates are what orders the history.
    const r1 = await pushRun(wf, { 'baseline.json': baselineOf(AT(1), ['critical', 'high', 'high', 'low']) });
    const r2 = await pushRun(wf, { 'baseline.json': baselineOf(AT(2), ['high', 'medium']) });
    const bad = await pushRun(wf, { 'baseline.json': '{"schema":"security-scan/baseline@1","generatedAt":"yesterday","context":{},"entries":[]}' });
    const notJson = await pushRun(wf, { 'baseline.json': '<img src=x onerror=alert(1)>' });
    const noFile = await pushRun(wf, { 'other.txt': 'x' });
    // An older baseline without counts: its entries are counted.
    const old = await pushRun(wf, {
      'baseline.json': JSON.stringify({ schema: BASELINE_SCHEMA, generatedAt: AT(3), context: {}, entries: [{ fingerprint: 'f1', ruleId: 'R', title: 'T', severity: 'medium', firstSeen: AT(3) }] }),
    });
    // Not trusted, though the API lists them: a pull request's run, and another branch's push — never downloaded.
    const pr = await pushRun(wf, { 'baseline.json': baselineOf(AT(4), ['critical', 'critical']) }, { event: 'pull_request', ignoresFilters: true });
    const other = await pushRun(wf, { 'baseline.json': baselineOf(AT(5), ['critical']) }, { headBranch: 'feature', ignoresFilters: true });
    const r3 = await pushRun(wf, { 'baseline.json': baselineOf(AT(6), []) });
    const { d, logger } = deps(wf);
    const before = fakeApi.actions.downloads.length;
    const h = await loadTrendHistory(d);
    expect(h.reason).toBeUndefined();
    expect(h.points.map((p) => [p.at, p.runId, p.counts, p.total])).toEqual([
      [AT(1), r1.id, { critical: 1, high: 2, medium: 0, low: 1, info: 0 }, 4],
      [AT(2), r2.id, { critical: 0, high: 1, medium: 1, low: 0, info: 0 }, 2],
      [AT(3), old.id, { critical: 0, high: 0, medium: 1, low: 0, info: 0 }, 1],
      [AT(6), r3.id, { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, 0],
    ]);
    expect(h.points[0]!.sha).toBe(r1.headSha);
    expect(h.skipped).toHaveLength(3);
    expect(h.skipped!.find((s) => s.includes(`run ${bad.id}`))).toMatch(/baseline\.json is not a baseline \(generatedAt/);
    expect(h.skipped!.find((s) => s.includes(`run ${notJson.id}`))).toMatch(/is not JSON/);
    expect(h.skipped!.find((s) => s.includes(`run ${noFile.id}`))).toMatch(/baseline\.json/);
    const downloaded = fakeApi.actions.downloads.slice(before);
    for (const run of [pr, other]) expect(downloaded).not.toContain(run.artifacts![0]!.id);
    expect(downloaded).toHaveLength(7);
    expect(logger.lines.filter((l) => l.level === 'warning' && l.message.startsWith('Trends: skipped'))).toHaveLength(3);
    expect(fakeApi.violations).toEqual([]);

    // Into the report: findings.json's trends hold the history in order and name what was skipped.
    const report = buildReport(
      [{ status: { id: 'trivy', displayName: 'Trivy', state: 'ok', durationMs: 1, rawCount: 1 }, findings: [makeFinding({ severity: 'high' }, 1)] }],
      { scanners: ['trivy'], severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'critical', now: AT(7) },
      { repository: 'octo-org/octo-repo', sha: SHA('f') },
    );
    report.insights = insightsFor(report, { now: AT(7), compliance: DEFAULT_EXTRAS.compliance, scanners: [], planUpgrades, history: h });
    const json = JSON.parse(renderJson(report, { generatedAt: AT(7), tool: { name: 'security-scan', version: 't' } })) as { insights: { trends: { available: boolean; history: { at: string }[]; skipped: string[] } } };
    expect(json.insights.trends.available).toBe(true);
    expect(json.insights.trends.history.map((p) => p.at)).toEqual([AT(1), AT(2), AT(3), AT(6)]);
    expect(json.insights.trends.skipped).toHaveLength(3);
  });

  it('downloads at most report.trendHistory baselines (the newest), and refuses an oversized artifact unread', async () => {
    const wf = 'bounded.yml';
    for (let day = 1; day <= 4; day++) await pushRun(wf, { 'baseline.json': baselineOf(AT(day), ['low']) });
    const big = await pushRun(wf, { 'baseline.json': baselineOf(AT(5), ['low']) });
    fakeApi.actions.runs.find((r) => r.id === big.id)!.artifacts![0]!.sizeInBytes = 200 * 1024 * 1024;
    const before = fakeApi.actions.downloads.length;
    const h = await loadTrendHistory(deps(wf, { limit: 2 }).d);
    expect(h.points.map((p) => p.at)).toEqual([AT(3), AT(4)]);
    expect(fakeApi.actions.downloads.length - before).toBe(2);
    expect(h.skipped).toEqual([expect.stringMatching(new RegExp(`run ${big.id}: it is 209,715,200 bytes, more than the [\\d,]+ read`))]);
  });

  it('without a token, history or a limit, says why (trends.available false with the reason)', async () => {
    const wf = 'empty.yml';
    fakeApi.actions.workflows.add(wf);
    expect((await loadTrendHistory(deps(wf, { client: undefined }).d)).reason).toContain("input 'github-token' is empty");
    expect((await loadTrendHistory(deps(wf, { limit: 0 }).d)).reason).toContain('report.trendHistory is 0');
    expect((await loadTrendHistory(deps(wf, { workflowFile: undefined }).d)).reason).toContain('not running in a GitHub Actions workflow');
    const none = await loadTrendHistory(deps(wf).d);
    expect(none.points).toEqual([]);
    expect(none.reason).toContain('no readable `security-scan-baseline` artifact');
    const report = buildReport([], { scanners: [], severities: ['critical', 'high', 'medium', 'low', 'info'], failOn: 'high', now: AT(7) }, {});
    const insights = insightsFor(report, { now: AT(7), compliance: DEFAULT_EXTRAS.compliance, scanners: [], planUpgrades, history: none });
    expect(insights.trends).toMatchObject({ available: false, reason: none.reason, history: [] });
    const cli = insightsFor(report, { now: AT(7), compliance: DEFAULT_EXTRAS.compliance, scanners: [], planUpgrades });
    expect(cli.trends.available).toBe(false);
    expect(cli.trends.reason).toContain('not looked up');
  });
});

describe('report.trendHistory in the config file', () => {
  it('defaults to 10, takes 0–50, and refuses anything else with what to write', async () => {
    const { parseConfigFile } = await import('../../src/config/file.js');
    const { SCANNERS } = await import('../../src/scanners/registry.js');
    const parse = (text: string) => parseConfigFile(text, '.github/security-scan.yml', SCANNERS);
    expect(parse('fail-on: high\n').config.extras.trendHistory).toBe(10);
    expect(parse('report:\n  trendHistory: 3\n')).toMatchObject({ problems: [], config: { extras: { trendHistory: 3 } } });
    expect(parse('report:\n  trendHistory: 0\n').config.extras.trendHistory).toBe(0);
    expect(parse('report:\n  trendHistory: 51\n').problems).toEqual([expect.stringContaining('.github/security-scan.yml: report.trendHistory is 51; use a whole number from 0 (no trends) to 50')]);
    expect(parse('report:\n  trendHistory: -1\n').problems).toHaveLength(1);
    expect(parse('report:\n  trendHistroy: 5\n').problems).toEqual([expect.stringMatching(/report\.trendHistroy is not an option.*trendHistory/)]);
    expect(parse('report: 5\n').problems).toEqual([expect.stringContaining('use a mapping of options')]);
    expect(parse('orchestration:\n  reportFormat: [json, pdf]\n').config.notes.join('\n')).toMatch(/report\.html are always written; report\.pdf is printed/);
  });
});
