/**
 * Non-negative least squares min ‖A·x − b‖², x ≥ 0 (A is m×n row-major), by the Lawson–Hanson
 * active-set algorithm (Lawson & Hanson, "Solving Least Squares Problems", 1974, ch. 23), with the
 * passive-set subproblems solved through Cholesky on AᵀA restricted to the passive set (@passk/linalg dpotrf/dpotrs).
 * Returns x and whether it terminated within the iteration limit.
 */
import { dpotrf, dpotrs } from '@passk/linalg'

export function nnls(
  m: number,
  n: number,
  A: Float64Array,
  b: Float64Array,
  maxIter = 30 * n,
): { x: Float64Array; converged: boolean } {
  const AtA = new Float64Array(n * n),
    Atb = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < m; r++) Atb[i] += A[r * n + i] * b[r]
    for (let j = i; j < n; j++) {
      let s = 0
      for (let r = 0; r < m; r++) s += A[r * n + i] * A[r * n + j]
      AtA[i * n + j] = s
      AtA[j * n + i] = s
    }
  }
  const x = new Float64Array(n),
    passive = new Uint8Array(n),
    w = new Float64Array(n)
  const grad = () => {
    for (let i = 0; i < n; i++) {
      let s = Atb[i]
      for (let j = 0; j < n; j++) s -= AtA[i * n + j] * x[j]
      w[i] = s
    }
  }
  const solveP = (): Float64Array | null => {
    const idx: number[] = []
    for (let i = 0; i < n; i++) if (passive[i]) idx.push(i)
    const k = idx.length,
      L = new Float64Array(k * k),
      z = new Float64Array(k)
    for (let a = 0; a < k; a++) {
      z[a] = Atb[idx[a]]
      for (let c = 0; c < k; c++) L[a * k + c] = AtA[idx[a] * n + idx[c]]
    }
    for (let a = 0; a < k; a++) L[a * k + a] *= 1 + 1e-12 // tiny ridge: the Laplace-kernel Gram matrix is near singular
    if (dpotrf(k, L) !== 0) return null
    dpotrs(k, L, z)
    const out = new Float64Array(n)
    idx.forEach((i, a) => {
      out[i] = z[a]
    })
    return out
  }
  let it = 0
  const tol =
    1e-12 *
    Math.max(
      1,
      Atb.reduce((s, v) => Math.max(s, Math.abs(v)), 0),
    )
  for (;;) {
    grad()
    let jmax = -1,
      wmax = tol
    for (let i = 0; i < n; i++)
      if (!passive[i] && w[i] > wmax) {
        wmax = w[i]
        jmax = i
      }
    if (jmax < 0) return { x, converged: true }
    passive[jmax] = 1
    for (;;) {
      if (++it > maxIter) return { x, converged: false }
      const z = solveP()
      if (!z) {
        passive[jmax] = 0
        return { x, converged: false }
      }
      let ok = true
      for (let i = 0; i < n; i++) if (passive[i] && z[i] <= 0) ok = false
      if (ok) {
        x.set(z)
        break
      }
      let alpha = Infinity
      for (let i = 0; i < n; i++) if (passive[i] && z[i] <= 0) alpha = Math.min(alpha, x[i] / (x[i] - z[i]))
      for (let i = 0; i < n; i++)
        if (passive[i]) {
          x[i] += alpha * (z[i] - x[i])
          if (x[i] <= 1e-15) {
            x[i] = 0
            passive[i] = 0
          }
        }
    }
  }
}
