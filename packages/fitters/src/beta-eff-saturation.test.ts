import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { betaEffSaturation } from './beta-eff-saturation.js'

const Ns = Array.from({ length: 25 }, (_, i) => Math.round(16 * 2 ** (i / 2)))
const law = (N: number) => 1.2 - 0.8 / (1 + 0.002 * N ** 1.1)
function curve(noise = 0, seed = 1): Curve {
  const rng = createRng(seed)
  return {
    kind: 'Curve',
    id: 'beta-eff',
    title: 'b',
    xLabel: 'N',
    yLabel: 'β_eff',
    xScale: 'log',
    yScale: 'linear',
    quantity: 'exponent',
    series: [
      {
        label: 'β_eff',
        x: Ns,
        y: Ns.map((N) => law(N) + noise * rng.normal()),
        ...(noise ? { se: Ns.map(() => noise) } : {}),
      },
    ],
  }
}
const run = (c: Curve, o: Record<string, unknown> = {}) =>
  betaEffSaturation.run(c, betaEffSaturation.options.parse(o), createTestContext()) as Fit

describe('betaEffSaturation', () => {
  it('recovers β, Δ, N½ = c^(−1/ν), ν (and c) from a noiseless saturation curve (LID Eq. 57) to 1e-7', () => {
    const f = run(curve()).fits[0]
    expect(f.status).toBe('converged')
    const v = f.params.map((p) => p.value)
    expect(v[0]).toBeCloseToRel(1.2, 1e-8)
    expect(v[1]).toBeCloseToRel(0.8, 1e-8)
    expect(v[2]).toBeCloseToRel(0.002 ** (-1 / 1.1), 1e-7)
    expect(v[3]).toBeCloseToRel(1.1, 1e-7)
    expect(f.derived!.c).toBeCloseToRel(0.002, 1e-7)
  })

  it('recovers parameters within 3 SE from noisy data; SEs agree with the bootstrap within 1.5×', () => {
    const f = run(curve(0.01, 4), { weights: 'se', bootstrap: 300 }).fits[0]
    expect(f.status).toBe('converged')
    for (const [j, t, name] of [
      [0, 1.2, 'beta'],
      [1, 0.8, 'Delta'],
      [3, 1.1, 'nu'],
    ] as const) {
      expect(Math.abs(f.params[j].value - t)).toBeLessThan(3 * f.params[j].stdErr!)
      // Robust bootstrap spread (q84 − q16)/2: pairs resampling of a few N occasionally leaves ν unidentified.
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapRobustSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
  })

  it('holds β fixed when asked and reports it fixed with no SE', () => {
    const f = run(curve(), { fixBeta: 1.2 }).fits[0]
    expect(f.params[0]).toEqual({ name: 'beta', value: 1.2, stdErr: null, fixed: true })
    expect(f.params[3].value).toBeCloseToRel(1.1, 1e-7)
  })

  it('does not report success on a flat β_eff curve: Δ runs to its bound or the fit is singular', () => {
    const c = curve()
    c.series[0].y = Ns.map(() => 0.9)
    const f = run(c).fits[0]
    expect(f.status).not.toBe('converged')
    expect(f.predict!(1e5)).toBeCloseToRel(0.9, 1e-6)
  })
})

describe('betaEffSaturation verdict (does the data support LID Eq. 20?)', () => {
  const xs = [1e8, 3e8, 1e9, 3e9, 1e10, 3e10, 1e11, 3e11]
  const sat = (N: number) => 0.9 - 0.5 / (1 + (N / 3e9) ** 1.5)
  const mk = (f: (N: number, i: number) => number, se: number, x = xs): Curve => ({
    kind: 'Curve',
    id: 'e',
    title: '',
    xLabel: 'tokens',
    yLabel: 'a',
    xScale: 'log',
    yScale: 'linear',
    quantity: 'exponent',
    series: [{ label: 'fam', x, y: x.map(f), se: x.map(() => se) }],
  })
  const verdictOf = (c: Curve) => {
    const ctx = createTestContext()
    const fit = betaEffSaturation.run(c, betaEffSaturation.options.parse({ verdict: true, weights: 'se' }), ctx) as Fit
    const v = (fit.meta?.verdicts as { verdict: string; reason: string; mean: number; meanSe: number }[])[0]
    return { fit, v, ctx }
  }
  const wiggle = [0.01, -0.012, 0.006, -0.004, 0.011, -0.009, 0.003, -0.006]

  it("reports 'saturation' and the fit when the data rise and level off", () => {
    const { fit, v } = verdictOf(mk((N, i) => sat(N) + wiggle[i], 0.01))
    expect(v.verdict).toBe('saturation')
    const f = fit.fits[0]
    expect(f.status).toBe('converged')
    expect(Math.abs(f.params[0].value - 0.9)).toBeLessThan(3 * f.params[0].stdErr!)
  })

  it("reports 'plateau' with the weighted mean for flat precise data, and no saturating curve to draw", () => {
    const { fit, v, ctx } = verdictOf(mk((_, i) => 0.4 + wiggle[i], 0.01))
    expect(v.verdict).toBe('plateau')
    const mean = wiggle.reduce((a, b) => a + 0.4 + b, 0) / wiggle.length // equal weights
    expect(v.mean).toBeCloseTo(mean, 14)
    const cst = fit.fits.find((f) => f.model === 'beta-eff-constant')
    expect(cst?.params[0].value).toBeCloseTo(mean, 14)
    const s = fit.fits.find((f) => f.model === 'beta-eff-saturation')
    expect(s?.status).not.toBe('converged')
    expect(s?.curve).toBeUndefined()
    expect(ctx.tables.find((t) => t.id === 'saturation-verdict')?.rows[0][1]).toBe('plateau')
  })

  it("reports 'no rise detected' for flat noisy data (the rise is not bounded below the tolerance)", () => {
    const { v } = verdictOf(mk((_, i) => 0.4 + 10 * wiggle[i], 0.1))
    expect(v.verdict).toBe('no rise detected')
    expect(v.reason).toMatch(/no significant rise/)
  })

  it("reports 'unidentified' for a straight rise in log N (no saturation seen) and for fewer than 4 points", () => {
    const line = verdictOf(mk((N, i) => 0.2 + 0.1 * Math.log10(N / 1e8) + wiggle[i], 0.01))
    expect(line.v.verdict).toBe('unidentified')
    const few = verdictOf(mk((N) => sat(N), 0.01, [1e9, 1e10, 1e11]))
    expect(few.v.verdict).toBe('unidentified')
    expect(few.v.reason).toMatch(/3 identified point\(s\), fewer than the 4/)
    expect(few.fit.fits[0].params.every((p) => Number.isNaN(p.value))).toBe(true)
    expect(few.fit.fits[0].status).not.toBe('converged')
  })

  it("reports unsupported laws with core's FitStatus 'unidentified' (plateau, line, too few points)", () => {
    const flat = verdictOf(mk((_, i) => 0.4 + wiggle[i], 0.01))
    expect(flat.fit.fits.find((f) => f.model === 'beta-eff-saturation')?.status).toBe('unidentified')
    const line = verdictOf(mk((N, i) => 0.2 + 0.1 * Math.log10(N / 1e8) + wiggle[i], 0.01))
    expect(line.fit.fits[0].status).toBe('unidentified')
    expect(line.fit.fits[0].message).toMatch(/^rise detected/)
    const few = verdictOf(mk((N) => sat(N), 0.01, [1e9, 1e10, 1e11]))
    expect(few.fit.fits[0].status).toBe('unidentified')
  })

  it('gives a saturating fit parametric-bootstrap intervals whose spread matches the s.e. of the fit', () => {
    // verdictOf has bootstrap 0; with bootstrap the intervals come from redrawing the points with their se.
    const c = mk((N, i) => sat(N) + wiggle[i], 0.01)
    const o = betaEffSaturation.options.parse({ verdict: true, weights: 'se', bootstrap: 200 })
    const f = (betaEffSaturation.run(c, o, createTestContext({ seed: 2 })) as Fit).fits[0]
    expect(f.message).toMatch(/parametric bootstrap \(200 refits/)
    const b = f.params[0]
    expect(b.lower).toBeLessThan(b.value)
    expect(b.upper).toBeGreaterThan(b.value)
    // The Birge ratio √(χ²/dof), recomputed here from the fitted curve, scales the redrawn noise.
    let chi2 = 0
    xs.forEach((N, i) => (chi2 += ((c.series[0].y[i] - (f.predict?.(N) ?? NaN)) / 0.01) ** 2))
    const birge = Math.max(1, Math.sqrt(chi2 / (xs.length - 4)))
    expect(f.derived?.bootstrapBirge).toBeCloseTo(birge, 10)
    const ratio = (b.stdErr ?? NaN) / (f.derived?.bootstrapRobustSd_beta ?? NaN)
    expect(ratio).toBeGreaterThan(1 / 1.5)
    expect(ratio).toBeLessThan(1.5)
  })
})
