/**
 * Prediction errors of linear predictors on a replicate's test set (LID Eq. 7 / Eq. 50):
 *   B_i(N) = x_i·(θ̂_N − θ*)  when the teacher θ* is known (synthetic data: no cancellation),
 *   B_i(N) = x_i·θ̂_N − m_i   otherwise (real data: against the test mean targets).
 */
import type { LinearPredictors } from '@passk/core'
import { dgemm } from '@passk/linalg'

/** θ̂_N − θ* for every N of replicate r (ns.length × d row-major), or null when there is no teacher. */
export function thetaErrors(p: LinearPredictors, r: number): Float64Array | null {
  const teacher = p.data.replicates[r].teacher
  if (!teacher) return null
  const { d } = p,
    theta = p.fits[r].theta
  const out = new Float64Array(theta.length)
  for (let n = 0; n < p.ns.length; n++) for (let j = 0; j < d; j++) out[n * d + j] = theta[n * d + j] - teacher[j]
  return out
}

/**
 * B for every (N, test point) of replicate r, ns.length × nTest row-major: one matrix product
 * C = Θ·X_testᵀ (linalg dgemm, register-blocked / WASM SIMD) with Θ the Δθ (or θ̂) rows per N.
 */
export function predictionErrors(p: LinearPredictors, r: number): Float64Array {
  const rep = p.data.replicates[r]
  const { d } = p,
    nN = p.ns.length,
    nT = rep.test.n
  const dTheta = thetaErrors(p, r)
  const out = new Float64Array(nN * nT)
  dgemm(true, nN, nT, d, 1, dTheta ?? p.fits[r].theta, rep.test.x, 0, out)
  if (!dTheta) {
    const m = rep.test.m
    for (let n = 0; n < nN; n++) for (let i = 0; i < nT; i++) out[n * nT + i] = out[n * nT + i] - m[i]
  }
  return out
}

/** Mean and standard error (sd/√R) of replicate values; se is undefined for R = 1. */
export function meanSe(v: ArrayLike<number>): { mean: number; se: number | undefined } {
  const R = v.length
  let m = 0
  for (let i = 0; i < R; i++) m += v[i]
  m /= R
  if (R < 2) return { mean: m, se: undefined }
  let ss = 0
  for (let i = 0; i < R; i++) ss += (v[i] - m) ** 2
  return { mean: m, se: Math.sqrt(ss / (R - 1) / R) }
}
