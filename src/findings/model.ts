/**
 * The one finding model every stage works on. Parsers produce RawFinding (one scanner's view, no
 * fingerprint); `identify` turns them into Finding; `merge` folds findings with the same fingerprint into one,
 * keeping every scanner that reported it in `sources`.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const KINDS = ['vulnerability', 'misconfiguration', 'secret', 'license', 'code', 'runtime'] as const;
export type Kind = (typeof KINDS)[number];

export interface Location {
  /** Repository-relative path with forward slashes, when the finding is in a file of the workspace. */
  path?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  /** What was scanned when it is not a workspace file: an image, a manifest inside an image, a host. */
  target?: string;
}

export interface PackageRef {
  name: string;
  version: string;
  fixedVersion?: string;
  ecosystem?: string;
  purl?: string;
  /** Snyk: the dependency path from the project to the vulnerable package. */
  path?: string[];
  upgradePath?: string[];
  isUpgradable?: boolean;
  isPatchable?: boolean;
}

/** One scanner's report of a finding: provenance that survives the merge. */
export interface Source {
  scanner: string;
  ruleId: string;
  /** The scanner's own severity word (e.g. "HIGH", "error", "Warning", "inferred:HIGH"). */
  severity: string;
}

/** Why a finding is not counted: the ignore-file entry that suppressed it. */
export interface Suppression {
  /** The entry's `reason`, as written. */
  reason: string;
  /** The entry's `expires` date (YYYY-MM-DD), when it has one. */
  expires?: string;
  /** Which entry, in words: `.security-scan-ignore.yml entry 3 (rule DS002, path Dockerfile)`. */
  by: string;
}

/** Against the baseline: `new` (the baseline does not have it) or `unchanged`. */
export type BaselineState = 'new' | 'unchanged';

export interface Finding {
  /** Stable across runs and unrelated line moves (see findings/identify.ts). */
  fingerprint: string;
  kind: Kind;
  ruleId: string;
  title: string;
  description?: string;
  severity: Severity;
  /** 0–10 (CVSS where the scanner gives one). */
  score?: number;
  location: Location;
  package?: PackageRef;
  cve?: string[];
  cwe?: string[];
  references?: string[];
  remediation?: string;
  /** codeql-action's primaryLocationLineHash for file findings whose file could be read. */
  lineHash?: string;
  /** Secrets only: the value never enters the model; a redacted form does. */
  secret?: { redacted: string };
  /** Free-form, scanner-specific facts worth keeping (category, resource, tags…). Values must not be secrets. */
  properties?: Record<string, string | number | boolean | string[]>;
  sources: Source[];
  /** Set on suppressed findings only (the report's `suppressed` list). */
  suppression?: Suppression;
  /** Set when there is a baseline. */
  baseline?: BaselineState;
  /** When the finding was first seen (ISO 8601): the baseline's date for unchanged findings, this run's for new ones. */
  firstSeen?: string;
}

/** What every scanner's secret finding recommends (the same advice whichever scanner found it). */
export const SECRET_REMEDIATION =
  'Revoke and rotate this credential, then remove it from the code and its history; load it from a secret store.';

/** What a parser returns: one scanner's finding, before identification and merge. */
export type RawFinding = Omit<Finding, 'fingerprint' | 'sources' | 'lineHash' | 'suppression' | 'baseline' | 'firstSeen'> & { source: Source };

/**
 * The scanners that reported `f`, each once, in the order of its sources. Most findings have one source: that case
 * builds no set (these run once per finding, 100k times in a large report).
 */
export function scannersOf(f: Pick<Finding, 'sources'>): string[] {
  const { sources } = f;
  if (sources.length === 1) return [sources[0]!.scanner];
  const out: string[] = [];
  for (const s of sources) if (!out.includes(s.scanner)) out.push(s.scanner);
  return out;
}

/** Whether more than one scanner reported `f` (no list built). */
export function reportedBySeveral(f: Pick<Finding, 'sources'>): boolean {
  const { sources } = f;
  for (let i = 1; i < sources.length; i++) if (sources[i]!.scanner !== sources[0]!.scanner) return true;
  return false;
}
