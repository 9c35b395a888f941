import { dtrsv } from './dtrsv.js'

/**
 * Solve A·x = b in place (b ← x) given the Cholesky factor A = UᵀU from dpotrf (upper triangle of u):
 * Uᵀz = b (forward), then U x = z (backward). LAPACK dpotrs analogue, one right-hand side.
 * @example
 * dpotrs(2, new Float64Array([2, 1, 0, 2]), new Float64Array([8, 12])) // → [1, 2]  (U from dpotrf of A =
 * [[4,2],[2,5]])
 */
export function dpotrs(n: number, u: Float64Array, b: Float64Array, ldu = n): Float64Array {
  dtrsv('upper', true, n, u, b, ldu)
  dtrsv('upper', false, n, u, b, ldu)
  return b
}
