/**
 * Byte-level JSON skipping shared by the generic record scanner (json-scan.ts) and the fast per-sample
 * path (fast-samples.ts): values nobody reads are stepped over without creating strings.
 */
// Byte codes (plain constants: V8 folds them; a TS enum would be an object lookup per byte after transpilation).
export const QUOTE = 34,
  BSLASH = 92,
  LBRACE = 123,
  RBRACE = 125,
  LBRACK = 91,
  RBRACK = 93,
  COLON = 58,
  COMMA = 44,
  SPACE = 32,
  TAB = 9,
  CR = 13,
  LF = 10,
  MINUS = 45

/**
 * Index just past the string whose opening quote is at `i`, or -1 if it does not close before `end`.
 * A short manual scan, then jumps between quotes with the native Buffer.indexOf (one memchr for a long
 * completion's source code), checking the parity of the backslashes before each quote.
 */
export function skipJsonString(buf: Buffer, i: number, end: number): number {
  const stop = Math.min(end, i + 32)
  let j = i + 1
  for (; j < stop; j++) {
    const b = buf[j]
    if (b === QUOTE) return j + 1
    if (b === BSLASH) j++
  }
  if (j >= end) return -1
  // j may sit just past an escape's second byte; search on with parity checks
  for (let from = j; ;) {
    const q = buf.indexOf(QUOTE, from)
    if (q < 0 || q >= end) return -1
    let bs = 0
    for (let k = q - 1; k > i && buf[k] === BSLASH; k--) bs++
    if ((bs & 1) === 0) return q + 1
    from = q + 1
  }
}

/** Index just past the nested value starting at `i` ('{' or '['), or -1. */
export function endOfJsonNested(buf: Buffer, i: number, end: number): number {
  let depth = 0
  for (let j = i; j < end; j++) {
    const b = buf[j]
    if (b === QUOTE) {
      j = skipJsonString(buf, j, end) - 1
      if (j < 0) return -1
    } else if (b === LBRACE || b === LBRACK) depth++
    else if (b === RBRACE || b === RBRACK) {
      depth--
      if (depth === 0) return j + 1
    }
  }
  return -1
}
