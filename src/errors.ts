/** Something the user can fix: a wrong input, a missing token or binary. The message says what to change. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** One scanner failed (crash, timeout, unreadable output). Carries the scanner id. */
export class ScannerError extends Error {
  override name = 'ScannerError';
  constructor(
    readonly scanner: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${scanner}: ${message}`, options);
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return typeof e === 'string' ? e : JSON.stringify(e);
}
