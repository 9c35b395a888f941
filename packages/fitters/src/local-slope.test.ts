import { describe, expect, it } from 'vitest'
import { isPasskError, type Curve } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { localSlope } from './local-slope.js'

const grid = (from: number, to: number, perDecade: number) => {
  const v: number[] = []
  for (let e = Math.log10(from); e <= Math.log10(to) + 1e-9; e += 1 / perDecade) v.push(Math.round(10 ** e))
  return [...new Set(v)]
}
function linf(
  fn: (k: number, N: number) => number,
  Ns: number[],
  ks = grid(1, 2000, 40),
  meta: Record<string, unknown> = {},
): Curve {
  return {
    kind: 'Curve',
    id: 'linf',
    title: 'L_inf',
    xLabel: 'k',
    yLabel: 'L',
    xScale: 'log',
    yScale: 'log',
    quantity: 'failure',
    meta,
    series: Ns.map((N) => ({ label: `N=${N}`, attrs: { N }, x: ks, y: ks.map((k) => fn(k, N)) })),
  }
}
const run = (c: Curve, o: Record<string, unknown> = {}, ctx = createTestContext()) =>
  localSlope.run(c, localSlope.options.parse(o), ctx) as Curve

describe('localSlope', () => {
  it('returns the exponent of exact power laws per N, sorted by N', () => {
    const c = linf((k, N) => 0.3 * k ** -(N / 1000), [2000, 500, 1000])
    const out = run(c)
    expect(out.id).toBe('beta-eff')
    expect(out.series[0].x).toEqual([500, 1000, 2000])
    out.series[0].y.forEach((b, i) => expect(b).toBeCloseToRel([0.5, 1, 2][i], 1e-12))
  })

  it('matches numpy polyfit slope and SE in a given window (tools/reference/fitters-local-slope.py)', () => {
    const ctx = createTestContext()
    const out = run(
      linf((k) => k ** -0.7 * Math.exp(0.05 * Math.sin(3 * k)), [100], grid(1, 2000, 40)),
      { k1: 10, k2: 1000 },
      ctx,
    )
    expect(out.series[0].y[0]).toBeCloseToRel(0.6995995239941809, 1e-10)
    expect(out.series[0].se![0]).toBeCloseToRel(0.002929858645120678, 1e-8)
    expect(ctx.tables[0].rows[0].slice(2, 5)).toEqual([10, 1000, 79])
  })

  it('picks the straightest window automatically: the k^-β tail of a two-tail curve', () => {
    // L = k^-0.5 + 30·k^-2: curved below k ≈ 30, a clean k^-0.5 law at the top decade.
    const ctx = createTestContext()
    const out = run(
      linf((k) => k ** -0.5 + 30 * k ** -2, [1]),
      {},
      ctx,
    )
    const [, , k1, k2] = ctx.tables[0].rows[0] as number[]
    expect(k1).toBeGreaterThanOrEqual(150)
    expect(k2).toBeGreaterThanOrEqual(1500)
    expect(out.series[0].y[0]).toBeCloseToRel(0.5, 0.01)
  })

  it('ignores points below meta.resolutionFloor and warns when the window crosses it', () => {
    const ctx = createTestContext()
    // L = 0.5·k^-1 falls below the floor 1e-3 at k > 500.
    const out = run(
      linf((k) => 0.5 / k, [10], grid(1, 2000, 40), { resolutionFloor: 1e-3 }),
      { k1: 100, k2: 2000 },
      ctx,
    )
    expect(out.series[0].y[0]).toBeCloseToRel(1, 1e-12)
    expect(ctx.warnings.map((w) => w.code)).toEqual(['WINDOW_CROSSES_FLOOR'])
    expect(ctx.tables[0].rows[0][3]).toBe(Math.max(...grid(1, 2000, 40).filter((k) => 0.5 / k >= 1e-3)))
  })

  it('skips a series with too few points with a warning, and rejects series without attrs.N', () => {
    const ctx = createTestContext()
    const out = run(
      linf((k) => 1 / k, [10], [1, 2]),
      {},
      ctx,
    )
    expect(out.series[0].x).toEqual([])
    expect(ctx.warnings[0].code).toBe('LOCAL_SLOPE_SKIPPED')
    const c = linf((k) => 1 / k, [10])
    delete c.series[0].attrs
    try {
      run(c)
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_BAD_INPUT')
      expect((e as Error).message).toBe(
        'fitters/local-slope: series "N=10" of curve "linf" has no numeric attrs.N (β_eff is reported against N).',
      )
    }
  })
})

describe('localSlope window ends (issue 18 D1)', () => {
  // The grid as the old expandGrid built it, exp(log(1) + t·log(1e5)) for t = i/40: point 32 is 10000.000000000009.
  const oldGrid = Array.from({ length: 41 }, (_, i) => Math.exp((i / 40) * Math.log(1e5)))
  it('keeps a last point that rounding put just past k2 (17 points in [1e2, 1e4], not 16)', () => {
    expect(oldGrid[32]).toBeGreaterThan(1e4)
    const ctx = createTestContext()
    const out = run(
      linf((k) => 0.2 * k ** -0.4, [100], oldGrid),
      { k1: 100, k2: 1e4 },
      ctx,
    )
    expect(ctx.tables[0].rows[0][4]).toBe(17)
    expect(ctx.tables[0].rows[0][3]).toBe(oldGrid[32])
    expect(out.series[0].y[0]).toBeCloseToRel(0.4, 1e-12)
    expect(ctx.warnings).toEqual([])
  })
  it('warns when a requested window end falls between grid points', () => {
    const ctx = createTestContext()
    run(
      linf((k) => 0.2 * k ** -0.4, [100], oldGrid),
      { k1: 100, k2: 5000 },
      ctx,
    )
    expect(ctx.warnings.map((w) => w.code)).toEqual(['WINDOW_END_OFF_GRID'])
    expect(ctx.warnings[0].message).toMatch(/window end 5000 is not on the k grid/)
    // the window ends at the last point below 5000: 10^(29/8) = 4216.97
    expect(ctx.tables[0].rows[0][3]).toBeCloseToRel(10 ** (29 / 8), 1e-12)
  })
})

describe("localSlope on log₁₀ L_inf (passk-target output: 'log10', issue 18)", () => {
  it('reads quantity log10-failure as log₁₀ L: slopes of curves far below 1e-300 are exact', () => {
    const ks = grid(1, 1e4, 10)
    const c = linf((k) => -400 + Math.log10(0.2) - 0.4 * Math.log10(k), [100], ks)
    c.quantity = 'log10-failure'
    c.yScale = 'linear'
    const out = run(c, { k1: 100, k2: 1e4 })
    expect(out.series[0].y[0]).toBeCloseToRel(0.4, 1e-12)
  })
})
