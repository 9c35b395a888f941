import { describe, expect, it } from 'vitest'
import { createRng } from '@passk/core'
import { betaBinomialFit } from '@passk/stats'
import { ziBetaBinomialFit } from './internal/zi-beta-binomial.js'

/**
 * Bootstrap refits start from the full-data estimate (opts.start) instead of the default multi-start. The likelihood
 * is the same, so on every resample the warm-started optimum must be the multi-start optimum (to the fit's tolerance)
 * — checked here on seeded resamples of a Beta and a zero-inflated Beta population, with the warm start far enough
 * from the resample's optimum that a wrong optimum would show.
 */
function population(seed: number, P: number, n: number, A: number, a: number, b: number) {
  const rng = createRng(seed)
  const nn: number[] = [],
    cc: number[] = []
  for (let i = 0; i < P; i++) {
    // Any success distribution works: the test compares two optimisers on the same data.
    const solvable = rng.uniform() < A
    const p = solvable ? Math.pow(rng.uniform(), 1 / a) * (1 - Math.pow(rng.uniform(), 1 / b) * 0.5) : 0
    let c = 0
    for (let j = 0; j < n; j++) if (rng.uniform() < p) c++
    nn.push(n)
    cc.push(c)
  }
  return { nn, cc, rng }
}

function resample(nn: number[], cc: number[], rng: ReturnType<typeof createRng>) {
  const rn: number[] = [],
    rc: number[] = []
  for (let i = 0; i < nn.length; i++) {
    const j = Math.floor(rng.uniform() * nn.length)
    rn.push(nn[j])
    rc.push(cc[j])
  }
  return { rn, rc }
}

describe('warm-started refits reach the multi-start optimum', () => {
  it('beta-binomial (stats betaBinomialFit, start = [a, b])', () => {
    const { nn, cc, rng } = population(3, 300, 20, 1, 0.6, 2)
    const full = betaBinomialFit(nn, cc)
    expect(full.status).toBe('converged')
    for (let r = 0; r < 10; r++) {
      const { rn, rc } = resample(nn, cc, rng)
      const cold = betaBinomialFit(rn, rc)
      const warm = betaBinomialFit(rn, rc, { start: [full.a, full.b] })
      expect(warm.status).toBe(cold.status)
      expect(Math.abs(warm.a - cold.a) / cold.a).toBeLessThan(1e-5)
      expect(Math.abs(warm.b - cold.b) / cold.b).toBeLessThan(1e-5)
      expect(warm.logLik).toBeCloseTo(cold.logLik, 8)
    }
  })
  it('zero-inflated beta-binomial (start = [A, a, b])', () => {
    const { nn, cc, rng } = population(5, 300, 20, 0.7, 0.8, 1.5)
    const full = ziBetaBinomialFit(nn, cc)
    expect(full.A).toBeLessThan(0.95)
    for (let r = 0; r < 10; r++) {
      const { rn, rc } = resample(nn, cc, rng)
      const cold = ziBetaBinomialFit(rn, rc)
      const warm = ziBetaBinomialFit(rn, rc, { start: [full.A, full.a, full.b] })
      expect(warm.nll).toBeCloseTo(cold.nll, 7)
      expect(Math.abs(warm.A - cold.A)).toBeLessThan(1e-4)
      for (const k of [10, 200, 2000]) expect(Math.abs(warm.passAtK(k) - cold.passAtK(k))).toBeLessThan(1e-5)
    }
  })
  it('a start that is not a valid point falls back to the multi-start', () => {
    const { nn, cc } = population(7, 200, 10, 1, 0.5, 2)
    const cold = betaBinomialFit(nn, cc)
    for (const start of [[NaN, 1], [-1, 2], [1]]) {
      const warm = betaBinomialFit(nn, cc, { start })
      expect(warm.a).toBe(cold.a)
      expect(warm.b).toBe(cold.b)
    }
  })
})
