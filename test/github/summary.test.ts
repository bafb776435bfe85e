import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendFileWriter, writeJobSummary } from '../../src/github/summary.js';
import { SUMMARY_MAX_BYTES } from '../../src/report/markdown.js';
import { makeFinding, makeReport, manyFindings } from '../support/report-builder.js';

describe('writeJobSummary', () => {
  it('writes the report once, verdict first', async () => {
    const written: string[] = [];
    const result = await writeJobSummary(makeReport([makeFinding({ severity: 'high' })]), (md) => void written.push(md));
    expect(written).toHaveLength(1);
    expect(written[0]!.split('\n')[0]).toBe('### ❌ BLOCK · Security scan');
    expect(result.bytes).toBe(Buffer.byteLength(written[0]!, 'utf8'));
  });

  it('stays within 1 MiB counted in UTF-8 bytes, with multi-byte titles', async () => {
    const findings = manyFindings(8_000).map((f) => ({ ...f, title: `${f.title} — ünïcödé 漢字 🟥` }));
    let written = '';
    const result = await writeJobSummary(makeReport(findings), (md) => void (written = md));
    expect(result.bytes).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(result.bytes).toBeGreaterThan(SUMMARY_MAX_BYTES - 2_000);
    // Character count is well below the byte count: budgeting by characters would have overflowed.
    expect(written.length).toBeLessThan(result.bytes);
    expect(written).toContain('findings not listed');
  });

  it('subtracts what the step already wrote', async () => {
    const result = await writeJobSummary(makeReport(manyFindings(8_000)), () => undefined, { usedBytes: 1_000_000 });
    expect(result.bytes).toBeLessThanOrEqual(SUMMARY_MAX_BYTES - 1_000_000);
  });

  it('appends to the GITHUB_STEP_SUMMARY file with appendFileWriter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-'));
    try {
      const file = join(dir, 'step_summary');
      const write = appendFileWriter(file);
      await write('before\n');
      await writeJobSummary(makeReport([]), write);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('before\n### ✅ PROCEED')).toBe(true);
      expect(text).toContain('Nothing was found');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
