/**
 * sources/llm-logs: external LLM evaluation logs → TrialOutcomes (per group and problem: n attempts,
 * c successes; per-attempt outcomes and costs on request). Counts tables, per-sample records,
 * lm-evaluation-harness samples and evalplus results; CSV/TSV/JSONL/JSON/Parquet, gzip or not.
 */
import fs from 'node:fs'
import os from 'node:os'
import { defineSource, PasskError, z, type PluginContext, type TrialOutcomes } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { Accumulator, BadRows } from './internal/accumulate.js'
import { splitCsvLine } from './internal/csv.js'
import { baseLabel, detectFileType, type FileType } from './internal/detect.js'
import { successOf } from './internal/fields.js'
import { readJsonlLines, type JsonlPlan } from './internal/jsonl.js'
import { duplicateRow, strictBadRow } from './internal/errors.js'
import { countTooLarge } from './internal/limits.js'
import { forEachLineInRange } from './internal/ranges.js'
import { readJsonlParallel } from './internal/workers.js'
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  forEachLine,
  isGzip,
  readHead,
  readLimits,
  readWholeBounded,
} from './internal/lines.js'
import { resolveLayout, type ColumnOptions, type Layout } from './internal/layout.js'
import { describe, makeRowHandler, slotKeys, type RowContext } from './internal/rows.js'

const col = (role: string, extra = '') =>
  z.string().min(1).default('auto').describe(`Column holding the ${role}; 'auto' picks a well-known name${extra}`)

export const llmLogsOptions = z
  .object({
    path: z
      .string()
      .min(1)
      .describe('Log file (CSV/TSV/JSONL/JSON/Parquet, optionally .gz); relative to the spec file'),
    format: z
      .enum(['auto', 'counts', 'samples', 'lm-eval-harness', 'evalplus'])
      .default('auto')
      .describe(
        "Record layout: 'counts' (problem, n, c per row), 'samples' (one row per attempt), lm-evaluation-harness samples_*.jsonl, evalplus eval_results.json; 'auto' detects it from the columns",
      ),
    fileType: z
      .enum(['auto', 'csv', 'tsv', 'jsonl', 'json', 'parquet'])
      .default('auto')
      .describe("Container format; 'auto' uses the extension (after .gz), then the content"),
    engine: z
      .enum(['auto', 'stream', 'duckdb'])
      .default('auto')
      .describe(
        "'stream' reads text line by line in constant memory; 'duckdb' aggregates in SQL (Parquet always uses DuckDB)",
      ),
    model: z
      .union([z.string(), z.array(z.string())])
      .default([])
      .describe(
        'Keep only these models (model column values); for files without a model column, a single name labels the group',
      ),
    groupBy: z
      .array(z.string())
      .default([])
      .describe('Extra grouping columns besides the model column, e.g. ["temperature"]'),
    modelColumn: col('model name', "; 'none' puts every row in one group"),
    problemColumn: col('problem id'),
    nColumn: col('number of attempts (counts tables)'),
    cColumn: col('number of successes (counts tables)'),
    successColumn: col('per-attempt outcome (boolean, 0/1, pass/fail, or a score with threshold)'),
    attemptColumn: col('attempt index (per-sample records)', "; 'none' ignores it"),
    costColumn: col('per-attempt cost (tokens or USD)', "; 'none' ignores it"),
    threshold: z
      .number()
      .nullable()
      .default(null)
      .describe('Scores ≥ threshold count as successes (per-sample scores, lm-eval metrics)'),
    metric: z
      .string()
      .default('auto')
      .describe("lm-evaluation-harness: the metric field per sample; 'auto' takes the first of the record's metrics"),
    filter: z
      .string()
      .default('auto')
      .describe("lm-evaluation-harness: which filter's rows to use; 'auto' takes the first filter seen"),
    evalplusTests: z
      .enum(['plus', 'base'])
      .default('plus')
      .describe("evalplus: 'plus' = base and extra tests pass, 'base' = base tests only"),
    label: z
      .string()
      .default('auto')
      .describe("Group label when the file has no model column; 'auto' uses the file name"),
    duplicates: z
      .enum(['error', 'first', 'sum'])
      .default('error')
      .describe('Counts tables: what to do with a second row for the same (group, problem)'),
    threads: z
      .union([z.literal('auto'), z.number().int().min(1).max(16)])
      .default('auto')
      .describe(
        "Worker threads for a plain (not gzip) per-sample JSONL file read by the stream engine: the file is split at line boundaries and the counts merged in file order; 'auto' = 2 (at most the cores) for files of 64 MiB or more, else 1. keepAttempts and strict always read in one thread",
      ),
    keepAttempts: z
      .boolean()
      .default(false)
      .describe('Keep the ordered per-attempt outcomes (and costs) of per-sample records'),
    strict: z.boolean().default(false).describe('Make the first bad row an error instead of a counted warning'),
    maxBytes: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_MAX_BYTES)
      .describe(
        'Refuse (PASSK_TOO_LARGE) a gzip file that inflates beyond this many bytes (default 64 GiB; a JSON document is also bounded by the largest string, ~512 MiB)',
      ),
    maxLineBytes: z
      .number()
      .int()
      .positive()
      .default(DEFAULT_MAX_LINE_BYTES)
      .describe(
        'Refuse (PASSK_TOO_LARGE) a line longer than this many bytes (default 256 MiB; one line is held in memory)',
      ),
  })
  .strict()

export type LlmLogsOptions = z.output<typeof llmLogsOptions>

interface ReadState {
  acc: Accumulator
  bad: BadRows
  records: number
  filtered: number
  layout?: Layout
  threads?: number
}

/**
 * threads 'auto' uses worker threads for plain JSONL files from this size on (below it, start-up costs more than it
 * saves).
 */
const AUTO_THREADS_BYTES = 64 << 20

const asList = (m: string | string[]) => (Array.isArray(m) ? m : m ? [m] : [])

function readWhole(file: string, o: LlmLogsOptions): Buffer {
  return readWholeBounded(file, o.maxBytes)
}

function rowContext(o: LlmLogsOptions, file: string, layout: Layout, st: ReadState): RowContext {
  const models = asList(o.model)
  const fixedLabel = o.label !== 'auto' ? o.label : models.length === 1 && !layout.model ? models[0] : baseLabel(file)
  return { layout, acc: st.acc, bad: st.bad, threshold: o.threshold, fixedLabel, models: new Set(models), filtered: 0 }
}

function columnOptions(o: LlmLogsOptions): ColumnOptions {
  return {
    modelColumn: o.modelColumn,
    problemColumn: o.problemColumn,
    nColumn: o.nColumn,
    cColumn: o.cColumn,
    successColumn: o.successColumn,
    attemptColumn: o.attemptColumn,
    costColumn: o.costColumn,
    groupBy: o.groupBy,
  }
}

function layoutFormat(o: LlmLogsOptions): 'auto' | 'counts' | 'samples' {
  return o.format === 'counts' || o.format === 'samples' ? o.format : 'auto'
}

function progress(ctx: PluginContext) {
  let last = -1
  return (done: number, total: number) => {
    const pct = Math.floor((100 * done) / Math.max(1, total))
    if (pct !== last) {
      last = pct
      ctx.progress({ done, total, label: 'reading log' })
    }
  }
}

/** First non-empty line of a text file (decompressed), for layout detection. */
async function firstRecordLine(file: string, o: LlmLogsOptions): Promise<{ text: string; line: number } | undefined> {
  let found: { text: string; line: number } | undefined
  const stop = new Error('stop')
  try {
    await forEachLine(
      file,
      (buf, s, e, line) => {
        if (found) return
        const t = buf.toString('utf8', s, e)
        if (t.trim() !== '') {
          found = { text: t, line }
          throw stop
        }
      },
      readLimits(file, o),
    )
  } catch (e) {
    if (e !== stop) throw e
  }
  return found
}

async function readJsonl(file: string, o: LlmLogsOptions, st: ReadState, ctx: PluginContext): Promise<void> {
  const first = await firstRecordLine(file, o)
  if (!first) throw emptyError(file)
  let obj: unknown
  try {
    obj = JSON.parse(first.text)
  } catch (e) {
    throw new PasskError(
      'PASSK_LLM_LOGS_BAD_JSON',
      `${file}:${first.line}: the first record is not valid JSON (${(e as Error).message}).`,
      'JSONL needs one JSON object per line; for CSV set fileType "csv".',
    )
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    throw new PasskError(
      'PASSK_LLM_LOGS_BAD_JSON',
      `${file}:${first.line}: expected a JSON object per line, found ${Array.isArray(obj) ? 'an array' : typeof obj}.`,
      'Each line must be an object like {"task_id": …, "passed": true}.',
    )
  const keys = Object.keys(obj)
  if (
    o.format === 'lm-eval-harness' ||
    (o.format === 'auto' &&
      keys.includes('doc_id') &&
      (keys.includes('resps') || keys.includes('filtered_resps') || keys.includes('metrics')))
  ) {
    return readLmEval(file, o, st, ctx)
  }
  const layout = resolveLayout(keys, columnOptions(o), layoutFormat(o), file)
  st.layout = layout
  const rc = rowContext(o, file, layout, st)
  const plan: JsonlPlan = {
    file,
    layout,
    fixedLabel: rc.fixedLabel,
    models: [...rc.models],
    threshold: o.threshold,
    keepAttempts: o.keepAttempts,
  }
  const size = fs.statSync(file).size
  const gzip = isGzip(readHead(file, 2))
  // Worker threads: plain files of per-sample records only (gzip cannot be split; per-attempt order,
  // strict mode and duplicate checks of counts tables need one ordered pass).
  const threads =
    o.threads === 'auto' ? (size >= AUTO_THREADS_BYTES ? Math.min(2, os.availableParallelism()) : 1) : o.threads
  if (threads > 1 && !gzip && layout.kind === 'samples' && !o.keepAttempts && !o.strict) {
    try {
      const r = await readJsonlParallel(plan, threads, st.acc, st.bad, { onChunk: progress(ctx), signal: ctx.signal })
      st.records += r.records
      st.filtered += r.filtered
      st.threads = r.threads
      return
    } catch (e) {
      ctx.throwIfAborted()
      ctx.log.warn(`${file}: worker threads failed (${(e as Error).message}); reading in one thread.`)
    }
  }
  const opts = { onChunk: progress(ctx), throwIfAborted: ctx.throwIfAborted, ...readLimits(file, o) }
  const r = await readJsonlLines(plan, st.acc, st.bad, (sink) =>
    gzip ? forEachLine(file, sink, opts) : forEachLineInRange(file, 0, size, sink, opts),
  )
  st.records += r.records
  st.filtered += r.filtered
}

async function readCsv(
  file: string,
  type: 'csv' | 'tsv',
  o: LlmLogsOptions,
  st: ReadState,
  ctx: PluginContext,
): Promise<void> {
  const delim = type === 'tsv' ? '\t' : ','
  const first = await firstRecordLine(file, o)
  if (!first) throw emptyError(file)
  const header = splitCsvLine(first.text.replace(/^\uFEFF/, ''), delim)
  if (!header || header.length < 2)
    throw new PasskError(
      'PASSK_LLM_LOGS_BAD_HEADER',
      `${file}:${first.line}: expected a header row with at least two ${type === 'tsv' ? 'tab' : 'comma'}-separated column names, found ${JSON.stringify(first.text.slice(0, 80))}.`,
      'Add a header such as problem_id,n,c — or set fileType if this is not CSV.',
    )
  const columns = header.map((h) => h.trim())
  const layout = resolveLayout(columns, columnOptions(o), layoutFormat(o), file)
  st.layout = layout
  const idx = slotKeys(layout).map((k) => (k === undefined ? -1 : columns.indexOf(k)))
  const rc = rowContext(o, file, layout, st)
  const handle = makeRowHandler(rc)
  let fields: string[] = []
  const get = (i: number) => {
    const j = idx[i]
    if (j < 0) return undefined
    const v = fields[j]
    return v === undefined || v === '' ? undefined : v
  }
  await forEachLine(
    file,
    (buf, s, e, line) => {
      if (line <= first.line || e === s) return
      const text = buf.toString('utf8', s, e)
      if (text.trim() === '') return
      st.records++
      const f = splitCsvLine(text, delim)
      if (!f) {
        st.bad.add(line, 'unbalanced quote')
        return
      }
      if (f.length !== columns.length) {
        st.bad.add(line, `${f.length} fields, the header has ${columns.length}`)
        return
      }
      fields = f
      handle(get, line)
    },
    { onChunk: progress(ctx), throwIfAborted: ctx.throwIfAborted, ...readLimits(file, o) },
  )
  st.filtered += rc.filtered
}

/** A JSON document: evalplus eval_results.json, or an array of records (counts or per-sample). */
async function readJson(file: string, o: LlmLogsOptions, st: ReadState): Promise<void> {
  const text = readWhole(file, o).toString('utf8')
  if (text.trim() === '') throw emptyError(file)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new PasskError(
      'PASSK_LLM_LOGS_BAD_JSON',
      `${file}: not valid JSON (${(e as Error).message}).`,
      'For one object per line use a .jsonl file (or set fileType "jsonl").',
    )
  }
  if (
    o.format === 'evalplus' ||
    (o.format === 'auto' && typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'eval' in doc)
  )
    return readEvalplus(file, doc, o, st)
  if (!Array.isArray(doc))
    throw new PasskError(
      'PASSK_LLM_LOGS_UNKNOWN_FORMAT',
      `${file}: a JSON object without an "eval" field is not a known log format.`,
      'Supported JSON: evalplus eval_results.json, or an array of records; use JSONL for one record per line.',
    )
  if (!doc.length) throw emptyError(file)
  const keys = [...new Set(doc.slice(0, 100).flatMap((r) => (typeof r === 'object' && r ? Object.keys(r) : [])))]
  const layout = resolveLayout(keys, columnOptions(o), layoutFormat(o), file)
  st.layout = layout
  const rc = rowContext(o, file, layout, st)
  const handle = makeRowHandler(rc)
  const names = slotKeys(layout)
  doc.forEach((r, i) => {
    st.records++
    if (typeof r !== 'object' || r === null) {
      st.bad.add(i + 1, 'not an object')
      return
    }
    handle((j) => {
      const k = names[j]
      return k === undefined ? undefined : (r as Record<string, unknown>)[k]
    }, i + 1)
  })
  st.filtered += rc.filtered
}

function statusPass(s: unknown): number {
  if (typeof s !== 'string') return -1
  const t = s.toLowerCase()
  return t === 'pass' || t === 'success' || t === 'passed'
    ? 1
    : t === 'fail' || t === 'failed' || t === 'failure' || t === 'timeout' || t === 'error'
      ? 0
      : -1
}

/**
 * evalplus eval_results.json: {"eval": {task_id: [{base_status, plus_status, …}, …]}} (evalplus ≥ 0.2),
 * or the older {"eval": {task_id: {"base": [[status, …], …], "plus": [[status, …], …]}}}.
 */
function readEvalplus(file: string, doc: unknown, o: LlmLogsOptions, st: ReadState): void {
  const ev = (doc as { eval?: unknown } | null)?.eval
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev))
    throw new PasskError(
      'PASSK_LLM_LOGS_UNKNOWN_FORMAT',
      `${file}: evalplus results need an "eval" object keyed by task id.`,
      'Pass the eval_results.json written by evalplus.evaluate.',
    )
  const models = asList(o.model)
  const label = o.label !== 'auto' ? o.label : models.length === 1 ? models[0] : baseLabel(file)
  const g = st.acc.group(label, {})
  const plus = o.evalplusTests === 'plus'
  let row = 0
  for (const [task, v] of Object.entries(ev as Record<string, unknown>)) {
    row++
    if (Array.isArray(v)) {
      v.forEach((smp, j) => {
        st.records++
        const b = statusPass((smp as Record<string, unknown>)?.base_status)
        const p = plus ? statusPass((smp as Record<string, unknown>)?.plus_status) : 1
        if (b < 0 || p < 0) {
          st.bad.add(
            row,
            `${task} sample ${j}: status ${describe((smp as Record<string, unknown> | null)?.base_status)}/${describe((smp as Record<string, unknown> | null)?.plus_status)} is not pass/fail`,
          )
          return
        }
        st.acc.addSample(g, task, b && p ? 1 : 0, j, undefined)
      })
    } else if (typeof v === 'object' && v !== null && Array.isArray((v as { base?: unknown }).base)) {
      const base = (v as { base: unknown[] }).base,
        pl = (v as { plus?: unknown[] }).plus
      base.forEach((b0, j) => {
        st.records++
        const b = statusPass(Array.isArray(b0) ? b0[0] : b0)
        const p1 = pl?.[j]
        const p = plus ? statusPass(Array.isArray(p1) ? p1[0] : p1) : 1
        if (b < 0 || p < 0) {
          st.bad.add(row, `${task} sample ${j}: status is not pass/fail`)
          return
        }
        st.acc.addSample(g, task, b && p ? 1 : 0, j, undefined)
      })
    } else st.bad.add(row, `${task}: expected a list of samples`)
  }
  if (!st.records) throw emptyError(file)
}

/**
 * lm-evaluation-harness samples_<task>_<date>.jsonl: one line per doc (and filter). With repeats r,
 * `resps` holds r responses per doc and the metric is their mean, so c = metric·r (it must be a whole
 * number); a metric that is a list counts one attempt per element; several lines per doc add up.
 */
async function readLmEval(file: string, o: LlmLogsOptions, st: ReadState, ctx: PluginContext): Promise<void> {
  const models = asList(o.model)
  const label = o.label !== 'auto' ? o.label : models.length === 1 ? models[0] : baseLabel(file)
  const g = st.acc.group(label, {})
  const idKey = o.problemColumn === 'auto' ? 'doc_id' : o.problemColumn
  let filter = o.filter === 'auto' ? undefined : o.filter
  const otherFilters = new Set<string>()
  let skippedOther = 0
  await forEachLine(
    file,
    (buf, s, e, line) => {
      if (e === s) return
      const text = buf.toString('utf8', s, e)
      if (!text.trim()) return
      st.records++
      let r: Record<string, unknown>
      try {
        r = JSON.parse(text) as Record<string, unknown>
      } catch (err) {
        st.bad.add(line, `not valid JSON (${(err as Error).message})`)
        return
      }
      if (typeof r !== 'object' || r === null) {
        st.bad.add(line, 'not a JSON object')
        return
      }
      if (typeof r.filter === 'string') {
        filter ??= r.filter
        if (r.filter !== filter) {
          otherFilters.add(r.filter)
          skippedOther++
          st.records--
          return
        }
      }
      const id = r[idKey]
      if (!(typeof id === 'string' || typeof id === 'number')) {
        st.bad.add(line, `${idKey} is ${describe(id)}`)
        return
      }
      const metric =
        o.metric !== 'auto'
          ? o.metric
          : Array.isArray(r.metrics) && typeof r.metrics[0] === 'string'
            ? r.metrics[0]
            : ['exact_match', 'acc', 'pass@1', 'pass_at_1'].find((m) => m in r)
      if (!metric || !(metric in r)) {
        st.bad.add(line, `metric ${JSON.stringify(metric ?? o.metric)} not found`)
        return
      }
      const v = r[metric]
      if (Array.isArray(v)) {
        for (const x of v) {
          const sx = successOf(x, o.threshold)
          if (sx < 0) {
            st.bad.add(line, `${metric} element ${describe(x)} is not a success value`)
            return
          }
        }
        for (const x of v) st.acc.addSample(g, id, successOf(x, o.threshold) as 0 | 1, undefined, undefined)
        return
      }
      const resps = r.resps
      const reps = Array.isArray(resps) && Array.isArray(resps[0]) ? (resps[0] as unknown[]).length : 1
      if (reps <= 1 || typeof v !== 'number' || o.threshold !== null) {
        const sx = successOf(v, o.threshold)
        if (sx < 0) {
          st.bad.add(line, `${metric} is ${describe(v)}${typeof v === 'number' ? ' (a score: set threshold)' : ''}`)
          return
        }
        st.acc.addSample(g, id, sx as 0 | 1, undefined, undefined)
        return
      }
      const c = v * reps
      if (!(v >= 0 && v <= 1) || Math.abs(c - Math.round(c)) > 1e-6) {
        st.bad.add(line, `${metric} = ${v} with ${reps} repeats is not a whole number of successes`)
        return
      }
      for (let j = 0; j < reps; j++) st.acc.addSample(g, id, j < Math.round(c) ? 1 : 0, undefined, undefined)
    },
    { onChunk: progress(ctx), throwIfAborted: ctx.throwIfAborted, ...readLimits(file, o) },
  )
  if (skippedOther)
    ctx.warn(
      'PASSK_LLM_LOGS_OTHER_FILTERS',
      `${file}: used filter ${JSON.stringify(filter)}; skipped ${skippedOther} rows of other filters (${[...otherFilters].join(', ')}).`,
    )
}

async function readDuck(
  file: string,
  type: FileType,
  o: LlmLogsOptions,
  st: ReadState,
  ctx: PluginContext,
): Promise<void> {
  if (o.format === 'lm-eval-harness' || o.format === 'evalplus')
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${file}: format ${o.format} is read by the streaming engine, not DuckDB.`,
      "Set engine 'stream' (or 'auto').",
    )
  // DuckDB (a native addon) is loaded only when a file needs it.
  const { duckdbRead } = await import('./internal/duckdb.js')
  const r = await duckdbRead(file, type, columnOptions(o), layoutFormat(o), o.threshold, asList(o.model))
  if (r.fallback) {
    // one semantics for both engines: what DuckDB would read differently, the stream engine reads
    ctx.warn('PASSK_LLM_LOGS_DUCKDB_FALLBACK', `${file}: read by the stream engine, not DuckDB: ${r.fallback}.`)
    return readJsonl(file, o, st, ctx)
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

function emptyError(file: string): PasskError {
  return new PasskError(
    'PASSK_LLM_LOGS_EMPTY',
    `${file} contains no records.`,
    'Check the path (and the model filter); an evaluation log needs at least one row.',
  )
}

export const llmLogs = defineSource({
  name: 'llm-logs',
  version: pkg.version,
  summary:
    'LLM evaluation logs (counts, per-sample, lm-eval-harness, evalplus; CSV/JSONL/Parquet, gzip) → TrialOutcomes',
  description:
    'Reads per-problem (n, c) counts or per-attempt records, grouped by model (and groupBy columns). Bad rows are counted and the first few reported with line numbers; c > n, negative counts, duplicate (model, problem) rows and mixed id types are reported, never merged silently. Parquet (and engine "duckdb") aggregate in SQL through embedded DuckDB.',
  refs: ['Chen et al. 2021 (Codex), unbiased pass@k inputs (n, c)'],
  options: llmLogsOptions,
  produces: 'TrialOutcomes',
  async run(_input, o, ctx): Promise<TrialOutcomes> {
    const file = ctx.resolvePath(o.path)
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      throw new PasskError(
        'PASSK_FILE_NOT_FOUND',
        `sources/llm-logs: log file not found: ${file}.`,
        'Check the path; relative paths resolve against the spec file (or the current directory for passk fit).',
      )
    }
    if (fs.statSync(file).size === 0) throw emptyError(file)
    const type: FileType | undefined =
      o.fileType !== 'auto'
        ? o.fileType
        : o.format === 'evalplus'
          ? 'json'
          : o.format === 'lm-eval-harness'
            ? 'jsonl'
            : detectFileType(file)
    if (!type) throw emptyError(file)
    if (type === 'parquet' && isGzip(readHead(file, 2)))
      throw new PasskError(
        'PASSK_LLM_LOGS_BAD_FILE',
        `${file}: gzip-compressed Parquet is not readable; Parquet compresses its columns itself.`,
        'Decompress it (gunzip) first.',
      )
    const st: ReadState = {
      acc: new Accumulator(o.keepAttempts, file, o.duplicates, duplicateRow, countTooLarge),
      bad: new BadRows(file, o.strict ? strictBadRow : null),
      records: 0,
      filtered: 0,
    }
    const engine = type === 'parquet' ? 'duckdb' : o.engine === 'duckdb' ? 'duckdb' : 'stream'
    if (engine === 'duckdb') await readDuck(file, type, o, st, ctx)
    else if (type === 'jsonl') await readJsonl(file, o, st, ctx)
    else if (type === 'csv' || type === 'tsv') await readCsv(file, type, o, st, ctx)
    else await readJson(file, o, st)
    if (engine === 'duckdb' && o.keepAttempts)
      ctx.warn(
        'PASSK_LLM_LOGS_NO_ATTEMPTS',
        `${file}: per-attempt order is not kept when DuckDB aggregates the file; attempts are counts only.`,
      )

    const { groups, mixedIdGroups, gapProblems } = st.acc.groupsOut()
    const meanCost = st.acc.meanCost()
    if (st.bad.count) ctx.warn('PASSK_LLM_LOGS_BAD_ROWS', st.bad.summary())
    if (st.acc.duplicates)
      ctx.warn(
        'PASSK_LLM_LOGS_DUPLICATE_ROWS',
        `${file}: ${st.acc.duplicates} duplicate (group, problem) rows ${o.duplicates === 'sum' ? 'were added up' : 'were dropped (first row kept)'}; first: ${st.acc.duplicateRows.map((d) => `line ${d.line} (${d.problem})`).join(', ')}.`,
      )
    if (mixedIdGroups.length) {
      const msg = `${file}: problem ids are numbers in some rows and strings in others (groups ${mixedIdGroups.join(', ')}); they are kept as different problems (0 ≠ "0").`
      if (o.strict)
        throw new PasskError(
          'PASSK_LLM_LOGS_MIXED_ID_TYPES',
          msg,
          'Write every id the same way (all strings or all numbers).',
        )
      ctx.warn('PASSK_LLM_LOGS_MIXED_ID_TYPES', msg)
    }
    if (st.acc.partialCost)
      ctx.warn(
        'PASSK_LLM_LOGS_PARTIAL_COST',
        `${file}: some attempts have no ${st.layout?.cost ?? 'cost'} value; per-attempt costs are left out for ${st.acc.partialCost} group(s) (the mean cost per attempt uses the attempts that have one).`,
      )
    if (gapProblems)
      ctx.warn(
        'PASSK_LLM_LOGS_ATTEMPT_GAPS',
        `${file}: ${gapProblems} problems have gaps in their attempt indices; their attempts keep the logged order without the gaps.`,
      )
    const models = asList(o.model)
    if (!groups.length || groups.every((g) => g.problems.length === 0)) {
      if (models.length && st.records) {
        throw new PasskError(
          'PASSK_LLM_LOGS_NO_MATCH',
          `${file}: no rows for model ${models.map((m) => JSON.stringify(m)).join(', ')} (${st.filtered} rows of other models).`,
          'Check the model name(s) against the model column (case-sensitive); omit model to read every model.',
        )
      }
      if (st.bad.count)
        throw new PasskError(
          'PASSK_LLM_LOGS_NO_VALID_ROWS',
          `${file}: every one of the ${st.bad.count} rows is bad; first: ${st.bad.examples.map((e) => `line ${e.line}: ${e.reason}`).join('; ')}.`,
          'Check the column options and, for scores, threshold.',
        )
      throw emptyError(file)
    }
    if (models.length && st.layout?.model) {
      const seen = new Set(groups.map((g) => g.keys?.[st.layout!.model!] ?? g.label))
      const missing = models.filter((m) => !seen.has(m))
      if (missing.length)
        ctx.warn(
          'PASSK_LLM_LOGS_MODEL_NOT_FOUND',
          `${file}: no rows for model ${missing.map((m) => JSON.stringify(m)).join(', ')}.`,
        )
    }
    const meta: Record<string, unknown> = {
      source: 'llm-logs',
      path: file,
      fileType: type,
      engine,
      format: st.layout?.kind ?? o.format,
      records: st.records,
      badRows: st.bad.count,
      filteredRows: st.filtered,
      ...(st.threads ? { threads: st.threads } : {}),
      columns: st.layout
        ? {
            problem: st.layout.problem,
            groupBy: st.layout.groupCols,
            ...(st.layout.n ? { n: st.layout.n, c: st.layout.c } : {}),
            ...(st.layout.success ? { success: st.layout.success } : {}),
            ...(st.layout.attempt ? { attempt: st.layout.attempt } : {}),
            ...(st.layout.cost ? { cost: st.layout.cost } : {}),
          }
        : {},
    }
    if (Object.keys(meanCost).length) {
      meta.meanCostPerAttempt = meanCost
      meta.costUnit = st.layout?.cost
    }
    if (st.layout?.cost)
      for (const g of groups) if (g.cost || meanCost[g.label] !== undefined) g.costUnit = st.layout.cost
    return { kind: 'TrialOutcomes', groups: groups, meta }
  },
})
