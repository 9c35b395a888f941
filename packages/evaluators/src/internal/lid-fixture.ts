/**
 * Hand-built LID-like data and predictors for unit tests and examples: x ~ N(0, diag(eig)),
 * τ ~ Gamma(tauShape, 1), s = σ_η/√τ, m = x·θ*, and predictors θ̂ = θ* + Δθ with a caller-given Δθ.
 * Independent of sources/lid and estimators/ridge so evaluator tests pin the evaluator alone.
 */
import { createRng } from '@passk/core'
import type { LinearPredictors, StochasticRegression } from '@passk/core'

export interface FixtureOptions {
  d: number
  nTest: number
  ns: number[]
  replicates?: number
  eig?: Float64Array
  sigmaEta?: number
  tauShape?: number
  seed?: number
  /** Δθ for replicate r and sweep index n (length d). */
  perturb: (r: number, n: number) => ArrayLike<number>
  teacher?: boolean
  population?: boolean
}

export function lidFixture(o: FixtureOptions): LinearPredictors {
  const R = o.replicates ?? 1,
    d = o.d
  const eig = o.eig ?? new Float64Array(d).fill(1 / d)
  const sigmaEta = o.sigmaEta ?? 1,
    tauShape = o.tauShape ?? 1.5
  const rng = createRng(o.seed ?? 1)
  const theta0 = new Float64Array(d)
  rng.fillNormal(theta0)
  const reps: StochasticRegression['replicates'] = []
  const fits: LinearPredictors['fits'] = []
  for (let r = 0; r < R; r++) {
    const n = o.nTest
    const x = new Float64Array(n * d),
      m = new Float64Array(n),
      s = new Float64Array(n)
    rng.fillNormal(x)
    for (let i = 0; i < n; i++) {
      let acc = 0
      for (let j = 0; j < d; j++) {
        x[i * d + j] = x[i * d + j] * Math.sqrt(eig[j])
        acc += x[i * d + j] * theta0[j]
      }
      m[i] = acc
      s[i] = sigmaEta / Math.sqrt(Math.max(rng.gamma(tauShape), 1e-300))
    }
    const train = {
      n: 1,
      x: new Float64Array(d),
      m: new Float64Array(1),
      s: new Float64Array(1).fill(1),
      y: new Float64Array(1),
    }
    reps.push({ train, test: { n, x, m, s }, ...(o.teacher === false ? {} : { teacher: theta0 }), seed: r })
    const theta = new Float64Array(o.ns.length * d)
    for (let k = 0; k < o.ns.length; k++) {
      const dt = o.perturb(r, k)
      for (let j = 0; j < d; j++) theta[k * d + j] = theta0[j] + dt[j]
    }
    fits.push({ theta, lambda: o.ns.map(() => 0), jitter: o.ns.map(() => 0) })
  }
  const data: StochasticRegression = {
    kind: 'StochasticRegression',
    d,
    replicates: reps,
    ...(o.population === false ? {} : { population: { eigenvalues: eig, tauShape, sigmaEta } }),
    meta: { source: 'fixture' },
  }
  return { kind: 'LinearPredictors', d, ns: o.ns, fits, data, estimator: 'fixture', diagnostics: {} }
}
