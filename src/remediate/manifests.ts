/**
 * Version bumps in the manifests that declare direct dependencies: package.json, requirements.txt, go.mod and
 * pom.xml. Each editor changes only the version text of the dependency's line, so every other byte (CRLF line
 * endings, a missing final newline, comments, extras, markers) stays as it was. An editor returns the new text, or
 * undefined when the manifest does not declare the package directly; it throws when it cannot parse the manifest.
 */
import { comparatorFor } from './versions.js';
import { normalizePackageName } from './upgrades.js';

export type ManifestKind = 'package.json' | 'requirements.txt' | 'go.mod' | 'pom.xml';

/** The manifest file names per normalised ecosystem. */
export const MANIFESTS: Record<string, ManifestKind> = { npm: 'package.json', pip: 'requirements.txt', go: 'go.mod', maven: 'pom.xml' };

export interface Bump {
  package: string;
  to: string;
}

/** `from` and `to`: the version text before and after (`^4.17.4` → `^4.17.12`: the range operator kept). */
export type EditResult = { text: string; from: string; to?: string } | undefined;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A version we are willing to write into a manifest (from the scanner's database; no quotes, spaces or markup). */
export function safeVersion(v: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9.+_~-]{0,127}$/.test(v);
}

const NPM_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** package.json: "name": "^4.17.15" → "^4.17.21" in any dependency section; the range operator is kept. */
export function editPackageJson(text: string, bump: Bump): EditResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not a JSON object');
  const compare = comparatorFor('npm');
  let out = text;
  let from: string | undefined;
  let written: string | undefined;
  for (const section of NPM_SECTIONS) {
    const deps = (doc as Record<string, unknown>)[section];
    if (typeof deps !== 'object' || deps === null) continue;
    const range = (deps as Record<string, unknown>)[bump.package];
    if (typeof range !== 'string') continue;
    const m = /^(\^|~|>=|=|v)?(\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?)$/.exec(range.trim());
    if (!m || compare(m[2]!, bump.to) >= 0) continue;
    const head = new RegExp(`"${escapeRe(section)}"\\s*:\\s*\\{`).exec(out);
    if (!head) continue;
    const start = head.index + head[0].length;
    const end = out.indexOf('}', start);
    if (end < 0) continue;
    const entry = new RegExp(`("${escapeRe(bump.package)}"\\s*:\\s*")${escapeRe(range)}"`);
    const body = out.slice(start, end);
    if (!entry.test(body)) continue;
    out = out.slice(0, start) + body.replace(entry, `$1${m[1] ?? ''}${bump.to}"`) + out.slice(end);
    if (from === undefined) {
      from = range;
      written = `${m[1] ?? ''}${bump.to}`;
    }
  }
  return from === undefined ? undefined : { text: out, from, to: written };
}

/** requirements.txt: `name[extras] == 1.2.3 ; marker # comment` with ==, >= or ~=; the rest of the line is kept. */
export function editRequirements(text: string, bump: Bump): EditResult {
  const want = normalizePackageName('pip', bump.package);
  const compare = comparatorFor('pip');
  let from: string | undefined;
  const out = text.replace(
    /^([ \t]*)([A-Za-z0-9][A-Za-z0-9._-]*)([ \t]*\[[^\]\r\n]*\])?([ \t]*)(==|>=|~=)([ \t]*)([^\s;#,]+)/gm,
    (all, ind: string, name: string, extras: string | undefined, s1: string, op: string, s2: string, version: string) => {
      if (normalizePackageName('pip', name) !== want || compare(version, bump.to) >= 0) return all;
      from ??= `${op}${version}`;
      return `${ind}${name}${extras ?? ''}${s1}${op}${s2}${bump.to}`;
    },
  );
  return from === undefined ? undefined : { text: out, from };
}

/** go.mod: `require path v1.2.3` and lines of `require ( … )` blocks; `// indirect` requirements are not direct. */
export function editGoMod(text: string, bump: Bump): EditResult {
  if (!/^\s*module\s+\S+/m.test(text)) throw new Error('no module line');
  const to = bump.to.startsWith('v') ? bump.to : `v${bump.to}`;
  const compare = comparatorFor('go');
  let from: string | undefined;
  let inBlock = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // A CRLF file: the `\r` is kept aside (`.` does not match it) and put back.
    const cr = lines[i]!.endsWith('\r') ? '\r' : '';
    const line = cr ? lines[i]!.slice(0, -1) : lines[i]!;
    if (/^\s*require\s*\(/.test(line)) {
      inBlock = true;
      continue;
    }
    if (inBlock && /^\s*\)/.test(line)) {
      inBlock = false;
      continue;
    }
    const re = inBlock ? /^(\s*)(\S+)(\s+)(v[^\s/]+)(.*)$/ : /^(\s*require\s+)(\S+)(\s+)(v[^\s/]+)(.*)$/;
    const m = re.exec(line);
    if (!m || m[2] !== bump.package || /\/\/\s*indirect/.test(m[5]!)) continue;
    if (compare(m[4]!, to) >= 0) continue;
    from ??= m[4]!;
    lines[i] = `${m[1]}${m[2]}${m[3]}${to}${m[5]}${cr}`;
  }
  return from === undefined ? undefined : { text: lines.join("\n"), from, to };
}

/** pom.xml: the `<version>` of the `<dependency>` with this groupId:artifactId, or the `<properties>` entry it names. */
export function editPom(text: string, bump: Bump): EditResult {
  if (!/<project[\s>]/.test(text)) throw new Error('no <project> element');
  const [group, artifact] = bump.package.split(':');
  if (!group || !artifact) return undefined;
  const compare = comparatorFor('maven');
  const dep = /<dependency>([\s\S]*?)<\/dependency>/g;
  let out = text;
  let from: string | undefined;
  for (const m of text.matchAll(dep)) {
    const body = m[1]!;
    if (/<groupId>\s*([^<]*?)\s*<\/groupId>/.exec(body)?.[1] !== group) continue;
    if (/<artifactId>\s*([^<]*?)\s*<\/artifactId>/.exec(body)?.[1] !== artifact) continue;
    const v = /(<version>\s*)([^<]*?)(\s*<\/version>)/.exec(body);
    if (!v) continue;
    const prop = /^\$\{([A-Za-z0-9_.-]+)\}$/.exec(v[2]!);
    if (prop) {
      const p = new RegExp(`(<properties>[\\s\\S]*?<${escapeRe(prop[1]!)}>\\s*)([^<]*?)(\\s*</${escapeRe(prop[1]!)}>)`).exec(out);
      if (!p || compare(p[2]!, bump.to) >= 0) continue;
      const at = p.index + p[1]!.length;
      out = out.slice(0, at) + bump.to + out.slice(at + p[2]!.length);
      from ??= p[2]!;
      continue;
    }
    if (compare(v[2]!, bump.to) >= 0) continue;
    const at = m.index! + '<dependency>'.length + v.index + v[1]!.length;
    // Offsets are in `text`: the first declaration is edited (a property edit may have come first: same offsets
    // only when it lies after this one).
    if (out.slice(0, at) !== text.slice(0, at)) break;
    out = out.slice(0, at) + bump.to + out.slice(at + v[2]!.length);
    from ??= v[2]!;
    break;
  }
  return from === undefined ? undefined : { text: out, from };
}

export const EDITORS: Record<ManifestKind, (text: string, bump: Bump) => EditResult> = {
  'package.json': editPackageJson,
  'requirements.txt': editRequirements,
  'go.mod': editGoMod,
  'pom.xml': editPom,
};
