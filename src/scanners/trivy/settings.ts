import { bool, choice, choices, text } from '../../config/fields.js';
import type { ScanSettings } from '../../config/scan.js';
import { section } from '../../config/schema.js';

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
}

export const TRIVY_INPUTS = {
  scanType: { input: 'trivy-scan-type', default: 'filesystem', field: choice(TRIVY_SCAN_TYPES) },
  scanners: { input: 'trivy-scanners', default: 'vuln,secret,misconfig', field: choices(TRIVY_SCANNERS) },
  ignoreUnfixed: { input: 'ignore-unfixed', default: 'false', field: bool() },
  skipDbUpdate: { input: 'skip-db-update', default: 'false', field: bool() },
  skipCheckUpdate: { input: 'trivy-skip-check-update', default: 'false', field: bool() },
  cacheDir: { input: 'trivy-cache-dir', default: '', field: text() },
} as const;

export const trivySchema = section(TRIVY_INPUTS);

export function checkTrivy(s: TrivySettings, scan: ScanSettings): string[] {
  if (s.scanType === 'image' && scan.images.length === 0) {
    return ["Input 'trivy-scan-type' is 'image' but input 'images' is empty; list the images to scan (e.g. images: app:latest)."];
  }
  return [];
}
