/// <reference path="../../../test/setup/matchers.ts" />
import { describe, expect, it } from 'vitest'
import { createRng, special } from '@passk/core'
import type { Curve, LinearPredictors } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { passkTarget, passkTargetOptions, testSetLogLinf } from './passk-target.js'
import { lidFixture } from './internal/lid-fixture.js'
import { populationLinf } from './internal/population.js'

const evalT = (p: LinearPredictors, opts: Record<string, unknown> = {}, seed = 1) => {
  const ctx = createTestContext({ seed })
  return { c: passkTarget.run(p, passkTargetOptions.parse(opts), ctx) as Curve, ctx }
}
const eig = new Float64Array([0.5, 0.3, 0.2])
const dir = [0.4, -0.3, 0.6]
const scaled = (f: number) => () => dir.map((v) => v * f)

/** Brute force in linear space: p_i = 1 − (Φ(u) − Φ(l)) with core normCdf, mean of p_i^k. */
function bruteLinf(p: LinearPredictors, n: number, delta: number, k: number): number {
  const t = p.data.replicates[0].test,
    th = p.fits[0].theta,
    d = p.d
  let s = 0
  for (let i = 0; i < t.n; i++) {
    let yh = 0
    for (let j = 0; j < d; j++) yh += t.x[i * d + j] * th[n * d + j]
    const B = yh - t.m[i]
    const pi = 1 - (special.normCdf((delta - B) / t.s[i]) - special.normCdf((-delta - B) / t.s[i]))
    s += Math.pow(pi, k)
  }
  return s / t.n
}

describe('testSetLogLinf', () => {
  it('equals log-mean-exp of k·log p (core logSumExp) when most terms underflow and are skipped', () => {
    const lp = Float64Array.from([-50, -0.001, -1000, -2, -0.5])
    const ks = [1, 10, 1000, 1e5]
    const out = new Float64Array(4),
      se = new Float64Array(4)
    testSetLogLinf(lp, ks, out, se)
    ks.forEach((k, q) =>
      expect(out[q]).toBeCloseToRel(special.logSumExp(Array.from(lp, (v) => k * v)) - Math.log(5), 1e-13),
    )
    // se of the mean of p^k: √((mean p^{2k} − L²)/(n − 1)), here at k = 1 by hand
    const p1 = Array.from(lp, Math.exp),
      m = p1.reduce((a, b) => a + b) / 5
    expect(se[0]).toBeCloseToRel(Math.sqrt((p1.reduce((a, b) => a + b * b, 0) / 5 - m * m) / 4), 1e-12)
  })
})

describe('testSetLogLinf early stop', () => {
  it('is bit-identical to summing every term (same order, no early stop) on LID-like log p', () => {
    // Straightforward reference: shift by the max, sort, sum all n terms largest first.
    const reference = (lp: Float64Array, ks: number[]) => {
      const n = lp.length
      let lmax = -Infinity
      for (const v of lp) lmax = Math.max(lmax, v)
      const gap = Float64Array.from(lp, (v) => v - lmax).sort()
      return ks.map((k) => {
        let s1 = 0,
          s2 = 0
        for (let i = n - 1; i >= 0; i--) {
          const e = Math.exp(k * gap[i])
          s1 += e
          s2 += e * e
        }
        const m = s1 / n
        return [k * lmax + Math.log(s1 / n), Math.exp(k * lmax) * Math.sqrt(Math.max(0, s2 / n - m * m) / (n - 1))]
      })
    }
    const rng = createRng('early-stop')
    const ks = Array.from({ length: 40 }, (_, q) => Math.pow(10, (4 * q) / 39))
    for (const [n, spread] of [
      [4096, 30],
      [257, 0.01],
      [1000, 3],
      [2, 40],
    ]) {
      // log p from p near 1 (hard points, lp ≈ 0) down to very easy points (lp ≈ −spread·|z|³)
      const lp = new Float64Array(n)
      for (let i = 0; i < n; i++) lp[i] = -spread * Math.abs(rng.normal()) ** 3 - 1e-6 * rng.uniform()
      const out = new Float64Array(ks.length),
        se = new Float64Array(ks.length)
      testSetLogLinf(lp, ks, out, se)
      const want = reference(lp, ks)
      ks.forEach((_, q) => {
        expect(out[q]).toBe(want[q][0])
        expect(se[q]).toBe(want[q][1])
      })
    }
  })
})

describe('passkTarget', () => {
  it('matches a linear-space brute force of mean p_i^k in test-set mode (LID Eq. 13)', () => {
    const p = lidFixture({
      d: 3,
      nTest: 300,
      ns: [4, 8],
      eig,
      sigmaEta: 1,
      perturb: (_r, n) => dir.map((v) => v / (n + 1)),
    })
    const { c } = evalT(p, { mode: 'test-set', delta: 0.3, k: [1, 3, 10, 30] })
    expect(c.id).toBe('linf')
    expect(c.series.map((s) => s.attrs!.N)).toEqual([4, 8])
    for (const n of [0, 1])
      c.series[n].x.forEach((k, q) => expect(c.series[n].y[q]).toBeCloseToRel(bruteLinf(p, n, 0.3, k), 1e-6))
  })

  it('keeps values near 1e-228 exact and reports NaN with a warning below 1e-300', () => {
    // s_i = 0.1 for all points and B = 0: p = 2Φ(−10), log p = −52.53813796995253 (scipy log_ndtr).
    const p = lidFixture({ d: 3, nTest: 5, ns: [4], eig, perturb: () => [0, 0, 0] })
    p.data.replicates[0].test.s.fill(0.1)
    const { c, ctx } = evalT(p, { mode: 'test-set', delta: 1, k: [10, 20] })
    expect(Math.log(c.series[0].y[0])).toBeCloseToRel(10 * -52.53813796995253, 1e-9)
    expect(c.series[0].y[1]).toBeNaN()
    expect(ctx.warnings.map((w) => w.code)).toContain('LINF_UNDERFLOW')
  })

  it("output: 'log10' reports log₁₀ L_inf below 1e-300 as well (issue 18), with no underflow warning", () => {
    // as above: log p = −52.53813796995253 (scipy log_ndtr), so log₁₀ L_inf(k) = k·log p/ln 10 for every k
    const p = lidFixture({ d: 3, nTest: 5, ns: [4], eig, perturb: () => [0, 0, 0] })
    p.data.replicates[0].test.s.fill(0.1)
    const { c, ctx } = evalT(p, { mode: 'test-set', delta: 1, k: [10, 20, 1000], output: 'log10' })
    expect(c.quantity).toBe('log10-failure')
    expect(c.yScale).toBe('linear')
    ;[10, 20, 1000].forEach((k, q) =>
      expect(c.series[0].y[q]).toBeCloseToRel((k * -52.53813796995253) / Math.LN10, 1e-9),
    )
    expect(ctx.warnings.map((w) => w.code)).not.toContain('LINF_UNDERFLOW')
  })

  it('agrees with Monte Carlo target draws within 4 standard errors', () => {
    const p = lidFixture({ d: 3, nTest: 400, ns: [4], eig, sigmaEta: 1, perturb: scaled(0.5) })
    const ks = [1, 2, 5, 10, 20, 50]
    const ex = evalT(p, { mode: 'test-set', delta: 0.25, k: ks }).c.series[0]
    const mc = evalT(p, { mode: 'monte-carlo', delta: 0.25, k: ks, mcSamples: 50 }).c.series[0]
    expect(mc.x).toEqual(ks)
    ks.forEach((_, q) => expect(Math.abs(mc.y[q] - ex.y[q])).toBeLessThan(4 * mc.se![q]))
  })

  it('is deterministic in Monte Carlo mode for a fixed seed', () => {
    const p = lidFixture({ d: 3, nTest: 50, ns: [4], eig, perturb: scaled(0.5) })
    const a = evalT(p, { mode: 'monte-carlo', delta: 0.25, k: [1, 5] }, 3).c.series[0].y
    const b = evalT(p, { mode: 'monte-carlo', delta: 0.25, k: [1, 5] }, 3).c.series[0].y
    expect(b).toEqual(a)
  })

  it('uses the exact 2-D quadrature in population (auto) mode with v = Δθᵀ Σ Δθ', () => {
    const p = lidFixture({ d: 3, nTest: 10, ns: [4], eig, sigmaEta: 0.7, perturb: scaled(0.5) })
    const { c } = evalT(p, { delta: 0.2, k: [1, 10, 100] })
    const v = dir.reduce((a, x, j) => a + eig[j] * (0.5 * x) ** 2, 0)
    const ref = populationLinf(v, 1.5, 0.7, 0.2, [1, 10, 100], 1e-8)
    c.series[0].y.forEach((y, q) => expect(y).toBeCloseToRel(Math.exp(ref.logL[q]), 1e-5))
    expect(c.meta).toMatchObject({ mode: 'population' })
    expect(c.series[0].se).toBeUndefined()
  })

  it('agrees with test-set exact on a large test set where that is resolved (population vs 20k points)', () => {
    const p = lidFixture({ d: 3, nTest: 20000, ns: [4], eig, sigmaEta: 1, perturb: scaled(0.8) })
    const ks = [1, 10, 100]
    const pop = evalT(p, { mode: 'population', delta: 0.3, k: ks }).c.series[0]
    const ts = evalT(p, { mode: 'test-set', delta: 0.3, k: ks }).c.series[0]
    ks.forEach((_, q) => expect(Math.abs(pop.y[q] - ts.y[q])).toBeLessThan(4 * ts.se![q]))
  })

  it('reports the resolution floor 10/n_test, the k where each curve crosses it, and warns', () => {
    const p = lidFixture({ d: 3, nTest: 100, ns: [4], eig, sigmaEta: 1, perturb: scaled(0.1) })
    const { c, ctx } = evalT(p, { mode: 'test-set', delta: 1, k: { from: 1, to: 1e4, num: 9 } })
    expect(c.meta!.resolutionFloor).toBeCloseToRel(0.1, 1e-15)
    const s = c.series[0],
      q = s.x.indexOf(s.attrs!.kFloor as number)
    expect(q).toBeGreaterThan(0)
    expect(s.y[q]).toBeLessThan(0.1)
    expect(s.y[q - 1]).toBeGreaterThanOrEqual(0.1)
    expect(ctx.warnings.map((w) => w.code)).toContain('LINF_RESOLUTION_FLOOR')
  })

  it('model-draw against the mean target equals test-set exact with s replaced by σ_ξ (App. B.4, Eq. 46)', () => {
    const p = lidFixture({ d: 3, nTest: 200, ns: [4], eig, perturb: scaled(0.5) })
    const q = lidFixture({ d: 3, nTest: 200, ns: [4], eig, perturb: scaled(0.5) })
    q.data.replicates[0].test.s.fill(0.4)
    const md = evalT(p, { mode: 'model-draw', proposalSigma: 0.4, delta: 0.2, k: [1, 10, 50] }).c
    const ts = evalT(q, { mode: 'test-set', delta: 0.2, k: [1, 10, 50] }).c.series[0]
    md.series[0].y.forEach((y, i) => expect(y).toBe(ts.y[i]))
    expect(md.meta).toMatchObject({ modelTarget: 'mean', proposalSigma: 0.4 })
  })

  it('model-draw against a realised target: noiseless targets reduce to the mean target, noisy ones fail more', () => {
    const p = lidFixture({ d: 3, nTest: 200, ns: [4], eig, perturb: scaled(0.5) })
    const o = { mode: 'model-draw', proposalSigma: 0.4, delta: 0.2, k: [1, 10, 50] }
    const mean = evalT(p, o).c.series[0].y
    const noisy = evalT(p, { ...o, modelTarget: 'realized' }).c.series[0].y
    noisy.forEach((y, i) => expect(y).toBeGreaterThan(mean[i]))
    p.data.replicates[0].test.s.fill(1e-14)
    evalT(p, { ...o, modelTarget: 'realized' }).c.series[0].y.forEach((y, i) => expect(y).toBeCloseToRel(mean[i], 1e-9))
  })

  it('handles absurd k without hanging or allocating per k: population k = 1e200, Monte Carlo k = 1e12 on easy points', () => {
    const p = lidFixture({ d: 3, nTest: 20, ns: [4], eig, sigmaEta: 1, perturb: scaled(0.01) })
    const pop = evalT(p, { mode: 'population', delta: 1, k: [1, 1e200] })
    expect(pop.c.series[0].y[1]).toBeNaN()
    expect(pop.ctx.warnings.map((w) => w.code)).toContain('LINF_UNDERFLOW')
    // δ = 50 s: every first attempt succeeds (p ≈ 1e-545), so the run stops after one draw per point.
    p.data.replicates[0].test.s.fill(0.02)
    const mc = evalT(p, { mode: 'monte-carlo', delta: 1, k: [1, 1e12] }).c.series[0]
    expect(mc.y).toEqual([0, 0])
  })

  it('applies the data deltaScale to δ', () => {
    const p = lidFixture({ d: 3, nTest: 50, ns: [4], eig, perturb: scaled(0.5) })
    const a = evalT(p, { mode: 'test-set', delta: 0.4, k: [3] }).c.series[0].y[0]
    p.data.deltaScale = 2
    expect(evalT(p, { mode: 'test-set', delta: 0.2, k: [3] }).c.series[0].y[0]).toBe(a)
  })

  it('refuses k < 1, model-draw without σ_ξ, over-budget Monte Carlo and population mode without a law', () => {
    const p = lidFixture({ d: 3, nTest: 50, ns: [4], eig, perturb: scaled(0.5), population: false })
    expect(() => evalT(p, { k: [0.5, 2] })).toThrow(
      expect.objectContaining({ code: 'PASSK_BAD_OPTIONS', message: expect.stringContaining('k must be ≥ 1') }),
    )
    expect(() => evalT(p, { mode: 'model-draw' })).toThrow(
      expect.objectContaining({ code: 'PASSK_BAD_OPTIONS', message: expect.stringContaining('proposalSigma') }),
    )
    expect(() => evalT(p, { mode: 'monte-carlo', delta: 1e-6, k: [1e6], mcMaxDraws: 1000 })).toThrow(
      expect.objectContaining({ code: 'PASSK_MC_BUDGET' }),
    )
    expect(() => evalT(p, { mode: 'population' })).toThrow(expect.objectContaining({ code: 'PASSK_NO_POPULATION' }))
    expect(passkTargetOptions.safeParse({ delta: -1 }).success).toBe(false)
  })

  it('stops with PASSK_ABORTED when the signal is aborted', () => {
    const p = lidFixture({ d: 3, nTest: 50, ns: [4], eig, perturb: scaled(0.5) })
    const ac = new AbortController()
    ac.abort()
    const ctx = createTestContext({ signal: ac.signal })
    expect(() => passkTarget.run(p, passkTargetOptions.parse({}), ctx)).toThrow(
      expect.objectContaining({ code: 'PASSK_ABORTED' }),
    )
  })
})
