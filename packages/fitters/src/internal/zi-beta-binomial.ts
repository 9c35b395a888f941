/**
 * Zero-inflated Beta-Binomial MLE with an analytic gradient and Hessian (the backtest and the problem bootstrap
 * refit it thousands of times; the finite-difference Newton of beta-binomial's 'mixture' variant is ~20× slower).
 * Same model and likelihood as fitters/beta-binomial variant 'mixture' (tested to agree): with probability 1 − A a
 * problem is never solvable (q = 0, Levi's ceiling A, Levi 2024 Eq. 6; Verine et al. 2026's zero inflation),
 * otherwise q ~ Beta(a, b):
 *   c > 0:  ℓ = log A + L_c,                 L_c = log B(a+c, b+n−c) − log B(a, b)  (without C(n, c))
 *   c = 0:  ℓ = log(A·e^{L_0} + 1 − A) = log D
 * with ∂ℓ/∂A = (e^{L_0} − 1)/D, ∂ℓ/∂θ = π·∂L_0/∂θ (π = A·e^{L_0}/D, the posterior probability of solvable),
 * ∂²ℓ/∂A² = −(e^{L_0} − 1)²/D², ∂²ℓ/∂A∂θ = e^{L_0}·∂L_0/∂θ/D², ∂²ℓ/∂θ∂φ = π·∂²L_0/∂θ∂φ + π(1 − π)·∂L_0/∂θ·∂L_0/∂φ.
 * Derivatives of L in (a, b) are digamma/trigamma differences (Skellam 1948).
 */
import { special, type FitStatus } from '@passk/core'
import { betaBinomialLogKernelDerivs, betaBinomialLogKernels, fitMle, type MleResult } from '@passk/stats'

export interface ZiFit {
  A: number
  a: number
  b: number
  status: FitStatus
  message: string
  nll: number
  stdErr: (number | null)[]
  passAtK: (k: number) => number
}

/** Distinct (n, c) pairs with their multiplicities (all w > 0), in order of first appearance. */
export interface ZiGroups {
  n: ArrayLike<number>
  c: ArrayLike<number>
  w: ArrayLike<number>
}

/** Distinct (n, c) pairs with their multiplicities. */
function groups(n: ArrayLike<number>, c: ArrayLike<number>): ZiGroups {
  const key = new Map<number, number>(),
    gn: number[] = [],
    gc: number[] = [],
    gw: number[] = []
  for (let i = 0; i < n.length; i++) {
    if (!(n[i] > 0)) continue
    const k = n[i] * 4294967296 + c[i]
    let j = key.get(k)
    if (j === undefined) {
      j = gn.length
      key.set(k, j)
      gn.push(n[i])
      gc.push(c[i])
      gw.push(0)
    }
    gw[j]++
  }
  // typed arrays, as problem-refit.ts passes: one element kind for the likelihood loops
  return { n: Float64Array.from(gn), c: Float64Array.from(gc), w: Float64Array.from(gw) }
}

export interface ZiOptions {
  maxIterations?: number
  /**
   * Warm start [A, a, b] (e.g. the full-data fit, for bootstrap refits): tried first; the default starts only when
   * it does not converge.
   */
  start?: readonly number[]
}

export function ziBetaBinomialFit(n: ArrayLike<number>, c: ArrayLike<number>, opts: ZiOptions = {}): ZiFit {
  const best = ziFitGroups(groups(n, c), opts)
  if (best === null)
    return {
      A: NaN,
      a: NaN,
      b: NaN,
      status: 'failed',
      message: 'no start gave a finite likelihood',
      nll: NaN,
      stdErr: [null, null, null],
      passAtK: () => NaN,
    }
  const [A, a, b] = Array.from(best.theta)
  return {
    A,
    a,
    b,
    status: best.status,
    message: best.message,
    nll: best.nll,
    stdErr: best.stdErr,
    passAtK: ziPassAtKFn(A, a, b),
  }
}

/** pass@k = A·(1 − B(a, b+k)/B(a, b)) (Levi 2024 Eq. 6 with α = b, β = a) as a function of k; ρ(b, a) once. */
export function ziPassAtKFn(A: number, a: number, b: number): (k: number) => number {
  const r0 = special.logGammaRatio(b, a)
  return (k) => A * -Math.expm1(special.logGammaRatio(b + k, a) - r0)
}

/**
 * The MLE on grouped counts (distinct (n, c) with multiplicities w > 0): ziBetaBinomialFit's fit, exported for
 * bootstrap refits that reweight fixed groups. Null when no start gives a finite likelihood.
 */
export function ziFitGroups(G: ZiGroups, opts: ZiOptions = {}): MleResult | null {
  const J = G.n.length
  // log B(a+c, b+n−c)/B(a, b) of every pair at the current (a, b) (betaBinomialLogKernels: the same values as
  // betaBinomialLogKernel, with the (a, b)-only parts computed once)
  const L = new Float64Array(J)
  // L at the (a, b) of the last call: the Hessian after an accepted step, and the boundary probe of A, are at the
  // (a, b) the likelihood was just evaluated at
  let La0 = NaN,
    Lb0 = NaN
  const kernels = (a: number, b: number) => {
    if (a === La0 && b === Lb0) return
    betaBinomialLogKernels(G.n, G.c, a, b, L)
    La0 = a
    Lb0 = b
  }
  // ∂ and ∂² of every L_j in (a, b): betaBinomialLogKernelDerivs, five per pair
  const dL = new Float64Array(5 * J)
  const nll = (t: Float64Array) => {
    const A = t[0],
      a = t[1],
      b = t[2]
    const lA = Math.log(A),
      l1A = Math.log1p(-A)
    kernels(a, b)
    let s = 0
    for (let j = 0; j < J; j++) {
      const l = lA + L[j]
      s -= G.w[j] * (G.c[j] === 0 ? special.logAddExp(l, l1A) : l)
    }
    return s
  }
  const gradHess = (t: Float64Array, g: Float64Array, H: Float64Array) => {
    const A = t[0],
      a = t[1],
      b = t[2]
    let gA = 0,
      ga = 0,
      gb = 0,
      hAA = 0,
      hAa = 0,
      hAb = 0,
      haa = 0,
      hab = 0,
      hbb = 0
    kernels(a, b)
    betaBinomialLogKernelDerivs(G.n, G.c, a, b, dL)
    for (let j = 0; j < J; j++) {
      const w = G.w[j],
        cj = G.c[j],
        o = 5 * j
      const La = dL[o],
        Lb = dL[o + 1],
        Laa = dL[o + 2],
        Lbb = dL[o + 3],
        Lab = dL[o + 4]
      if (cj > 0) {
        gA += w / A
        ga += w * La
        gb += w * Lb
        hAA -= w / (A * A)
        haa += w * Laa
        hbb += w * Lbb
        hab += w * Lab
      } else {
        const e = Math.exp(L[j]),
          D = A * e + 1 - A,
          pi = (A * e) / D
        gA += (w * (e - 1)) / D
        ga += w * pi * La
        gb += w * pi * Lb
        hAA -= (w * (e - 1) ** 2) / (D * D)
        hAa += (w * e * La) / (D * D)
        hAb += (w * e * Lb) / (D * D)
        const v = pi * (1 - pi)
        haa += w * (pi * Laa + v * La * La)
        hbb += w * (pi * Lbb + v * Lb * Lb)
        hab += w * (pi * Lab + v * La * Lb)
      }
    }
    g[0] = -gA
    g[1] = -ga
    g[2] = -gb
    H[0] = -hAA
    H[1] = H[3] = -hAa
    H[2] = H[6] = -hAb
    H[4] = -haa
    H[5] = H[7] = -hab
    H[8] = -hbb
  }
  // Moment start for (a, b) on the solved problems' rates; A from the share of problems ever solved.
  let solved = 0,
    tot = 0,
    sm = 0
  for (let j = 0; j < J; j++) {
    tot += G.w[j]
    if (G.c[j] > 0) {
      solved += G.w[j]
      sm += (G.w[j] * G.c[j]) / G.n[j]
    }
  }
  const m = solved > 0 ? Math.min(Math.max(sm / solved, 1e-3), 0.999) : 0.01
  const A0 = Math.min(Math.max(solved / Math.max(tot, 1), 0.05), 0.99)
  const starts = [
    [Math.min(0.99, A0 + 0.05), m, 1 - m],
    [0.95, 0.5, 2],
    [0.8, 1, 1],
  ]
  let best: MleResult | null = null
  const w0 = opts.start
  if (w0 && w0.length === 3 && w0.every((v) => Number.isFinite(v) && v > 0) && w0[0] < 1) {
    const r = fitMle({ names: ['A', 'a', 'b'], bounds: ['unit', 'positive', 'positive'], nll, gradHess }, [...w0], {
      maxIterations: opts.maxIterations ?? 200,
    })
    // 'at-bound' too: the full-data fit often has A at 1 (no zero inflation); a resample then stays there.
    if ((r.status === 'converged' || r.status === 'at-bound') && Number.isFinite(r.nll)) best = r
  }
  for (const s of best ? [] : starts) {
    const r = fitMle({ names: ['A', 'a', 'b'], bounds: ['unit', 'positive', 'positive'], nll, gradHess }, s, {
      maxIterations: opts.maxIterations ?? 200,
    })
    if (Number.isFinite(r.nll) && (best === null || r.nll < best.nll - 1e-9)) best = r
  }
  return best
}
