import { dpotrf, POTRF_BLOCK } from './dpotrf.js'
import { dpotrs } from './dpotrs.js'

/** Scratch space for dposvJitter, allocated once per matrix size (no allocation inside sweeps). */
export interface SpdWorkspace {
  n: number
  factor: Float64Array
  panel: Float64Array
}

export function createSpdWorkspace(n: number): SpdWorkspace {
  return { n, factor: new Float64Array(n * n), panel: new Float64Array(Math.max(1, n * POTRF_BLOCK)) }
}

export interface SpdSolveStatus {
  /** 0 on success; otherwise dpotrf's info of the last attempt (the system was not solved). */
  info: number
  /** Diagonal jitter ε that was added (0 when the plain factorisation succeeded). */
  jitter: number
  /** Factorisations tried (1 = no retry). */
  attempts: number
}

export interface JitterOptions {
  /** First jitter relative to the mean diagonal (default 1e-13, about 500 ulps). */
  relStart?: number
  /** Factor between consecutive jitters (default 100). */
  growth?: number
  /** Jittered retries after the plain attempt (default 5: up to 1e-5 relative). */
  maxRetries?: number
  /**
   * A factorisation whose smallest pivot ratio U_jj²/(A_jj + shift) falls below this is treated as
   * failed too (the column is numerically dependent on the previous ones: the solve would return
   * rounding noise, e.g. for duplicated rows). Default max(n, 16)·2⁻⁵² ≈ n ulps. 0 disables.
   */
  pivotTol?: number
}

/**
 * Solve (A + shift·I + ε·I)·x = b for symmetric positive (semi-)definite A, reading only A's upper
 * triangle (row-major n×n, row stride lda; A is not modified) and overwriting b with x.
 * First tries ε = 0; if dpotrf reports a non-positive pivot (or a pivot below `pivotTol` relative to
 * its diagonal: a numerically dependent column) it retries with
 * ε = relStart·mean(diag A + shift)·growth^t, t = 0…maxRetries−1, and reports the ε it used — the
 * caller must surface a non-zero jitter (it changes the estimator slightly) and treat info > 0 as
 * "singular" (b is then left unspecified).
 * @example
 * dposvJitter(2, new Float64Array([4, 2, 0, 5]), 0, new Float64Array([8, 12]), createSpdWorkspace(2)) // → {info: 0,
 * jitter: 0, attempts: 1}, b = [1, 2]
 */
export function dposvJitter(
  n: number,
  a: Float64Array,
  shift: number,
  b: Float64Array,
  ws: SpdWorkspace,
  lda = n,
  opts: JitterOptions = {},
): SpdSolveStatus {
  if (ws.n < n) throw new RangeError(`dposvJitter: workspace is for n = ${ws.n}, need ${n}`)
  const relStart = opts.relStart ?? 1e-13,
    growth = opts.growth ?? 100,
    maxRetries = opts.maxRetries ?? 5
  const pivotTol = opts.pivotTol ?? Math.max(n, 16) * 2 ** -52
  const f = ws.factor
  let meanDiag = 0
  for (let i = 0; i < n; i++) meanDiag += a[i * lda + i] + shift
  meanDiag = Math.abs(meanDiag / Math.max(1, n)) || 1
  let eps = 0,
    info = 0
  for (let t = 0; t <= maxRetries; t++) {
    if (t > 0) eps = relStart * meanDiag * Math.pow(growth, t - 1)
    for (let i = 0; i < n; i++) {
      const ra = i * lda,
        rf = i * n
      for (let j = i; j < n; j++) f[rf + j] = a[ra + j]
      f[rf + i] += shift + eps
    }
    info = dpotrf(n, f, n, ws.panel)
    if (info === 0) {
      // numerically dependent columns: a positive but negligible pivot (see JitterOptions.pivotTol)
      for (let j = 0; j < n; j++) {
        const u = f[j * n + j]
        if (u * u < pivotTol * (a[j * lda + j] + shift + eps)) {
          info = j + 1
          break
        }
      }
    }
    if (info === 0) {
      dpotrs(n, f, b, n)
      return { info: 0, jitter: eps, attempts: t + 1 }
    }
  }
  return { info, jitter: eps, attempts: maxRetries + 1 }
}
