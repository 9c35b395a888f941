/**
 * A⁻¹ of a small symmetric positive semi-definite matrix for covariances (STYLE §4: solve, never invert
 * blindly), on @passk/linalg's dpotrf/dpotrs (upper-triangle convention A = UᵀU; the full symmetric matrix
 * is passed, so either triangle convention sees the same numbers).
 */
import { dpotrf, dpotrs, POTRF_BLOCK } from '@passk/linalg'

/** dpotrf's panel buffer, shared by all calls (single-threaded, not re-entered) instead of one per inverse. */
let potrfWork = new Float64Array(8 * POTRF_BLOCK)

export interface SpdInverse {
  /** (A)⁻¹ row-major, or null when A is singular / too ill-conditioned to trust. */
  inverse: Float64Array | null
  /** Reciprocal condition estimate of the equilibrated matrix, (min pivot / max pivot)². */
  rcond: number
}

/**
 * A⁻¹ for a symmetric positive semi-definite A (e.g. JᵀWJ) through equilibration D^{-1/2}·A·D^{-1/2},
 * Cholesky and n triangular solves. Returns inverse = null when a pivot fails or the equilibrated
 * reciprocal condition number is below `rcondMin`: the covariance is then reported as unavailable
 * rather than as garbage. Used only for covariances, never inside iterations.
 */
export function spdInverse(n: number, a: ArrayLike<number>, rcondMin = 1e-13): SpdInverse {
  const s = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i]
    if (!(d > 0) || !Number.isFinite(d)) return { inverse: null, rcond: 0 }
    s[i] = 1 / Math.sqrt(d)
  }
  const l = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) l[i * n + j] = a[i * n + j] * s[i] * s[j]
  if (potrfWork.length < n * POTRF_BLOCK) potrfWork = new Float64Array(n * POTRF_BLOCK)
  if (dpotrf(n, l, n, potrfWork) !== 0) return { inverse: null, rcond: 0 }
  let mn = Infinity,
    mx = 0
  for (let i = 0; i < n; i++) {
    const p = l[i * n + i]
    if (p < mn) mn = p
    if (p > mx) mx = p
  }
  const rcond = (mn / mx) ** 2
  if (!(rcond >= rcondMin)) return { inverse: null, rcond }
  const inv = new Float64Array(n * n)
  const col = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    col.fill(0)
    col[j] = 1
    dpotrs(n, l, col)
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i] * s[i] * s[j]
  }
  // Symmetrise (round-off) so correlations are exactly symmetric.
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const m = 0.5 * (inv[i * n + j] + inv[j * n + i])
      inv[i * n + j] = m
      inv[j * n + i] = m
    }
  return { inverse: inv, rcond }
}
