/**
 * Reads the downloaded report artifact of a scan run (`report-dir`): findings.json and sarif/*.sarif, nothing else.
 * Every file is opened without following symbolic links and must be a regular file within a size bound, so an
 * artifact cannot make the publish job read files outside it.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { quote } from '../report/schema.js';

/** findings.json larger than this is refused unread (100,000 findings are about 100 MB). */
export const MAX_FINDINGS_BYTES = 256 * 1024 * 1024;
/** A SARIF file larger than this is refused unread (GitHub takes 10 MB of gzip; JSON compresses about tenfold). */
export const MAX_SARIF_BYTES = 128 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** The text of a regular file, opened with O_NOFOLLOW; a symlink, directory, device or an oversized file is refused. */
export async function readRegularFile(path: string, maxBytes: number): Promise<ReadResult> {
  let handle;
  try {
    const link = await lstat(path);
    if (link.isSymbolicLink()) return { ok: false, reason: 'is a symbolic link' };
    // O_NONBLOCK: opening a FIFO a shard or artifact planted would otherwise wait for a writer forever (the
    // not-a-regular-file check below never reached); on a regular file it changes nothing.
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? 'does not exist' : code === 'ELOOP' ? 'is a symbolic link' : `cannot be opened (${code ?? 'error'})` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, reason: 'is not a regular file' };
    if (stat.size > maxBytes) return { ok: false, reason: `is ${stat.size.toLocaleString('en-US')} bytes, more than the ${maxBytes.toLocaleString('en-US')} read` };
    return { ok: true, text: (await handle.readFile()).toString('utf8') }; // one decode: a flat string, not a rope
  } finally {
    await handle.close();
  }
}

export interface ArtifactListing {
  findingsJson: string;
  sarifDir: string;
  /** sarif/*.sarif, sorted by name. */
  sarifFiles: string[];
  /** Entries that are never read (summary.md, a pr-number file, …), by name, quoted for the log. */
  ignored: string[];
}

/** What the artifact directory holds; refuses a report-dir that is not a directory. */
export async function listArtifact(reportDir: string): Promise<ArtifactListing | { error: string }> {
  let top;
  try {
    top = await readdir(reportDir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be read (${code ?? 'error'})` };
  }
  const sarifDir = join(reportDir, 'sarif');
  const ignored = top.filter((e) => e.name !== 'findings.json' && e.name !== 'sarif').map((e) => quote(e.name));
  const sarifEntry = top.find((e) => e.name === 'sarif');
  let sarifFiles: string[] = [];
  if (sarifEntry?.isDirectory()) {
    const entries = await readdir(sarifDir, { withFileTypes: true });
    sarifFiles = entries.filter((e) => e.name.endsWith('.sarif')).map((e) => join(sarifDir, e.name)).sort();
    ignored.push(...entries.filter((e) => !e.name.endsWith('.sarif')).map((e) => quote(`sarif/${e.name}`)));
  } else if (sarifEntry) {
    ignored.push(`${quote('sarif')} (not a directory)`);
  }
  return { findingsJson: join(reportDir, 'findings.json'), sarifDir, sarifFiles, ignored };
}
