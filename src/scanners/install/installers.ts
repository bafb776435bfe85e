import type { Installer } from './installer.js';
import { snykInstaller } from './npm-installer.js';
import { releaseInstaller } from './release-installer.js';
import { GITLEAKS_RELEASE, TRIVY_RELEASE } from './releases.js';
import { checkovInstaller } from './venv-installer.js';

/** How each scanner that has a binary is installed when it is not found, by scanner id. */
export const INSTALLERS: Readonly<Record<string, Installer>> = Object.freeze({
  trivy: releaseInstaller(TRIVY_RELEASE),
  gitleaks: releaseInstaller(GITLEAKS_RELEASE),
  snyk: snykInstaller,
  checkov: checkovInstaller,
});
