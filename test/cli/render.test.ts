// The terminal table: colour only when asked, and nothing from the scanned tree can drive the terminal.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/options.js';
import { plain, renderTable } from '../../src/cli/render.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import type { WrittenReports } from '../../src/report/write.js';
import { makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

const files = { outputDir: '/out', sarifDir: '/out/sarif', sarifFiles: [], sarifLeftOut: {}, json: '/out/findings.json', markdown: '/out/summary.md', extraFiles: [] } satisfies WrittenReports;
const ESC = '\u001b';

describe('renderTable', () => {
  it('strips ANSI escapes, carriage returns and bidi overrides that a hostile file name or rule title carries', () => {
    const hostile = makFinding(`evil${ESC}[2J${ESC}]0;owned\u0007.tf`, `Title\r${ESC}[31mfake PROCEED\u202e`);
    const out = renderTable(makeReport([hostile], [makeStatus({ id: 'trivy' })]), files, false);
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\r');
    expect(out).not.toContain('\u202e');
    expect(out).not.toContain('\u0007');
    expect(out).toContain('evil?[2J?]0;owned?.tf');
  });

  it('colours only when asked (a TTY without NO_COLOR)', () => {
    const r = makeReport([makeFinding({ severity: 'critical' })]);
    expect(renderTable(r, files, true)).toContain(`${ESC}[`);
    expect(renderTable(r, files, false)).not.toContain(ESC);
    const tty = (env: Record<string, string>, isTTY: boolean) => parseArgs([], SCANNERS, env, isTTY).color;
    expect(tty({}, true)).toBe(true);
    expect(tty({ NO_COLOR: '1' }, true)).toBe(false);
    expect(tty({}, false)).toBe(false);
    expect(parseArgs(['--no-color'], SCANNERS, {}, true).color).toBe(false);
  });

  it('shows at most 50 findings and counts the rest', () => {
    const many = Array.from({ length: 60 }, (_, i) => makeFinding({ severity: 'low' }, i));
    const out = renderTable(makeReport(many), files, false);
    expect(out).toContain('… and 10 more finding(s): every one is in /out/findings.json');
  });

  it('plain() keeps ordinary text', () => {
    expect(plain('app/config.js:3 — ü')).toBe('app/config.js:3 — ü');
  });
});

function makFinding(path: string, title: string) {
  return makeFinding({ severity: 'high', title, location: { path, startLine: 1 } });
}
