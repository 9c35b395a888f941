/**
 * fitters/kumaraswamy: per-problem single-attempt success probability p ~ Kumaraswamy(a, b) (Schaeffer et al. 2025,
 * "How Do Large Language Monkeys Get Their Power (Laws)?", who fit Kumaraswamy and Beta laws to pass_i@1), fitted by
 * maximum likelihood to per-problem (n, c) counts through the Kumaraswamy–binomial marginal
 *   P(c | n) = C(n, c)·∫₀¹ p^c (1 − p)^(n−c) f(p) dp,   f(p) = a·b·p^(a−1)(1 − p^a)^(b−1)  (Jones 2009 Eq. 1.1),
 * optionally zero-inflated ('mixture': with probability 1 − A a problem is never solvable, Levi 2024 Eq. 6's ceiling
 * A; Verine et al. 2026's zero inflation). The integral has no closed form; internal/kumaraswamy-math.ts evaluates it
 * by trapezoidal quadrature in the logit of p (which removes the endpoint singularities of f for a < 1 or b < 1)
 * with an analytic gradient and Hessian in (a, b). Implied pass@k:
 *   pass@k = A·(1 − E[(1 − p)^k]),  E[(1 − p)^k] = ∫ (1 − p)^k f(p) dp  (the same integral with c = 0, m = k),
 * whose failure tail is 1 − A + A·b·Γ(1 + a)·k^(−a) (Watson's lemma on f(p) ≈ a·b·p^(a−1) near 0): the power-law
 * exponent of −log pass@k is a, Schaeffer et al.'s left-tail exponent of the pass_i@1 distribution.
 *
 * API (pure functions, for fitters/extrapolate and `passk fit`):
 *   kumaraswamyFit(n, c, opts?): KumaraswamyFit
 *     opts: { variant?: 'plain' | 'mixture', ks?: number[] (pass@k to report with intervals), bootstrap?: number
 *             (problem-bootstrap refits; needs rng), rng?: IntRng, level?: number (0.95), maxIterations?: number,
 *             progress?(done, total), checkAbort?() }
 *     → { variant, a, b, A, names, values, stdErr, covariance, correlation, params ({name, value, stdErr}[], the
 *         shape extrapolate's ModelFit uses), status (FitStatus; 'unidentified' via internal/identify.ts), message,
 *         iterations, logLik, aic, problems, passAtK(k), predict(k) (= passAtK), passAtKStdErr(k) (delta method on the
 *         observed-information covariance), posteriorPassAtK(n, c, k) (one problem's posterior predictive),
 *         intervals?: { ks, estimate, lower, upper, sd, reps, failures } (problem bootstrap, when bootstrap > 0),
 *         paramLower?, paramUpper?, bootstrapSd? }
 *     Throws PasskError PASSK_BAD_INPUT (c > n, non-integers, negative, length mismatch), PASSK_EMPTY_INPUT.
 *   kumaraswamyLogLik(n, c, a, b, A = 1): number   — Σ log P(c_i | n_i), binomial coefficients included
 *   kumaraswamyLogPmf(n, c, a, b, A = 1): number   — one problem's log P(c | n)
 *   kumaraswamyPassAtK(k, a, b, A = 1): number     — A·(1 − E[(1 − p)^k]), any real k ≥ 0
 *   kumaraswamyLogMoment(c, m, a, b, derivs?)      — log ∫ p^c (1 − p)^m f(p) dp with gradient/Hessian in (a, b)
 *   kumaraswamyPosteriorPassAtK(n, c, k, a, b, A = 1): number
 *     — 1 − I(c, n − c + k)/I(c, n − c), times P(solvable | n, c) under 'mixture'
 * Standard errors: observed information (fitMle in @passk/stats, D·H_u⁻¹·D); the pass@k s.e. by the delta method.
 */
import {
  z,
  PasskError,
  defineFitter,
  special,
  type FitResult,
  type FitStatus,
  type OutcomeGroup,
  type PluginContext,
  type Table,
  type TrialOutcomes,
} from '@passk/core'
import { bootstrap as runBootstrap, fitMle, type IntRng, type MleResult } from '@passk/stats'
import pkg from '../package.json' with { type: 'json' }
import { identify, unidentifiedMessage } from './internal/identify.js'
import { kumaraswamyLogMoment, kumaraswamyPassAtK, type MomentResult } from './internal/kumaraswamy-math.js'
import { betaBinomialFit } from './beta-binomial.js'
import { curveGrid, curveRangeOptions, selectGroups } from './internal/outcome-options.js'

export { kumaraswamyLogMoment, kumaraswamyPassAtK } from './internal/kumaraswamy-math.js'

export type KumaraswamyVariant = 'plain' | 'mixture'

export interface KumaraswamyOptions {
  variant?: KumaraswamyVariant
  /** k values whose pass@k gets a delta-method s.e. and (with bootstrap) a problem-bootstrap interval. */
  ks?: number[]
  bootstrap?: number
  rng?: IntRng
  level?: number
  maxIterations?: number
  progress?: (done: number, total: number) => void
  checkAbort?: () => void
}

export interface KumaraswamyIntervals {
  ks: number[]
  estimate: number[]
  lower: number[]
  upper: number[]
  sd: number[]
  reps: number
  failures: number
}

export interface KumaraswamyFit {
  variant: KumaraswamyVariant
  a: number
  b: number
  /** Solvable fraction (1 for 'plain'). */
  A: number
  names: string[]
  values: number[]
  stdErr: (number | null)[]
  /** Row-major covariance of `values` (null when the information matrix is singular). */
  covariance: number[][] | null
  correlation: number[][] | null
  params: { name: string; value: number; stdErr: number | null }[]
  status: FitStatus
  message: string
  iterations: number
  logLik: number
  aic: number
  problems: number
  passAtK: (k: number) => number
  predict: (k: number) => number
  passAtKStdErr: (k: number) => number | null
  posteriorPassAtK: (n: number, c: number, k: number) => number
  intervals?: KumaraswamyIntervals
  paramLower?: number[]
  paramUpper?: number[]
  bootstrapSd?: number[]
}

interface Groups {
  n: number[]
  c: number[]
  w: number[]
  /** Group index of each input problem (−1 for n = 0). */
  of: Int32Array
  lchoose: number[]
}

function checkCounts(n: ArrayLike<number>, c: ArrayLike<number>, id: string): void {
  if (n.length !== c.length)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `${id}: n has ${n.length} problems, c has ${c.length}.`,
      'Pass one attempt count and one success count per problem.',
    )
  let used = 0
  for (let i = 0; i < n.length; i++) {
    if (!Number.isInteger(n[i]) || !Number.isInteger(c[i]) || n[i] < 0 || c[i] < 0 || c[i] > n[i])
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${id}: problem ${i} has n = ${n[i]}, c = ${c[i]} (need integers 0 ≤ c ≤ n).`,
        'Check the outcome counts of that problem.',
      )
    if (n[i] > 0) used++
  }
  if (used === 0)
    throw new PasskError(
      'PASSK_EMPTY_INPUT',
      `${id}: no problem has any attempt (n > 0).`,
      'Check the source: every problem has n = 0.',
    )
}

function group(n: ArrayLike<number>, c: ArrayLike<number>): Groups {
  const key = new Map<number, number>()
  const G: Groups = { n: [], c: [], w: [], of: new Int32Array(n.length).fill(-1), lchoose: [] }
  for (let i = 0; i < n.length; i++) {
    if (!(n[i] > 0)) continue
    const k = n[i] * 4294967296 + c[i]
    let j = key.get(k)
    if (j === undefined) {
      j = G.n.length
      key.set(k, j)
      G.n.push(n[i])
      G.c.push(c[i])
      G.w.push(0)
      G.lchoose.push(special.lgamma(n[i] + 1) - special.lgamma(c[i] + 1) - special.lgamma(n[i] - c[i] + 1))
    }
    G.w[j]++
    G.of[i] = j
  }
  return G
}

/** log P(c | n) of one problem (binomial coefficient included) under Kumaraswamy(a, b) with solvable fraction A. */
export function kumaraswamyLogPmf(n: number, c: number, a: number, b: number, A = 1): number {
  const lc = special.lgamma(n + 1) - special.lgamma(c + 1) - special.lgamma(n - c + 1)
  const L = kumaraswamyLogMoment(c, n - c, a, b).logI
  if (A >= 1) return lc + L
  if (c > 0) return lc + Math.log(A) + L
  return special.logAddExp(Math.log(A) + L, Math.log1p(-A))
}

/** Σ_i log P(c_i | n_i) (problems with n = 0 contribute nothing). */
export function kumaraswamyLogLik(n: ArrayLike<number>, c: ArrayLike<number>, a: number, b: number, A = 1): number {
  checkCounts(n, c, 'kumaraswamyLogLik')
  const G = group(n, c)
  let s = 0
  for (let j = 0; j < G.n.length; j++) s += G.w[j] * kumaraswamyLogPmf(G.n[j], G.c[j], a, b, A)
  return s
}

/** Posterior-predictive pass@k of one problem with observed (n, c): 1 − I(c, m + k)/I(c, m), m = n − c. */
export function kumaraswamyPosteriorPassAtK(n: number, c: number, k: number, a: number, b: number, A = 1): number {
  const m = n - c
  const l0 = kumaraswamyLogMoment(c, m, a, b).logI
  const pass = -Math.expm1(kumaraswamyLogMoment(c, m + k, a, b).logI - l0)
  if (c > 0 || A >= 1) return pass
  const solvable = A * Math.exp(l0)
  return pass * (solvable / (solvable + 1 - A))
}

/** The negative log-likelihood with analytic gradient/Hessian, cached per (a, b) (fitMle asks for both at one θ). */
function problem(G: Groups, variant: KumaraswamyVariant, weights: number[]) {
  const J = G.n.length
  let ca = NaN,
    cb = NaN
  let moments: MomentResult[] = []
  const at = (a: number, b: number) => {
    if (a !== ca || b !== cb) {
      moments = G.n.map((nj, j) => kumaraswamyLogMoment(G.c[j], nj - G.c[j], a, b, true))
      ca = a
      cb = b
    }
    return moments
  }
  const mix = variant === 'mixture'
  const off = mix ? 1 : 0
  const nll = (t: Float64Array) => {
    const A = mix ? t[0] : 1,
      M = at(t[off], t[off + 1])
    const lA = Math.log(A),
      l1A = Math.log1p(-A)
    let s = 0
    for (let j = 0; j < J; j++) {
      const w = weights[j]
      if (!w) continue
      const L = M[j].logI
      if (!mix) s -= w * (G.lchoose[j] + L)
      else s -= w * (G.c[j] === 0 ? special.logAddExp(lA + L, l1A) : G.lchoose[j] + lA + L)
    }
    return s
  }
  const gradHess = (t: Float64Array, g: Float64Array, H: Float64Array) => {
    const A = mix ? t[0] : 1,
      M = at(t[off], t[off + 1])
    const p = off + 2
    g.fill(0)
    H.fill(0)
    let gA = 0,
      hAA = 0,
      hAa = 0,
      hAb = 0,
      ga = 0,
      gb = 0,
      haa = 0,
      hab = 0,
      hbb = 0
    for (let j = 0; j < J; j++) {
      const w = weights[j]
      if (!w) continue
      const r = M[j]
      if (!mix || G.c[j] > 0) {
        if (mix) {
          gA += w / A
          hAA -= w / (A * A)
        }
        ga += w * r.ga
        gb += w * r.gb
        haa += w * r.haa
        hab += w * r.hab
        hbb += w * r.hbb
      } else {
        // c = 0 under zero inflation: ℓ = log(A·e^L + 1 − A) (same algebra as internal/zi-beta-binomial.ts).
        const e = Math.exp(r.logI),
          D = A * e + 1 - A,
          pi = (A * e) / D,
          v = pi * (1 - pi)
        gA += (w * (e - 1)) / D
        hAA -= (w * (e - 1) ** 2) / (D * D)
        hAa += (w * e * r.ga) / (D * D)
        hAb += (w * e * r.gb) / (D * D)
        ga += w * pi * r.ga
        gb += w * pi * r.gb
        haa += w * (pi * r.haa + v * r.ga * r.ga)
        hab += w * (pi * r.hab + v * r.ga * r.gb)
        hbb += w * (pi * r.hbb + v * r.gb * r.gb)
      }
    }
    if (mix) {
      g[0] = -gA
      H[0] = -hAA
      H[1] = H[p] = -hAa
      H[2] = H[2 * p] = -hAb
    }
    g[off] = -ga
    g[off + 1] = -gb
    H[off * p + off] = -haa
    H[off * p + off + 1] = H[(off + 1) * p + off] = -hab
    H[(off + 1) * p + off + 1] = -hbb
  }
  return {
    names: mix ? ['A', 'a', 'b'] : ['a', 'b'],
    bounds: mix
      ? ['unit' as const, 'positive' as const, 'positive' as const]
      : ['positive' as const, 'positive' as const],
    nll,
    gradHess,
  }
}

/** b with mean b·B(1 + 1/a, b) = mu (the Kumaraswamy mean decreases in b), by bisection in log b. */
function bForMean(a: number, mu: number): number {
  let lo = Math.log(1e-3),
    hi = Math.log(1e4)
  const mean = (lb: number) => Math.exp(lb + special.lbeta(1 + 1 / a, Math.exp(lb)))
  for (let i = 0; i < 80; i++) {
    const mid = 0.5 * (lo + hi)
    if (mean(mid) > mu) lo = mid
    else hi = mid
  }
  return Math.exp(0.5 * (lo + hi))
}

function starts(G: Groups, n: ArrayLike<number>, c: ArrayLike<number>, variant: KumaraswamyVariant): number[][] {
  // Beta-Binomial MLE (cheap, closed-form likelihood) as a guide: Kumaraswamy(a, b) has the same p^(a−1) left tail as
  // Beta(a, ·), and Kumaraswamy(1, b) = Beta(1, b); b from matching the Beta fit's mean.
  let a0 = 0.5,
    mu = 0.3
  try {
    const bb = betaBinomialFit(n, c, { maxIterations: 100 })
    if (bb.a > 0 && bb.b > 0 && Number.isFinite(bb.a + bb.b)) {
      a0 = Math.min(Math.max(bb.a, 0.05), 20)
      mu = bb.a / (bb.a + bb.b)
    }
  } catch {
    // keep the defaults
  }
  let tot = 0,
    sum = 0,
    solved = 0
  for (let j = 0; j < G.n.length; j++) {
    tot += G.w[j]
    sum += (G.w[j] * G.c[j]) / G.n[j]
    if (G.c[j] > 0) solved += G.w[j]
  }
  mu = Math.min(Math.max(Number.isFinite(mu) ? mu : sum / tot, 1e-4), 1 - 1e-4)
  const ab = [
    [a0, bForMean(a0, mu)],
    [1, bForMean(1, mu)],
  ]
  if (variant === 'plain') return ab
  const A0 = Math.min(Math.max(solved / Math.max(tot, 1) + 0.05, 0.05), 0.99)
  return [...ab.map(([a, b]) => [A0, a, b]), [0.95, ab[0][0], ab[0][1]]]
}

function bestFit(prob: ReturnType<typeof problem>, ss: number[][], maxIterations: number): MleResult | null {
  let best: MleResult | null = null
  for (const s of ss) {
    const r = fitMle(prob, s, { maxIterations })
    if (Number.isFinite(r.nll) && (best === null || r.nll < best.nll - 1e-9)) best = r
  }
  return best
}

const FIT_ID = 'kumaraswamyFit'

export function kumaraswamyFit(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  opts: KumaraswamyOptions = {},
): KumaraswamyFit {
  checkCounts(n, c, FIT_ID)
  const variant = opts.variant ?? 'plain'
  const maxIt = opts.maxIterations ?? 200
  const G = group(n, c)
  const prob = problem(G, variant, G.w)
  const best = bestFit(prob, starts(G, n, c, variant), maxIt)
  const p = prob.names.length
  const problems = G.w.reduce((s, w) => s + w, 0)
  if (best === null) {
    const nan = prob.names.map(() => NaN)
    return {
      variant,
      a: NaN,
      b: NaN,
      A: NaN,
      names: prob.names,
      values: nan,
      stdErr: nan.map(() => null),
      covariance: null,
      correlation: null,
      params: prob.names.map((name) => ({ name, value: NaN, stdErr: null })),
      status: 'failed',
      message: 'no start gave a finite likelihood',
      iterations: 0,
      logLik: NaN,
      aic: NaN,
      problems,
      passAtK: () => NaN,
      predict: () => NaN,
      passAtKStdErr: () => null,
      posteriorPassAtK: () => NaN,
    }
  }
  const values = Array.from(best.theta)
  const [A, a, b] = variant === 'mixture' ? values : [1, values[0], values[1]]
  const cov = best.covariance
  const covariance = cov ? prob.names.map((_, i) => prob.names.map((__, j) => cov[i * p + j])) : null
  const passAtK = (k: number) => kumaraswamyPassAtK(k, a, b, A)
  const at = (t: number[], k: number) =>
    variant === 'mixture' ? kumaraswamyPassAtK(k, t[1], t[2], t[0]) : kumaraswamyPassAtK(k, t[0], t[1])
  const passAtKStdErr = (k: number): number | null => {
    if (!covariance) return null
    // Delta method: ∇θ pass@k by central differences (relative step), then √(gᵀ Σ g).
    const g = values.map((v, j) => {
      const h = 1e-5 * Math.max(Math.abs(v), 1e-3)
      const up = values.slice(),
        dn = values.slice()
      up[j] = v + h
      dn[j] = v - h
      if (prob.bounds[j] === 'unit' && up[j] > 1) {
        up[j] = v
        return (at(up, k) - at(dn, k)) / h
      }
      return (at(up, k) - at(dn, k)) / (2 * h)
    })
    let s = 0
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += g[i] * covariance[i][j] * g[j]
    return s >= 0 && Number.isFinite(s) ? Math.sqrt(s) : null
  }
  // Binomial coefficients are in the nll (C(n, 0) = 1 for the zero-inflated c = 0 term), so this is the full log L.
  const logLik = -best.nll
  const out: KumaraswamyFit = {
    variant,
    a,
    b,
    A,
    names: prob.names,
    values,
    stdErr: best.stdErr,
    covariance,
    correlation: best.correlation,
    params: prob.names.map((name, j) => ({ name, value: values[j], stdErr: best.stdErr[j] })),
    status: best.status,
    message: best.message,
    iterations: best.iterations,
    logLik,
    aic: 2 * p - 2 * logLik,
    problems,
    passAtK,
    predict: passAtK,
    passAtKStdErr,
    posteriorPassAtK: (nn, cc, k) => kumaraswamyPosteriorPassAtK(nn, cc, k, a, b, A),
  }
  const ks = opts.ks ?? []
  const reps = opts.bootstrap ?? 0
  let bootFailures = 0
  if (reps > 0) {
    if (!opts.rng)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${FIT_ID}: bootstrap = ${reps} needs an rng.`,
        'Pass rng (e.g. ctx.rng.split(...)).',
      )
    const P = n.length
    const w = new Array<number>(G.n.length).fill(0)
    const boot = runBootstrap(
      P,
      p + ks.length,
      (counts) => {
        w.fill(0)
        for (let i = 0; i < P; i++) if (G.of[i] >= 0) w[G.of[i]] += counts[i]
        const r = fitMle(problem(G, variant, w), values, { maxIterations: maxIt })
        if (r.status !== 'converged' && r.status !== 'at-bound') return null
        const t = Array.from(r.theta)
        return [...t, ...ks.map((k) => at(t, k))]
      },
      {
        reps,
        level: opts.level ?? 0.95,
        rng: opts.rng,
        ...(opts.progress ? { progress: opts.progress } : {}),
        ...(opts.checkAbort ? { checkAbort: opts.checkAbort } : {}),
      },
    )
    bootFailures = boot.failed
    out.paramLower = boot.lower.slice(0, p)
    out.paramUpper = boot.upper.slice(0, p)
    out.bootstrapSd = boot.sd.slice(0, p)
    out.intervals = {
      ks,
      estimate: ks.map(passAtK),
      lower: boot.lower.slice(p),
      upper: boot.upper.slice(p),
      sd: boot.sd.slice(p),
      reps,
      failures: boot.failed,
    }
  }
  // A fit the data cannot determine is 'unidentified', never 'converged' (internal/identify.ts).
  const id = identify({
    status: out.status,
    names: out.names,
    values: out.values,
    stdErr: out.stdErr,
    ...(out.bootstrapSd ? { bootstrapSd: out.bootstrapSd, bootstrapFailures: bootFailures, bootstrapReps: reps } : {}),
    n,
    c,
  })
  if (id.status !== out.status) {
    out.status = id.status
    out.message = unidentifiedMessage(id.reasons, out.message)
  } else if (out.status === 'at-bound' || out.status === 'max-iterations' || out.status === 'failed') {
    // Counts that cannot determine the law (e.g. all c = 0, or all c = n) drive the optimiser to a bound or make it
    // fail: say why.
    const why = identify({ status: 'converged', names: [], values: [], n, c })
    if (why.reasons.length) {
      out.status = 'unidentified'
      out.message = unidentifiedMessage(why.reasons, out.message)
    }
  }
  return out
}

const ID = 'fitters/kumaraswamy'

function fitGroup(
  g: OutcomeGroup,
  o: {
    variant: KumaraswamyVariant
    bootstrap: number
    k?: number[] | undefined
    kMax?: number | undefined
    kMaxFactor: number
    gridPoints: number
    maxIterations: number
  },
  ctx: PluginContext,
  table: Table,
): FitResult {
  let nMax = 0
  for (let i = 0; i < g.n.length; i++) nMax = Math.max(nMax, g.n[i])
  const ks = o.k ?? [...new Set([nMax, 10 * nMax, 100 * nMax].filter((k) => k >= 1))]
  const r = kumaraswamyFit(g.n, g.c, {
    variant: o.variant,
    ks,
    bootstrap: o.bootstrap,
    rng: ctx.rng.split(`bootstrap:${g.label}`),
    maxIterations: o.maxIterations,
    progress: (d, t) => ctx.progress({ done: d, total: t, label: `bootstrap ${g.label}` }),
    checkAbort: () => ctx.throwIfAborted(),
  })
  if (r.status !== 'converged')
    ctx.warn('FIT_NOT_CONVERGED', `${ID}: group "${g.label}": status ${r.status}: ${r.message}`)
  if (r.intervals?.failures)
    ctx.warn(
      'FIT_BOOTSTRAP_FAILURES',
      `${ID}: group "${g.label}": ${r.intervals.failures} of ${o.bootstrap} bootstrap refits failed and were left out of the intervals.`,
    )
  const gx = curveGrid(o, nMax)
  const derived: Record<string, number> = {
    tailExponent: r.a,
    // 1 − pass@k → 1 − A + A·b·Γ(1 + a)·k^(−a) (Watson's lemma at p → 0)
    tailPrefactor: r.A * r.b * Math.exp(special.lgamma(1 + r.a)),
    meanSuccessProb: r.A * Math.exp(Math.log(r.b) + special.lbeta(1 + 1 / r.a, r.b)),
    problems: r.problems,
  }
  ks.forEach((k, j) => {
    const v = r.passAtK(k),
      se = r.passAtKStdErr(k)
    derived[`passAt${k}`] = v
    if (se !== null) derived[`passAt${k}_se`] = se
    const lo = r.intervals?.lower[j],
      hi = r.intervals?.upper[j]
    if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
      derived[`passAt${k}_lower`] = lo
      derived[`passAt${k}_upper`] = hi
    }
    table.rows.push([
      g.label,
      k,
      v,
      se,
      lo !== undefined && Number.isFinite(lo) ? lo : null,
      hi !== undefined && Number.isFinite(hi) ? hi : null,
      k > nMax ? 'model-based' : 'within n',
      r.status,
    ])
  })
  if (r.bootstrapSd)
    r.names.forEach((nm, j) => {
      const v = r.bootstrapSd?.[j]
      if (v !== undefined && Number.isFinite(v)) derived[`bootstrapSd_${nm}`] = v
    })
  const curveY = gx.map(r.passAtK)
  const out: FitResult = {
    model: `kumaraswamy${o.variant === 'plain' ? '' : `-${o.variant}`}`,
    target: g.label,
    params: r.names.map((name, j) => ({
      name,
      value: r.values[j],
      stdErr: r.stdErr[j],
      ...(r.paramLower && Number.isFinite(r.paramLower[j]) && r.paramUpper
        ? { lower: r.paramLower[j], upper: r.paramUpper[j] }
        : {}),
    })),
    status: r.status,
    message: r.message,
    iterations: r.iterations,
    goodness: {
      n: r.problems,
      dof: r.problems - r.names.length,
      ...(Number.isFinite(r.logLik) ? { logLik: r.logLik, aic: r.aic } : {}),
    },
    derived: Object.fromEntries(Object.entries(derived).filter(([, v]) => Number.isFinite(v))),
    predict: r.passAtK,
    curve: curveY.every(Number.isFinite)
      ? { x: gx, y: curveY }
      : { x: gx.filter((_, i) => Number.isFinite(curveY[i])), y: curveY.filter(Number.isFinite) },
    quantity: 'pass',
  }
  if (r.correlation) out.correlation = r.correlation
  return out
}

export const kumaraswamy = defineFitter({
  name: 'kumaraswamy',
  version: pkg.version,
  summary: 'MLE of Kumaraswamy(a, b) success probabilities from per-problem (n, c); implied pass@k with intervals',
  description:
    "One fit per outcome group: p ~ Kumaraswamy(a, b), f(p) = a·b·p^(a−1)(1 − p^a)^(b−1), by the Kumaraswamy–binomial marginal likelihood (quadrature in logit p). 'mixture' adds a never-solvable fraction 1 − A. pass@k = A·(1 − E[(1 − p)^k]) with a delta-method s.e. and, with bootstrap, a problem-bootstrap interval at each requested k (table kumaraswamy-passk).",
  refs: [
    'Schaeffer et al. 2025 (Kumaraswamy fits of pass_i@1)',
    'Kumaraswamy 1980; Jones 2009 Eq. 1.1, 2.1',
    'Levi 2024 Eq. 6 (ceiling A)',
  ],
  accepts: 'TrialOutcomes',
  produces: 'Fit',
  options: z
    .object({
      variant: z
        .enum(['plain', 'mixture'])
        .default('plain')
        .describe("'plain': p ~ Kumaraswamy(a, b); 'mixture': with probability 1 − A a problem is unsolvable (p = 0)"),
      bootstrap: z
        .number()
        .int()
        .min(0)
        .max(100000)
        .default(0)
        .describe('Bootstrap refits over problems for percentile intervals on the parameters and pass@k (0 = off)'),
      k: z
        .array(z.number().positive())
        .min(1)
        .optional()
        .describe('k values whose pass@k is reported with s.e. and interval (default: the largest n, 10× and 100× it)'),
      group: z.string().optional().describe('Label of the one group to fit; all groups when omitted'),
      ...curveRangeOptions('implied pass@k curve', 10000),
      maxIterations: z.number().int().min(1).max(100000).default(200).describe('Newton iteration limit'),
    })
    .strict(),
  run(t: TrialOutcomes, o, ctx) {
    const groups = selectGroups(t, o.group, ID)
    const table: Table = {
      id: 'kumaraswamy-passk',
      title: `Kumaraswamy pass@k per group (s.e. by the delta method; ${o.bootstrap ? `95% problem-bootstrap interval, ${o.bootstrap} resamples` : 'no bootstrap interval (bootstrap = 0)'})`,
      columns: ['group', 'k', 'pass@k', 'se', 'lower', 'upper', 'basis', 'status'],
      rows: [],
    }
    const fits = groups.map((g, i) => {
      ctx.throwIfAborted()
      ctx.progress({ done: i, total: groups.length, label: g.label })
      return fitGroup(g, o, ctx, table)
    })
    ctx.table(table)
    return { kind: 'Fit' as const, fits, meta: { model: 'kumaraswamy', variant: o.variant } }
  },
})
