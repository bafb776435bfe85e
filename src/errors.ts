/**
 * The error classes. Each says who can fix it:
 * - ConfigurationError: the user (a wrong input, a missing token or binary); the message says what to change.
 * - ScannerError: one scanner failed (crash, timeout, unreadable output); carries the scanner id and the detail.
 * - SpawnError: a program could not be started at all (ENOENT, EACCES).
 * - InternalError: a bug in this action.
 */

/** Something the user can fix. With several problems, each is one line of the message and one entry of `problems`. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
  readonly problems: readonly string[];
  constructor(message: string, problems?: readonly string[]) {
    const list = problems && problems.length > 1 ? `${problems.length} problems in the settings:\n${problems.map((p) => `- ${p}`).join('\n')}` : message;
    super(list);
    this.problems = problems && problems.length > 0 ? problems : [message];
  }
}

/** One scanner failed. `detail` is the reason without the scanner id; `message` is `<scanner>: <detail>`. */
export class ScannerError extends Error {
  override name = 'ScannerError';
  constructor(
    readonly scanner: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${scanner}: ${detail}`, options);
  }
}

/** The program could not be started at all (ENOENT, EACCES). */
export class SpawnError extends Error {
  override name = 'SpawnError';
  constructor(
    readonly command: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** A broken invariant of this action: a bug to report, never the user's doing. */
export class InternalError extends Error {
  override name = 'InternalError';
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e);
}
