import { toGoDuration } from '../../config/fields.js';
import type { TrivyScanType, TrivySettings } from './settings.js';

/** Flag spellings differ between Trivy releases; read once per run from `trivy <command> --help`. */
export interface TrivyDialect {
  /** `misconfig` (current) or `config` (before 0.47). */
  misconfigName: 'misconfig' | 'config';
  /** `--skip-check-update` (current) or `--skip-policy-update` (older). */
  skipChecksFlag: '--skip-check-update' | '--skip-policy-update';
  /** `--show-suppressed` (0.52 on): suppressed vulnerabilities are listed, so the report can count them. */
  showSuppressed?: boolean;
}

export function dialectFromHelp(help: string): TrivyDialect {
  return {
    misconfigName: /\bmisconfig\b/.test(help) ? 'misconfig' : 'config',
    skipChecksFlag: help.includes('--skip-check-update') ? '--skip-check-update' : '--skip-policy-update',
    showSuppressed: help.includes('--show-suppressed'),
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
  return major > 0 || minor >= 52 ? { misconfigName: 'misconfig', skipChecksFlag: '--skip-check-update', showSuppressed: true } : undefined;
}

export const SUBCOMMAND: Record<TrivyScanType, string> = { filesystem: 'fs', config: 'config', image: 'image', repository: 'repo' };

export interface TrivyCommand {
  args: string[];
  /** The image for image scans; undefined for the tree scan. */
  image?: string;
}

/**
 * The Trivy commands for one run: the tree at the scan root (unless the scan type is `image`) and each image.
 * Targets are passed as `.` with the scan root as working directory, so reported paths are root-relative.
 * Trivy is asked for every severity (no `--severity`): the `severity` input is applied by the action
 * (report/build.ts), which counts what it drops; Trivy's own filter would drop findings no count shows.
 */
export function buildTrivyCommands(
  s: TrivySettings,
  images: readonly string[],
  timeoutMs: number,
  dialect: TrivyDialect,
  /** The cache directory to use: the `trivy-cache-dir` input, or the one restored from the Actions cache. */
  cacheDir: string = s.cacheDir,
  /** The trusted ignore, config and secret-config files (written by the adapter): Trivy never reads the tree's own. */
  policy: readonly string[] = [],
): TrivyCommand[] {
  const common = (): string[] => {
    const a = ['--format', 'json', '--exit-code', '0', '--no-progress', '--timeout', toGoDuration(timeoutMs), ...policy];
    if (cacheDir) a.push('--cache-dir', cacheDir);
    if (s.skipCheckUpdate) a.push(dialect.skipChecksFlag);
    return a;
  };
  const kinds = s.scanners.map((k) => (k === 'misconfig' ? dialect.misconfigName : k)).join(',');
  const vulnFlags = (): string[] => {
    if (!s.scanners.includes('vuln')) return [];
    const a: string[] = [];
    if (s.ignoreUnfixed) a.push('--ignore-unfixed');
    if (dialect.showSuppressed) a.push('--show-suppressed');
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
  for (const image of images) {
    commands.push({ args: ['image', ...common(), '--scanners', kinds, ...vulnFlags(), image], image });
  }
  return commands;
}


/** The files Trivy reads from its working directory (the scan root) unless told otherwise. */
export const TRIVY_POLICY_FILES = ['.trivyignore', '.trivyignore.yaml', 'trivy.yaml', 'trivy-secret.yaml'] as const;
