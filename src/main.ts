import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { parseEnvironment } from './config/environment.js';
import { describeSettings } from './config/describe.js';
import { settingsFromInputs } from './config/settings.js';
import { errorMessage, ConfigurationError } from './errors.js';
import { workspaceReader } from './findings/reader.js';
import { createClient } from './github/client.js';
import { readRunEnvironment } from './github/context.js';
import { githubSinks } from './github/sinks.js';
import type { Logger } from './logger.js';
import { runPipeline } from './pipeline.js';
import type { ScanReport } from './report/types.js';
import type { WrittenReports } from './report/write.js';
import { SCANNERS } from './scanners/registry.js';
import { processRunner, withEnvironment } from './scanners/process.js';
import { resolveBinary } from './scanners/install/resolve.js';
import { loadActionsToolCache } from './scanners/install/tool-cache.js';
import { runSinks } from './sinks.js';
import { TOOL, USER_AGENT } from './version.js';

export { TOOL };

const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  group: (name, fn) => core.group(name, fn),
};

/** Every output, from the report; set before any sink runs so that no sink failure can leave them unset. */
function setOutputs(report: ScanReport, files: WrittenReports): void {
  core.setOutput('total', report.total);
  for (const s of ['critical', 'high', 'medium', 'low'] as const) core.setOutput(s, report.counts[s]);
  core.setOutput('risk', report.risk);
  core.setOutput('decision', report.gate.decision);
  core.setOutput('sarif-dir', files.sarifDir);
  core.setOutput('report-json', files.json);
  core.setOutput('sarif-ids', '');
}

/** The one place that reads inputs and the environment and wires the stages. The gate is applied last. */
export async function run(): Promise<void> {
  const startedAt = new Date();
  try {
    const settings = settingsFromInputs((name) => core.getInput(name), SCANNERS);
    const token = settings.github.token;
    if (token) core.setSecret(token);
    const environment = parseEnvironment(process.env, [token]);
    const vars = environment.runner;
    core.debug(`security-scan ${TOOL.version} settings: ${describeSettings(settings)}`);
    const workspace = vars.GITHUB_WORKSPACE || process.cwd();
    const payload = vars.GITHUB_EVENT_PATH ? safeRead(vars.GITHUB_EVENT_PATH) : undefined;
    const runEnv = readRunEnvironment(vars, payload);
    const installEnv = environment.forInstall();
    // git (the code scanning ref) and the installers' npm/pip get the base allowlist unless they pass their own.
    const runner = withEnvironment(processRunner, environment.forScanner(undefined));
    const installs = settings.install;

    const { report, files } = await runPipeline({
      settings,
      registry: SCANNERS,
      workspace,
      runner,
      logger: coreLogger,
      event: runEnv.event,
      environment,
      context: runEnv.context,
      resolveBinary: async (scanner) =>
        resolveBinary({ id: scanner.id, displayName: scanner.displayName, binary: scanner.binary!, install: scanner.install }, installs, {
          env: installEnv,
          logger: coreLogger,
          runner,
          platform: process.platform,
          arch: process.arch,
          toolCache: await loadActionsToolCache(),
          workspace,
        }),
      readFile: workspaceReader(workspace),
      tempRoot: vars.RUNNER_TEMP,
      runnerTemp: vars.RUNNER_TEMP,
      now: () => new Date(),
      tool: TOOL,
    });

    setOutputs(report, files);
    const sinks = githubSinks({
      settings: settings.publish,
      runEnv,
      workspace,
      client: token ? createClient(token, { baseUrl: runEnv.apiUrl, logger: coreLogger, userAgent: USER_AGENT }) : undefined,
      emit: { error: core.error, warning: core.warning, notice: core.notice },
      writeSummary: (md: string) => core.summary.addRaw(md).write(),
      runner,
      startedAt,
      artifactEnv: vars,
      onSarifIds: (ids) => core.setOutput('sarif-ids', ids.join(',')),
    });
    await runSinks(sinks, { report, files, logger: coreLogger, notes: [] });

    if (report.gate.decision === 'BLOCK') {
      core.setFailed(`security-scan blocked this change: ${report.gate.reasons.join(' ')}`);
    } else {
      core.info(`security-scan: PROCEED (${report.total} finding(s), none at or above fail-on '${settings.gate.failOn}').`);
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
