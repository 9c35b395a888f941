/**
 * Aggregation of rows into per-(group, problem) counts, with honest bookkeeping: bad rows are counted
 * and the first few kept with line numbers; duplicates and mixed id types are reported, not merged.
 * No value import of @passk/core: this module also runs in worker threads, which start faster without
 * it; the PasskErrors of strict mode and duplicate rows come from factories (internal/errors.ts).
 */
import type { OutcomeGroup } from '@passk/core'

export interface BadRowReport {
  count: number
  examples: { line: number; reason: string }[]
}

export class BadRows {
  count = 0
  readonly examples: { line: number; reason: string }[] = []
  /** `strictError`: strict mode, the first bad row throws what it returns; null: count and go on. */
  constructor(
    private readonly file: string,
    private readonly strictError: ((file: string, line: number, reason: string) => Error) | null,
    private readonly keep = 5,
  ) {}
  add(line: number, reason: string): void {
    if (this.strictError) throw this.strictError(this.file, line, reason)
    this.count++
    if (this.examples.length < this.keep) this.examples.push({ line, reason })
  }
  summary(): string {
    return `${this.count} bad row${this.count === 1 ? '' : 's'} skipped in ${this.file}; first: ${this.examples.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}`
  }
}

export type DuplicatePolicy = 'error' | 'first' | 'sum'

/**
 * The largest count a TrialOutcomes group holds: n and c are Int32Array, so counts above 2³¹ − 1 would
 * wrap (4294967306 → 10). Larger counts are refused with PASSK_TOO_LARGE, never wrapped.
 */
export const MAX_COUNT = 2147483647

/** Error factory for a count above MAX_COUNT (`line` 0 = a sum over several rows). */
export type TooLargeFactory = (file: string, line: number, what: string, value: number) => Error

const plainTooLarge: TooLargeFactory = (file, line, what, value) =>
  new Error(`${file}${line ? `:${line}` : ''}: ${what} = ${value} exceeds ${MAX_COUNT}`)

class GroupAcc {
  readonly index = new Map<string, number>()
  readonly problems: string[] = []
  n: number[] = []
  c: number[] = []
  attempts: number[][] | undefined
  cost: number[][] | undefined
  costSum: number[] = []
  costCount = 0
  sawNumberId = false
  sawStringId = false
  constructor(
    readonly label: string,
    readonly keys: Record<string, string>,
    keepAttempts: boolean,
  ) {
    if (keepAttempts) {
      this.attempts = []
      this.cost = []
    }
  }
  slot(id: string | number): number {
    // Numeric and string ids are kept apart (0 and "0" are different problems): never merged silently.
    let key: string
    if (typeof id === 'number') {
      key = '\u0001' + id
      this.sawNumberId = true
    } else {
      key = id
      this.sawStringId = true
    }
    return this.slotKey(key, id)
  }
  /** Slot of an index key ('\u0001' + number for numeric ids, the id itself for strings). */
  slotKey(key: string, id: string | number): number {
    let i = this.index.get(key)
    if (i === undefined) {
      i = this.problems.length
      this.index.set(key, i)
      this.problems.push(String(id))
      this.n.push(0)
      this.c.push(0)
      this.costSum.push(0)
      this.attempts?.push([])
      this.cost?.push([])
    }
    return i
  }
}

export class Accumulator {
  private readonly groups = new Map<string, GroupAcc>()
  private last: GroupAcc | undefined
  private lastLabel = ''
  readonly duplicateRows: { line: number; label: string; problem: string }[] = []
  duplicates = 0
  /** Groups whose per-attempt cost arrays were left out because some attempts had no cost. */
  partialCost = 0
  costUnit: string | undefined
  constructor(
    private readonly keepAttempts: boolean,
    private readonly file: string,
    private readonly duplicatePolicy: DuplicatePolicy = 'error',
    private readonly duplicateError: (file: string, line: number, label: string, problem: string) => Error = (
      f,
      line,
      _l,
      p,
    ) => new Error(`${f}:${line}: a second row for problem ${p}`),
    private readonly tooLargeError: TooLargeFactory = plainTooLarge,
  ) {}

  /** Throw PASSK_TOO_LARGE (through the factory) for `what` = `value` on `line` when it exceeds MAX_COUNT. */
  checkCount(line: number, what: string, value: number): void {
    if (value > MAX_COUNT) throw this.tooLargeError(this.file, line, what, value)
  }

  private int32(g: GroupAcc, which: 'n' | 'c'): Int32Array {
    const a = g[which]
    for (let i = 0; i < a.length; i++)
      if (a[i] > MAX_COUNT)
        throw this.tooLargeError(
          this.file,
          0,
          `${which} of problem ${JSON.stringify(g.problems[i])}${g.label ? ` of ${JSON.stringify(g.label)}` : ''} (summed over rows)`,
          a[i],
        )
    return Int32Array.from(a)
  }

  group(label: string, keys: Record<string, string> | (() => Record<string, string>)): GroupAcc {
    if (this.last && this.lastLabel === label) return this.last
    let g = this.groups.get(label)
    if (!g) {
      g = new GroupAcc(label, typeof keys === 'function' ? keys() : keys, this.keepAttempts)
      this.groups.set(label, g)
    }
    this.last = g
    this.lastLabel = label
    return g
  }

  /**
   * One attempt (per-sample records). `attempt` places it in order when attempts are kept; a second
   * record with the same attempt index of the same problem is refused (returns false), not merged.
   */
  addSample(
    g: GroupAcc,
    id: string | number,
    success: 0 | 1,
    attempt: number | undefined,
    cost: number | undefined,
  ): boolean {
    const i = g.slot(id)
    if (g.attempts && attempt !== undefined && attempt >= 0 && attempt < 1e7 && g.attempts[i][attempt] !== undefined)
      return false
    g.n[i]++
    g.c[i] += success
    if (cost !== undefined) {
      g.costSum[i] += cost
      g.costCount++
    }
    if (g.attempts) {
      const a = g.attempts[i]
      if (attempt !== undefined && attempt >= 0 && attempt < 1e7) a[attempt] = success
      else a.push(success)
      if (cost !== undefined) {
        if (attempt !== undefined && attempt >= 0 && attempt < 1e7) g.cost![i][attempt] = cost
        else g.cost![i].push(cost)
      }
    }
    return true
  }

  /** One counts row. Returns false when it was a duplicate that the policy dropped. */
  addCounts(g: GroupAcc, id: string | number, n: number, c: number, line: number): boolean {
    const before = g.problems.length
    const i = g.slot(id)
    if (g.problems.length === before) {
      this.duplicates++
      if (this.duplicateRows.length < 5) this.duplicateRows.push({ line, label: g.label, problem: String(id) })
      if (this.duplicatePolicy === 'error') {
        throw this.duplicateError(this.file, line, g.label, String(id))
      }
      if (this.duplicatePolicy === 'first') return false
    }
    g.n[i] += n
    g.c[i] += c
    return true
  }

  groupsOut(): { groups: OutcomeGroup[]; mixedIdGroups: string[]; gapProblems: number } {
    const out: OutcomeGroup[] = []
    const mixed: string[] = []
    let gapProblems = 0
    for (const g of this.groups.values()) {
      if (g.sawNumberId && g.sawStringId) mixed.push(g.label)
      const og: OutcomeGroup = {
        label: g.label,
        problems: g.problems,
        n: this.int32(g, 'n'),
        c: this.int32(g, 'c'),
      }
      if (Object.keys(g.keys).length) og.keys = g.keys
      if (g.attempts) {
        // Attempt indices with holes (e.g. attempts 0, 1, 3) keep their order but lose the gap.
        og.attempts = g.attempts.map((a) => {
          let holes = 0
          for (let j = 0; j < a.length; j++) if (a[j] === undefined) holes++
          if (holes) gapProblems++
          return Uint8Array.from(holes ? a.filter((x) => x !== undefined) : a)
        })
        if (g.costCount) {
          const cost = g.cost!.map((a) => Float64Array.from(a.filter((x) => x !== undefined)))
          // Per-attempt costs only when every attempt has one (the mean cost per attempt is kept either way).
          if (cost.every((a, i) => a.length === g.n[i])) og.cost = cost
          else this.partialCost++
        }
      }
      if (g.costCount && this.costUnit) og.costUnit = this.costUnit
      out.push(og)
    }
    return { groups: out, mixedIdGroups: mixed, gapProblems }
  }

  /** The counts of every group, for a worker thread to send to the main thread (no per-attempt data). */
  exportGroups(): ExportedGroup[] {
    return [...this.groups.values()].map((g) => ({
      label: g.label,
      keys: g.keys,
      index: [...g.index.keys()],
      problems: g.problems,
      n: Float64Array.from(g.n),
      c: Float64Array.from(g.c),
      costSum: Float64Array.from(g.costSum),
      costCount: g.costCount,
      sawNumberId: g.sawNumberId,
      sawStringId: g.sawStringId,
    }))
  }

  /**
   * Add the counts of an exported accumulator (a later byte range of the same file): groups and
   * problems not seen yet are appended in their order, so merging the ranges in file order gives the
   * same first-appearance order as one pass over the whole file.
   */
  merge(groups: readonly ExportedGroup[]): void {
    for (const x of groups) {
      const g = this.group(x.label, x.keys)
      if (x.sawNumberId) g.sawNumberId = true
      if (x.sawStringId) g.sawStringId = true
      g.costCount += x.costCount
      for (let j = 0; j < x.index.length; j++) {
        const i = g.slotKey(x.index[j], x.problems[j])
        g.n[i] += x.n[j]
        g.c[i] += x.c[j]
        g.costSum[i] += x.costSum[j]
      }
    }
  }

  /** Mean cost per attempt per group, when a cost column was read. */
  meanCost(): Record<string, number> {
    const r: Record<string, number> = {}
    for (const g of this.groups.values()) {
      if (!g.costCount) continue
      let s = 0
      for (let i = 0; i < g.costSum.length; i++) s += g.costSum[i]
      r[g.label] = s / g.costCount
    }
    return r
  }
}
export type { GroupAcc }

export interface ExportedGroup {
  label: string
  keys: Record<string, string>
  /** Index keys in slot order ('\u0001' + number for numeric ids). */
  index: string[]
  problems: string[]
  n: Float64Array
  c: Float64Array
  costSum: Float64Array
  costCount: number
  sawNumberId: boolean
  sawStringId: boolean
}
