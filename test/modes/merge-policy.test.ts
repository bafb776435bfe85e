// A matrix cannot disarm the policy that a single job enforces. A pull request adds an inline `trivy:ignore` (Trivy
// applies it itself and reports nothing of what it hides, so the policy blocks: policy/load.ts). In `mode: shard` the
// leg does not gate and the merge job recomputes the gate from the findings, so the leg's reason to block travels in
// its shard.json and the merge blocks on it, naming the shard; the merge job's own policy applies too. Through
// src/main.ts run() on a real git repository (the pull request's diff comes from git), with a fake Trivy replaying a
// recorded report of nothing found.
import { closeFakes, fakeArtifacts, unpackArtifact } from '../support/fake-actions-env.js';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnv, runStep, type ActionStep } from '../support/action-step.js';
import { GitRepo } from '../support/git-repo.js';
import { fakeScanner, outputArg } from '../support/fake-scanner.js';
import { readShardsDir } from '../../src/modes/shards-read.js';
import { recordingLogger } from '../../src/logger.js';

const root = mkdtempSync(join(tmpdir(), 'merge-policy-'));
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await closeFakes();
});

// A Trivy misconfiguration scan of a tree in which nothing was found (Trivy 0.74.0, `fs --format json`).
const EMPTY = join(root, 'trivy-empty.json');
writeFileSync(EMPTY, JSON.stringify({ SchemaVersion: 2, CreatedAt: '2026-01-01T00:00:00Z', ArtifactName: '.', ArtifactType: 'filesystem', Results: [] }));
const bin = mkdtempSync(join(root, 'bin-'));
const TRIVY = fakeScanner(bin, 'trivy', `${outputArg('--output')}\ncp "${EMPTY}" "$out"`, { version: '0.74.0' });

interface Doc {
  decision: string;
  total: number;
  gate: { decision: string; reasons: string[] };
  notes: string[];
}
interface Step extends ActionStep {
  doc: Doc;
}

const INPUTS = { scanners: 'trivy', 'trivy-scanners': 'misconfig', 'trivy-path': TRIVY, 'trivy-skip-check-update': 'true', 'install-scanners': 'false', 'upload-sarif': 'false', comment: 'never', baseline: 'none', 'fail-on': 'high' };

async function step(ws: string, base: string, head: string, job: string, inputs: Record<string, string>): Promise<Step> {
  const runner = mkdtempSync(join(root, `runner-${job}-`));
  const outputDir = join(runner, 'reports');
  const env = {
    ...eventEnv(runner, ws, base, head),
    GITHUB_JOB: job,
    GITHUB_RUN_ID: '77',
    GITHUB_WORKFLOW: 'security',
    ACTIONS_RUNTIME_TOKEN: fakeArtifacts.token,
    ACTIONS_RESULTS_URL: `${fakeArtifacts.url}/`,
  };
  const s = await runStep(runner, env, { ...INPUTS, 'output-dir': outputDir, ...inputs });
  return { ...s, doc: JSON.parse(readFileSync(join(outputDir, 'findings.json'), 'utf8')) as Doc };
}

describe('a policy block in a shard leg blocks the merge', () => {
  let single: Step;
  let shard: Step;
  let merge: Step;
  let mergeElsewhere: Step;
  let clean: Step;
  let cleanMerge: Step;
  let shardFile: { blockReasons?: string[] };
  let cleanFindings = '';
  let crowded: Step;

  beforeAll(async () => {
    const repo = GitRepo.init('merge-policy-');
    const base = repo.commit('base', { 'README.md': 'app\n' });
    repo.checkout('feature', true);
    const head = repo.commit('root, ignored inline', { Dockerfile: 'FROM alpine:3.20\n# trivy:ignore:AVD-DS-0002\nUSER root\n' });
    single = await step(repo.dir, base, head, 'single', {});
    shard = await step(repo.dir, base, head, 'shard', { mode: 'shard', 'shard-key': 'leg-a' });
    const shards = join(repo.dir, '.shards');
    unpackArtifact('security-scan-shard-leg-a', shards);
    shardFile = JSON.parse(readFileSync(join(shards, 'security-scan-shard-leg-a', 'shard.json'), 'utf8')) as { blockReasons?: string[] };
    merge = await step(repo.dir, base, head, 'merge', { mode: 'merge', 'shards-dir': '.shards', 'expected-shards': 'leg-a' });
    // A merge job whose own checkout holds nothing the policy objects to (no checkout of the pull request at all):
    // the shard's reason alone must block it.
    const empty = mkdtempSync(join(root, 'merge-ws-'));
    mkdirSync(join(empty, '.shards'));
    unpackArtifact('security-scan-shard-leg-a', join(empty, '.shards'));
    mergeElsewhere = await step(empty, base, head, 'merge-elsewhere', { mode: 'merge', 'shards-dir': '.shards', 'expected-shards': 'leg-a', 'comment-key': 'elsewhere' });

    // The same without the marker: nothing blocks, in the leg or the merge.
    const ok = GitRepo.init('merge-policy-clean-');
    const okBase = ok.commit('base', { 'README.md': 'app\n' });
    ok.checkout('feature', true);
    // The pull request also adds a config file; the base has none, so the policy says it applies only once merged
    // (a note of the merge job's own policy).
    const okHead = ok.commit('a Dockerfile', { Dockerfile: 'FROM alpine:3.20\nUSER app\n', '.github/security-scan.yml': 'fail-on: none\n' });
    clean = await step(ok.dir, okBase, okHead, 'clean-shard', { mode: 'shard', 'shard-key': 'leg-clean' });
    unpackArtifact('security-scan-shard-leg-clean', join(ok.dir, '.shards'));
    cleanFindings = join(ok.dir, '.shards', 'security-scan-shard-leg-clean', 'findings.json');
    // Three legs whose shard.json each claims 20 reasons of 2,000 characters that escaping inflates ($ → &dollar;).
    const many = join(ok.dir, '.crowd');
    for (const k of ['x', 'y', 'z']) {
      const leg = join(many, `security-scan-shard-${k}`);
      mkdirSync(leg, { recursive: true });
      copyFileSync(cleanFindings, join(leg, 'findings.json'));
      writeFileSync(join(leg, 'shard.json'), JSON.stringify({ schema: 'security-scan/shard@1', key: k, blockReasons: Array.from({ length: 20 }, () => '$'.repeat(2_000)) }));
    }
    crowded = await step(ok.dir, okBase, okHead, 'crowded-merge', { mode: 'merge', 'shards-dir': '.crowd', 'expected-shards': 'x,y,z' });
    cleanMerge = await step(ok.dir, okBase, okHead, 'clean-merge', { mode: 'merge', 'shards-dir': '.shards', 'expected-shards': 'leg-clean' });
  }, 240_000);

  it('the single job blocks on the marker (the yardstick)', () => {
    expect(single.doc.total).toBe(0);
    expect(single.outputs['decision']).toBe('BLOCK');
    expect(single.doc.gate.reasons.join(' ')).toContain('trivy:ignore at Dockerfile:2');
  });

  it("the leg does not gate, says why the merge will block, and records the reason in shard.json", () => {
    expect(shard.exitCode).not.toBe(1);
    expect(shard.stdout).toMatch(/::warning::security-scan shard 'leg-a': the policy blocks this change \(This pull request adds inline suppressions/);
    expect(shardFile.blockReasons).toHaveLength(1);
    expect(shardFile.blockReasons![0]).toContain('trivy:ignore at Dockerfile:2');
  });

  it('the merge blocks on the shard\'s reason, naming the shard, with or without the pull request checked out', () => {
    for (const m of [merge, mergeElsewhere]) {
      expect(m.doc.total).toBe(0);
      expect(m.outputs['decision'], m.stdout.slice(-1500)).toBe('BLOCK');
      expect(m.exitCode).toBe(1);
      expect(m.doc.gate.reasons.some((r) => r.startsWith('Shard "leg-a": This pull request adds inline suppressions') && r.includes('trivy:ignore at Dockerfile:2'))).toBe(true);
    }
    // The merge job with the pull request checked out also finds the marker itself (its own policy, as a scan job's).
    expect(merge.doc.gate.reasons.some((r) => r.startsWith('This pull request adds inline suppressions'))).toBe(true);
  });

  it('without the marker neither the leg nor the merge blocks', () => {
    expect(clean.exitCode).not.toBe(1);
    expect(cleanMerge.outputs['decision']).toBe('PROCEED');
    expect(cleanMerge.doc.gate.reasons).toEqual([]);
  });

  it("the merge job's own policy notes reach the merged report (a config file the pull request adds applies once merged)", () => {
    const notes = cleanMerge.doc.notes.filter((n) => n.startsWith('This pull request adds .github/security-scan.yml'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/; the base commit [0-9a-f]{7}'s version applies until it is merged\.$/);
    expect(cleanMerge.summary).toMatch(/This pull request adds .*; the base commit [0-9a-f]{7}'s version applies until it is merged/);
  });

  it("shards' reasons cannot crowd the report out: at most 5 in the gate, the rest counted, none in the notes", () => {
    expect(crowded.outputs['decision']).toBe('BLOCK');
    const fromShards = crowded.doc.gate.reasons.filter((r) => r.startsWith('Shard "') || r.startsWith('The policy blocked shard'));
    expect(fromShards).toHaveLength(5);
    expect(fromShards[4]).toBe("The policy blocked shards x, y, z for 56 more reason(s) (see those legs' logs).");
    for (const r of fromShards.slice(0, 4)) expect(r.length).toBeLessThanOrEqual('Shard "x": '.length + 1_000);
    expect(crowded.doc.notes.join('\n')).not.toContain('$$$');
    // The job summary still has the scanner table after the verdict.
    expect(crowded.summary).toContain('| Scanner');
    expect(crowded.summary.length).toBeLessThan(1_048_576);
  });

  it('reads at most 20 reasons of at most 2,000 characters; more is a refused shard, not a dropped reason', async () => {
    const dir = mkdtempSync(join(root, 'bounded-'));
    const leg = join(dir, 'security-scan-shard-k');
    mkdirSync(leg);
    copyFileSync(cleanFindings, join(leg, 'findings.json'));
    const write = (reasons: string[]) => writeFileSync(join(leg, 'shard.json'), JSON.stringify({ schema: 'security-scan/shard@1', key: 'k', blockReasons: reasons }));
    write(Array.from({ length: 20 }, (_, i) => `reason ${i} ${'x'.repeat(1_980)}`));
    const ok = await readShardsDir(dir, recordingLogger());
    expect(ok.refused).toEqual([]);
    expect(ok.shards[0]!.blockReasons).toHaveLength(20);
    write(Array.from({ length: 21 }, (_, i) => `reason ${i}`));
    const many = await readShardsDir(dir, recordingLogger());
    expect(many.shards).toEqual([]);
    expect(many.refused[0]!.reason).toContain('is not a security-scan shard file');
    write(['y'.repeat(2_001)]);
    expect((await readShardsDir(dir, recordingLogger())).shards).toEqual([]);
  });
});
