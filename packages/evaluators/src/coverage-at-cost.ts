/**
 * evaluators/coverage-at-cost: expected coverage (fraction of distinct problems solved) against the
 * total number of attempts, for two query protocols, from per-problem success probabilities p_i
 * (Reset-and-Discard abstract in papers/related-abstracts-incl-reset-and-discard.txt; notation ours):
 *
 *   failure after t attempts       q_i(t) = E[(1 − p_i)^t],   F(t) = mean_i q_i(t) = 1 − pass@t     (C1)
 *   standard (k attempts each)     attempts = P·k,            coverage = 1 − F(k)                    (C2)
 *   Reset-and-Discard, T rounds    attempts = P·Σ_{t=0}^{T−1} F(t),  coverage = 1 − F(T)             (C3)
 *
 * (C3): in round t+1 ReD attempts exactly the problems still unsolved after t rounds, whose expected
 * number is P·F(t); the coverage after T rounds equals the standard protocol's with k = T, so at a
 * target coverage y* both need the same T* and ReD saves the fraction 1 − Σ_{t<T*} F(t)/T*. For a
 * power law F(t) ≈ C·t^(−β) with β < 1 the sum is ≈ C·T^(1−β)/(1−β), so
 *   ReD attempts / standard attempts ≈ (1 − y*)/(1 − β)                                              (C4)
 * and the coverage deficit falls with ReD attempts A as 1 − coverage ∝ A^(−β/(1−β)).                 (C5)
 * Inverse problem: a ReD run's per-round attempt counts a_{t+1} are draws of P·F(t), so the slope of
 * log a_{t+1} on log t estimates −β directly (C3); equivalently β = γ/(1+γ) from the slope −γ of (C5).
 *
 * E[(1 − p)^t] is exact for the chosen model of p, no simulation:
 *   'empirical'      p_i = c_i/n_i (plug-in; problems with c = 0 are never solved)
 *   'unbiased'       q_i(t) = C(n−c, t)/C(n, t), unbiased for E[(1 − p_i)^t], only t ≤ n_i
 *   'beta-binomial'  posterior of p_i under a per-group Beta-Binomial fit (Levi 2024 Eq. 6–7):
 *                    q_i(t) = B(a+c, b+n−c+t)/B(a+c, b+n−c) (times P(solvable | data) for 'mixture').
 */
import { PasskError, defineEvaluator, logGrid, z, minOf } from '@passk/core'
import type { Curve, OutcomeGroup, PluginContext, Series, Table, TrialOutcomes } from '@passk/core'
import { PRODUCT_TERMS, logBetaMoment } from '@passk/stats'
import { fitGroupBeta, type BetaPrior } from './internal/beta-fit.js'
import pkg from '../package.json' with { type: 'json' }

const ID = 'evaluators/coverage-at-cost'

export const coverageAtCostOptions = z
  .object({
    probabilities: z
      .enum(['empirical', 'unbiased', 'beta-binomial'])
      .default('empirical')
      .describe(
        "Per-problem success model: 'empirical' p = c/n, 'unbiased' (exact for t ≤ n, stops at the smallest n), 'beta-binomial' (posterior under a per-group Beta-Binomial fit; extrapolates)",
      ),
    betaVariant: z
      .enum(['plain', 'mixture'])
      .default('plain')
      .describe("beta-binomial: 'plain' q ~ Beta(a, b), 'mixture' adds a never-solved fraction 1 − A"),
    maxRounds: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(1000)
      .describe('Largest number of rounds T (= attempts per problem k of the standard protocol)'),
    points: z.number().int().min(2).max(10000).default(60).describe('Points per curve (log-spaced in T)'),
    targets: z
      .array(z.number().gt(0).lt(1))
      .default([0.5, 0.6, 0.7, 0.8, 0.9, 0.95])
      .describe('Target coverages for the savings table'),
    exponentMinRounds: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('Inverse problem: first round t used in the fit of log a_{t+1} on log t'),
    exponentMaxRounds: z
      .union([z.literal('auto'), z.number().int().min(2)])
      .default('auto')
      .describe(
        "Inverse problem: last round used; 'auto' = the largest n (empirical/unbiased) or maxRounds (beta-binomial)",
      ),
  })
  .strict()

type Opts = z.output<typeof coverageAtCostOptions>

/** log C(n−c, t)/C(n, t) = Σ_{i<t} log1p(−c/(n−i)) (running sum; −∞ once n − c < t). */
function failureCurve(
  g: OutcomeGroup,
  o: Opts,
  T: number,
  beta: { a: number; b: number; A: number } | undefined,
  ctx: PluginContext,
): Float64Array {
  const P = g.problems.length
  const F = new Float64Array(T + 1)
  for (let i = 0; i < P; i++) {
    if ((i & 255) === 0) ctx.throwIfAborted()
    const n = g.n[i],
      c = g.c[i]
    if (o.probabilities === 'empirical') {
      // (1 − p)^t by repeated multiplication: exact to rounding, and exactly 1 for p = 0, 0 for p = 1.
      const r = 1 - c / n
      let q = 1
      for (let t = 0; t <= T; t++) {
        F[t] += q
        q *= r
      }
    } else if (o.probabilities === 'unbiased') {
      let s = 0
      for (let t = 0; t <= T; t++) {
        F[t] += c === 0 ? 1 : n - c < t ? 0 : Math.exp(s)
        if (t < n) s += Math.log1p(-c / (n - t))
      }
    } else {
      // Posterior Beta(a1, b1): E[(1−p)^{t+1}] = E[(1−p)^t]·(b1 + t)/(a1 + b1 + t)  (ratio of B functions).
      const a1 = beta!.a + c,
        b1 = beta!.b + n - c
      let w = 1
      if (c === 0 && beta!.A < 1) {
        // P(solvable | n, 0) = A·B(a, b+n)/B(a, b) / (A·B(a, b+n)/B(a, b) + 1 − A)
        // log B(a, b+n)/B(a, b): the running product up to PRODUCT_TERMS, the O(1) log Γ-ratio form beyond
        let lr = 0
        if (n > PRODUCT_TERMS) lr = logBetaMoment(n, beta!.b, beta!.a)
        else for (let j = 0; j < n; j++) lr += Math.log((beta!.b + j) / (beta!.a + beta!.b + j))
        const s = beta!.A * Math.exp(lr)
        w = s / (s + 1 - beta!.A)
      }
      let q = 1
      for (let t = 0; t <= T; t++) {
        F[t] += w * q + (1 - w)
        q *= (b1 + t) / (a1 + b1 + t)
      }
    }
  }
  for (let t = 0; t <= T; t++) F[t] /= P
  return F
}

/** Cumulative ReD attempts per problem: R[T] = Σ_{t<T} F[t]. */
function redAttempts(F: Float64Array): Float64Array {
  const R = new Float64Array(F.length)
  for (let t = 1; t < F.length; t++) R[t] = R[t - 1] + F[t - 1]
  return R
}

/**
 * Exponent β of F(t) ≈ C·t^(−β) from a ReD trajectory: OLS of log a(t) on log t over t ∈ [tMin, tMax],
 * where a(t) = expected (or observed) number of problems attempted in round t + 1 (= unsolved after t).
 * Also β from the coverage@cost slope (C5): γ from OLS of log(1 − coverage) on log(cumulative attempts),
 * β = γ/(1 + γ). Rounds with a(t) = 0 are left out (log undefined).
 */
export function redExponent(
  unsolved: ArrayLike<number>,
  tMin: number,
  tMax: number,
): { beta: number; se: number; betaFromCost: number; points: number } {
  const xs: number[] = [],
    ys: number[] = [],
    xs2: number[] = [],
    ys2: number[] = []
  let cum = 0
  for (let t = 0; t < unsolved.length && t <= tMax; t++) {
    const u = unsolved[t]
    cum += u // attempts in rounds 1..t+1
    if (t >= tMin && u > 0) {
      xs.push(Math.log(t))
      ys.push(Math.log(u))
      xs2.push(Math.log(cum))
      ys2.push(Math.log(unsolved[t + 1] ?? u))
    }
  }
  const ols = (x: number[], y: number[]) => {
    const m = x.length
    let mx = 0,
      my = 0
    for (let i = 0; i < m; i++) {
      mx += x[i]
      my += y[i]
    }
    mx /= m
    my /= m
    let sxx = 0,
      sxy = 0
    for (let i = 0; i < m; i++) {
      sxx += (x[i] - mx) ** 2
      sxy += (x[i] - mx) * (y[i] - my)
    }
    const slope = sxy / sxx
    let rss = 0
    for (let i = 0; i < m; i++) rss += (y[i] - my - slope * (x[i] - mx)) ** 2
    return { slope, se: m > 2 ? Math.sqrt(rss / (m - 2) / sxx) : NaN }
  }
  if (xs.length < 3) return { beta: NaN, se: NaN, betaFromCost: NaN, points: xs.length }
  const a = ols(xs, ys),
    b = ols(xs2, ys2)
  const gamma = -b.slope
  return { beta: -a.slope, se: a.se, betaFromCost: gamma / (1 + gamma), points: xs.length }
}

/** Linear interpolation of the (fractional) round T* where coverage 1 − F reaches y; NaN if never. */
function roundsFor(F: Float64Array, y: number): number {
  for (let t = 1; t < F.length; t++) {
    const c0 = 1 - F[t - 1],
      c1 = 1 - F[t]
    if (c1 >= y) return t - 1 + (y - c0) / (c1 - c0)
  }
  return NaN
}

export const coverageAtCost = defineEvaluator({
  name: 'coverage-at-cost',
  version: pkg.version,
  summary:
    'Expected coverage vs total attempts: standard k-per-problem protocol and Reset-and-Discard, with savings and the ReD exponent',
  description:
    'Exact expectations from per-problem success probabilities (empirical c/n, unbiased, or Beta-Binomial posterior): coverage 1 − F(T) after T rounds costs P·T attempts (standard) or P·Σ_{t<T} F(t) (Reset-and-Discard). Tables: attempt savings at target coverages (with the power-law prediction (1 − y)/(1 − β)) and β estimated from the ReD trajectory (expected, and observed when per-attempt outcomes are present).',
  refs: [
    'Reset-and-Discard abstract (papers/related-abstracts-incl-reset-and-discard.txt)',
    'Levi 2024, Eq. 6–7 (beta-binomial probabilities)',
  ],
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: coverageAtCostOptions,
  run(t: TrialOutcomes, o, ctx): Curve {
    if (!t.groups.length)
      throw new PasskError('PASSK_EMPTY_INPUT', `${ID}: the input has no outcome groups.`, 'Check the source stage.')
    const series: Series[] = []
    const savings: Table = {
      id: 'coverage-at-cost-savings',
      title: 'Attempts needed to reach a target coverage: standard vs Reset-and-Discard',
      columns: [
        'group',
        'target coverage',
        'rounds T*',
        'attempts standard',
        'attempts ReD',
        'ReD / standard',
        'power-law prediction (1−y)/(1−β)',
        'cost standard',
        'cost ReD',
      ],
      rows: [],
    }
    const expo: Table = {
      id: 'red-exponent',
      title: 'pass@k power-law exponent β inferred from the Reset-and-Discard trajectory',
      columns: [
        'group',
        'trajectory',
        'rounds from',
        'rounds to',
        'beta (per-round attempts)',
        'se',
        'beta (coverage@cost slope)',
        'points',
      ],
      rows: [],
    }
    const meanCost = (t.meta.meanCostPerAttempt ?? {}) as Record<string, number>
    const betaFits: Record<string, BetaPrior & { status: string }> = {}
    t.groups.forEach((g, gi) => {
      ctx.throwIfAborted()
      ctx.progress({ done: gi, total: t.groups.length, label: g.label })
      const P = g.problems.length
      if (!P)
        throw new PasskError(
          'PASSK_EMPTY_INPUT',
          `${ID}: group ${JSON.stringify(g.label)} has no problems.`,
          'Check the source (model filter, file).',
        )
      let minN = Infinity,
        maxN = 0
      for (let i = 0; i < P; i++) {
        const n = g.n[i],
          c = g.c[i]
        if (!(Number.isInteger(n) && Number.isInteger(c) && n >= 1 && c >= 0 && c <= n))
          throw new PasskError(
            'PASSK_BAD_INPUT',
            `${ID}: group ${JSON.stringify(g.label)}, problem ${JSON.stringify(g.problems[i])} has n = ${n}, c = ${c} (need integers 0 ≤ c ≤ n, n ≥ 1).`,
            'Fix the counts in the source.',
          )
        if (n < minN) minN = n
        if (n > maxN) maxN = n
      }
      let T = o.maxRounds
      if (o.probabilities === 'unbiased' && T > minN) {
        ctx.warn(
          'PASSK_ROUNDS_BEYOND_N',
          `${g.label}: the unbiased estimate of E[(1−p)^t] exists only for t ≤ n; rounds capped at the smallest n = ${minN} (maxRounds ${o.maxRounds}). Use probabilities 'beta-binomial' to extrapolate.`,
        )
        T = minN
      }
      let beta: { a: number; b: number; A: number } | undefined
      if (o.probabilities === 'beta-binomial') {
        beta = fitGroupBeta(
          g,
          {
            id: ID,
            variant: o.betaVariant,
            purpose: '',
            usedFor: '',
            hint: "Use probabilities 'empirical'.",
            record: betaFits,
          },
          ctx,
        )
      }
      const F = failureCurve(g, o, T, beta, ctx)
      const R = redAttempts(F)
      const grid = o.points >= T ? Array.from({ length: T }, (_, i) => i + 1) : logGrid(1, T, o.points, true)
      const label = (p: string) => (t.groups.length > 1 ? `${g.label} · ${p}` : p)
      series.push({
        label: label('standard'),
        x: grid.map((k) => P * k),
        y: grid.map((k) => 1 - F[k]),
        style: 'data',
        attrs: { group: g.label, protocol: 'standard', problems: P },
      })
      series.push({
        label: label('ReD'),
        x: grid.map((k) => P * R[k]),
        y: grid.map((k) => 1 - F[k]),
        style: 'data',
        attrs: { group: g.label, protocol: 'reset-and-discard', problems: P },
      })
      // inverse problem on the expected trajectory
      const tMax =
        o.exponentMaxRounds === 'auto'
          ? o.probabilities === 'beta-binomial'
            ? T
            : Math.min(T, maxN)
          : Math.min(T, o.exponentMaxRounds)
      const ex = redExponent(
        Array.from(F.subarray(0, tMax + 2), (f) => f * P),
        o.exponentMinRounds,
        tMax,
      )
      expo.rows.push([
        g.label,
        `expected (${o.probabilities})`,
        o.exponentMinRounds,
        tMax,
        fin(ex.beta),
        fin(ex.se),
        fin(ex.betaFromCost),
        ex.points,
      ])
      if (g.attempts) {
        // Observed ReD run replayed from the logged attempt order: problem i is unsolved after t rounds
        // iff its first t logged attempts all failed (rounds beyond a problem's n are not observed).
        const L = minOf(g.attempts.map((a) => a.length))
        if (L >= 4) {
          const first = g.attempts.map((a) => {
            const j = a.indexOf(1)
            return j < 0 ? Infinity : j + 1
          })
          const u = Array.from({ length: L + 1 }, (_, r) => first.filter((f) => f > r).length)
          const ob = redExponent(u, o.exponentMinRounds, L - 1)
          expo.rows.push([
            g.label,
            'observed (logged attempt order)',
            o.exponentMinRounds,
            L - 1,
            fin(ob.beta),
            fin(ob.se),
            fin(ob.betaFromCost),
            ob.points,
          ])
        }
      }
      const betaHat = ex.beta
      const cost = meanCost[g.label]
      for (const y of o.targets) {
        const Ts = roundsFor(F, y)
        if (Number.isNaN(Ts)) {
          savings.rows.push([g.label, y, null, null, null, null, null, null, null])
          continue
        }
        const f = Ts - Math.floor(Ts),
          lo = Math.floor(Ts)
        const red = P * (R[lo] + f * (R[Math.min(lo + 1, T)] - R[lo]))
        const std = P * Ts
        savings.rows.push([
          g.label,
          y,
          Ts,
          std,
          red,
          red / std,
          Number.isFinite(betaHat) && betaHat < 1 ? (1 - y) / (1 - betaHat) : null,
          cost !== undefined ? std * cost : null,
          cost !== undefined ? red * cost : null,
        ])
      }
      const unreachable = o.targets.filter((y) => Number.isNaN(roundsFor(F, y)))
      if (unreachable.length)
        ctx.warn(
          'PASSK_TARGET_UNREACHED',
          `${g.label}: coverage ${unreachable.join(', ')} is not reached within ${T} rounds (coverage at T = ${T}: ${(1 - F[T]).toFixed(4)}${o.probabilities === 'empirical' ? '; with empirical p = c/n, problems never solved in the log stay unsolved' : ''}).`,
        )
    })
    ctx.table(savings)
    ctx.table(expo)
    return {
      kind: 'Curve',
      id: 'coverage-at-cost',
      title: 'Coverage@cost: standard vs Reset-and-Discard',
      xLabel: 'total attempts',
      yLabel: 'coverage (fraction of problems solved)',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'coverage',
      series,
      meta: {
        probabilities: o.probabilities,
        maxRounds: o.maxRounds,
        ...(Object.keys(betaFits).length ? { betaBinomial: betaFits } : {}),
      },
    }
  },
})

function fin(x: number): number | null {
  return Number.isFinite(x) ? x : null
}
