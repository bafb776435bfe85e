import type { Settings } from '../config/settings.js';
import { checkov } from './checkov/index.js';
import { falco } from './falco/index.js';
import { gitleaks } from './gitleaks/index.js';
import { snyk } from './snyk/index.js';
import { trivy } from './trivy/index.js';

/**
 * Every scanner the action knows, in the order they run and appear in reports. Adding one: a folder in
 * src/scanners/ and a line here.
 */
export const SCANNERS = [trivy, gitleaks, checkov, snyk, falco] as const;

export type Registry = typeof SCANNERS;
export type ScannerId = Registry[number]['id'];

/** The action's settings, with each scanner's own settings typed by its id. */
export type ActionSettings = Settings<Registry>;
