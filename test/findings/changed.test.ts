// changed-files-only: the pure stage (findings/changed.ts), what it does to the report's counts, gate and
// accounting (report/build.ts), and what the summary/comment says about it (report/view.ts + markdown.ts).
import { describe, expect, it } from 'vitest';
import { changedFilesFrom, keepChangedFiles, type ChangedFiles } from '../../src/findings/changed.js';
import type { Finding } from '../../src/findings/model.js';
import { buildReport } from '../../src/report/build.js';
import { renderReport } from '../../src/report/markdown.js';
import { makeFinding, makeStatus } from '../support/report-builder.js';

const changed = (...files: string[]): ChangedFiles => ({ source: 'git', files: new Set(files) });
const at = (path: string | undefined, n: number, extra: Partial<Finding> = {}): Finding =>
  makeFinding({ location: path === undefined ? { target: 'alpine:3.20' } : { path, startLine: 1 }, ...extra }, n);

describe('keepChangedFiles', () => {
  const cases: { name: string; paths: (string | undefined)[]; files: string[]; kept: (string | undefined)[] }[] = [
    { name: 'keeps findings in changed files only', paths: ['a.ts', 'b.ts', 'c.ts'], files: ['b.ts'], kept: ['b.ts'] },
    { name: 'keeps findings without a path (images, hosts)', paths: [undefined, 'a.ts'], files: ['b.ts'], kept: [undefined] },
    { name: 'nothing changed: only the findings without a path', paths: ['a.ts', undefined], files: [], kept: [undefined] },
    { name: 'paths compare without ./ and doubled slashes', paths: ['./src/a.ts', 'src//b.ts'], files: ['src/a.ts', './src/b.ts'], kept: ['./src/a.ts', 'src//b.ts'] },
    { name: 'a directory is not its files', paths: ['src/a.ts'], files: ['src'], kept: [] },
    { name: 'case matters (git paths are case-sensitive)', paths: ['Src/A.ts'], files: ['src/a.ts'], kept: [] },
    { name: 'spaces and unicode as they are', paths: ['dir/naïve “q” name.txt'], files: ['dir/naïve “q” name.txt'], kept: ['dir/naïve “q” name.txt'] },
  ];
  it.each(cases)('$name', ({ paths, files, kept }) => {
    const findings = paths.map((p, i) => at(p, i));
    const r = keepChangedFiles(findings, changed(...files));
    expect(r.kept.map((f) => f.location.path)).toEqual(kept);
    expect(r.dropped).toBe(paths.length - kept.length);
  });
});

describe('changedFilesFrom (a pull request diff → the policy input)', () => {
  it('counts every file but removed ones; a renamed file under its new path, not its old one', () => {
    const r = changedFilesFrom({
      source: 'the pull request files API',
      files: new Map([
        ['a.ts', { status: 'modified' }],
        ['gone.ts', { status: 'removed' }],
        ['new.ts', { status: 'renamed', previousPath: 'old.ts' }],
        ['copy.ts', { status: 'copied' }],
        ['mode.sh', { status: 'changed' }],
      ]),
    });
    expect(r.note).toBeUndefined();
    expect(r.changedFiles?.source).toBe('the pull request files API');
    expect([...(r.changedFiles?.files ?? [])]).toEqual(['a.ts', 'new.ts', 'copy.ts', 'mode.sh']);
  });
  it('unavailable: no list, and a note that keeps every finding', () => {
    expect(changedFilesFrom({ unavailable: 'The base commit is missing, and GitHub refused (403): add pull-requests: read.' })).toEqual({
      note: 'changed-files-only could not apply: The base commit is missing, and GitHub refused (403): add pull-requests: read. Every finding is kept.',
    });
  });
  it('a list that may be cut is not used either', () => {
    const r = changedFilesFrom({ source: 'x', files: new Map([['a.ts', { status: 'added' }]]), incomplete: 'GitHub lists at most 3000 files' });
    expect(r.changedFiles).toBeUndefined();
    expect(r.note).toMatch(/^changed-files-only could not apply: GitHub lists at most 3000 files\. Every finding is kept\.$/);
  });
});

describe('buildReport with changed files', () => {
  // Three files with a high finding each, plus an image finding; the pull request changes one file.
  const findings = [at('a.ts', 1, { severity: 'high' }), at('b.ts', 2, { severity: 'high' }), at('c.ts', 3, { severity: 'critical' }), at(undefined, 4, { severity: 'low' })];
  const outcomes = [{ status: makeStatus({ id: 'trivy', rawCount: 4 }), findings }];
  const settings = { scanners: ['trivy'], severities: ['critical', 'high', 'medium', 'low', 'info'] as const, failOn: 'critical' as const };

  it('only the changed file’s findings (and the image’s) are reported and gated; the rest are accounted for', () => {
    const all = buildReport(outcomes, settings, {});
    expect(all.gate.decision).toBe('BLOCK'); // c.ts's critical
    const r = buildReport(outcomes, { ...settings, changedFiles: changed('a.ts', 'new.ts') }, {});
    expect(r.findings.map((f) => f.location.path ?? f.location.target)).toEqual(['a.ts', 'alpine:3.20']);
    expect(r.gate.decision).toBe('PROCEED');
    expect(r.counts).toMatchObject({ critical: 0, high: 1, low: 1 });
    expect(r.accounting).toMatchObject({ raw: 4, reported: 2, filteredByChangedFiles: 2 });
    expect(r.changedFiles).toEqual({ source: 'git', files: 2 });
  });

  it('the summary says how many files changed and how many findings were left out', () => {
    const r = buildReport(outcomes, { ...settings, changedFiles: changed('a.ts') }, {});
    const md = renderReport(r, { maxChars: Number.POSITIVE_INFINITY });
    expect(md).toContain('changed-files-only: 1 file changed; 2 findings in other files left out.');
    const none = renderReport(buildReport(outcomes, settings, {}), { maxChars: Number.POSITIVE_INFINITY });
    expect(none).not.toContain('changed-files-only');
  });

  it('a note (the diff could not be read) reaches the summary, and every finding is kept', () => {
    const note = 'changed-files-only could not apply: no token. Every finding is kept.';
    const r = buildReport(outcomes, { ...settings, notes: [note] }, {});
    expect(r.findings).toHaveLength(4);
    expect(r.notes).toEqual([note]);
    expect(renderReport(r, { maxChars: Number.POSITIVE_INFINITY })).toContain(`> ℹ️ ${note}`);
  });

  it('notes are text, not Markdown: a git message quoting a hostile name cannot mention, link or inject HTML', () => {
    const note = 'changed-files-only could not apply: git could not diff (fatal: bad path @octocat [x](https://evil.example) <img src=x>). Every finding is kept.';
    const md = renderReport(buildReport(outcomes, { ...settings, notes: [note] }, {}), { maxChars: Number.POSITIVE_INFINITY });
    const line = md.split('\n').find((l) => l.includes('could not apply'))!;
    expect(line).not.toContain('@octocat');
    expect(line).not.toContain('[x](');
    expect(line).not.toContain('<img');
  });
});
