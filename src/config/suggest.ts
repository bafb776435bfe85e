import { closest, distance } from 'fastest-levenshtein';

/**
 * ` (did you mean 'severityFilter'?)` for a misspelt key, when one known key is close (case-insensitive edit
 * distance at most a third of its length, at least 1… 3); '' otherwise.
 */
export function didYouMean(given: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const lower = known.map((k) => k.toLowerCase());
  const g = given.toLowerCase().replace(/[-_ ]/g, '');
  const squashed = lower.map((k) => k.replace(/[-_ ]/g, ''));
  const exact = squashed.indexOf(g);
  if (exact !== -1) return ` (did you mean '${known[exact]}'?)`;
  const best = closest(g, squashed);
  const d = distance(g, best);
  const limit = Math.min(3, Math.max(1, Math.floor(best.length / 3)));
  return d <= limit ? ` (did you mean '${known[squashed.indexOf(best)]}'?)` : '';
}
