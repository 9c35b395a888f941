import { describe, expect, it } from 'vitest'
import { createRng, isPasskError, type Curve, type Fit } from '@passk/core'
import { createTestContext, runPlugins, lastOutput } from '@passk/core/testing'
import { defineSource } from '@passk/core'
import { z } from 'zod'
import { powerLaw } from './power-law.js'
import { powerLawOffset } from './power-law-offset.js'
import { expPowerLaw } from './exp-power-law.js'
import { olsLine } from './internal/curve-fitter.js'

const ks = Array.from({ length: 30 }, (_, i) => Math.round(10 ** (i / 10))).filter((v, i, a) => a.indexOf(v) === i)
function curve(y: (k: number) => number, opts: Partial<Curve> = {}, noise = 0, seed = 3): Curve {
  const rng = createRng(seed)
  return {
    kind: 'Curve',
    id: 'c',
    title: 't',
    xLabel: 'k',
    yLabel: 'y',
    xScale: 'log',
    yScale: 'log',
    series: [{ label: 's', x: ks, y: ks.map((k) => y(k) * Math.exp(noise * rng.normal())) }],
    ...opts,
  }
}
const run = (p: typeof powerLaw, c: Curve, o: Record<string, unknown> = {}, ctx = createTestContext({ seed: 1 })) =>
  p.run(c, p.options.parse(o), ctx) as Fit

describe('powerLaw', () => {
  it('recovers a and b exactly from a noiseless curve (1e-9)', () => {
    const f = run(
      powerLaw,
      curve((k) => 0.8 * k ** -0.45),
    ).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(0.8, 1e-9)
    expect(f.params[1].value).toBeCloseToRel(0.45, 1e-9)
  })

  it('equals the closed-form log-log OLS estimate and its SEs on noisy data (1e-8)', () => {
    const c = curve((k) => 0.8 * k ** -0.45, {}, 0.05)
    const f = run(powerLaw, c).fits[0]
    const lx = c.series[0].x.map(Math.log),
      ly = c.series[0].y.map(Math.log)
    const l = olsLine(lx, ly)
    const n = lx.length,
      mx = lx.reduce((a, b) => a + b) / n
    const sxx = lx.reduce((s, v) => s + (v - mx) ** 2, 0)
    const rss = lx.reduce((s, v, i) => s + (ly[i] - l.a - l.b * v) ** 2, 0)
    expect(f.params[0].value).toBeCloseToRel(Math.exp(l.a), 1e-8)
    expect(f.params[1].value).toBeCloseToRel(-l.b, 1e-8)
    expect(f.params[1].stdErr!).toBeCloseToRel(Math.sqrt(rss / (n - 2) / sxx), 1e-6)
    // se(a) by the delta method: a·se(log a), se(log a)² = s²(1/n + mx²/sxx).
    expect(f.params[0].stdErr!).toBeCloseToRel(
      Math.exp(l.a) * Math.sqrt((rss / (n - 2)) * (1 / n + (mx * mx) / sxx)),
      1e-6,
    )
    // Noisy recovery: within 3 standard errors of the truth.
    expect(Math.abs(f.params[1].value - 0.45)).toBeLessThan(3 * f.params[1].stdErr!)
  })

  it('has Jacobian standard errors within a factor 1.5 of the bootstrap spread', () => {
    const f = run(
      powerLaw,
      curve((k) => 2 * k ** -0.7, {}, 0.1, 11),
      { bootstrap: 400 },
    ).fits[0]
    for (const [j, name] of [
      [0, 'a'],
      [1, 'b'],
    ] as const) {
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
      expect(f.params[j].lower!).toBeLessThan(f.params[j].value)
      expect(f.params[j].upper!).toBeGreaterThan(f.params[j].value)
    }
  })

  it('fits 1 − y when target is auto and the curve is a pass rate, and predicts in input units', () => {
    const c = curve((k) => 1 - 0.6 * k ** -0.3, { quantity: 'pass' })
    const f = run(powerLaw, c, { gridMax: 1e6 }).fits[0]
    expect(f.target).toBe('s (1 − y)')
    expect(f.params[1].value).toBeCloseToRel(0.3, 1e-9)
    expect(f.predict!(1e6)).toBeCloseToRel(1 - 0.6 * 1e6 ** -0.3, 1e-9)
    // k beyond data: the fitted curve is extended to gridMax.
    expect(f.curve!.x.at(-1)).toBeCloseToRel(1e6, 1e-12)
    expect(f.curve!.y.at(-1)!).toBeCloseToRel(1 - 0.6 * 1e6 ** -0.3, 1e-9)
  })

  it('extends the fitted curve to gridMaxFactor × the largest k fitted, and gridMax wins when both are set', () => {
    const c = curve((k) => 0.6 * k ** -0.3, { quantity: 'failure' })
    const kMax = Math.max(...ks)
    const f = run(powerLaw, c, { gridMaxFactor: 100 }).fits[0]
    expect(f.target).toBe('s')
    expect(f.curve!.x[0]).toBe(1)
    expect(f.curve!.x.at(-1)).toBeCloseToRel(100 * kMax, 1e-12)
    expect(f.curve!.y.at(-1)!).toBeCloseToRel(0.6 * (100 * kMax) ** -0.3, 1e-9)
    expect(run(powerLaw, c, { gridMaxFactor: 100, gridMax: 5e3 }).fits[0].curve!.x.at(-1)).toBeCloseToRel(5e3, 1e-12)
    expect(run(powerLaw, c).fits[0].curve!.x.at(-1)).toBe(kMax)
  })

  it('refuses k ≤ 0 with a failed status and the reason', () => {
    const c = curve((k) => k ** -1)
    c.series[0].x = [0, ...c.series[0].x.slice(1)]
    const f = run(powerLaw, c, { space: 'linear' }).fits[0]
    expect(f.status).toBe('failed')
    expect(f.message).toBe('x = 0 at point 0 is not positive (x^(−b) needs x > 0)')
  })

  it('gives b = 0 with a finite SE on a flat curve', () => {
    const f = run(
      powerLaw,
      curve(() => 0.25),
    ).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(0.25, 1e-12)
    expect(Math.abs(f.params[1].value)).toBeLessThan(1e-12)
  })

  it('ignores a gross outlier with Huber loss', () => {
    const c = curve((k) => 0.8 * k ** -0.45, {}, 0.01)
    c.series[0].y[25] *= 1000
    const l2 = run(powerLaw, c).fits[0],
      hub = run(powerLaw, c, { loss: 'huber' }).fits[0]
    expect(Math.abs(l2.params[1].value - 0.45)).toBeGreaterThan(0.02)
    expect(hub.params[1].value).toBeCloseToRel(0.45, 0.02)
  })

  it('drops NaN and non-positive points with warnings, and fails honestly with no points left', () => {
    const c = curve((k) => 0.8 * k ** -0.45)
    c.series[0].y[0] = NaN
    c.series[0].y[1] = 0
    const ctx = createTestContext()
    const f = run(powerLaw, c, {}, ctx).fits[0]
    expect(f.status).toBe('converged')
    expect(ctx.warnings.map((w) => w.code).sort()).toEqual(['FIT_NONPOSITIVE_DROPPED', 'FIT_POINTS_DROPPED'])
    const g = run(powerLaw, c, { xMin: 1e9 }, ctx).fits[0]
    expect(g.status).toBe('failed')
    expect(g.message).toBe('no usable points in the selected x-range')
  })

  it('throws PASSK_SERIES_NOT_FOUND naming the available labels, and PASSK_BAD_OPTIONS for xMin > xMax', () => {
    const c = curve((k) => k ** -1)
    try {
      run(powerLaw, c, { series: 'nope' })
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_SERIES_NOT_FOUND')
      expect((e as Error).message).toBe('fitters/power-law: curve "c" has no series labelled "nope" (it has: "s").')
    }
    try {
      run(powerLaw, c, { xMin: 10, xMax: 1 })
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_OPTIONS')
      expect((e as Error).message).toBe('fitters/power-law: xMin = 10 is above xMax = 1.')
    }
    const empty = { ...c, series: [] }
    try {
      run(powerLaw, empty)
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_EMPTY_INPUT')
      expect((e as Error).message).toBe('fitters/power-law: curve "c" has no series to fit.')
    }
  })

  it('runs through the real pipeline runner and lands in results', async () => {
    const src = defineSource({
      name: 'pl-src',
      version: '0.0.0',
      summary: 's',
      options: z.object({}),
      produces: 'Curve',
      run: () => curve((k) => 0.5 * k ** -0.6),
    })
    const o = await runPlugins([{ plugin: src }, { plugin: powerLaw }])
    expect(lastOutput<Fit>(o).fits[0].params[1].value).toBeCloseToRel(0.6, 1e-9)
    expect(o.results.fits[0].model).toBe('power-law')
  })
})

describe('powerLawOffset', () => {
  it('recovers c, a, b from a noiseless curve (1e-7)', () => {
    const f = run(
      powerLawOffset,
      curve((k) => 0.05 + 0.9 * k ** -0.6),
    ).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params.map((p) => p.value)).toEqual([
      expect.closeTo(0.05, 8),
      expect.closeTo(0.9, 7),
      expect.closeTo(0.6, 7),
    ])
  })

  it('recovers parameters from noisy data within 3 SE, and SEs match the bootstrap within 1.5×', () => {
    const f = run(
      powerLawOffset,
      curve((k) => 0.05 + 0.9 * k ** -0.6, {}, 0.01, 5),
      { bootstrap: 300 },
    ).fits[0]
    for (const [j, t, name] of [
      [0, 0.05, 'c'],
      [1, 0.9, 'a'],
      [2, 0.6, 'b'],
    ] as const) {
      expect(Math.abs(f.params[j].value - t)).toBeLessThan(3 * f.params[j].stdErr!)
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
  })

  it('reports a flat curve as singular (a and b not identifiable) with null SEs', () => {
    const f = run(
      powerLawOffset,
      curve(() => 0.3),
    ).fits[0]
    expect(['singular', 'at-bound']).toContain(f.status)
    expect(f.predict!(1000)).toBeCloseToRel(0.3, 1e-6)
  })
})

describe('expPowerLaw', () => {
  it('recovers a and b from a noiseless coverage curve, starting far off', () => {
    const f = run(
      expPowerLaw,
      curve((k) => Math.exp(-2.5 * k ** -0.35), { quantity: 'pass' }),
    ).fits[0]
    expect(f.status).toBe('converged')
    expect(f.params[0].value).toBeCloseToRel(2.5, 1e-8)
    expect(f.params[1].value).toBeCloseToRel(0.35, 1e-8)
  })

  it('recovers parameters within 3 SE from noisy data and its SEs match the bootstrap within 1.5×', () => {
    const rng = createRng(9)
    const c = curve((k) => Math.exp(-2.5 * k ** -0.35), { quantity: 'pass' })
    c.series[0].y = c.series[0].y.map((v) => v + 0.005 * rng.normal())
    const f = run(expPowerLaw, c, { bootstrap: 300 }).fits[0]
    for (const [j, t, name] of [
      [0, 2.5, 'a'],
      [1, 0.35, 'b'],
    ] as const) {
      expect(Math.abs(f.params[j].value - t)).toBeLessThan(3 * f.params[j].stdErr!)
      const ratio = f.params[j].stdErr! / f.derived![`bootstrapSd_${name}`]
      expect(ratio).toBeGreaterThan(1 / 1.5)
      expect(ratio).toBeLessThan(1.5)
    }
  })

  it('refuses values outside [0, 1] with a failed status and a reason', () => {
    const ctx = createTestContext()
    const f = run(
      expPowerLaw,
      curve((k) => 2 + k),
      {},
      ctx,
    ).fits[0]
    expect(f.status).toBe('failed')
    expect(f.message).toMatch(/outside \[0, 1\]/)
    expect(ctx.warnings[0].code).toBe('FIT_FAILED')
  })
})
