/// <reference path="../../../test/setup/matchers.ts" />
import { describe, expect, it } from 'vitest'
import type { Curve, LinearPredictors } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { genLoss, genLossOptions } from './gen-loss.js'
import { lidFixture } from './internal/lid-fixture.js'

const evalGen = (p: LinearPredictors, opts: Record<string, unknown> = {}) => {
  const ctx = createTestContext({ seed: 1 })
  return { c: genLoss.run(p, genLossOptions.parse(opts), ctx) as Curve, ctx }
}

// Δθ for replicate r at sweep index n: a fixed direction scaled by 1/(n+1) and (1 + r).
const dir = [0.3, -0.2, 0.5, 0.1]
const perturb = (r: number, n: number) => dir.map((v) => (v * (1 + r)) / (n + 1))
const eig = new Float64Array([0.4, 0.3, 0.2, 0.1])

describe('genLoss', () => {
  it('computes Δθᵀ Σ Δθ exactly in population mode and averages replicates with sd/√R (LID Eq. 8, 32)', () => {
    const p = lidFixture({ d: 4, nTest: 10, ns: [8, 16], replicates: 3, eig, perturb })
    const { c } = evalGen(p)
    const q = dir.reduce((a, v, j) => a + eig[j] * v * v, 0)
    // replicate r contributes q·(1+r)²/(n+1)²: mean over r of (1, 4, 9) = 14/3, sd =
    // √(((1−14/3)²+(4−14/3)²+(9−14/3)²)/2)
    const m = 14 / 3,
      sd = Math.sqrt(((1 - m) ** 2 + (4 - m) ** 2 + (9 - m) ** 2) / 2)
    expect(c.series[0].y[0]).toBeCloseToRel(q * m, 1e-14)
    expect(c.series[0].y[1]).toBeCloseToRel((q * m) / 4, 1e-14)
    expect(c.series[0].se![0]).toBeCloseToRel((q * sd) / Math.sqrt(3), 1e-13)
    expect(c.meta).toMatchObject({ mode: 'population', seKind: 'replicates' })
    expect(c.id).toBe('gen-loss')
  })

  it('averages (x·Δθ)² over the test set in test-set mode, with the test-mean standard error for R = 1', () => {
    const p = lidFixture({ d: 4, nTest: 4000, ns: [8], eig, perturb })
    const { c } = evalGen(p, { mode: 'test-set' })
    const t = p.data.replicates[0].test
    let s = 0,
      s2 = 0
    for (let i = 0; i < t.n; i++) {
      let b = 0
      for (let j = 0; j < 4; j++) b += t.x[i * 4 + j] * dir[j]
      s += b * b
      s2 += b ** 4
    }
    const mean = s / t.n
    expect(c.series[0].y[0]).toBeCloseToRel(mean, 1e-12)
    expect(c.series[0].se![0]).toBeCloseToRel(Math.sqrt((s2 / t.n - mean * mean) / (t.n - 1)), 1e-10)
    // and agrees with the exact population value within 4 standard errors
    const pop = dir.reduce((a, v, j) => a + eig[j] * v * v, 0)
    expect(Math.abs(c.series[0].y[0] - pop)).toBeLessThan(4 * c.series[0].se![0])
  })

  it('uses the test mean targets m_i when there is no teacher, and applies lossScale', () => {
    const p = lidFixture({ d: 4, nTest: 50, ns: [8], eig, perturb, teacher: false, population: false })
    p.data.lossScale = 2.5
    const { c } = evalGen(p)
    const t = p.data.replicates[0].test,
      th = p.fits[0].theta
    let s = 0
    for (let i = 0; i < t.n; i++) {
      let yh = 0
      for (let j = 0; j < 4; j++) yh += t.x[i * 4 + j] * th[j]
      s += (yh - t.m[i]) ** 2
    }
    expect(c.series[0].y[0]).toBeCloseToRel((2.5 * s) / t.n, 1e-10)
    expect(String(c.meta!.target)).toContain('m_i')
  })

  it('adds the Eq. 38 reference σ²_noise·d/(N − d − 1) for N > d + 1', () => {
    const p = lidFixture({ d: 4, nTest: 10, ns: [4, 6, 20], eig, perturb, sigmaEta: 0.5, tauShape: 2 })
    const { c } = evalGen(p, { reference: true })
    const ref = c.series[1]
    expect(ref.style).toBe('reference')
    expect(ref.x).toEqual([6, 20])
    // β = 4: σ²_noise = 2·0.25/2 = 0.25
    expect(ref.y[1]).toBeCloseToRel((0.25 * 4) / 15, 1e-14)
  })

  it('fails with PASSK_NO_POPULATION when population mode is forced on real data', () => {
    const p = lidFixture({ d: 4, nTest: 10, ns: [8], eig, perturb, population: false })
    expect(() => evalGen(p, { mode: 'population' })).toThrow(expect.objectContaining({ code: 'PASSK_NO_POPULATION' }))
  })

  it('fails with PASSK_SHAPE_MISMATCH when predictors and data disagree on d', () => {
    const p = lidFixture({ d: 4, nTest: 10, ns: [8], eig, perturb })
    expect(() => evalGen({ ...p, d: 3 })).toThrow(expect.objectContaining({ code: 'PASSK_SHAPE_MISMATCH' }))
  })
})
