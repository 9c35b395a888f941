/**
 * Single-trial failure probability of the perfect-verifier pass@k (LID Eq. 13), in log space:
 *   p = 1 − [Φ((δ − B)/s) − Φ((−δ − B)/s)] = Φ((−δ − |B|)/s) + Φ((|B| − δ)/s),
 * the chance that a fresh target y ~ N(m, s²) misses the prediction m + B by more than δ.
 *
 * With h = δ/s, c = −|B|/s, u = c + h, l = c − h (so q = 1 − p = Φ(u) − Φ(l)):
 *  - narrow window, h·max(1, |c|) ≤ 1: q = ∫_l^u φ by 8-point Gauss–Legendre (the log-integrand is a
 *    quadratic with coefficients ≤ 1 on the panel, so the rule is exact to rounding); log p = log1p(−q).
 *    This keeps q ≈ 2hφ(c) accurate when the window is tiny against the noise (p → 1), where the
 *    difference of two CDFs would cancel.
 *  - window in one tail, u ≤ 0: log q = log Φ(u) + log1mexp(log Φ(u) − log Φ(l)) (the two log-CDFs
 *    differ by ≥ ~1.5 here, so no cancellation); log p = log1p(−q).
 *  - window around the target, u > 0: both failure tails are small or moderate:
 *    log p = logAddExp(log Φ(l), log Φ(−u)), which stays accurate when p is tiny (1e-300 and below).
 */
import { special } from '@passk/core'
import { gaussLegendre } from './gauss-legendre.js'

const { normCdf, normLogCdf, logAddExp, log1mexp } = special
const GL8 = gaussLegendre(8)
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/**
 * log p for prediction error B (any sign), target noise sd s > 0 and tolerance δ > 0.
 * @example
 * logFailProb(0, 1, 1) // → log(2Φ(−1)) = −1.15393... (p = 0.31731)
 */
export function logFailProb(B: number, s: number, delta: number): number {
  const b = B < 0 ? -B : B
  const h = delta / s,
    c = -b / s
  const u = c + h,
    l = c - h
  const ac = -c
  if (h * (ac > 1 ? ac : 1) <= 1) {
    let q = 0
    const x = GL8.x,
      w = GL8.w
    for (let j = 0; j < 8; j++) {
      const t = c + h * x[j]
      q += w[j] * Math.exp(-0.5 * t * t - LOG_SQRT_2PI)
    }
    return Math.log1p(-h * q)
  }
  if (u <= 0) {
    const lu = normLogCdf(u),
      ll = normLogCdf(l)
    return Math.log1p(-Math.exp(lu + log1mexp(lu - ll)))
  }
  // Both tails representable without loss (arguments ≥ −5): one log of the sum is enough.
  if (l >= -5 && u <= 5) return Math.log(normCdf(l) + normCdf(-u))
  return logAddExp(normLogCdf(l), normLogCdf(-u))
}

/** Success probability q = 1 − p, accurate when q is tiny (same branches as logFailProb). */
export function successProb(B: number, s: number, delta: number): number {
  return -Math.expm1(logFailProb(B, s, delta))
}
