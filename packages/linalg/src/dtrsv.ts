/**
 * x ← op(T)⁻¹·x for an n×n triangular T stored in the upper (`uplo = 'upper'`) or lower triangle of
 * the row-major a (row stride lda); op(T) = Tᵀ when `trans`. Non-unit diagonal. Forward/back
 * substitution; every variant reads rows contiguously (dot form or axpy form). BLAS dtrsv analogue.
 * A zero on the diagonal gives ±∞/NaN (the caller checks the factor's status first, as in BLAS).
 * @example
 * dtrsv('upper', false, 2, new Float64Array([2, 1, 0, 2]), new Float64Array([3, 2])) // → [1, 1]
 */
export function dtrsv(
  uplo: 'upper' | 'lower',
  trans: boolean,
  n: number,
  a: Float64Array,
  x: Float64Array,
  lda = n,
): Float64Array {
  const upper = uplo === 'upper'
  if (upper !== trans) {
    // back substitution with a row-stored upper T (U x = b) or …
    if (upper) {
      for (let i = n - 1; i >= 0; i--) {
        const ri = i * lda
        let s = x[i]
        for (let j = i + 1; j < n; j++) s -= a[ri + j] * x[j]
        x[i] = s / a[ri + i]
      }
    } else {
      // … Lᵀ x = b: axpy form over rows of L, from the last row up
      for (let i = n - 1; i >= 0; i--) {
        const ri = i * lda
        const xi = x[i] / a[ri + i]
        x[i] = xi
        for (let j = 0; j < i; j++) x[j] -= a[ri + j] * xi
      }
    }
  } else if (upper) {
    // Uᵀ x = b (lower system): axpy form over rows of U
    for (let i = 0; i < n; i++) {
      const ri = i * lda
      const xi = x[i] / a[ri + i]
      x[i] = xi
      for (let j = i + 1; j < n; j++) x[j] -= a[ri + j] * xi
    }
  } else {
    // L x = b: dot form
    for (let i = 0; i < n; i++) {
      const ri = i * lda
      let s = x[i]
      for (let j = 0; j < i; j++) s -= a[ri + j] * x[j]
      x[i] = s / a[ri + i]
    }
  }
  return x
}
