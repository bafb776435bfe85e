/**
 * findings.json, schema `security-scan/findings@4` (@3, whose insights had another shape, and @2 without `insights`
 * and scanners' `targets` are still read; readers never use a document's insights, so an older one's are dropped): the one definition of the document renderJson (json.ts) writes
 * and everything that reads one back — the fork publish mode (publish/), and the merge of matrix shards next.
 *
 * A document read back is untrusted (a fork's run wrote it), so the schema is strict: every object refuses keys it
 * does not know, every number is checked (counts are whole and not negative, lines are whole, scores are 0–10),
 * every enum is closed, and the references inside hold (scanner ids are unique; every finding's sources name a
 * scanner of the document). What the schema does NOT check is whether the summary fields (counts, decision, risk,
 * gate, byScanner, accounting) agree with the findings: a reader must recompute them from the findings and the
 * scanner states (report/build.ts), never take them from the document.
 */
import { z } from 'zod';
import { FAIL_ON, FAILURE_POLICIES } from '../config/settings.js';
import { KINDS, SEVERITIES, type Finding } from '../findings/model.js';
import { plainText, truncate } from './escape.js';
import { insightsSchema } from '../insights/schema.js';
import type { Accounting, BaselineReport, ChangedFilesReport, GateResult, RunContext, ScannerStatus, SeverityCounts, SuppressionsReport } from './types.js';

export const REPORT_SCHEMA = 'security-scan/findings@4';
/** The insights' lists uncapped, findingsBySeverity as fingerprint lists, every finding in slas.findings. */
export const REPORT_SCHEMA_V3 = 'security-scan/findings@3';
/** The previous version: the same document without `insights` and scanners' `targets`; readers still accept it. */
export const REPORT_SCHEMA_V2 = 'security-scan/findings@2';
const READABLE = [REPORT_SCHEMA, REPORT_SCHEMA_V3, REPORT_SCHEMA_V2] as const;

const count = z.number().int().nonnegative();
const line = z.number().int().nonnegative();
const strings = z.array(z.string());

const severityCounts = z.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, count])) as Record<(typeof SEVERITIES)[number], typeof count>);

const location = z.strictObject({
  path: z.string().optional(),
  startLine: line.optional(),
  endLine: line.optional(),
  startColumn: line.optional(),
  endColumn: line.optional(),
  target: z.string().optional(),
});

const packageRef = z.strictObject({
  name: z.string(),
  version: z.string(),
  fixedVersion: z.string().optional(),
  ecosystem: z.string().optional(),
  purl: z.string().optional(),
  path: strings.optional(),
  upgradePath: strings.optional(),
  isUpgradable: z.boolean().optional(),
  isPatchable: z.boolean().optional(),
});

const source = z.strictObject({ scanner: z.string().min(1), ruleId: z.string(), severity: z.string() });

export const findingSchema = z.strictObject({
  fingerprint: z.string().min(1),
  kind: z.enum(KINDS),
  ruleId: z.string(),
  title: z.string(),
  description: z.string().optional(),
  severity: z.enum(SEVERITIES),
  score: z.number().min(0).max(10).optional(),
  location,
  package: packageRef.optional(),
  cve: strings.optional(),
  cwe: strings.optional(),
  references: strings.optional(),
  remediation: z.string().optional(),
  lineHash: z.string().optional(),
  secret: z.strictObject({ redacted: z.string() }).optional(),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), strings])).optional(),
  sources: z.array(source).min(1),
  suppression: z.strictObject({ reason: z.string(), expires: z.string().optional(), by: z.string() }).optional(),
  baseline: z.enum(['new', 'unchanged']).optional(),
  firstSeen: z.iso.datetime().optional(),
});

export const scannerStatusSchema = z.strictObject({
  id: z.string().min(1),
  displayName: z.string(),
  state: z.enum(['ok', 'failed', 'unavailable', 'skipped']),
  version: z.string().optional(),
  durationMs: z.number().nonnegative(),
  error: z.string().optional(),
  rawCount: count,
  filtered: count.optional(),
  summary: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  targets: strings.optional(),
});

const decision = z.enum(['PROCEED', 'BLOCK']);

const gate = z.strictObject({
  decision,
  failOn: z.enum(FAIL_ON),
  blocking: severityCounts,
  failedScanners: strings,
  reasons: strings,
  failurePolicy: z.enum(FAILURE_POLICIES),
  newOnly: z.boolean(),
});

const accounting = z.strictObject({
  raw: count,
  reported: count,
  merged: count,
  filteredBySeverity: count,
  filteredByScanner: count,
  suppressed: count,
  filteredByChangedFiles: count,
});

const ignoreEntry = z.strictObject({
  index: z.number().int().positive(),
  rule: z.string().optional(),
  fingerprint: z.string().optional(),
  path: z.string().optional(),
  package: z.string().optional(),
  reason: z.string(),
  expires: z.string().optional(),
});

const suppressions = z.strictObject({
  source: z.enum(['base', 'workspace']),
  file: z.string(),
  active: count,
  expired: z.array(ignoreEntry),
  pending: z.array(
    z.strictObject({
      kind: z.enum(['ignore-entry', 'native-file', 'inline-marker']),
      scanner: z.string().optional(),
      file: z.string(),
      line: line.optional(),
      text: z.string(),
      entry: ignoreEntry.optional(),
    }),
  ),
  native: z.record(z.string(), count),
});

const baseline = z.strictObject({
  source: z.string(),
  found: z.boolean(),
  new: count,
  unchanged: count,
  fixed: z.array(
    z.strictObject({
      fingerprint: z.string().min(1),
      ruleId: z.string(),
      title: z.string(),
      severity: z.enum(SEVERITIES),
      path: z.string().optional(),
      target: z.string().optional(),
    }),
  ),
});

const changedFiles = z.strictObject({ source: z.string(), files: count });

const context = z.strictObject({
  serverUrl: z.string().optional(),
  repository: z.string().optional(),
  sha: z.string().optional(),
  runId: z.string().optional(),
  runAttempt: z.string().optional(),
  workflow: z.string().optional(),
  job: z.string().optional(),
  pullRequest: z.number().int().positive().optional(),
});

export const findingsDocumentSchema = z
  .strictObject({
    schema: z.enum(READABLE),
    generatedAt: z.iso.datetime(),
    tool: z.strictObject({ name: z.string(), version: z.string() }),
    context,
    decision,
    risk: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
    gate,
    total: count,
    counts: severityCounts,
    byScanner: z.record(z.string(), severityCounts),
    accounting,
    /** At least one: a report of no scanner vouches for nothing. */
    scanners: z.array(scannerStatusSchema).min(1),
    findings: z.array(findingSchema),
    suppressed: z.array(findingSchema),
    suppressions,
    baseline: baseline.optional(),
    changedFiles: changedFiles.optional(),
    notes: strings,
    insights: insightsSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.scanners.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['scanners', i, 'id'], message: `repeats scanner id ${quote(s.id)}.` });
      ids.add(s.id);
    });
    for (const list of ['findings', 'suppressed'] as const) {
      doc[list].forEach((f, i) => {
        f.sources.forEach((s, j) => {
          if (!ids.has(s.scanner)) {
            ctx.addIssue({ code: 'custom', path: [list, i, 'sources', j, 'scanner'], message: `names scanner ${quote(s.scanner)}, which is not in 'scanners'.` });
          }
        });
        if ((list === 'suppressed') !== (f.suppression !== undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, i, 'suppression'],
            message: list === 'suppressed' ? 'is missing: a suppressed finding says why.' : 'is set on a finding that is not in suppressed.',
          });
        }
      });
    }
  });

export type FindingsDocument = z.infer<typeof findingsDocumentSchema>;

// The schema and the report's types are one definition: these fail to compile when either side drifts.
// Exact equality (optional keys included: a key the schema leaves out, or makes optional, is a difference).
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _SchemaMatchesModel = [
  Assert<Same<z.infer<typeof findingSchema>, Finding>>,
  Assert<Same<z.infer<typeof scannerStatusSchema>, ScannerStatus>>,
  Assert<Same<FindingsDocument['gate'], GateResult>>,
  Assert<Same<FindingsDocument['counts'], SeverityCounts>>,
  Assert<Same<FindingsDocument['accounting'], Accounting>>,
  Assert<Same<FindingsDocument['context'], RunContext>>,
  Assert<Same<FindingsDocument['suppressions'], SuppressionsReport>>,
  Assert<Same<NonNullable<FindingsDocument['baseline']>, BaselineReport>>,
  Assert<Same<NonNullable<FindingsDocument['changedFiles']>, ChangedFilesReport>>,
];

/** How many problems a refusal lists (a hostile document can have millions). */
const MAX_PROBLEMS = 10;

/** Untrusted text for a message: one line, no control characters, at most 80 characters, in quotes. */
export function quote(text: string): string {
  return JSON.stringify(truncate(plainText(text), 80));
}

/** `findings[3].sources[0].scanner`; keys that are not plain identifiers are quoted (they come from the document). */
export function formatPath(path: readonly PropertyKey[]): string {
  // A hostile document can nest thousands of levels deep: the first and last keys say enough.
  const shown = path.length > 24 ? [...path.slice(0, 12), '…', ...path.slice(-8)] : path;
  let out = '';
  for (const key of shown) {
    if (key === '…') {
      out += `.…(${path.length - 20} more)`;
      continue;
    }
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${quote(String(key))}]`;
  }
  return out || '(the document)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') return `${where}: has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.slice(0, 5).map(quote).join(', ')}`;
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return `${where}: is missing (expected ${issue.expected})`;
  return `${where}: ${truncate(plainText(issue.message), 200)}`;
}

export type DocumentResult = { ok: true; document: FindingsDocument } | { ok: false; problems: string[] };

/**
 * Parses findings.json text: JSON, then the schema. Problems name the path in the document
 * (`findings[3].severity: Invalid option: expected one of …`), at most MAX_PROBLEMS of them plus how many more;
 * every piece of the document quoted in them is cut to one plain line.
 */
export function parseFindingsDocument(text: string): DocumentResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`is not JSON: ${truncate(plainText((e as Error).message), 200)}`] };
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const id = (data as Record<string, unknown>)['schema'];
    if (!(READABLE as readonly unknown[]).includes(id)) {
      return { ok: false, problems: [`schema: is ${typeof id === 'string' ? quote(id) : String(id)}, not '${READABLE.join("', '")}' (a findings.json this version of security-scan reads)`] };
    }
    // An older document's insights are in an older shape and are never read (publish and merge recompute them).
    if (id !== REPORT_SCHEMA && 'insights' in data) {
      const { insights: _older, ...rest } = data as Record<string, unknown>;
      data = rest;
    }
  }
  const r = findingsDocumentSchema.safeParse(data);
  if (r.success) return { ok: true, document: r.data };
  const problems = r.error.issues.slice(0, MAX_PROBLEMS).map(describeIssue);
  const more = r.error.issues.length - MAX_PROBLEMS;
  if (more > 0) problems.push(`… and ${more} more problem${more > 1 ? 's' : ''}`);
  return { ok: false, problems };
}
