import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { betaPassk } from './beta-passk.js'
import { betaPassAtK, betaTailPrefactor } from './beta-pass-at-k.js'

const ks = [...new Set(Array.from({ length: 41 }, (_, i) => Math.round(10 ** (i / 10))))]
function curve(A: number, a: number, b: number, noise = 0, seed = 2, quantity = 'pass'): Curve {
  const rng = createRng(seed)
  return {
    kind: 'Curve',
    id: 'passk',
    title: 'p',
    xLabel: 'k',
    yLabel: 'pass@k',
    xScale: 'log',
    yScale: 'linear',
    quantity,
    series: [
      {
        label: 'm',
        x: ks,
        y: ks.map((k) => {
          const v = betaPassAtK(k, A, a, b) + noise * rng.normal()
          return quantity === 'pass' ? v : 1 - v
        }),
      },
    ],
  }
}
const run = (c: Curve, o: Record<string, unknown> = {}) =>
  betaPassk.run(c, betaPassk.options.parse(o), createTestContext()) as Fit

describe('betaPassk', () => {
  it('recovers (A, α, β) from a noiseless pass@k curve (Levi Eq. 6) to 1e-7 and reports the Eq. 7 tail', () => {
    const f = run(curve(0.9, 3, 0.35)).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(0.9, 1e-8)
    expect(f.params[1].value).toBeCloseToRel(3, 1e-7)
    expect(f.params[2].value).toBeCloseToRel(0.35, 1e-7)
    expect(f.derived!.asymptoticExponent).toBeCloseToRel(0.35, 1e-7)
    expect(f.derived!.tailPrefactor).toBeCloseToRel(betaTailPrefactor(0.9, 3, 0.35), 1e-6)
  })

  it('finds parameters far from every start (α = 40, β = 2.5)', () => {
    const f = run(curve(0.75, 40, 2.5)).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params.map((p) => p.value)).toEqual([
      expect.closeTo(0.75, 6),
      expect.closeTo(40, 3),
      expect.closeTo(2.5, 4),
    ])
  })

  it('recovers parameters within 3 SE from noisy data and its SEs match the bootstrap within 1.5×', () => {
    const f = run(curve(0.9, 3, 0.35, 0.004, 8), { bootstrap: 150 }).fits[0]
    for (const [j, t, name] of [
      [0, 0.9, 'A'],
      [1, 3, 'alpha'],
      [2, 0.35, 'beta'],
    ] as const) {
      expect(Math.abs(f.params[j].value - t)).toBeLessThan(3 * f.params[j].stdErr!)
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapRobustSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
  })

  it('fits a failure curve via target auto and extrapolates beyond the data (k = 1e6)', () => {
    const f = run(curve(0.9, 3, 0.35, 0, 1, 'failure'), { gridMax: 1e6 }).fits[0]
    expect(f.target).toBe('m (1 − y)')
    expect(f.predict!(1e6)).toBeCloseToRel(1 - betaPassAtK(1e6, 0.9, 3, 0.35), 1e-7)
  })

  it('fails with a reason on values outside [0, 1], and does not claim convergence on a flat curve', () => {
    const c = curve(0.9, 3, 0.35)
    c.series[0].y[3] = 1.7
    expect(run(c).fits[0].status).toBe('failed')
    const flat = curve(0.9, 3, 0.35)
    flat.series[0].y = ks.map(() => 0.5)
    const f = run(flat).fits[0]
    // A flat pass@k = A needs α/β → 0 (all mass at p = 0): a bound or a singular Jacobian, never 'converged'.
    expect(f.status).not.toBe('converged')
    expect(f.predict!(100)).toBeCloseToRel(0.5, 1e-3)
  })
})

describe('betaPassk on an ill-conditioned short curve (issue 18 D2)', () => {
  // Levi Eq. 6 for (A, α, β) = (0.8, 20, 0.1) on k = 1..16, mpmath at 50 digits
  // (tools/reference/issue18-fit-curves.py).
  const D2 = [
    0.003980099502487562, 0.007752705665982882, 0.011337535052109656, 0.014751658276992298, 0.018009950151361625,
    0.021125448357929906, 0.024109642042382282, 0.026972706093886405, 0.02972369290494019, 0.032370690523823555,
    0.03492095401045537, 0.03738101525157931, 0.0397567753286772, 0.0420535826539682, 0.04427629942037885,
    0.04642935839638917,
  ]
  const short = (y: number[]): Curve => ({
    ...curve(0.8, 20, 0.1),
    series: [{ label: 'm', x: y.map((_, i) => i + 1), y }],
  })
  for (const optimizer of ['ml-lm', 'passk-lm'])
    it(`recovers (0.8, 20, 0.1) from the exact curve on k ≤ 16 with ${optimizer} (was: iteration limit / stalled)`, () => {
      const f = run(short(D2), { optimizer }).fits[0]
      expect(f.status).toBe('converged')
      expect(f.params[0].value).toBeCloseToRel(0.8, 1e-9)
      expect(f.params[1].value).toBeCloseToRel(20, 1e-9)
      expect(f.params[2].value).toBeCloseToRel(0.1, 1e-9)
      for (const q of f.params) expect(q.stdErr).toBeGreaterThan(0)
    })
  it('with 1e-12 noise on k ≤ 20 converges within 4 s.e. of the truth (was: "stalled: no downhill step")', () => {
    const rng = createRng(1)
    const ks20 = Array.from({ length: 20 }, (_, i) => i + 1)
    const y = ks20.map((k) => betaPassAtK(k, 0.8, 20, 0.1) + 1e-12 * rng.normal())
    const f = run({ ...curve(0.8, 20, 0.1), series: [{ label: 'm', x: ks20, y }] }, { maxIterations: 2000 }).fits[0]
    expect(f.status).toBe('converged')
    ;[0.8, 20, 0.1].forEach((t, j) => expect(Math.abs(f.params[j].value - t)).toBeLessThan(4 * f.params[j].stdErr!))
  })
})
