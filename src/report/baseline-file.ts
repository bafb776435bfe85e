/**
 * Reads `baseline: <path>`: an earlier run's findings.json or baseline.json. The file is untrusted input (it lies in
 * the workspace a pull request controls, or came out of an artifact): its real path must be inside the workspace or
 * RUNNER_TEMP, it must be a regular file within MAX_BASELINE_BYTES, and it must pass the baseline schema. On a pull
 * request, a file git tracks is read from the base commit, never from the tree under review: otherwise the pull request
 * could list its own findings in the baseline and mark them "unchanged". Every problem gives `found: false` with the
 * reason (the gate then counts every finding as new) — never a crash, never a silently clean result.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Baseline } from '../findings/baseline.js';
import { isInside } from '../fs/paths.js';
import { realpathOrUndefined } from '../fs/real-path.js';
import { readRegularFile } from '../publish/artifact.js';
import type { CommandRunner } from '../scanners/process.js';
import { MAX_BASELINE_BYTES, parseBaseline } from './baseline-schema.js';
import { quote } from './schema.js';

export interface BaselineFileDeps {
  workspace: string;
  /** RUNNER_TEMP: a file under it (e.g. downloaded by an earlier step) may be read too. */
  runnerTemp?: string;
  /** On a pull request: its base commit, to read a tracked baseline file from. */
  baseSha?: string;
  /** Runs git (tracked? the base commit's copy). */
  runner: CommandRunner;
  /** Where the base commit's copy is written to be read (a fresh directory is made inside it). */
  tempRoot: string;
  /**
   * Directories whose files a pull request's code may have written (the merge job's shards-dir: its artifacts were
   * uploaded by the legs): a baseline in one is refused, since it could mark the pull request's own findings unchanged.
   */
  refuseUnder?: readonly { dir: string; what: string }[];
}

/** What was read, or why nothing was; `warning` is set when something is wrong (not merely absent). */
export interface LoadedBaseline {
  baseline: Baseline;
  warning?: string;
}

const GIT_TIMEOUT_MS = 60_000;

function none(source: string, warn = true): LoadedBaseline {
  return { baseline: { found: false, source }, ...(warn ? { warning: `Baseline: ${source}` } : {}) };
}

function parsed(text: string, where: string, label: string): LoadedBaseline {
  const r = parseBaseline(text);
  if (!r.ok) return none(`${where} is not a baseline security-scan can read (${r.problems.join('; ')}); every finding counts as new.`);
  const kind = r.kind === 'findings' ? 'findings.json' : 'baseline.json';
  const at = r.sha ? ` of commit ${r.sha.slice(0, 12)}` : '';
  return { baseline: { found: true, source: `${label} (${kind}${at}, ${r.generatedAt}, ${r.entries.length} finding(s))`, entries: r.entries } };
}

/** `baseline: <path>`: the path as given, resolved on its real path. */
export async function readBaselineFile(value: string, deps: BaselineFileDeps): Promise<LoadedBaseline> {
  const name = `Input 'baseline' (${quote(value)})`;
  const ws = resolve(deps.workspace);
  const textual = isAbsolute(value) ? resolve(value) : resolve(ws, value);
  const temp = deps.runnerTemp ? resolve(deps.runnerTemp) : undefined;
  const places = temp ? `inside the workspace (${ws}) or RUNNER_TEMP (${temp})` : `inside the workspace (${ws})`;
  if (!isInside(ws, textual) && !(temp && isInside(temp, textual))) {
    return none(`${name} is outside the places a baseline may be read from: it must be ${places}; every finding counts as new.`);
  }
  const wsReal = await realpathOrUndefined(ws);
  const tempReal = temp ? await realpathOrUndefined(temp) : undefined;
  const real = await realpathOrUndefined(textual);
  if (real === undefined) return none(`${name} does not exist; every finding counts as new. Give the path of an earlier run's findings.json or baseline.json, relative to the workspace.`);
  const inWorkspace = wsReal !== undefined && isInside(wsReal, real);
  const inTemp = tempReal !== undefined && isInside(tempReal, real);
  if (!inWorkspace && !inTemp) return none(`${name} leads outside the workspace through a symlink (to ${real}); it must be ${places}; every finding counts as new.`);
  for (const r of deps.refuseUnder ?? []) {
    const dir = (await realpathOrUndefined(resolve(ws, r.dir))) ?? resolve(ws, r.dir);
    if (isInside(dir, real) || isInside(resolve(ws, r.dir), textual)) {
      return none(`${name} is inside ${r.what}, whose files the legs uploaded (a pull request's code may have written them), so it cannot be a baseline; use baseline: auto or a download of the default branch's baseline artifact. Every finding counts as new.`);
    }
  }
  // RUNNER_TEMP inside the workspace (or the other way round): the deeper one decides.
  const underWorkspace = inWorkspace && !(inTemp && tempReal!.length > wsReal!.length);
  if (underWorkspace && deps.baseSha !== undefined) {
    const rel = relative(wsReal!, real).split(sep).join('/');
    return await fromBaseCommit(rel, name, wsReal!, deps.baseSha, deps);
  }
  const file = await readRegularFile(real, MAX_BASELINE_BYTES);
  if (!file.ok) return none(`${name} ${file.reason}; every finding counts as new.`);
  return parsed(file.text, name, `the file ${quote(value)}`);
}

/**
 * On a pull request: a file git does not track was written by an earlier step of the job (e.g. an artifact download)
 * and is read as it is; a tracked one is read at the base commit. When git cannot say, no baseline (fail closed).
 */
async function fromBaseCommit(rel: string, name: string, wsReal: string, baseSha: string, deps: BaselineFileDeps): Promise<LoadedBaseline> {
  const git = (args: string[], stdoutFile?: string) =>
    deps.runner.run('git', ['-C', wsReal, ...args], { timeoutMs: GIT_TIMEOUT_MS, ...(stdoutFile ? { stdoutFile } : {}) }).catch(() => undefined);
  const tracked = await git(['ls-files', '--error-unmatch', '--', rel]);
  if (!tracked || tracked.timedOut || tracked.exitCode === null || (tracked.exitCode !== 0 && tracked.exitCode !== 1)) {
    return none(`${name}: git could not tell whether the pull request commits this file (git ls-files failed), so it is not trusted; every finding counts as new.`);
  }
  if (tracked.exitCode === 1) {
    const file = await readRegularFile(join(wsReal, ...rel.split('/')), MAX_BASELINE_BYTES);
    if (!file.ok) return none(`${name} ${file.reason}; every finding counts as new.`);
    return parsed(file.text, name, `the file ${quote(rel)}`);
  }
  const notAtBase = none(
    `${name} is committed in the tree under review but could not be read at the base commit ${baseSha.slice(0, 12)} ` +
      '(it is not there, or the base commit was not fetched: use fetch-depth: 0); a pull request cannot choose its own baseline, so every finding counts as new.',
  );
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(baseSha)) return notAtBase;
  const size = await git(['cat-file', '-s', `${baseSha}:${rel}`]);
  if (!size || size.exitCode !== 0) return notAtBase;
  const bytes = Number(size.stdout.trim());
  if (!Number.isSafeInteger(bytes) || bytes > MAX_BASELINE_BYTES) {
    return none(`${name} at the base commit is ${size.stdout.trim()} bytes, more than the ${MAX_BASELINE_BYTES.toLocaleString('en-US')} read; every finding counts as new.`);
  }
  const dir = await mkdtemp(join(deps.tempRoot, 'baseline-'));
  try {
    const out = join(dir, 'base-baseline.json');
    const shown = await git(['cat-file', 'blob', `${baseSha}:${rel}`], out);
    if (!shown || shown.exitCode !== 0) return notAtBase;
    const file = await readRegularFile(out, MAX_BASELINE_BYTES);
    if (!file.ok) return none(`${name} at the base commit ${file.reason}; every finding counts as new.`);
    return parsed(file.text, `${name} at the base commit ${baseSha.slice(0, 12)}`, `the file ${quote(rel)} at the base commit ${baseSha.slice(0, 12)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
