/**
 * Annotations on file/line for the findings that sit in workspace files, most severe first, within GitHub's
 * per-step limits (10 errors, 10 warnings, 10 notices; more are dropped by GitHub without a word). When findings
 * are left out, one extra notice says how many and where they are; a notice slot is kept free for it.
 *
 * `emit` is injected: main.ts passes `{ error: core.error, warning: core.warning, notice: core.notice }`
 * (@actions/core escapes the workflow-command syntax itself). Text is reduced to one plain line (no ANSI, no
 * control characters); annotations are not rendered as Markdown.
 */
import type { Finding, Severity } from '../findings/model.js';
import { SEVERITIES, scannersOf } from '../findings/model.js';
import { ICON, LABEL } from '../findings/severity.js';
import { plainText, truncate } from '../report/escape.js';
import { emptyCounts } from '../assess/counts.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** The subset of @actions/core's AnnotationProperties we set. */
export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

export type AnnotationEmitter = Record<AnnotationLevel, (message: string, properties?: AnnotationProps) => void>;

export const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

/** GitHub shows at most this many annotations of each level per step. */
export const ANNOTATION_LIMITS: Readonly<Record<AnnotationLevel, number>> = { error: 10, warning: 10, notice: 10 };

const MESSAGE_MAX = 1_000;
const TITLE_MAX = 200;

export interface AnnotateOptions {
  limits?: Readonly<Record<AnnotationLevel, number>>;
  /** Where the rest is, e.g. "the job summary and findings.json in the security-reports artifact". */
  reportLocation?: string;
}

export interface AnnotateResult {
  emitted: Record<AnnotationLevel, number>;
  /** Findings without an annotation (over the limits, or not in a workspace file), per severity. */
  notAnnotated: Record<Severity, number>;
  /** True when the closing "N more" notice was emitted. */
  summaryNotice: boolean;
}

function message(f: Finding): string {
  const parts = [plainText(f.title)];
  if (f.package) {
    const fix = f.package.fixedVersion ? `fixed in ${f.package.fixedVersion}` : 'no fix yet';
    parts.push(`${f.package.name}@${f.package.version} (${fix})`);
  }
  const scanners = scannersOf(f).join(', ');
  if (scanners) parts.push(`reported by ${scanners}`);
  return truncate(plainText(parts.join(' — ')), MESSAGE_MAX);
}

function properties(f: Finding): AnnotationProps {
  const { path, startLine, endLine, startColumn, endColumn } = f.location;
  const props: AnnotationProps = {
    title: truncate(plainText(`${ICON[f.severity]} ${LABEL[f.severity]}: ${f.ruleId}`), TITLE_MAX),
    file: path!,
  };
  if (startLine !== undefined && startLine > 0) {
    props.startLine = startLine;
    props.endLine = endLine !== undefined && endLine >= startLine ? endLine : startLine;
    // Columns are only meaningful on a single line.
    if (props.endLine === startLine && startColumn !== undefined && startColumn > 0) {
      props.startColumn = startColumn;
      if (endColumn !== undefined && endColumn >= startColumn) props.endColumn = endColumn;
    }
  }
  return props;
}

export function annotate(findings: readonly Finding[], emit: AnnotationEmitter, options: AnnotateOptions = {}): AnnotateResult {
  const limits = options.limits ?? ANNOTATION_LIMITS;
  // One pass, no sort: per severity, how many findings there are, how many sit in workspace files, and the first
  // of those (as many as their level can show), in the order given. Most severe first within a level, then that
  // order: what a stable sort by severity gave, without sorting 100k findings for 30 annotations.
  const total = emptyCounts();
  const inFile = emptyCounts();
  const firstInFile = Object.fromEntries(SEVERITIES.map((s) => [s, [] as Finding[]])) as Record<Severity, Finding[]>;
  for (const f of findings) {
    total[f.severity] += 1;
    if (typeof f.location.path !== 'string' || f.location.path === '') continue;
    inFile[f.severity] += 1;
    const kept = firstInFile[f.severity];
    if (kept.length < limits[ANNOTATION_LEVEL[f.severity]]) kept.push(f);
  }
  const levelOf = (level: AnnotationLevel) => SEVERITIES.filter((s) => ANNOTATION_LEVEL[s] === level);
  const inFileAt = (level: AnnotationLevel) => levelOf(level).reduce((n, s) => n + inFile[s], 0);
  const inFiles = SEVERITIES.reduce((n, s) => n + inFile[s], 0);

  // A notice slot is reserved for the summary when anything at all would be left out.
  const overflow = findings.length > inFiles || inFileAt('error') > limits.error || inFileAt('warning') > limits.warning || inFileAt('notice') > limits.notice;
  const cap: Record<AnnotationLevel, number> = {
    error: limits.error,
    warning: limits.warning,
    notice: overflow ? Math.max(0, limits.notice - 1) : limits.notice,
  };

  const emitted: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const annotatedBySeverity = emptyCounts();
  for (const level of ['error', 'warning', 'notice'] as const) {
    for (const f of levelOf(level).flatMap((s) => firstInFile[s]).slice(0, cap[level])) {
      emit[level](message(f), properties(f));
      emitted[level] += 1;
      annotatedBySeverity[f.severity] += 1;
    }
  }

  const notAnnotated = emptyCounts();
  for (const s of SEVERITIES) notAnnotated[s] = total[s] - annotatedBySeverity[s];
  const left = SEVERITIES.reduce((n, s) => n + notAnnotated[s], 0);
  let summaryNotice = false;
  if (left > 0 && limits.notice > 0) {
    const per = SEVERITIES.filter((s) => notAnnotated[s] > 0)
      .map((s) => `${LABEL[s]} ${notAnnotated[s]}`)
      .join(', ');
    const where = options.reportLocation ?? 'the job summary and the report artifact';
    emit.notice(
      `${left} more finding${left === 1 ? '' : 's'} not annotated (${per}): GitHub shows at most ` +
        `${limits.error} errors, ${limits.warning} warnings and ${limits.notice} notices per step, and only findings ` +
        `in workspace files get one. All findings are in ${where}.`,
      { title: 'security-scan: more findings in the report' },
    );
    emitted.notice += 1;
    summaryNotice = true;
  }
  return { emitted, notAnnotated, summaryNotice };
}
