import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { parseSettings } from './config/settings.js';
import { errorMessage, ConfigurationError } from './errors.js';
import { workspaceReader } from './findings/reader.js';
import { readRunEnvironment } from './github/context.js';
import { createClient } from './github/client.js';
import { publish } from './github/publish.js';
import type { Logger } from './logger.js';
import { runPipeline } from './pipeline.js';
import { SCANNERS } from './scanners/registry.js';
import { processRunner } from './scanners/process.js';
import { parseInstallSettings } from './scanners/install/settings.js';
import { resolveBinary } from './scanners/install/resolve.js';
import { loadActionsToolCache } from './scanners/install/tool-cache.js';

export const TOOL = { name: 'security-scan', version: '0.1.0' };

const coreLogger: Logger & { notice: (m: string) => void } = {
  notice: (m) => core.notice(m),
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
};

/** The one place that reads inputs and the environment and wires the stages. The gate is applied last. */
export async function run(): Promise<void> {
  const startedAt = new Date();
  try {
    const env = process.env;
    const read = (name: string) => core.getInput(name);
    const settings = parseSettings(read, SCANNERS);
    const install = parseInstallSettings(read, SCANNERS.filter((s) => s.binary).map((s) => s.id));
    const workspace = env.GITHUB_WORKSPACE || process.cwd();
    const payload = env.GITHUB_EVENT_PATH ? safeRead(env.GITHUB_EVENT_PATH) : undefined;
    const runEnv = readRunEnvironment(env, payload);

    const { report, files } = await runPipeline({
      settings,
      registry: SCANNERS,
      workspace,
      runner: processRunner,
      logger: coreLogger,
      event: runEnv.event,
      env,
      context: runEnv.context,
      resolveBinary: async (scanner) =>
        resolveBinary({ id: scanner.id, displayName: scanner.displayName, binary: scanner.binary! }, install, {
          env,
          logger: coreLogger,
          runner: processRunner,
          platform: process.platform,
          arch: process.arch,
          toolCache: await loadActionsToolCache(),
          workspace,
        }),
      readFile: workspaceReader(workspace),
      tempRoot: env.RUNNER_TEMP || undefined,
      now: () => new Date(),
      tool: TOOL,
    });

    const token = settings.common.githubToken;
    const published = await publish({
      settings: settings.common,
      report,
      files,
      runEnv,
      workspace,
      env,
      logger: coreLogger,
      client: token ? createClient(token, { baseUrl: runEnv.apiUrl, logger: coreLogger }) : undefined,
      emit: { error: core.error, warning: core.warning, notice: core.notice },
      writeSummary: (md) => core.summary.addRaw(md).write(),
      runner: processRunner,
      startedAt,
    });

    core.setOutput('total', report.total);
    for (const s of ['critical', 'high', 'medium', 'low'] as const) core.setOutput(s, report.counts[s]);
    core.setOutput('risk', report.risk);
    core.setOutput('decision', report.gate.decision);
    core.setOutput('sarif-dir', files.sarifDir);
    core.setOutput('report-json', files.json);
    core.setOutput('sarif-ids', published.sarifIds.join(','));

    if (report.gate.decision === 'BLOCK') {
      core.setFailed(`security-scan blocked this change: ${report.gate.reasons.join(' ')}`);
    } else {
      core.info(`security-scan: PROCEED (${report.total} finding(s), none at or above fail-on '${settings.common.failOn}').`);
    }
  } catch (e) {
    // Never fail open: any thrown value fails the step.
    core.setOutput('decision', 'BLOCK');
    const prefix = e instanceof ConfigurationError ? 'Configuration error' : 'security-scan failed';
    core.setFailed(`${prefix}: ${errorMessage(e)}`);
    if (!(e instanceof ConfigurationError) && e instanceof Error && e.stack) core.debug(e.stack);
  }
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
