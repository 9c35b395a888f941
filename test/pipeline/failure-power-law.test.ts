// Moved from packages/evaluators/src/failure.test.ts (assertions unchanged): it runs an evaluator and a fitter
// together, and evaluators do not depend on fitters (issue 12).
import { describe, expect, it } from 'vitest'
import { type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { failure, failureOptions } from '@passk/evaluators'
import { powerLaw } from '@passk/fitters'

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
  it('gives power-law the fit it makes on 1 − pass@k itself, labelled with the series name (a = 0.8, b = 0.6)', () => {
    const c = passCurve(),
      ctx = createTestContext({ seed: 1 })
    const f = failure.run(c, failureOptions.parse({}), ctx) as Curve
    const onFailure = (powerLaw.run(f, powerLaw.options.parse({}), ctx) as Fit).fits[0]
    const flipped = (powerLaw.run(c, powerLaw.options.parse({ target: 'failure' }), ctx) as Fit).fits[0]
    expect(onFailure.target).toBe('model-a')
    expect(flipped.target).toBe('model-a (1 − y)')
    expect(onFailure.params[0].value).toBeCloseToRel(0.8, 1e-9)
    expect(onFailure.params[1].value).toBeCloseToRel(0.6, 1e-9)
    expect(onFailure.params[1].value).toBeCloseToRel(flipped.params[1].value, 1e-9)
    expect(onFailure.predict!(1000)).toBeCloseToRel(0.8 * 1000 ** -0.6, 1e-9)
  })
})
