/**
 * report.html: one self-contained file (inline CSS and JS, no network), rendered in chunks (renderHtmlChunks) so a
 * report of 100,000 findings is written without building one giant string (writeHtml streams them to disk).
 *
 * The Content-Security-Policy meta tag allows exactly the inline stylesheet and the page script, by their sha256
 * computed here: no 'unsafe-inline', no source but the page itself, no network (default-src 'none'), no forms, no
 * <base>. The data is JSON in a `<script type="application/json">` element (not executed; see data.ts for how it is
 * escaped) and the script renders it with DOM APIs only (client.ts).
 */
import { createHash } from 'node:crypto';
import { writeFileAtomicPieces } from '../../fs/safe-write.js';
import type { ScanReport } from '../types.js';
import { CLIENT_SCRIPT } from './client.js';
import { dataChunks, type HtmlMeta } from './data.js';
import { STYLES } from './styles.js';

export type { HtmlMeta } from './data.js';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy for the page: only the inline script and stylesheet whose hashes are given. */
export function contentSecurityPolicy(script = CLIENT_SCRIPT, styles = STYLES): string {
  return `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(styles)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

function head(): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Security report</title>',
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    '<main id="app"></main>',
    '<noscript><p>This report needs JavaScript to show its findings. findings.json in the same artifact holds the same data.</p></noscript>',
    '<script id="report-data" type="application/json">',
  ].join('\n');
}

/** The page, in chunks (head, the data's JSON in pieces, the script). Pure. */
export function* renderHtmlChunks(report: ScanReport, meta: HtmlMeta): Generator<string> {
  yield head();
  yield* dataChunks(report, meta);
  yield `</script>\n<script>${CLIENT_SCRIPT}</script>\n</body>\n</html>\n`;
}

/** The whole page as one string (tests, small reports). */
export function renderHtml(report: ScanReport, meta: HtmlMeta): string {
  return [...renderHtmlChunks(report, meta)].join('');
}

/**
 * Writes report.html at `path` the way every report file is written (fs/safe-write.ts writeFileAtomicPieces: a new
 * O_EXCL temp file renamed into place, never through a planted symlink or into someone's file; the next buffer is
 * filled while one is on its way to the disk). Returns the bytes written.
 */
export function writeHtml(path: string, report: ScanReport, meta: HtmlMeta, pid = process.pid): Promise<number> {
  return writeFileAtomicPieces(path, renderHtmlChunks(report, meta), pid);
}
