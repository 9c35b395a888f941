/// <reference path="../../../test/setup/matchers.ts" />
import { describe, expect, it } from 'vitest'
import type { Curve } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { passkAsymptote, passkAsymptoteOptions, logC1 } from './passk-asymptote.js'
import { lidFixture } from './internal/lid-fixture.js'

describe('passkAsymptote', () => {
  it('gives C1 = 8/(√π c_δ³) for β = 3 (LID Eq. 15/48: Γ(3) = 2, Γ(3/2) = √π/2)', () => {
    const cd = (Math.sqrt(2 / Math.PI) * 0.2) / 0.5
    expect(Math.exp(logC1(3, 0.2, 0.5))).toBeCloseToRel(8 / (Math.sqrt(Math.PI) * cd ** 3), 1e-13)
  })

  it('produces the reference series C1·k^−β from the population law, with deltaScale applied', () => {
    const p = lidFixture({ d: 2, nTest: 3, ns: [4], perturb: () => [0, 0], sigmaEta: 0.5, tauShape: 1.5 })
    p.data.deltaScale = 2
    const c = passkAsymptote.run(
      p,
      passkAsymptoteOptions.parse({ k: [1, 100], delta: 0.1 }),
      createTestContext(),
    ) as Curve
    const C1 = Math.exp(logC1(3, 0.2, 0.5))
    expect(c.series[0].style).toBe('reference')
    expect(c.series[0].y[1]).toBeCloseToRel(C1 * 1e-6, 1e-13)
  })

  it('falls back to meta.beta/meta.sigmaEta and fails with PASSK_NO_POPULATION when neither is known', () => {
    const p = lidFixture({ d: 2, nTest: 3, ns: [4], perturb: () => [0, 0], population: false })
    p.data.meta = { beta: 4, sigmaEta: 1 }
    const c = passkAsymptote.run(
      p.data,
      passkAsymptoteOptions.parse({ k: [10], delta: 1 }),
      createTestContext(),
    ) as Curve
    expect(c.series[0].y[0]).toBeCloseToRel(Math.exp(logC1(4, 1, 1) - 4 * Math.log(10)), 1e-14)
    p.data.meta = {}
    expect(() => passkAsymptote.run(p.data, passkAsymptoteOptions.parse({}), createTestContext())).toThrow(
      expect.objectContaining({ code: 'PASSK_NO_POPULATION' }),
    )
  })
})
