/**
 * Upgrade planning: the vulnerable-package findings folded into one action per (ecosystem, package), each naming
 * the smallest version that fixes every finding of that package (versions.ts compares per ecosystem).
 */
import type { Finding, Severity } from '../findings/model.js';
import { SEVERITIES } from '../findings/model.js';
import { comparatorFor as baseComparator, fixedBy, parseFixedVersions, type Comparator, type FixBound } from './versions.js';

/**
 * Per ecosystem, its comparator with its answers remembered, for one plan (a plan sorts and tests the same few
 * versions of a package many times; each comparison parses both versions). At most MEMO_MAX pairs are kept (the
 * versions come from the scanned tree: a report with thousands of versions of one package must not grow it without
 * bound); past that the memo starts over.
 */
const MEMO_MAX = 100_000;
function rememberingComparators(): (ecosystem: string) => Comparator {
  const memos = new Map<string, Comparator>();
  return (ecosystem) => {
    let c = memos.get(ecosystem);
    if (!c) {
      const base = baseComparator(ecosystem);
      const pairs = new Map<string, Map<string, number>>();
      let size = 0;
      c = (a, b) => {
        let row = pairs.get(a);
        const hit = row?.get(b);
        if (hit !== undefined) return hit;
        const r = base(a, b);
        if (size >= MEMO_MAX) {
          pairs.clear();
          size = 0;
          row = undefined;
        }
        if (!row) pairs.set(a, (row = new Map()));
        row.set(b, r);
        size++;
        return r;
      };
      memos.set(ecosystem, c);
    }
    return c;
  };
}

export interface UpgradeAction {
  ecosystem: string; // 'npm' | 'pip' | 'go' | 'maven' | … (finding.package.ecosystem, normalised)
  package: string;
  installed: string[]; // versions found vulnerable
  to: string; // the smallest version that fixes every finding of this package
  fixes: string[]; // fingerprints of the findings it fixes
  bySeverity: Record<'critical' | 'high' | 'medium' | 'low' | 'info', number>;
  locations: string[]; // manifests / targets where the package was found
}
export interface UpgradePlan {
  actions: UpgradeAction[];
  /** fingerprints with no fixed version */
  noFix: string[];
}

/**
 * Trivy's result Types (pkg/fanal/types/const.go) and Snyk's packageManager words, to one word per registry.
 * OS package types (alpine, debian, ubuntu, redhat, …, Snyk's apk/deb/rpm) stay as given, lower-cased.
 */
const ECOSYSTEMS: Record<string, string> = {
  npm: 'npm', yarn: 'npm', pnpm: 'npm', bun: 'npm', 'node-pkg': 'npm', javascript: 'npm', node: 'npm',
  pip: 'pip', pipenv: 'pip', poetry: 'pip', uv: 'pip', 'python-pkg': 'pip', pypi: 'pip', python: 'pip', conda: 'conda',
  gomod: 'go', gobinary: 'go', gomodules: 'go', golangdep: 'go', govendor: 'go', go: 'go', golang: 'go',
  jar: 'maven', pom: 'maven', gradle: 'maven', sbt: 'maven', maven: 'maven', java: 'maven',
  composer: 'composer', 'composer-vendor': 'composer', packagist: 'composer',
  cargo: 'cargo', 'rust-binary': 'cargo', crates: 'cargo', 'crates.io': 'cargo',
  nuget: 'nuget', 'dotnet-core': 'nuget', 'packages-props': 'nuget', paket: 'nuget', dotnet: 'nuget',
  bundler: 'rubygems', gemspec: 'rubygems', rubygems: 'rubygems', gem: 'rubygems',
  cocoapods: 'cocoapods', swift: 'swift', hex: 'hex', mix: 'hex', pub: 'pub', conan: 'conan',
};

export function normalizeEcosystem(word: string | undefined, purl?: string): string {
  const fromPurl = purl ? /^pkg:([a-z0-9.+-]+)\//i.exec(purl)?.[1] : undefined;
  const w = (word ?? '').trim().toLowerCase();
  if (w && ECOSYSTEMS[w]) return ECOSYSTEMS[w]!;
  if (fromPurl) {
    const p = fromPurl.toLowerCase();
    if (p === 'golang') return 'go';
    if (p === 'pypi') return 'pip';
    if (p === 'gem') return 'rubygems';
    return ECOSYSTEMS[p] ?? (w || p);
  }
  return w || 'unknown';
}

/** The name that identifies the package in its registry (PEP 503 for PyPI; npm and Go are case-sensitive). */
export function normalizePackageName(ecosystem: string, name: string): string {
  if (ecosystem === 'pip') return name.toLowerCase().replace(/[-_.]+/g, '-');
  if (ecosystem === 'maven' || ecosystem === 'composer' || ecosystem === 'nuget') return name.toLowerCase();
  return name;
}

interface Item {
  finding: Finding;
  installed: string;
  bounds: FixBound[];
}

function emptyCounts(): UpgradeAction['bySeverity'] {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** Fixed version text for a finding: Trivy's FixedVersion (lists as one string) or Snyk's first fixedIn. */
function fixText(f: Finding): string | undefined {
  return f.package?.fixedVersion?.trim() || undefined;
}

/**
 * The smallest candidate (every fix version named by the package's findings) that is at least each finding's
 * installed version and fixes each finding; when none does, the largest fix named (≥ every finding's fix).
 */
function chooseTarget(all: readonly Item[], compare: Comparator): string {
  // Items with the same installed version and fix bounds (one cached array per fix text) ask the same question.
  const seen = new Map<string, Set<FixBound[]>>();
  const items = all.filter((i) => {
    let s = seen.get(i.installed);
    if (!s) seen.set(i.installed, (s = new Set()));
    if (s.has(i.bounds)) return false;
    s.add(i.bounds);
    return true;
  });
  const candidates = [...new Set(items.flatMap((i) => i.bounds.map((b) => b.version)))].sort(compare);
  for (const c of candidates) {
    const ok = items.every((i) => (!i.installed || compare(c, i.installed) >= 0) && fixedBy(c, i.bounds, compare));
    if (ok) return c;
  }
  return candidates[candidates.length - 1]!;
}

function location(f: Finding): string | undefined {
  const where = f.location.path ?? f.location.target;
  const inner = typeof f.properties?.target === 'string' ? f.properties.target : undefined;
  if (where && inner && inner !== where) return `${where} (${inner})`;
  return where;
}

export function planUpgrades(findings: readonly Finding[]): UpgradePlan {
  const comparatorFor = rememberingComparators();
  const groups: { ecosystem: string; name: string; items: Item[] }[] = [];
  const byEcosystem = new Map<string, Map<string, { ecosystem: string; name: string; items: Item[] }>>();
  const noFix: string[] = [];
  // A report repeats a few ecosystems and (installed version, fix text) pairs many times: each is worked out once,
  // looked up by the finding's own strings (no key strings built per finding).
  const known = new Map<string, string>();
  const fixes = new Map<string, Map<string, Map<string, FixBound[] | null>>>();
  for (const f of findings) {
    const pkg = f.package;
    if (!pkg?.name || (f.kind !== 'vulnerability' && f.kind !== 'license')) continue;
    let ecosystem = pkg.ecosystem !== undefined ? known.get(pkg.ecosystem) : undefined;
    if (ecosystem === undefined) {
      ecosystem = normalizeEcosystem(pkg.ecosystem, pkg.purl);
      // A known word decides alone (the purl is not read): the same word, the same answer.
      if (pkg.ecosystem !== undefined && ECOSYSTEMS[pkg.ecosystem.trim().toLowerCase()]) known.set(pkg.ecosystem, ecosystem);
    }
    const installed = pkg.version?.trim() ?? '';
    const text = fixText(f);
    let perEcosystem = fixes.get(ecosystem);
    if (!perEcosystem) fixes.set(ecosystem, (perEcosystem = new Map()));
    let perInstalled = perEcosystem.get(installed);
    if (!perInstalled) perEcosystem.set(installed, (perInstalled = new Map()));
    let bounds = perInstalled.get(text ?? '');
    if (bounds === undefined) {
      const compare = comparatorFor(ecosystem);
      const parsed = parseFixedVersions(text, compare);
      // No fix at or above the installed version (Snyk keeps the first of its fixedIn list only): never a downgrade.
      bounds = parsed.length === 0 || (installed && parsed.every((b) => compare(b.version, installed) < 0)) ? null : parsed;
      perInstalled.set(text ?? '', bounds);
    }
    if (bounds === null) {
      noFix.push(f.fingerprint);
      continue;
    }
    let names = byEcosystem.get(ecosystem);
    if (!names) byEcosystem.set(ecosystem, (names = new Map()));
    const name = normalizePackageName(ecosystem, pkg.name);
    let g = names.get(name);
    if (!g) {
      names.set(name, (g = { ecosystem, name: pkg.name, items: [] }));
      groups.push(g); // first-seen order, as before
    }
    g.items.push({ finding: f, installed, bounds });
  }
  const actions: UpgradeAction[] = [];
  for (const g of groups) {
    const compare = comparatorFor(g.ecosystem);
    const bySeverity = emptyCounts();
    for (const i of g.items) bySeverity[i.finding.severity]++;
    actions.push({
      ecosystem: g.ecosystem,
      package: g.name,
      installed: [...new Set(g.items.map((i) => i.installed).filter((v) => v !== ''))].sort(compare),
      to: chooseTarget(g.items, compare),
      fixes: [...new Set(g.items.map((i) => i.finding.fingerprint))],
      bySeverity,
      locations: [...new Set(g.items.map((i) => location(i.finding)).filter((l): l is string => !!l))].sort(),
    });
  }
  actions.sort((a, b) => {
    for (const s of SEVERITIES as readonly Severity[]) {
      if (a.bySeverity[s] !== b.bySeverity[s]) return b.bySeverity[s] - a.bySeverity[s];
    }
    return a.package < b.package ? -1 : a.package > b.package ? 1 : a.ecosystem < b.ecosystem ? -1 : a.ecosystem > b.ecosystem ? 1 : 0;
  });
  return { actions, noFix: [...new Set(noFix)] };
}
