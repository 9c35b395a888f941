/**
 * Workload W1 (issue 3; the numpy peer is ../shared/bench/lid_w1_numpy.py + lidref.py, which this
 * mirrors phase by phase): d = 512, N = 16 log-spaced integers 32…16384 (nested prefixes of one
 * sample), n_test = 4096, k = 40 log-spaced reals in [1, 1e4], 3 seeds, α = 1, β = 3,
 * σ_η = δ = 1e-3, λ = 1e-9 (const); test-set exact pass@k; β_eff slopes in [1e2, 1e4] + saturating fits.
 *
 * Per seed (one task, run in a worker thread or in process):
 *   data_gen     sources/lid's fillLidRows (engineer C's code), unnormalised spectrum j^-(1+α) as numpy
 *   ridge_fits   @passk/estimators ridgePath (incremental Gram, dual for N < d, Cholesky)
 *   predict      B = (Θ̂ − θ*)·X_testᵀ with @passk/linalg dgemm; L_gen per N
 *   passk_exact  evaluators/passk-target (engineer C's plugin) in mode 'test-set' on this seed's
 *                predictors: its own predictions B = x·(θ̂ − θ*), log p per test point, log-mean-exp over k
 * After all seeds (main thread): beta_eff_slopes (fitters/local-slope on the seed-mean curve and on
 * each seed), beta_eff_fit (fitters/beta-eff-saturation, β free and β fixed) — engineer D's plugins.
 */
import { createRng, logGrid, type Curve, type LinearPredictors, type Series } from '@passk/core'
import { createTestContext } from '@passk/core/testing'
import { dgemm } from '@passk/linalg'
import { ridgePath } from '@passk/estimators'
import { fillLidRows, lidSpectrum, lidTeacher } from '@passk/source-lid'
import { passkTarget, passkTargetOptions } from '@passk/evaluators'

export interface W1Config {
  d: number
  alpha: number
  beta: number
  sigmaEta: number
  delta: number
  lambda: number
  nGrid: { from: number; to: number; num: number }
  kGrid: { from: number; to: number; num: number }
  nTest: number
  seeds: number
  seed: number
  kWindow: [number, number]
}

export const W1: W1Config = {
  d: 512,
  alpha: 1,
  beta: 3,
  sigmaEta: 1e-3,
  delta: 1e-3,
  lambda: 1e-9,
  nGrid: { from: 32, to: 16384, num: 16 },
  kGrid: { from: 1, to: 1e4, num: 40 },
  nTest: 4096,
  seeds: 3,
  seed: 0,
  kWindow: [100, 10000],
}
/** Same as the numpy peer's --quick configuration. */
export const W1_QUICK: W1Config = { ...W1, d: 64, nGrid: { from: 16, to: 1024, num: 8 }, nTest: 512 }

export const nsOf = (c: W1Config): number[] => logGrid(c.nGrid.from, c.nGrid.to, c.nGrid.num, true)
export const ksOf = (c: W1Config): number[] => logGrid(c.kGrid.from, c.kGrid.to, c.kGrid.num, false)

export interface SeedResult {
  seed: number
  /** Phase → ms for this seed (wall). */
  ms: Record<string, number>
  /** Phase → process CPU ms (only meaningful in process, --workers 0: process.cpuUsage counts every thread). */
  cpuMs: Record<string, number>
  /** nN × nK L_inf(k; N) of this seed (NaN where it underflows 1e-300). */
  linf: Float64Array
  lgenTest: Float64Array
  lgenPop: Float64Array
  backend: string
}

export function runSeed(c: W1Config, r: number, backend: string): SeedResult {
  const ms: Record<string, number> = {}
  const cpuMs: Record<string, number> = {}
  let c0 = process.cpuUsage()
  const tick = (name: string, t0: number) => {
    ms[name] = (ms[name] ?? 0) + performance.now() - t0
    const c = process.cpuUsage(c0)
    cpuMs[name] = (cpuMs[name] ?? 0) + (c.user + c.system) / 1000
  }
  const ns = nsOf(c),
    ks = ksOf(c),
    d = c.d,
    nMax = ns.at(-1)!,
    nt = c.nTest,
    nN = ns.length
  let t0 = performance.now()
  const ev = lidSpectrum(d, c.alpha, 'none')
  const sd = ev.map(Math.sqrt)
  const root = createRng(c.seed).split('bench-w1').split(`seed-${r}`)
  let evSum = 0
  for (const v of ev) evSum += v
  // numpy's teacher is N(0, I/d): signal variance E[θᵀΣθ] = tr Σ / d
  const teacher = lidTeacher(root.split('teacher'), ev, {
    teacher: 'isotropic',
    teacherDecay: 0.5,
    signalVariance: evSum / d,
  })
  const rng = root.split('data')
  const x = new Float64Array(nMax * d),
    m = new Float64Array(nMax),
    s = new Float64Array(nMax),
    y = new Float64Array(nMax)
  fillLidRows(rng, nMax, sd, teacher, c.beta / 2, c.sigmaEta, x, m, s, y)
  const xt = new Float64Array(nt * d),
    mt = new Float64Array(nt),
    st = new Float64Array(nt)
  fillLidRows(rng, nt, sd, teacher, c.beta / 2, c.sigmaEta, xt, mt, st)
  tick('data_gen', t0)

  t0 = performance.now()
  c0 = process.cpuUsage()
  const path = ridgePath({ d, x, y, ns, lambdas: ns.map(() => c.lambda), dual: 'auto' })
  tick('ridge_fits', t0)
  if (path.info.some((v) => v !== 0))
    throw new Error(`W1 seed ${r}: a ridge system was singular (info ${path.info.join(',')})`)

  t0 = performance.now()
  c0 = process.cpuUsage()
  const dth = new Float64Array(nN * d)
  for (let i = 0; i < nN; i++) for (let j = 0; j < d; j++) dth[i * d + j] = path.theta[i * d + j] - teacher[j]
  const b = dgemm(true, nN, nt, d, 1, dth, xt, 0, new Float64Array(nN * nt)) // row i: B for N_i over the test set
  const lgenTest = new Float64Array(nN),
    lgenPop = new Float64Array(nN)
  for (let i = 0; i < nN; i++) {
    let q = 0,
      p = 0
    for (let t = 0; t < nt; t++) q += b[i * nt + t] ** 2
    for (let j = 0; j < d; j++) p += ev[j] * dth[i * d + j] ** 2
    lgenTest[i] = q / nt
    lgenPop[i] = p
  }
  tick('predict', t0)

  t0 = performance.now()
  c0 = process.cpuUsage()
  const lp: LinearPredictors = {
    kind: 'LinearPredictors',
    d,
    ns,
    estimator: 'estimators/ridge',
    diagnostics: {},
    fits: [{ theta: path.theta, lambda: ns.map(() => c.lambda), jitter: path.jitter }],
    data: {
      kind: 'StochasticRegression',
      d,
      meta: {},
      population: { eigenvalues: ev, tauShape: c.beta / 2, sigmaEta: c.sigmaEta },
      replicates: [{ train: { n: nMax, x, m, s, y }, test: { n: nt, x: xt, m: mt, s: st }, teacher, seed: r }],
    },
  }
  const curve = passkTarget.run(
    lp,
    passkTargetOptions.parse({ mode: 'test-set', delta: c.delta, k: c.kGrid }),
    createTestContext({ seed: r }),
  ) as Curve
  const linf = new Float64Array(nN * ks.length)
  curve.series.forEach((ser, i) =>
    ser.y.forEach((v, q) => {
      linf[i * ks.length + q] = v
    }),
  )
  tick('passk_exact', t0)
  return { seed: r, ms, cpuMs, linf, lgenTest, lgenPop, backend }
}

/** The L_inf(k; N) curve (one series per N, attrs.N) in the shape fitters/local-slope reads. */
export function linfCurve(c: W1Config, L: Float64Array, label: string, resolutionFloor: number): Curve {
  const ns = nsOf(c),
    ks = ksOf(c)
  const series: Series[] = ns.map((n, i) => ({
    label: `N = ${n}`,
    x: ks,
    y: ks.map((_, j) => L[i * ks.length + j]),
    attrs: { N: n },
    style: 'data',
  }))
  return {
    kind: 'Curve',
    id: `linf-${label}`,
    title: 'L_inf(k)',
    xLabel: 'k',
    yLabel: 'L_inf',
    xScale: 'log',
    yScale: 'log',
    series,
    quantity: 'failure',
    meta: { resolutionFloor },
  }
}
