// The ignore file's parser: every refusal says which entry, which key, the value and what to write instead.
import { describe, expect, it } from 'vitest';
import { MAX_IGNORE_ENTRIES, describeEntry, parseIgnoreFile, sameEntry } from '../../src/policy/ignore-file.js';

const F = '.security-scan-ignore.yml';

function problems(text: string): string[] {
  const r = parseIgnoreFile(text, F);
  if (r.ok) throw new Error(`expected problems, got ${JSON.stringify(r.entries)}`);
  return r.problems;
}

describe('parseIgnoreFile', () => {
  it('reads every key, keeps dates as text and numbers as text, and numbers the entries from 1', () => {
    const r = parseIgnoreFile(
      [
        'ignore:',
        '  - rule: DS002',
        '    path: "**/Dockerfile"',
        '    reason: runs as root by design',
        '    expires: 2027-01-31',
        '  - fingerprint: 3f2a',
        '    reason: test fixture',
        '  - package: "@types/node@20.1.0"',
        '    rule: 1234',
        '    reason: " tracked in SEC-12 "',
      ].join('\n'),
      F,
    );
    expect(r).toEqual({
      ok: true,
      entries: [
        { index: 1, rule: 'DS002', path: '**/Dockerfile', reason: 'runs as root by design', expires: '2027-01-31' },
        { index: 2, fingerprint: '3f2a', reason: 'test fixture' },
        { index: 3, package: '@types/node@20.1.0', rule: '1234', reason: 'tracked in SEC-12' },
      ],
    });
  });

  it('an empty file, a comment-only file and `ignore:` with nothing are no entries', () => {
    for (const text of ['', '# nothing yet\n', 'ignore:\n', 'ignore: []\n']) expect(parseIgnoreFile(text, F)).toEqual({ ok: true, entries: [] });
  });

  it('an unknown key in an entry, with a did-you-mean and the allowed keys', () => {
    expect(problems('ignore:\n  - rul: DS002\n    reason: x\n')).toEqual([
      `${F}: ignore[1] has unknown key 'rul' (did you mean 'rule'?); allowed: rule, fingerprint, path, package, reason, expires.`,
      `${F}: ignore[1] matches nothing: give at least one of rule, fingerprint, path, package.`,
    ]);
    expect(problems('ignore:\n  - rule: DS002\n    reasn: x\n')[0]).toContain("unknown key 'reasn' (did you mean 'reason'?)");
    expect(problems('ignore:\n  - rule: DS002\n    expiry: 2027-01-01\n    reason: x\n')[0]).toMatch(/unknown key 'expiry' \(did you mean 'expires'\?\)/);
  });

  it('an unknown top-level key, with a did-you-mean', () => {
    expect(problems('ignores:\n  - rule: DS002\n    reason: x\n')).toEqual([
      `${F}: unknown key 'ignores' (did you mean 'ignore'?); the file has one key, 'ignore', a list of entries.`,
    ]);
  });

  it('a missing or empty reason', () => {
    expect(problems('ignore:\n  - rule: DS002\n')).toEqual([
      `${F}: ignore[1] has no 'reason'; say why the finding is accepted (e.g. "test fixture, not a real key" or "tracked in SEC-12").`,
    ]);
    expect(problems('ignore:\n  - rule: DS002\n    reason: "  "\n')).toEqual([`${F}: ignore[1].reason is '  '; use non-empty text.`]);
    expect(problems('ignore:\n  - rule: DS002\n    reason:\n')).toEqual([`${F}: ignore[1].reason is null; use non-empty text.`]);
  });

  it('an entry with no match key (a reason alone would suppress everything)', () => {
    expect(problems('ignore:\n  - reason: everything is fine\n')).toEqual([`${F}: ignore[1] matches nothing: give at least one of rule, fingerprint, path, package.`]);
    expect(problems('ignore:\n  - reason: x\n    expires: 2027-01-01\n')).toHaveLength(1);
  });

  it('a date that is not a real day, or not YYYY-MM-DD', () => {
    for (const bad of ['2027-02-30', '2027-13-01', '2027-1-5', '31/01/2027', 'tomorrow', '2026-02-29']) {
      expect(problems(`ignore:\n  - rule: DS002\n    reason: x\n    expires: ${bad}\n`), bad).toEqual([
        `${F}: ignore[1].expires is '${bad}'; use a date such as 2027-01-31 (YYYY-MM-DD, the last day the entry applies).`,
      ]);
    }
    // A leap day that exists is fine.
    expect(parseIgnoreFile('ignore:\n  - rule: DS002\n    reason: x\n    expires: 2028-02-29\n', F).ok).toBe(true);
    expect(problems('ignore:\n  - rule: DS002\n    reason: x\n    expires: 20270131\n')[0]).toContain('expires is 20270131; use a date');
  });

  it('an absolute path', () => {
    expect(problems('ignore:\n  - path: /etc/passwd\n    reason: x\n')).toEqual([
      `${F}: ignore[1].path is '/etc/passwd'; use a glob relative to the repository root (e.g. src/**/*.test.js), not an absolute path.`,
    ]);
  });

  it('ignore that is not a list, and entries that are not mappings', () => {
    expect(problems('ignore: DS002\n')).toEqual([`${F}: 'ignore' is 'DS002'; use a list of entries (- rule: …, reason: …).`]);
    expect(problems('ignore:\n  rule: DS002\n  reason: x\n')[0]).toMatch(/'ignore' is \{"rule":"DS002","reason":"x"\}; use a list/);
    expect(problems('ignore:\n  - DS002\n  - [a]\n')).toEqual([
      `${F}: ignore[1] is 'DS002'; each entry is a mapping such as { rule: DS002, reason: … }.`,
      `${F}: ignore[2] is ["a"]; each entry is a mapping such as { rule: DS002, reason: … }.`,
    ]);
    expect(problems('- rule: DS002\n  reason: x\n')[0]).toContain('the top level must be a mapping');
  });

  it(`more than ${MAX_IGNORE_ENTRIES} entries are refused; exactly that many are read`, () => {
    const file = (n: number) => `ignore:\n${Array.from({ length: n }, (_, i) => `  - { rule: R${i}, reason: r }\n`).join('')}`;
    expect(problems(file(MAX_IGNORE_ENTRIES + 1))).toEqual([`${F}: 'ignore' has ${MAX_IGNORE_ENTRIES + 1} entries; at most ${MAX_IGNORE_ENTRIES} are read.`]);
    const ok = parseIgnoreFile(file(MAX_IGNORE_ENTRIES), F);
    expect(ok.ok && ok.entries.length).toBe(MAX_IGNORE_ENTRIES);
  });

  it('duplicate keys (the later `path` would silently widen the entry) are refused, in an entry and at the top', () => {
    const dup = problems('ignore:\n  - rule: DS002\n    path: Dockerfile\n    path: "**"\n    reason: x\n');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatch(/^\.security-scan-ignore\.yml: .*unique/i);
    expect(problems('ignore: []\nignore:\n  - rule: X\n    reason: y\n')[0]).toMatch(/unique/i);
  });

  it('an alias bomb is refused without expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('ignore: []');
    const started = Date.now();
    const p = problems(lines.join('\n'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(p.join(' ')).toMatch(/alias/i);
  });

  it('a file over 1 MiB is refused', () => {
    expect(problems(`ignore: []\n# ${'x'.repeat(1024 * 1024)}\n`)).toEqual([`${F} is larger than 1048576 bytes.`]);
  });

  it('reports every problem at once, each naming its entry', () => {
    const p = problems('ignore:\n  - rule: A\n  - reason: b\n  - rule: C\n    reason: c\n    expires: 2027-02-30\n  - rule: D\n    reason: ok\n');
    expect(p.map((x) => /ignore\[(\d)\]/.exec(x)?.[1])).toEqual(['1', '2', '3']);
  });

  it('sameEntry compares every key (not the index); describeEntry lists the match keys', () => {
    const a = { index: 1, rule: 'DS002', path: 'Dockerfile', reason: 'r' };
    expect(sameEntry(a, { ...a, index: 7 })).toBe(true);
    expect(sameEntry(a, { ...a, path: '**' })).toBe(false);
    expect(sameEntry(a, { ...a, expires: '2099-01-01' })).toBe(false);
    expect(sameEntry(a, { ...a, reason: 'other' })).toBe(false);
    expect(describeEntry({ ...a, package: 'lodash' })).toBe('rule DS002, path Dockerfile, package lodash');
  });
});
