/**
 * evaluators/passk-unbiased on logs as they are really collected (issue 14 §5): ragged n (one fixed problem set at
 * every k, model-based fill-in labelled) and adaptive stopping (Kaplan–Meier from attempt order or from counts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type OutcomeGroup, type Table, type TrialOutcomes } from '@passk/core'
import { createTestContext, runPlugins } from '@passk/core/testing'
import { betaBinomialFit } from '@passk/stats'
import { groupPassk, passkUnbiased } from './passk-unbiased.js'
import { batchKaplanMeierPassAtK, batchSize, kaplanMeierPassAtK, passkSurvival, spearman } from './passk-survival.js'
import { passAtK, posteriorPassAtK } from './internal/stats.js'

const group = (label: string, n: number[], c: number[]): OutcomeGroup => ({
  label,
  problems: n.map((_, i) => `p${i}`),
  n: Int32Array.from(n),
  c: Int32Array.from(c),
})
const outcomes = (...groups: OutcomeGroup[]): TrialOutcomes => ({ kind: 'TrialOutcomes', groups, meta: {} })
const run = (t: TrialOutcomes, options: Record<string, unknown> = {}, seed = 1) => {
  const ctx = createTestContext({ seed })
  return { curve: passkUnbiased.run(t, passkUnbiased.options.parse(options), ctx) as Curve, ctx }
}
const table = (ctx: { tables: Table[] }, id: string) => {
  const t = ctx.tables.find((x) => x.id === id)
  if (!t) throw new Error(`no table ${id}`)
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, j) => [c, r[j]])))
}

describe("passk-unbiased beyondN 'fill-beta' (ragged n, one fixed problem set)", () => {
  const n = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 5 : 20)),
    c = n.map((ni, i) => (i * 13) % (ni + 1))

  it('keeps every problem at every k: observed attempts + Beta-Binomial posterior for the missing ones', () => {
    const { curve, ctx } = run(outcomes(group('g', n, c)), {
      k: [1, 4, 10, 100],
      interval: 'none',
      beyondN: 'fill-beta',
    })
    const fit = betaBinomialFit(n, c)
    const want = [1, 4, 10, 100].map(
      (k) =>
        n.reduce(
          (s, ni, i) =>
            s + (ni >= k ? passAtK(ni, c[i], k) : c[i] > 0 ? 1 : posteriorPassAtK(ni, 0, k - ni, fit.a, fit.b)),
          0,
        ) / n.length,
    )
    // observed points (every problem has n ≥ k) in the data series, the rest in the model-based series
    expect(curve.series.map((s) => [s.label, s.style, s.x])).toEqual([
      ['g', 'data', [1, 4]],
      ['g (model-based)', 'fit', [10, 100]],
    ])
    expect(curve.series[0].attrs).toMatchObject({ basis: 'observed', group: 'g' })
    expect(curve.series[1].attrs).toMatchObject({ basis: 'model-based', group: 'g' })
    const ys = [...curve.series[0].y, ...curve.series[1].y]
    ys.forEach((y, j) => expect(y).toBeCloseToRel(want[j], 1e-9))
    const rows = table(ctx, 'passk')
    expect(rows.map((r) => r.basis)).toEqual(['observed', 'observed', 'model-based', 'model-based'])
    expect(rows.map((r) => r['problems model-based'])).toEqual([0, 0, 100, 300])
    expect(rows.map((r) => r['problems used'])).toEqual([300, 300, 300, 300])
    expect(ctx.warnings.find((w) => w.code === 'PASSK_K_BEYOND_N')?.message).toMatch(/model-based points/)
  })

  it("is monotone in k by construction: every problem's value is non-decreasing, and equals 1{c > 0} at k = n", () => {
    const rng = createRng(5)
    const nn: number[] = [],
      cc: number[] = []
    for (let i = 0; i < 400; i++) {
      const q = rng.beta(0.4, 4)
      const ni = [8, 30, 512][i % 3]
      let ci = 0
      for (let j = 0; j < ni; j++) if (rng.uniform() < q) ci++
      nn.push(ni)
      cc.push(ci)
    }
    const ks = [1, 2, 4, 8, 16, 30, 32, 64, 128, 256, 512]
    const g = group('g', nn, cc)
    const fit = betaBinomialFit(nn, cc)
    const gp = groupPassk(g, ks, 'fill-beta', { a: fit.a, b: fit.b, A: 1 })
    const K = ks.length
    for (let i = 0; i < nn.length; i++) {
      for (let j = 1; j < K; j++) expect(gp.values[i * K + j]).toBeGreaterThanOrEqual(gp.values[i * K + j - 1])
      expect(gp.values[i * K + ks.indexOf(nn[i])]).toBe(cc[i] > 0 ? 1 : 0)
    }
    const { curve } = run(outcomes(g), { k: ks, interval: 'none', beyondN: 'fill-beta' })
    const ys = curve.series.flatMap((s) => s.y)
    expect(ys).toHaveLength(K)
    ys.forEach((y, j) => expect(y).toBeCloseToRel(gp.mean[j], 1e-12))
    for (let j = 1; j < K; j++) expect(ys[j]).toBeGreaterThanOrEqual(ys[j - 1])
  })

  it("auto k grid is per group: powers of 2 up to that group's largest n", () => {
    const { curve } = run(outcomes(group('small', [10, 10], [1, 3]), group('big', [100, 100], [1, 30])), {
      interval: 'none',
      beyondN: 'fill-beta',
    })
    expect(curve.series.map((s) => s.x)).toEqual([
      [1, 2, 4, 8, 10],
      [1, 2, 4, 8, 16, 32, 64, 100],
    ])
  })

  it('without a usable Beta fit reports only the k every problem reaches (never a shrinking problem set)', () => {
    // every problem unsolved: the Beta-Binomial MLE has no finite (a, b)
    const { curve, ctx } = run(outcomes(group('z', [4, 4, 16, 16, 16], [0, 0, 0, 0, 0])), {
      k: [1, 4, 8, 16],
      interval: 'none',
      beyondN: 'fill-beta',
    })
    const xs = curve.series.flatMap((s) => s.x)
    expect(xs.filter((k) => k > 4)).toEqual(
      ctx.warnings.some((w) => w.code === 'PASSK_FILL_FAILED') ? [] : expect.arrayContaining([8, 16]),
    )
    for (const s of curve.series) for (const y of s.y) expect(Number.isFinite(y)).toBe(true)
  })
})

/** q ~ Beta(0.3, 3); sample in batches of `batch` until the first batch with a success, at most 10 batches. */
function batchStoppingLog(P: number, seed: number, batch = 60): OutcomeGroup {
  const rng = createRng(seed)
  const attempts: Uint8Array[] = [],
    n = new Int32Array(P),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const q = rng.beta(0.3, 3)
    const a: number[] = []
    for (let b = 0; b < 10; b++) {
      for (let j = 0; j < batch; j++) a.push(rng.uniform() < q ? 1 : 0)
      if (a.includes(1)) break
    }
    attempts.push(Uint8Array.from(a))
    n[i] = a.length
    c[i] = a.reduce((s, v) => s + v, 0)
  }
  return { label: 'batch-stop', problems: Array.from({ length: P }, (_, i) => `p${i}`), n, c, attempts }
}
// mpmath: 1 − B(0.3, 3 + k)/B(0.3, 3) at k = 1, 2, 4, …, 512, 600
const TRUTH = [
  0.09090909090909083, 0.15433403805496826, 0.24019230732701546, 0.340198806272916, 0.4422448064805936,
  0.5368236413828598, 0.6193548403073564, 0.6889513246421188, 0.7465760527040552, 0.7938383610968154,
  0.8033735637458215,
]

describe('batchKaplanMeierPassAtK', () => {
  it('matches a hand computation (batches of 2, ties and censoring)', () => {
    // (n, c): solved in batch 1 with 1 and 2 successes; solved in batch 2 with 1; censored after batch 2
    const r = batchKaplanMeierPassAtK([2, 2, 4, 4], [1, 2, 1, 0], 2, [1, 2, 3, 4, 5])
    // k = 1: (½ + 1)/4; k = 2: 2/4; k = 3: ½ + ½·(½/2); k = 4: ½ + ½·(1/2); k = 5: beyond every n
    expect(r.passAtK.slice(0, 4)).toEqual([0.375, 0.5, 0.625, 0.75].map((v) => expect.closeTo(v, 14)))
    expect(r.passAtK[4]).toBeNaN()
    expect(r.atRisk.slice(0, 4)).toEqual([4, 4, 2, 2])
    // k = 2 and 4 (batch ends): Greenwood; k = 1: delta method on the within-batch mean of h = (½, 1, 0, 0)
    expect(r.se[1]).toBeCloseTo(0.5 * Math.sqrt(2 / (4 * 2)), 14)
    expect(r.se[3]).toBeCloseTo(0.25 * Math.sqrt(2 / (4 * 2) + 1 / (2 * 1)), 14)
    const varP = ((0.25 + 1) / 4 - 0.375 ** 2) / 4
    expect(r.se[0]).toBeCloseTo(0.625 * Math.sqrt(varP / 0.625 ** 2), 14)
  })

  it('with batches of 1 (first-success stopping, counts c ∈ {0, 1}) is Kaplan–Meier on T = n exactly', () => {
    const rng = createRng(11)
    const n: number[] = [],
      c: number[] = []
    for (let i = 0; i < 300; i++) {
      const q = rng.beta(0.5, 2)
      let t = 0
      while (t < 200 && !(rng.uniform() < q)) t++
      n.push(t < 200 ? t + 1 : 200)
      c.push(t < 200 ? 1 : 0)
    }
    expect(batchSize(n)).toBe(1)
    const ks = [1, 2, 3, 5, 8, 13, 50, 199, 200]
    const a = batchKaplanMeierPassAtK(n, c, 1, ks)
    const b = kaplanMeierPassAtK(
      n.map((ni, i) => (c[i] ? ni : Infinity)),
      n,
      ks,
    )
    a.passAtK.forEach((p, j) => expect(p).toBeCloseTo(b.passAtK[j], 14))
    a.se.forEach((s, j) => expect(s).toBeCloseTo(b.se[j], 14))
  })

  it('spearman: ±1 on monotone data, average ranks for ties (scipy.stats.spearmanr)', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 14)
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 14)
    // scipy.stats.spearmanr([1, 2, 2, 3, 5], [2, 1, 4, 4, 3]).statistic
    expect(spearman([1, 2, 2, 3, 5], [2, 1, 4, 4, 3])).toBeCloseTo(0.3947368421052632, 14)
  })
})

describe('passk-unbiased under adaptive stopping (batches of 60 until the first success)', () => {
  const g = batchStoppingLog(1500, 7)
  const countsOnly: OutcomeGroup = { label: g.label, problems: g.problems, n: g.n, c: g.c }
  for (const [name, grp] of [
    ['per-attempt order', g],
    ['counts only', countsOnly],
  ] as const)
    it(`${name}: warns, switches to Kaplan–Meier, within 2 s.e. of the truth at every k, monotone`, () => {
      const { curve, ctx } = run(outcomes(grp), { bootstrap: 200 })
      const s = curve.series[0]
      expect(curve.series).toHaveLength(1)
      expect(s.x).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600])
      const se = s.se ?? []
      let worst = 0
      s.y.forEach((y, j) => {
        worst = Math.max(worst, Math.abs(y - TRUTH[j]) / se[j])
        expect(Math.abs(y - TRUTH[j])).toBeLessThanOrEqual(2 * se[j])
        expect(s.lower?.[j]).toBeLessThanOrEqual(y)
        expect(s.upper?.[j]).toBeGreaterThanOrEqual(y)
        if (j > 0) expect(y).toBeGreaterThanOrEqual(s.y[j - 1])
      })
      console.log(`[passk-ragged] ${name}: max |error|/s.e. over k = ${worst.toFixed(2)}`)
      const w = ctx.warnings.find((x) => x.code === 'PASSK_ADAPTIVE_STOPPING')
      expect(w?.message).toMatch(/Kaplan–Meier/)
      expect(w?.message).toMatch(/Hint:/)
      expect(s.attrs?.estimator).toBe(
        name === 'counts only' ? 'kaplan-meier (counts, batches of 60)' : 'kaplan-meier (first-success times)',
      )
      const rows = table(ctx, 'passk')
      expect(new Set(rows.map((r) => r.basis))).toEqual(new Set(['observed']))
    })

  it('evaluators/passk-survival takes the counts-only form too (batches of gcd(n) = 60)', async () => {
    const ctx = createTestContext()
    const curve = await passkSurvival.run(outcomes(countsOnly), passkSurvival.options.parse({}), ctx)
    const ks = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600]
    expect(curve.series[0].x).toEqual(ks)
    const ref = batchKaplanMeierPassAtK(g.n, g.c, 60, ks)
    expect(curve.series[0].y).toEqual(ref.passAtK)
    expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_ADAPTIVE_STOPPING'])
  })

  it("adaptiveStopping 'warn' keeps the (biased) unbiased estimator, far from the truth", () => {
    const { curve, ctx } = run(outcomes(countsOnly), {
      k: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 600],
      interval: 'none',
      adaptiveStopping: 'warn',
    })
    expect(ctx.warnings.some((w) => w.code === 'PASSK_ADAPTIVE_STOPPING')).toBe(true)
    const y = curve.series[0].y
    // the unbiased estimator under first-success stopping is far from the truth somewhere (why the switch exists)
    expect(Math.max(...y.map((v, j) => Math.abs(v - TRUTH[j])))).toBeGreaterThan(0.1)
  })
})

const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
const gsm8k = path.resolve(repoRoot, '../shared/data/llm-logs/pythia-checkpoints-gsm8k/gsm8k_checkpoints.csv')
if (!fs.existsSync(gsm8k)) console.warn(`[passk-ragged] skipping the GSM8K checkpoint test: ${gsm8k} is absent`)
describe.skipIf(!fs.existsSync(gsm8k))(
  'passk-unbiased on the Pythia GSM8K checkpoints (ragged n, 128 … 2,980,608)',
  () => {
    it("'fill-beta': pass@k is monotone in k per checkpoint over all its problems, model-based points labelled", async () => {
      const { llmLogs } = await import('@passk/source-llm-logs')
      const o = await runPlugins([
        { plugin: llmLogs, options: { path: gsm8k } },
        { plugin: passkUnbiased, options: { beyondN: 'fill-beta', interval: 'none' } },
      ])
      const t = o.outputs.get('s0') as TrialOutcomes
      const curve = o.outputs.get('s1') as Curve
      const rows = o.results.tables.find((x) => x.id === 'passk' && x.stage === 's1')
      if (!rows) throw new Error('no passk table')
      const col = (name: string) => rows.columns.indexOf(name)
      let checks = 0,
        modelBased = 0,
        points = 0
      for (const g of t.groups) {
        const maxN = Math.max(...g.n),
          minN = Math.min(...g.n)
        const pts = curve.series
          .filter((s) => s.label === g.label || s.label === `${g.label} (model-based)`)
          .flatMap((s) => s.x.map((x, j) => ({ x, y: s.y[j], mb: s.style === 'fit' })))
          .sort((a, b) => a.x - b.x)
        if (!pts.length) continue
        // the grid is this checkpoint's, not the file's
        expect(pts.at(-1)?.x).toBeLessThanOrEqual(maxN)
        for (let j = 1; j < pts.length; j++) {
          expect(pts[j].y, `${g.label} k=${pts[j].x}`).toBeGreaterThanOrEqual(pts[j - 1].y - 1e-12)
          checks++
        }
        for (const p of pts) {
          points++
          // model-based exactly where some problem has n < k
          expect(p.mb, `${g.label} k=${p.x}`).toBe(p.x > minN)
          if (p.mb) modelBased++
        }
        const tr = rows.rows.filter((r) => r[0] === g.label && r[col('pass@k')] !== null)
        expect(tr.map((r) => r[col('basis')])).toEqual(pts.map((p) => (p.mb ? 'model-based' : 'observed')))
        for (const r of tr) expect(r[col('problems used')]).toBe(g.problems.length)
      }
      console.log(
        `[passk-ragged] GSM8K: ${t.groups.length} checkpoints, ${checks} monotonicity checks passed, ${modelBased} of ${points} points model-based`,
      )
      expect(checks).toBeGreaterThan(500)
      expect(o.results.warnings.some((w) => w.code === 'PASSK_ADAPTIVE_STOPPING')).toBe(false)
    })
  },
)
