// The diff parsers behind the pull request diff (src/github/unified-diff.ts), table-driven on texts shaped like
// GitHub's `patch` fields and git's own output.
import { describe, expect, it } from 'vitest';
import { headerPath, parseGitPatch, parseNameStatus, parsePatch, unquoteC } from '../../src/github/unified-diff.js';

const lines = (m: Map<number, string>) => [...m.entries()];

describe('parsePatch (the pull request files API patch)', () => {
  const cases: { name: string; patch: string; added: [number, string][]; complete: boolean }[] = [
    { name: 'a new file', patch: '@@ -0,0 +1,3 @@\n+one\n+two\n+three', added: [[1, 'one'], [2, 'two'], [3, 'three']], complete: true },
    {
      name: 'context and a change (counts given)',
      patch: '@@ -10,4 +10,5 @@ function f() {\n a\n-b\n+B\n+C\n c\n d',
      added: [[11, 'B'], [12, 'C']],
      complete: true,
    },
    { name: 'headers without counts mean 1', patch: '@@ -3 +3 @@\n-old\n+new', added: [[3, 'new']], complete: true },
    { name: 'one count left out', patch: '@@ -3,2 +3 @@\n-x\n-y\n+z', added: [[3, 'z']], complete: true },
    {
      name: 'two hunks',
      patch: '@@ -1,1 +1,2 @@\n a\n+b\n@@ -20,2 +21,2 @@\n-c\n+C\n d',
      added: [[2, 'b'], [21, 'C']],
      complete: true,
    },
    {
      name: '\\ No newline at end of file on both sides',
      patch: '@@ -1 +1 @@\n-last\n\\ No newline at end of file\n+last!\n\\ No newline at end of file',
      added: [[1, 'last!']],
      complete: true,
    },
    { name: 'deletions only', patch: '@@ -5,3 +4,0 @@\n-a\n-b\n-c', added: [], complete: true },
    { name: 'CRLF lines lose their CR', patch: '@@ -0,0 +1,2 @@\n+a\r\n+b\r', added: [[1, 'a'], [2, 'b']], complete: true },
    { name: 'added lines that look like headers are content', patch: '@@ -0,0 +1,2 @@\n+@@ -1 +1 @@\n+diff --git a/x b/x', added: [[1, '@@ -1 +1 @@'], [2, 'diff --git a/x b/x']], complete: true },
    { name: 'a final line end', patch: '@@ -0,0 +1 @@\n+x\n', added: [[1, 'x']], complete: true },
    { name: 'a hunk shorter than its header', patch: '@@ -1,2 +1,3 @@\n a\n+b', added: [[2, 'b']], complete: false },
    { name: 'a line that is not part of a hunk', patch: '@@ -1 +1 @@\n-a\n+b\ngarbage', added: [[1, 'b']], complete: false },
    { name: 'more + lines than the header says', patch: '@@ -0,0 +1 @@\n+a\n+b', added: [[1, 'a']], complete: false },
    { name: 'not a patch at all', patch: 'Binary file', added: [], complete: false },
    { name: 'empty', patch: '', added: [], complete: true },
  ];
  it.each(cases)('$name', ({ patch, added, complete }) => {
    const r = parsePatch(patch);
    expect(lines(r.added)).toEqual(added);
    expect(r.complete).toBe(complete);
  });
});

describe('parseNameStatus (git diff --name-status -z)', () => {
  it('reads statuses, renames with both paths, and paths with spaces, tabs, newlines, quotes and unicode as they are', () => {
    const z = ['M', 'src/a b.ts', 'A', 'dir/naïve “quoted” \t\n.txt', 'D', 'gone.txt', 'R087', 'old name.ts', 'new name.ts', 'C100', 'src.ts', 'copy.ts', 'T', 'link', ''].join('\0');
    expect(parseNameStatus(z)).toEqual([
      { status: 'modified', path: 'src/a b.ts' },
      { status: 'added', path: 'dir/naïve “quoted” \t\n.txt' },
      { status: 'removed', path: 'gone.txt' },
      { status: 'renamed', previousPath: 'old name.ts', path: 'new name.ts' },
      { status: 'copied', previousPath: 'src.ts', path: 'copy.ts' },
      { status: 'changed', path: 'link' },
    ]);
  });
  it('an empty diff lists nothing', () => expect(parseNameStatus('')).toEqual([]));
  it.each([
    ['a path where a status belongs', 'src/a.ts\0M\0'],
    ['a rename without its new path', 'R100\0old\0'],
    ['a status without a path', 'M\0'],
  ])('throws on %s', (_name, z) => expect(() => parseNameStatus(z)).toThrow(/name-status/));
});

describe('headerPath and unquoteC (git’s +++ names)', () => {
  it.each([
    ['b/src/a.ts', 'src/a.ts'],
    ['b/with space.ts\t', 'with space.ts'],
    ['"b/tab\\there.ts"', 'tab\there.ts'],
    ['"b/na\\303\\257ve.txt"', 'naïve.txt'],
    ['"b/q\\"uote\\\\.txt"', 'q"uote\\.txt'],
    ['"b/new\\nline"', 'new\nline'],
    ['/dev/null', undefined],
  ])('%s → %s', (raw, path) => expect(headerPath(raw)).toBe(path));
  it('a broken quote is not a name', () => {
    expect(unquoteC('"b/x\\')).toBeUndefined();
    expect(unquoteC('"b/x\\q"')).toBeUndefined();
  });
});

describe('parseGitPatch (git diff -p -U0, one section per file)', () => {
  const diff = [
    'diff --git a/src/a.ts b/src/a.ts',
    'index 1111111..2222222 100644',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -2 +2,2 @@ export const x = 1;',
    '-old',
    '+new',
    '+diff --git a/fake b/fake',
    'diff --git a/old name.ts b/new name.ts',
    'similarity index 100%',
    'rename from old name.ts',
    'rename to new name.ts',
    'diff --git a/img.png b/img.png',
    'new file mode 100644',
    'index 0000000..3333333',
    'Binary files /dev/null and b/img.png differ',
    'diff --git a/gone.txt b/gone.txt',
    'deleted file mode 100644',
    '--- a/gone.txt',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-bye',
    '\\ No newline at end of file',
    'diff --git "a/na\\303\\257ve space.txt" "b/na\\303\\257ve space.txt"',
    'new file mode 100644',
    '--- /dev/null',
    '+++ "b/na\\303\\257ve space.txt"',
    '@@ -0,0 +1 @@',
    '+hé',
    '',
  ].join('\n');

  it('splits at diff --git lines only, reads each file’s added lines, marks binaries', () => {
    const s = parseGitPatch(diff);
    expect(s.map((x) => x.path)).toEqual(['src/a.ts', undefined, undefined, undefined, 'naïve space.txt']);
    expect(lines(s[0]!.added)).toEqual([[2, 'new'], [3, 'diff --git a/fake b/fake']]);
    expect(s.map((x) => x.binary)).toEqual([false, false, true, false, false]);
    expect(s.map((x) => x.complete)).toEqual([true, true, true, true, true]);
    expect(lines(s[4]!.added)).toEqual([[1, 'hé']]);
  });

  it('a text cut at a cap leaves its last file incomplete and drops the partial line', () => {
    const at = diff.indexOf('+hé');
    const s = parseGitPatch(diff.slice(0, at + 2), true);
    expect(s).toHaveLength(5);
    expect(s[4]!.complete).toBe(false);
    expect(s[4]!.added.size).toBe(0);
    expect(s.slice(0, 4).every((x) => x.complete)).toBe(true);
  });

  it('text it does not understand after the hunks makes that file incomplete', () => {
    const s = parseGitPatch('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\nstray line\n');
    expect(s[0]!.complete).toBe(false);
    expect(lines(s[0]!.added)).toEqual([[1, 'b']]);
  });

  it('no changes: no sections', () => expect(parseGitPatch('')).toEqual([]));
});
