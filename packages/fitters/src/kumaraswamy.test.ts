/**
 * fitters/kumaraswamy. Reference numbers: tools/reference/fitters-kumaraswamy.py (run output pasted below).
 * - log I(c, m) = log ∫ p^c (1−p)^m f(p) dp and its derivatives (MOMENTS_D): mpmath tanh-sinh at 25 digits in
 *   u = p^a, derivatives by mpmath.diff; the same values in p agree to < 1e-14.
 * - MOMENTS (narrow peaks, heavy tails, large a): each row by mpmath in p (40 digits, dense split) and by scipy quad in
 *   u = p^a. They agree to < 2e-11 for a ≥ 0.7 and a = 20 (mpmath value used). For a = 0.05 the density's mass spreads
 *   over p ∈ [1e-300, 1e-5], which the p-space split does not resolve (mpmath in p is off by 2e-1 and 2e-4), while
 *   the integrand in u is smooth: the scipy u value is used. The code integrates in a third variable (logit p).
 * - PASSK: E[1 − (1−p)^k] by mpmath in p and in u (agree to < 2e-14).
 * - the alternating moment series at 60 digits; an independent MLE (scipy quad likelihood, Nelder–Mead,
 *   finite-difference Hessian) on deterministic counts.
 */
import { describe, expect, it } from 'vitest'
import { createRng, isPasskError, special, type Fit, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { posteriorPassAtK } from '@passk/stats'
import {
  kumaraswamy,
  kumaraswamyFit,
  kumaraswamyLogLik,
  kumaraswamyLogMoment,
  kumaraswamyLogPmf,
  kumaraswamyPassAtK,
  kumaraswamyPosteriorPassAtK,
} from './kumaraswamy.js'

/** [c, m, a, b, log I, ∂a, ∂b, ∂²aa, ∂²ab, ∂²bb] (mpmath, 25 digits). */
const MOMENTS_D = [
  [
    3, 7, 0.5, 2, -7.33849301886483, 1.9612774587707402, -0.2373982877755352, -7.332159883707699, 1.2126364099628575,
    -0.1836557343955269,
  ],
  [
    0, 100, 0.3, 0.7, -1.8065535558246177, -4.977228040346144, 1.2878022590028981, 2.2337002328772226,
    0.6620706134524756, -2.0309952442740453,
  ],
  [
    10, 0, 0.2, 0.3, -1.2856610123931345, 1.48070648187474, -4.097103388222191, -7.4989751666427615, 4.921100948065862,
    1.114569031204356,
  ],
]
/** [c, m, a, b, log I] — narrow peaks (n = 1000, 1e5), heavy tails (a = 0.05), large a. */
const MOMENTS = [
  [500, 500, 2, 3, -695.8543186541648],
  [0, 100000, 0.05, 5, -0.020338485944444627],
  [1, 99999, 0.7, 0.4, -20.940493151382427],
  [0, 10, 0.05, 0.05, -2.3175071503960756],
  [20, 80, 20, 20, -71.5160389520242],
]
/** [k, a, b, pass@k] by direct quadrature of E[1 − (1 − p)^k]. */
const PASSK = [
  [1, 1, 1, 0.5],
  [1, 0.5, 2, 0.16666666666666666],
  [10, 0.5, 2, 0.5503887237633368],
  [1000, 0.5, 2, 0.9449700966105792],
  [100000, 0.2, 3, 0.750274036754669],
  [3, 0.05, 0.5, 0.2808535877264953],
  [50, 4, 0.3, 0.9999990513315649],
  [1000000, 0.3, 1.5, 0.9787484824541304],
  [2.5, 1.3, 0.8, 0.8168481670348077],
]

/** Kumaraswamy(a, b) draw by inversion of F(p) = 1 − (1 − p^a)^b. */
function drawKuma(rng: ReturnType<typeof createRng>, a: number, b: number): number {
  return Math.pow(1 - Math.pow(1 - rng.uniform(), 1 / b), 1 / a)
}

function simulate(seed: number, P: number, N: number, a: number, b: number, A = 1) {
  const rng = createRng(seed)
  const n = new Int32Array(P).fill(N),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const q = rng.uniform() < A ? drawKuma(rng, a, b) : 0
    for (let j = 0; j < N; j++) if (rng.uniform() < q) c[i]++
  }
  return { n, c }
}

describe('Kumaraswamy–binomial integrals', () => {
  it('reduce to the Beta(1, b) closed forms at a = 1: I(c, m) = b·B(1 + c, b + m), pass@k = k/(b + k)', () => {
    for (const [c, m, b] of [
      [0, 0, 2],
      [3, 7, 0.4],
      [0, 250, 1.7],
      [40, 0, 0.3],
      [700, 300, 5],
    ])
      expect(kumaraswamyLogMoment(c, m, 1, b).logI).toBeCloseToRel(Math.log(b) + special.lbeta(1 + c, b + m), 1e-12)
    for (const [k, b] of [
      [1, 1],
      [10, 0.3],
      [1e5, 2.5],
      [3.5, 7],
    ])
      expect(kumaraswamyPassAtK(k, 1, b)).toBeCloseToRel(k / (b + k), 1e-12)
  })

  it('match mpmath quadrature for log I(c, m) and its gradient and Hessian in (a, b)', () => {
    for (const [c, m, a, b, v, ga, gb, haa, hab, hbb] of MOMENTS_D) {
      const r = kumaraswamyLogMoment(c, m, a, b, true)
      expect(r.logI).toBeCloseToRel(v, 1e-11)
      expect(r.ga).toBeCloseToRel(ga, 1e-9)
      expect(r.gb).toBeCloseToRel(gb, 1e-9)
      expect(r.haa).toBeCloseToRel(haa, 1e-8)
      expect(r.hab).toBeCloseToRel(hab, 1e-8)
      expect(r.hbb).toBeCloseToRel(hbb, 1e-8)
    }
    for (const [c, m, a, b, v] of MOMENTS) expect(kumaraswamyLogMoment(c, m, a, b).logI).toBeCloseToRel(v, 1e-10)
  })

  it('match the alternating moment series Σ C(m,i)(−1)^i b·B(1 + (c+i)/a, b) (60 digits) for small m', () => {
    expect(kumaraswamyLogMoment(2, 5, 0.7, 1.6).logI).toBeCloseToRel(-4.977886769603515, 1e-11)
    expect(kumaraswamyLogMoment(0, 12, 0.4, 3).logI).toBeCloseToRel(-0.42761884311279985, 1e-11)
  })

  it('pass@k = 1 − E[(1 − p)^k] matches direct quadrature of E[1 − (1 − p)^k], k up to 1e6', () => {
    for (const [k, a, b, v] of PASSK) expect(kumaraswamyPassAtK(k, a, b)).toBeCloseToRel(v, 1e-10)
    expect(kumaraswamyPassAtK(0, 0.5, 2)).toBe(0)
    expect(kumaraswamyPassAtK(1000, 0.5, 2, 0.6)).toBeCloseToRel(0.6 * 0.9449700966105792, 1e-10)
    expect(kumaraswamyPassAtK(-1, 0.5, 2)).toBeNaN()
    expect(kumaraswamyPassAtK(Infinity, 0.5, 2, 0.8)).toBe(0.8)
  })

  it('the pmf sums to 1 over c = 0..n (brute-force sum) and the log-likelihood is the sum of log-pmfs', () => {
    for (const [n, a, b, A] of [
      [12, 0.4, 2.5, 1],
      [30, 3, 0.3, 1],
      [20, 0.8, 1.2, 0.7],
    ]) {
      let s = 0
      for (let c = 0; c <= n; c++) s += Math.exp(kumaraswamyLogPmf(n, c, a, b, A))
      expect(s).toBeCloseToRel(1, 1e-11)
    }
    const n = [10, 10, 20, 5],
      c = [0, 3, 20, 1]
    const want = n.reduce((t, ni, i) => t + kumaraswamyLogPmf(ni, c[i], 0.6, 1.4, 0.9), 0)
    expect(kumaraswamyLogLik(n, c, 0.6, 1.4, 0.9)).toBeCloseToRel(want, 1e-14)
  })

  it("one problem's posterior predictive at a = 1 equals the Beta(1, b) posterior (closed form)", () => {
    for (const [n, c, k, b, A] of [
      [10, 0, 100, 2, 1],
      [10, 4, 1000, 0.5, 1],
      [20, 0, 50, 1.5, 0.6],
    ])
      expect(kumaraswamyPosteriorPassAtK(n, c, k, 1, b, A)).toBeCloseToRel(posteriorPassAtK(n, c, k, 1, b, A), 1e-11)
  })
})

describe('kumaraswamyFit', () => {
  it('matches an independent MLE (scipy quadrature likelihood, Nelder–Mead) on deterministic counts', () => {
    // problem i = 0..59: n_i = 12 + 4·(i mod 3), c_i = floor(n_i·u_i^2.5), u_i = frac(0.3 + i·0.618…)
    const n: number[] = [],
      c: number[] = []
    for (let i = 0; i < 60; i++) {
      n.push(12 + 4 * (i % 3))
      const u = (0.3 + i * 0.6180339887498949) % 1
      c.push(Math.floor(n[i] * u ** 2.5))
    }
    const r = kumaraswamyFit(n, c)
    expect(r.status).toBe('converged')
    expect(r.a).toBeCloseToRel(0.42177275204177633, 1e-5)
    expect(r.b).toBeCloseToRel(1.2075252381100803, 1e-5)
    expect(r.logLik).toBeCloseTo(-142.75835898140227, 6)
    expect(r.stdErr[0]).toBeCloseToRel(0.10716368366801562, 1e-3)
    expect(r.stdErr[1]).toBeCloseToRel(0.2763860780282951, 1e-3)
    expect(r.aic).toBeCloseTo(4 - 2 * r.logLik, 10)
  })

  it('recovers (a, b) of a seeded simulation within 3 s.e., and its bootstrap interval covers the true pass@k', () => {
    const a = 0.6,
      b = 2.5
    const { n, c } = simulate(7, 600, 30, a, b)
    const ks = [30, 300, 3000]
    const r = kumaraswamyFit(n, c, { ks, bootstrap: 40, rng: createRng(8) })
    expect(r.status).toBe('converged')
    expect(Math.abs(r.a - a)).toBeLessThan(3 * (r.stdErr[0] ?? 0))
    expect(Math.abs(r.b - b)).toBeLessThan(3 * (r.stdErr[1] ?? 0))
    const iv = r.intervals
    if (!iv) throw new Error('no intervals')
    expect(iv.failures).toBe(0)
    ks.forEach((k, j) => {
      const truth = kumaraswamyPassAtK(k, a, b)
      expect(iv.lower[j]).toBeLessThan(truth)
      expect(iv.upper[j]).toBeGreaterThan(truth)
      expect(iv.lower[j]).toBeLessThan(iv.estimate[j])
      // the delta-method s.e. and the bootstrap s.d. agree to within a factor 2
      const se = r.passAtKStdErr(k) ?? NaN
      expect(se / iv.sd[j]).toBeGreaterThan(0.5)
      expect(se / iv.sd[j]).toBeLessThan(2)
    })
  })

  it("'mixture' recovers the solvable fraction A of a zero-inflated simulation and beats 'plain' on likelihood", () => {
    const { n, c } = simulate(21, 800, 40, 0.8, 1.5, 0.7)
    const z = kumaraswamyFit(n, c, { variant: 'mixture' })
    const p = kumaraswamyFit(n, c)
    expect(z.status).toBe('converged')
    expect(z.names).toEqual(['A', 'a', 'b'])
    expect(Math.abs(z.A - 0.7)).toBeLessThan(3 * (z.stdErr[0] ?? 0))
    expect(Math.abs(z.a - 0.8)).toBeLessThan(3 * (z.stdErr[1] ?? 0))
    expect(z.logLik).toBeGreaterThan(p.logLik)
    // the ceiling: pass@k → A
    expect(z.passAtK(1e7)).toBeLessThan(z.A)
    expect(z.passAtK(1e7)).toBeGreaterThan(z.A - 0.01)
  })

  it('all c = 0 is unidentified (never converged), with the reason', () => {
    const n = new Int32Array(200).fill(20),
      c = new Int32Array(200)
    for (const variant of ['plain', 'mixture'] as const) {
      const r = kumaraswamyFit(n, c, { variant })
      expect(r.status).toBe('unidentified')
      expect(r.message).toMatch(/only 0 of 200 problems have any success/)
    }
    // all c = n: the optimiser fails (the likelihood rises without bound as p → 1); still unidentified, with why
    const all = kumaraswamyFit(n, n)
    expect(all.status).toBe('unidentified')
    expect(all.message).toMatch(/only 0 of 200 problems have any failure/)
  })

  it('refuses bad counts with typed errors', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return isPasskError(e) ? e.code : 'other'
      }
      return 'none'
    }
    expect(code(() => kumaraswamyFit([10, 5], [11, 0]))).toBe('PASSK_BAD_INPUT')
    expect(code(() => kumaraswamyFit([10, 5], [1]))).toBe('PASSK_BAD_INPUT')
    expect(code(() => kumaraswamyFit([10.5], [1]))).toBe('PASSK_BAD_INPUT')
    expect(code(() => kumaraswamyFit([0, 0], [0, 0]))).toBe('PASSK_EMPTY_INPUT')
    expect(code(() => kumaraswamyFit([10, 5], [1, 2], { bootstrap: 5 }))).toBe('PASSK_BAD_OPTIONS')
  })
})

describe('fitters/kumaraswamy plugin', () => {
  it('fits each group, reports pass@k with s.e. and bootstrap interval, and publishes the table', () => {
    const { n, c } = simulate(3, 300, 20, 0.5, 2)
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [{ label: 'm', problems: Array.from({ length: 300 }, (_, i) => `p${i}`), n, c }],
      meta: {},
    }
    const ctx = createTestContext()
    const f = kumaraswamy.run(t, kumaraswamy.options.parse({ bootstrap: 20, k: [20, 2000] }), ctx) as Fit
    const r = f.fits[0]
    const direct = kumaraswamyFit(n, c)
    expect(r.status).toBe('converged')
    expect(r.params.map((p) => p.name)).toEqual(['a', 'b'])
    expect(r.params[0].value).toBeCloseToRel(direct.a, 1e-12)
    expect(r.derived?.passAt2000).toBeCloseToRel(direct.passAtK(2000), 1e-12)
    expect(r.derived?.passAt2000_lower).toBeLessThan(r.derived?.passAt2000 ?? 0)
    expect(r.derived?.passAt2000_upper).toBeGreaterThan(r.derived?.passAt2000 ?? 1)
    expect(r.derived?.tailExponent).toBe(r.params[0].value)
    expect(r.predict?.(20)).toBeCloseToRel(direct.passAtK(20), 1e-12)
    const tab = ctx.tables.find((x) => x.id === 'kumaraswamy-passk')
    expect(tab?.rows.map((row) => row[6])).toEqual(['within n', 'model-based'])
  })
})
