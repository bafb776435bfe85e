import { ConfigurationError } from '../../errors.js';
import { bool, text, type InputReader } from '../../config/inputs.js';
import { DEFAULT_VERSIONS } from './releases.js';

export interface ScannerInstallSettings {
  /** `<id>-path`: an explicit binary; '' when not set. */
  readonly path: string;
  /** `<id>-version`: the version installed when the binary is not found (no leading `v`); '' when none applies. */
  readonly version: string;
}

export interface InstallSettings {
  /** `install-scanners`: when false only `<id>-path` and PATH are used. */
  readonly installScanners: boolean;
  /** Per scanner id (only the ids asked for). */
  readonly scanners: Readonly<Record<string, ScannerInstallSettings>>;
}

const VERSION = /^v?(\d+\.\d+\.\d+)$/;

/** Reads the installation inputs once; every error names the input and the expected form. */
export function parseInstallSettings(read: InputReader, scannerIds: readonly string[]): InstallSettings {
  const scanners: Record<string, ScannerInstallSettings> = {};
  for (const id of [...scannerIds].sort()) {
    const fallback = DEFAULT_VERSIONS[id] ?? '';
    const given = text(read, `${id}-version`);
    let version = fallback;
    if (given !== '') {
      const m = VERSION.exec(given);
      if (!m) {
        throw new ConfigurationError(
          `Input '${id}-version' is '${given}'; use an exact release version such as ${fallback || '1.2.3'} (MAJOR.MINOR.PATCH, an optional leading 'v').`,
        );
      }
      version = m[1]!;
    }
    scanners[id] = Object.freeze({ path: text(read, `${id}-path`), version });
  }
  return Object.freeze({
    installScanners: bool(read, 'install-scanners', true),
    scanners: Object.freeze(scanners),
  });
}
