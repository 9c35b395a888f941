/**
 * Identifiability of an extrapolation from the counts (issue 14, calibration): two laws of the per-problem success
 * probability q whose count laws P(c | n) are nearly equal cannot be told apart by any test on P problems with n
 * attempts each, however different their pass@k at k ≫ n. Le Cam's two-point bound (Tsybakov 2009, Thm 2.2): for
 * any estimator T of pass@k, max over the two truths of E|T − pass@k| ≥ (Δ/2)·(1 − TV), with Δ the difference of the
 * truths and TV ≤ √(P·KL/2) (Pinsker) the total variation between the two P-problem data laws.
 */
import { special } from '@passk/core'

/** A mixture of Beta laws and a point mass at 0: [weight, a, b], a = 0 meaning all the weight sits at q = 0. */
export type BetaParts = [w: number, a: number, b: number][]

/**
 * P(c | n) of a Beta/point-mass mixture: Σ w·C(n, c)·B(c + a, n − c + b)/B(a, b) (a = 0: all mass at c = 0).
 * @example countLaw([[1, 1, 1]], 2) // → [1/3, 1/3, 1/3] (the uniform prior gives uniform counts)
 */
export function countLaw(parts: BetaParts, n: number): number[] {
  const out = new Array<number>(n + 1).fill(0)
  for (const [w, a, b] of parts)
    for (let c = 0; c <= n; c++) {
      if (a === 0) {
        if (c === 0) out[0] += w
        continue
      }
      const logC = special.lgamma(n + 1) - special.lgamma(c + 1) - special.lgamma(n - c + 1)
      out[c] += w * Math.exp(logC + special.lbeta(c + a, n - c + b) - special.lbeta(a, b))
    }
  return out
}

/** Kullback–Leibler divergence Σ p log(p/q) of two count laws (nats). */
export function klCounts(p: number[], q: number[]): number {
  let s = 0
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * Math.log(p[i] / q[i])
  return s
}

/** pass@k of a Beta/point-mass mixture: Σ w·(1 − B(a, b+k)/B(a, b)) (Levi 2024 Eq. 5–7; the mass at 0 adds 0). */
export function mixturePassAtK(parts: BetaParts, k: number): number {
  let s = 0
  for (const [w, a, b] of parts) if (a > 0) s += w * -Math.expm1(special.lbeta(a, b + k) - special.lbeta(a, b))
  return s
}

/**
 * Le Cam's lower bound on the worst-case mean absolute error of any estimator of pass@k that sees P problems × n
 * attempts, when the truth may be either law: (Δ/2)·(1 − min(1, √(P·KL/2))), KL the smaller of the two directions.
 */
export function twoPointBound(p: BetaParts, q: BetaParts, n: number, P: number, k: number) {
  const a = countLaw(p, n),
    b = countLaw(q, n)
  const kl = Math.min(klCounts(a, b), klCounts(b, a))
  const tv = Math.min(1, Math.sqrt((P * kl) / 2))
  const delta = Math.abs(mixturePassAtK(p, k) - mixturePassAtK(q, k))
  return { klTotal: P * kl, tvBound: tv, delta, bound: (delta / 2) * (1 - tv) }
}
