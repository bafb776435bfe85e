import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processRunner, STDERR_KEEP } from '../../src/scanners/process.js';
import { SpawnError } from '../../src/errors.js';

// Real processes: /bin/sh scripts written to a temp dir at test time.
const POSIX = process.platform !== 'win32';
let dir = '';

function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** True once the process is gone (or a zombie waiting for a reaper that is not ours). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (gone(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return gone(pid);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!POSIX)('processRunner (real processes; POSIX only)', () => {
  it('passes argv as-is: nothing is shell-interpreted', async () => {
    const echo = script('args.sh', `for a in "$@"; do printf '[%s]\\n' "$a"; done`);
    const args = ['$(echo pwned)', '`id`', 'a b', '; echo injected', '*', '"q"'];
    const r = await processRunner.run(echo, args, { timeoutMs: 10_000 });
    expect(r.exitCode).toBe(0);
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toBe(args.map((a) => `[${a}]\n`).join(''));
    expect(r.stdout).not.toContain('pwned]');
    expect(r.stdout).not.toContain('\ninjected');
  });

  it('runs in the given cwd with the given env (undefined values dropped)', async () => {
    const s = script('env.sh', 'pwd; printf "%s|%s\\n" "$ONLY_THIS" "${DROPPED-unset}"');
    const r = await processRunner.run(s, [], { timeoutMs: 10_000, cwd: dir, env: { ONLY_THIS: 'yes', DROPPED: undefined, PATH: process.env.PATH } });
    expect(r.stdout).toBe(`${dir}\nyes|unset\n`);
  });

  it('streams stdout to the file (20 MiB), not into memory', async () => {
    const bytes = 20 * 1024 * 1024;
    const s = script('big.sh', `head -c ${bytes} /dev/zero | tr '\\0' 'x'`);
    const out = join(dir, 'big.out');
    const r = await processRunner.run(s, [], { timeoutMs: 60_000, stdoutFile: out });
    expect(r.exitCode).toBe(0);
    expect(statSync(out).size).toBe(bytes);
    expect(r.stdout).toBe('');
    rmSync(out);
  });

  it('keeps the tail of stderr (last STDERR_KEEP chars) and the exit code', async () => {
    const s = script('err.sh', `i=0; while [ $i -lt 3000 ]; do echo "noise line $i ........................................" >&2; i=$((i+1)); done; echo "the real reason" >&2; exit 3`);
    const r = await processRunner.run(s, [], { timeoutMs: 30_000 });
    expect(r.exitCode).toBe(3);
    expect(r.signal).toBeNull();
    expect(r.timedOut).toBe(false);
    expect(r.stderr.length).toBeLessThanOrEqual(STDERR_KEEP);
    expect(r.stderr.length).toBeGreaterThan(STDERR_KEEP - 200); // ~180 KB written: the cap is reached
    expect(r.stderr.endsWith('the real reason\n')).toBe(true);
    expect(r.stderr).not.toContain('noise line 0 ');
  });

  it('a timeout kills the process and its child (process group) and sets timedOut', async () => {
    const pidFile = join(dir, 'child.pid');
    const s = script('sleepy.sh', `sleep 60 &\necho $! > '${pidFile}'\nwait`);
    const started = Date.now();
    const r = await processRunner.run(s, [], { timeoutMs: 500, killGraceMs: 1_000 });
    const took = Date.now() - started;
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('SIGTERM');
    expect(took).toBeLessThan(500 + 1_000 + 2_000);
    const child = Number(readFileSync(pidFile, 'utf8').trim());
    expect(child).toBeGreaterThan(0);
    expect(await waitGone(child, 1_000)).toBe(true);
  });

  it('a process that ignores SIGTERM is killed with SIGKILL after the grace period, children too', async () => {
    const pidFile = join(dir, 'stubborn.pid');
    // `trap '' TERM` is inherited by the background sleep: only SIGKILL stops either.
    const s = script('stubborn.sh', `trap '' TERM\nsleep 60 &\necho $! > '${pidFile}'\nwhile :; do wait; done`);
    const started = Date.now();
    const r = await processRunner.run(s, [], { timeoutMs: 400, killGraceMs: 600 });
    const took = Date.now() - started;
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(took).toBeGreaterThanOrEqual(400 + 600 - 50);
    expect(took).toBeLessThan(400 + 600 + 2_000);
    const child = Number(readFileSync(pidFile, 'utf8').trim());
    expect(await waitGone(child, 1_000)).toBe(true);
  });

  it('a missing program is a SpawnError with ENOENT', async () => {
    const missing = join(dir, 'no-such-scanner');
    const p = processRunner.run(missing, ['--version'], { timeoutMs: 5_000 });
    await expect(p).rejects.toBeInstanceOf(SpawnError);
    await expect(p).rejects.toMatchObject({ code: 'ENOENT', command: missing });
    await expect(p).rejects.toThrow(/ENOENT/);
  });

  it('a missing program with a stdout file still rejects (no hang) with SpawnError', async () => {
    const p = processRunner.run(join(dir, 'nope'), [], { timeoutMs: 5_000, stdoutFile: join(dir, 'nope.out') });
    await expect(p).rejects.toBeInstanceOf(SpawnError);
  });
});
