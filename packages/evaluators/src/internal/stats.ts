/**
 * Small statistics kernels for the pass@k evaluators: the unbiased pass@k estimator in product form and
 * its Beta-Binomial posterior-predictive extension (both from @passk/stats), and Wilson and Jeffreys intervals
 * (on special.normQuantile and special.betaQuantile).
 */
import { special } from '@passk/stats'

/**
 * Unbiased pass@k of one problem (Chen et al. 2021, Eq. 1), its grid form, and the Beta-Binomial posterior-predictive
 * pass@k (Levi 2024 Eq. 6–7): shared model math in @passk/stats.
 */
export { passAtK, passAtKs, posteriorPassAtK } from '@passk/stats'

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
