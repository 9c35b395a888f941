import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isPasskError, special, type Curve, type OutcomeGroup, type TrialOutcomes } from '@passk/core'
import { createTestContext, runPlugins } from '@passk/core/testing'
import { betaBinomialFit } from '@passk/stats'
import { passkUnbiased } from './passk-unbiased.js'
import { jeffreys, passAtK, posteriorPassAtK, wilson } from './internal/stats.js'

// Reference numbers: tools/reference/passk-evaluators.py (exact rationals via math.comb; scipy for the rest).
const REF = {
  passAtK: [
    [10, 3, 1, 0.3],
    [10, 3, 2, 0.5333333333333333],
    [10, 3, 5, 0.9166666666666666],
    [10, 3, 8, 1.0],
    [200, 1, 100, 0.5],
    [1000, 3, 500, 0.8753753753753754],
    [1000, 999, 1, 0.999],
    [100000, 2, 1000, 0.01990009900099001],
    [50, 25, 25, 0.9999999999999921],
  ],
  normQuantile: [
    [1e-12, -7.034483825301131],
    [0.001, -3.090232306167813],
    [0.025, -1.9599639845400545],
    [0.3, -0.5244005127080409],
    [0.975, 1.959963984540054],
    [0.999999, 4.753424308817087],
  ],
  betaInc: [
    [0.3, 2.5, 3.5, 0.29675298929566646],
    [0.01, 0.5, 10.5, 0.3501563419219086],
    [0.9, 30.5, 0.5, 0.011573961337151823],
    [0.5, 100, 100, 0.4999999999999996],
  ],
  betaQuantile: [
    [0.025, 3.5, 7.5, 0.09269459393815316],
    [0.975, 0.5, 10.5, 0.21719626750921053],
    [0.5, 2, 2, 0.5],
    [1e-6, 1.5, 1.5, 7.02705792667728e-5],
  ],
  wilson: [
    [10, 0, 0.0, 0.2775327998628892],
    [10, 3, 0.10779126740630099, 0.6032218525388546],
    [10, 10, 0.7224672001371107, 0.9999999999999999],
    [164, 80, 0.4124630280108287, 0.5637049579676938],
    [7, 1, 0.02567962434474355, 0.5131278292743189],
  ],
  jeffreys: [
    [10, 0, 0.0, 0.21719626750921053],
    [10, 3, 0.09269459393815316, 0.6058183181486713],
    [10, 10, 0.7828037324907894, 1.0],
    [164, 80, 0.41207736517596527, 0.563958619239969],
    [7, 1, 0.0158765242127468, 0.5007974616190776],
  ],
  posteriorPassAtK: [
    [10, 3, 100, 0.4, 1.3, 1.0, 0.9997584251574009],
    [10, 0, 1000, 0.4, 1.3, 1.0, 0.8360517492094698],
    [10, 0, 1000, 0.4, 1.3, 0.8, 0.5084140628480345],
    [5, 5, 50, 2.0, 0.5, 0.9, 0.9999999991543157],
  ],
}

/** Fraction of the k-subsets of n attempts (c successes) that contain a success, by enumeration. */
function bruteForce(n: number, c: number, k: number): number {
  const outcomes = Array.from({ length: n }, (_, i) => (i < c ? 1 : 0))
  let hit = 0,
    total = 0
  const rec = (start: number, left: number, any: boolean) => {
    if (left === 0) {
      total++
      if (any) hit++
      return
    }
    for (let i = start; i <= n - left; i++) rec(i + 1, left - 1, any || outcomes[i] === 1)
  }
  rec(0, k, false)
  return hit / total
}

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

describe('passAtK', () => {
  it('equals brute-force enumeration over all k-subsets for every n ≤ 9, c ≤ n, k ≤ n (to 1e-12)', () => {
    for (let n = 1; n <= 9; n++)
      for (let c = 0; c <= n; c++)
        for (let k = 1; k <= n; k++) {
          expect(Math.abs(passAtK(n, c, k) - bruteForce(n, c, k)), `n=${n} c=${c} k=${k}`).toBeLessThan(1e-12)
        }
  })

  it('matches exact rational 1 − C(n−c,k)/C(n,k) up to n = 100000 (to 1e-13 relative)', () => {
    for (const [n, c, k, want] of REF.passAtK) expect(passAtK(n, c, k)).toBeCloseToRel(want, 1e-13)
  })

  it('is 0 when c = 0 and exactly 1 when n − c < k', () => {
    expect(passAtK(10, 0, 10)).toBe(0)
    expect(passAtK(10, 3, 8)).toBe(1)
  })
})

describe('interval and special-function kernels', () => {
  // Wilson and Jeffreys stand on core's special.normQuantile / special.betaQuantile: checked here at the
  // points these intervals use, against the same scipy script.
  it('special.normQuantile matches scipy.stats.norm.ppf to 1e-14 relative', () => {
    for (const [p, want] of REF.normQuantile) expect(special.normQuantile(p)).toBeCloseToRel(want, 1e-14)
  })
  it('special.betaIncReg and special.betaQuantile match scipy.special.betainc/betaincinv to 1e-10 relative', () => {
    for (const [x, a, b, want] of REF.betaInc) expect(special.betaIncReg(x, a, b)).toBeCloseToRel(want, 1e-10)
    for (const [p, a, b, want] of REF.betaQuantile) expect(special.betaQuantile(p, a, b)).toBeCloseToRel(want, 1e-9)
  })
  it('wilson and jeffreys match the scipy reference intervals to 1e-9', () => {
    for (const [n, c, lo, hi] of REF.wilson) {
      const [a, b] = wilson(n, c, 0.95)
      expect(a).toBeCloseTo(lo, 9)
      expect(b).toBeCloseTo(hi, 9)
    }
    for (const [n, c, lo, hi] of REF.jeffreys) {
      const [a, b] = jeffreys(n, c, 0.95)
      expect(a).toBeCloseTo(lo, 9)
      expect(b).toBeCloseTo(hi, 9)
    }
  })
  it('posteriorPassAtK matches the Beta-Binomial posterior predictive (scipy betaln) to 1e-9 relative', () => {
    for (const [n, c, k, a, b, A, want] of REF.posteriorPassAtK)
      expect(posteriorPassAtK(n, c, k, a, b, A)).toBeCloseToRel(want, 1e-9)
  })
})

describe('passkUnbiased', () => {
  it('averages per-problem pass@k over problems, one series per group, with auto k = powers of 2 and max n', () => {
    const t = outcomes(group('a', [10, 10, 10], [0, 3, 10]), group('b', [10, 10], [1, 5]))
    const { curve } = run(t, { interval: 'none' })
    expect(curve).toMatchObject({ id: 'passk', quantity: 'pass', kind: 'Curve' })
    expect(curve.series.map((s) => s.label)).toEqual(['a', 'b'])
    expect(curve.series[0].x).toEqual([1, 2, 4, 8, 10])
    curve.series[0].x.forEach((k, j) =>
      expect(curve.series[0].y[j]).toBeCloseToRel(
        (bruteForce(10, 0, k) + bruteForce(10, 3, k) + bruteForce(10, 10, k)) / 3,
        1e-12,
      ),
    )
    curve.series[1].x.forEach((k, j) =>
      expect(curve.series[1].y[j]).toBeCloseToRel((bruteForce(10, 1, k) + bruteForce(10, 5, k)) / 2, 1e-12),
    )
  })

  it('is O(1) in n: with n = 1e9 per problem it gives the mpmath values of 1 − C(n−c, k)/C(n, k) (issue 16)', () => {
    // tools/reference/stats_large_n.py (PASSK_1E9), for c = 1, 3000, 2e6 and k = 1, 1e3, 1e6, 1e8
    const ref = [
      [1.0e-9, 1.0e-6, 0.001, 0.1],
      [3.0e-6, 0.002995510477172923, 0.95028782985696701, 1.0],
      [0.002, 0.86493561275319655, 1.0, 1.0],
    ]
    const t = outcomes(group('g', [1e9, 1e9, 1e9], [1, 3000, 2000000]))
    const { curve } = run(t, { k: [1, 1000, 1000000, 100000000], interval: 'none' })
    curve.series[0].y.forEach((y, j) => expect(y).toBeCloseToRel((ref[0][j] + ref[1][j] + ref[2][j]) / 3, 1e-12))
  })

  it('gives bootstrap intervals that bracket the mean, are reproducible per seed, and have width ≈ 2·1.96·se', () => {
    const n = Array.from({ length: 400 }, () => 20),
      c = Array.from({ length: 400 }, (_, i) => (i * 7) % 21)
    const t = outcomes(group('g', n, c))
    const a = run(t, { k: [1, 5, 20], bootstrap: 2000 }, 7).curve.series[0]
    const b = run(t, { k: [1, 5, 20], bootstrap: 2000 }, 7).curve.series[0]
    expect(b.lower).toEqual(a.lower)
    a.x.forEach((_, j) => {
      expect(a.lower![j]).toBeLessThan(a.y[j])
      expect(a.upper![j]).toBeGreaterThan(a.y[j])
      // normal approximation of the mean over 400 problems: the percentile interval agrees within 10%
      expect(a.upper![j] - a.lower![j]).toBeCloseToRel(2 * 1.959964 * a.se![j], 0.1)
    })
  })

  it("drops problems with n < k under beyondN 'drop', flags each one in a table and warns", () => {
    const t = outcomes(group('g', [4, 10, 10], [1, 2, 0]))
    const { curve, ctx } = run(t, { k: [1, 4, 8], interval: 'none' })
    const s = curve.series[0]
    expect(s.y[0]).toBeCloseToRel((0.25 + 0.2 + 0) / 3, 1e-12)
    expect(s.y[1]).toBeCloseToRel((1 + passAtK(10, 2, 4)) / 3, 1e-12)
    expect(s.y[2]).toBeCloseToRel((passAtK(10, 2, 8) + 0) / 2, 1e-12) // p0 (n = 4) dropped at k = 8
    const flags = ctx.tables.find((x) => x.id === 'passk-beyond-n')!
    expect(flags.rows).toEqual([['g', 'p0', 4, 1, 8, 1, 'dropped from the mean']])
    expect(ctx.warnings[0]).toEqual({
      code: 'PASSK_K_BEYOND_N',
      message:
        "g: 1 k value(s) exceed some problems' n (k = 8: 1/3); those problems are dropped from the mean at that k, so the problem mix changes (see table passk-beyond-n).",
    })
  })

  it("refuses k > n under beyondN 'error' with the group, count and smallest n", () => {
    try {
      run(outcomes(group('g', [4, 10], [1, 2])), { k: [8], beyondN: 'error' })
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_K_BEYOND_N')
      expect((e as Error).message).toBe(
        'evaluators/passk-unbiased: group "g": k = 8 exceeds the attempts of 1 of 2 problems (smallest n = 4); the unbiased estimator needs k ≤ n.',
      )
    }
  })

  it('rejects c > n and non-integer k with clear errors', () => {
    expect(() => run(outcomes(group('g', [4], [5])))).toThrow(/problem "p0" has n = 4, c = 5/)
    expect(() => run(outcomes(group('g', [4], [1])), { k: [1.5] })).toThrow(/k must be whole numbers ≥ 1, got 1.5/)
  })

  it('publishes per-problem Jeffreys intervals of c/n', () => {
    const { ctx } = run(outcomes(group('g', [10, 10], [0, 3])), { interval: 'none' })
    const t = ctx.tables.find((x) => x.id === 'passk-problems')!
    expect(t.rows[1][4]).toBe(0.3)
    expect(t.rows[1][5] as number).toBeCloseTo(0.09269459393815316, 9)
    expect(t.rows[1][6] as number).toBeCloseTo(0.6058183181486713, 9)
  })

  it("extrapolates k > n with the Beta-Binomial posterior under beyondN 'extrapolate-beta'", () => {
    const n = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 5 : 20)),
      c = n.map((ni, i) => (i * 13) % (ni + 1))
    const { curve, ctx } = run(outcomes(group('g', n, c)), {
      k: [1, 10, 100],
      interval: 'none',
      beyondN: 'extrapolate-beta',
    })
    const fit = betaBinomialFit(n, c)
    let want = 0
    for (let i = 0; i < n.length; i++)
      want += n[i] >= 10 ? passAtK(n[i], c[i], 10) : posteriorPassAtK(n[i], c[i], 10, fit.a, fit.b)
    expect(curve.series[0].y[1]).toBeCloseToRel(want / n.length, 1e-9)
    expect(ctx.warnings.some((w) => w.code === 'PASSK_K_BEYOND_N')).toBe(true)
  })
})

const repoRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
const humaneval = path.resolve(repoRoot, '../shared/data/llm-logs/humaneval/gpt-4.csv')
describe.skipIf(!fs.existsSync(humaneval))('passkUnbiased on HumanEval gpt-4 (n = 10)', () => {
  it('gives pass@1 = Σc/Σn and pass@10 = share of problems ever solved, through the real runner', async () => {
    const rows = fs
      .readFileSync(humaneval, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',').map((x, i) => (i ? Number(x) : x)) as [string, number, number])
    const { llmLogs } = await import('@passk/source-llm-logs')
    const o = await runPlugins([
      { plugin: llmLogs, options: { path: humaneval } },
      { plugin: passkUnbiased, options: { bootstrap: 200 } },
    ])
    const curve = o.outputs.get('s1') as Curve
    const s = curve.series[0]
    expect(s.x).toEqual([1, 2, 4, 8, 10])
    expect(s.y[0]).toBeCloseToRel(rows.reduce((a, r) => a + r[2], 0) / rows.reduce((a, r) => a + r[1], 0), 1e-12)
    expect(s.y[4]).toBeCloseToRel(rows.filter((r) => r[2] > 0).length / rows.length, 1e-12)
  })
})
