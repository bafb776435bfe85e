/**
 * Pure parsers for Snyk's JSON outputs (SARIF from `snyk code test` is in snyk-sarif.ts):
 *
 * - `snyk test --json`: one project object, or an array of them with `--all-projects` (one per manifest).
 * - `snyk container test --json`: the image's OS packages in `vulnerabilities`, plus `applications[]` (one project
 *   per application manifest or binary found in the image, same shape as `snyk test`).
 * - `snyk iac test --json`: one object per scanned file (an array when a directory or several files were scanned).
 *
 * Grouping (dependencies and containers): Snyk lists a vulnerability once per dependency path (`from`). We report
 * ONE finding per (issue id, package name@version, manifest or image target) — what users expect and what Snyk's own
 * `uniqueCount` approximates (it counts ids only). `package.path` is the first path in Snyk's order,
 * `properties.paths` counts the paths and `properties.introducedThrough` lists up to 10 of them;
 * isUpgradable/isPatchable are true when any path is; upgradePath comes from the first upgradable path.
 * IaC issues are not grouped: each entry is one resource in one file.
 *
 * Ignored issues: `snyk test`/`container test` leave ignored and patched vulnerabilities out of `vulnerabilities`
 * (they are listed under `filtered.ignore` / `filtered.patch`); IaC issues carry `isIgnored: true`. Neither becomes a
 * finding; both are counted in the summary's `ignoredCount`.
 *
 * Summary (every figure is additive: the pipeline combines the summaries of several outputs by summing numbers and
 * OR-ing booleans, scanners/execute.ts mergeSummaries):
 * - totalManifests: projects in the output (each `snyk test` entry, the image and each of its applications, each
 *   IaC file). Entries that carry an `error` instead of results are counted in failedManifests instead.
 * - vulnerableManifests: of those, the ones with at least one finding (after the ignored ones are removed).
 * - patchableCount / upgradableCount: findings (after grouping) with isPatchable / isUpgradable on any path.
 * - licenseIssuesCount: findings of kind `license` (Snyk `type: "license"`).
 * - remediationPossible: true when a finding is upgradable or patchable, or Snyk's `remediation` object proposes an
 *   upgrade, patch or pin.
 * - ignoredCount: issues Snyk reports as ignored (see above); failedManifests: entries that carry an error.
 *
 * Every document is checked against its schema (schema.ts) before it is read: one of the wrong shape fails Snyk
 * with the path of the problem. An error entry's own text is quoted clipped to one line of MAX_ERROR_TEXT.
 */
import { arr, isObj, num, str, strings, type Json } from '../json.js';
import { normalizeSeverity } from '../../findings/severity.js';
import type { RawFinding } from '../../findings/model.js';
import type { ParsedOutput } from '../types.js';
import { ScannerError } from '../../errors.js';
import { parseJsonOutput, validateOutput } from '../validate.js';
import { snykContainerSchema, snykIacSchema, snykTestSchema } from './schema.js';

export const SNYK_ID = 'snyk';

export interface SnykSummary {
  [key: string]: number | boolean;
  totalManifests: number;
  vulnerableManifests: number;
  patchableCount: number;
  upgradableCount: number;
  licenseIssuesCount: number;
  remediationPossible: boolean;
  ignoredCount: number;
  failedManifests: number;
}

export function emptySummary(): SnykSummary {
  return {
    totalManifests: 0,
    vulnerableManifests: 0,
    patchableCount: 0,
    upgradableCount: 0,
    licenseIssuesCount: 0,
    remediationPossible: false,
    ignoredCount: 0,
    failedManifests: 0,
  };
}

// ---- small readers over unknown JSON ----

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
function uniq<T>(list: T[]): T[] {
  return [...new Set(list)];
}

/** Parses JSON or throws a ScannerError naming snyk and what was expected (never quoting the output). */
export function parseJson(text: string, what: string): unknown {
  return parseJsonOutput(text, { scanner: SNYK_ID, expected: `${what} output` });
}

/**
 * Makes a Snyk file path relative to the scan root with forward slashes. Snyk reports manifests relative to the
 * directory it scanned (our scan root) and sometimes as absolute paths under the project's `path`.
 */
export function relPath(file: string, projectRoot?: string): string {
  let p = file.replace(/\\/g, '/');
  const root = projectRoot?.replace(/\\/g, '/').replace(/\/+$/, '');
  if (root && root !== '.' && p.startsWith(`${root}/`)) p = p.slice(root.length + 1);
  return p.replace(/^(\.\/)+/, '');
}

/** Prefers the manifest we asked for (`--file=sub/x`) when Snyk reports the same file by a shorter name. */
function preferRequested(reported: string | undefined, requested: string | undefined): string | undefined {
  if (!requested) return reported;
  const req = relPath(requested);
  if (!reported || req === reported || req.endsWith(`/${reported}`)) return req;
  return reported;
}

const MAX_ERROR_TEXT = 200;

/** Snyk's own error text, quoted in a message: one line, control characters replaced, clipped (it is untrusted). */
function errorText(s: string): string {
  // eslint-disable-next-line no-control-regex
  const line = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return line.length <= MAX_ERROR_TEXT ? line : `${line.slice(0, MAX_ERROR_TEXT - 1)}…`;
}

/** An entry that is an error report instead of results (`{ ok: false, error: "…" }`). */
function errorOf(entry: Json, resultsKey: string): string | undefined {
  if (entry[resultsKey] !== undefined) return undefined;
  const text = str(entry.error) ?? str(entry.message);
  return text !== undefined ? errorText(text) : entry.ok === false ? 'Snyk reported ok: false without results' : undefined;
}

// ---- snyk test / snyk container test ----

interface ProjectContext {
  /** location.path of the findings (a workspace file). */
  path?: string;
  /** location.target of the findings (an image, an application inside an image). */
  target?: string;
  ecosystem?: string;
  projectName?: string;
}

interface Group {
  first: Json;
  paths: string[][];
  upgradable: boolean;
  patchable: boolean;
  upgradeFrom?: Json;
}

const MAX_LISTED_PATHS = 10;

/** Builds the remediation sentence from Snyk's upgrade path, patches and fixedIn. */
function remediationText(v: Json, upgradeFrom: Json | undefined, patchable: boolean): string | undefined {
  const name = str(v.packageName) ?? str(v.name) ?? 'the package';
  if (upgradeFrom) {
    const from = strings(upgradeFrom.from);
    const upgrade = arr(upgradeFrom.upgradePath);
    for (let i = 0; i < upgrade.length; i++) {
      const to = upgrade[i];
      if (typeof to === 'string' && to !== '' && to !== from[i]) {
        const direct = from[i] ?? name;
        const tail = i < from.length - 1 ? ` (fixes ${from[from.length - 1]})` : '';
        return `Upgrade ${direct} to ${to}${tail}.`;
      }
    }
  }
  if (patchable) {
    const patch = arr(v.patches).filter(isObj).map((p) => str(p.id)).find((id) => id !== undefined);
    return patch ? `Apply the Snyk patch ${patch}.` : 'A Snyk patch is available.';
  }
  const fixedIn = strings(v.fixedIn);
  if (fixedIn.length > 0) return `Upgrade ${name} to ${fixedIn.join(', ')} or later (no direct upgrade path from this project).`;
  if (v.type === 'license') {
    const license = str(v.license) ?? 'this';
    return `Review whether the ${license} license of ${name} is acceptable under your license policy.`;
  }
  return undefined;
}

/** Snyk's advisory ids (`SNYK-JS-LODASH-567746`, `npm:ms:20170412`): letters, digits and . _ : - only. */
const ADVISORY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * The advisory page of a Snyk issue id, or undefined for an id that is not one (text the scanner printed is not
 * trusted to be an id: percent-encoded, non-ASCII ids made URIs the SARIF Multitool refuses, SARIF1002).
 */
export function advisoryUrl(id: string): string | undefined {
  return ADVISORY_ID.test(id) ? `https://security.snyk.io/vuln/${encodeURIComponent(id)}` : undefined;
}

function vulnFinding(g: Group, ctx: ProjectContext): RawFinding {
  const v = g.first;
  const id = str(v.id) ?? 'SNYK-UNKNOWN';
  const word = str(v.severityWithCritical) ?? str(v.severity) ?? 'unknown';
  const isLicense = v.type === 'license';
  const identifiers = isObj(v.identifiers) ? v.identifiers : {};
  const advisory = isLicense ? undefined : advisoryUrl(id);
  const references = uniq([
    ...(advisory !== undefined ? [advisory] : []),
    ...arr(v.references)
      .filter(isObj)
      .map((r) => str(r.url))
      .filter((u): u is string => u !== undefined),
    ...(str(v.licenseTemplateUrl) ? [v.licenseTemplateUrl as string] : []),
  ]);
  const fixedIn = strings(v.fixedIn);
  const upgradePath = g.upgradeFrom ? strings(g.upgradeFrom.upgradePath) : [];
  const name = str(v.packageName) ?? str(v.name) ?? '';
  const installedName = str(v.name);
  const properties: NonNullable<RawFinding['properties']> = {
    paths: g.paths.length,
    introducedThrough: g.paths.slice(0, MAX_LISTED_PATHS).map((p) => p.join(' > ')),
  };
  if (ctx.projectName) properties.project = ctx.projectName;
  if (installedName && installedName !== name) properties.installedName = installedName;
  const ghsa = strings(identifiers.GHSA);
  if (ghsa.length > 0) properties.ghsa = ghsa;
  if (str(v.CVSSv3)) properties.cvssVector = v.CVSSv3 as string;
  if (str(v.exploit)) properties.exploitMaturity = v.exploit as string;
  if (isLicense && str(v.license)) properties.license = v.license as string;
  if (v.malicious === true) properties.malicious = true;

  const finding: RawFinding = {
    kind: isLicense ? 'license' : 'vulnerability',
    ruleId: id,
    title: str(v.title) ?? id,
    severity: normalizeSeverity(word),
    location: {
      ...(ctx.path ? { path: ctx.path } : {}),
      ...(ctx.target ? { target: ctx.target } : {}),
    },
    package: {
      name,
      version: str(v.version) ?? '',
      ...(fixedIn[0] ? { fixedVersion: fixedIn[0] } : {}),
      ...((str(v.packageManager) ?? ctx.ecosystem) ? { ecosystem: str(v.packageManager) ?? ctx.ecosystem } : {}),
      path: g.paths[0] ?? [],
      ...(upgradePath.length > 0 ? { upgradePath } : {}),
      isUpgradable: g.upgradable,
      isPatchable: g.patchable,
    },
    properties,
    source: { scanner: SNYK_ID, ruleId: id, severity: word },
  };
  const description = str(v.description)?.trim();
  if (description) finding.description = description;
  const score = num(v.cvssScore);
  if (score !== undefined) finding.score = score;
  const cve = nonEmpty(uniq(strings(identifiers.CVE)));
  if (cve) finding.cve = cve;
  const cwe = nonEmpty(uniq(strings(identifiers.CWE)));
  if (cwe) finding.cwe = cwe;
  if (references.length > 0) finding.references = references;
  const remediation = remediationText(v, g.upgradeFrom, g.patchable);
  if (remediation) finding.remediation = remediation;
  return finding;
}

function remediationOffered(project: Json): boolean {
  const r = project.remediation;
  if (!isObj(r)) return false;
  return ['upgrade', 'patch', 'pin'].some((k) => isObj(r[k]) && Object.keys(r[k] as Json).length > 0);
}

/** Findings of one project (a `snyk test` entry, a container image or one of its applications). */
function projectFindings(project: Json, ctx: ProjectContext, summary: SnykSummary): RawFinding[] {
  const groups = new Map<string, Group>();
  for (const raw of arr(project.vulnerabilities)) {
    if (!isObj(raw)) continue;
    const key = [str(raw.id) ?? '', str(raw.name) ?? str(raw.packageName) ?? '', str(raw.version) ?? ''].join('\u0000');
    let g = groups.get(key);
    if (!g) {
      g = { first: raw, paths: [], upgradable: false, patchable: false };
      groups.set(key, g);
    }
    g.paths.push(strings(raw.from));
    if (raw.isUpgradable === true) {
      g.upgradable = true;
      g.upgradeFrom ??= raw;
    }
    if (raw.isPatchable === true) g.patchable = true;
  }
  const findings = [...groups.values()].map((g) => vulnFinding(g, ctx));
  summary.totalManifests += 1;
  if (findings.length > 0) summary.vulnerableManifests += 1;
  summary.patchableCount += findings.filter((f) => f.package?.isPatchable).length;
  summary.upgradableCount += findings.filter((f) => f.package?.isUpgradable).length;
  summary.licenseIssuesCount += findings.filter((f) => f.kind === 'license').length;
  summary.remediationPossible ||=
    findings.some((f) => f.package?.isUpgradable || f.package?.isPatchable) || remediationOffered(project);
  const filtered = isObj(project.filtered) ? project.filtered : {};
  summary.ignoredCount += arr(filtered.ignore).length;
  return findings;
}

/** Throws when every entry is an error report; otherwise counts the failed ones. */
function usable<T extends Json>(list: T[], resultsKey: string, what: string, summary: SnykSummary): T[] {
  const ok: T[] = [];
  const errors: string[] = [];
  for (const e of list) {
    const err = errorOf(e, resultsKey);
    if (err === undefined) ok.push(e);
    else errors.push(err);
  }
  if (ok.length === 0 && errors.length > 0) {
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    throw new ScannerError(SNYK_ID, `${what} failed: ${errors.slice(0, 3).join('; ')}${more}`);
  }
  summary.failedManifests += errors.length;
  return ok;
}

/** `snyk test --json`: one project object or the `--all-projects` array. */
export function parseTest(text: string, target: string | undefined): ParsedOutput {
  const summary = emptySummary();
  const projects = usable(validateOutput(snykTestSchema, parseJson(text, 'snyk test'), { scanner: SNYK_ID, document: 'Snyk test output' }), 'vulnerabilities', 'snyk test', summary);
  const targets: string[] = [];
  const findings = projects.flatMap((p) => {
    const reported = str(p.displayTargetFile) ?? str(p.targetFile);
    const path = preferRequested(reported ? relPath(reported, str(p.path)) : undefined, target);
    if (path) targets.push(path);
    return projectFindings(p, { path, ecosystem: str(p.packageManager), projectName: str(p.projectName) }, summary);
  });
  // Every manifest tested, clean ones too: the per-manifest results.
  return { findings, summary, targets };
}

/** `snyk container test --json`: the image's OS packages plus its applications. */
export function parseContainer(text: string, target: string | undefined): ParsedOutput {
  const summary = emptySummary();
  const images = usable(
    validateOutput(snykContainerSchema, parseJson(text, 'snyk container test'), { scanner: SNYK_ID, document: 'Snyk container test output' }),
    'vulnerabilities',
    'snyk container test',
    summary,
  );
  const findings: RawFinding[] = [];
  for (const image of images) {
    const name = target ?? str(image.path) ?? str(image.projectName) ?? 'image';
    findings.push(...projectFindings(image, { target: name, ecosystem: str(image.packageManager), projectName: str(image.projectName) }, summary));
    for (const app of arr(image.applications)) {
      if (!isObj(app)) continue;
      const file = str(app.displayTargetFile) ?? str(app.targetFile);
      const appTarget = file ? `${name} (${file})` : name;
      findings.push(...projectFindings(app, { target: appTarget, ecosystem: str(app.packageManager), projectName: str(app.projectName) }, summary));
    }
  }
  return { findings, summary };
}

// ---- snyk iac test ----

/** Snyk IaC project types → the key of the issue's per-framework `remediation` object. */
const IAC_REMEDIATION_KEY: Record<string, string> = {
  terraformconfig: 'terraform',
  armconfig: 'arm',
  cloudformationconfig: 'cloudformation',
  k8sconfig: 'kubernetes',
  helmconfig: 'kubernetes',
};

function iacFinding(issue: Json, file: Json, path: string | undefined): RawFinding {
  const id = str(issue.publicId) ?? str(issue.id) ?? 'SNYK-CC-UNKNOWN';
  const word = str(issue.severity) ?? 'unknown';
  const d = isObj(issue.iacDescription) ? issue.iacDescription : {};
  const issueText = str(d.issue) ?? str(issue.issue);
  const impact = str(d.impact) ?? str(issue.impact);
  const description = [issueText, impact].filter((s): s is string => s !== undefined).join('\n\n').trim() || str(issue.description)?.trim();
  const fileType = str(file.projectType) ?? str(file.packageManager);
  const perType = isObj(issue.remediation) ? issue.remediation : {};
  const remediation =
    str(d.resolve) ?? str(issue.resolve) ?? str(issue.remediation) ?? (fileType ? str(perType[IAC_REMEDIATION_KEY[fileType] ?? '']) : undefined);
  const refs = strings(issue.references);
  const references = uniq([...(str(issue.documentation) ? [issue.documentation as string] : []), ...refs.filter((r) => /^https?:\/\//.test(r))]);
  const line = num(issue.lineNumber);
  const properties: NonNullable<RawFinding['properties']> = {};
  if (str(issue.msg)) properties.resource = issue.msg as string;
  if (str(issue.subType)) properties.subType = issue.subType as string;
  if (fileType) properties.iacType = fileType;
  if (issue.isGeneratedByCustomRule === true) properties.customRule = true;
  const compliance = [...refs.filter((r) => !/^https?:\/\//.test(r)), ...arr(issue.compliance).map((c) => (Array.isArray(c) ? c.join(' ') : String(c)))];
  if (compliance.length > 0) properties.compliance = compliance;

  const finding: RawFinding = {
    kind: 'misconfiguration',
    ruleId: id,
    title: str(issue.title) ?? issueText ?? id,
    severity: normalizeSeverity(word),
    location: {
      ...(path ? { path } : {}),
      ...(line !== undefined && line > 0 ? { startLine: line, endLine: line } : {}),
    },
    properties,
    source: { scanner: SNYK_ID, ruleId: id, severity: word },
  };
  if (description) finding.description = description;
  if (remediation) finding.remediation = remediation;
  if (references.length > 0) finding.references = references;
  return finding;
}

/** `snyk iac test --json`: one object per file or an array of them; `isIgnored` issues are left out. */
export function parseIac(text: string, target: string | undefined): ParsedOutput {
  const summary = emptySummary();
  const files = usable(validateOutput(snykIacSchema, parseJson(text, 'snyk iac test'), { scanner: SNYK_ID, document: 'Snyk IaC test output' }), 'infrastructureAsCodeIssues', 'snyk iac test', summary);
  const findings: RawFinding[] = [];
  for (const file of files) {
    const reported = str(file.targetFile) ?? str(file.targetFilePath);
    const path = preferRequested(reported ? relPath(reported, str(file.path)) : undefined, target);
    const issues = arr(file.infrastructureAsCodeIssues).filter(isObj);
    const kept = issues.filter((i) => i.isIgnored !== true);
    summary.ignoredCount += issues.length - kept.length;
    summary.totalManifests += 1;
    if (kept.length > 0) summary.vulnerableManifests += 1;
    findings.push(...kept.map((i) => iacFinding(i, file, path)));
  }
  return { findings, summary };
}
