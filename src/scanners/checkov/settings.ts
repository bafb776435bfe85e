import { list, quoted } from '../../config/fields.js';
import { section } from '../../config/schema.js';

export interface CheckovSettings {
  /** `--framework` values; empty = all frameworks (Checkov's default). */
  readonly frameworks: readonly string[];
  /** `--skip-check` values: check ids, wildcards (CKV_AWS_*) or severities. */
  readonly skipChecks: readonly string[];
}

const plural = (bad: string[]) => (bad.length > 1 ? 's' : '');

export const CHECKOV_INPUTS = {
  frameworks: {
    input: 'checkov-frameworks',
    default: '',
    field: list({
      pattern: /^[A-Za-z][A-Za-z0-9_]*$/,
      problem: (bad) => `has invalid value${plural(bad)} ${quoted(bad)}; use Checkov framework names such as terraform, kubernetes, dockerfile, github_actions, secrets, or all (comma-separated).`,
    }).transform((l) => {
      const unique = [...new Set(l.map((f) => f.toLowerCase()))];
      return unique.includes('all') ? [] : unique;
    }),
  },
  skipChecks: {
    input: 'checkov-skip-checks',
    default: '',
    field: list({
      pattern: /^[A-Za-z0-9_][A-Za-z0-9_*.-]*$/,
      problem: (bad) => `has invalid value${plural(bad)} ${quoted(bad)}; use check ids such as CKV_AWS_20, wildcards such as CKV_AWS_*, or severities (comma-separated).`,
    }),
  },
} as const;

export const checkovSchema = section(CHECKOV_INPUTS);
