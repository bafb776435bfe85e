// Shared by the property tests of the Trivy, Gitleaks and Checkov parsers: run a parser on one input and require
// findings or that scanner's ScannerError (anything else is rethrown, so fast-check reports and shrinks it), check
// what an accepted input gives, render its SARIF the way the pipeline does, and keep a small sample of accepted
// inputs for one Multitool run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ScannerError } from '../../src/errors.js';
import { identify } from '../../src/findings/identify.js';
import { mergeFindings } from '../../src/findings/merge.js';
import { KINDS, SEVERITIES, type RawFinding } from '../../src/findings/model.js';
import { renderSarif } from '../../src/report/sarif.js';
import { workspaceLocation } from '../../src/scanners/scan.js';
import type { AnyScanner, ParsedOutput } from '../../src/scanners/types.js';
import { validateSarifFiles } from './multitool.js';

export interface Figures {
  runs: number;
  accepted: number;
  findings: number;
  rejected: number;
  ms: number;
}

export interface SampleEntry {
  /** The property it came from and what the input was (e.g. the mutations applied to which fixture). */
  what: string;
  bucket: string;
  parsed: ParsedOutput;
}

const WORKSPACE = '/work/repo';

/** `n` runs, times PROPERTY_SCALE (e.g. PROPERTY_SCALE=20 for a long local hunt; fast-check prints the seed of a failure). */
export function runs(n: number): number {
  const scale = Number(process.env['PROPERTY_SCALE'] ?? '1');
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Finding paths as the pipeline makes them (scan.ts parseOutputs): workspace-relative, or the target when outside. */
function asPipeline(findings: readonly RawFinding[]): RawFinding[] {
  return findings.map((f) => ({ ...f, location: workspaceLocation(f.location, WORKSPACE, WORKSPACE, false) }));
}

/** identify → merge → renderSarif, the pipeline's order (no workspace files to hash). */
export function renderParsed(scanner: AnyScanner, parsed: ParsedOutput): string {
  const { findings } = mergeFindings(identify(asPipeline(parsed.findings), () => undefined), [scanner.id]);
  return renderSarif({ id: scanner.id, displayName: scanner.displayName, informationUri: scanner.informationUri, version: 'test' }, findings, { categoryPrefix: 'security-scan' }).text;
}

/** What every accepted finding must be, whatever the input was. */
function checkFinding(scanner: AnyScanner, f: RawFinding): void {
  expect(KINDS).toContain(f.kind);
  expect(SEVERITIES).toContain(f.severity);
  expect(typeof f.ruleId === 'string' && f.ruleId.trim() !== '').toBe(true);
  expect(typeof f.title === 'string' && f.title.trim() !== '').toBe(true); // a SARIF rule needs a description
  expect(f.source.scanner).toBe(scanner.id);
  for (const k of ['startLine', 'endLine', 'startColumn', 'endColumn'] as const) {
    const v = f.location[k];
    if (v !== undefined) expect(Number.isInteger(v) && v >= 1).toBe(true);
  }
  if (f.score !== undefined) expect(f.score >= 0 && f.score <= 10).toBe(true);
  if (f.package) expect(typeof f.package.name === 'string' && typeof f.package.version === 'string').toBe(true);
  for (const r of f.references ?? []) expect(typeof r).toBe('string');
  for (const v of Object.values(f.properties ?? {})) {
    const ok = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    expect(ok).toBe(true);
  }
}

export class ParserProperty {
  readonly figures = new Map<string, Figures>();
  readonly sample: SampleEntry[] = [];

  /** `quota`: how many accepted inputs with findings each sample bucket (a property, or a fixture) gives the Multitool sample. */
  constructor(
    readonly scanner: AnyScanner,
    readonly quota: Readonly<Record<string, number>>,
  ) {}

  /** Wraps one property: counts its runs and time under `name`. */
  timed(name: string, run: () => void): void {
    const started = performance.now();
    this.figuresOf(name);
    try {
      run();
    } finally {
      this.figuresOf(name).ms += performance.now() - started;
    }
  }

  private figuresOf(name: string): Figures {
    if (!this.figures.has(name)) this.figures.set(name, { runs: 0, accepted: 0, findings: 0, rejected: 0, ms: 0 });
    return this.figures.get(name)!;
  }

  /**
   * Parses `text`; returns the parsed output, or undefined for this scanner's ScannerError. Any other exception is
   * rethrown (the property fails). An accepted input must render SARIF; with `what` (what the input was) and findings it
   * may join the Multitool sample, up to its bucket's quota.
   */
  attempt(name: string, parse: () => ParsedOutput, what?: string, bucket = name): ParsedOutput | undefined {
    const fig = this.figuresOf(name);
    fig.runs += 1;
    let parsed: ParsedOutput;
    try {
      parsed = parse();
    } catch (e) {
      if (!(e instanceof ScannerError) || e.scanner !== this.scanner.id) throw e;
      expect(e.detail.length).toBeLessThan(1500);
      fig.rejected += 1;
      return undefined;
    }
    fig.accepted += 1;
    fig.findings += parsed.findings.length;
    expect(Array.isArray(parsed.findings)).toBe(true);
    for (const f of parsed.findings) checkFinding(this.scanner, f);
    const sarif = JSON.parse(renderParsed(this.scanner, parsed)) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results.length).toBeLessThanOrEqual(parsed.findings.length);
    const taken = this.sample.filter((x) => x.bucket === bucket).length;
    if (what !== undefined && parsed.findings.length > 0 && taken < (this.quota[bucket] ?? 0)) this.sample.push({ what: `${name}: ${what}`, bucket, parsed });
    return parsed;
  }

  /**
   * Renders the sample's SARIF into `dir`, validates it in one Multitool run, logs the time and the inputs, and
   * returns each input with its errors (the caller expects them all empty).
   */
  sampleErrors(dir: string): { input: string; errors: unknown[] }[] {
    const files = this.sample.map((s, i) => {
      const path = join(dir, `${i}.sarif`);
      writeFileSync(path, renderParsed(this.scanner, s.parsed));
      return { path, what: s.what };
    });
    const started = performance.now();
    const reports = validateSarifFiles(files.map((f) => f.path));
    console.log(`${this.scanner.id}: Multitool on ${files.length} SARIF files in ${((performance.now() - started) / 1000).toFixed(1)} s\n${files.map((f) => `  ${f.what}`).join('\n')}`);
    return files.map((f) => ({ input: f.what, errors: reports.get(f.path)!.errors }));
  }

  /** The figures as lines for the log. */
  table(): string {
    const rows = [...this.figures].map(
      ([name, f]) => `  ${name}: ${f.runs} runs in ${(f.ms / 1000).toFixed(2)} s, ${f.accepted} accepted (${f.findings} findings), ${f.rejected} ScannerError`,
    );
    return `${this.scanner.id} property figures\n${rows.join('\n')}\n  Multitool sample: ${this.sample.length} accepted inputs with findings`;
  }
}
