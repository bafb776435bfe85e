/**
 * The line hash GitHub code scanning uses to track alerts across commits (`primaryLocationLineHash`),
 * computed the way codeql-action's fingerprints.ts does: a polynomial rolling hash (base 37, mod 2^64) over a
 * window of the next 100 characters that are not spaces or tabs, starting at the first character of each line;
 * CR and CRLF count as LF; after the end of the file come one EOF marker (65535) and NUL padding. The value is
 * the unsigned hex hash plus ":n", n counting earlier lines of the same file with the same hash.
 */
const WINDOW = 100;
const BASE = 37;
const EOF = 65535;
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TWO32 = 4294967296;

/**
 * BASE^WINDOW mod 2^64 (the weight of the character leaving the window) as [high, low] 32-bit halves. The hash is
 * kept in two exact 32-bit halves rather than a BigInt: every intermediate product stays below 2^53.
 */
const [W_HI, W_LO] = (() => {
  let hi = 0;
  let lo = 1;
  for (let i = 0; i < WINDOW; i++) {
    const l = lo * BASE;
    lo = l % TWO32;
    hi = (hi * BASE + Math.floor(l / TWO32)) % TWO32;
  }
  return [hi, lo];
})();

/** Returns the hash of every line (1-based) of `content`. */
export function lineHashes(content: string): Map<number, string> {
  const result = new Map<number, string>();
  const window = new Array<number>(WINDOW).fill(0);
  const startsLine = new Array<number>(WINDOW).fill(-1);
  const seen = new Map<string, number>();
  let hi = 0;
  let lo = 0;
  let slot = 0;
  let line = 0;
  let atLineStart = true;
  let afterCR = false;

  const emit = () => {
    const hex = hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
    const n = (seen.get(hex) ?? 0) + 1;
    seen.set(hex, n);
    result.set(startsLine[slot]!, `${hex}:${n}`);
    startsLine[slot] = -1;
  };
  const push = (code: number) => {
    const leaving = window[slot]!;
    window[slot] = code;
    // hash = hash * BASE + code - W * leaving  (mod 2^64)
    let l = lo * BASE + code;
    let h = hi * BASE + Math.floor(l / TWO32);
    l %= TWO32;
    const pl = W_LO * leaving;
    const ph = W_HI * leaving + Math.floor(pl / TWO32);
    l -= pl % TWO32;
    if (l < 0) {
      l += TWO32;
      h -= 1;
    }
    h = (h - (ph % TWO32)) % TWO32;
    if (h < 0) h += TWO32;
    lo = l;
    hi = h;
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
