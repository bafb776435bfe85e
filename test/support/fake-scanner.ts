// Shell scripts standing in for scanner binaries in end-to-end tests that need no real scanner.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Trivy report with one HIGH misconfiguration in the Dockerfile (line 1). */
export const ONE_HIGH_TRIVY_REPORT = {
  SchemaVersion: 2,
  ArtifactName: '.',
  ArtifactType: 'filesystem',
  Results: [
    {
      Target: 'Dockerfile',
      Class: 'config',
      Type: 'dockerfile',
      Misconfigurations: [
        { Type: 'Dockerfile Security Check', ID: 'DS002', Title: "Image user should not be 'root'", Severity: 'HIGH', Status: 'FAIL', CauseMetadata: { StartLine: 1, EndLine: 1 } },
      ],
    },
  ],
};

/** Shell that sets $out to the argument after `flag` (e.g. Trivy's --output, Gitleaks' --report-path). */
export const outputArg = (flag: string) => `out=""; prev=""; for a in "$@"; do [ "$prev" = "${flag}" ] && out="$a"; prev="$a"; done`;

/**
 * Writes an executable `dir/name` that answers `--version` / `version` with `Version: <version>` and otherwise runs
 * `body`. `before` runs first, for every call (e.g. to record the arguments or the environment).
 */
export function fakeScanner(dir: string, name: string, body: string, options: { version?: string; before?: string } = {}): string {
  const file = join(dir, name);
  const before = options.before ? `${options.before}\n` : '';
  writeFileSync(file, `#!/bin/sh\n${before}case "$*" in *--version*|version) echo "Version: ${options.version ?? '1.0.0'}"; exit 0 ;; esac\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}
