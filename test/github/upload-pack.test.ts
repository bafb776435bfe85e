import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LEFT_OUT_PROPERTY, SARIF_LIMITS, type SarifLimits } from '../../src/github/limits.js';
import type { SarifLog } from '../../src/github/sarif-trim.js';
import { buildUploads, DEFAULT_HEADER, planPacks, prepareRun } from '../../src/github/upload-pack.js';
import { makeRun, ruleSeverity } from '../support/generate-sarif.js';

const limits = (over: Partial<SarifLimits> = {}): SarifLimits => ({ ...SARIF_LIMITS, ...over });
const MB = 1024 * 1024;

describe('planPacks', () => {
  it('puts at most 20 runs in an upload', () => {
    const packs = planPacks(Array(25).fill(1_000), limits());
    expect(packs.map((p) => p.length)).toEqual([20, 5]);
    expect(packs.flat()).toEqual([...Array(25).keys()]);
  });

  it('starts a new upload when the next run would pass the size limit', () => {
    expect(planPacks([4 * MB, 4 * MB, 4 * MB, 1 * MB], limits())).toEqual([[0, 1], [2, 3]]);
    expect(planPacks([10 * MB, 1], limits())).toEqual([[0], [1]]);
  });

  it('gives no uploads for no runs', () => {
    expect(planPacks([], limits())).toEqual([]);
  });
});

describe('prepareRun', () => {
  it('cuts a 30,000-result run to the 25,000 most severe and records 5,000 left out', async () => {
    const run = makeRun({ tool: 'bulk', results: 30_000, rules: 95 });
    const p = await prepareRun(run, 'bulk.sarif', DEFAULT_HEADER, limits());
    expect(p.total).toBe(30_000);
    expect(p.leftOut).toBe(5_000);
    expect(p.reasons).toEqual(['result-limit']);
    expect(p.run.results).toHaveLength(25_000);
    expect(p.run.properties?.[LEFT_OUT_PROPERTY]).toBe(5_000);
    expect(p.tooLarge).toBe(false);
    // What is in the gzip is what was prepared.
    const decoded = JSON.parse(gunzipSync(p.gzip).toString('utf8')) as SarifLog;
    expect(decoded.runs[0]!.results).toHaveLength(25_000);
    // The 5,000 dropped are the least severe: every rule left out scores at most what was kept.
    const keptRules = new Set(p.run.results!.map((r) => r.ruleId));
    const allRules = run.tool.driver.rules!.map((r, i) => ({ id: r.id, sev: ruleSeverity(i) }));
    const minKept = Math.min(...allRules.filter((r) => keptRules.has(r.id)).map((r) => r.sev));
    const maxGone = Math.max(...allRules.filter((r) => !keptRules.has(r.id)).map((r) => r.sev), -1);
    expect(minKept).toBeGreaterThanOrEqual(maxGone);
  });

  it('trims a run whose gzip alone is over the size limit until it fits', async () => {
    const run = makeRun({ tool: 'noisy', results: 400, rules: 20, noiseChars: 400 });
    const l = limits({ maxGzipBytes: 60_000 });
    const p = await prepareRun(run, 'noisy.sarif', DEFAULT_HEADER, l);
    expect(p.gzip.length).toBeLessThanOrEqual(60_000);
    expect(p.leftOut).toBeGreaterThan(0);
    expect(p.leftOut).toBeLessThan(400);
    expect(p.reasons).toEqual(['size-limit']);
    expect(p.run.properties?.[LEFT_OUT_PROPERTY]).toBe(p.leftOut);
  });

  it('leaves a run within the limits alone', async () => {
    const run = makeRun({ tool: 'small', results: 10 });
    const p = await prepareRun(run, 'small.sarif', DEFAULT_HEADER, limits());
    expect(p.run).toBe(run);
    expect(p.leftOut).toBe(0);
    expect(p.category).toBe('security-scan/small/');
  });
});

describe('buildUploads', () => {
  it('packs 25 runs into 2 uploads and keeps every run exactly once, in order', async () => {
    const runs = await Promise.all(
      Array.from({ length: 25 }, (_, i) => prepareRun(makeRun({ tool: `t${i}`, results: 5 }), `f${i}`, DEFAULT_HEADER, limits())),
    );
    const uploads = await buildUploads(runs, DEFAULT_HEADER, limits());
    expect(uploads.map((u) => u.runs.length)).toEqual([20, 5]);
    const names = uploads.flatMap((u) => (JSON.parse(gunzipSync(u.gzip).toString()) as SarifLog).runs.map((r) => r.tool.driver.name));
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `t${i}`));
  });

  it('splits runs whose combined gzip is over the limit, every upload within it', async () => {
    const l = limits({ maxGzipBytes: 100_000 });
    const runs = await Promise.all(
      [1, 2, 3].map((s) => prepareRun(makeRun({ tool: `n${s}`, results: 100, noiseChars: 500, seed: s }), `f${s}`, DEFAULT_HEADER, l)),
    );
    for (const r of runs) expect(r.gzip.length).toBeGreaterThan(35_000);
    const uploads = await buildUploads(runs, DEFAULT_HEADER, l);
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    for (const u of uploads) expect(u.gzip.length).toBeLessThanOrEqual(100_000);
    expect(uploads.flatMap((u) => u.runs.map((r) => r.tool))).toEqual(['n1', 'n2', 'n3']);
  });
});
