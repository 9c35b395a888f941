/**
 * The ridge path on nested training prefixes, LID paper Eq. 6:
 *   θ̂(N) = (X_NᵀX_N/N + λ_N·I)⁻¹ · X_Nᵀy_N/N  =  (G_N + N·λ_N·I)⁻¹ b_N,   G_N = X_NᵀX_N, b_N = X_Nᵀy_N,
 * for every N of an ascending sweep, where X_N are the first N training rows.
 *
 * Work is reused across the sweep (ARCHITECTURE "Numerical ground rules"):
 *  - primal (N ≥ d, or dual = 'never'): G and b are updated with the rows N_prev..N only
 *    (G_{N'} = G_N + X[N:N']ᵀX[N:N'], dsyrkRows; b likewise, dgemvT), then one Cholesky per N;
 *  - dual (N < d, or dual = 'always'): θ̂ = X_Nᵀ(X_NX_Nᵀ + NλI)⁻¹y_N (push-through identity), which for
 *    λ = 0 is the minimum-norm interpolator (LID §3.1, App. B). K = X_MX_Mᵀ is formed once for the
 *    largest dual N = M; every smaller N uses its leading N×N block.
 * Singular systems get a reported diagonal jitter (dposvJitter); if even that fails, `info` says so.
 * Pure function (no plugin context), so benchmark workers can call it directly.
 */
import {
  createSpdWorkspace,
  dgemvT,
  dgramRows,
  dsyrkRows,
  ridgeDual,
  ridgePrimal,
  SYRK_BLOCK_ROWS,
} from '@passk/linalg'

export type DualMode = 'auto' | 'never' | 'always'

/** Largest N the dual form is used for (its K is N×N: 4096² doubles = 128 MB). */
export const MAX_DUAL_N = 4096

export interface RidgePathInput {
  d: number
  /** Training features (≥ max(ns) rows × d, row-major) and realised labels. */
  x: Float64Array
  y: Float64Array
  /** Ascending prefix sizes. */
  ns: readonly number[]
  /** λ at each N (Eq. 6 convention, already including any 1/N scaling and lambdaScale). */
  lambdas: readonly number[]
  dual: DualMode
  /** Called after each N (progress), and before each N (abort check: throw to stop). */
  onStep?: (i: number, n: number) => void
  beforeStep?: (i: number, n: number) => void
}

export interface RidgePathOutput {
  /** ns.length × d row-major. */
  theta: Float64Array
  /** Extra ridge added by the jitter retry at each N, in λ units (ε/N); 0 when none was needed. */
  jitter: number[]
  /** dpotrf status per N (0 = solved). */
  info: number[]
  method: ('primal' | 'dual')[]
}

export function useDual(mode: DualMode, n: number, d: number): boolean {
  return mode === 'always' || (mode === 'auto' && n < d)
}

export function ridgePath(inp: RidgePathInput): RidgePathOutput {
  const { d, x, y, ns, lambdas, dual } = inp
  const nN = ns.length
  const theta = new Float64Array(nN * d)
  const jitter: number[] = [],
    info: number[] = [],
    method: ('primal' | 'dual')[] = []
  let maxDual = 0
  for (const n of ns) if (useDual(dual, n, d)) maxDual = Math.max(maxDual, n)
  let g: Float64Array | undefined, b: Float64Array | undefined, k: Float64Array | undefined
  let panel: Float64Array | undefined, wsP: ReturnType<typeof createSpdWorkspace> | undefined
  let wsD: ReturnType<typeof createSpdWorkspace> | undefined, alpha: Float64Array | undefined
  let n0 = 0
  for (let i = 0; i < nN; i++) {
    const n = ns[i]
    inp.beforeStep?.(i, n)
    const th = theta.subarray(i * d, (i + 1) * d)
    const nl = n * lambdas[i]
    let st
    if (useDual(dual, n, d)) {
      if (!k) {
        k = dgramRows(maxDual, d, x, 0, d, new Float64Array(maxDual * maxDual))
        wsD = createSpdWorkspace(maxDual)
        alpha = new Float64Array(maxDual)
      }
      st = ridgeDual(n, d, x, y, nl, k, maxDual, alpha!, th, wsD!)
      method.push('dual')
    } else {
      if (!g) {
        g = new Float64Array(d * d)
        b = new Float64Array(d)
        panel = new Float64Array(d * SYRK_BLOCK_ROWS)
        wsP = createSpdWorkspace(d)
      }
      if (n > n0) {
        dsyrkRows(d, x, n0, n, g, panel)
        dgemvT(n - n0, d, 1, x, n0 * d, y, n0, 1, b!)
        n0 = n
      }
      st = ridgePrimal(d, g, b!, nl, th, wsP!)
      method.push('primal')
    }
    jitter.push(st.jitter / n)
    info.push(st.info)
    inp.onStep?.(i, n)
  }
  return { theta, jitter, info, method }
}
