import { pipInstaller } from '../install/venv-installer.js';
import type { InstallSpec } from '../types.js';

/** Checkov 3.3.30 — the PyPI package `checkov`. */
export const CHECKOV_VERSION = '3.3.30';

/**
 * What keeps Checkov off the network: no PyPI version check, no guidelines/severity download from the Bridgecrew
 * platform, no GitHub configuration fetch. Its processes get these (and the installer, whose pip step may import it).
 */
export const CHECKOV_OFFLINE_ENV: Readonly<Record<string, string>> = Object.freeze({
  CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true',
  BC_SKIP_MAPPING: 'TRUE',
  CKV_GITHUB_CONFIG_FETCH_DATA: 'false',
});

export const checkovInstall: InstallSpec = {
  defaultVersion: CHECKOV_VERSION,
  installer: pipInstaller({ package: 'checkov', displayName: 'Checkov', executable: 'checkov', env: CHECKOV_OFFLINE_ENV }),
};
