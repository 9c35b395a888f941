/**
 * A single-pass scanner for one flat JSON object per line (JSONL) that extracts only the wanted
 * top-level keys, straight from the bytes of a Buffer. JSON.parse builds every field of every record
 * (≈0.5 M records/s on a 2-core machine); this touches each byte once and materialises only the
 * wanted values (≈3–5 M records/s). Nested values of wanted keys are handed to JSON.parse; nested
 * values of other keys are skipped by bracket matching (strings respected). Anything the scanner does
 * not accept returns false, and the caller re-parses the line with JSON.parse for an exact message.
 */

export type JsonScalar = string | number | boolean | null | object | undefined

import {
  skipJsonString,
  endOfJsonNested,
  endOfJsonNumber,
  endOfEscape,
  QUOTE,
  BSLASH,
  LBRACE,
  RBRACE,
  LBRACK,
  COLON,
  COMMA,
  SPACE,
  TAB,
  CR,
  LF,
  MINUS,
} from './json-bytes.js'

function isWs(b: number): boolean {
  return b === SPACE || b === TAB || b === CR || b === LF
}

/**
 * Compiled key matcher: keys → slots. `scan` fills `out[slot]` with the value of each wanted key
 * found (undefined when absent) and returns true when the line is one well-formed flat-enough object.
 */
export class FlatJsonScanner {
  private readonly keys: Buffer[]
  readonly out: JsonScalar[]
  /** Type tag of each slot after scan: 's' string, 'n' number, 'b' boolean, 'z' null, 'o' nested, '' absent. */
  readonly types: string[]
  private readonly maxKeyLen: number

  constructor(keys: readonly string[]) {
    this.keys = keys.map((k) => Buffer.from(k, 'utf8'))
    this.out = new Array(keys.length).fill(undefined)
    this.types = new Array(keys.length).fill('')
    this.maxKeyLen = this.keys.reduce((m, k) => Math.max(m, k.length), 0)
  }

  private slotOf(buf: Buffer, s: number, e: number): number {
    const len = e - s
    if (len > this.maxKeyLen) return -1
    const keys = this.keys
    outer: for (let k = 0; k < keys.length; k++) {
      const kb = keys[k]
      if (kb.length !== len) continue
      for (let i = 0; i < len; i++) if (kb[i] !== buf[s + i]) continue outer
      return k
    }
    return -1
  }

  // Direct-mapped cache of recently decoded strings keyed by a hash of their bytes: ids and model names
  // repeat across millions of rows, and decoding each one (a native call plus an allocation) dominates.
  private readonly cacheStr: (string | undefined)[] = new Array(4096).fill(undefined)
  private readonly cacheBytes: (Uint8Array | undefined)[] = new Array(4096).fill(undefined)
  private intern(buf: Buffer, s: number, e: number): string {
    const len = e - s
    if (len > 64) return buf.toString('utf8', s, e)
    let h = 0x811c9dc5
    for (let j = s; j < e; j++) h = Math.imul(h ^ buf[j], 0x01000193)
    const slot = (h ^ (h >>> 15)) & 4095
    const cb = this.cacheBytes[slot]
    if (cb !== undefined && cb.length === len) {
      let same = true
      for (let j = 0; j < len; j++)
        if (cb[j] !== buf[s + j]) {
          same = false
          break
        }
      if (same) return this.cacheStr[slot]!
    }
    const str = buf.toString('utf8', s, e)
    this.cacheBytes[slot] = Uint8Array.prototype.slice.call(buf, s, e)
    this.cacheStr[slot] = str
    return str
  }

  /** Index just past the string starting at the quote `i`, or -1; sets this.esc when it has escapes. */
  private esc = false
  private endOfString(buf: Buffer, i: number, end: number): number {
    this.esc = false
    for (let j = i + 1; j < end; j++) {
      const b = buf[j]
      if (b === QUOTE) return j + 1
      if (b < 32) return -1 // a raw control byte (tab…): JSON.parse rejects it
      if (b === BSLASH) {
        this.esc = true
        const k = endOfEscape(buf, j, end)
        if (k < 0) return -1
        j = k - 1
      }
    }
    return -1
  }

  scan(buf: Buffer, start: number, end: number): boolean {
    const out = this.out,
      types = this.types
    for (let k = 0; k < out.length; k++) {
      out[k] = undefined
      types[k] = ''
    }
    let i = start
    while (i < end && isWs(buf[i])) i++
    if (buf[i] !== LBRACE) return false
    i++
    let first = true
    for (;;) {
      while (i < end && isWs(buf[i])) i++
      if (i >= end) return false
      if (first && buf[i] === RBRACE) {
        i++
        break
      }
      first = false
      if (buf[i] !== QUOTE) return false
      const ks = i + 1
      const ke = this.endOfString(buf, i, end)
      if (ke < 0) return false
      const slot = this.esc ? -2 : this.slotOf(buf, ks, ke - 1)
      if (slot === -2) return false // escaped key: let JSON.parse handle it
      i = ke
      while (i < end && isWs(buf[i])) i++
      if (buf[i] !== COLON) return false
      i++
      while (i < end && isWs(buf[i])) i++
      if (i >= end) return false
      const b = buf[i]
      let ve: number
      if (b === QUOTE) {
        ve = slot >= 0 ? this.endOfString(buf, i, end) : skipJsonString(buf, i, end)
        if (ve < 0) return false
        if (slot >= 0) {
          if (this.esc) {
            try {
              out[slot] = JSON.parse(buf.toString('utf8', i, ve)) as string
            } catch {
              return false // the caller's JSON.parse names the bad escape
            }
          } else out[slot] = this.intern(buf, i + 1, ve - 1)
          types[slot] = 's'
        }
      } else if (b === LBRACE || b === LBRACK) {
        ve = endOfJsonNested(buf, i, end)
        if (ve < 0) return false
        if (slot >= 0) {
          try {
            out[slot] = JSON.parse(buf.toString('utf8', i, ve)) as object
          } catch {
            return false
          }
          types[slot] = 'o'
        }
      } else if (b === 116 /* t */) {
        if (i + 4 > end || buf[i + 1] !== 114 || buf[i + 2] !== 117 || buf[i + 3] !== 101) return false
        ve = i + 4
        if (slot >= 0) {
          out[slot] = true
          types[slot] = 'b'
        }
      } else if (b === 102 /* f */) {
        if (i + 5 > end || buf[i + 1] !== 97 || buf[i + 2] !== 108 || buf[i + 3] !== 115 || buf[i + 4] !== 101)
          return false
        ve = i + 5
        if (slot >= 0) {
          out[slot] = false
          types[slot] = 'b'
        }
      } else if (b === 110 /* n */) {
        if (i + 4 > end || buf[i + 1] !== 117 || buf[i + 2] !== 108 || buf[i + 3] !== 108) return false
        ve = i + 4
        if (slot >= 0) {
          out[slot] = null
          types[slot] = 'z'
        }
      } else if (b === MINUS || (b >= 48 && b <= 57)) {
        // integer fast path; anything with '.', 'e' or more than 15 digits goes through Number()
        let j = i,
          v = 0,
          neg = false,
          simple = true
        if (b === MINUS) {
          neg = true
          j++
        }
        const ds = j
        const ne = endOfJsonNumber(buf, i, end) // the JSON grammar: 01, 1.2.3, 1e are not numbers
        if (ne < 0) return false
        for (; j < ne; j++) {
          const d = buf[j]
          if (d >= 48 && d <= 57) v = v * 10 + (d - 48)
          else simple = false
        }
        ve = j
        if (slot >= 0) {
          let x: number
          if (simple && j - ds <= 15) x = neg ? -v : v
          else {
            x = Number(buf.toString('latin1', i, j))
            if (!Number.isFinite(x)) return false
          }
          out[slot] = x
          types[slot] = 'n'
        }
      } else return false
      i = ve
      while (i < end && isWs(buf[i])) i++
      if (buf[i] === COMMA) {
        i++
        continue
      }
      if (buf[i] === RBRACE) {
        i++
        break
      }
      return false
    }
    while (i < end && isWs(buf[i])) i++
    return i === end
  }
}
