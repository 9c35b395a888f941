/**
 * Beta-Binomial likelihood and maximum likelihood fit: the per-problem success-probability distribution
 * q ~ Beta(a, b) from per-problem (n_i, c_i) (all problems, including c = 0), with
 *   P(c | n) = C(n, c)·B(c+a, n−c+b)/B(a, b)    (beta-binomial; Skellam 1948),
 * written as log Γ ratios (logGammaRatio) so large n lose no digits and cost O(1) per problem. Variant
 * 'mixture' adds Levi's ceiling A (Levi 2024 Eq. 6): a fraction 1 − A of problems is never solved (q = 0).
 * Variant 'scaled' caps the success probability: q = s·r, r ~ Beta(a, b), s = pmax ∈ (0, 1), for which
 *   P(c | n) = C(n,c)·s^c·B(a+c, b)/B(a, b)·(1−s)^m·Σ_{j≤m} C(m,j)·(b)_j/(a+b+c)_j·(s/(1−s))^j, m = n − c
 * (Euler's integral for ₂F₁(−m, a+c; a+b+c; s) after Pfaff's transformation, which makes every
 * term positive, so the finite sum is evaluated by log-sum-exp without cancellation; see scaledLogSum).
 * Implied pass@k (closed form):  E[1 − (1 − q)^k] = A·(1 − B(a, b+k)/B(a, b)),  whose failure tail
 * is A·Γ(a+b)/Γ(b)·k^(−a): in Levi's notation (failure p = 1 − q ~ Beta(α, β)) α = b, β = a.
 * Problems are grouped by distinct (n, c), so the likelihood costs O(#distinct pairs) and a
 * bootstrap over problems reweights the groups (multinomial counts) instead of copying data.
 * The fitters/beta-binomial plugin (@passk/fitters) wraps this; evaluators use it for k > n.
 */
import { StatsError } from './errors.js'
import { fitMle, type MleResult, type MleStatus } from './mle.js'
import * as special from './special.js'
import { bootstrap, type IntRng } from './bootstrap.js'
import { logScaledK, logScaledPmf } from './scaled.js'
import { betaPassAtKFn } from './beta.js'

export type BetaBinomialVariant = 'plain' | 'mixture' | 'scaled'

export interface BetaBinomialOptions {
  variant?: BetaBinomialVariant
  /** Bootstrap refits over problems (0 = none); needs rng. */
  bootstrap?: number
  rng?: IntRng
  level?: number
  maxIterations?: number
  /**
   * Warm start (the variant's parameters, e.g. [a, b] for 'plain'): fit from this point first and use the default
   * multi-start only when that does not converge. Bootstrap refits pass the full-data estimate, as this function's own
   * bootstrap does; the likelihood is the same, so a converged warm start is the same optimum to the fit's tolerance.
   */
  start?: readonly number[]
  progress?: (done: number, total: number) => void
  checkAbort?: () => void
}

export interface BetaBinomialResult {
  variant: BetaBinomialVariant
  /** Beta(a, b) of the success probability (of solvable problems, for 'mixture'). */
  a: number
  b: number
  /** Fraction of solvable problems (1 unless 'mixture'). */
  A: number
  /** Cap on the success probability (1 unless 'scaled'). */
  pmax: number
  names: string[]
  values: number[]
  stdErr: (number | null)[]
  correlation: number[][] | null
  lower?: number[]
  upper?: number[]
  bootstrapSd?: number[]
  bootstrapFailures?: number
  status: MleStatus
  message: string
  iterations: number
  logLik: number
  aic: number
  problems: number
  /** Posterior mean success probability of each input problem, E[q | n_i, c_i]. */
  posteriorMean: Float64Array
  /** Implied pass@k = E[1 − (1 − q)^k] (closed form). */
  passAtK(k: number): number
}

/**
 * Distinct (n, c) pairs (all n > 0) with their multiplicities w: the likelihood depends on the data only through
 * these, so a bootstrap resample of problems is a new w on the same pairs.
 */
export interface CountGroups {
  n: Float64Array
  c: Float64Array
  w: Float64Array
}

interface Groups extends CountGroups {
  logChoose: Float64Array
  index: Int32Array
}

/** log C(n, c). */
function logChoose(n: number, c: number): number {
  return special.lgamma(n + 1) - special.lgamma(c + 1) - special.lgamma(n - c + 1)
}

function group(n: ArrayLike<number>, c: ArrayLike<number>): Groups {
  const key = new Map<string, number>(),
    gn: number[] = [],
    gc: number[] = [],
    gw: number[] = []
  const index = new Int32Array(n.length)
  for (let i = 0; i < n.length; i++) {
    const k = `${n[i]},${c[i]}`
    let j = key.get(k)
    if (j === undefined) {
      j = gn.length
      key.set(k, j)
      gn.push(n[i])
      gc.push(c[i])
      gw.push(0)
    }
    gw[j]++
    index[i] = j
  }
  const lch = Float64Array.from(gn, (nn, j) => logChoose(nn, gc[j]))
  // Float64 counts: exact to 2⁵³ (Int32 would wrap at 2³¹)
  return { n: Float64Array.from(gn), c: Float64Array.from(gc), w: Float64Array.from(gw), logChoose: lch, index }
}

/**
 * log P(c | n, a, b) without the binomial coefficient: log B(a+c, b+n−c)/B(a, b) = −ρ(a, c) − ρ(b, n−c) + ρ(a+b, n),
 * ρ = logGammaRatio; O(1) in n.
 */
export function betaBinomialLogKernel(n: number, c: number, a: number, b: number): number {
  return -special.logGammaRatio(a, c) - special.logGammaRatio(b, n - c) + special.logGammaRatio(a + b, n)
}

/**
 * betaBinomialLogKernel(n_j, c_j, a, b) of every pair j into out (only where w_j > 0 when w is given), bit for bit
 * the same values: the x-only parts of the three log Γ ratios are computed once per (a, b) and ρ(a+b, n) once per
 * run of equal n, so a likelihood over grouped counts costs ~2 lgamma per distinct pair instead of 6.
 */
export function betaBinomialLogKernels(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  a: number,
  b: number,
  out: Float64Array,
  w?: ArrayLike<number>,
): void {
  const ab = a + b,
    ga = special.logGammaRatioBase(a),
    gb = special.logGammaRatioBase(b),
    gab = special.logGammaRatioBase(ab)
  let lastN = NaN,
    rn = 0
  for (let j = 0; j < n.length; j++) {
    if (w && !(w[j] > 0)) continue
    const nj = n[j],
      cj = c[j]
    if (nj !== lastN) {
      lastN = nj
      rn = special.logGammaRatioAt(ab, gab, nj)
    }
    out[j] = -special.logGammaRatioAt(a, ga, cj) - special.logGammaRatioAt(b, gb, nj - cj) + rn
  }
}

function nllPlain(G: CountGroups, w: Float64Array, a: number, b: number, L: Float64Array): number {
  betaBinomialLogKernels(G.n, G.c, a, b, L, w)
  let s = 0
  for (let j = 0; j < G.n.length; j++) if (w[j] > 0) s -= w[j] * L[j]
  return s
}

function nllMixture(G: CountGroups, w: Float64Array, A: number, a: number, b: number, L: Float64Array): number {
  betaBinomialLogKernels(G.n, G.c, a, b, L, w)
  let s = 0
  const lA = Math.log(A),
    l1A = Math.log1p(-A)
  for (let j = 0; j < G.n.length; j++) {
    if (!(w[j] > 0)) continue
    const l = lA + L[j]
    s -= w[j] * (G.c[j] === 0 ? special.logAddExp(l, l1A) : l)
  }
  return s
}

/** Scratch of betaBinomialLogKernelDerivs' digammaTrigamma calls. */
const DT = new Float64Array(2)

/**
 * First and second derivatives in (a, b) of ℓ_j = log B(a + c_j, b + n_j − c_j)/B(a, b) (betaBinomialLogKernel) for
 * every pair j, five per pair into out[5j…5j+4] = ∂aℓ, ∂bℓ, ∂²aℓ, ∂²bℓ, ∂a∂bℓ (only where w_j > 0 when w is given):
 *   ∂aℓ = ψ(a+c) − ψ(a) − ψ(n+a+b) + ψ(a+b),   ∂²aℓ = ψ′(a+c) − ψ′(a) − ψ′(n+a+b) + ψ′(a+b),
 *   ∂a∂bℓ = ψ′(a+b) − ψ′(n+a+b)
 * (b alike with n − c), the ψ(a+c) − ψ(a) terms 0 when c = 0. ψ(n+a+b), ψ′(n+a+b) are computed once per run of equal
 * n. The gradient/Hessian kernel of the beta-binomial and zero-inflated likelihoods.
 */
export function betaBinomialLogKernelDerivs(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  a: number,
  b: number,
  out: Float64Array,
  w?: ArrayLike<number>,
): void {
  // ψ and ψ′ at one argument in one pass (special.digammaTrigamma: the same values as digamma, trigamma)
  const dt = DT
  special.digammaTrigamma(a + b, dt)
  const pab = dt[0],
    tab = dt[1]
  special.digammaTrigamma(a, dt)
  const pa = dt[0],
    ta = dt[1]
  special.digammaTrigamma(b, dt)
  const pb = dt[0],
    tb = dt[1]
  let lastN = NaN,
    pn = 0,
    tn = 0
  for (let j = 0; j < n.length; j++) {
    if (w && !(w[j] > 0)) continue
    const nj = n[j],
      cj = c[j]
    if (nj !== lastN) {
      lastN = nj
      special.digammaTrigamma(nj + a + b, dt)
      pn = dt[0]
      tn = dt[1]
    }
    let pc = 0,
      tc = 0,
      pm = 0,
      tm = 0
    if (cj > 0) {
      special.digammaTrigamma(cj + a, dt)
      pc = dt[0] - pa
      tc = dt[1] - ta
    }
    if (nj - cj > 0) {
      special.digammaTrigamma(nj - cj + b, dt)
      pm = dt[0] - pb
      tm = dt[1] - tb
    }
    const o = 5 * j
    out[o] = pc - pn + pab
    out[o + 1] = pm - pn + pab
    out[o + 2] = tc - tn + tab
    out[o + 3] = tm - tn + tab
    out[o + 4] = -tn + tab
  }
}

/** Scratch of gradHessPlain: betaBinomialLogKernelDerivs of every pair (grown as needed). */
let DERIVS = new Float64Array(0)

/** Analytic gradient/Hessian of the plain NLL in (a, b) via digamma/trigamma. */
function gradHessPlain(G: CountGroups, w: Float64Array, a: number, b: number, g: Float64Array, H: Float64Array): void {
  if (DERIVS.length < 5 * G.n.length) DERIVS = new Float64Array(5 * G.n.length)
  const d = DERIVS
  betaBinomialLogKernelDerivs(G.n, G.c, a, b, d, w)
  let ga = 0,
    gb = 0,
    haa = 0,
    hbb = 0,
    hab = 0
  for (let j = 0; j < G.n.length; j++) {
    const wj = w[j]
    if (!(wj > 0)) continue
    const o = 5 * j
    ga += wj * d[o]
    gb += wj * d[o + 1]
    haa += wj * d[o + 2]
    hbb += wj * d[o + 3]
    hab += wj * d[o + 4]
  }
  g[0] = -ga
  g[1] = -gb
  H[0] = -haa
  H[1] = -hab
  H[2] = -hab
  H[3] = -hbb
}

/** log Σ_{j≤m} C(m,j)·(b)_j/(d)_j·t^j (all terms positive), by a running log-term and log-sum-exp. */
function logPfaffSum(m: number, b: number, d: number, logT: number): number {
  let lt = 0,
    mx = 0
  const terms = new Float64Array(m + 1)
  for (let j = 0; j <= m; j++) {
    if (j > 0) lt += Math.log((m - j + 1) / j) + Math.log((b + j - 1) / (d + j - 1)) + logT
    terms[j] = lt
    if (lt > mx) mx = lt
  }
  let sum = 0
  for (let j = 0; j <= m; j++) sum += Math.exp(terms[j] - mx)
  return mx + Math.log(sum)
}

/** log P(c | n) without C(n, c) for q = s·r, r ~ Beta(a, b) (see header). */
function logScaled(n: number, c: number, s: number, a: number, b: number): number {
  if (scaledFull(n, c)) return logScaledPmf(n, c, s, a, b) - logChoose(n, c)
  const m = n - c,
    logT = Math.log(s) - Math.log1p(-s)
  return (
    c * Math.log(s) -
    special.logGammaRatio(a, c) +
    special.logGammaRatio(a + b, c) +
    m * Math.log1p(-s) +
    logPfaffSum(m, b, a + b + c, logT)
  )
}

/**
 * Largest m = n − c for which the 'scaled' likelihood is the exact finite Pfaff sum (m + 1 terms); above, the O(1)
 * quadrature of scaled.ts (logScaledPmf), which includes the binomial coefficient and so keeps full relative accuracy
 * where the sum without it is a number of size ~n.
 */
export const SCALED_SUM_TERMS = 2000

/** Whether group j's 'scaled' likelihood term is the full log pmf (binomial coefficient included). */
function scaledFull(n: number, c: number): boolean {
  return n - c > SCALED_SUM_TERMS
}

function nllScaled(G: CountGroups, w: Float64Array, s: number, a: number, b: number): number {
  let t = 0
  for (let j = 0; j < G.n.length; j++)
    if (w[j] > 0)
      t -=
        w[j] * (scaledFull(G.n[j], G.c[j]) ? logScaledPmf(G.n[j], G.c[j], s, a, b) : logScaled(G.n[j], G.c[j], s, a, b))
  return t
}

function momentStart(G: CountGroups, w: Float64Array): [number, number] {
  // Method of moments on per-problem rates (Kleinman 1973 style, unweighted): mean m, variance v.
  let sw = 0,
    sm = 0
  for (let j = 0; j < G.n.length; j++)
    if (G.n[j] > 0) {
      sw += w[j]
      sm += (w[j] * G.c[j]) / G.n[j]
    }
  const m = Math.min(Math.max(sm / sw, 1e-3), 1 - 1e-3)
  let sv = 0,
    inv = 0
  for (let j = 0; j < G.n.length; j++)
    if (G.n[j] > 0) {
      sv += w[j] * (G.c[j] / G.n[j] - m) ** 2
      inv += w[j] / G.n[j]
    }
  const v = sv / sw,
    vb = (m * (1 - m) * inv) / sw
  // Var(rate) = m(1−m)[ρ + (1−ρ)/n]; solve for ρ = 1/(a+b+1) roughly.
  const rho = Math.min(Math.max((v - vb) / Math.max(m * (1 - m) - vb, 1e-12), 1e-3), 0.99)
  const s = 1 / rho - 1
  return [m * s, (1 - m) * s]
}

function fitOnce(
  G: CountGroups,
  w: Float64Array,
  variant: BetaBinomialVariant,
  start: number[],
  maxIterations: number,
): MleResult {
  const L = new Float64Array(G.n.length)
  if (variant === 'plain') {
    return fitMle(
      {
        names: ['a', 'b'],
        bounds: ['positive', 'positive'],
        nll: (t) => nllPlain(G, w, t[0], t[1], L),
        gradHess: (t, g, H) => gradHessPlain(G, w, t[0], t[1], g, H),
      },
      start,
      { maxIterations },
    )
  }
  if (variant === 'scaled')
    return fitMle(
      {
        names: ['pmax', 'a', 'b'],
        bounds: ['unit', 'positive', 'positive'],
        nll: (t) => nllScaled(G, w, t[0], t[1], t[2]),
      },
      start,
      { maxIterations },
    )
  return fitMle(
    {
      names: ['A', 'a', 'b'],
      bounds: ['unit', 'positive', 'positive'],
      nll: (t) => nllMixture(G, w, t[0], t[1], t[2], L),
    },
    start,
    { maxIterations },
  )
}

/**
 * The MLE on grouped counts (all weights > 0): from opts.start when it converges, else the best of three starts
 * (moments, (1, 1), (0.3, 0.3), each with the ceiling or cap for 'mixture' and 'scaled'). betaBinomialFit's own
 * fit; exported for bootstrap refits that reweight fixed groups (a resample of problems is a new G.w). Null when no
 * start gives a finite likelihood.
 */
export function betaBinomialFitGroups(
  G: CountGroups,
  variant: BetaBinomialVariant,
  opts: { start?: readonly number[]; maxIterations?: number; checkAbort?: () => void } = {},
): MleResult | null {
  const maxIt = opts.maxIterations ?? 200,
    dim = variant === 'plain' ? 2 : 3
  let best: MleResult | null = null
  if (opts.start && opts.start.length === dim && opts.start.every((v) => Number.isFinite(v) && v > 0)) {
    const r = fitOnce(G, G.w, variant, [...opts.start], maxIt)
    if (r.status === 'converged' && Number.isFinite(r.nll)) return r
  }
  const [a0, b0] = momentStart(G, G.w)
  let maxRate = 0
  for (let j = 0; j < G.n.length; j++) maxRate = Math.max(maxRate, G.c[j] / G.n[j])
  const s0 = Math.min(Math.max(maxRate, 0.05), 0.98)
  const starts: number[][] =
    variant === 'plain'
      ? [
          [a0, b0],
          [1, 1],
          [0.3, 0.3],
        ]
      : variant === 'mixture'
        ? [
            [0.95, a0, b0],
            [0.8, 1, 1],
            [0.5, 0.3, 0.3],
          ]
        : [
            [s0, a0, b0],
            [s0, 1, 1],
            [Math.min(0.99, 0.5 * (1 + s0)), 0.5, 0.5],
          ]
  for (const s of starts) {
    opts.checkAbort?.()
    const r = fitOnce(G, G.w, variant, s, maxIt)
    if (
      Number.isFinite(r.nll) &&
      (best === null ||
        r.nll < best.nll - 1e-9 ||
        (r.nll <= best.nll + 1e-9 && best.status !== 'converged' && r.status === 'converged'))
    )
      best = r
  }
  return best
}

/**
 * MLE of Beta(a, b) (and the ceiling A for variant 'mixture') from per-problem attempts n and
 * successes c. Problems with n = 0 carry no information and are ignored. Throws StatsError (a caller in a
 * plugin wraps it as PasskError, same code and hint) on
 * malformed input (lengths, negative or non-integer counts, c > n).
 */
export function betaBinomialFit(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  opts: BetaBinomialOptions = {},
): BetaBinomialResult {
  const variant = opts.variant ?? 'plain',
    maxIt = opts.maxIterations ?? 200
  if (n.length !== c.length)
    throw new StatsError(
      'PASSK_BAD_INPUT',
      `betaBinomialFit: n has ${n.length} problems, c has ${c.length}.`,
      'Pass one attempt count and one success count per problem.',
    )
  const nn: number[] = [],
    cc: number[] = [],
    keep: number[] = []
  for (let i = 0; i < n.length; i++) {
    if (!Number.isInteger(n[i]) || !Number.isInteger(c[i]) || n[i] < 0 || c[i] < 0 || c[i] > n[i])
      throw new StatsError(
        'PASSK_BAD_INPUT',
        `betaBinomialFit: problem ${i} has n = ${n[i]}, c = ${c[i]} (need integers 0 ≤ c ≤ n).`,
        'Check the outcome counts of that problem.',
      )
    if (n[i] > 0) {
      nn.push(n[i])
      cc.push(c[i])
      keep.push(i)
    }
  }
  if (nn.length === 0)
    throw new StatsError(
      'PASSK_EMPTY_INPUT',
      'betaBinomialFit: no problem has any attempts (all n = 0).',
      'Feed outcomes with at least one attempt per problem.',
    )
  const G = group(nn, cc)
  const best = betaBinomialFitGroups(G, variant, {
    maxIterations: maxIt,
    ...(opts.start ? { start: opts.start } : {}),
    ...(opts.checkAbort ? { checkAbort: opts.checkAbort } : {}),
  })
  const r = best!
  const names = variant === 'plain' ? ['a', 'b'] : variant === 'mixture' ? ['A', 'a', 'b'] : ['pmax', 'a', 'b']
  const th = Array.from(r.theta)
  const A = variant === 'mixture' ? th[0] : 1,
    pmax = variant === 'scaled' ? th[0] : 1
  const a = th[variant === 'plain' ? 0 : 1],
    b = th[variant === 'plain' ? 1 : 2]
  let sumLogChoose = 0
  for (let j = 0; j < G.n.length; j++)
    if (!(variant === 'scaled' && scaledFull(G.n[j], G.c[j]))) sumLogChoose += G.w[j] * G.logChoose[j]
  const logLik = -r.nll + sumLogChoose
  const out: BetaBinomialResult = {
    variant,
    a,
    b,
    A,
    pmax,
    names,
    values: th,
    stdErr: r.stdErr,
    correlation: r.correlation,
    status: r.status,
    message: r.message,
    iterations: r.iterations,
    logLik,
    aic: 2 * names.length - 2 * logLik,
    problems: nn.length,
    posteriorMean: new Float64Array(n.length).fill(NaN),
    passAtK:
      variant === 'scaled'
        ? (k: number) => (k > 2e5 ? NaN : 0 - Math.expm1(logScaled(Math.floor(k), 0, pmax, a, b)))
        : betaPassAtKFn(a, b, A),
  }
  // Posterior means; for the mixture a c = 0 problem is solvable with posterior probability π.
  for (let i = 0; i < n.length; i++) {
    const ni = n[i],
      ci = c[i]
    let m = (ci + a) / (ni + a + b)
    if (variant === 'scaled') {
      // E[s·r | n, c] = s·(a+c)/(a+b+c)·S(a+1)/S(a), S = the Pfaff sum of the likelihood.
      const lt = Math.log(pmax) - Math.log1p(-pmax)
      m = scaledFull(ni, ci)
        ? pmax * Math.exp(logScaledK(ni, ci, pmax, a + 1, b) - logScaledK(ni, ci, pmax, a, b))
        : ((pmax * (ci + a)) / (a + b + ci)) *
          Math.exp(logPfaffSum(ni - ci, b, a + b + ci + 1, lt) - logPfaffSum(ni - ci, b, a + b + ci, lt))
    }
    if (variant === 'mixture' && ci === 0) {
      const l = Math.log(A) + betaBinomialLogKernel(ni, 0, a, b)
      m *= Math.exp(l - special.logAddExp(l, Math.log1p(-A)))
    }
    out.posteriorMean[i] = m
  }
  if ((opts.bootstrap ?? 0) > 0 && Number.isFinite(r.nll)) {
    if (!opts.rng)
      throw new StatsError(
        'PASSK_USAGE',
        'betaBinomialFit: bootstrap needs opts.rng.',
        'Pass ctx.rng (or createRng(seed)) for reproducible resampling.',
      )
    const w = new Float64Array(G.n.length)
    const bs = bootstrap(
      nn.length,
      names.length,
      (counts) => {
        w.fill(0)
        for (let i = 0; i < counts.length; i++) if (counts[i]) w[G.index[i]] += counts[i]
        const q = fitOnce(G, w, variant, th, maxIt)
        return q.status === 'converged' ? q.theta : null
      },
      {
        reps: opts.bootstrap!,
        rng: opts.rng,
        level: opts.level ?? 0.95,
        ...(opts.progress ? { progress: opts.progress } : {}),
        ...(opts.checkAbort ? { checkAbort: opts.checkAbort } : {}),
      },
    )
    out.lower = bs.lower
    out.upper = bs.upper
    out.bootstrapSd = bs.sd
    out.bootstrapFailures = bs.failed
  }
  return out
}

/**
 * log P(c | n) of one problem under the fitted model: plain (A = pmax = 1), Levi's ceiling A
 * ('mixture') or a success cap pmax ('scaled'); includes the binomial coefficient.
 */
export function betaBinomialLogPmf(
  n: number,
  c: number,
  a: number,
  b: number,
  o: { A?: number; pmax?: number } = {},
): number {
  if (!(Number.isInteger(n) && Number.isInteger(c) && c >= 0 && c <= n) || !(a > 0) || !(b > 0)) return NaN
  const lc = special.lgamma(n + 1) - special.lgamma(c + 1) - special.lgamma(n - c + 1)
  if (o.pmax !== undefined && o.pmax < 1)
    return scaledFull(n, c) ? logScaledPmf(n, c, o.pmax, a, b) : lc + logScaled(n, c, o.pmax, a, b)
  const l = betaBinomialLogKernel(n, c, a, b)
  if (o.A !== undefined && o.A < 1)
    return lc + (c === 0 ? special.logAddExp(Math.log(o.A) + l, Math.log1p(-o.A)) : Math.log(o.A) + l)
  return lc + l
}
