/**
 * A[j,i] ← A[i,j] for j < i… i.e. copy the upper triangle of the n×n row-major A into its lower one.
 * Turns the upper-only output of dsyrkRows/dgramRows into a full symmetric matrix.
 * @example
 * dsymFill(2, new Float64Array([1, 2, 0, 3])) // → [1, 2, 2, 3]
 */
export function dsymFill(n: number, a: Float64Array, lda = n): Float64Array {
  for (let i = 1; i < n; i++) {
    const ri = i * lda
    for (let j = 0; j < i; j++) a[ri + j] = a[j * lda + i]
  }
  return a
}
