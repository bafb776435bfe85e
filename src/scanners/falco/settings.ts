import { z } from 'zod';
import { bool, choice, choices, list, quoted } from '../../config/fields.js';
import { section } from '../../config/schema.js';
import { FALCO_CATEGORIES, type FalcoCategory } from './categories.js';
import { FALCO_PRIORITIES, type FalcoPriority } from './priority.js';
import { SENSITIVITY_LEVELS, type SensitivityLevel } from './rules.js';

export interface FalcoSettings {
  /** `falco-events`: JSON-lines files, relative to the workspace. */
  readonly events: readonly string[];
  readonly rulesEnabled: readonly FalcoCategory[];
  readonly sensitivityLevel: SensitivityLevel;
  readonly alertThreshold: FalcoPriority;
  readonly deployFiles: boolean;
}

export type FalcoFilterSettings = Pick<FalcoSettings, 'rulesEnabled' | 'sensitivityLevel' | 'alertThreshold'>;

export const DEFAULT_ALERT_THRESHOLD: FalcoPriority = 'notice';

export const FALCO_INPUTS = {
  events: {
    input: 'falco-events',
    default: '',
    field: list({
      pattern: /^[^*?[\]{}]*$/,
      problem: (bad) => `has ${quoted(bad)}; patterns are not expanded: list the JSON-lines files (comma-separated).`,
    }),
  },
  rulesEnabled: { input: 'falco-rules-enabled', default: FALCO_CATEGORIES.join(','), field: choices(FALCO_CATEGORIES) },
  sensitivityLevel: { input: 'falco-sensitivity', default: 'medium', field: choice(SENSITIVITY_LEVELS) },
  /** `info` is Falco's short word for informational. */
  alertThreshold: {
    input: 'falco-alert-threshold',
    default: DEFAULT_ALERT_THRESHOLD,
    field: z.preprocess((v) => (typeof v === 'string' && v.trim().toLowerCase() === 'info' ? 'informational' : v), choice(FALCO_PRIORITIES)),
  },
  deployFiles: { input: 'falco-deploy-files', default: 'true', field: bool() },
} as const;

export const falcoSchema = section(FALCO_INPUTS).superRefine((s, ctx) => {
  if (s.events.length === 0 && !s.deployFiles) {
    ctx.addIssue({
      code: 'custom',
      message:
        "Falco is selected but has nothing to do: set input 'falco-events' to the JSON-lines file(s) Falco wrote during the job, or set 'falco-deploy-files' to true.",
    });
  }
});
