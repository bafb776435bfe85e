import { getOctokit } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GITHUB_ACTIONS_BOT,
  commentMarker,
  pickOwnComment,
  publishComment,
  resolveSelfLogin,
  shouldComment,
  startsWithMarker,
  upsertComment,
  type CommentLike,
} from '../../src/github/comment.js';
import { recordingLogger } from '../../src/logger.js';
import { renderReport } from '../../src/report/markdown.js';
import { COMMENT_MAX_CHARS } from '../../src/github/limits.js';
import type { ScanReport } from '../../src/report/types.js';
import { FAKE_TOKENS, startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { CONTEXT, makeFinding, makeReport, makeStatus } from '../support/report-builder.js';

const MARKER = commentMarker('CI', 'scan');
const PR = 7;

describe('commentMarker', () => {
  it('is a hidden HTML comment keyed by workflow, job and optional key', () => {
    expect(MARKER).toBe('<!-- security-scan:v1 workflow=CI job=scan -->');
    expect(commentMarker('CI', 'scan', 'images')).toBe('<!-- security-scan:v1 workflow=CI job=scan key=images -->');
    expect(commentMarker('CI', 'scan', 'a')).not.toBe(commentMarker('CI', 'scan', 'ab'));
  });

  it('encodes fields so names cannot close the comment or imitate another field', () => {
    const m = commentMarker('Security --> <b>x</b>', 'scan key=other', "it's (a) job!");
    expect(m.match(/-->/g)).toHaveLength(1);
    expect(m.endsWith(' -->')).toBe(true);
    expect(m).toBe(
      '<!-- security-scan:v1 workflow=Security%20--%3E%20%3Cb%3Ex%3C%2Fb%3E job=scan%20key%3Dother key=it%27s%20%28a%29%20job%21 -->',
    );
    expect(m.split(' key=')).toHaveLength(2); // only the real key field
    expect(commentMarker('a b', 'c')).not.toBe(commentMarker('a', 'b c'));
  });

  it('matches only as the exact first line', () => {
    expect(startsWithMarker(`${MARKER}\nbody`, MARKER)).toBe(true);
    expect(startsWithMarker(`${MARKER}\r\nbody`, MARKER)).toBe(true);
    expect(startsWithMarker(MARKER, MARKER)).toBe(true);
    expect(startsWithMarker(`x\n${MARKER}\nbody`, MARKER)).toBe(false);
    expect(startsWithMarker(`${MARKER.replace(' -->', ' key=k -->')}\nbody`, MARKER)).toBe(false);
    expect(startsWithMarker(`${MARKER} trailing\nbody`, MARKER)).toBe(false);
    expect(startsWithMarker(null, MARKER)).toBe(false);
  });
});

describe('pickOwnComment', () => {
  const c = (id: number, login: string, body: string): CommentLike => ({
    id,
    body,
    user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
  });

  it('ignores users, markers not on the first line, and prefers github-actions[bot]', () => {
    const comments = [
      c(1, 'mallory', `${MARKER}\nforged`),
      c(2, 'other-app[bot]', `${MARKER}\nanother bot`),
      c(3, GITHUB_ACTIONS_BOT, `intro\n${MARKER}`),
      c(4, GITHUB_ACTIONS_BOT, `${MARKER}\nours`),
      c(5, GITHUB_ACTIONS_BOT, `${MARKER}\nduplicate`),
    ];
    expect(pickOwnComment(comments, MARKER).comment?.id).toBe(4);
  });

  it('with a known login, only that author counts', () => {
    const comments = [c(1, GITHUB_ACTIONS_BOT, `${MARKER}\nx`), c(2, 'pat-user', `${MARKER}\ny`)];
    expect(pickOwnComment(comments, MARKER, 'pat-user').comment?.id).toBe(2);
    expect(pickOwnComment(comments, MARKER, 'someone-else').comment).toBeUndefined();
  });

  it('touches none when several other bots carry the marker', () => {
    const comments = [c(1, 'a-app[bot]', `${MARKER}\nx`), c(2, 'b-app[bot]', `${MARKER}\ny`)];
    expect(pickOwnComment(comments, MARKER)).toEqual({ ambiguous: ['a-app[bot]', 'b-app[bot]'] });
  });
});

describe('shouldComment', () => {
  const clean = makeReport([], [makeStatus({ id: 'trivy' })]);
  const dirty = makeReport([makeFinding({ severity: 'low' })]);
  const failed = makeReport([], [makeStatus({ id: 'trivy', state: 'failed', error: 'x' })]);

  it.each([
    ['always', clean, false, true],
    ['never', dirty, true, false],
    ['on-findings', dirty, false, true],
    ['on-findings', failed, false, true],
    ['on-findings', clean, false, false],
    ['on-findings', clean, true, true], // update the old comment to say everything is fixed
  ] as const)('%s (existing=%s)', (mode, report, existing, expected) => {
    expect(shouldComment(mode, report as ScanReport, existing)).toBe(expected);
  });
});

describe('sticky comment against the fake GitHub API', () => {
  let fake: FakeGitHub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function setup() {
    fake = await startFakeGitHub({
      pulls: { [PR]: { headSha: CONTEXT.sha!, headRef: 'feature', baseSha: 'b'.repeat(40), baseRef: 'main' } },
    });
    const client = getOctokit(FAKE_TOKENS.write, { baseUrl: fake.url });
    const target = { owner: fake.repository.owner, repo: fake.repository.name, issueNumber: PR, marker: MARKER };
    return { fake, client, target };
  }

  const runReport = (runId: string, findings = [makeFinding({ severity: 'high', title: `finding of run ${runId}` })]) =>
    makeReport(findings, [makeStatus({ id: 'trivy', displayName: 'Trivy' })], { context: { ...CONTEXT, runId } });
  const body = (report: ScanReport) => renderReport(report, { maxChars: COMMENT_MAX_CHARS, marker: MARKER });
  const ours = (f: FakeGitHub) => f.comments(PR).filter((c) => c.login === GITHUB_ACTIONS_BOT);

  it('two runs racing on one PR (both find no comment, both create one) still leave exactly one comment', async () => {
    const { fake, client, target } = await setup();
    const other = fake.addComment(PR, 'alice', `${MARKER}\nalice quoting our marker`);
    const r1 = runReport('2001');
    const r2 = runReport('2002');
    const logger = recordingLogger();
    // Both look before either creates: the race that used to leave two comments.
    const [a, b] = await Promise.all([
      upsertComment(client, { ...target, logger, body: body(r1), existing: null }),
      upsertComment(client, { ...target, logger, body: body(r2), existing: null }),
    ]);
    const mine = ours(fake);
    expect(mine).toHaveLength(1);
    expect(a.id).toBe(mine[0]!.id);
    expect(b.id).toBe(mine[0]!.id);
    expect([body(r1), body(r2)]).toContain(mine[0]!.body);
    expect(fake.comments(PR).find((c) => c.id === other.id)!.body).toBe(`${MARKER}\nalice quoting our marker`);
    expect(fake.violations).toEqual([]);
  });

  it('two runs on the same PR leave exactly one comment of ours, updated by the second; others untouched', async () => {
    const { fake, client, target } = await setup();
    const heading = fake.addComment(PR, 'alice', '### ❌ BLOCK · Security scan\n\nI copied the heading of the bot.');
    const forged = fake.addComment(PR, 'mallory', `${MARKER}\n### ✅ PROCEED · Security scan\nforged marker`);
    const quoted = fake.addComment(PR, 'bob', `> ${MARKER}\n> quoting the bot`);
    const before = fake.comments(PR).map((c) => ({ ...c }));
    const logger = recordingLogger();

    const r1 = runReport('1001');
    const first = await publishComment(client, { ...target, logger, mode: 'always', report: r1, body: body(r1) });
    expect(first.action).toBe('created');
    const r2 = runReport('1002');
    const second = await publishComment(client, { ...target, logger, mode: 'always', report: r2, body: body(r2) });
    expect(second.action).toBe('updated');
    expect('id' in second && 'id' in first && second.id === first.id).toBe(true);
    expect('login' in first && first.login).toBe(GITHUB_ACTIONS_BOT); // learnt from the create

    const mine = ours(fake);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toBe(body(r2));
    expect(mine[0]!.body).toContain('finding of run 1002');
    expect(mine[0]!.body).not.toContain('finding of run 1001');

    // The others' comments are exactly as they were, and every edit was of our own comment.
    for (const c of [heading, forged, quoted]) {
      expect(fake.comments(PR).find((x) => x.id === c.id)).toEqual(before.find((x) => x.id === c.id));
    }
    expect(fake.edits).toHaveLength(1);
    expect(fake.edits.every((e) => e.editor === e.author && e.commentId === mine[0]!.id)).toBe(true);
    expect(fake.deletions).toEqual([]);
    expect(fake.comments(PR)).toHaveLength(4);
    expect(fake.violations).toEqual([]);
  });

  it('finds ours beyond the first page (more than 100 comments)', async () => {
    const { fake, client, target } = await setup();
    for (let i = 0; i < 130; i++) fake.addComment(PR, i % 2 ? 'alice' : 'bob', `comment ${i}`);
    const logger = recordingLogger();
    const r1 = runReport('2001');
    expect((await upsertComment(client, { ...target, logger, body: body(r1) })).action).toBe('created');
    for (let i = 0; i < 100; i++) fake.addComment(PR, 'carol', `later ${i}`);
    const r2 = runReport('2002');
    const second = await upsertComment(client, { ...target, logger, body: body(r2) });

    expect(second.action).toBe('updated');
    expect(ours(fake)).toHaveLength(1);
    expect(fake.comments(PR)).toHaveLength(231);
    const lists = fake.requests.filter((r) => r.operationId === 'issues/list-comments');
    // First run: 131 comments at most → 2 pages, and 2 more after creating (a racing run's duplicate is looked
    // for); second: 231 → 3 pages, all at per_page=100.
    expect(lists.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '1', '2', '1', '2', '3']);
    expect(lists.every((r) => r.query.per_page === '100')).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('with the login known (e.g. from GET /user), other bots with the marker are left alone', async () => {
    const { fake, client, target } = await setup();
    const logger = recordingLogger();
    const otherBot = fake.addComment(PR, 'other-app[bot]', `${MARKER}\nnot ours`);
    const selfLogin = await resolveSelfLogin(client, logger);
    expect(selfLogin).toBe(GITHUB_ACTIONS_BOT);
    const r = runReport('3001');
    expect((await upsertComment(client, { ...target, logger, selfLogin, body: body(r) })).action).toBe('created');
    expect(fake.comments(PR).find((c) => c.id === otherBot.id)!.body).toBe(`${MARKER}\nnot ours`);
    expect(fake.edits).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('resolveSelfLogin gives undefined when GET /user is refused (installation tokens)', async () => {
    const { fake, client } = await setup();
    fake.inject({ method: 'GET', path: '/user', status: 403, body: { message: 'Resource not accessible by integration' } });
    expect(await resolveSelfLogin(client, recordingLogger())).toBeUndefined();
  });

  it('skips an unchanged body instead of editing it again', async () => {
    const { fake, client, target } = await setup();
    const logger = recordingLogger();
    const r = runReport('4001');
    await upsertComment(client, { ...target, logger, body: body(r) });
    const again = await upsertComment(client, { ...target, logger, body: body(r) });
    expect(again.action).toBe('unchanged');
    expect(fake.edits).toEqual([]);
  });

  it('on-findings: no comment when clean; a comment when findings appear; updated to "nothing found" when fixed', async () => {
    const { fake, client, target } = await setup();
    const logger = recordingLogger();
    const clean = (runId: string) => runReport(runId, []);
    const publish = (report: ScanReport) =>
      publishComment(client, { ...target, logger, mode: 'on-findings', report, body: () => body(report) });

    expect((await publish(clean('5001'))).action).toBe('skipped');
    expect(fake.comments(PR)).toHaveLength(0);
    expect((await publish(runReport('5002'))).action).toBe('created');
    expect((await publish(clean('5003'))).action).toBe('updated');
    const mine = ours(fake);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain('Nothing was found by Trivy.');
    expect(fake.violations).toEqual([]);
  });

  it('never: makes no request at all', async () => {
    const { fake, client, target } = await setup();
    const r = runReport('6001');
    expect((await publishComment(client, { ...target, logger: recordingLogger(), mode: 'never', report: r, body: body(r) })).action).toBe('skipped');
    expect(fake.requests).toEqual([]);
  });

  it('a read-only token (fork PR) gives a warning naming the fix, not an exception', async () => {
    const { fake, target } = await setup();
    const client = getOctokit(FAKE_TOKENS.read, { baseUrl: fake.url });
    const logger = recordingLogger();
    const r = runReport('7001');
    const result = await publishComment(client, { ...target, logger, mode: 'always', report: r, body: body(r) });
    expect(result.action).toBe('failed');
    const warning = logger.lines.find((l) => l.level === 'warning')?.message ?? '';
    expect(warning).toContain('pull-requests: write');
    expect(warning).toContain('workflow_run');
    expect(fake.comments(PR)).toHaveLength(0);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a body over 65,536 characters before sending it', async () => {
    const { fake, client, target } = await setup();
    await expect(
      upsertComment(client, { ...target, logger: recordingLogger(), body: `${MARKER}\n${'x'.repeat(COMMENT_MAX_CHARS)}` }),
    ).rejects.toThrow(/maxChars 65536/);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
