import type { Finding, Severity } from '../findings/model.js';
import { sha256 } from '../findings/identify.js';
import { LABEL, SARIF_LEVEL, SECURITY_SEVERITY, severityRank } from '../findings/severity.js';
import { LEFT_OUT_PROPERTY, SARIF_LIMITS } from '../github/limits.js';
import { jsonPieces, jsonText, LazyList, type ExpandPath } from './json-stream.js';

const MAX_DESCRIPTION = 1024;

export interface SarifTool {
  id: string;
  displayName: string;
  informationUri: string;
  version?: string;
}

export interface SarifOptions {
  categoryPrefix: string;
  maxResults?: number;
  /** A baseline was found: each result gets `baselineState` (new / unchanged; fixed findings are not results). */
  baseline?: boolean;
}

export interface RenderedSarif {
  text: string;
  results: number;
  /** Results beyond the per-run limit, least severe first out. */
  leftOut: number;
}

/** The SARIF log as an object, before it is printed (renderSarif's text, or sarifPieces' stream). */
export interface SarifDocument {
  log: { version: string; $schema: string; runs: unknown[] };
  results: number;
  leftOut: number;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A repo-relative path as a URI reference: each segment percent-encoded, so `a.tgz:b/c.yaml` is not a scheme; empty,
 * `.` and `..` segments are dropped, so no URI can climb out of the repository or be absolute.
 */
export function pathToUri(path: string): string {
  const segments = path.split('/').filter((seg) => seg !== '' && seg !== '.' && seg !== '..');
  // A lone surrogate would make encodeURIComponent throw: it becomes U+FFFD.
  return segments.length > 0 ? segments.map((seg) => encodeURIComponent(seg.replace(LONE_SURROGATE, '\uFFFD'))).join('/') : 'unknown';
}

/** An image reference as Trivy's SARIF names it: the repository without tag or digest, encoded as a path. */
export function imageToUri(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
  return pathToUri(repo);
}

function ruleSeverity(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>((worst, f) => (severityRank(f.severity) > severityRank(worst) ? f.severity : worst), 'info');
}

function ruleHelp(f: Finding): { text: string; markdown: string } {
  const lines = [f.title];
  const md = [`**${f.title.replace(/[*_`[\]<>]/g, (c) => `\\${c}`)}**`];
  if (f.description) {
    lines.push('', f.description);
    md.push('', f.description.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')));
  }
  if (f.remediation) {
    lines.push('', `Remediation: ${f.remediation}`);
    md.push('', `**Remediation:** ${f.remediation.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))}`);
  }
  if (f.references?.length) {
    lines.push('', 'References:', ...f.references.slice(0, 10).map((r) => `- ${r}`));
    md.push('', '**References**', ...f.references.slice(0, 10).map((r) => `- <${r}>`));
  }
  return { text: lines.join('\n'), markdown: md.join('\n') };
}

function tagsOf(f: Finding): string[] {
  const tags = ['security', f.kind, ...(f.cwe ?? []).map((c) => `external/cwe/${c.toLowerCase()}`)];
  return [...new Set(tags)].slice(0, SARIF_LIMITS.maxTagsPerRule);
}

function messageOf(f: Finding): string {
  const sev = LABEL[f.severity];
  if (f.kind === 'vulnerability' && f.package) {
    const fix = f.package.fixedVersion ? ` Fixed in ${f.package.fixedVersion}.` : ' No fixed version yet.';
    return `${f.package.name} ${f.package.version}: ${f.ruleId} (${sev}).${fix} ${f.title}`;
  }
  const where = f.location.path ?? f.location.target ?? '';
  const by = f.sources.length > 1 ? ` Reported by ${f.sources.map((s) => s.scanner).join(' and ')}.` : '';
  return `${f.title} (${sev})${where ? ` in ${where}` : ''}.${by}`;
}

/** `imageUris` keeps each target's URI: an image's findings (thousands) share one target. */
function locationOf(f: Finding, imageUris: Map<string, string>): Record<string, unknown> {
  if (f.location.path) {
    const region: Record<string, number> = { startLine: f.location.startLine ?? 1 };
    if (f.location.endLine && f.location.endLine >= region.startLine!) region.endLine = f.location.endLine;
    if (f.location.startColumn) region.startColumn = f.location.startColumn;
    if (f.location.endColumn && f.location.startColumn && (region.endLine ?? region.startLine) === region.startLine && f.location.endColumn > f.location.startColumn) {
      region.endColumn = f.location.endColumn;
    }
    return { physicalLocation: { artifactLocation: { uri: pathToUri(f.location.path), uriBaseId: '%SRCROOT%' }, region } };
  }
  // Image (or other non-file) findings: the image name as the URI, line 1 — what Trivy's SARIF does.
  const target = f.location.target ?? 'unknown';
  let uri = imageUris.get(target);
  if (uri === undefined) imageUris.set(target, (uri = imageToUri(target)));
  return {
    physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
    message: { text: f.location.target ?? 'unknown target' },
  };
}

/** For findings without a readable file, a stable line hash derived from the fingerprint (same shape as codeql's). */
function primaryLineHash(f: Finding): string {
  return f.lineHash ?? `${sha256(f.fingerprint).toString('hex', 0, 8)}:1`;
}

/**
 * One SARIF 2.1.0 log with one run for one scanner: the findings this scanner leads (a merged finding appears once,
 * in its lead scanner's run), most severe first; at most `maxResults` results. Same input, same bytes.
 */
export function renderSarif(tool: SarifTool, allFindings: readonly Finding[], options: SarifOptions): RenderedSarif {
  const { log, results, leftOut } = sarifDocument(tool, allFindings, options);
  return { text: jsonText(log, expandSarif, compactSarif), results, leftOut };
}

/** Written piece by piece: the log, its run, the run's tool, driver and rules, and its results (one per piece). */
const EXPANDED_SARIF = new Set(['', 'runs', 'runs/0', 'runs/0/tool', 'runs/0/tool/driver', 'runs/0/tool/driver/rules', 'runs/0/results']);
const expandSarif: ExpandPath = (path) => path.length <= 5 && EXPANDED_SARIF.has(path.join('/'));
/** Each rule and each result on one line (compact): the same JSON, a third smaller, and far cheaper to print. */
const COMPACT_SARIF = new Set(['runs/0/tool/driver/rules', 'runs/0/results']);
const compactSarif: ExpandPath = (path) => (path.length === 3 || path.length === 5) && COMPACT_SARIF.has(path.join('/'));

/** renderSarif's text in pieces, to stream into the file (the same bytes). */
export function sarifPieces(doc: SarifDocument): Iterable<string> {
  return jsonPieces(doc.log, expandSarif, compactSarif);
}

/** The SARIF log renderSarif prints, as an object. `allFindings` may be several lists (findings, suppressed). */
export function sarifDocument(tool: SarifTool, allFindings: readonly Finding[] | readonly (readonly Finding[])[], options: SarifOptions): SarifDocument {
  const lists = (allFindings.length > 0 && Array.isArray(allFindings[0]) ? allFindings : [allFindings]) as readonly (readonly Finding[])[];
  const mine: Finding[] = [];
  for (const list of lists) for (const f of list) if (f.sources[0]?.scanner === tool.id) mine.push(f);
  const max = options.maxResults ?? SARIF_LIMITS.maxResultsPerRun;
  const kept = mine.slice(0, max);
  const leftOut = mine.length - kept.length;

  const byRule = new Map<string, Finding[]>();
  for (const f of kept) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  const ruleIds = [...byRule.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const group = byRule.get(id)!;
    const first = group[0]!;
    const sev = ruleSeverity(group);
    return {
      id,
      shortDescription: { text: clip(first.title, MAX_DESCRIPTION) },
      fullDescription: { text: clip(first.description?.trim() || first.title, MAX_DESCRIPTION) },
      ...(first.references?.[0] ? { helpUri: first.references[0] } : {}),
      help: ruleHelp(first),
      defaultConfiguration: { level: SARIF_LEVEL[sev] },
      properties: { tags: tagsOf(first), precision: 'very-high', 'security-severity': SECURITY_SEVERITY[sev] },
    };
  });
  const imageUris = new Map<string, string>();
  const resultOf = (f: Finding) => {
    // Members assigned in the order SARIF prints them, no conditional spreads: this runs once per result (100k).
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: SARIF_LEVEL[f.severity],
      message: { text: messageOf(f) },
      locations: [locationOf(f, imageUris)],
      partialFingerprints: { primaryLocationLineHash: primaryLineHash(f) },
    };
    if (options.baseline && f.baseline) result['baselineState'] = f.baseline;
    // Suppressed by the ignore file: code scanning shows the alert as dismissed, with the reason.
    if (f.suppression) {
      const { reason, by, expires } = f.suppression;
      result['suppressions'] = [{ kind: 'external', status: 'accepted', justification: clip(`${reason} (${by}${expires ? `, until ${expires}` : ''})`, MAX_DESCRIPTION) }];
    }
    const properties: Record<string, unknown> = {
      'security-scan/fingerprint': f.fingerprint,
      'security-scan/severity': f.severity,
      'security-scan/sources': f.sources.map((s) => `${s.scanner}:${s.ruleId}`),
    };
    if (f.package) properties['security-scan/package'] = `${f.package.name}@${f.package.version}`;
    if (f.location.target && f.location.path) properties['security-scan/target'] = f.location.target;
    result['properties'] = properties;
    return result;
  };
  // Made as they are printed (sarifPieces): 100k results are never all in memory at once.
  const results = new LazyList(kept.length, (i) => resultOf(kept[i]!));
  const driver: Record<string, unknown> = {
    name: tool.displayName,
    informationUri: tool.informationUri,
    fullName: `${tool.displayName} (via security-scan)`,
    rules,
  };
  if (tool.version) driver.version = tool.version;
  const run = {
    tool: { driver },
    automationDetails: { id: `${options.categoryPrefix}/${tool.id}/` },
    columnKind: 'utf16CodeUnits',
    results,
    properties: { [LEFT_OUT_PROPERTY]: leftOut },
  };
  const log = { version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [run] };
  return { log, results: kept.length, leftOut };
}
