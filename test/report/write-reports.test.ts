// writeReports: every report complete, the SARIF left-out warning per scanner, and one report that cannot be written
// fails the step (its error, not a later one) without keeping the others from being written or leaving a temp file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../src/logger.js';
import { SARIF_LIMITS } from '../../src/github/limits.js';
import { writeReports } from '../../src/report/write.js';
import type { ScanReport } from '../../src/report/types.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

const root = mkdtempSync(join(tmpdir(), 'write-reports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function report(n: number): ScanReport {
  const findings = Array.from({ length: n }, (_, i) =>
    makeFinding({ severity: (['critical', 'high', 'medium', 'low'] as const)[i % 4], sources: [{ scanner: i % 2 ? 'trivy' : 'checkov', ruleId: `RULE-${i}`, severity: 'HIGH' }] }, i),
  );
  return makeReport(findings, [makeStatus({ id: 'trivy', rawCount: n >> 1 }), makeStatus({ id: 'checkov', rawCount: n - (n >> 1) })]);
}

const tools = [
  { id: 'trivy', displayName: 'Trivy', informationUri: 'https://trivy.dev/' },
  { id: 'checkov', displayName: 'Checkov', informationUri: 'https://www.checkov.io/' },
];

function write(outputDir: string, r: ScanReport, logger = recordingLogger()) {
  return writeReports(r, { outputDir, workspace: root, tools, categoryPrefix: 'security-scan', generatedAt: '2026-01-02T03:04:05.000Z', tool: { name: 'security-scan', version: '0' }, logger });
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('writeReports', () => {
  it('writes every report whole, and warns of SARIF results left out, per scanner', async () => {
    const n = 2 * SARIF_LIMITS.maxResultsPerRun + 10;
    const out = join(root, 'all');
    const logger = recordingLogger();
    const written = await write(out, report(n), logger);
    expect(files(out)).toEqual(['.security-scan-files', 'baseline.json', 'findings.json', 'metrics.prom', 'report.html', 'sarif/checkov.sarif', 'sarif/trivy.sarif', 'summary.md']);
    expect((JSON.parse(readFileSync(written.json, 'utf8')) as { findings: unknown[] }).findings).toHaveLength(n);
    expect((JSON.parse(readFileSync(written.baseline!, 'utf8')) as { entries: unknown[] }).entries).toHaveLength(n);
    for (const id of ['trivy', 'checkov']) {
      const sarif = JSON.parse(readFileSync(join(out, 'sarif', `${id}.sarif`), 'utf8')) as { runs: { results: unknown[] }[] };
      expect(sarif.runs[0]!.results).toHaveLength(SARIF_LIMITS.maxResultsPerRun);
    }
    expect(written.sarifLeftOut).toEqual({ trivy: 5, checkov: 5 });
    expect(logger.lines.filter((l) => l.level === 'warning').map((l) => l.message.split(':')[0])).toEqual(['Trivy', 'Checkov']);
    expect(readFileSync(written.html!, 'utf8')).toContain('</html>');
  });

  it('one report that cannot be written fails the step with its error; the others are still written, no temp file is left', async () => {
    const out = join(root, 'blocked');
    mkdirSync(join(out, 'findings.json'), { recursive: true });
    writeFileSync(join(out, 'findings.json', 'keep'), 'a directory where findings.json goes');
    const r = report(40);
    await expect(write(out, r)).rejects.toThrow(/findings\.json/);
    const left = files(out);
    expect(left.filter((f) => f.endsWith('.security-scan.tmp'))).toEqual([]);
    expect(left).toEqual(expect.arrayContaining(['baseline.json', 'metrics.prom', 'report.html', 'sarif/checkov.sarif', 'sarif/trivy.sarif', 'summary.md']));
    expect((JSON.parse(readFileSync(join(out, 'baseline.json'), 'utf8')) as { entries: unknown[] }).entries).toHaveLength(40);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('RULE-');
  });
});
