/**
 * lighteval details Parquet (src/lighteval/logging/evaluation_tracker.py save_details:
 * details/<model>/<date>/details_<task>_<date>.parquet, Dataset.from_list(asdict(Detail)) with the columns
 * doc, metric, model_response; the Open LLM Leaderboard's older details carry a `metrics` column beside
 * `predictions`). One row per doc; the metric struct holds that doc's scores. A 0/1 score is one attempt;
 * a metric computed over N samples (a name with n=N or N_samples, e.g. pass@k:k=1&n=16) is a mean, so
 * c = value·N must be a whole number; other scores need threshold. Read through DuckDB chunk by chunk.
 */
import { describe } from '../rows.js'
import fs from 'node:fs'
import { PasskError, type PluginContext } from '@passk/core'
import { successOf } from '../fields.js'
import { emptyError, isObject, singleLabel } from './common.js'
import type { FormatOptions, LogFormat, Probe, ReadState } from './types.js'

/** The Parquet footer's bytes (schema and column names), without opening DuckDB. */
function footer(p: Probe): Buffer {
  if (p.size < 12) return Buffer.alloc(0)
  const fd = fs.openSync(p.file, 'r')
  try {
    const tail = Buffer.alloc(8)
    fs.readSync(fd, tail, 0, 8, p.size - 8)
    const len = tail.readUInt32LE(0)
    if (tail.toString('latin1', 4) !== 'PAR1' || len <= 0 || len > p.size - 12 || len > 64 << 20) return Buffer.alloc(0)
    const b = Buffer.alloc(len)
    fs.readSync(fd, b, 0, len, p.size - 8 - len)
    return b
  } finally {
    fs.closeSync(fd)
  }
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`
const id = (s: string) => `"${s.replace(/"/g, '""')}"`

/** Samples a per-doc metric was computed over, from its name (n=16, 16_samples), else 1. */
export function samplesOfMetric(name: string): number {
  const m = /(?:^|[^a-z])n=(\d+)/i.exec(name) ?? /(\d+)_samples/i.exec(name)
  return m ? Number(m[1]) : 1
}

export const lighteval: LogFormat = {
  name: 'lighteval',
  detect(p) {
    if (p.type !== 'parquet' || p.container !== 'parquet') return false
    const f = footer(p).toString('latin1')
    return (
      (f.includes('model_response') && f.includes('metric')) || (f.includes('metrics') && f.includes('predictions'))
    )
  },
  read: readLighteval,
}

async function readLighteval(p: Probe, o: FormatOptions, st: ReadState, ctx: PluginContext): Promise<void> {
  const file = p.file
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const inst = await DuckDBInstance.create(':memory:', { threads: '2' })
  const con = await inst.connect()
  st.engine = 'duckdb'
  try {
    const src = `read_parquet(${q(file)}, file_row_number = true)`
    let cols: { name: string; type: string }[]
    try {
      cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`))
        .getRowsJS()
        .map((r) => ({ name: String(r[0]), type: String(r[1]) }))
    } catch (e) {
      throw new PasskError(
        'PASSK_LLM_LOGS_BAD_FILE',
        `${file}: DuckDB cannot read this Parquet file (${(e as Error).message}).`,
        'Check that the file is complete (re-download it).',
      )
    }
    const metricCol = cols.find((c) => c.name === 'metric') ?? cols.find((c) => c.name === 'metrics')
    if (!metricCol)
      throw new PasskError(
        'PASSK_LLM_LOGS_MISSING_COLUMN',
        `${file}: lighteval details need a metric (or metrics) column; the columns are ${cols.map((c) => c.name).join(', ')}.`,
        'Pass the details_<task>_<date>.parquet written by lighteval --save-details.',
      )
    const docCol = cols.find((c) => c.name === 'doc')
    const hasDocId = docCol !== undefined && /\bid\s+VARCHAR/i.test(docCol.type)
    const idSql = hasDocId ? `${id('doc')}.id` : 'NULL'
    const metricSql = metricCol.type.toUpperCase().startsWith('VARCHAR')
      ? id(metricCol.name)
      : `to_json(${id(metricCol.name)})`
    const res = await con.stream(`SELECT file_row_number, ${idSql}, ${metricSql} FROM ${src}`)
    const g = st.acc.group(singleLabel(o, file), {})
    let metric = o.metric !== 'auto' ? o.metric : undefined
    let names: string[] = []
    for (;;) {
      const chunk = await res.fetchChunk()
      if (!chunk || chunk.rowCount === 0) break
      for (const row of chunk.getRows()) {
        st.records++
        const line = Number(row[0]) + 1
        const docId = typeof row[1] === 'string' && row[1] !== '' ? row[1] : Number(row[0])
        let m: unknown
        try {
          m = typeof row[2] === 'string' ? JSON.parse(row[2]) : row[2]
        } catch {
          m = undefined
        }
        if (!isObject(m)) {
          st.bad.add(line, `${metricCol.name} is not an object of scores`)
          continue
        }
        if (!names.length) names = Object.keys(m)
        metric ??= names[0]
        if (metric === undefined || !(metric in m)) {
          st.bad.add(line, `no metric ${describe(metric)} (metrics: ${Object.keys(m).join(', ')})`)
          continue
        }
        const v = m[metric]
        const n = samplesOfMetric(metric)
        if (n > 1 && typeof v === 'number' && o.threshold === null) {
          const c = v * n
          if (!(v >= 0 && v <= 1) || Math.abs(c - Math.round(c)) > 1e-6) {
            st.bad.add(line, `${metric} = ${v} over ${n} samples is not a whole number of successes`)
            continue
          }
          for (let j = 0; j < n; j++) st.acc.addSample(g, docId, j < Math.round(c) ? 1 : 0, undefined, undefined)
          continue
        }
        const s = successOf(v, o.threshold)
        if (s < 0) {
          st.bad.add(line, `${metric} = ${describe(v)} is not 0/1 (a score: set threshold)`)
          continue
        }
        st.acc.addSample(g, docId, s as 0 | 1, undefined, undefined)
      }
      ctx.throwIfAborted()
    }
    if (!st.records) throw emptyError(file)
    if (names.length > 1 && o.metric === 'auto')
      ctx.warn(
        'PASSK_LLM_LOGS_SEVERAL_METRICS',
        `${file}: the details carry ${names.length} metrics (${names.join(', ')}); used ${JSON.stringify(metric)} (set metric to choose).`,
      )
    st.formatName = 'lighteval'
    st.meta.harness = 'lighteval'
    if (metric !== undefined) st.meta.metric = metric
  } finally {
    con.closeSync()
    inst.closeSync()
  }
}
