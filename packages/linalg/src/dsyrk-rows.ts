import { syrkDots } from './internal/dot-tiles.js'
import { wasmGramRows, wasmSyrkPanel } from './internal/wasm-syrk.js'
import { packedGemm } from './internal/wasm-gemm.js'
import { nativeAddon } from './internal/native.js'
import { kernelBackend, NATIVE_MIN_WORK, WASM_MIN_WORK } from './backend.js'

/** Rows of X packed per block (a d×KB panel of Xᵀ; 512 KB for d = 512). */
export const SYRK_BLOCK_ROWS = 128

/**
 * G[0:m,0:m] ← G + α·A[0:k, 0:m]ᵀ·A[0:k, 0:m], upper triangle only (BLAS dsyrk('U','T') in row-major
 * terms). A is k rows of m numbers, row r at a[offsetA + r·lda]; G is m×m at g[offsetG], row stride ldg.
 * Cache-blocked: KB = 128 rows at a time are packed transposed into `work` (length ≥ m·128), then
 * register-blocked 4×4 dot-product tiles (internal/dot-tiles.ts) accumulate into G. With the 'wasm'
 * backend (default where available, see setKernelBackend) it runs dgemmEx's packed-panel WebAssembly SIMD
 * kernel on op(A) = Aᵀ, op(B) = A with the tiles below the diagonal skipped (internal/wasm-gemm.ts), about
 * 4–5× faster than the JS kernel; with the 'native' backend the C++ kernel of dgemmEx, likewise restricted to the
 * upper tiles, on the caller's arrays. Also the trailing update of dpotrf.
 * @example
 * const g = new Float64Array(4)
 * dsyrkPanel(2, 2, 1, new Float64Array([1, 2, 3, 4]), 0, 2, g, 0, 2) // g → [10, 14, 0, 20]
 */
export function dsyrkPanel(
  m: number,
  k: number,
  alpha: number,
  a: Float64Array,
  offsetA: number,
  lda: number,
  g: Float64Array,
  offsetG: number,
  ldg: number,
  work?: Float64Array,
): Float64Array {
  if (m <= 0 || k <= 0) return g
  const backend = kernelBackend()
  if (backend === 'native' && m * m * k >= 2 * NATIVE_MIN_WORK) {
    if (nativeAddon()?.gemm(true, false, m, m, k, alpha, a, offsetA, lda, a, offsetA, lda, 1, g, offsetG, ldg, true))
      return g
  } else if (m * m * k >= 2 * WASM_MIN_WORK && backend === 'wasm') {
    // the packed-panel gemm kernel restricted to the upper tiles (5–35% faster than the dot-product Gram kernel)
    if (packedGemm(true, true, false, m, m, k, alpha, a, offsetA, lda, a, offsetA, lda, 1, g, offsetG, ldg, true))
      return g
    if (wasmSyrkPanel(m, k, alpha, a, offsetA, lda, g, offsetG, ldg)) return g
  }
  const kb = Math.min(SYRK_BLOCK_ROWS, k)
  const w = work && work.length >= m * kb ? work : new Float64Array(m * kb)
  for (let r0 = 0; r0 < k; r0 += kb) {
    const nb = Math.min(kb, k - r0)
    // pack: w[c·nb + t] = A[r0 + t, c]  (columns of A become contiguous vectors)
    for (let t = 0; t < nb; t++) {
      const row = offsetA + (r0 + t) * lda
      for (let c = 0; c < m; c++) w[c * nb + t] = a[row + c]
    }
    syrkDots(m, nb, alpha, w, 0, nb, g, offsetG, ldg)
  }
  return g
}

/**
 * G ← G + X[r0:r1]ᵀ·X[r0:r1], upper triangle only; X is n×d row-major, G is d×d row-major.
 * Nested-prefix Gram update for the N sweep (LID paper Eq. 6: G_N = Σ_{i<N} x_i x_iᵀ, so
 * G_{N'} = G_N + X[N:N']ᵀX[N:N']); BLAS dsyrk analogue. Call dsymFill for the lower triangle.
 * @example
 * dsyrkRows(2, new Float64Array([1, 2, 3, 4]), 0, 2, new Float64Array(4)) // → [10, 14, 0, 20]
 */
export function dsyrkRows(
  d: number,
  x: Float64Array,
  r0: number,
  r1: number,
  g: Float64Array,
  work?: Float64Array,
): Float64Array {
  return dsyrkPanel(d, r1 - r0, 1, x, r0 * d, d, g, 0, d, work)
}

/**
 * G ← G + α·A·Aᵀ (upper triangle), A = n rows of length k at a[offsetA + i·lda]: the Gram matrix
 * of the rows (the dual/kernel form's K = X·Xᵀ). Rows are already contiguous, so no packing.
 * @example
 * dgramRows(2, 2, new Float64Array([1, 2, 3, 4]), 0, 2, new Float64Array(4)) // → [5, 11, 0, 25]
 */
export function dgramRows(
  n: number,
  k: number,
  a: Float64Array,
  offsetA: number,
  lda: number,
  g: Float64Array,
  alpha = 1,
): Float64Array {
  if (n <= 0 || k <= 0) return g
  const backend = kernelBackend()
  if (backend === 'native' && n * n * k >= 2 * NATIVE_MIN_WORK) {
    if (nativeAddon()?.gemm(false, true, n, n, k, alpha, a, offsetA, lda, a, offsetA, lda, 1, g, 0, n, true)) return g
  } else if (n * n * k >= 2 * WASM_MIN_WORK && backend === 'wasm') {
    if (packedGemm(true, false, true, n, n, k, alpha, a, offsetA, lda, a, offsetA, lda, 1, g, 0, n, true)) return g
    if (wasmGramRows(n, k, alpha, a, offsetA, lda, g)) return g
  }
  syrkDots(n, k, alpha, a, offsetA, lda, g, 0, n)
  return g
}
