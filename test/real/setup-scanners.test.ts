// scripts/setup-scanners.mjs itself: a second run on a machine that has built the scanners takes seconds and links
// the same builds; a machine without Go or Python gets told what is missing and the script still exits 0. Both runs
// write into scratch directories (SECURITY_SCAN_SCANNERS_DIR), never over the .scanners/ the other tests use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../scripts/local-scanners.mjs';
import { builtVersion, realScannerGate, realScanners } from '../support/real-scanners.js';

const SCRIPT = join(root, 'scripts', 'setup-scanners.mjs');
const gate = realScannerGate(['trivy', 'gitleaks', 'checkov'], 'setup:scanners (warm cache)');

function setup(env: Record<string, string | undefined>) {
  const dir = mkdtempSync(join(tmpdir(), 'setup-scanners-'));
  const started = Date.now();
  const r = spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, SECURITY_SCAN_SCANNERS_DIR: dir, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { ...r, dir, ms: Date.now() - started, versions: existsSync(join(dir, 'versions.json')) ? JSON.parse(readFileSync(join(dir, 'versions.json'), 'utf8')) : undefined };
}

describe('npm run setup:scanners', () => {
  it.skipIf(gate.skip)('with the builds cached: seconds, the same builds linked, each scanner’s version, source and time printed', () => {
    gate.assertAvailable();
    const r = setup({});
    expect(r.status, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(60_000);
    for (const name of ['trivy', 'gitleaks', 'checkov'] as const) {
      const built = builtVersion(name)!;
      const entry = r.versions.scanners[name];
      expect(entry).toMatchObject({ version: built.version, requested: built.requested, source: built.source, cached: true });
      // the scratch link points at the very build .scanners/bin/ uses
      expect(realpathSync(join(r.dir, 'bin', name))).toBe(realpathSync(realScanners[name]));
      expect(readlinkSync(join(r.dir, 'bin', name))).toContain(join('security-scan', 'scanners', `${name}-${built.version}`));
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s+${built.version.replace(/\./g, '\\.')}.*\\[cached\\]\\s+\\d+\\.\\d s\\s*$`, 'm'));
    }
    expect(r.versions.missing).toEqual([]);
  }, 300_000);

  it('without Go or Python: says what is missing, links nothing, exits 0', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-tools-'));
    const r = setup({ PATH: empty, SECURITY_SCAN_SCANNER_CACHE: mkdtempSync(join(tmpdir(), 'no-tools-cache-')) });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('missing: gitleaks: Go is not installed (go not on PATH)');
    expect(r.stdout).toContain('missing: trivy: Go is not installed (go not on PATH)');
    expect(r.stdout).toContain('missing: checkov: Python 3 is not installed (python3 not on PATH)');
    expect(r.stdout).toContain('the tests that need it skip locally and fail in CI');
    expect(r.versions.scanners).toEqual({});
    expect(r.versions.missing).toHaveLength(3);
    for (const name of ['trivy', 'gitleaks', 'checkov']) expect(existsSync(join(r.dir, 'bin', name))).toBe(false);
  });
});
