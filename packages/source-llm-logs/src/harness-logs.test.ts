/**
 * Harness logs from test/fixtures/logs/<harness>/ (written by tools/fixtures/<harness>.py from each harness's own
 * writer; see the README there): passk-lab's counts give the harness's own reported pass@k (to 1e-12) where the
 * file carries them, hand counts otherwise; refusals are typed errors.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { isPasskError, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { llmLogs } from './llm-logs.js'

const fx = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../test/fixtures/logs')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-harness-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

async function read(options: Record<string, unknown>) {
  const ctx = createTestContext({ seed: 1 })
  const out = await llmLogs.run(null, llmLogs.options.parse(options), ctx)
  return { out, ctx }
}
async function errorOf(options: Record<string, unknown>) {
  try {
    await read(options)
  } catch (e) {
    if (isPasskError(e)) return { code: e.code, message: e.message, hint: e.hint ?? '' }
    throw e
  }
  throw new Error('expected a PasskError')
}

/** Exact 1 − C(n−c, k)/C(n, k) through BigInt binomials (independent of the estimator's product form). */
function binom(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n
  let r = 1n
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i)
  return r
}
function passAtK(n: number, c: number, k: number): number {
  const num = binom(n - c, k)
  const den = binom(n, k)
  // 1 − num/den to double precision: scale the rational before converting
  const s = 10n ** 30n
  return 1 - Number((num * s) / den) / 1e30
}
function meanPassAtK(o: TrialOutcomes, k: number): number {
  const g = o.groups[0]
  let s = 0
  for (let i = 0; i < g.problems.length; i++) s += passAtK(g.n[i], g.c[i], k)
  return s / g.problems.length
}
const counts = (o: TrialOutcomes) => ({
  problems: o.groups[0].problems,
  n: Array.from(o.groups[0].n),
  c: Array.from(o.groups[0].c),
})
const json = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>

describe('lm-evaluation-harness samples_*.jsonl', () => {
  const dir = path.join(fx, 'lm-eval/mock__model')
  const he64 = path.join(dir, 'samples_humaneval_64_2026-12-03T10-00-00.000001.jsonl')
  const he10 = path.join(dir, 'samples_humaneval_10_2026-12-03T10-05-00.000002.jsonl')
  const sc = path.join(dir, 'samples_gsm8k_cot_self_consistency_2026-12-03T10-10-00.000003.jsonl')

  it('humaneval_64 (per-doc pass@2 … pass@64, 64 repeats): c recovered exactly, the reported pass@k to 1e-12', async () => {
    const { out } = await read({ path: he64 })
    expect(out.groups[0].label).toBe('mock/model') // model_name of the neighbouring results_*.json
    expect(counts(out)).toEqual({
      problems: ['0', '1', '2', '3', '4', '5'],
      n: [64, 64, 64, 64, 64, 64],
      c: [0, 5, 20, 40, 62, 1],
    })
    const reported = (json(path.join(dir, 'results_2026-12-03T10-00-00.000001.json')).results as never)[
      'humaneval_64'
    ] as Record<string, number>
    for (const k of [2, 8, 16, 32, 64])
      expect(Math.abs(meanPassAtK(out, k) - reported[`pass@${k},create_test`])).toBeLessThan(1e-12)
    expect(out.meta).toMatchObject({
      harness: 'lm-evaluation-harness',
      task: 'humaneval_64',
      repeats: 64,
      metric: 'pass@2',
    })
  })

  it('humaneval with repeats 10 and per-doc pass@1 (a mean): c = mean × 10, the reported pass@1', async () => {
    const { out } = await read({ path: he10 })
    expect(counts(out).c).toEqual([0, 3, 10, 7])
    const rep = (json(path.join(dir, 'results_2026-12-03T10-05-00.000002.json')).results as never)[
      'humaneval_10'
    ] as Record<string, number>
    expect(Math.abs(meanPassAtK(out, 1) - rep['pass@1,create_test'])).toBeLessThan(1e-12)
  })

  it('refuses gsm8k self-consistency (score-first, maj@64): one response scored, never scaled by the repeats', async () => {
    const e = await errorOf({ path: sc })
    expect(e.code).toBe('PASSK_LLM_LOGS_FILTER_SCORES_ONE')
    expect(e.message).toContain('"score-first"')
    expect(e.message).toContain('take_first')
    expect(e.message).toContain('64 repeats')
    expect(e.hint).toContain('maj@64')
    expect((await errorOf({ path: sc, filter: 'maj@64' })).message).toContain('majority_vote')
  })

  it('refuses pass@k values no integer c fits, and c values pass@k ≥ 2 cannot tell apart', async () => {
    const line = (v: number) =>
      JSON.stringify({
        doc_id: 0,
        resps: [Array(64).fill('x')],
        filter: 'create_test',
        metrics: ['pass@2'],
        'pass@2': v,
      })
    const noFit = path.join(tmp, 'samples_a_2026-01-01T00-00-00.jsonl')
    fs.writeFileSync(noFit, line(0.5) + '\n')
    const e1 = await errorOf({ path: noFit })
    expect(e1.code).toBe('PASSK_LLM_LOGS_PASSK_NO_FIT')
    expect(e1.message).toContain(':1: doc 0')
    const amb = path.join(tmp, 'samples_b_2026-01-01T00-00-00.jsonl')
    fs.writeFileSync(amb, line(1) + '\n') // c = 63 and c = 64 both give pass@2 = 1
    const e2 = await errorOf({ path: amb })
    expect(e2.code).toBe('PASSK_LLM_LOGS_PASSK_AMBIGUOUS')
    expect(e2.message).toContain('c = 63 or 64')
  })

  it('several metrics: the first with a warning, metric chooses', async () => {
    const f = path.join(tmp, 'samples_qa_2026-01-01T00-00-00.jsonl')
    fs.writeFileSync(
      f,
      [0, 1]
        .map((i) =>
          JSON.stringify({
            doc_id: i,
            resps: [['a']],
            filter: 'none',
            metrics: ['exact_match', 'f1'],
            exact_match: 1,
            f1: i,
          }),
        )
        .join('\n'),
    )
    const a = await read({ path: f })
    expect(counts(a.out).c).toEqual([1, 1])
    expect(a.ctx.warnings.map((w) => w.code)).toEqual(['PASSK_LLM_LOGS_SEVERAL_METRICS'])
    expect(counts((await read({ path: f, metric: 'f1' })).out).c).toEqual([0, 1])
  })

  it('a results file whose repeats disagree with the samples is an error naming both files', async () => {
    const d = fs.mkdtempSync(path.join(tmp, 'rep-'))
    const s = path.join(d, path.basename(he64))
    fs.copyFileSync(he64, s)
    const res = json(path.join(dir, 'results_2026-12-03T10-00-00.000001.json'))
    ;(res.configs as Record<string, Record<string, unknown>>).humaneval_64.repeats = 32
    fs.writeFileSync(path.join(d, 'results_2026-12-03T10-00-00.000001.json'), JSON.stringify(res))
    const e = await errorOf({ path: s })
    expect(e.code).toBe('PASSK_LLM_LOGS_REPEATS_MISMATCH')
    expect(e.message).toMatch(/:1: doc 0 has 64 responses .* repeats: 32/)
  })
})

describe('evalplus eval_results.json', () => {
  const dir = path.join(fx, 'evalplus')
  // hand counts of tools/fixtures/evalplus.py TASKS (base & plus both pass; base only)
  const plusC = [9, 2, 0, 3]
  const baseC = [10, 4, 0, 5]
  it('current layout (pass/fail/timeout): the reported base and plus pass@1, pass@10', async () => {
    const f = path.join(dir, 'humaneval/mock--model_eval_results.json')
    const rep = json(f).pass_at_k as Record<string, Record<string, number>>
    const { out, ctx } = await read({ path: f })
    expect(counts(out).c).toEqual(plusC)
    expect(ctx.warnings).toEqual([])
    for (const k of [1, 10]) expect(Math.abs(meanPassAtK(out, k) - rep.plus[`pass@${k}`])).toBeLessThan(1e-12)
    const base = (await read({ path: f, evalplusTests: 'base' })).out
    expect(counts(base).c).toEqual(baseC)
    for (const k of [1, 10]) expect(Math.abs(meanPassAtK(base, k) - rep.base[`pass@${k}`])).toBeLessThan(1e-12)
  })
  it('older layout (success/failed/"timed out"): timeouts are failures, no bad rows', async () => {
    const f = path.join(dir, 'humaneval-0.1/eval_results.json')
    const { out, ctx } = await read({ path: f })
    expect(counts(out).n).toEqual([10, 10, 10, 10])
    expect(counts(out).c).toEqual(plusC)
    expect(ctx.warnings).toEqual([])
    expect(counts((await read({ path: f, evalplusTests: 'base' })).out).c).toEqual(baseC)
    expect(counts((await read({ path: f, tests: 'base' })).out).c).toEqual(baseC)
  })
  it('--base-only output (plus_status null): base tests, and a warning says so', async () => {
    const f = path.join(dir, 'humaneval-base-only/mock--model_eval_results.json')
    const rep = json(f).pass_at_k as Record<string, Record<string, number>>
    const { out, ctx } = await read({ path: f })
    expect(counts(out).c).toEqual(baseC)
    expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_LLM_LOGS_EVALPLUS_BASE_ONLY'])
    expect(out.meta.tests).toBe('base')
    expect(Math.abs(meanPassAtK(out, 1) - rep.base['pass@1'])).toBeLessThan(1e-12)
  })
})

describe('inspect_ai logs', () => {
  const dir = path.join(fx, 'inspect_ai')
  const evalFile = path.join(dir, '2026-12-03T10-00-00+00-00_arith_fixture.eval')
  const jsonFile = path.join(dir, '2026-12-03T10-00-00+00-00_arith_fixture.json')
  const header = json(jsonFile) as { results: { scores: { name: string; metrics: { accuracy: { value: number } } }[] } }
  const acc = (name: string) => header.results.scores.find((s) => s.name === name)?.metrics.accuracy.value
  for (const [kind, f] of [
    ['.eval (zip, zstd entries)', evalFile],
    ['.json', jsonFile],
  ] as const)
    it(`${kind}: epochs are attempts, C/I mapped, model and task from the header, accuracy as reported`, async () => {
      const { out, ctx } = await read({ path: f })
      expect(out.groups[0].label).toBe('mockllm/model')
      expect(counts(out)).toEqual({ problems: ['q1', 'q2', 'q3', 'q4', 'q5'], n: [4, 4, 4, 4, 4], c: [3, 0, 4, 1, 1] })
      expect(out.meta).toMatchObject({
        harness: 'inspect_ai',
        task: 'arith',
        scorer: 'match',
        epochs: 4,
        format: 'inspect',
      })
      expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_LLM_LOGS_SEVERAL_SCORERS'])
      expect(Math.abs(meanPassAtK(out, 1) - (acc('match') ?? NaN))).toBeLessThan(1e-12)
      const inc = (await read({ path: f, scorer: 'includes' })).out
      expect(counts(inc).c).toEqual([4, 1, 4, 2, 1])
      expect(Math.abs(meanPassAtK(inc, 1) - (acc('includes') ?? NaN))).toBeLessThan(1e-12)
    })
  it("reads inspect_ai's own test logs (deflate .eval and .json; one sample scored I)", async () => {
    for (const f of ['log_formats.eval', 'log_formats.json']) {
      const { out } = await read({ path: path.join(dir, f) })
      expect(out.groups[0].label).toBe('ollama/llama3.1')
      expect(counts(out)).toEqual({ problems: ['1'], n: [1], c: [0] })
      expect(out.meta.task).toBe('popularity')
    }
  })
  it("inspect_ai's own multi-epoch test log (2 samples × 2 epochs): its reported accuracy 0.75; an unscored log is refused", async () => {
    const { out } = await read({ path: path.join(dir, 'log_streaming.eval') })
    expect(counts(out)).toEqual({ problems: ['2', '1'], n: [2, 2], c: [2, 1] })
    expect(out.meta.reportedAccuracy).toBe(0.75)
    expect(Math.abs(meanPassAtK(out, 1) - 0.75)).toBeLessThan(1e-12)
    const e = await errorOf({ path: path.join(dir, 'unscored_popularity.eval') })
    expect(e.code).toBe('PASSK_LLM_LOGS_NOT_SCORED')
    expect(e.hint).toContain('inspect score')
  })
  it('a truncated .eval, zero epochs and an unmappable score are reported, never read as something else', async () => {
    const bytes = fs.readFileSync(evalFile)
    const cut = path.join(tmp, 'cut.eval')
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    expect((await errorOf({ path: cut })).code).toBe('PASSK_LLM_LOGS_BAD_ZIP')
    const doc = json(jsonFile) as {
      eval: { config: { epochs: number } }
      samples: { scores: Record<string, { value: unknown }> }[]
    }
    const zero = structuredClone(doc)
    zero.eval.config.epochs = 0
    zero.samples = []
    fs.writeFileSync(path.join(tmp, 'zero.json'), JSON.stringify(zero))
    expect((await errorOf({ path: path.join(tmp, 'zero.json') })).code).toBe('PASSK_LLM_LOGS_ZERO_EPOCHS')
    const partial = structuredClone(doc)
    partial.samples[0].scores.match.value = 'P'
    partial.samples[1].scores.match.value = { a: 1 }
    const pf = path.join(tmp, 'partial.json')
    fs.writeFileSync(pf, JSON.stringify(partial))
    const { out, ctx } = await read({ path: pf })
    const w = ctx.warnings.find((x) => x.code === 'PASSK_LLM_LOGS_BAD_ROWS')
    expect(w?.message).toContain('2 bad rows')
    expect(w?.message).toContain(
      'sample "q1" epoch 1: scores.match.value "P" cannot be mapped to success (a partial score: set threshold)',
    )
    expect(counts(out).n[0]).toBe(2)
    expect(Array.from((await read({ path: pf, threshold: 0.5, strict: false })).out.groups[0].c)[0]).toBe(2) // P = 0.5 ≥ 0.5; epoch 2 {a:1} still bad
  })
})

describe('LiveCodeBench, bigcode-evaluation-harness', () => {
  it('LiveCodeBench *_eval_all.json: graded_list → n, c; the model from the directory', async () => {
    const f = path.join(fx, 'livecodebench/output/MockModel-2026/Scenario.codegeneration_5_0.2_eval_all.json')
    const { out } = await read({ path: f })
    expect(out.groups[0].label).toBe('MockModel-2026')
    expect(counts(out)).toEqual({
      problems: ['abc301_a', 'abc301_b', '1873_A', '2847'],
      n: [5, 5, 5, 5],
      c: [5, 2, 0, 1],
    })
    expect((await read({ path: f, model: 'X' })).out.groups[0].label).toBe('X')
  })
  it('bigcode metrics and generations are refused with the way to per-problem results', async () => {
    for (const f of ['evaluation_results.json', 'generations_humaneval.json']) {
      const e = await errorOf({ path: path.join(fx, 'bigcode', f) })
      expect(e.code).toBe('PASSK_LLM_LOGS_NO_PER_PROBLEM')
      expect(e.message).toContain('bigcode-evaluation-harness')
      expect(e.hint).toContain('evaluate_functional_correctness')
    }
  })
})

describe('lighteval details Parquet', () => {
  const date = '2026-12-03T10-00-00.000001'
  const task = 'leaderboard|arc:challenge|0'
  const f = path.join(fx, 'lighteval/details/mock__model', date, `details_${task}_${date}.parquet`)
  const rep = (json(path.join(fx, 'lighteval/results/mock__model', `results_${date}.json`)).results as never)[
    task
  ] as Record<string, number>
  it('one row per doc, the metric struct scored 0/1; the reported acc and acc_norm', async () => {
    const { out, ctx } = await read({ path: f, label: 'mock/model' })
    expect(counts(out)).toEqual({
      problems: ['arc-0', 'arc-1', 'arc-2', 'arc-3', 'arc-4', 'arc-5'],
      n: [1, 1, 1, 1, 1, 1],
      c: [1, 0, 1, 1, 0, 0],
    })
    expect(out.meta).toMatchObject({ harness: 'lighteval', metric: 'acc', format: 'lighteval', engine: 'duckdb' })
    expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_LLM_LOGS_SEVERAL_METRICS'])
    expect(Math.abs(meanPassAtK(out, 1) - rep.acc)).toBeLessThan(1e-12)
    const norm = (await read({ path: f, metric: 'acc_norm' })).out
    expect(Math.abs(meanPassAtK(norm, 1) - rep.acc_norm)).toBeLessThan(1e-12)
  })
})

describe('counts files with several benchmarks, unusual column names', () => {
  const csv = path.join(tmp, 'multi.csv')
  fs.writeFileSync(
    csv,
    'model,benchmark,step,problem_id,n,c\nm,humaneval,1000,p1,10,3\nm,humaneval,1000,p2,10,0\nm,mbpp,1000,p1,10,7\nm,humaneval,2000,p1,10,5\n',
  )
  it('a duplicate (model, problem) row: the hint names the columns and the options that tell them apart', async () => {
    const e = await errorOf({ path: csv })
    expect(e.code).toBe('PASSK_LLM_LOGS_DUPLICATE_ROW')
    expect(e.hint).toContain('Columns that may tell the rows apart: benchmark, step')
    expect(e.hint).toContain('--where benchmark=VALUE')
    expect(e.hint).toContain('--group-by benchmark')
  })
  it('where COL=VALUE keeps one benchmark and checkpoint; the rows left out are counted', async () => {
    const { out } = await read({ path: csv, where: ['benchmark=humaneval', 'step=1000'] })
    expect(counts(out)).toEqual({ problems: ['p1', 'p2'], n: [10, 10], c: [3, 0] })
    expect(out.meta.whereFilteredRows).toBe(2)
    const g = (await read({ path: csv, where: ['step=1000'], groupBy: ['benchmark'] })).out
    expect(g.groups.map((x) => [x.label, Array.from(x.c)])).toEqual([
      ['m · benchmark=humaneval', [3, 0]],
      ['m · benchmark=mbpp', [7]],
    ])
    expect((await errorOf({ path: csv, where: ['bench=x'] })).message).toContain('where column "bench" not found')
    expect((await errorOf({ path: csv, where: ['benchmark'] })).code).toBe('PASSK_BAD_OPTIONS')
    // never ignored silently: formats that cannot filter refuse the option
    const e = await errorOf({ path: csv, where: ['step=1000'], engine: 'duckdb' })
    expect([e.code, e.message]).toEqual(['PASSK_BAD_OPTIONS', expect.stringContaining('not DuckDB') as string])
  })
  it('the missing-column hint ranks columns by name and value fit (behavior_id beats i)', async () => {
    const f = path.join(tmp, 'harmbench.jsonl')
    fs.writeFileSync(f, JSON.stringify({ i: 0, behavior_id: 'b1', generation: 'x', label: 1 }) + '\n')
    const e = await errorOf({ path: f })
    expect(e.code).toBe('PASSK_LLM_LOGS_MISSING_COLUMN')
    expect(e.hint).toContain('"problemColumn": "behavior_id"')
    expect(e.hint).toContain('--problem-column')
    const c = path.join(tmp, 'harmbench.csv')
    fs.writeFileSync(c, 'i,behavior_id,generation,label\n0,b1,x,1\n')
    expect((await errorOf({ path: c })).hint).toContain('"problemColumn": "behavior_id"')
    const ok = await read({ path: f, problemColumn: 'behavior_id', successColumn: 'label' })
    expect(counts(ok.out)).toEqual({ problems: ['b1'], n: [1], c: [1] })
  })
})

describe('inspect_ai .eval streaming', () => {
  it('reads 3,000 samples whose entries span many read chunks, in constant memory per sample', async () => {
    const { zipSync, strToU8 } = await import('fflate')
    const files: Record<string, [Uint8Array, { level: 0 }]> = {}
    const pad = 'x'.repeat(1500) // stored entries: the 4.5 MB archive spans several 1 MiB reads, entries cut mid-way
    let c0 = 0
    for (let i = 0; i < 1500; i++)
      for (const epoch of [1, 2]) {
        const ok = (i * 7 + epoch) % 3 === 0
        if (i === 0 && ok) c0++
        files[`samples/${i}_epoch_${epoch}.json`] = [
          strToU8(JSON.stringify({ id: i, epoch, scores: { s: { value: ok ? 'C' : 'I' } }, messages: [pad] })),
          { level: 0 },
        ]
      }
    files['header.json'] = [
      strToU8(
        JSON.stringify({ version: 2, status: 'success', eval: { task: 't', model: 'm', config: { epochs: 2 } } }),
      ),
      { level: 0 },
    ]
    const f = path.join(tmp, 'big.eval')
    fs.writeFileSync(f, zipSync(files))
    const { out } = await read({ path: f })
    const g = out.groups[0]
    expect(g.problems.length).toBe(1500)
    expect(Array.from(g.n).every((n) => n === 2)).toBe(true)
    // hand count: success ⇔ (7i + epoch) mod 3 = 0
    let want = 0
    for (let i = 0; i < 1500; i++) for (const e of [1, 2]) if ((i * 7 + e) % 3 === 0) want++
    expect(Array.from(g.c).reduce((s, x) => s + x, 0)).toBe(want)
    expect(g.c[0]).toBe(c0)
  })
})
