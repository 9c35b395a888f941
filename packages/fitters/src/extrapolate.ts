/**
 * extrapolatePassAtK (plugin: fitters/extrapolate): the headline answer — pass@k at 10× and 100× the attempts
 * every problem has, with a 95% interval and a backtest inside the data that says which model to trust and how far.
 *
 * For each outcome group (model/series):
 *  1. Fixed problem set. K = min_i n_i is the largest k observed on every problem; the observed pass@K is the
 *     unbiased estimator (Chen et al. 2021 Eq. 1) averaged over all problems, so it is one problem set at every k
 *     (ragged n never changes the set).
 *  2. Models, each fitted on all problems:
 *       beta-binomial     q ~ Beta(a, b), pass@k = 1 − B(a, b+k)/B(a, b) (Levi 2024 Eq. 5–7; Kazdan et al. 2025)
 *       zi-beta-binomial  zero-inflated: a fraction 1 − A of problems is never solvable (Levi's ceiling A, fitted
 *                         jointly; Verine et al. 2026 zero inflation), pass@k = A·(1 − B(a, b+k)/B(a, b))
 *       power-law         Schaeffer et al. 2025: −log pass@k = e^α·k^(−b), fitted by least squares on
 *                         log(−log pass@k) vs log k over the unbiased curve k = 1…K (a curve fit, so its
 *                         interval comes from the same problem bootstrap: the curve is recomputed per resample)
 *  3. Intervals: a problem bootstrap (resample problems with replacement, refit, predict; seeded; `bootstrap`
 *     resamples; percentile interval, Efron & Tibshirani 1993 ch. 13) for every predicted pass@k.
 *  4. Backtest: for each extrapolation ratio r (10, 100), thin every problem to n_i/r attempts (hypergeometric, see
 *     internal/thin.ts; `replicates` seeded draws; at least MIN_KEEP = 2 kept), refit every model on the thinned
 *     counts, predict pass@K and score it against the full-data unbiased pass@K: mean signed and absolute error,
 *     RMSE, and the coverage of the model's bootstrap interval on the thinned data (`backtestBootstrap`).
 *  5. Recommendation (one per group and ratio), in two steps that each use the evidence suited to them:
 *     a. The nested pair by likelihood: the zero-inflated model nests the beta-binomial at A = 1, so the LR statistic
 *        2·(ℓ_ZI − ℓ_BB) decides; A = 1 is on the boundary, so the null law is ½χ²₀ + ½χ²₁ (Self & Liang 1987,
 *        case 5; 5% point 2.706). Only the winner is a point candidate: an unneeded ceiling inflates the sampling
 *        error 2–3× at n = 10, a needed one is what the beta-binomial lacks (its backtest at n/r attempts often cannot
 *        see a ceiling that only shows at r·n).
 *     b. Per-problem model vs the curve model (power law; not nested, no common likelihood) by the backtest: the
 *        candidate with the smallest RMSE at the largest backtest ratio ≤ r at which every candidate could be
 *        refitted (the 3-parameter zero-inflated fit fails on 2 attempts per problem, so at n = 100 its 100×
 *        comparison uses the 10× backtest instead of dropping it).
 *     Selection, not a backtest-weighted blend: in a 50-replicate pilot of the calibration cells, inverse-MSE weights
 *     (Bates & Granger 1969) left more cells above 1.2× the best model's error than selection did (8 of 16 against
 *     4–7 for each backtest design tried), because the backtest's noise at 2–10 attempts spreads weight onto models
 *     that are biased at r·n, and the misspecified models' biases at r·n often share a sign.
 *     The interval is the envelope of the bootstrap intervals of the plausible models — the recommended one, those
 *     whose backtest RMSE is within PLAUSIBLE_FACTOR = 2 of the best (+0.005), and those the backtest could not test
 *     (including the zero-inflated model the LR test left out: with few attempts a never-solvable problem and a
 *     hard one look alike, yet extrapolate differently) — widened in quadrature by the best model's backtest RMSE:
 *       lower = v − √((v − lo)² + rmse²),  upper = v + √((hi − v)² + rmse²)  (clipped to [0, 1]),
 *     treating extrapolation (model) error, which the bootstrap cannot see, as an independent error source. Why not
 *     a bootstrap of the whole procedure (refit + reselect per resample): in the pilot each model's problem-bootstrap
 *     s.d. matched its s.d. across replicates to within ~15% (the zero-inflated fit at n = 10, 30% under, is rarely
 *     the point there), so resampling the selection adds little; what breaks coverage is bias at r·n, which no
 *     resampling of the same problems can see and which the envelope and the widening address. When the backtest
 *     error exceeds the envelope's width the row says so plainly: "extrapolation beyond r× is not supported by this
 *     data".
 *  6. What the answer assumes (internal/tail-share.ts): the part of pass@rK the counts establish (observed where
 *     n_i ≥ rK, 1 for problems already solved) and the rest, which the prediction puts on problems never solved in
 *     their attempts; when that is most of the gain, the statement says what fraction of those problems it assumes
 *     solved — n attempts cannot tell a hard problem from an impossible one (BENCHMARKS.md: the hard-tail twin).
 * A model whose full-data fit is unidentified or failed is never recommended.
 */
import { PasskError, logGrid, special, type FitStatus, type Rng, type Table } from '@passk/core'
import { betaBinomialFit } from './beta-binomial.js'
import { bootstrap, passAtKs } from '@passk/stats'
import { thinCounts } from './internal/thin.js'
import { ziBetaBinomialFit } from './internal/zi-beta-binomial.js'
import { identify, unidentifiedMessage } from './internal/identify.js'
import { tailAssumption, type TailAssumption } from './internal/tail-share.js'
import { problemRefitter } from './internal/problem-refit.js'

export const EXTRAPOLATION_MODELS = ['beta-binomial', 'zi-beta-binomial', 'power-law'] as const
export type ExtrapolationModel = (typeof EXTRAPOLATION_MODELS)[number]

/**
 * The backtest keeps at least this many attempts per problem: with one attempt a per-problem model sees only the mean
 * success rate (no overdispersion), so a 100× backtest on n = 100 runs at the largest ratio the data allow, K/2, and
 * says so (BacktestRow.effectiveRatio).
 */
export const MIN_KEEP = 2

/** Backtest RMSE within this factor of the best keeps a model in the recommended interval (see the header). */
export const PLAUSIBLE_FACTOR = 2

/** 95% point of ½χ²₀ + ½χ²₁ (the LR statistic for A = 1 on the boundary): the χ²₁ 90% point. */
export const LR_CRITICAL = 2.705543454095404

/** P(χ²₁ > x) = erfc(√(x/2)). */
function chi2Sf1(x: number): number {
  return special.erfc(Math.sqrt(x / 2))
}

interface ModelFit {
  status: FitStatus
  message: string
  params: { name: string; value: number; stdErr: number | null }[]
  predict: (k: number) => number
  /** Negative log-likelihood without the binomial coefficients (the per-problem models only): the LR test. */
  nll?: () => number
}

/** Statuses whose predictions are used (at-bound: e.g. A → 1 of the zero-inflated model, a valid answer). */
function usable(s: FitStatus): boolean {
  return s === 'converged' || s === 'at-bound'
}

/** k values of the unbiased curve the power law is fitted on: integers 1…K on a log grid. */
function curveKs(K: number): number[] {
  return [...new Set(logGrid(1, Math.max(1, K), Math.min(16, Math.max(2, K)), true))]
}

/**
 * Unbiased pass@k of every problem at ascending ks (all ≤ min n), row-major P × ks.length: @passk/stats' passAtKs,
 * one running log-product per problem shared by all ks (Chen et al. 2021 Eq. 1 in product form).
 */
function perProblemCurve(n: ArrayLike<number>, c: ArrayLike<number>, ks: number[]): Float64Array {
  const out = new Float64Array(n.length * ks.length)
  for (let i = 0; i < n.length; i++) passAtKs(n[i], c[i], ks, out, i * ks.length)
  return out
}

/** Mean unbiased pass@k over problems for each k (the fixed problem set: every k ≤ min n); ks ascending. */
function unbiasedCurve(n: ArrayLike<number>, c: ArrayLike<number>, ks: number[]): number[] {
  const m = perProblemCurve(n, c, ks),
    J = ks.length
  return ks.map((_, j) => {
    let s = 0
    for (let i = 0; i < n.length; i++) s += m[i * J + j]
    return s / n.length
  })
}

/**
 * Schaeffer et al. 2025's power law on the aggregate: −log pass@k = e^α·k^(−b); OLS of log(−log p) on log k over
 * the points with 0 < p < 1 (those with p = 1 carry no slope; p = 0 means nothing was solved).
 */
export function fitPowerLaw(ks: number[], p: number[]): ModelFit {
  const xs: number[] = [],
    ys: number[] = []
  ks.forEach((k, j) => {
    if (p[j] > 0 && p[j] < 1) {
      xs.push(Math.log(k))
      ys.push(Math.log(-Math.log(p[j])))
    }
  })
  const fail = (message: string): ModelFit => ({ status: 'failed', message, params: [], predict: () => NaN })
  if (xs.length < 2) return fail(`only ${xs.length} points with 0 < pass@k < 1 (need 2)`)
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length,
    my = ys.reduce((s, v) => s + v, 0) / ys.length
  let sxx = 0,
    sxy = 0
  for (let j = 0; j < xs.length; j++) {
    sxx += (xs[j] - mx) ** 2
    sxy += (xs[j] - mx) * (ys[j] - my)
  }
  if (!(sxx > 0)) return fail('all points at one k')
  const slope = sxy / sxx,
    alpha = my - slope * mx,
    b = -slope
  let rss = 0
  for (let j = 0; j < xs.length; j++) rss += (ys[j] - alpha - slope * xs[j]) ** 2
  const se = xs.length > 2 ? Math.sqrt(rss / (xs.length - 2) / sxx) : null
  return {
    status: 'converged',
    message: `OLS on ${xs.length} points of log(−log pass@k) vs log k`,
    params: [
      { name: 'alpha', value: alpha, stdErr: null },
      { name: 'b', value: b, stdErr: se },
    ],
    predict: (k) => Math.exp(-Math.exp(alpha - b * Math.log(k))),
  }
}

/** Fit one model; curve: the power law's unbiased curve at curveKs(min n) when the caller already has it. */
function fitModel(
  model: ExtrapolationModel,
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  maxIterations: number,
  curve?: number[],
  start?: readonly number[],
) {
  if (model === 'power-law') {
    let K = Infinity
    for (let i = 0; i < n.length; i++) K = Math.min(K, n[i])
    const ks = curveKs(K)
    const f = fitPowerLaw(ks, curve ?? unbiasedCurve(n, c, ks))
    // The same identifiability rules as the per-problem models: the curve comes from these counts.
    const id = identify({
      status: f.status,
      names: f.params.map((q) => q.name),
      values: f.params.map((q) => q.value),
      n,
      c,
    })
    return id.reasons.length ? { ...f, status: id.status, message: unidentifiedMessage(id.reasons, f.message) } : f
  }
  if (model === 'zi-beta-binomial') {
    const z = ziBetaBinomialFit(n, c, { maxIterations, ...(start ? { start } : {}) })
    const id = identify({ status: z.status, names: ['A', 'a', 'b'], values: [z.A, z.a, z.b], stdErr: z.stdErr, n, c })
    return {
      status: id.status,
      message: id.reasons.length ? unidentifiedMessage(id.reasons, z.message) : z.message,
      params: [
        { name: 'A', value: z.A, stdErr: z.stdErr[0] },
        { name: 'a', value: z.a, stdErr: z.stdErr[1] },
        { name: 'b', value: z.b, stdErr: z.stdErr[2] },
      ],
      predict: z.passAtK,
      nll: () => z.nll,
    }
  }
  const r = betaBinomialFit(n, c, { variant: 'plain', maxIterations, ...(start ? { start } : {}) })
  // The same likelihood as the zero-inflated fit's (without C(n, c)), at A = 1: their difference is the LR statistic.
  // Lazy: only the full-data fit needs it, not the bootstrap and backtest refits.
  const nll = () => {
    let s = 0
    for (let i = 0; i < n.length; i++)
      s +=
        special.logGammaRatio(r.a, c[i]) +
        special.logGammaRatio(r.b, n[i] - c[i]) -
        special.logGammaRatio(r.a + r.b, n[i])
    return s
  }
  return {
    status: r.status,
    message: r.message,
    params: r.names.map((name, j) => ({ name, value: r.values[j], stdErr: r.stdErr[j] })),
    predict: r.passAtK,
    nll,
  }
}

/** Expand bootstrap counts into resampled (n, c) arrays. */
function resample(n: ArrayLike<number>, c: ArrayLike<number>, counts: Int32Array) {
  let tot = 0
  for (let i = 0; i < counts.length; i++) tot += counts[i]
  const rn = new Int32Array(tot),
    rc = new Int32Array(tot)
  let j = 0
  for (let i = 0; i < counts.length; i++)
    for (let r = 0; r < counts[i]; r++) {
      rn[j] = n[i]
      rc[j++] = c[i]
    }
  return { n: rn, c: rc }
}

interface Interval {
  lower: number[]
  upper: number[]
  failed: number
  done: number
}

/** Problem bootstrap of a model's predictions at ks: percentile intervals per k. */
function bootstrapPredictions(
  model: ExtrapolationModel,
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  ks: number[],
  reps: number,
  rng: Rng,
  level: number,
  maxIterations: number,
  checkAbort?: () => void,
  /** The fitted parameters on the data being resampled: each refit starts there (per-problem models only). */
  start?: readonly number[],
): Interval {
  if (reps <= 0) return { lower: ks.map(() => NaN), upper: ks.map(() => NaN), failed: 0, done: 0 }
  // The power law refits on the resample's mean curve: a count-weighted mean of the per-problem curves, computed
  // once (O(P·|ks|) per resample instead of re-evaluating P·|ks| unbiased estimators).
  let K0 = Infinity
  for (let i = 0; i < n.length; i++) K0 = Math.min(K0, n[i])
  const ks0 = model === 'power-law' ? curveKs(K0) : [],
    J = ks0.length
  const pp = model === 'power-law' ? perProblemCurve(n, c, ks0) : null
  // The per-problem models refit on the data's distinct (n, c) pairs reweighted by the counts: the same fit as
  // fitModel on the expanded resample (internal/problem-refit.ts), at O(#pairs) per likelihood.
  const refit = model === 'power-law' ? null : problemRefitter(model, n, c, maxIterations, start)
  const bs = bootstrap(
    n.length,
    ks.length,
    (counts) => {
      if (refit) {
        const predict = refit(counts)
        return predict && ks.map((k) => predict(k))
      }
      const r = resample(n, c, counts)
      let curve: number[] | undefined
      if (pp) {
        let K = Infinity,
          tot = 0
        for (let i = 0; i < counts.length; i++)
          if (counts[i] > 0) {
            K = Math.min(K, n[i])
            tot += counts[i]
          }
        // With ragged n the resample's K can exceed the full data's: then its own grid, computed directly.
        if (K === K0) {
          curve = new Array<number>(J).fill(0)
          for (let i = 0; i < counts.length; i++)
            if (counts[i] > 0) for (let j = 0; j < J; j++) curve[j] += counts[i] * pp[i * J + j]
          for (let j = 0; j < J; j++) curve[j] /= tot
        }
      }
      let f: ModelFit
      try {
        f = fitModel(model, r.n, r.c, maxIterations, curve, model === 'power-law' ? undefined : start)
      } catch {
        return null
      }
      if (!usable(f.status)) return null
      return ks.map(f.predict)
    },
    { reps, rng, level, ...(checkAbort ? { checkAbort } : {}) },
  )
  return { lower: bs.lower, upper: bs.upper, failed: bs.failed, done: bs.done }
}

export interface ExtrapolationOptions {
  models?: readonly ExtrapolationModel[]
  /** Extrapolation ratios r: predictions at k = r·K, backtest from n/r attempts (default [10, 100]). */
  ratios?: readonly number[]
  /** Problem-bootstrap resamples for every interval (0 = no intervals). */
  bootstrap?: number
  /**
   * Resamples of the bootstrap run on each thinned replicate for the backtest's coverage column (default: bootstrap;
   * 0 = no coverage column). It does not enter the recommendation, so simulations may turn it off.
   */
  backtestBootstrap?: number
  /** Seeded thinning replicates per ratio in the backtest. */
  replicates?: number
  level?: number
  maxIterations?: number
  /** Points of each model's fitted curve. */
  gridPoints?: number
  rng: Rng
  progress?: (done: number, total: number) => void
  checkAbort?: () => void
}

export interface ModelPrediction {
  model: ExtrapolationModel
  status: FitStatus
  message: string
  params: { name: string; value: number; stdErr: number | null }[]
  /** Predictions at k = ratio·K (ratio 1 = the observed K). */
  points: { ratio: number; k: number; value: number; lower: number; upper: number }[]
  /** The fitted pass@k curve on a log grid to the largest ratio·K, with its bootstrap band. */
  curve: { x: number[]; y: number[]; lower: number[]; upper: number[] }
  bootstrapFailures: number
  /** Full-data negative log-likelihood without C(n, c) (per-problem models; absent for the power law). */
  nll?: number
}

export interface BacktestRow {
  model: ExtrapolationModel
  ratio: number
  /** Attempts per problem kept (smallest over problems) → predicted k (= K of the full data). */
  kFrom: number
  kTo: number
  /** kTo / kFrom: the extrapolation the backtest actually tested (< ratio when n/ratio < MIN_KEEP). */
  effectiveRatio: number
  /** Full-data unbiased pass@K the thinned fits are scored against. */
  target: number
  /** Mean absolute error and RMSE of pass@K predicted from the thinned data, over the usable replicates. */
  meanAbsError: number
  rmse: number
  /** Mean signed error (prediction − target): the extrapolation bias at this ratio. */
  meanError: number
  /** Fraction of usable replicates whose bootstrap interval covered the target (NaN without bootstrap). */
  coverage: number
  replicates: number
  failed: number
}

export interface Recommendation {
  ratio: number
  k: number
  model: ExtrapolationModel | null
  value: number
  /** Bootstrap interval widened by the backtest RMSE (see the header). */
  lower: number
  upper: number
  /** The bootstrap interval (envelope over the plausible models), before the backtest widening. */
  bootstrapLower: number
  bootstrapUpper: number
  backtestRmse: number
  /** The backtest ratio the models were compared at (≤ ratio; see the header). */
  comparedAtRatio: number
  /** Models whose bootstrap intervals the interval spans (the recommended one first). */
  plausible: ExtrapolationModel[]
  /** false when the backtest error exceeds the bootstrap interval's width, or no model is usable. */
  supported: boolean
  statement: string
  /**
   * What the counts establish at k and what the prediction assumes on the problems never solved in their attempts
   * (internal/tail-share.ts): with few attempts, whether they are hard or impossible is not identified.
   */
  tail: TailAssumption
}

/**
 * The statement spells out the assumption when the prediction adds at least this much on never-solved problems
 * (absolute pass@k), and it is at least half of the predicted gain.
 */
export const TAIL_NOTE_MIN = 0.01

export interface ExtrapolationReport {
  label: string
  problems: number
  /** K = min n: the largest k observed on every problem (the fixed problem set). */
  K: number
  nMax: number
  observed: { k: number; value: number }
  level: number
  bootstrap: number
  replicates: number
  predictions: ModelPrediction[]
  backtest: BacktestRow[]
  /** LR test of the beta-binomial (A = 1) against the zero-inflated fit (boundary null: ½χ²₀ + ½χ²₁). */
  zeroInflation: { statistic: number; pValue: number; significant: boolean }
  recommended: Recommendation[]
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : 'n/a'
}

/**
 * Predict pass@(r·K) for each ratio r from per-problem counts, with problem-bootstrap intervals, a thinning
 * backtest and one recommended prediction per ratio (see the header of this file).
 */
export function extrapolatePassAtK(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  label: string,
  opts: ExtrapolationOptions,
): ExtrapolationReport {
  const models = opts.models ?? EXTRAPOLATION_MODELS,
    ratios = opts.ratios ?? [10, 100],
    reps = opts.bootstrap ?? 200,
    btReps = opts.backtestBootstrap ?? reps,
    R = opts.replicates ?? 5,
    level = opts.level ?? 0.95,
    maxIt = opts.maxIterations ?? 200
  if (n.length !== c.length)
    throw new PasskError(
      'PASSK_BAD_INPUT',
      `extrapolate: group "${label}": n has ${n.length} problems, c has ${c.length}.`,
      'Pass one attempt count and one success count per problem.',
    )
  const nn: number[] = [],
    cc: number[] = []
  for (let i = 0; i < n.length; i++) {
    if (!Number.isInteger(n[i]) || !Number.isInteger(c[i]) || c[i] < 0 || c[i] > n[i])
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `extrapolate: group "${label}": problem ${i} has n = ${n[i]}, c = ${c[i]} (need integers 0 ≤ c ≤ n).`,
        'Check the outcome counts of that problem.',
      )
    if (n[i] > 0) {
      nn.push(n[i])
      cc.push(c[i])
    }
  }
  if (nn.length === 0)
    throw new PasskError(
      'PASSK_EMPTY_INPUT',
      `extrapolate: group "${label}": no problem has any attempts.`,
      'Feed outcomes with at least one attempt per problem.',
    )
  const K = nn.reduce((a, b) => Math.min(a, b), Infinity),
    nMax = nn.reduce((a, b) => Math.max(a, b), 0)
  const observed = { k: K, value: unbiasedCurve(nn, cc, [K])[0] }
  const ks = [1, ...ratios].map((r) => r * K)
  // The fitted curve (k = 1 … the largest ratio·K) with its bootstrap band, from the same resamples.
  const grid = logGrid(1, Math.max(2, K * Math.max(...ratios)), opts.gridPoints ?? 40)
  const ksAll = [...ks, ...grid]
  const totalSteps = models.length * (1 + ratios.length * R)
  let step = 0
  const tick = () => opts.progress?.(++step, totalSteps)

  const predictions: ModelPrediction[] = models.map((model) => {
    opts.checkAbort?.()
    let f: ModelFit
    try {
      f = fitModel(model, nn, cc, maxIt)
    } catch (e) {
      f = { status: 'failed', message: (e as Error).message, params: [], predict: () => NaN }
    }
    const iv = usable(f.status)
      ? bootstrapPredictions(
          model,
          nn,
          cc,
          ksAll,
          reps,
          opts.rng.split(`boot:${model}`),
          level,
          maxIt,
          opts.checkAbort,
          f.params.map((q) => q.value),
        )
      : { lower: ksAll.map(() => NaN), upper: ksAll.map(() => NaN), failed: 0, done: 0 }
    tick()
    // A bootstrap that fails on most resamples means the fit hangs on a few problems; too few solved (or failed)
    // problems leave any model undetermined, also one that ran to a bound (identify.ts).
    const id = identify({
      status: f.status === 'at-bound' ? 'converged' : f.status,
      names: [],
      values: [],
      bootstrapFailures: iv.failed,
      bootstrapReps: reps,
      n: nn,
      c: cc,
    })
    if (id.reasons.length) {
      f = { ...f, status: 'unidentified', message: unidentifiedMessage(id.reasons, f.message) }
      iv.lower.fill(NaN)
      iv.upper.fill(NaN)
    }
    const nll = f.nll?.()
    return {
      model,
      status: f.status,
      message: f.message,
      params: f.params,
      points: ks.map((k, j) => ({
        ratio: j === 0 ? 1 : ratios[j - 1],
        k,
        value: usable(f.status) ? f.predict(k) : NaN,
        lower: iv.lower[j],
        upper: iv.upper[j],
      })),
      curve: {
        x: grid,
        y: grid.map((k) => (usable(f.status) ? f.predict(k) : NaN)),
        lower: iv.lower.slice(ks.length),
        upper: iv.upper.slice(ks.length),
      },
      bootstrapFailures: iv.failed,
      ...(nll !== undefined && Number.isFinite(nll) ? { nll } : {}),
    }
  })

  const backtest: BacktestRow[] = []
  for (const ratio of ratios) {
    const thinned = Array.from({ length: R }, (_, r) =>
      thinCounts(opts.rng.split(`thin:${ratio}:${r}`), nn, cc, 1 / ratio, MIN_KEEP),
    )
    const kFrom = thinned.length ? thinned[0].n.reduce((a, b) => Math.min(a, b), Infinity) : NaN
    for (const model of models) {
      const errs: number[] = []
      let covered = 0,
        withIv = 0,
        failed = 0
      thinned.forEach((t, r) => {
        opts.checkAbort?.()
        let f: ModelFit
        try {
          f = fitModel(model, t.n, t.c, maxIt)
        } catch {
          f = { status: 'failed', message: '', params: [], predict: () => NaN }
        }
        const v = usable(f.status) ? f.predict(K) : NaN
        if (!Number.isFinite(v)) failed++
        else {
          errs.push(v - observed.value)
          if (btReps > 0) {
            const iv = bootstrapPredictions(
              model,
              t.n,
              t.c,
              [K],
              btReps,
              opts.rng.split(`bt-boot:${ratio}:${r}:${model}`),
              level,
              maxIt,
              opts.checkAbort,
              f.params.map((q) => q.value),
            )
            if (Number.isFinite(iv.lower[0])) {
              withIv++
              if (iv.lower[0] <= observed.value && observed.value <= iv.upper[0]) covered++
            }
          }
        }
        tick()
      })
      backtest.push({
        model,
        ratio,
        kFrom,
        kTo: K,
        effectiveRatio: K / kFrom,
        target: observed.value,
        meanAbsError: errs.length ? errs.reduce((s, e) => s + Math.abs(e), 0) / errs.length : NaN,
        meanError: errs.length ? errs.reduce((s, e) => s + e, 0) / errs.length : NaN,
        rmse: errs.length ? Math.sqrt(errs.reduce((s, e) => s + e * e, 0) / errs.length) : NaN,
        coverage: withIv ? covered / withIv : NaN,
        replicates: errs.length,
        failed,
      })
    }
  }

  // A model that does not reproduce the observed pass@K (outside its own bootstrap interval at K, ± 0.02) misfits
  // the data it was fitted on, and one whose predictions fall with k broke down numerically; neither is used.
  const misfit = (p: ModelPrediction) => {
    const q = p.points[0]
    // pass@k cannot fall with k: a prediction below pass@K is numerical breakdown (e.g. a, b → ∞ at a bound).
    if (p.points.some((x) => !(x.value >= q.value - 1e-9))) return true
    // Shape parameters run off to ~∞ (a Beta collapsing to a point mass at a bound): log-Γ ratios lose every digit.
    if (p.params.some((x) => !(Math.abs(x.value) < 1e8))) return true
    if (!Number.isFinite(q.lower) || !Number.isFinite(q.upper)) return !(Math.abs(q.value - observed.value) <= 0.05)
    return !(observed.value >= q.lower - 0.02 && observed.value <= q.upper + 0.02)
  }
  // Zero inflation: the likelihood-ratio test of the nested beta-binomial (A = 1) against the zero-inflated fit.
  // A = 1 is on the boundary of the parameter space, so under H0 the statistic is ½χ²₀ + ½χ²₁ (Self & Liang 1987,
  // case 5), whose 95% point is the χ²₁ 90% point, 2.706.
  const nllOf = (m: ExtrapolationModel) => {
    const p = predictions.find((q) => q.model === m)
    return p && usable(p.status) ? (p.nll ?? NaN) : NaN
  }
  const lr = Math.max(0, 2 * (nllOf('beta-binomial') - nllOf('zi-beta-binomial')))
  const zeroInflation = {
    statistic: Number.isFinite(lr) ? lr : NaN,
    pValue: Number.isFinite(lr) ? 0.5 * chi2Sf1(lr) : NaN,
    significant: Number.isFinite(lr) && lr > LR_CRITICAL,
  }
  const btRow = (m: ExtrapolationModel, ratio: number) => {
    const b = backtest.find((x) => x.model === m && x.ratio === ratio)
    return b && Number.isFinite(b.rmse) && b.replicates >= Math.max(1, R / 2) ? b : null
  }
  const sortedRatios = [...ratios].sort((a, b) => b - a)
  const recommended: Recommendation[] = ratios.map((ratio, j) => {
    const k = ratio * K
    const ok = predictions.filter((p) => usable(p.status) && Number.isFinite(p.points[j + 1].value) && !misfit(p))
    // Point candidates: the nested pair is decided by likelihood, the non-nested choice (per-problem model vs the
    // curve model) by the backtest. The zero-inflated model replaces the beta-binomial only when the LR test rejects
    // A = 1 (parsimony: an unneeded A at the boundary multiplies the sampling error 2–3× at n = 10); when it does,
    // the beta-binomial is the model the data reject.
    const has = (m: ExtrapolationModel) => ok.some((q) => q.model === m)
    const drop: ExtrapolationModel | null =
      has('beta-binomial') && has('zi-beta-binomial')
        ? zeroInflation.significant
          ? 'beta-binomial'
          : 'zi-beta-binomial'
        : null
    const cand = ok.filter((p) => p.model !== drop)
    // The comparison backtest: the largest backtest ratio ≤ ratio at which every candidate could be refitted (a
    // model untestable at 2 attempts, e.g. the 3-parameter zero-inflated one, is compared at the next ratio down
    // rather than dropped); if none, the candidates testable at this ratio.
    let at = ratio,
      scored = cand.filter((p) => btRow(p.model, ratio))
    for (const r of sortedRatios)
      if (r <= ratio && cand.length && cand.every((p) => btRow(p.model, r))) {
        at = r
        scored = cand
        break
      }
    let best: { model: ExtrapolationModel; rmse: number; bias: number } | null = null
    for (const p of scored) {
      const bt = btRow(p.model, at)
      if (bt && (best === null || bt.rmse < best.rmse)) best = { model: p.model, rmse: bt.rmse, bias: bt.meanError }
    }
    if (best === null)
      return {
        ratio,
        k,
        model: null,
        value: NaN,
        lower: NaN,
        upper: NaN,
        bootstrapLower: NaN,
        bootstrapUpper: NaN,
        backtestRmse: NaN,
        comparedAtRatio: NaN,
        plausible: [],
        supported: false,
        statement: `no model could be fitted and backtested at ${ratio}×: extrapolation beyond ${ratio}× is not supported by this data`,
        tail: tailAssumption(nn, cc, k, observed.value, NaN),
      }
    const pt = predictions.find((p) => p.model === best.model)?.points[j + 1]
    const v = pt?.value ?? NaN,
      rm = best.rmse
    let lo = pt?.lower ?? NaN,
      hi = pt?.upper ?? NaN
    // Models the backtest cannot tell apart (RMSE within PLAUSIBLE_FACTOR of the best, or within 0.005), or could
    // not test at all, stay plausible — also the zero-inflated model the LR test left out of the point choice
    // (with few attempts a never-solvable problem and a hard one look alike, yet they extrapolate differently):
    // the interval spans their bootstrap intervals, so model choice is part of the uncertainty.
    const plausible: ExtrapolationModel[] = [best.model]
    const untested: ExtrapolationModel[] = []
    for (const p of ok) {
      if (p.model === best.model) continue
      const bt = btRow(p.model, at) ?? btRow(p.model, ratio)
      const q = p.points[j + 1]
      if (!Number.isFinite(q.lower) || !(bt === null || bt.rmse <= PLAUSIBLE_FACTOR * rm + 0.005)) continue
      plausible.push(p.model)
      if (bt === null) untested.push(p.model)
      lo = Math.min(lo, q.lower)
      hi = Math.max(hi, q.upper)
    }
    const lower = Number.isFinite(lo) ? Math.max(0, v - Math.hypot(v - lo, rm)) : Math.max(0, v - 1.96 * rm)
    const upper = Number.isFinite(hi) ? Math.min(1, v + Math.hypot(hi - v, rm)) : Math.min(1, v + 1.96 * rm)
    const width = hi - lo
    const eff = backtest.find((b) => b.model === best.model && b.ratio === at)?.effectiveRatio ?? at
    const partial =
      eff < ratio * 0.999
        ? ` (the data allow a backtest to ${eff.toFixed(0)}× only${at !== ratio ? `, compared at the ${at}× backtest` : ''})`
        : ''
    const supported = Number.isFinite(width) && rm <= width
    // A model the thinned data could not refit (e.g. the 3-parameter ceiling model on 2 attempts) is not ruled out:
    // the interval spans it, and the reader should know the point did not beat it in a backtest.
    const spans = untested.length
      ? `; the interval also spans ${untested.join(', ')} (not backtestable: the thinned data could not refit it)`
      : ''
    // Most of the gain from problems never solved in their attempts: whether they are hard or impossible, those
    // attempts cannot tell (BENCHMARKS.md, the hard-tail twin), so say what the number assumes.
    const tail = tailAssumption(nn, cc, k, observed.value, v)
    const pct = (x: number) => `${Math.round(100 * x)}%`
    const tailNote =
      tail.assumed >= TAIL_NOTE_MIN && tail.share >= 0.5
        ? `; ${tail.share >= 0.995 ? 'all' : pct(tail.share)} of the gain is on the ${pct(tail.open)} of problems never solved in their ${K === nMax ? K : `${K}–${nMax}`} attempts (< ${k}): it assumes ${pct(tail.solvedOfUnsolved)} of them are solved by k = ${k} (these attempts cannot tell hard from impossible)`
        : ''
    const statement = supported
      ? `${best.model}: backtest error ${fmt(rm)} at ${ratio}× is within the interval width ${fmt(width)}${partial}${spans}${tailNote}`
      : `extrapolation beyond ${ratio}× is not supported by this data (backtest error ${fmt(rm)} of ${best.model} exceeds the interval width ${fmt(width)})${partial}${spans}${tailNote}`
    return {
      ratio,
      k,
      model: best.model,
      value: v,
      lower,
      upper,
      bootstrapLower: lo,
      bootstrapUpper: hi,
      backtestRmse: rm,
      comparedAtRatio: at,
      plausible,
      supported,
      statement,
      tail,
    }
  })
  return {
    label,
    problems: nn.length,
    K,
    nMax,
    observed,
    level,
    bootstrap: reps,
    replicates: R,
    predictions,
    backtest,
    zeroInflation,
    recommended,
  }
}

/** Structured rows for a CLI/report: one per group and ratio, the recommended prediction first. */
export interface ExtrapolationSummaryRow {
  series: string
  ratio: number
  k: number
  observedK: number
  observed: number
  model: string | null
  value: number
  lower: number
  upper: number
  backtestRmse: number
  supported: boolean
  statement: string
  /** The backtest ratio the models were compared at, and the models the interval spans. */
  comparedAtRatio: number
  plausible: string[]
  /** Fraction of problems never solved in their attempts. */
  unsolved: number
  /** Share of the predicted gain carried by those problems (see Recommendation.tail). */
  tailShare: number
}

export function extrapolationSummary(reports: readonly ExtrapolationReport[]): ExtrapolationSummaryRow[] {
  return reports.flatMap((r) =>
    r.recommended.map((x) => ({
      series: r.label,
      ratio: x.ratio,
      k: x.k,
      observedK: r.K,
      observed: r.observed.value,
      model: x.model,
      value: x.value,
      lower: x.lower,
      upper: x.upper,
      backtestRmse: x.backtestRmse,
      supported: x.supported,
      statement: x.statement,
      comparedAtRatio: x.comparedAtRatio,
      plausible: x.plausible,
      unsolved: x.tail.unsolved,
      tailShare: x.tail.share,
    })),
  )
}

/** The tables the plugin publishes (also usable by a CLI). */
export function extrapolationTables(reports: readonly ExtrapolationReport[]): Table[] {
  const num = (v: number) => (Number.isFinite(v) ? v : null)
  return [
    {
      id: 'extrapolation-recommended',
      title: 'Recommended pass@k prediction per series (interval: problem bootstrap widened by the backtest RMSE)',
      columns: [
        'series',
        'k',
        'ratio',
        'model',
        'pass@k',
        'lower',
        'upper',
        'backtest_rmse',
        'supported',
        'note',
        'compared_at_ratio',
        'plausible_models',
      ],
      rows: extrapolationSummary(reports).map((s) => [
        s.series,
        s.k,
        s.ratio,
        s.model,
        num(s.value),
        num(s.lower),
        num(s.upper),
        num(s.backtestRmse),
        s.supported ? 'yes' : 'no',
        s.statement,
        num(s.comparedAtRatio),
        s.plausible.join(' '),
      ]),
    },
    {
      id: 'extrapolation-backtest',
      title: 'Backtest: thin to n/ratio attempts, predict pass@K of the full data (K = min n); absolute pass@k units',
      columns: [
        'series',
        'model',
        'ratio',
        'k_from',
        'k_to',
        'target',
        'mean_abs_error',
        'rmse',
        'coverage',
        'replicates',
        'mean_error',
      ],
      rows: reports.flatMap((r) =>
        r.backtest.map((b) => [
          r.label,
          b.model,
          b.ratio,
          b.kFrom,
          b.kTo,
          num(b.target),
          num(b.meanAbsError),
          num(b.rmse),
          num(b.coverage),
          b.replicates,
          num(b.meanError),
        ]),
      ),
    },
    {
      id: 'extrapolation-models',
      title: 'Every model: predicted pass@k with its problem-bootstrap interval',
      columns: ['series', 'model', 'status', 'k', 'ratio', 'pass@k', 'lower', 'upper'],
      rows: reports.flatMap((r) =>
        r.predictions.flatMap((p) =>
          p.points.map((q) => [r.label, p.model, p.status, q.k, q.ratio, num(q.value), num(q.lower), num(q.upper)]),
        ),
      ),
    },
  ]
}
