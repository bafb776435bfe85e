// A scanner's version and help probes are bounded by the scanner's own timeout (a hanging `--version` used to wait
// 30 s whatever the timeout was).
import { describe, expect, it } from 'vitest';
import { readVersion } from '../../src/scanners/command.js';
import { recordingLogger } from '../../src/logger.js';
import { processRunner } from '../../src/scanners/process.js';
import type { ScanContext } from '../../src/scanners/types.js';
import { settingsFor } from '../support/settings.js';

function ctx(timeout: string, binary: string, args: string[] = []): ScanContext<unknown> {
  return {
    scan: settingsFor({ timeout }).scan,
    settings: {},
    scanRoot: '/',
    workspace: '/',
    tempDir: '/tmp',
    outputDir: '/tmp',
    binary,
    runner: {
      run: (command, a, options) => processRunner.run(command, [...args, ...a], { ...options, killGraceMs: 100 }),
    },
    logger: recordingLogger(),
    event: { name: 'push' },
    env: { PATH: '/usr/bin:/bin' },
    runnerVars: {},
    policy: { source: 'workspace', files: {} },
  };
}

describe.skipIf(process.platform === 'win32')('readVersion', () => {
  it('a version probe that hangs is stopped at the scanner timeout, not after 30 s', async () => {
    const started = Date.now();
    const v = await readVersion(ctx('2s', '/bin/sh', ['-c', 'sleep 60; echo 1.2.3', 'sh']), ['--version'], /(\d+\.\d+\.\d+)/);
    expect(v).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 15_000);

  it('tells the runner the command is a version probe (the scheduler does not count it as the scan start)', async () => {
    const seen: unknown[] = [];
    const c = ctx('5s', '/bin/sh', ['-c', 'echo 1.2.3', 'sh']);
    const inner = c.runner;
    c.runner = { run: (command, a, options) => (seen.push(options.probe), inner.run(command, a, options)) };
    expect(await readVersion(c, ['--version'], /(\d+\.\d+\.\d+)/)).toBe('1.2.3');
    expect(seen).toEqual([true]);
  });

  it('reads the version when the probe answers', async () => {
    expect(await readVersion(ctx('5s', '/bin/sh', ['-c', 'echo "Version: 0.75.0"', 'sh']), ['--version'], /Version:\s*(\S+)/)).toBe('0.75.0');
  });
});
