/**
 * The line hash GitHub code scanning uses to track alerts across commits (`primaryLocationLineHash`),
 * computed the way codeql-action's fingerprints.ts does: a polynomial rolling hash (base 37, mod 2^64) over a
 * window of the next 100 characters that are not spaces or tabs, starting at the first character of each line;
 * CR and CRLF count as LF; after the end of the file come one EOF marker (65535) and NUL padding. The value is
 * the unsigned hex hash plus ":n", n counting earlier lines of the same file with the same hash.
 */
const WINDOW = 100;
const BASE = 37n;
const MASK = (1n << 64n) - 1n;
const EOF = 65535;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;

/** BASE^WINDOW mod 2^64: the weight of the character leaving the window. */
const OUTGOING_WEIGHT = (() => {
  let w = 1n;
  for (let i = 0; i < WINDOW; i++) w = (w * BASE) & MASK;
  return w;
})();

/** Returns the hash of every line (1-based) of `content`. */
export function lineHashes(content: string): Map<number, string> {
  const result = new Map<number, string>();
  const window = new Array<number>(WINDOW).fill(0);
  const startsLine = new Array<number>(WINDOW).fill(-1);
  const seen = new Map<string, number>();
  let hash = 0n;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = () => {
    const hex = hash.toString(16);
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    result.set(startsLine[slot]!, `${hex}:${n}`);
    startsLine[slot] = -1;
  };
  const push = (code: number) => {
    const leaving = window[slot]!;
    window[slot] = code;
    hash = (hash * BASE + BigInt(code) - OUTGOING_WEIGHT * BigInt(leaving)) & MASK;
    slot = (slot + 1) % WINDOW;
  };
  const feed = (input: number) => {
    let code = input;
    if (code === SPACE || code === TAB || (afterCR && code === LF)) {
      afterCR = false;
      return;
    }
    afterCR = code === CR;
    if (code === CR) code = LF;
    if (startsLine[slot] !== -1) emit();
    if (atLineStart) {
      atLineStart = false;
      line++;
      startsLine[slot] = line;
    }
    if (code === LF) atLineStart = true;
    push(code);
  };

  for (let i = 0; i < content.length; i++) feed(content.charCodeAt(i));
  feed(EOF);
  for (let i = 0; i < WINDOW; i++) {
    if (startsLine[slot] !== -1) emit();
    push(0);
  }
  return result;
}
