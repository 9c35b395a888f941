import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type OutcomeGroup, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { betaBinomialFit } from '@passk/stats'
import { coverageAtCost, redExponent } from './coverage-at-cost.js'
import { posteriorPassAtK } from './internal/stats.js'

const group = (label: string, n: number[], c: number[], attempts?: Uint8Array[]): OutcomeGroup => ({
  label,
  problems: n.map((_, i) => `p${i}`),
  n: Int32Array.from(n),
  c: Int32Array.from(c),
  ...(attempts ? { attempts } : {}),
})
const outcomes = (...groups: OutcomeGroup[]): TrialOutcomes => ({ kind: 'TrialOutcomes', groups, meta: {} })
const run = (t: TrialOutcomes, options: Record<string, unknown> = {}) => {
  const ctx = createTestContext({ seed: 3 })
  return { curve: coverageAtCost.run(t, coverageAtCost.options.parse(options), ctx) as Curve, ctx }
}

describe('coverageAtCost', () => {
  // p_i = c_i/1000 exactly, so 'empirical' uses the true probabilities of the simulation below.
  const P = 200
  const c = Array.from({ length: P }, (_, i) =>
    Math.round(1000 * (i % 10 === 0 ? 0.002 : 0.01 + (0.9 * ((i * 37) % 100)) / 100)),
  )
  const n = c.map(() => 1000)
  const p = c.map((x) => x / 1000)

  it('matches a seeded simulation of Reset-and-Discard (attempts and problems solved after T rounds) within 4 s.e.', () => {
    const T = 30
    const { curve } = run(outcomes(group('g', n, c)), { maxRounds: T, points: T })
    const red = curve.series.find((s) => s.label === 'ReD')!
    expect(red.x.length).toBe(T)
    const rng = createRng(11)
    const R = 400
    const att = new Float64Array(T + 1),
      sol = new Float64Array(T + 1),
      att2 = new Float64Array(T + 1),
      sol2 = new Float64Array(T + 1)
    for (let r = 0; r < R; r++) {
      const solved = new Uint8Array(P)
      let a = 0,
        s = 0
      for (let t = 1; t <= T; t++) {
        for (let i = 0; i < P; i++)
          if (!solved[i]) {
            a++
            if (rng.uniform() < p[i]) {
              solved[i] = 1
              s++
            }
          }
        att[t] += a
        sol[t] += s
        att2[t] += a * a
        sol2[t] += s * s
      }
    }
    for (const t of [1, 3, 10, 30]) {
      const ma = att[t] / R,
        ms = sol[t] / R
      const sea = Math.sqrt((att2[t] / R - ma * ma) / R),
        ses = Math.sqrt((sol2[t] / R - ms * ms) / R)
      expect(Math.abs(red.x[t - 1] - ma), `attempts after ${t} rounds`).toBeLessThan(4 * sea + 1e-9)
      expect(Math.abs(red.y[t - 1] * P - ms), `solved after ${t} rounds`).toBeLessThan(4 * ses + 1e-9)
    }
  })

  it('gives the standard protocol coverage 1 − mean (1−p)^k at P·k attempts', () => {
    const { curve } = run(outcomes(group('g', n, c)), { maxRounds: 16, points: 16 })
    const std = curve.series.find((s) => s.label === 'standard')!
    for (const k of [1, 4, 16]) {
      expect(std.x[k - 1]).toBe(P * k)
      expect(std.y[k - 1]).toBeCloseToRel(p.reduce((s, pi) => s + 1 - (1 - pi) ** k, 0) / P, 1e-12)
    }
  })

  it('computes the savings at a target coverage in closed form (all p = ½: T* = 2, ReD/standard = 0.75)', () => {
    const { ctx } = run(outcomes(group('g', [2, 2, 2, 2], [1, 1, 1, 1])), { targets: [0.75], maxRounds: 10 })
    const row = ctx.tables.find((x) => x.id === 'coverage-at-cost-savings')!.rows[0]
    expect(row[2]).toBeCloseTo(2, 12)
    expect(row[3]).toBeCloseTo(8, 12)
    expect(row[4]).toBeCloseTo(6, 12)
    expect(row[5]).toBeCloseTo(0.75, 12)
  })

  it('uses the Beta-Binomial posterior: coverage after T rounds = mean posterior pass@T (Levi Eq. 6–7)', () => {
    const nn = Array.from({ length: 120 }, () => 10),
      cc = nn.map((_, i) => [0, 0, 1, 2, 5, 9, 10][i % 7])
    const { curve, ctx } = run(outcomes(group('g', nn, cc)), {
      probabilities: 'beta-binomial',
      maxRounds: 500,
      points: 500,
    })
    const fit = betaBinomialFit(nn, cc)
    const red = curve.series.find((s) => s.label === 'ReD')!
    for (const T of [1, 10, 100, 500]) {
      expect(red.y[T - 1]).toBeCloseToRel(
        nn.reduce((s, ni, i) => s + posteriorPassAtK(ni, cc[i], T, fit.a, fit.b), 0) / nn.length,
        1e-9,
      )
    }
    expect(ctx.tables.find((x) => x.id === 'red-exponent')!.rows[0][1]).toBe('expected (beta-binomial)')
  })

  it('handles the mixture variant (never-solved fraction 1 − A) and prices attempts with the mean cost per attempt', () => {
    const nn = Array.from({ length: 140 }, () => 10),
      cc = nn.map((_, i) => [0, 0, 0, 1, 3, 9, 10][i % 7])
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [group('g', nn, cc)],
      meta: { meanCostPerAttempt: { g: 250 } },
    }
    const { curve, ctx } = run(t, {
      probabilities: 'beta-binomial',
      betaVariant: 'mixture',
      maxRounds: 200,
      points: 200,
      targets: [0.6],
    })
    const fit = betaBinomialFit(nn, cc, { variant: 'mixture' })
    expect(fit.A).toBeLessThan(1)
    const red = curve.series.find((s) => s.label === 'ReD')!
    for (const T of [1, 20, 200]) {
      expect(red.y[T - 1]).toBeCloseToRel(
        nn.reduce((s, ni, i) => s + posteriorPassAtK(ni, cc[i], T, fit.a, fit.b, fit.A), 0) / nn.length,
        1e-9,
      )
    }
    const row = ctx.tables.find((x) => x.id === 'coverage-at-cost-savings')!.rows[0]
    expect(row[7]).toBeCloseToRel((row[3] as number) * 250, 1e-12)
    expect(row[8]).toBeCloseToRel((row[4] as number) * 250, 1e-12)
  })

  it("caps rounds at the smallest n under 'unbiased' and warns; targets out of reach are reported", () => {
    const { curve, ctx } = run(outcomes(group('g', [10, 8], [3, 0])), {
      probabilities: 'unbiased',
      maxRounds: 100,
      targets: [0.4, 0.9],
    })
    expect(Math.max(...curve.series[0].x)).toBe(2 * 8)
    expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_ROUNDS_BEYOND_N', 'PASSK_TARGET_UNREACHED'])
    // coverage after 8 rounds = (pass@8 of (10, 3) + 0)/2, pass@8 = 1 − C(7,8)/C(10,8) = 1
    expect(curve.series[0].y.at(-1)).toBeCloseTo(0.5, 12)
  })

  it('adds the observed trajectory when ordered attempts are present', () => {
    const attempts = [
      Uint8Array.from([0, 0, 1, 0, 0, 0]),
      Uint8Array.from([1, 0, 0, 0, 0, 0]),
      Uint8Array.from([0, 0, 0, 0, 0, 1]),
      Uint8Array.from([0, 0, 0, 0, 0, 0]),
    ]
    const { ctx } = run(outcomes(group('g', [6, 6, 6, 6], [1, 1, 1, 0], attempts)), { exponentMinRounds: 1 })
    const rows = ctx.tables.find((x) => x.id === 'red-exponent')!.rows
    expect(rows.map((r) => r[1])).toEqual(['expected (empirical)', 'observed (logged attempt order)'])
    // unsolved after t rounds: t=0..6 → 4, 3, 3, 2, 2, 2, 1; OLS of log u on log t for t = 1..5
    const x = [1, 2, 3, 4, 5].map(Math.log),
      y = [3, 3, 2, 2, 2].map(Math.log)
    const mx = x.reduce((a, b) => a + b) / 5,
      my = y.reduce((a, b) => a + b) / 5
    const slope = x.reduce((s, xi, i) => s + (xi - mx) * (y[i] - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0)
    expect(rows[1][4] as number).toBeCloseToRel(-slope, 1e-12)
  })
})

describe('redExponent', () => {
  it('recovers β of a Beta(0.5, 3) success law from one simulated ReD run (20 000 problems, 1000 rounds) within 0.03', () => {
    const rng = createRng(5)
    const P = 20000,
      T = 1000
    const p = Float64Array.from({ length: P }, () => rng.beta(0.5, 3))
    const unsolved = new Array<number>(T + 1).fill(0)
    const open: number[] = Array.from({ length: P }, (_, i) => i)
    let live = P
    unsolved[0] = P
    for (let t = 1; t <= T; t++) {
      let w = 0
      for (let j = 0; j < live; j++) {
        const i = open[j]
        if (rng.uniform() >= p[i]) open[w++] = i
      }
      live = w
      unsolved[t] = live
    }
    const est = redExponent(unsolved, 20, T - 1)
    // Reference: the OLS slope of the exact log F(t) = log B(0.5, 3+t)/B(0.5, 3) on the same rounds
    // (F(t+1)/F(t) = (3+t)/(3.5+t)), i.e. the exponent the finite window can show (→ 0.5 as t → ∞).
    let lf = 0
    const xs: number[] = [],
      ys: number[] = []
    for (let t = 0; t < T; t++) {
      if (t >= 20) {
        xs.push(Math.log(t))
        ys.push(lf)
      }
      lf += Math.log((3 + t) / (3.5 + t))
    }
    const mx = xs.reduce((a, b) => a + b) / xs.length,
      my = ys.reduce((a, b) => a + b) / ys.length
    const want = -xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0)
    expect(want).toBeGreaterThan(0.48)
    expect(Math.abs(est.beta - want)).toBeLessThan(0.03)
    expect(Math.abs(est.betaFromCost - want)).toBeLessThan(0.05)
  })
})
