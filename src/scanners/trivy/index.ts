import { assessTrivy } from './assessment.js';
import { writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { execScanner, raiseTimeout, readVersion } from '../command.js';
import { ScannerError } from '../../errors.js';
import { defineScanner, type RawOutput, type ScanContext, type TargetFailure } from '../types.js';
import { SUBCOMMAND, TRIVY_POLICY_FILES, buildTrivyCommands, dialectFromHelp, dialectFromVersion } from './command.js';
import { restoreTrivyDb, saveTrivyDb, type TrivyDbState } from './db-cache.js';
import { nameAsGiven, openResultCache } from './result-cache.js';
import { trivyInstall } from './install.js';
import { parseTrivy } from './parse.js';
import { TRIVY_SNAPSHOT, snapshotScanFlags, writeTrivySnapshots } from './snapshot.js';
import { TRIVY_CONFIG_FILE, TRIVY_INPUTS, checkTrivy, trivySchema, type TrivySettings } from './settings.js';

async function runTrivy(ctx: ScanContext<TrivySettings>) {
  let deadline = Date.now() + ctx.scan.timeoutMs;
  /** Cache work, whose time is not Trivy's: the deadline moves by what it took. */
  const untimed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      deadline += Date.now() - started;
    }
  };
  // The scan needs the version (its flags' spelling); the trusted policy files are written while it is probed.
  const [version, policy] = await Promise.all([readVersion(ctx, ['--version'], /Version:\s*(\S+)/), policyArgs(ctx)]);
  const sub = SUBCOMMAND[ctx.settings.scanType];
  let dialect = dialectFromVersion(version);
  if (!dialect) {
    const help = await execScanner(ctx, 'trivy', [sub, '--help'], { deadline });
    dialect = dialectFromHelp(help.stdout + help.stderr);
  }
  const outputs: RawOutput[] = [];
  // The vulnerability DB is kept in the Actions cache under a daily key (trivy-action's pattern).
  const cacheDeps = { env: { ...ctx.runnerVars, ...ctx.env }, logger: ctx.logger, skipDbUpdate: ctx.settings.skipDbUpdate, event: ctx.event };
  let db: TrivyDbState | undefined;
  if (ctx.settings.scanners.includes('vuln') && !ctx.settings.cacheDir) db = await untimed(() => restoreTrivyDb(cacheDeps));
  const cacheDir = db?.cacheDir ?? ctx.settings.cacheDir;
  const commands = buildTrivyCommands(ctx.settings, ctx.scan.images, ctx.scan.timeoutMs, dialect, cacheDir, policy);
  // Images already scanned with this DB, version and settings (input trivy-result-cache; push, schedule, dispatch only).
  const results = commands.some((c) => c.image !== undefined) ? await openResultCache(ctx, version, cacheDir || undefined) : undefined;
  // Each target (the tree, each image) is its own sub-run: one that fails is named, and the others are still scanned.
  const failures: TargetFailure[] = [];
  const restored: string[] = [];
  try {
    for (const [i, cmd] of commands.entries()) {
      const file = join(ctx.tempDir, `trivy-${i}.json`);
      const target = cmd.image !== undefined ? { target: cmd.image } : {};
      if (commands.length > 1 && Date.now() >= deadline) {
        failures.push({ ...target, error: `not scanned: the ${formatTimeout(ctx.scan.timeoutMs)} timeout was used up by the targets before it; ${raiseTimeout('trivy', ctx.scan.timeoutMs)}.` });
        continue;
      }
      const given = [...cmd.args.slice(0, -1), ...snapshotScanFlags(ctx), '--output', file, cmd.args.at(-1)!];
      const entry = cmd.image !== undefined && results ? await untimed(() => results.target(cmd.image!, given)) : undefined;
      const cached = entry ? await untimed(() => results!.restore(entry)) : undefined;
      if (cached !== undefined) {
        outputs.push({ file: cached, ...target });
        restored.push(cmd.image!);
        continue;
      }
      const args = entry?.args ?? given;
      try {
        await execScanner(ctx, 'trivy', args, { deadline, expectFile: file });
      } catch (e) {
        // A single target fails the scanner as it always did; with several, the failure is this target's.
        if (commands.length === 1 || !(e instanceof ScannerError)) throw e;
        ctx.logger.warning(`trivy: ${cmd.image !== undefined ? `image '${cmd.image}'` : 'the scan root'} failed; scanning the other targets: ${e.detail}`);
        failures.push({ ...target, error: e.detail });
        continue;
      }
      if (entry?.scannedAs !== undefined) await untimed(() => nameAsGiven(file, entry.scannedAs!, cmd.image!));
      if (entry) await untimed(() => results!.save(entry, file));
      outputs.push({ file, ...target });
    }
  } finally {
    if (db) await saveTrivyDb(db, cacheDeps);
  }
  const snapshots = await writeTrivySnapshots(ctx, outputs, deadline);
  const notes = restored.length > 0 ? [restoredNote(restored, ctx.scan.images.length)] : [];
  return { outputs, version, ...(failures.length > 0 ? { failures } : {}), ...(snapshots.length > 0 ? { published: snapshots } : {}), ...(notes.length > 0 ? { notes } : {}) };
}

/** How many images shown by name in the note on restored reports; the rest are counted. */
const RESTORED_SHOWN = 5;

/** The report's note on the images whose Trivy reports the result cache restored (not scanned in this run). Pure. */
export function restoredNote(images: readonly string[], of: number): string {
  const shown = images.slice(0, RESTORED_SHOWN).join(', ');
  const more = images.length > RESTORED_SHOWN ? ` and ${images.length - RESTORED_SHOWN} more` : '';
  return `Trivy: ${images.length} of ${of} image${of === 1 ? '' : 's'} not scanned in this run: their reports were restored from the result cache (trivy-result-cache), made by an earlier run with the same image, Trivy, vulnerability DB and settings: ${shown}${more}.`;
}

/** The scan root relative to the workspace ('' for the root), as policy paths are keyed. */
function rootOf(ctx: ScanContext<unknown>): string {
  const rel = posix.relative(ctx.workspace.split('\\').join('/'), ctx.scanRoot.split('\\').join('/'));
  return rel === '.' ? '' : rel;
}

/**
 * Writes the trusted `.trivyignore` (or `.trivyignore.yaml`, which wins when both exist), `trivy.yaml` and
 * `trivy-secret.yaml` to the temp dir and points Trivy at them, so the copies in the tree are never read.
 */
async function policyArgs(ctx: ScanContext<TrivySettings>): Promise<string[]> {
  const root = rootOf(ctx);
  const file = (name: string) => ctx.policy.files[posix.join(root, name)];
  const yamlIgnore = file('.trivyignore.yaml');
  const ignore = join(ctx.tempDir, yamlIgnore !== undefined ? 'trivyignore.yaml' : 'trivyignore');
  await writeFile(ignore, yamlIgnore ?? file('.trivyignore') ?? '');
  const config = join(ctx.tempDir, 'trivy.yaml');
  await writeFile(config, file('trivy.yaml') ?? '');
  const args = ['--ignorefile', ignore, '--config', config];
  const secretConfig = file('trivy-secret.yaml');
  // Without one, a path that does not exist: Trivy then uses its built-in secret rules.
  const secretPath = join(ctx.tempDir, secretConfig !== undefined ? 'trivy-secret.yaml' : 'no-trivy-secret.yaml');
  if (secretConfig !== undefined) await writeFile(secretPath, secretConfig);
  return [...args, '--secret-config', secretPath];
}

function formatTimeout(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}


export const trivy = defineScanner({
  id: 'trivy',
  displayName: 'Trivy',
  informationUri: 'https://trivy.dev/',
  onByDefault: true,
  binary: {
    name: 'trivy',
    pathInput: 'trivy-path',
    installHint: "install Trivy on the runner (e.g. aquasecurity/setup-trivy) or set input 'trivy-path' to its binary",
  },
  install: trivyInstall,
  // Trivy's own settings (TRIVY_DB_REPOSITORY, TRIVY_USERNAME…), its registry credentials, the Docker daemon and the
  // containerd it looks in for local images.
  environment: { prefixes: ['TRIVY_'], names: ['DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'CONTAINERD_ADDRESS', 'CONTAINERD_NAMESPACE'] },
  inputs: TRIVY_INPUTS,
  configFile: TRIVY_CONFIG_FILE,
  policyFiles: (_s, where) => TRIVY_POLICY_FILES.map((f) => posix.join(where.scanRoot, f)),
  inlineMarkers: ['trivy:ignore'],
  schema: trivySchema,
  check: checkTrivy,
  dependencySnapshot: TRIVY_SNAPSHOT,
  run: runTrivy,
  parse: parseTrivy,
  assess: assessTrivy,
});

export { buildTrivyCommands, dialectFromHelp, dialectFromVersion, type TrivyCommand, type TrivyDialect } from './command.js';
export { parseTrivy } from './parse.js';
export * from './settings.js';
