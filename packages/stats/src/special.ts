/**
 * Stable special functions shared by every package.
 *
 * Convention (stdlib): each function returns NaN outside its domain and never throws.
 * Accuracy (checked in special.test.ts against mpmath/scipy tables from tools/reference/special_values.py):
 * ~1e-15 relative for lgamma, lbeta, erf, erfc, erfcx, normCdf, normLogCdf, zeta, harmonic; ~1e-13 for the
 * incomplete beta/gamma functions and quantiles (continued fractions and Newton on top of them); 1e-13 for
 * digamma/trigamma and 1e-12 for logGammaRatio (tools/reference/fitters-special.py).
 * Coefficient tables come from tools/reference/special_coefficients.py.
 */

const LN_SQRT_2PI = 0.9189385332046728 // log √(2π)
const SQRT_PI = 1.7724538509055159
const EULER = 0.5772156649015329

// ---------------------------------------------------------------------------------------------
// log Γ, log B, ψ
// ---------------------------------------------------------------------------------------------

/** (ζ(k) − 1)/k for k = 2..32: lgamma(2 + t) = (1 − γ)t + Σ_k (−1)^k (ζ(k) − 1)/k · t^k, |t| < 2. */
const LGAMMA2 = [
  0.3224670334241132, 0.0673523010531981, 0.020580808427784546, 0.007385551028673986, 0.0028905103307415234,
  0.001192753911703261, 0.0005096695247430425, 0.00022315475845357939, 9.945751278180853e-5, 4.492623673813314e-5,
  2.050721277567069e-5, 9.439488275268397e-6, 4.374866789907488e-6, 2.039215753801366e-6, 9.55141213040742e-7,
  4.492469198764566e-7, 2.1207184805554665e-7, 1.0043224823968099e-7, 4.7698101693639804e-8, 2.2711094608943164e-8,
  1.0838659214896955e-8, 5.183475041970047e-9, 2.4836745438024785e-9, 1.1921401405860912e-9, 5.731367241678862e-10,
  2.7595228851242334e-10, 1.330476437424449e-10, 6.4229645638381e-11, 3.1044247747322276e-11, 1.5021384080754142e-11,
  7.275974480239079e-12,
]
const ONE_MINUS_EULER = 0.42278433509846713

/** lgamma(2 + t) for |t| ≤ 0.5 by its Taylor series (absolute accuracy ~1e-17 near the zero at t = 0). */
function lgamma2p(t: number): number {
  let s = 0
  for (let i = LGAMMA2.length - 1; i >= 0; i--) s = s * -t + LGAMMA2[i] // Σ (−1)^k c_k t^(k−2)
  return t * (ONE_MINUS_EULER + t * s)
}

/** Stirling correction lgamma(x) − [(x − ½)log x − x + log√(2π)] for x ≥ 10 (DLMF 5.11.1). */
function stirlingCorr(x: number): number {
  const r = 1 / x,
    r2 = r * r
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 *
            (1 / 1260 +
              r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))))
  )
}

/** log Γ(x) for x > 0. Taylor series about 2 on [1.5, 2.5], recurrence below 10, Stirling series from 10. */
export function lgamma(x: number): number {
  if (!(x > 0)) return NaN
  if (x === Infinity) return Infinity
  // lgamma(x) = lgamma(x + 1) − log x, with t = x − 1 formed exactly (no rounding of x + 1 near the zero at 1).
  if (x < 0.5) return lgamma2p(x) - Math.log1p(x) - Math.log(x)
  if (x < 1.5) return lgamma2p(x - 1) - Math.log1p(x - 1)
  if (x <= 2.5) return lgamma2p(x - 2)
  if (x < 10) {
    let p = 1,
      y = x
    while (y > 2.5) {
      y -= 1
      p *= y
    }
    return Math.log(p) + lgamma2p(y - 2)
  }
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingCorr(x)
}

/**
 * log B(a, b), stable when one or both arguments are large: the Stirling parts are combined as
 * differences (−(b − ½)·log1p(a/b) etc.) instead of subtracting two huge lgamma values.
 */
export function lbeta(a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) return NaN
  if (a > b) {
    const t = a
    a = b
    b = t
  }
  if (b === Infinity) return -Infinity
  if (b < 10) return lgamma(a) + lgamma(b) - lgamma(a + b)
  const c = a + b
  if (a < 10) {
    // lgamma(b) − lgamma(a + b) = −(b − ½)·log1p(a/b) − a·log(a + b) + a + corr(b) − corr(a + b)
    return lgamma(a) - (b - 0.5) * Math.log1p(a / b) - a * Math.log(c) + a + (stirlingCorr(b) - stirlingCorr(c))
  }
  // Both ≥ 10: log√(2π) + (a − ½)log(a/c) + (b − ½)log(b/c) − ½ log c + corrections.
  return (
    LN_SQRT_2PI -
    (a - 0.5) * Math.log1p(b / a) -
    (b - 0.5) * Math.log1p(a / b) -
    0.5 * Math.log(c) +
    stirlingCorr(a) +
    stirlingCorr(b) -
    stirlingCorr(c)
  )
}

/** Digamma ψ(x) = d/dx log Γ(x): recurrence up to x ≥ 10, then the asymptotic series (DLMF 5.15.8). */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN
  if (x === Infinity) return Infinity
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN
    // Reflection ψ(1 − x) − ψ(x) = π cot(πx)  (DLMF 5.5.4)
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x)
  }
  let acc = 0
  while (x < 10) {
    acc -= 1 / x
    x += 1
  }
  const r2 = 1 / (x * x)
  return (
    acc +
    Math.log(x) -
    0.5 / x -
    r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760 - r2 / 12))))))
  )
}

/**
 * digamma(x) and trigamma(x) into out[0], out[1] in one pass of their shared recurrence x, x+1, … (the same
 * operations in the same order as the two functions, so the same values bit for bit): for likelihood derivatives
 * that need both at one argument.
 */
export function digammaTrigamma(x: number, out: Float64Array): void {
  if (!(x > 0) || x === Infinity) {
    out[0] = digamma(x)
    out[1] = trigamma(x)
    return
  }
  let acc = 0,
    r = 0
  while (x < 10) {
    acc -= 1 / x
    r += 1 / (x * x)
    x += 1
  }
  const r2 = 1 / (x * x)
  out[0] =
    acc +
    Math.log(x) -
    0.5 / x -
    r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760 - r2 / 12))))))
  while (x < 12) {
    r += 1 / (x * x)
    x += 1
  }
  const f = 1 / (x * x)
  out[1] = r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66)))))
}

/**
 * Trigamma ψ′(x), x > 0: recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 12, then the asymptotic series
 * ψ′(x) ~ 1/x + 1/(2x²) + Σ B_2k/x^(2k+1) (DLMF 5.15.8; A&S 6.4.12). NaN for x ≤ 0.
 * @example trigamma(1) // → 1.6449340668482264 (π²/6)
 */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN
  if (x === Infinity) return 0
  let r = 0
  while (x < 12) {
    r += 1 / (x * x)
    x += 1
  }
  const f = 1 / (x * x)
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66)))))
}

/**
 * log[Γ(x)/Γ(x + d)] for x > 0, d ≥ 0, without the cancellation of lgamma(x) − lgamma(x + d) at large x:
 * for x ≥ 10 it is −(x − ½)·log1p(d/x) − d·log(x + d) + d + corr(x) − corr(x + d) (DLMF 5.11.1), which keeps
 * full relative accuracy at x ~ 1e6, where the plain difference loses ~7 digits.
 */
export function logGammaRatio(x: number, d: number): number {
  if (!(x > 0) || !(d >= 0)) return NaN
  if (d === 0) return 0
  if (x < 10) return lgamma(x) - lgamma(x + d)
  return -(x - 0.5) * Math.log1p(d / x) - d * Math.log(x + d) + d + stirlingCorr(x) - stirlingCorr(x + d)
}

/**
 * The part of logGammaRatio(x, d) that depends on x alone: lgamma(x) for x < 10, else the Stirling correction of x.
 * Likelihood sums over many d at one x (a Beta-Binomial's log B(a+c, b+n−c)/B(a, b) over problems) compute it once
 * and pass it to logGammaRatioAt.
 */
export function logGammaRatioBase(x: number): number {
  return x < 10 ? lgamma(x) : stirlingCorr(x)
}

/**
 * logGammaRatio(x, d) given base = logGammaRatioBase(x): the same floating-point operations in the same order, so
 * the same value bit for bit, without recomputing the x-only part.
 */
export function logGammaRatioAt(x: number, base: number, d: number): number {
  if (!(x > 0) || !(d >= 0)) return NaN
  if (d === 0) return 0
  if (x < 10) return base - lgamma(x + d)
  return -(x - 0.5) * Math.log1p(d / x) - d * Math.log(x + d) + d + base - stirlingCorr(x + d)
}

// ---------------------------------------------------------------------------------------------
// erf, erfc, erfcx, normal CDF
// ---------------------------------------------------------------------------------------------

/** Chebyshev coefficients of log(erfcx(z)/u) in s = 2u − 1, u = 2/(2 + z) (Schonfelder 1978 transform). */
const ERFCX_CHEB = [
  -1.3026537197817094, 0.6419697923564902, 0.019476473204185836, -0.009561514786808632, -0.0009465953444820369,
  0.00036683949785276145, 4.252332480690777e-5, -2.0278578112534242e-5, -1.6242900046470256e-6, 1.3036558355805232e-6,
  1.5626441722066142e-8, -8.523809591492654e-8, 6.5290544390988515e-9, 5.059343495551469e-9, -9.91364156493033e-10,
  -2.273651222931836e-10, 9.646791102015527e-11, 2.3940380830391146e-12, -6.886027526497553e-12, 8.944879273090725e-13,
  3.130921399342958e-13, -1.1270822361367252e-13, 3.810905255189232e-16, 7.106097613609237e-15, -1.5230282014571043e-15,
  -9.457494571291233e-17, 1.210237189224279e-16, -2.816663087747177e-17, 5.003005559445902e-20, 2.3281042579529253e-18,
  -8.446077682509006e-19,
]

/** log(erfcx(z)) for z ≥ 0 (Clenshaw summation). */
function logErfcxPos(z: number): number {
  const u = 2 / (2 + z),
    s = 2 * u - 1,
    s2 = 2 * s
  let d = 0,
    dd = 0
  for (let k = ERFCX_CHEB.length - 1; k >= 1; k--) {
    const t = d
    d = s2 * d - dd + ERFCX_CHEB[k]
    dd = t
  }
  return Math.log(u) + s * d - dd + 0.5 * ERFCX_CHEB[0]
}

/**
 * exp(−x²) with x² split as xs² + (x − xs)(x + xs), xs = x rounded to 1/16, so the square's rounding does not cost
 * accuracy.
 */
function expMinusSq(x: number): number {
  x = Math.abs(x)
  const xs = Math.floor(x * 16) / 16
  return Math.exp(-xs * xs) * Math.exp(-(x - xs) * (x + xs))
}

/** erf(x) for |x| < 0.5 by its Maclaurin series (DLMF 7.6.1). */
function erfSmall(x: number): number {
  const x2 = x * x
  let term = x,
    sum = x
  for (let n = 1; n < 30; n++) {
    term *= -x2 / n
    const t = term / (2 * n + 1)
    sum += t
    if (Math.abs(t) < 1e-17 * Math.abs(sum)) break
  }
  return (2 / SQRT_PI) * sum
}

/** Scaled complementary error function erfcx(x) = exp(x²)·erfc(x). */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x >= 0) return x === Infinity ? 0 : Math.exp(logErfcxPos(x))
  if (x < -26.7) return Infinity
  return 2 / expMinusSq(x) - Math.exp(logErfcxPos(-x))
}

/** erf(x) */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (Math.abs(x) < 0.5) return erfSmall(x)
  const r = 1 - erfc(Math.abs(x))
  return x < 0 ? -r : r
}

/** erfc(x), accurate in the far tail (relative ~1e-15 up to the underflow at x ≈ 26.5). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0.5) {
    if (x > -0.5) return 1 - erfSmall(x)
    return 2 - erfc(-x)
  }
  if (x > 27.3) return 0
  return Math.exp(logErfcxPos(x)) * expMinusSq(x)
}

/** exp(−x²/2) with the same splitting trick as expMinusSq. */
function expMinusHalfSq(x: number): number {
  x = Math.abs(x)
  const xs = Math.floor(x * 16) / 16
  return Math.exp(-0.5 * xs * xs) * Math.exp(-0.5 * (x - xs) * (x + xs))
}

/** Standard normal CDF Φ(x) = ½ erfc(−x/√2); the lower tail is computed as ½·erfcx(−x/√2)·exp(−x²/2). */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < -0.7) return x < -38.5 ? 0 : 0.5 * Math.exp(logErfcxPos(-x / Math.SQRT2)) * expMinusHalfSq(x)
  if (x <= 0.7) return 0.5 + 0.5 * erfSmall(x / Math.SQRT2)
  return 1 - normCdf(-x)
}

/** log Φ(x), accurate for x → −∞ (via log erfcx) and for x → +∞ (via log1p(−Φ(−x))). */
export function normLogCdf(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x === -Infinity) return -Infinity
  if (x < -0.7) return -Math.LN2 + logErfcxPos(-x / Math.SQRT2) - 0.5 * x * x
  if (x <= 0.7) return Math.log(normCdf(x))
  return Math.log1p(-normCdf(-x))
}

/** log φ(x), the standard normal log-density. */
function normLogPdf(x: number): number {
  return -0.5 * x * x - LN_SQRT_2PI
}

/**
 * Standard normal quantile Φ⁻¹(p). Start from Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4), then
 * Newton steps on log Φ(x) − log p, which is well conditioned in both tails; full double accuracy.
 */
export function normQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  if (p === 0.5) return 0
  if (p > 0.5) return -normQuantile(1 - p) // 1 − p is exact for p ∈ [0.5, 1]
  const t = Math.sqrt(-2 * Math.log(p))
  let x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))))
  const lp = Math.log(p)
  for (let i = 0; i < 50; i++) {
    const lc = normLogCdf(x)
    const dx = (lc - lp) / Math.exp(normLogPdf(x) - lc)
    x -= dx
    if (Math.abs(dx) <= 4e-16 * Math.max(1, Math.abs(x))) break
  }
  return x
}

// ---------------------------------------------------------------------------------------------
// log-sum-exp helpers
// ---------------------------------------------------------------------------------------------

/** log(exp(a) + exp(b)) */
export function logAddExp(a: number, b: number): number {
  const m = Math.max(a, b)
  if (m === -Infinity || m === Infinity || Number.isNaN(m)) return m
  return m + Math.log1p(Math.exp(-Math.abs(a - b)))
}

/** log Σ exp(x_i); NaN if any x_i is NaN, −∞ for an empty list. */
export function logSumExp(x: ArrayLike<number>): number {
  let m = -Infinity
  for (let i = 0; i < x.length; i++) {
    const v = x[i]
    if (Number.isNaN(v)) return NaN
    if (v > m) m = v
  }
  if (m === -Infinity || m === Infinity) return m
  let s = 0
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m)
  return m + Math.log(s)
}

/** log(1 − exp(−a)) for a ≥ 0, without cancellation (Mächler 2012). */
export function log1mexp(a: number): number {
  if (!(a >= 0)) return NaN
  return a <= Math.LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a))
}

// ---------------------------------------------------------------------------------------------
// ζ and generalized harmonic numbers
// ---------------------------------------------------------------------------------------------

/** B_{2j}/(2j)! for j = 1..10. */
const BERN_OVER_FACT = [
  1 / 12,
  -1 / 720,
  1 / 30240,
  -1 / 1209600,
  1 / 47900160,
  -691 / 1307674368000,
  1 / 74724249600,
  -3617 / 10670622842880000,
  43867 / 5109094217170944000,
  -174611 / 802857662698291200000,
]

/**
 * Euler–Maclaurin remainder terms Σ_j B_{2j}/(2j)! · s(s+1)…(s+2j−2) · x^(−s−2j+1), j = 1..10, i.e. the
 * correction terms of Σ_{n ≥ x} n^−s beyond ∫ and the half endpoint term.
 */
function emTail(s: number, x: number): number {
  let sum = 0,
    rising = s,
    pw = Math.pow(x, -s - 1)
  const ix2 = 1 / (x * x)
  for (let j = 0; j < BERN_OVER_FACT.length; j++) {
    const t = BERN_OVER_FACT[j] * rising * pw
    sum += t
    if (Math.abs(t) < 1e-18 * Math.abs(sum)) break
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2)
    pw *= ix2
  }
  return sum
}

/**
 * Riemann zeta ζ(s) for s > 1 (also the analytic continuation for 0 ≤ s < 1): Euler–Maclaurin with
 * N = 12 and up to ten Bernoulli terms (DLMF 25.2.9); ~1e-16 relative.
 */
export function zeta(s: number): number {
  if (Number.isNaN(s) || s < 0) return NaN
  if (s === 1) return Infinity
  if (s === Infinity) return 1
  if (s > 60) return 1 + Math.pow(2, -s) + Math.pow(3, -s)
  const N = 12
  let sum = 0
  for (let n = N - 1; n >= 1; n--) sum += Math.pow(n, -s)
  return sum + Math.pow(N, 1 - s) / (s - 1) + 0.5 * Math.pow(N, -s) + emTail(s, N)
}

const HARMONIC_EXACT = 1000

/**
 * Generalized harmonic number H_k(κ) = Σ_{i=1..k} i^−κ (the paper's k_eff, Levi 2024 Eq. 9–10), for
 * integer k ≥ 0 and κ ≥ 0 (k = ∞ gives ζ(κ), or ∞ for κ ≤ 1). Exact (backward) summation up to k = 1000;
 * above, H_1000(κ) plus Euler–Maclaurin for the terms 1001..k, written as finite differences so one
 * formula covers κ < 1, κ = 1 (log k + γ + … asymptotics) and κ > 1 (ζ(κ) − tail) without cancellation.
 */
export function harmonic(k: number, kappa: number): number {
  if (!(kappa >= 0) || !(k >= 0) || (!Number.isInteger(k) && k !== Infinity)) return NaN
  if (kappa === 0) return k
  if (k === Infinity) return kappa > 1 ? zeta(kappa) : Infinity
  const m = Math.min(k, HARMONIC_EXACT)
  let sum = 0
  for (let i = m; i >= 1; i--) sum += Math.pow(i, -kappa)
  if (k === m) return sum
  // Σ_{i=m+1..k} i^−κ = ∫_m^k x^−κ dx + (k^−κ − m^−κ)/2 + T(m) − T(k)
  const L = Math.log(k / m),
    a = 1 - kappa
  const integral =
    Math.abs(a * L) < 1e-8 ? Math.pow(m, a) * L * (1 + 0.5 * a * L) : (Math.pow(m, a) * Math.expm1(a * L)) / a
  return sum + integral + 0.5 * (Math.pow(k, -kappa) - Math.pow(m, -kappa)) + emTail(kappa, m) - emTail(kappa, k)
}

// ---------------------------------------------------------------------------------------------
// Incomplete beta and gamma, beta quantile
// ---------------------------------------------------------------------------------------------

/** log( x^a (1−x)^b / B(a, b) ), with the large-(a, b) case written around x0 = a/(a+b) to avoid cancellation. */
function logBetaPowerTerms(x: number, a: number, b: number): number {
  if (a >= 10 && b >= 10) {
    const c = a + b,
      x0 = a / c,
      d = x - x0
    // a·log(x/x0) + b·log((1−x)/(1−x0)) + ½ log(ab/(2π c)) − corr(a) − corr(b) + corr(c)
    return (
      a * Math.log1p(d / x0) +
      b * Math.log1p(-d / (1 - x0)) +
      0.5 * Math.log((a * b) / c) -
      LN_SQRT_2PI -
      stirlingCorr(a) -
      stirlingCorr(b) +
      stirlingCorr(c)
    )
  }
  return a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b)
}

/** Continued fraction for I_x(a,b) (DLMF 8.17.22), modified Lentz; NaN if it does not converge. */
function betaCf(x: number, a: number, b: number): number {
  const TINY = 1e-300,
    EPS = 1e-16
  const qab = a + b,
    qap = a + 1,
    qam = a - 1
  let c = 1,
    d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) return h
  }
  return NaN
}

/** Regularized incomplete beta I_x(a, b) for 0 ≤ x ≤ 1, a, b > 0. */
export function betaIncReg(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0) || a === Infinity || b === Infinity) return NaN
  if (x === 0) return 0
  if (x === 1) return 1
  if (x > (a + 1) / (a + b + 2)) return 1 - betaIncRegLower(1 - x, b, a)
  return betaIncRegLower(x, a, b)
}
function betaIncRegLower(x: number, a: number, b: number): number {
  return (Math.exp(logBetaPowerTerms(x, a, b)) * betaCf(x, a, b)) / a
}

/**
 * Inverse of I_x(a, b) in x: Halley steps safeguarded by bisection on a bracket, started from the
 * small-x tail form x ≈ (p·a·B(a,b))^(1/a) or the mean. Used for Jeffreys intervals.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1) || !(a > 0) || !(b > 0) || a === Infinity || b === Infinity) return NaN
  if (p === 0) return 0
  if (p === 1) return 1
  // Solve I_x(a, b) = p directly unless both p > ½ and the root is above ½; then solve the mirrored
  // I_y(b, a) = 1 − p for y = 1 − x < ½. So neither a target near 1 nor a tiny root loses precision.
  if (p > 0.5 && betaIncReg(0.5, a, b) < p) return 1 - betaRoot(1 - p, b, a)
  return betaRoot(p, a, b)
}

/** Root of I_x(a, b) = p: Halley steps safeguarded by bisection on a bracket. */
function betaRoot(p: number, a: number, b: number): number {
  const lb = lbeta(a, b)
  // Small-x form I_x ≈ x^a/(a·B(a, b)) when it lands below ½, else the middle of the bracket.
  let x = Math.exp((Math.log(p) + Math.log(a) + lb) / a)
  if (x === 0) return 0 // the root underflows
  if (!(x > 0 && x < 0.5)) x = 0.5
  let lo = 0,
    hi = 1
  for (let i = 0; i < 1000; i++) {
    const f = betaIncReg(x, a, b) - p
    if (Number.isNaN(f)) return NaN
    if (f === 0) return x
    if (f < 0) lo = x
    else hi = x
    const lpdf = (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb
    const r = f / Math.exp(lpdf) // Newton step
    let step = r / (1 - 0.5 * r * ((a - 1) / x - (b - 1) / (1 - x))) // Halley
    if (!Number.isFinite(step)) step = r
    let xn = x - step
    if (!(xn > lo && xn < hi) || !Number.isFinite(xn))
      xn = lo > 0 && hi / lo > 64 ? Math.sqrt(lo * hi) : lo === 0 ? hi / 16 : 0.5 * (lo + hi)
    if (Math.abs(xn - x) <= 1e-15 * x || hi - lo <= Number.EPSILON * hi) return xn
    x = xn
  }
  return x
}

/** Regularized lower incomplete gamma P(a, x) for a > 0, x ≥ 0 (series for x < a + 1, continued fraction above). */
export function gammaIncReg(a: number, x: number): number {
  return gammaInc(a, x, false)
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate when it is tiny (x ≫ a). */
export function gammaIncRegUpper(a: number, x: number): number {
  return gammaInc(a, x, true)
}

/**
 * log P(a, x), the regularized lower incomplete gamma in log space: finite where P itself underflows
 * (x^a/Γ(a + 1) below 1e-308, e.g. P(2, 1e-200)). −∞ at x = 0, 0 at x = ∞.
 * @example Math.exp(logGammaIncReg(1, 2)) // → 1 − e^−2 = 0.8646647167633873
 */
export function logGammaIncReg(a: number, x: number): number {
  const t = gammaIncTerms(a, x)
  if (t === undefined) return NaN
  if (x === Infinity) return 0
  if (t.series) return t.lpre + Math.log(t.value) // P = e^lpre · series
  return Math.log1p(-Math.exp(t.lpre) * t.value) // P = 1 − Q, Q = e^lpre · continued fraction
}

function gammaInc(a: number, x: number, upper: boolean): number {
  const t = gammaIncTerms(a, x)
  if (t === undefined) return NaN
  if (t.series) {
    const P = t.value * Math.exp(t.lpre)
    return upper ? 1 - P : P
  }
  const Q = Math.exp(t.lpre) * t.value
  return upper ? Q : 1 - Q
}

/**
 * The two pieces of P(a, x) and Q(a, x): lpre = log(x^a e^−x / Γ(a)) and either the power series
 * (x < a + 1: P = e^lpre·value) or the Legendre continued fraction (Q = e^lpre·value). Undefined outside
 * the domain or when neither converges; x = 0 and x = ∞ give the limits as lpre = ∓∞.
 */
function gammaIncTerms(a: number, x: number): { lpre: number; value: number; series: boolean } | undefined {
  if (!(a > 0) || !(x >= 0) || a === Infinity) return undefined
  if (x === 0) return { lpre: -Infinity, value: 1, series: true }
  if (x === Infinity) return { lpre: -Infinity, value: 1, series: false }
  // log(x^a e^−x / Γ(a)), written relative to x = a for large a (see logBetaPowerTerms).
  const lpre =
    a >= 10
      ? a * (Math.log1p((x - a) / a) - (x - a) / a) + 0.5 * Math.log(a) - LN_SQRT_2PI - stirlingCorr(a)
      : a * Math.log(x) - x - lgamma(a)
  if (x < a + 1) {
    let ap = a,
      del = 1 / a,
      sum = del
    for (let n = 0; n < 100000; n++) {
      ap += 1
      del *= x / ap
      sum += del
      if (Math.abs(del) < Math.abs(sum) * 1e-17) return { lpre, value: sum, series: true }
    }
    return undefined
  }
  const TINY = 1e-300
  let b = x + 1 - a,
    c = 1 / TINY,
    d = 1 / b,
    h = d
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) return { lpre, value: h, series: false }
  }
  return undefined
}

/** Euler–Mascheroni constant γ. */
export const EULER_GAMMA = EULER

/** Terms up to which pass@k and its failure ratio are summed as the exact product (Chen et al. 2021 Eq. 1). */
export const PRODUCT_TERMS = 1000

/** φ(t) = log(1 + t) − t for t ≥ 0, without the cancellation of the two terms at small t (series below 0.1). */
function log1pmx(t: number): number {
  if (t > 0.1) return Math.log1p(t) - t
  // −t²/2 + t³/3 − t⁴/4 + …, alternating with ratio < 0.1: 40 terms reach 1e-40 relative
  let term = -t * t,
    sum = 0
  for (let j = 2; j < 40; j++) {
    const v = term / j
    sum += v
    if (Math.abs(v) <= 1e-17 * Math.abs(sum)) break
    term *= -t
  }
  return sum
}

/**
 * log[C(n − c, k)/C(n, k)] = Σ_{i<k} log1p(−c/(n − i)) for integers 0 ≤ c ≤ n, k ≥ 0: the log failure
 * probability of the unbiased pass@k (Chen et al. 2021 Eq. 1); −∞ when n − c < k. Symmetric in (c, k)
 * (= log C(n − k, c)/C(n, c)), so the product runs over m = min(c, k) terms. Up to PRODUCT_TERMS terms it is that
 * product; beyond, with M = max(c, k) and b = n − M − m + 1 it is the Stirling form of
 *   log Γ(b+m) + log Γ(b+M) − log Γ(b) − log Γ(b+M+m)   (DLMF 5.11.1, the ½ log 2π and −x parts cancel exactly)
 *   = b·φ(m/b) − (b+M)·φ(m/(b+M)) + ½[log1p(m/(b+M)) − log1p(m/b)] − m·log1p(M/(b+m)) + Δcorr,
 * φ(t) = log1p(t) − t, in which no two terms cancel to more than the size of the result (≈ −mM/n), so the
 * cost is O(1) in n and the accuracy ~1e-15 relative up to n ~ 2⁵³.
 * @example logChooseRatio(10, 3, 2) // → log(21/45)
 */
export function logChooseRatio(n: number, c: number, k: number): number {
  if (c <= 0 || k <= 0) return 0
  if (n - c < k) return -Infinity
  const m = Math.min(c, k),
    M = Math.max(c, k)
  let s = 0
  if (m <= PRODUCT_TERMS) {
    if (k <= c) for (let i = 0; i < k; i++) s += Math.log1p(-c / (n - i))
    else for (let i = n - c + 1; i <= n; i++) s += Math.log1p(-k / i)
    return s
  }
  const b = n - M - m + 1
  // b < 10 means M + m ≥ n − 8 with m > 1000: the ratio is below 4^−1000, far under the smallest double.
  if (b < 10) return lgamma(b + m) + lgamma(b + M) - lgamma(b) - lgamma(b + M + m)
  const bM = b + M
  return (
    b * log1pmx(m / b) -
    bM * log1pmx(m / bM) +
    0.5 * (Math.log1p(m / bM) - Math.log1p(m / b)) -
    m * Math.log1p(M / (b + m)) +
    (stirlingCorr(bM) - stirlingCorr(bM + m)) -
    (stirlingCorr(b) - stirlingCorr(b + m))
  )
}

/**
 * Unbiased pass@k of one problem with n attempts and c successes (Chen et al. 2021, Eq. 1):
 *   1 − C(n−c, k)/C(n, k) = 1 − Π_{i=0}^{k−1} (1 − c/(n−i)) = 1 − Π_{i=n−c+1}^{n} (1 − k/i),
 * as −expm1(logChooseRatio): the shorter of the two products up to PRODUCT_TERMS terms, the Stirling form
 * beyond (O(1) in n); no binomials, no cancellation when the product is close to 1. 0 when c = 0; 1 when
 * n − c < k (every k-subset holds a success).
 * @example passAtK(10, 3, 2) // → 1 − C(7,2)/C(10,2) = 1 − 21/45 = 0.5333…
 */
export function passAtK(n: number, c: number, k: number): number {
  if (c <= 0) return 0
  if (n - c < k) return 1
  return -Math.expm1(logChooseRatio(n, c, k))
}
