import { dsyrkPanel } from './dsyrk-rows.js'
import { dgemmEx } from './dgemm.js'
import { nativeAddon } from './internal/native.js'
import { kernelBackend } from './backend.js'

/** Rows per sub-block of the panel's triangular solve (step 2). */
const TRSM_BLOCK = 16

/** Smallest order factored by the native backend (below it the Node-API call costs more than it saves). */
const NATIVE_POTRF_MIN = 16

/** Panel width of the blocked factorisation. */
export const POTRF_BLOCK = 48

/**
 * Cholesky A = UᵀU in place: the upper triangle of the n×n row-major A (row stride lda) is overwritten
 * by U; the strict lower triangle is not read or written. Returns `info`: 0 on success, j + 1 if the
 * leading minor of order j + 1 is not positive definite (pivot ≤ 0 or not finite at column j) — a
 * status, never an exception (LAPACK dpotrf convention).
 * Blocked right-looking variant (LAPACK dpotrf, Golub & Van Loan 4th ed. Alg. 4.2.3 in upper form):
 * per panel of NB rows: factor the NB×NB diagonal block (unblocked, axpy rows), U12 ← U11⁻ᵀA12 (row
 * axpys within 16-row sub-blocks, dgemmEx between them), trailing update A22 ← A22 − U12ᵀU12 with dsyrkPanel.
 * With the 'native' backend the same algorithm runs in C++ (native/src/gemm-impl.h; panel width 96) when n ≥ 16.
 * @example
 * const a = new Float64Array([4, 2, 0, 5])
 * dpotrf(2, a) // → 0, a = [2, 1, 0, 2]
 */
export function dpotrf(n: number, a: Float64Array, lda = n, work?: Float64Array): number {
  if (n >= NATIVE_POTRF_MIN && kernelBackend() === 'native') {
    const info = nativeAddon()?.potrf(n, a, 0, lda) ?? -1
    if (info >= 0) return info
    if (info === -2) throw new Error(`dpotrf: out of memory for the packing buffers (n = ${n})`)
  }
  const nb = POTRF_BLOCK
  const w = work && work.length >= n * nb ? work : new Float64Array(Math.max(1, n * nb))
  for (let k0 = 0; k0 < n; k0 += nb) {
    const kb = Math.min(nb, n - k0)
    const k1 = k0 + kb
    // 1) unblocked right-looking factorisation of the diagonal block A[k0:k1, k0:k1]
    for (let j = k0; j < k1; j++) {
      const rj = j * lda
      const ajj = a[rj + j]
      if (!(ajj > 0) || !Number.isFinite(ajj)) return j + 1
      const ujj = Math.sqrt(ajj)
      a[rj + j] = ujj
      const inv = 1 / ujj
      for (let c = j + 1; c < k1; c++) a[rj + c] *= inv
      for (let q = j + 1; q < k1; q++) {
        const u = a[rj + q]
        if (u === 0) continue
        const rq = q * lda
        for (let c = q; c < k1; c++) a[rq + c] -= u * a[rj + c]
      }
    }
    if (k1 >= n) break
    // 2) U12 ← U11⁻ᵀ A12 (forward substitution with the lower factor U11ᵀ), blocked by TRSM_BLOCK rows: row
    //    axpys inside a sub-block, then the rows below it updated at once with dgemmEx (Golub & Van Loan §3.1.4)
    const nc = n - k1
    for (let s0 = k0; s0 < k1; s0 += TRSM_BLOCK) {
      const s1 = Math.min(k1, s0 + TRSM_BLOCK)
      for (let i = s0; i < s1; i++) {
        const ri = i * lda
        const inv = 1 / a[ri + i]
        for (let c = k1; c < n; c++) a[ri + c] *= inv
        for (let q = i + 1; q < s1; q++) {
          const u = a[ri + q]
          if (u === 0) continue
          const rq = q * lda
          for (let c = k1; c < n; c++) a[rq + c] -= u * a[ri + c]
        }
      }
      // A12[s1:k1] −= U11[s0:s1, s1:k1]ᵀ · U12[s0:s1]
      if (s1 < k1)
        dgemmEx(
          true,
          false,
          k1 - s1,
          nc,
          s1 - s0,
          -1,
          a,
          s0 * lda + s1,
          lda,
          a,
          s0 * lda + k1,
          lda,
          1,
          a,
          s1 * lda + k1,
          lda,
        )
    }
    // 3) A22 ← A22 − U12ᵀ U12 (upper), U12 = rows k0..k1, columns k1..n
    dsyrkPanel(n - k1, kb, -1, a, k0 * lda + k1, lda, a, k1 * lda + k1, lda, w)
  }
  return 0
}
