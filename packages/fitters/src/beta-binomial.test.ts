import { describe, expect, it } from 'vitest'
import { createRng, isPasskError, type Fit, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { betaBinomial, betaBinomialFit, betaBinomialLogPmf } from './beta-binomial.js'

function simulate(P: number, nAtt: number, a: number, b: number, seed: number, A = 1, pmax = 1) {
  const rng = createRng(seed)
  const n = new Int32Array(P).fill(nAtt),
    c = new Int32Array(P)
  for (let i = 0; i < P; i++) {
    const q = rng.uniform() < A ? pmax * rng.beta(a, b) : 0
    let s = 0
    for (let j = 0; j < nAtt; j++) if (rng.uniform() < q) s++
    c[i] = s
  }
  return { n, c }
}

describe('betaBinomialFit', () => {
  it('matches the scipy betabinom MLE, log-likelihood and observed-information SEs (tools/reference/fitters-beta-binomial.py)', () => {
    const n = Array.from({ length: 200 }, (_, i) => 20 + 10 * (i % 5))
    const c = n.map((ni, i) => Math.floor(ni * ((0.1 + i * 0.6180339887498949) % 1) ** 3))
    expect(c.reduce((s, v) => s + v)).toBe(1919)
    const r = betaBinomialFit(n, c)
    expect(r.status).toBe('converged')
    expect(r.a).toBeCloseToRel(0.31880602661481905, 1e-6)
    expect(r.b).toBeCloseToRel(1.0491842442968466, 1e-6)
    expect(r.logLik).toBeCloseToRel(-601.270789397787, 1e-10)
    expect(r.stdErr[0]!).toBeCloseToRel(0.03483078055797984, 1e-5)
    expect(r.stdErr[1]!).toBeCloseToRel(0.1328126064077476, 1e-5)
  })

  it('implies pass@k = E[1 − (1 − q)^k] matching numerical integration (scipy quad)', () => {
    const { n, c } = simulate(2000, 30, 0.4, 2, 5)
    const r = betaBinomialFit(n, c)
    // The closed form A·(1 − B(a, b+k)/B(a, b)) at the reference (a, b) = (0.4, 2):
    const pass = (k: number) => 1 - Math.exp(lgr(2 + k, 0.4) - lgr(2, 0.4))
    expect(pass(1)).toBeCloseToRel(0.1666666666666667, 1e-9)
    expect(pass(10)).toBeCloseToRel(0.5356321983767478, 1e-9)
    expect(pass(1000)).toBeCloseToRel(0.9216776460563392, 1e-9)
    // and the fitted curve is that formula at the fitted (a, b)
    expect(r.passAtK(10)).toBeCloseToRel(1 - Math.exp(lgr(r.b + 10, r.a) - lgr(r.b, r.a)), 1e-12)
  })

  it('recovers (a, b) from 5000 simulated problems within 3 SE, with SEs within 1.5× of the bootstrap spread', () => {
    const { n, c } = simulate(5000, 50, 0.4, 2, 7)
    const r = betaBinomialFit(n, c, { bootstrap: 200, rng: createRng(3) })
    expect(r.status).toBe('converged')
    expect(Math.abs(r.a - 0.4)).toBeLessThan(3 * r.stdErr[0]!)
    expect(Math.abs(r.b - 2)).toBeLessThan(3 * r.stdErr[1]!)
    for (const j of [0, 1]) {
      const ratio = r.stdErr[j]! / r.bootstrapSd![j]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
    expect(r.lower![0]).toBeLessThan(r.a)
    expect(r.upper![0]).toBeGreaterThan(r.a)
  })

  it('recovers the ceiling A of the mixture variant (Levi Eq. 6) within 3 SE', () => {
    const { n, c } = simulate(4000, 40, 0.8, 1.5, 9, 0.7)
    const r = betaBinomialFit(n, c, { variant: 'mixture' })
    expect(r.status).toBe('converged')
    expect(r.names).toEqual(['A', 'a', 'b'])
    for (const [j, t] of [
      [0, 0.7],
      [1, 0.8],
      [2, 1.5],
    ] as const)
      expect(Math.abs(r.values[j] - t)).toBeLessThan(3 * r.stdErr[j]!)
    // pass@k saturates at A.
    expect(r.passAtK(1e9)).toBeCloseToRel(r.A, 1e-3)
  })

  it('reports all-zero counts as at-bound (a → 0), with no NaN anywhere', () => {
    const r = betaBinomialFit(new Int32Array(50).fill(10), new Int32Array(50))
    expect(r.status).toBe('at-bound')
    expect(r.message).toMatch(/ran to the edge/)
    expect(r.values.every(Number.isFinite)).toBe(true)
    expect(r.passAtK(100)).toBeLessThan(1e-6)
  })

  it('throws PASSK_BAD_INPUT for c > n and PASSK_EMPTY_INPUT when no problem has attempts', () => {
    try {
      betaBinomialFit([5, 5], [2, 6])
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_INPUT')
      expect((e as Error).message).toBe('betaBinomialFit: problem 1 has n = 5, c = 6 (need integers 0 ≤ c ≤ n).')
    }
    try {
      betaBinomialFit([0], [0])
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_EMPTY_INPUT')
      expect((e as Error).message).toBe('betaBinomialFit: no problem has any attempts (all n = 0).')
    }
    try {
      betaBinomialFit([5], [1], { bootstrap: 10 })
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_USAGE')
      expect((e as Error).message).toBe('betaBinomialFit: bootstrap needs opts.rng.')
    }
  })
})

describe('betaBinomialLogPmf', () => {
  // [n, c, pmax, a, b, log P] from tools/reference/fitters-beta-binomial-scaled.py (mpmath quadrature).
  const scaled: [number, number, number, number, number, number][] = [
    [10, 3, 0.6, 1.2, 0.8, -1.9144205352801082],
    [40, 0, 0.6, 1.2, 0.8, -3.9883049970045805],
    [40, 24, 0.6, 1.2, 0.8, -3.38720099321876],
    [100, 7, 0.9, 0.3, 2.0, -3.7542230062672846],
    [5, 5, 0.99, 2.0, 0.5, -0.72068183354322],
  ]
  for (const [n, c, s, a, b, v] of scaled)
    it(`matches quadrature for the scaled variant at n = ${n}, c = ${c}, pmax = ${s}`, () =>
      expect(betaBinomialLogPmf(n, c, a, b, { pmax: s })).toBeCloseToRel(v, 1e-11))
  it('matches scipy for the mixture variant', () => {
    expect(betaBinomialLogPmf(10, 0, 0.8, 1.5, { A: 0.7 })).toBeCloseToRel(-0.8404687986793542, 1e-12)
    expect(betaBinomialLogPmf(10, 4, 0.8, 1.5, { A: 0.7 })).toBeCloseToRel(-2.7099512934584915, 1e-12)
  })
})

describe('betaBinomialFit (scaled)', () => {
  it('recovers a success cap pmax = 0.6 within 3 SE and caps pass@k below 1 only through the Beta law', () => {
    const { n, c } = simulate(4000, 40, 1.2, 0.8, 21, 1, 0.6)
    const r = betaBinomialFit(n, c, { variant: 'scaled' })
    expect(r.status).toBe('converged')
    expect(r.names).toEqual(['pmax', 'a', 'b'])
    for (const [j, t] of [
      [0, 0.6],
      [1, 1.2],
      [2, 0.8],
    ] as const)
      expect(Math.abs(r.values[j] - t)).toBeLessThan(3 * r.stdErr[j]!)
    // pass@1 = E[q] = pmax·a/(a+b)
    expect(r.passAtK(1)).toBeCloseToRel((r.pmax * r.a) / (r.a + r.b), 1e-10)
    expect(r.posteriorMean.every((v) => v >= 0 && v <= r.pmax)).toBe(true)
  })
})

describe('betaBinomial (plugin)', () => {
  it('fits every outcome group and reports the Levi tail exponent β = a', () => {
    const g1 = simulate(3000, 40, 0.5, 3, 11),
      g2 = simulate(3000, 40, 1.5, 1, 12)
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      meta: {},
      groups: [
        { label: 'm1', problems: Array.from({ length: 3000 }, (_, i) => `p${i}`), n: g1.n, c: g1.c },
        { label: 'm2', problems: Array.from({ length: 3000 }, (_, i) => `p${i}`), n: g2.n, c: g2.c },
      ],
    }
    const f = betaBinomial.run(t, betaBinomial.options.parse({}), createTestContext()) as Fit
    expect(f.fits.map((x) => x.target)).toEqual(['m1', 'm2'])
    expect(f.fits[0].derived!.tailExponent).toBe(f.fits[0].params[0].value)
    expect(Math.abs(f.fits[1].params[0].value - 1.5)).toBeLessThan(3 * f.fits[1].params[0].stdErr!)
    expect(f.fits[0].curve!.x.at(-1)).toBeCloseToRel(400, 1e-12)
    // kMaxFactor = 100: the implied curve runs to 100 × n = 4000 and still equals predict (closed form there).
    const g = betaBinomial.run(
      t,
      betaBinomial.options.parse({ kMaxFactor: 100, group: 'm1' }),
      createTestContext(),
    ) as Fit
    expect(g.fits[0].curve!.x.at(-1)).toBeCloseToRel(4000, 1e-12)
    expect(g.fits[0].curve!.y.at(-1)!).toBeCloseToRel(g.fits[0].predict!(4000), 1e-15)
  })
})

import { special } from '@passk/core'
const lgr = special.logGammaRatio
