import { spawnSync } from 'node:child_process';
import { constants, crc32, deflateRawSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEFT_OUT_PROPERTY, SARIF_LIMITS, type SarifLimits } from '../../src/github/limits.js';
import type { SarifLog, SarifRun } from '../../src/github/sarif-trim.js';
import { assembleGzip, BEST_LEVEL, buildUploads, compressRun, crc32Combine, DEFAULT_HEADER, planPacks, prepareRun, runJsonParts } from '../../src/github/upload-pack.js';
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

describe('uploads put together from compressed pieces', () => {
  it('crc32Combine gives the CRC-32 of the concatenation (as zlib computes it)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
      }),
      { numRuns: 300 },
    );
  });

  it('a run serialized in slices is the run (results moved last; member order has no meaning in JSON)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.array(fc.jsonValue(), { maxLength: 1_200 }), (extra, results) => {
        const run = { tool: { driver: { name: 'x' } }, ...extra, results } as unknown as SarifRun;
        expect(JSON.parse([...runJsonParts(run)].join(''))).toEqual(JSON.parse(JSON.stringify(run)));
      }),
      { numRuns: 60 },
    );
    // Several slices of results (the serializer cuts every few hundred).
    const many = { tool: { driver: { name: 'x' } }, results: Array.from({ length: 2_345 }, (_, i) => ({ ruleId: `R${i}`, message: { text: `m${i}` } })) } as SarifRun;
    expect(JSON.parse([...runJsonParts(many)].join(''))).toEqual(many);
    const noResults = { tool: { driver: { name: 'x' } } } as SarifRun;
    expect([...runJsonParts(noResults)].join('')).toBe(JSON.stringify(noResults));
  });

  it('an upload of several runs is one gzip member that gunzip (zlib and GNU gzip) checks and reads back as the document', async () => {
    const runs = await Promise.all([
      prepareRun(makeRun({ tool: 'big', results: 3_000, noiseChars: 200, seed: 3 }), 'a.sarif', DEFAULT_HEADER, limits()),
      prepareRun(makeRun({ tool: 'small', results: 3 }), 'b.sarif', DEFAULT_HEADER, limits()),
      prepareRun({ tool: { driver: { name: 'empty' } }, results: [] }, 'c.sarif', DEFAULT_HEADER, limits()),
    ]);
    const [upload] = await buildUploads(runs, DEFAULT_HEADER, limits());
    expect(upload!.runs).toHaveLength(3);
    // zlib verifies the trailer (CRC-32 and length) and refuses data after the member.
    const doc = JSON.parse(gunzipSync(upload!.gzip).toString('utf8')) as SarifLog;
    expect(doc).toEqual({ ...DEFAULT_HEADER, runs: runs.map((r) => JSON.parse(JSON.stringify(r.run))) });
    const gz = spawnSync('gzip', ['-t', '-v'], { input: upload!.gzip, encoding: 'utf8' });
    if (gz.error) console.warn(`GNU gzip not found (${gz.error.message}); zlib's check above stands alone`);
    else expect(gz.status, gz.stderr).toBe(0);
  });

  it('a run over the size limit at the fast level is compressed at the best level before any result is left out', async () => {
    const run = makeRun({ tool: 'mid', results: 2_000, noiseChars: 60, seed: 5 });
    const fast = (await prepareRun(run, 'm.sarif', DEFAULT_HEADER, limits())).gzip.length;
    const best = assembleOne(await compressRun(run, BEST_LEVEL)).length;
    expect(best).toBeLessThan(fast);
    const limit = Math.floor((fast + best) / 2);
    const p = await prepareRun(run, 'm.sarif', DEFAULT_HEADER, limits({ maxGzipBytes: limit }));
    expect(p.leftOut).toBe(0);
    expect(p.gzip.length).toBeLessThanOrEqual(limit);
    expect((JSON.parse(gunzipSync(p.gzip).toString('utf8')) as SarifLog).runs[0]!.results).toHaveLength(2_000);
  });
});

/** A one-run upload document around `piece`, with the default header. */
function assembleOne(piece: Awaited<ReturnType<typeof compressRun>>): Buffer {
  const open = `${JSON.stringify(DEFAULT_HEADER).slice(0, -1)},"runs":[`;
  const framing = (text: string) => ({ data: deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_SYNC_FLUSH }), crc: crc32(Buffer.from(text)), length: Buffer.byteLength(text) });
  return assembleGzip([framing(open), piece, framing(']}')]);
}
