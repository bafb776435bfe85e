/**
 * The fake API (fake-github.ts) and the fake artifact service (fake-artifacts.ts) for the baseline-artifact tests,
 * started once per test file, with GITHUB_API_URL pointing at the fake API — set before anything imports
 * @actions/github, which reads GITHUB_API_URL once, when it loads: @actions/artifact's downloadArtifact({ findBy })
 * builds its Octokit from that default. Import this module FIRST in the test file (before any src/ module).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readZip, startFakeArtifactService } from './fake-artifacts.js';
import { FAKE_TOKENS, startFakeGitHub } from './fake-github.js';

/** A token whose job has no `actions: read` (not secret-shaped). */
export const NO_ACTIONS_TOKEN = 'fake-token-without-actions-read';

export const fakeApi = await startFakeGitHub({
  pendingPolls: 0,
  // The pull request of the baseline tests (#7, head eee…, base ddd… — the push run's commit); the base commit has
  // no policy files (its config, ignore file and scanner configs are read through the contents API).
  pulls: { 7: { headSha: 'e'.repeat(40), headRef: 'feature', baseSha: 'd'.repeat(40), baseRef: 'main' } },
  contents: { ['d'.repeat(40)]: {} },
  tokens: {
    [FAKE_TOKENS.write]: { login: 'github-actions[bot]', permission: 'write' },
    [FAKE_TOKENS.read]: { login: 'github-actions[bot]', permission: 'read' },
    [NO_ACTIONS_TOKEN]: { login: 'github-actions[bot]', permission: 'write', actions: 'none' },
  },
});
export const fakeArtifacts = await startFakeArtifactService();

process.env['GITHUB_API_URL'] = fakeApi.url;
delete process.env['GITHUB_SERVER_URL']; // @actions/artifact refuses anything but github.com (GHES) for downloads

/**
 * Unpacks the finalized artifact `name` of the fake artifact service into `into/<name>/`, as actions/download-artifact
 * with `pattern:` leaves each artifact (a directory per artifact).
 */
export function unpackArtifact(name: string, into: string): void {
  const a = fakeArtifacts.artifacts.find((x) => x.name === name && x.finalized);
  if (!a?.blob) throw new Error(`artifact ${name} was not uploaded`);
  for (const [entry, content] of readZip(a.blob)) {
    const file = join(into, name, entry);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

export async function closeFakes(): Promise<void> {
  await fakeApi.close();
  await fakeArtifacts.close();
}
