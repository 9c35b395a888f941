/**
 * Maximum likelihood by damped Newton on an unconstrained u (bounds via transforms.ts):
 * solve (H + μ·diag(max(H_jj, 1e−12)))δ = −g, accept when the negative log-likelihood drops
 * (Levenberg-damped Newton; Nocedal & Wright 2006, §3.4 / §10.3), analytic gradient/Hessian when
 * given, else central finite differences. Standard errors from the observed information:
 * cov(θ) = D·H_u⁻¹·D with D = diag(dθ/du) at the optimum (spd.ts spdInverse, checked). Newton systems are
 * solved with @passk/linalg's dpotrf/dpotrs on the full symmetric matrix.
 */
import { dpotrf, dpotrs, POTRF_BLOCK } from '@passk/linalg'
import { spdInverse } from './spd.js'
import { AT_BOUND_U, type Bound, describeBound, dNatural, toInternal, toNatural } from './transforms.js'

/** Outcome of a fit; the same strings as @passk/core's FitStatus (which it is assignable to). */
export type MleStatus = 'converged' | 'max-iterations' | 'non-finite' | 'at-bound' | 'singular' | 'failed'

export interface MleProblem {
  names: string[]
  bounds: Bound[]
  /** Negative log-likelihood at natural θ (may return NaN/∞ outside the model's domain). */
  nll(theta: Float64Array): number
  /** Optional analytic gradient and Hessian of nll w.r.t. natural θ (H row-major p×p). */
  gradHess?(theta: Float64Array, g: Float64Array, H: Float64Array): void
}

export interface MleResult {
  theta: Float64Array
  stdErr: (number | null)[]
  covariance: Float64Array | null
  correlation: number[][] | null
  nll: number
  status: MleStatus
  message: string
  iterations: number
}

let potrfWork = new Float64Array(4 * POTRF_BLOCK)

export function fitMle(prob: MleProblem, start: ArrayLike<number>, opts: { maxIterations?: number } = {}): MleResult {
  const p = prob.names.length,
    maxIt = opts.maxIterations ?? 200
  const { bounds } = prob
  const u = Float64Array.from({ length: p }, (_, j) => toInternal(bounds[j], start[j]))
  const th = new Float64Array(p)
  const nat = (uu: Float64Array) => {
    for (let j = 0; j < p; j++) th[j] = toNatural(bounds[j], uu[j])
    return th
  }
  const f = (uu: Float64Array) => {
    const v = prob.nll(nat(uu))
    return Number.isFinite(v) ? v : Infinity
  }
  const g = new Float64Array(p),
    H = new Float64Array(p * p),
    gt = new Float64Array(p),
    Ht = new Float64Array(p * p),
    dth = new Float64Array(p) // dθ/du at the point of the last derivs()
  // Gradient and Hessian in u (chain rule through θ(u)), analytic or by central differences.
  const derivs = (uu: Float64Array) => {
    if (prob.gradHess) {
      prob.gradHess(nat(uu), gt, Ht)
      for (let j = 0; j < p; j++) dth[j] = dNatural(bounds[j], uu[j])
      for (let i = 0; i < p; i++) {
        const di = dth[i]
        g[i] = gt[i] * di
        for (let j = 0; j < p; j++) H[i * p + j] = Ht[i * p + j] * di * dth[j]
        // second-order term of the chain rule: g_θ·d²θ/du² (d²θ/du² = dθ/du for exp-type transforms)
        H[i * p + i] += gt[i] * secondDeriv(bounds[i], uu[i])
      }
      return
    }
    const h = (j: number) => 1e-4 * Math.max(1, Math.abs(uu[j]))
    const grad = (v: Float64Array, out: Float64Array) => {
      for (let j = 0; j < p; j++) {
        const s = v[j],
          hj = 1e-6 * Math.max(1, Math.abs(s))
        v[j] = s + hj
        const a = f(v)
        v[j] = s - hj
        const b = f(v)
        v[j] = s
        out[j] = (a - b) / (2 * hj)
      }
    }
    grad(uu, g)
    const ga = new Float64Array(p),
      gb = new Float64Array(p)
    for (let j = 0; j < p; j++) {
      const s = uu[j],
        hj = h(j)
      uu[j] = s + hj
      grad(uu, ga)
      uu[j] = s - hj
      grad(uu, gb)
      uu[j] = s
      for (let i = 0; i < p; i++) H[i * p + j] = (ga[i] - gb[i]) / (2 * hj)
    }
    for (let i = 0; i < p; i++)
      for (let j = i + 1; j < p; j++) {
        const m = 0.5 * (H[i * p + j] + H[j * p + i])
        H[i * p + j] = m
        H[j * p + i] = m
      }
  }
  const L = new Float64Array(p * p),
    d = new Float64Array(p),
    un = new Float64Array(p)
  // dpotrf's panel buffer, shared by all fits (only used inside dpotrf, which calls no user code)
  if (potrfWork.length < p * POTRF_BLOCK) potrfWork = new Float64Array(p * POTRF_BLOCK)
  const work = potrfWork
  let F = f(u)
  if (!Number.isFinite(F)) return done('non-finite', 'the likelihood is not finite at the starting values', 0)
  let mu = 1e-6,
    it = 0,
    status: MleStatus = 'max-iterations',
    message = `stopped after ${maxIt} iterations`
  derivs(u)
  while (it < maxIt) {
    it++
    let gmax = 0
    for (let j = 0; j < p; j++) gmax = Math.max(gmax, Math.abs(g[j]))
    if (gmax <= 1e-9 * Math.max(1, Math.abs(F)) * 1e-3) {
      status = 'converged'
      message = 'gradient below tolerance'
      break
    }
    for (let k = 0; k < p * p; k++) L[k] = H[k]
    for (let j = 0; j < p; j++) {
      L[j * p + j] += mu * Math.max(Math.abs(H[j * p + j]), 1e-12)
      d[j] = -g[j]
    }
    if (dpotrf(p, L, p, work) !== 0) {
      mu = Math.max(mu * 10, 1e-3)
      if (mu > 1e20) {
        status = 'failed'
        message = 'Hessian damping diverged'
        break
      }
      continue
    }
    dpotrs(p, L, d)
    for (let j = 0; j < p; j++) un[j] = u[j] + d[j]
    const Fn = f(un)
    if (Fn <= F) {
      const dec = F - Fn
      u.set(un)
      F = Fn
      mu = Math.max(mu / 10, 1e-12)
      let big = false
      for (let j = 0; j < p; j++) if (Math.abs(u[j]) > AT_BOUND_U && bounds[j] !== 'free') big = true
      derivs(u)
      let dmax = 0
      for (let j = 0; j < p; j++) dmax = Math.max(dmax, Math.abs(d[j]))
      if (dec <= 1e-13 * Math.max(1, Math.abs(F)) && dmax <= 1e-7) {
        status = 'converged'
        message = 'step and decrease below tolerance'
        break
      }
      if (big && dec <= 1e-10 * Math.max(1, Math.abs(F))) {
        status = 'at-bound'
        message = 'parameter running to a bound'
        break
      }
    } else {
      mu = Math.max(mu * 10, 1e-6)
      if (mu > 1e16) {
        let gm = 0
        for (let j = 0; j < p; j++) gm = Math.max(gm, Math.abs(g[j]))
        status = gm <= 1e-5 * Math.max(1, Math.abs(F)) ? 'converged' : 'failed'
        message =
          status === 'converged' ? 'no further decrease possible at machine precision' : 'stalled: no downhill step'
        break
      }
    }
  }
  return done(status, message, it)

  function done(st: MleStatus, msg: string, iters: number): MleResult {
    const stdErr: (number | null)[] = prob.names.map(() => null)
    let covariance: Float64Array | null = null,
      correlation: number[][] | null = null
    // Boundary probe: a likelihood maximised at the edge (e.g. a → 0) has a vanishing u-gradient, so
    // Newton may stop "converged" at a finite u. Move each bounded u by ±10 and see if F still drops.
    const atB = prob.names.filter((_, j) => {
      if (bounds[j] === 'free') return false
      if (Math.abs(u[j]) > AT_BOUND_U) return true
      if (st !== 'converged' || !Number.isFinite(F)) return false
      for (const step of [-10, 10]) {
        const v = un // the Newton loop's scratch (it is over)
        v.set(u)
        v[j] += step
        if (f(v) < F - 1e-14 * Math.max(1, Math.abs(F))) {
          u[j] = v[j]
          F = f(u)
          return true
        }
      }
      return false
    })
    const theta = Float64Array.from(nat(u))
    if (atB.length && st !== 'non-finite') {
      st = 'at-bound'
      msg =
        `parameter ${atB
          .map((n) => {
            const j = prob.names.indexOf(n)
            return `${n} = ${theta[j].toPrecision(4)} ran to the edge of ${describeBound(bounds[j])}`
          })
          .join('; ')}; the likelihood is maximised on the boundary. ` + msg
    }
    if (Number.isFinite(F) && st !== 'non-finite' && !atB.length) {
      const inv = spdInverse(p, H)
      if (!inv.inverse) {
        if (st === 'converged') {
          st = 'singular'
          msg =
            `observed information is singular (rcond ≈ ${inv.rcond.toExponential(1)}): parameters not identifiable; standard errors unavailable. ` +
            msg
        }
      } else {
        covariance = new Float64Array(p * p)
        for (let i = 0; i < p; i++)
          for (let j = 0; j < p; j++)
            covariance[i * p + j] = dNatural(bounds[i], u[i]) * inv.inverse[i * p + j] * dNatural(bounds[j], u[j])
        for (let j = 0; j < p; j++) {
          const v = Math.sqrt(covariance[j * p + j])
          stdErr[j] = Number.isFinite(v) ? v : null
        }
        correlation = prob.names.map((_, i) =>
          prob.names.map(
            (__, j) => covariance![i * p + j] / Math.sqrt(covariance![i * p + i] * covariance![j * p + j]),
          ),
        )
      }
    }
    if (!theta.every(Number.isFinite) && st === 'converged') st = 'non-finite'
    return { theta, stdErr, covariance, correlation, nll: F, status: st, message: msg, iterations: iters }
  }
}

/** d²θ/du² for each transform (needed for the exact Hessian in u away from the optimum). */
function secondDeriv(b: Bound, u: number): number {
  if (b === 'free') return 0
  if (b === 'positive') return Math.exp(u)
  if (typeof b === 'object' && 'lower' in b && !('upper' in b)) return Math.exp(u)
  if (typeof b === 'object' && 'upper' in b && !('lower' in b)) return -Math.exp(u)
  const s = u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u))
  const scale = b === 'unit' ? 1 : b.upper - b.lower
  return scale * s * (1 - s) * (1 - 2 * s)
}
