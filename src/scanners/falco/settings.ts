import { z } from 'zod';
import { bool, choice, choices, integer, list, quoted, text } from '../../config/fields.js';
import { section } from '../../config/schema.js';
import type { ConfigFileKey } from '../types.js';
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

/** The config file's `falco:` section: the seed's keys that set Falco's capture rather than what is read here. */
export const FALCO_CONFIG_FILE: Readonly<Record<string, ConfigFileKey>> = {
  outputFormat: {
    field: choice(['json', 'text']),
    note: (v) => `falco.outputFormat '${v}': the action reads Falco's JSON lines (json_output: true); the deployed falco.yaml sets it.`,
  },
  bufferSize: { field: integer(1, 1 << 30), note: (v) => `falco.bufferSize ${v}: a setting of the Falco daemon (syscall_buf_size_preset in falco.yaml), not of this step.` },
  logDriver: { field: text(), note: (v) => `falco.logDriver '${v}': a setting of the Falco daemon; the step reads the events file given in falco-events.` },
  grpcPort: { field: integer(1, 65535), note: (v) => `falco.grpcPort ${v}: the step reads events from a file, not from Falco's gRPC output.` },
};
