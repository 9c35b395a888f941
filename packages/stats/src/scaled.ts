/**
 * The 'scaled' Beta-Binomial likelihood at large m = n − c, O(1) in n: q = s·r, r ~ Beta(a, b),
 *   P(c | n) = ∫₀¹ Bin(c; n, s·r) · r^(a−1)(1−r)^(b−1)/B(a, b) dr        (Euler's integral, DLMF 15.6.1)
 * written around the binomial's peak p̂ = c/n so that no huge terms cancel:
 *   log Bin(c; n, q) = L0 + D(q),
 *   L0 = log Bin(c; n, p̂) = −½ log(2π c m/n) + corr(n) − corr(c) − corr(m)   (Stirling, DLMF 5.11.1, exact with
 *        the remainder corr),
 *   D(q) = c·φ((q − p̂)/p̂) + m·φ(−(q − p̂)/(1 − p̂)) ≤ 0,  φ(t) = log1p(t) − t
 * (the first-order terms of the two logarithms cancel exactly: c/p̂ = m/(1 − p̂) = n). The remaining integral of an
 * O(1) integrand is split at the peak and at multiples of its width: 12-point Gauss–Legendre on the inner pieces,
 * tanh-sinh (Takahasi & Mori 1974) on the two that reach 0 or 1, in log space, with node distances to the piece
 * ends computed directly (so endpoint singularities r^(a−1), (1−r)^(b−1) and widths ~1/√n lose nothing); pieces
 * e^−80 below the peak are skipped. ~1e-14 relative against the exact finite sum at small n and mpmath at n = 1e9
 * (large-n.test.ts).
 */
import { lgamma, lbeta, logGammaRatio, logSumExp } from './special.js'

const LN_2PI = 1.8378770664093453

/** φ(t) = log(1 + t) − t for t > −1, by its alternating (t > 0) or same-sign (t < 0) series for |t| ≤ 0.1. */
export function log1pmx(t: number): number {
  if (Math.abs(t) > 0.1) return Math.log1p(t) - t
  let term = -t * t,
    sum = 0
  for (let j = 2; j < 40; j++) {
    const v = term / j
    sum += v
    if (Math.abs(v) <= 1e-17 * Math.abs(sum)) break
    term *= -t
  }
  return sum
}

/** Stirling remainder lgamma(x) − [(x − ½)log x − x + ½ log 2π], any x > 0 (series from 10, lgamma below). */
function corr(x: number): number {
  if (x >= 10) {
    const r = 1 / x,
      r2 = r * r
    return r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360))))))
  }
  return lgamma(x) - ((x - 0.5) * Math.log(x) - x + 0.5 * LN_2PI)
}

/** log Bin(c; n, c/n), the binomial pmf at its own mode, for integers 0 ≤ c ≤ n. */
function logBinAtMode(n: number, c: number): number {
  const m = n - c
  if (c === 0 || m === 0) return 0
  if (c < 10 || m < 10) {
    const lo = Math.min(c, m),
      hi = n - lo
    // log n!/hi! − log lo! + lo·log(lo/n) + hi·log1p(−lo/n)
    return -logGammaRatio(hi + 1, lo) - lgamma(lo + 1) + lo * Math.log(lo / n) + hi * Math.log1p(-lo / n)
  }
  // log x! = (x + ½)log x − x + ½ log 2π + corr(x): the x log x and −x parts cancel exactly
  return -0.5 * (LN_2PI + Math.log(c) + Math.log(m) - Math.log(n)) + corr(n) - corr(c) - corr(m)
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))
}

/** Step of the tanh-sinh rule in t (errors ~e^(−π²/h) for integrands analytic in a strip around each piece). */
const DE_STEP = 1 / 12

interface DeTable {
  /** log[h·(π/2)·cosh t / cosh² u] per node (the piece's (hi − lo)/2 is added per piece). */
  logW: Float64Array
  /** log(1 + e^{−2u}) and log(1 + e^{2u}): r − lo = L/(1 + e^{−2u}), hi − r = L/(1 + e^{2u}). */
  spLo: Float64Array
  spHi: Float64Array
}

const TABLES = new Map<string, DeTable>()

/** Nodes of the rule for t ∈ [−K·h, K·h], computed once per (K, h). */
function deTable(K: number): DeTable {
  const key = `${K}:${DE_STEP}`
  let T = TABLES.get(key)
  if (T) return T
  const N = 2 * K + 1
  T = { logW: new Float64Array(N), spLo: new Float64Array(N), spHi: new Float64Array(N) }
  for (let i = -K; i <= K; i++) {
    const t = i * DE_STEP,
      u = (Math.PI / 2) * Math.sinh(t),
      au = Math.abs(u)
    // cosh² u = e^{2|u|}(1 + e^{−2|u|})²/4
    T.logW[i + K] =
      Math.log(DE_STEP * (Math.PI / 2) * Math.cosh(t)) - 2 * au - 2 * Math.log1p(Math.exp(-2 * au)) + 2 * Math.LN2
    T.spLo[i + K] = softplus(-2 * u)
    T.spHi[i + K] = softplus(2 * u)
  }
  TABLES.set(key, T)
  return T
}

/**
 * log ∫ over [lo, hi] ⊂ [0, 1] of exp(g) by tanh-sinh: r = lo + (hi − lo)·(1 + tanh u)/2, u = (π/2)·sinh t. g receives
 * log(r − lo) and log(hi − r) (accurate however small) and returns the log-integrand. The range of t follows the
 * weakest endpoint exponent `e` (integrand ~ distance^(e − 1)), so the tails left out are below e^−40.
 */
function logDE(lo: number, hi: number, e: number, g: (logDlo: number, logDhi: number) => number): number {
  const L = hi - lo
  if (!(L > 0)) return -Infinity
  const logL = Math.log(L),
    logHalfL = logL - Math.LN2
  const K = Math.ceil((Math.asinh(14 / Math.min(1, e)) + 0.5) / DE_STEP)
  const T = deTable(K)
  let mx = -Infinity
  const v = new Float64Array(T.logW.length)
  for (let i = 0; i < v.length; i++) {
    const x = logHalfL + T.logW[i] + g(logL - T.spLo[i], logL - T.spHi[i])
    v[i] = x
    if (x > mx) mx = x
  }
  if (!(mx > -Infinity)) return mx
  let sum = 0
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) sum += Math.exp(v[i] - mx)
  return mx + Math.log(sum)
}

/** Gauss–Legendre nodes and weights on [−1, 1] (Newton on P_n from the Tricomi start; Golub & Welsch 1969). */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n),
    w = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)),
      dp = 1
    for (let it = 0; it < 100; it++) {
      let p0 = 1,
        p1 = z
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k
        p0 = p1
        p1 = p2
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1)
      const dz = p1 / dp
      z -= dz
      if (Math.abs(dz) < 1e-16) break
    }
    x[i] = z
    w[i] = 2 / ((1 - z * z) * dp * dp)
  }
  return { x, w }
}

const GL = gaussLegendre(12)
const GL_LOGW = GL.w.map(Math.log)

/**
 * log ∫ over [lo, hi] of exp(g) for an integrand smooth on the closed piece (no endpoint singularity), by 12-point
 * Gauss–Legendre; g receives the node's offset from lo and from hi (both exact to rounding of the piece length).
 */
function logGL(lo: number, hi: number, g: (dlo: number, dhi: number) => number): number {
  const L = hi - lo,
    half = L / 2,
    logHalf = Math.log(half)
  let mx = -Infinity
  const v = new Float64Array(GL.x.length)
  for (let i = 0; i < v.length; i++) {
    const x = GL.x[i]
    const y = logHalf + GL_LOGW[i] + g(half * (1 + x), half * (1 - x))
    v[i] = y
    if (y > mx) mx = y
  }
  if (!(mx > -Infinity)) return mx
  let sum = 0
  for (let i = 0; i < v.length; i++) if (v[i] === v[i]) sum += Math.exp(v[i] - mx)
  return mx + Math.log(sum)
}

/**
 * log P(c | n) of the 'scaled' Beta-Binomial, binomial coefficient included: q = s·r, r ~ Beta(a, b), 0 < s < 1.
 * O(1) in n (about 2,000 integrand evaluations). Valid for every 0 ≤ c ≤ n; used above SCALED_SUM_TERMS.
 */
export function logScaledPmf(n: number, c: number, s: number, a: number, b: number): number {
  return logBinAtMode(n, c) + logScaledK(n, c, s, a, b) - lbeta(a, b)
}

/**
 * log ∫₀¹ exp(D(s·r))·r^(a−1)(1−r)^(b−1) dr (see header); `a` may carry an extra power of r (posterior moments:
 * E[s·r | n, c] = s·exp(K(a + 1) − K(a))).
 */
export function logScaledK(n: number, c: number, s: number, a: number, b: number): number {
  const m = n - c,
    ph = c / n,
    logS = Math.log(s)
  // D(s·r) from log r, log(1 − r) and the offset δ = r − r0 (exact 0 at the split point r0 = p̂/s)
  const D = (logR: number, log1mR: number, delta: number): number => {
    if (c === 0) {
      // m·log(1 − s·r)
      const r = Math.exp(logR)
      return r < 0.5 ? m * Math.log1p(-s * r) : m * Math.log(1 - s + s * Math.exp(log1mR))
    }
    if (m === 0) return c * (logS + logR)
    // q − p̂ = s·(r − r0) + (s·r0 − p̂); the second term is 0 when r0 = p̂/s (interior peak)
    const qd = s * delta + (r0 < 1 ? 0 : s - ph)
    return c * log1pmx(qd / ph) + m * log1pmx(-qd / (1 - ph))
  }
  const f = (logR: number, log1mR: number, delta: number) => D(logR, log1mR, delta) + (a - 1) * logR + (b - 1) * log1mR
  // centre r0 and width w of the peak in r
  let r0: number, w: number
  const rh = ph / s
  if (c === 0) {
    r0 = 0
    w = (a + 1) / (s * m + 1)
  } else if (rh < 1) {
    r0 = rh
    w = Math.sqrt((ph * (1 - ph)) / n) / s
  } else {
    r0 = 1
    const lam = c - (m * s) / (1 - s),
      curv = s * Math.sqrt(c / (s * s) + m / ((1 - s) * (1 - s)))
    w = 1 / (Math.max(lam, 0) + curv)
  }
  // split points r0 ± w·{1, 2.5, 4.5, 7, 10, 14} inside (0, 1), each with its offset from r0 held exactly (±k·w);
  // Gauss–Legendre on the inner pieces, tanh-sinh on the two that reach 0 or 1 (endpoint singularities)
  const pts: { r: number; d: number }[] = [
    { r: 0, d: -r0 },
    { r: 1, d: 1 - r0 },
  ]
  if (r0 > 0 && r0 < 1) pts.push({ r: r0, d: 0 })
  for (const k of [-14, -10, -7, -4.5, -2.5, -1, 1, 2.5, 4.5, 7, 10, 14]) {
    const r = r0 + k * w
    if (r > 0 && r < 1) pts.push({ r, d: k * w })
  }
  pts.sort((x, y) => x.r - y.r)
  const fAt = (r: number, d: number) => f(Math.log(r), Math.log1p(-r), d)
  const fPeak =
    r0 > 0 && r0 < 1
      ? fAt(r0, 0)
      : r0 === 0
        ? fAt(Math.min(w, 0.5), Math.min(w, 0.5))
        : fAt(1 - Math.min(w, 0.5), -Math.min(w, 0.5))
  const parts: number[] = []
  for (let i = 0; i + 1 < pts.length; i++) {
    const lo = pts[i].r,
      hi = pts[i + 1].r,
      dLo = pts[i].d,
      dHi = pts[i + 1].d
    if (!(hi > lo)) continue
    // a tail piece whose inner end is already e^−80 below the peak adds nothing (D falls monotonically away from
    // the peak; the endpoint factors r^(a−1), (1 − r)^(b−1) integrate to at most 1/a, 1/b)
    if (dLo > 0 && dLo > 2 * w && fAt(lo, dLo) < fPeak - 80) continue
    if (dHi < 0 && -dHi > 2 * w && fAt(hi, dHi) < fPeak - 80) continue
    if (lo > 0 && hi < 1) {
      parts.push(
        logGL(lo, hi, (dlo, dhi) => {
          const leftNear = dlo <= dhi
          const r = leftNear ? lo + dlo : hi - dhi
          return f(Math.log(r), leftNear ? Math.log1p(-r) : Math.log(1 - hi + dhi), leftNear ? dLo + dlo : dHi - dhi)
        }),
      )
      continue
    }
    // endpoint exponents: at 0 the integrand ~ r^(a + c − 1), at 1 ~ (1 − r)^(b − 1)
    const e = Math.min(lo === 0 ? a + c : 1, hi === 1 ? b : 1)
    parts.push(
      logDE(lo, hi, e, (logDlo, logDhi) => {
        // r, 1 − r and r − r0 from the distance to the nearer end of the piece, so none loses digits
        const leftNear = logDlo <= logDhi
        const dlo = Math.exp(logDlo),
          dhi = Math.exp(logDhi)
        const logR = lo === 0 ? logDlo : leftNear ? Math.log(lo + dlo) : Math.log(hi - dhi)
        const log1mR = hi === 1 ? logDhi : leftNear ? Math.log1p(-(lo + dlo)) : Math.log(1 - hi + dhi)
        return f(logR, log1mR, leftNear ? dLo + dlo : dHi - dhi)
      }),
    )
  }
  return logSumExp(parts)
}
