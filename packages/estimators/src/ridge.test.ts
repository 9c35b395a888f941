import { describe, expect, it } from 'vitest'
import { createRng, defineSource, z, type StochasticRegression, type LinearPredictors, isPasskError } from '@passk/core'
import { createTestContext, runPlugins, lastOutput } from '@passk/core/testing'
import { ridge } from './ridge.js'
import { ols } from './ols.js'
import { minNorm } from './min-norm.js'

/** Gaussian regression data: x ~ N(0, diag(j^-2)), y = x·θ* + s·z; R replicates of nTrain rows. */
function makeData(
  d: number,
  nTrain: number,
  R: number,
  seed: number,
  s = 0.1,
  extra: Partial<StochasticRegression> = {},
): StochasticRegression {
  const rng = createRng(seed)
  const teacher = new Float64Array(d)
  rng.fillNormal(teacher)
  const sd = Float64Array.from({ length: d }, (_, j) => 1 / (j + 1))
  const rows = (n: number) => {
    const x = new Float64Array(n * d),
      m = new Float64Array(n),
      sv = new Float64Array(n).fill(s),
      y = new Float64Array(n)
    rng.fillNormal(x)
    for (let i = 0; i < n; i++) {
      let acc = 0
      for (let j = 0; j < d; j++) {
        x[i * d + j] *= sd[j]
        acc += x[i * d + j] * teacher[j]
      }
      m[i] = acc
      y[i] = acc + s * rng.normal()
    }
    return { n, x, m, s: sv, y }
  }
  const replicates = Array.from({ length: R }, (_, r) => {
    const train = rows(nTrain)
    const { y: _y, ...test } = rows(8)
    return { train, test, teacher, seed: r }
  })
  return {
    kind: 'StochasticRegression',
    d,
    replicates,
    meta: {},
    population: { eigenvalues: sd.map((v) => v * v), tauShape: 1e6, sigmaEta: s },
    ...extra,
  }
}

/** Independent reference: solve (XᵀX/N + λI)θ = Xᵀy/N by Gaussian elimination with partial pivoting. */
function naiveRidge(d: number, x: Float64Array, y: Float64Array, n: number, lam: number): Float64Array {
  const a = Array.from({ length: d }, (_, i) => {
    const row = new Array<number>(d + 1).fill(0)
    for (let j = 0; j < d; j++) {
      let s = 0
      for (let r = 0; r < n; r++) s += x[r * d + i] * x[r * d + j]
      row[j] = s / n + (i === j ? lam : 0)
    }
    let s = 0
    for (let r = 0; r < n; r++) s += x[r * d + i] * y[r]
    row[d] = s / n
    return row
  })
  for (let c = 0; c < d; c++) {
    let p = c
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r
    ;[a[c], a[p]] = [a[p], a[c]]
    for (let r = c + 1; r < d; r++) {
      const f = a[r][c] / a[c][c]
      for (let j = c; j <= d; j++) a[r][j] -= f * a[c][j]
    }
  }
  const th = new Float64Array(d)
  for (let i = d - 1; i >= 0; i--) {
    let s = a[i][d]
    for (let j = i + 1; j < d; j++) s -= a[i][j] * th[j]
    th[i] = s / a[i][i]
  }
  return th
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0,
    s = 0
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]))
    s = Math.max(s, Math.abs(b[i]))
  }
  return e / s
}

const fixtureSource = (data: StochasticRegression) =>
  defineSource({
    name: 'fixture',
    version: '0.0.0',
    summary: 'test data',
    options: z.object({}).strict(),
    produces: 'StochasticRegression',
    run: () => data,
  })

async function runEst(
  plugin: typeof ridge | typeof ols | typeof minNorm,
  data: StochasticRegression,
  options: Record<string, unknown>,
) {
  const out = await runPlugins([{ plugin: fixtureSource(data) }, { plugin, options }], 1)
  return { lp: lastOutput<LinearPredictors>(out), warnings: out.results.warnings }
}

describe('ridge', () => {
  it('matches Eq. 6 solved independently (Gaussian elimination) to 1e-9 for N < d (dual) and N ≥ d (primal)', async () => {
    const d = 24,
      data = makeData(d, 120, 2, 1)
    const lam = 1e-3
    const { lp } = await runEst(ridge, data, { lambda: lam, ns: [5, 16, 23, 24, 40, 120] })
    expect(lp.ns).toEqual([5, 16, 23, 24, 40, 120])
    expect(lp.diagnostics['method']).toEqual(['dual', 'dual', 'dual', 'primal', 'primal', 'primal'])
    expect(lp.fits).toHaveLength(2)
    lp.ns.forEach((n, i) => {
      for (let r = 0; r < 2; r++) {
        const rep = data.replicates[r]
        const ref = naiveRidge(d, rep.train.x, rep.train.y, n, lam)
        expect(maxRel(lp.fits[r].theta.subarray(i * d, (i + 1) * d), ref)).toBeLessThan(1e-9)
        expect(lp.fits[r].jitter[i]).toBe(0)
      }
    })
  })

  it("gives the same θ̂ with dual 'never', 'auto' and 'always' (1e-8)", async () => {
    const d = 20,
      data = makeData(d, 60, 1, 2)
    const opts = { lambda: 1e-2, ns: [8, 19, 30, 60] }
    const [a, b, c] = await Promise.all(
      (['auto', 'never', 'always'] as const).map((dual) => runEst(ridge, data, { ...opts, dual })),
    )
    expect(maxRel(b.lp.fits[0].theta, a.lp.fits[0].theta)).toBeLessThan(1e-8)
    expect(maxRel(c.lp.fits[0].theta, a.lp.fits[0].theta)).toBeLessThan(1e-8)
    expect(c.lp.diagnostics['method']).toEqual(['dual', 'dual', 'dual', 'dual'])
  })

  it("applies lambdaScale (λ_eff = λ·lambdaScale, Eq. 28) and lambdaMode 'perN' (λ = λ̃/N, §3.1)", async () => {
    const d = 10,
      data = makeData(d, 50, 1, 3, 0.1, { lambdaScale: 4 })
    const { lp } = await runEst(ridge, data, { lambda: 0.5, lambdaMode: 'perN', ns: [5, 25, 50] })
    expect(lp.fits[0].lambda).toEqual([2 / 5, 2 / 25, 2 / 50])
    lp.ns.forEach((n, i) => {
      const rep = data.replicates[0]
      expect(
        maxRel(lp.fits[0].theta.subarray(i * d, (i + 1) * d), naiveRidge(d, rep.train.x, rep.train.y, n, 2 / n)),
      ).toBeLessThan(1e-9)
    })
  })

  it("uses λ̃/N only below d with lambdaMode 'perNBelowD'", async () => {
    const d = 10,
      data = makeData(d, 40, 1, 16)
    const { lp } = await runEst(ridge, data, { lambda: 0.3, lambdaMode: 'perNBelowD', ns: [5, 10, 40] })
    expect(lp.fits[0].lambda).toEqual([0.3 / 5, 0.3, 0.3])
    const rep = data.replicates[0]
    expect(maxRel(lp.fits[0].theta.subarray(0, d), naiveRidge(d, rep.train.x, rep.train.y, 5, 0.3 / 5))).toBeLessThan(
      1e-9,
    )
    expect(
      maxRel(lp.fits[0].theta.subarray(2 * d, 3 * d), naiveRidge(d, rep.train.x, rep.train.y, 40, 0.3)),
    ).toBeLessThan(1e-9)
  })

  it('drops N above the available training rows with a PASSK_NS_CLIPPED warning', async () => {
    const data = makeData(6, 30, 1, 4)
    const { lp, warnings } = await runEst(ridge, data, { ns: [10, 20, 40, 80] })
    expect(lp.ns).toEqual([10, 20])
    expect(warnings.map((w) => w.code)).toContain('PASSK_NS_CLIPPED')
    expect(warnings.find((w) => w.code === 'PASSK_NS_CLIPPED')!.message).toContain('dropped N = 40, 80')
  })

  it('refuses a sweep where every N exceeds the data (PASSK_NS_EXCEED_DATA)', () => {
    const data = makeData(6, 30, 1, 5)
    const ctx = createTestContext({ seed: 1 })
    expect(() => ridge.run(data, ridge.options.parse({ ns: [40, 80] }), ctx)).toThrow(
      expect.objectContaining({
        code: 'PASSK_NS_EXCEED_DATA',
        message: 'estimators/ridge: every requested N (40…80) exceeds the 30 training rows available.',
        hint: 'Choose ns with values ≤ 30, or give the source more training rows.',
      }),
    )
  })

  it('refuses non-integer N (PASSK_BAD_OPTIONS) and dual kernels above 4096 rows', () => {
    const data = makeData(6, 30, 1, 6)
    const ctx = createTestContext({ seed: 1 })
    expect(() => ridge.run(data, ridge.options.parse({ ns: [2.5, 10] }), ctx)).toThrow(
      expect.objectContaining({ code: 'PASSK_BAD_OPTIONS' }),
    )
    const big = makeData(2, 5000, 1, 7)
    expect(() => ridge.run(big, ridge.options.parse({ ns: [4097], dual: 'always' }), ctx)).toThrow(/limit 4096/)
  })

  it('rejects bad options (negative lambda) at parse time', () => {
    expect(ridge.options.safeParse({ lambda: -1 }).success).toBe(false)
    expect(ridge.options.safeParse({ dual: 'sometimes' }).success).toBe(false)
  })

  it('reports progress per (replicate, N) and stops on abort', () => {
    const data = makeData(8, 40, 2, 8)
    const ctx = createTestContext({ seed: 1 })
    void ridge.run(data, ridge.options.parse({ ns: [10, 20, 40] }), ctx)
    expect(ctx.progressEvents.map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6])
    expect(ctx.progressEvents.at(-1)!.label).toBe('replicate 2/2, N = 40')
    const ac = new AbortController()
    ac.abort()
    const actx = createTestContext({ seed: 1, signal: ac.signal })
    expect(() => ridge.run(data, ridge.options.parse({ ns: [10] }), actx)).toThrow(
      expect.objectContaining({ code: 'PASSK_ABORTED' }),
    )
  })

  it('warns with PASSK_JITTER and still solves when XᵀX is exactly singular (an all-zero feature)', () => {
    const data = makeData(4, 30, 1, 9)
    const x = data.replicates[0].train.x
    for (let r = 0; r < 30; r++) x[r * 4 + 3] = 0 // zero column → pivot 3 is exactly 0 (a duplicated column may round either way)
    const ctx = createTestContext({ seed: 1 })
    const lp = ridge.run(data, ridge.options.parse({ lambda: 0, ns: [30] }), ctx) as LinearPredictors
    expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_JITTER'])
    expect(lp.fits[0].jitter[0]).toBeGreaterThan(0)
    expect(lp.fits[0].theta.every(Number.isFinite)).toBe(true)
  })

  it('fails with PASSK_SINGULAR_SYSTEM when even the jitter cannot help (features so large the Gram overflows)', () => {
    const data = makeData(4, 30, 1, 17)
    const x = data.replicates[0].train.x
    for (let r = 0; r < 30; r++) x[r * 4] = 1e200 // finite inputs, but xᵀx = ∞
    expect(() => ridge.run(data, ridge.options.parse({ ns: [30] }), createTestContext())).toThrow(
      expect.objectContaining({
        code: 'PASSK_SINGULAR_SYSTEM',
        message:
          'estimators/ridge: replicate 0, N = 30: the primal system is not positive definite even with a diagonal jitter (Cholesky failed at column 1).',
      }),
    )
  })

  it('refuses a non-positive lambdaScale', () => {
    const data = makeData(4, 30, 1, 10, 0.1, { lambdaScale: 0 })
    expect(() => ridge.run(data, ridge.options.parse({ ns: [30] }), createTestContext())).toThrow(
      expect.objectContaining({ code: 'PASSK_INVALID_DATA' }),
    )
  })
})

describe('ols', () => {
  it('refuses N < d with PASSK_UNDERDETERMINED and points to min-norm', () => {
    const data = makeData(16, 40, 1, 11)
    try {
      void ols.run(data, ols.options.parse({ ns: [8, 32] }), createTestContext())
      expect.unreachable()
    } catch (e) {
      expect(isPasskError(e) && e.code).toBe('PASSK_UNDERDETERMINED')
      expect((e as Error).message).toBe(
        'estimators/ols: N = 8 < d = 16: least squares has infinitely many solutions (XᵀX is singular).',
      )
      expect(isPasskError(e) && e.hint).toContain('estimators/min-norm')
    }
  })

  it('reproduces the OLS generalisation error σ²·d/(N − d − 1) (LID App. B, Eq. 38) within 10% over 60 replicates', () => {
    // Gaussian x, homoscedastic noise σ: E[Δθᵀ Σ Δθ] = σ² d/(N − d − 1) exactly (inverse-Wishart mean).
    const d = 32,
      n = 256,
      sigma = 0.1,
      R = 60
    const data = makeData(d, n, R, 12, sigma)
    const lp = ols.run(data, ols.options.parse({ ns: [n] }), createTestContext()) as LinearPredictors
    const ev = data.population!.eigenvalues
    let mean = 0
    for (let r = 0; r < R; r++) {
      const th = lp.fits[r].theta,
        t = data.replicates[r].teacher!
      let l = 0
      for (let j = 0; j < d; j++) l += ev[j] * (th[j] - t[j]) ** 2
      mean += l / R
    }
    expect(mean).toBeCloseToRel((sigma * sigma * d) / (n - d - 1), 0.1)
  })
})

describe('minNorm', () => {
  it('interpolates the training labels for N < d and equals OLS for N ≥ d', async () => {
    const d = 30,
      data = makeData(d, 60, 1, 13)
    const { lp } = await runEst(minNorm, data, { ns: [10, 29, 45, 60] })
    const rep = data.replicates[0]
    for (const [i, n] of [
      [0, 10],
      [1, 29],
    ] as const) {
      const th = lp.fits[0].theta.subarray(i * d, (i + 1) * d)
      for (let r = 0; r < n; r++) {
        let s = 0
        for (let j = 0; j < d; j++) s += rep.train.x[r * d + j] * th[j]
        expect(Math.abs(s - rep.train.y[r])).toBeLessThan(1e-8)
      }
    }
    expect(
      maxRel(lp.fits[0].theta.subarray(2 * d, 3 * d), naiveRidge(d, rep.train.x, rep.train.y, 45, 0)),
    ).toBeLessThan(1e-8)
    expect(lp.fits[0].lambda).toEqual([0, 0, 0, 0])
    expect(lp.estimator).toBe('estimators/min-norm')
  })

  it('jitters (with PASSK_JITTER) instead of returning rounding noise when training rows are duplicated', () => {
    const d = 30,
      data = makeData(d, 12, 1, 15)
    const { x, y } = data.replicates[0].train
    for (let j = 0; j < d; j++) x[5 * d + j] = x[4 * d + j]!
    y[5] = y[4]! // a consistent duplicate: interpolation is still possible
    const ctx = createTestContext()
    const lp = minNorm.run(data, minNorm.options.parse({ ns: [12] }), ctx) as LinearPredictors
    expect(ctx.warnings.map((w) => w.code)).toEqual(['PASSK_JITTER'])
    const th = lp.fits[0].theta
    let maxResid = 0,
      norm = 0
    for (let r = 0; r < 12; r++) {
      let s = 0
      for (let j = 0; j < d; j++) s += x[r * d + j] * th[j]
      maxResid = Math.max(maxResid, Math.abs(s - y[r]))
    }
    for (let j = 0; j < d; j++) norm += th[j] ** 2
    expect(maxResid).toBeLessThan(1e-6)
    expect(Math.sqrt(norm)).toBeLessThan(1e3)
  })

  it('equals the ridge dual path in the limit λ → 0 (λ = 1e-12 vs 0 agree to 1e-6 at N = d/2)', async () => {
    const d = 30,
      data = makeData(d, 15, 1, 14)
    const a = await runEst(minNorm, data, { ns: [15] })
    const b = await runEst(ridge, data, { ns: [15], lambda: 1e-12 })
    expect(maxRel(a.lp.fits[0].theta, b.lp.fits[0].theta)).toBeLessThan(1e-6)
  })
})
