/**
 * fitters/beta-binomial: the plugin over @passk/stats' Beta-Binomial fit (likelihood, MLE and closed forms live
 * there, shared with the evaluators). Maximum likelihood of the per-problem success-probability distribution
 * q ~ Beta(a, b) from per-problem (n_i, c_i) (all problems, including c = 0), with
 *   P(c | n) = C(n, c)·B(c+a, n−c+b)/B(a, b)    (beta-binomial),
 * written as log Γ ratios (special.logGammaRatio in @passk/stats) so large n lose no digits. Variant 'mixture' adds
 * Levi's ceiling A (Levi 2024 Eq. 6): a fraction 1 − A of problems is never solved (q = 0). Variant
 * 'scaled' caps the success probability: q = s·r, r ~ Beta(a, b), s = pmax ∈ (0, 1), for which
 *   P(c | n) = C(n,c)·s^c·B(a+c, b)/B(a, b)·(1−s)^m·Σ_{j≤m} C(m,j)·(b)_j/(a+b+c)_j·(s/(1−s))^j, m = n − c
 * (Euler's integral for ₂F₁(−m, a+c; a+b+c; s) after Pfaff's transformation, which makes every
 * term positive, so the finite sum is evaluated by log-sum-exp without cancellation).
 * Implied pass@k (closed form):  E[1 − (1 − q)^k] = A·(1 − B(a, b+k)/B(a, b)),  whose failure tail
 * is A·Γ(a+b)/Γ(b)·k^(−a): in Levi's notation (failure p = 1 − q ~ Beta(α, β)) α = b, β = a.
 * Problems are grouped by distinct (n, c), so the likelihood costs O(#distinct pairs) and a
 * bootstrap over problems reweights the groups (multinomial counts) instead of copying data.
 */
import {
  z,
  PasskError,
  defineFitter,
  type FitResult,
  type FitStatus,
  type OutcomeGroup,
  type PluginContext,
  type TrialOutcomes,
} from '@passk/core'
import {
  special,
  isStatsError,
  betaBinomialFit as statsBetaBinomialFit,
  type BetaBinomialOptions,
  type BetaBinomialResult,
  type BetaBinomialVariant,
} from '@passk/stats'
import pkg from '../package.json' with { type: 'json' }
import { identify, unidentifiedMessage } from './internal/identify.js'

export {
  betaBinomialLogPmf,
  type BetaBinomialOptions,
  type BetaBinomialResult,
  type BetaBinomialVariant,
} from '@passk/stats'
import { curveGrid, curveRangeOptions, selectGroups } from './internal/outcome-options.js'

/**
 * MLE of Beta(a, b) (and the ceiling A for variant 'mixture', the cap pmax for 'scaled') from per-problem
 * attempts n and successes c: @passk/stats' betaBinomialFit with its input errors as PasskError (same code,
 * message and hint).
 */
export function betaBinomialFit(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  opts: BetaBinomialOptions = {},
): FitterBetaBinomialResult {
  let r: FitterBetaBinomialResult
  try {
    r = statsBetaBinomialFit(n, c, opts)
  } catch (e) {
    if (isStatsError(e)) throw new PasskError(e.code, e.message, e.hint)
    throw e
  }
  // A fit the data cannot determine is 'unidentified', never 'converged' (internal/identify.ts).
  const id = identify({
    status: r.status,
    names: r.names,
    values: r.values,
    stdErr: r.stdErr,
    ...(r.bootstrapSd
      ? { bootstrapSd: r.bootstrapSd, bootstrapFailures: r.bootstrapFailures ?? 0, bootstrapReps: opts.bootstrap ?? 0 }
      : {}),
    n,
    c,
  })
  if (id.status !== r.status) r = { ...r, status: id.status, message: unidentifiedMessage(id.reasons, r.message) }
  return r
}

/** @passk/stats' result with the fitters' status set (which adds 'unidentified'). */
export type FitterBetaBinomialResult = Omit<BetaBinomialResult, 'status'> & { status: FitStatus }

const ID = 'fitters/beta-binomial'

function fitGroup(
  g: OutcomeGroup,
  o: {
    variant: BetaBinomialVariant
    bootstrap: number
    kMax?: number | undefined
    kMaxFactor: number
    gridPoints: number
    maxIterations: number
  },
  ctx: PluginContext,
): FitResult {
  const r = betaBinomialFit(g.n, g.c, {
    variant: o.variant,
    bootstrap: o.bootstrap,
    rng: ctx.rng.split(`bootstrap:${g.label}`),
    maxIterations: o.maxIterations,
    progress: (d, t) => ctx.progress({ done: d, total: t, label: `bootstrap ${g.label}` }),
    checkAbort: () => ctx.throwIfAborted(),
  })
  if (r.status !== 'converged')
    ctx.warn('FIT_NOT_CONVERGED', `${ID}: group "${g.label}": status ${r.status}: ${r.message}`)
  if (r.bootstrapFailures)
    ctx.warn(
      'FIT_BOOTSTRAP_FAILURES',
      `${ID}: group "${g.label}": ${r.bootstrapFailures} of ${o.bootstrap} bootstrap refits failed and were left out of the intervals.`,
    )
  let nMax = 0
  for (let i = 0; i < g.n.length; i++) nMax = Math.max(nMax, g.n[i])
  const gx = curveGrid(o, nMax, o.variant === 'scaled' ? 2e5 : Infinity)
  // Failure tail A·Γ(a+b)/Γ(b)·(pmax·k)^(−a): pmax^(−a) folded into the prefactor.
  const tailPrefactor = r.A * Math.exp(-special.logGammaRatio(r.b, r.a)) * Math.pow(r.pmax, -r.a)
  const derived: Record<string, number> = {
    tailExponent: r.a,
    tailPrefactor,
    leviAlpha: r.b,
    leviBeta: r.a,
    meanSuccessProb: (r.A * r.pmax * r.a) / (r.a + r.b),
    problems: r.problems,
    [`passAt${nMax}`]: r.passAtK(nMax),
  }
  if (r.bootstrapSd)
    r.names.forEach((nm, j) => {
      if (Number.isFinite(r.bootstrapSd![j])) derived[`bootstrapSd_${nm}`] = r.bootstrapSd![j]
    })
  const out: FitResult = {
    model: `beta-binomial${o.variant === 'plain' ? '' : `-${o.variant}`}`,
    target: g.label,
    params: r.names.map((name, j) => ({
      name,
      value: r.values[j],
      stdErr: r.stdErr[j],
      ...(r.lower && Number.isFinite(r.lower[j]) ? { lower: r.lower[j], upper: r.upper![j] } : {}),
    })),
    status: r.status,
    message: r.message,
    iterations: r.iterations,
    goodness: {
      n: r.problems,
      dof: r.problems - r.names.length,
      ...(Number.isFinite(r.logLik) ? { logLik: r.logLik, aic: r.aic } : {}),
    },
    derived,
    predict: r.passAtK,
    curve: { x: gx, y: gx.map(r.passAtK) },
    quantity: 'pass',
  }
  if (r.correlation) out.correlation = r.correlation
  return out
}

export const betaBinomial = defineFitter({
  name: 'beta-binomial',
  version: pkg.version,
  summary: 'MLE of Beta(a, b) success probabilities from per-problem (n, c); implied pass@k in closed form',
  description:
    "One fit per outcome group. 'mixture' adds Levi's ceiling A (a fraction 1 − A never solved). The pass@k curve A·(1 − B(a, b+k)/B(a, b)) has the failure tail ∝ k^(−a).",
  refs: ['Levi 2024 Eq. 5–7 (with α = b, β = a)', 'Skellam 1948 (beta-binomial)'],
  accepts: 'TrialOutcomes',
  produces: 'Fit',
  options: z
    .object({
      variant: z
        .enum(['plain', 'mixture', 'scaled'])
        .default('plain')
        .describe(
          "'plain': q ~ Beta(a, b); 'mixture': with probability 1 − A a problem is unsolvable (q = 0); 'scaled': q = pmax·r, r ~ Beta(a, b)",
        ),
      bootstrap: z
        .number()
        .int()
        .min(0)
        .max(100000)
        .default(0)
        .describe('Bootstrap refits over problems for percentile intervals (0 = off)'),
      group: z.string().optional().describe('Label of the one group to fit; all groups when omitted'),
      ...curveRangeOptions('implied pass@k curve', 100000),
      maxIterations: z.number().int().min(1).max(100000).default(200).describe('Newton iteration limit'),
    })
    .strict(),
  run(t: TrialOutcomes, o, ctx) {
    const groups = selectGroups(t, o.group, ID)
    const fits = groups.map((g, i) => {
      ctx.throwIfAborted()
      ctx.progress({ done: i, total: groups.length, label: g.label })
      return fitGroup(g, o, ctx)
    })
    return { kind: 'Fit' as const, fits, meta: { model: 'beta-binomial', variant: o.variant } }
  },
})
