/**
 * Parquet (and, on request, large JSONL/CSV) through embedded DuckDB with the aggregation pushed into
 * SQL: per-sample rows become one (group, problem) → n, c row per problem via GROUP BY, so the JS side
 * only sees the aggregated table. Counts tables are small and are read row by row into the same
 * validation as the streaming readers.
 */
import { createRequire } from 'node:module'
import { PasskError } from '@passk/core'
import type * as DuckApi from '@duckdb/node-api'
import type { DuckDBConnection } from '@duckdb/node-api'
import type { FileType } from './detect.js'
import { isGzip, readContentHead, readHead } from './lines.js'
import { resolveLayout, type ColumnOptions, type Layout } from './layout.js'

const PASS = ['true', 'pass', 'passed', 'success', 'succeeded', 'correct', 'yes', 'ok', 'solved', 't', 'y']
const FAIL = [
  'false',
  'fail',
  'failed',
  'failure',
  'incorrect',
  'wrong',
  'no',
  'error',
  'timeout',
  'timed out',
  'f',
  'n',
]

const q = (s: string) => `'${s.replace(/'/g, "''")}'`
const id = (s: string) => `"${s.replace(/"/g, '""')}"`

function tableFunction(file: string, type: FileType, rowNumbers: boolean): string {
  const gz = isGzip(readHead(file, 2))
  if (type === 'parquet') return `read_parquet(${q(file)}${rowNumbers ? ', file_row_number = true' : ''})`
  if (type === 'jsonl')
    return `read_json(${q(file)}, format = 'newline_delimited'${gz ? ", compression = 'gzip'" : ''})`
  if (type === 'csv' || type === 'tsv')
    // all_varchar: every field is text, as in the stream engine (no type sniffing: ids "007" stay "007")
    return `read_csv(${q(file)}, header = true, all_varchar = true${type === 'tsv' ? ", delim = '\\t'" : ''}${gz ? ", compression = 'gzip'" : ''})`
  throw new PasskError(
    'PASSK_BAD_OPTIONS',
    `${file}: the DuckDB engine reads parquet, jsonl and csv, not ${type}.`,
    "Use engine 'stream' for this file.",
  )
}

/** SQL boolean (NULL = not interpretable) for the success column, by its DuckDB type. */
function successSql(col: string, type: string, threshold: number | null): string {
  const c = id(col)
  const t = type.toUpperCase()
  if (t === 'BOOLEAN') return c
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|REAL)$/.test(
      t,
    )
  ) {
    return threshold !== null ? `(${c} >= ${threshold})` : `(CASE WHEN ${c} = 1 THEN true WHEN ${c} = 0 THEN false END)`
  }
  const s = `lower(trim(CAST(${c} AS VARCHAR)))`
  const num = `TRY_CAST(${s} AS DOUBLE)`
  return (
    `(CASE WHEN ${s} IN (${PASS.map(q).join(', ')}) THEN true WHEN ${s} IN (${FAIL.map(q).join(', ')}) OR starts_with(${s}, 'failed') OR starts_with(${s}, 'timed out') OR starts_with(${s}, 'error') THEN false ` +
    (threshold !== null
      ? `WHEN ${num} IS NOT NULL THEN ${num} >= ${threshold} `
      : `WHEN ${num} = 1 THEN true WHEN ${num} = 0 THEN false `) +
    'END)'
  )
}

/**
 * @duckdb/node-api is CommonJS: `import()` of it makes Node's ESM loader run its CommonJS export lexer over
 * every one of its ~70 files (≈ 0.15–0.4 s of a cold read here); `require` loads the same modules in
 * ≈ 0.08 s. Loaded on first use only (this module is itself imported lazily by the DuckDB engine).
 */
let duckApi: typeof DuckApi | undefined
function duckdb(): typeof DuckApi {
  try {
    duckApi ??= createRequire(import.meta.url)('@duckdb/node-api') as typeof DuckApi
  } catch (e) {
    throw new PasskError(
      'PASSK_LLM_LOGS_READ_FAILED',
      `DuckDB (@duckdb/node-api) could not be loaded (${(e as Error)?.message?.split('\n')[0] ?? String(e)}).`,
      'Reinstall with `npm ci` (DuckDB ships a native addon per platform), or use engine "stream" for text files.',
      { cause: e instanceof Error ? e : undefined },
    )
  }
  return duckApi
}

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i
const FLOAT_TYPE = /^(FLOAT|DOUBLE|REAL)$/i

/** A decimal number written as text (values.ts DECIMAL): hex, 'inf' and 'nan' are not numbers. */
const DECIMAL_RE = `'[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?'`
const asTrimmedText = (col: string) => `trim(CAST(${id(col)} AS VARCHAR))`

/**
 * SQL: the attempt column is missing (NULL) or a non-negative whole number (countOf in values.ts).
 * For integer and floating-point columns the test is on the number itself: the same answer as the text
 * test below (DuckDB writes every integer as decimal digits, and a finite double as a decimal that
 * matches DECIMAL_RE, inf/nan as words that do not), without a VARCHAR cast and a regex per row (10⁷
 * Parquet rows: 3.6–5 s → 0.2 s).
 */
function wholeOrMissing(col: string, type: string): string {
  const c = id(col)
  if (INTEGER_TYPE.test(type)) return `(${c} IS NULL OR ${c} >= 0)`
  if (FLOAT_TYPE.test(type))
    return `(${c} IS NULL OR coalesce(isfinite(${c}) AND ${c} >= 0 AND ${c} = floor(${c}), false))`
  const t = asTrimmedText(col)
  return `(${id(col)} IS NULL OR coalesce(regexp_full_match(${t}, ${DECIMAL_RE}) AND TRY_CAST(${t} AS DOUBLE) >= 0 AND TRY_CAST(${t} AS DOUBLE) = floor(TRY_CAST(${t} AS DOUBLE)), false))`
}

/** SQL: the cost column is missing (NULL) or a finite non-negative number (rows.ts); numeric columns as above. */
function numberOrMissing(col: string, type: string): string {
  const c = id(col)
  if (INTEGER_TYPE.test(type)) return `(${c} IS NULL OR ${c} >= 0)`
  if (FLOAT_TYPE.test(type)) return `(${c} IS NULL OR coalesce(isfinite(${c}) AND ${c} >= 0, false))`
  const t = asTrimmedText(col)
  return `(${id(col)} IS NULL OR coalesce(regexp_full_match(${t}, ${DECIMAL_RE}) AND isfinite(TRY_CAST(${t} AS DOUBLE)) AND TRY_CAST(${t} AS DOUBLE) >= 0, false))`
}

export interface DuckCountsRows {
  layout: Layout
  rows: unknown[][]
}
export interface DuckSamplesAgg {
  layout: Layout
  /** One row per (group values..., problem): [...groupVals, problem, n, c, costSum]. */
  rows: { group: string[]; problem: string; n: number; c: number; cost: number | null }[]
  records: number
  bad: number
  badExamples: { line: number; reason: string }[]
  filtered: number
}

/**
 * Run `fn` on a fresh in-memory DuckDB. Any error DuckDB raises on the way (a corrupt Parquet page
 * met mid-scan, malformed JSON or CSV found after the first rows, an out-of-memory) becomes a
 * PasskError naming the file; PasskErrors of our own pass through.
 */
async function withConnection<T>(file: string, type: FileType, fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  try {
    const inst = await duckdb().DuckDBInstance.create(':memory:', { threads: '2' })
    const con = await inst.connect()
    try {
      return await fn(con)
    } finally {
      con.closeSync()
      inst.closeSync()
    }
  } catch (e) {
    if (e instanceof PasskError) throw e
    const msg = (e as Error)?.message ?? String(e)
    throw new PasskError(
      /no magic bytes|not a parquet|Invalid Input|corrupt|too small|Invalid Error|Malformed|parse|Conversion/i.test(msg)
        ? 'PASSK_LLM_LOGS_BAD_FILE'
        : 'PASSK_LLM_LOGS_READ_FAILED',
      `${file}: DuckDB could not read it as ${type} (${msg.split('\n')[0]}).`,
      `Check the file is complete, valid ${type}; engine "stream" (for text files) reads it line by line and counts bad rows instead.`,
      { cause: e instanceof Error ? e : undefined },
    )
  }
}

/**
 * DuckDB gives a JSON column one type for the whole file: ids written as 0 in some rows and "0" in
 * others become one VARCHAR column (merging problems the stream engine keeps apart, with a warning),
 * and one nested id turns every id into JSON text. When the id or a group column of a JSONL file holds
 * numbers and strings, or any object or array, this says why, and the file is read by the stream
 * engine instead (one semantics for both engines). Only VARCHAR/JSON/nested columns need the check.
 */
async function mixedJsonTypes(
  con: DuckDBConnection,
  file: string,
  cols: string[],
  typeOf: (c: string) => string,
): Promise<string | undefined> {
  const suspect = cols.filter(
    (c) => !/^(BIGINT|UBIGINT|INTEGER|DOUBLE|BOOLEAN|HUGEINT|UHUGEINT|FLOAT|SMALLINT|TINYINT)$/i.test(typeOf(c)),
  )
  if (!suspect.length) return undefined
  const gz = isGzip(readHead(file, 2))
  const columns = `{${suspect.map((c) => `${q(c)}: 'JSON'`).join(', ')}}`
  const sel = suspect.flatMap((c) => [
    `count(*) FILTER (WHERE json_type(${id(c)}) IN ('OBJECT', 'ARRAY'))`,
    `count(*) FILTER (WHERE json_type(${id(c)}) IN ('BIGINT', 'UBIGINT', 'DOUBLE'))`,
    `count(*) FILTER (WHERE json_type(${id(c)}) = 'VARCHAR')`,
  ])
  const row = (
    await con.runAndReadAll(
      `SELECT ${sel.join(', ')} FROM read_json(${q(file)}, format = 'newline_delimited', columns = ${columns}${gz ? ", compression = 'gzip'" : ''})`,
    )
  ).getRowsJS()[0]
  for (let j = 0; j < suspect.length; j++) {
    const [nested, nums, strs] = [0, 1, 2].map((k) => Number(row[3 * j + k]))
    if (nested > 0) return `column ${JSON.stringify(suspect[j])} holds objects or arrays`
    if (nums > 0 && strs > 0) return `column ${JSON.stringify(suspect[j])} holds numbers and strings (0 ≠ "0")`
  }
  return undefined
}

export async function duckdbRead(
  file: string,
  type: FileType,
  cols: ColumnOptions,
  format: 'auto' | 'counts' | 'samples',
  threshold: number | null,
  models: string[],
): Promise<{ counts?: DuckCountsRows; samples?: DuckSamplesAgg; fallback?: string }> {
  // DuckDB refuses a byte order mark in JSON; the stream engine reads the file with the same rules
  if (type === 'jsonl') {
    const h = readContentHead(file, 3)
    if (h.length === 3 && h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf)
      return { fallback: 'it starts with a UTF-8 BOM' }
  }
  return withConnection(file, type, async (con) => {
    let src = tableFunction(file, type, false)
    let described: { name: string; type: string }[]
    try {
      const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)
      described = r.getRowsJS().map((row) => ({ name: String(row[0]), type: String(row[1]) }))
    } catch (e) {
      const msg = (e as Error).message
      throw new PasskError(
        /no magic bytes|not a parquet|Invalid Input|corrupt|too small/i.test(msg)
          ? 'PASSK_LLM_LOGS_BAD_FILE'
          : 'PASSK_LLM_LOGS_READ_FAILED',
        `${file}: DuckDB could not read it as ${type} (${msg.split('\n')[0]}).`,
        `Check the file is complete ${type} (or set fileType), e.g. duckdb -c "DESCRIBE SELECT * FROM '${file}'".`,
        { cause: e as Error },
      )
    }
    const columns = described.map((d) => d.name)
    const layout = resolveLayout(columns, cols, format, file)
    const typeOf = (c: string) => described.find((d) => d.name === c)!.type
    if (type === 'jsonl') {
      const why = await mixedJsonTypes(con, file, [layout.problem, ...layout.groupCols], typeOf)
      if (why) return { fallback: why }
    }
    const where =
      models.length && layout.model ? `WHERE CAST(${id(layout.model)} AS VARCHAR) IN (${models.map(q).join(', ')})` : ''
    // Cast to VARCHAR only when needed (a no-op cast still costs a projection per row).
    const asText = (c: string) => (typeOf(c).toUpperCase() === 'VARCHAR' ? id(c) : `CAST(${id(c)} AS VARCHAR)`)
    const gsel = layout.groupCols.map((g, j) => `${asText(g)} AS g${j}`)
    if (layout.kind === 'counts') {
      const sel = [`${id(layout.problem)} AS p`, `${id(layout.n!)} AS n`, `${id(layout.c!)} AS c`, ...gsel].join(', ')
      const r = await con.runAndReadAll(`SELECT ${sel} FROM ${src} ${where}`)
      return {
        counts: { layout, rows: r.getRowsJS().map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v))) },
      }
    }
    // A row with an attempt index that is not a non-negative integer, or a cost that is not a
    // non-negative number, is a bad row (n counts only rows whose s is not NULL), as in rows.ts.
    const checks = [
      ...(layout.attempt ? [wholeOrMissing(layout.attempt, typeOf(layout.attempt))] : []),
      ...(layout.cost ? [numberOrMissing(layout.cost, typeOf(layout.cost))] : []),
    ]
    const succ0 = successSql(layout.success!, typeOf(layout.success!), threshold)
    const succ = checks.length ? `(CASE WHEN ${checks.join(' AND ')} THEN ${succ0} END)` : succ0
    const p = asText(layout.problem)
    const costCol = layout.cost ? `TRY_CAST(${id(layout.cost)} AS DOUBLE)` : 'NULL'
    const gref = layout.groupCols.map((_, j) => `g${j}`)
    // First-appearance order of problems (so results match the streaming reader's order): Parquet has a
    // free file_row_number; for JSON/CSV a window row_number() is used.
    const rowExpr = type === 'parquet' ? 'file_row_number' : 'row_number() OVER ()'
    const inner = `SELECT ${[...gsel, `${p} AS p`, `${succ} AS s`, ...(layout.cost ? [`${costCol} AS cost`] : []), `${rowExpr} AS rowid_`].join(', ')} FROM ${tableFunction(file, type, type === 'parquet')} ${where}`
    // n = count(s) skips NULL (unreadable) outcomes; bad = all_ − n.
    const sql = `SELECT ${[...gref, 'p', 'count(s) AS n', 'count_if(s) AS c', layout.cost ? 'sum(cost) FILTER (WHERE s IS NOT NULL) AS cost' : 'NULL AS cost', 'count(*) AS all_'].join(', ')} FROM (${inner}) GROUP BY ${[...gref, 'p'].join(', ')} ORDER BY min(rowid_)`
    let rows: unknown[][]
    try {
      // The aggregation ends in an explicit ORDER BY, so DuckDB need not keep scan order between
      // operators (10⁷-row Parquet: 0.20 → 0.16 s here). Counts tables above are read in file order.
      await con.run('SET preserve_insertion_order = false')
      rows = (await con.runAndReadAll(sql)).getRowsJS()
    } catch (e) {
      throw new PasskError(
        'PASSK_LLM_LOGS_READ_FAILED',
        `${file}: DuckDB aggregation failed (${(e as Error).message.split('\n')[0]}).`,
        'Check the column options (successColumn, problemColumn, threshold) against the file.',
        { cause: e as Error },
      )
    }
    let records = 0
    let bad = 0
    const out: DuckSamplesAgg['rows'] = []
    const k = gref.length
    for (const row of rows) {
      const all = Number(row[k + 4])
      records += all
      if (row[k] === null || row.slice(0, k).some((v) => v === null)) {
        bad += all
        continue
      }
      const n = Number(row[k + 1])
      bad += all - n
      if (n === 0) continue
      out.push({
        group: row.slice(0, k).map(String),
        problem: String(row[k]),
        n,
        c: Number(row[k + 2]),
        cost: row[k + 3] === null ? null : Number(row[k + 3]),
      })
    }
    const badExamples: { line: number; reason: string }[] = []
    if (bad > 0 && type === 'parquet') {
      src = tableFunction(file, type, true)
      const ex = (
        await con.runAndReadAll(
          `SELECT file_row_number + 1 AS line, CAST(${id(layout.success!)} AS VARCHAR) AS v, ${p} AS p FROM ${src} ${where ? where + ' AND' : 'WHERE'} (${succ} IS NULL OR ${p} IS NULL) LIMIT 5`,
        )
      ).getRowsJS()
      for (const e of ex)
        badExamples.push({
          line: Number(e[0]),
          reason:
            e[2] === null
              ? `${layout.problem} is missing`
              : `${layout.success} is ${JSON.stringify(e[1])}${threshold === null ? ' (not a boolean, 0/1 or pass/fail; a score needs threshold)' : ''}`,
        })
    }
    let filtered = 0
    if (where)
      filtered =
        Number(
          (await con.runAndReadAll(`SELECT count(*) FROM ${tableFunction(file, type, false)}`)).getRowsJS()[0][0],
        ) - records
    return { samples: { layout, rows: out, records, bad, badExamples, filtered } }
  })
}
