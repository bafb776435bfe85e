import { bool, choice, choices, duration, integer, text } from '../../config/fields.js';
import type { ScanSettings } from '../../config/scan.js';
import { section } from '../../config/schema.js';
import type { ConfigFileKey } from '../types.js';

export const TRIVY_SCAN_TYPES = ['filesystem', 'config', 'image', 'repository'] as const;
export type TrivyScanType = (typeof TRIVY_SCAN_TYPES)[number];
export const TRIVY_SCANNERS = ['vuln', 'secret', 'misconfig', 'license'] as const;
export type TrivyScannerKind = (typeof TRIVY_SCANNERS)[number];

export interface TrivySettings {
  readonly scanType: TrivyScanType;
  readonly scanners: readonly TrivyScannerKind[];
  readonly ignoreUnfixed: boolean;
  readonly skipDbUpdate: boolean;
  readonly skipCheckUpdate: boolean;
  readonly cacheDir: string;
  readonly resultCache: boolean;
}

export const TRIVY_INPUTS = {
  scanType: { input: 'trivy-scan-type', default: 'filesystem', field: choice(TRIVY_SCAN_TYPES) },
  scanners: { input: 'trivy-scanners', default: 'vuln,secret,misconfig', field: choices(TRIVY_SCANNERS) },
  ignoreUnfixed: { input: 'ignore-unfixed', default: 'false', field: bool() },
  skipDbUpdate: { input: 'skip-db-update', default: 'false', field: bool() },
  skipCheckUpdate: { input: 'trivy-skip-check-update', default: 'false', field: bool() },
  cacheDir: { input: 'trivy-cache-dir', default: '', field: text() },
  resultCache: { input: 'trivy-result-cache', default: 'false', field: bool() },
} as const;

export const trivySchema = section(TRIVY_INPUTS);

export function checkTrivy(s: TrivySettings, scan: ScanSettings): string[] {
  if (s.scanType === 'image' && scan.images.length === 0) {
    return ["Input 'trivy-scan-type' is 'image' but input 'images' is empty; list the images to scan (e.g. images: app:latest)."];
  }
  return [];
}

/** The config file's `trivy:` section in the names Trivy users know (trivy-action, the seed's config object). */
export const TRIVY_CONFIG_FILE: Readonly<Record<string, ConfigFileKey>> = {
  severityFilter: { common: 'severities' },
  scanType: { setting: 'scanType', values: { fs: 'filesystem', repo: 'repository', rootfs: 'filesystem' } },
  ignoreUnfixed: { setting: 'ignoreUnfixed' },
  skipUpdate: { setting: 'skipDbUpdate' },
  format: {
    field: choice(['table', 'json', 'sarif', 'template', 'cyclonedx', 'spdx', 'spdx-json', 'github', 'cosign-vuln']),
    note: (v) => `trivy.format '${v}': the action always reads Trivy's JSON and writes the formats itself (sarif/trivy.sarif for code scanning, findings.json, summary.md).`,
  },
  exitCode: {
    field: integer(0, 255),
    note: (v) => `trivy.exitCode ${v}: Trivy runs with --exit-code 0 so that its report is always read; the gate (fail-on) decides the step's exit code.`,
  },
  cacheTTL: {
    field: duration(),
    note: (v) => `trivy.cacheTTL '${v}': the vulnerability database is cached in the Actions cache under a daily key (on push, schedule and workflow_dispatch of the default branch; other runs download it) and refreshed by Trivy when it is older than its own update interval.`,
  },
};
