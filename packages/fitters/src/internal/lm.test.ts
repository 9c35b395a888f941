import { describe, expect, it } from 'vitest'
import { fitLeastSquares, type LsqProblem } from './lm.js'

// NIST StRD nonlinear regression problems (certified values from
// https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml; data transcription checked by
// tools/reference/fitters-nist-strd.py, which refits them with scipy and matches to ~1e-9).
const expModel = (t: Float64Array, x: number) => t[0] * (1 - Math.exp(-t[1] * x))
const expGrad = (t: Float64Array, x: number, o: Float64Array) => {
  o[0] = 1 - Math.exp(-t[1] * x)
  o[1] = t[0] * x * Math.exp(-t[1] * x)
}
const nist = [
  {
    name: 'Misra1a',
    model: expModel,
    gradient: expGrad,
    x: [77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0],
    y: [10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.4, 75.47, 81.78],
    start: [500, 1e-4],
    cert: [2.3894212918e2, 5.5015643181e-4],
    se: [2.7070075241, 7.2668688436e-6],
  },
  {
    name: 'DanWood',
    model: (t: Float64Array, x: number) => t[0] * x ** t[1],
    gradient: (t: Float64Array, x: number, o: Float64Array) => {
      o[0] = x ** t[1]
      o[1] = t[0] * x ** t[1] * Math.log(x)
    },
    x: [1.309, 1.471, 1.49, 1.565, 1.611, 1.68],
    y: [2.138, 3.421, 3.597, 4.34, 4.882, 5.66],
    start: [1, 5],
    cert: [7.6886226176e-1, 3.8604055871],
    se: [1.828197386e-2, 5.1726610913e-2],
  },
  {
    name: 'BoxBOD',
    model: expModel,
    gradient: expGrad,
    x: [1, 2, 3, 5, 7, 10],
    y: [109, 149, 149, 191, 213, 224],
    start: [100, 0.75],
    cert: [2.1380940889e2, 5.4723748542e-1],
    se: [1.2354515176e1, 1.0455993237e-1],
  },
]

describe('fitLeastSquares', () => {
  for (const pr of nist) {
    for (const optimizer of ['ml-lm', 'passk-lm'] as const) {
      for (const jac of ['analytic', 'finite-difference'] as const) {
        it(`matches NIST ${pr.name} certified values and SEs to 1e-6 with ${optimizer} (${jac} Jacobian)`, () => {
          const prob: LsqProblem = {
            x: pr.x,
            y: pr.y,
            model: pr.model,
            params: [
              { name: 'b1', start: pr.start[0] },
              { name: 'b2', start: pr.start[1] },
            ],
            ...(jac === 'analytic' ? { gradient: pr.gradient } : {}),
          }
          const r = fitLeastSquares(prob, { optimizer })
          expect(r.status).toBe('converged')
          expect(r.theta[0]).toBeCloseToRel(pr.cert[0], 1e-6)
          expect(r.theta[1]).toBeCloseToRel(pr.cert[1], 1e-6)
          expect(r.stdErr[0]!).toBeCloseToRel(pr.se[0], 1e-5)
          expect(r.stdErr[1]!).toBeCloseToRel(pr.se[1], 1e-5)
        })
      }
    }
  }

  it('keeps a positive-bounded parameter inside its bound and reports at-bound when the optimum is beyond it', () => {
    // y = a + b·x with data decreasing: the least-squares slope is negative, but b is constrained > 0.
    const r = fitLeastSquares({
      x: [0, 1, 2, 3, 4],
      y: [4, 3, 2, 1, 0],
      model: (t, x) => t[0] + t[1] * x,
      params: [
        { name: 'a', start: 1 },
        { name: 'b', start: 1, bound: 'positive' },
      ],
    })
    expect(r.status).toBe('at-bound')
    expect(r.message).toMatch(/parameter b = .* ran to the edge of \(0, ∞\)/)
    expect(r.theta[1]).toBeGreaterThanOrEqual(0)
    expect(r.theta[1]).toBeLessThan(1e-9)
    // With b → 0 the best a is the mean of y; the at-bound b gets no SE, and a's SE is conditional on
    // b = 0: √(s²/n) with s² = Σ(y − 2)²/(n − 1) = 10/4.
    expect(r.theta[0]).toBeCloseToRel(2, 1e-6)
    expect(r.stdErr[1]).toBeNull()
    expect(r.stdErr[0]!).toBeCloseToRel(Math.sqrt(2.5 / 5), 1e-6)
  })

  it('reports singular with null standard errors when two parameters are not identifiable', () => {
    // y = a·b·x: only the product is determined.
    const r = fitLeastSquares({
      x: [1, 2, 3, 4],
      y: [2.1, 3.9, 6.2, 7.8],
      model: (t, x) => t[0] * t[1] * x,
      params: [
        { name: 'a', start: 1 },
        { name: 'b', start: 1 },
      ],
    })
    expect(r.status).toBe('singular')
    expect(r.stdErr).toEqual([null, null])
    expect(r.message).toMatch(/not separately identifiable/)
    // The product is still the OLS slope through the origin Σxy/Σx² = 59.7/30.
    expect(r.theta[0] * r.theta[1]).toBeCloseToRel(59.7 / 30, 1e-8)
  })

  it('reports non-finite instead of NaN parameters when the model is undefined at the start', () => {
    const r = fitLeastSquares(
      { x: [1, 2, 3], y: [1, 2, 3], model: (t, x) => Math.log(t[0]) * x, params: [{ name: 'a', start: -1 }] },
      { optimizer: 'passk-lm' },
    )
    expect(r.status).toBe('non-finite')
    expect(r.stdErr).toEqual([null])
  })

  it('fails with a reason when there are fewer points than parameters', () => {
    const r = fitLeastSquares({
      x: [1],
      y: [1],
      model: (t, x) => t[0] + t[1] * x,
      params: [
        { name: 'a', start: 0 },
        { name: 'b', start: 0 },
      ],
    })
    expect(r.status).toBe('failed')
    expect(r.message).toBe('1 data points cannot determine 2 free parameters')
  })

  it('recovers a power law from far-off starts with a multi-start grid', () => {
    const x = [1, 2, 4, 8, 16, 32, 64, 128],
      y = x.map((v) => 3 * v ** -0.7)
    const r = fitLeastSquares(
      {
        x,
        y,
        model: (t, v) => t[0] * v ** -t[1],
        params: [
          { name: 'a', start: [1e-3, 1e3], bound: 'positive' },
          { name: 'b', start: [0.01, 5], bound: 'positive' },
        ],
      },
      { space: 'log' },
    )
    expect(r.starts).toBe(4)
    expect(r.status).toBe('converged')
    expect(r.theta[0]).toBeCloseToRel(3, 1e-8)
    expect(r.theta[1]).toBeCloseToRel(0.7, 1e-8)
  })

  it('matches the closed-form OLS line and its standard errors (weighted, fixed-parameter case too)', () => {
    // Weighted OLS y = a + b x: closed form via the normal equations.
    const x = [0, 1, 2, 3, 4, 5],
      y = [1.1, 2.9, 5.2, 6.8, 9.1, 11.2],
      w = [1, 2, 1, 3, 1, 2]
    let S = 0,
      Sx = 0,
      Sy = 0,
      Sxx = 0,
      Sxy = 0
    for (let i = 0; i < 6; i++) {
      S += w[i]
      Sx += w[i] * x[i]
      Sy += w[i] * y[i]
      Sxx += w[i] * x[i] ** 2
      Sxy += w[i] * x[i] * y[i]
    }
    const det = S * Sxx - Sx * Sx,
      b = (S * Sxy - Sx * Sy) / det,
      a = (Sy - b * Sx) / S
    let rss = 0
    for (let i = 0; i < 6; i++) rss += w[i] * (y[i] - a - b * x[i]) ** 2
    const s2 = rss / 4
    const r = fitLeastSquares({
      x,
      y,
      weights: w,
      model: (t, v) => t[0] + t[1] * v,
      params: [
        { name: 'a', start: 0 },
        { name: 'b', start: 0 },
      ],
    })
    expect(r.theta[0]).toBeCloseToRel(a, 1e-10)
    expect(r.theta[1]).toBeCloseToRel(b, 1e-10)
    expect(r.stdErr[0]!).toBeCloseToRel(Math.sqrt((s2 * Sxx) / det), 1e-7)
    expect(r.stdErr[1]!).toBeCloseToRel(Math.sqrt((s2 * S) / det), 1e-7)
    expect(r.correlation![0][1]).toBeCloseToRel(-Sx / Math.sqrt(S * Sxx), 1e-7)
    expect(r.rss).toBeCloseToRel(rss, 1e-9)
    // Fixed a = 1: b = Σw x (y − 1) / Σ w x².
    let num = 0
    for (let i = 0; i < 6; i++) num += w[i] * x[i] * (y[i] - 1)
    const rf = fitLeastSquares({
      x,
      y,
      weights: w,
      model: (t, v) => t[0] + t[1] * v,
      params: [
        { name: 'a', start: 0, fixed: 1 },
        { name: 'b', start: 0 },
      ],
    })
    expect(rf.theta[0]).toBe(1)
    expect(rf.theta[1]).toBeCloseToRel(num / Sxx, 1e-10)
    expect(rf.stdErr[0]).toBeNull()
  })

  it('counts only points with positive weight in the degrees of freedom', () => {
    const r = fitLeastSquares({
      x: [0, 1, 2, 3],
      y: [1, 3, 5.5, 100],
      weights: [1, 1, 1, 0],
      model: (t, v) => t[0] + t[1] * v,
      params: [
        { name: 'a', start: 0 },
        { name: 'b', start: 0 },
      ],
    })
    expect(r.dof).toBe(1)
    // OLS on the first three points: b = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = 4.5/2, a = ȳ − b·x̄ = 9.5/3 − 2.25.
    expect(r.theta[1]).toBeCloseToRel(2.25, 1e-10)
    expect(r.theta[0]).toBeCloseToRel(9.5 / 3 - 2.25, 1e-10)
  })

  it('resists a gross outlier with Huber loss where L2 is pulled away', () => {
    const x = Array.from({ length: 20 }, (_, i) => i)
    const y = x.map((v) => 2 + 0.5 * v + 0.01 * Math.sin(7 * v))
    y[10] += 50
    const model = (t: Float64Array, v: number) => t[0] + t[1] * v
    const params = [
      { name: 'a', start: 0 },
      { name: 'b', start: 0 },
    ]
    const l2 = fitLeastSquares({ x, y, model, params })
    const hub = fitLeastSquares({ x, y, model, params }, { loss: 'huber' })
    expect(Math.abs(l2.theta[0] - 2)).toBeGreaterThan(1)
    expect(hub.theta[0]).toBeCloseToRel(2, 0.01)
    expect(hub.theta[1]).toBeCloseToRel(0.5, 0.01)
    expect(hub.message).toMatch(/Huber IRLS/)
  })
})
