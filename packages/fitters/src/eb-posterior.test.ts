/**
 * fitters/eb-posterior. Closed forms are checked against brute force: for integer k the posterior predictive
 * E[1 − (1 − q)^k], q ~ Beta(a1, b1), is 1 − Π_{i<k} (b1 + i)/(a1 + b1 + i) (the Beta moment as a finite product), and
 * the probability of "solvable" for c = 0 under zero inflation is A·Π_{i<n}(b + i)/(a + b + i) over the same plus
 * 1 − A.
 * Credible-interval ends are checked through the regularized incomplete Beta function (their q quantile has
 * I_q(a1, b1) = α). The simulation compares per-problem errors of the posterior predictive and of plug-in estimators.
 */
import { describe, expect, it } from 'vitest'
import { createRng, isPasskError, special, type Fit, type TrialOutcomes } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { betaBinomialFit } from './beta-binomial.js'
import { ebPosterior, ebPosteriorPlugin, ebProblemInterval, ebProblemPassAtK } from './eb-posterior.js'

/** 1 − Π_{i<k} (b1 + i)/(a1 + b1 + i): E[1 − (1 − q)^k] for q ~ Beta(a1, b1), by the product. */
function productPass(a1: number, b1: number, k: number): number {
  let r = 1
  for (let i = 0; i < k; i++) r *= (b1 + i) / (a1 + b1 + i)
  return 1 - r
}

function simulate(seed: number, P: number, N: number, a: number, b: number, A = 1) {
  const rng = createRng(seed)
  const n = new Int32Array(P).fill(N),
    c = new Int32Array(P),
    q = new Float64Array(P)
  for (let i = 0; i < P; i++) {
    q[i] = rng.uniform() < A ? rng.beta(a, b) : 0
    for (let j = 0; j < N; j++) if (rng.uniform() < q[i]) c[i]++
  }
  return { n, c, q }
}

describe('eb-posterior closed forms', () => {
  it('per-problem posterior predictive = 1 − B(a+c, b+n−c+k)/B(a+c, b+n−c) (brute-force product), any k > n', () => {
    const prior = { a: 0.7, b: 2.3, A: 1 }
    for (const [n, c, k] of [
      [10, 0, 100],
      [10, 3, 11],
      [5, 5, 400],
      [40, 1, 1000],
    ])
      expect(ebProblemPassAtK(n, c, k, prior)).toBeCloseToRel(productPass(0.7 + c, 2.3 + n - c, k), 1e-11)
    // zero inflation: c = 0 is scaled by P(solvable | n, 0)
    const z = { a: 0.7, b: 2.3, A: 0.6 }
    let r = 1
    for (let i = 0; i < 10; i++) r *= (2.3 + i) / (3 + i)
    const pi = (0.6 * r) / (0.6 * r + 0.4)
    expect(ebProblemPassAtK(10, 0, 100, z)).toBeCloseToRel(pi * productPass(0.7, 12.3, 100), 1e-11)
    expect(ebProblemPassAtK(10, 2, 100, z)).toBeCloseToRel(productPass(2.7, 10.3, 100), 1e-11)
    // withinN 'unbiased' keeps 1 − C(n−c, k)/C(n, k) for k ≤ n
    expect(ebProblemPassAtK(10, 3, 4, prior, 'unbiased')).toBeCloseToRel(1 - (7 * 6 * 5 * 4) / (10 * 9 * 8 * 7), 1e-13)
    expect(ebProblemPassAtK(10, 3, 11, prior, 'unbiased')).toBeCloseToRel(productPass(3.7, 9.3, 11), 1e-11)
  })

  it('credible interval ends are 1 − (1 − q_α)^k with I_{q_α}(a+c, b+n−c) = α, and the atom at q = 0', () => {
    const prior = { a: 0.7, b: 2.3, A: 1 }
    const [lo, hi] = ebProblemInterval(20, 4, 50, prior, 0.9)
    const qlo = 1 - Math.pow(1 - lo, 1 / 50),
      qhi = 1 - Math.pow(1 - hi, 1 / 50)
    expect(special.betaIncReg(qlo, 4.7, 18.3)).toBeCloseTo(0.05, 10)
    expect(special.betaIncReg(qhi, 4.7, 18.3)).toBeCloseTo(0.95, 10)
    // zero inflation, c = 0: P(unsolvable | data) = 1 − π > 0.025 puts the lower end at 0
    const z = { a: 0.7, b: 2.3, A: 0.6 }
    const [zl, zh] = ebProblemInterval(10, 0, 100, z)
    expect(zl).toBe(0)
    expect(zh).toBeGreaterThan(0)
    expect(zh).toBeLessThan(1)
  })

  it('aggregate = mean of the per-problem values, with the prior of the Beta-Binomial MLE', () => {
    const { n, c } = simulate(4, 200, 8, 0.6, 2)
    const ks = [1, 8, 80, 800]
    const r = ebPosterior(n, c, ks)
    const bb = betaBinomialFit(n, c)
    expect(r.prior.a).toBe(bb.a)
    expect(r.prior.b).toBe(bb.b)
    ks.forEach((k, t) => {
      let s = 0
      for (let i = 0; i < 200; i++) {
        const want = k <= 8 ? special.passAtK(8, c[i], k) : productPass(bb.a + c[i], bb.b + 8 - c[i], k)
        expect(r.perProblem[i * ks.length + t]).toBeCloseToRel(want, 1e-10)
        s += want
      }
      expect(r.aggregate[t]).toBeCloseToRel(s / 200, 1e-10)
      expect(r.passAtK(k)).toBeCloseToRel(r.aggregate[t], 1e-12)
      expect(r.modelBased[t]).toBe(k <= 8 ? 0 : 200)
    })
    expect(ebPosterior(n, c, ks, { withinN: 'posterior' }).modelBased).toEqual([200, 200, 200, 200])
  })

  it('rejects bad k and a bootstrap without rng', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return isPasskError(e) ? e.code : 'other'
      }
      return 'none'
    }
    expect(code(() => ebPosterior([10], [1], []))).toBe('PASSK_BAD_OPTIONS')
    expect(code(() => ebPosterior([10], [1], [Infinity]))).toBe('PASSK_BAD_OPTIONS')
    expect(code(() => ebPosterior([10, 4], [1, 2], [5], { bootstrap: 5 }))).toBe('PASSK_BAD_OPTIONS')
    expect(code(() => ebPosterior([10], [11], [5]))).toBe('PASSK_BAD_INPUT')
  })
})

describe('eb-posterior in simulation (seeded)', () => {
  it('for small n the posterior predictive beats plug-in per problem, and its bootstrap interval covers the truth', () => {
    // 800 problems with q ~ Beta(0.5, 3), n = 5 attempts each.
    const { n, c, q } = simulate(12, 800, 5, 0.5, 3)
    const ks = [3, 50]
    const r = ebPosterior(n, c, ks, { withinN: 'posterior', bootstrap: 100, rng: createRng(13) })
    let msePost3 = 0,
      mseUnb3 = 0,
      msePost50 = 0,
      msePlug50 = 0,
      truth50 = 0,
      plug50 = 0
    for (let i = 0; i < 800; i++) {
      const t3 = 1 - (1 - q[i]) ** 3,
        t50 = 1 - (1 - q[i]) ** 50
      truth50 += t50 / 800
      msePost3 += (r.perProblem[i * 2] - t3) ** 2
      mseUnb3 += (special.passAtK(5, c[i], 3) - t3) ** 2
      msePost50 += (r.perProblem[i * 2 + 1] - t50) ** 2
      const p = 1 - (1 - c[i] / 5) ** 50
      msePlug50 += (p - t50) ** 2
      plug50 += p / 800
    }
    // k ≤ n: shrinkage lowers the per-problem error of the (unbiased but noisy) estimator
    expect(msePost3).toBeLessThan(0.8 * mseUnb3)
    // k > n: plug-in 1 − (1 − c/n)^k is 0 for every c = 0 problem and 1 for almost any success
    expect(msePost50).toBeLessThan(0.5 * msePlug50)
    expect(Math.abs(r.aggregate[1] - truth50)).toBeLessThan(0.5 * Math.abs(plug50 - truth50))
    expect(r.bootstrapFailures).toBe(0)
    const lower = r.lower ?? [],
      upper = r.upper ?? []
    expect(lower[1]).toBeLessThan(truth50)
    expect(upper[1]).toBeGreaterThan(truth50)
  })

  it("'mixture' on zero-inflated problems: the ceiling holds the aggregate below A as k grows", () => {
    const { n, c } = simulate(31, 600, 10, 0.8, 2, 0.7)
    const r = ebPosterior(n, c, [10, 1e4, 1e6], { variant: 'mixture', bootstrap: 30, rng: createRng(2) })
    expect(r.prior.names).toEqual(['A', 'a', 'b'])
    expect(r.aggregate[2]).toBeLessThan(r.prior.A + 0.02)
    expect(r.aggregate[2]).toBeGreaterThan(r.aggregate[1])
    const plain = ebPosterior(n, c, [1e6])
    expect(plain.aggregate[0]).toBeGreaterThan(r.aggregate[2])
    expect((r.upper ?? [])[2]).toBeGreaterThan(r.aggregate[2])
  })
})

describe('fitters/eb-posterior plugin', () => {
  it('publishes the aggregate and per-problem tables with the model-based basis labelled', () => {
    const { n, c } = simulate(5, 50, 10, 0.6, 2)
    const t: TrialOutcomes = {
      kind: 'TrialOutcomes',
      groups: [{ label: 'm', problems: Array.from({ length: 50 }, (_, i) => `p${i}`), n, c }],
      meta: {},
    }
    const ctx = createTestContext()
    const f = ebPosteriorPlugin.run(t, ebPosteriorPlugin.options.parse({ k: [5, 100], bootstrap: 20 }), ctx) as Fit
    const direct = ebPosterior(n, c, [5, 100])
    expect(f.fits[0].derived?.passAt100).toBeCloseToRel(direct.aggregate[1], 1e-12)
    expect(f.fits[0].derived?.passAt100_lower).toBeLessThan(direct.aggregate[1])
    expect(f.fits[0].predict?.(100)).toBeCloseToRel(direct.aggregate[1], 1e-12)
    const agg = ctx.tables.find((x) => x.id === 'eb-posterior-passk')
    expect(agg?.rows.map((r) => r[5])).toEqual(['observed (unbiased)', 'model-based for 50 of 50 problems'])
    const per = ctx.tables.find((x) => x.id === 'eb-posterior-problems')
    expect(per?.rows).toHaveLength(100)
    expect(per?.rows[1][9]).toBe('model-based (posterior)')
  })
})
