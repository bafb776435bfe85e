import { SECRET_REMEDIATION, type RawFinding } from '../../findings/model.js';
import { normalizeSeverity } from '../../findings/severity.js';
import { ScannerError } from '../../errors.js';
import { takeText, type ParsedOutput, type RawOutput, type ScannerText } from '../types.js';
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
  trivyPlainSchemas,
  type TrivyVulnerability,
} from './schema.js';

const source = (ruleId: string, severity: string | undefined) => ({ scanner: 'trivy', ruleId, severity: severity ?? 'UNKNOWN' });

/**
 * The CVSS base score of the vulnerability: the SeveritySource's (v4 over v3 over v2), else the highest of any
 * source's. A loop, not arrays: it runs once per vulnerability.
 */
function cvssScore(v: TrivyVulnerability): number | undefined {
  const all = v.CVSS;
  if (all === undefined) return undefined;
  if (v.SeveritySource) {
    const preferred = all[v.SeveritySource];
    const p = preferred?.V40Score ?? preferred?.V3Score ?? preferred?.V2Score;
    if (typeof p === 'number') return p;
  }
  let best: number | undefined;
  for (const key in all) {
    const c = all[key]!;
    const x = c.V40Score ?? c.V3Score ?? c.V2Score;
    if (typeof x === 'number' && (best === undefined || x > best)) best = x;
  }
  return best;
}

/**
 * The references, `first` then `rest`: only absolute http(s) URLs are kept (they become SARIF helpUri and Markdown
 * links), without repeats, in order. No intermediate lists: it runs once per vulnerability.
 */
function refs(first: string | undefined, rest?: readonly string[]): string[] | undefined {
  let out: string[] | undefined;
  const add = (x: string | undefined) => {
    const u = webUrl(x);
    if (u === undefined) return;
    if (out === undefined) out = [u];
    else if (!out.includes(u)) out.push(u);
  };
  add(first);
  if (rest !== undefined) for (let i = 0; i < rest.length; i++) add(rest[i]);
  return out;
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
  const plain = cannotHoldLoneSurrogate(text);
  const doc = parseJsonOutput(text, { scanner: 'trivy', expected: '`trivy --format json` output' });
  const got = notAReport(doc);
  if (got !== undefined) throw new ScannerError('trivy', `output is not a Trivy JSON report with SchemaVersion 2 (got ${got}).`);
  const shallow = checkOutput(trivyReportShallowSchema, doc);
  // A problem: the one-call check's message, which lists the problems of the entries too, in document order.
  if (!shallow.ok) validateOutput(trivyReportSchema, doc, LABEL);
  if (!shallow.ok) throw new ScannerError('trivy', `${LABEL.document}: ${describeProblems(shallow.problems)}`);
  return { doc, report: shallow.value, entries: plain ? trivyPlainSchemas : ENTRY_SCHEMAS };
}

/**
 * Whether `text` has a `\uD800`–`\uDFFF` escape (either case), the only way well-formed JSON text can give a
 * string a lone surrogate. indexOf, not a regex: it runs over the whole text (a 160 MB report: ~15 ms, not ~60).
 * A `\\u…` that is not an escape only costs the slower check.
 */
function hasSurrogateEscape(text: string): boolean {
  for (let i = text.indexOf('\\u'); i !== -1; i = text.indexOf('\\u', i + 2)) {
    if ((text.charCodeAt(i + 2) | 0x20) !== 0x64) continue; // d or D
    const c = text.charCodeAt(i + 3) | 0x20;
    if (c === 0x38 || c === 0x39 || (c >= 0x61 && c <= 0x66)) return true; // 8, 9, a–f or A–F
  }
  return false;
}

/**
 * Whether no string parsed from `text` can hold a lone surrogate: the text is well-formed and has no surrogate
 * escape (Trivy writes non-ASCII as UTF-8, so a real report has none). Then every entry is checked by
 * trivyPlainSchemas, which need not copy each string through wellFormed.
 */
function cannotHoldLoneSurrogate(text: string): boolean {
  return (text as { isWellFormed?: () => boolean }).isWellFormed?.() === true && !hasSurrogateEscape(text);
}

const ENTRY_SCHEMAS = {
  vulnerability: trivyVulnerabilitySchema,
  misconfiguration: trivyMisconfigurationSchema,
  secret: trivySecretSchema,
  license: trivyLicenseSchema,
};

/**
 * `entry` checked against `schema`. An entry of the wrong shape fails the whole report with the message of the
 * one-call check (`Results[0].Vulnerabilities[3].PkgName is …`).
 */
function checked<S extends z.ZodType>(entry: unknown, schema: S, doc: unknown): z.output<S> {
  const r = schema.safeParse(entry);
  if (r.success) return r.data;
  validateOutput(trivyReportSchema, doc, LABEL);
  throw new ScannerError('trivy', `${LABEL.document}: an entry of a Result is not of the expected shape.`);
}

const CVE_ID = /^CVE-\d+-\d+$/;

/**
 * One vulnerability's finding, its members in the order the other kinds get from `clean` and undefined ones left
 * out, built directly: no spread, no intermediate object or list per vulnerability (there may be 100k of them).
 */
function vulnerabilityFinding(v: TrivyVulnerability, ecosystem: string | undefined, image: string | undefined, target: string): RawFinding {
  const id = v.VulnerabilityID;
  const f = { kind: 'vulnerability', ruleId: id, title: v.Title ? `${id}: ${v.Title}` : `${id} in ${v.PkgName}` } as RawFinding;
  if (v.Description !== undefined) f.description = v.Description;
  f.severity = normalizeSeverity(v.Severity);
  const score = cvssScore(v);
  if (score !== undefined) f.score = score;
  f.location = image ? { target: image } : { path: v.PkgPath || target };
  const pkg: NonNullable<RawFinding['package']> = { name: v.PkgName, version: v.InstalledVersion ?? '' };
  if (v.FixedVersion) pkg.fixedVersion = v.FixedVersion;
  if (ecosystem !== undefined) pkg.ecosystem = ecosystem;
  if (v.PkgIdentifier?.PURL !== undefined) pkg.purl = v.PkgIdentifier.PURL;
  f.package = pkg;
  if (CVE_ID.test(id)) f.cve = [id];
  if (v.CweIDs?.length) f.cwe = v.CweIDs;
  const references = refs(v.PrimaryURL, v.References);
  if (references !== undefined) f.references = references;
  f.remediation = v.FixedVersion ? `Upgrade ${v.PkgName}${v.InstalledVersion ? ` from ${v.InstalledVersion}` : ''} to ${v.FixedVersion}.` : 'No fixed version is available yet.';
  const properties: NonNullable<RawFinding['properties']> = image ? { target } : {};
  if (v.Status !== undefined) properties['status'] = v.Status;
  f.properties = properties;
  f.source = { scanner: 'trivy', ruleId: id, severity: v.Severity ?? 'UNKNOWN' };
  return f;
}

/** The checked entries of one list (`each` over a list that may be missing). */
function* each<S extends z.ZodType>(list: readonly unknown[] | undefined, schema: S, doc: unknown): Generator<z.output<S>> {
  for (const entry of list ?? []) yield checked(entry, schema, doc);
}

export function parseTrivy(input: ScannerText, output: Omit<RawOutput, 'file'>): ParsedOutput {
  const { doc, report, entries } = checkedReport(takeText(input));
  const image = output.target ?? (report.ArtifactType === 'container_image' ? report.ArtifactName : undefined);
  const findings: RawFinding[] = [];
  for (const r of report.Results ?? []) {
    // In an image every Target (OS, a jar in a layer…) lives inside the image; in a tree it is a repo-relative file.
    const where = (filePath?: string) =>
      image ? { target: image } : { path: filePath || r.Target };
    const inImage = image ? { target: r.Target } : {};
    const vulnerabilities = r.Vulnerabilities;
    if (vulnerabilities !== undefined) {
      for (let i = 0; i < vulnerabilities.length; i++) {
        findings.push(vulnerabilityFinding(checked(vulnerabilities[i], entries.vulnerability, doc), r.Type, image, r.Target));
      }
    }
    for (const m of each(r.Misconfigurations, entries.misconfiguration, doc)) {
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
    for (const s of each(r.Secrets, entries.secret, doc)) {
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
    for (const l of each(r.Licenses, entries.license, doc)) {
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

