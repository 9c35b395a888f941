import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { kEff, kEffPassAtK } from './k-eff.js'

// [k, A, p, κ, pass@k] from tools/reference/fitters-k-eff.py (exact sums in mpmath).
const ref: [number, number, number, number, number][] = [
  [1, 0.85, 0.8, 0.5, 0.16999999999999996],
  [10, 0.85, 0.8, 0.5, 0.5727740030262125],
  [1000, 0.85, 0.8, 0.5, 0.8499991284699573],
  [10000, 1.0, 0.99, 1.3, 0.03671278761145455],
  [500, 0.7, 0.95, 0.0, 0.6999999999949078],
]
const ks = [...new Set(Array.from({ length: 31 }, (_, i) => Math.round(10 ** (i / 10))))]
function curve(A: number, p: number, kappa: number, noise = 0, seed = 1): Curve {
  const rng = createRng(seed)
  return {
    kind: 'Curve',
    id: 'passk',
    title: 'p',
    xLabel: 'k',
    yLabel: 'pass@k',
    xScale: 'log',
    yScale: 'linear',
    quantity: 'pass',
    series: [{ label: 'm', x: ks, y: ks.map((k) => kEffPassAtK(k, A, p, kappa) + noise * rng.normal()) }],
  }
}
const run = (c: Curve, o: Record<string, unknown> = {}) =>
  kEff.run(c, kEff.options.parse(o), createTestContext()) as Fit

describe('kEffPassAtK', () => {
  for (const [k, A, p, kap, v] of ref)
    it(`matches the exact sum (Levi Eq. 10) at k = ${k}, κ = ${kap}`, () =>
      expect(kEffPassAtK(k, A, p, kap)).toBeCloseToRel(v, 1e-10))
})

describe('kEff', () => {
  it('recovers (A, p, κ) from a noiseless curve to 1e-7', () => {
    const f = run(curve(0.85, 0.97, 0.45)).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(0.85, 1e-7)
    expect(f.params[1].value).toBeCloseToRel(0.97, 1e-8)
    expect(f.params[2].value).toBeCloseToRel(0.45, 1e-7)
  })

  it('recovers parameters within 3 SE from noisy data; SEs within 1.5× of the bootstrap spread', () => {
    const f = run(curve(0.85, 0.97, 0.45, 0.003, 4), { bootstrap: 80 }).fits[0]
    for (const [j, t, name] of [
      [0, 0.85, 'A'],
      [1, 0.97, 'p'],
      [2, 0.45, 'kappa'],
    ] as const) {
      expect(Math.abs(f.params[j].value - t)).toBeLessThan(3 * f.params[j].stdErr!)
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapRobustSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
  })

  it('reports the k → ∞ ceiling A·(1 − p^ζ(κ)) for κ > 1 (Eq. 9: H_k → ζ(κ))', () => {
    const f = run(curve(0.9, 0.6, 1.4)).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[2].value).toBeCloseToRel(1.4, 1e-7)
    expect(f.derived!.ceiling).toBeCloseToRel(f.predict!(1e15), 1e-5)
  })

  it('flags independent attempts (κ = 0) as at-bound instead of converged', () => {
    const f = run(curve(0.8, 0.9, 0)).fits[0]
    expect(f.status).toBe('at-bound')
    expect(f.message).toMatch(/kappa/)
  })

  it('holds κ at fixKappa and recovers (A, p) to 1e-8 from a noiseless curve; κ is reported fixed, without SE', () => {
    const f = run(curve(0.85, 0.97, 0.45), { fixKappa: 0.45 }).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(0.85, 1e-8)
    expect(f.params[1].value).toBeCloseToRel(0.97, 1e-8)
    expect(f.params[2]).toMatchObject({ name: 'kappa', value: 0.45, fixed: true })
    expect(f.goodness.dof).toBe(ks.length - 2)
    // A wrong κ is held too: the fit moves (A, p) instead and leaves residuals.
    const g = run(curve(0.85, 0.97, 0.45), { fixKappa: 0.3 }).fits[0]
    expect(g.params[2].value).toBe(0.3)
    expect(g.goodness.rss!).toBeGreaterThan(1e-6)
    // κ = 0 (independent attempts, H_k = k) is allowed as a fixed value: pass@k = A·(1 − p^k).
    const h = run(curve(0.8, 0.9, 0), { fixKappa: 0 }).fits[0]
    expect(h.params[0].value).toBeCloseToRel(0.8, 1e-8)
    expect(h.params[1].value).toBeCloseToRel(0.9, 1e-8)
  })

  it("takes κ from the input curve's meta.kappa with fixKappa 'from-input', and fits only the data series beside an Eq. 10 prediction", () => {
    const c = curve(0.85, 0.97, 0.45)
    c.meta = { kappa: 0.45 }
    c.series.push({ label: 'm, Eq. 10', x: ks, y: ks.map((k) => kEffPassAtK(k, 1, 0.5, 0.45)), style: 'fit' })
    const f = run(c, { fixKappa: 'from-input' })
    expect(f.fits.map((r) => r.target)).toEqual(['m'])
    expect(f.fits[0].params[2]).toMatchObject({ value: 0.45, fixed: true })
    expect(f.fits[0].params[1].value).toBeCloseToRel(0.97, 1e-8)
    // Named explicitly, a model curve is still fitted.
    expect(run(c, { fixKappa: 'from-input', series: 'm, Eq. 10' }).fits[0].params[1].value).toBeCloseToRel(0.5, 1e-8)
  })

  it("refuses fixKappa 'from-input' on a curve without meta.kappa (PASSK_NO_KAPPA)", () => {
    expect(() => run(curve(0.85, 0.97, 0.45), { fixKappa: 'from-input' })).toThrow(
      expect.objectContaining({
        code: 'PASSK_NO_KAPPA',
        message: 'fitters/k-eff: fixKappa is \'from-input\', but curve "passk" carries no κ (meta.kappa = null).',
      }),
    )
  })
})
