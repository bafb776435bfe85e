import type { AnyScanner } from './types.js';
import { trivy } from './trivy.js';
import { gitleaks } from './gitleaks.js';
import { snyk } from './snyk.js';
import { checkov } from './checkov.js';
import { falco } from './falco.js';

/** Every scanner the action knows, in the order they run and appear in reports. Adding one: a file + a line here. */
export const SCANNERS: readonly AnyScanner[] = [trivy, gitleaks, checkov, snyk, falco];
