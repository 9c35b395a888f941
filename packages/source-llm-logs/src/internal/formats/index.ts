/**
 * The formats, in detection order. A format named by the `format` option is used as is; with 'auto' (or the
 * generic 'counts'/'samples') the harness formats are asked first, then the generic table readers by file type.
 * Adding a format: a file here exporting a LogFormat, one line in HARNESS (or TABLES), one enum value in the
 * options schema.
 */
import { PasskError } from '@passk/core'
import { csvTable } from './csv-table.js'
import { duckdbTable } from './duckdb-table.js'
import { evalplus } from './evalplus.js'
import { inspect } from './inspect.js'
import { livecodebench } from './livecodebench.js'
import { bigcode } from './bigcode.js'
import { jsonlRecords } from './jsonl-records.js'
import { lighteval } from './lighteval.js'
import { jsonRecords } from './json-records.js'
import { lmEval } from './lm-eval.js'
import type { FormatOptions, LogFormat, Probe } from './types.js'

/** Harness formats: detected from the content, or forced with the format option. */
export const HARNESS: readonly LogFormat[] = [inspect, evalplus, lmEval, livecodebench, bigcode]
/** Generic tables, by file type. */
export const TABLES: readonly LogFormat[] = [jsonlRecords, csvTable, jsonRecords]

export async function chooseFormat(p: Probe, o: FormatOptions): Promise<LogFormat> {
  const forced = HARNESS.find((f) => f.name === o.format)
  if (p.type === 'parquet' && (o.format === 'lighteval' || (o.format === 'auto' && lighteval.detect(p, o) === true)))
    return lighteval
  if (p.type === 'parquet' || o.engine === 'duckdb') {
    if (forced && forced.name !== duckdbTable.name)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${p.file}: format ${o.format} is read by the streaming engine, not DuckDB.`,
        "Set engine 'stream' (or 'auto').",
      )
    return duckdbTable
  }
  if (forced) return forced
  if (o.format === 'auto') for (const f of HARNESS) if (await f.detect(p, o)) return f
  const t = TABLES.find((f) => f.detect(p, o) === true)
  if (t) return t
  throw new PasskError(
    'PASSK_LLM_LOGS_UNKNOWN_FORMAT',
    `${p.file}: not a log format passk-lab reads (${p.type ?? 'unknown'} ${p.container} file).`,
    'Supported: CSV/TSV/JSONL/JSON/Parquet tables and the harness logs listed in docs/where-your-logs-come-from.md; set format and fileType to say what it is.',
  )
}

export type { FormatOptions, LogFormat, Probe, ReadState } from './types.js'
