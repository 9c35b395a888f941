import { describe, expect, it } from 'vitest'
import { special, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { difficultyPdf, difficultyPdfPlugin } from './difficulty-pdf.js'
import { betaFailAtK, betaPassAtK } from './beta-pass-at-k.js'
import { nnls } from './internal/nnls.js'
import { betaPassk } from './beta-passk.js'

// [σ, α, β, f(σ)] from tools/reference/fitters-difficulty-pdf.py (scipy Beta pdf, change of variables).
const ref: [number, number, number, number][] = [
  [0.01, 3, 0.35, 10.785024247596013],
  [1.0, 3, 0.35, 0.03724228238376681],
  [5.0, 0.5, 2.0, 0.0611489356903132],
  [0.2, 5, 1.0, 1.8393972058572126],
]
/** ∫_0^∞ g(σ) dσ by the trapezoid rule in t = log σ on [1e-12, 80]. */
function integrate(g: (s: number) => number): number {
  const n = 40000,
    a = Math.log(1e-12),
    b = Math.log(80),
    h = (b - a) / n
  let s = 0
  for (let i = 0; i <= n; i++) {
    const t = a + i * h,
      x = Math.exp(t),
      v = g(x) * x
    s += (i === 0 || i === n ? 0.5 : 1) * v
  }
  return s * h
}

describe('difficultyPdf (Levi Eq. 8)', () => {
  for (const [s, a, b, v] of ref)
    it(`matches scipy at σ = ${s}, α = ${a}, β = ${b}`, () => expect(difficultyPdf(s, a, b)).toBeCloseToRel(v, 1e-10))
  it('is a density whose Laplace transform is ⟨p^k⟩ = B(k+α, β)/B(α, β)', () => {
    // Below σ = 1e-12 the density is σ^(β−1)/B(α, β) to leading order: add that mass ε^β/(β·B) analytically.
    const tail = Math.exp(0.35 * Math.log(1e-12) - special.lbeta(3, 0.35)) / 0.35
    expect(integrate((s) => difficultyPdf(s, 3, 0.35)) + tail).toBeCloseToRel(1, 1e-6)
    expect(integrate((s) => Math.exp(-10 * s) * difficultyPdf(s, 3, 0.35)) + tail).toBeCloseToRel(
      betaFailAtK(10, 1, 3, 0.35),
      1e-6,
    )
  })
})

describe('nnls', () => {
  it('matches the unconstrained solution when it is non-negative, and clips a negative coefficient', () => {
    // A = I₂ stacked: min ‖x − (1, −2)‖ with x ≥ 0 → (1, 0).
    const r = nnls(2, 2, Float64Array.from([1, 0, 0, 1]), Float64Array.from([1, -2]))
    expect(r.x[0]).toBeCloseToRel(1, 1e-10)
    expect(r.x[1]).toBe(0)
    expect(r.converged).toBe(true)
  })
})

describe('difficultyPdfPlugin', () => {
  it('returns the Eq. 8 density of the fitted (α, β) and NNLS masses that reproduce the failure curve', () => {
    const ks = [...new Set(Array.from({ length: 31 }, (_, i) => Math.round(10 ** (i / 10))))]
    const curve: Curve = {
      kind: 'Curve',
      id: 'passk',
      title: 'p',
      xLabel: 'k',
      yLabel: 'pass@k',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'pass',
      series: [{ label: 'm', x: ks, y: ks.map((k) => betaPassAtK(k, 0.9, 3, 0.35)) }],
    }
    const fit = betaPassk.run(curve, betaPassk.options.parse({}), createTestContext()) as Fit
    const ctx = createTestContext()
    const out = difficultyPdfPlugin.run(fit, difficultyPdfPlugin.options.parse({}), ctx) as Curve
    expect(out.series[0].y[100]).toBeCloseToRel(difficultyPdf(out.series[0].x[100], 3, 0.35), 1e-6)
    // Σ masses = 1 and the never-solved mass ≈ 1 − A; the masses reproduce ⟨p^k⟩ at the data.
    const masses = ctx.tables[0].rows as number[][]
    const total = masses.reduce((s, r) => s + r[2], 0)
    expect(total).toBeCloseToRel(1, 1e-3)
    for (const k of [1, 10, 1000]) {
      const model = masses.reduce((s, r) => s + r[2] * Math.exp(-r[0] * k), 0)
      expect(model).toBeCloseToRel(1 - betaPassAtK(k, 0.9, 3, 0.35), 2e-3)
    }
  })
})
