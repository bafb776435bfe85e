// The pure output-dir rules (src/report/output-dir.ts) and lock-file decisions (src/report/lock.ts).
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { lockHolder, parseLockPid } from '../../src/report/lock.js';
import { checkOutputDir, foreignEntries, type Roots, LOCK_FILE, MANIFEST_FILE, parseManifest, renderManifest, staleEntries } from '../../src/report/output-dir.js';
import { isTempName } from '../../src/fs/safe-write.js';

const roots: Roots = { workspace: '/w/repo', scanRoot: '/w/repo', runnerTemp: '/w/_temp' };

function refused(dir: string, r: Roots = roots): string {
  try {
    checkOutputDir('VALUE', dir, r);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    expect((e as Error).message).toMatch(/^Input 'output-dir' is 'VALUE', .*; use /);
    return (e as Error).message;
  }
  throw new Error(`${dir} was accepted`);
}

describe('checkOutputDir', () => {
  it.each([
    ['/w/repo', roots, /workspace root/],
    ['/w/repo/.git', roots, /inside \.git/],
    ['/w/repo/sub/.git/x', roots, /inside \.git/],
    ['/w/repo/src', { ...roots, scanRoot: '/w/repo/src' }, /is the scan root/],
    ['/w/repo/src', { ...roots, scanRoot: '/w/repo/src/app' }, /contains the scan root/],
    ['/w/_temp', roots, /RUNNER_TEMP itself/],
    ['/etc/security-scan', roots, /outside/],
    ['/w/repo-evil/x', roots, /outside/],
    ['/w/_temp/x', { workspace: '/w/repo', scanRoot: '/w/repo' }, /RUNNER_TEMP is not set/],
  ])('refuses %s', (dir, r, why) => {
    expect(refused(dir, r)).toMatch(why);
  });

  it.each([
    ['/w/repo/security-reports', roots, 'workspace'],
    ['/w/repo/src/reports', { ...roots, scanRoot: '/w/repo/src' }, 'workspace'],
    ['/w/repo/reports', { ...roots, scanRoot: '/w/repo/src' }, 'workspace'],
    ['/w/_temp/reports', roots, 'runner-temp'],
    ['/w/repo/_temp/r', { ...roots, runnerTemp: '/w/repo/_temp' }, 'runner-temp'],
  ] as const)('accepts %s', (dir, r, base) => {
    expect(checkOutputDir('v', dir, r)).toBe(base);
  });
});

describe('the manifest and the stale files', () => {
  it('keeps only safe relative entries', () => {
    const text = ['falco/rules.yaml', 'sarif/trivy.sarif', '../../etc/passwd', '/etc/passwd', 'a/./b', 'a//b', 'a\\b', 'x\0y', LOCK_FILE, MANIFEST_FILE, 'a/b/c/d/e', ' summary.md ', ''].join('\n');
    expect(parseManifest(text)).toEqual(['falco/rules.yaml', 'sarif/trivy.sarif', 'summary.md']);
  });

  it('round-trips what it renders', () => {
    expect(parseManifest(renderManifest(['b', 'a/x', 'b']))).toEqual(['a/x', 'b']);
  });

  it('stale: every .sarif in sarif/, findings.json, summary.md, baseline.json, report.html, report.pdf and the manifest; never anything else', () => {
    expect(staleEntries(['trivy.sarif', 'notes.txt', 'old.sarif'], ['falco/falco-values.yaml'])).toEqual([
      'baseline.json',
      'falco/falco-values.yaml',
      'findings.json',
      'report.html',
      'report.pdf',
      'sarif/old.sarif',
      'sarif/trivy.sarif',
      'summary.md',
    ]);
  });

  it('foreign entries: anything not the action\'s at the top level', () => {
    const names = ['sarif', 'findings.json', 'summary.md', 'baseline.json', LOCK_FILE, MANIFEST_FILE, 'falco', '.summary.md.123-abc.security-scan.tmp', 'main.ts', 'pr-number'];
    expect(foreignEntries(names, ['falco/x.yaml'], isTempName)).toEqual(['main.ts', 'pr-number']);
    expect(foreignEntries(names, [], isTempName)).toEqual(['falco', 'main.ts', 'pr-number']);
  });
});

describe('lock decisions', () => {
  const deps = { pid: 100, isAlive: (pid: number) => pid === 200 };
  it('parses a pid and nothing else', () => {
    expect(parseLockPid('123\n')).toBe(123);
    expect(parseLockPid('0')).toBeUndefined();
    expect(parseLockPid('12 34')).toBeUndefined();
    expect(parseLockPid('')).toBeUndefined();
  });
  it('a live pid (or this process) holds it; a dead pid or garbage is stale', () => {
    expect(lockHolder('200\n', deps)).toEqual({ state: 'running', pid: 200 });
    expect(lockHolder('100\n', deps)).toEqual({ state: 'running', pid: 100 });
    expect(lockHolder('300\n', deps)).toMatchObject({ state: 'stale' });
    expect(lockHolder('garbage', deps)).toMatchObject({ state: 'stale' });
    expect(lockHolder(undefined, deps)).toMatchObject({ state: 'stale' });
  });
});
