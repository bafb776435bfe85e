import { SEVERITIES, type Finding, type Severity } from '../findings/model.js';
import { emptyCounts } from '../assess/counts.js';
import type { SeverityCounts } from '../report/types.js';
import type { Recommendation, RecommendationAction } from './types.js';
import type { UpgradeAction, UpgradePlan } from '../remediate/upgrades.js';
import { FINGERPRINT_LIMIT } from './limits.js';

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
/** How many locations a recommendation lists (the rest are counted in `findings`). */
const MAX_LOCATIONS = 20;

/** What a package name or version may hold to appear in a suggested shell command (npm scopes, Go paths, Maven coordinates). */
const SAFE_WORD = /^[A-Za-z0-9@][A-Za-z0-9@/._+:~-]{0,213}$/;

/**
 * The command that applies an upgrade, for the ecosystems whose command is one line (the planner's ecosystem words,
 * remediate/upgrades.ts normalizeEcosystem: yarn and pnpm lock files are `npm`, poetry and pipenv `pip`, gomod `go`).
 */
function upgradeCommand(a: UpgradeAction): string | undefined {
  // Names and versions come from the scanned tree (a pull request can write anything into a lock file): a command is
  // offered only when both are plain registry words, so a copied command never runs something else.
  if (!SAFE_WORD.test(a.package) || !SAFE_WORD.test(a.to)) return undefined;
  switch (a.ecosystem) {
    case 'npm':
      return `npm install ${a.package}@${a.to}`;
    case 'pip':
      return `pip install '${a.package}>=${a.to}'`;
    case 'go':
      return `go get ${a.package}@${a.to.startsWith('v') ? a.to : `v${a.to}`}`;
    case 'cargo':
      return `cargo update -p ${a.package} --precise ${a.to}`;
    case 'rubygems':
      return `bundle update ${a.package}`;
    case 'composer':
      return `composer require ${a.package}:^${a.to}`;
    case 'nuget':
      return `dotnet add package ${a.package} --version ${a.to}`;
    default:
      return undefined;
  }
}

function worst(c: SeverityCounts): Severity {
  return SEVERITIES.find((s) => c[s] > 0) ?? 'info';
}

function where(f: Finding): string {
  const l = f.location;
  const resource = typeof f.properties?.['resource'] === 'string' ? ` (${f.properties['resource']})` : '';
  if (l.path) return `${l.path}${l.startLine ? `:${l.startLine}` : ''}${resource}`;
  return `${l.target ?? '(scan root)'}${resource}`;
}

function add(group: Map<string, Finding[]>, key: string, f: Finding): void {
  const list = group.get(key);
  if (list) list.push(f);
  else group.set(key, [f]);
}

/** The findings most severe first, keeping their order within a severity (the report's order). */
function bySeverityOrder(list: readonly Finding[]): Finding[] {
  let sorted = true;
  for (let i = 1; i < list.length && sorted; i++) sorted = RANK[list[i - 1]!.severity] <= RANK[list[i]!.severity];
  if (sorted) return list as Finding[];
  const buckets: Finding[][] = [[], [], [], [], []];
  for (const f of list) buckets[RANK[f.severity]]!.push(f);
  return buckets.flat();
}

/** Counts by severity of a list sorted most severe first: one comparison per finding, no keyed writes. */
function countSorted(sorted: readonly Finding[], out: SeverityCounts): void {
  let i = 0;
  for (const s of SEVERITIES) {
    const start = i;
    while (i < sorted.length && sorted[i]!.severity === s) i++;
    out[s] = i - start;
  }
}

/** Up to `max` distinct values of `each(f)` over `list`, in order, stopping once there are `max`. */
function firstDistinct(list: readonly Finding[], max: number, each: (f: Finding, add: (v: string) => void) => void): string[] {
  const seen = new Set<string>();
  const add = (v: string) => {
    if (seen.size < max) seen.add(v);
  };
  for (const f of list) {
    if (seen.size >= max) break;
    each(f, add);
  }
  return [...seen];
}

function fromGroup(
  members: Map<string, readonly Finding[]> | undefined,
  id: string,
  action: RecommendationAction,
  list: Finding[],
  build: (first: Finding) => Pick<Recommendation, 'title'> & Partial<Recommendation>,
  given?: { locations: string[] },
): Recommendation {
  const scanners = new Set<string>();
  for (const f of list) for (let k = 0; k < f.sources.length; k++) scanners.add(f.sources[k]!.scanner);
  const sorted = bySeverityOrder(list);
  const bySeverity = emptyCounts();
  countSorted(sorted, bySeverity);
  const first = sorted[0]!;
  const locations = given ? given.locations : firstDistinct(sorted, MAX_LOCATIONS, (f, add) => add(where(f)));
  const references = firstDistinct(sorted, 5, (f, add) => {
    for (const r of f.references ?? []) add(r);
  });
  const fingerprints: string[] = [];
  for (let i = 0; i < sorted.length && i < FINGERPRINT_LIMIT; i++) fingerprints.push(sorted[i]!.fingerprint);
  members?.set(id, sorted);
  return {
    id,
    action,
    severity: worst(bySeverity),
    findings: list.length,
    bySeverity,
    fingerprints,
    locations,
    ...(references.length ? { references } : {}),
    rule: { ruleId: first.ruleId, scanners: [...scanners] },
    ...build(first),
  };
}

/**
 * What to do, grouped by the action that fixes it: one upgrade per package (the upgrade planner's smallest version
 * fixing all of that package's findings), one rotate-and-revoke per secret rule (never the value), one configuration
 * change per misconfiguration rule (the scanner's resolution text and the places to change), and a review for what
 * has no known fix (vulnerabilities without a fixed version, licences, code and runtime findings). Most severe first.
 * Each lists at most FINGERPRINT_LIMIT fingerprints (most severe first) and counts all its findings; `members`, when
 * given, receives every recommendation's findings by id (the remediation plan's due dates need them all).
 */
export function buildRecommendations(findings: readonly Finding[], upgrades: UpgradePlan, members?: Map<string, readonly Finding[]>): Recommendation[] {
  const byFingerprint = new Map<string, Finding>();
  for (const f of findings) byFingerprint.set(f.fingerprint, f);
  const out: Recommendation[] = [];
  const covered = new Set<Finding>();
  for (const a of upgrades.actions) {
    const list = a.fixes.map((fp) => byFingerprint.get(fp)).filter((f): f is Finding => f !== undefined);
    if (list.length === 0) continue;
    for (const f of list) covered.add(f);
    const command = upgradeCommand(a);
    const crit = a.bySeverity.critical ? `, ${a.bySeverity.critical} critical` : '';
    const rec = fromGroup(
      members,
      `upgrade:${a.ecosystem}:${a.package}`,
      'upgrade',
      list,
      () => ({
        title: `Upgrade ${a.package} ${a.installed.join(', ')} → ${a.to} (${a.ecosystem}): fixes ${list.length} finding${list.length === 1 ? '' : 's'}${crit}`,
        ...(command ? { command } : {}),
      }),
      { locations: a.locations.slice(0, MAX_LOCATIONS) },
    );
    rec.upgrade = { ecosystem: a.ecosystem, package: a.package, from: [...a.installed], to: a.to };
    out.push(rec);
  }
  const secrets = new Map<string, Finding[]>();
  const configs = new Map<string, Finding[]>();
  const reviews = new Map<string, Finding[]>();
  for (const f of findings) {
    if (covered.has(f)) continue;
    if (f.kind === 'secret') add(secrets, f.ruleId, f);
    else if (f.kind === 'misconfiguration') add(configs, f.ruleId, f);
    else if (f.kind === 'vulnerability' && f.package) add(reviews, `package:${f.package.ecosystem ?? ''}:${f.package.name}`, f);
    else add(reviews, `${f.kind}:${f.ruleId}`, f);
  }
  for (const [rule, list] of secrets) {
    out.push(
      fromGroup(members, `rotate:${rule}`, 'rotate-secret', list, () => ({
        title: `Rotate and revoke the ${rule} credential${list.length === 1 ? '' : 's'} (${list.length} leak${list.length === 1 ? '' : 's'})`,
        detail: 'Revoke each credential at its issuer and issue a new one, remove it from the code and the git history, and load it from a secret store.',
      })),
    );
  }
  for (const [rule, list] of configs) {
    out.push(
      fromGroup(members, `configure:${rule}`, 'configure', list, (first) => {
        const guide = first.references?.[0];
        return {
          title: `${first.title} (${rule}): change ${list.length} place${list.length === 1 ? '' : 's'}`,
          detail: first.remediation ?? first.description ?? (guide ? `See ${guide}.` : `Apply the fix rule ${rule} describes.`),
          command: where(first),
        };
      }),
    );
  }
  for (const [key, list] of reviews) {
    out.push(
      fromGroup(members, `review:${key}`, 'review', list, (first) => ({
        title: first.package
          ? `No fixed version of ${first.package.name} ${first.package.version}: ${list.length} finding${list.length === 1 ? '' : 's'} to mitigate or accept`
          : `Review ${first.title} (${first.ruleId}): ${list.length} finding${list.length === 1 ? '' : 's'}`,
        ...(first.remediation ? { detail: first.remediation } : {}),
      })),
    );
  }
  return out.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.findings - a.findings || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
