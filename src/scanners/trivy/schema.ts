import { z } from 'zod';
import { lineNumber, scannerId, scannerString } from '../validate.js';

/**
 * The Trivy JSON report (`--format json`, SchemaVersion 2), as far as the parser reads it — checked before it is read.
 *
 * Strict where a wrong type would make a wrong finding or none: every list is a list and every entry an object, ids
 * (VulnerabilityID, PkgName, RuleID, license Name) and Targets are strings that are not empty or blank, severities and texts are strings,
 * lines are whole numbers from 0 ("none") up, CVSS scores numbers from 0 to 10. Tolerant where Trivy changes between
 * releases: every object is loose (unknown fields such as Layer, DataSource, Code, MisconfSummary are kept and not
 * checked), and every field Trivy marks `omitempty` may be missing — `Results` too (a clean tree has none).
 * `null` is refused where Trivy never prints it (omitempty fields are left out, not nulled). Lone UTF-16 surrogates in
 * strings become U+FFFD (validate.ts wellFormed) rather than failing the report.
 */

const text = scannerString();
const id = scannerId();
const strings = z.array(text);

const cvss = z.looseObject({
  V2Score: z.number().min(0).max(10).optional(),
  V3Score: z.number().min(0).max(10).optional(),
  V40Score: z.number().min(0).max(10).optional(),
});

export const trivyVulnerabilitySchema = z.looseObject({
  VulnerabilityID: id,
  PkgName: id,
  InstalledVersion: text.optional(),
  FixedVersion: text.optional(),
  Status: text.optional(),
  PkgIdentifier: z.looseObject({ PURL: text.optional() }).optional(),
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

export const trivyMisconfigurationSchema = z.looseObject({
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
export const trivySecretSchema = z.looseObject({
  RuleID: id,
  Category: text.optional(),
  Severity: text.optional(),
  Title: text.optional(),
  StartLine: lineNumber().optional(),
  EndLine: lineNumber().optional(),
});

export const trivyLicenseSchema = z.looseObject({
  Name: id,
  Severity: text.optional(),
  Category: text.optional(),
  PkgName: text.optional(),
  FilePath: text.optional(),
  Confidence: z.number().optional(),
  Link: text.optional(),
});

export const trivyResultSchema = z.looseObject({
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

export const trivyReportSchema = z.looseObject({
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
export const trivyReportShallowSchema = trivyReportSchema.extend({
  Results: z.array(trivyResultSchema.extend({ Vulnerabilities: entries, Misconfigurations: entries, Secrets: entries, Licenses: entries })).optional(),
});

export type TrivyReport = z.output<typeof trivyReportSchema>;
export type TrivyResult = z.output<typeof trivyResultSchema>;
export type TrivyVulnerability = z.output<typeof trivyVulnerabilitySchema>;
export type TrivyMisconfiguration = z.output<typeof trivyMisconfigurationSchema>;
export type TrivySecret = z.output<typeof trivySecretSchema>;
export type TrivyLicense = z.output<typeof trivyLicenseSchema>;
