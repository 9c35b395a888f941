/**
 * How much of an extrapolated pass@k rests on problems never solved so far (issue 14; README "How far can I
 * extrapolate?"). With n attempts a problem that has c = 0 may be impossible or merely hard (success ≲ 1/n): its
 * counts look the same, yet what r·n attempts buy on it differs (BENCHMARKS.md, the hard-tail twin and Le Cam's
 * bound). What the data do fix at k ≥ K, per problem, the observed attempts first:
 *   f_i(k) = u_i(k)   if n_i ≥ k (observed: the unbiased estimator, Chen et al. 2021 Eq. 1),
 *          = 1        if n_i < k and c_i ≥ 1 (already solved within its n_i ≤ k attempts),
 *          = 0        if n_i < k and c_i = 0 (never solved: unknown),
 * so F(k) = mean_i f_i(k) is the part of pass@k the counts establish. A prediction v at k assumes v − F(k) more from
 * the never-solved problems with n_i < k (fraction U(k)); of its gain over the observed pass@K, the share
 * (v − F(k)) / (v − pass@K) is an assumption about how hard those problems are, and (v − F(k)) / U(k) is the fraction
 * of them the prediction has solved within k attempts.
 */
import { passAtKs } from '@passk/stats'

export interface TailAssumption {
  /** Fraction of problems never solved in their attempts (any n). */
  unsolved: number
  /** U(k): fraction of problems never solved and with fewer than k attempts (what the prediction must fill in). */
  open: number
  /** F(k): the part of pass@k the counts establish (observed, or already solved). */
  established: number
  /** max(0, v − F(k)): what the prediction adds on never-solved problems. */
  assumed: number
  /** assumed / (v − pass@K): the share of the predicted gain that is an assumption (NaN without a gain). */
  share: number
  /** assumed / U(k): the share of never-solved problems (n_i < k) the prediction solves within k (NaN if none). */
  solvedOfUnsolved: number
}

/** The split of a prediction v of pass@k (k ≥ K) into what the counts establish and what it assumes. */
export function tailAssumption(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  k: number,
  observedK: number,
  v: number,
): TailAssumption {
  let est = 0,
    open = 0,
    zeros = 0
  const one = new Float64Array(1)
  for (let i = 0; i < n.length; i++) {
    if (c[i] === 0) zeros++
    if (n[i] >= k) {
      passAtKs(n[i], c[i], [k], one, 0)
      est += one[0]
    } else if (c[i] > 0) est += 1
    else open++
  }
  const P = n.length
  const established = P ? est / P : NaN
  const assumed = Math.max(0, v - established)
  const gain = v - observedK
  return {
    unsolved: P ? zeros / P : NaN,
    open: P ? open / P : NaN,
    established,
    assumed,
    share: gain > 1e-12 ? Math.min(1, assumed / gain) : NaN,
    solvedOfUnsolved: open ? Math.min(1, assumed / (open / P)) : NaN,
  }
}
