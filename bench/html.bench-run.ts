// The HTML report at 10,000 and 100,000 findings: render time and file size, then opened in headless Chromium:
// time to loaded (charts drawn and the first rows shown: the page's own performance.now() mark, from navigation
// start) and a text filter and a sort answered (in-page, from the input event to the rows shown). Prints figures
// against targets; no figure fails a build.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { it } from 'vitest';
import { writeHtml } from '../src/report/html/render.js';
import { makeReport, makeStatus, manyFindings } from '../test/support/report-builder.js';
import { BROWSER_ARGS, CHROMIUM, chromiumGate, META, tempDir } from '../test/report/html-support.js';

const rows: [string, string, string][] = [];
const ms = (x: number) => `${x.toFixed(0)} ms`;

it.skipIf(chromiumGate.skip)('HTML report: size, load and filter times at 10k and 100k findings', async () => {
  const dir = tempDir('security-scan-html-bench-');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS, headless: true });
  try {
    for (const n of [10_000, 100_000]) {
      const label = n.toLocaleString('en-US');
      const report = makeReport(manyFindings(n), [makeStatus({ id: 'trivy' }), makeStatus({ id: 'gitleaks' })]);
      const file = join(dir, `report-${n}.html`);
      const t0 = performance.now();
      await writeHtml(file, report, META);
      rows.push([`${label}: render + write report.html`, ms(performance.now() - t0), '']);
      const size = statSync(file).size;
      rows.push([`${label}: file size`, `${(size / 1024 / 1024).toFixed(1)} MB`, n === 100_000 ? '< 40 MB' : '']);
      const loads: number[] = [];
      const filters: number[] = [];
      const sorts: number[] = [];
      for (let round = 0; round < 3; round++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('html[data-ready="1"]', { timeout: 60_000 });
        const t = await page.evaluate(() => {
          const w = window as unknown as { __reportTimings: { ready: number } };
          return { ready: w.__reportTimings.ready, svg: document.querySelectorAll('#chart-severity rect').length, rows: document.querySelectorAll('#findings-table tbody tr').length };
        });
        if (t.svg === 0 || t.rows === 0 || errors.length) throw new Error(`page not drawn: ${JSON.stringify({ ...t, errors })}`);
        loads.push(t.ready);
        await page.waitForFunction(() => (window as unknown as { __reportTimings: { indexed?: number } }).__reportTimings.indexed !== undefined);
        const f = await page.evaluate(() => {
          const input = document.getElementById('filter-text') as HTMLInputElement;
          const a = performance.now();
          input.value = 'lib-7@';
          input.dispatchEvent(new Event('input'));
          const filter = performance.now() - a;
          const shown = document.getElementById('shown')?.textContent ?? '';
          input.value = '';
          input.dispatchEvent(new Event('input'));
          const b = performance.now();
          (document.querySelector('button[data-col="title"]') as HTMLButtonElement).click();
          return { filter, shown, sort: performance.now() - b };
        });
        if (!/filtered from/.test(f.shown)) throw new Error(`filter did not apply: ${f.shown}`);
        filters.push(f.filter);
        sorts.push(f.sort);
        await page.close();
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
      rows.push([`${label}: loaded (charts + first rows), median of 3`, ms(median(loads)), n === 10_000 ? '≤ 2 s' : '≤ 4 s']);
      rows.push([`${label}: text filter answered, median of 3`, ms(median(filters)), n === 100_000 ? '≤ 200 ms' : '']);
      rows.push([`${label}: sort by title, median of 3`, ms(median(sorts)), '']);
    }
  } finally {
    await browser.close();
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(['', 'HTML report benchmark', ...rows.map(([a, b, c]) => `${a.padEnd(w)}  ${b.padStart(9)}  ${c}`)].join('\n'));
});
