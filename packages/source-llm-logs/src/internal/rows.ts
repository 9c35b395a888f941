/**
 * The per-row logic shared by every reader (JSONL scanner, CSV, JSON records, DuckDB rows): a row is
 * read through `get(slot)` with slots [problem, n|success, c|attempt, cost, ...group columns].
 */
import type { Accumulator, BadRows, GroupAcc } from './accumulate.js'
import type { Layout } from './layout.js'
import { countOf, decimalOf, successOf } from './values.js'

export type Getter = (slot: number) => unknown

export function slotKeys(l: Layout): (string | undefined)[] {
  return l.kind === 'counts'
    ? [l.problem, l.n, l.c, undefined, ...l.groupCols]
    : [l.problem, l.success, l.attempt, l.cost, ...l.groupCols]
}

/**
 * A short rendering of a cell for a bad-row message. Never throws: values nested thousands deep
 * (JSON.stringify recurses and overflows the stack) or odd objects are named by their type.
 */
export function describe(v: unknown): string {
  if (v === undefined) return 'missing'
  let s: string
  try {
    s = JSON.stringify(v) ?? String(v)
  } catch {
    s = Array.isArray(v)
      ? '[…] (a deeply nested array)'
      : typeof v === 'object'
        ? '{…} (a deeply nested object)'
        : String(v)
  }
  return s.length > 40 ? s.slice(0, 37) + '…' : s
}

export interface RowContext {
  layout: Layout
  acc: Accumulator
  bad: BadRows
  threshold: number | null
  /** Label for rows without group columns. */
  fixedLabel: string
  /** Model filter (empty = all). */
  models: Set<string>
  /** Rows skipped by the model filter. */
  filtered: number
}

export function makeRowHandler(rc: RowContext): (get: Getter, line: number) => void {
  const { layout, acc, bad, threshold } = rc
  const nGroup = layout.groupCols.length
  const groupCols = layout.groupCols
  const hasModel = layout.model !== undefined
  const filter = rc.models.size > 0 && hasModel
  const counts = layout.kind === 'counts'
  const hasAttempt = layout.attempt !== undefined
  const hasCost = layout.cost !== undefined
  let fixed: GroupAcc | undefined
  // One group column (the common case): no per-row allocation; the last group is reused while the
  // label repeats (ids and labels from the JSONL scanner are interned, so this is usually one compare).
  let lastKey: unknown, lastGroup: GroupAcc | undefined
  const groupOf = (get: Getter, line: number): GroupAcc | undefined => {
    if (nGroup === 0) return (fixed ??= acc.group(rc.fixedLabel, {}))
    if (nGroup === 1) {
      const v = get(4)
      if (v === lastKey && lastGroup) return lastGroup
      if (v === undefined || v === null || typeof v === 'object' || v === '') {
        bad.add(line, `${groupCols[0]} is ${describe(v)}`)
        return undefined
      }
      const label = String(v)
      if (filter && !rc.models.has(label)) {
        rc.filtered++
        return undefined
      }
      lastKey = v
      lastGroup = acc.group(label, { [groupCols[0]]: label })
      return lastGroup
    }
    const vals: string[] = []
    for (let j = 0; j < nGroup; j++) {
      const v = get(4 + j)
      if (v === undefined || v === null || typeof v === 'object' || v === '') {
        bad.add(line, `${groupCols[j]} is ${describe(v)}`)
        return undefined
      }
      vals.push(String(v))
    }
    if (filter && !rc.models.has(vals[0])) {
      rc.filtered++
      return undefined
    }
    const label =
      nGroup === 1 ? vals[0] : vals.map((v, j) => (j === 0 && hasModel ? v : `${groupCols[j]}=${v}`)).join(' · ')
    return acc.group(label, () => Object.fromEntries(groupCols.map((g, j) => [g, vals[j]])))
  }
  return (get, line) => {
    const id = get(0)
    if (!((typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id)))) {
      bad.add(line, `${layout.problem} is ${describe(id)}`)
      return
    }
    if (counts) {
      const n = countOf(get(1)),
        c = countOf(get(2))
      if (Number.isNaN(n)) {
        bad.add(line, `${layout.n} is ${describe(get(1))}, expected a non-negative integer`)
        return
      }
      if (Number.isNaN(c)) {
        bad.add(line, `${layout.c} is ${describe(get(2))}, expected a non-negative integer`)
        return
      }
      if (n < 0 || c < 0) {
        bad.add(line, `negative count (n = ${n}, c = ${c})`)
        return
      }
      acc.checkCount(line, layout.n!, n)
      acc.checkCount(line, layout.c!, c)
      if (c > n) {
        bad.add(line, `c > n (c = ${c}, n = ${n}) for problem ${describe(id)}`)
        return
      }
      if (n === 0) {
        bad.add(line, `n = 0 for problem ${describe(id)} (no attempts)`)
        return
      }
      const g = groupOf(get, line)
      if (!g) return
      acc.addCounts(g, id, n, c, line)
      return
    }
    const s = successOf(get(1), threshold)
    if (s < 0) {
      bad.add(
        line,
        `${layout.success} is ${describe(get(1))}${typeof get(1) === 'number' && threshold === null ? ' (a score: set threshold)' : ', expected a boolean, 0/1 or pass/fail'}`,
      )
      return
    }
    let attempt: number | undefined
    if (hasAttempt) {
      const a = get(2)
      if (a !== undefined && a !== null) {
        const ai = countOf(a)
        if (Number.isNaN(ai) || ai < 0) {
          bad.add(line, `${layout.attempt} is ${describe(a)}, expected a non-negative integer`)
          return
        }
        attempt = ai
      }
    }
    let cost: number | undefined
    if (hasCost) {
      const cv = get(3)
      if (cv !== undefined && cv !== null) {
        const x = typeof cv === 'number' ? cv : typeof cv === 'string' ? decimalOf(cv) : NaN
        if (!Number.isFinite(x) || x < 0) {
          bad.add(line, `${layout.cost} is ${describe(cv)}, expected a non-negative number`)
          return
        }
        cost = x
      }
    }
    const g = groupOf(get, line)
    if (!g) return
    if (!acc.addSample(g, id, s as 0 | 1, attempt, cost))
      bad.add(line, `duplicate ${layout.attempt} ${attempt} for problem ${describe(id)}`)
  }
}
