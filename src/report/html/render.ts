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
import { open, rename, rm } from 'node:fs/promises';
import { tempNameFor } from '../../fs/safe-write.js';
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
 * Writes report.html at `path`: the chunks go to a new temp file (O_EXCL: never through a planted symlink or into
 * someone's file) that is renamed into place, like every report file (fs/safe-write.ts). Returns the bytes written.
 */
export async function writeHtml(path: string, report: ScanReport, meta: HtmlMeta, pid = process.pid): Promise<number> {
  const tmp = tempNameFor(path, pid);
  const handle = await open(tmp, 'wx', 0o644);
  let bytes = 0;
  try {
    try {
      const pending: string[] = [];
      let size = 0;
      for (const chunk of renderHtmlChunks(report, meta)) {
        pending.push(chunk);
        size += chunk.length;
        if (size >= 1 << 20) {
          const buf = Buffer.from(pending.join(''), 'utf8');
          await handle.writeFile(buf);
          bytes += buf.length;
          pending.length = 0;
          size = 0;
        }
      }
      const buf = Buffer.from(pending.join(''), 'utf8');
      await handle.writeFile(buf);
      bytes += buf.length;
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return bytes;
}
