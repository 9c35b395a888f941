/** Counts or per-sample tables aggregated in SQL through embedded DuckDB (Parquet always; CSV/JSONL on request). */
import { PasskError, type PluginContext } from '@passk/core'
import { baseLabel, type FileType } from '../detect.js'
import { makeRowHandler } from '../rows.js'
import { asList, columnOptions, layoutFormat, rowContext } from './common.js'
import { jsonlRecords } from './jsonl-records.js'
import type { FormatOptions, LogFormat, Probe, ReadState } from './types.js'

export const duckdbTable: LogFormat = {
  name: 'duckdb',
  detect: (p, o) => p.type === 'parquet' || o.engine === 'duckdb',
  read: readDuck,
}

async function readDuck(p: Probe, o: FormatOptions, st: ReadState, ctx: PluginContext): Promise<void> {
  const file = p.file
  const type = p.type as FileType
  if (o.format === 'lm-eval-harness' || o.format === 'evalplus')
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${file}: format ${o.format} is read by the streaming engine, not DuckDB.`,
      "Set engine 'stream' (or 'auto').",
    )
  // DuckDB (a native addon) is loaded only when a file needs it.
  const { duckdbRead } = await import('../duckdb.js')
  const r = await duckdbRead(file, type, columnOptions(o), layoutFormat(o), o.threshold, asList(o.model))
  if (r.fallback) {
    // one semantics for both engines: what DuckDB would read differently, the stream engine reads
    ctx.warn('PASSK_LLM_LOGS_DUCKDB_FALLBACK', `${file}: read by the stream engine, not DuckDB: ${r.fallback}.`)
    return jsonlRecords.read(p, o, st, ctx)
  }
  if (r.counts) {
    const { layout, rows } = r.counts
    st.layout = layout
    const rc = rowContext(o, file, layout, st)
    rc.models = new Set() // filtered in SQL
    const handle = makeRowHandler(rc)
    let cur: unknown[] = []
    const get = (i: number) => (i < 3 ? cur[i] : i === 3 ? undefined : cur[i - 1])
    rows.forEach((row, i) => {
      st.records++
      cur = row.map((v) => (v === null ? undefined : v))
      handle(get, i + 1)
    })
    return
  }
  const s = r.samples!
  st.layout = s.layout
  st.records += s.records
  st.filtered += s.filtered
  const models = asList(o.model)
  const fixed = o.label !== 'auto' ? o.label : models.length === 1 && !s.layout.model ? models[0] : baseLabel(file)
  const gc = s.layout.groupCols
  for (const row of s.rows) {
    const label =
      gc.length === 0
        ? fixed
        : gc.length === 1
          ? row.group[0]
          : row.group.map((v, j) => (j === 0 && s.layout.model ? v : `${gc[j]}=${v}`)).join(' · ')
    const g = st.acc.group(label, () => Object.fromEntries(gc.map((c, j) => [c, row.group[j]])))
    const i = g.slot(row.problem)
    g.n[i] += row.n
    g.c[i] += row.c
    if (row.cost !== null) {
      g.costSum[i] += row.cost
      g.costCount += row.n
    }
  }
  if (s.bad) {
    if (o.strict)
      throw new PasskError(
        'PASSK_LLM_LOGS_BAD_ROW',
        `${file}: ${s.bad} bad rows${s.badExamples.length ? `, e.g. row ${s.badExamples[0].line}: ${s.badExamples[0].reason}` : ''}.`,
        'Fix or remove the rows, or drop strict to skip bad rows with a counted warning.',
      )
    st.bad.count += s.bad
    st.bad.examples.push(...s.badExamples)
    if (!s.badExamples.length)
      st.bad.examples.push({
        line: 0,
        reason: 'row numbers are not available through DuckDB for this file type (use engine "stream" to see them)',
      })
  }
}
