/**
 * Parsers for the two diff texts a pull request's changes come in (pure: text in, data out):
 * - unified-diff hunks (`@@ -a,b +c,d @@` …), as in the pull request files API's `patch` and in `git diff`;
 * - `git diff --name-status -z` (NUL-separated, paths unquoted) and `git diff -p` split per file.
 * Nothing here trusts the text: a hunk whose lines do not add up to its header, or a file cut off by a size cap,
 * is reported as incomplete instead of guessed at.
 */

/** How a pull request changes a file, in the words of GitHub's diff-entry `status`. */
export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface AddedLines {
  /** Lines added, by their line number in the new version (1-based), without the line end (LF or CRLF). */
  added: Map<number, string>;
  /** False when a hunk's lines did not match its header, or the text ended inside a hunk. */
  complete: boolean;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** A content line without its CR (the LF is already gone: texts are split on LF). */
const text = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

/**
 * Reads the hunks starting at `lines[start]` up to the first line that is neither a hunk nor part of one
 * (returned as `next`). A header without a count means a count of 1 (`@@ -3 +3 @@`). `\ No newline at end of file`
 * lines are skipped. A hunk that runs out of lines, or holds a line that is not ` `, `+`, `-` or `\`, makes the
 * result incomplete (the lines read so far are kept).
 */
export function readHunks(lines: readonly string[], start = 0, into: AddedLines = { added: new Map(), complete: true }): AddedLines & { next: number } {
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('\\')) {
      i++;
      continue;
    }
    const m = HUNK.exec(line);
    if (!m) break;
    i++;
    let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
    let newLeft = m[4] === undefined ? 1 : Number(m[4]);
    let at = Number(m[3]);
    while (oldLeft > 0 || newLeft > 0) {
      const l = lines[i];
      if (l === undefined) return { ...into, complete: false, next: i };
      const c = l[0];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '+' && newLeft > 0) {
        into.added.set(at, text(l.slice(1)));
        at++;
        newLeft--;
      } else if (c === '-' && oldLeft > 0) {
        oldLeft--;
      } else if (c === ' ' && oldLeft > 0 && newLeft > 0) {
        at++;
        oldLeft--;
        newLeft--;
      } else {
        return { ...into, complete: false, next: i };
      }
      i++;
    }
  }
  return { ...into, next: i };
}

/**
 * The added lines of a pull request files API `patch` (hunks only, no file headers). Trailing empty lines (the
 * text's final line end) are allowed; anything else after the hunks makes the result incomplete.
 */
export function parsePatch(patch: string): AddedLines {
  const lines = patch.split('\n');
  const r = readHunks(lines);
  const rest = lines.slice(r.next).every((l) => l === '');
  return { added: r.added, complete: r.complete && rest };
}

export interface NameStatusEntry {
  path: string;
  status: FileStatus;
  /** The path in the base for renames and copies. */
  previousPath?: string;
}

const STATUS: Record<string, FileStatus> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', C: 'copied', T: 'changed', U: 'changed', X: 'changed' };

/**
 * `git diff --name-status -z`: `M\0path\0`, `R100\0old\0new\0`, `C75\0old\0new\0`. Paths come unquoted (any byte but
 * NUL, newlines and tabs included). Throws on a field that is not a status where one is expected: the caller
 * treats the git route as failed.
 */
export function parseNameStatus(z: string): NameStatusEntry[] {
  const f = z.split('\0');
  if (f[f.length - 1] === '') f.pop();
  const out: NameStatusEntry[] = [];
  for (let i = 0; i < f.length; ) {
    const code = f[i]!;
    const status = STATUS[code[0] ?? ''];
    if (status === undefined || !/^[A-Z]\d*$/.test(code)) throw new Error(`unexpected status '${code.slice(0, 20)}' in git's name-status output`);
    const two = status === 'renamed' || status === 'copied';
    const need = two ? 2 : 1;
    if (i + need >= f.length) throw new Error(`git's name-status output ends inside the entry for '${code}'`);
    if (two) out.push({ status, previousPath: f[i + 1]!, path: f[i + 2]! });
    else out.push({ status, path: f[i + 1]! });
    i += need + 1;
  }
  return out;
}

/** One file of `git diff -p` output: its `+++` path when git printed one, and its added lines. */
export interface PatchSection {
  /** From `+++ b/<path>` (unquoted, `b/` removed); undefined for /dev/null, binary and mode-only changes. */
  path?: string;
  binary: boolean;
  added: Map<number, string>;
  complete: boolean;
}

/**
 * Splits `git diff -p --src-prefix=a/ --dst-prefix=b/` output at its `diff --git` lines (a content line always
 * starts with ` `, `+`, `-` or `\`, so the split cannot be fooled by file contents) and reads each file's hunks.
 * `cut`: the text was cut at a size cap, so its last section is incomplete.
 */
export function parseGitPatch(diff: string, cut = false): PatchSection[] {
  const lines = diff.split('\n');
  if (cut) lines.pop(); // a partial last line
  const sections: PatchSection[] = [];
  let i = 0;
  while (i < lines.length && !lines[i]!.startsWith('diff --git ')) i++;
  while (i < lines.length) {
    const section: PatchSection = { binary: false, added: new Map(), complete: true };
    sections.push(section);
    i++;
    // Extended header lines up to the first hunk or the next file.
    while (i < lines.length && !lines[i]!.startsWith('diff --git ') && !lines[i]!.startsWith('@@ ')) {
      const l = lines[i]!;
      if (l.startsWith('+++ ')) section.path = headerPath(l.slice(4));
      else if (l.startsWith('Binary files ') || l === 'GIT binary patch') section.binary = true;
      i++;
    }
    const r = readHunks(lines, i, section);
    section.complete = r.complete;
    i = r.next;
    while (i < lines.length && !lines[i]!.startsWith('diff --git ')) {
      // Only an empty final line may follow the hunks; anything else is text we did not understand.
      if (!(i === lines.length - 1 && lines[i] === '')) section.complete = false;
      i++;
    }
  }
  const last = sections[sections.length - 1];
  if (cut && last) last.complete = false;
  return sections;
}

/** `b/path`, `b/path with space\t` (git adds a tab after names with spaces) or `"b/quoted\tname"`; /dev/null → undefined. */
export function headerPath(raw: string): string | undefined {
  let name = raw.startsWith('"') ? unquoteC(raw) : raw.replace(/\t$/, '');
  if (name === undefined || name === '/dev/null') return undefined;
  if (name.startsWith('b/')) name = name.slice(2);
  return name;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's C-style quoting (`"a\tb\303\251"`, octal escapes are UTF-8 bytes); undefined when it is not well formed. */
export function unquoteC(quoted: string): string | undefined {
  const end = quoted.lastIndexOf('"');
  if (!quoted.startsWith('"') || end <= 0) return undefined;
  const body = quoted.slice(1, end);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1];
    if (n === undefined) return undefined;
    if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      bytes.push(parseInt(oct, 8) & 0xff);
      i += oct.length;
    } else if (n in ESCAPES) {
      bytes.push(ESCAPES[n]!);
      i++;
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
