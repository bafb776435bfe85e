import { SECRET_REMEDIATION, type RawFinding } from '../../findings/model.js';
import { normalizeSeverity } from '../../findings/severity.js';
import { ScannerError } from '../../errors.js';
import type { ParsedOutput, RawOutput } from '../types.js';
import { str } from '../json.js';
import type { z } from 'zod';
import { checkOutput, describeProblems, describeValue, parseJsonOutput, validateOutput, webUrl } from '../validate.js';
import {
  trivyLicenseSchema,
  trivyMisconfigurationSchema,
  trivyReportSchema,
  trivyReportShallowSchema,
  trivySecretSchema,
  trivyVulnerabilitySchema,
  type TrivyVulnerability,
} from './schema.js';

const source = (ruleId: string, severity: string | undefined) => ({ scanner: 'trivy', ruleId, severity: severity ?? 'UNKNOWN' });

/** The highest CVSS base score Trivy reports for the vulnerability, preferring v3 over v2 per source. */
function cvssScore(v: TrivyVulnerability): number | undefined {
  const scores = Object.values(v.CVSS ?? {}).map((c) => c.V40Score ?? c.V3Score ?? c.V2Score).filter((x): x is number => typeof x === 'number');
  const preferred = v.SeveritySource ? v.CVSS?.[v.SeveritySource] : undefined;
  const p = preferred?.V40Score ?? preferred?.V3Score ?? preferred?.V2Score;
  if (typeof p === 'number') return p;
  return scores.length ? Math.max(...scores) : undefined;
}

/** The references: only absolute http(s) URLs are kept (they become SARIF helpUri and Markdown links), without repeats. */
function refs(...lists: (string[] | string | undefined)[]): string[] | undefined {
  const all = lists.flat().map((x) => webUrl(x)).filter((x): x is string => x !== undefined);
  return all.length ? [...new Set(all)] : undefined;
}

/**
 * `o` without its undefined members (same keys, same order). A new object rather than `delete`: deleting turns a
 * V8 object into a slow dictionary, which at 100k findings costs memory and every later read and stringify.
 */
function clean<T extends object>(o: T): T {
  const src = o as Record<string, unknown>;
  const keys = Object.keys(src);
  if (!keys.some((k) => src[k] === undefined)) return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out as T;
}

/** Why a parsed document is not a SchemaVersion 2 report at all (before its fields are checked), or undefined. */
function notAReport(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return describeValue(doc);
  const version = (doc as Record<string, unknown>)['SchemaVersion'];
  if (version === 2) return undefined;
  return version === undefined ? 'no SchemaVersion' : `SchemaVersion ${describeValue(version)}`;
}

const LABEL = { scanner: 'trivy', document: 'Trivy report' };

/**
 * The report checked down to each Result, its entries still unchecked (`each` checks them one at a time): the
 * schema's copy of a 160 MB report is never whole in memory, each entry's copy is garbage once its finding is built.
 */
function checkedReport(text: string) {
  const doc = parseJsonOutput(text, { scanner: 'trivy', expected: '`trivy --format json` output' });
  const got = notAReport(doc);
  if (got !== undefined) throw new ScannerError('trivy', `output is not a Trivy JSON report with SchemaVersion 2 (got ${got}).`);
  const shallow = checkOutput(trivyReportShallowSchema, doc);
  // A problem: the one-call check's message, which lists the problems of the entries too, in document order.
  if (!shallow.ok) validateOutput(trivyReportSchema, doc, LABEL);
  if (!shallow.ok) throw new ScannerError('trivy', `${LABEL.document}: ${describeProblems(shallow.problems)}`);
  return { doc, report: shallow.value };
}

/**
 * The entries of one list, each checked against `schema` as it is read. An entry of the wrong shape fails the
 * whole report with the message of the one-call check (`Results[0].Vulnerabilities[3].PkgName is …`).
 */
function* each<S extends z.ZodType>(list: readonly unknown[] | undefined, schema: S, doc: unknown): Generator<z.output<S>> {
  for (const entry of list ?? []) {
    const r = schema.safeParse(entry);
    if (r.success) {
      yield r.data;
      continue;
    }
    validateOutput(trivyReportSchema, doc, LABEL);
    throw new ScannerError('trivy', `${LABEL.document}: an entry of a Result is not of the expected shape.`);
  }
}

export function parseTrivy(text: string, output: Omit<RawOutput, 'file'>): ParsedOutput {
  const { doc, report } = checkedReport(text);
  const image = output.target ?? (report.ArtifactType === 'container_image' ? report.ArtifactName : undefined);
  const findings: RawFinding[] = [];
  for (const r of report.Results ?? []) {
    // In an image every Target (OS, a jar in a layer…) lives inside the image; in a tree it is a repo-relative file.
    const where = (filePath?: string) =>
      image ? { target: image } : { path: filePath || r.Target };
    const inImage = image ? { target: r.Target } : {};
    for (const v of each(r.Vulnerabilities, trivyVulnerabilitySchema, doc)) {
      findings.push(clean({
        kind: 'vulnerability',
        ruleId: v.VulnerabilityID,
        title: v.Title ? `${v.VulnerabilityID}: ${v.Title}` : `${v.VulnerabilityID} in ${v.PkgName}`,
        description: v.Description,
        severity: normalizeSeverity(v.Severity),
        score: cvssScore(v),
        location: where(v.PkgPath),
        package: clean({ name: v.PkgName, version: v.InstalledVersion ?? '', fixedVersion: v.FixedVersion || undefined, ecosystem: r.Type, purl: v.PkgIdentifier?.PURL }),
        cve: /^CVE-\d+-\d+$/.test(v.VulnerabilityID) ? [v.VulnerabilityID] : undefined,
        cwe: v.CweIDs?.length ? [...v.CweIDs] : undefined,
        references: refs(v.PrimaryURL, v.References),
        remediation: v.FixedVersion ? `Upgrade ${v.PkgName}${v.InstalledVersion ? ` from ${v.InstalledVersion}` : ''} to ${v.FixedVersion}.` : 'No fixed version is available yet.',
        properties: clean({ ...inImage, status: v.Status }),
        source: source(v.VulnerabilityID, v.Severity),
      }) as RawFinding);
    }
    for (const m of each(r.Misconfigurations, trivyMisconfigurationSchema, doc)) {
      if (m.Status !== undefined && m.Status !== 'FAIL') continue;
      const given = [m.ID, m.AVDID].map(str).find((x) => x !== undefined && x !== 'N/A');
      const id = given ?? `trivy-${(m.Title ?? 'misconfiguration').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      const start = m.CauseMetadata?.StartLine || undefined;
      findings.push(clean({
        kind: 'misconfiguration',
        ruleId: id,
        title: str(m.Title) ?? id,
        description: [m.Description, m.Message].filter(Boolean).join('\n\n') || undefined,
        severity: normalizeSeverity(m.Severity),
        location: image ? { target: image } : clean({ path: r.Target, startLine: start, endLine: start ? m.CauseMetadata?.EndLine || start : undefined }),
        references: refs(m.PrimaryURL, m.References),
        remediation: m.Resolution,
        properties: clean({ ...inImage, type: m.Type, resource: m.CauseMetadata?.Resource || undefined, provider: m.CauseMetadata?.Provider, service: m.CauseMetadata?.Service }),
        source: source(id, m.Severity),
      }) as RawFinding);
    }
    for (const s of each(r.Secrets, trivySecretSchema, doc)) {
      // Match and Code are never read: the value stays in the scanner's output.
      findings.push(clean({
        kind: 'secret',
        ruleId: s.RuleID,
        title: str(s.Title) ?? s.RuleID,
        severity: normalizeSeverity(s.Severity),
        location: image ? { target: image } : clean({ path: r.Target, startLine: s.StartLine || undefined, endLine: s.EndLine || undefined }),
        remediation: SECRET_REMEDIATION,
        secret: { redacted: '********' },
        properties: clean({ ...inImage, category: s.Category }),
        source: source(s.RuleID, s.Severity),
      }) as RawFinding);
    }
    for (const l of each(r.Licenses, trivyLicenseSchema, doc)) {
      const id = `license/${l.Name}`;
      findings.push(clean({
        kind: 'license',
        ruleId: id,
        title: `License ${l.Name}${l.Category ? ` (${l.Category})` : ''}${l.PkgName ? ` in ${l.PkgName}` : ''}`,
        severity: normalizeSeverity(l.Severity),
        location: where(l.FilePath),
        package: l.PkgName ? { name: l.PkgName, version: '' } : undefined,
        references: refs(l.Link),
        properties: clean({ ...inImage, category: l.Category, confidence: l.Confidence }),
        source: source(id, l.Severity),
      }) as RawFinding);
    }
  }
  const suppressed = (report.Results ?? []).reduce((n, r) => n + (r.ExperimentalModifiedFindings?.length ?? 0), 0);
  // Every target Trivy scanned, clean ones too (it lists a Result per scanned file, or the image itself).
  const targets = image ? [image] : [...new Set((report.Results ?? []).map((r) => r.Target).filter((t) => t))];
  return suppressed > 0 ? { findings, summary: { nativeSuppressed: suppressed }, targets } : { findings, targets };
}

