/// <reference path="../../../../test/setup/matchers.ts" />
import { describe, expect, it } from 'vitest'
import { special, createRng } from '@passk/core'
import { populationLinf } from './population.js'
import { logFailProb } from './log-fail.js'

// Nested adaptive scipy quad, tools/reference/lid-population.py.
const REF = [
  {
    v: 0.0,
    a: 1.5,
    sigma: 1.0,
    delta: 1.0,
    k: [1, 10, 100, 1000, 10000],
    L: [0.3080680092503573, 0.005094936712230269, 8.371647537478062e-6, 8.832645127058494e-9, 8.880436358696695e-12],
  },
  {
    v: 0.09,
    a: 1.5,
    sigma: 1.0,
    delta: 0.1,
    k: [1, 10, 100, 1000],
    L: [0.917004113493307, 0.444345259125585, 0.0075253069753985794, 9.53860451709691e-6],
  },
  {
    v: 4.0,
    a: 1.5,
    sigma: 0.5,
    delta: 1.0,
    k: [1, 10, 100, 1000],
    L: [0.6327325043569801, 0.37652758126405517, 0.2659961496436038, 0.20487459560014656],
  },
  {
    v: 0.01,
    a: 0.5,
    sigma: 1.0,
    delta: 0.05,
    k: [1, 100, 10000],
    L: [0.9776120848260318, 0.25454067775672207, 0.002828109367063867],
  },
  {
    v: 1.0,
    a: 1.5,
    sigma: 1.0,
    delta: 0.01,
    k: [1, 100, 10000],
    L: [0.994408512312058, 0.6030096951511692, 0.021754235512394984],
  },
]

describe('populationLinf', () => {
  it.each(REF)('matches nested adaptive quadrature to 1e-6 relative (v = $v, a = $a, δ = $delta)', (c) => {
    const r = populationLinf(c.v, c.a, c.sigma, c.delta, c.k, 1e-7)
    expect(r.converged).toBe(true)
    c.k.forEach((_, i) => expect(Math.exp(r.logL[i])).toBeCloseToRel(c.L[i], 1e-6))
  })

  it('approaches the bias-free asymptote C1·k^−β (LID Eq. 15/48) within 0.1% at k = 1e5 for β = 3', () => {
    const cd = (Math.sqrt(2 / Math.PI) * 0.3) / 1.0
    const C1 = Math.exp(Math.LN2 + special.lgamma(3) - special.lgamma(1.5) - 3 * Math.log(cd))
    const r = populationLinf(0, 1.5, 1.0, 0.3, [1e5])
    expect(Math.exp(r.logL[0] + 3 * Math.log(1e5))).toBeCloseToRel(C1, 1e-3)
  })

  it('agrees with a Monte Carlo draw of (B, τ) within 4 standard errors', () => {
    const rng = createRng(11)
    const n = 200_000,
      v = 0.25,
      a = 1.5,
      sigma = 1,
      delta = 0.2,
      ks = [1, 10, 100]
    const sum = new Float64Array(3),
      sum2 = new Float64Array(3)
    for (let i = 0; i < n; i++) {
      const B = Math.sqrt(v) * rng.normal(),
        tau = rng.gamma(a)
      const lp = logFailProb(B, sigma / Math.sqrt(tau), delta)
      ks.forEach((k, j) => {
        const x = Math.exp(k * lp)
        sum[j] += x
        sum2[j] += x * x
      })
    }
    const r = populationLinf(v, a, sigma, delta, ks)
    ks.forEach((_, j) => {
      const m = sum[j] / n,
        se = Math.sqrt((sum2[j] / n - m * m) / n)
      expect(Math.abs(Math.exp(r.logL[j]) - m)).toBeLessThan(4 * se)
    })
  })

  it('keeps values far below double-precision underflow of p^k in log space', () => {
    // Tiny noise (σ = 1e-3) and δ = 1: L is the tiny mass of τ → 0, still representable.
    const r = populationLinf(0, 1.5, 1e-3, 1, [1e6])
    expect(Number.isFinite(r.logL[0])).toBe(true)
    expect(r.logL[0]).toBeLessThan(Math.log(1e-25))
  })
})
