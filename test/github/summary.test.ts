import { describe, expect, it } from 'vitest';
import { writeJobSummary } from '../../src/github/summary.js';
import { SUMMARY_MAX_BYTES } from '../../src/github/limits.js';
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
});
