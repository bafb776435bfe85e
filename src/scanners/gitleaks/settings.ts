import { choice, text } from '../../config/fields.js';
import { section } from '../../config/schema.js';

export const GITLEAKS_MODES = ['auto', 'dir', 'git'] as const;
export type GitleaksMode = (typeof GITLEAKS_MODES)[number];

export interface GitleaksSettings {
  readonly mode: GitleaksMode;
  /** A gitleaks config file (TOML), relative to the workspace; empty = Gitleaks' own default rules. */
  readonly config: string;
}

export const GITLEAKS_INPUTS = {
  mode: { input: 'gitleaks-mode', default: 'auto', field: choice(GITLEAKS_MODES) },
  config: { input: 'gitleaks-config', default: '', field: text() },
} as const;

export const gitleaksSchema = section(GITLEAKS_INPUTS);
