/**
 * Version ordering per ecosystem, for real version strings as scanners print them:
 * - npm and Go: Semantic Versioning 2.0.0 (prerelease identifiers, build metadata ignored), loose forms scanners
 *   print ("v1.2", "1.2"); Go's `v` prefix, pseudo-versions (v0.0.0-20191109021931-daa7c04131f5 and
 *   vX.Y.(Z+1)-0.yyyymmddhhmmss-sha, which sort as semver prereleases by design) and `+incompatible` (build metadata).
 * - PyPI: PEP 440 (epochs, pre/post/dev releases, local versions, normalised spellings; `1.0` == `1.0.0`).
 * - Maven: the ordering of org.apache.maven.artifact.versioning.ComparableVersion (items split on `.`, `-` and
 *   digit/letter transitions; qualifiers alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release
 *   < sp < any other qualifier, lexically; trailing zero/empty items dropped).
 * - Anything else: a Debian-like fallback (runs of digits compared as numbers, other runs as text, `~` before
 *   everything) that is right for most OS package versions (1.1.1b-r1 < 1.1.1d-r0).
 *
 * Every comparator is a total preorder: compare(a, b) === 0 means "the same version" (1.0 and 1.0.0 in PyPI,
 * 1.0.0+a and 1.0.0+b in semver), not "the same string". Strings a comparator cannot parse fall back to the generic
 * ordering and sort before every parseable version, so a sort never throws and stays consistent.
 */

export type Comparator = (a: string, b: string) => number;

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Compares two digit strings as unbounded non-negative integers (no precision loss for long numbers). */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return sign(x.length - y.length);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- generic (Debian-like)

function tildeOrder(c: string): number {
  if (c === '~') return -1;
  if (c === '') return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp for one string (no epoch handling beyond digits): the fallback ordering. */
export function compareGeneric(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // non-digit run
    while ((i < a.length && !/\d/.test(a[i]!)) || (j < b.length && !/\d/.test(b[j]!))) {
      const ca = i < a.length && !/\d/.test(a[i]!) ? a[i]! : '';
      const cb = j < b.length && !/\d/.test(b[j]!) ? b[j]! : '';
      const d = tildeOrder(ca) - tildeOrder(cb);
      if (d !== 0) return sign(d);
      if (ca) i++;
      if (cb) j++;
      if (!ca && !cb) break;
    }
    let da = '';
    let db = '';
    while (i < a.length && /\d/.test(a[i]!)) da += a[i++];
    while (j < b.length && /\d/.test(b[j]!)) db += b[j++];
    const d = compareDigits(da || '0', db || '0');
    if (d !== 0) return d;
  }
  return 0;
}

/** Orders unparseable strings before parseable ones, and among themselves generically. */
function withFallback<T>(parse: (v: string) => T | undefined, cmp: (a: T, b: T) => number): Comparator {
  return (a, b) => {
    const pa = parse(a);
    const pb = parse(b);
    if (pa !== undefined && pb !== undefined) return cmp(pa, pb);
    if (pa === undefined && pb === undefined) return compareGeneric(a, b);
    return pa === undefined ? -1 : 1;
  };
}

// ---------------------------------------------------------------- semver (npm, Go)

export interface SemVer {
  release: [string, string, string];
  prerelease: string[];
}

const SEMVER = /^\s*[=v]?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-?([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]*)?\s*$/;

export function parseSemver(v: string): SemVer | undefined {
  const m = SEMVER.exec(v);
  if (!m) return undefined;
  return { release: [m[1]!, m[2] ?? '0', m[3] ?? '0'], prerelease: m[4] ? m[4].split('.') : [] };
}

function comparePrereleaseIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return compareDigits(a, b);
  if (na !== nb) return na ? -1 : 1;
  return compareText(a, b);
}

function compareSemverParsed(a: SemVer, b: SemVer): number {
  for (let k = 0; k < 3; k++) {
    const d = compareDigits(a.release[k]!, b.release[k]!);
    if (d !== 0) return d;
  }
  // A release sorts after its prereleases.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return a.prerelease.length === b.prerelease.length ? 0 : a.prerelease.length === 0 ? 1 : -1;
  }
  for (let k = 0; k < Math.max(a.prerelease.length, b.prerelease.length); k++) {
    const x = a.prerelease[k];
    const y = b.prerelease[k];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const d = comparePrereleaseIds(x, y);
    if (d !== 0) return d;
  }
  return 0;
}

export const compareSemver: Comparator = withFallback(parseSemver, compareSemverParsed);

// ---------------------------------------------------------------- PEP 440 (PyPI)

export interface Pep440 {
  epoch: string;
  release: string[];
  pre?: [number, string];
  post?: string;
  dev?: string;
  local?: string[];
}

// The regex of PEP 440 Appendix B (packaging.version.VERSION_PATTERN), anchored, case-insensitive.
const PEP440 = new RegExp(
  '^\\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?<pre>[-_\\.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\\.]?(?<pre_n>[0-9]+)?)?' +
    '(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\\.]?(?<post_l>post|rev|r)[-_\\.]?(?<post_n2>[0-9]+)?))?' +
    '(?<dev>[-_\\.]?(?<dev_l>dev)[-_\\.]?(?<dev_n>[0-9]+)?)?)' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?\\s*$',
  'i',
);

const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

export function parsePep440(v: string): Pep440 | undefined {
  const m = PEP440.exec(v);
  const g = m?.groups;
  if (!g) return undefined;
  const out: Pep440 = { epoch: g.epoch ?? '0', release: g.release!.split('.') };
  if (g.pre_l) out.pre = [PRE_RANK[g.pre_l.toLowerCase()]!, g.pre_n ?? '0'];
  if (g.post) out.post = g.post_n1 ?? g.post_n2 ?? '0';
  if (g.dev) out.dev = g.dev_n ?? '0';
  if (g.local) out.local = g.local.toLowerCase().split(/[-_.]/);
  return out;
}

function compareRelease(a: readonly string[], b: readonly string[]): number {
  // Trailing zeros do not count: 1.0 == 1.0.0.
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const d = compareDigits(a[k] ?? '0', b[k] ?? '0');
    if (d !== 0) return d;
  }
  return 0;
}

/** packaging's _cmpkey: a dev release of a final sorts before its pre-releases; no post sorts before any post. */
function comparePep440Parsed(a: Pep440, b: Pep440): number {
  let d = compareDigits(a.epoch, b.epoch);
  if (d !== 0) return d;
  d = compareRelease(a.release, b.release);
  if (d !== 0) return d;
  // pre: a bare dev release (1.0.dev1) is below every pre-release; no pre-release is above every pre-release.
  const preKey = (p: Pep440): [number, number, string] =>
    p.pre ? [1, p.pre[0], p.pre[1]] : p.post === undefined && p.dev !== undefined ? [0, 0, '0'] : [2, 0, '0'];
  const pa = preKey(a);
  const pb = preKey(b);
  d = sign(pa[0] - pb[0]) || sign(pa[1] - pb[1]) || compareDigits(pa[2], pb[2]);
  if (d !== 0) return d;
  if ((a.post === undefined) !== (b.post === undefined)) return a.post === undefined ? -1 : 1;
  if (a.post !== undefined && b.post !== undefined) {
    d = compareDigits(a.post, b.post);
    if (d !== 0) return d;
  }
  if ((a.dev === undefined) !== (b.dev === undefined)) return a.dev === undefined ? 1 : -1;
  if (a.dev !== undefined && b.dev !== undefined) {
    d = compareDigits(a.dev, b.dev);
    if (d !== 0) return d;
  }
  if ((a.local === undefined) !== (b.local === undefined)) return a.local === undefined ? -1 : 1;
  const la = a.local ?? [];
  const lb = b.local ?? [];
  for (let k = 0; k < Math.max(la.length, lb.length); k++) {
    const x = la[k];
    const y = lb[k];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    // Numeric segments sort after alphanumeric ones.
    d = nx && ny ? compareDigits(x, y) : nx !== ny ? (nx ? 1 : -1) : compareText(x, y);
    if (d !== 0) return d;
  }
  return 0;
}

export const comparePep440: Comparator = withFallback(parsePep440, comparePep440Parsed);

// ---------------------------------------------------------------- Maven ComparableVersion

type MavenItem = { t: 'int'; v: string } | { t: 'str'; v: string } | { t: 'list'; v: MavenItem[] };

const MAVEN_QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const MAVEN_ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(MAVEN_QUALIFIERS.indexOf(''));

function mavenString(value: string, followedByDigit: boolean): MavenItem {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { t: 'str', v: MAVEN_ALIASES[v] ?? v };
}

function comparableQualifier(q: string): string {
  const i = MAVEN_QUALIFIERS.indexOf(q);
  return i === -1 ? `${MAVEN_QUALIFIERS.length}-${q}` : String(i);
}

function mavenIsNull(item: MavenItem): boolean {
  if (item.t === 'int') return /^0+$/.test(item.v);
  if (item.t === 'str') return comparableQualifier(item.v) === RELEASE_INDEX;
  return item.v.length === 0;
}

function mavenNormalize(list: MavenItem[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (mavenIsNull(last)) list.splice(i, 1);
    else if (last.t !== 'list') break;
  }
}

/** ComparableVersion.parseVersion (Maven 3.x). */
export function parseMaven(version: string): MavenItem {
  const s = version.trim().toLowerCase();
  const root: MavenItem[] = [];
  let list = root;
  const stack: MavenItem[][] = [root];
  let isDigit = false;
  let start = 0;
  const item = (text: string): MavenItem => (isDigit ? { t: 'int', v: text } : mavenString(text, false));
  const push = () => {
    const sub: MavenItem[] = [];
    list.push({ t: 'list', v: sub });
    list = sub;
    stack.push(sub);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '.') {
      list.push(i === start ? { t: 'int', v: '0' } : item(s.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { t: 'int', v: '0' } : item(s.slice(start, i)));
      start = i + 1;
      push();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(mavenString(s.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(item(s.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (s.length > start) list.push(item(s.slice(start)));
  while (stack.length > 0) mavenNormalize(stack.pop()!);
  return { t: 'list', v: root };
}

function mavenCompare(a: MavenItem | undefined, b: MavenItem | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -mavenCompare(b, undefined);
  if (b === undefined) {
    if (a.t === 'int') return mavenIsNull(a) ? 0 : 1;
    if (a.t === 'str') return sign(compareText(comparableQualifier(a.v), RELEASE_INDEX));
    return a.v.length === 0 ? 0 : mavenCompare(a.v[0], undefined);
  }
  if (a.t === 'int') {
    if (b.t === 'int') return compareDigits(a.v, b.v);
    return 1;
  }
  if (a.t === 'str') {
    if (b.t === 'int') return -1;
    if (b.t === 'str') return sign(compareText(comparableQualifier(a.v), comparableQualifier(b.v)));
    return -1;
  }
  if (b.t === 'int') return -1;
  if (b.t === 'str') return 1;
  for (let k = 0; k < Math.max(a.v.length, b.v.length); k++) {
    const d = mavenCompare(a.v[k], b.v[k]);
    if (d !== 0) return d;
  }
  return 0;
}

export const compareMaven: Comparator = (a, b) => mavenCompare(parseMaven(a), parseMaven(b));

// ---------------------------------------------------------------- per ecosystem

/** The comparator for a normalised ecosystem word (see upgrades.ts normalizeEcosystem). */
export function comparatorFor(ecosystem: string): Comparator {
  switch (ecosystem) {
    case 'npm':
    case 'go':
    case 'cargo':
    case 'composer':
    case 'nuget':
    case 'swift':
    case 'hex':
      return compareSemver;
    case 'pip':
      return comparePep440;
    case 'maven':
      return compareMaven;
    default:
      return compareGeneric;
  }
}

// ---------------------------------------------------------------- fixed-version specs

/** One fix: versions ≥ `version` fix the finding, limited to its release line when `line` is set (a list of fixes). */
export interface FixBound {
  version: string;
  /** How many leading release components a candidate must share with `version` (undefined: any later version). */
  line?: number;
}

/** The release components used for "the same line": leading numbers of the version. */
function releaseParts(v: string): string[] {
  const m = /^\s*[vV]?(\d+(?:\.\d+)*)/.exec(v);
  return m ? m[1]!.split('.') : [];
}

/**
 * Parses a scanner's fixed-version text into fix bounds: "4.17.21"; lists "2.7.4, 2.8.2" / Trivy's
 * "3.1.0, 2.6.9" / "1.2.3 || 2.0.1"; ranges ">=1.2.3", "^1.2.3", "~=1.2", Maven "[1.2.3,)". Upper bounds ("<2.0")
 * carry no fix and are dropped. With several fixes each but the highest applies in its own release line: the
 * components up to the first one where it differs from the next higher fix (2.7.4 next to 2.8.2: the 2.7 line;
 * 2.6.9 next to 3.1.0: the 2 line). Returns [] when nothing in the text is a version.
 */
export function parseFixedVersions(text: string | undefined, compare: Comparator): FixBound[] {
  if (!text) return [];
  const found: string[] = [];
  const maven = /^\s*[[(]\s*([^,\])]*)\s*,\s*([^\])]*)\s*[\])]\s*$/.exec(text);
  const items = maven ? [maven[1] ? `>=${maven[1]}` : ''] : text.split(/\s*(?:,|\|\||;|\s+or\s+)\s*/i);
  for (const raw of items) {
    const item = raw.trim();
    if (!item || /^</.test(item)) continue;
    const v = item.replace(/^(?:>=|=>|>|==|===|=|\^|~=|~>|~)\s*/, '').replace(/\s+.*$/, '');
    if (!/\d/.test(v)) continue;
    found.push(v);
  }
  const sorted = [...new Set(found)].sort(compare);
  return sorted.map((version, k) => {
    const next = sorted[k + 1];
    if (next === undefined) return { version };
    const a = releaseParts(version);
    const b = releaseParts(next);
    let d = 0;
    while (d < a.length && d < b.length && compareDigits(a[d]!, b[d]!) === 0) d++;
    return { version, line: d + 1 };
  });
}

/** Whether `candidate` is a fix under these bounds (any one of them). */
export function fixedBy(candidate: string, bounds: readonly FixBound[], compare: Comparator): boolean {
  return bounds.some((b) => {
    if (compare(candidate, b.version) < 0) return false;
    if (b.line === undefined) return true;
    const c = releaseParts(candidate);
    const v = releaseParts(b.version);
    for (let k = 0; k < b.line; k++) if (compareDigits(c[k] ?? '0', v[k] ?? '0') !== 0) return false;
    return true;
  });
}
