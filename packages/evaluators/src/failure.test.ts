import { describe, expect, it } from 'vitest'
import { type Curve } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { failure, failureOptions } from './failure.js'

/** pass@k = 1 − 0.8·k^(−0.6) with a ±0.02 band: the failure rate is an exact power law (closed form). */
function passCurve(quantity: string | null = 'pass'): Curve {
  const x = [1, 2, 4, 8, 16, 32, 64]
  const y = x.map((k) => 1 - 0.8 * k ** -0.6)
  return {
    kind: 'Curve',
    id: 'passk',
    title: 'pass@k',
    xLabel: 'k',
    yLabel: 'pass@k',
    xScale: 'log',
    yScale: 'linear',
    ...(quantity ? { quantity } : {}),
    series: [
      {
        label: 'model-a',
        x,
        y,
        lower: y.map((v) => v - 0.02),
        upper: y.map((v) => Math.min(1, v + 0.01)),
        se: y.map(() => 0.01),
        style: 'data',
      },
    ],
  }
}

describe('failure', () => {
  it('maps y → 1 − y, flips and swaps the band, keeps se, and sets log-log axes and quantity "failure"', () => {
    const c = passCurve()
    const f = failure.run(c, failureOptions.parse({}), createTestContext()) as Curve
    const s = c.series[0],
      t = f.series[0]
    expect(f).toMatchObject({
      kind: 'Curve',
      id: 'passk-failure',
      quantity: 'failure',
      xScale: 'log',
      yScale: 'log',
      yLabel: '1 − pass@k',
    })
    expect(t.label).toBe('model-a')
    for (let i = 0; i < s.x.length; i++) {
      expect(t.y[i]).toBeCloseToRel(0.8 * s.x[i] ** -0.6, 1e-12)
      expect(t.lower![i]).toBeCloseToRel(1 - s.upper![i], 1e-15)
      expect(t.upper![i]).toBeCloseToRel(1 - s.lower![i], 1e-15)
      expect(t.lower![i]).toBeLessThanOrEqual(t.y[i])
      expect(t.upper![i]).toBeGreaterThanOrEqual(t.y[i])
    }
    expect(t.se).toEqual(s.se)
    expect(f.meta).toMatchObject({ from: 'passk' })
  })

  it('passes NaN through as a missing point and takes a curve without quantity as pass rates, with a warning', () => {
    const c = passCurve(null)
    c.series[0].y[2] = NaN
    const ctx = createTestContext()
    const f = failure.run(c, failureOptions.parse({ id: 'fail' }), ctx) as Curve
    expect(f.id).toBe('fail')
    expect(f.series[0].y[2]).toBeNaN()
    expect(ctx.warnings.map((w) => w.code)).toEqual(['FAILURE_QUANTITY_UNKNOWN'])
  })

  it('refuses a curve of another quantity (PASSK_BAD_QUANTITY) and y outside [0, 1] (PASSK_BAD_VALUE), naming curve, series and point', () => {
    expect(() => failure.run(passCurve('loss'), failureOptions.parse({}), createTestContext())).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_QUANTITY',
        message: 'evaluators/failure: curve "passk" measures "loss", not pass rates.',
      }),
    )
    const c = passCurve()
    c.series[0].y[3] = 1.5
    expect(() => failure.run(c, failureOptions.parse({}), createTestContext())).toThrow(
      expect.objectContaining({
        code: 'PASSK_BAD_VALUE',
        message:
          'evaluators/failure: curve "passk", series "model-a", point 3 (x = 8): y = 1.5 is not a pass rate in [0, 1].',
      }),
    )
    expect(() => failure.run({ ...passCurve(), series: [] }, failureOptions.parse({}), createTestContext())).toThrow(
      expect.objectContaining({ code: 'PASSK_EMPTY_INPUT' }),
    )
  })
})
