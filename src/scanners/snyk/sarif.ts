/**
 * Pure parser for the SARIF Snyk writes: `snyk code test --sarif` (tool "SnykCode" → kind `code`) and
 * `snyk container test --sarif` (tool "Snyk Container" → kind `vulnerability`).
 *
 * Ignored issues: a result whose `suppressions` array holds a suppression is an issue ignored in Snyk and is NOT a
 * finding (Snyk's own rule: snyk/cli src/lib/plugins/sast/utils/filter.ts `filterIgnoredIssues` drops results with
 * a non-empty `suppressions`). SARIF 2.1.0 §3.35.3 lets a suppression carry `status`; `underReview` and `rejected`
 * mean the ignore is not in force, so such a result stays a finding. `suppressions: null` (as Snyk writes for open
 * issues) is no suppression. Ignored results are counted in the summary's `ignoredCount`.
 *
 * Severity: Snyk Code has three levels (SARIF `error`/`warning`/`note` → high/medium/low). Snyk Container SARIF
 * keeps Snyk's own word at the start of the rule's shortDescription ("Low severity - …"), used when present
 * (it distinguishes critical from high), else the level.
 *
 * The log is checked against snykSarifSchema (schema.ts) first: at least one run, each with a tool name and a
 * `results` array (absent results mean the tool did not run), results with a ruleId, SARIF levels and regions.
 */
import { normalizeSeverity } from '../../findings/severity.js';
import type { RawFinding } from '../../findings/model.js';
import type { ParsedOutput } from '../types.js';
import { arr, isObj, num, str, strings, type Json } from '../json.js';
import { SNYK_ID, advisoryUrl, emptySummary, parseJson, relPath } from './parse.js';
import { validateOutput } from '../validate.js';
import { snykSarifSchema } from './schema.js';

/** True when Snyk marks the result as ignored (see the header). */
export function isSuppressed(result: Json): boolean {
  return arr(result.suppressions)
    .filter(isObj)
    .some((s) => s.status === undefined || s.status === 'accepted');
}

function text(v: unknown): string | undefined {
  return isObj(v) ? str(v.text)?.trim() : undefined;
}

function decodeUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

const SEVERITY_PREFIX = /^(critical|high|medium|low)\s+severity\s*-\s*/i;

function ruleFor(rules: Json[], result: Json): Json {
  const index = num(result.ruleIndex);
  const byIndex = index !== undefined ? rules[index] : undefined;
  if (byIndex && byIndex.id === result.ruleId) return byIndex;
  return rules.find((r) => r.id === result.ruleId) ?? byIndex ?? {};
}

function codeFinding(result: Json, rule: Json, level: string): RawFinding {
  const ruleId = str(result.ruleId) ?? str(rule.id) ?? 'snyk-code';
  const props = isObj(rule.properties) ? rule.properties : {};
  const loc = arr(result.locations).filter(isObj)[0] ?? {};
  const physical = isObj(loc.physicalLocation) ? loc.physicalLocation : {};
  const artifact = isObj(physical.artifactLocation) ? physical.artifactLocation : {};
  const region = isObj(physical.region) ? physical.region : {};
  const uri = str(artifact.uri);
  const startLine = num(region.startLine);
  const endLine = num(region.endLine) ?? startLine;
  const startColumn = num(region.startColumn);
  const endColumn = num(region.endColumn);
  const resultProps = isObj(result.properties) ? result.properties : {};
  const properties: NonNullable<RawFinding['properties']> = {};
  const priority = num(resultProps.priorityScore);
  if (priority !== undefined) properties.priorityScore = priority;
  if (typeof resultProps.isAutofixable === 'boolean') properties.isAutofixable = resultProps.isAutofixable;
  const tags = strings(props.tags);
  if (tags.length > 0) properties.tags = tags;
  const identity = isObj(result.fingerprints) ? str(result.fingerprints.identity) : undefined;
  if (identity) properties.snykIssueId = identity;

  const finding: RawFinding = {
    kind: 'code',
    ruleId,
    title: text(rule.shortDescription) ?? str(rule.name) ?? ruleId,
    severity: normalizeSeverity(level),
    location: {
      ...(uri ? { path: relPath(decodeUri(uri)) } : {}),
      ...(startLine !== undefined ? { startLine } : {}),
      ...(endLine !== undefined ? { endLine } : {}),
      ...(startColumn !== undefined ? { startColumn } : {}),
      ...(endColumn !== undefined ? { endColumn } : {}),
    },
    properties,
    source: { scanner: SNYK_ID, ruleId, severity: level },
  };
  const description = text(result.message);
  if (description) finding.description = description;
  const cwe = strings(props.cwe);
  if (cwe.length > 0) finding.cwe = cwe;
  const help = str(rule.helpUri);
  if (help) finding.references = [help];
  return finding;
}

function containerFinding(result: Json, rule: Json, level: string, target: string | undefined): RawFinding {
  const ruleId = str(result.ruleId) ?? str(rule.id) ?? 'SNYK-UNKNOWN';
  const props = isObj(rule.properties) ? rule.properties : {};
  const short = text(rule.shortDescription) ?? '';
  const prefix = SEVERITY_PREFIX.exec(short);
  const word = prefix?.[1]?.toLowerCase() ?? level;
  const full = text(rule.fullDescription) ?? '';
  const loc = arr(result.locations).filter(isObj)[0] ?? {};
  const physical = isObj(loc.physicalLocation) ? loc.physicalLocation : {};
  const artifact = isObj(physical.artifactLocation) ? physical.artifactLocation : {};
  const logical = arr(loc.logicalLocations).filter(isObj)[0] ?? {};
  const fqn = str(logical.fullyQualifiedName) ?? '';
  const at = fqn.lastIndexOf('@');
  const score = num(props.cvssv3_baseScore) ?? (str(props['security-severity']) ? Number(props['security-severity']) : undefined);
  const cve = [...new Set(full.match(/CVE-\d{4}-\d{4,}/g) ?? [])];
  const ecosystem = strings(props.tags).find((t) => t !== 'security');

  const finding: RawFinding = {
    kind: 'vulnerability',
    ruleId,
    title: short.replace(SEVERITY_PREFIX, '') || ruleId,
    severity: normalizeSeverity(word),
    location: { target: target ?? str(artifact.uri) ?? 'image' },
    source: { scanner: SNYK_ID, ruleId, severity: word },
  };
  const advisory = advisoryUrl(ruleId);
  if (advisory !== undefined) finding.references = [advisory];
  if (fqn !== '') {
    finding.package = {
      name: at > 0 ? fqn.slice(0, at) : fqn,
      version: at > 0 ? fqn.slice(at + 1) : '',
      ...(ecosystem ? { ecosystem } : {}),
    };
  }
  const description = isObj(rule.help) ? str(rule.help.markdown)?.trim() || str(rule.help.text)?.trim() : undefined;
  if (description) finding.description = description;
  if (score !== undefined && Number.isFinite(score)) finding.score = score;
  if (cve.length > 0) finding.cve = cve;
  return finding;
}

/** SARIF from `snyk code test` or `snyk container test --sarif`. */
export function parseSarif(text: string, target: string | undefined): ParsedOutput {
  const data = validateOutput(snykSarifSchema, parseJson(text, 'SARIF'), { scanner: SNYK_ID, document: 'Snyk SARIF output' });
  const summary = emptySummary();
  const findings: RawFinding[] = [];
  for (const run of data.runs) {
    const driver = run.tool.driver;
    const isContainer = /container/i.test(driver.name);
    const rules: Json[] = driver.rules ?? [];
    let kept = 0;
    for (const result of run.results) {
      if (isSuppressed(result)) {
        summary.ignoredCount += 1;
        continue;
      }
      const rule = ruleFor(rules, result);
      const defaults = isObj(rule.defaultConfiguration) ? rule.defaultConfiguration : {};
      const level = str(result.level) ?? str(defaults.level) ?? 'warning';
      findings.push(isContainer ? containerFinding(result, rule, level, target) : codeFinding(result, rule, level));
      kept += 1;
    }
    if (isContainer) {
      summary.totalManifests += 1;
      if (kept > 0) summary.vulnerableManifests += 1;
    }
  }
  return { findings, summary };
}
