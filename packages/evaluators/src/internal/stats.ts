/**
 * Small statistics kernels for the pass@k evaluators: the unbiased pass@k estimator in product form,
 * its Beta-Binomial posterior-predictive extension, Wilson and Jeffreys intervals, the normal quantile
 * (Wichura AS 241) and the regularized incomplete beta with its inverse (Lentz continued fraction).
 */
import { special } from '@passk/core'

/**
 * Unbiased pass@k of one problem (Chen et al. 2021, Eq. 1): 1 − C(n−c, k)/C(n, k), in the product
 * form 1 − Π_{i=0}^{k−1} (1 − c/(n−i)) = −expm1(Σ log1p(−c/(n−i))): no binomials, no cancellation
 * when the product is close to 1. 0 when c = 0; 1 when n − c < k (every k-subset holds a success).
 * @example passAtK(10, 3, 2) // → 1 − C(7,2)/C(10,2) = 1 − 21/45 = 0.5333…
 */
export function passAtK(n: number, c: number, k: number): number {
  if (c === 0) return 0
  if (n - c < k) return 1
  let s = 0
  for (let i = 0; i < k; i++) s += Math.log1p(-c / (n - i))
  return -Math.expm1(s)
}

/**
 * pass@k of one problem for ascending ks (all ≤ n), sharing the running sum: out[j] = passAtK(n, c, ks[j]).
 */
export function passAtKs(n: number, c: number, ks: readonly number[], out: Float64Array, offset = 0): Float64Array {
  let s = 0, i = 0
  for (let j = 0; j < ks.length; j++) {
    const k = ks[j]
    if (c === 0) { out[offset + j] = 0; continue }
    if (n - c < k) { out[offset + j] = 1; continue }
    for (; i < k; i++) s += Math.log1p(-c / (n - i))
    out[offset + j] = -Math.expm1(s)
  }
  return out
}

/**
 * Posterior-predictive pass@k of one problem with observed (n, c) under q ~ Beta(a, b) and, for the
 * mixture variant, a solvable fraction A (Levi 2024 Eq. 6): the posterior of q is Beta(a+c, b+n−c), so
 *   E[1 − (1−q)^k | n, c] = 1 − B(a+c, b+n−c+k)/B(a+c, b+n−c),
 * times P(solvable | n, c), which is 1 when c > 0 and A·B(a, b+n)/B(a, b) / (A·B(a, b+n)/B(a, b) + 1 − A)
 * when c = 0. Valid for any k, including k > n.
 */
export function posteriorPassAtK(n: number, c: number, k: number, a: number, b: number, A = 1): number {
  const a1 = a + c, b1 = b + n - c
  const logFail = special.lbeta(a1, b1 + k) - special.lbeta(a1, b1)
  const pass = -Math.expm1(logFail)
  if (c > 0 || A >= 1) return pass
  const solvable = A * Math.exp(special.lbeta(a, b + n) - special.lbeta(a, b))
  return pass * (solvable / (solvable + 1 - A))
}

/**
 * Normal quantile Φ⁻¹(p), Wichura 1988, Algorithm AS 241 (PPND16), relative accuracy ~1e-16.
 * @example normQuantile(0.975) // → 1.959963984540054
 */
export function normQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q
    return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)
      / (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
  }
  let r = q < 0 ? p : 1 - p
  r = Math.sqrt(-Math.log(r))
  let x: number
  if (r <= 5) {
    r -= 1.6
    x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734)
      / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1)
  } else {
    r -= 5
    x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772)
      / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1)
  }
  return q < 0 ? -x : x
}

/** Continued fraction for I_x(a, b) (modified Lentz; Numerical Recipes §6.4 "betacf"). */
function betacf(a: number, b: number, x: number): number {
  const TINY = 1e-300, EPS = 1e-15
  const qab = a + b, qap = a + 1, qam = a - 1
  let c = 1, d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY
    d = 1 / d; h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) break
  }
  return h
}

/** Regularized incomplete beta I_x(a, b). */
export function betaInc(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const lfront = a * Math.log(x) + b * Math.log1p(-x) - special.lbeta(a, b)
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lfront) * betacf(a, b, x)) / a
  return 1 - (Math.exp(lfront) * betacf(b, a, 1 - x)) / b
}

/** Inverse of I_x(a, b) in x: bisection to bracket, then safeguarded Newton (density from lbeta). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0
  if (p >= 1) return 1
  let lo = 0, hi = 1, x = a / (a + b)
  for (let it = 0; it < 200; it++) {
    const f = betaInc(x, a, b) - p
    if (Math.abs(f) < 1e-15) return x
    if (f > 0) hi = x; else lo = x
    const logPdf = (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - special.lbeta(a, b)
    let nx = x - f / Math.exp(logPdf)
    if (!(nx > lo && nx < hi)) nx = 0.5 * (lo + hi)
    if (Math.abs(nx - x) < 1e-15 * Math.max(1e-300, x)) return nx
    x = nx
  }
  return x
}

/** Wilson score interval for c successes in n trials at confidence `level`. */
export function wilson(n: number, c: number, level: number): [number, number] {
  const z = normQuantile(0.5 + level / 2), z2 = z * z
  const p = c / n
  const center = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return [Math.max(0, center - half), Math.min(1, center + half)]
}

/** Jeffreys interval: Beta(c + ½, n − c + ½) equal-tailed quantiles; 0 when c = 0, 1 when c = n (Brown, Cai & DasGupta 2001). */
export function jeffreys(n: number, c: number, level: number): [number, number] {
  const t = (1 - level) / 2
  return [c === 0 ? 0 : betaQuantile(t, c + 0.5, n - c + 0.5), c === n ? 1 : betaQuantile(1 - t, c + 0.5, n - c + 0.5)]
}
