/**
 * How much of a long list the insights carry in findings.json. Every finding is in the report's `findings` already;
 * the insights name findings by fingerprint only as examples, most severe first, beside the full count.
 */

/** Fingerprints a recommendation or a failing control lists (the rest are counted in its `findings`). */
export const FINGERPRINT_LIMIT = 100;
/** SLA entries listed (breached or due soon, soonest due first; the rest are counted in `listed` and by severity). */
export const SLA_LIST_LIMIT = 1_000;
/** A finding not yet breached is "due soon" when its due date is within this long of the evaluation time. */
export const DUE_SOON_MS = 24 * 3_600_000;
