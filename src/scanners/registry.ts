import type { AnyScanner } from './types.js';
import { trivy } from './trivy/index.js';
import { gitleaks } from './gitleaks/index.js';
import { snyk } from './snyk/index.js';
import { checkov } from './checkov/index.js';
import { falco } from './falco/index.js';

/** Every scanner the action knows, in the order they run and appear in reports. Adding one: a file + a line here. */
export const SCANNERS: readonly AnyScanner[] = [trivy, gitleaks, checkov, snyk, falco];
