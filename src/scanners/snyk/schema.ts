/**
 * zod schemas of the Snyk outputs the parsers read (parse.ts, sarif.ts). Snyk's output is untrusted: a document of
 * the wrong shape fails the Snyk scan (validateOutput, ../validate.ts) with the path of the first problems
 * (`Snyk test output: vulnerabilities[3].id is 3, expected a string`) instead of parsing as "no findings".
 *
 * What is checked, and how strictly:
 * - Unknown fields are kept and never checked (`z.looseObject`): Snyk adds fields often.
 * - What the parsers rely on to produce a finding, group it and gate on it is required: an issue's id and
 *   severity (one of Snyk's four words: an unknown word would silently become `info`), the package name, version
 *   and dependency path (the grouping key), the results list of every entry, SARIF's runs, tool name and results.
 * - Every other field the parsers read is optional, but when present it must have the type they expect; `null`
 *   means "not given" (Snyk writes `cvssScore: null`, `suppressions: null`, `licensesPolicy: null`).
 * - Strings the parsers read must be well-formed Unicode (no lone surrogate: it makes URI encoding throw).
 * - Numbers that become SARIF fields are range-checked: SARIF lines and columns are whole numbers from 1 to 2^31−1
 *   and endLine is not before startLine (IaC's `lineNumber` may be -1 or 0, "no line"), scores are 0–10.
 * - One document is one entry or a non-empty array of entries (`--all-projects`, several IaC files). An entry with
 *   no results list must be an error report (`{ ok: false, error: "…" }`); anything else is a malformed entry.
 */
import { z } from 'zod';

/** Absent or null: not given. */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish();
}

/**
 * Text the parsers read. JSON can carry lone UTF-16 surrogates (`"\\ud800"`); they make encodeURIComponent throw
 * (advisory URLs, SARIF URIs), so a string holding one is malformed.
 */
export const text = z.string().refine((s) => !/\p{Cs}/u.test(s), { error: 'is not well-formed Unicode (it holds a lone surrogate)' });
const nonBlank = text.refine((s) => s.trim() !== '', { error: 'is blank' });

/** A word from `allowed`, in any case (the parsers lower-case it). Messages never quote the document's strings. */
function word(allowed: readonly string[], what: string) {
  return z.string().superRefine((s, ctx) => {
    if (!allowed.includes(s.trim().toLowerCase())) ctx.addIssue({ code: 'custom', message: `is not ${what}, expected ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` });
  });
}

/** Snyk's severities (Open Source, Container, IaC). */
export const SNYK_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const severity = word(SNYK_SEVERITIES, 'a Snyk severity');

const score = z.number().min(0).max(10);
/** A SARIF line or column: a whole number from 1 to 2^31−1 (SARIF's int; 0 would be an invalid region). */
const positiveInt = z.int().min(1).max(2 ** 31 - 1);
const strings = z.array(text);

// ---- snyk test / snyk container test (JSON) ----

export const snykVulnerabilitySchema = z.looseObject({
  id: nonBlank,
  severity,
  severityWithCritical: optional(severity),
  name: text,
  version: text,
  from: strings,
  packageName: optional(text),
  packageManager: optional(text),
  title: optional(text),
  description: optional(text),
  type: optional(text),
  license: optional(text),
  licenseTemplateUrl: optional(text),
  identifiers: optional(z.looseObject({ CVE: optional(strings), CWE: optional(strings), GHSA: optional(strings) })),
  references: optional(z.array(z.looseObject({ url: optional(text) }))),
  fixedIn: optional(strings),
  // `false` marks a step of the path that no upgrade fixes.
  upgradePath: optional(z.array(z.union([text, z.boolean()]))),
  isUpgradable: optional(z.boolean()),
  isPatchable: optional(z.boolean()),
  patches: optional(z.array(z.looseObject({ id: optional(text) }))),
  cvssScore: optional(score),
  CVSSv3: optional(text),
  exploit: optional(text),
  malicious: optional(z.boolean()),
});
export type SnykVulnerability = z.output<typeof snykVulnerabilitySchema>;

const advice = optional(z.record(z.string(), z.unknown()));

/** What every entry may carry: the error report fields and where the project is. */
const entryFields = {
  ok: optional(z.boolean()),
  error: optional(text),
  message: optional(text),
  path: optional(text),
  projectName: optional(text),
  packageManager: optional(text),
  targetFile: optional(text),
};

/** A dependency project: a `snyk test` entry, a container image or one of its applications. */
const projectFields = {
  ...entryFields,
  displayTargetFile: optional(text),
  filtered: optional(z.looseObject({ ignore: optional(z.array(z.unknown())), patch: optional(z.array(z.unknown())) })),
  remediation: optional(z.looseObject({ upgrade: advice, patch: advice, pin: advice })),
};

/** An entry without its results list must say it is an error report; `resultsKey` names the list. */
function resultsOrError(resultsKey: string) {
  return (entry: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (entry[resultsKey] !== undefined) return;
    const reportsError = (typeof entry.error === 'string' && entry.error.trim() !== '') || (typeof entry.message === 'string' && entry.message.trim() !== '') || entry.ok === false;
    if (!reportsError) ctx.addIssue({ code: 'custom', path: [resultsKey], message: 'is missing (and the entry is not an error report)' });
  };
}

export const snykProjectSchema = z.looseObject({ ...projectFields, vulnerabilities: z.array(snykVulnerabilitySchema).optional() }).superRefine(resultsOrError('vulnerabilities'));
export type SnykProject = z.output<typeof snykProjectSchema>;

/** `snyk container test --json`: the image is a project whose applications are projects too. */
export const snykImageSchema = z
  .looseObject({
    ...projectFields,
    vulnerabilities: z.array(snykVulnerabilitySchema).optional(),
    applications: optional(z.array(snykProjectSchema)),
  })
  .superRefine(resultsOrError('vulnerabilities'));
export type SnykImage = z.output<typeof snykImageSchema>;

// ---- snyk iac test (JSON) ----

export const snykIacIssueSchema = z
  .looseObject({
    id: optional(text),
    publicId: optional(text),
    severity,
    title: optional(text),
    iacDescription: optional(z.looseObject({ issue: optional(text), impact: optional(text), resolve: optional(text) })),
    issue: optional(text),
    impact: optional(text),
    resolve: optional(text),
    description: optional(text),
    // A sentence, or one per framework ({ terraform: "…", arm: "…" }).
    remediation: optional(z.union([text, z.record(z.string(), optional(text))])),
    references: optional(strings),
    documentation: optional(text),
    // -1 (or 0) when Snyk has no line.
    lineNumber: optional(z.int().min(-1).max(2 ** 31 - 1)),
    msg: optional(text),
    subType: optional(text),
    isIgnored: optional(z.boolean()),
    isGeneratedByCustomRule: optional(z.boolean()),
    compliance: optional(z.array(z.union([text, strings]))),
  })
  .superRefine((issue, ctx) => {
    const named = [issue.publicId, issue.id].some((v) => typeof v === 'string' && v.trim() !== '');
    if (!named) ctx.addIssue({ code: 'custom', path: ['publicId'], message: 'is missing, and so is id' });
  });
export type SnykIacIssue = z.output<typeof snykIacIssueSchema>;

export const snykIacFileSchema = z
  .looseObject({
    ...entryFields,
    targetFilePath: optional(text),
    projectType: optional(text),
    infrastructureAsCodeIssues: z.array(snykIacIssueSchema).optional(),
  })
  .superRefine(resultsOrError('infrastructureAsCodeIssues'));
export type SnykIacFile = z.output<typeof snykIacFileSchema>;

/** One entry, or a non-empty array of them; always returned as a list. Issues keep their code and document path. */
function oneOrMany<T extends z.ZodType<Record<string, unknown>>>(entry: T) {
  const many = z.array(entry).min(1);
  return z.unknown().transform((value, ctx): z.output<T>[] => {
    const r = Array.isArray(value) ? many.safeParse(value) : entry.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
      return z.NEVER;
    }
    return Array.isArray(r.data) ? (r.data as z.output<T>[]) : [r.data as z.output<T>];
  });
}

export const snykTestSchema = oneOrMany(snykProjectSchema);
export const snykContainerSchema = oneOrMany(snykImageSchema);
export const snykIacSchema = oneOrMany(snykIacFileSchema);

// ---- SARIF (snyk code test, snyk container test --sarif) ----

const SARIF_LEVELS = ['none', 'note', 'warning', 'error'] as const;
const level = z.enum(SARIF_LEVELS);
/** SARIF message and multiformatMessageString. */
const sarifText = z.looseObject({ text: optional(text), markdown: optional(text) });

const region = z
  .looseObject({ startLine: optional(positiveInt), endLine: optional(positiveInt), startColumn: optional(positiveInt), endColumn: optional(positiveInt) })
  .superRefine((r, ctx) => {
    if (typeof r.startLine === 'number' && typeof r.endLine === 'number' && r.endLine < r.startLine) {
      ctx.addIssue({ code: 'custom', path: ['endLine'], message: `is ${r.endLine}, before startLine (${r.startLine})` });
    }
  });

const sarifLocation = z.looseObject({
  physicalLocation: optional(z.looseObject({ artifactLocation: optional(z.looseObject({ uri: optional(text) })), region: optional(region) })),
  logicalLocations: optional(z.array(z.looseObject({ fullyQualifiedName: optional(text) }))),
});

const SUPPRESSION_STATUSES = ['accepted', 'underReview', 'rejected'] as const;

export const sarifResultSchema = z.looseObject({
  ruleId: nonBlank,
  ruleIndex: optional(z.int().min(0).max(2 ** 31 - 1)),
  level: optional(level),
  message: optional(sarifText),
  locations: optional(z.array(sarifLocation)),
  fingerprints: optional(z.looseObject({ identity: optional(text) })),
  properties: optional(z.looseObject({ priorityScore: optional(z.number()), isAutofixable: optional(z.boolean()) })),
  suppressions: optional(z.array(z.looseObject({ status: optional(z.enum(SUPPRESSION_STATUSES)) }))),
});
export type SarifResult = z.output<typeof sarifResultSchema>;

/** `security-severity` is a number written as a string ("6.5"). */
const securitySeverity = z.string().refine((s) => s.trim() !== '' && Number.isFinite(Number(s)) && Number(s) >= 0 && Number(s) <= 10, {
  error: 'is not a score from 0 to 10 (a number written as a string)',
});

export const sarifRuleSchema = z.looseObject({
  id: nonBlank,
  name: optional(text),
  shortDescription: optional(sarifText),
  fullDescription: optional(sarifText),
  help: optional(sarifText),
  helpUri: optional(text),
  defaultConfiguration: optional(z.looseObject({ level: optional(level) })),
  properties: optional(
    z.looseObject({ tags: optional(strings), cwe: optional(strings), cvssv3_baseScore: optional(score), 'security-severity': optional(securitySeverity) }),
  ),
});
export type SarifRule = z.output<typeof sarifRuleSchema>;

export const sarifRunSchema = z.looseObject({
  tool: z.looseObject({ driver: z.looseObject({ name: nonBlank, rules: optional(z.array(sarifRuleSchema)) }) }),
  // Absent results mean the tool did not run (SARIF 2.1.0 §3.14.23); [] is a clean run.
  results: z.array(sarifResultSchema),
});
export type SarifRun = z.output<typeof sarifRunSchema>;

export const snykSarifSchema = z.looseObject({ runs: z.array(sarifRunSchema).min(1) });
