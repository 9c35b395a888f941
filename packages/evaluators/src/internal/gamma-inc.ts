/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), in log space, by its power series
 *   P(a, x) = x^a e^−x / Γ(a + 1) · Σ_{n≥0} x^n / ((a + 1)…(a + n))        (DLMF 8.7.1 / 8.11.4)
 * for x < a + 1, and 1 − Q(a, x) with Q from the Legendre continued fraction (modified Lentz)
 * otherwise (the split of Press et al., Numerical Recipes §6.2). Used for the Gamma(β/2, 1) mass
 * below the quadrature grid in population-mode pass@k.
 * @example
 * Math.exp(logGammaP(1, 2)) // → 1 − e^−2 = 0.8646647167633873
 */
import { special } from '@passk/core'

export function logGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN
  if (x === 0) return -Infinity
  const lpre = a * Math.log(x) - x - special.lgamma(a)
  if (x < a + 1) {
    let term = 1 / a, sum = term
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n)
      sum += term
      if (term < sum * 1e-17) break
    }
    return lpre + Math.log(sum)
  }
  // Q(a, x) = e^{lpre} · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − …)), modified Lentz.
  const tiny = 1e-300
  let b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b; if (Math.abs(d) < tiny) d = tiny
    c = b + an / c; if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  const q = Math.exp(lpre) * h
  return Math.log1p(-q)
}
