import { describe, expect, it } from 'vitest'
import { createRng, isPasskError } from '@passk/core'
import {
  expectedPosteriorSd,
  failVariance,
  planAttempts,
  priorSd,
  varianceReduction,
  PLAN_MAX_K,
  PLAN_MAX_BUDGET,
  type PlanStrategy,
} from './plan.js'

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0)

describe('varianceReduction: preposterior Var_s(E[(1−p)^K | s])', () => {
  it('K = 1 equals the closed form m·μ(1−μ)/((α+β+1)(α+β+m)) (exact sum and thinned grid)', () => {
    for (const [al, be] of [
      [0.7, 2.5],
      [3, 1.2],
      [0.2, 30],
    ])
      for (const m of [1, 5, 300, 1024, 5000, 100000]) {
        const mu = al / (al + be)
        const exact = (m * mu * (1 - mu)) / ((al + be + 1) * (al + be + m))
        // exact sum up to 1024; the midpoint rule in real s beyond (relative error ~1e-5)
        expect(Math.abs(varianceReduction(al, be, m, 1) / exact - 1)).toBeLessThan(m <= 1024 ? 1e-11 : 2e-4)
      }
  })

  it('matches an mpmath brute-force sum for K > 1 (values from python3 -c mpmath, 40 digits)', () => {
    // R = Σ_s C(m,s)B(α+s,β+m−s)/B(α,β)·(B(α+s,β+m−s+K)/B(α+s,β+m−s) − mean)², V = Var[(1−p)^K]
    const cases: [number, number, number, number, number, number][] = [
      [0.5, 11, 7, 100, 0.020754714216879316, 0.12878916631349885],
      [3.2, 4.1, 20, 10, 0.0027688054016967864, 0.0051671031857580335],
      [0.3, 2, 50, 1000, 0.037070081589195835, 0.097721885099935743],
      [1.5, 40.5, 300, 5000, 1.0269871990843753e-5, 0.00025800816481041088],
    ]
    for (const [al, be, m, K, R, V] of cases) {
      expect(varianceReduction(al, be, m, K) / R - 1).toBeCloseTo(0, 10)
      expect(failVariance(al, be, K) / V - 1).toBeCloseTo(0, 10)
      // a reduction never exceeds the variance it reduces
      expect(varianceReduction(al, be, m, K)).toBeLessThan(V)
    }
  })

  it('is 0 for no attempts and increases with m', () => {
    expect(varianceReduction(1, 2, 0, 10)).toBe(0)
    let prev = 0
    for (const m of [1, 2, 5, 10, 50, 200, 2000]) {
      const r = varianceReduction(1, 2, m, 10)
      expect(r).toBeGreaterThan(prev)
      prev = r
    }
  })
})

describe('planAttempts', () => {
  // prior Beta(0.5, 1.5); problems (n, c) = (10,0), (10,3), (10,10), (10,1); K = 50; B = 8. Brute force over all
  // 165 allocations in mpmath: the optimum is (8, 0, 0, 0) with expected posterior s.d. 0.089081010471693599; before
  // 0.099752961752564487; uniform (2, 2, 2, 2) 0.09625001892428861; runner-up (7, 0, 0, 1) 0.08998735788.
  const n = [10, 10, 10, 10],
    c = [0, 3, 10, 1]
  const o = { budget: 8, k: 50, prior: { a: 0.5, b: 1.5 } }

  it('finds the brute-force optimum and beats uniform on a cell where it must', () => {
    const p = planAttempts(n, c, o)
    expect(Array.from(p.attempts)).toEqual([8, 0, 0, 0])
    expect(p.sdBefore).toBeCloseTo(0.099752961752564487, 12)
    expect(p.sdAfter).toBeCloseTo(0.089081010471693599, 12)
    const u = planAttempts(n, c, { ...o, strategy: 'uniform' })
    expect(Array.from(u.attempts)).toEqual([2, 2, 2, 2])
    expect(u.sdAfter).toBeCloseTo(0.09625001892428861, 12)
    expect(p.sdAfter).toBeLessThan(u.sdAfter)
    // widths are 2·1.959964·sd
    expect(p.widthAfter / p.sdAfter).toBeCloseTo(2 * 1.959963984540054, 8)
  })

  it('kazdan gives attempts ∝ 1/(1 + c): most to the unsolved problem', () => {
    const p = planAttempts(n, c, { ...o, budget: 100, strategy: 'kazdan' })
    // weights 1, 1/4, 1/11, 1/2 of 1.8409…: 54.32, 13.58, 4.94, 27.16 → largest remainders
    expect(Array.from(p.attempts)).toEqual([54, 14, 5, 27])
  })

  it('allocations are integers ≥ 0 summing to B, deterministic for a seed', () => {
    const rng = createRng('plan-test')
    const N = 60
    const nn = Array.from({ length: N }, () => 5 + rng.int(20))
    const cc = nn.map((x) => (rng.uniform() < 0.3 ? 0 : rng.int(x + 1)))
    for (const strategy of ['optimal', 'kazdan', 'uniform'] as PlanStrategy[])
      for (const budget of [1, 7, 61, 1000, 12345]) {
        const a = planAttempts(nn, cc, { budget, k: 200, strategy, rng: createRng(3) })
        const b = planAttempts(nn, cc, { budget, k: 200, strategy, rng: createRng(3) })
        expect(a.attempts.length).toBe(N)
        expect(sum(a.attempts)).toBe(budget)
        for (const x of a.attempts) expect(Number.isInteger(x) && x >= 0).toBe(true)
        expect(Array.from(a.attempts)).toEqual(Array.from(b.attempts))
        expect(a.sdAfter).toBeLessThanOrEqual(a.sdBefore)
        if (strategy === 'uniform') for (const x of a.attempts) expect(Math.abs(x - budget / N)).toBeLessThan(1)
      }
    // the optimal plan's expected s.d. is no larger than uniform's at the same budget (fitted prior)
    const opt = planAttempts(nn, cc, { budget: 600, k: 200 })
    const uni = planAttempts(nn, cc, { budget: 600, k: 200, strategy: 'uniform', rng: createRng(1) })
    expect(opt.sdAfter).toBeLessThan(uni.sdAfter)
    expect(expectedPosteriorSd(nn, cc, opt.attempts, opt.prior.a, opt.prior.b, 200)).toBe(opt.sdAfter)
    // uniform's remainder goes to different problems under different seeds
    const u2 = planAttempts(nn, cc, { budget: 61, k: 200, strategy: 'uniform', rng: createRng(99) })
    const u3 = planAttempts(nn, cc, { budget: 61, k: 200, strategy: 'uniform', rng: createRng(3) })
    expect(Array.from(u2.attempts)).not.toEqual(Array.from(u3.attempts))
  })

  it('falls back to the kazdan rule, with a note, when the prior leaves no variance to reduce (all unsolved)', () => {
    const p = planAttempts([10, 10, 10, 5], [0, 0, 0, 0], { budget: 20, k: 100 })
    expect(p.prior.status).not.toBe('converged')
    expect(p.sdBefore).toBeLessThan(1e-9)
    expect(p.note).toMatch(/kazdan/)
    expect(sum(p.attempts)).toBe(20)
    expect(Array.from(p.attempts)).toEqual([5, 5, 5, 5])
    expect(planAttempts(n, c, o).note).toBeUndefined()
  })

  it('refuses bad budgets, K and inputs with typed errors', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return isPasskError(e) ? e.code : 'untyped'
      }
      return 'none'
    }
    for (const budget of [0, -5, 2.5, NaN, Infinity, PLAN_MAX_BUDGET + 1])
      expect(code(() => planAttempts(n, c, { ...o, budget }))).toBe('PASSK_PLAN_BUDGET')
    for (const k of [0, 1.5, PLAN_MAX_K * 10])
      expect(code(() => planAttempts(n, c, { ...o, k }))).toBe('PASSK_PLAN_TARGET_K')
    expect(code(() => planAttempts([], [], o))).toBe('PASSK_PLAN_NO_PROBLEMS')
    expect(code(() => planAttempts([3], [4], o))).toBe('PASSK_PLAN_INPUT')
    expect(code(() => planAttempts(n, c, { ...o, prior: { a: -1, b: 1 } }))).toBe('PASSK_PLAN_PRIOR')
  })
})

describe('priorSd: the share of the uncertainty (bootstrap refits)', () => {
  const draw = (N: number) => {
    const r = createRng(`prior-sd:${N}`)
    const n: number[] = [],
      c: number[] = []
    for (let i = 0; i < N; i++) {
      const p = r.beta(0.5, 2)
      let s = 0
      for (let j = 0; j < 10; j++) if (r.uniform() < p) s++
      n.push(10)
      c.push(s)
    }
    return { n, c }
  }
  it('is deterministic for a seed and shrinks with more problems (≈ 1/√N)', () => {
    const small = draw(50),
      big = draw(800)
    const a = priorSd(small.n, small.c, 100, 60, createRng(5))
    const b = priorSd(small.n, small.c, 100, 60, createRng(5))
    expect(a).toEqual(b)
    expect(a.failures).toBe(0)
    expect(a.sd).toBeGreaterThan(0)
    const d = priorSd(big.n, big.c, 100, 60, createRng(5))
    // 16× the problems: the s.d. falls by about 4 (between 2 and 8 allows for the bootstrap's own noise)
    expect(a.sd / d.sd).toBeGreaterThan(2)
    expect(a.sd / d.sd).toBeLessThan(8)
  })
})
