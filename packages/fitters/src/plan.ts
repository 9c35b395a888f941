/**
 * fitters/plan: where to spend the next B attempts so that the interval on pass@K shrinks the most (issue 14 §4).
 *
 * Model (empirical Bayes, as in Kazdan et al. 2025 "Efficient Prediction of Pass@k Scaling in LLMs", §Beta-Binomial
 * estimation): per-problem success probabilities p_i ~ Beta(a, b), with (a, b) the Beta-Binomial MLE on all the
 * problems of the series. Given the observed (n_i, c_i) the posterior of p_i is Beta(α_i, β_i) = Beta(a + c_i,
 * b + n_i − c_i) (Levi 2024 Eq. 6), independently across problems. The quantity planned for is pass@K of this
 * problem set, π_K = 1 − (1/N)·Σ f_i with f_i = (1 − p_i)^K, valid for any K (also K > n_i: it is the model-based
 * pass@K, not the unbiased estimator, which needs K ≤ n_i). Its posterior variance is
 *   Var[π_K | data] = (1/N²)·Σ V_i,   V_i = Var[f_i] = E[(1−p)^{2K}] − E[(1−p)^K]²,
 *   E[(1 − p)^K] = B(α, β + K)/B(α, β) = Γ(β+K)Γ(α+β)/(Γ(β)Γ(α+β+K))      (Levi 2024 Eq. 6 with s = K).
 *
 * Preposterior analysis: a_i more attempts on problem i give s ~ BetaBinomial(a_i, α_i, β_i) successes, after which
 * the posterior is Beta(α_i + s, β_i + a_i − s). By the law of total variance the expected posterior variance is
 *   E_s[Var(f_i | s)] = V_i − R_i(a_i),   R_i(m) = Var_s(E[f_i | s])  (the expected variance reduction),
 * computed here exactly by summing over s = 0…m (a thinned grid for the middle of s when m > EXACT_MAX). Since the
 * problems' posteriors are independent given (a, b), the expected posterior variance of π_K after the plan is
 * (1/N²)·Σ (V_i − R_i(a_i)): minimising it over integer a_i ≥ 0 with Σ a_i = B is the separable resource-allocation
 * problem max Σ R_i(a_i).
 *
 * Why greedy is (near-)optimal: when every R_i is concave in m (diminishing returns — for the mean p itself
 * R(m) = Var(p)·m/(α+β+m), exactly concave; for (1 − p)^K it is concave once m is past a few attempts), marginal
 * allocation — repeatedly give the next attempt to the problem with the largest gain R_i(a_i + 1) − R_i(a_i) — is
 * exactly optimal (Gross 1956; Fox 1966, "Discrete optimization via marginal analysis"): any allocation can be
 * improved by moving an attempt from a smaller to a larger marginal gain, and with concave R_i the greedy order
 * realises the B largest marginal gains over all problems. Two departures, both bounded:
 *   - attempts go in chunks of q = ⌈B / min(16·N, 20 000)⌉ (q = 1 for the budgets of a typical eval); with concave R_i
 *     the result is optimal on the lattice of multiples of q and loses at most one chunk's gain per problem;
 *   - R_i can be convex at first for hard problems and large K (a few attempts teach little about (1 − p)^K), where a
 *     one-step greedy is myopic; the priority of a problem is therefore its best average gain over a lookahead of
 *     q, 2q, … 32q attempts (the slope of the upper concave envelope of R_i over that window).
 * The hyperparameters (a, b) are held at their estimate: their own uncertainty mostly shrinks with more problems,
 * not with more attempts on the same problems, so it is reported (passk plan --bootstrap) but not planned for.
 *
 * Baselines: 'uniform' (⌊B/N⌋ each, the remainder to seeded random problems) and 'kazdan' — Kazdan et al.'s dynamic
 * sampling, which spends more of the budget on the hardest problems (few or no successes so far). Offline, before the
 * new outcomes are seen, we apply it as attempts ∝ 1/(1 + c_i) (largest-remainder rounding, seeded ties): problems
 * without a success get the most. This is our reading of the heuristic, not the paper's code.
 */
import { PasskError, type FitStatus } from '@passk/core'
import { special, betaBinomialLogKernel } from '@passk/stats'
import { betaBinomialFit } from './beta-binomial.js'

export const PLAN_STRATEGIES = ['optimal', 'kazdan', 'uniform'] as const
export type PlanStrategy = (typeof PLAN_STRATEGIES)[number]

/** Largest target K accepted: beyond it pass@K is the solvable fraction to many digits and the plan is moot. */
export const PLAN_MAX_K = 1e9
/** Largest budget accepted (attempts are Int32 counts, like the logs' n; the planner's cost grows with N, not B). */
export const PLAN_MAX_BUDGET = 1e9
/** R_i(m) is an exact sum over s = 0…m up to this m; above it the middle of s is summed on a thinned grid. */
export const EXACT_MAX = 1024
const EDGE = 128
const MIDDLE_POINTS = 512
const LOOKAHEAD = [1, 2, 4, 8, 16, 32]
/** Below this posterior s.d. of pass@K the variance criterion cannot rank problems (see planAttempts). */
const DEGENERATE_SD = 1e-9

/** Anything with an integer draw: @passk/core's Rng. */
export interface PlanRng {
  int(n: number): number
}

export interface PlanOptions {
  /** Extra attempts to allocate (a positive integer). */
  budget: number
  /** Target K of pass@K (integer ≥ 1; may exceed every n_i). */
  k: number
  strategy?: PlanStrategy
  /** Seeded tie-breaking for 'uniform' and 'kazdan' (without it ties go to the first problems). */
  rng?: PlanRng
  /** Beta(a, b) prior of the success probabilities; default the Beta-Binomial MLE on (n, c). */
  prior?: { a: number; b: number }
  /** Interval level for the widths (default 0.95, normal approximation of the posterior of pass@K). */
  level?: number
  progress?: (done: number, total: number) => void
}

export interface AttemptPlan {
  strategy: PlanStrategy
  budget: number
  k: number
  problems: number
  /** Extra attempts per problem (integers ≥ 0, summing to budget). */
  attempts: Int32Array
  /** The prior used, and the status of its fit ('given' when supplied). */
  prior: { a: number; b: number; status: FitStatus | 'given'; message: string }
  /** Posterior-mean pass@K now: 1 − (1/N)·Σ E[f_i]. */
  passAtK: number
  /** Posterior s.d. of pass@K now, and expected after the plan's attempts (given the prior). */
  sdBefore: number
  sdAfter: number
  /** Interval widths 2·z·sd at `level` (normal approximation). */
  widthBefore: number
  widthAfter: number
  /** The normal quantile of the widths: width = 2·z·sd. */
  z: number
  level: number
  /** Set when the plan departs from the strategy asked for (a degenerate prior), with the reason. */
  note?: string
}

const rho = special.logGammaRatio // ρ(x, d) = log Γ(x)/Γ(x + d)

/** log E[(1 − p)^K] for p ~ Beta(α, β): log Γ(β+K)/Γ(β) − log Γ(α+β+K)/Γ(α+β) (Levi 2024 Eq. 6). */
export function logFailMoment(alpha: number, beta: number, k: number): number {
  return rho(alpha + beta, k) - rho(beta, k)
}

/** V = Var[(1 − p)^K] for p ~ Beta(α, β), as m1²·expm1(log m2 − 2·log m1) (no cancellation when V ≪ m1²). */
export function failVariance(alpha: number, beta: number, k: number): number {
  const l1 = logFailMoment(alpha, beta, k),
    l2 = logFailMoment(alpha, beta, 2 * k)
  return Math.max(0, Math.exp(2 * l1) * Math.expm1(l2 - 2 * l1))
}

/** The s values (and their quadrature weights) R(m) sums over: all of 0…m, or the edges plus a thinned middle. */
function sGrid(m: number): { s: Float64Array; w: Float64Array } {
  if (m <= EXACT_MAX)
    return { s: Float64Array.from({ length: m + 1 }, (_, i) => i), w: new Float64Array(m + 1).fill(1) }
  const s: number[] = [],
    w: number[] = []
  for (let i = 0; i < EDGE; i++) {
    s.push(i)
    w.push(1)
  }
  // middle EDGE − ½ … m − EDGE + ½ by a midpoint rule in real s (the pmf and E[f | s] are smooth in s: Γ functions),
  // on cells even in log s (lower half) and log(m − s) (upper half), fine where the pmf is steep (s^(α−1) near 0)
  const lo = EDGE - 0.5,
    mid = m / 2
  const half = MIDDLE_POINTS / 2
  const dt = Math.log(mid / lo) / half
  for (let j = 0; j < half; j++) {
    const x = lo * Math.exp((j + 0.5) * dt)
    s.push(x)
    w.push(x * dt)
  }
  for (let j = half - 1; j >= 0; j--) {
    const x = lo * Math.exp((j + 0.5) * dt)
    s.push(m - x)
    w.push(x * dt)
  }
  for (let i = m - EDGE + 1; i <= m; i++) {
    s.push(i)
    w.push(1)
  }
  return { s: Float64Array.from(s), w: Float64Array.from(w) }
}

/**
 * R(m) = Var_s(E[(1 − p)^K | s]) with s ~ BetaBinomial(m, α, β): the expected reduction of Var[(1 − p)^K] from m more
 * attempts (preposterior analysis). E[(1−p)^K | s] = B(α+s, β+m−s+K)/B(α+s, β+m−s); weights
 * P(s) = C(m, s)·B(α+s, β+m−s)/B(α, β). Exact for m ≤ EXACT_MAX.
 */
export function varianceReduction(alpha: number, beta: number, m: number, k: number): number {
  if (m <= 0) return 0
  const { s, w } = sGrid(m)
  const L = s.length
  const lw = new Float64Array(L),
    g = new Float64Array(L)
  const lgm = special.lgamma(m + 1)
  const top = rho(alpha + beta + m, k)
  let max = -Infinity
  for (let j = 0; j < L; j++) {
    const sj = s[j]
    lw[j] =
      Math.log(w[j]) +
      lgm -
      special.lgamma(sj + 1) -
      special.lgamma(m - sj + 1) +
      betaBinomialLogKernel(m, sj, alpha, beta)
    if (lw[j] > max) max = lw[j]
    g[j] = Math.exp(top - rho(beta + m - sj, k))
  }
  let W = 0,
    mean = 0
  for (let j = 0; j < L; j++) {
    lw[j] = Math.exp(lw[j] - max)
    W += lw[j]
    mean += lw[j] * g[j]
  }
  mean /= W
  let v = 0
  for (let j = 0; j < L; j++) v += lw[j] * (g[j] - mean) * (g[j] - mean)
  return v / W
}

/** Expected posterior s.d. of pass@K after `attempts[i]` more attempts on problem i, given the prior (a, b). */
export function expectedPosteriorSd(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  attempts: ArrayLike<number> | null,
  a: number,
  b: number,
  k: number,
): number {
  const N = n.length
  let v = 0
  for (let i = 0; i < N; i++) {
    const al = a + c[i],
      be = b + n[i] - c[i]
    const V = failVariance(al, be, k)
    const m = attempts ? attempts[i] : 0
    v += m > 0 ? Math.max(0, V - varianceReduction(al, be, m, k)) : V
  }
  return Math.sqrt(v) / N
}

function normalQuantile(p: number): number {
  // Acklam's rational approximation (|error| < 1.2e-9), enough for an interval width
  const A = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ]
  const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const C = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ]
  const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const lo = 0.02425
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    )
  }
  if (p > 1 - lo) return -normalQuantile(1 - p)
  const q = p - 0.5,
    r = q * q
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  )
}

/** Largest-remainder apportionment of B in proportion to weights; ties in the remainder broken by rng (else index). */
function apportion(weights: ArrayLike<number>, B: number, rng?: PlanRng): Int32Array {
  const N = weights.length
  let W = 0
  for (let i = 0; i < N; i++) W += weights[i]
  const out = new Int32Array(N)
  const rem: { i: number; r: number; t: number }[] = []
  let used = 0
  for (let i = 0; i < N; i++) {
    const x = (B * weights[i]) / W
    const f = Math.floor(x)
    out[i] = f
    used += f
    rem.push({ i, r: x - f, t: rng ? rng.int(2 ** 31) : i })
  }
  rem.sort((p, q) => q.r - p.r || p.t - q.t || p.i - q.i)
  // floating rounding can leave used off by one either way; hand out (or take back) the difference by remainder
  for (let j = 0; used < B; j = (j + 1) % N) {
    out[rem[j].i]++
    used++
  }
  for (let j = N - 1; used > B; j = (j - 1 + N) % N)
    if (out[rem[j].i] > 0) {
      out[rem[j].i]--
      used--
    }
  return out
}

/** Binary max-heap of (priority, index); ties go to the smaller index (deterministic). */
class Heap {
  private p: number[] = []
  private i: number[] = []
  get size() {
    return this.p.length
  }
  private above(x: number, y: number) {
    return this.p[x] > this.p[y] || (this.p[x] === this.p[y] && this.i[x] < this.i[y])
  }
  private swap(x: number, y: number) {
    ;[this.p[x], this.p[y]] = [this.p[y], this.p[x]]
    ;[this.i[x], this.i[y]] = [this.i[y], this.i[x]]
  }
  push(priority: number, index: number) {
    this.p.push(priority)
    this.i.push(index)
    for (let j = this.p.length - 1; j > 0;) {
      const up = (j - 1) >> 1
      if (!this.above(j, up)) break
      this.swap(j, up)
      j = up
    }
  }
  pop(): number {
    const top = this.i[0]
    const lp = this.p.pop() as number,
      li = this.i.pop() as number
    if (this.p.length) {
      this.p[0] = lp
      this.i[0] = li
      for (let j = 0; ;) {
        const l = 2 * j + 1,
          r = l + 1
        let m = j
        if (l < this.p.length && this.above(l, m)) m = l
        if (r < this.p.length && this.above(r, m)) m = r
        if (m === j) break
        this.swap(j, m)
        j = m
      }
    }
    return top
  }
}

/** The greedy marginal allocation of B attempts (see the module comment). */
function greedy(
  alpha: Float64Array,
  beta: Float64Array,
  B: number,
  k: number,
  progress?: (done: number, total: number) => void,
): Int32Array {
  const N = alpha.length
  const q = Math.max(1, Math.ceil(B / Math.min(16 * N, 20000)))
  const a = new Int32Array(N)
  const R = new Float64Array(N) // R_i(a_i)
  const next = new Float64Array(N) // R_i(a_i + q), kept from the priority computation
  // priority: the best average gain over q, 2q, 4q, … 32q more attempts, doubling only while the average rises
  // (a concave R_i stops after two evaluations; a convex start looks further ahead)
  const rate = (i: number) => {
    next[i] = varianceReduction(alpha[i], beta[i], a[i] + q, k)
    let best = (next[i] - R[i]) / q
    for (let j = 1; j < LOOKAHEAD.length; j++) {
      const m = LOOKAHEAD[j] * q
      if (m > B) break
      const r = (varianceReduction(alpha[i], beta[i], a[i] + m, k) - R[i]) / m
      if (!(r > best)) break
      best = r
    }
    return Number.isFinite(best) ? best : 0 // a NaN would break the heap order
  }
  const heap = new Heap()
  for (let i = 0; i < N; i++) heap.push(rate(i), i)
  let left = B,
    steps = 0
  const total = Math.ceil(B / q)
  while (left > 0) {
    const i = heap.pop()
    const m = Math.min(q, left)
    a[i] += m
    left -= m
    R[i] = m === q ? next[i] : varianceReduction(alpha[i], beta[i], a[i], k)
    if (left > 0) heap.push(rate(i), i)
    if (progress && ++steps % 64 === 0) progress(steps, total)
  }
  return a
}

function check(n: ArrayLike<number>, c: ArrayLike<number>, o: PlanOptions): void {
  const bad = (code: string, msg: string, hint: string) => new PasskError(`PASSK_${code}`, msg, hint, { exitCode: 2 })
  if (!(Number.isSafeInteger(o.budget) && o.budget > 0 && o.budget <= PLAN_MAX_BUDGET))
    throw bad(
      'PLAN_BUDGET',
      `the budget must be a positive integer number of attempts (at most ${PLAN_MAX_BUDGET}), got ${String(o.budget)}.`,
      'Example: --budget 1640 (ten more attempts on each of 164 problems).',
    )
  if (!(Number.isSafeInteger(o.k) && o.k >= 1 && o.k <= PLAN_MAX_K))
    throw bad(
      'PLAN_TARGET_K',
      `the target K must be an integer from 1 to ${PLAN_MAX_K}, got ${String(o.k)}.`,
      'pass@K beyond 1e9 attempts is the solvable fraction to many digits; pick the K you will report, e.g. --target-k 1000.',
    )
  if (n.length !== c.length)
    throw bad('PLAN_INPUT', `n and c differ in length (${n.length} vs ${c.length}).`, 'One (n, c) per problem.')
  if (n.length === 0)
    throw bad('PLAN_NO_PROBLEMS', 'there are no problems to plan for.', 'The series needs at least one problem.')
  for (let i = 0; i < n.length; i++)
    if (!(Number.isSafeInteger(n[i]) && Number.isSafeInteger(c[i]) && c[i] >= 0 && c[i] <= n[i]))
      throw bad('PLAN_INPUT', `problem ${i}: need integers 0 ≤ c ≤ n, got n = ${n[i]}, c = ${c[i]}.`, 'Check the log.')
  if (o.level !== undefined && !(o.level > 0 && o.level < 1))
    throw bad('PLAN_LEVEL', `the interval level must be in (0, 1), got ${o.level}.`, 'Example: 0.95.')
}

/** Allocate `budget` more attempts over the problems with observed (n_i, c_i) by `strategy` (default 'optimal'). */
export function planAttempts(n: ArrayLike<number>, c: ArrayLike<number>, o: PlanOptions): AttemptPlan {
  check(n, c, o)
  const strategy = o.strategy ?? 'optimal'
  const N = n.length
  let prior: AttemptPlan['prior']
  if (o.prior) {
    if (!(o.prior.a > 0 && o.prior.b > 0 && Number.isFinite(o.prior.a) && Number.isFinite(o.prior.b)))
      throw new PasskError(
        'PASSK_PLAN_PRIOR',
        `the prior Beta(a, b) needs finite a, b > 0, got (${o.prior.a}, ${o.prior.b}).`,
        'Omit the prior to fit it.',
        { exitCode: 2 },
      )
    prior = { a: o.prior.a, b: o.prior.b, status: 'given', message: 'prior given' }
  } else {
    const f = betaBinomialFit(n, c, { variant: 'plain' })
    if (!(f.a > 0 && f.b > 0 && Number.isFinite(f.a) && Number.isFinite(f.b)))
      throw new PasskError(
        'PASSK_PLAN_PRIOR',
        `the Beta-Binomial fit gave no usable prior (a = ${f.a}, b = ${f.b}; ${f.status}: ${f.message}).`,
        'A plan needs a fitted spread of difficulty: check that the series has problems with different outcomes.',
      )
    prior = { a: f.a, b: f.b, status: f.status, message: f.message }
  }
  const alpha = new Float64Array(N),
    beta = new Float64Array(N)
  let fail = 0
  for (let i = 0; i < N; i++) {
    alpha[i] = prior.a + c[i]
    beta[i] = prior.b + n[i] - c[i]
    fail += Math.exp(logFailMoment(alpha[i], beta[i], o.k))
  }
  const level = o.level ?? 0.95
  const z = normalQuantile(0.5 + level / 2)
  const sdBefore = expectedPosteriorSd(n, c, null, prior.a, prior.b, o.k)
  const kazdan = () =>
    apportion(
      Float64Array.from({ length: N }, (_, i) => 1 / (1 + c[i])),
      o.budget,
      o.rng,
    )
  let attempts: Int32Array
  let note: string | undefined
  if (strategy === 'uniform') attempts = apportion(new Float64Array(N).fill(1), o.budget, o.rng)
  else if (strategy === 'kazdan') attempts = kazdan()
  else if (!(sdBefore > DEGENERATE_SD)) {
    // the prior leaves (numerically) nothing to reduce — e.g. every problem unsolved, so the MLE runs to a bound and
    // says every p is 0: the variance criterion cannot rank problems, so the plan falls back to the heuristic
    attempts = kazdan()
    note = `the fitted prior Beta(${prior.a.toPrecision(3)}, ${prior.b.toPrecision(3)}) leaves no uncertainty on pass@${o.k} to reduce (posterior s.d. ${sdBefore.toPrecision(2)}), so the variance criterion cannot rank the problems; the attempts follow the kazdan rule (∝ 1/(1 + c)) instead`
  } else attempts = greedy(alpha, beta, o.budget, o.k, o.progress)
  const sdAfter = expectedPosteriorSd(n, c, attempts, prior.a, prior.b, o.k)
  return {
    strategy,
    budget: o.budget,
    k: o.k,
    problems: N,
    attempts,
    prior,
    passAtK: 1 - fail / N,
    sdBefore,
    sdAfter,
    widthBefore: 2 * z * sdBefore,
    widthAfter: 2 * z * sdAfter,
    z,
    level,
    ...(note ? { note } : {}),
  }
}

/**
 * The prior's own share of the uncertainty on pass@K: s.d. over `reps` refits of Beta(a, b) on problem resamples
 * (seeded) of the posterior-mean pass@K of these problems, 1 − (1/N)·Σ B(a+c, b+n−c+K)/B(a+c, b+n−c). Refits that
 * fail are counted and left out. Not planned for (see the module comment); passk plan adds it to both widths.
 */
export function priorSd(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  k: number,
  reps: number,
  rng: PlanRng,
  checkAbort?: () => void,
): { sd: number; failures: number; reps: number } {
  const N = n.length
  const rn = new Float64Array(N),
    rc = new Float64Array(N)
  const vals: number[] = []
  let failures = 0
  for (let r = 0; r < reps; r++) {
    checkAbort?.()
    for (let i = 0; i < N; i++) {
      const j = rng.int(N)
      rn[i] = n[j]
      rc[i] = c[j]
    }
    let f
    try {
      f = betaBinomialFit(rn, rc, { variant: 'plain' })
    } catch {
      failures++
      continue
    }
    if (
      f.status === 'failed' ||
      f.status === 'non-finite' ||
      !(f.a > 0 && f.b > 0 && Number.isFinite(f.a) && Number.isFinite(f.b))
    ) {
      failures++
      continue
    }
    let fail = 0
    for (let i = 0; i < N; i++) fail += Math.exp(logFailMoment(f.a + c[i], f.b + n[i] - c[i], k))
    vals.push(1 - fail / N)
  }
  if (vals.length < 2) return { sd: NaN, failures, reps }
  const mean = vals.reduce((x, y) => x + y, 0) / vals.length
  const sd = Math.sqrt(vals.reduce((x, y) => x + (y - mean) * (y - mean), 0) / (vals.length - 1))
  return { sd, failures, reps }
}
