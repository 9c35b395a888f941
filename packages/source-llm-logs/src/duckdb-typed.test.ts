/**
 * The DuckDB engine tests a numeric attempt index or cost column on the number itself (integer and
 * floating-point Parquet columns), not on its text: the bad rows must be exactly those the text rules
 * of values.ts/rows.ts reject (attempt: a non-negative whole number; cost: a finite non-negative
 * number; NULL = missing). Expected counts are worked out by hand below, row by row.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { createTestContext } from '@passk/core/testing'
import { llmLogs } from './llm-logs.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-llm-typed-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

async function parquet(name: string, select: string): Promise<string> {
  const f = path.join(tmp, name)
  const inst = await DuckDBInstance.create(':memory:')
  const con = await inst.connect()
  try {
    await con.run(`COPY (${select}) TO '${f}' (FORMAT parquet)`)
  } finally {
    con.closeSync()
    inst.closeSync()
  }
  return f
}

async function read(file: string) {
  const ctx = createTestContext({ seed: 1 })
  const out = await llmLogs.run(
    null,
    llmLogs.options.parse({ path: file, attemptColumn: 'attempt', costColumn: 'tokens', engine: 'duckdb' }),
    ctx,
  )
  const g = out.groups[0]
  return {
    counts: g.problems.map((p, i) => [p, g.n[i], g.c[i]]),
    warnings: ctx.warnings.map((w) => w.message),
  }
}

describe('DuckDB engine: numeric attempt and cost columns', () => {
  it('DOUBLE columns: fractions, negatives, NaN and ±inf are bad rows; 1e20, −0 and NULL are not', async () => {
    const f = await parquet(
      'double.parquet',
      `SELECT * FROM (VALUES
        (1, 'a', true, 0::DOUBLE, 1.5::DOUBLE),        -- good
        (2, 'a', false, 1::DOUBLE, -2::DOUBLE),        -- bad: negative cost
        (3, 'a', true, 2.5::DOUBLE, 1::DOUBLE),        -- bad: fractional attempt
        (4, 'a', true, -1::DOUBLE, 1::DOUBLE),         -- bad: negative attempt
        (5, 'b', true, 'nan'::DOUBLE, 1::DOUBLE),      -- bad: NaN attempt
        (6, 'b', false, 'inf'::DOUBLE, 1::DOUBLE),     -- bad: infinite attempt
        (7, 'b', true, NULL::DOUBLE, NULL::DOUBLE),    -- good: both missing
        (8, 'b', false, 3::DOUBLE, 'nan'::DOUBLE),     -- bad: NaN cost
        (9, 'c', true, 1e20::DOUBLE, 'inf'::DOUBLE),   -- bad: infinite cost
        (10, 'c', true, -0.0::DOUBLE, 0::DOUBLE),      -- good
        (11, 'c', false, 1e20::DOUBLE, 4::DOUBLE),     -- good: a large whole number
        (12, 'c', true, 7::DOUBLE, NULL::DOUBLE)       -- good
      ) t(i, problem, passed, attempt, tokens) ORDER BY i`,
    )
    const r = await read(f)
    expect(r.counts).toEqual([
      ['a', 1, 1],
      ['b', 1, 1],
      ['c', 3, 2],
    ])
    expect(r.warnings.join('\n')).toMatch(/\b7 bad rows\b/)
  })

  it('BIGINT columns: a negative attempt or cost is a bad row, NULL is missing', async () => {
    const f = await parquet(
      'bigint.parquet',
      `SELECT * FROM (VALUES
        (1, 'a', true, 0::BIGINT, 2::BIGINT),          -- good
        (2, 'a', false, -3::BIGINT, 2::BIGINT),        -- bad: negative attempt
        (3, 'b', true, 5::BIGINT, -1::BIGINT),         -- bad: negative cost
        (4, 'b', false, NULL::BIGINT, NULL::BIGINT),   -- good
        (5, 'b', true, 9007199254740993::BIGINT, 0::BIGINT) -- good
      ) t(i, problem, passed, attempt, tokens) ORDER BY i`,
    )
    const r = await read(f)
    expect(r.counts).toEqual([
      ['a', 1, 1],
      ['b', 2, 1],
    ])
    expect(r.warnings.join('\n')).toMatch(/\b2 bad rows\b/)
  })
})
