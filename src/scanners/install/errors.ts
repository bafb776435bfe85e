import { ScannerError } from '../../errors.js';

/** A downloaded archive whose SHA-256 is not the published one. Nothing is extracted or cached. */
export class ChecksumMismatchError extends ScannerError {
  override name = 'ChecksumMismatchError';
  constructor(
    scanner: string,
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
    /** Where `expected` comes from (the checksums file URL, or the digest pinned in the scanner's install.ts). */
    readonly source: string,
  ) {
    super(
      scanner,
      `refusing to install: the SHA-256 of ${url} is ${actual}, but ${source} says ${expected}. ` +
        'The download was deleted and nothing was cached.',
    );
  }
}

/** The checksums file does not list the asset we are about to install. */
export class MissingChecksumError extends ScannerError {
  override name = 'MissingChecksumError';
  constructor(
    scanner: string,
    readonly asset: string,
    readonly checksumsUrl: string,
  ) {
    super(scanner, `refusing to install: ${checksumsUrl} has no SHA-256 for ${asset}.`);
  }
}
