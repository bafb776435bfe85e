import { join } from 'node:path';
import { SECRET_REMEDIATION, type RawFinding, type Severity } from '../../findings/model.js';
import { normalizeSeverity } from '../../findings/severity.js';
import { ConfigurationError, ScannerError } from '../../errors.js';
import { bool, choice, choices, list, text, toGoDuration, type InputReader } from '../../config/inputs.js';
import type { ParsedOutput, RawOutput, ScanContext, Scanner } from '../types.js';
import { execScanner, readVersion } from '../command.js';
import { restoreTrivyDb, saveTrivyDb, type TrivyDbState } from './db-cache.js';

export const TRIVY_SCAN_TYPES = ['filesystem', 'config', 'image', 'repository'] as const;
export type TrivyScanType = (typeof TRIVY_SCAN_TYPES)[number];
export const TRIVY_SCANNERS = ['vuln', 'secret', 'misconfig', 'license'] as const;
export type TrivyScannerKind = (typeof TRIVY_SCANNERS)[number];

export interface TrivySettings {
  scanType: TrivyScanType;
  scanners: TrivyScannerKind[];
  images: string[];
  ignoreUnfixed: boolean;
  skipDbUpdate: boolean;
  skipCheckUpdate: boolean;
  cacheDir: string;
}

/** Flag spellings differ between Trivy releases; read once per run from `trivy <command> --help`. */
export interface TrivyDialect {
  /** `misconfig` (current) or `config` (before 0.47). */
  misconfigName: 'misconfig' | 'config';
  /** `--skip-check-update` (current) or `--skip-policy-update` (older). */
  skipChecksFlag: '--skip-check-update' | '--skip-policy-update';
}

export function dialectFromHelp(help: string): TrivyDialect {
  return {
    misconfigName: /\bmisconfig\b/.test(help) ? 'misconfig' : 'config',
    skipChecksFlag: help.includes('--skip-check-update') ? '--skip-check-update' : '--skip-policy-update',
  };
}

/**
 * Releases from 0.52 on accept `misconfig` and `--skip-check-update`, so their help need not be read (reading it
 * takes seconds). Builds that report no release number (`dev`) or an older one are probed.
 */
export function dialectFromVersion(version: string | undefined): TrivyDialect | undefined {
  const m = /^v?(\d+)\.(\d+)\./.exec(version ?? '');
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 0 || minor >= 52 ? { misconfigName: 'misconfig', skipChecksFlag: '--skip-check-update' } : undefined;
}

const SUBCOMMAND: Record<TrivyScanType, string> = { filesystem: 'fs', config: 'config', image: 'image', repository: 'repo' };
const TRIVY_SEVERITY: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'UNKNOWN' };

export interface TrivyCommand {
  args: string[];
  /** The image for image scans; undefined for the tree scan. */
  image?: string;
}

/**
 * The Trivy commands for one run: the tree at the scan root (unless the scan type is `image`) and each image.
 * Targets are passed as `.` with the scan root as working directory, so reported paths are root-relative.
 */
export function buildTrivyCommands(
  s: TrivySettings,
  severities: readonly Severity[],
  timeoutMs: number,
  dialect: TrivyDialect,
  /** The cache directory to use: the `trivy-cache-dir` input, or the one restored from the Actions cache. */
  cacheDir: string = s.cacheDir,
): TrivyCommand[] {
  const common = (): string[] => {
    const a = ['--format', 'json', '--exit-code', '0', '--no-progress', '--timeout', toGoDuration(timeoutMs)];
    a.push('--severity', severities.map((x) => TRIVY_SEVERITY[x]).join(','));
    if (cacheDir) a.push('--cache-dir', cacheDir);
    if (s.skipCheckUpdate) a.push(dialect.skipChecksFlag);
    return a;
  };
  const kinds = s.scanners.map((k) => (k === 'misconfig' ? dialect.misconfigName : k)).join(',');
  const vulnFlags = (): string[] => {
    if (!s.scanners.includes('vuln')) return [];
    const a: string[] = [];
    if (s.ignoreUnfixed) a.push('--ignore-unfixed');
    if (s.skipDbUpdate) a.push('--skip-db-update', '--skip-java-db-update');
    return a;
  };
  const commands: TrivyCommand[] = [];
  if (s.scanType !== 'image') {
    const sub = SUBCOMMAND[s.scanType];
    const args = [sub, ...common()];
    if (sub !== 'config') args.push('--scanners', kinds, ...vulnFlags());
    args.push('.');
    commands.push({ args });
  }
  for (const image of s.images) {
    commands.push({ args: ['image', ...common(), '--scanners', kinds, ...vulnFlags(), image], image });
  }
  return commands;
}

function trivySettings(read: InputReader): TrivySettings {
  const scanType = choice(read, 'trivy-scan-type', TRIVY_SCAN_TYPES, 'filesystem');
  const images = list(read, 'images');
  if (scanType === 'image' && images.length === 0) {
    throw new ConfigurationError(`Input 'trivy-scan-type' is 'image' but input 'images' is empty; list the images to scan (e.g. images: app:latest).`);
  }
  for (const image of images) {
    if (image.startsWith('-') || /\s/.test(image)) {
      throw new ConfigurationError(`Input 'images' has '${image}', which is not an image reference (e.g. ghcr.io/org/app:1.2).`);
    }
  }
  return {
    scanType,
    scanners: choices(read, 'trivy-scanners', TRIVY_SCANNERS, ['vuln', 'secret', 'misconfig']),
    images,
    ignoreUnfixed: bool(read, 'ignore-unfixed', false),
    skipDbUpdate: bool(read, 'skip-db-update', false),
    skipCheckUpdate: bool(read, 'trivy-skip-check-update', false),
    cacheDir: text(read, 'trivy-cache-dir'),
  };
}

async function runTrivy(ctx: ScanContext<TrivySettings>) {
  const deadline = Date.now() + ctx.common.timeoutMs;
  const version = await readVersion(ctx, ['--version'], /Version:\s*(\S+)/);
  const sub = SUBCOMMAND[ctx.settings.scanType];
  let dialect = dialectFromVersion(version);
  if (!dialect) {
    const help = await execScanner(ctx, 'trivy', [sub, '--help'], { deadline });
    dialect = dialectFromHelp(help.stdout + help.stderr);
  }
  const outputs: RawOutput[] = [];
  // The vulnerability DB is kept in the Actions cache under a daily key (trivy-action's pattern).
  const cacheDeps = { env: ctx.env, logger: ctx.logger, skipDbUpdate: ctx.settings.skipDbUpdate };
  let db: TrivyDbState | undefined;
  if (ctx.settings.scanners.includes('vuln') && !ctx.settings.cacheDir) db = await restoreTrivyDb(cacheDeps);
  const commands = buildTrivyCommands(ctx.settings, ctx.common.severities, ctx.common.timeoutMs, dialect, db?.cacheDir ?? ctx.settings.cacheDir);
  try {
    for (const [i, cmd] of commands.entries()) {
      const file = join(ctx.tempDir, `trivy-${i}.json`);
      await execScanner(ctx, 'trivy', [...cmd.args.slice(0, -1), '--output', file, cmd.args.at(-1)!], { deadline, expectFile: file });
      outputs.push(cmd.image ? { file, target: cmd.image } : { file });
    }
  } finally {
    if (db) await saveTrivyDb(db, cacheDeps);
  }
  return { outputs, version };
}

// ---- parsing: Trivy JSON, SchemaVersion 2 --------------------------------------------------------------------

interface TrivyCvss { V2Score?: number; V3Score?: number; V40Score?: number }
interface TrivyVulnerability {
  VulnerabilityID: string; PkgName: string; InstalledVersion: string; FixedVersion?: string; Status?: string;
  PkgIdentifier?: { PURL?: string }; PkgPath?: string; Title?: string; Description?: string; Severity?: string;
  SeveritySource?: string; PrimaryURL?: string; References?: string[]; CweIDs?: string[]; CVSS?: Record<string, TrivyCvss>;
}
interface TrivyMisconfiguration {
  Type?: string; ID?: string; AVDID?: string; Title?: string; Description?: string; Message?: string; Resolution?: string;
  Severity?: string; PrimaryURL?: string; References?: string[]; Status?: string;
  CauseMetadata?: { Resource?: string; Provider?: string; Service?: string; StartLine?: number; EndLine?: number };
}
interface TrivySecret { RuleID: string; Category?: string; Severity?: string; Title?: string; StartLine?: number; EndLine?: number }
interface TrivyLicense { Severity?: string; Category?: string; PkgName?: string; FilePath?: string; Name: string; Confidence?: number; Link?: string }
interface TrivyResult {
  Target: string; Class?: string; Type?: string;
  Vulnerabilities?: TrivyVulnerability[]; Misconfigurations?: TrivyMisconfiguration[]; Secrets?: TrivySecret[]; Licenses?: TrivyLicense[];
}
interface TrivyReport { SchemaVersion?: number; ArtifactName?: string; ArtifactType?: string; Results?: TrivyResult[] }

const source = (ruleId: string, severity: string | undefined) => ({ scanner: 'trivy', ruleId, severity: severity ?? 'UNKNOWN' });

/** The highest CVSS base score Trivy reports for the vulnerability, preferring v3 over v2 per source. */
function cvssScore(v: TrivyVulnerability): number | undefined {
  const scores = Object.values(v.CVSS ?? {}).map((c) => c.V40Score ?? c.V3Score ?? c.V2Score).filter((x): x is number => typeof x === 'number');
  const preferred = v.SeveritySource ? v.CVSS?.[v.SeveritySource] : undefined;
  const p = preferred?.V40Score ?? preferred?.V3Score ?? preferred?.V2Score;
  if (typeof p === 'number') return p;
  return scores.length ? Math.max(...scores) : undefined;
}

function refs(...lists: (string[] | string | undefined)[]): string[] | undefined {
  const all = lists.flat().filter((x): x is string => typeof x === 'string' && x !== '');
  return all.length ? [...new Set(all)] : undefined;
}

function clean<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) if (v === undefined) delete (o as Record<string, unknown>)[k];
  return o;
}

export function parseTrivy(text: string, output: Omit<RawOutput, 'file'>): ParsedOutput {
  let report: TrivyReport;
  try {
    report = JSON.parse(text) as TrivyReport;
  } catch (e) {
    throw new ScannerError('trivy', `output is not valid JSON (${(e as Error).message}); expected \`trivy --format json\` output.`);
  }
  if (typeof report !== 'object' || report === null || Array.isArray(report) || (report.SchemaVersion !== undefined && report.SchemaVersion !== 2)) {
    throw new ScannerError('trivy', `output is not a Trivy JSON report with SchemaVersion 2 (got ${Array.isArray(report) ? 'an array' : `SchemaVersion ${String((report as TrivyReport | null)?.SchemaVersion)}`}).`);
  }
  const image = output.target ?? (report.ArtifactType === 'container_image' ? report.ArtifactName : undefined);
  const findings: RawFinding[] = [];
  for (const r of report.Results ?? []) {
    // In an image every Target (OS, a jar in a layer…) lives inside the image; in a tree it is a repo-relative file.
    const where = (filePath?: string) =>
      image ? { target: image } : { path: filePath || r.Target };
    const inImage = image ? { target: r.Target } : {};
    for (const v of r.Vulnerabilities ?? []) {
      findings.push(clean({
        kind: 'vulnerability',
        ruleId: v.VulnerabilityID,
        title: v.Title ? `${v.VulnerabilityID}: ${v.Title}` : `${v.VulnerabilityID} in ${v.PkgName}`,
        description: v.Description,
        severity: normalizeSeverity(v.Severity),
        score: cvssScore(v),
        location: where(v.PkgPath),
        package: clean({ name: v.PkgName, version: v.InstalledVersion, fixedVersion: v.FixedVersion || undefined, ecosystem: r.Type, purl: v.PkgIdentifier?.PURL }),
        cve: /^CVE-\d+-\d+$/.test(v.VulnerabilityID) ? [v.VulnerabilityID] : undefined,
        cwe: v.CweIDs?.length ? [...v.CweIDs] : undefined,
        references: refs(v.PrimaryURL, v.References),
        remediation: v.FixedVersion ? `Upgrade ${v.PkgName} from ${v.InstalledVersion} to ${v.FixedVersion}.` : 'No fixed version is available yet.',
        properties: clean({ ...inImage, status: v.Status }),
        source: source(v.VulnerabilityID, v.Severity),
      }) as RawFinding);
    }
    for (const m of r.Misconfigurations ?? []) {
      if (m.Status !== undefined && m.Status !== 'FAIL') continue;
      const id = m.ID && m.ID !== 'N/A' ? m.ID : m.AVDID && m.AVDID !== 'N/A' ? m.AVDID : `trivy-${(m.Title ?? 'misconfiguration').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      const start = m.CauseMetadata?.StartLine || undefined;
      findings.push(clean({
        kind: 'misconfiguration',
        ruleId: id,
        title: m.Title ?? id,
        description: [m.Description, m.Message].filter(Boolean).join('\n\n') || undefined,
        severity: normalizeSeverity(m.Severity),
        location: image ? { target: image } : clean({ path: r.Target, startLine: start, endLine: start ? m.CauseMetadata?.EndLine || start : undefined }),
        references: refs(m.PrimaryURL, m.References),
        remediation: m.Resolution,
        properties: clean({ ...inImage, type: m.Type, resource: m.CauseMetadata?.Resource || undefined, provider: m.CauseMetadata?.Provider, service: m.CauseMetadata?.Service }),
        source: source(id, m.Severity),
      }) as RawFinding);
    }
    for (const s of r.Secrets ?? []) {
      // Match and Code are never read: the value stays in the scanner's output.
      findings.push(clean({
        kind: 'secret',
        ruleId: s.RuleID,
        title: s.Title ?? s.RuleID,
        severity: normalizeSeverity(s.Severity),
        location: image ? { target: image } : clean({ path: r.Target, startLine: s.StartLine || undefined, endLine: s.EndLine || undefined }),
        remediation: SECRET_REMEDIATION,
        secret: { redacted: '********' },
        properties: clean({ ...inImage, category: s.Category }),
        source: source(s.RuleID, s.Severity),
      }) as RawFinding);
    }
    for (const l of r.Licenses ?? []) {
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
  return { findings };
}

export const trivy: Scanner<TrivySettings> = {
  id: 'trivy',
  displayName: 'Trivy',
  informationUri: 'https://trivy.dev/',
  binary: {
    name: 'trivy',
    pathInput: 'trivy-path',
    installHint: "install Trivy on the runner (e.g. aquasecurity/setup-trivy) or set input 'trivy-path' to its binary",
  },
  settings: trivySettings,
  run: runTrivy,
  parse: parseTrivy,
};
