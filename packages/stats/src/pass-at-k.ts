/**
 * The unbiased pass@k estimator (Chen et al. 2021, Eq. 1) for one problem and for a grid of k:
 * passAtK and logChooseRatio live in special.ts (they share its Stirling correction); this module adds the
 * grid form used by the evaluators.
 */
import { PRODUCT_TERMS, logChooseRatio, passAtK } from './special.js'

export { passAtK, logChooseRatio, PRODUCT_TERMS }

/**
 * pass@k of one problem for ascending ks (all ≤ n): out[offset + j] = passAtK(n, c, ks[j]). Small k share one
 * running sum of log1p(−c/(n − i)) over i < k (Eq. 1 in product form); once k passes PRODUCT_TERMS, each k is
 * one O(1) logChooseRatio, so the cost is O(#ks + PRODUCT_TERMS) per problem, independent of n.
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
    if (k > PRODUCT_TERMS) {
      out[offset + j] = -Math.expm1(logChooseRatio(n, c, k))
      continue
    }
    for (; i < k; i++) s += Math.log1p(-c / (n - i))
    out[offset + j] = -Math.expm1(s)
  }
  return out
}
