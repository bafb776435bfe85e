/**
 * remediation.patch: the upgrade plan's version bumps for direct dependencies, as one unified diff with a/ b/
 * paths relative to the repository root that `git apply` accepts. The manifests are pull-request files: each is
 * read through the workspace reader (regular files inside the workspace, size-capped, never through a symlink —
 * a manifest whose path has a symlink anywhere is skipped), and nothing is ever written into the workspace.
 */
import { realpathSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { workspaceReader } from '../findings/reader.js';
import type { FileReader } from '../findings/identify.js';
import { EDITORS, MANIFESTS, safeVersion, type ManifestKind } from './manifests.js';
import type { UpgradePlan } from './upgrades.js';

export const REMEDIATION_PATCH_FILE = 'remediation.patch';

export interface RemediationPatch {
  /** The patch text ('' when no manifest needed a change). */
  patch: string;
  /** What was bumped: `package.json: lodash ^4.17.15 → ^4.17.21`. */
  bumped: string[];
  /** Packages not declared in any manifest found (transitive only, or a manifest kind not handled). */
  transitive: string[];
  /** Manifests skipped and why (unreadable, symlinked, unparseable). */
  notes: string[];
}

/** Repository-relative paths we write into a patch header: plain names, no `..`, no control characters. */
function safeRelPath(p: string): boolean {
  return /^[A-Za-z0-9._@+/ -]{1,512}$/.test(p) && !p.split('/').some((s) => s === '..' || s === '') && !p.startsWith('/');
}

/** One line of text for the header comment (no newline can start a hunk or a file header). */
// eslint-disable-next-line no-control-regex -- control characters are what this strips
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);

/** The directories a package's locations point at ('' is the root), the root always included. */
function candidateDirs(locations: readonly string[]): string[] {
  const dirs = new Set<string>(['']);
  for (const l of locations) {
    const path = l.replace(/ \(.*\)$/, '');
    if (!safeRelPath(path)) continue;
    const d = posix.dirname(path);
    dirs.add(d === '.' ? '' : d);
  }
  return [...dirs].sort();
}

/** A reader that refuses any path with a symlink in it (the real path must be the path itself). */
export function manifestReader(workspace: string): (rel: string) => string | undefined | 'symlink' {
  const read: FileReader = workspaceReader(workspace);
  let root: string | undefined;
  try {
    root = realpathSync(resolve(workspace));
  } catch {
    root = undefined;
  }
  return (rel) => {
    if (root === undefined) return undefined;
    const abs = resolve(root, rel);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return undefined;
    }
    if (real !== abs) return 'symlink';
    return read(rel);
  };
}

export function buildRemediationPatch(plan: UpgradePlan, workspace: string): RemediationPatch {
  const read = manifestReader(workspace);
  const texts = new Map<string, { before: string; after: string; kind: ManifestKind }>();
  const bumped: string[] = [];
  const transitive: string[] = [];
  const notes = new Set<string>();
  for (const action of plan.actions) {
    const kind = MANIFESTS[action.ecosystem];
    if (!kind) continue;
    if (!safeVersion(action.to)) {
      notes.add(`${oneLine(action.package)}: the fixed version is not a plain version string; not edited.`);
      continue;
    }
    let declared = false;
    for (const dir of candidateDirs(action.locations)) {
      const rel = dir ? `${dir}/${kind}` : kind;
      let entry = texts.get(rel);
      if (!entry) {
        const text = read(rel);
        if (text === 'symlink') {
          notes.add(`${rel}: a symlink (or under one); not read.`);
          continue;
        }
        if (text === undefined) continue;
        entry = { before: text, after: text, kind };
        texts.set(rel, entry);
      }
      try {
        const r = EDITORS[kind](entry.after, { package: action.package, to: action.to });
        if (r) {
          entry.after = r.text;
          declared = true;
          bumped.push(`${rel}: ${oneLine(action.package)} ${oneLine(r.from)} → ${r.to ?? action.to}`);
        }
      } catch (e) {
        notes.add(`${rel}: could not be parsed (${oneLine((e as Error).message)}); skipped.`);
      }
    }
    if (!declared) transitive.push(`${oneLine(action.package)} ${action.installed.map(oneLine).join(', ')} → ${action.to} (${action.ecosystem})`);
  }
  const files = [...texts.entries()].filter(([, t]) => t.after !== t.before).sort(([a], [b]) => (a < b ? -1 : 1));
  if (files.length === 0) return { patch: '', bumped, transitive, notes: [...notes] };
  const header = [
    '# remediation.patch: version bumps of direct dependencies that fix the scan\'s findings.',
    '# Apply from the repository root: git apply remediation.patch',
    ...bumped.map((b) => `#   ${b}`),
    ...(transitive.length ? ['# Not declared directly (upgrade the dependency that brings them in):', ...transitive.map((t) => `#   ${t}`)] : []),
    ...[...notes].map((n) => `# note: ${n}`),
    '',
  ];
  const diffs = files.map(([rel, t]) =>
    createTwoFilesPatch(`a/${rel}`, `b/${rel}`, t.before, t.after, undefined, undefined, { context: 3 }).replace(/^=+\n/, ''),
  );
  return { patch: header.join('\n') + '\n' + diffs.join(''), bumped, transitive, notes: [...notes] };
}

