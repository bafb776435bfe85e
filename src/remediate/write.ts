/**
 * Writes remediation.patch into output-dir (never into the workspace) when the config file turns it on. A failure
 * warns and writes nothing: the patch is a convenience and never changes the gate's decision.
 */
import { join } from 'node:path';
import type { Finding } from '../findings/model.js';
import { writeFileAtomic } from '../fs/safe-write.js';
import type { Logger } from '../logger.js';
import { buildRemediationPatch, REMEDIATION_PATCH_FILE } from './patch.js';
import { planUpgrades } from './upgrades.js';

/** The patch's path, or undefined when no direct dependency needed a change (or it could not be built). */
export async function writeRemediationPatch(findings: readonly Finding[], o: { outputDir: string; workspace: string; logger: Logger }): Promise<string | undefined> {
  try {
    const r = buildRemediationPatch(planUpgrades(findings), o.workspace);
    for (const n of r.notes) o.logger.info(`remediation.patch: ${n}`);
    if (r.patch === '') {
      o.logger.info(`remediation.patch: not written (no direct dependency in package.json, requirements.txt, go.mod or pom.xml needs a bump${r.transitive.length ? `; ${r.transitive.length} package(s) only brought in transitively` : ''}).`);
      return undefined;
    }
    const file = join(o.outputDir, REMEDIATION_PATCH_FILE);
    await writeFileAtomic(file, r.patch);
    o.logger.info(`remediation.patch: ${r.bumped.length} version bump(s) written to ${file}.`);
    return file;
  } catch (e) {
    o.logger.warning(`remediation.patch could not be written (${(e as Error).message}); the reports are unaffected.`);
    return undefined;
  }
}
