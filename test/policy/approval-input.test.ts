// Who decides whether a pull request's own policy files apply: the approval-required input and the base commit's
// config file — never the pull request's config file.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { workspaceReader } from '../../src/findings/reader.js';
import { recordingLogger } from '../../src/logger.js';
import { processRunner } from '../../src/scanners/process.js';
import { SCANNERS } from '../../src/scanners/registry.js';
import { GitRepo } from '../support/git-repo.js';
import { reader } from '../support/settings.js';

const PR_IGNORE = 'ignore:\n  - rule: DS-0002\n    reason: the pull request says so\n';

function setup(baseConfig: string | undefined) {
  const repo = GitRepo.init('approval-input-');
  const base = repo.commit('base', { 'README.md': 'x\n', ...(baseConfig !== undefined ? { '.github/security-scan.yml': baseConfig } : {}) });
  repo.checkout('feature', true);
  const head = repo.commit('pr', { '.security-scan-ignore.yml': PR_IGNORE, '.github/security-scan.yml': 'fail-on: none\napproval-required: true\n' });
  return { repo, base, head };
}

async function load(repo: GitRepo, base: string, head: string, inputs: Record<string, string> = {}) {
  return loadPolicy({
    read: reader(inputs),
    registry: SCANNERS,
    event: { name: 'pull_request', pullRequest: { number: 1, baseSha: base, headSha: head } },
    workspace: repo.dir,
    runner: processRunner,
    readWorkspace: workspaceReader(repo.dir),
    logger: recordingLogger(),
  });
}

describe('approval-required', () => {
  it('by default the base commit decides: the pull request cannot turn the gate off or suppress', async () => {
    const { repo, base, head } = setup(undefined);
    const p = await load(repo, base, head);
    expect(p.suppressions.source).toBe('base');
    expect(p.suppressions.entries).toEqual([]);
    expect(p.suppressions.pending.map((x) => x.text)).toEqual(['rule DS-0002: the pull request says so']);
    expect(p.settings.gate.failOn).toBe('high');
    expect(p.notes.some((n) => n.includes('This pull request adds .github/security-scan.yml'))).toBe(true);
  });

  it("input approval-required: false trusts the pull request's own files (the documented trade-off)", async () => {
    const { repo, base, head } = setup(undefined);
    const p = await load(repo, base, head, { 'approval-required': 'false' });
    expect(p.suppressions.source).toBe('workspace');
    expect(p.suppressions.entries.map((e) => e.rule)).toEqual(['DS-0002']);
    expect(p.suppressions.pending).toEqual([]);
    expect(p.settings.gate.failOn).toBe('none');
  });

  it("the base commit's config may trust pull requests; the pull request's own config cannot", async () => {
    const trusting = setup('orchestration:\n  approvalRequired: false\n');
    const p = await load(trusting.repo, trusting.base, trusting.head);
    expect(p.suppressions.source).toBe('workspace');
    expect(p.notes[0]).toMatch(/approvalRequired is false in the base commit's \.github\/security-scan\.yml/);

    // The pull request sets approvalRequired: false in its own config: ignored.
    const repo = GitRepo.init('approval-input-');
    const base = repo.commit('base', { 'README.md': 'x\n' });
    repo.checkout('feature', true);
    const head = repo.commit('pr', { '.security-scan-ignore.yml': PR_IGNORE, '.github/security-scan.yml': 'orchestration:\n  approvalRequired: false\n' });
    const q = await load(repo, base, head);
    expect(q.suppressions.source).toBe('base');
    expect(q.suppressions.entries).toEqual([]);
  });
});
