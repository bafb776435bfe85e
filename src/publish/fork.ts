/**
 * `mode: publish`: publishes the report of a pull request scan run from a `workflow_run` workflow, without
 * trusting the run's artifact (a fork's pull request runs the fork's own copy of the workflow, so the fork wrote
 * it). No scanner runs. In order:
 * 1. the event must be a workflow_run of a `pull_request` run (event.ts);
 * 2. findings.json is validated against the report schema (report/schema.ts) — a refusal names the path;
 * 3. the pull request comes from GitHub: an open pull request whose head is the run's head commit (pull-request.ts),
 *    never from a file of the artifact;
 * 4. the report is rebuilt from the findings and scanner states (rebuild.ts): counts, risk and the decision are
 *    recomputed, the comment is rendered by the sinks from that report; summary.md is never read;
 * 5. each sarif/*.sarif is checked (sarif-check.ts); a refused file is named in the log and not uploaded.
 * main.ts then runs the summary, code scanning and comment sinks on the result (no annotations, no artifact).
 */
import { basename, resolve } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { GitHubClient } from '../github/client.js';
import type { RunEnvironment } from '../github/context.js';
import type { Logger } from '../logger.js';
import { codeSpan } from '../report/escape.js';
import { parseFindingsDocument, quote } from '../report/schema.js';
import type { ScanReport, RunContext } from '../report/types.js';
import type { WrittenReports } from '../report/write.js';
import { listArtifact, MAX_FINDINGS_BYTES, MAX_SARIF_BYTES, readRegularFile } from './artifact.js';
import { readWorkflowRun, requirePullRequestRun, type WorkflowRun } from './event.js';
import { findPullRequest, type ResolvedPull } from './pull-request.js';
import { rebuildReport } from './rebuild.js';
import { insightsFor } from '../insights/index.js';
import { planUpgrades } from '../remediate/upgrades.js';
import { SCANNERS } from '../scanners/registry.js';
import type { IgnoreRules } from '../findings/suppress.js';
import { PublishRefused } from './refused.js';
import { legReportDir } from '../modes/matrix.js';
import { checkSarif, SARIF_PROBLEMS, type SarifProblem } from './sarif-check.js';

/** What main.ts knows about this (the publish) run: its own, trusted, variables. */
export interface PublishRunVariables {
  eventName?: string;
  repository?: string;
  serverUrl?: string;
  apiUrl: string;
  workflow?: string;
  job?: string;
}

export interface ForkPublishDeps {
  settings: Pick<Settings, 'publish' | 'gate' | 'scan' | 'extras'>;
  /** This checkout's suppressions (the default branch's): the fork run's own are not trusted. */
  suppressions?: IgnoreRules;
  vars: PublishRunVariables;
  /** The event payload's text (GITHUB_EVENT_PATH). */
  payload: string | undefined;
  workspace: string;
  client: GitHubClient;
  logger: Logger;
  /** Now (tests fix it): the ignore file's expiry dates and the SLAs are evaluated at it. */
  now?: () => Date;
}

export interface RefusedSarif {
  /** The file's name in the artifact's sarif/ directory. */
  file: string;
  problem: SarifProblem;
  message: string;
}

export interface ForkPublication {
  report: ScanReport;
  /** The accepted SARIF files and findings.json, in the shape the sinks read. */
  files: WrittenReports;
  /** This run as the sinks see it: the pull request from the API, its head commit. */
  runEnv: RunEnvironment;
  uploadTarget: { ref: string; commitSha: string };
  /** Lines shown with the report (trusted Markdown: artifact text only inside code spans). */
  notes: string[];
  reportLocation: string;
  run: WorkflowRun;
  pull: ResolvedPull;
  refused: RefusedSarif[];
}

export const REPORT_LOCATION = 'findings.json in the artifacts of the scan run';

export async function prepareForkPublication(d: ForkPublishDeps): Promise<ForkPublication> {
  const { logger } = d;
  const [owner, repo] = (d.vars.repository ?? '').split('/');
  if (!owner || !repo) throw new PublishRefused('GITHUB_REPOSITORY is not set: mode: publish runs in GitHub Actions.');

  // 1. The event.
  const run = readWorkflowRun(d.vars.eventName, d.payload);
  requirePullRequestRun(run);
  logger.info(`Publishing scan run ${run.id}${run.name ? ` (${quote(run.name)})` : ''} of head commit ${run.headSha}.`);

  // 2. findings.json.
  const reportDir = await legReportDir(resolve(d.workspace, d.settings.publish.reportDir), d.settings.publish, logger);
  const listing = await listArtifact(reportDir);
  if ('error' in listing) throw new PublishRefused(`input 'report-dir' (${reportDir}) ${listing.error}: download the scan run's report artifact there with actions/download-artifact.`);
  const read = await readRegularFile(listing.findingsJson, MAX_FINDINGS_BYTES);
  if (!read.ok) throw new PublishRefused(`findings.json of the artifact (${listing.findingsJson}) ${read.reason}; nothing was published.`);
  const parsed = parseFindingsDocument(read.text);
  if (!parsed.ok) {
    throw new PublishRefused(`findings.json of the artifact is not a valid security-scan report; nothing was published:\n${parsed.problems.map((p) => `- ${p}`).join('\n')}`);
  }
  if (listing.ignored.length > 0) {
    const shown = listing.ignored.slice(0, 20).join(', ');
    logger.info(`Never read from the artifact (the report is rebuilt from findings.json): ${shown}${listing.ignored.length > 20 ? `, and ${listing.ignored.length - 20} more` : ''}.`);
  }

  // 3. The pull request, from GitHub.
  const pull = await findPullRequest(d.client, { owner, repo, run, logger });
  logger.info(`The scan run belongs to pull request #${pull.number}${pull.headRepository ? ` (head ${quote(pull.headRepository)})` : ''}, found through the GitHub API.`);

  // 4. The report, rebuilt.
  const context: RunContext = { serverUrl: d.vars.serverUrl ?? 'https://github.com', repository: `${owner}/${repo}`, sha: pull.headSha, runId: String(run.id), pullRequest: pull.number };
  if (run.attempt !== undefined) context.runAttempt = String(run.attempt);
  if (d.vars.workflow) context.workflow = d.vars.workflow;
  if (d.vars.job) context.job = d.vars.job;
  const { report, disagreements } = rebuildReport(parsed.document, {
    severities: d.settings.scan.severities,
    failOn: d.settings.gate.failOn,
    failurePolicy: d.settings.gate.failurePolicy,
    context,
    ...(d.suppressions ? { suppressions: d.suppressions } : {}),
    // The ignore file's expiry dates are checked against now (without it no entry would ever expire here).
    now: (d.now ?? (() => new Date()))().toISOString(),
  });
  for (const line of disagreements) logger.warning(`${line} The artifact's value is not used.`);
  // Insights (recommendations, compliance, SLAs) are recomputed from the findings, never taken from the fork's run.
  const ids = new Set(report.scanners.map((s) => s.id));
  report.insights = insightsFor(report, { now: (d.now ?? (() => new Date()))().toISOString(), compliance: d.settings.extras.compliance, scanners: SCANNERS.filter((s) => ids.has(s.id)), planUpgrades });
  const notes: string[] = [];
  if (parsed.document.decision !== report.gate.decision) {
    notes.push(`The scan run’s findings.json said **${parsed.document.decision}**; the verdict above is recomputed from its findings with fail-on \`${d.settings.gate.failOn}\`.`);
  }

  // 5. SARIF.
  const accepted: string[] = [];
  const refused: RefusedSarif[] = [];
  if (d.settings.publish.uploadSarif) {
    const taken = new Set<string>();
    for (const file of listing.sarifFiles) {
      const name = basename(file);
      const text = await readRegularFile(file, MAX_SARIF_BYTES);
      const check = text.ok ? checkSarif(text.text, { categoryPrefix: d.settings.publish.categoryPrefix, taken }) : ({ ok: false, problem: 'file', message: `the file ${text.reason}` } as const);
      if (check.ok) {
        for (const c of check.categories) taken.add(c);
        accepted.push(file);
        logger.info(`SARIF ${quote(`sarif/${name}`)} accepted: ${check.runs} run(s), ${check.categories.map((c) => quote(c)).join(', ')}.`);
      } else {
        refused.push({ file: name, problem: check.problem, message: check.message });
        logger.warning(`Refused SARIF ${quote(`sarif/${name}`)} of the artifact, not uploaded: ${check.message}.`);
      }
    }
    if (refused.length > 0) {
      const names = refused.slice(0, 10).map((r) => `${codeSpan(r.file, { inTable: false, maxLength: 60 })} (${SARIF_PROBLEMS[r.problem]})`);
      notes.push(`⚠️ ${refused.length} SARIF file${refused.length > 1 ? 's' : ''} of the scan run ${refused.length > 1 ? 'were' : 'was'} refused and not uploaded to code scanning: ${names.join(', ')}${refused.length > 10 ? ', …' : ''}.`);
    }
  }

  const runEnv: RunEnvironment = {
    event: { name: 'workflow_run', pullRequest: { number: pull.number, baseSha: pull.baseSha, headSha: pull.headSha, baseRef: pull.baseRef, headRef: pull.headRef } },
    context,
    owner,
    repo,
    sha: pull.headSha,
    ref: `refs/pull/${pull.number}/head`,
    headSha: pull.headSha,
    apiUrl: d.vars.apiUrl,
  };
  const files: WrittenReports = {
    outputDir: reportDir,
    sarifDir: listing.sarifDir,
    sarifFiles: accepted,
    sarifLeftOut: {},
    json: listing.findingsJson,
    // The artifact's summary.md is never read: the sinks render the comment and the summary from `report`.
    markdown: '',
    extraFiles: [],
  };
  return {
    report,
    files,
    runEnv,
    uploadTarget: { ref: `refs/pull/${pull.number}/head`, commitSha: pull.headSha },
    notes,
    reportLocation: REPORT_LOCATION,
    run,
    pull,
    refused,
  };
}
