// report.pdf: printed from report.html by Chromium (Debian's chromium here, google-chrome on GitHub's runners); with
// no Chrome (empty PATH, a CHROME_PATH that is not executable) a warning says so and report.html stays.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromeArgs, findChrome, printPdf } from '../../src/report/html/pdf.js';
import { writeHtml } from '../../src/report/html/render.js';
import { writeHtmlReports } from '../../src/report/html/write.js';
import { recordingLogger } from '../../src/logger.js';
import { makeFinding, makeReport } from '../support/report-builder.js';
import { toolGate } from '../support/tools.js';
import { CHROMIUM, chromiumGate, fixtureReport, META, tempDir } from './html-support.js';

const pdftoppm = ['/usr/bin/pdftoppm'].find((p) => existsSync(p));
const pdfGate = toolGate([...(chromiumGate.reason ? [chromiumGate.reason] : []), ...(pdftoppm ? [] : ['pdftoppm not found (install poppler-utils)'])], 'the PDF report tests');

describe('report.pdf without Chrome', () => {
  it('an empty PATH: a warning naming what to install, report.html kept, no PDF', async () => {
    const dir = tempDir('security-scan-pdf-none-');
    const logger = recordingLogger();
    const out = await writeHtmlReports(makeReport([makeFinding({ severity: 'high' })]), { outputDir: dir, ...META, logger, pdf: { env: { PATH: '' } } });
    expect(out.pdf).toBeUndefined();
    expect(existsSync(out.html)).toBe(true);
    expect(existsSync(join(dir, 'report.pdf'))).toBe(false);
    const warnings = logger.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toEqual([
      'PDF report not written: no Chrome found (none of google-chrome, google-chrome-stable, chromium, chromium-browser is on PATH and CHROME_PATH is not set). Install google-chrome or chromium, or set CHROME_PATH. report.html is in the reports; only the PDF is missing.',
    ]);
  });

  it('CHROME_PATH naming a file that is not executable: a warning that says so (PATH is not searched instead)', async () => {
    const dir = tempDir('security-scan-pdf-bad-');
    const fake = join(dir, 'chrome');
    writeFileSync(fake, 'not a program', { mode: 0o644 });
    expect((await findChrome({ CHROME_PATH: fake, PATH: dirname(CHROMIUM) })).path).toBeUndefined();
    const html = join(dir, 'report.html');
    await writeHtml(html, makeReport([]), META);
    const out = await printPdf({ html, pdf: join(dir, 'report.pdf'), env: { CHROME_PATH: fake, PATH: dirname(CHROMIUM) } });
    expect(out).toEqual({ status: 'failed', warning: expect.stringContaining(`CHROME_PATH is '${fake}', which is not an executable file`) as string });
    expect(existsSync(html)).toBe(true);
  });

  it('a Chrome that fails: the warning quotes its exit and last stderr line; no PDF', async () => {
    const dir = tempDir('security-scan-pdf-fail-');
    const fake = join(dir, 'chrome');
    writeFileSync(fake, '#!/bin/sh\necho "cannot open display" >&2\nexit 3\n', { mode: 0o755 });
    const html = join(dir, 'report.html');
    await writeHtml(html, makeReport([]), META);
    const out = await printPdf({ html, pdf: join(dir, 'report.pdf'), env: { CHROME_PATH: fake } });
    expect(out).toEqual({ status: 'failed', warning: `PDF report not written: ${fake} it exited with 3 (cannot open display). report.html is in the reports; only the PDF is missing.` });
    expect(existsSync(join(dir, 'report.pdf'))).toBe(false);
  });

  it('a Chrome that hangs is killed at the time limit', async () => {
    const dir = tempDir('security-scan-pdf-hang-');
    const fake = join(dir, 'chrome');
    writeFileSync(fake, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const html = join(dir, 'report.html');
    await writeHtml(html, makeReport([]), META);
    const out = await printPdf({ html, pdf: join(dir, 'report.pdf'), env: { CHROME_PATH: fake }, timeoutMs: 500 });
    expect(out.status === 'failed' && out.warning).toContain('did not finish within 1 s');
  });

  it('Chrome runs headless, without network, in a throwaway profile, and sees only the environment it is given', () => {
    const args = chromeArgs('/r/report.html', '/p/report.pdf', '/tmp/profile', false);
    expect(args).toEqual(expect.arrayContaining(['--headless', '--disable-background-networking', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND', '--user-data-dir=/tmp/profile', '--print-to-pdf=/p/report.pdf']));
    expect(args).not.toContain('--no-sandbox');
    expect(args.at(-1)).toBe('file:///r/report.html');
  });

  it('the environment Chrome gets has no variable it was not given', async () => {
    const dir = tempDir('security-scan-pdf-env-');
    const fake = join(dir, 'chrome');
    writeFileSync(fake, `#!/bin/sh\nenv > ${join(dir, 'env.txt')}\nexit 1\n`, { mode: 0o755 });
    const html = join(dir, 'report.html');
    await writeHtml(html, makeReport([]), META);
    await printPdf({ html, pdf: join(dir, 'report.pdf'), env: { CHROME_PATH: fake, PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
    const names = readFileSync(join(dir, 'env.txt'), 'utf8').split('\n').map((l) => l.split('=')[0]).filter((n) => n && !['PWD', 'SHLVL', '_'].includes(n));
    expect(names.sort()).toEqual(['HOME', 'LANG', 'PATH']);
  });
});

describe.skipIf(pdfGate.skip)('report.pdf printed by Chromium', () => {
  it('prints the real fixture report; pdftoppm renders its pages to PNG in /tmp', async () => {
    pdfGate.assertAvailable();
    const dir = tempDir('security-scan-pdf-');
    const logger = recordingLogger();
    const out = await writeHtmlReports(fixtureReport(), { outputDir: dir, ...META, logger, pdf: { env: { PATH: dirname(CHROMIUM), CHROME_PATH: CHROMIUM } } });
    expect(logger.lines.filter((l) => l.level === 'warning')).toEqual([]);
    expect(out.pdf).toBe(join(dir, 'report.pdf'));
    const pdf = readFileSync(out.pdf!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const prefix = '/tmp/html-report-pdf';
    for (const f of readdirSync('/tmp').filter((n) => n.startsWith('html-report-pdf-'))) rmSync(join('/tmp', f), { force: true });
    execFileSync(pdftoppm!, ['-png', '-r', '60', out.pdf!, prefix]);
    const pages = readdirSync('/tmp').filter((n) => n.startsWith('html-report-pdf-') && n.endsWith('.png'));
    console.log(`report.pdf: ${pdf.length} bytes, ${pages.length} page(s): ${pages.map((p) => `/tmp/${p}`).join(', ')}`);
    expect(pages.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
