import { describe, expect, it } from 'vitest';
import { chooseRef, readCommitSha, type RefFacts } from '../../src/github/ref.js';
import type { CommandRunner, CommandResult } from '../../src/scanners/process.js';

const MERGE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const BASE = 'c'.repeat(40);
const OTHER = 'd'.repeat(40);

const pr = (over: Partial<RefFacts>): RefFacts => ({
  eventName: 'pull_request',
  ref: 'refs/pull/42/merge',
  sha: MERGE,
  prNumber: 42,
  headSha: HEAD,
  ...over,
});

describe('chooseRef', () => {
  const cases: [string, RefFacts, { ref: string; commitSha: string }][] = [
    ['PR, merge commit checked out → merge ref', pr({ checkedOutSha: MERGE }), { ref: 'refs/pull/42/merge', commitSha: MERGE }],
    ['PR, head checked out → head ref', pr({ checkedOutSha: HEAD }), { ref: 'refs/pull/42/head', commitSha: HEAD }],
    ['PR, something else checked out → head ref (as codeql-action)', pr({ checkedOutSha: OTHER }), { ref: 'refs/pull/42/head', commitSha: OTHER }],
    [
      'PR, checkout@v1 race: HEAD is the local merge ref, not GITHUB_SHA → merge ref',
      pr({ checkedOutSha: OTHER, mergeSha: OTHER }),
      { ref: 'refs/pull/42/merge', commitSha: OTHER },
    ],
    ['PR, HEAD unreadable → merge ref and GITHUB_SHA', pr({ checkedOutSha: undefined }), { ref: 'refs/pull/42/merge', commitSha: MERGE }],
    [
      'pull_request_target with the PR head checked out → head ref',
      pr({ eventName: 'pull_request_target', ref: 'refs/heads/main', sha: BASE, checkedOutSha: HEAD }),
      { ref: 'refs/pull/42/head', commitSha: HEAD },
    ],
    [
      'pull_request_target with the base checked out → base ref as is',
      pr({ eventName: 'pull_request_target', ref: 'refs/heads/main', sha: BASE, checkedOutSha: BASE }),
      { ref: 'refs/heads/main', commitSha: BASE },
    ],
    [
      'push → ref as is, checked-out sha',
      { eventName: 'push', ref: 'refs/heads/main', sha: BASE, checkedOutSha: BASE },
      { ref: 'refs/heads/main', commitSha: BASE },
    ],
    [
      'push, HEAD unreadable → GITHUB_SHA',
      { eventName: 'push', ref: 'refs/tags/v1', sha: BASE },
      { ref: 'refs/tags/v1', commitSha: BASE },
    ],
  ];
  it.each(cases)('%s', (_name, facts, want) => {
    const got = chooseRef(facts);
    expect({ ref: got.ref, commitSha: got.commitSha }).toEqual(want);
    expect(got.reason.length).toBeGreaterThan(0);
  });
});

describe('readCommitSha', () => {
  const result = (over: Partial<CommandResult>): CommandResult => ({
    exitCode: 0, signal: null, timedOut: false, stderr: '', stdout: '', durationMs: 1, ...over,
  });
  const runner = (r: CommandResult | Error): CommandRunner & { calls: string[][] } => {
    const calls: string[][] = [];
    return {
      calls,
      run: async (cmd, args) => {
        calls.push([cmd, ...args]);
        if (r instanceof Error) throw r;
        return r;
      },
    };
  };

  it('returns the sha git prints', async () => {
    const r = runner(result({ stdout: `${HEAD}\n` }));
    expect(await readCommitSha(r, '/w')).toBe(HEAD);
    expect(r.calls[0]?.slice(0, 2)).toEqual(['git', 'rev-parse']);
  });
  it('is undefined when git fails, is missing, or prints no sha', async () => {
    expect(await readCommitSha(runner(result({ exitCode: 128, stdout: '' })), '/w')).toBeUndefined();
    expect(await readCommitSha(runner(new Error('spawn git ENOENT')), '/w')).toBeUndefined();
    expect(await readCommitSha(runner(result({ stdout: 'HEAD\n' })), '/w')).toBeUndefined();
  });
});
