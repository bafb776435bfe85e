import { bool, choice, choices, list, orEmpty, text } from '../../config/fields.js';
import type { ScanSettings } from '../../config/scan.js';
import { section } from '../../config/schema.js';
import type { ConfigFileKey } from '../types.js';
import { errorMessage } from '../../errors.js';
import { classifyManifest, normalizeManifest, type ManifestKind } from './manifests.js';

export const SNYK_SCAN_TYPES = ['dependencies', 'iac', 'container', 'code'] as const;
export type SnykScanType = (typeof SNYK_SCAN_TYPES)[number];
export const SNYK_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type SnykSeverity = (typeof SNYK_SEVERITIES)[number];
/** Which parser applies to a raw output file. */
export type SnykFormat = 'test' | 'iac' | 'container' | 'code-sarif' | 'container-sarif';

export interface SnykSettings {
  /** In canonical order: dependencies, iac, container, code. */
  readonly scanTypes: readonly SnykScanType[];
  /** From `snyk-manifests`, relative to the scan root, by the scan they belong to. */
  readonly dependencyManifests: readonly string[];
  readonly iacManifests: readonly string[];
  readonly dockerfiles: readonly string[];
  readonly allProjects: boolean;
  readonly severityThreshold?: SnykSeverity;
  readonly org?: string;
}

const KIND_SCAN: Record<ManifestKind, SnykScanType> = { dependencies: 'dependencies', iac: 'iac', dockerfile: 'container' };

export const SNYK_INPUTS = {
  scanTypes: { input: 'snyk-scan-types', default: 'dependencies', field: choices(SNYK_SCAN_TYPES) },
  manifests: { input: 'snyk-manifests', default: '', field: list() },
  /** Empty: on when no dependency manifest is listed. */
  allProjects: { input: 'snyk-all-projects', default: '', field: orEmpty(bool()) },
  severityThreshold: { input: 'snyk-severity-threshold', default: '', field: orEmpty(choice(SNYK_SEVERITIES)) },
  org: {
    input: 'snyk-org',
    default: '',
    field: text({ pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, hint: "use the organization ID or its slug (letters, digits, '.', '_', '-')." }),
  },
} as const;

/** The raw section, then what the manifests mean: which scan each belongs to, and whether --all-projects applies. */
export const snykSchema = section(SNYK_INPUTS).transform((raw, ctx): SnykSettings => {
  const scanTypes = SNYK_SCAN_TYPES.filter((t) => raw.scanTypes.includes(t));
  const byKind: Record<ManifestKind, string[]> = { dependencies: [], iac: [], dockerfile: [] };
  for (const given of raw.manifests) {
    let path: string;
    try {
      path = normalizeManifest(given);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: errorMessage(e) });
      continue;
    }
    const kind = classifyManifest(path);
    if (!kind) {
      ctx.addIssue({
        code: 'custom',
        message: `Input 'snyk-manifests' has '${given}', which Snyk cannot test; list dependency manifests (package.json, requirements.txt, pom.xml, go.mod, …), Dockerfiles, or IaC files (.tf, .yaml, .yml, .json).`,
      });
      continue;
    }
    if (!scanTypes.includes(KIND_SCAN[kind])) {
      ctx.addIssue({
        code: 'custom',
        message: `Input 'snyk-manifests' has '${given}' (a ${kind === 'dockerfile' ? 'Dockerfile' : `${kind} file`}), but 'snyk-scan-types' does not include '${KIND_SCAN[kind]}'; add it or remove the file.`,
      });
      continue;
    }
    if (!byKind[kind].includes(path)) byKind[kind].push(path);
  }
  const allProjects = raw.allProjects === '' ? byKind.dependencies.length === 0 : raw.allProjects;
  if (raw.allProjects === true && byKind.dependencies.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `Input 'snyk-all-projects' is true but 'snyk-manifests' lists dependency manifests (${byKind.dependencies.join(', ')}); Snyk cannot combine --all-projects with --file. Use one or the other.`,
    });
  }
  return {
    scanTypes,
    dependencyManifests: byKind.dependencies,
    iacManifests: byKind.iac,
    dockerfiles: byKind.dockerfile,
    allProjects,
    ...(raw.severityThreshold ? { severityThreshold: raw.severityThreshold } : {}),
    ...(raw.org ? { org: raw.org } : {}),
  };
});

/** What needs the common `images` too: container tests need images, and Dockerfiles pair with them. */
export function checkSnyk(s: SnykSettings, scan: ScanSettings): string[] {
  const problems: string[] = [];
  if (s.scanTypes.includes('container') && scan.images.length === 0) {
    problems.push("Input 'snyk-scan-types' includes 'container' but input 'images' is empty; list the images to test (comma-separated) or remove 'container'.");
  }
  if (s.dockerfiles.length > 1 && s.dockerfiles.length !== scan.images.length) {
    problems.push(
      `Input 'snyk-manifests' lists ${s.dockerfiles.length} Dockerfiles for ${scan.images.length} images; list one Dockerfile for all images, or one per image in the order of 'images'.`,
    );
  }
  return problems;
}

/** The config file's `snyk:` section in the seed's names. */
export const SNYK_CONFIG_FILE: Readonly<Record<string, ConfigFileKey>> = {
  scanType: { setting: 'scanTypes', values: { test: 'dependencies', 'open-source': 'dependencies', oss: 'dependencies', sast: 'code' } },
  severity: { setting: 'severityThreshold' },
  failOn: {
    field: choice(['all', 'upgradable', 'patchable']),
    note: (v) => `snyk.failOn '${v}': Snyk's own exit code is not used; the gate (fail-on) decides, over every Snyk finding reported.`,
  },
  excludeDevDeps: {
    field: bool(),
    note: (v) =>
      v === 'true'
        ? 'snyk.excludeDevDeps true: Snyk tests production dependencies only (it runs without --dev, its default).'
        : 'snyk.excludeDevDeps false: not applied — the action runs Snyk without --dev, so development dependencies are not tested.',
  },
  pythonTargetVersion: {
    field: text({ pattern: /^\d+(\.\d+)*$/, hint: 'use a Python version such as 3.11.' }),
    note: (v) => `snyk.pythonTargetVersion '${v}': Snyk uses the runner's python (set it with actions/setup-python ${v}).`,
  },
  enablePatchMerge: {
    field: bool(),
    note: (v) => `snyk.enablePatchMerge ${v}: Snyk patches are not applied by the action; isPatchable is shown per finding in findings.json.`,
  },
};
