/**
 * Population pass@k failure for a trained linear predictor (LID Eq. 13 with the test expectation
 * done exactly):
 *   L_inf(k) = E_{τ ~ Gamma(a,1)} E_{B ~ N(0, v)} [ p(B, σ_η/√τ)^k ],   v = Δθᵀ Σ Δθ,
 * since x ~ N(0, Σ) independent of τ makes B = x·Δθ exactly Gaussian (LID App. C, Eq. 50).
 *
 * Quadrature (all weights and integrands in log space, so values down to 1e-300 survive):
 *  - τ: trapezoid in t = log τ on [τ_lo, τ_hi] (the integrand decays exponentially at both ends,
 *    so the trapezoid rule converges geometrically in 1/h). τ_hi is where the Gamma(a,1) density in t
 *    falls below e^−750; τ_lo = min(1e-8, (1e-4/(k_max c_δ))²), and the mass P(a, τ_lo) below it is
 *    added in closed form with p^k = 1 (there p ≥ 1 − c_δ√τ_lo, so p^k ≥ 1 − 1e-4 on a piece whose
 *    weight is ≤ (1e-8)^a of the k^−β region: LID Eq. 42–45).
 *  - |B|: composite Gauss–Legendre with breakpoints at the tolerance window δ ± (1, 2, 4, 6, 8, 12)·s and
 *    at multiples of √v, on [0, min(δ + 12s, 40√v)]; beyond that point p^k = 1 to ~1e-32 (or the
 *    B-mass is below e^−800) and the tail mass 2Φ(−b/√v) is added in closed form.
 *  - Accuracy: the rule is run at increasing resolution (h_t halves, GL order grows) until two
 *    successive levels agree to relTol at every k; the finer level is returned with that difference
 *    as its error estimate.
 */
import { special } from '@passk/core'
import { gaussLegendre } from './gauss-legendre.js'
import { logFailProb } from './log-fail.js'

const { lgamma, normLogCdf } = special
const LOG2 = Math.LN2
const LOG_2PI = Math.log(2 * Math.PI)
/** log of the smallest L_inf we report; below it the evaluator reports NaN with a warning. */
export const LOG_REPORT_FLOOR = Math.log(1e-300)

const LEVELS: { h: number; m: number }[] = [
  { h: 0.4, m: 8 },
  { h: 0.2, m: 12 },
  { h: 0.1, m: 20 },
  { h: 0.05, m: 32 },
]

export interface PopulationLinf {
  /** log L_inf(k) for every k. */
  logL: Float64Array
  /** Largest relative difference between the last two quadrature levels over the reported k. */
  relErr: number
  /** Level used (0-based) and number of quadrature nodes at that level. */
  level: number
  nodes: number
  converged: boolean
}

/** L_inf(k) for B ~ N(0, v) (v = 0: B ≡ 0), τ ~ Gamma(tauShape, 1), s = σ_η/√τ, tolerance δ. */
export function populationLinf(
  v: number,
  tauShape: number,
  sigmaEta: number,
  delta: number,
  ks: ArrayLike<number>,
  relTol = 1e-6,
): PopulationLinf {
  let prev = quadLevel(v, tauShape, sigmaEta, delta, ks, LEVELS[0])
  let relErr = Infinity
  for (let lv = 1; lv < LEVELS.length; lv++) {
    const cur = quadLevel(v, tauShape, sigmaEta, delta, ks, LEVELS[lv])
    relErr = 0
    for (let i = 0; i < ks.length; i++) {
      const a = cur.logL[i],
        b = prev.logL[i]
      if (a < LOG_REPORT_FLOOR) continue
      const e = Math.abs(Math.expm1(b - a))
      if (!(e <= relErr)) relErr = e
    }
    if (relErr <= relTol || lv === LEVELS.length - 1)
      return { logL: cur.logL, relErr, level: lv, nodes: cur.nodes, converged: relErr <= relTol }
    prev = cur
  }
  /* c8 ignore next */
  throw new Error('unreachable')
}

function quadLevel(
  v: number,
  a: number,
  sigma: number,
  delta: number,
  ks: ArrayLike<number>,
  lv: { h: number; m: number },
): { logL: Float64Array; nodes: number } {
  let kmax = 1
  for (let i = 0; i < ks.length; i++) if (ks[i] > kmax) kmax = ks[i]!
  const cd = (Math.sqrt(2 / Math.PI) * delta) / sigma
  // Floor at 1e-280 so an absurd k·c_δ cannot make the grid infinite (its mass there is 1e-280^a).
  const tauLo = Math.max(1e-280, Math.min(1e-8, (1e-4 / (kmax * cd)) ** 2))
  const lg = lgamma(a)
  let tauHi = a + 10
  while (a * Math.log(tauHi) - tauHi - lg > -750) tauHi *= 1.25
  const tLo = Math.log(tauLo),
    tHi = Math.log(tauHi)
  const nT = Math.ceil((tHi - tLo) / lv.h) + 1
  const h = (tHi - tLo) / (nT - 1)
  const gl = gaussLegendre(lv.m)
  const sv = Math.sqrt(v)
  const maxPanels = 32
  const cap = nT * (maxPanels * lv.m + 1) + 1
  const logW = new Float64Array(cap),
    logP = new Float64Array(cap)
  const bp = new Float64Array(maxPanels + 2)
  let cnt = 0
  const starts: number[] = []
  const logDensConst = LOG2 - 0.5 * (LOG_2PI + Math.log(v))
  const WINDOW = [-8, -4, -2, -1, 0, 1, 2, 4, 6, 8]
  const SCALE = [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24]
  for (let i = 0; i < nT; i++) {
    const t = tLo + i * h
    const tau = Math.exp(t)
    let lwt = Math.log(h) + a * t - tau - lg
    if (i === 0 || i === nT - 1) lwt += -LOG2
    if (lwt < -800) continue
    starts.push(cnt)
    const s = sigma / Math.sqrt(tau)
    if (!(v > 0)) {
      logW[cnt] = lwt
      logP[cnt] = logFailProb(0, s, delta)
      cnt++
      continue
    }
    const bEnd = Math.min(delta + 12 * s, 40 * sv)
    let nb = 0
    bp[nb++] = 0
    for (const w of WINDOW) {
      const b = delta + w * s
      if (b > 0 && b < bEnd) bp[nb++] = b
    }
    for (const w of SCALE) {
      const b = w * sv
      if (b < bEnd) bp[nb++] = b
    }
    bp[nb++] = bEnd
    const sorted = bp.subarray(0, nb).sort()
    for (let p = 0; p + 1 < nb; p++) {
      const b0 = sorted[p],
        b1 = sorted[p + 1]
      if (!(b1 - b0 > 1e-13 * bEnd)) continue
      const half = 0.5 * (b1 - b0),
        mid = b0 + half
      for (let j = 0; j < lv.m; j++) {
        const b = mid + half * gl.x[j]
        const lw = lwt + Math.log(half * gl.w[j]) + logDensConst - (b * b) / (2 * v)
        if (lw < -800) continue
        logW[cnt] = lw
        logP[cnt] = logFailProb(b, s, delta)
        cnt++
      }
    }
    // Tail |B| > bEnd: mass 2Φ(−bEnd/√v); p^k there is p(bEnd)^k ≤ · ≤ 1, both ≈ 1 or the mass ≈ 0.
    const lt = lwt + LOG2 + normLogCdf(-bEnd / sv)
    if (lt > -800) {
      logW[cnt] = lt
      logP[cnt] = logFailProb(bEnd, s, delta)
      cnt++
    }
  }
  starts.push(cnt)
  logW[cnt] = special.logGammaIncReg(a, tauLo)
  logP[cnt] = 0
  cnt++
  starts.push(cnt)
  // Per τ-block bounds, so the k loop can skip blocks that cannot reach e^−40 of the running maximum.
  const nBlk = starts.length - 1
  const bStart = Int32Array.from(starts),
    bMaxP = new Float64Array(nBlk),
    bMaxW = new Float64Array(nBlk)
  for (let b = 0; b < nBlk; b++) {
    let mp = -Infinity,
      mw = -Infinity
    for (let j = bStart[b]; j < bStart[b + 1]; j++) {
      if (logP[j] > mp) mp = logP[j]!
      if (logW[j] > mw) mw = logW[j]!
    }
    bMaxP[b] = mp
    bMaxW[b] = mw
  }
  const logL = new Float64Array(ks.length)
  for (let q = 0; q < ks.length; q++) logL[q] = logSumExpBlocks(logW, logP, ks[q], bStart, bMaxP, bMaxW)
  return { logL, nodes: cnt }
}

/**
 * log Σ_j exp(w_j + k·p_j) over blocks of nodes; a block is skipped when its bound
 * k·max p + max w lies 40 below the running maximum (relative contribution < e^−40 per node).
 */
function logSumExpBlocks(
  w: Float64Array,
  p: Float64Array,
  k: number,
  start: Int32Array,
  maxP: Float64Array,
  maxW: Float64Array,
): number {
  // Visit the closed-form block below τ_lo first, then τ ascending: at large k the small-τ nodes
  // (p^k ≈ 1) dominate, so the running maximum is high early and most of the bulk is skipped.
  let m = -Infinity,
    s = 0
  const nb = maxP.length
  for (let i = 0; i < nb; i++) {
    const b = i === 0 ? nb - 1 : i - 1
    if (k * maxP[b] + maxW[b] < m - 40) continue
    for (let j = start[b]; j < start[b + 1]; j++) {
      const x = w[j] + k * p[j]
      if (x === -Infinity) continue
      if (x <= m) s += Math.exp(x - m)
      else {
        s = s * Math.exp(m - x) + 1
        m = x
      }
    }
  }
  return m === -Infinity ? -Infinity : m + Math.log(s)
}

/** log Σ_j exp(w_j + k·p_j) over the first n entries, one pass with a running maximum. */
export function logSumExpAffine(w: Float64Array, p: Float64Array, k: number, n: number): number {
  let m = -Infinity,
    s = 0
  for (let j = 0; j < n; j++) {
    const x = w[j] + k * p[j]
    if (x === -Infinity) continue
    if (x <= m) s += Math.exp(x - m)
    else {
      s = s * Math.exp(m - x) + 1
      m = x
    }
  }
  return m === -Infinity ? -Infinity : m + Math.log(s)
}
