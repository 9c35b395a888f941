import { dotTile4x4, dotTileEdge } from './internal/dot-tiles.js'
import { wasmGemmNT } from './internal/wasm-syrk.js'
import { kernelBackend, WASM_MIN_WORK } from './backend.js'

/**
 * C ← α·A·op(B) + β·C with A m×k, C m×n row-major; op(B) = Bᵀ for transB (B is n×k: C[i,j] = a_i·b_j,
 * e.g. test predictions X_test·Θ̂ᵀ for all N at once) or B (k×n, packed to Bᵀ in `work` first).
 * Register-blocked 4×4 dot-product tiles (internal/dot-tiles.ts), row blocks of 64 rows of A so that
 * a block stays in cache while all of op(B) streams past it; with the 'wasm' backend (default where
 * available) large products run on the WebAssembly SIMD kernel instead. β = 0 overwrites C.
 * @example
 * dgemm(false, 2, 2, 2, 1, new Float64Array([1, 2, 3, 4]), new Float64Array([1, 0, 0, 1]), 0, new Float64Array(4)) // →
 * [1, 2, 3, 4]
 */
export function dgemm(
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  b: Float64Array,
  beta: number,
  c: Float64Array,
  work?: Float64Array,
): Float64Array {
  const mn = m * n
  if (beta === 0) c.fill(0, 0, mn)
  else if (beta !== 1) for (let i = 0; i < mn; i++) c[i] *= beta
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return c
  let bt = b
  if (!transB) {
    bt = work && work.length >= n * k ? work : new Float64Array(n * k)
    for (let r = 0; r < k; r++) for (let j = 0; j < n; j++) bt[j * k + r] = b[r * n + j]
  }
  if (m * n * k >= WASM_MIN_WORK && kernelBackend() === 'wasm' && wasmGemmNT(m, n, k, alpha, a, bt, c)) return c
  const MB = 64
  const n4 = n - (n % 4)
  for (let i0 = 0; i0 < m; i0 += MB) {
    const i1 = Math.min(m, i0 + MB)
    for (let j = 0; j < n; j += 4) {
      const nj = Math.min(4, n - j)
      let i = i0
      if (j < n4) for (; i + 4 <= i1; i += 4) dotTile4x4(k, alpha, a, i * k, k, bt, j * k, k, c, i * n + j, n)
      if (i < i1) dotTileEdge(i1 - i, nj, k, alpha, a, i * k, k, bt, j * k, k, c, i * n + j, n, -1)
    }
  }
  return c
}
