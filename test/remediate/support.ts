import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identify } from '../../src/findings/identify.js';
import { mergeFindings } from '../../src/findings/merge.js';
import type { Finding } from '../../src/findings/model.js';
import { parseTest } from '../../src/scanners/snyk/parse.js';
import { parseTrivy } from '../../src/scanners/trivy/parse.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The findings the pipeline would hold for a recorded scanner output (identified and merged). */
export function fixtureFindings(scanner: 'trivy' | 'snyk', file: string): Finding[] {
  const text = readFileSync(join(FIXTURES, scanner, file), 'utf8');
  const raws = scanner === 'trivy' ? parseTrivy(text, {}).findings : parseTest(text, undefined).findings;
  return mergeFindings(identify(raws, () => undefined), [scanner]).findings;
}
