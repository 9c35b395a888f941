import { packedGemm } from './internal/wasm-gemm.js'
import { nativeAddon } from './internal/native.js'
import { kernelBackend, NATIVE_MIN_WORK, WASM_MIN_WORK } from './backend.js'

/**
 * C ← α·op(A)·op(B) + β·C (BLAS dgemm, row-major): op(A) is m×k, op(B) k×n, C m×n at c[offC + i·ldc + j].
 * op(A)[i, t] = a[offA + i·lda + t], or a[offA + t·lda + i] when transA (A stored k×m); op(B)[t, j] =
 * b[offB + t·ldb + j], or b[offB + j·ldb + t] when transB (B stored n×k). β = 0 overwrites C (NaN in C does
 * not propagate), as in BLAS. All transposes run on one packed-panel algorithm (internal/wasm-gemm.ts:
 * KC×MR / KC×NR panels, 4×4 register tiles) with a WebAssembly SIMD micro-kernel when the 'wasm' backend is
 * active and the product is large enough, else a scalar JavaScript one; both sum in the same order and give
 * bit-identical results. The 'native' backend (default where the addon is built, see setKernelBackend) runs the
 * same scheme in C++ on the caller's arrays (AVX-512 8×24 or AVX2 4×12 FMA tiles; rounding differs slightly).
 * @example
 * // C = Aᵀ·B for A = [[1, 2], [3, 4]] (stored 2×2), B = I
 * dgemmEx(true, false, 2, 2, 2, 1, new Float64Array([1, 2, 3, 4]), 0, 2, new Float64Array([1, 0, 0, 1]), 0, 2,
 *   0, new Float64Array(4), 0, 2) // → [1, 3, 2, 4]
 */
export function dgemmEx(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  offA: number,
  lda: number,
  b: Float64Array,
  offB: number,
  ldb: number,
  beta: number,
  c: Float64Array,
  offC: number,
  ldc: number,
): Float64Array {
  if (m <= 0 || n <= 0) return c
  if (k <= 0 || alpha === 0) {
    for (let i = 0; i < m; i++) {
      const ci = offC + i * ldc
      if (beta === 0) c.fill(0, ci, ci + n)
      else if (beta !== 1) for (let j = 0; j < n; j++) c[ci + j] *= beta
    }
    return c
  }
  const work = m * n * k
  const backend = kernelBackend()
  if (backend === 'native' && work >= NATIVE_MIN_WORK) {
    const nat = nativeAddon()
    if (nat?.gemm(transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc, false)) return c
  }
  const wasm = work >= WASM_MIN_WORK && backend === 'wasm'
  if (!(wasm && packedGemm(true, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc)))
    packedGemm(false, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc)
  return c
}

/**
 * C ← α·A·op(B) + β·C with A m×k, C m×n row-major and contiguous; op(B) = Bᵀ for transB (B is n×k: C[i,j] =
 * a_i·b_j, e.g. test predictions X_test·Θ̂ᵀ for all N at once) or B (k×n). The contiguous special case of
 * dgemmEx (same kernels); `work` is no longer needed and is ignored (kept for compatibility). β = 0 overwrites C.
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
  work?: Float64Array, // eslint-disable-line @typescript-eslint/no-unused-vars
): Float64Array {
  return dgemmEx(false, transB, m, n, k, alpha, a, 0, k, b, 0, transB ? k : n, beta, c, 0, n)
}
