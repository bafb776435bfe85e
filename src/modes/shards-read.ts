/**
 * The shard reports a `mode: merge` job reads: one directory per shard artifact, named `security-scan-shard-<key>`,
 * as actions/download-artifact leaves them with `pattern:` (and without `merge-multiple`), under `shards-dir`; or, when
 * `shards-dir` is empty, downloaded from this workflow run through the API (`actions: read`): each artifact's zip is
 * saved unextracted and only its shard.json and findings.json are taken out, inflated within their bounds (extractShardZip),
 * so neither a zip bomb nor a zip-slip entry is ever written.
 *
 * A shard artifact is hostile (a pull request's code ran in the shard job): only shard.json and findings.json are
 * read — each a regular file opened without following links, within a size bound —; a shard directory that is a
 * symlink is refused; findings.json must pass the report schema (report/schema.ts); shard.json must name the key of
 * the artifact it came in (a shard cannot speak for another); a key seen twice is refused. Every refusal is a sentence
 * naming the shard and what was wrong; the merge blocks on it.
 */
import { lstat, mkdir, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../errors.js';
import { extractZipEntries } from '../fs/zip-entries.js';
import type { GitHubClient } from '../github/client.js';
import type { Logger } from '../logger.js';
import { MAX_FINDINGS_BYTES, readRegularFile } from '../publish/artifact.js';
import { parseFindingsDocument, quote, type FindingsDocument } from '../report/schema.js';
import { plainText, truncate } from '../report/escape.js';
import { KEY_PATTERN } from './matrix.js';
import { SHARD_ARTIFACT_PREFIX, SHARD_BLOCK_REASON_MAX_CHARS, SHARD_BLOCK_REASONS_MAX, SHARD_FILE, SHARD_SCHEMA } from './shard.js';

export interface ShardReport {
  key: string;
  document: FindingsDocument;
  /** The policy's reasons to block that leg, from its shard.json (plain text; escaped where rendered). */
  blockReasons?: readonly string[];
}

export interface ShardRefusal {
  /** The shard's key as its artifact name gives it (quoted text for the log), or the entry's name. */
  shard: string;
  reason: string;
}

export interface ShardsRead {
  shards: ShardReport[];
  refused: ShardRefusal[];
  /** Where they were read from, for the log. */
  source: string;
}

// shard.json holds the leg's matrix values (input matrix: at most 64 KiB of JSON, escaped once more here).
const SHARD_FILE_MAX_BYTES = 512 * 1024;
const shardFileSchema = z.strictObject({
  schema: z.literal(SHARD_SCHEMA),
  key: z.string(),
  matrix: z.record(z.string(), z.string()).optional(),
  blockReasons: z.array(z.string().max(SHARD_BLOCK_REASON_MAX_CHARS)).max(SHARD_BLOCK_REASONS_MAX).optional(),
});

export interface ReadLimits {
  /** findings.json above this is refused unread. Default MAX_FINDINGS_BYTES. */
  maxFindingsBytes?: number;
}

/**
 * A shard key as the notes name it: quoted and whole. A key is at most 100 characters (KEY_PATTERN); quote() cuts at
 * 80, so two keys alike in their first 80 read as one shard, one's refusal was taken for the other's and dropped,
 * and expected-shards (which compares the whole key) called a refused shard one that never uploaded.
 */
function shardName(key: string): string {
  return JSON.stringify(truncate(plainText(key), 120));
}

/** Reads one shard directory (already known to be a real directory named `<prefix><key>`). */
async function readShard(dir: string, key: string, limits: ReadLimits): Promise<ShardReport | ShardRefusal> {
  const shard = shardName(key);
  const manifest = await readRegularFile(join(dir, SHARD_FILE), SHARD_FILE_MAX_BYTES);
  if (!manifest.ok) return { shard, reason: `its ${SHARD_FILE} ${manifest.reason}` };
  let claimed: z.infer<typeof shardFileSchema>;
  try {
    const r = shardFileSchema.safeParse(JSON.parse(manifest.text));
    if (!r.success) return { shard, reason: `its ${SHARD_FILE} is not a security-scan shard file (${SHARD_SCHEMA})` };
    claimed = r.data;
  } catch {
    return { shard, reason: `its ${SHARD_FILE} is not JSON` };
  }
  if (claimed.key !== key) return { shard, reason: `its ${SHARD_FILE} claims to be shard ${quote(claimed.key.slice(0, 120))}, not the shard its artifact is named for` };
  const text = await readRegularFile(join(dir, 'findings.json'), limits.maxFindingsBytes ?? MAX_FINDINGS_BYTES);
  if (!text.ok) return { shard, reason: `its findings.json ${text.reason}` };
  const parsed = parseFindingsDocument(text.text);
  if (!parsed.ok) return { shard, reason: `its findings.json is not a valid security-scan report: ${parsed.problems.slice(0, 5).join('; ')}${parsed.problems.length > 5 ? '; …' : ''}` };
  return { key, document: parsed.document, ...(claimed.blockReasons?.length ? { blockReasons: claimed.blockReasons } : {}) };
}

/** Every `security-scan-shard-*` entry of `dir`, read and checked. Other entries are ignored (named in the log). */
export async function readShardsDir(dir: string, logger: Logger, limits: ReadLimits = {}): Promise<ShardsRead> {
  const shards: ShardReport[] = [];
  const refused: ShardRefusal[] = [];
  let entries;
  try {
    entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { shards, refused: [{ shard: quote(dir), reason: code === 'ENOENT' ? 'the shards directory does not exist' : `the shards directory cannot be read (${code ?? errorMessage(e)})` }], source: dir };
  }
  const ignored: string[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    if (!e.name.startsWith(SHARD_ARTIFACT_PREFIX)) {
      ignored.push(quote(e.name));
      continue;
    }
    const key = e.name.slice(SHARD_ARTIFACT_PREFIX.length);
    const shard = shardName(key);
    if (!KEY_PATTERN.test(key)) {
      refused.push({ shard: quote(e.name.slice(0, 120)), reason: 'its artifact name is not a shard key (1 to 100 letters, digits, . _ - = ,)' });
      continue;
    }
    let st;
    try {
      st = await lstat(join(dir, e.name));
    } catch (err) {
      refused.push({ shard, reason: `its directory cannot be read (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})` });
      continue;
    }
    if (st.isSymbolicLink()) {
      refused.push({ shard, reason: 'its directory is a symbolic link' });
      continue;
    }
    if (!st.isDirectory()) {
      refused.push({ shard, reason: 'it is not a directory (download the shard artifacts without merge-multiple)' });
      continue;
    }
    if (seen.has(key)) {
      refused.push({ shard, reason: 'the key is there twice' });
      continue;
    }
    seen.add(key);
    const r = await readShard(join(dir, e.name), key, limits);
    if ('document' in r) shards.push(r);
    else refused.push(r);
  }
  if (ignored.length > 0) logger.info(`Not shard artifacts, not read: ${ignored.slice(0, 20).join(', ')}${ignored.length > 20 ? ', …' : ''}.`);
  return { shards, refused, source: dir };
}

/**
 * `shards-dir` on its real path: inside the workspace or RUNNER_TEMP (download-artifact's `path`), never through a
 * symlink to elsewhere. Returns the directory or a refusal sentence.
 */
export async function resolveShardsDir(value: string, workspace: string, runnerTemp: string | undefined): Promise<{ dir: string } | { error: string }> {
  const text = resolve(workspace, value);
  let real: string;
  try {
    real = await realpath(text);
  } catch {
    return { error: `Input 'shards-dir' is '${value}', but ${text} does not exist; download the shard artifacts there (actions/download-artifact with pattern: ${SHARD_ARTIFACT_PREFIX}* and path: ${value}).` };
  }
  const roots = [await realpath(workspace).catch(() => resolve(workspace)), ...(runnerTemp ? [await realpath(runnerTemp).catch(() => resolve(runnerTemp))] : [])];
  const inside = roots.some((root) => {
    const rel = relative(root, real);
    return !rel.startsWith('..') && !isAbsolute(rel);
  });
  if (!inside) return { error: `Input 'shards-dir' is '${value}', which leads outside the workspace and RUNNER_TEMP (to ${real}); use a directory inside the workspace.` };
  return { dir: real };
}

/** The slice of @actions/artifact's client used to download shards (DefaultArtifactClient satisfies it). */
export interface ShardDownloader {
  downloadArtifact(
    artifactId: number,
    options: { path: string; skipDecompress?: boolean; findBy: { token: string; workflowRunId: number; repositoryOwner: string; repositoryName: string } },
  ): Promise<{ downloadPath?: string }>;
}

/**
 * Writes shard.json and findings.json of a downloaded shard zip into `into`, each within its bound
 * (fs/zip-entries.ts): a zip bomb or a zip-slip entry (`../x`, `/x`) is never extracted. Returns a refusal reason, or
 * undefined.
 */
export function extractShardZip(zipFile: string, into: string, maxFindingsBytes: number): Promise<string | undefined> {
  return extractZipEntries(zipFile, into, { [SHARD_FILE]: SHARD_FILE_MAX_BYTES, 'findings.json': maxFindingsBytes }, maxFindingsBytes);
}

export interface RunShardsDeps {
  client: GitHubClient;
  token: string;
  owner: string;
  repo: string;
  runId: number;
  tempRoot: string;
  logger: Logger;
  loadDownloader?: () => Promise<ShardDownloader>;
  limits?: ReadLimits;
}

async function defaultDownloader(): Promise<ShardDownloader> {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

/** Lists this run's `security-scan-shard-*` artifacts, downloads each into its own directory, and reads them. */
export async function downloadRunShards(d: RunShardsDeps): Promise<ShardsRead> {
  const source = `the artifacts of workflow run ${d.runId}`;
  const artifacts: { id: number; name: string; size?: number }[] = [];
  try {
    const pages = d.client.paginate.iterator(d.client.rest.actions.listWorkflowRunArtifacts, { owner: d.owner, repo: d.repo, run_id: d.runId, per_page: 100 });
    for await (const page of pages) {
      for (const a of page.data as unknown as { id?: unknown; name?: unknown; expired?: unknown; size_in_bytes?: unknown }[]) {
        if (typeof a.name !== 'string' || !a.name.startsWith(SHARD_ARTIFACT_PREFIX) || a.expired === true) continue;
        if (typeof a.id !== 'number' || !Number.isSafeInteger(a.id) || a.id <= 0) continue;
        artifacts.push({ id: a.id, name: a.name, ...(typeof a.size_in_bytes === 'number' ? { size: a.size_in_bytes } : {}) });
      }
    }
  } catch (e) {
    return { shards: [], refused: [{ shard: quote(`run ${d.runId}`), reason: `its artifacts could not be listed (${errorMessage(e)}); give the job permissions: actions: read, or download them with actions/download-artifact and set shards-dir` }], source };
  }
  const root = await mkdtemp(join(d.tempRoot, 'security-scan-shards-'));
  const zips = await mkdtemp(join(d.tempRoot, 'security-scan-shard-zips-'));
  const refused: ShardRefusal[] = [];
  const max = d.limits?.maxFindingsBytes ?? MAX_FINDINGS_BYTES;
  // A key that two artifacts claim is refused outright: which of them is the leg's own cannot be told.
  const claims = new Map<string, number[]>();
  for (const a of artifacts) claims.set(a.name, [...(claims.get(a.name) ?? []), a.id]);
  for (const a of artifacts) {
    const key = shardName(a.name.slice(SHARD_ARTIFACT_PREFIX.length, SHARD_ARTIFACT_PREFIX.length + 120));
    const ids = claims.get(a.name)!;
    if (ids.length > 1) {
      if (ids[0] === a.id) refused.push({ shard: key, reason: `the key is there twice (artifacts ${ids.join(', ')}), so neither is read` });
      continue;
    }
    if (!KEY_PATTERN.test(a.name.slice(SHARD_ARTIFACT_PREFIX.length))) {
      refused.push({ shard: key, reason: 'its artifact name is not a shard key (1 to 100 letters, digits, . _ - = ,)' });
      continue;
    }
    if (a.size !== undefined && a.size > max) {
      refused.push({ shard: key, reason: `its artifact is ${a.size.toLocaleString('en-US')} bytes, more than the ${max.toLocaleString('en-US')} read` });
      continue;
    }
    const into = join(root, a.name);
    await mkdir(into);
    // The zip is saved as it is (not extracted by the client) and only its two files are taken out, bounded.
    const zipDir = await mkdtemp(join(zips, 'zip-'));
    try {
      const downloader = await (d.loadDownloader ?? defaultDownloader)();
      await downloader.downloadArtifact(a.id, { path: zipDir, skipDecompress: true, findBy: { token: d.token, workflowRunId: d.runId, repositoryOwner: d.owner, repositoryName: d.repo } });
    } catch (e) {
      refused.push({ shard: key, reason: `its artifact could not be downloaded (${errorMessage(e)})` });
      continue;
    }
    const saved = await readdir(zipDir);
    const problem = saved.length !== 1 ? `its download left ${saved.length} files, not one zip` : await extractShardZip(join(zipDir, saved[0]!), into, max);
    await rm(zipDir, { recursive: true, force: true });
    if (problem) refused.push({ shard: key, reason: problem });
  }
  await rm(zips, { recursive: true, force: true });
  const read = await readShardsDir(root, d.logger, d.limits);
  const failedNames = new Set(refused.map((r) => r.shard));
  return { shards: read.shards, refused: [...refused, ...read.refused.filter((r) => !failedNames.has(r.shard))], source };
}
