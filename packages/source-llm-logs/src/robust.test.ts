/**
 * Reproducers of the fuzzing campaign's findings (issue 16) for sources/llm-logs: counts beyond
 * Int32, non-decimal counts, invalid JSON taken by the byte-level paths, a UTF-8 BOM, crashes on odd
 * values. Each test failed before its fix.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { isPasskError } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { llmLogs } from './llm-logs.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-llm-robust-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
const w = (name: string, text: string | Buffer) => {
  const f = path.join(tmp, name)
  fs.writeFileSync(f, text)
  return f
}

async function read(options: Record<string, unknown>) {
  const ctx = createTestContext({ seed: 1 })
  const out = await llmLogs.run(null, llmLogs.options.parse(options), ctx)
  return { out, ctx }
}

async function errorOf(options: Record<string, unknown>): Promise<{ code: string; message: string }> {
  try {
    await read(options)
  } catch (e) {
    if (isPasskError(e)) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected a PasskError')
}

describe('counts beyond 2³¹ − 1 are refused, never wrapped', () => {
  it('refuses n = 4294967306 (read as 10 through Int32Array before) with file, line and field', async () => {
    const f = w('big.csv', 'problem_id,n,c\np1,10,3\np2,4294967306,7\n')
    const e = await errorOf({ path: f })
    expect(e.code).toBe('PASSK_TOO_LARGE')
    expect(e.message).toContain(`${f}:3: n = 4294967306`)
    const f2 = w('bigc.jsonl', '{"problem_id":"a","n":2147483648,"c":2147483648}\n')
    const e2 = await errorOf({ path: f2 })
    expect(e2.code).toBe('PASSK_TOO_LARGE')
    expect(e2.message).toContain(`${f2}:1: n = 2147483648`)
  })

  it('keeps 2³¹ − 1 exactly', async () => {
    const f = w('max.csv', 'problem_id,n,c\np1,2147483647,2147483646\n')
    const { out } = await read({ path: f })
    expect([out.groups[0].n[0], out.groups[0].c[0]]).toEqual([2147483647, 2147483646])
  })

  it('refuses a sum of rows beyond the limit (duplicates "sum")', async () => {
    const f = w('sum.csv', 'problem_id,n,c\np1,2147483647,1\np1,1,1\n')
    const e = await errorOf({ path: f, duplicates: 'sum' })
    expect(e.code).toBe('PASSK_TOO_LARGE')
    expect(e.message).toContain('n of problem "p1"')
    expect(e.message).toContain('2147483648')
  })

  it('refuses a Parquet BIGINT count beyond the limit', async () => {
    const f = path.join(tmp, 'big.parquet')
    const inst = await DuckDBInstance.create(':memory:')
    const con = await inst.connect()
    try {
      await con.run(
        `COPY (SELECT 'p' || i AS problem_id, CASE WHEN i = 2 THEN 4294967306 ELSE 10 END::BIGINT AS n, 3::BIGINT AS c FROM range(3) t(i)) TO '${f}' (FORMAT parquet)`,
      )
    } finally {
      con.closeSync()
      inst.closeSync()
    }
    const e = await errorOf({ path: f })
    expect(e.code).toBe('PASSK_TOO_LARGE')
    expect(e.message).toContain('n = 4294967306')
  })
})

describe('counts must be decimal', () => {
  it('counts 0x10 and 0b11 as bad rows (Number() read them as 16 and 3)', async () => {
    const f = w('hex.csv', 'problem_id,n,c\np1,0x10,3\np2,10,0b11\np3,0o7,1\np4,10, 4 \n')
    const { out, ctx } = await read({ path: f })
    expect(out.groups[0].problems).toEqual(['p4'])
    expect([out.groups[0].n[0], out.groups[0].c[0]]).toEqual([10, 4])
    expect(ctx.warnings[0].message).toMatch(/^3 bad rows skipped .*line 2: n is "0x10".*line 3: c is "0b11"/)
  })
})
