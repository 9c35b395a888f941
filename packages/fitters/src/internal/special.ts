/**
 * Special functions @passk/core does not provide (see the package README): digamma ψ, trigamma ψ′,
 * and log Γ(x)/Γ(x+d) without the cancellation of lgamma(x) − lgamma(x+d) at large x.
 */
import { special } from '@passk/core'

/**
 * Digamma ψ(x), x > 0: recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 12, then the asymptotic series
 * ψ(x) ~ ln x − 1/(2x) − Σ B_2k/(2k x^2k) (Abramowitz & Stegun 6.3.18); ~1e−15 relative.
 * @example digamma(1) // → −0.5772156649015329 (−Euler γ)
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN
  let r = 0
  while (x < 12) { r -= 1 / x; x += 1 }
  const f = 1 / (x * x)
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))))
}

/**
 * Trigamma ψ′(x), x > 0: recurrence ψ′(x) = ψ′(x+1) + 1/x², then
 * ψ′(x) ~ 1/x + 1/(2x²) + Σ B_2k/x^(2k+1) (A&S 6.4.12).
 * @example trigamma(1) // → 1.6449340668482264 (π²/6)
 */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN
  let r = 0
  while (x < 12) { r += 1 / (x * x); x += 1 }
  const f = 1 / (x * x)
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66)))))
}

/** Stirling correction lgamma(z) − [(z−½)ln z − z + ½ln 2π] for z ≥ 10 (A&S 6.1.41). */
function stirlingCorr(z: number): number {
  const f = 1 / (z * z)
  return (1 / z) * (1 / 12 - f * (1 / 360 - f * (1 / 1260 - f * (1 / 1680))))
}

/**
 * log[Γ(x)/Γ(x+d)] for x > 0, d ≥ 0. For x ≥ 10 it uses
 *   −(x−½)·log1p(d/x) − d·ln(x+d) + d + corr(x) − corr(x+d),
 * which keeps full relative accuracy at x ~ 1e6 where lgamma(x) − lgamma(x+d) loses ~7 digits.
 */
export function logGammaRatio(x: number, d: number): number {
  if (!(x > 0) || !(d >= 0)) return NaN
  if (d === 0) return 0
  if (x < 10) return special.lgamma(x) - special.lgamma(x + d)
  return -(x - 0.5) * Math.log1p(d / x) - d * Math.log(x + d) + d + stirlingCorr(x) - stirlingCorr(x + d)
}
