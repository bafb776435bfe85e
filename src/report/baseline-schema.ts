/**
 * baseline.json, schema `security-scan/baseline@1`: what the next run compares against (findings/baseline.ts). Every
 * scan run writes one into output-dir (report/write.ts); with `baseline: auto`, push runs on the default branch upload
 * it as the `baseline-artifact` artifact.
 *
 * A baseline read back is untrusted (a path in the workspace, an artifact), so the schema is strict: unknown keys are
 * refused, enums are closed, strings and lists are bounded, dates are ISO 8601. A baseline can also be given as a
 * findings.json (`security-scan/findings@2` to `@4`, report/schema.ts): its findings and suppressed findings are the entries.
 */
import { z } from 'zod';
import { baselineEntries, type BaselineEntry } from '../findings/baseline.js';
import { SEVERITIES } from '../findings/model.js';
import { plainText, truncate } from './escape.js';
import { jsonPieces, jsonText, type ExpandPath } from './json-stream.js';
import { formatPath, parseFindingsDocument, quote, REPORT_SCHEMA, REPORT_SCHEMA_V2, REPORT_SCHEMA_V3 } from './schema.js';
import type { ScanReport } from './types.js';

export const BASELINE_SCHEMA = 'security-scan/baseline@1';
/** The file's name in output-dir and in the baseline artifact. */
export const BASELINE_FILE = 'baseline.json';
/** A baseline file larger than this is refused unread (100,000 entries are about 40 MB). */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
/** More entries than this are refused (a run reports at most a few tens of thousands). */
export const MAX_BASELINE_ENTRIES = 200_000;
const MAX_PROBLEMS = 10;

const text = (max: number) => z.string().max(max);

export const baselineEntrySchema = z.strictObject({
  fingerprint: z.string().min(1).max(200),
  ruleId: text(1_000),
  title: text(10_000),
  severity: z.enum(SEVERITIES),
  path: text(4_096).optional(),
  target: text(4_096).optional(),
  firstSeen: z.iso.datetime(),
  scanners: z.array(text(100)).max(20).optional(),
});

export const baselineDocumentSchema = z.strictObject({
  schema: z.literal(BASELINE_SCHEMA),
  generatedAt: z.iso.datetime(),
  tool: z.strictObject({ name: text(200), version: text(200) }).optional(),
  context: z.strictObject({ repository: text(300).optional(), sha: text(100).optional(), ref: text(1_000).optional() }),
  /** The reported (unsuppressed) findings per severity: the trends of later runs read them (github/trend-history.ts). */
  counts: z.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().min(0).max(MAX_BASELINE_ENTRIES)])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>).optional(),
  entries: z.array(baselineEntrySchema).max(MAX_BASELINE_ENTRIES),
});

export type BaselineDocument = z.infer<typeof baselineDocumentSchema>;

// The schema's entry and the model's are one definition: this fails to compile when either side drifts.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _BaselineSchemaMatchesModel = Assert<Same<z.infer<typeof baselineEntrySchema>, BaselineEntry>>;

export interface BaselineMeta {
  generatedAt: string;
  tool: { name: string; version: string };
  /** The repository, commit and ref this run scanned. */
  context: { repository?: string; sha?: string; ref?: string };
}

function baselineDocument(report: Pick<ScanReport, 'findings' | 'suppressed'>, meta: BaselineMeta): BaselineDocument {
  const context = Object.fromEntries(Object.entries(meta.context).filter(([, v]) => v !== undefined && v !== ''));
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<(typeof SEVERITIES)[number], number>;
  for (const f of report.findings) counts[f.severity]++;
  return {
    schema: BASELINE_SCHEMA,
    generatedAt: meta.generatedAt,
    tool: meta.tool,
    context,
    counts,
    entries: baselineEntries(report.findings, report.suppressed, meta.generatedAt),
  };
}

/** The document indented, its entries one compact entry per line (100,000 of them are ~25 MB, not ~37). */
const expandBaseline: ExpandPath = (path) => path.length === 0 || (path.length === 1 && path[0] === 'entries');
const compactBaseline: ExpandPath = (path) => path.length === 1 && path[0] === 'entries';

/** baseline.json in pieces, to stream into the file (report/write.ts): the same bytes as renderBaseline. */
export function baselinePieces(report: Pick<ScanReport, 'findings' | 'suppressed'>, meta: BaselineMeta): Iterable<string> {
  return jsonPieces(baselineDocument(report, meta), expandBaseline, compactBaseline);
}

/** baseline.json for a report: its findings and suppressed findings with their firstSeen. Same input, same bytes. */
export function renderBaseline(report: Pick<ScanReport, 'findings' | 'suppressed'>, meta: BaselineMeta): string {
  return jsonText(baselineDocument(report, meta), expandBaseline, compactBaseline);
}

export type BaselineParse =
  | { ok: true; kind: 'baseline' | 'findings'; generatedAt: string; sha?: string; counts?: BaselineDocument['counts']; entries: BaselineEntry[] }
  | { ok: false; problems: string[] };

function issues(list: readonly z.core.$ZodIssue[]): string[] {
  const out = list.slice(0, MAX_PROBLEMS).map((i) => {
    if (i.code === 'unrecognized_keys') return `${formatPath(i.path)}: has unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.slice(0, 5).map(quote).join(', ')}`;
    return `${formatPath(i.path)}: ${truncate(plainText(i.message), 200)}`;
  });
  if (list.length > MAX_PROBLEMS) out.push(`… and ${list.length - MAX_PROBLEMS} more problem${list.length - MAX_PROBLEMS > 1 ? 's' : ''}`);
  return out;
}

/**
 * Parses a baseline: baseline.json (`security-scan/baseline@1`) or findings.json (`security-scan/findings@2`, whose
 * findings and suppressed findings are the entries; a finding without firstSeen was first seen when that report was
 * made). Problems name the place in the document; pieces of it quoted in them are cut to one plain line.
 */
export function parseBaseline(input: string): BaselineParse {
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch (e) {
    return { ok: false, problems: [`is not JSON: ${truncate(plainText((e as Error).message), 200)}`] };
  }
  const id = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>)['schema'] : undefined;
  if (id === REPORT_SCHEMA || id === REPORT_SCHEMA_V3 || id === REPORT_SCHEMA_V2) {
    const r = parseFindingsDocument(input);
    if (!r.ok) return { ok: false, problems: r.problems };
    const doc = r.document;
    if (doc.findings.length + doc.suppressed.length > MAX_BASELINE_ENTRIES) {
      return { ok: false, problems: [`has ${doc.findings.length + doc.suppressed.length} findings, more than the ${MAX_BASELINE_ENTRIES} a baseline may hold`] };
    }
    return {
      ok: true,
      kind: 'findings',
      generatedAt: doc.generatedAt,
      ...(doc.context.sha ? { sha: doc.context.sha } : {}),
      entries: baselineEntries(doc.findings, doc.suppressed, doc.generatedAt),
    };
  }
  if (id !== BASELINE_SCHEMA) {
    const shown = typeof id === 'string' ? quote(id) : String(id);
    return { ok: false, problems: [`schema: is ${shown}, not '${BASELINE_SCHEMA}' (baseline.json) or '${REPORT_SCHEMA}' (findings.json)`] };
  }
  const r = baselineDocumentSchema.safeParse(data);
  if (!r.success) return { ok: false, problems: issues(r.error.issues) };
  return { ok: true, kind: 'baseline', generatedAt: r.data.generatedAt, ...(r.data.context.sha ? { sha: r.data.context.sha } : {}), ...(r.data.counts ? { counts: r.data.counts } : {}), entries: r.data.entries };
}
