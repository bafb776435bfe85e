import { z } from 'zod';
import { lineNumber, plainId, scannerId, scannerString } from '../validate.js';

/**
 * The Trivy JSON report (`--format json`, SchemaVersion 2), as far as the parser reads it — checked before it is read.
 *
 * Strict where a wrong type would make a wrong finding or none: every list is a list and every entry an object, ids
 * (VulnerabilityID, PkgName, RuleID, license Name) and Targets are strings that are not empty or blank, severities and texts are strings,
 * lines are whole numbers from 0 ("none") up, CVSS scores numbers from 0 to 10. Tolerant where Trivy changes between
 * releases: unknown fields are never checked (Layer, DataSource, Code, MisconfSummary…). The report and its Results
 * are loose objects (unknown fields kept); an entry of a Result (vulnerability, misconfiguration, secret, licence) and
 * the objects inside it are checked by `z.object`, which accepts unknown fields but leaves them out of its copy: the
 * parser reads only the fields named here, and at 100k entries not copying the rest (VendorSeverity, Layer,
 * DataSource, dates) is a third of the check's time. Every field Trivy marks `omitempty` may be missing, `Results`
 * too (a clean tree has none).
 * `null` is refused where Trivy never prints it (omitempty fields are left out, not nulled). Lone UTF-16 surrogates in
 * strings become U+FFFD (validate.ts wellFormed) rather than failing the report.
 */

/**
 * The schemas over a string schema and an id schema: `scannerString`/`scannerId` (lone surrogates become U+FFFD), or,
 * for a report that cannot hold a lone surrogate (see `trivyPlainSchemas`), the same checks without the transform.
 */
function schemas(text: z.ZodType<string>, id: z.ZodType<string>) {
  const strings = z.array(text);
  const cvss = z.object({
    V2Score: z.number().min(0).max(10).optional(),
    V3Score: z.number().min(0).max(10).optional(),
    V40Score: z.number().min(0).max(10).optional(),
  });

  const trivyVulnerabilitySchema = z.object({
    VulnerabilityID: id,
    PkgName: id,
    InstalledVersion: text.optional(),
    FixedVersion: text.optional(),
    Status: text.optional(),
    PkgIdentifier: z.object({ PURL: text.optional() }).optional(),
    PkgPath: text.optional(),
    Title: text.optional(),
    Description: text.optional(),
    Severity: text.optional(),
    SeveritySource: text.optional(),
    PrimaryURL: text.optional(),
    References: strings.optional(),
    CweIDs: strings.optional(),
    CVSS: z.record(z.string(), cvss).optional(),
  });

  const trivyMisconfigurationSchema = z.object({
    Type: text.optional(),
    ID: text.optional(),
    AVDID: text.optional(),
    Title: text.optional(),
    Description: text.optional(),
    Message: text.optional(),
    Resolution: text.optional(),
    Severity: text.optional(),
    PrimaryURL: text.optional(),
    References: strings.optional(),
    Status: text.optional(),
    CauseMetadata: z
      .looseObject({
        Resource: text.optional(),
        Provider: text.optional(),
        Service: text.optional(),
        StartLine: lineNumber().optional(),
        EndLine: lineNumber().optional(),
      })
      .optional(),
  });

  /** Match and Code hold the secret: they are neither checked nor read. */
  const trivySecretSchema = z.object({
    RuleID: id,
    Category: text.optional(),
    Severity: text.optional(),
    Title: text.optional(),
    StartLine: lineNumber().optional(),
    EndLine: lineNumber().optional(),
  });

  const trivyLicenseSchema = z.object({
    Name: id,
    Severity: text.optional(),
    Category: text.optional(),
    PkgName: text.optional(),
    FilePath: text.optional(),
    Confidence: z.number().optional(),
    Link: text.optional(),
  });

  const trivyResultSchema = z.looseObject({
    Target: id,
    Class: text.optional(),
    Type: text.optional(),
    Vulnerabilities: z.array(trivyVulnerabilitySchema).optional(),
    Misconfigurations: z.array(trivyMisconfigurationSchema).optional(),
    Secrets: z.array(trivySecretSchema).optional(),
    Licenses: z.array(trivyLicenseSchema).optional(),
    /** `--show-suppressed`: what .trivyignore (or a VEX statement) suppressed; only counted. */
    ExperimentalModifiedFindings: z.array(z.unknown()).optional(),
  });

  const trivyReportSchema = z.looseObject({
    SchemaVersion: z.literal(2),
    ArtifactName: text.optional(),
    ArtifactType: text.optional(),
    Results: z.array(trivyResultSchema).optional(),
  });

  /**
   * The report with each Result's four lists checked as lists only: the parser checks their entries one at a time
   * (parse.ts), so a 160 MB report is never copied whole by the schema; `trivyReportSchema` above is the same
   * check in one call (and names the place of a problem the per-entry check found).
   */
  const entries = z.array(z.unknown()).optional();
  const trivyReportShallowSchema = trivyReportSchema.extend({
    Results: z.array(trivyResultSchema.extend({ Vulnerabilities: entries, Misconfigurations: entries, Secrets: entries, Licenses: entries })).optional(),
  });

  return {
    vulnerability: trivyVulnerabilitySchema,
    misconfiguration: trivyMisconfigurationSchema,
    secret: trivySecretSchema,
    license: trivyLicenseSchema,
    result: trivyResultSchema,
    report: trivyReportSchema,
    shallow: trivyReportShallowSchema,
  };
}

const wellFormedSchemas = schemas(scannerString(), scannerId());
export const trivyVulnerabilitySchema = wellFormedSchemas.vulnerability;
export const trivyMisconfigurationSchema = wellFormedSchemas.misconfiguration;
export const trivySecretSchema = wellFormedSchemas.secret;
export const trivyLicenseSchema = wellFormedSchemas.license;
export const trivyResultSchema = wellFormedSchemas.result;
export const trivyReportSchema = wellFormedSchemas.report;
export const trivyReportShallowSchema = wellFormedSchemas.shallow;

/**
 * The same schemas with strings only checked, not transformed: for a report whose text can hold no lone surrogate
 * (well-formed and without a `\uD800`–`\uDFFF` escape, see parse.ts), where wellFormed would return every string
 * unchanged. They accept and refuse exactly what the schemas above do (same checks, same ids refinement); the
 * transform per string was most of the cost of checking 100k entries. Messages always come from the schemas above.
 */
export const trivyPlainSchemas = schemas(z.string(), plainId());

export type TrivyReport = z.output<typeof trivyReportSchema>;
export type TrivyResult = z.output<typeof trivyResultSchema>;
export type TrivyVulnerability = z.output<typeof trivyVulnerabilitySchema>;
export type TrivyMisconfiguration = z.output<typeof trivyMisconfigurationSchema>;
export type TrivySecret = z.output<typeof trivySecretSchema>;
export type TrivyLicense = z.output<typeof trivyLicenseSchema>;
