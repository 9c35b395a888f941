/// <reference path="../../../test/setup/matchers.ts" />
import { describe, expect, it } from 'vitest'
import { createRng, isPasskError, type StochasticRegression } from '@passk/core'
import { createTestContext, runPlugins, lastOutput } from '@passk/core/testing'
import { FILL_BLOCK_VALUES, fillLidRows, lid, scaleDot, lidOptions, lidSpectrum, lidTeacher, TAU_FLOOR } from './lid.js'
import pkgDefault from './index.js'
import pkg from '../package.json' with { type: 'json' }

const run = (opts: Record<string, unknown>, seed = 1) => {
  const ctx = createTestContext({ seed })
  return { out: lid.run(null, lidOptions.parse(opts), ctx) as StochasticRegression, ctx }
}

/** Regularised lower incomplete gamma P(3/2, x) = erf(√x) − 2√(x/π)·e^−x (closed form for shape 3/2). */
function gammaCdf15(x: number): number {
  // erf via its Taylor series is fine for x ≤ 4 (the points used below) to ~1e-12.
  const z = Math.sqrt(x)
  let term = z,
    sum = z
  for (let n = 1; n < 200; n++) {
    term *= (-z * z) / n
    sum += term / (2 * n + 1)
  }
  return (2 / Math.sqrt(Math.PI)) * sum - 2 * Math.sqrt(x / Math.PI) * Math.exp(-x)
}

describe('lid', () => {
  it('has package meta matching package.json and the sources namespace', () => {
    expect(pkgDefault.meta).toEqual({ name: pkg.name, version: pkg.version, namespace: 'sources' })
    expect(pkgDefault.plugins).toContain(lid)
    expect(lid.version).toBe(pkg.version)
  })

  it('builds the power-law spectrum σ_j² ∝ j^−(1+α) with tr Σ = 1 when normalised (Def. 3.1)', () => {
    const ev = lidSpectrum(100, 1.5, 'trace')
    let sum = 0
    for (const v of ev) sum += v
    expect(sum).toBeCloseToRel(1, 1e-14)
    for (const j of [2, 10, 100]) expect(ev[j - 1] / ev[0]).toBeCloseToRel(Math.pow(j, -2.5), 1e-14)
    expect(lidSpectrum(3, 1, 'none')[2]).toBeCloseToRel(1 / 9, 1e-15)
  })

  it('rescales both teachers to θ*ᵀΣθ* = signalVariance', () => {
    const ev = lidSpectrum(64, 1, 'trace')
    for (const teacher of ['isotropic', 'power-law'] as const) {
      const th = lidTeacher(createRng(3), ev, { teacher, teacherDecay: 0.7, signalVariance: 2.5 })
      let q = 0
      for (let j = 0; j < 64; j++) q += ev[j] * th[j] * th[j]
      expect(q).toBeCloseToRel(2.5, 1e-13)
    }
    const pl = lidTeacher(createRng(3), ev, { teacher: 'power-law', teacherDecay: 0.7, signalVariance: 1 })
    expect(Math.abs(pl[9]) / Math.abs(pl[0])).toBeCloseToRel(Math.pow(10, -0.7), 1e-13)
  })

  it("teacher 'per-replicate' draws θ* ~ N(0, I/d) afresh per replicate; the default shares one (issue 18)", () => {
    const d = 4000
    const { out } = run({ d, nTrain: 2, nTest: 2, replicates: 3, teacher: 'per-replicate' })
    const ths = out.replicates.map((r) => r.teacher!)
    for (const th of ths) {
      // mean of θ_j² is 1/d with standard error √(2/d)/d: within 5 of them
      const m2 = th.reduce((a, v) => a + v * v, 0) / d
      expect(Math.abs(m2 - 1 / d)).toBeLessThan((5 * Math.sqrt(2 / d)) / d)
    }
    // distinct draws: the correlation of two independent N(0, I/d) vectors is O(1/√d)
    const dot = ths[0].reduce((a, v, j) => a + v * ths[1][j], 0) * d
    expect(Math.abs(dot / d)).toBeLessThan(5 / Math.sqrt(d))
    // m = x·θ* uses the replicate's own teacher
    const r2 = out.replicates[2]
    expect(r2.train.m[0]).toBeCloseToRel(
      Array.from(ths[2]).reduce((a, v, j) => a + v * r2.train.x[j], 0),
      1e-12,
    )
    const shared = run({ d: 16, nTrain: 2, nTest: 2, replicates: 2 }).out.replicates
    expect(Array.from(shared[1].teacher!)).toEqual(Array.from(shared[0].teacher!))
  })

  it('draws features with covariance diag(σ_j²), m = x·θ*, and standard-normal label noise (Eqs. 2–3)', () => {
    const d = 8,
      n = 20000
    const { out } = run({ d, alpha: 1, beta: 3, sigmaEta: 0.5, nTrain: n, nTest: 10, replicates: 1 })
    const ev = out.population!.eigenvalues
    const { x, m, s, y } = out.replicates[0].train
    const th = out.replicates[0].teacher!
    for (let j = 0; j < d; j++) {
      let v = 0
      for (let i = 0; i < n; i++) v += x[i * d + j] ** 2
      // Var of the sample second moment of a normal is 2σ⁴/n: 5 standard errors.
      expect(Math.abs(v / n - ev[j])).toBeLessThan(5 * ev[j] * Math.sqrt(2 / n))
    }
    let maxErr = 0,
      zs = 0,
      zz = 0
    for (let i = 0; i < n; i++) {
      let acc = 0
      for (let j = 0; j < d; j++) acc += x[i * d + j] * th[j]
      maxErr = Math.max(maxErr, Math.abs(acc - m[i]))
      const z = (y[i] - m[i]) / s[i]
      zs += z
      zz += z * z
    }
    expect(maxErr).toBeLessThan(1e-14)
    expect(Math.abs(zs / n)).toBeLessThan(5 / Math.sqrt(n))
    expect(Math.abs(zz / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n))
  })

  it('fillLidRows (blocked) gives bit-identical rows to drawing all n·d normals first, then scaling (same stream)', () => {
    // The straightforward order: one fillNormal over n·d values, scale, dot, then τ and the label noise.
    const reference = (seed: string, n: number, sd: Float64Array, th: Float64Array, withY: boolean) => {
      const rng = createRng(seed),
        d = sd.length
      const x = new Float64Array(n * d),
        m = new Float64Array(n),
        s = new Float64Array(n),
        y = new Float64Array(n)
      rng.fillNormal(x)
      for (let i = 0; i < n; i++) {
        const acc = [0, 0, 0, 0] // scaleDot's four partial sums, j mod 4
        for (let j = 0; j < d; j++) {
          x[i * d + j] *= sd[j]
          acc[j % 4] += x[i * d + j] * th[j]
        }
        m[i] = acc[0] + acc[1] + (acc[2] + acc[3])
      }
      for (let i = 0; i < n; i++) s[i] = 1e-3 / Math.sqrt(Math.max(rng.gamma(1.5), TAU_FLOOR))
      if (withY) {
        rng.fillNormal(y)
        for (let i = 0; i < n; i++) y[i] = m[i] + s[i] * y[i]
      }
      return { x, m, s, y, next: rng.uniform() }
    }
    // d = 512 (16 rows per block, n not a multiple), d above the block (one row per block), d = 1.
    for (const [d, n] of [
      [512, 37],
      [3 * FILL_BLOCK_VALUES + 5, 3],
      [1, 2 * FILL_BLOCK_VALUES + 3],
    ]) {
      const sd = Float64Array.from(lidSpectrum(d, 1, 'none'), Math.sqrt)
      const th = new Float64Array(d)
      createRng('th').fillNormal(th)
      for (const withY of [true, false]) {
        const want = reference(`rows-${d}`, n, sd, th, withY)
        const rng = createRng(`rows-${d}`)
        const x = new Float64Array(n * d),
          m = new Float64Array(n),
          s = new Float64Array(n),
          y = new Float64Array(n)
        fillLidRows(rng, n, sd, th, 1.5, 1e-3, x, m, s, withY ? y : undefined)
        expect(Array.from(x)).toEqual(Array.from(want.x))
        expect(Array.from(m)).toEqual(Array.from(want.m))
        expect(Array.from(s)).toEqual(Array.from(want.s))
        if (withY) expect(Array.from(y)).toEqual(Array.from(want.y))
        // the stream is left at the same place
        expect(rng.uniform()).toBe(want.next)
      }
    }
  })

  it('scaleDot scales the row by sd and returns its dot with θ to rounding (vs a Neumaier-compensated sum)', () => {
    for (const d of [1, 2, 3, 4, 5, 7, 512, 1001]) {
      const r = createRng(`sd-${d}`)
      const x = r.fillNormal(new Float64Array(d + 3)),
        sd = r.fillNormal(new Float64Array(d)),
        th = r.fillNormal(new Float64Array(d))
      const want = Float64Array.from(x.subarray(2, 2 + d), (v, j) => v * sd[j])
      let sum = 0,
        comp = 0,
        absSum = 0
      for (let j = 0; j < d; j++) {
        const p = want[j] * th[j],
          t = sum + p
        comp += Math.abs(sum) >= Math.abs(p) ? sum - t + p : p - t + sum
        sum = t
        absSum += Math.abs(p)
      }
      const got = scaleDot(x, 2, sd, th, d)
      expect(Array.from(x.subarray(2, 2 + d))).toEqual(Array.from(want))
      expect(Math.abs(got - (sum + comp))).toBeLessThanOrEqual(d * 2.3e-16 * absSum)
    }
  })

  it('draws τ = (σ_η/s)² from Gamma(β/2, 1): empirical CDF matches P(3/2, t) for β = 3 (Eq. 1)', () => {
    const n = 40000
    const { out } = run({ d: 1, beta: 3, sigmaEta: 2, nTrain: n, nTest: 1, replicates: 1 })
    const s = out.replicates[0].train.s
    for (const t of [0.05, 0.3, 1, 2.5]) {
      let c = 0
      for (let i = 0; i < n; i++) if ((2 / s[i]) ** 2 <= t) c++
      const p = gammaCdf15(t)
      expect(Math.abs(c / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n))
    }
    expect(out.population!.tauShape).toBe(1.5)
    expect(out.meta.noiseVariance).toBeCloseToRel((2 * 4) / (3 - 2), 1e-15)
  })

  it('is deterministic per seed and a replicate does not depend on how many replicates were asked for', () => {
    const a = run({ d: 4, nTrain: 50, nTest: 20, replicates: 1 }, 7).out
    const b = run({ d: 4, nTrain: 50, nTest: 20, replicates: 3 }, 7).out
    const c = run({ d: 4, nTrain: 50, nTest: 20, replicates: 1 }, 8).out
    expect(Array.from(b.replicates[0].train.y)).toEqual(Array.from(a.replicates[0].train.y))
    expect(Array.from(b.replicates[0].test.s)).toEqual(Array.from(a.replicates[0].test.s))
    expect(b.replicates[1].train.y[0]).not.toBe(b.replicates[0].train.y[0])
    expect(c.replicates[0].train.y[0]).not.toBe(a.replicates[0].train.y[0])
  })

  it('passes the runner validation and reports progress per replicate', async () => {
    const o = await runPlugins([{ plugin: lid, options: { d: 16, nTrain: 64, nTest: 32, replicates: 2 } }], 3)
    const data = lastOutput<StochasticRegression>(o)
    expect(data.replicates).toHaveLength(2)
    expect(data.replicates[1].train.x).toHaveLength(64 * 16)
    const { ctx } = run({ d: 2, nTrain: 5, nTest: 5, replicates: 3 })
    expect(ctx.progressEvents.map((e) => e.done)).toEqual([1, 2, 3])
  })

  it('warns when β ≤ 2 (infinite mean noise variance, Ass. 3.2)', () => {
    const { ctx, out } = run({ d: 2, beta: 1.5, nTrain: 5, nTest: 5, replicates: 1 })
    expect(ctx.warnings.map((w) => w.code)).toEqual(['LID_INFINITE_NOISE_VARIANCE'])
    expect(out.meta.noiseVariance).toBeNull()
  })

  it('keeps s finite when τ underflows for tiny β', () => {
    const { out } = run({ d: 1, beta: 0.02, nTrain: 2000, nTest: 5, replicates: 1 })
    for (const v of out.replicates[0].train.s) expect(Number.isFinite(v)).toBe(true)
  })

  it('refuses a run that would allocate too much with PASSK_TOO_LARGE', () => {
    try {
      run({ d: 65536, nTrain: 1_000_000, nTest: 1, replicates: 1 })
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_TOO_LARGE')
      expect((e as Error).message).toContain('nTrain 1000000')
    }
  })

  it('rejects bad options with PASSK_BAD_OPTIONS through the runner', async () => {
    await expect(runPlugins([{ plugin: lid, options: { d: 0 } }])).rejects.toMatchObject({ code: 'PASSK_BAD_OPTIONS' })
    await expect(runPlugins([{ plugin: lid, options: { beta: Number.NaN } }])).rejects.toMatchObject({
      code: 'PASSK_BAD_OPTIONS',
    })
  })

  it('stops with PASSK_ABORTED when the signal is aborted', () => {
    const ac = new AbortController()
    ac.abort()
    const ctx = createTestContext({ seed: 1, signal: ac.signal })
    expect(() => lid.run(null, lidOptions.parse({ d: 2, nTrain: 5, nTest: 5 }), ctx)).toThrow(
      expect.objectContaining({ code: 'PASSK_ABORTED' }),
    )
  })
})
