import * as core from '@actions/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/findings/model.js';
import {
  ANNOTATION_LIMITS,
  annotate,
  type AnnotationEmitter,
  type AnnotationLevel,
  type AnnotationProps,
} from '../../src/github/annotations.js';
import { makeFinding } from '../support/report-builder.js';

interface Emitted {
  level: AnnotationLevel;
  message: string;
  props: AnnotationProps | undefined;
}

function recorder(): { emit: AnnotationEmitter; out: Emitted[] } {
  const out: Emitted[] = [];
  const at = (level: AnnotationLevel) => (message: string, props?: AnnotationProps) => void out.push({ level, message, props });
  return { out, emit: { error: at('error'), warning: at('warning'), notice: at('notice') } };
}

function findings(spec: Partial<Record<Severity, number>>) {
  const out = [];
  let n = 0;
  for (const [severity, count] of Object.entries(spec) as [Severity, number][]) {
    for (let i = 0; i < count; i++, n++) out.push(makeFinding({ severity, location: { path: `f${n}.tf`, startLine: n + 1 } }, n));
  }
  return out;
}

describe('annotate', () => {
  it('maps critical/high to errors, medium to warnings, low/info to notices, on file and line', () => {
    const { emit, out } = recorder();
    const result = annotate(
      [
        makeFinding({ severity: 'low', ruleId: 'L1', location: { path: 'a.tf', startLine: 3, endLine: 5 } }, 1),
        makeFinding({ severity: 'critical', ruleId: 'C1', location: { path: 'b.tf', startLine: 7, startColumn: 2, endColumn: 9 } }, 2),
        makeFinding({ severity: 'medium', ruleId: 'M1', location: { path: 'c.tf' } }, 3),
      ],
      emit,
    );
    expect(out.map((e) => e.level)).toEqual(['error', 'warning', 'notice']);
    expect(out[0]!.props).toEqual({ title: '🟥 Critical: C1', file: 'b.tf', startLine: 7, endLine: 7, startColumn: 2, endColumn: 9 });
    expect(out[1]!.props).toEqual({ title: '🟨 Medium: M1', file: 'c.tf' });
    expect(out[2]!.props).toEqual({ title: '🟦 Low: L1', file: 'a.tf', startLine: 3, endLine: 5 });
    expect(result.summaryNotice).toBe(false);
    expect(result.emitted).toEqual({ error: 1, warning: 1, notice: 1 });
  });

  it('stays within 10/10/10, most severe first, and reserves a notice for "N more"', () => {
    const { emit, out } = recorder();
    const all = findings({ info: 7, critical: 6, low: 9, high: 8, medium: 13 });
    const result = annotate(all, emit, { reportLocation: 'findings.json in the security-reports artifact' });
    const count = (l: AnnotationLevel) => out.filter((e) => e.level === l).length;
    expect(count('error')).toBe(ANNOTATION_LIMITS.error);
    expect(count('warning')).toBe(ANNOTATION_LIMITS.warning);
    expect(count('notice')).toBe(ANNOTATION_LIMITS.notice);
    // Errors: all 6 critical before the first 4 high.
    expect(out.filter((e) => e.level === 'error').map((e) => e.props?.title?.split(':')[0])).toEqual([
      ...Array(6).fill('🟥 Critical'),
      ...Array(4).fill('🟧 High'),
    ]);
    // Notices: the 9 low ones (all lows before any info), then the summary notice last.
    const notices = out.filter((e) => e.level === 'notice');
    expect(notices.slice(0, 9).every((e) => e.props?.title?.startsWith('🟦 Low'))).toBe(true);
    const last = notices[9]!;
    const left = all.length - 10 - 10 - 9;
    expect(last.message).toContain(`${left} more findings not annotated (High 4, Medium 3, Info 7)`);
    expect(last.message).toContain('findings.json in the security-reports artifact');
    expect(result.notAnnotated).toEqual({ critical: 0, high: 4, medium: 3, low: 0, info: 7 });
    expect(result.summaryNotice).toBe(true);
  });

  it('uses all 10 notices when nothing is left out', () => {
    const { emit, out } = recorder();
    const result = annotate(findings({ low: 10 }), emit);
    expect(out).toHaveLength(10);
    expect(result.summaryNotice).toBe(false);
  });

  it('counts findings outside workspace files (images) in the closing notice', () => {
    const { emit, out } = recorder();
    const image = makeFinding({ severity: 'critical', location: { target: 'app:latest' } }, 1);
    annotate([image, ...findings({ high: 1 })], emit);
    expect(out.map((e) => e.level)).toEqual(['error', 'notice']);
    expect(out[1]!.message).toContain('1 more finding not annotated (Critical 1)');
  });

  it('writes one plain line: no ANSI codes or line breaks', () => {
    const { emit, out } = recorder();
    annotate([makeFinding({ severity: 'high', title: '\u001b[31mbad\u001b[0m\nthing', package: { name: 'p', version: '1', fixedVersion: '2' } })], emit);
    expect(out[0]!.message).toBe('bad thing — p@1 (fixed in 2) — reported by trivy');
  });

  it('accepts @actions/core functions as the emitter', () => {
    const emitter: AnnotationEmitter = { error: core.error, warning: core.warning, notice: core.notice };
    expect(typeof emitter.error).toBe('function');
  });
});

describe('annotate without sorting', () => {
  // What annotate chose before it stopped sorting: a stable sort by severity, the in-file findings per level, the
  // first of each level within its cap. The one-pass version must pick the same findings, in the same order, and
  // count the same left-out findings, for any order, mix and limits.
  const SEV: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const LEVEL: Record<Severity, AnnotationLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };
  function reference(list: ReturnType<typeof makeFinding>[], limits: Record<AnnotationLevel, number>) {
    const sorted = list.map((f, i) => ({ f, i })).sort((a, b) => SEV.indexOf(a.f.severity) - SEV.indexOf(b.f.severity) || a.i - b.i).map((x) => x.f);
    const inFiles = sorted.filter((f) => typeof f.location.path === 'string' && f.location.path !== '');
    const byLevel: Record<AnnotationLevel, typeof list> = { error: [], warning: [], notice: [] };
    for (const f of inFiles) byLevel[LEVEL[f.severity]].push(f);
    const overflow = sorted.length > inFiles.length || byLevel.error.length > limits.error || byLevel.warning.length > limits.warning || byLevel.notice.length > limits.notice;
    const cap = { ...limits, notice: overflow ? Math.max(0, limits.notice - 1) : limits.notice };
    const chosen = (['error', 'warning', 'notice'] as const).flatMap((l) => byLevel[l].slice(0, cap[l]).map((f) => ({ l, f })));
    const notAnnotated = Object.fromEntries(SEV.map((s) => [s, 0])) as Record<Severity, number>;
    for (const f of sorted) if (!chosen.some((c) => c.f === f)) notAnnotated[f.severity] += 1;
    return { chosen: chosen.map((c) => `${c.l} ${c.f.fingerprint}`), notAnnotated };
  }

  it('picks what the stable sort picked (fast-check: 300 runs)', () => {
    const finding = fc.record({ severity: fc.constantFrom(...SEV), path: fc.constantFrom(undefined, '', 'a.tf', 'b/c.ts') });
    const limits = fc.record({ error: fc.nat(4), warning: fc.nat(4), notice: fc.nat(4) });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 40 }), limits, (specs, lim) => {
        const list = specs.map((s, i) => makeFinding({ severity: s.severity, fingerprint: `fp-${i}`, location: s.path === undefined ? { target: 'img' } : { path: s.path, startLine: i + 1 } }, i));
        const { emit, out } = recorder();
        const result = annotate(list, emit, { limits: lim });
        const want = reference(list, lim);
        const fingerprintOf = new Map(list.map((f) => [`${f.location.path}:${f.location.startLine}`, f.fingerprint]));
        const got = out.filter((e) => e.props?.file !== undefined).map((e) => `${e.level} ${fingerprintOf.get(`${e.props!.file}:${e.props!.startLine}`)}`);
        expect(got).toEqual(want.chosen);
        expect(result.notAnnotated).toEqual(want.notAnnotated);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
