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

const HEX = new Uint8Array(256)
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1
/** Bytes allowed after a backslash: " \ / b f n r t (u is checked with its four hex digits). */
const ESC = new Uint8Array(256)
for (const c of '"\\/bfnrt') ESC[c.charCodeAt(0)] = 1

/**
 * Index just past the escape whose backslash is at `j`, or -1 when JSON.parse would reject it
 * (`\x`, `\u12`, a backslash at the end).
 */
export function endOfEscape(buf: Uint8Array, j: number, end: number): number {
  const e = buf[j + 1]
  if (j + 1 >= end) return -1
  if (ESC[e]) return j + 2
  if (e !== 117 /* u */ || j + 6 > end) return -1
  return HEX[buf[j + 2]] & HEX[buf[j + 3]] & HEX[buf[j + 4]] & HEX[buf[j + 5]] ? j + 6 : -1
}

/**
 * Index just past the string whose opening quote is at `i`, or -1 if it does not close before `end`
 * or is not a JSON string (a raw control byte such as a tab, or an escape JSON.parse rejects): the
 * byte paths must take exactly what JSON.parse takes.
 */
export function skipJsonString(buf: Uint8Array, i: number, end: number): number {
  for (let j = i + 1; j < end; j++) {
    const b = buf[j]
    if (b === QUOTE) return j + 1
    if (b < 32) return -1
    if (b === BSLASH) {
      const k = endOfEscape(buf, j, end)
      if (k < 0) return -1
      j = k - 1
    }
  }
  return -1
}

/**
 * Index just past the JSON number starting at `i` (RFC 8259: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?),
 * or -1. `01`, `1.`, `.5`, `1e`, `-` are not numbers; what follows the number is the caller's check.
 */
export function endOfJsonNumber(buf: Uint8Array, i: number, end: number): number {
  let j = i
  if (buf[j] === MINUS) j++
  if (j >= end) return -1
  let d = buf[j]
  if (d === 48) j++
  else if (d >= 49 && d <= 57) {
    j++
    while (j < end && (d = buf[j]) >= 48 && d <= 57) j++
  } else return -1
  if (j < end && buf[j] === 46 /* . */) {
    j++
    const s = j
    while (j < end && (d = buf[j]) >= 48 && d <= 57) j++
    if (j === s) return -1
  }
  if (j < end && (buf[j] === 101 || buf[j] === 69) /* e E */) {
    j++
    if (j < end && (buf[j] === 43 || buf[j] === MINUS)) j++
    const s = j
    while (j < end && (d = buf[j]) >= 48 && d <= 57) j++
    if (j === s) return -1
  }
  return j
}

const isWs = (b: number) => b === SPACE || b === TAB || b === CR || b === LF

/**
 * Index just past the JSON value (any kind) starting at `i`, validated as JSON.parse would, or -1.
 * Iterative (an explicit stack of open brackets), so values nested 10⁵ deep cost no call stack.
 */
export function skipJsonValue(buf: Uint8Array, i: number, end: number): number {
  const stack: number[] = [] // open brackets: RBRACE or RBRACK expected
  let j = i
  for (;;) {
    // a value at j
    while (j < end && isWs(buf[j])) j++
    if (j >= end) return -1
    const b = buf[j]
    if (b === QUOTE) {
      j = skipJsonString(buf, j, end)
      if (j < 0) return -1
    } else if (b === LBRACE) {
      j++
      while (j < end && isWs(buf[j])) j++
      if (buf[j] === RBRACE && j < end) j++
      else {
        // first key
        if (buf[j] !== QUOTE) return -1
        j = skipJsonString(buf, j, end)
        if (j < 0) return -1
        while (j < end && isWs(buf[j])) j++
        if (buf[j] !== COLON || j >= end) return -1
        j++
        stack.push(RBRACE)
        continue
      }
    } else if (b === LBRACK) {
      j++
      while (j < end && isWs(buf[j])) j++
      if (buf[j] === RBRACK && j < end) j++
      else {
        stack.push(RBRACK)
        continue
      }
    } else if (b === 116 /* t */) {
      if (j + 4 > end || buf[j + 1] !== 114 || buf[j + 2] !== 117 || buf[j + 3] !== 101) return -1
      j += 4
    } else if (b === 102 /* f */) {
      if (j + 5 > end || buf[j + 1] !== 97 || buf[j + 2] !== 108 || buf[j + 3] !== 115 || buf[j + 4] !== 101) return -1
      j += 5
    } else if (b === 110 /* n */) {
      if (j + 4 > end || buf[j + 1] !== 117 || buf[j + 2] !== 108 || buf[j + 3] !== 108) return -1
      j += 4
    } else {
      j = endOfJsonNumber(buf, j, end)
      if (j < 0) return -1
    }
    // after a value: close brackets, or a comma and the next member
    for (;;) {
      if (stack.length === 0) return j
      while (j < end && isWs(buf[j])) j++
      if (j >= end) return -1
      const c = buf[j]
      const top = stack[stack.length - 1]
      if (c === top) {
        stack.pop()
        j++
        continue
      }
      if (c !== COMMA) return -1
      j++
      if (top === RBRACE) {
        while (j < end && isWs(buf[j])) j++
        if (buf[j] !== QUOTE || j >= end) return -1
        j = skipJsonString(buf, j, end)
        if (j < 0) return -1
        while (j < end && isWs(buf[j])) j++
        if (buf[j] !== COLON || j >= end) return -1
        j++
      }
      break
    }
  }
}

/** Index just past the nested value starting at `i` ('{' or '['), validated as JSON, or -1. */
export function endOfJsonNested(buf: Uint8Array, i: number, end: number): number {
  return skipJsonValue(buf, i, end)
}
