// report.html as text: the data survives hostile strings (it cannot close its script element, open a comment or
// break on U+2028/2029), the CSP lists exactly the hashes of the inline script and style, nothing loads from the
// network, the file is written atomically (never through a planted symlink), and the rows are compact.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_SCRIPT } from '../../src/report/html/client.js';
import { CUT_TOTAL, escapeJsonForScript, PAGE_LIST_LIMIT, ROW } from '../../src/report/html/data.js';
import { contentSecurityPolicy, renderHtml, writeHtml } from '../../src/report/html/render.js';
import { STYLES } from '../../src/report/html/styles.js';
import { makeFinding, makeReport, makeStatus, manyFindings } from '../support/report-builder.js';
import { fixtureReport, META, tempDir } from './html-support.js';

const HOSTILE = ['</script><img src=x onerror=alert(1)>', '</SCRIPT >', '<!--', '<script>', 'a\u2028b\u2029c', '-->', ']]>', '&lt;', '"\'`${x}'];

function dataOf(html: string): { header: Record<string, unknown>; rows: unknown[][] } {
  const m = /<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data element');
  return JSON.parse(m[1]!) as { header: Record<string, unknown>; rows: unknown[][] };
}

const sha = (t: string) => createHash('sha256').update(t).digest('base64');

describe('report.html', () => {
  it('keeps hostile strings inside the data element: two </script> in the page, and every string parses back unchanged', () => {
    const findings = HOSTILE.map((t, i) => makeFinding({ severity: 'high', title: t, ruleId: t, location: { path: `dir/${t}`, startLine: 2, target: t }, package: { name: t, version: t } }, i));
    const html = renderHtml(makeReport(findings, [makeStatus({ id: 'trivy', displayName: '</script><b>x' })], { notes: ['<!-- note </script>'] }), META);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<!--/);
    expect(html).not.toMatch(/[\u2028\u2029]/);
    const data = dataOf(html);
    expect(data.rows.map((r) => r[ROW.title]).sort()).toEqual([...HOSTILE].sort());
    expect(data.rows.map((r) => r[ROW.path]).sort()).toEqual(HOSTILE.map((t) => `dir/${t}`).sort());
    expect(data.header['notes']).toEqual(['<!-- note </script>']);
    expect((data.header['scannerNames'] as string[])[0]).toBe('</script><b>x');
  });

  it('escapeJsonForScript leaves valid JSON that decodes to the same value', () => {
    const value = { s: HOSTILE.join('|'), n: [1, 2] };
    const out = escapeJsonForScript(JSON.stringify(value));
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });

  it('has a strict CSP: the sha256 of the one inline script and the one stylesheet, nothing unsafe, no network', () => {
    const html = renderHtml(makeReport([makeFinding({ severity: 'low' })]), META);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBe(contentSecurityPolicy());
    expect(csp).toBe(`default-src 'none'; script-src 'sha256-${sha(CLIENT_SCRIPT)}'; style-src 'sha256-${sha(STYLES)}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(csp).not.toMatch(/unsafe|\*|https?:/);
    // The inline blocks are exactly what was hashed.
    expect(html).toContain(`<style>${STYLES}</style>`);
    expect(html).toContain(`<script>${CLIENT_SCRIPT}</script>`);
    // Nothing that would load a resource: no src, no <link>, no url() in CSS.
    expect(html.replace(CLIENT_SCRIPT, '')).not.toMatch(/\ssrc=|<link\b|url\(/i);
    expect(CLIENT_SCRIPT).not.toMatch(/\.src\s*=|fetch\(|XMLHttpRequest|WebSocket|sendBeacon|import\(/);
    // The page script builds the page with DOM APIs only.
    expect(CLIENT_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });

  it('stays compact: rows are arrays, the JSON is not pretty-printed (10,000 findings under 2.5 MB)', () => {
    const html = renderHtml(makeReport(manyFindings(10_000)), META);
    expect(Buffer.byteLength(html)).toBeLessThan(2.5 * 1024 * 1024);
    const data = dataOf(html);
    expect(data.rows).toHaveLength(10_000);
    expect(Array.isArray(data.rows[0])).toBe(true);
    const raw = /<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(raw).not.toMatch(/\n/);
  });

  it('embeds each insights list only as far as the page shows it (PAGE_LIST_LIMIT rows), with its full length', () => {
    const fps = (n: number) => Array.from({ length: n }, (_, i) => `fp${i}`);
    const insights = {
      summary: { riskScore: 90 },
      recommendations: Array.from({ length: 5_000 }, (_, i) => ({ id: `r${i}`, fingerprints: fps(i % 2 ? 500 : 3) })),
      slas: { findings: fps(80_000).map((f) => ({ fingerprint: f, breached: false })), policy: { critical: 1 } },
      short: ['a', 'b'],
    };
    const report = makeReport(manyFindings(10));
    (report as { insights?: unknown }).insights = insights;
    const header = dataOf(renderHtml(report, META)).header as { insights: Record<string, Record<string, unknown>> };
    const recs = header.insights['recommendations'] as unknown as { [CUT_TOTAL]: number; items: { id: string; fingerprints: unknown }[] };
    expect(recs[CUT_TOTAL]).toBe(5_000);
    expect(recs.items).toHaveLength(PAGE_LIST_LIMIT);
    expect(recs.items[0]).toEqual({ id: 'r0', fingerprints: fps(3) });
    expect(recs.items[1]!.fingerprints).toEqual({ [CUT_TOTAL]: 500, items: fps(PAGE_LIST_LIMIT) });
    expect((header.insights['slas']!['findings'] as { [CUT_TOTAL]: number })[CUT_TOTAL]).toBe(80_000);
    expect(header.insights['slas']!['policy']).toEqual({ critical: 1 });
    expect(header.insights['short']).toEqual(['a', 'b']);
    expect(header.insights['summary']).toEqual({ riskScore: 90 });
  });

  it('carries the real fixture report: every finding, counts, scanners and file links', () => {
    const report = fixtureReport();
    const data = dataOf(renderHtml(report, META));
    expect(data.rows).toHaveLength(report.findings.length);
    expect(data.header['counts']).toEqual(report.counts);
    expect(data.header['scannerIds']).toEqual(report.scanners.map((s) => s.id));
    expect((data.header['context'] as Record<string, unknown>)['blobBase']).toBe(`https://github.com/acme/shop/blob/${'a'.repeat(40)}/`);
  });

  it('writeHtml replaces a planted symlink instead of writing through it', async () => {
    const dir = tempDir('security-scan-html-write-');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep');
    mkdirSync(join(dir, 'out'));
    const target = join(dir, 'out', 'report.html');
    symlinkSync(victim, target);
    expect(readlinkSync(target)).toBe(victim);
    const bytes = await writeHtml(target, makeReport([makeFinding({ severity: 'low' })]), META);
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(readFileSync(target).length).toBe(bytes);
    expect(existsSync(target)).toBe(true);
  });
});
