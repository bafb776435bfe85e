import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommonSettings } from '../config/settings.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { WrittenReports } from '../pipeline.js';
import { COMMENT_MAX_CHARS, renderReport } from '../report/markdown.js';
import type { ScanReport } from '../report/types.js';
import type { CommandRunner } from '../scanners/process.js';
import { annotate, type AnnotationEmitter } from './annotations.js';
import { uploadReports } from './artifacts.js';
import type { GitHubClient } from './client.js';
import { commentMarker, publishComment, resolveSelfLogin } from './comment.js';
import type { RunEnvironment } from './context.js';
import { chooseRef, readCommitSha } from './ref.js';
import { writeJobSummary } from './summary.js';
import { toCheckoutUri, uploadSarifFiles } from './upload.js';

export interface PublishDeps {
  settings: CommonSettings;
  report: ScanReport;
  files: WrittenReports;
  runEnv: RunEnvironment;
  workspace: string;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger & { notice?: (message: string) => void };
  /** Undefined when there is no token: uploads and the comment are skipped with a warning. */
  client: GitHubClient | undefined;
  emit: AnnotationEmitter;
  writeSummary: (markdown: string) => Promise<unknown>;
  runner: CommandRunner;
  startedAt: Date;
}

export interface PublishResult {
  sarifIds: string[];
  /** Everything that went wrong on GitHub's side; none of it changes the gate's decision. */
  warnings: string[];
}

/**
 * The GitHub edges, in order: job summary, annotations, code scanning upload, PR comment, artifact. Each step is
 * independent: a failure becomes a warning that says what to change, and never changes the gate's decision.
 */
export async function publish(d: PublishDeps): Promise<PublishResult> {
  const { settings: s, report, runEnv, logger } = d;
  const result: PublishResult = { sarifIds: [], warnings: [] };
  const warn = (m: string) => {
    result.warnings.push(m);
    logger.warning(m);
  };
  const reportLocation = s.artifactName ? `findings.json in the \`${s.artifactName}\` artifact` : `${d.files.json}`;
  const notes: string[] = Object.entries(d.files.sarifLeftOut).map(
    ([scanner, n]) => `${n.toLocaleString('en-US')} ${scanner} results were left out of the code scanning upload (GitHub accepts 25,000 per run); all are in ${reportLocation}.`,
  );

  try {
    await writeJobSummary(report, d.writeSummary, { reportLocation });
  } catch (e) {
    warn(`The job summary could not be written: ${errorMessage(e)}`);
  }

  if (s.annotations) annotate(report.findings, d.emit, { reportLocation: `the job summary and ${reportLocation}` });

  const repository = runEnv.owner && runEnv.repo ? { owner: runEnv.owner, repo: runEnv.repo } : undefined;
  if (s.uploadSarif && d.files.sarifFiles.length > 0) {
    if (!repository || !runEnv.sha || !runEnv.ref) {
      logger.info('Code scanning upload skipped: not running in GitHub Actions (GITHUB_REPOSITORY, GITHUB_SHA or GITHUB_REF is not set).');
    } else if (!d.client) {
      warn("Code scanning upload skipped: input 'github-token' is empty. Pass a token with security-events: write, or set upload-sarif: false.");
    } else {
      const ref = chooseRef({
        eventName: runEnv.event.name,
        ref: runEnv.ref,
        sha: runEnv.sha,
        prNumber: runEnv.event.pullRequest?.number,
        headSha: runEnv.event.pullRequest?.headSha,
        checkedOutSha: await readCommitSha(d.runner, d.workspace),
        mergeSha: runEnv.event.pullRequest ? await readCommitSha(d.runner, d.workspace, `refs/remotes/pull/${runEnv.event.pullRequest.number}/merge`) : undefined,
      });
      logger.debug(`code scanning ref ${ref.ref} @ ${ref.commitSha}: ${ref.reason}`);
      const up = await uploadSarifFiles(d.client, {
        ...repository,
        files: d.files.sarifFiles,
        commitSha: ref.commitSha,
        ref: ref.ref,
        checkoutUri: toCheckoutUri(d.workspace),
        startedAt: d.startedAt,
        waitForProcessing: s.waitForProcessing,
        logger,
      });
      result.sarifIds.push(...up.sarifIds);
      result.warnings.push(...up.warnings);
      for (const l of up.leftOut) notes.push(`${l.leftOut.toLocaleString('en-US')} ${l.tool} results were left out of the code scanning upload to stay within GitHub's limits; all are in ${reportLocation}.`);
      for (const w of up.warnings) notes.push(`⚠️ ${w}`);
    }
  }

  const pr = runEnv.event.pullRequest?.number;
  if (pr !== undefined && s.comment !== 'never' && repository) {
    if (!d.client) {
      warn("PR comment skipped: input 'github-token' is empty. Pass a token with pull-requests: write, or set comment: never.");
    } else {
      const marker = commentMarker(runEnv.context.workflow ?? '', runEnv.context.job ?? '', s.commentKey || undefined);
      const published = await publishComment(d.client, {
        ...repository,
        issueNumber: pr,
        marker,
        logger,
        selfLogin: await resolveSelfLogin(d.client, logger),
        mode: s.comment,
        report,
        body: () => renderReport(report, { maxChars: COMMENT_MAX_CHARS, marker, reportLocation, notes }),
      });
      if (published.action === 'failed') result.warnings.push(published.message);
      else if (published.action !== 'skipped') logger.info(`PR comment ${published.action}${published.url ? `: ${published.url}` : ''}`);
    }
  }

  const artifact = await uploadReports({
    name: s.artifactName,
    // everything the run wrote to output-dir: SARIF, findings.json, summary.md and any scanner extras (Falco files)
    files: await filesUnder(d.files.outputDir),
    rootDir: d.files.outputDir,
    retentionDays: s.retentionDays > 0 ? s.retentionDays : undefined,
    logger,
    env: d.env,
  });
  if (artifact.status === 'failed') result.warnings.push(artifact.warning);
  return result;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}
