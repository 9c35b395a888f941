/**
 * Reproducers of the fuzzing campaign's findings (issue 16) for sources/llm-logs: counts beyond
 * Int32, non-decimal counts, invalid JSON taken by the byte-level paths, a UTF-8 BOM, crashes on odd
 * values. Each test failed before its fix.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
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

describe('the byte-level JSONL paths take exactly what JSON.parse takes', () => {
  const invalid = [
    '{"task_id":"a","passed":01}',
    '{"task_id":"a","passed":true,"x":1.2.3}',
    '{"task_id":"a","passed":1.}',
    '{"task_id":"a","passed":true,"x":-}',
    '{"task_id":"a","passed":true,"x":.5}',
    '{"task_id":"a","passed":true,"x":1e}',
    '{"task_id":"a\tb","passed":true}',
    '{"task_id":"a","passed":true,"note":"x\ty"}',
    '{"task_id":"a","passed":true,"x":[1,,2]}',
    '{"task_id":"a","passed":true,"x":{"y":1,}}',
    '{"task_id":"a","passed":true,"x":"\\q"}',
    '{"task_id":"\\q","passed":true}',
    '{"task_id":"\\u12","passed":true}',
    '{"task_id":"a","passed":true,"x":[tru]}',
    '{"task_id":"a","passed":true,"x":{"y" 1}}',
  ]
  it('counts each invalid line as a bad row, with and without a model column', async () => {
    for (const line of invalid) expect(() => JSON.parse(line), line).toThrow()
    const valid = '{"task_id":"a","passed":true}'
    const f = w('invalid.jsonl', [valid, ...invalid, valid].join('\n') + '\n')
    const { out, ctx } = await read({ path: f })
    expect(Array.from(out.groups[0].n)).toEqual([2])
    expect(Array.from(out.groups[0].c)).toEqual([2])
    expect(ctx.warnings.map((x) => x.code)).toEqual(['PASSK_LLM_LOGS_BAD_ROWS'])
    expect(ctx.warnings[0].message).toMatch(new RegExp(`^${invalid.length} bad rows skipped`))
    expect(ctx.warnings[0].message).toContain('line 2: not valid JSON')
    const g = (l: string) => l.replace('{', '{"model":"m",')
    const f2 = w('invalid-model.jsonl', [g(valid), ...invalid.map(g), g(valid)].join('\n') + '\n')
    const r2 = await read({ path: f2 })
    expect(Array.from(r2.out.groups[0].n)).toEqual([2])
    expect(r2.ctx.warnings[0].message).toMatch(new RegExp(`^${invalid.length} bad rows skipped`))
  })
})

describe('a UTF-8 byte order mark at the start of a file is accepted', () => {
  it('reads JSONL, gzip JSONL and CSV that start with a BOM', async () => {
    const bom = '\uFEFF'
    const jsonl = '{"task_id":"a","passed":true}\n{"task_id":"a","passed":false}\n'
    for (const [name, body] of [
      ['bom.jsonl', bom + jsonl],
      ['bom.csv', bom + 'problem_id,n,c\na,2,1\n'],
    ] as const) {
      const { out, ctx } = await read({ path: w(name, body) })
      expect([out.groups[0].problems, Array.from(out.groups[0].n), Array.from(out.groups[0].c)], name).toEqual([
        ['a'],
        [2],
        [1],
      ])
      expect(ctx.warnings, name).toEqual([])
    }
    const { out } = await read({ path: w('bom.jsonl.gz', zlib.gzipSync(bom + jsonl)) })
    expect(Array.from(out.groups[0].n)).toEqual([2])
    const doc = await read({ path: w('bom.json', bom + '[{"problem_id":"a","n":3,"c":2}]') })
    expect([doc.out.groups[0].n[0], doc.out.groups[0].c[0]]).toEqual([3, 2])
  })
})

describe('decompressed size and line length are bounded', () => {
  it('refuses a gzip whose one line inflates past maxLineBytes, and a file inflating past maxBytes', async () => {
    const bomb = w('bomb.csv.gz', zlib.gzipSync(Buffer.alloc(4 << 20, 48)))
    const e = await errorOf({ path: bomb, fileType: 'csv', maxLineBytes: 1 << 20 })
    expect(e.code).toBe('PASSK_TOO_LARGE')
    expect(e.message).toContain('line 1 is larger than 1048576 bytes')
    const lines = Array.from({ length: 40000 }, (_, i) => `{"task_id":"t${i % 7}","passed":true}`).join('\n')
    const big = w('many.jsonl.gz', zlib.gzipSync(lines))
    const e2 = await errorOf({ path: big, maxBytes: 100_000 })
    expect(e2.code).toBe('PASSK_TOO_LARGE')
    expect(e2.message).toContain('decompressed content is larger than 100000 bytes')
    const doc = w(
      'doc.json.gz',
      zlib.gzipSync(JSON.stringify({ eval: { a: [{ base_status: 'pass' }] }, pad: 'x'.repeat(1e5) })),
    )
    const e3 = await errorOf({ path: doc, maxBytes: 50_000 })
    expect(e3.code).toBe('PASSK_TOO_LARGE')
    expect((await read({ path: doc, evalplusTests: 'base' })).out.groups[0].n[0]).toBe(1)
  })

  it('refuses an over-long line of a plain file, and joins long gzip lines across chunks exactly', async () => {
    const long = `{"task_id":"a","passed":true,"pad":"${'y'.repeat(5 << 20)}"}`
    const plain = w('long.jsonl', `${long}\n{"task_id":"b","passed":false}\n`)
    const e = await errorOf({ path: plain, maxLineBytes: 1 << 20 })
    expect(e.code).toBe('PASSK_TOO_LARGE')
    expect(e.message).toContain('line 1')
    // 3 lines of 5 MiB each span several 1 MiB gunzip chunks
    const gz = w('long.jsonl.gz', zlib.gzipSync([long, long.replace('"a"', '"b"'), long].join('\n')))
    const { out } = await read({ path: gz })
    expect(out.groups[0].problems).toEqual(['a', 'b'])
    expect(Array.from(out.groups[0].n)).toEqual([2, 1])
  })
})

describe('odd values end in typed errors or counted bad rows, never a crash', () => {
  const deep = (d: number) => '['.repeat(d) + ']'.repeat(d)

  it('a value nested 5000 deep in a wanted field is a bad row (JSON.stringify overflowed in the message)', async () => {
    const f = w('deep.jsonl', `{"task_id":"a","passed":true}\n{"task_id":${deep(5000)},"passed":true}\n`)
    const { out, ctx } = await read({ path: f })
    expect(Array.from(out.groups[0].n)).toEqual([1])
    expect(ctx.warnings[0].message).toContain('line 2: task_id is […] (a deeply nested array)')
    const lm = w(
      'deep-lm.jsonl',
      `{"doc_id":0,"resps":[["x"]],"exact_match":1}\n{"doc_id":${deep(5000)},"resps":[["x"]],"exact_match":1}\n{"doc_id":1,"resps":[["x"]],"exact_match":[${deep(5000)}]}\n`,
    )
    const r = await read({ path: lm })
    expect(Array.from(r.out.groups[0].n)).toEqual([1])
    expect(r.ctx.warnings[0].message).toMatch(/^2 bad rows skipped/)
  })

  it('an evalplus file that is null (or holds null samples) is a typed error / bad rows', async () => {
    const f = w('null.json', 'null')
    expect((await errorOf({ path: f, format: 'evalplus' })).code).toBe('PASSK_LLM_LOGS_UNKNOWN_FORMAT')
    const g = w('nulls.json', '{"eval": {"a": [null, {"base_status": "pass", "plus_status": "pass"}]}}')
    const { out, ctx } = await read({ path: g })
    expect(Array.from(out.groups[0].n)).toEqual([1])
    expect(ctx.warnings[0].message).toContain('status missing/missing is not pass/fail')
  })

  it('a Parquet file with a corrupt page (found mid-scan) is a typed error under DuckDB', async () => {
    const f = path.join(tmp, 'pages.parquet')
    const inst = await DuckDBInstance.create(':memory:')
    const con = await inst.connect()
    try {
      await con.run(
        `COPY (SELECT 'p' || (i % 100) AS problem_id, (i % 3 = 0) AS passed FROM range(200000) t(i)) TO '${f}' (FORMAT parquet, ROW_GROUP_SIZE 20000, COMPRESSION uncompressed)`,
      )
    } finally {
      con.closeSync()
      inst.closeSync()
    }
    const b = fs.readFileSync(f)
    // overwrite the middle of the data pages (the footer at the end stays intact, so DESCRIBE succeeds)
    for (let i = Math.floor(b.length * 0.3); i < Math.floor(b.length * 0.6); i++) b[i] = (i * 7919) & 255
    fs.writeFileSync(f, b)
    const e = await errorOf({ path: f })
    expect(e.code).toMatch(/^PASSK_LLM_LOGS_(BAD_FILE|READ_FAILED)$/)
    expect(e.message).toContain('pages.parquet')
    // malformed JSON after the rows DuckDB samples for its schema
    const lines = Array.from({ length: 30000 }, (_, i) => `{"problem_id":"p${i % 9}","n":10,"c":${i % 11}}`)
    lines.push('{"problem_id": "x", "n": 1, "c": ')
    const j = w('late-bad.jsonl', lines.join('\n') + '\n')
    const e2 = await errorOf({ path: j, engine: 'duckdb' })
    expect(e2.code).toMatch(/^PASSK_LLM_LOGS_(BAD_FILE|READ_FAILED)$/)
  })
})

describe('the DuckDB engine and the stream engine read the same rows the same way', () => {
  it('attempt indices and costs are validated under DuckDB too; CSV fields are text in both', async () => {
    const jsonl = w(
      'att.jsonl',
      [
        '{"task_id":"a","passed":true,"attempt":0,"cost_usd":0.5}',
        '{"task_id":"a","passed":false,"attempt":-1,"cost_usd":0.5}',
        '{"task_id":"a","passed":true,"attempt":1.5,"cost_usd":0.5}',
        '{"task_id":"b","passed":true,"attempt":2,"cost_usd":-3}',
        '{"task_id":"b","passed":true,"attempt":3,"cost_usd":1}',
        '{"task_id":"b","passed":false,"attempt":4}',
      ].join('\n') + '\n',
    )
    const csv = w(
      'att.csv',
      'task_id,passed,attempt,cost_usd\na,1,0,0.5\na,0,-1,0.5\na,1,x,0.5\nb,1,2,0x10\nb,1,3,1\nb,0,4,\n007,1,0,1\n',
    )
    for (const f of [jsonl, csv]) {
      const s = await read({ path: f, engine: 'stream' })
      const d = await read({ path: f, engine: 'duckdb' })
      const view = (o: typeof s) => o.out.groups.map((g) => [g.problems, Array.from(g.n), Array.from(g.c)])
      expect(view(d), f).toEqual(view(s))
      expect(s.out.meta.badRows, f).toBe(3)
      expect(d.out.meta.badRows, f).toBe(3)
    }
    expect((await read({ path: csv, engine: 'duckdb' })).out.groups[0].problems).toContain('007')
  })
})

describe('JSONL that DuckDB would type differently is read with the stream semantics', () => {
  it('ids 0 and "0" stay two problems, a nested id is a bad row, a BOM is accepted — under engine duckdb too', async () => {
    const mixed = w(
      'mixed.jsonl',
      '{"task_id":0,"passed":true}\n{"task_id":"0","passed":false}\n{"task_id":"0","passed":true}\n',
    )
    const nested = w(
      'nested.jsonl',
      '{"task_id":"a","passed":true}\n{"task_id":{"x":1},"passed":true}\n{"task_id":"a","passed":false}\n',
    )
    const bom = w('bom-duck.jsonl', '\uFEFF{"task_id":"a","passed":true}\n')
    for (const f of [mixed, nested, bom]) {
      const s = await read({ path: f, engine: 'stream' })
      const d = await read({ path: f, engine: 'duckdb' })
      const view = (o: typeof s) => o.out.groups.map((g) => [g.problems, Array.from(g.n), Array.from(g.c)])
      expect(view(d), f).toEqual(view(s))
      expect(d.out.meta.badRows, f).toBe(s.out.meta.badRows)
      expect(
        d.ctx.warnings.map((x) => x.code).filter((c) => c !== 'PASSK_LLM_LOGS_DUCKDB_FALLBACK'),
        f,
      ).toEqual(s.ctx.warnings.map((x) => x.code))
    }
    const m = await read({ path: mixed, engine: 'duckdb' })
    expect(m.out.groups[0].problems).toEqual(['0', '0'])
    expect(m.ctx.warnings.map((x) => x.code)).toContain('PASSK_LLM_LOGS_MIXED_ID_TYPES')
  })
})
