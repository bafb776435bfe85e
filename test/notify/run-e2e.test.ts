// The notification sinks through src/main.ts run(), the way the runner calls it: a fake Trivy reporting one HIGH
// finding, Slack's incoming webhook and a generic webhook as local servers. The secrets are masked
// (::add-mask::) before any other line, the Slack message arrives, and a webhook answering 500 is a warning that
// changes neither the decision nor the exit code.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runStep } from '../support/action-step.js';
import { fakeScanner, ONE_HIGH_TRIVY_REPORT, outputArg } from '../support/fake-scanner.js';
import { SECRETS, startRecorder, type Recorder } from './support.js';

const root = mkdtempSync(join(tmpdir(), 'notify-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const servers: Recorder[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
});

async function step(failOn: string) {
  const bin = mkdtempSync(join(root, 'bin-'));
  const reportFile = join(root, 'trivy.json');
  writeFileSync(reportFile, JSON.stringify(ONE_HIGH_TRIVY_REPORT));
  const trivy = fakeScanner(bin, 'trivy', `${outputArg('--output')}\ncp "${reportFile}" "$out"`);
  const ws = mkdtempSync(join(root, 'ws-'));
  writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine:3.20\n');
  const slack = await startRecorder(() => ({ status: 200, body: 'ok' }));
  const hook = await startRecorder(() => ({ status: 500, body: 'receiver down' }));
  servers.push(slack, hook);
  const s = await runStep(
    mkdtempSync(join(root, 'runner-')),
    { GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_RUN_ID: '77', SLACK_BOT_TOKEN: SECRETS.slackToken },
    {
      'github-token': '',
      scanners: 'trivy',
      'trivy-scanners': 'misconfig',
      'trivy-path': trivy,
      'install-scanners': 'false',
      'upload-sarif': 'false',
      comment: 'never',
      baseline: 'none',
      'fail-on': failOn,
      'notify-on': 'always',
      'slack-webhook-url': `${slack.url}${SECRETS.slackHookPath}`,
      'webhook-url': `${hook.url}/hook`,
      'webhook-secret': SECRETS.webhookSecret,
      'smtp-username': SECRETS.smtpUser,
      'smtp-password': SECRETS.smtpPassword,
    },
  );
  return { s, slack, hook };
}

/** stdout without the ::add-mask:: lines (the only place a secret may appear: the runner masks it from there on). */
const unmasked = (stdout: string) => stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');

describe('notifications through run()', () => {
  it('masks every notification secret, posts to Slack, and a failing webhook is a warning: BLOCK stays BLOCK (exit 1)', async () => {
    const { s, slack, hook } = await step('high');
    const masks = s.stdout.split('\n').filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
    expect(masks).toEqual(expect.arrayContaining([`${slack.url}${SECRETS.slackHookPath}`, SECRETS.webhookSecret, SECRETS.smtpUser, SECRETS.smtpPassword, SECRETS.slackToken]));
    expect(s.outputs['decision'], s.stdout).toBe('BLOCK');
    expect(s.exitCode).toBe(1);
    expect(slack.received).toHaveLength(1);
    expect(JSON.parse(slack.received[0]!.text).blocks[0].text.text).toContain('security-scan BLOCK octo-org/octo-repo');
    expect(hook.received).toHaveLength(1);
    expect(s.stdout).toContain("::warning::The webhook notification step failed and was skipped (the gate's decision is unchanged): the webhook at");
    for (const [name, value] of Object.entries(SECRETS)) expect(unmasked(s.stdout).includes(value), name).toBe(false);
  }, 60_000);

  it('with fail-on none the same failing webhook leaves the step passing', async () => {
    const { s, slack } = await step('none');
    expect(s.outputs['decision'], s.stdout).toBe('PROCEED');
    expect(s.exitCode).toBeUndefined();
    expect(slack.received).toHaveLength(1);
    expect(s.stdout).toContain('::warning::The webhook notification step failed');
  }, 60_000);
});
