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
