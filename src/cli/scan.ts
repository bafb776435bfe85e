/**
 * The scan outside Actions: the same policy loader (config file under the flags, the ignore file, each scanner's
 * policy files — from the working tree: there is no base commit to trust outside a pull request run), the same
 * baseline file reader and the same pipeline as main.ts. Nothing is published to GitHub.
 */
import { tmpdir } from 'node:os';
import { parseEnvironment } from '../config/environment.js';
import { workspaceReader } from '../findings/reader.js';
import { baselineMode, loadBaseline } from '../github/baseline-load.js';
import { readRunEnvironment } from '../github/context.js';
import type { Logger } from '../logger.js';
import { runPipeline, type PipelineResult } from '../pipeline.js';
import { loadPolicy } from '../policy/load.js';
import { SCANNERS } from '../scanners/registry.js';
import { processRunner, withEnvironment } from '../scanners/process.js';
import { resolveBinary } from '../scanners/install/resolve.js';
import { loadActionsToolCache } from '../scanners/install/tool-cache.js';
import type { ScanProgress } from '../scanners/scan.js';
import type { Settings } from '../config/settings.js';
import { TOOL } from '../version.js';

export interface CliScanDeps {
  /** The flags, by input name ('' when not given), read like the action's inputs. */
  read: (name: string) => string;
  workspace: string;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** Called once the settings are parsed, before any scanner runs (the progress display needs the selection). */
  onSettings?: (settings: Settings) => void;
  onProgress?: (event: ScanProgress) => void;
}

export async function cliScan(d: CliScanDeps): Promise<PipelineResult & { settings: Settings }> {
  const environment = parseEnvironment(d.env, []);
  const runner = withEnvironment(processRunner, environment.forScanner(undefined));
  // No GitHub event: the working tree is what is scanned and trusted (the caller chose it).
  const runEnv = readRunEnvironment({}, undefined);
  const policy = await loadPolicy({ read: d.read, registry: SCANNERS, event: runEnv.event, workspace: d.workspace, runner, readWorkspace: workspaceReader(d.workspace), logger: d.logger });
  const settings = policy.settings;
  d.onSettings?.(settings);
  const tempRoot = d.env['RUNNER_TEMP'] || tmpdir();
  const mode = baselineMode(settings.policy.baseline);
  const baseline =
    mode === 'path'
      ? await loadBaseline({ setting: settings.policy.baseline, artifactName: settings.policy.baselineArtifact, runEnv, workspace: d.workspace, tempRoot, runner, client: undefined, token: '', logger: d.logger })
      : undefined;
  if (mode === 'auto' && d.env['GITHUB_ACTIONS'] !== 'true') d.logger.debug("baseline 'auto' downloads a GitHub Actions artifact; outside Actions there is none: give --baseline <findings.json> to compare.");
  const installEnv = environment.forInstall();
  return {
    settings,
    ...(await runPipeline({
      settings,
      policy: { ...(baseline ? { baseline } : {}), suppressions: policy.suppressions, scannerPolicy: policy.scannerPolicy, blockReasons: policy.blockReasons, notes: policy.notes },
      registry: SCANNERS,
      workspace: d.workspace,
      runner,
      logger: d.logger,
      event: runEnv.event,
      environment,
      context: runEnv.context,
      resolveBinary: async (scanner) =>
        resolveBinary({ id: scanner.id, displayName: scanner.displayName, binary: scanner.binary!, install: scanner.install }, settings.install, {
          env: installEnv,
          logger: d.logger,
          runner,
          platform: process.platform,
          arch: process.arch,
          toolCache: await loadActionsToolCache(),
          workspace: d.workspace,
        }),
      readFile: workspaceReader(d.workspace),
      ...(d.env['RUNNER_TEMP'] ? { tempRoot: d.env['RUNNER_TEMP'], runnerTemp: d.env['RUNNER_TEMP'] } : {}),
      now: () => new Date(),
      tool: TOOL,
      ...(d.onProgress ? { onProgress: d.onProgress } : {}),
    })),
  };
}
