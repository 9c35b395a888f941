import { describe, expect, it } from 'vitest'
import { createRng, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { powerLaw } from './power-law.js'
import { powerLawOffset } from './power-law-offset.js'
import { expPowerLaw } from './exp-power-law.js'
import { betaPassk } from './beta-passk.js'
import { twoTail } from './two-tail.js'
import { kEff } from './k-eff.js'
import { localSlope } from './local-slope.js'
import { betaBinomialFit } from './beta-binomial.js'
import { identify } from './internal/identify.js'

describe('identify (unidentified fit status)', () => {
  it('flags a relative standard error above 10 and keeps a well-determined fit', () => {
    const bad = identify({ status: 'converged', names: ['a', 'b'], values: [3092, 1], stdErr: [184110, 0.1] })
    expect(bad.status).toBe('unidentified')
    expect(bad.reasons[0]).toMatch(/a = 3092 .*relative s\.e\. 60 > 10/)
    const ok = identify({ status: 'converged', names: ['a', 'b'], values: [3092, 1], stdErr: [30000, 0.1] })
    expect(ok.status).toBe('converged')
  })

  it('flags a bootstrap that fails on most resamples, and leaves failed fits alone', () => {
    const r = identify({
      status: 'converged',
      names: ['a'],
      values: [1],
      stdErr: [0.1],
      bootstrapFailures: 120,
      bootstrapReps: 200,
    })
    expect(r.status).toBe('unidentified')
    expect(identify({ status: 'failed', names: ['a'], values: [1], stdErr: [1e6] }).status).toBe('failed')
  })

  it('beta-binomial on a log with almost all c = 0 is unidentified, never converged', () => {
    // 400 problems × 20 attempts, only 2 problems ever solved (once each).
    const n = new Int32Array(400).fill(20),
      c = new Int32Array(400)
    c[7] = 1
    c[300] = 1
    const r = betaBinomialFit(n, c, { bootstrap: 50, rng: createRng(3) })
    expect(r.status).toBe('unidentified')
    expect(r.message).toMatch(/only 2 of 400 problems have any success/)
  })

  it('beta-binomial on well-sampled Beta(0.5, 2) problems stays converged', () => {
    const rng = createRng(11)
    const n = new Int32Array(500).fill(30),
      c = new Int32Array(500)
    for (let i = 0; i < 500; i++) {
      const q = rng.beta(0.5, 2)
      for (let j = 0; j < 30; j++) if (rng.uniform() < q) c[i]++
    }
    const r = betaBinomialFit(n, c, { bootstrap: 50, rng: createRng(4) })
    expect(r.status).toBe('converged')
    expect(r.a).toBeGreaterThan(0.4)
    expect(r.a).toBeLessThan(0.6)
  })
})

describe('curve fitters report unidentified fits', () => {
  const cv = (x: number[], y: number[], quantity = 'failure'): Curve => ({
    kind: 'Curve',
    id: 'c',
    title: 'c',
    xLabel: 'k',
    yLabel: 'y',
    xScale: 'log',
    yScale: 'log',
    quantity,
    series: [{ label: 's', x, y }],
  })
  const fit = (p: typeof powerLaw, c: Curve, ctx = createTestContext()) =>
    (p.run(c, p.options.parse({}), ctx) as Fit).fits[0]

  it('fewer points than free parameters: unidentified with the reason (not a numerical failure)', () => {
    const ctx = createTestContext()
    const f = fit(powerLawOffset, cv([1, 10], [0.5, 0.2]), ctx)
    expect(f.status).toBe('unidentified')
    expect(f.message).toMatch(/2 point\(s\) for 3 free parameters/)
    expect(ctx.warnings.map((w) => w.code)).toEqual(['FIT_UNIDENTIFIED'])
    expect(fit(betaPassk, cv([1, 10], [0.3, 0.6], 'pass')).status).toBe('unidentified')
    expect(fit(expPowerLaw, cv([4], [0.3], 'pass')).status).toBe('unidentified')
  })

  it('one distinct x for two parameters: unidentified', () => {
    const f = fit(powerLaw, cv([4, 4, 4], [0.3, 0.31, 0.29]))
    expect(f.status).toBe('unidentified')
    expect(f.message).toMatch(/only 1 distinct x value\(s\) for 2 free parameters/)
  })

  it('relative s.e. > 10 (a slope over 2% of a decade of noisy points): unidentified', () => {
    const f = fit(powerLaw, cv([10, 10.1, 10.2, 10.3, 10.4, 10.5], [0.31, 0.29, 0.3, 0.3, 0.29, 0.31]))
    const b = f.params[1]
    // OLS of log y on log x (numpy polyfit): b = 0.0075 ± 0.82, relative s.e. 108
    expect((b.stdErr ?? 0) / Math.abs(b.value)).toBeGreaterThan(10)
    expect(f.status).toBe('unidentified')
    expect(f.message).toMatch(/relative s\.e\. \d+ > 10/)
  })

  it('a well-determined curve stays converged, and a 2-parameter law on a flat curve is determined (b = 0)', () => {
    const ks = [1, 2, 4, 8, 16, 32]
    expect(
      fit(
        powerLaw,
        cv(
          ks,
          ks.map((k) => 0.8 * k ** -0.5),
        ),
      ).status,
    ).toBe('converged')
    expect(
      fit(
        twoTail,
        cv(
          ks,
          ks.map((k) => 0.5 * k ** -1.5 + 0.1 * k ** -0.3),
        ),
      ).status,
    ).toBe('converged')
    expect(
      fit(
        kEff,
        cv(
          ks,
          ks.map((k) => 0.9 * (1 - 0.7 ** (k ** 0.6))),
          'pass',
        ),
      ).status,
    ).not.toBe('unidentified')
    expect(
      fit(
        powerLaw,
        cv(
          ks,
          ks.map(() => 0.25),
        ),
      ).status,
    ).toBe('converged')
  })
})

describe('local-slope flags a window that cannot determine the slope', () => {
  it('relative s.e. > 10 → FIT_UNIDENTIFIED warning and meta.unidentified', () => {
    // N = 1: noisy flat points (OLS slope 0.0075 ± 0.82, numpy polyfit); N = 2: an exact k^(−1.5) law.
    const x = [10, 10.1, 10.2, 10.3, 10.4, 10.5]
    const c: Curve = {
      kind: 'Curve',
      id: 'linf',
      title: 'L',
      xLabel: 'k',
      yLabel: 'L',
      xScale: 'log',
      yScale: 'log',
      quantity: 'failure',
      series: [
        { label: 'N=1', attrs: { N: 1 }, x, y: [0.31, 0.29, 0.3, 0.3, 0.29, 0.31] },
        { label: 'N=2', attrs: { N: 2 }, x, y: x.map((k) => k ** -1.5) },
      ],
    }
    const ctx = createTestContext()
    const out = localSlope.run(c, localSlope.options.parse({}), ctx) as Curve
    expect(ctx.warnings.map((w) => w.code)).toEqual(['FIT_UNIDENTIFIED'])
    expect(ctx.warnings[0].message).toMatch(/"N=1".*relative s\.e\. 108 > 10/)
    expect(out.meta?.unidentified).toEqual(['N=1'])
  })
})
