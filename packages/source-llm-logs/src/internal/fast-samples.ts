/**
 * The hot path for per-sample JSONL records (one flat object per line, one attempt per line): the line
 * is read straight from its bytes and counted without creating a string, an object or a Map lookup per
 * record. Keys are compared as bytes; the (model, problem) pair is hashed over its value bytes (FNV-1a)
 * and looked up in an open-addressing table that remembers, for each distinct byte pair, the group and
 * problem slot the generic code chose the first time it was seen; booleans and integers are parsed
 * from the bytes. Anything unusual (escapes, nested values in a wanted key, a missing or null wanted
 * key, a success value that is not true/false/0/1 or a plain number with a threshold, a fractional
 * attempt, a negative cost…) returns false BEFORE anything is counted, and the caller hands the line
 * to the generic scanner + row handler, which produce the exact bad-row messages. So the counts are the
 * generic reader's counts, only faster.
 */
import type { Accumulator, GroupAcc } from './accumulate.js'

import {
  skipJsonString,
  endOfJsonNested,
  endOfJsonNumber,
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
  MINUS,
} from './json-bytes.js'

export interface FastSamplesConfig {
  problem: string
  success: string
  attempt?: string | undefined
  cost?: string | undefined
  /** The only grouping column (the model), or undefined when every row goes to `fixedLabel`. */
  group?: string | undefined
  fixedLabel: string
  threshold: number | null
  /** Model filter (empty = all). */
  models: ReadonlySet<string>
}

// slots
const S_PROBLEM = 0,
  S_SUCCESS = 1,
  S_ATTEMPT = 2,
  S_COST = 3,
  S_GROUP = 4

export class FastSamples {
  private readonly keys: Uint8Array[]
  private readonly maxKeyLen: number
  /** Rows dropped by the model filter (the generic handler counts its own). */
  filtered = 0
  // per-line scratch
  private pS = 0
  private pE = 0
  private pH = 0
  private pNum = false
  private pVal = 0
  private gS = 0
  private gE = 0
  private gH = 0
  private succ = -1
  private hasAttempt = false
  private cost = NaN
  private seen = 0
  // (group bytes, problem bytes) → entry; entries keep their key bytes in `pool`
  private cap = 1 << 12
  private table = new Int32Array(this.cap).fill(-1)
  private eHash = new Int32Array(1024)
  private eOff = new Int32Array(1024)
  private eGLen = new Int32Array(1024)
  private eLen = new Int32Array(1024)
  private eGroup: (GroupAcc | null)[] = []
  private eSlot = new Int32Array(1024)
  private nEntries = 0
  private pool = new Uint8Array(1 << 16)
  private poolLen = 0
  private fixed: GroupAcc | undefined
  // the key bytes and slot at each position of the last line (shape prediction)
  private readonly shapeKeys: (Uint8Array | undefined)[] = new Array(32).fill(undefined)
  private readonly shapeSlots = new Int32Array(32)

  constructor(
    private readonly cfg: FastSamplesConfig,
    private readonly acc: Accumulator,
  ) {
    const enc = new TextEncoder()
    const names = [cfg.problem, cfg.success, cfg.attempt, cfg.cost, cfg.group]
    this.keys = names.map((k) => (k === undefined ? new Uint8Array(0) : enc.encode(k)))
    this.maxKeyLen = this.keys.reduce((m, k) => Math.max(m, k.length), 0)
  }

  private slotOf(buf: Uint8Array, s: number, len: number): number {
    if (len > this.maxKeyLen || len === 0) return -1
    const keys = this.keys
    outer: for (let k = 0; k < 5; k++) {
      const kb = keys[k]
      if (kb.length !== len) continue
      for (let i = 0; i < len; i++) if (kb[i] !== buf[s + i]) continue outer
      return k
    }
    return -1
  }

  /** Count the record on bytes [start, end) and return true, or return false (nothing counted). */
  line(buf: Buffer, start: number, end: number): boolean {
    this.seen = 0
    this.succ = -1
    this.hasAttempt = false
    this.cost = NaN
    let i = start
    let b = buf[i]
    while (i < end && (b === SPACE || b === TAB || b === CR)) b = buf[++i]
    if (b !== LBRACE) return false
    i++
    let key = 0
    for (let first = true; ; first = false) {
      while (i < end && ((b = buf[i]) === SPACE || b === TAB)) i++
      if (i >= end) return false
      if (b === RBRACE && first) {
        i++
        break
      }
      if (b !== QUOTE) return false
      // key: first try the key this position had on the previous line (JSONL writers repeat the key
      // order), comparing bytes; else find the closing quote (no escapes: generic path) and match it
      const ks = i + 1
      let slot = -1
      const kPos = key++
      const sk = kPos < 32 ? this.shapeKeys[kPos] : undefined
      let j = ks
      if (sk !== undefined && ks + sk.length < end && buf[ks + sk.length] === QUOTE) {
        const n = sk.length
        let k = 0
        while (k < n && sk[k] === buf[ks + k]) k++
        if (k === n) {
          slot = this.shapeSlots[kPos]
          j = ks + n
        }
      }
      if (j === ks) {
        for (; j < end; j++) {
          const c = buf[j]
          if (c === QUOTE) break
          if (c === BSLASH || c < 32) return false
        }
        if (j >= end) return false
        slot = this.slotOf(buf, ks, j - ks)
        if (kPos < 32) {
          this.shapeKeys[kPos] = Uint8Array.prototype.slice.call(buf, ks, j)
          this.shapeSlots[kPos] = slot
        }
      }
      i = j + 1
      while (i < end && ((b = buf[i]) === SPACE || b === TAB)) i++
      if (b !== COLON) return false
      i++
      while (i < end && ((b = buf[i]) === SPACE || b === TAB)) i++
      if (i >= end) return false
      if (b === QUOTE) {
        if (slot < 0 || slot === S_ATTEMPT || slot === S_COST || slot === S_SUCCESS) {
          // strings in attempt/cost/success (e.g. "passed", "3") are the generic path's business
          if (slot >= 0) return false
          i = skipJsonString(buf, i, end)
          if (i < 0) return false
        } else {
          let h = 0x811c9dc5
          j = i + 1
          for (; j < end; j++) {
            const c = buf[j]
            if (c === QUOTE) break
            if (c === BSLASH || c < 32) return false
            h = Math.imul(h ^ c, 0x01000193)
          }
          if (j >= end || j === i + 1) return false // unterminated or empty id/model
          if (slot === S_PROBLEM) {
            this.pS = i + 1
            this.pE = j
            this.pH = h
            this.pNum = false
          } else {
            this.gS = i + 1
            this.gE = j
            this.gH = h
          }
          this.seen |= 1 << slot
          i = j + 1
        }
      } else if (b === LBRACE || b === LBRACK) {
        if (slot >= 0) return false
        i = endOfJsonNested(buf, i, end)
        if (i < 0) return false
      } else if (b === 116 /* t */ || b === 102 /* f */) {
        const t = b === 116
        if (
          i + (t ? 4 : 5) > end ||
          (t
            ? buf[i + 1] !== 114 || buf[i + 2] !== 117 || buf[i + 3] !== 101
            : buf[i + 1] !== 97 || buf[i + 2] !== 108 || buf[i + 3] !== 115 || buf[i + 4] !== 101)
        )
          return false
        i += t ? 4 : 5
        if (slot >= 0) {
          if (slot !== S_SUCCESS) return false
          this.succ = t ? 1 : 0
          this.seen |= 1 << slot
        }
      } else if (b === 110 /* n */) {
        if (slot >= 0 || i + 4 > end || buf[i + 1] !== 117 || buf[i + 2] !== 108 || buf[i + 3] !== 108) return false
        i += 4
      } else if (b === MINUS || (b >= 48 && b <= 57)) {
        let j2 = i,
          v = 0,
          simple = true
        const neg = b === MINUS
        if (neg) j2++
        const ds = j2
        const ne = endOfJsonNumber(buf, i, end) // the JSON grammar: 01, 1.2.3, 1e are not numbers
        if (ne < 0) return false
        for (; j2 < ne; j2++) {
          const d = buf[j2]
          if (d >= 48 && d <= 57) v = v * 10 + (d - 48)
          else simple = false
        }
        if (slot >= 0) {
          if (!simple || j2 - ds > 15) {
            if (slot !== S_COST) return false
            const x = Number(buf.toString('latin1', i, j2))
            if (!(x >= 0) || !Number.isFinite(x)) return false
            this.cost = x
          } else {
            const x = neg ? -v : v
            if (slot === S_PROBLEM) {
              this.pNum = true
              this.pVal = x
              this.pS = i
              this.pE = j2
              let h = 0x811c9dc5 ^ 0x2d
              for (let k = i; k < j2; k++) h = Math.imul(h ^ buf[k], 0x01000193)
              this.pH = h
            } else if (slot === S_SUCCESS) {
              const th = this.cfg.threshold
              if (th === null) {
                if (x !== 0 && x !== 1) return false
                this.succ = x
              } else this.succ = x >= th ? 1 : 0
            } else if (slot === S_ATTEMPT) {
              if (neg && x !== 0) return false
              this.hasAttempt = true
            } else if (slot === S_COST) {
              if (neg && x !== 0) return false
              this.cost = x
            } else return false // a numeric model name: generic path
          }
          this.seen |= 1 << slot
        }
        i = j2
      } else return false
      while (i < end && ((b = buf[i]) === SPACE || b === TAB)) i++
      if (b === COMMA) {
        i++
        continue
      }
      if (b === RBRACE) {
        i++
        break
      }
      return false
    }
    while (i < end && ((b = buf[i]) === SPACE || b === TAB || b === CR)) i++
    if (i !== end) return false
    const need = (1 << S_PROBLEM) | (1 << S_SUCCESS) | (this.cfg.group !== undefined ? 1 << S_GROUP : 0)
    if ((this.seen & need) !== need) return false
    if (this.succ < 0) return false
    if (this.pNum && this.pVal === 0 && buf[this.pS] === MINUS) return false // -0: let the generic path name it
    this.count(buf)
    return true
  }

  private count(buf: Buffer): void {
    const grouped = this.cfg.group !== undefined
    let h = this.pH
    if (grouped) h = Math.imul(h ^ this.gH, 0x01000193) ^ (this.gE - this.gS)
    if (this.pNum) h ^= 0x5bd1e995
    const mask = this.cap - 1
    let t = (h ^ (h >>> 16)) & mask
    const gLen = grouped ? this.gE - this.gS : 0
    const pLen = this.pE - this.pS
    for (;;) {
      const e = this.table[t]
      if (e < 0) break
      if (this.eHash[e] === h && this.eGLen[e] === gLen && this.eLen[e] === gLen + pLen + 1) {
        const pool = this.pool
        let o = this.eOff[e]
        let same = pool[o + gLen + pLen] === (this.pNum ? 1 : 0)
        for (let k = this.gS; same && k < this.gE; k++, o++) if (pool[o] !== buf[k]) same = false
        for (let k = this.pS; same && k < this.pE; k++, o++) if (pool[o] !== buf[k]) same = false
        if (same) {
          this.add(e)
          return
        }
      }
      t = (t + 1) & mask
    }
    // first time this (group, problem) byte pair is seen: let the Accumulator decide the group and slot
    let g: GroupAcc | null
    if (!grouped) g = this.fixed ??= this.acc.group(this.cfg.fixedLabel, {})
    else {
      const label = buf.toString('utf8', this.gS, this.gE)
      if (this.cfg.models.size > 0 && !this.cfg.models.has(label)) g = null
      else {
        const col = this.cfg.group!
        g = this.acc.group(label, { [col]: label })
      }
    }
    const slot = g ? g.slot(this.pNum ? this.pVal : buf.toString('utf8', this.pS, this.pE)) : -1
    const e = this.nEntries++
    if (e === this.eHash.length) this.growEntries()
    const len = gLen + pLen + 1
    if (this.poolLen + len > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.poolLen + len))
      p.set(this.pool.subarray(0, this.poolLen))
      this.pool = p
    }
    const off = this.poolLen
    if (grouped) buf.copy(this.pool, off, this.gS, this.gE)
    buf.copy(this.pool, off + gLen, this.pS, this.pE)
    this.pool[off + len - 1] = this.pNum ? 1 : 0
    this.poolLen += len
    this.eHash[e] = h
    this.eOff[e] = off
    this.eGLen[e] = gLen
    this.eLen[e] = len
    this.eSlot[e] = slot
    this.eGroup.push(g)
    this.table[t] = e
    if (this.nEntries * 2 > this.cap) this.rehash()
    this.add(e)
  }

  private add(e: number): void {
    const g = this.eGroup[e]!
    if (g === null) {
      this.filtered++
      return
    }
    const i = this.eSlot[e]
    g.n[i]++
    g.c[i] += this.succ
    const cost = this.cost
    if (cost === cost) {
      g.costSum[i] += cost
      g.costCount++
    }
  }

  private growEntries(): void {
    const n = this.eHash.length * 2
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n)
      b.set(a)
      return b
    }
    this.eHash = grow(this.eHash)
    this.eOff = grow(this.eOff)
    this.eGLen = grow(this.eGLen)
    this.eLen = grow(this.eLen)
    this.eSlot = grow(this.eSlot)
  }

  private rehash(): void {
    this.cap *= 2
    const mask = this.cap - 1
    this.table = new Int32Array(this.cap).fill(-1)
    for (let e = 0; e < this.nEntries; e++) {
      const h = this.eHash[e]
      let t = (h ^ (h >>> 16)) & mask
      while (this.table[t] >= 0) t = (t + 1) & mask
      this.table[t] = e
    }
  }
}
