/**
 * y ← α·Aᵀ·x + β·y, A m×n row-major at a[offsetA] (row stride n), x length m (read from x[offsetX]),
 * y length n. Row-wise axpy form (contiguous access). Used for the incremental Xᵀy of the N sweep:
 * b_{N'} = b_N + X[N:N']ᵀ y[N:N'] (LID paper Eq. 6). BLAS dgemv('T') analogue (row-major).
 * β = 0 overwrites y.
 * @example
 * dgemvT(2, 2, 1, new Float64Array([1, 2, 3, 4]), 0, new Float64Array([1, 1]), 0, 0, new Float64Array(2)) // → [4, 6]
 */
export function dgemvT(
  m: number,
  n: number,
  alpha: number,
  a: Float64Array,
  offsetA: number,
  x: Float64Array,
  offsetX: number,
  beta: number,
  y: Float64Array,
): Float64Array {
  if (beta === 0) y.fill(0, 0, n)
  else if (beta !== 1) for (let j = 0; j < n; j++) y[j] *= beta
  let i = 0
  // two rows at a time: one pass over y per pair of rows
  for (; i + 1 < m; i += 2) {
    const r0 = offsetA + i * n,
      r1 = r0 + n
    const c0 = alpha * x[offsetX + i],
      c1 = alpha * x[offsetX + i + 1]
    for (let j = 0; j < n; j++) y[j] += c0 * a[r0 + j] + c1 * a[r1 + j]
  }
  if (i < m) {
    const r0 = offsetA + i * n,
      c0 = alpha * x[offsetX + i]
    for (let j = 0; j < n; j++) y[j] += c0 * a[r0 + j]
  }
  return y
}
