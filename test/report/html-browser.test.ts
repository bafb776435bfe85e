// report.html opened in headless Chromium (Debian's chromium, driven with playwright-core): it renders with zero
// console errors, the charts are SVG, the filter and the sort work, a hostile finding stays text, the table is paged,
// and the CSP is enforced (a script whose hash it does not list does not run). Screenshots go to /tmp.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html/render.js';
import { SEVERITIES, type Finding } from '../../src/findings/model.js';
import { makeFinding, makeReport, makeStatus, manyFindings } from '../support/report-builder.js';
import { BROWSER_ARGS, CHROMIUM, chromiumGate, fixtureReport, META, tempDir } from './html-support.js';

const XSS = '</script><img src=x onerror=alert(1)>';

interface Opened {
  page: Page;
  errors: string[];
  dialogs: string[];
  requests: string[];
}

describe.skipIf(chromiumGate.skip)('report.html in headless Chromium', () => {
  let browser: Browser;
  const dir = tempDir('security-scan-html-');
  beforeAll(async () => {
    chromiumGate.assertAvailable();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string, name: string, viewport = { width: 1280, height: 900 }, readyTimeout = 10_000): Promise<Opened> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport });
    const o: Opened = { page, errors: [], dialogs: [], requests: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') o.errors.push(m.text());
    });
    page.on('pageerror', (e) => o.errors.push(String(e)));
    page.on('dialog', (d) => {
      o.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) o.requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready="1"]', { timeout: readyTimeout }).catch(() => undefined);
    return o;
  }

  const rowTexts = (page: Page, column: number) => page.$$eval(`#findings-table tbody tr td:nth-child(${column})`, (tds) => tds.map((td) => td.textContent ?? ''));

  it('renders the real fixture report with zero console errors, SVG charts and a hostile finding as text; screenshots at desktop and phone width', async () => {
    const report = fixtureReport();
    const hostile = makeFinding({ severity: 'critical', title: XSS, ruleId: '<!--<script>alert(2)</script>', location: { path: 'a/"><svg onload=alert(3)>.js', startLine: 1 }, sources: [{ scanner: 'trivy', ruleId: 'x', severity: 'CRITICAL' }] }, 999);
    report.findings.unshift(hostile);
    report.counts.critical += 1;
    report.total += 1;
    const o = await open(renderHtml(report, META), 'fixtures.html');
    const { page } = o;
    expect(await page.getAttribute('html', 'data-ready')).toBe('1');
    expect(o.errors).toEqual([]);
    expect(o.dialogs).toEqual([]);
    expect(o.requests).toEqual([]);
    // The hostile strings are text: no element they would have made exists, and the first row shows them verbatim.
    expect(await page.$$('img')).toHaveLength(0);
    expect(await page.$$('#findings-table svg')).toHaveLength(0);
    expect((await rowTexts(page, 2))[0]).toBe(XSS);
    expect((await rowTexts(page, 3))[0]).toBe('<!--<script>alert(2)</script>');
    expect(await page.textContent('#findings-table tbody tr:first-child td:nth-child(5) a')).toBe('a/"><svg onload=alert(3)>.js:1');
    expect(await page.getAttribute('#findings-table tbody tr:first-child td:nth-child(5) a', 'href')).toBe(
      `https://github.com/acme/shop/blob/${'a'.repeat(40)}/a/%22%3E%3Csvg%20onload%3Dalert(3)%3E.js#L1`,
    );
    // Charts: one bar per severity, and per-scanner stacked bars.
    expect(await page.$$('#chart-severity rect')).toHaveLength(SEVERITIES.length);
    expect((await page.$$('#chart-scanners rect')).length).toBeGreaterThanOrEqual(report.scanners.length);
    expect(await page.textContent('#verdict .decision')).toBe('BLOCK');
    expect(await page.textContent('#shown')).toContain(`of ${report.findings.length.toLocaleString('en-US')}`);
    await page.screenshot({ path: '/tmp/html-report-desktop.png', fullPage: true });
    const phone = await open(renderHtml(report, META), 'fixtures-phone.html', { width: 390, height: 844 });
    expect(phone.errors).toEqual([]);
    // On a phone the page does not scroll sideways: rows stack as cards.
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: '/tmp/html-report-phone.png', fullPage: false });
    await phone.page.evaluate(() => document.getElementById('findings')?.scrollIntoView());
    await phone.page.screenshot({ path: '/tmp/html-report-phone-findings.png', fullPage: false });
    await phone.page.close();
    await page.close();
  });

  it('filters by text, severity, scanner and kind, and sorts by a column both ways', async () => {
    const findings: Finding[] = [
      ...manyFindings(300),
      makeFinding({ severity: 'high', kind: 'secret', title: 'AWS key in config', ruleId: 'aws-access-token', location: { path: 'config/prod.env', startLine: 3 }, sources: [{ scanner: 'snyk', ruleId: 'aws-access-token', severity: 'high' }] }, 5000),
    ];
    const report = makeReport(findings, [makeStatus({ id: 'trivy' }), makeStatus({ id: 'gitleaks' }), makeStatus({ id: 'snyk' })]);
    const { page, errors } = await open(renderHtml(report, META), 'filter.html');
    expect(await page.$$('#findings-table tbody tr')).toHaveLength(50);
    await page.fill('#filter-text', 'aws key');
    expect(await rowTexts(page, 2)).toEqual(['AWS key in config']);
    expect(await page.textContent('#shown')).toBe('Showing 1–1 of 1 (filtered from 301)');
    await page.fill('#filter-text', 'lib-7@');
    const libRows = await page.$$eval('#findings-table tbody tr td:nth-child(6)', (tds) => tds.map((t) => t.textContent ?? ''));
    expect(libRows.length).toBeGreaterThan(0);
    expect(libRows.every((t) => t.startsWith('lib-7@'))).toBe(true);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-severity', 'critical');
    const sev = await rowTexts(page, 1);
    expect(sev.length).toBe(30);
    expect(sev.every((t) => t === 'Critical')).toBe(true);
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-scanner', { label: 'Snyk' });
    expect(await rowTexts(page, 2)).toEqual(['AWS key in config']);
    await page.selectOption('#filter-scanner', { label: 'Gitleaks' });
    expect(await rowTexts(page, 4)).toEqual(Array(50).fill('Gitleaks'));
    expect(await page.textContent('#shown')).toBe('Showing 1–50 of 100 (filtered from 301)');
    await page.selectOption('#filter-scanner', '');
    await page.selectOption('#filter-kind', { label: 'secret' });
    expect(await rowTexts(page, 3)).toEqual(['aws-access-token']);
    await page.selectOption('#filter-kind', '');
    // Sort by rule: ascending, then descending on the second click.
    await page.click('button[data-col="rule"]');
    const asc = await rowTexts(page, 3);
    expect(asc[0]).toBe('aws-access-token');
    expect(asc.slice(1)).toEqual([...asc.slice(1)].sort());
    expect(asc[1]).toBe('CVE-2024-10000');
    expect(await page.getAttribute('th:has(button[data-col="rule"])', 'aria-sort')).toBe('ascending');
    await page.click('button[data-col="rule"]');
    const desc = await rowTexts(page, 3);
    expect(desc[0]).toBe('CVE-2024-10299');
    expect(desc).toEqual([...desc].sort().reverse());
    // Severity sort back: most severe first.
    await page.click('button[data-col="severity"]');
    expect((await rowTexts(page, 1))[0]).toBe('Critical');
    await page.click('button[data-col="severity"]');
    expect((await rowTexts(page, 1))[0]).toBe('Info');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pages through 5,000 findings with at most 50 rows in the DOM', async () => {
    const report = makeReport(manyFindings(5_000), [makeStatus({ id: 'trivy' })]);
    const { page, errors } = await open(renderHtml(report, META), 'paged.html');
    expect(await page.$$('#findings-table tbody tr')).toHaveLength(50);
    const first = await rowTexts(page, 2);
    await page.click('#page-next');
    expect(await page.$$('#findings-table tbody tr')).toHaveLength(50);
    const second = await rowTexts(page, 2);
    expect(second[0]).not.toBe(first[0]);
    expect(await page.textContent('#shown')).toBe('Showing 51–100 of 5,000');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('insights lists the report cut to the rows shown still say how many more there are, in tables and in cells', async () => {
    const fps = (n: number) => Array.from({ length: n }, (_, i) => `fp${i}`);
    const locs = (n: number) => Array.from({ length: n }, (_, i) => `dir${i}/package.json`);
    const report = makeReport(manyFindings(20));
    const counts = { critical: 0, high: 2, medium: 0, low: 0, info: 0 };
    (report as { insights?: unknown }).insights = {
      recommendations: Array.from({ length: 5_000 }, (_, i) => ({ id: `r${i}`, action: 'upgrade', title: `Upgrade pkg${i} 1.0.0 → 1.0.1 (npm)`, severity: 'high', findings: 2, bySeverity: counts, fingerprints: fps(2), locations: locs(i === 0 ? 250 : 1) })),
    };
    const { page, errors } = await open(renderHtml(report, META), 'insights-cut.html');
    expect(errors).toEqual([]);
    const text = await page.$eval('#insight-recommendations', (s) => s.textContent ?? '');
    expect(text).toContain('4,800 more in findings.json.');
    expect(await page.$$eval('#insight-recommendations tbody tr', (trs) => trs.length)).toBe(200);
    expect(text).toContain('Upgrade pkg0 1.0.0 → 1.0.1 (npm)');
    expect(text).toContain('2 findings (2 high)');
    // The first recommendation's 250 locations: three named, the rest counted (of all 250, not only the 200 embedded).
    expect(text).toContain('dir2/package.json … and 247 more');
    expect(text).not.toContain('dir3/package.json');
    // Fingerprints are not shown (the findings table has the findings).
    expect(text).not.toContain('fp1');
    await page.close();
  });

  it('the insights sections of the real fixture report: recommendations, plan phases, compliance verdicts with failing controls, SLA counts, trends', async () => {
    const { page, errors } = await open(renderHtml(fixtureReport(), META), 'insights-real.html');
    expect(errors).toEqual([]);
    const sec = (id: string) => page.$eval(`#insight-${id}`, (s) => s.textContent ?? '');
    expect(await sec('recommendations')).toMatch(/Upgrade \S+ \S+ → \S+/);
    const plan = await sec('remediationplan');
    expect(plan).toContain('Within 1h (critical)');
    expect(plan).toMatch(/Total effort\d/);
    const compliance = await sec('compliancestatus');
    for (const name of ['PCI-DSS', 'HIPAA', 'SOC 2', 'ISO/IEC 27001', 'GDPR']) expect(compliance).toContain(name);
    expect(compliance).toMatch(/FAIL · \d+ of \d+ mapped controls failed/);
    expect(compliance).not.toMatch(/[0-9a-f]{40}/); // no fingerprint dumps
    const slas = await sec('slas');
    expect(slas).toContain('Time to fix');
    expect(slas).toContain('1 h');
    expect(await sec('trends')).toContain('No history');
    await page.close();
  });

  it('the CSP is enforced: a page script its hash does not allow does not run, and says so in the console', async () => {
    const html = renderHtml(makeReport([makeFinding({ severity: 'low' })]), META).replace("var PAGE = 50;", 'var PAGE = 51;');
    const { page, errors } = await open(html, 'tampered.html', undefined, 1_500);
    expect(await page.getAttribute('html', 'data-ready')).toBeNull();
    expect(errors.join('\n')).toMatch(/Content Security Policy/);
    await page.close();
  });
});
