/**
 * Fits SARIF runs into code scanning uploads: each run within the per-run limits (trimmed when it must be), then
 * as few uploads as possible with ≤ maxRunsPerUpload runs and ≤ maxGzipBytes of gzip each.
 * Sizes are measured by compressing, never estimated from the JSON length.
 */
import { gzip as gzipCb } from 'node:zlib';
import { promisify } from 'node:util';
import type { SarifLimits } from './limits.js';
import { clampRunLimits, keepMostSevere, type SarifLog, type SarifRun } from './sarif-trim.js';

const gzip = promisify(gzipCb);

/** `$schema` and `version` of the uploaded documents (taken from the first SARIF file). */
export type SarifHeader = Pick<SarifLog, '$schema' | 'version'>;

export const DEFAULT_HEADER: SarifHeader = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
};

export async function gzipDocument(header: SarifHeader, runs: readonly SarifRun[]): Promise<Buffer> {
  return gzip(Buffer.from(JSON.stringify({ ...header, runs }), 'utf8'));
}

export interface PreparedRun {
  run: SarifRun;
  /** The SARIF file the run came from. */
  file: string;
  /** `automationDetails.id` (the code scanning category), or `<tool>/` when absent. */
  category: string;
  tool: string;
  /** This run alone as an upload document, compressed. */
  gzip: Buffer;
  /** Results in the input run. */
  total: number;
  /** Results left out to respect the limits (0 when none). */
  leftOut: number;
  /** Why results were left out: over the result count limit, and/or over the size limit. */
  reasons: ('result-limit' | 'size-limit')[];
  /** Even with no results the run does not fit (huge rules/driver): it cannot be uploaded. */
  tooLarge: boolean;
}

export function runLabel(run: SarifRun): { category: string; tool: string } {
  const tool = typeof run.tool?.driver?.name === 'string' && run.tool.driver.name ? run.tool.driver.name : 'unknown tool';
  const id = run.automationDetails?.id;
  return { tool, category: typeof id === 'string' && id ? id : `${tool}/` };
}

/** Brings one run within the per-run limits: count of results first, then (if still needed) the gzip size. */
export async function prepareRun(run: SarifRun, file: string, header: SarifHeader, limits: SarifLimits): Promise<PreparedRun> {
  const clamped = clampRunLimits(run, limits);
  const total = clamped.results?.length ?? 0;
  const reasons: PreparedRun['reasons'] = [];
  let keep = total;
  if (keep > limits.maxResultsPerRun) {
    keep = limits.maxResultsPerRun;
    reasons.push('result-limit');
  }
  const dropUnusedRules = (clamped.tool.driver.rules?.length ?? 0) > limits.maxRulesPerRun;
  let trimmed = keepMostSevere(clamped, keep, { dropUnusedRules });
  let gz = await gzipDocument(header, [trimmed.run]);
  // Shrink in proportion to the overshoot (plus 5 %): one or two rounds in practice.
  for (let round = 0; gz.length > limits.maxGzipBytes && keep > 0 && round < 20; round++) {
    keep = Math.max(0, Math.min(keep - 1, Math.floor(keep * (limits.maxGzipBytes / gz.length) * 0.95)));
    if (!reasons.includes('size-limit')) reasons.push('size-limit');
    trimmed = keepMostSevere(clamped, keep, { dropUnusedRules: true });
    gz = await gzipDocument(header, [trimmed.run]);
  }
  return {
    run: trimmed.run,
    file,
    ...runLabel(run),
    gzip: gz,
    total,
    leftOut: trimmed.leftOut,
    reasons: trimmed.leftOut > 0 ? reasons : [],
    tooLarge: gz.length > limits.maxGzipBytes,
  };
}

/**
 * Groups runs (by position) into uploads, keeping their order: a new upload starts when the current one holds
 * maxRunsPerUpload runs or the next run's own gzip size would push the sum past maxGzipBytes. The sum of separate
 * gzip sizes bounds the combined size from above in practice; buildUploads measures the real thing anyway.
 */
export function planPacks(gzipSizes: readonly number[], limits: Pick<SarifLimits, 'maxRunsPerUpload' | 'maxGzipBytes'>): number[][] {
  const packs: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  gzipSizes.forEach((size, i) => {
    if (current.length > 0 && (current.length >= limits.maxRunsPerUpload || bytes + size > limits.maxGzipBytes)) {
      packs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) packs.push(current);
  return packs;
}

export interface PackedUpload {
  runs: PreparedRun[];
  /** The upload document, compressed (what goes base64-encoded into the request). */
  gzip: Buffer;
}

/** Runs that fit → uploads within the limits (a pack that measures too large is split in two, recursively). */
export async function buildUploads(runs: readonly PreparedRun[], header: SarifHeader, limits: SarifLimits): Promise<PackedUpload[]> {
  const uploads: PackedUpload[] = [];
  const emit = async (pack: PreparedRun[]): Promise<void> => {
    const gz = pack.length === 1 ? (pack[0] as PreparedRun).gzip : await gzipDocument(header, pack.map((p) => p.run));
    if (gz.length > limits.maxGzipBytes && pack.length > 1) {
      const half = Math.ceil(pack.length / 2);
      await emit(pack.slice(0, half));
      await emit(pack.slice(half));
      return;
    }
    uploads.push({ runs: pack, gzip: gz });
  };
  for (const indices of planPacks(runs.map((r) => r.gzip.length), limits)) {
    await emit(indices.map((i) => runs[i] as PreparedRun));
  }
  return uploads;
}
