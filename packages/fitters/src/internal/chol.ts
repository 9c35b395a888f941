/**
 * Small dense SPD kernels on row-major Float64Array (STYLE §4: solve, never invert blindly).
 * A = L·Lᵀ (LAPACK dpotrf analogue, lower triangle, in place); not-positive-definite is a returned
 * status. Adapted from the textbook Cholesky–Banachiewicz ordering (Golub & Van Loan, Alg. 4.2.1).
 * @example
 * dpotrf(2, new Float64Array([4, 2, 2, 3])) // → 0, a = [2, 2, 1, 1.414…] (lower triangle valid)
 */
export function dpotrf(n: number, a: Float64Array): number {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k]
    if (!(d > 0) || !Number.isFinite(d)) return j + 1
    const ljj = Math.sqrt(d)
    a[j * n + j] = ljj
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k]
      a[i * n + j] = s / ljj
    }
  }
  return 0
}

/** Solve (L·Lᵀ)·x = b in place given the factor from dpotrf (LAPACK dpotrs analogue, one RHS). */
export function dpotrs(n: number, l: Float64Array, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = b[i]
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k]
    b[i] = s / l[i * n + i]
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k]
    b[i] = s / l[i * n + i]
  }
  return b
}

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
  if (dpotrf(n, l) !== 0) return { inverse: null, rcond: 0 }
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
