/// <reference path="../../../test/setup/matchers.ts" />
import { createRng } from '@passk/core'
import { describe, expect, it } from 'vitest'
import { createCorrelatedSampler } from './correlated-trials.js'
import { poisson } from './internal/poisson.js'

function harmonic(k: number, kappa: number): number {
  let s = 0
  for (let i = 1; i <= k; i++) s += Math.pow(i, -kappa)
  return s
}

/** Simulate `problems` problems with failure probability p and m attempts; return all-fail counts for each k. */
function simulate(p: number, kappa: number, problems: number, m: number, ks: number[], seed: number) {
  const sampler = createCorrelatedSampler(kappa, m)
  const rng = createRng(seed)
  const firstK = new Float64Array(ks.length) // #problems whose first k attempts all fail
  const subsetK = new Float64Array(ks.length) // Σ_problems C(n−c, k)/C(n, k): unbiased all-fail estimate
  for (let i = 0; i < problems; i++) {
    const q = sampler.sampleQ(p, rng)
    let firstSuccess = m,
      c = 0
    for (let j = 0; j < m; j++)
      if (rng.uniform() >= q) {
        c++
        if (firstSuccess === m) firstSuccess = j
      }
    ks.forEach((k, t) => {
      if (firstSuccess >= k) firstK[t]++
      let r = 1
      for (let s = 0; s < k; s++) r *= (m - c - s) / (m - s)
      subsetK[t] += Math.max(r, 0)
    })
  }
  return { first: Array.from(firstK, (v) => v / problems), subset: Array.from(subsetK, (v) => v / problems) }
}

describe('createCorrelatedSampler', () => {
  const ks = [1, 2, 4, 8, 16, 32, 64]
  for (const kappa of [0.5, 1, 1.5]) {
    it(`makes P(k attempts all fail) = p^{H_k(κ)} (Levi Eq. 10) within 4 SE when κ = ${kappa}, p = 0.8`, () => {
      const N = 20000,
        p = 0.8
      const { first, subset } = simulate(p, kappa, N, 64, ks, 7)
      ks.forEach((k, t) => {
        const P = Math.pow(p, harmonic(k, kappa))
        const se = Math.sqrt((P * (1 - P)) / N)
        expect(Math.abs(first[t] - P)).toBeLessThan(4 * se + 1e-3 * P)
        // Exchangeability: the unbiased (n, c) estimate targets the same value.
        expect(Math.abs(subset[t] - P)).toBeLessThan(4 * se + 1e-3 * P)
      })
    })
  }
  it('reduces to independent trials (q = p) when κ = 0', () => {
    const s = createCorrelatedSampler(0, 100)
    expect(s.sampleQ(0.37, createRng(1))).toBe(0.37)
  })
  it('keeps unsolvable (p = 1) and always-solved (p = 0) problems exact', () => {
    const s = createCorrelatedSampler(0.7, 100),
      rng = createRng(3)
    expect(s.sampleQ(1, rng)).toBe(1)
    expect(s.sampleQ(0, rng)).toBe(0)
  })
  it('rejects a negative or non-finite κ with a RangeError naming the value', () => {
    expect(() => createCorrelatedSampler(-1, 10)).toThrow(/kappa must be a finite number ≥ 0, got -1/)
    expect(() => createCorrelatedSampler(Number.NaN, 10)).toThrow(/got NaN/)
  })
})

describe('poisson', () => {
  for (const lambda of [0.3, 4, 25, 1000]) {
    it(`has mean and variance λ within 5 SE when λ = ${lambda}`, () => {
      const rng = createRng(11),
        N = 40000
      let s = 0,
        s2 = 0
      for (let i = 0; i < N; i++) {
        const x = poisson(rng, lambda)
        s += x
        s2 += x * x
      }
      const mean = s / N,
        v = s2 / N - mean * mean
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / N))
      // Var of the sample variance ≈ (μ4 − σ⁴)/N with μ4 = λ + 3λ² for Poisson.
      expect(Math.abs(v - lambda)).toBeLessThan(5 * Math.sqrt((lambda + 2 * lambda * lambda) / N))
    })
  }
  it('matches P(X = 0) = e^−λ for λ = 12 (PTRS branch) within 5 SE', () => {
    const rng = createRng(5),
      N = 200000
    let zeros = 0,
      ones = 0
    for (let i = 0; i < N; i++) {
      const x = poisson(rng, 12)
      if (x === 10) zeros++
      if (x === 12) ones++
    }
    // P(X=10) and P(X=12) for λ = 12: e^−12·12^k/k!
    const p10 = Math.exp(-12 + 10 * Math.log(12) - Math.log(3628800)),
      p12 = Math.exp(-12 + 12 * Math.log(12) - Math.log(479001600))
    expect(Math.abs(zeros / N - p10)).toBeLessThan(5 * Math.sqrt(p10 / N))
    expect(Math.abs(ones / N - p12)).toBeLessThan(5 * Math.sqrt(p12 / N))
  })
})
