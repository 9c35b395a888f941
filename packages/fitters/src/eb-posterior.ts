/**
 * fitters/eb-posterior: the empirical-Bayes posterior predictive pass@k per problem (Verine et al. 2026, "Estimating
 * Pass@k from Fewer Samples with Hierarchical Bayesian Priors"). The prior of the per-problem success probability q
 * is fitted by marginal maximum likelihood across the problems of a group — Beta(a, b) ('plain'), or zero-inflated
 * ('mixture': with probability 1 − A a problem is never solvable, q = 0; Levi 2024 Eq. 6's ceiling A, Verine et al.'s
 * zero inflation) — with fitters/beta-binomial's MLE (the same fit `evaluators/passk-unbiased --beyond-n
 * extrapolate-beta` uses). Per problem the posterior of q is Beta(a + c, b + n − c) (conjugacy), so
 *   pass_i@k = E[1 − (1 − q)^k | n, c] = 1 − B(a + c, b + n − c + k)/B(a + c, b + n − c)           (any k, also k > n)
 * times P(solvable | n, c) = A·B(a, b + n)/B(a, b) / (A·B(a, b + n)/B(a, b) + 1 − A) when c = 0 under 'mixture' (1 if
 * c > 0) — @passk/stats posteriorPassAtK. The aggregate is the mean over all problems (one fixed problem set at every
 * k). withinN = 'unbiased' (default) keeps the unbiased estimator 1 − C(n−c, k)/C(n, k) (Chen et al. 2021 Eq. 1) for
 * k ≤ n_i and uses the posterior only beyond n_i (then the aggregate equals passk-unbiased's 'extrapolate-beta'
 * curve); 'posterior' uses the posterior predictive at every k (Verine et al.'s estimator; shrinks small-n problems
 * toward the prior, lower per-problem error for small n).
 * Per-problem credible interval (given the fitted prior): pass_i@k = 1 − (1 − q)^k is increasing in q, so its
 * quantiles are 1 − (1 − q_α)^k with q_α the Beta(a + c, b + n − c) quantile (for 'mixture' with c = 0 the posterior
 * has an atom 1 − π at q = 0: q_α = 0 for α ≤ 1 − π, else the Beta quantile at (α − (1 − π))/π).
 * Aggregate intervals: problem bootstrap (resample problems, refit the prior, recompute every problem's value;
 * percentile interval, Efron & Tibshirani 1993 ch. 13), so both problem sampling and prior uncertainty are in them.
 *
 * API (pure functions, for fitters/extrapolate and `passk fit`):
 *   ebPosterior(n, c, ks, opts?): EbPosteriorResult
 *     opts: { variant?: 'plain' | 'mixture', withinN?: 'unbiased' | 'posterior', bootstrap?: number, rng?: IntRng,
 *             level?: number (0.95), maxIterations?: number, progress?(done, total), checkAbort?() }
 *     → { prior: EbPrior, ks, perProblem (Float64Array P × K row-major), aggregate[], modelBased[] (problems with
 *         k > n_i per k, or all under 'posterior'), lower?[], upper?[], sd?[] (bootstrap), bootstrapFailures,
 *         status, message, passAtK(k) (aggregate at any k), predict(k) (= passAtK), params (ModelFit shape) }
 *   ebProblemPassAtK(n, c, k, prior, withinN = 'posterior'): number
 *   ebProblemInterval(n, c, k, prior, level = 0.95): [lower, upper]
 *   EbPrior = { a, b, A, names, values, stdErr, status, message, logLik }
 * Throws PasskError PASSK_BAD_INPUT / PASSK_EMPTY_INPUT on bad counts (from the prior fit), PASSK_BAD_OPTIONS on bad k.
 */
import {
  z,
  PasskError,
  defineFitter,
  special,
  type FitResult,
  type FitStatus,
  type OutcomeGroup,
  type PluginContext,
  type Table,
  type TrialOutcomes,
} from '@passk/core'
import { bootstrap as runBootstrap, posteriorPassAtK, type IntRng } from '@passk/stats'
import pkg from '../package.json' with { type: 'json' }
import { betaBinomialFit } from './beta-binomial.js'
import { ziBetaBinomialFit } from './internal/zi-beta-binomial.js'
import { curveGrid, curveRangeOptions, selectGroups } from './internal/outcome-options.js'

export type EbVariant = 'plain' | 'mixture'
export type EbWithinN = 'unbiased' | 'posterior'

export interface EbPrior {
  a: number
  b: number
  /** Solvable fraction (1 for 'plain'). */
  A: number
  names: string[]
  values: number[]
  stdErr: (number | null)[]
  status: FitStatus
  message: string
  logLik: number
}

export interface EbPosteriorOptions {
  variant?: EbVariant
  withinN?: EbWithinN
  bootstrap?: number
  rng?: IntRng
  level?: number
  maxIterations?: number
  progress?: (done: number, total: number) => void
  checkAbort?: () => void
}

export interface EbPosteriorResult {
  prior: EbPrior
  ks: number[]
  /** P × K row-major per-problem pass@k (posterior predictive, or unbiased where k ≤ n under withinN 'unbiased'). */
  perProblem: Float64Array
  aggregate: number[]
  /** Per k: how many problems' values are model-based (posterior predictive). */
  modelBased: number[]
  lower?: number[]
  upper?: number[]
  sd?: number[]
  bootstrapFailures: number
  status: FitStatus
  message: string
  params: { name: string; value: number; stdErr: number | null }[]
  passAtK: (k: number) => number
  predict: (k: number) => number
}

/** One problem's pass@k under the fitted prior: the posterior predictive, or the unbiased estimator for k ≤ n. */
export function ebProblemPassAtK(
  n: number,
  c: number,
  k: number,
  prior: Pick<EbPrior, 'a' | 'b' | 'A'>,
  withinN: EbWithinN = 'posterior',
): number {
  if (withinN === 'unbiased' && k <= n && Number.isInteger(k)) return special.passAtK(n, c, k)
  return posteriorPassAtK(n, c, k, prior.a, prior.b, prior.A)
}

/** P(solvable | n, c) under the zero-inflated prior (1 when c > 0 or A = 1). */
function solvableProb(n: number, c: number, prior: Pick<EbPrior, 'a' | 'b' | 'A'>): number {
  if (c > 0 || prior.A >= 1) return 1
  const s = prior.A * Math.exp(special.lbeta(prior.a, prior.b + n) - special.lbeta(prior.a, prior.b))
  return s / (s + 1 - prior.A)
}

/** Equal-tailed posterior credible interval of pass_i@k = 1 − (1 − q)^k given the prior (see the header). */
export function ebProblemInterval(
  n: number,
  c: number,
  k: number,
  prior: Pick<EbPrior, 'a' | 'b' | 'A'>,
  level = 0.95,
): [number, number] {
  const pi = solvableProb(n, c, prior)
  const a1 = prior.a + c,
    b1 = prior.b + n - c
  const q = (alpha: number) => {
    if (alpha <= 1 - pi) return 0
    return special.betaQuantile((alpha - (1 - pi)) / pi, a1, b1)
  }
  const t = (1 - level) / 2
  const f = (qq: number) => -Math.expm1(k * Math.log1p(-qq))
  return [f(q(t)), f(q(1 - t))]
}

function checkKs(ks: number[], id: string): void {
  const bad = ks.find((k) => !(k >= 0) || !Number.isFinite(k))
  if (bad !== undefined || ks.length === 0)
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${id}: k must be a non-empty list of finite numbers ≥ 0${bad !== undefined ? `, got ${bad}` : ''}.`,
      'Give k as e.g. [1, 10, 100, 1000].',
    )
}

function fitPrior(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  variant: EbVariant,
  maxIterations: number,
  checkAbort?: () => void,
): EbPrior {
  const r = betaBinomialFit(n, c, { variant, maxIterations, ...(checkAbort ? { checkAbort } : {}) })
  return {
    a: r.a,
    b: r.b,
    A: r.A,
    names: r.names,
    values: Array.from(r.values),
    stdErr: r.stdErr,
    status: r.status,
    message: r.message,
    logLik: r.logLik,
  }
}

const FN_ID = 'ebPosterior'

export function ebPosterior(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  ks: number[],
  opts: EbPosteriorOptions = {},
): EbPosteriorResult {
  checkKs(ks, FN_ID)
  const variant = opts.variant ?? 'plain',
    withinN = opts.withinN ?? 'unbiased',
    maxIt = opts.maxIterations ?? 200
  const prior = fitPrior(n, c, variant, maxIt, opts.checkAbort)
  const usable = prior.a > 0 && prior.b > 0 && Number.isFinite(prior.a + prior.b)
  const P = n.length,
    K = ks.length
  // Distinct (n, c) pairs: values are computed once per pair.
  const key = new Map<number, number>(),
    gn: number[] = [],
    gc: number[] = [],
    of = new Int32Array(P).fill(-1)
  let used = 0
  for (let i = 0; i < P; i++) {
    if (!(n[i] > 0)) continue
    used++
    const kk = n[i] * 4294967296 + c[i]
    let j = key.get(kk)
    if (j === undefined) {
      j = gn.length
      key.set(kk, j)
      gn.push(n[i])
      gc.push(c[i])
    }
    of[i] = j
  }
  const valuesFor = (pr: Pick<EbPrior, 'a' | 'b' | 'A'>, kList: number[]) => {
    const v = new Float64Array(gn.length * kList.length)
    for (let j = 0; j < gn.length; j++)
      for (let t = 0; t < kList.length; t++)
        v[j * kList.length + t] = ebProblemPassAtK(gn[j], gc[j], kList[t], pr, withinN)
    return v
  }
  const gv = usable ? valuesFor(prior, ks) : new Float64Array(gn.length * K).fill(NaN)
  const perProblem = new Float64Array(P * K).fill(NaN)
  const aggregate = new Array<number>(K).fill(0),
    modelBased = new Array<number>(K).fill(0)
  for (let i = 0; i < P; i++) {
    const j = of[i]
    if (j < 0) continue
    for (let t = 0; t < K; t++) {
      const v = gv[j * K + t]
      perProblem[i * K + t] = v
      aggregate[t] += v / used
      if (withinN === 'posterior' || !(ks[t] <= n[i] && Number.isInteger(ks[t]))) modelBased[t]++
    }
  }
  const passAtK = (k: number) => {
    if (!usable) return NaN
    const v = valuesFor(prior, [k])
    let s = 0
    for (let i = 0; i < P; i++) if (of[i] >= 0) s += v[of[i]]
    return s / used
  }
  const out: EbPosteriorResult = {
    prior,
    ks,
    perProblem,
    aggregate,
    modelBased,
    bootstrapFailures: 0,
    status: usable ? prior.status : 'failed',
    message: usable ? prior.message : `the prior fit gave no usable (a, b): ${prior.message}`,
    params: prior.names.map((name, j) => ({ name, value: prior.values[j], stdErr: prior.stdErr[j] })),
    passAtK,
    predict: passAtK,
  }
  const reps = opts.bootstrap ?? 0
  if (reps > 0 && usable) {
    if (!opts.rng)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${FN_ID}: bootstrap = ${reps} needs an rng.`,
        'Pass rng (e.g. ctx.rng.split(...)).',
      )
    const bn: number[] = [],
      bc: number[] = []
    const boot = runBootstrap(
      P,
      K,
      (counts) => {
        bn.length = 0
        bc.length = 0
        for (let i = 0; i < P; i++)
          for (let r = 0; r < counts[i]; r++) {
            bn.push(n[i])
            bc.push(c[i])
          }
        let pr: Pick<EbPrior, 'a' | 'b' | 'A'>
        if (variant === 'mixture') {
          // Same model and MLE as beta-binomial 'mixture', analytic Hessian (internal/zi-beta-binomial.ts).
          const z = ziBetaBinomialFit(bn, bc, { maxIterations: maxIt })
          if (z.status !== 'converged' && z.status !== 'at-bound') return null
          pr = z
        } else {
          let r
          try {
            r = betaBinomialFit(bn, bc, { maxIterations: maxIt })
          } catch {
            return null
          }
          if (r.status !== 'converged' && r.status !== 'at-bound' && r.status !== 'unidentified') return null
          pr = r
        }
        if (!(pr.a > 0 && pr.b > 0)) return null
        const v = valuesFor(pr, ks)
        const s = new Array<number>(K).fill(0)
        let m = 0
        for (let i = 0; i < P; i++) {
          if (!counts[i] || of[i] < 0) continue
          m += counts[i]
          for (let t = 0; t < K; t++) s[t] += counts[i] * v[of[i] * K + t]
        }
        return m ? s.map((x) => x / m) : null
      },
      {
        reps,
        level: opts.level ?? 0.95,
        rng: opts.rng,
        ...(opts.progress ? { progress: opts.progress } : {}),
        ...(opts.checkAbort ? { checkAbort: opts.checkAbort } : {}),
      },
    )
    out.lower = boot.lower
    out.upper = boot.upper
    out.sd = boot.sd
    out.bootstrapFailures = boot.failed
  }
  return out
}

const ID = 'fitters/eb-posterior'

interface PluginOpts {
  variant: EbVariant
  withinN: EbWithinN
  k?: number[] | undefined
  bootstrap: number
  level: number
  group?: string | undefined
  problemTable: boolean
  kMax?: number | undefined
  kMaxFactor: number
  gridPoints: number
  maxIterations: number
}

function fitGroup(g: OutcomeGroup, o: PluginOpts, ctx: PluginContext, agg: Table, per: Table): FitResult {
  let nMax = 0,
    nMin = Infinity
  for (let i = 0; i < g.n.length; i++) {
    nMax = Math.max(nMax, g.n[i])
    if (g.n[i] > 0) nMin = Math.min(nMin, g.n[i])
  }
  const ks = o.k ?? [...new Set([1, nMin, nMax, 10 * nMax, 100 * nMax].filter((k) => k >= 1 && Number.isFinite(k)))]
  const r = ebPosterior(g.n, g.c, ks, {
    variant: o.variant,
    withinN: o.withinN,
    bootstrap: o.bootstrap,
    level: o.level,
    rng: ctx.rng.split(`bootstrap:${g.label}`),
    maxIterations: o.maxIterations,
    progress: (d, t) => ctx.progress({ done: d, total: t, label: `bootstrap ${g.label}` }),
    checkAbort: () => ctx.throwIfAborted(),
  })
  if (r.status !== 'converged')
    ctx.warn('FIT_NOT_CONVERGED', `${ID}: group "${g.label}": prior fit status ${r.status}: ${r.message}`)
  if (r.bootstrapFailures)
    ctx.warn(
      'FIT_BOOTSTRAP_FAILURES',
      `${ID}: group "${g.label}": ${r.bootstrapFailures} of ${o.bootstrap} bootstrap refits failed and were left out of the intervals.`,
    )
  const P = g.n.length,
    K = ks.length
  const derived: Record<string, number> = { problems: P }
  ks.forEach((k, t) => {
    derived[`passAt${k}`] = r.aggregate[t]
    const lo = r.lower?.[t],
      hi = r.upper?.[t],
      sd = r.sd?.[t]
    if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
      derived[`passAt${k}_lower`] = lo
      derived[`passAt${k}_upper`] = hi
    }
    if (sd !== undefined && Number.isFinite(sd)) derived[`passAt${k}_se`] = sd
    agg.rows.push([
      g.label,
      k,
      r.aggregate[t],
      lo !== undefined && Number.isFinite(lo) ? lo : null,
      hi !== undefined && Number.isFinite(hi) ? hi : null,
      r.modelBased[t] === 0 ? 'observed (unbiased)' : `model-based for ${r.modelBased[t]} of ${P} problems`,
      r.status,
    ])
  })
  if (o.problemTable) {
    const { a, b, A } = r.prior
    for (let i = 0; i < P; i++) {
      if (!(g.n[i] > 0)) continue
      const pi = solvableProb(g.n[i], g.c[i], r.prior)
      const mean = (pi * (a + g.c[i])) / (a + b + g.n[i])
      for (let t = 0; t < K; t++) {
        const [lo, hi] = ebProblemInterval(g.n[i], g.c[i], ks[t], { a, b, A }, o.level)
        const within = o.withinN === 'unbiased' && ks[t] <= g.n[i] && Number.isInteger(ks[t])
        per.rows.push([
          g.label,
          g.problems[i],
          g.n[i],
          g.c[i],
          mean,
          ks[t],
          r.perProblem[i * K + t],
          Number.isFinite(lo) ? lo : null,
          Number.isFinite(hi) ? hi : null,
          within ? 'observed (unbiased)' : 'model-based (posterior)',
        ])
      }
    }
  }
  const gx = curveGrid(o, nMax)
  const gy = gx.map(r.passAtK)
  const out: FitResult = {
    model: `eb-posterior${o.variant === 'plain' ? '' : `-${o.variant}`}`,
    target: g.label,
    params: r.params,
    status: r.status,
    message: r.message,
    iterations: 0,
    goodness: {
      n: P,
      dof: P - r.params.length,
      ...(Number.isFinite(r.prior.logLik)
        ? { logLik: r.prior.logLik, aic: 2 * r.params.length - 2 * r.prior.logLik }
        : {}),
    },
    derived: Object.fromEntries(Object.entries(derived).filter(([, v]) => Number.isFinite(v))),
    predict: r.passAtK,
    curve: gy.every(Number.isFinite)
      ? { x: gx, y: gy }
      : { x: gx.filter((_, i) => Number.isFinite(gy[i])), y: gy.filter(Number.isFinite) },
    quantity: 'pass',
  }
  return out
}

export const ebPosteriorPlugin = defineFitter({
  name: 'eb-posterior',
  version: pkg.version,
  summary: 'Empirical-Bayes posterior predictive pass@k per problem and aggregate (Beta or zero-inflated Beta prior)',
  description:
    "Fits the prior of per-problem success probabilities by marginal ML across problems (Beta-Binomial; 'mixture' adds a never-solvable fraction), then each problem's posterior Beta(a + c, b + n − c) gives pass_i@k = 1 − B(a + c, b + n − c + k)/B(a + c, b + n − c) for any k. Tables eb-posterior-passk (aggregate with problem-bootstrap intervals) and eb-posterior-problems (per problem with posterior credible intervals).",
  refs: ['Verine et al. 2026 (empirical-Bayes posterior predictive, zero inflation)', 'Levi 2024 Eq. 5–7'],
  accepts: 'TrialOutcomes',
  produces: 'Fit',
  options: z
    .object({
      variant: z
        .enum(['plain', 'mixture'])
        .default('plain')
        .describe("Prior: 'plain' q ~ Beta(a, b); 'mixture' zero-inflated (a fraction 1 − A never solvable)"),
      withinN: z
        .enum(['unbiased', 'posterior'])
        .default('unbiased')
        .describe(
          "For k ≤ n_i: 'unbiased' keeps the unbiased estimator (posterior only beyond n_i, as passk-unbiased 'extrapolate-beta'); 'posterior' uses the posterior predictive at every k (shrinkage)",
        ),
      k: z
        .array(z.number().min(0))
        .min(1)
        .optional()
        .describe('k values of the tables (default: 1, the smallest n, the largest n, 10× and 100× it)'),
      bootstrap: z
        .number()
        .int()
        .min(0)
        .max(100000)
        .default(0)
        .describe('Bootstrap resamples of the problems (prior refitted each time) for aggregate intervals (0 = off)'),
      level: z.number().gt(0).lt(1).default(0.95).describe('Level of the bootstrap and per-problem credible intervals'),
      group: z.string().optional().describe('Label of the one group to fit; all groups when omitted'),
      problemTable: z
        .boolean()
        .default(true)
        .describe('Publish the per-problem table (posterior pass@k and credible interval at each k)'),
      ...curveRangeOptions('aggregate pass@k curve', 10000),
      maxIterations: z
        .number()
        .int()
        .min(1)
        .max(100000)
        .default(200)
        .describe('Newton iteration limit of the prior fit'),
    })
    .strict(),
  run(t: TrialOutcomes, o, ctx) {
    const groups = selectGroups(t, o.group, ID)
    if (o.k) checkKs(o.k, ID)
    const pct = `${Math.round(o.level * 100)}%`
    const agg: Table = {
      id: 'eb-posterior-passk',
      title: `Empirical-Bayes pass@k per group (${o.bootstrap ? `${pct} problem-bootstrap interval, ${o.bootstrap} resamples` : 'no interval: bootstrap = 0'})`,
      columns: ['group', 'k', 'pass@k', 'lower', 'upper', 'basis', 'prior status'],
      rows: [],
    }
    const per: Table = {
      id: 'eb-posterior-problems',
      title: `Per-problem pass@k with ${pct} posterior credible intervals of 1 − (1 − q)^k (given the fitted prior)`,
      columns: ['group', 'problem', 'n', 'c', 'posterior mean q', 'k', 'pass@k', 'lower', 'upper', 'basis'],
      rows: [],
    }
    const fits = groups.map((g, i) => {
      ctx.throwIfAborted()
      ctx.progress({ done: i, total: groups.length, label: g.label })
      return fitGroup(g, o, ctx, agg, per)
    })
    if (o.problemTable) ctx.table(per)
    ctx.table(agg)
    return { kind: 'Fit' as const, fits, meta: { model: 'eb-posterior', variant: o.variant, withinN: o.withinN } }
  },
})
