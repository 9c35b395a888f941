/**
 * Stable special functions shared by every package. (Being implemented: see the numerics task.)
 * Signatures are final; each returns NaN outside its domain (stdlib convention), never throws.
 */
/** log Γ(x) for x > 0. */
export function lgamma(x: number): number { return lgammaImpl(x) }
/** log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b), stable for large arguments. */
export function lbeta(a: number, b: number): number { return lgamma(a) + lgamma(b) - lgamma(a + b) }
/** erf(x) */
export function erf(x: number): number { return 1 - erfc(x) }
/** erfc(x), accurate in the far tail. */
export function erfc(x: number): number { return erfcImpl(x) }
/** Standard normal CDF Φ(x). */
export function normCdf(x: number): number { return 0.5 * erfc(-x / Math.SQRT2) }
/** log Φ(x), accurate for x → −∞. */
export function normLogCdf(x: number): number { return x < -5 ? logCdfTail(x) : Math.log(normCdf(x)) }
/** log(exp(a) + exp(b)) */
export function logAddExp(a: number, b: number): number { const m = Math.max(a, b); if (m === -Infinity) return -Infinity; return m + Math.log1p(Math.exp(-Math.abs(a - b))) }
/** log Σ exp(x_i) */
export function logSumExp(x: ArrayLike<number>): number { let m = -Infinity; for (let i = 0; i < x.length; i++) if (x[i]! > m) m = x[i]!; if (m === -Infinity) return -Infinity; let s = 0; for (let i = 0; i < x.length; i++) s += Math.exp(x[i]! - m); return m + Math.log(s) }
/** log(1 − exp(−a)) for a > 0, without cancellation (Mächler 2012). */
export function log1mexp(a: number): number { return a <= Math.LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a)) }
/** Generalized harmonic number H_k(κ) = Σ_{i=1..k} i^−κ. */
export function harmonic(k: number, kappa: number): number { let s = 0; for (let i = 1; i <= k; i++) s += Math.pow(i, -kappa); return s }
/** Riemann zeta ζ(s), s > 1. */
export function zeta(s: number): number { return harmonic(100000, s) }

function lgammaImpl(x: number): number {
  if (!(x > 0)) return NaN
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgammaImpl(1 - x)
  const g = 7, c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  x -= 1
  let a = c[0]!
  const t = x + g + 0.5
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}
function erfcImpl(x: number): number {
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z)
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
  return x >= 0 ? r : 2 - r
}
function logCdfTail(x: number): number { const x2 = x * x; return -0.5 * x2 - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log1p(-1 / x2 + 3 / (x2 * x2)) }
