import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DuckDBInstance } from '@duckdb/node-api'
import { isPasskError, type TrialOutcomes } from '@passk/core'
import { createTestContext, lastOutput, runPlugins } from '@passk/core/testing'
import { llmLogs } from './llm-logs.js'

const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
const shared = path.resolve(repoRoot, '../shared/data')
const humanevalAll = path.join(shared, 'llm-logs/humaneval/all_models.csv')
const lcb = path.join(shared, 'llm-logs/livecodebench-2024-04/all_models_2024-04-17.csv')
const haveData = fs.existsSync(humanevalAll) && fs.existsSync(lcb)
if (!haveData)
  console.warn(
    `[source-llm-logs] skipping the shared-data tests: ${shared} is absent (it sits beside the checkout in CI).`,
  )

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-llm-logs-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
const w = (name: string, text: string | Buffer) => {
  const f = path.join(tmp, name)
  fs.writeFileSync(f, text)
  return f
}

/** The reference: the CSV read with a plain split, independent of the reader under test. */
interface Row {
  model: string
  problem: string
  n: number
  c: number
}
function readCountsCsv(file: string): Row[] {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/)
  const cols = head.split(',')
  const ix = (k: string) => cols.indexOf(k)
  // fields may be quoted ("a, b"): a regex split, independent of the reader's CSV code
  const split = (l: string) =>
    [...l.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"(.*)"$/s, '$1').replace(/""/g, '"'))
  return lines.map((l) => {
    const f = split(l)
    return { model: f[ix('model')], problem: f[ix('problem_id')], n: Number(f[ix('n')]), c: Number(f[ix('c')]) }
  })
}

async function read(options: Record<string, unknown>, seed = 1) {
  const ctx = createTestContext({ seed })
  const out = await llmLogs.run(null, llmLogs.options.parse(options), ctx)
  return { out, ctx }
}

async function errorOf(options: Record<string, unknown>): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await read(options)
  } catch (e) {
    if (isPasskError(e)) return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }
    throw e
  }
  throw new Error('expected a PasskError')
}

/** Check that the outcomes equal the reference rows exactly (group by model, every problem). */
function expectSame(out: TrialOutcomes, ref: Row[]): void {
  const models = [...new Set(ref.map((r) => r.model))]
  expect(out.groups.map((g) => g.label).sort()).toEqual([...models].sort())
  for (const g of out.groups) {
    const rows = ref.filter((r) => r.model === g.label)
    expect(g.problems.length).toBe(rows.length)
    const byId = new Map(g.problems.map((p, i) => [p, i]))
    for (const r of rows) {
      const i = byId.get(r.problem)!
      expect(i, r.problem).toBeTypeOf('number')
      expect([g.n[i], g.c[i]]).toEqual([r.n, r.c])
    }
  }
}

async function duck(sql: string): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:')
  const con = await inst.connect()
  try {
    await con.run(sql)
  } finally {
    con.closeSync()
    inst.closeSync()
  }
}

describe.skipIf(!haveData)('llmLogs on the shared HumanEval and LiveCodeBench logs', () => {
  let he: Row[] = [],
    lc: Row[] = []
  const files: Record<string, string> = {}
  beforeAll(async () => {
    he = readCountsCsv(humanevalAll)
    lc = readCountsCsv(lcb)
    // counts as JSONL, JSONL.gz, TSV, Parquet
    files.countsJsonl = w(
      'he-counts.jsonl',
      he.map((r) => JSON.stringify({ model: r.model, problem_id: r.problem, n: r.n, c: r.c })).join('\n') + '\n',
    )
    files.countsJsonlGz = w('he-counts.jsonl.gz', zlib.gzipSync(fs.readFileSync(files.countsJsonl)))
    files.countsCsvGz = w('he-counts.csv.gz', zlib.gzipSync(fs.readFileSync(humanevalAll)))
    files.countsParquet = path.join(tmp, 'he-counts.parquet')
    await duck(
      `COPY (SELECT * FROM read_csv('${humanevalAll}', header = true)) TO '${files.countsParquet}' (FORMAT parquet)`,
    )
    files.lcbParquet = path.join(tmp, 'lcb.parquet')
    await duck(`COPY (SELECT * FROM read_csv('${lcb}', header = true)) TO '${files.lcbParquet}' (FORMAT parquet)`)
    // per-sample records in openai/human-eval's *_results.jsonl shape: c passed, n − c failed attempts
    const samples: string[] = [],
      csv: string[] = ['model,task_id,completion_id,passed']
    for (const r of he)
      for (let j = 0; j < r.n; j++) {
        const passed = j < r.c
        samples.push(
          JSON.stringify({
            model: r.model,
            task_id: r.problem,
            completion: 'def f():\n  return "x"',
            result: passed ? 'passed' : 'failed: AssertionError',
            passed,
          }),
        )
        csv.push(`${r.model},${r.problem},${j},${passed ? 1 : 0}`)
      }
    files.samplesJsonl = w('he_samples.jsonl_results.jsonl', samples.join('\n') + '\n')
    files.samplesJsonlGz = w('he_samples.jsonl.gz', zlib.gzipSync(fs.readFileSync(files.samplesJsonl)))
    files.samplesCsv = w('he_samples.csv', csv.join('\n') + '\n')
    files.samplesParquet = path.join(tmp, 'he_samples.parquet')
    await duck(
      `COPY (SELECT * FROM read_csv('${files.samplesCsv}', header = true)) TO '${files.samplesParquet}' (FORMAT parquet)`,
    )
    // lm-evaluation-harness samples with 10 repeats: the metric is the mean over repeats
    const g4 = he.filter((r) => r.model === 'gpt-4')
    files.lmEval = w(
      'samples_humaneval_2026-11-25.jsonl',
      g4
        .map((r, i) =>
          JSON.stringify({
            doc_id: i,
            doc: { task_id: r.problem },
            target: 'x',
            arguments: [['prompt', {}]],
            resps: [Array.from({ length: r.n }, () => 'code')],
            filtered_resps: ['code'],
            filter: 'create_test',
            metrics: ['pass@1'],
            'pass@1': r.c / r.n,
          }),
        )
        .join('\n') + '\n',
    )
    // evalplus eval_results.json
    files.evalplus = w(
      'eval_results.json',
      JSON.stringify({
        date: '2026-11-25',
        hash: 'x',
        eval: Object.fromEntries(
          g4.map((r) => [
            r.problem,
            Array.from({ length: r.n }, (_, j) => ({
              task_id: r.problem,
              solution: '',
              base_status: j < r.c ? 'pass' : 'fail',
              plus_status: j < r.c ? 'pass' : 'fail',
              base_fail_tests: [],
              plus_fail_tests: [],
            })),
          ]),
        ),
      }),
    )
  })

  it('reads the HumanEval counts CSV: 3 models × 164 problems, n = 10, exact (n, c)', async () => {
    const { out, ctx } = await read({ path: humanevalAll })
    expectSame(out, he)
    expect(out.groups.every((g) => g.n.every((n) => n === 10))).toBe(true)
    expect(out.meta).toMatchObject({ format: 'counts', records: 492, badRows: 0 })
    expect(ctx.warnings).toEqual([])
  })

  it('reads the LiveCodeBench snapshot: 43 models × 400 problems, from CSV and from Parquet via DuckDB', async () => {
    const a = (await read({ path: lcb })).out
    expect(a.groups.length).toBe(43)
    expect(a.groups.every((g) => g.problems.length === 400)).toBe(true)
    expectSame(a, lc)
    const b = (await read({ path: files.lcbParquet })).out
    expect(b.meta.engine).toBe('duckdb')
    expectSame(b, lc)
  })

  it.each([
    ['counts JSONL', 'countsJsonl', {}],
    ['counts JSONL.gz', 'countsJsonlGz', {}],
    ['counts CSV.gz', 'countsCsvGz', {}],
    ['counts Parquet (DuckDB)', 'countsParquet', {}],
    ['per-sample human-eval JSONL', 'samplesJsonl', {}],
    ['per-sample JSONL.gz', 'samplesJsonlGz', {}],
    ['per-sample JSONL through DuckDB', 'samplesJsonl', { engine: 'duckdb' }],
    ['per-sample CSV', 'samplesCsv', {}],
    ['per-sample CSV through DuckDB', 'samplesCsv', { engine: 'duckdb' }],
    ['per-sample Parquet (DuckDB GROUP BY)', 'samplesParquet', {}],
  ])('gives the same (n, c) as the CSV for %s', async (_name, key, extra) => {
    const { out, ctx } = await read({ path: files[key], ...extra })
    expectSame(out, he)
    expect(ctx.warnings).toEqual([])
  })

  it('keeps the ordered attempts of per-sample records when keepAttempts is set', async () => {
    const { out } = await read({ path: files.samplesCsv, keepAttempts: true, model: 'gpt-4' })
    expect(out.groups.length).toBe(1)
    const g = out.groups[0]
    const ref = he.filter((r) => r.model === 'gpt-4')
    g.problems.forEach((p, i) => {
      const r = ref.find((x) => x.problem === p)!
      expect(Array.from(g.attempts![i])).toEqual(Array.from({ length: r.n }, (_, j) => (j < r.c ? 1 : 0)))
    })
  })

  it('reads lm-evaluation-harness samples with repeats (c = metric × repeats)', async () => {
    const { out } = await read({ path: files.lmEval, model: 'gpt-4' })
    const ref = he.filter((r) => r.model === 'gpt-4')
    expect(out.groups[0].label).toBe('gpt-4')
    expect(Array.from(out.groups[0].n)).toEqual(ref.map((r) => r.n))
    expect(Array.from(out.groups[0].c)).toEqual(ref.map((r) => r.c))
  })

  it('reads evalplus eval_results.json (base and plus tests)', async () => {
    const { out } = await read({ path: files.evalplus, label: 'gpt-4' })
    expectSame(
      out,
      he.filter((r) => r.model === 'gpt-4'),
    )
  })

  it('filters by model and runs through the real pipeline runner', async () => {
    const o = await runPlugins([
      { plugin: llmLogs, options: { path: humanevalAll, model: ['gpt-4', 'gpt-3.5-turbo'] } },
    ])
    const out = lastOutput<TrialOutcomes>(o)
    expect(out.groups.map((g) => g.label).sort()).toEqual(['gpt-3.5-turbo', 'gpt-4'])
    expect(out.meta.filteredRows).toBe(164)
  })
})

describe('llmLogs on malformed and unusual input', () => {
  it('reports a truncated gzip as PASSK_LLM_LOGS_TRUNCATED_GZIP', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) =>
      JSON.stringify({ task_id: `T/${i % 50}`, passed: i % 3 === 0, note: 'x'.repeat(40 + (i % 17)) }),
    ).join('\n')
    const gz = zlib.gzipSync(lines)
    const f = w('cut.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)))
    const e = await errorOf({ path: f })
    expect(e.code).toBe('PASSK_LLM_LOGS_TRUNCATED_GZIP')
    expect(e.message).toContain('cut.jsonl.gz')
  })

  it('counts a bad JSON line with its line number, and strict makes it an error', async () => {
    const f = w(
      'bad.jsonl',
      '{"task_id": "a", "passed": true}\n{"task_id": "a", "passed": false}\n{"task_id": "b", "passed": tru\n{"task_id": "b", "passed": 1}\n',
    )
    const { out, ctx } = await read({ path: f })
    expect(Array.from(out.groups[0].n)).toEqual([2, 1])
    expect(Array.from(out.groups[0].c)).toEqual([1, 1])
    expect(ctx.warnings).toHaveLength(1)
    expect(ctx.warnings[0].code).toBe('PASSK_LLM_LOGS_BAD_ROWS')
    expect(ctx.warnings[0].message).toMatch(/^1 bad row skipped in .*bad\.jsonl; first: line 3: not valid JSON/)
    const e = await errorOf({ path: f, strict: true })
    expect(e.code).toBe('PASSK_LLM_LOGS_BAD_ROW')
    expect(e.message).toMatch(/bad\.jsonl:3: not valid JSON/)
  })

  it('names the missing column and the columns it found', async () => {
    const f = w('nocol.csv', 'model,question,n,c\nm,q1,10,3\n')
    const e = await errorOf({ path: f })
    expect(e.code).toBe('PASSK_LLM_LOGS_MISSING_COLUMN')
    expect(e.message).toBe(
      `${f}: no problem column found among "model", "question", "n", "c" (looked for problem_id, task_id, problem, question_id, instance_id, doc_id, problemId, taskId, id).`,
    )
    expect((await errorOf({ path: f, problemColumn: 'question', cColumn: 'successes' })).message).toContain(
      'column "successes" (c) not found',
    )
    expect((await read({ path: f, problemColumn: 'question' })).out.groups[0].c[0]).toBe(3)
  })

  it('reports c > n, negative and non-integer counts as bad rows (never clamped)', async () => {
    const f = w('cn.csv', 'problem_id,n,c\np1,10,3\np2,10,11\np3,-1,0\np4,10,2.5\np5,5,5\n')
    const { out, ctx } = await read({ path: f })
    expect(out.groups[0].problems).toEqual(['p1', 'p5'])
    expect(ctx.warnings[0].message).toBe(
      `3 bad rows skipped in ${f}; first: line 3: c > n (c = 11, n = 10) for problem "p2"; line 4: negative count (n = -1, c = 0); line 5: c is "2.5", expected a non-negative integer`,
    )
    expect((await errorOf({ path: f, strict: true })).message).toBe(`${f}:3: c > n (c = 11, n = 10) for problem "p2".`)
  })

  it('rejects an empty file and a header-only file with PASSK_LLM_LOGS_EMPTY', async () => {
    expect((await errorOf({ path: w('empty.jsonl', '') })).code).toBe('PASSK_LLM_LOGS_EMPTY')
    expect((await errorOf({ path: w('header.csv', 'problem_id,n,c\n') })).code).toBe('PASSK_LLM_LOGS_EMPTY')
    expect((await errorOf({ path: w('blank.jsonl', '\n\n') })).code).toBe('PASSK_LLM_LOGS_EMPTY')
  })

  it('refuses duplicate (model, problem) counts rows by default; sum and first are explicit and warned', async () => {
    const f = w('dup.csv', 'model,problem_id,n,c\nm,p1,10,3\nm,p2,10,1\nm,p1,5,5\n')
    const e = await errorOf({ path: f })
    expect(e.code).toBe('PASSK_LLM_LOGS_DUPLICATE_ROW')
    expect(e.message).toBe(
      `${f}:4: a second row for problem "p1" of "m"; counts files need one row per (model, problem).`,
    )
    const s = await read({ path: f, duplicates: 'sum' })
    expect([s.out.groups[0].n[0], s.out.groups[0].c[0]]).toEqual([15, 8])
    expect(s.ctx.warnings[0].code).toBe('PASSK_LLM_LOGS_DUPLICATE_ROWS')
    const first = await read({ path: f, duplicates: 'first' })
    expect([first.out.groups[0].n[0], first.out.groups[0].c[0]]).toEqual([10, 3])
  })

  it('keeps numeric and string ids apart and warns about mixed id types', async () => {
    const f = w(
      'mixed.jsonl',
      '{"problem_id": 0, "passed": true}\n{"problem_id": "0", "passed": false}\n{"problem_id": 0, "passed": false}\n',
    )
    const { out, ctx } = await read({ path: f })
    expect(Array.from(out.groups[0].n)).toEqual([2, 1])
    expect(ctx.warnings.map((x) => x.code)).toEqual(['PASSK_LLM_LOGS_MIXED_ID_TYPES'])
    expect((await errorOf({ path: f, strict: true })).code).toBe('PASSK_LLM_LOGS_MIXED_ID_TYPES')
  })

  it('thresholds scores, groups by extra columns and sums costs', async () => {
    const rows = [
      ['m', 0.2, 'p', 0.9, 100],
      ['m', 0.2, 'p', 0.4, 50],
      ['m', 0.8, 'p', 0.5, 30],
      ['m', 0.8, 'q', 0.1, 20],
    ]
    const f = w(
      'scores.jsonl',
      rows
        .map(([m, t, p, s, tok]) => JSON.stringify({ model: m, temperature: t, problem: p, score: s, tokens: tok }))
        .join('\n'),
    )
    expect((await errorOf({ path: f })).message).toContain('line 1: score is 0.9 (a score: set threshold)')
    const { out } = await read({ path: f, threshold: 0.5, groupBy: ['temperature'] })
    expect(out.groups.map((g) => g.label)).toEqual(['m · temperature=0.2', 'm · temperature=0.8'])
    expect(out.groups.map((g) => [Array.from(g.n), Array.from(g.c)])).toEqual([
      [[2], [1]],
      [
        [1, 1],
        [1, 0],
      ],
    ])
    expect(out.meta.meanCostPerAttempt).toEqual({ 'm · temperature=0.2': 75, 'm · temperature=0.8': 25 })
  })

  it("refuses a repeated attempt index of a problem when attempts are kept, and passes the runner's validation", async () => {
    const f = w(
      'attempts.jsonl',
      [
        '{"task_id": "a", "attempt": 0, "passed": true, "tokens": 10}',
        '{"task_id": "a", "attempt": 1, "passed": false}',
        '{"task_id": "a", "attempt": 1, "passed": true, "tokens": 30}',
        '{"task_id": "b", "attempt": 0, "passed": false, "tokens": 20}',
      ].join('\n'),
    )
    const o = await runPlugins([{ plugin: llmLogs, options: { path: f, keepAttempts: true } }])
    const out = lastOutput<TrialOutcomes>(o)
    const g = out.groups[0]
    expect(Array.from(g.n)).toEqual([2, 1])
    expect(g.attempts!.map((a) => Array.from(a))).toEqual([[1, 0], [0]])
    expect(g.cost).toBeUndefined() // attempt 1 of "a" has no tokens: per-attempt costs are left out …
    expect(out.meta.meanCostPerAttempt).toEqual({ attempts: 15 }) // … and the mean uses the attempts that have one
    const codes = o.results.warnings.map((x) => x.code)
    expect(codes).toContain('PASSK_LLM_LOGS_BAD_ROWS')
    expect(codes).toContain('PASSK_LLM_LOGS_PARTIAL_COST')
    expect(o.results.warnings.find((x) => x.code === 'PASSK_LLM_LOGS_BAD_ROWS')!.message).toContain(
      'line 3: duplicate attempt 1 for problem "a"',
    )
  })

  it('reads lm-eval-harness list metrics, uses the first filter and reports the rows of other filters', async () => {
    const lines = [
      { doc_id: 0, filter: 'strict', metrics: ['exact_match'], exact_match: [1, 0, 0] },
      { doc_id: 0, filter: 'flexible', metrics: ['exact_match'], exact_match: [1, 1, 1] },
      { doc_id: 1, filter: 'strict', metrics: ['exact_match'], exact_match: 0.5, resps: [['a', 'b', 'c']] },
      { doc_id: 2, filter: 'strict', metrics: ['exact_match'], exact_match: 1.0, resps: [['a', 'b']] },
    ]
    const f = w('samples_gsm8k.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'))
    const { out, ctx } = await read({ path: f, format: 'lm-eval-harness' })
    const g = out.groups[0]
    expect(g.problems).toEqual(['0', '2'])
    expect([Array.from(g.n), Array.from(g.c)]).toEqual([
      [3, 2],
      [1, 2],
    ])
    expect(ctx.warnings.map((x) => x.code).sort()).toEqual(['PASSK_LLM_LOGS_BAD_ROWS', 'PASSK_LLM_LOGS_OTHER_FILTERS'])
    expect(ctx.warnings.find((x) => x.code === 'PASSK_LLM_LOGS_BAD_ROWS')!.message).toContain(
      'line 3: exact_match = 0.5 with 3 repeats is not a whole number of successes',
    )
  })

  it('reads the older evalplus layout and base-only tests', async () => {
    const doc = {
      eval: {
        'HumanEval/0': {
          nfiles: 3,
          base: [
            ['success', []],
            ['failed', []],
            ['success', []],
          ],
          plus: [
            ['success', []],
            ['failed', []],
            ['failed', []],
          ],
        },
      },
    }
    const f = w('old_eval_results.json', JSON.stringify(doc))
    expect(Array.from((await read({ path: f })).out.groups[0].c)).toEqual([1])
    expect(Array.from((await read({ path: f, evalplusTests: 'base' })).out.groups[0].c)).toEqual([2])
  })

  it('reads a JSON array of records and a TSV counts table', async () => {
    const a = w(
      'records.json',
      JSON.stringify([
        { task_id: 'x', passed: true },
        { task_id: 'x', passed: false },
        { task_id: 'y', passed: 'passed' },
      ]),
    )
    const ra = (await read({ path: a })).out.groups[0]
    expect([ra.problems, Array.from(ra.n), Array.from(ra.c)]).toEqual([
      ['x', 'y'],
      [2, 1],
      [1, 1],
    ])
    const b = w('counts.tsv', 'model\tproblem_id\tn\tc\nm\tp1\t5\t2\nm\tp2\t5\t0\n')
    const rb = (await read({ path: b })).out.groups[0]
    expect([rb.label, Array.from(rb.n), Array.from(rb.c)]).toEqual(['m', [5, 5], [2, 0]])
  })

  it('reads quoted CSV fields and reports rows with the wrong number of fields', async () => {
    const f = w('quoted.csv', 'model,problem_id,n,c\n"org/model, v2","a ""quoted"" id",4,2\nm,x,3\n')
    const { out, ctx } = await read({ path: f })
    expect(out.groups[0].label).toBe('org/model, v2')
    expect(out.groups[0].problems).toEqual(['a "quoted" id'])
    expect(ctx.warnings[0].message).toContain('line 3: 3 fields, the header has 4')
  })

  it('says which models exist when the model filter matches nothing', async () => {
    const f = w('models.csv', 'model,problem_id,n,c\na,p,1,1\n')
    const e = await errorOf({ path: f, model: 'b' })
    expect(e.code).toBe('PASSK_LLM_LOGS_NO_MATCH')
    expect(e.message).toContain('no rows for model "b" (1 rows of other models)')
  })

  it('reports a missing file and a broken Parquet file clearly', async () => {
    expect((await errorOf({ path: path.join(tmp, 'nope.csv') })).code).toBe('PASSK_FILE_NOT_FOUND')
    const e = await errorOf({ path: w('broken.parquet', 'PAR1 this is not parquet') })
    expect(e.code).toMatch(/^PASSK_LLM_LOGS_(BAD_FILE|READ_FAILED)$/)
    expect(e.message).toContain('broken.parquet')
  })

  it('counts Parquet rows whose success value cannot be read, with row numbers', async () => {
    const csv = w('pq-bad.csv', 'task_id,result\nA,passed\nA,failed\nA,banana\nB,passed\n')
    const pq = path.join(tmp, 'pq-bad.parquet')
    await duck(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${pq}' (FORMAT parquet)`)
    const { out, ctx } = await read({ path: pq })
    expect(out.groups[0].problems).toEqual(['A', 'B'])
    expect(Array.from(out.groups[0].n)).toEqual([2, 1])
    expect(Array.from(out.groups[0].c)).toEqual([1, 1])
    expect(ctx.warnings[0].message).toContain('line 3: result is "banana"')
  })
})
