/// <reference path="../../../test/setup/matchers.ts" />
// The Beta-Binomial likelihood on grouped counts (distinct (n, c) pairs with multiplicities, as betaBinomialFit and
// the bootstrap refits evaluate it) against the per-problem likelihood of the special functions, on seeded random
// data with n varying per problem (special.test.ts checks the special functions against mpmath).
import { describe, expect, it } from 'vitest'
import {
  betaBinomialFit,
  betaBinomialFitGroups,
  betaBinomialLogKernel,
  betaBinomialLogKernels,
} from './beta-binomial.js'
import { betaPassAtK, betaPassAtKFn } from './beta.js'
import { fitMle } from './mle.js'
import { digamma, digammaTrigamma, logGammaRatio, logGammaRatioAt, logGammaRatioBase, trigamma } from './special.js'

/** Deterministic uniform [0, 1) (mulberry32). */
function uniform(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** P problems, n varying per problem (1…nMax; every 11th ~1e6 when big), c in 0…n; then the first P/4 again. */
function problems(seed: number, P: number, nMax: number, big = true) {
  const u = uniform(seed)
  const n: number[] = [],
    c: number[] = []
  for (let i = 0; i < P; i++) {
    const ni = big && i % 11 === 10 ? Math.floor(1e6 * (1 + u())) : 1 + Math.floor(u() * nMax)
    n.push(ni)
    c.push(u() < 0.2 ? 0 : u() < 0.2 ? ni : Math.floor(u() * (ni + 1)))
  }
  for (let i = 0; i < P / 4; i++) {
    n.push(n[i])
    c.push(c[i])
  }
  return { n, c }
}

/** Distinct (n, c) pairs with multiplicities, in order of first appearance. */
function group(n: number[], c: number[]) {
  const key = new Map<string, number>(),
    gn: number[] = [],
    gc: number[] = [],
    gw: number[] = []
  n.forEach((ni, i) => {
    const k = `${ni},${c[i]}`
    let j = key.get(k)
    if (j === undefined) {
      j = gn.length
      key.set(k, j)
      gn.push(ni)
      gc.push(c[i])
      gw.push(0)
    }
    gw[j]++
  })
  return { n: Float64Array.from(gn), c: Float64Array.from(gc), w: Float64Array.from(gw) }
}

/** Per-problem log-likelihood (without C(n, c)) and its (a, b) gradient from ψ, with the scale Σ|terms| of each. */
function perProblem(n: number[], c: number[], a: number, b: number) {
  let L = 0,
    La = 0,
    Lb = 0,
    sL = 0,
    sG = 0
  n.forEach((ni, i) => {
    const l = betaBinomialLogKernel(ni, c[i], a, b)
    L += l
    sL += Math.abs(l) + 1
    const pn = digamma(ni + a + b),
      pab = digamma(a + b)
    La += digamma(c[i] + a) - digamma(a) - pn + pab
    Lb += digamma(ni - c[i] + b) - digamma(b) - pn + pab
    sG += Math.abs(digamma(a)) + Math.abs(digamma(b)) + Math.abs(pn) + Math.abs(pab)
  })
  return { L, La, Lb, sL, sG }
}

const AB = [
  [0.01, 0.02],
  [0.07, 0.6],
  [0.5, 0.5],
  [2.5, 7],
  [9.9, 10.1],
  [40, 3],
  [1e4, 2e5],
]

describe('grouped Beta-Binomial likelihood', () => {
  it('logGammaRatioAt, digammaTrigamma and betaPassAtKFn are logGammaRatio, digamma, trigamma and betaPassAtK bit for bit', () => {
    const u = uniform(9)
    for (let t = 0; t < 3000; t++) {
      const x = t % 3 === 0 ? 20 * u() : t % 3 === 1 ? Math.exp(30 * u() - 15) : 1e-300 + u() * 1e-3,
        d = t % 5 === 0 ? Math.floor(1e7 * u()) : Math.floor(60 * u())
      expect(logGammaRatioAt(x, logGammaRatioBase(x), d)).toBe(logGammaRatio(x, d))
      const out = new Float64Array(2)
      digammaTrigamma(x + d, out)
      expect(out[0]).toBe(digamma(x + d))
      expect(out[1]).toBe(trigamma(x + d))
    }
    for (const [a, b, A] of [
      [0.07, 0.6, 1],
      [3, 40, 0.8],
      [1e4, 2e-3, 0.5],
    ]) {
      const f = betaPassAtKFn(a, b, A)
      for (const k of [0, 1, 2.5, 10, 1e3, 1e9]) expect(f(k)).toBe(betaPassAtK(k, a, b, A))
    }
    const out = new Float64Array(2)
    for (const x of [0, -1, -2.5, NaN, Infinity]) {
      digammaTrigamma(x, out)
      expect(out[0]).toBe(digamma(x))
      expect(out[1]).toBe(trigamma(x))
    }
  })

  for (const [seed, P, nMax] of [
    [1, 200, 10],
    [2, 300, 60],
    [3, 150, 500],
  ])
    it(`kernels per pair = betaBinomialLogKernel bit for bit, weighted sums = per-problem sums to 1e-12 (seed ${seed}, n ≤ ${nMax} and ~1e6)`, () => {
      const { n, c } = problems(seed, P, nMax)
      const G = group(n, c)
      expect(G.n.length).toBeLessThan(n.length) // some pairs repeat, so the weights matter
      const L = new Float64Array(G.n.length)
      for (const [a, b] of AB) {
        betaBinomialLogKernels(G.n, G.c, a, b, L)
        G.n.forEach((nj, j) => expect(L[j]).toBe(betaBinomialLogKernel(nj, G.c[j], a, b)))
        const grouped = L.reduce((s, l, j) => s + G.w[j] * l, 0)
        const ref = perProblem(n, c, a, b)
        expect(Math.abs(grouped - ref.L), `(${a}, ${b})`).toBeLessThanOrEqual(1e-12 * ref.sL)
      }
      // weights of 0 leave their pairs untouched
      const w = Float64Array.from(G.w, (x, j) => (j % 2 ? 0 : x))
      L.fill(7)
      betaBinomialLogKernels(G.n, G.c, 0.5, 2, L, w)
      G.n.forEach((nj, j) => expect(L[j]).toBe(j % 2 ? 7 : betaBinomialLogKernel(nj, G.c[j], 0.5, 2)))
    })

  it('the grouped fit is the per-problem fit: same optimum as a per-problem special-function likelihood', () => {
    // ragged n ≤ 40 (the optimiser's gradient test is relative to the NLL, which n ~ 1e6 problems inflate)
    const { n, c } = problems(7, 240, 40, false)
    const r = betaBinomialFit(n, c)
    expect(r.status).toBe('converged')
    const ref = fitMle(
      {
        names: ['a', 'b'],
        bounds: ['positive', 'positive'],
        nll: (t) => -perProblem(n, c, t[0], t[1]).L,
      },
      [1, 1],
    )
    expect(ref.status).toBe('converged')
    expect(r.a).toBeCloseToRel(ref.theta[0], 1e-7)
    expect(r.b).toBeCloseToRel(ref.theta[1], 1e-7)
    // the per-problem gradient vanishes at the grouped fit's optimum
    const g = perProblem(n, c, r.a, r.b)
    expect(Math.abs(g.La)).toBeLessThanOrEqual(1e-10 * g.sG)
    expect(Math.abs(g.Lb)).toBeLessThanOrEqual(1e-10 * g.sG)
  })

  it('betaBinomialFitGroups on multiplicities = betaBinomialFit on the expanded problems, bit for bit', () => {
    const { n, c } = problems(11, 120, 25)
    const G = group(n, c)
    for (const start of [undefined, [0.4, 1.7]]) {
      const full = betaBinomialFit(n, c, start ? { start } : {})
      const g = betaBinomialFitGroups(G, 'plain', start ? { start } : {})!
      expect(g.theta[0]).toBe(full.a)
      expect(g.theta[1]).toBe(full.b)
      expect(g.status).toBe(full.status)
    }
    const m = betaBinomialFit(n, c, { variant: 'mixture' })
    const gm = betaBinomialFitGroups(G, 'mixture')!
    expect(Array.from(gm.theta)).toEqual(m.values)
  })
})
