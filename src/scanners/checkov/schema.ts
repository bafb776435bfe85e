import { z } from 'zod';
import { lineNumber, scannerId, scannerString } from '../validate.js';

/**
 * Checkov's JSON output (`-o json`), as far as the parser reads it — checked before it is read. Checkov prints one
 * of three shapes: a list of reports (several frameworks ran), one report object (one framework), or the
 * summary-only object (nothing was scanned). parse.ts tells them apart and checks each report with these schemas.
 *
 * Strict: a report has `results` (or `checks`, the full-report shape) that is an object; `failed_checks` is a list
 * of objects, each with a non-blank `check_id`; texts are strings; `file_line_range` is a list of whole numbers from
 * 0; summary counts are whole numbers from 0. A document that says checks failed without listing them is refused
 * (a report whose summary counts failures but has no `failed_checks`, or a summary-only object with `failed` > 0):
 * reading it as "no findings" would let the gate pass.
 * Tolerant: objects are loose (code_block, entity_tags, breadcrumbs, passed_checks… are neither checked nor read);
 * the fields Checkov prints as `null` when unset (guideline, description, bc_check_id, severity without an API key…)
 * may be `null`; `severity` may be anything (a word, a `{name}` object, null): one that is not a severity word is
 * inferred from the table in severity.ts, so the finding is kept either way. Lone UTF-16 surrogates in strings (Python
 * prints them for file names that are not valid UTF-8) become U+FFFD (validate.ts wellFormed).
 */

/** Checkov prints `null` for fields it has no value for. */
const optText = scannerString().nullish();
const count = z.number().int().min(0);

export const checkovFailedCheckSchema = z.looseObject({
  check_id: scannerId(),
  check_name: optText,
  check_result: z
    .looseObject({
      result: optText,
      evaluated_keys: z.array(scannerString()).nullish(),
    })
    .nullish(),
  severity: z.unknown().optional(),
  resource: optText,
  check_class: optText,
  bc_check_id: optText,
  file_path: optText,
  file_line_range: z.array(lineNumber()).nullish(),
  guideline: optText,
  description: optText,
  short_description: optText,
});

export const checkovSummarySchema = z.looseObject({
  passed: count.optional(),
  failed: count.optional(),
  skipped: count.optional(),
  parsing_errors: count.optional(),
  resource_count: count.optional(),
  checkov_version: scannerString().optional(),
});

const checkovResultsSchema = z.looseObject({ failed_checks: z.array(checkovFailedCheckSchema).optional() });

/** One framework's report: `{check_type, results: {failed_checks…}, summary}` (`checks` instead of `results` in the full-report shape). */
export const checkovReportSchema = z
  .looseObject({
    check_type: scannerString().optional(),
    results: checkovResultsSchema.optional(),
    checks: checkovResultsSchema.optional(),
    summary: checkovSummarySchema.optional(),
  })
  .superRefine((r, ctx) => {
    const results = r.results ?? r.checks;
    if (!results) {
      ctx.addIssue({ code: 'custom', path: ['results'], message: "is missing (and so is 'checks'), expected an object" });
      return;
    }
    const failed = r.summary?.failed ?? 0;
    if (failed > 0 && results.failed_checks === undefined) {
      ctx.addIssue({ code: 'custom', path: [r.results ? 'results' : 'checks', 'failed_checks'], message: `is missing, but summary.failed is ${failed}` });
    }
  });

/** What Checkov prints when nothing was scanned: the summary alone (`{"passed":0,"failed":0,…}`). */
export const checkovSummaryOnlySchema = checkovSummarySchema
  .extend({ passed: count, failed: count })
  .superRefine((s, ctx) => {
    if (s.failed > 0) ctx.addIssue({ code: 'custom', path: ['failed'], message: `is ${s.failed}, but a summary-only report lists no failed check` });
  });

export type CheckovFailedCheck = z.output<typeof checkovFailedCheckSchema>;
export type CheckovSummary = z.output<typeof checkovSummarySchema>;
export type CheckovReport = z.output<typeof checkovReportSchema>;
