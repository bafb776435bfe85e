import * as core from './workflow-commands.js';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { parseEnvironment } from './config/environment.js';
import { describeSettings } from './config/describe.js';
import { errorMessage, ConfigurationError } from './errors.js';
import { workspaceReader } from './findings/reader.js';
import { changedFilesPolicy, loadPullDiff } from './github/pull-diff.js';
import { loadBaseline, uploadsBaseline } from './github/baseline-load.js';
import { readRunEnvironment } from './github/context.js';
import type { Logger } from './logger.js';
import type { Settings } from './config/settings.js';
import type { RunnerVariables } from './config/environment.js';
import { runPipeline } from './pipeline.js';
import { setReportOutputs } from './outputs.js';
import { loadPolicy } from './policy/load.js';
import type { IgnoreRules } from './findings/suppress.js';
import { failedLine, toleratedFailures } from './assess/gate.js';
import { PublishRefused } from './publish/refused.js';
import { SCANNERS } from './scanners/registry.js';
import { processRunner, withEnvironment } from './scanners/process.js';
import { resolveBinary } from './scanners/install/resolve.js';
import { loadActionsToolCache } from './scanners/install/tool-cache.js';
import { runSinks } from './sinks.js';
import { notifySecretValues } from './notify/sinks.js';
import { branchOf } from './metrics/sink.js';
import { maskUrlCredentials, metricsPushSink } from './metrics/sink.js';
import { TOOL, USER_AGENT } from './version.js';
import { settingsForMode, shardVerdict, writeShardFile } from './modes/shard.js';

export { TOOL };

const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  group: (name, fn) => core.group(name, fn),
};

/** The one place that reads inputs and the environment and wires the stages. The gate is applied last. */
export async function run(): Promise<void> {
  const startedAt = new Date();
  try {
    // The token is an input only (never the config file): it reads the base commit's policy files when needed.
    const token = core.getInput('github-token').trim();
    if (token) core.setSecret(token);
    const environment = parseEnvironment(process.env, [token]);
    const vars = environment.runner;
    const workspace = vars.GITHUB_WORKSPACE || process.cwd();
    const payload = vars.GITHUB_EVENT_PATH ? safeRead(vars.GITHUB_EVENT_PATH) : undefined;
    const runEnv = readRunEnvironment(vars, payload);
    // git (the code scanning ref, the base commit's files) and the installers' npm/pip get the base allowlist.
    const runner = withEnvironment(processRunner, environment.forScanner(undefined));
    // Modules the scan itself does not need load on first use (import()): ncc puts them in chunks beside index.js, off the start-up path.
    const client = token ? (await import('./github/client.js')).createClient(token, { baseUrl: runEnv.apiUrl, logger: coreLogger, userAgent: USER_AGENT }) : undefined;
    const diffDeps = { event: runEnv.event, workspace, runner, client, owner: runEnv.owner, repo: runEnv.repo, logger: coreLogger, tempRoot: vars.RUNNER_TEMP };
    const diff = runEnv.event.pullRequest ? await loadPullDiff(diffDeps) : undefined;
    // Settings: the config file (the base commit's on a pull request) under the inputs; the suppressions that apply.
    const policy = await loadPolicy({
      read: (name) => core.getInput(name),
      registry: SCANNERS,
      event: runEnv.event,
      workspace,
      runner,
      readWorkspace: workspaceReader(workspace),
      ...(client && runEnv.owner && runEnv.repo ? { api: { client, owner: runEnv.owner, repo: runEnv.repo } } : {}),
      ...(diff ? { diff } : {}),
      logger: coreLogger,
    });
    const settings = settingsForMode(policy.settings);
    // Notification secrets (inputs, the config file, SLACK_BOT_TOKEN) are masked before anything can print them.
    for (const secret of notifySecretValues({ settings: settings.notify, env: vars })) core.setSecret(secret);
    maskUrlCredentials(settings.publish.metricsPushgatewayUrl, core.setSecret);
    core.debug(`security-scan ${TOOL.version} settings: ${describeSettings(settings)}`);
    if (settings.publish.mode === 'publish') return await publishMode(settings, policy.suppressions, vars, payload, workspace, startedAt);
    const baseline = await loadBaseline({
      setting: settings.policy.baseline,
      artifactName: settings.policy.baselineArtifact,
      runEnv,
      workspace,
      runnerTemp: vars.RUNNER_TEMP,
      tempRoot: vars.RUNNER_TEMP ?? tmpdir(),
      runner,
      client,
      token,
      logger: coreLogger,
      // merge: the shards' directory holds what the legs uploaded, never a baseline.
      ...(settings.publish.mode === 'merge' && settings.publish.shardsDir !== '' ? { refuseUnder: [{ dir: settings.publish.shardsDir, what: `shards-dir (${settings.publish.shardsDir})` }] } : {}),
    });
    // The trends' history (the default branch's earlier baselines) downloads while the scanners run; it never rejects.
    const history = import('./github/trend-history.js').then(({ loadTrendHistory }) => loadTrendHistory({
      client,
      token,
      owner: runEnv.owner,
      repo: runEnv.repo,
      workflowFile: runEnv.workflowFile,
      branch: runEnv.defaultBranch,
      artifactName: settings.policy.baselineArtifact,
      ...(runEnv.context.runId && /^\d+$/.test(runEnv.context.runId) ? { runId: Number(runEnv.context.runId) } : {}),
      // A shard's report is merged (and its insights recomputed) by the merge job: no history here.
      limit: settings.publish.mode === 'shard' ? 0 : settings.extras.trendHistory,
      tempRoot: vars.RUNNER_TEMP ?? tmpdir(),
      logger: coreLogger,
    })).catch((e: unknown) => ({ points: [], reason: `the trends' history could not be loaded (${errorMessage(e)})` }));
    // changed-files-only: the files of the pull request's diff (read once above), for a scan and for a merge alike.
    const changed = await changedFilesPolicy(settings.policy.changedFilesOnly, diffDeps, diff);
    const baselineArtifact = uploadsBaseline(settings.policy.baseline, runEnv, runEnv.ref) ? settings.policy.baselineArtifact : undefined;
    // merge: the shards' reports, with this job's baseline, policy and history (as a scan job has them).
    if (settings.publish.mode === 'merge') {
      return await (await import('./modes/merge-step.js')).mergeMode({
        settings, suppressions: policy.suppressions, runEnv, vars, workspace, client, token, startedAt, logger: coreLogger,
        ...(baseline ? { baseline } : {}),
        blockReasons: policy.blockReasons,
        policyNotes: [...policy.notes, ...changed.notes],
        history,
        ...(changed.changedFiles ? { changedFiles: changed.changedFiles } : {}),
        ...(baselineArtifact !== undefined ? { baselineArtifact } : {}),
        step: { setOutput: core.setOutput, setFailed: core.setFailed, emit: { error: core.error, warning: core.warning, notice: core.notice }, writeSummary: (md: string) => core.summary.addRaw(md).write() },
      });
    }
    const installEnv = environment.forInstall();
    const installs = settings.install;

    const { report, files: written, release } = await runPipeline({
      // The modules this step loads later are read from dist/ once every running scanner has started its scan (not
      // before: that is the start-up they would cost, and the scans' starts they would delay). A scan that runs the
      // pull request's build code (Snyk starts gradle, maven or sbt), which must not be able to rewrite a chunk not
      // yet loaded, waits for them.
      whileScanning: () => preloadModules(),
      history,
      keepLock: true,
      settings,
      policy: {
        ...(changed.changedFiles ? { changedFiles: changed.changedFiles } : {}),
        ...(baseline ? { baseline } : {}),
        suppressions: policy.suppressions,
        scannerPolicy: policy.scannerPolicy,
        ...(policy.lineAdded ? { lineAdded: policy.lineAdded } : {}),
        blockReasons: policy.blockReasons,
        notes: [...policy.notes, ...changed.notes],
      },
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
      ref: runEnv.ref,
    });
    const shard = settings.publish.mode === 'shard' ? settings.publish.shardKey : undefined;
    const files = shard !== undefined ? await writeShardFile(written, shard, settings.publish.matrix, policy.blockReasons) : written;

    setReportOutputs(core.setOutput, report, files);
    const { githubSinks } = await import('./github/sinks.js');
    const sinks = githubSinks({
      settings: settings.publish,
      runEnv,
      workspace,
      client,
      emit: { error: core.error, warning: core.warning, notice: core.notice },
      writeSummary: (md: string) => core.summary.addRaw(md).write(),
      runner,
      startedAt,
      artifactEnv: vars,
      onSarifIds: (ids) => core.setOutput('sarif-ids', ids.join(',')),
      ...(baselineArtifact !== undefined ? { baselineArtifact } : {}),
      ...(diff && 'files' in diff ? { changedPaths: new Set(diff.files.keys()) } : diff && 'unavailable' in diff ? { changedPathsUnavailable: diff.unavailable } : {}),
      dependencySnapshot: settings.scan.dependencySnapshot === true,
      ...(shard !== undefined ? { only: ['summary', 'artifact'] as const } : settings.publish.matrix ? { leg: settings.publish.matrix } : {}),
    });
    sinks.push(metricsPushSink({ url: settings.publish.metricsPushgatewayUrl, job: settings.publish.metricsJob, runEnv, ...(settings.publish.matrix ? { leg: settings.publish.matrix.key } : {}) }));
    try {
      sinks.push(...(await import('./notify/sinks.js')).notifySinks({ settings: settings.notify, env: vars, artifactName: settings.publish.artifactName, branch: branchOf(runEnv) }));
      await runSinks(sinks, { report, files, logger: coreLogger, notes: [] });
    } finally {
      // output-dir stays locked until the artifact has been uploaded.
      await release?.();
    }

    // failure-policy alert/log: the failed scanners were warned about (or logged) as they failed; the verdict says so too.
    const tolerated = toleratedFailures(report.gate, report.scanners);
    const despite = tolerated.length > 0 ? ` ${failedLine(report.gate.failurePolicy, tolerated.map((t) => t.displayName))}` : '';
    if (shard !== undefined) {
      shardVerdict(report, shard, coreLogger, policy.blockReasons);
    } else if (report.gate.decision === 'BLOCK') {
      core.setFailed(`security-scan blocked this change: ${report.gate.reasons.join(' ')}${despite}`);
    } else {
      core.info(`security-scan: PROCEED (${report.total} finding(s), none at or above fail-on '${settings.gate.failOn}').${despite}`);
    }
  } catch (e) {
    // Never fail open: any thrown value fails the step.
    core.setOutput('decision', 'BLOCK');
    const prefix = e instanceof ConfigurationError ? 'Configuration error' : e instanceof PublishRefused ? 'security-scan publish refused' : 'security-scan failed';
    core.setFailed(`${prefix}: ${errorMessage(e)}`);
    if (!(e instanceof ConfigurationError) && !(e instanceof PublishRefused) && e instanceof Error && e.stack) core.debug(e.stack);
  }
}

/**
 * `mode: publish` (a workflow_run workflow): publishes a pull request scan run's artifact, rebuilt and checked
 * (publish/fork.ts), through the summary, code scanning and comment sinks. The scan run already gated the pull
 * request, so this step does not fail on the decision (it is the `decision` output); it fails only when it
 * cannot publish (PublishRefused, thrown to run()'s catch).
 */
async function publishMode(
  settings: Settings,
  suppressions: IgnoreRules,
  vars: RunnerVariables,
  payload: string | undefined,
  workspace: string,
  startedAt: Date,
): Promise<void> {
  const token = settings.github.token;
  if (!token) throw new ConfigurationError("Input 'github-token' is empty, and mode: publish needs a token (pull-requests: write for the comment, security-events: write for code scanning).");
  const apiUrl = vars.GITHUB_API_URL ?? 'https://api.github.com';
  const { createClient } = await import('./github/client.js');
  const client = createClient(token, { baseUrl: apiUrl, logger: coreLogger, userAgent: USER_AGENT });
  const { prepareForkPublication } = await import('./publish/fork.js');
  const p = await prepareForkPublication({
    settings,
    suppressions,
    vars: { eventName: vars.GITHUB_EVENT_NAME, repository: vars.GITHUB_REPOSITORY, serverUrl: vars.GITHUB_SERVER_URL, apiUrl, workflow: vars.GITHUB_WORKFLOW, job: vars.GITHUB_JOB },
    payload,
    workspace,
    client,
    logger: coreLogger,
  });
  setReportOutputs(core.setOutput, p.report, p.files);
  const { githubSinks } = await import('./github/sinks.js');
  const sinks = githubSinks({
    settings: settings.publish,
    runEnv: p.runEnv,
    workspace,
    client,
    emit: { error: core.error, warning: core.warning, notice: core.notice },
    writeSummary: (md: string) => core.summary.addRaw(md).write(),
    runner: processRunner,
    startedAt,
    artifactEnv: vars,
    onSarifIds: (ids) => core.setOutput('sarif-ids', ids.join(',')),
    only: ['summary', 'code-scanning', 'comment'],
    ...(settings.publish.matrix ? { leg: settings.publish.matrix } : {}),
    uploadTarget: p.uploadTarget,
    reportLocation: p.reportLocation,
  });
  await runSinks(sinks, { report: p.report, files: p.files, logger: coreLogger, notes: [...p.notes] });
  core.info(
    `security-scan publish: pull request #${p.pull.number}, decision ${p.report.gate.decision} (recomputed from ${p.report.total} finding(s)); ` +
      'the scan run gates the pull request, this step does not fail on the decision.',
  );
}

/**
 * Starts loading the lazily imported modules (ncc chunks beside index.js), so nothing is read from dist/ later in the
 * run. Failures surface where each module is used.
 */
function preloadModules(): Promise<unknown> {
  return Promise.all([
    import('./report/write.js'),
    import('./github/sinks.js'),
    import('./notify/sinks.js'),
    import('./notify/slack.js'),
    import('./notify/email.js'),
    import('./metrics/render.js'),
    import('@actions/artifact'),
    import('@actions/cache'),
  ])
    .catch(() => undefined)
    .then((v) => {
      collectWhileIdle();
      return v;
    });
}

/**
 * A full garbage collection now, while the step only waits for its scanners: loading those modules grows the heap
 * past V8's next limit, and the collection it then owes (~20 ms: a scavenge and a mark-compact, seen with
 * --trace-gc) would otherwise fall after the last scanner exits, in the step's own time. `gc` is exposed the way
 * Jest's leak detector does it (the flag set at run time, the function taken from a fresh context); where that is
 * refused nothing happens.
 */
function collectWhileIdle(): void {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc === 'function') (gc as () => void)();
  } catch {
    // no gc here: V8 collects when it must, as before
  }
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
