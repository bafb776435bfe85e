/**
 * report.pdf (`reportFormat: pdf` in the config file): report.html printed by the runner's Chrome, headless, with
 * `--print-to-pdf`. No new dependency: GitHub's Ubuntu images ship google-chrome; `CHROME_PATH` names another.
 *
 * Chrome gets a minimal environment (the base allowlist of config/environment.ts: no tokens, no INPUT_*), a fresh
 * user-data-dir removed afterwards, no network (the page's CSP allows none, and the host resolver maps every name to
 * nothing), and a time limit. Where no Chrome is found, or it fails or times out, the caller gets a warning and
 * report.html stays: the PDF never fails the run.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../../fs/safe-write.js';

/** Looked for on PATH, in this order, when CHROME_PATH is not set. */
export const CHROME_NAMES = ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser'] as const;
export const PDF_TIMEOUT_MS = 120_000;

export type PdfOutcome = { status: 'written'; path: string; bytes: number; chrome: string } | { status: 'failed'; warning: string };

export interface PdfOptions {
  /** report.html, already written. */
  html: string;
  /** Where the PDF goes. */
  pdf: string;
  /** The environment Chrome gets (the base allowlist) and where CHROME_PATH and PATH are read. */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  /** Where the user-data-dir is made (default: the OS temp dir). */
  tempRoot?: string;
  /** Whether to pass --no-sandbox (Chrome refuses to start as root with its sandbox). Default: when running as root. */
  noSandbox?: boolean;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    const st = await stat(path);
    if (!st.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** CHROME_PATH when it names an executable file, else the first of CHROME_NAMES on PATH. `tried` says where it looked. */
export async function findChrome(env: Readonly<Record<string, string | undefined>>): Promise<{ path?: string; tried: string }> {
  const explicit = env['CHROME_PATH'];
  if (explicit !== undefined && explicit !== '') {
    if (isAbsolute(explicit) && (await isExecutable(explicit))) return { path: explicit, tried: `CHROME_PATH (${explicit})` };
    return { tried: `CHROME_PATH is '${explicit}', which is not an executable file (give the absolute path of google-chrome or chromium)` };
  }
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '' && isAbsolute(d));
  for (const name of CHROME_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) return { path: candidate, tried: candidate };
    }
  }
  return { tried: `none of ${CHROME_NAMES.join(', ')} is on PATH and CHROME_PATH is not set` };
}

/** Chrome's arguments: headless, no first-run work, no network, a throwaway profile, print the page to `pdf`. */
export function chromeArgs(html: string, pdf: string, userDataDir: string, noSandbox: boolean): string[] {
  return [
    '--headless',
    ...(noSandbox ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-default-apps',
    '--no-first-run',
    '--no-default-browser-check',
    '--mute-audio',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${userDataDir}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ];
}

function run(file: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<{ error?: Error & { killed?: boolean; code?: unknown }; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 << 20, windowsHide: true }, (error, _stdout, stderr) => {
      resolve({ ...(error ? { error } : {}), stderr: String(stderr) });
    });
  });
}

function lastLines(text: string, n = 3): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-n)
    .join(' | ')
    .slice(0, 600);
}

/** Prints report.html to a PDF. Never throws: a missing Chrome or a failed print is a warning naming what to change. */
export async function printPdf(o: PdfOptions): Promise<PdfOutcome> {
  const keep = ' report.html is in the reports; only the PDF is missing.';
  const found = await findChrome(o.env);
  if (!found.path) return { status: 'failed', warning: `PDF report not written: no Chrome found (${found.tried}). Install google-chrome or chromium, or set CHROME_PATH.${keep}` };
  const timeoutMs = o.timeoutMs ?? PDF_TIMEOUT_MS;
  let profile: string | undefined;
  try {
    profile = await mkdtemp(join(o.tempRoot ?? tmpdir(), 'security-scan-chrome-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.env)) if (v !== undefined && k !== 'CHROME_PATH') env[k] = v;
    env['HOME'] = profile;
    const noSandbox = o.noSandbox ?? process.getuid?.() === 0;
    // Printed inside the throwaway profile, then moved into place like every report file (never through a planted link).
    const printed = join(profile, 'report.pdf');
    const r = await run(found.path, chromeArgs(o.html, printed, profile, noSandbox), env, timeoutMs);
    const st = await stat(printed).catch(() => undefined);
    if (r.error || !st || st.size === 0) {
      const why = r.error?.killed ? `it did not finish within ${Math.round(timeoutMs / 1000)} s` : r.error ? `it exited with ${String(r.error.code ?? r.error.message)}` : 'it wrote no PDF';
      const detail = lastLines(r.stderr);
      return { status: 'failed', warning: `PDF report not written: ${found.path} ${why}${detail ? ` (${detail})` : ''}.${keep}` };
    }
    const bytes = await readFile(printed);
    await writeFileAtomic(o.pdf, bytes);
    return { status: 'written', path: o.pdf, bytes: bytes.length, chrome: found.path };
  } catch (e) {
    return { status: 'failed', warning: `PDF report not written: ${e instanceof Error ? e.message : String(e)}.${keep}` };
  } finally {
    if (profile) await rm(profile, { recursive: true, force: true }).catch(() => undefined);
  }
}
