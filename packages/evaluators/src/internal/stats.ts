/**
 * Small statistics kernels for the pass@k evaluators: the unbiased pass@k estimator in product form,
 * its Beta-Binomial posterior-predictive extension, and Wilson and Jeffreys intervals (on @passk/core's
 * special.normQuantile and special.betaQuantile).
 */
import { special } from '@passk/core'

/** Unbiased pass@k of one problem (Chen et al. 2021, Eq. 1); lives in @passk/core's special functions. */
export const passAtK = special.passAtK

/**
 * pass@k of one problem for ascending ks (all ≤ n), sharing the running sum: out[j] = passAtK(n, c, ks[j]).
 */
export function passAtKs(n: number, c: number, ks: readonly number[], out: Float64Array, offset = 0): Float64Array {
  let s = 0,
    i = 0
  for (let j = 0; j < ks.length; j++) {
    const k = ks[j]
    if (c === 0) {
      out[offset + j] = 0
      continue
    }
    if (n - c < k) {
      out[offset + j] = 1
      continue
    }
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
  const a1 = a + c,
    b1 = b + n - c
  const logFail = special.lbeta(a1, b1 + k) - special.lbeta(a1, b1)
  const pass = -Math.expm1(logFail)
  if (c > 0 || A >= 1) return pass
  const solvable = A * Math.exp(special.lbeta(a, b + n) - special.lbeta(a, b))
  return pass * (solvable / (solvable + 1 - A))
}

/** Wilson score interval for c successes in n trials at confidence `level`. */
export function wilson(n: number, c: number, level: number): [number, number] {
  const z = special.normQuantile(0.5 + level / 2),
    z2 = z * z
  const p = c / n
  const center = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return [Math.max(0, center - half), Math.min(1, center + half)]
}

/**
 * Jeffreys interval: Beta(c + ½, n − c + ½) equal-tailed quantiles; 0 when c = 0, 1 when c = n (Brown, Cai & DasGupta
 * 2001).
 */
export function jeffreys(n: number, c: number, level: number): [number, number] {
  const t = (1 - level) / 2
  return [
    c === 0 ? 0 : special.betaQuantile(t, c + 0.5, n - c + 0.5),
    c === n ? 1 : special.betaQuantile(1 - t, c + 0.5, n - c + 0.5),
  ]
}
