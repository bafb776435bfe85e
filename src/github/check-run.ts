/**
 * The `security-scan` check run (`check-run: true`, needs `checks: write`): created in progress on the commit the
 * pull request shows (its head; GITHUB_SHA on other events), then updated with the findings as annotations, 50 per
 * request as the Checks API requires; the last update completes it with the gate's conclusion (failure when the
 * gate blocks, success when it proceeds, neutral when no scanner ran). Unlike workflow-command annotations (10 per
 * level per step), these carry every finding in the files the pull request changes, up to MAX_ANNOTATIONS.
 *
 * What the request carries is ours or cleaned: titles and messages are plain, capped text built from the finding's
 * severity, rule id, title and package (a secret finding's title is its redacted form; secret values never enter
 * the model). Paths that are not plain repository-relative paths are not annotated.
 */
import type { Finding, Severity } from '../findings/model.js';
import { SEVERITIES } from '../findings/model.js';
import { LABEL, compareSeverity } from '../findings/severity.js';
import type { Logger } from '../logger.js';
import { plainText, truncate } from '../report/escape.js';
import type { ScanReport } from '../report/types.js';
import type { GitHubClient } from './client.js';
import { describeHttpError, githubMessage, isHttpError } from './http-errors.js';

export const CHECK_RUN_NAME = 'security-scan';
/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/**
 * At most this many annotations per run (40 requests): more would run into GitHub's secondary rate limit for
 * content-creating requests (80 a minute). The rest are counted in the summary and are all in the report.
 */
export const MAX_ANNOTATIONS = 2000;
/** The Checks API's text limits. */
export const CHECK_LIMITS = { title: 255, summary: 65_535, text: 65_535, annotationMessage: 64 * 1024, annotationTitle: 255, rawDetails: 64 * 1024 } as const;

export type CheckAnnotationLevel = 'failure' | 'warning' | 'notice';
export const CHECK_LEVEL: Record<Severity, CheckAnnotationLevel> = { critical: 'failure', high: 'failure', medium: 'warning', low: 'notice', info: 'notice' };

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: CheckAnnotationLevel;
  title: string;
  message: string;
}

export type Conclusion = 'success' | 'failure' | 'neutral';

export function conclusionOf(report: ScanReport): Conclusion {
  if (report.gate.decision === 'BLOCK') return 'failure';
  return report.scanners.some((s) => s.state === 'ok') ? 'success' : 'neutral';
}

/** A plain repository-relative path (no absolute path, no `..`, no backslash or control character). */
export function isAnnotatablePath(path: string | undefined): path is string {
  if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return false;
  return !path.split('/').some((seg) => seg === '..' || seg === '.' || seg === '');
}

const cap = (s: string, max: number) => truncate(plainText(s), max);

/** Plain text within `maxBytes` of UTF-8 (the API counts the annotation message in bytes). */
function capBytes(s: string, maxBytes: number): string {
  let out = truncate(plainText(s), maxBytes);
  for (let chars = [...out].length; Buffer.byteLength(out) > maxBytes; ) {
    chars = Math.floor(chars * 0.9);
    out = truncate(plainText(s), chars);
  }
  return out;
}

export function toAnnotation(f: Finding & { location: { path: string } }): CheckAnnotation {
  const { path, startLine, endLine, startColumn, endColumn } = f.location;
  const start = startLine !== undefined && startLine > 0 ? startLine : 1;
  const end = endLine !== undefined && endLine >= start ? endLine : start;
  const parts = [f.title];
  if (f.package) parts.push(`${f.package.name}@${f.package.version} (${f.package.fixedVersion ? `fixed in ${f.package.fixedVersion}` : 'no fix yet'})`);
  const scanners = [...new Set(f.sources.map((s) => s.scanner))].join(', ');
  if (scanners) parts.push(`reported by ${scanners}`);
  if (f.baseline === 'new') parts.push('new in this change');
  const a: CheckAnnotation = {
    path,
    start_line: start,
    end_line: end,
    annotation_level: CHECK_LEVEL[f.severity],
    title: cap(`${LABEL[f.severity]}: ${f.ruleId}`, CHECK_LIMITS.annotationTitle),
    message: capBytes(parts.join(' — '), CHECK_LIMITS.annotationMessage),
  };
  if (start === end && startColumn !== undefined && startColumn > 0) {
    a.start_column = startColumn;
    if (endColumn !== undefined && endColumn >= startColumn) a.end_column = endColumn;
  }
  return a;
}

export interface Selection {
  annotations: CheckAnnotation[];
  /** Findings in scope that are not annotated (over MAX_ANNOTATIONS). */
  overCap: number;
  /** Findings outside the scope (other files, no file, a path we do not annotate). */
  outOfScope: number;
  scope: string;
}

/**
 * The findings to annotate, most severe first: those in `changedPaths` when given (a pull request whose diff was
 * read), else every finding in a file; at most `max`.
 */
export function selectAnnotations(findings: readonly Finding[], changedPaths: ReadonlySet<string> | undefined, max = MAX_ANNOTATIONS): Selection {
  const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => compareSeverity(a.f.severity, b.f.severity) || a.i - b.i).map((x) => x.f);
  const inScope = sorted.filter((f): f is Finding & { location: { path: string } } => isAnnotatablePath(f.location.path) && (!changedPaths || changedPaths.has(f.location.path)));
  return {
    annotations: inScope.slice(0, max).map(toAnnotation),
    overCap: Math.max(0, inScope.length - max),
    outOfScope: findings.length - inScope.length,
    scope: changedPaths ? 'in the files this pull request changes' : 'in files',
  };
}

const n = (x: number) => x.toLocaleString('en-US');

export function checkTitle(report: ScanReport): string {
  const counts = SEVERITIES.filter((s) => report.counts[s] > 0).map((s) => `${report.counts[s]} ${s}`);
  const verdict = report.gate.decision === 'BLOCK' ? 'blocked' : 'passed';
  return cap(`security-scan ${verdict}: ${report.total === 0 ? 'no findings' : counts.join(', ')}`, CHECK_LIMITS.title);
}

export function checkSummary(report: ScanReport, sel: Selection, extra: readonly string[] = []): string {
  const lines = [
    `**${report.gate.decision}** (fail-on: ${report.gate.failOn}) — ${n(report.total)} finding${report.total === 1 ? '' : 's'}, risk ${report.risk}.`,
    '',
    '| Severity | Findings |',
    '| --- | ---: |',
    ...SEVERITIES.map((s) => `| ${LABEL[s]} | ${n(report.counts[s])} |`),
    '',
  ];
  if (report.baseline?.found) lines.push(`${n(report.baseline.new)} new, ${n(report.baseline.unchanged)} existing, ${n(report.baseline.fixed.length)} fixed.`, '');
  for (const r of report.gate.reasons) lines.push(`- ${plainText(r)}`);
  lines.push('', `${n(sel.annotations.length)} finding${sel.annotations.length === 1 ? '' : 's'} ${sel.scope} ${sel.annotations.length === 1 ? 'is' : 'are'} annotated.`);
  if (sel.overCap > 0) lines.push(`${n(sel.overCap)} more ${sel.scope} are not annotated (at most ${n(MAX_ANNOTATIONS)} per check run); all are in the report.`);
  if (sel.outOfScope > 0) lines.push(`${n(sel.outOfScope)} finding${sel.outOfScope === 1 ? '' : 's'} elsewhere (other files, images, no file) ${sel.outOfScope === 1 ? 'is' : 'are'} in the job summary and the report.`);
  for (const e of extra) lines.push('', e);
  return truncate(lines.join('\n'), CHECK_LIMITS.summary);
}

export interface CheckRunOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  headSha: string;
  report: ScanReport;
  /** The pull request's changed files; undefined on other events or when the diff could not be read. */
  changedPaths?: ReadonlySet<string>;
  /** Why the changed files are not known on a pull request (said in the summary). */
  changedPathsUnavailable?: string;
  detailsUrl?: string;
  /** The check run's name: CHECK_RUN_NAME, or `security-scan (<leg key>)` for a matrix leg (checkRunName). */
  name?: string;
  startedAt: Date;
  now?: () => Date;
  logger: Logger;
}

/** A matrix leg's check run carries its key, as GitHub names a matrix job's legs: `security-scan (image=app-1)`. */
export function checkRunName(legKey: string | undefined): string {
  return legKey ? `${CHECK_RUN_NAME} (${legKey})` : CHECK_RUN_NAME;
}

export interface CheckRunResult {
  id?: number;
  annotations: number;
  requests: number;
  conclusion: Conclusion;
  /** Set when it failed; already logged as a warning. */
  warning?: string;
}

function explain(e: unknown, doing: string, repository: string): string {
  if (!isHttpError(e)) throw e;
  if (e.status === 403 && /resource not accessible by integration/i.test(githubMessage(e))) {
    return (
      `The check run was not ${doing}: the token may not write check runs in ${repository} (403 ${githubMessage(e)}). ` +
      "Add `checks: write` to the job's `permissions:`, or set `check-run: false`. On pull requests from forks GitHub " +
      'hands out a read-only token whatever `permissions:` says: the findings are still in the job summary, the annotations and the report artifact.'
    );
  }
  return `The check run was not ${doing}: ${describeHttpError(e, 'other', repository)}`;
}

/** Creates and completes the check run. Never throws for HTTP failures: they are one warning. */
export async function publishCheckRun(o: CheckRunOptions): Promise<CheckRunResult> {
  const now = o.now ?? (() => new Date());
  const repository = `${o.owner}/${o.repo}`;
  const sel = selectAnnotations(o.report.findings, o.changedPaths);
  const conclusion = conclusionOf(o.report);
  const extra = o.changedPathsUnavailable ? [`The pull request's changed files could not be read (${plainText(o.changedPathsUnavailable)}), so findings in any file are annotated.`] : [];
  const title = checkTitle(o.report);
  let requests = 0;
  let id: number;
  try {
    requests += 1;
    const created = await o.client.rest.checks.create({
      owner: o.owner,
      repo: o.repo,
      name: o.name ?? CHECK_RUN_NAME,
      head_sha: o.headSha,
      status: 'in_progress',
      started_at: o.startedAt.toISOString(),
      ...(o.detailsUrl ? { details_url: o.detailsUrl } : {}),
      output: { title, summary: checkSummary(o.report, { ...sel, annotations: [] }, ['Annotating…']) },
    });
    id = created.data.id;
  } catch (e) {
    const warning = explain(e, 'created', repository);
    o.logger.warning(warning);
    return { annotations: 0, requests, conclusion, warning };
  }

  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < sel.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(sel.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  let sent = 0;
  let failed: string | undefined;
  for (const [i, batch] of batches.entries()) {
    const last = i === batches.length - 1;
    try {
      requests += 1;
      await o.client.rest.checks.update({
        owner: o.owner,
        repo: o.repo,
        check_run_id: id,
        ...(last ? { status: 'completed' as const, conclusion, completed_at: now().toISOString() } : {}),
        output: { title, summary: checkSummary(o.report, sel, extra), ...(batch.length > 0 ? { annotations: batch } : {}) },
      });
      sent += batch.length;
    } catch (e) {
      failed = explain(e, last ? 'completed' : 'fully annotated', repository);
      break;
    }
  }
  if (failed !== undefined) {
    // Do not leave the run in progress: complete it without the remaining annotations, saying so.
    try {
      requests += 1;
      await o.client.rest.checks.update({
        owner: o.owner,
        repo: o.repo,
        check_run_id: id,
        status: 'completed',
        conclusion,
        completed_at: now().toISOString(),
        output: { title, summary: checkSummary(o.report, sel, [...extra, `Only ${n(sent)} of ${n(sel.annotations.length)} annotations could be added; all findings are in the report.`]) },
      });
    } catch {
      // The first failure is the one worth reporting.
    }
    o.logger.warning(failed);
    return { id, annotations: sent, requests, conclusion, warning: failed };
  }
  o.logger.info(`Check run ${o.name ?? CHECK_RUN_NAME} completed (${conclusion}) with ${n(sent)} annotation${sent === 1 ? '' : 's'} in ${requests} requests.`);
  return { id, annotations: sent, requests, conclusion };
}

export interface CheckRunSinkDeps {
  enabled: boolean;
  client: GitHubClient | undefined;
  runEnv: import('./context.js').RunEnvironment;
  changedPaths?: ReadonlySet<string>;
  changedPathsUnavailable?: string;
  startedAt: Date;
  /** A matrix leg's key: its check run is named by it (legs would otherwise each create one `security-scan`). */
  legKey?: string;
}

/** The check run as a sink: skipped when off or outside Actions; a missing token or permission is a warning. */
export function checkRunSink(d: CheckRunSinkDeps): import('../sinks.js').Sink {
  return {
    id: 'check run',
    async run(ctx) {
      if (!d.enabled) return;
      const { owner, repo } = d.runEnv;
      const headSha = d.runEnv.event.pullRequest?.headSha ?? d.runEnv.sha;
      if (!owner || !repo || !headSha) {
        ctx.logger.info('Check run skipped: not running in GitHub Actions (GITHUB_REPOSITORY or GITHUB_SHA is not set).');
        return;
      }
      if (!d.client) {
        ctx.logger.warning("Check run skipped: input 'github-token' is empty. Pass a token with checks: write, or set check-run: false.");
        return;
      }
      const c = d.runEnv.context;
      const detailsUrl = c.serverUrl && c.repository && c.runId ? `${c.serverUrl}/${c.repository}/actions/runs/${c.runId}` : undefined;
      await publishCheckRun({
        client: d.client,
        owner,
        repo,
        headSha,
        report: ctx.report,
        ...(d.runEnv.event.pullRequest && d.changedPaths ? { changedPaths: d.changedPaths } : {}),
        ...(d.runEnv.event.pullRequest && !d.changedPaths && d.changedPathsUnavailable ? { changedPathsUnavailable: d.changedPathsUnavailable } : {}),
        ...(detailsUrl ? { detailsUrl } : {}),
        ...(d.legKey ? { name: checkRunName(d.legKey) } : {}),
        startedAt: d.startedAt,
        logger: ctx.logger,
      });
    },
  };
}
