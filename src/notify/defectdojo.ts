/**
 * DefectDojo sync: each scanner's SARIF (sarif/<scanner>.sarif) goes into its own DefectDojo test, `<test title> /
 * <scanner>`, in the engagement `defectdojo-engagement` of the product `defectdojo-product`, through API v2:
 *
 *   1. POST /api/v2/reimport-scan/ (scan_type SARIF, product_name, engagement_name, test_title, close_old_findings)
 *      — DefectDojo finds the test by product, engagement, title and scan type and updates it: findings no longer
 *      reported are closed, the rest are matched, none are duplicated;
 *   2. when DefectDojo answers 404 ("A test could not be found!": the first run), POST /api/v2/import-scan/ with
 *      auto_create_context, which creates the product (under `defectdojo-product-type`), engagement and test.
 *
 * A scanner that failed writes no SARIF, so its test is left as it was (its findings are not closed by a run that
 * could not see them). Multipart form data, `Authorization: Token <key>`; the key is never logged.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { truncate } from '../report/escape.js';
import { redact } from './secret.js';

export interface DefectDojoTarget {
  url: string;
  token: string;
  product: string;
  productType: string;
  engagement: string;
  testTitle: string;
  /** What the import records about the run. */
  run: { branch?: string; commit?: string; buildId?: string; repositoryUrl?: string; date: Date };
  fetch?: typeof fetch;
  timeoutMs?: number;
  userAgent: string;
  /** Every secret the action holds: removed from the SARIF before it leaves the runner. */
  secrets?: readonly string[];
}

export interface DojoOutcome {
  scanner: string;
  action: 'import' | 'reimport';
  testId?: number;
}

const endpoint = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

function form(t: DefectDojoTarget, title: string, sarif: string, file: string, action: 'import' | 'reimport'): FormData {
  const f = new FormData();
  f.set('scan_type', 'SARIF');
  f.set('file', new Blob([sarif], { type: 'application/sarif+json' }), file);
  f.set('product_name', t.product);
  f.set('engagement_name', t.engagement);
  f.set('test_title', title);
  f.set('minimum_severity', 'Info');
  f.set('active', 'true');
  f.set('scan_date', t.run.date.toISOString().slice(0, 10));
  if (t.run.branch) f.set('branch_tag', t.run.branch);
  if (t.run.commit) f.set('commit_hash', t.run.commit);
  if (t.run.buildId) f.set('build_id', t.run.buildId);
  if (t.run.repositoryUrl) f.set('source_code_management_uri', t.run.repositoryUrl);
  if (action === 'import') {
    f.set('auto_create_context', 'true');
    f.set('deduplication_on_engagement', 'true');
    f.set('close_old_findings', 'false');
    if (t.productType) f.set('product_type_name', t.productType);
  } else {
    f.set('close_old_findings', 'true');
  }
  return f;
}

async function post(t: DefectDojoTarget, path: string, body: FormData): Promise<{ status: number; json: unknown; text: string }> {
  let res: Response;
  try {
    res = await (t.fetch ?? fetch)(endpoint(t.url, path), {
      method: 'POST',
      headers: { Authorization: `Token ${t.token}`, Accept: 'application/json', 'User-Agent': t.userAgent },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(t.timeoutMs ?? 120_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new Error(`DefectDojo at ${new URL(t.url).origin} could not be reached (${cause}); check defectdojo-url and that the runner can reach it.`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

function failure(t: DefectDojoTarget, path: string, r: { status: number; text: string }): Error {
  const where = new URL(t.url).origin;
  const detail = truncate(redact(r.text.replace(/\s+/g, ' ').trim(), [t.token]), 300);
  const hint =
    r.status === 401 || r.status === 403
      ? ' Check defectdojo-token (an API v2 key of a user who may import into the product).'
      : r.status === 400
        ? ' DefectDojo refused a field; check defectdojo-product, defectdojo-product-type (needed the first time, to create the product) and defectdojo-engagement.'
        : r.status >= 300 && r.status < 400
          ? ' Redirects are not followed; set defectdojo-url to the API’s base URL (https://…).'
          : r.status >= 500
            ? ' DefectDojo failed; check its logs.'
            : '';
  return new Error(`DefectDojo ${path} answered HTTP ${r.status}${detail ? `: ${detail}` : ''}.${hint} (at ${where})`);
}

const testIdOf = (json: unknown): number | undefined => {
  const id = (json as { test_id?: unknown; test?: unknown } | undefined)?.test_id ?? (json as { test?: unknown } | undefined)?.test;
  return typeof id === 'number' ? id : undefined;
};

/** Imports one scanner's SARIF: reimport, or import the first time. */
export async function syncSarif(t: DefectDojoTarget, sarifPath: string): Promise<DojoOutcome> {
  const scanner = basename(sarifPath).replace(/\.sarif(\.json)?$/, '');
  const title = `${t.testTitle} / ${scanner}`;
  const sarif = redact((await readFile(sarifPath)).toString('utf8'), [t.token, ...(t.secrets ?? [])]);
  const re = await post(t, '/api/v2/reimport-scan/', form(t, title, sarif, basename(sarifPath), 'reimport'));
  if (re.status >= 200 && re.status < 300) return { scanner, action: 'reimport', ...(testIdOf(re.json) !== undefined ? { testId: testIdOf(re.json)! } : {}) };
  if (re.status !== 404) throw failure(t, '/api/v2/reimport-scan/', re);
  const im = await post(t, '/api/v2/import-scan/', form(t, title, sarif, basename(sarifPath), 'import'));
  if (im.status >= 200 && im.status < 300) return { scanner, action: 'import', ...(testIdOf(im.json) !== undefined ? { testId: testIdOf(im.json)! } : {}) };
  throw failure(t, '/api/v2/import-scan/', im);
}

/** Every scanner's SARIF, one after another; a scanner's failure does not stop the others (all are reported). */
export async function syncDefectDojo(t: DefectDojoTarget, sarifFiles: readonly string[]): Promise<{ done: DojoOutcome[]; failed: string[] }> {
  const done: DojoOutcome[] = [];
  const failed: string[] = [];
  for (const file of sarifFiles) {
    try {
      done.push(await syncSarif(t, file));
    } catch (e) {
      failed.push(`${basename(file)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { done, failed };
}
