/// <reference path="../../../test/setup/matchers.ts" />
// Issue 16: pass@k and the Beta-Binomial likelihood at n = 1e9 attempts per problem, O(1) in n.
// Reference values are the verbatim output of tools/reference/stats_large_n.py (mpmath, 50 digits).
import { describe, expect, it } from 'vitest'
import { betaBinomialFit, betaBinomialLogPmf, SCALED_SUM_TERMS } from './beta-binomial.js'
import { logBetaMoment } from './beta.js'
import { passAtKs } from './pass-at-k.js'
import { logScaledPmf } from './scaled.js'
import { PRODUCT_TERMS, logChooseRatio, passAtK } from './special.js'

const CHOOSE = [
  // [n, c, k, log C(n-c, k)/C(n, k)]
  [1000000000, 500000000, 100000000, -74881761.563462782],
  [1000000000, 3000, 500000, -1.5003773754265825],
  [1000000000, 2000000, 1000000, -2003.0053428525078],
  [1000000000, 1001, 1001, -0.0010020020025031708],
  [1000000000, 100000, 70000, -7.0005950557725876],
  [1000000000000, 1000000, 1000000, -1.0000010000006667],
  [1000000000000, 300000000000, 2000, -713.34988873417904],
  [20000, 10000, 5000, -4315.0283611671043],
  [1000000, 400000, 500000, -422809.90593462927],
  [5000, 1500, 2000, -974.71175311124074],
]

const PASSK_1E9 = [
  // [n, c, k, pass@k = 1 - C(n-c, k)/C(n, k)]
  [1000000000, 1, 1, 1.0e-9],
  [1000000000, 1, 1000, 1.0e-6],
  [1000000000, 1, 1000000, 0.001],
  [1000000000, 1, 100000000, 0.1],
  [1000000000, 3000, 1, 3.0e-6],
  [1000000000, 3000, 1000, 0.002995510477172923],
  [1000000000, 3000, 1000000, 0.95028782985696701],
  [1000000000, 3000, 100000000, 1.0],
  [1000000000, 2000000, 1, 0.002],
  [1000000000, 2000000, 1000, 0.86493561275319655],
  [1000000000, 2000000, 1000000, 1.0],
  [1000000000, 2000000, 100000000, 1.0],
]

const SCALED = [
  // [n, c, s, a, b, log P(c | n)]
  [1000000000, 300000000, 0.6, 2.0, 1.5, -19.930405145829686],
  [1000000000, 123456789, 0.8, 0.7, 0.4, -20.946354391537375],
  [1000000000, 999, 0.3, 1.3, 2.2, -22.090662423345665],
  [1000000000, 0, 0.5, 0.6, 0.8, -12.289743786644088],
]

/** The former implementation: the shorter product of Chen et al. Eq. 1, term by term. */
function productLogRatio(n: number, c: number, k: number): number {
  let s = 0
  if (k <= c) for (let i = 0; i < k; i++) s += Math.log1p(-c / (n - i))
  else for (let i = n - c + 1; i <= n; i++) s += Math.log1p(-k / i)
  return s
}

describe('logChooseRatio and passAtK at large n (O(1) in n)', () => {
  it('match mpmath log C(n−c, k)/C(n, k) to 1e-12 relative up to n = 1e12', () => {
    for (const [n, c, k, ref] of CHOOSE) expect(logChooseRatio(n, c, k)).toBeCloseToRel(ref, 1e-12)
  })
  it('give mpmath pass@k at n = 1e9 to 1e-12 relative (passAtK and the grid form passAtKs)', () => {
    const ks = [1, 1000, 1000000, 100000000]
    for (const c of [1, 3000, 2000000]) {
      const row = passAtKs(1e9, c, ks, new Float64Array(ks.length))
      ks.forEach((k, j) => {
        const ref = PASSK_1E9.find((r) => r[1] === c && r[2] === k)![3]
        expect(passAtK(1e9, c, k)).toBeCloseToRel(ref, 1e-12)
        expect(row[j]).toBeCloseToRel(ref, 1e-12)
      })
    }
  })
  it('equal the former term-by-term product to 1e-12 just above the switch (min(c, k) > PRODUCT_TERMS)', () => {
    let checked = 0
    for (const n of [2100, 3000, 5000, 12000, 40000])
      for (const c of [PRODUCT_TERMS + 1, 1500, Math.floor(n / 3)])
        for (const k of [PRODUCT_TERMS + 1, 1700, Math.floor(n / 2) - 7]) {
          if (Math.min(c, k) <= PRODUCT_TERMS || n - c < k) continue
          const old = productLogRatio(n, c, k)
          expect(logChooseRatio(n, c, k)).toBeCloseToRel(old, 1e-12)
          expect(passAtK(n, c, k)).toBeCloseToRel(-Math.expm1(old), 1e-12)
          checked++
        }
    expect(checked).toBeGreaterThan(20)
  })
  it('is the same product as before up to PRODUCT_TERMS terms, bit for bit', () => {
    for (const [n, c, k] of [
      [10, 3, 2],
      [200, 37, 150],
      [5000, 1000, 4000],
      [1e9, 7, 1e8],
    ])
      expect(logChooseRatio(n, c, k)).toBe(productLogRatio(n, c, k))
  })
})

/** log B(a, b+n)/B(a, b) as the running product the evaluators used, Σ_{j<n} log((b+j)/(a+b+j)). */
function runningLogFail(n: number, a: number, b: number): number {
  let lr = 0
  for (let j = 0; j < n; j++) lr += Math.log((b + j) / (a + b + j))
  return lr
}

describe('Beta closed forms at large n', () => {
  it('logBetaMoment(n, b, a) = log B(a, b+n)/B(a, b) equals the running product to 1e-12', () => {
    for (const [a, b] of [
      [0.4, 2],
      [3, 0.35],
      [1.5, 1.5],
    ])
      for (const n of [1, 17, 1000, 3000, 20000])
        expect(logBetaMoment(n, b, a)).toBeCloseToRel(runningLogFail(n, a, b), 1e-12)
  })
})

describe("the 'scaled' Beta-Binomial likelihood at large n (O(1) in n)", () => {
  it('matches mpmath log P(c | n) at n = 1e9 to 1e-12 relative', () => {
    for (const [n, c, s, a, b, ref] of SCALED) {
      expect(logScaledPmf(n, c, s, a, b)).toBeCloseToRel(ref, 1e-12)
      expect(betaBinomialLogPmf(n, c, a, b, { pmax: s })).toBeCloseToRel(ref, 1e-12)
    }
  })
  it('equals the former exact Pfaff sum at small n to 1e-12 (quadrature forced below SCALED_SUM_TERMS)', () => {
    const cases = [
      [60, 20, 0.6, 2.0, 1.5],
      [200, 0, 0.5, 0.6, 0.8],
      [300, 7, 0.3, 1.3, 2.2],
      [1500, 1499, 0.9, 0.3, 0.2],
      [1500, 1500, 0.9, 0.3, 0.2],
      [1000, 900, 0.7, 0.5, 0.5],
      [1900, 3, 0.05, 0.1, 3],
      [1000, 500, 0.99, 0.05, 0.05],
      [40, 0, 0.2, 0.02, 0.5],
      [1800, 1000, 0.5, 4, 0.3],
    ]
    for (const [n, c, s, a, b] of cases) {
      expect(n - c).toBeLessThanOrEqual(SCALED_SUM_TERMS)
      expect(logScaledPmf(n, c, s, a, b)).toBeCloseToRel(betaBinomialLogPmf(n, c, a, b, { pmax: s }), 1e-12)
    }
  })
  it('fits n = 1e9 per problem: converged, logLik = Σ log P(c_i | n_i) at the optimum, pmax ≥ every observed rate', () => {
    // Rates on a deterministic spread (the former O(n) sum needed 8 GB per problem here).
    const P = 12,
      rate = (i: number) => 0.6 * ((i + 0.5) / P) ** 1.3
    const nBig = new Array<number>(P).fill(1e9),
      cBig = nBig.map((n, i) => Math.round(n * rate(i)))
    const fit = betaBinomialFit(nBig, cBig, { variant: 'scaled', maxIterations: 100 })
    expect(fit.status).toBe('converged')
    // log-likelihood at the optimum is the sum of the per-problem log pmfs (binomial coefficients included)
    let ll = 0
    for (let i = 0; i < P; i++) ll += logScaledPmf(nBig[i], cBig[i], fit.pmax, fit.a, fit.b)
    expect(fit.logLik).toBeCloseToRel(ll, 1e-12)
    // pmax is at least the largest observed rate (q = pmax·r ≤ pmax)
    expect(fit.pmax).toBeGreaterThanOrEqual(Math.max(...cBig.map((c) => c / 1e9)))
  })
})
