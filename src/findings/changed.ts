import type { Finding } from './model.js';

/** The files a pull request changes, repository-relative, and how the list was obtained. */
export interface ChangedFiles {
  source: string;
  files: ReadonlySet<string>;
}

/** `./a/b` and `a//b` are `a/b`: scanner paths and diff paths compare as written by neither. */
function normal(path: string): string {
  return path.replace(/\\/g, '/').replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '');
}

/**
 * `changed-files-only`: keeps the findings in files the pull request changes, and every finding without a path
 * (an image, a host, a package manifest inside an image): those are not in any file a diff can name. Pure.
 */
export function keepChangedFiles(findings: readonly Finding[], changed: ChangedFiles): { kept: Finding[]; dropped: number } {
  const files = new Set([...changed.files].map(normal));
  const kept = findings.filter((f) => f.location.path === undefined || files.has(normal(f.location.path)));
  return { kept, dropped: findings.length - kept.length };
}

/** What a pull request diff says about its files (structurally github/pull-diff.ts's PullDiff). */
export interface DiffFiles {
  source: string;
  files: ReadonlyMap<string, { status: string }>;
  incomplete?: string;
}

/**
 * The policy input for `changed-files-only` from a pull request diff, or a note for the reader when it cannot
 * apply (then every finding is kept: a list we could not read, or one that may be cut, never drops a finding).
 * Removed files do not count; a renamed file counts under its new path.
 */
export function changedFilesFrom(diff: DiffFiles | { unavailable: string }): { changedFiles?: ChangedFiles; note?: string } {
  const couldNot = (why: string) => ({ note: `changed-files-only could not apply: ${why.replace(/\.$/, '')}. Every finding is kept.` });
  if ('unavailable' in diff) return couldNot(diff.unavailable);
  if (diff.incomplete) return couldNot(diff.incomplete);
  const files = new Set<string>();
  for (const [path, f] of diff.files) if (f.status !== 'removed') files.add(path);
  return { changedFiles: { source: diff.source, files } };
}
