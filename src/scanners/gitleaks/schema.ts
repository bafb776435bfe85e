import { z } from 'zod';
import { lineNumber, scannerId, scannerString } from '../validate.js';

/**
 * Gitleaks' JSON report (`--report-format json`): a list of findings, as far as the parser reads them — checked
 * before it is read.
 *
 * Strict: the document is a list, every entry an object with a RuleID that is not empty or blank and a File
 * string; lines and columns are whole numbers from 0; Entropy is a number from 0; texts are strings; Tags is a list
 * of strings. Tolerant: entries are loose (Secret, Match, Author, Email, Message, Fingerprint, SymlinkFile… and
 * fields of later releases are neither checked nor read), every field but RuleID and File may be missing, and Tags
 * may be `null` (a Go nil slice). Lone UTF-16 surrogates in strings become U+FFFD (validate.ts wellFormed).
 */
export const gitleaksFindingSchema = z.looseObject({
  RuleID: scannerId(),
  File: scannerString(),
  Description: scannerString().optional(),
  StartLine: lineNumber().optional(),
  EndLine: lineNumber().optional(),
  StartColumn: lineNumber().optional(),
  EndColumn: lineNumber().optional(),
  Commit: scannerString().optional(),
  Date: scannerString().optional(),
  Link: scannerString().optional(),
  Tags: z.array(scannerString()).nullable().optional(),
  /** Shannon entropy of the match, in bits per character: never negative, and far below the bound here. */
  Entropy: z.number().min(0).max(1e6).optional(),
});

export const gitleaksReportSchema = z.array(gitleaksFindingSchema);

export type GitleaksFinding = z.output<typeof gitleaksFindingSchema>;
