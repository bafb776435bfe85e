import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOne, runScanners, toWorkspacePath, workspaceLocation, type ExecuteDeps } from '../../src/scanners/scan.js';
import { z } from 'zod';
import { parseEnvironment } from '../../src/config/environment.js';
import { settingsFor } from '../support/settings.js';
import { ConfigurationError, ScannerError } from '../../src/errors.js';
import { ChecksumMismatchError } from '../../src/scanners/install/errors.js';
import { recordingLogger, type RecordedLogger } from '../../src/logger.js';
import type { RawFinding } from '../../src/findings/model.js';
import type { CommandRunner } from '../../src/scanners/process.js';
import { takeText, type AnyScanner, type ParsedOutput, type RawOutput, type ScanContext, type ScanRun } from '../../src/scanners/types.js';

let tempRoot = '';
beforeAll(() => {
  tempRoot = mkdtempSync(join(tmpdir(), 'execute-test-'));
});
afterAll(() => {
  rmSync(tempRoot, { recursive: true, force: true });
});

const noRunner: CommandRunner = {
  run: () => Promise.reject(new Error('no process should be started in these tests')),
};

function deps(over: Partial<ExecuteDeps> = {}): ExecuteDeps & { logger: RecordedLogger } {
  const logger = recordingLogger();
  return {
    scan: settingsFor().scan,
    settingsFor: () => ({}),
    workspace: '/ws',
    scanRoot: '/ws',
    tempRoot,
    outputDir: '/ws/security-reports',
    runner: noRunner,
    event: { name: 'push' },
    environment: parseEnvironment({}),
    resolveBinary: async (s) => `/usr/bin/${s.id}`,
    ...over,
    logger,
  };
}

function finding(path: string | undefined, n: number): RawFinding {
  return {
    kind: 'misconfiguration',
    ruleId: `R-${n}`,
    title: `rule ${n}`,
    severity: 'high',
    location: path === undefined ? { target: 'img:1' } : { path, startLine: n },
    source: { scanner: 'fake', ruleId: `R-${n}`, severity: 'HIGH' },
  };
}

interface FakeOptions {
  id?: string;
  binary?: boolean;
  run?: (ctx: ScanContext<unknown>) => Promise<ScanRun>;
  parse?: (text: string, output: Omit<RawOutput, 'file'>) => ParsedOutput;
}

/** A scanner object that writes its "raw output" (a JSON list of findings) to its temp dir. */
function fake(o: FakeOptions = {}): AnyScanner & { calls: { run: number; ctx?: ScanContext<unknown> } } {
  const calls: { run: number; ctx?: ScanContext<unknown> } = { run: 0 };
  const id = o.id ?? 'fake';
  return {
    id,
    displayName: id.charAt(0).toUpperCase() + id.slice(1),
    informationUri: 'https://example.org/fake',
    ...(o.binary === false ? {} : { binary: { name: id, pathInput: `${id}-path`, installHint: `install ${id}` } }),
    inputs: {},
    schema: z.object({}),
    run: async (ctx: ScanContext<unknown>) => {
      calls.run += 1;
      calls.ctx = ctx;
      if (o.run) return o.run(ctx);
      const file = join(ctx.tempDir, 'out.json');
      writeFileSync(file, JSON.stringify([finding('a.tf', 1), finding(undefined, 2)]));
      return { outputs: [{ file }], version: '1.2.3' };
    },
    parse: (input, output) => (o.parse ?? ((text: string) => ({ findings: JSON.parse(text) as RawFinding[] })))(takeText(input), output),
    calls,
  };
}

describe('runOne', () => {
  it('ok: runs with the resolved binary and its own temp dir, parses, and reports version and raw count', async () => {
    const s = fake();
    const d = deps();
    const out = await runOne(s, d);
    expect(out.status).toMatchObject({ id: 'fake', displayName: 'Fake', state: 'ok', version: '1.2.3', rawCount: 2 });
    expect(out.status.error).toBeUndefined();
    expect(out.findings.map((f) => f.location)).toEqual([{ path: 'a.tf', startLine: 1 }, { target: 'img:1' }]);
    expect(s.calls.ctx!.binary).toBe('/usr/bin/fake');
    expect(s.calls.ctx!.tempDir.startsWith(join(tempRoot, 'fake-'))).toBe(true);
  });

  it('a resolveBinary that throws ConfigurationError → unavailable with its message; run is never called', async () => {
    const s = fake();
    const msg = "Fake is not installed: 'fake' is not on PATH. To fix: install fake.";
    const d = deps({
      resolveBinary: async () => {
        throw new ConfigurationError(msg);
      },
    });
    const out = await runOne(s, d);
    expect(out.status.state).toBe('unavailable');
    expect(out.status.error).toBe(msg);
    expect(out.findings).toEqual([]);
    expect(s.calls.run).toBe(0);
    expect(d.logger.lines.some((l) => l.level === 'warning' && l.message.includes(msg))).toBe(true);
  });

  it('a download that fails its checksum is an error (failed), not a missing tool', async () => {
    const s = fake();
    const d = deps({
      resolveBinary: async () => {
        throw new ChecksumMismatchError('fake', 'https://example.org/fake.tar.gz', 'a'.repeat(64), 'b'.repeat(64), 'the checksums file');
      },
    });
    const out = await runOne(s, d);
    expect(out.status.state).toBe('failed');
    expect(out.status.error).toMatch(/^refusing to install: the SHA-256 of https:\/\/example.org\/fake.tar.gz is b+/);
    expect(s.calls.run).toBe(0);
    expect(d.logger.lines.some((l) => l.level === 'error' && l.message.startsWith('Fake was not installed: refusing to install'))).toBe(true);
  });

  it('a scanner without a binary does not ask for one', async () => {
    let asked = 0;
    const s = fake({ binary: false });
    const out = await runOne(s, deps({ resolveBinary: async () => `${++asked}` }));
    expect(asked).toBe(0);
    expect(out.status.state).toBe('ok');
    expect(s.calls.ctx!.binary).toBe('');
  });

  it('run throwing ScannerError → failed, with the message without the "<id>: " prefix', async () => {
    const s = fake({
      run: async () => {
        throw new ScannerError('fake', "timed out after 5m and was stopped; raise the 'timeout' input or narrow 'path'.");
      },
    });
    const d = deps();
    const out = await runOne(s, d);
    expect(out.status.state).toBe('failed');
    expect(out.status.error).toBe("timed out after 5m and was stopped; raise the 'timeout' input or narrow 'path'.");
    expect(out.findings).toEqual([]);
    expect(d.logger.lines.some((l) => l.level === 'error' && l.message.startsWith('Fake failed: timed out'))).toBe(true);
  });

  it('run throwing a plain Error → failed (nothing escapes)', async () => {
    const s = fake({
      run: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    const out = await runOne(s, deps());
    expect(out.status.state).toBe('failed');
    expect(out.status.error).toBe("Cannot read properties of undefined (reading 'x')");
  });

  it('run throwing a non-Error value → failed (nothing escapes)', async () => {
    const s = fake({
      run: () => Promise.reject('just a string'),
    });
    const out = await runOne(s, deps());
    expect(out.status.state).toBe('failed');
    expect(out.status.error).toBe('just a string');
  });

  it('run throwing ConfigurationError (e.g. a missing token) → unavailable', async () => {
    const s = fake({
      run: async () => {
        throw new ConfigurationError("Input 'snyk-token' is empty.");
      },
    });
    const out = await runOne(s, deps());
    expect(out.status.state).toBe('unavailable');
    expect(out.status.error).toBe("Input 'snyk-token' is empty.");
  });

  it('a parser rejecting the output → failed with the parser message', async () => {
    const s = fake({
      parse: () => {
        throw new ScannerError('fake', 'output is not valid JSON (Unexpected token).');
      },
    });
    const out = await runOne(s, deps());
    expect(out.status).toMatchObject({ state: 'failed', error: 'output is not valid JSON (Unexpected token).', rawCount: 0 });
  });

  it('an output file that does not exist → failed, not a crash', async () => {
    const s = fake({ run: async (ctx) => ({ outputs: [{ file: join(ctx.tempDir, 'missing.json') }] }) });
    const out = await runOne(s, deps());
    expect(out.status.state).toBe('failed');
    expect(out.status.error).toMatch(/ENOENT/);
  });

  it('paths are made workspace-relative from the scan root, or from the workspace for outputs that say so', async () => {
    const s = fake({
      run: async (ctx) => {
        const a = join(ctx.tempDir, 'a.json');
        const b = join(ctx.tempDir, 'b.json');
        writeFileSync(a, JSON.stringify([finding('main.tf', 1), finding('./mod/x.tf', 2), finding('../../etc/passwd', 4)]));
        writeFileSync(b, JSON.stringify([finding('infra/main.tf', 3)]));
        return { outputs: [{ file: a }, { file: b, relativeTo: 'workspace' }] };
      },
    });
    const out = await runOne(s, deps({ workspace: '/ws', scanRoot: '/ws/infra' }));
    expect(out.findings.map((f) => f.location.path)).toEqual(['infra/main.tf', 'infra/mod/x.tf', undefined, 'infra/main.tf']);
    // A path outside the workspace is kept as what the scanner named, never as a file location.
    expect(out.findings[2]!.location).toEqual({ target: '../../etc/passwd' });
  });

  it('adds up numeric summary figures across outputs', async () => {
    const s = fake({
      run: async (ctx) => {
        const files = ['1', '2'].map((n) => {
          const f = join(ctx.tempDir, `${n}.json`);
          writeFileSync(f, n);
          return { file: f };
        });
        return { outputs: files };
      },
      parse: (text) => ({ findings: [], summary: { manifests: Number(text), anyVulnerable: text === '2', kind: `k${text}` } }),
    });
    const out = await runOne(s, deps());
    expect(out.status.summary).toEqual({ manifests: 3, anyVulnerable: true, kind: 'k2' });
  });
});

describe('runScanners', () => {
  it("keeps the other scanners' findings when one fails, in the selection order", async () => {
    const broken = fake({
      id: 'broken',
      run: async () => {
        throw new ScannerError('broken', 'exited with code 2:\nFATAL something');
      },
    });
    const good = fake({ id: 'good' });
    const missing = fake({ id: 'missing' });
    const d = deps({
      resolveBinary: async (s) => {
        if (s.id === 'missing') throw new ConfigurationError('Missing is not installed.');
        return `/bin/${s.id}`;
      },
    });
    const outcomes = await runScanners([broken, good, missing], d);
    expect(outcomes.map((o) => [o.status.id, o.status.state])).toEqual([
      ['broken', 'failed'],
      ['good', 'ok'],
      ['missing', 'unavailable'],
    ]);
    expect(outcomes[1]!.findings).toHaveLength(2);
    expect(outcomes[0]!.findings).toEqual([]);
    expect(outcomes[0]!.status.error).toBe('exited with code 2:\nFATAL something');
    // each scanner got its own temp dir
    expect(readdirSync(tempRoot).some((n) => n.startsWith('good-'))).toBe(true);
  });
});

describe('toWorkspacePath', () => {
  it.each([
    ['a file at the scan root = workspace', 'main.tf', '/ws', '/ws', 'main.tf'],
    ['a scan root subdir', 'modules/s3.tf', '/ws/infra', '/ws', 'infra/modules/s3.tf'],
    ['a deeper scan root subdir', 'x.yaml', '/ws/a/b', '/ws', 'a/b/x.yaml'],
    ['an absolute path inside the workspace', '/ws/infra/main.tf', '/ws/infra', '/ws', 'infra/main.tf'],
    ['an absolute path, scan root elsewhere', '/ws/other/y.tf', '/ws/infra', '/ws', 'other/y.tf'],
    ['a ./ prefix', './deploy.sh', '/ws', '/ws', 'deploy.sh'],
    ['a ./ prefix under a subdir', './deploy.sh', '/ws/scripts', '/ws', 'scripts/deploy.sh'],
    ['a Helm chart path with ":"', 'chart.tgz:templates/pod.yaml', '/ws/charts', '/ws', 'charts/chart.tgz:templates/pod.yaml'],
    ['a backslash in a file name (not Windows)', 'a\\|b.js', '/ws', '/ws', 'a\\|b.js'],
    ['.. that stays inside', 'infra/../app/x.js', '/ws', '/ws', 'app/x.js'],
    ['.. out of the workspace', '../../etc/passwd', '/ws/infra', '/ws', undefined],
    ['an absolute path outside', '/etc/passwd', '/ws', '/ws', undefined],
    ['a sibling that starts like the workspace', '/ws-evil/x', '/ws', '/ws', undefined],
    ['the workspace itself', '.', '/ws', '/ws', undefined],
  ])('%s: %s from %s → %s', (_name, path, base, ws, expected) => {
    expect(toWorkspacePath(path, base, ws, false)).toBe(expected);
  });

  it.each([
    ['backslashes', 'src\\config\\app.js', '/ws', 'src/config/app.js'],
    ['backslashes and ./ under a subdir', '.\\src\\a.js', '/ws/svc', 'svc/src/a.js'],
  ])('on Windows, %s are separators: %s → %s', (_name, path, base, expected) => {
    expect(toWorkspacePath(path, base, '/ws', true)).toBe(expected);
  });
});

describe('workspaceLocation with the paths an output already resolved', () => {
  it('answers each path as without them, the first time and every time after', () => {
    const seen = new Map<string, string | undefined>();
    const cases: [RawFinding['location'], RawFinding['location']][] = [
      [{ path: 'main.tf', startLine: 3 }, { path: 'infra/main.tf', startLine: 3 }],
      [{ path: '../../etc/passwd', startLine: 1 }, { target: '../../etc/passwd' }],
      [{ path: './x.yaml', target: 'img' }, { path: 'infra/x.yaml', target: 'img' }],
      [{ target: 'registry/app:1' }, { target: 'registry/app:1' }],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [given, expected] of cases) {
        expect(workspaceLocation(given, '/ws/infra', '/ws', false, seen)).toEqual(expected);
        expect(workspaceLocation(given, '/ws/infra', '/ws', false)).toEqual(expected);
      }
    }
    expect(seen.get('../../etc/passwd')).toBeUndefined();
    expect(seen.has('../../etc/passwd')).toBe(true);
  });

  it('keeps a location that is already workspace-relative as it is (no copy), and copies one it changes', () => {
    const seen = new Map<string, string | undefined>();
    const same = { path: 'src/a.js', startLine: 2 };
    expect(workspaceLocation(same, '/ws', '/ws', false, seen)).toBe(same);
    const moved = { path: 'a.js', startLine: 2 };
    const out = workspaceLocation(moved, '/ws/src', '/ws', false, seen);
    expect(out).toEqual({ path: 'src/a.js', startLine: 2 });
    expect(moved.path).toBe('a.js');
  });
});
