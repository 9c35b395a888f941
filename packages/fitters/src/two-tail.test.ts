import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { twoTail } from './two-tail.js'

const ks = [...new Set(Array.from({ length: 41 }, (_, i) => Math.round(10 ** (i / 10))))]
const law = (k: number) => 0.5 * k ** -1.2 + 0.05 * k ** -0.4
function curve(noise = 0, seed = 1, fn = law): Curve {
  const rng = createRng(seed)
  return {
    kind: 'Curve',
    id: 'linf',
    title: 'L',
    xLabel: 'k',
    yLabel: 'L_inf',
    xScale: 'log',
    yScale: 'log',
    quantity: 'failure',
    series: [{ label: 'N=100', attrs: { N: 100 }, x: ks, y: ks.map((k) => fn(k) * Math.exp(noise * rng.normal())) }],
  }
}
const run = (c: Curve, o: Record<string, unknown> = {}) =>
  twoTail.run(c, twoTail.options.parse(o), createTestContext()) as Fit

describe('twoTail', () => {
  it('recovers C1, β, C2, γ and the crossover k× = (C1/C2)^(1/(β−γ)) from a noiseless curve (LID Eq. 54)', () => {
    const f = run(curve()).fits[0]
    expect(f.status).toBe('converged')
    const v = f.params.map((p) => p.value)
    expect(v[0]).toBeCloseToRel(0.5, 1e-7)
    expect(v[1]).toBeCloseToRel(1.2, 1e-7)
    expect(v[2]).toBeCloseToRel(0.05, 1e-7)
    expect(v[3]).toBeCloseToRel(0.4, 1e-7)
    expect(f.derived!.kCross).toBeCloseToRel(10 ** (1 / 0.8), 1e-6)
    expect(f.derived!.exponentAboveCross).toBeCloseToRel(0.4, 1e-7)
  })

  it('fits with β fixed to the intrinsic exponent', () => {
    const f = run(curve(), { fixBeta: 1.2 }).fits[0]
    expect(f.params[1]).toEqual({ name: 'beta', value: 1.2, stdErr: null, fixed: true })
    expect(f.params[3].value).toBeCloseToRel(0.4, 1e-7)
  })

  it('recovers parameters within 3 SE from noisy data; SEs within 1.5× of the bootstrap spread', () => {
    const f = run(curve(0.03, 6), { fixBeta: 1.2, bootstrap: 200 }).fits[0]
    for (const [j, t, name] of [
      [0, 0.5, 'C1'],
      [2, 0.05, 'C2'],
      [3, 0.4, 'gamma'],
    ] as const) {
      expect(Math.abs(f.params[j].value - t)).toBeLessThan(3 * f.params[j].stdErr!)
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapRobustSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
  })

  it('does not claim convergence when the data hold a single power law (second term unidentifiable)', () => {
    const f = run(curve(0, 1, (k) => 0.3 * k ** -0.7)).fits[0]
    expect(f.status).not.toBe('converged')
    expect(f.predict!(500)).toBeCloseToRel(0.3 * 500 ** -0.7, 1e-6)
  })
})
