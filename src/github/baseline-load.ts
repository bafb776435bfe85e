/**
 * The `baseline` input, loaded before the scan (main.ts sets policy.baseline from it): `none` → no baseline diff;
 * `auto` → the baseline artifact of the base branch's latest successful push run (baseline-artifact.ts); anything
 * else → a path to an earlier run's findings.json or baseline.json (report/baseline-file.ts). A baseline that cannot
 * be had is `found: false` with the reason, logged as a warning when something is wrong: the gate then counts every
 * finding as new. Never throws.
 */
import type { Baseline } from '../findings/baseline.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { readBaselineFile, type LoadedBaseline } from '../report/baseline-file.js';
import type { CommandRunner } from '../scanners/process.js';
import { loadAutoBaseline, type ArtifactDownloader } from './baseline-artifact.js';
import type { GitHubClient } from './client.js';
import type { RunEnvironment } from './context.js';

export interface BaselineLoadDeps {
  /** The `baseline` input. */
  setting: string;
  /** The `baseline-artifact` input. */
  artifactName: string;
  runEnv: Pick<RunEnvironment, 'event' | 'owner' | 'repo' | 'defaultBranch' | 'workflowFile' | 'context'>;
  workspace: string;
  runnerTemp?: string;
  /** Where downloads and the base commit's copy go (RUNNER_TEMP, else the OS temp dir). */
  tempRoot: string;
  runner: CommandRunner;
  client: GitHubClient | undefined;
  token: string;
  logger: Logger;
  loadDownloader?: () => Promise<ArtifactDownloader>;
  /** Directories a baseline file may not be in (report/baseline-file.ts). */
  refuseUnder?: readonly { dir: string; what: string }[];
}

export type BaselineMode = 'none' | 'auto' | 'path';

export function baselineMode(setting: string): BaselineMode {
  const v = setting.trim().toLowerCase();
  return v === 'none' ? 'none' : v === 'auto' || v === '' ? 'auto' : 'path';
}

/**
 * With `baseline: auto`, push runs of the default branch upload their baseline.json (as `baseline-artifact`).
 * `ref` is GITHUB_REF.
 */
export function uploadsBaseline(setting: string, runEnv: Pick<RunEnvironment, 'event' | 'defaultBranch'>, ref: string | undefined): boolean {
  return baselineMode(setting) === 'auto' && runEnv.event.name === 'push' && runEnv.defaultBranch !== undefined && ref === `refs/heads/${runEnv.defaultBranch}`;
}

export async function loadBaseline(d: BaselineLoadDeps): Promise<Baseline | undefined> {
  const mode = baselineMode(d.setting);
  if (mode === 'none') return undefined;
  let loaded: LoadedBaseline;
  try {
    loaded =
      mode === 'auto'
        ? await loadAutoBaseline({
            client: d.client,
            token: d.token,
            owner: d.runEnv.owner,
            repo: d.runEnv.repo,
            workflowFile: d.runEnv.workflowFile,
            branch: d.runEnv.event.pullRequest?.baseRef ?? d.runEnv.defaultBranch,
            artifactName: d.artifactName,
            ...(d.runEnv.context.runId && /^\d+$/.test(d.runEnv.context.runId) ? { runId: Number(d.runEnv.context.runId) } : {}),
            tempRoot: d.tempRoot,
            logger: d.logger,
            ...(d.loadDownloader ? { loadDownloader: d.loadDownloader } : {}),
          })
        : await readBaselineFile(d.setting.trim(), {
            workspace: d.workspace,
            ...(d.runnerTemp ? { runnerTemp: d.runnerTemp } : {}),
            ...(d.runEnv.event.pullRequest ? { baseSha: d.runEnv.event.pullRequest.baseSha } : {}),
            runner: d.runner,
            tempRoot: d.tempRoot,
            ...(d.refuseUnder ? { refuseUnder: d.refuseUnder } : {}),
          });
  } catch (e) {
    loaded = { baseline: { found: false, source: `the baseline could not be read (${errorMessage(e)}); every finding counts as new.` } };
    loaded.warning = `Baseline: ${loaded.baseline.source}`;
  }
  if (loaded.warning) d.logger.warning(loaded.warning);
  else d.logger.info(`Baseline: ${loaded.baseline.source}`);
  return loaded.baseline;
}
