import type { PublishSettings } from '../config/settings.js';
import { COMMENT_MAX_CHARS, SARIF_LIMITS } from './limits.js';
import { renderReport } from '../report/markdown.js';
import type { CommandRunner } from '../scanners/process.js';
import type { Sink, SinkContext } from '../sinks.js';
import { annotate, type AnnotationEmitter } from './annotations.js';
import { uploadReports } from './artifacts.js';
import type { GitHubClient } from './client.js';
import { commentMarker, publishComment, resolveSelfLogin } from './comment.js';
import type { RunEnvironment } from './context.js';
import { chooseRef, readCommitSha } from './ref.js';
import { checkRunSink } from './check-run.js';
import { dependencySnapshotSink } from './dependency-snapshot.js';
import { writeJobSummary } from './summary.js';
import { legHeading, type MatrixLeg } from '../modes/matrix.js';
import { toCheckoutUri, uploadSarifFiles } from './upload.js';

export interface GitHubSinkDeps {
  settings: PublishSettings;
  runEnv: RunEnvironment;
  workspace: string;
  /** Undefined when there is no token: uploads and the comment are skipped with a warning. */
  client: GitHubClient | undefined;
  emit: AnnotationEmitter;
  writeSummary: (markdown: string) => Promise<unknown>;
  runner: CommandRunner;
  startedAt: Date;
  /** Whether the artifact service is reachable, and the run it belongs to (the runner's variables). */
  artifactEnv: Readonly<Record<string, string | undefined>>;
  /** Called with the ids of the SARIF uploads (the `sarif-ids` output). */
  onSarifIds: (ids: readonly string[]) => void;
  /** Which sinks to return, in their usual order (default: all). `mode: publish` leaves out annotations and the artifact. */
  only?: readonly GitHubSinkKind[];
  /** A matrix leg (mode: scan): the comment says which leg above its heading (the marker already carries the key). */
  leg?: MatrixLeg;
  /**
   * The ref and commit of the code scanning upload when the caller knows them (`mode: publish`: refs/pull/N/head at
   * the head commit the API confirmed). Otherwise they are chosen from the run and the checked-out commit.
   */
  uploadTarget?: { ref: string; commitSha: string };
  /** Where findings.json is, in the report's words (trusted Markdown); default: in the `artifact-name` artifact. */
  reportLocation?: string;
  /**
   * `baseline: auto` on a push run of the default branch: upload baseline.json as this artifact (`baseline-artifact`),
   * for pull request runs to compare against (github/baseline-artifact.ts). Undefined: not uploaded.
   */
  baselineArtifact?: string;
  /** On a pull request: the files it changes (the check run annotates findings in them); undefined when unknown. */
  changedPaths?: ReadonlySet<string>;
  /** Why the changed files are unknown on a pull request. */
  changedPathsUnavailable?: string;
  /** `dependency-snapshot`: submit the snapshots scanners wrote to the dependency graph. */
  dependencySnapshot?: boolean;
}

export const GITHUB_SINK_KINDS = ['summary', 'annotations', 'code-scanning', 'comment', 'check-run', 'dependency-snapshot', 'artifact', 'baseline-artifact'] as const;
export type GitHubSinkKind = (typeof GITHUB_SINK_KINDS)[number];

/** Where findings.json can be found, for the notes and links of the report. */
function defaultReportLocation(s: PublishSettings, ctx: SinkContext): string {
  return s.artifactName ? `findings.json in the \`${s.artifactName}\` artifact` : ctx.files.json;
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The GitHub edges, in order: job summary, annotations, code scanning upload, PR comment, artifact. Each is a sink:
 * a failure becomes a warning that says what to change, and never changes the gate's decision.
 */
export function githubSinks(d: GitHubSinkDeps): Sink[] {
  const s = d.settings;
  const reportLocation = (settings: PublishSettings, ctx: SinkContext) => d.reportLocation ?? defaultReportLocation(settings, ctx);
  const repository = d.runEnv.owner && d.runEnv.repo ? { owner: d.runEnv.owner, repo: d.runEnv.repo } : undefined;

  const summary: Sink = {
    id: 'job summary',
    async run(ctx) {
      for (const [scanner, left] of Object.entries(ctx.files.sarifLeftOut)) {
        ctx.notes.push(`${n(left)} ${scanner} results were left out of the code scanning upload (GitHub accepts ${n(SARIF_LIMITS.maxResultsPerRun)} per run); all are in ${reportLocation(s, ctx)}.`);
      }
      await writeJobSummary(ctx.report, d.writeSummary, { reportLocation: reportLocation(s, ctx) });
    },
  };

  const annotations: Sink = {
    id: 'annotations',
    async run(ctx) {
      if (s.annotations) annotate(ctx.report.findings, d.emit, { reportLocation: `the job summary and ${reportLocation(s, ctx)}` });
    },
  };

  const codeScanning: Sink = {
    id: 'code scanning upload',
    async run(ctx) {
      if (!s.uploadSarif || ctx.files.sarifFiles.length === 0) return;
      const { runEnv } = d;
      if (!repository || (!d.uploadTarget && (!runEnv.sha || !runEnv.ref))) {
        ctx.logger.info('Code scanning upload skipped: not running in GitHub Actions (GITHUB_REPOSITORY, GITHUB_SHA or GITHUB_REF is not set).');
        return;
      }
      if (!d.client) {
        ctx.logger.warning("Code scanning upload skipped: input 'github-token' is empty. Pass a token with security-events: write, or set upload-sarif: false.");
        return;
      }
      const pr = runEnv.event.pullRequest;
      const ref = d.uploadTarget
        ? { ...d.uploadTarget, reason: 'given by the caller' }
        : chooseRef({
            eventName: runEnv.event.name,
            ref: runEnv.ref!,
            sha: runEnv.sha!,
            prNumber: pr?.number,
            headSha: pr?.headSha,
            checkedOutSha: await readCommitSha(d.runner, d.workspace),
            mergeSha: pr ? await readCommitSha(d.runner, d.workspace, `refs/remotes/pull/${pr.number}/merge`) : undefined,
          });
      ctx.logger.debug(`code scanning ref ${ref.ref} @ ${ref.commitSha}: ${ref.reason}`);
      const up = await uploadSarifFiles(d.client, {
        ...repository,
        files: ctx.files.sarifFiles,
        commitSha: ref.commitSha,
        ref: ref.ref,
        checkoutUri: toCheckoutUri(d.workspace),
        startedAt: d.startedAt,
        waitForProcessing: s.waitForProcessing,
        logger: ctx.logger,
      });
      d.onSarifIds(up.sarifIds);
      for (const l of up.leftOut) ctx.notes.push(`${n(l.leftOut)} ${l.tool} results were left out of the code scanning upload to stay within GitHub's limits; all are in ${reportLocation(s, ctx)}.`);
      for (const w of up.warnings) ctx.notes.push(`⚠️ ${w}`);
    },
  };

  const comment: Sink = {
    id: 'PR comment',
    async run(ctx) {
      const pr = d.runEnv.event.pullRequest?.number;
      if (pr === undefined || s.comment === 'never' || !repository) return;
      if (!d.client) {
        ctx.logger.warning("PR comment skipped: input 'github-token' is empty. Pass a token with pull-requests: write, or set comment: never.");
        return;
      }
      const marker = commentMarker(d.runEnv.context.workflow ?? '', d.runEnv.context.job ?? '', s.commentKey || undefined);
      const published = await publishComment(d.client, {
        ...repository,
        issueNumber: pr,
        marker,
        logger: ctx.logger,
        selfLogin: await resolveSelfLogin(d.client, ctx.logger),
        mode: s.comment,
        report: ctx.report,
        body: () => renderReport(ctx.report, { maxChars: COMMENT_MAX_CHARS, marker: d.leg ? `${marker}\n${legHeading(d.leg)}` : marker, reportLocation: reportLocation(s, ctx), notes: ctx.notes }),
      });
      // A failed comment has been logged as a warning by publishComment.
      if (published.action !== 'failed' && published.action !== 'skipped') ctx.logger.info(`PR comment ${published.action}${published.url ? `: ${published.url}` : ''}`);
    },
  };

  const artifact: Sink = {
    id: 'report artifact',
    async run(ctx) {
      // Never throws: a failure is logged as a warning naming what to change.
      await uploadReports({
        name: s.artifactName,
        files: artifactFiles(ctx),
        rootDir: ctx.files.outputDir,
        retentionDays: s.retentionDays > 0 ? s.retentionDays : undefined,
        logger: ctx.logger,
        env: d.artifactEnv,
      });
    },
  };

  const baselineArtifact: Sink = {
    id: 'baseline artifact',
    async run(ctx) {
      if (d.baselineArtifact === undefined || !ctx.files.baseline) return;
      // Never throws: a failure is logged as a warning naming what to change.
      await uploadReports({
        name: d.baselineArtifact,
        files: [ctx.files.baseline],
        rootDir: ctx.files.outputDir,
        retentionDays: s.retentionDays > 0 ? s.retentionDays : undefined,
        logger: ctx.logger,
        env: d.artifactEnv,
        kind: { what: 'baseline artifact', input: 'baseline-artifact' },
      });
    },
  };

  const checkRun = checkRunSink({
    enabled: s.checkRun,
    client: d.client,
    runEnv: d.runEnv,
    ...(d.changedPaths ? { changedPaths: d.changedPaths } : {}),
    ...(d.changedPathsUnavailable ? { changedPathsUnavailable: d.changedPathsUnavailable } : {}),
    startedAt: d.startedAt,
    ...(d.leg ? { legKey: d.leg.key } : {}),
  });
  // A matrix leg's snapshot has its own correlator (`<workflow>_<job>_<key>`): legs would otherwise replace each other's.
  const snapshotEnv = d.leg ? { ...d.runEnv, context: { ...d.runEnv.context, job: `${d.runEnv.context.job ?? ''}_${d.leg.key}` } } : d.runEnv;
  const dependencySnapshot = dependencySnapshotSink({ enabled: d.dependencySnapshot === true, client: d.client, runEnv: snapshotEnv });
  const all: Record<GitHubSinkKind, Sink> = { summary, annotations, 'code-scanning': codeScanning, comment, artifact, 'baseline-artifact': baselineArtifact, 'check-run': checkRun, 'dependency-snapshot': dependencySnapshot };
  return GITHUB_SINK_KINDS.filter((k) => !d.only || d.only.includes(k)).map((k) => all[k]);
}

/** The files the action wrote: SARIF, findings.json, summary.md, baseline.json, report.html (and .pdf), remediation.patch and what scanners wrote for the user (Falco's files). */
function artifactFiles(ctx: SinkContext): string[] {
  return [...ctx.files.sarifFiles, ctx.files.json, ctx.files.markdown, ...(ctx.files.baseline ? [ctx.files.baseline] : []), ...(ctx.files.metrics ? [ctx.files.metrics] : []), ...(ctx.files.html ? [ctx.files.html] : []), ...(ctx.files.pdf ? [ctx.files.pdf] : []), ...(ctx.files.patch ? [ctx.files.patch] : []), ...ctx.files.extraFiles].sort();
}
