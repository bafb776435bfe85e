import type { Finding } from './model.js';

/** The files a pull request changes, repository-relative, and how the list was obtained. */
export interface ChangedFiles {
  source: string;
  files: ReadonlySet<string>;
}

/** Placeholder until changed-files-only lands: keeps everything. */
export function keepChangedFiles(findings: readonly Finding[], _changed: ChangedFiles): { kept: Finding[]; dropped: number } {
  return { kept: [...findings], dropped: 0 };
}
