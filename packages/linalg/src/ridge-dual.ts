import { dgemvT } from './dgemv-t.js'
import { dposvJitter, type JitterOptions, type SpdSolveStatus, type SpdWorkspace } from './dposv-jitter.js'

/**
 * Dual (kernel) ridge solve for N rows: θ̂ = Xᵀ·(X·Xᵀ + N·λ·I)⁻¹·y, the same estimator as the primal
 * Eq. 6 (push-through identity (XᵀX + cI)⁻¹Xᵀ = Xᵀ(XXᵀ + cI)⁻¹) at O(N²d + N³) instead of O(d³) —
 * cheaper for N < d. With λ = 0 it is the minimum-norm interpolator θ̂ = Xᵀ(XXᵀ)⁻¹y = X⁺y (LID §3.1,
 * App. B: the ridgeless limit of λ = λ̃/N); XXᵀ is positive definite when X has full row rank, so no
 * jitter is needed unless rows are (numerically) dependent — then dposvJitter adds one and reports it.
 * `k` holds the upper triangle of X_M·X_Mᵀ for some M ≥ N with row stride ldk (nested prefixes: the
 * N×N leading block of K_M is K_N, so one K serves every N ≤ M of a sweep). `alpha` (length ≥ N) is
 * scratch for the dual coefficients; θ̂ (length d) is overwritten.
 * @example
 * // X = [[1, 0, 0]], y = [2] → θ̂ = [2, 0, 0]
 * ridgeDual(1, 3, new Float64Array([1, 0, 0]), new Float64Array([2]), 0, new Float64Array([1]), 1, new Float64Array(1),
 * new Float64Array(3), createSpdWorkspace(1))
 */
export function ridgeDual(
  n: number,
  d: number,
  x: Float64Array,
  y: Float64Array,
  nLambda: number,
  k: Float64Array,
  ldk: number,
  alpha: Float64Array,
  theta: Float64Array,
  ws: SpdWorkspace,
  opts?: JitterOptions,
): SpdSolveStatus {
  for (let i = 0; i < n; i++) alpha[i] = y[i]
  const st = dposvJitter(n, k, nLambda, alpha, ws, ldk, opts)
  if (st.info !== 0) {
    theta.fill(Number.NaN, 0, d)
    return st
  }
  dgemvT(n, d, 1, x, 0, alpha, 0, 0, theta)
  return st
}
