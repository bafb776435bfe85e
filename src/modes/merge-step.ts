/**
 * `mode: merge` as a step (main.ts dispatches here): reads the shards (shards-dir, or this run's artifacts), merges
 * them (merge.ts), publishes once through the GitHub sinks and applies the gate once.
 */
import { tmpdir } from 'node:os';
import type { RunnerVariables } from '../config/environment.js';
import type { Settings } from '../config/settings.js';
import { ConfigurationError } from '../errors.js';
import type { IgnoreRules } from '../findings/suppress.js';
import type { GitHubClient } from '../github/client.js';
import type { RunEnvironment } from '../github/context.js';
import { githubSinks } from '../github/sinks.js';
import type { AnnotationEmitter } from '../github/annotations.js';
import type { Logger } from '../logger.js';
import { SCANNERS } from '../scanners/registry.js';
import type { Baseline } from '../findings/baseline.js';
import type { ChangedFiles } from '../findings/changed.js';
import type { TrendHistory } from '../insights/types.js';
import { processRunner } from '../scanners/process.js';
import { runSinks } from '../sinks.js';
import { TOOL } from '../version.js';
import { mergeShards } from './merge.js';
import { setReportOutputs } from '../outputs.js';
import { downloadRunShards, readShardsDir, resolveShardsDir, type ShardsRead } from './shards-read.js';

export interface MergeStepDeps {
  settings: Settings;
  suppressions?: IgnoreRules;
  runEnv: RunEnvironment;
  vars: RunnerVariables;
  workspace: string;
  client: GitHubClient | undefined;
  token: string;
  startedAt: Date;
  logger: Logger;
  /** The merge job's baseline, policy block reasons and notes, and trends' history (main.ts loads them as for a scan). */
  baseline?: Baseline;
  blockReasons?: readonly string[];
  policyNotes?: readonly string[];
  history?: Promise<TrendHistory>;
  /** The merge job's changed-files-only files (main.ts reads them from the pull request's diff, as for a scan). */
  changedFiles?: ChangedFiles;
  /** Set on the default branch's push runs with `baseline: auto`: the merged baseline.json is uploaded under this name. */
  baselineArtifact?: string;
  /** The step's edges (main.ts passes @actions/core's). */
  step: {
    setOutput(name: string, value: unknown): void;
    setFailed(message: string): void;
    emit: AnnotationEmitter;
    writeSummary(markdown: string): Promise<unknown>;
  };
}

export async function mergeMode(d: MergeStepDeps): Promise<void> {
  const { settings, logger, runEnv } = d;
  const core = d.step;
  let read: ShardsRead;
  if (settings.publish.shardsDir !== '') {
    const dir = await resolveShardsDir(settings.publish.shardsDir, d.workspace, d.vars.RUNNER_TEMP);
    if ('error' in dir) throw new ConfigurationError(dir.error);
    read = await readShardsDir(dir.dir, logger);
  } else {
    const runId = Number(d.vars.GITHUB_RUN_ID);
    if (!d.client || !runEnv.owner || !runEnv.repo || !Number.isSafeInteger(runId) || runId <= 0) {
      throw new ConfigurationError("Input 'mode' is 'merge' and input 'shards-dir' is empty, so the shards are downloaded from this run, which needs GITHUB_RUN_ID and input 'github-token' (actions: read); or download them with actions/download-artifact and set shards-dir.");
    }
    read = await downloadRunShards({ client: d.client, token: d.token, owner: runEnv.owner, repo: runEnv.repo, runId, tempRoot: d.vars.RUNNER_TEMP ?? tmpdir(), logger });
  }
  const merged = await mergeShards({
    settings,
    ...(d.suppressions ? { suppressions: d.suppressions } : {}),
    registry: SCANNERS,
    read,
    expected: settings.publish.expectedShards,
    context: runEnv.context,
    workspace: d.workspace,
    ...(d.vars.RUNNER_TEMP ? { runnerTemp: d.vars.RUNNER_TEMP } : {}),
    now: () => new Date(),
    tool: TOOL,
    ...(runEnv.ref ? { ref: runEnv.ref } : {}),
    logger,
    ...(d.baseline ? { baseline: d.baseline } : {}),
    ...(d.blockReasons?.length ? { blockReasons: d.blockReasons } : {}),
    ...(d.policyNotes?.length ? { policyNotes: d.policyNotes } : {}),
    ...(d.history ? { history: d.history } : {}),
    ...(d.changedFiles ? { changedFiles: d.changedFiles } : {}),
  });
  const { report, files } = merged;
  // The merge writes no patch: its outputs read like a scan job's.
  setReportOutputs(core.setOutput, report, files);
  const sinks = githubSinks({
    settings: settings.publish,
    runEnv,
    workspace: d.workspace,
    client: d.client,
    emit: core.emit,
    writeSummary: core.writeSummary,
    runner: processRunner,
    startedAt: d.startedAt,
    artifactEnv: d.vars,
    onSarifIds: (ids) => core.setOutput('sarif-ids', ids.join(',')),
    // The merged baseline is the one later pull requests' merge jobs compare with (the shards upload none).
    ...(d.baselineArtifact !== undefined ? { baselineArtifact: d.baselineArtifact } : {}),
    only: ['summary', 'annotations', 'code-scanning', 'comment', 'artifact', 'baseline-artifact'],
  });
  try {
    await runSinks(sinks, { report, files, logger, notes: [...merged.notes] });
  } finally {
    await merged.release();
  }
  if (report.gate.decision === 'BLOCK') core.setFailed(`security-scan blocked this change: ${report.gate.reasons.join(' ')}`);
  else logger.info(`security-scan merge: PROCEED (${report.total} finding(s) over the shards).`);
}
