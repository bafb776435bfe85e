import { describe, expect, it } from 'vitest';
import { clampRunLimits, keepMostSevere, severityOrder, type SarifRun } from '../../src/github/sarif-trim.js';
import { LEFT_OUT_PROPERTY, TOTAL_PROPERTY } from '../../src/github/limits.js';
import { makeRun, ruleSeverity } from '../support/generate-sarif.js';

function tinyRun(): SarifRun {
  return {
    tool: {
      driver: {
        name: 't',
        rules: [
          { id: 'LOW', properties: { 'security-severity': '2.0' } },
          { id: 'CRIT', properties: { 'security-severity': 9.5 } },
          { id: 'NONE', defaultConfiguration: { level: 'error' } },
          { id: 'MED', properties: { 'security-severity': '5.5' } },
        ],
      },
    },
    results: [
      { ruleId: 'LOW', ruleIndex: 0, level: 'note' }, // 0
      { ruleId: 'NONE', level: 'warning' }, // 1: no score, by id
      { ruleId: 'MED', ruleIndex: 3, level: 'warning' }, // 2
      { ruleId: 'CRIT', ruleIndex: 1, level: 'error' }, // 3
      { ruleId: 'NONE' }, // 4: no score, level from the rule (error)
      { ruleId: 'MED', ruleIndex: 3, level: 'error' }, // 5: same score as 2, higher level
      { ruleId: 'UNKNOWN', level: 'error' }, // 6: no rule at all
    ],
  };
}

describe('severityOrder', () => {
  it('orders by security-severity, then level, then position', () => {
    expect(severityOrder(tinyRun())).toEqual([3, 5, 2, 0, 4, 6, 1]);
  });
});

describe('keepMostSevere', () => {
  it('keeps the most severe results in their original order and records the left-out count', () => {
    const t = keepMostSevere(tinyRun(), 3);
    expect(t.leftOut).toBe(4);
    expect(t.total).toBe(7);
    expect(t.run.results?.map((r) => r.ruleId)).toEqual(['MED', 'CRIT', 'MED']);
    expect(t.run.properties?.[LEFT_OUT_PROPERTY]).toBe(4);
    expect(t.run.properties?.[TOTAL_PROPERTY]).toBe(7);
  });

  it('drops rules no kept result references and re-points ruleIndex', () => {
    const t = keepMostSevere(tinyRun(), 3);
    const rules = t.run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(['CRIT', 'MED']);
    expect(t.rulesDropped).toBe(2);
    for (const r of t.run.results ?? []) expect(rules[r.ruleIndex as number]?.id).toBe(r.ruleId);
  });

  it('returns the very same run when nothing has to go', () => {
    const run = tinyRun();
    expect(keepMostSevere(run, 7).run).toBe(run);
    expect(keepMostSevere(run, 100).leftOut).toBe(0);
  });

  it('does not modify its input', () => {
    const run = makeRun({ tool: 'gen', results: 300, rules: 40 });
    const before = JSON.stringify(run);
    keepMostSevere(run, 10);
    expect(JSON.stringify(run)).toBe(before);
  });

  it('on a generated run keeps nothing less severe than anything it dropped', () => {
    const run = makeRun({ tool: 'gen', results: 2_000, rules: 95 });
    const t = keepMostSevere(run, 500);
    const keptIds = new Set((t.run.results ?? []).map((r) => r.partialFingerprints as unknown).map((p) => JSON.stringify(p)));
    const sevOf = (i: number) => ruleSeverity(i % 95);
    let minKept = Infinity;
    let maxDropped = -Infinity;
    (run.results ?? []).forEach((r, i) => {
      if (keptIds.has(JSON.stringify(r.partialFingerprints))) minKept = Math.min(minKept, sevOf(i));
      else maxDropped = Math.max(maxDropped, sevOf(i));
    });
    expect(t.run.results).toHaveLength(500);
    expect(minKept).toBeGreaterThanOrEqual(maxDropped);
    const rules = t.run.tool.driver.rules ?? [];
    for (const r of t.run.results ?? []) expect(rules[r.ruleIndex as number]?.id).toBe(r.ruleId);
  });
});

describe('clampRunLimits', () => {
  it('cuts locations per result and tags per rule to the limits', () => {
    const run = makeRun({ tool: 'gen', results: 3, rules: 2 });
    const locs = Array.from({ length: 1_200 }, () => run.results![0]!.locations![0]);
    run.results![1] = { ...run.results![1]!, locations: locs };
    run.tool.driver.rules![0] = { ...run.tool.driver.rules![0]!, properties: { tags: Array.from({ length: 25 }, (_, i) => `t${i}`) } };
    const c = clampRunLimits(run, { maxLocationsPerResult: 1_000, maxTagsPerRule: 20 });
    expect(c.results![1]!.locations).toHaveLength(1_000);
    expect(c.results![0]!.locations).toHaveLength(1);
    expect(c.tool.driver.rules![0]!.properties!.tags).toHaveLength(20);
    expect(run.results![1]!.locations).toHaveLength(1_200);
  });

  it('returns the same run when within the limits', () => {
    const run = makeRun({ tool: 'gen', results: 3, rules: 2 });
    expect(clampRunLimits(run, { maxLocationsPerResult: 1_000, maxTagsPerRule: 20 })).toBe(run);
  });
});
