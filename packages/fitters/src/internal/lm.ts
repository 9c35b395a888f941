/**
 * The fitting engine: weighted nonlinear least squares  min_θ Σ w_i (y_i − f(x_i; θ))²  (or in log
 * space, Σ w_i (log y_i − log f)²; or Huber loss by IRLS), with bounds through transforms
 * (transforms.ts), multi-start, a stop reason, and standard errors / correlations from
 * σ̂²·(JᵀWJ)⁻¹ (Cholesky with an equilibrated condition check, @passk/stats spdInverse).
 *
 * Optimisers. 'ml-lm' (default) runs ml-levenberg-marquardt v5 — the only import of it in the repo
 * (STYLE §4) — on the transformed, √w-scaled problem, then polishes with our own LM ('passk-lm'),
 * whose convergence tests give the stop reason the library does not report. The library is fed a
 * residual-scaled problem (x = point index, y = √w·y) with weights = 1, because its v5.1 `weights`
 * enter the error (w²·r²) and the normal matrix (J·diag(1/w²)·Jᵀ) inconsistently, and it is always
 * given our Jacobian (analytic, or relative finite differences recomputed each iteration) since its
 * own finite-difference step is absolute and fixed. 'passk-lm' alone is the Levenberg–Marquardt
 * method with Marquardt diagonal scaling and Nielsen's damping update (Madsen, Nielsen & Tingleff,
 * "Methods for non-linear least squares problems", 2004, Alg. 3.16) and MINPACK-style
 * ftol/xtol/gtol tests (Moré 1978).
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt'
import type { FitStatus } from '@passk/core'
import { dpotrf, dpotrs } from '@passk/linalg'
import { AT_BOUND_U, type Bound, describeBound, dNatural, spdInverse, toInternal, toNatural } from '@passk/stats'

/** Relative standard error beyond which a parameter counts as not identified (status 'singular'). */
export const UNIDENTIFIED_REL_SE = 1e3

export interface ParamSpec {
  name: string
  /** Start value(s); several values over several parameters form a multi-start grid (Cartesian product). */
  start: number | readonly number[]
  bound?: Bound
  /** Hold the parameter at this value: excluded from the fit and the covariance. */
  fixed?: number
}

export interface LsqProblem {
  x: ArrayLike<number>
  y: ArrayLike<number>
  /** Per-point weights w_i (∝ 1/σ_i²); default 1. */
  weights?: ArrayLike<number>
  params: readonly ParamSpec[]
  /** Model f(x; θ), θ the full natural parameter vector (fixed ones included). */
  model: (theta: Float64Array, x: number) => number
  /** Analytic ∂f/∂θ_j for all j written into out; relative finite differences are used if absent. */
  gradient?: (theta: Float64Array, x: number, out: Float64Array) => void
}

export interface LsqOptions {
  /** 'log' fits log y against log f (needs y > 0 and f > 0). */
  space?: 'linear' | 'log'
  loss?: 'l2' | 'huber'
  /** Huber threshold in units of the robust (MAD) residual scale; default 1.345. */
  huberDelta?: number
  optimizer?: 'ml-lm' | 'passk-lm'
  maxIterations?: number
  /** Called between starts/IRLS rounds; throw to abort. */
  checkAbort?: () => void
  /** Cap on the number of multi-start combinations tried (default 64). */
  maxStarts?: number
}

export interface LsqResult {
  names: string[]
  theta: Float64Array
  fixed: boolean[]
  stdErr: (number | null)[]
  /** Full p×p covariance (zeros for fixed parameters), or null. */
  covariance: Float64Array | null
  correlation: number[][] | null
  status: FitStatus
  message: string
  iterations: number
  /** Unweighted residuals in the fitting space (y − f, or log y − log f). */
  residuals: Float64Array
  /** Weighted residual sum of squares in the fitting space. */
  rss: number
  r2: number
  logLik: number
  aic: number
  n: number
  dof: number
  starts: number
}

interface Core {
  m: number
  p: number
  /** r ← √w·(yy − g(u)); returns false if any value is non-finite. */
  resid(u: Float64Array, r: Float64Array): boolean
  /** J (m×p row-major) of r at u. */
  jac(u: Float64Array, r: Float64Array, J: Float64Array): void
  /** ½‖√w·y‖²: residuals with F ≤ 1e−24·scale are at rounding level (relative RMS ≲ 1e−12). */
  scale: number
}

interface CoreResult {
  u: Float64Array
  F: number
  iterations: number
  status: FitStatus
  message: string
}

const EPS = 2.220446049250313e-16
/** A stalled fit whose remaining Gauss–Newton step is below this many standard errors has converged. */
const GN_STEP_SE_TOL = 1e-3
/** |u| beyond which a stalled run is taken to have run into the bound (see fitLeastSquares). */
const STALL_BOUND_U = 15

/** Levenberg–Marquardt on a residual function (see header). F = ½‖r‖². */
export function passkLm(core: Core, u0: Float64Array, maxIterations: number): CoreResult {
  const { m, p } = core
  const u = Float64Array.from(u0),
    un = new Float64Array(p)
  const r = new Float64Array(m),
    rn = new Float64Array(m)
  const J = new Float64Array(m * p),
    A = new Float64Array(p * p),
    L = new Float64Array(p * p)
  const g = new Float64Array(p),
    d = new Float64Array(p),
    D = new Float64Array(p)
  if (!core.resid(u, r))
    return { u, F: NaN, iterations: 0, status: 'non-finite', message: 'the model is not finite at the starting values' }
  let F = 0
  for (let i = 0; i < m; i++) F += r[i] * r[i]
  F *= 0.5
  if (F === 0) return { u, F, iterations: 0, status: 'converged', message: 'exact fit at the starting values' }
  let mu = -1,
    nu = 2,
    it = 0
  const normal = () => {
    core.jac(u, r, J)
    A.fill(0)
    g.fill(0)
    for (let i = 0; i < m; i++) {
      const row = i * p,
        ri = r[i]
      for (let a = 0; a < p; a++) {
        const ja = J[row + a]
        g[a] += ja * ri
        for (let b = a; b < p; b++) A[a * p + b] += ja * J[row + b]
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) A[a * p + b] = A[b * p + a]
    for (let a = 0; a < p; a++) D[a] = Math.max(D[a], A[a * p + a], 1e-300) // MINPACK: non-decreasing scaling
  }
  const gradCos = () => {
    // max_j |J_jᵀ r| / (‖J_j‖·‖r‖): MINPACK's scale-free gtol measure.
    const rn2 = Math.sqrt(2 * F)
    let c = 0
    for (let a = 0; a < p; a++) {
      const nj = Math.sqrt(A[a * p + a])
      if (nj > 0) c = Math.max(c, Math.abs(g[a]) / (nj * rn2))
    }
    return c
  }
  // Length of the remaining Gauss–Newton step d = −A⁻¹g in standard-error units (Mahalanobis,
  // dᵀA d/σ̂² with σ̂² = 2F/(m − p)), invariant to the parametrisation. When residuals are at the level
  // of the model's rounding noise (a noiseless curve), F is too noisy for any step to reduce it and the
  // gradient cosine stays ~1e-5 on an ill-conditioned problem, yet the optimum is reached to a tiny
  // fraction of a standard error: that is convergence, not a failure (issue 18 D2).
  const gnStepSE = () => {
    for (let jitter = 0; jitter <= 1e-6; jitter = jitter === 0 ? 1e-14 : jitter * 100) {
      for (let a = 0; a < p * p; a++) L[a] = A[a]
      for (let a = 0; a < p; a++) L[a * p + a] += jitter * D[a]
      if (dpotrf(p, L) !== 0) continue
      for (let a = 0; a < p; a++) d[a] = g[a]
      dpotrs(p, L, d)
      let q = 0
      for (let a = 0; a < p; a++) q += g[a] * d[a]
      const v = Math.sqrt((q * Math.max(m - p, 1)) / (2 * F))
      return Number.isFinite(v) ? v : Infinity
    }
    return Infinity
  }
  const atNoiseFloor = () => gradCos() <= 1e-6 || F <= 1e-24 * core.scale || gnStepSE() <= GN_STEP_SE_TOL
  normal()
  for (let a = 0; a < p; a++)
    if (!Number.isFinite(g[a]))
      return { u, F, iterations: 0, status: 'non-finite', message: 'the Jacobian is not finite at the starting values' }
  if (gradCos() <= 1e-13)
    return { u, F, iterations: 0, status: 'converged', message: 'starting values are already a stationary point' }
  mu = 1e-3
  while (it < maxIterations) {
    it++
    // Solve (A + mu·D)·d = −g.
    for (let a = 0; a < p * p; a++) L[a] = A[a]
    for (let a = 0; a < p; a++) {
      L[a * p + a] += mu * D[a]
      d[a] = -g[a]
    }
    if (dpotrf(p, L) !== 0) {
      mu *= nu
      nu *= 2
      if (mu > 1e20) break
      continue
    }
    dpotrs(p, L, d)
    let dn = 0,
      un2 = 0
    for (let a = 0; a < p; a++) {
      un[a] = u[a] + d[a]
      dn += d[a] * d[a]
      un2 += u[a] * u[a]
    }
    dn = Math.sqrt(dn)
    un2 = Math.sqrt(un2)
    let Fn = NaN
    if (core.resid(un, rn)) {
      Fn = 0
      for (let i = 0; i < m; i++) Fn += rn[i] * rn[i]
      Fn *= 0.5
    }
    // predicted reduction ½·dᵀ(mu·D·d − g)
    let pred = 0
    for (let a = 0; a < p; a++) pred += d[a] * (mu * D[a] * d[a] - g[a])
    pred *= 0.5
    const rho = Number.isFinite(Fn) ? (F - Fn) / pred : -1
    if (rho > 0) {
      const relRed = (F - Fn) / F
      u.set(un)
      r.set(rn)
      const Fold = F
      F = Fn
      mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3)
      nu = 2
      if (F <= 1e-30 * Fold || F === 0)
        return { u, F, iterations: it, status: 'converged', message: 'exact fit (zero residuals)' }
      normal()
      if (gradCos() <= 1e-12)
        return { u, F, iterations: it, status: 'converged', message: 'gradient orthogonal to residuals (gtol)' }
      if (relRed <= 1e-14 && pred / Fold <= 1e-14)
        return { u, F, iterations: it, status: 'converged', message: 'relative reduction below ftol' }
      if (dn <= 1e-11 * (un2 + 1e-11))
        return { u, F, iterations: it, status: 'converged', message: 'relative step below xtol' }
    } else {
      mu *= nu
      nu *= 2
      if (dn <= 4 * EPS * (un2 + EPS) || mu > 1e20) {
        // No downhill step exists at machine precision: converged if the gradient test nearly holds, or
        // what is left of the Gauss–Newton step is below GN_STEP_SE_TOL standard errors.
        if (atNoiseFloor())
          return {
            u,
            F,
            iterations: it,
            status: 'converged',
            message: 'no further reduction possible at machine precision',
          }
        return {
          u,
          F,
          iterations: it,
          status: 'failed',
          message: `stalled: no downhill step (gradient cosine ${gradCos().toExponential(2)})`,
        }
      }
    }
  }
  if (atNoiseFloor())
    return {
      u,
      F,
      iterations: it,
      status: 'converged',
      message:
        'iteration limit reached with the gradient test met (residuals at rounding level, or the remaining step below 1e-3 standard errors)',
    }
  return {
    u,
    F,
    iterations: it,
    status: 'max-iterations',
    message: `stopped after ${it} iterations without meeting the convergence tests`,
  }
}

/** Run ml-levenberg-marquardt on the residual-scaled problem, then polish with passkLm. */
function mlLm(
  core: Core,
  u0: Float64Array,
  maxIterations: number,
  sqrtW: Float64Array,
  yy: Float64Array,
  gAt: (u: Float64Array, i: number) => number,
  gradRow: (u: Float64Array, i: number, out: Float64Array) => void,
): CoreResult {
  const { m, p } = core
  const idx = Array.from({ length: m }, (_, i) => i)
  const ys = Array.from({ length: m }, (_, i) => sqrtW[i] * yy[i])
  let start = u0,
    itMl = 0,
    note = ''
  if (m >= 2) {
    try {
      const tmp = new Float64Array(p)
      const out = levenbergMarquardt(
        { x: idx, y: ys },
        (par: number[]) => {
          const uu = Float64Array.from(par)
          return (i: number) => sqrtW[i] * gAt(uu, i)
        },
        {
          initialValues: Array.from(u0),
          maxIterations: Math.min(maxIterations, 50),
          damping: 1e-2,
          errorTolerance: 1e-30,
          jacobianFunction: (par: number[]) => {
            const uu = Float64Array.from(par)
            return (i: number) => {
              gradRow(uu, i, tmp)
              return Array.from(tmp, (v) => sqrtW[i] * v)
            }
          },
        },
      )
      itMl = out.iterations
      const cand = Float64Array.from(out.parameterValues)
      if (cand.every(Number.isFinite)) start = cand
      else note = 'ml-levenberg-marquardt returned non-finite parameters; polished from the start values. '
    } catch (e) {
      note = `ml-levenberg-marquardt failed (${(e as Error).message}); used passk-lm alone. `
    }
  }
  const pol = passkLm(core, start, maxIterations)
  // Guard: if the library's answer made things worse than the start, redo from the start.
  if (start !== u0 && !(pol.F <= evalF(core, u0))) {
    const alt = passkLm(core, u0, maxIterations)
    if (alt.F < pol.F || !Number.isFinite(pol.F))
      return { ...alt, iterations: alt.iterations + itMl, message: note + alt.message }
  }
  const msg =
    pol.status === 'converged' && pol.iterations === 0 && start !== u0
      ? 'ml-levenberg-marquardt solution verified stationary by passk-lm'
      : pol.message
  return { ...pol, iterations: pol.iterations + itMl, message: note + msg }
}

function evalF(core: Core, u: Float64Array): number {
  const r = new Float64Array(core.m)
  if (!core.resid(u, r)) return Infinity
  let F = 0
  for (let i = 0; i < core.m; i++) F += r[i] * r[i]
  return 0.5 * F
}

function cartesian(lists: number[][], cap: number): number[][] {
  let out: number[][] = [[]]
  for (const l of lists) {
    const next: number[][] = []
    for (const o of out) for (const v of l) next.push([...o, v])
    out = next
  }
  if (out.length <= cap) return out
  // Deterministic thinning: evenly spaced subset, always keeping the first combination.
  const step = out.length / cap
  return Array.from({ length: cap }, (_, i) => out[Math.floor(i * step)])
}

/** Fit a model by weighted least squares; never throws on numerical failure (status says why). */
export function fitLeastSquares(prob: LsqProblem, opts: LsqOptions = {}): LsqResult {
  const space = opts.space ?? 'linear',
    loss = opts.loss ?? 'l2'
  const maxIt = opts.maxIterations ?? 200
  const P = prob.params.length
  const names = prob.params.map((q) => q.name)
  const fixedMask = prob.params.map((q) => q.fixed !== undefined)
  const free = prob.params.map((_, j) => j).filter((j) => !fixedMask[j])
  const p = free.length
  const bounds = prob.params.map((q) => q.bound ?? 'free')
  const m = prob.x.length
  if (prob.y.length !== m) throw new RangeError(`fitLeastSquares: x has ${m} points, y has ${prob.y.length}`)
  const xs = Float64Array.from(prob.x)
  const yy = new Float64Array(m)
  for (let i = 0; i < m; i++) yy[i] = space === 'log' ? Math.log(prob.y[i]) : prob.y[i]
  const baseW = new Float64Array(m)
  for (let i = 0; i < m; i++) baseW[i] = prob.weights ? prob.weights[i] : 1
  const theta = new Float64Array(P)
  prob.params.forEach((q, j) => {
    if (q.fixed !== undefined) theta[j] = q.fixed
  })
  const fail = (status: FitStatus, message: string): LsqResult => ({
    names,
    theta: theta.map((v, j) => (fixedMask[j] ? v : NaN)),
    fixed: fixedMask,
    stdErr: names.map(() => null),
    covariance: null,
    correlation: null,
    status,
    message,
    iterations: 0,
    residuals: new Float64Array(m).fill(NaN),
    rss: NaN,
    r2: NaN,
    logLik: NaN,
    aic: NaN,
    n: m,
    dof: m - p,
    starts: 0,
  })
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(yy[i]))
      return fail(
        'failed',
        `data point ${i} (x = ${prob.x[i]}, y = ${prob.y[i]}) is not finite${space === 'log' ? ' in log space (y must be > 0)' : ''}`,
      )
    if (!(baseW[i] >= 0) || !Number.isFinite(baseW[i]))
      return fail('failed', `weight ${i} is ${baseW[i]} (must be finite and ≥ 0)`)
  }
  if (m < p) return fail('failed', `${m} data points cannot determine ${p} free parameters`)
  const setTheta = (u: Float64Array) => {
    for (let a = 0; a < p; a++) theta[free[a]] = toNatural(bounds[free[a]], u[a])
  }
  const gFull = new Float64Array(P)
  // g(x; θ) in the fitting space and its gradient w.r.t. the free u.
  const gAt = (u: Float64Array, i: number): number => {
    setTheta(u)
    const f = prob.model(theta, xs[i])
    return space === 'log' ? Math.log(f) : f
  }
  const gradRow = (u: Float64Array, i: number, out: Float64Array): void => {
    setTheta(u)
    if (prob.gradient) {
      prob.gradient(theta, xs[i], gFull)
      const scale = space === 'log' ? 1 / prob.model(theta, xs[i]) : 1
      for (let a = 0; a < p; a++) out[a] = gFull[free[a]] * dNatural(bounds[free[a]], u[a]) * scale
    } else {
      // Central differences with step h = ∛ε·s: accurate to ~ε^(2/3). For a free parameter s = |u| (1 at
      // u = 0). For a bounded one u is a log or logit, dimensionless and O(1): s = max(|u|, 1). A purely
      // relative step there gave h ~ 1e−17 at u ≈ 0 (θ ≈ 1 for 'positive', θ ≈ ½ for 'unit'), a zero
      // Jacobian column and a 'singular' or 'failed' fit (issue 18 D3).
      for (let a = 0; a < p; a++) {
        const ua = u[a]
        const s = bounds[free[a]] === 'free' ? (ua !== 0 ? Math.abs(ua) : 1) : Math.max(Math.abs(ua), 1)
        const h = 6.0554544523933395e-6 * s
        u[a] = ua + h
        const g1 = gAt(u, i)
        u[a] = ua - h
        const g2 = gAt(u, i)
        u[a] = ua
        out[a] = (g1 - g2) / (2 * h)
      }
      setTheta(u)
    }
  }
  let w = Float64Array.from(baseW)
  const sqrtW = new Float64Array(m)
  const setW = () => {
    for (let i = 0; i < m; i++) sqrtW[i] = Math.sqrt(w[i])
  }
  setW()
  const row = new Float64Array(p)
  let yScale = 0
  for (let i = 0; i < m; i++) yScale += 0.5 * baseW[i] * yy[i] * yy[i]
  const core: Core = {
    m,
    p,
    scale: yScale,
    resid(u, r) {
      for (let i = 0; i < m; i++) {
        const v = sqrtW[i] * (yy[i] - gAt(u, i))
        if (!Number.isFinite(v)) return false
        r[i] = v
      }
      return true
    },
    jac(u, _r, J) {
      for (let i = 0; i < m; i++) {
        gradRow(u, i, row)
        for (let a = 0; a < p; a++) J[i * p + a] = -sqrtW[i] * row[a]
      }
    },
  }
  const optimise = (u0: Float64Array): CoreResult => {
    if (p === 0) {
      const F = evalF(core, u0)
      return {
        u: u0,
        F,
        iterations: 0,
        status: Number.isFinite(F) ? 'converged' : 'non-finite',
        message: 'all parameters fixed',
      }
    }
    return (opts.optimizer ?? 'ml-lm') === 'ml-lm'
      ? mlLm(core, u0, maxIt, sqrtW, yy, gAt, gradRow)
      : passkLm(core, u0, maxIt)
  }
  // Multi-start grid over the free parameters' start lists.
  const startLists = free.map((j) => {
    const s = prob.params[j].start
    return (typeof s === 'number' ? [s] : [...s]).map((v) => toInternal(bounds[j], v))
  })
  const combos = cartesian(startLists, opts.maxStarts ?? 64)
  // Multi-start: a short passk-lm run (≤ 30 iterations) from every start, then the full optimiser
  // from the three best distinct end points; the lowest F wins (ties go to a converged run).
  let best: CoreResult | null = null,
    total = 0
  const better = (res: CoreResult, b: CoreResult | null) =>
    b === null ||
    (Number.isFinite(res.F) &&
      (!Number.isFinite(b.F) ||
        res.F < b.F * (1 - 1e-12) ||
        (res.F <= b.F && b.status !== 'converged' && res.status === 'converged')))
  let finalists: Float64Array[] = combos.map((c) => Float64Array.from(c))
  if (combos.length > 1 && p > 0) {
    const scouts = finalists.map((u0) => {
      opts.checkAbort?.()
      const r = passkLm(core, u0, Math.min(30, maxIt))
      total += r.iterations
      return r
    })
    scouts.sort((a, b) => (Number.isFinite(a.F) ? a.F : Infinity) - (Number.isFinite(b.F) ? b.F : Infinity))
    // Finalists: the three best *distinct* end points. Scouts that converged to one point count once, so a
    // shallow local minimum many starts fall into cannot crowd out a start still descending into another
    // basin (issue 18: k-eff on (0.9, 0.6, 1.4) — 22 of 24 scouts ended in a local minimum).
    const same = (a: Float64Array, b: Float64Array) => a.every((v, i) => Math.abs(v - b[i]) <= 1e-6 * (1 + Math.abs(v)))
    finalists = []
    for (const r of scouts) {
      if (!Number.isFinite(r.F) || finalists.some((u) => same(u, r.u))) continue
      finalists.push(r.u)
      if (finalists.length === 3) break
    }
    if (finalists.length === 0) finalists = [Float64Array.from(combos[0])]
  }
  for (const u0 of finalists) {
    opts.checkAbort?.()
    const res = optimise(u0)
    total += res.iterations
    if (better(res, best)) best = res
  }
  let cur = best!
  // Huber loss by IRLS (weights h_i = min(1, c/|r_i|), c = δ·1.4826·MAD), scale re-estimated each round.
  let huberNote = ''
  if (loss === 'huber' && Number.isFinite(cur.F) && p > 0) {
    const delta = opts.huberDelta ?? 1.345
    const r = new Float64Array(m)
    let prevH = new Float64Array(m).fill(1),
      round: number
    for (round = 0; round < 50; round++) {
      opts.checkAbort?.()
      w = Float64Array.from(baseW)
      setW()
      if (!core.resid(cur.u, r)) break
      const abs = Array.from(r, Math.abs).sort((a, b) => a - b)
      const med = abs[Math.floor((m - 1) / 2)] * 0.5 + abs[Math.ceil((m - 1) / 2)] * 0.5
      const s = 1.4826 * med
      if (!(s > 0)) break
      const c = delta * s
      const h = new Float64Array(m)
      let change = 0
      for (let i = 0; i < m; i++) {
        h[i] = Math.abs(r[i]) <= c ? 1 : c / Math.abs(r[i])
        change = Math.max(change, Math.abs(h[i] - prevH[i]))
      }
      for (let i = 0; i < m; i++) w[i] = baseW[i] * h[i]
      setW()
      const next = passkLm(core, cur.u, maxIt)
      total += next.iterations
      if (Number.isFinite(next.F)) cur = next
      prevH = h
      if (change < 1e-8 && round > 0) break
    }
    let down = 0
    for (let i = 0; i < m; i++) if (w[i] < baseW[i] * (1 - 1e-12)) down++
    huberNote = ` Huber IRLS: ${round + 1} rounds, ${down} of ${m} points down-weighted.`
  }
  setTheta(cur.u)
  const thetaOut = Float64Array.from(theta)
  const residuals = new Float64Array(m)
  let rss = 0,
    sw = 0,
    swy = 0
  for (let i = 0; i < m; i++) {
    residuals[i] = yy[i] - gAt(cur.u, i)
    rss += w[i] * residuals[i] ** 2
    sw += w[i]
    swy += w[i] * yy[i]
  }
  setTheta(cur.u)
  const ybar = swy / (sw || 1)
  let tss = 0
  for (let i = 0; i < m; i++) tss += w[i] * (yy[i] - ybar) ** 2
  const r2 = tss > 0 ? 1 - rss / tss : rss === 0 ? 1 : NaN
  let sumLogW = 0,
    nPos = 0
  for (let i = 0; i < m; i++)
    if (w[i] > 0) {
      sumLogW += Math.log(w[i])
      nPos++
    }
  const logLik = rss > 0 ? -0.5 * nPos * (Math.log((2 * Math.PI * rss) / nPos) + 1) + 0.5 * sumLogW : Infinity
  const aic = 2 * (p + 1) - 2 * logLik
  const dof = nPos - p // points with zero weight (e.g. not drawn in a bootstrap resample) carry no information
  let status = cur.status,
    message = cur.message + huberNote
  if (!Number.isFinite(cur.F) || !thetaOut.every(Number.isFinite)) {
    return {
      ...fail(
        Number.isFinite(cur.F) ? 'non-finite' : cur.status === 'converged' ? 'non-finite' : cur.status,
        `fit failed: ${cur.message}`,
      ),
      iterations: total,
      starts: combos.length,
    }
  }
  // At a bound? (the transform keeps θ strictly inside; |u| large means it ran to the edge)
  // A run that stalled with a parameter deep in a bound's saturated transform (|u| > STALL_BOUND_U: θ within
  // ~3e−7 of the bound, dθ/du ~ 3e−7 so the optimiser cannot move it) stalled because the optimum lies on
  // the bound (e.g. a k-eff ceiling A → 1): report it as at-bound with its values, not as a failure.
  const edge = (a: number) => (cur.status === 'failed' ? STALL_BOUND_U : AT_BOUND_U) < Math.abs(cur.u[a])
  const atBound = free.filter((j, a) => bounds[j] !== 'free' && edge(a))
  if (atBound.length) {
    status = 'at-bound'
    message =
      `parameter ${atBound.map((j) => `${names[j]} = ${thetaOut[j].toPrecision(4)} ran to the edge of ${describeBound(bounds[j])}`).join('; ')}; the optimum lies on (or beyond) the bound. ` +
      message
  }
  // Covariance σ̂²·(JᵀWJ)⁻¹ in natural parameters. Parameters that ran to a bound are held there:
  // their SEs are null and the others' SEs are conditional on them (the Jacobian drops their columns).
  let covariance: Float64Array | null = null,
    correlation: number[][] | null = null
  const stdErr: (number | null)[] = names.map(() => null)
  const cov = free.map((j, a) => a).filter((a) => !atBound.includes(free[a])) // indices into u
  const q = cov.length
  if (q > 0) {
    const Jn = new Float64Array(m * q)
    const gtmp = new Float64Array(p)
    for (let i = 0; i < m; i++) {
      gradRow(cur.u, i, gtmp)
      cov.forEach((a, c) => {
        Jn[i * q + c] = (sqrtW[i] * gtmp[a]) / dNatural(bounds[free[a]], cur.u[a])
      })
    }
    setTheta(cur.u)
    const A = new Float64Array(q * q)
    for (let i = 0; i < m; i++)
      for (let a = 0; a < q; a++) for (let b = a; b < q; b++) A[a * q + b] += Jn[i * q + a] * Jn[i * q + b]
    for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) A[a * q + b] = A[b * q + a]
    const finiteA = A.every(Number.isFinite)
    const inv = finiteA ? spdInverse(q, A) : { inverse: null, rcond: 0 }
    const dofCov = nPos - q
    if (!inv.inverse) {
      const why = `JᵀWJ is singular or ill-conditioned (rcond ≈ ${inv.rcond.toExponential(1)}): the parameters are not separately identifiable from these data; standard errors unavailable. `
      if (status === 'converged') status = 'singular'
      message = why + message
    } else if (dofCov > 0) {
      const s2 = rss / dofCov
      covariance = new Float64Array(P * P)
      const idx = cov.map((a) => free[a])
      for (let a = 0; a < q; a++)
        for (let b = 0; b < q; b++) covariance[idx[a] * P + idx[b]] = s2 * inv.inverse[a * q + b]
      correlation = names.map((_, i) =>
        names.map((__, j) => {
          if (!idx.includes(i) || !idx.includes(j)) return i === j ? 1 : 0
          const v = covariance![i * P + j] / Math.sqrt(covariance![i * P + i] * covariance![j * P + j])
          return Number.isFinite(v) ? v : 0
        }),
      )
      for (const j of idx) {
        const v = Math.sqrt(covariance[j * P + j])
        stdErr[j] = Number.isFinite(v) ? v : null
      }
      // A parameter whose standard error dwarfs its value is not identified by these data (e.g. a flat
      // pass@k curve fixes only A·(…) and sends α → 0, β → ∞ along a ridge): say so instead of 'converged'.
      const unidentified = idx.filter(
        (j) =>
          stdErr[j] !== null && stdErr[j] > UNIDENTIFIED_REL_SE * Math.max(Math.abs(thetaOut[j]), Number.MIN_VALUE),
      )
      if (unidentified.length && status === 'converged') {
        status = 'singular'
        message =
          `parameter${unidentified.length > 1 ? 's' : ''} ${unidentified.map((j) => `${names[j]} = ${thetaOut[j].toPrecision(4)} (s.e. ${stdErr[j]!.toExponential(1)})`).join(', ')} not identified by these data (relative standard error > ${UNIDENTIFIED_REL_SE}). ` +
          message
      }
    } else {
      message += ` No residual degrees of freedom (${nPos} weighted points, ${q} parameters): standard errors unavailable.`
    }
  }
  return {
    names,
    theta: thetaOut,
    fixed: fixedMask,
    stdErr,
    covariance,
    correlation,
    status,
    message: message.trim(),
    iterations: total,
    residuals,
    rss,
    r2,
    logLik,
    aic,
    n: m,
    dof,
    starts: combos.length,
  }
}
