import { describe, expect, it } from 'vitest'
import { createRegistry, createRng, isPasskError, optionsJsonSchema, type Curve, type Fit } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import fitters, { betaPassk, betaBinomial, betaPassAtK } from './index.js'
import pkg from '../package.json' with { type: 'json' }

const ks = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
const passCurve = (): Curve => {
  const rng = createRng(5)
  return {
    kind: 'Curve',
    id: 'passk',
    title: 'p',
    xLabel: 'k',
    yLabel: 'pass@k',
    xScale: 'log',
    yScale: 'linear',
    quantity: 'pass',
    series: [{ label: 'm', x: ks, y: ks.map((k) => betaPassAtK(k, 0.9, 3, 0.35) + 0.003 * rng.normal()) }],
  }
}

describe('@passk/fitters package', () => {
  it('has meta matching package.json and registers every plugin under fitters/', () => {
    expect(fitters.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'fitters' })
    const reg = createRegistry().use(fitters)
    expect(fitters.plugins.map((p) => p.name)).toEqual([
      'power-law',
      'power-law-offset',
      'exp-power-law',
      'local-slope',
      'beta-eff-saturation',
      'beta-passk',
      'beta-binomial',
      'k-eff',
      'two-tail',
      'compute-allocation',
      'difficulty-pdf',
      'scaling-exponents',
      'compute-split',
      'extrapolate',
      'kumaraswamy',
      'eb-posterior',
    ])
    void reg
  })

  it('gives every option a description and a JSON Schema that round-trips its defaults', () => {
    for (const p of fitters.plugins) {
      const js = optionsJsonSchema(p) as { properties: Record<string, { description?: string }> }
      for (const [k, v] of Object.entries(js.properties)) expect(v.description, `${p.name}.${k}`).toBeTruthy()
      expect(() => p.options.parse({})).not.toThrow()
      expect(() => p.options.parse({ noSuchOption: 1 })).toThrow()
    }
  })

  it('is deterministic for a fixed seed (bootstrap included)', () => {
    const o = betaPassk.options.parse({ bootstrap: 30 })
    const a = betaPassk.run(passCurve(), o, createTestContext({ seed: 7 })) as Fit
    const b = betaPassk.run(passCurve(), o, createTestContext({ seed: 7 })) as Fit
    expect(a.fits[0].params).toEqual(b.fits[0].params)
    expect(a.fits[0].params[2].lower).toBeDefined()
  })

  it('stops with PASSK_ABORTED when the signal is aborted (curve fitter and bootstrap over problems)', () => {
    const ac = new AbortController()
    ac.abort()
    const ctx = createTestContext({ signal: ac.signal })
    expect(() => betaPassk.run(passCurve(), betaPassk.options.parse({}) as never, ctx)).toThrow(
      expect.objectContaining({ code: 'PASSK_ABORTED' }),
    )
    const t = {
      kind: 'TrialOutcomes' as const,
      meta: {},
      groups: [{ label: 'g', problems: ['a', 'b', 'c'], n: Int32Array.from([5, 5, 5]), c: Int32Array.from([1, 2, 0]) }],
    }
    try {
      void betaBinomial.run(t, betaBinomial.options.parse({ bootstrap: 10 }), ctx)
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_ABORTED')
    }
  })
})
