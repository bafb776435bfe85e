import { gunzipSync } from 'node:zlib';

/** GitHub's code scanning upload limits (docs: "SARIF support for code scanning"; ../shared/DESIGN.md). */
export const SARIF_LIMITS = {
  maxGzipBytes: 10 * 1024 * 1024,
  maxRuns: 20,
  maxResultsPerRun: 25_000,
} as const;

export type SarifLimits = { maxGzipBytes: number; maxRuns: number; maxResultsPerRun: number };

/** What the fake reads of a SARIF log; everything else is kept as parsed. */
export interface SarifLog {
  version?: unknown;
  runs?: unknown;
  [key: string]: unknown;
}

export interface SarifRunSummary {
  toolName: string | undefined;
  /** runs[i].automationDetails.id: the analysis category. */
  automationId: string | undefined;
  results: number;
}

export type SarifDecode =
  | { ok: true; sarif: SarifLog; gzipBytes: number; runs: SarifRunSummary[] }
  | { ok: false; status: 400 | 413; message: string };

/** Guards against a gzip bomb: far above anything a 10 MB gzip of SARIF legitimately expands to in tests. */
const MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

/**
 * The `sarif` field of an upload: base64 → gunzip → JSON, then GitHub's limits. Pure; the messages are the fake's
 * own wording (GitHub documents the statuses — 400 invalid, 413 too large — not the texts), except where noted.
 */
export function decodeSarifUpload(base64: string, limits: SarifLimits = SARIF_LIMITS): SarifDecode {
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    return { ok: false, status: 400, message: 'Invalid SARIF: the sarif field is not base64.' };
  }
  const gzip = Buffer.from(base64, 'base64');
  if (gzip.length > limits.maxGzipBytes) {
    return {
      ok: false,
      status: 413,
      message: `Payload Too Large: the gzipped SARIF is ${gzip.length} bytes, the limit is ${limits.maxGzipBytes}.`,
    };
  }
  let text: string;
  try {
    text = gunzipSync(gzip, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch (e) {
    return { ok: false, status: 400, message: `Invalid SARIF: the sarif field is not gzip (${(e as Error).message}).` };
  }
  let sarif: unknown;
  try {
    sarif = JSON.parse(text);
  } catch (e) {
    return { ok: false, status: 400, message: `Invalid SARIF: not JSON (${(e as Error).message}).` };
  }
  if (!isObject(sarif) || !Array.isArray(sarif.runs)) {
    return { ok: false, status: 400, message: 'Invalid SARIF: the log has no runs array.' };
  }
  if (sarif.version !== '2.1.0') {
    return { ok: false, status: 400, message: `Invalid SARIF: version ${JSON.stringify(sarif.version)} is not 2.1.0.` };
  }
  const runs = sarif.runs.map(summarizeRun);
  const problem = checkLimits(runs, limits);
  if (problem) return { ok: false, status: 400, message: problem };
  return { ok: true, sarif, gzipBytes: gzip.length, runs };
}

function checkLimits(runs: readonly SarifRunSummary[], limits: SarifLimits): string | undefined {
  if (runs.length > limits.maxRuns) {
    return `Invalid SARIF: the file has ${runs.length} runs, the limit is ${limits.maxRuns} runs per file.`;
  }
  for (const [index, run] of runs.entries()) {
    if (run.results > limits.maxResultsPerRun) {
      return `Invalid SARIF: run ${index} has ${run.results} results, the limit is ${limits.maxResultsPerRun} results per run.`;
    }
  }
  // Since 2025-07 GitHub rejects a file with two runs of the same tool and category (github.blog changelog
  // 2024-05-06 "Code Scanning will stop combining runs from a single upload"); the key mirrors codeql-action's
  // run key: tool.driver.name + automationDetails.id.
  const seen = new Map<string, number>();
  for (const [index, run] of runs.entries()) {
    const key = JSON.stringify([run.toolName ?? null, run.automationId ?? null]);
    const first = seen.get(key);
    if (first !== undefined) {
      return (
        `Invalid SARIF: runs ${first} and ${index} have the same tool (${JSON.stringify(run.toolName ?? null)}) and ` +
        `category (${JSON.stringify(run.automationId ?? null)}); give each run a distinct automationDetails.id.`
      );
    }
    seen.set(key, index);
  }
  return undefined;
}

function summarizeRun(run: unknown): SarifRunSummary {
  const r = isObject(run) ? run : {};
  const tool = isObject(r.tool) ? r.tool : {};
  const driver = isObject(tool.driver) ? tool.driver : {};
  const automation = isObject(r.automationDetails) ? r.automationDetails : {};
  return {
    toolName: typeof driver.name === 'string' ? driver.name : undefined,
    automationId: typeof automation.id === 'string' ? automation.id : undefined,
    results: Array.isArray(r.results) ? r.results.length : 0,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
