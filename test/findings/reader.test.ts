// workspaceReader (src/findings/reader.ts): the files read for line hashes. Finding paths come from scanners and
// the tree from the pull request, so only regular files whose real path is inside the workspace are read.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_READ_BYTES, workspaceReader } from '../../src/findings/reader.js';

let top = '';
let ws = '';
beforeAll(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'reader-')));
  ws = join(top, 'ws');
  mkdirSync(join(ws, 'app'), { recursive: true });
  mkdirSync(join(top, 'etc'));
  writeFileSync(join(top, 'etc', 'shadow'), 'root:SECRET-HASH:19000::::::\n');
  writeFileSync(join(ws, 'app', 'main.tf'), 'resource "x" "y" {}\n');
  symlinkSync(join(top, 'etc'), join(ws, 'link')); // a committed `link → /etc`
  symlinkSync(join(top, 'etc', 'shadow'), join(ws, 'app', 'shadow.tf')); // a file link leading out
  symlinkSync('main.tf', join(ws, 'app', 'alias.tf')); // a link that stays inside
  symlinkSync(join(ws, 'app'), join(top, 'ws-link'));
  writeFileSync(join(ws, 'big.txt'), 'line\n'.repeat(Math.ceil((MAX_READ_BYTES + 1) / 5))); // text, so only the size refuses it
  execFileSync('mkfifo', [join(ws, 'app', 'pipe.tf')]);
});
afterAll(() => rmSync(top, { recursive: true, force: true }));

describe('workspaceReader', () => {
  it('reads a regular file inside the workspace', () => {
    expect(workspaceReader(ws)('app/main.tf')).toBe('resource "x" "y" {}\n');
  });

  // Today: a finding at `link/shadow` where link → /etc reads /etc/shadow.
  it.each(['link/shadow', 'app/shadow.tf', './link/shadow'])('never reads through a symlink leading outside the workspace (%s)', (path) => {
    expect(workspaceReader(ws)(path)).toBeUndefined();
  });

  it('text paths outside the workspace are not read', () => {
    expect(workspaceReader(ws)('../etc/shadow')).toBeUndefined();
    expect(workspaceReader(ws)(join(top, 'etc', 'shadow'))).toBeUndefined();
  });

  it('a link that stays inside is read at its target', () => {
    expect(workspaceReader(ws)('app/alias.tf')).toBe('resource "x" "y" {}\n');
  });

  it('a workspace reached through a symlink: its real path is the root', () => {
    const read = workspaceReader(join(top, 'ws-link', '..', 'ws'));
    expect(read('app/main.tf')).toBeDefined();
    expect(read('link/shadow')).toBeUndefined();
  });

  it('a FIFO is refused without blocking; a directory is refused', () => {
    const started = Date.now();
    expect(workspaceReader(ws)('app/pipe.tf')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(workspaceReader(ws)('app')).toBeUndefined();
  });

  it(`a file over ${MAX_READ_BYTES} bytes is not read`, () => {
    expect(workspaceReader(ws)('big.txt')).toBeUndefined();
  });

  it('a missing file or a missing workspace gives undefined', () => {
    expect(workspaceReader(ws)('nope.tf')).toBeUndefined();
    expect(workspaceReader(join(top, 'no-such-ws'))('app/main.tf')).toBeUndefined();
  });
});
