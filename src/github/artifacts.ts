import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';

/** The slice of @actions/artifact's client we use (DefaultArtifactClient satisfies it). */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number },
  ): Promise<{ id?: number; size?: number; digest?: string }>;
  /** Deletes this run's artifact of that name (a re-run replaces its earlier attempt's artifact). */
  deleteArtifact?(name: string): Promise<{ id: number }>;
}

export interface ReportArtifactOptions {
  /** `artifact-name` input; empty → skipped. */
  name: string;
  /** Absolute paths, all under rootDir (SARIF files, findings.json, the markdown report…). */
  files: readonly string[];
  /** Paths inside the zip are relative to this directory. */
  rootDir: string;
  /** `retention-days` input; undefined → the repository's default. */
  retentionDays?: number;
  /** A `notice` method, when present, gets the "skipped outside Actions" message (else `info`). */
  logger: Logger & { notice?: (message: string) => void };
  /** The process environment (main.ts passes process.env): decides whether the artifact service is reachable. */
  env: Readonly<Record<string, string | undefined>>;
  /** Default: a DefaultArtifactClient from a lazy `import('@actions/artifact')` (kept off the start-up path). */
  loadClient?: () => Promise<ArtifactUploader>;
  /** What the messages call it and the input that names it. Default: the report artifact, `artifact-name`. */
  kind?: { what: string; input: string };
}

export type ArtifactOutcome =
  | { status: 'uploaded'; name: string; files: number; id?: number; size?: number; url?: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; warning: string };

async function defaultClient(): Promise<ArtifactUploader> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

function hint(message: string, name: string, input = 'artifact-name'): string {
  if (/already exists/i.test(message)) {
    return ` An artifact named "${name}" already exists in this workflow run: give each job (and matrix leg) its own \`${input}\`.`;
  }
  if (/not currently supported on GHES/i.test(message)) {
    return ' GitHub Enterprise Server does not support this artifact service yet; set `' + input + '` to an empty value to skip it.';
  }
  if (/storage quota/i.test(message)) {
    return ' Free storage (delete old artifacts) or lower `retention-days`.';
  }
  return '';
}

/**
 * Uploads the report files as one workflow artifact. An empty name skips it. Outside GitHub Actions (no ACTIONS_RUNTIME_TOKEN /
 * ACTIONS_RESULTS_URL) it skips with a notice; any failure becomes a warning. Never throws.
 */
export async function uploadReports(o: ReportArtifactOptions): Promise<ArtifactOutcome> {
  const { what, input } = o.kind ?? { what: 'report artifact', input: 'artifact-name' };
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  if (o.name.trim() === '') {
    const reason = `${What} not uploaded: \`${input}\` is empty.`;
    o.logger.info(reason);
    return { status: 'skipped', reason };
  }
  if (!o.env['ACTIONS_RUNTIME_TOKEN'] || !o.env['ACTIONS_RESULTS_URL']) {
    const reason =
      `${What} not uploaded: not running inside GitHub Actions (ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL are not set). ` +
      `The reports are in ${o.rootDir}.`;
    (o.logger.notice ?? o.logger.info).call(o.logger, reason);
    return { status: 'skipped', reason };
  }
  if (o.files.length === 0) {
    const reason = `${What} not uploaded: there are no report files.`;
    o.logger.info(reason);
    return { status: 'skipped', reason };
  }
  try {
    const client = await (o.loadClient ?? defaultClient)();
    const upload = () => client.uploadArtifact(o.name, [...o.files], o.rootDir, o.retentionDays !== undefined ? { retentionDays: o.retentionDays } : {});
    const r = await upload().catch(async (e: unknown) => {
      // "Re-run failed jobs": the run keeps the artifacts of its earlier attempt, and this job's name is taken by its
      // own earlier upload. That one is replaced (what upload-artifact's `overwrite: true` does). In a first attempt
      // the name belongs to another job or matrix leg of this run: an error that says to give each its own name.
      const attempt = Number(o.env['GITHUB_RUN_ATTEMPT'] ?? '1');
      if (!(attempt > 1) || !/already exists/i.test(errorMessage(e)) || !client.deleteArtifact) throw e;
      const gone = await client.deleteArtifact(o.name);
      o.logger.info(`Replaced the ${what} "${o.name}" of an earlier attempt of this run (artifact ${gone.id}): this is attempt ${attempt}.`);
      return upload();
    });
    const server = o.env['GITHUB_SERVER_URL'] ?? 'https://github.com';
    const repo = o.env['GITHUB_REPOSITORY'];
    const run = o.env['GITHUB_RUN_ID'];
    const url = r.id !== undefined && repo && run ? `${server}/${repo}/actions/runs/${run}/artifacts/${r.id}` : undefined;
    o.logger.info(`Uploaded the ${what} "${o.name}" (${o.files.length} files${r.size !== undefined ? `, ${r.size} bytes` : ''}).`);
    return {
      status: 'uploaded',
      name: o.name,
      files: o.files.length,
      ...(r.id !== undefined ? { id: r.id } : {}),
      ...(r.size !== undefined ? { size: r.size } : {}),
      ...(url ? { url } : {}),
    };
  } catch (e) {
    const message = errorMessage(e);
    const warning = `The ${what} "${o.name}" could not be uploaded: ${message}.${hint(message, o.name, input)} The scan result is not affected.`;
    o.logger.warning(warning);
    return { status: 'failed', warning };
  }
}
