/**
 * Flat JSONL records (counts or per-sample) over one byte range of a file: the same code runs on the
 * whole file in the main thread and on one half of it in each worker thread (internal/workers.ts).
 * Per line: the byte-level fast path (internal/fast-samples.ts) when the layout allows it, else the
 * generic scanner (internal/json-scan.ts) + row handler (internal/rows.ts), else JSON.parse for an
 * exact error message.
 */
import type { Accumulator, BadRows } from './accumulate.js'
import { FastSamples } from './fast-samples.js'
import { FlatJsonScanner } from './json-scan.js'
import type { Layout } from './layout.js'
import type { LineSink } from './ranges.js'
import { makeRowHandler, slotKeys, type RowContext } from './rows.js'

/** Everything a range reader needs besides the accumulators (plain data: it crosses into workers). */
export interface JsonlPlan {
  file: string
  layout: Layout
  fixedLabel: string
  models: string[]
  threshold: number | null
  keepAttempts: boolean
  /** false: every line through the generic scanner (tests compare the two paths). */
  fastPath?: boolean
}

export interface RangeCounts {
  lines: number
  records: number
  filtered: number
}

/** Whether per-sample lines can take the byte-level fast path (one group column at most, no per-attempt order). */
export function fastPathApplies(plan: JsonlPlan): boolean {
  return (
    plan.fastPath !== false && plan.layout.kind === 'samples' && plan.layout.groupCols.length <= 1 && !plan.keepAttempts
  )
}

/**
 * Count the lines that `eachLine` delivers (the whole file, or one byte range of it: internal/ranges.ts)
 * into `acc`/`bad`.
 */
export async function readJsonlLines(
  plan: JsonlPlan,
  acc: Accumulator,
  bad: BadRows,
  eachLine: (sink: LineSink) => Promise<number>,
): Promise<RangeCounts> {
  const { layout } = plan
  const rc: RowContext = {
    layout,
    acc,
    bad,
    threshold: plan.threshold,
    fixedLabel: plan.fixedLabel,
    models: new Set(plan.models),
    filtered: 0,
  }
  const handle = makeRowHandler(rc)
  const slotNames = slotKeys(layout)
  const scanner = new FlatJsonScanner(slotNames.map((k) => k ?? '\u0000none'))
  const out = scanner.out
  const get = (i: number) => out[i]
  let objRow: Record<string, unknown> = {}
  const getObj = (i: number) => {
    const k = slotNames[i]
    return k === undefined ? undefined : objRow[k]
  }
  const fast = fastPathApplies(plan)
    ? new FastSamples(
        {
          problem: layout.problem,
          success: layout.success!,
          attempt: layout.attempt,
          cost: layout.cost,
          group: layout.groupCols[0],
          fixedLabel: plan.fixedLabel,
          threshold: plan.threshold,
          models: layout.model !== undefined ? rc.models : new Set<string>(),
        },
        acc,
      ) // the filter applies to a model column only (as in rows.ts)
    : undefined
  let records = 0
  const slow: LineSink = (buf, s, e, line) => {
    if (scanner.scan(buf, s, e)) {
      handle(get, line)
      return
    }
    // Exact JSON.parse for an exact message (or a record the scanner does not take, e.g. escaped keys).
    const text = buf.toString('utf8', s, e)
    if (text.trim() === '') {
      records--
      return
    }
    let v: unknown
    try {
      v = JSON.parse(text)
    } catch (err) {
      bad.add(line, `not valid JSON (${(err as Error).message})`)
      return
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      bad.add(line, 'not a JSON object')
      return
    }
    objRow = v as Record<string, unknown>
    handle(getObj, line)
  }
  const sink: LineSink = fast
    ? (buf, s, e, line) => {
        if (e === s) return
        records++
        if (!fast.line(buf, s, e)) slow(buf, s, e, line)
      }
    : (buf, s, e, line) => {
        if (e === s) return
        records++
        slow(buf, s, e, line)
      }
  const lines = await eachLine(sink)
  return { lines, records, filtered: rc.filtered + (fast?.filtered ?? 0) }
}
