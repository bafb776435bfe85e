import { z } from 'zod';
import { bool, text } from '../../config/fields.js';
import { cmp } from '../../findings/sort.js';
import { section, type Section } from '../../config/schema.js';
import type { AnyScanner } from '../types.js';

export interface ScannerInstallSettings {
  /** `<id>-path`: an explicit binary; '' when not set. */
  readonly path: string;
  /** `<id>-version`: the version installed when the binary is not found (no leading `v`); '' when none applies. */
  readonly version: string;
}

export interface InstallSettings {
  /** `install-scanners`: when false only `<id>-path` and PATH are used. */
  readonly installScanners: boolean;
  /** Per scanner id, for every scanner that runs a binary. */
  readonly scanners: Readonly<Record<string, ScannerInstallSettings>>;
}

const VERSION = /^v?(\d+\.\d+\.\d+)$/;

function versionField(example: string) {
  return z.unknown().transform((v, ctx) => {
    const s = typeof v === 'string' ? v.trim() : '';
    const m = VERSION.exec(s);
    if (s === '' || m) return m ? m[1]! : '';
    ctx.addIssue({ code: 'custom', message: `is '${String(v).trim()}'; use an exact release version such as ${example} (MAJOR.MINOR.PATCH, an optional leading 'v').` });
    return z.NEVER;
  });
}

/**
 * The installation inputs: `install-scanners`, and `<id>-path` / `<id>-version` for every scanner with a binary
 * (the pinned default version comes from the scanner's own install spec). Keys are the input names.
 */
export function installInputs(registry: readonly AnyScanner[]): Section {
  const specs: Record<string, Section[string]> = {
    'install-scanners': { input: 'install-scanners', default: 'true', field: bool() },
  };
  for (const s of registry) {
    if (!s.binary) continue;
    specs[s.binary.pathInput] = { input: s.binary.pathInput, default: '', field: text() };
    const version = s.install?.defaultVersion ?? '';
    specs[`${s.id}-version`] = { input: `${s.id}-version`, default: version, field: versionField(version || '1.2.3') };
  }
  return specs;
}

/** The install section's schema: flat input keys in, the InstallSettings shape out. */
export function installSchema(registry: readonly AnyScanner[]): z.ZodType<InstallSettings> {
  return section(installInputs(registry)).transform((flat): InstallSettings => {
    const values = flat as Record<string, unknown>;
    const scanners: Record<string, ScannerInstallSettings> = {};
    // Code-unit order, not localeCompare: ids are ASCII, and the first localeCompare of a process loads ICU's
    // collation data (~7 ms) before the first scanner starts.
    for (const s of [...registry].sort((a, b) => cmp(a.id, b.id))) {
      if (!s.binary) continue;
      scanners[s.id] = { path: values[s.binary.pathInput] as string, version: values[`${s.id}-version`] as string };
    }
    return { installScanners: values['install-scanners'] as boolean, scanners };
  });
}
