import { dposvJitter, type JitterOptions, type SpdSolveStatus, type SpdWorkspace } from './dposv-jitter.js'

/**
 * Primal ridge solve θ̂ = (G + N·λ·I)⁻¹·b with G = XᵀX (upper triangle, d×d) and b = Xᵀy, i.e. the
 * LID paper's Eq. 6 θ̂ = (XᵀX/N + λI)⁻¹ Xᵀy/N multiplied through by N. G and b are not modified;
 * θ̂ is written to theta. Cholesky + two triangular solves (never an inverse); jitter retry as in
 * dposvJitter, reported in the returned status.
 * @example
 * ridgePrimal(2, new Float64Array([4, 2, 0, 5]), new Float64Array([8, 12]), 0, new Float64Array(2),
 * createSpdWorkspace(2)) // θ → [1, 2]
 */
export function ridgePrimal(
  d: number,
  g: Float64Array,
  b: Float64Array,
  nLambda: number,
  theta: Float64Array,
  ws: SpdWorkspace,
  opts?: JitterOptions,
): SpdSolveStatus {
  for (let j = 0; j < d; j++) theta[j] = b[j]
  return dposvJitter(d, g, nLambda, theta, ws, d, opts)
}
