// The ScanContext a scanner's run() gets, for tests that call a scanner directly: what the test is about is given,
// the rest defaults to a push event, a recording logger, PATH-only environment, workspace policy files, and the
// output directory <tempDir>/security-reports.
import { join } from 'node:path';
import { recordingLogger } from '../../src/logger.js';
import type { ScanContext } from '../../src/scanners/types.js';

export type ScanContextParts<S> = Pick<ScanContext<S>, 'scan' | 'settings' | 'scanRoot' | 'tempDir' | 'runner'> & Partial<ScanContext<S>>;

export function scanContext<S>(parts: ScanContextParts<S>): ScanContext<S> {
  return {
    workspace: parts.scanRoot,
    outputDir: join(parts.tempDir, 'security-reports'),
    binary: '',
    logger: recordingLogger(),
    event: { name: 'push' },
    env: { PATH: '/usr/bin' },
    runnerVars: {},
    policy: { source: 'workspace', files: {} },
    ...parts,
  };
}
