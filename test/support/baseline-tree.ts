/**
 * A tree for the baseline acceptance tests: four files of five AWS access key ids each (20 Gitleaks findings,
 * `aws-access-token`, critical), and, for the pull request, one Slack bot token (`slack-bot-token`, high).
 * Every value is assembled at run time from fragments and a seeded generator; none is committed, and none grants
 * anything.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seeded } from '../../scripts/example-tree.mjs';

const rnd = seeded(20260301);
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const keys = Array.from({ length: 20 }, () => ['AK', 'IA', pick(BASE32, 16)].join(''));
const slack = ['xo', 'xb-', pick('0123456789', 11), '-', pick('0123456789', 12), '-', pick('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789', 24)].join('');

/** Writes svc0.env … svc3.env (a comment line, then five keys: lines 2–6) into `dir`. */
export function baselineTree(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < 4; f++) {
    const lines = [`# service ${f}`, ...keys.slice(f * 5, f * 5 + 5).map((k, i) => `AWS_ACCESS_KEY_ID_${i}=${k}`)];
    writeFileSync(join(dir, `svc${f}.env`), `${lines.join('\n')}\n`);
  }
}

/** The pull request's one new finding. */
export function slackBotLine(): string {
  return `SLACK_BOT_TOKEN=${slack}\n`;
}

/** Every credential of the tree (tests assert none reaches a report or log). */
export const baselineTreeSecrets: readonly string[] = [...keys, slack];
