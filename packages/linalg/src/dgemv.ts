/**
 * y ← α·A·x + β·y, A m×n row-major at a[offsetA] (row stride n), x length n, y length m.
 * Row-wise dot products with two accumulators (e.g. predictions ŷ = X·θ̂). BLAS dgemv('N') analogue
 * (row-major). β = 0 overwrites y (NaN in y does not propagate), as in BLAS.
 * @example
 * dgemv(2, 2, 1, new Float64Array([1, 2, 3, 4]), 0, new Float64Array([1, 1]), 0, new Float64Array(2)) // → [3, 7]
 */
export function dgemv(
  m: number,
  n: number,
  alpha: number,
  a: Float64Array,
  offsetA: number,
  x: Float64Array,
  beta: number,
  y: Float64Array,
): Float64Array {
  for (let i = 0; i < m; i++) {
    const row = offsetA + i * n
    let s0 = 0,
      s1 = 0,
      j = 0
    for (; j + 1 < n; j += 2) {
      s0 += a[row + j] * x[j]
      s1 += a[row + j + 1] * x[j + 1]
    }
    if (j < n) s0 += a[row + j] * x[j]
    y[i] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * y[i]
  }
  return y
}
