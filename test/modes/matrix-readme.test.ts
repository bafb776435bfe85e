// The README's "Matrix builds" workflows are real: they parse as YAML, every input they give the action exists in
// action.yml, the matrix has 20 images and the merge job expects 20 shards, downloads the shard artifacts by the
// prefix shard mode uploads them under, and has the permissions its sinks need.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root } from '../../scripts/local-scanners.mjs';
import { SHARD_ARTIFACT_PREFIX } from '../../src/modes/shard.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const start = readme.indexOf('### Matrix builds: shards and one merge job');
const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
const snippets = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
const actionInputs = Object.keys((parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs);

interface Step { uses?: string; with?: Record<string, unknown> }
interface Job { needs?: string; if?: string; permissions?: Record<string, string>; strategy?: { matrix?: { image?: string[] }; 'fail-fast'?: boolean }; steps: Step[] }
const ours = (job: Job) => job.steps.filter((s) => s.uses?.startsWith('OWNER/security-scan@'));

describe('README: matrix builds', () => {
  it('has the shard + merge workflow and the publish job', () => {
    expect(section.length).toBeGreaterThan(0);
    expect(snippets).toHaveLength(2);
  });

  const workflow = parse(snippets[0] ?? '') as { jobs: Record<string, Job> };
  // The publish job is a fragment of a workflow's jobs: (indented by two spaces).
  const publish = (parse(snippets[1] ?? '') as Record<string, Job>)['publish']!;

  it('gives the action only inputs that exist in action.yml', () => {
    const used = [...Object.values(workflow.jobs), publish].flatMap((j) => ours(j).flatMap((s) => Object.keys(s.with ?? {})));
    expect(used.length).toBeGreaterThan(8);
    expect(used.filter((i) => !actionInputs.includes(i))).toEqual([]);
  });

  it('a matrix of 20 images in mode: shard, and a merge job that always runs, downloads security-scan-shard-* and expects 20', () => {
    const scan = workflow.jobs['scan']!;
    expect(scan.strategy?.matrix?.image).toHaveLength(20);
    expect(new Set(scan.strategy?.matrix?.image).size).toBe(20);
    expect(scan.strategy?.['fail-fast']).toBe(false);
    expect(ours(scan)[0]!.with).toMatchObject({ mode: 'shard', images: '${{ matrix.image }}' });

    const merge = workflow.jobs['merge']!;
    expect(merge.needs).toBe('scan');
    expect(merge.if).toBe('always()');
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.with).toMatchObject({ pattern: `${SHARD_ARTIFACT_PREFIX}*`, path: 'shards' });
    expect(ours(merge)[0]!.with).toMatchObject({ mode: 'merge', 'shards-dir': 'shards', 'expected-shards': 20 });
    expect(merge.permissions).toMatchObject({ 'security-events': 'write', 'pull-requests': 'write', contents: 'read', actions: 'read' });
    expect(scan.permissions).toEqual({ contents: 'read' });
  });

  it('the publish job downloads every leg with pattern: and publishes with the scan workflow’s artifact-name', () => {
    const download = publish.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    const step = ours(publish)[0]!;
    expect(download.with?.['pattern']).toBe(`${String(step.with?.['artifact-name'])}-*`);
    expect(step.with).toMatchObject({ mode: 'publish', 'report-dir': download.with?.['path'] });
  });
});
