import { InternalError } from '../errors.js';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../logger.js';
import type { GitHubClient } from './client.js';
import { describeHttpError, isHttpError, isPermanentForRepository } from './http-errors.js';
import { waitForProcessing, type ProcessingState } from './processing.js';
import { SARIF_LIMITS, type SarifLimits } from './limits.js';
import type { SarifLog, SarifRun } from './sarif-trim.js';
import { buildUploads, DEFAULT_HEADER, prepareRun, type PreparedRun, type SarifHeader } from './upload-pack.js';

export interface UploadSarifOptions {
  owner: string;
  repo: string;
  /** Paths of the SARIF files to upload (one run per scanner each, distinct automationDetails.id per run). */
  files: readonly string[];
  /** The commit that was scanned (chooseRef().commitSha). */
  commitSha: string;
  /** refs/heads/…, refs/tags/… or refs/pull/N/(merge|head) (chooseRef().ref). */
  ref: string;
  /** file:// URI of the checkout (toCheckoutUri(GITHUB_WORKSPACE)), as codeql-action sends it. */
  checkoutUri: string;
  /** When the scan started. */
  startedAt: string | Date;
  /** `tool_name` of every upload; default: the distinct `tool.driver.name`s of the upload's runs, joined by ", ". */
  toolName?: string;
  waitForProcessing: boolean;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Pauses before each processing status poll; default DEFAULT_POLL_DELAYS_MS (5, 10, 20, 40, 80 s). */
  pollDelaysMs?: readonly number[];
  /** GitHub's limits; override only in tests. */
  limits?: Partial<SarifLimits>;
}

/** A run that had results left out of the upload to stay within GitHub's limits. */
export interface LeftOutRun {
  file: string;
  category: string;
  tool: string;
  total: number;
  kept: number;
  leftOut: number;
  reasons: ('result-limit' | 'size-limit')[];
}

export interface UploadRecord {
  categories: string[];
  runs: number;
  results: number;
  gzipBytes: number;
  /** Set when GitHub accepted the upload. */
  sarifId?: string;
  processing?: ProcessingState;
}

export interface SarifUploadOutcome {
  /** For the `sarif-ids` output. */
  sarifIds: string[];
  /** Every failure, already logged with logger.warning: show them, do not log them again. */
  warnings: string[];
  /** Runs that were trimmed (also logged as warnings, not repeated in `warnings`). */
  leftOut: LeftOutRun[];
  /** Every planned upload, in order; `sarifId` set on those GitHub accepted. */
  uploads: UploadRecord[];
}

export function toCheckoutUri(dir: string): string {
  return pathToFileURL(dir).href;
}

async function readSarif(file: string): Promise<SarifLog> {
  // Bytes then one decode: a flat string, not the rope readFile(file, 'utf8') builds (JSON.parse flattens it first).
  const text = (await readFile(file)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`SARIF file ${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as SarifLog).runs)) {
    throw new Error(`SARIF file ${file} has no runs array`);
  }
  return parsed as SarifLog;
}

function toolNameOf(runs: readonly PreparedRun[]): string {
  return [...new Set(runs.map((r) => r.tool))].join(', ');
}

/**
 * Uploads the runs of the given SARIF files to code scanning in as few uploads as GitHub's limits allow, then
 * (optionally) waits for processing. GitHub-side failures never throw: each becomes a warning (logged and returned)
 * naming what to change. Unreadable SARIF files and bad arguments are bugs and do throw.
 */
export async function uploadSarifFiles(client: GitHubClient, o: UploadSarifOptions): Promise<SarifUploadOutcome> {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(o.commitSha)) throw new InternalError(`uploadSarifFiles: commitSha "${o.commitSha}" is not a commit sha`);
  if (!/^refs\/(heads|tags|pull)\/./.test(o.ref)) throw new InternalError(`uploadSarifFiles: ref "${o.ref}" is not refs/heads|tags|pull/…`);
  const limits: SarifLimits = { ...SARIF_LIMITS, ...o.limits };
  const { logger } = o;
  const repository = `${o.owner}/${o.repo}`;
  const outcome: SarifUploadOutcome = { sarifIds: [], warnings: [], leftOut: [], uploads: [] };
  const warn = (m: string) => {
    outcome.warnings.push(m);
    logger.warning(m);
  };

  let header: SarifHeader | undefined;
  const prepared: PreparedRun[] = [];
  for (const file of o.files) {
    const log = await readSarif(file);
    header ??= { $schema: log.$schema ?? DEFAULT_HEADER.$schema, version: log.version ?? DEFAULT_HEADER.version };
    for (const run of log.runs as SarifRun[]) prepared.push(await prepareRun(run, file, header, limits));
  }
  if (prepared.length === 0) {
    logger.info('No SARIF runs to upload to code scanning.');
    return outcome;
  }

  for (const p of prepared) {
    if (p.leftOut > 0) {
      const why = p.reasons
        .map((r) => (r === 'result-limit' ? `${limits.maxResultsPerRun.toLocaleString('en-US')} results per run` : `${limits.maxGzipBytes / 1024 / 1024} MB of gzip per upload`))
        .join(' and ');
      const entry: LeftOutRun = { file: p.file, category: p.category, tool: p.tool, total: p.total, kept: p.total - p.leftOut, leftOut: p.leftOut, reasons: p.reasons };
      outcome.leftOut.push(entry);
      logger.warning(
        `${p.tool} (${p.category}): ${p.leftOut.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} results were left out ` +
          `of the code scanning upload (GitHub accepts ${why}); the ${entry.kept.toLocaleString('en-US')} most severe were kept. ` +
          'The full list is in the report artifact.',
      );
    }
  }
  const uploadable = prepared.filter((p) => {
    if (p.tooLarge) warn(`${p.tool} (${p.category}): the run is larger than ${limits.maxGzipBytes} bytes of gzip even without results; it was not uploaded.`);
    return !p.tooLarge;
  });

  const uploads = await buildUploads(uploadable, header ?? DEFAULT_HEADER, limits);
  const startedAt = typeof o.startedAt === 'string' ? o.startedAt : o.startedAt.toISOString();
  const labels: Record<string, string> = {};

  outcome.uploads = uploads.map((u) => ({
    categories: u.runs.map((r) => r.category),
    runs: u.runs.length,
    results: u.runs.reduce((s, r) => s + (r.run.results?.length ?? 0), 0),
    gzipBytes: u.gzip.length,
  }));
  for (const [n, u] of uploads.entries()) {
    const record = outcome.uploads[n] as UploadRecord;
    const what = `upload ${n + 1} of ${uploads.length} (${record.categories.join(', ')}; ${record.results} results, ${record.gzipBytes} bytes gzip)`;
    try {
      const { data } = await client.rest.codeScanning.uploadSarif({
        owner: o.owner,
        repo: o.repo,
        commit_sha: o.commitSha,
        ref: o.ref,
        sarif: u.gzip.toString('base64'),
        checkout_uri: o.checkoutUri,
        started_at: startedAt,
        tool_name: o.toolName ?? toolNameOf(u.runs),
      });
      if (!data.id) {
        warn(`GitHub accepted SARIF ${what} but returned no id; its processing cannot be followed.`);
        continue;
      }
      record.sarifId = data.id;
      outcome.sarifIds.push(data.id);
      labels[data.id] = record.categories.join(', ');
      logger.info(`Uploaded SARIF ${what}: id ${data.id}.`);
    } catch (e) {
      if (!isHttpError(e)) throw e;
      const rest = uploads.length - n - 1;
      if (isPermanentForRepository(e) && rest > 0) {
        warn(`${describeHttpError(e, 'upload', repository)} (${rest} further SARIF upload${rest > 1 ? 's were' : ' was'} skipped: ${rest > 1 ? 'they' : 'it'} would fail the same way.)`);
        break;
      }
      warn(`SARIF ${what} failed: ${describeHttpError(e, 'upload', repository)}`);
    }
  }

  if (o.waitForProcessing && outcome.sarifIds.length > 0) {
    const processed = await waitForProcessing(client, {
      owner: o.owner,
      repo: o.repo,
      sarifIds: outcome.sarifIds,
      labels,
      logger,
      ...(o.pollDelaysMs ? { delaysMs: o.pollDelaysMs } : {}),
      ...(o.sleep ? { sleep: o.sleep } : {}),
    });
    outcome.warnings.push(...processed.warnings);
    for (const r of outcome.uploads) if (r.sarifId) r.processing = processed.states[r.sarifId];
  }
  return outcome;
}
