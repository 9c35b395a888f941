/**
 * Poisson(λ) variates. λ < 10: inversion by sequential search (Knuth's product form in log space);
 * λ ≥ 10: Hörmann's PTRS transformed rejection (W. Hörmann, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and Economics 12 (1993) 39–45),
 * the same algorithm numpy's legacy generator uses. Exact in distribution (no normal approximation).
 */
import { special, type Rng } from '@passk/core'

export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0
  if (lambda < 10) {
    // Inversion: P(0) = e^−λ, P(j) = P(j−1)·λ/j.
    let u = rng.uniform()
    let p = Math.exp(-lambda),
      k = 0
    while (u > p && k < 1000) {
      u -= p
      k++
      p *= lambda / k
    }
    return k
  }
  const slam = Math.sqrt(lambda),
    loglam = Math.log(lambda)
  const b = 0.931 + 2.53 * slam
  const a = -0.059 + 0.02483 * b
  const invalpha = 1.1239 + 1.1328 / (b - 3.4)
  const vr = 0.9277 - 3.6224 / (b - 2)
  for (;;) {
    const U = rng.uniform() - 0.5,
      V = rng.uniform()
    const us = 0.5 - Math.abs(U)
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43)
    if (us >= 0.07 && V <= vr) return k
    if (k < 0 || (us < 0.013 && V > us)) continue
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - special.lgamma(k + 1))
      return k
  }
}
