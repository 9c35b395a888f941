/**
 * evaluators/passk-unbiased: pass@k from per-problem (n, c) with the unbiased estimator
 * (Chen et al. 2021, Eq. 1) in product form, averaged over problems:
 *   pass@k = mean_i [1 − C(n_i − c_i, k)/C(n_i, k)],  1 − C(n−c, k)/C(n, k) = −expm1(Σ_{i<k} log1p(−c/(n−i))).
 * k > n_i is never handled silently: each such (problem, k) is flagged in a table and resolved by the
 * beyondN policy — 'drop' (average over the problems with n_i ≥ k), 'extrapolate-beta' (posterior-
 * predictive pass@k under a per-group Beta-Binomial fit, Levi 2024 Eq. 6–7) or 'error'.
 * Intervals: percentile bootstrap over problems (seeded) for the curve; Wilson or Jeffreys intervals
 * for each problem's single-attempt success rate c/n in a table.
 */
import { PasskError, defineEvaluator, expandGrid, gridSchema, z, maxOf } from '@passk/core'
import type { Curve, OutcomeGroup, PluginContext, Series, Table, TrialOutcomes } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { jeffreys, passAtKs, posteriorPassAtK, wilson } from './internal/stats.js'
import { fitGroupBeta, type BetaPrior } from './internal/beta-fit.js'

const ID = 'evaluators/passk-unbiased'

export const passkUnbiasedOptions = z
  .object({
    k: z
      .union([z.literal('auto'), gridSchema])
      .default('auto')
      .describe(
        "Numbers of attempts k (integers ≥ 1; list or {from, to, num, integer: true}); 'auto' = powers of 2 up to the largest n, plus the largest n",
      ),
    beyondN: z
      .enum(['drop', 'extrapolate-beta', 'error'])
      .default('drop')
      .describe(
        "For k > n_i: 'drop' averages over problems with n_i ≥ k, 'extrapolate-beta' uses a per-group Beta-Binomial posterior, 'error' refuses",
      ),
    betaVariant: z
      .enum(['plain', 'mixture'])
      .default('plain')
      .describe("extrapolate-beta: 'plain' q ~ Beta(a, b), 'mixture' adds a never-solved fraction 1 − A"),
    interval: z
      .enum(['bootstrap', 'none'])
      .default('bootstrap')
      .describe('Curve intervals: percentile bootstrap over problems, or none'),
    bootstrap: z.number().int().min(20).max(100000).default(1000).describe('Bootstrap resamples of the problems'),
    level: z.number().gt(0).lt(1).default(0.95).describe('Confidence level of all intervals'),
    problemInterval: z
      .enum(['jeffreys', 'wilson'])
      .default('jeffreys')
      .describe("Per-problem interval of c/n in the 'passk-problems' table"),
    problemTable: z.boolean().default(true).describe('Publish the per-problem table (n, c, c/n and its interval)'),
  })
  .strict()

type Opts = z.output<typeof passkUnbiasedOptions>

function ksFor(o: Opts, t: TrialOutcomes): number[] {
  let maxN = 0
  for (const g of t.groups) for (let i = 0; i < g.n.length; i++) if (g.n[i] > maxN) maxN = g.n[i]
  if (o.k === 'auto') {
    const ks: number[] = []
    for (let k = 1; k < maxN; k *= 2) ks.push(k)
    ks.push(maxN)
    return ks
  }
  const ks = expandGrid(o.k)
  const bad = ks.find((k) => !Number.isInteger(k) || k < 1)
  if (bad !== undefined)
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${ID}: k must be whole numbers ≥ 1, got ${bad}.`,
      'Use a list of integers or a range with "integer": true.',
    )
  return ks
}

function checkGroup(g: OutcomeGroup): void {
  if (g.problems.length === 0)
    throw new PasskError(
      'PASSK_EMPTY_INPUT',
      `${ID}: group ${JSON.stringify(g.label)} has no problems.`,
      'Check the source (model filter, file).',
    )
  for (let i = 0; i < g.n.length; i++) {
    const n = g.n[i],
      c = g.c[i]
    if (!(Number.isInteger(n) && Number.isInteger(c) && n >= 1 && c >= 0 && c <= n)) {
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `${ID}: group ${JSON.stringify(g.label)}, problem ${JSON.stringify(g.problems[i])} has n = ${n}, c = ${c} (need integers 0 ≤ c ≤ n, n ≥ 1).`,
        'Fix the counts in the source.',
      )
    }
  }
}

export interface GroupPassk {
  ks: number[]
  /** P × K row-major per-problem pass@k; NaN where dropped (k > n_i under 'drop'). */
  values: Float64Array
  mean: number[]
  used: number[]
  beyond: number[]
}

/** Per-problem values and the plain mean for one group (exported for tests and the fit command). */
export function groupPassk(
  g: OutcomeGroup,
  ks: number[],
  policy: Opts['beyondN'],
  beta?: { a: number; b: number; A: number },
): GroupPassk {
  const P = g.problems.length,
    K = ks.length
  const values = new Float64Array(P * K)
  const row = new Float64Array(K)
  const used = new Array<number>(K).fill(0),
    beyond = new Array<number>(K).fill(0),
    sum = new Array<number>(K).fill(0)
  for (let i = 0; i < P; i++) {
    const n = g.n[i],
      c = g.c[i]
    let kIn = 0
    while (kIn < K && ks[kIn] <= n) kIn++
    passAtKs(n, c, ks.slice(0, kIn), row)
    for (let j = 0; j < K; j++) {
      let v: number
      if (j < kIn) v = row[j]
      else {
        beyond[j]++
        v = policy === 'extrapolate-beta' && beta ? posteriorPassAtK(n, c, ks[j], beta.a, beta.b, beta.A) : NaN
      }
      values[i * K + j] = v
      if (!Number.isNaN(v)) {
        used[j]++
        sum[j] += v
      }
    }
  }
  return { ks, values, mean: sum.map((s, j) => (used[j] ? s / used[j] : NaN)), used, beyond }
}

/** Percentile bootstrap over problems of the mean of each column (NaN entries skipped). */
function bootstrapMeans(
  values: Float64Array,
  P: number,
  K: number,
  B: number,
  level: number,
  ctx: PluginContext,
  rng: PluginContext['rng'],
): { lower: number[]; upper: number[] } {
  const draws = new Float64Array(B * K)
  const sum = new Float64Array(K),
    cnt = new Float64Array(K)
  for (let b = 0; b < B; b++) {
    if ((b & 63) === 0) ctx.throwIfAborted()
    sum.fill(0)
    cnt.fill(0)
    for (let r = 0; r < P; r++) {
      const i = rng.int(P),
        off = i * K
      for (let j = 0; j < K; j++) {
        const v = values[off + j]
        if (v === v) {
          sum[j] += v
          cnt[j]++
        }
      }
    }
    for (let j = 0; j < K; j++) draws[b * K + j] = cnt[j] ? sum[j] / cnt[j] : NaN
  }
  const lower: number[] = [],
    upper: number[] = []
  const col = new Float64Array(B)
  const lo = (1 - level) / 2
  for (let j = 0; j < K; j++) {
    let m = 0
    for (let b = 0; b < B; b++) {
      const v = draws[b * K + j]
      if (v === v) col[m++] = v
    }
    const s = col.subarray(0, m).sort()
    // Percentile interval with linear interpolation between order statistics (type 7).
    const q = (p: number) => {
      if (!m) return NaN
      const h = (m - 1) * p,
        f = Math.floor(h)
      return s[f] + (h - f) * (s[Math.min(f + 1, m - 1)] - s[f])
    }
    lower.push(q(lo))
    upper.push(q(1 - lo))
  }
  return { lower, upper }
}

export const passkUnbiased = defineEvaluator({
  name: 'passk-unbiased',
  version: pkg.version,
  summary: 'Unbiased pass@k from per-problem (n, c), product form, with bootstrap and per-problem intervals',
  description:
    'pass@k = mean over problems of 1 − C(n−c, k)/C(n, k) (Chen et al. 2021 Eq. 1), computed as −expm1(Σ log1p(−c/(n−i))). k > n_i is flagged per problem (table passk-beyond-n) and handled by beyondN. One series per group; bootstrap over problems gives lower/upper.',
  refs: [
    'Chen et al. 2021, Eq. 1',
    'Levi 2024, Eq. 6–7 (extrapolate-beta)',
    'Brown, Cai & DasGupta 2001 (Wilson, Jeffreys)',
  ],
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: passkUnbiasedOptions,
  run(t: TrialOutcomes, o, ctx): Curve {
    if (!t.groups.length)
      throw new PasskError('PASSK_EMPTY_INPUT', `${ID}: the input has no outcome groups.`, 'Check the source stage.')
    t.groups.forEach(checkGroup)
    const ks = ksFor(o, t)
    const series: Series[] = []
    const summary: Table = {
      id: 'passk',
      title: 'pass@k (unbiased) per group',
      columns: [
        'group',
        'k',
        'pass@k',
        'lower',
        'upper',
        'se',
        'problems used',
        'problems with n < k',
        'k > n handling',
      ],
      rows: [],
    }
    const flags: Table = {
      id: 'passk-beyond-n',
      title: 'Problems with fewer attempts than some requested k',
      columns: ['group', 'problem', 'n', 'c', 'smallest k > n', 'ks affected', 'handling'],
      rows: [],
    }
    const problems: Table = {
      id: 'passk-problems',
      title: `Per-problem success rate c/n with ${o.problemInterval} ${Math.round(o.level * 100)}% intervals`,
      columns: ['group', 'problem', 'n', 'c', 'c/n', 'lower', 'upper'],
      rows: [],
    }
    const betaFits: Record<string, BetaPrior & { status: string }> = {}
    t.groups.forEach((g, gi) => {
      ctx.throwIfAborted()
      ctx.progress({ done: gi, total: t.groups.length, label: g.label })
      const P = g.problems.length,
        K = ks.length
      let minN = Infinity
      for (let i = 0; i < P; i++) if (g.n[i] < minN) minN = g.n[i]
      const needBeyond = ks[K - 1] > minN
      if (needBeyond && o.beyondN === 'error') {
        const cnt = Array.from(g.n).filter((n) => n < ks[K - 1]).length
        throw new PasskError(
          'PASSK_K_BEYOND_N',
          `${ID}: group ${JSON.stringify(g.label)}: k = ${ks[K - 1]} exceeds the attempts of ${cnt} of ${P} problems (smallest n = ${minN}); the unbiased estimator needs k ≤ n.`,
          `Use k ≤ ${minN}, or set beyondN to 'drop' (average over problems with enough attempts) or 'extrapolate-beta' (model-based).`,
        )
      }
      let beta: { a: number; b: number; A: number } | undefined
      if (needBeyond && o.beyondN === 'extrapolate-beta') {
        beta = fitGroupBeta(
          g,
          {
            id: ID,
            variant: o.betaVariant,
            purpose: ' for extrapolation',
            usedFor: ' used for k > n',
            hint: "Use beyondN 'drop', or restrict k to the observed n.",
            record: betaFits,
          },
          ctx,
        )
      }
      const gp = groupPassk(g, ks, o.beyondN, beta)
      // flags per problem
      for (let i = 0; i < P; i++) {
        const first = ks.findIndex((k) => k > g.n[i])
        if (first >= 0)
          flags.rows.push([
            g.label,
            g.problems[i],
            g.n[i],
            g.c[i],
            ks[first],
            K - first,
            o.beyondN === 'drop' ? 'dropped from the mean' : 'Beta-Binomial posterior',
          ])
      }
      const affected = gp.beyond.map((b, j) => [ks[j], b] as const).filter(([, b]) => b > 0)
      if (affected.length) {
        ctx.warn(
          'PASSK_K_BEYOND_N',
          `${g.label}: ${affected.length} k value(s) exceed some problems' n (k = ${affected.map(([k, b]) => `${k}: ${b}/${P}`).join(', ')}); ${o.beyondN === 'drop' ? 'those problems are dropped from the mean at that k, so the problem mix changes (see table passk-beyond-n)' : 'their pass@k is the Beta-Binomial posterior prediction, a model-based extrapolation'}.`,
        )
      }
      // standard errors of the mean over used problems
      const se: number[] = []
      for (let j = 0; j < K; j++) {
        let s = 0,
          s2 = 0,
          m = 0
        for (let i = 0; i < P; i++) {
          const v = gp.values[i * K + j]
          if (v === v) {
            s += v
            s2 += v * v
            m++
          }
        }
        se.push(m > 1 ? Math.sqrt(Math.max(0, (s2 - (s * s) / m) / (m - 1)) / m) : NaN)
      }
      let lower: number[] | undefined, upper: number[] | undefined
      if (o.interval === 'bootstrap')
        ({ lower, upper } = bootstrapMeans(
          gp.values,
          P,
          K,
          o.bootstrap,
          o.level,
          ctx,
          ctx.rng.split(`bootstrap:${g.label}`),
        ))
      const keep = ks.map((_, j) => gp.used[j] > 0)
      const pick = <T>(a: T[]) => a.filter((_, j) => keep[j])
      const s: Series = {
        label: g.label,
        x: pick(ks),
        y: pick(gp.mean),
        se: pick(se).map((v) => (Number.isFinite(v) ? v : 0)),
        style: 'data',
        attrs: { problems: P, minN, maxN: maxOf(g.n) },
      }
      if (lower && upper) {
        s.lower = pick(lower)
        s.upper = pick(upper)
      }
      series.push(s)
      ks.forEach((k, j) =>
        summary.rows.push([
          g.label,
          k,
          gp.used[j] ? gp.mean[j] : null,
          lower?.[j] ?? null,
          upper?.[j] ?? null,
          Number.isFinite(se[j]) ? se[j] : null,
          gp.used[j],
          gp.beyond[j],
          gp.beyond[j] ? o.beyondN : '',
        ]),
      )
      if (o.problemTable) {
        for (let i = 0; i < P; i++) {
          const [lo, hi] =
            o.problemInterval === 'wilson' ? wilson(g.n[i], g.c[i], o.level) : jeffreys(g.n[i], g.c[i], o.level)
          problems.rows.push([g.label, g.problems[i], g.n[i], g.c[i], g.c[i] / g.n[i], lo, hi])
        }
      }
    })
    ctx.table(summary)
    if (flags.rows.length) ctx.table(flags)
    if (o.problemTable) ctx.table(problems)
    return {
      kind: 'Curve',
      id: 'passk',
      title: 'pass@k (unbiased estimator)',
      xLabel: 'k (attempts per problem)',
      yLabel: 'pass@k',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'pass',
      series,
      meta: {
        estimator: 'unbiased (Chen et al. 2021 Eq. 1)',
        beyondN: o.beyondN,
        interval: o.interval,
        level: o.level,
        ...(o.interval === 'bootstrap' ? { bootstrap: o.bootstrap } : {}),
        ...(Object.keys(betaFits).length
          ? {
              betaBinomial: betaFits,
              ...(o.interval === 'bootstrap'
                ? {
                    bootstrapNote:
                      'extrapolated points resample problems with the fitted Beta-Binomial prior held fixed',
                  }
                : {}),
            }
          : {}),
      },
    }
  },
})
