/**
 * evaluators/passk-unbiased: pass@k from per-problem (n, c) with the unbiased estimator
 * (Chen et al. 2021, Eq. 1) in product form, averaged over problems:
 *   pass@k = mean_i [1 − C(n_i − c_i, k)/C(n_i, k)],  1 − C(n−c, k)/C(n, k) = −expm1(Σ_{i<k} log1p(−c/(n−i))).
 * k > n_i is never handled silently: each such (problem, k) is flagged in a table and resolved by the
 * beyondN policy:
 *   'fill-beta'  one fixed problem set at every k: a problem with n_i < k keeps its n_i observed attempts and the
 *                k − n_i missing ones are predicted under a per-group Beta-Binomial fit (Levi 2024 Eq. 6–7):
 *                pass = 1 if c_i > 0, else P(a success in k − n_i more attempts | n_i failures)
 *                = posteriorPassAtK(n_i, 0, k − n_i). By the tower property its mean over problems is unbiased
 *                for pass@k when the model holds, it agrees with the unbiased estimator at k = n_i, and each
 *                problem's value is non-decreasing in k, so the curve is monotone. Points with any filled-in
 *                problem are 'model-based': they go in a separate series "<group> (model-based)" of style
 *                'fit', which curve fitters skip, and the table says so (basis, problems model-based).
 *                This is `passk fit`'s default (ragged n: never average over a problem set that changes with k).
 *   'drop'       average over the problems with n_i ≥ k (the problem mix changes with k; warned).
 *   'extrapolate-beta'  the fresh-attempt posterior predictive posteriorPassAtK(n_i, c_i, k) (model-based;
 *                kept in the data series; not monotone at k = n_i for solved problems — prefer 'fill-beta').
 *   'error'      refuse.
 * Adaptive stopping (sampling until a success, in batches): detected per group (evaluators/passk-survival's
 * detectAdaptiveStopping), warned PASSK_ADAPTIVE_STOPPING, and — adaptiveStopping 'auto' — pass@k switches to
 * Kaplan–Meier P(T ≤ k) (Kaplan & Meier 1958), valid under optional stopping: on first-success times when the
 * attempt order is known, on batches of m = gcd(n_i) attempts from counts only (batchKaplanMeierPassAtK).
 * Intervals: percentile bootstrap over problems (seeded) for the curve; Wilson or Jeffreys intervals
 * for each problem's single-attempt success rate c/n in a table.
 */
import { PasskError, defineEvaluator, expandGrid, gridSchema, isPasskError, z } from '@passk/core'
import type { Curve, OutcomeGroup, PluginContext, Series, Table, TrialOutcomes } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { jeffreys, passAtKs, posteriorPassAtK, wilson } from './internal/stats.js'
import { fitGroupBeta, type BetaPrior } from './internal/beta-fit.js'
import {
  batchKaplanMeierPassAtK,
  batchSize,
  detectAdaptiveStopping,
  firstSuccessTimes,
  kaplanMeierPassAtK,
  type KaplanMeierPassAtK,
} from './passk-survival.js'

const ID = 'evaluators/passk-unbiased'

export const passkUnbiasedOptions = z
  .object({
    k: z
      .union([z.literal('auto'), gridSchema])
      .default('auto')
      .describe(
        "Numbers of attempts k (integers ≥ 1; list or {from, to, num, integer: true}); 'auto' = per group, powers of 2 up to that group's largest n, plus that n (and its smallest n, when n varies)",
      ),
    beyondN: z
      .enum(['drop', 'fill-beta', 'extrapolate-beta', 'error'])
      .default('drop')
      .describe(
        "For k > n_i: 'fill-beta' keeps every problem (its missing k − n_i attempts predicted by a per-group Beta-Binomial posterior; such points are labelled model-based and not used by curve fits), 'drop' averages over problems with n_i ≥ k (the problem set changes with k), 'extrapolate-beta' uses the fresh-attempt posterior, 'error' refuses",
      ),
    adaptiveStopping: z
      .enum(['auto', 'warn'])
      .default('auto')
      .describe(
        "Logs sampled until a success (detected from attempt order, or from counts whose n shrinks as c grows): 'auto' warns and switches to Kaplan–Meier P(first success ≤ k), 'warn' only warns",
      ),
    betaVariant: z
      .enum(['plain', 'mixture'])
      .default('plain')
      .describe("fill-beta and extrapolate-beta: 'plain' q ~ Beta(a, b), 'mixture' adds a never-solved fraction 1 − A"),
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

/** The k grid of one group: 'auto' = powers of 2 below the group's largest n, then that n. */
function ksFor(o: Opts, g: OutcomeGroup): number[] {
  let maxN = 0
  for (let i = 0; i < g.n.length; i++) if (g.n[i] > maxN) maxN = g.n[i]
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

/**
 * Per-problem values and the plain mean for one group (exported for tests and the fit command). Under
 * 'fill-beta' without a usable Beta fit the filled entries are NaN and the caller reports no value at those k.
 */
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
        if (!beta) v = NaN
        else if (policy === 'extrapolate-beta') v = posteriorPassAtK(n, c, ks[j], beta.a, beta.b, beta.A)
        else if (policy === 'fill-beta')
          // the n observed attempts are part of the k: solved stays solved; otherwise k − n more attempts
          v = c > 0 ? 1 : posteriorPassAtK(n, 0, ks[j] - n, beta.a, beta.b, beta.A)
        else v = NaN
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

interface SurvivalEstimate {
  estimator: string
  y: number[]
  se: number[]
  lower?: number[]
  upper?: number[]
  atRisk: number[]
}

/**
 * Adaptive stopping: when the group looks sampled until a success, warn (with the evidence) and — adaptiveStopping
 * 'auto' — estimate pass@k = P(T ≤ k) by Kaplan–Meier instead (valid under optional stopping): on first-success
 * times with attempt order, on batches of m = gcd(n_i) attempts from counts only. Intervals: percentile bootstrap
 * over problems (the same resample count as the unbiased curve). Undefined = keep the unbiased estimator.
 */
function adaptiveEstimate(g: OutcomeGroup, ks: number[], o: Opts, ctx: PluginContext): SurvivalEstimate | undefined {
  const ev = detectAdaptiveStopping(g)
  if (!ev.adaptive) return undefined
  const T = firstSuccessTimes(g)
  const m = T ? 1 : batchSize(g.n)
  let fits = T !== null
  if (!T) {
    fits = m >= 1
    for (let i = 0; i < g.c.length && fits; i++) if (g.c[i] > m) fits = false
  }
  if (o.adaptiveStopping === 'warn' || !fits) {
    ctx.warn(
      'PASSK_ADAPTIVE_STOPPING',
      `${g.label}: sampling appears to stop at a success (${ev.reason}); the unbiased estimator, kept here, is biased under such stopping${fits ? '' : ` (the counts do not fit batches of a common size: a solved problem has more successes than gcd(n) = ${m}, so Kaplan–Meier cannot be applied from counts)`}. Hint: ${fits ? "adaptiveStopping 'auto' switches to Kaplan–Meier" : 'log per-attempt outcomes in order (evaluators/passk-survival), or fit the Beta-Binomial (its likelihood is valid under optional stopping)'}.`,
    )
    return undefined
  }
  const estimator = T ? 'kaplan-meier (first-success times)' : `kaplan-meier (counts, batches of ${m})`
  ctx.warn(
    'PASSK_ADAPTIVE_STOPPING',
    `${g.label}: sampling appears to stop at a success (${ev.reason}); the unbiased estimator is biased under such stopping, so pass@k here is P(first success ≤ k) by Kaplan–Meier${T ? ' on the first-success times' : ` on batches of ${m} attempt(s) from the counts`}, unsolved problems censored at their n. Hint: adaptiveStopping 'warn' keeps the unbiased estimator; beyond the largest n use the extrapolation table (Beta-Binomial likelihood, valid under optional stopping).`,
  )
  const P = g.n.length
  const km = (n: ArrayLike<number>, c: ArrayLike<number>, t: ArrayLike<number> | null): KaplanMeierPassAtK =>
    t ? kaplanMeierPassAtK(t, n, ks) : batchKaplanMeierPassAtK(n, c, m, ks)
  const full = km(g.n, g.c, T)
  const out: SurvivalEstimate = { estimator, y: full.passAtK, se: full.se, atRisk: full.atRisk }
  if (o.interval === 'bootstrap') {
    const rng = ctx.rng.split(`bootstrap:${g.label}`)
    const K = ks.length,
      B = o.bootstrap
    const draws = new Float64Array(B * K)
    const n1 = new Float64Array(P),
      c1 = new Float64Array(P),
      t1 = T ? new Float64Array(P) : null
    for (let b = 0; b < B; b++) {
      if ((b & 63) === 0) ctx.throwIfAborted()
      for (let r = 0; r < P; r++) {
        const i = rng.int(P)
        n1[r] = g.n[i]
        c1[r] = g.c[i]
        if (t1 && T) t1[r] = T[i]
      }
      const e = km(n1, c1, t1)
      for (let j = 0; j < K; j++) draws[b * K + j] = e.passAtK[j]
    }
    const lo = (1 - o.level) / 2
    out.lower = []
    out.upper = []
    const col = new Float64Array(B)
    for (let j = 0; j < K; j++) {
      let cnt = 0
      for (let b = 0; b < B; b++) {
        const v = draws[b * K + j]
        if (v === v) col[cnt++] = v
      }
      const sorted = col.subarray(0, cnt).sort()
      const q = (p: number) => {
        if (!cnt || !Number.isFinite(full.passAtK[j])) return NaN
        const h = (cnt - 1) * p,
          f = Math.floor(h)
        return sorted[f] + (h - f) * (sorted[Math.min(f + 1, cnt - 1)] - sorted[f])
      }
      out.lower.push(q(lo))
      out.upper.push(q(1 - lo))
    }
  }
  return out
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
        'basis',
        'problems model-based',
        'estimator',
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
    const estimators: Record<string, string> = {}
    t.groups.forEach((g, gi) => {
      ctx.throwIfAborted()
      ctx.progress({ done: gi, total: t.groups.length, label: g.label })
      let ks = ksFor(o, g)
      const P = g.problems.length
      let minN = Infinity,
        maxN = 0
      for (let i = 0; i < P; i++) {
        if (g.n[i] < minN) minN = g.n[i]
        if (g.n[i] > maxN) maxN = g.n[i]
      }
      const attrs = { problems: P, minN, maxN }
      const survival = adaptiveEstimate(g, ks, o, ctx)
      // ragged n, auto grid: the smallest n is a grid point too, so the observed range ends exactly where it does
      if (!survival && o.k === 'auto' && minN < maxN && !ks.includes(minN)) ks = [...ks, minN].sort((a, b) => a - b)
      const K = ks.length
      if (survival) {
        estimators[g.label] = survival.estimator
        const keep = ks.map((_, j) => Number.isFinite(survival.y[j]))
        const pick = <T>(a: T[]) => a.filter((_, j) => keep[j])
        const sr: Series = {
          label: g.label,
          x: pick(ks),
          y: pick(survival.y),
          se: pick(survival.se),
          style: 'data',
          attrs: { ...attrs, estimator: survival.estimator },
        }
        if (survival.lower && survival.upper) {
          sr.lower = pick(survival.lower)
          sr.upper = pick(survival.upper)
        }
        series.push(sr)
        ks.forEach((k, j) =>
          summary.rows.push([
            g.label,
            k,
            keep[j] ? survival.y[j] : null,
            survival.lower?.[j] ?? null,
            survival.upper?.[j] ?? null,
            keep[j] ? survival.se[j] : null,
            keep[j] ? survival.atRisk[j] : 0,
            ks[j] > minN ? Array.from(g.n).filter((n) => n < k).length : 0,
            keep[j] ? 'Kaplan–Meier (censored at n)' : 'beyond every n: not estimated',
            keep[j] ? 'observed' : '',
            0,
            survival.estimator,
          ]),
        )
        const lost = ks.filter((_, j) => !keep[j])
        if (lost.length)
          ctx.warn(
            'PASSK_K_BEYOND_N',
            `${g.label}: k = ${lost.join(', ')} exceed every problem's n (largest n = ${maxN}); Kaplan–Meier has no problem at risk there, so those k are not reported. Hint: the extrapolation table (fitters/extrapolate, fitters/beta-binomial: their likelihood is valid under optional stopping) goes further.`,
          )
      } else {
        estimators[g.label] = 'unbiased'
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
        const fitOpts = {
          id: ID,
          variant: o.betaVariant,
          purpose: ' for extrapolation',
          usedFor: ' used for k > n',
          hint: "Use beyondN 'drop', or restrict k to the observed n.",
          record: betaFits,
        }
        if (needBeyond && o.beyondN === 'extrapolate-beta') beta = fitGroupBeta(g, fitOpts, ctx)
        if (needBeyond && o.beyondN === 'fill-beta') {
          try {
            beta = fitGroupBeta(g, fitOpts, ctx)
          } catch (e) {
            if (!isPasskError(e)) throw e
            ctx.warn(
              'PASSK_FILL_FAILED',
              `${g.label}: no Beta-Binomial fit to fill in problems with n < k (${e.message}); pass@k is reported only for k ≤ ${minN}, where every problem has k attempts. Hint: restrict k to the observed n, or use beyondN 'drop' (its problem set changes with k).`,
            )
          }
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
              o.beyondN === 'drop'
                ? 'dropped from the mean'
                : o.beyondN === 'fill-beta'
                  ? beta
                    ? 'filled in: observed attempts + Beta-Binomial posterior for the rest'
                    : 'no fit: k not reported'
                  : 'Beta-Binomial posterior',
            ])
        }
        const affected = gp.beyond.map((b, j) => [ks[j], b] as const).filter(([, b]) => b > 0)
        if (affected.length) {
          const list = affected.map(([k, b]) => `${k}: ${b}/${P}`).join(', ')
          ctx.warn(
            'PASSK_K_BEYOND_N',
            o.beyondN === 'fill-beta'
              ? `${g.label}: ${affected.length} k value(s) exceed some problems' n (k = ${list}); at those k every problem still counts, the ones with n < k filled in by the Beta-Binomial posterior: model-based points (series "${g.label} (model-based)", not used by curve fits).`
              : `${g.label}: ${affected.length} k value(s) exceed some problems' n (k = ${list}); ${o.beyondN === 'drop' ? 'those problems are dropped from the mean at that k, so the problem mix changes (see table passk-beyond-n)' : 'their pass@k is the Beta-Binomial posterior prediction, a model-based extrapolation'}.`,
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
        // 'fill-beta' reports a k only over the whole problem set
        const keep = ks.map((_, j) => (o.beyondN === 'fill-beta' ? gp.used[j] === P : gp.used[j] > 0))
        const modelBased = ks.map(
          (_, j) => gp.beyond[j] > 0 && (o.beyondN === 'fill-beta' || o.beyondN === 'extrapolate-beta'),
        )
        const split = o.beyondN === 'fill-beta'
        const part = (which: (j: number) => boolean, label: string, style: 'data' | 'fit', basis: string) => {
          const idx = ks.map((_, j) => j).filter((j) => keep[j] && which(j))
          if (!idx.length) return
          const sr: Series = {
            label,
            x: idx.map((j) => ks[j]),
            y: idx.map((j) => gp.mean[j]),
            se: idx.map((j) => (Number.isFinite(se[j]) ? se[j] : 0)),
            style,
            attrs: split ? { ...attrs, group: g.label, basis } : attrs,
          }
          if (lower && upper) {
            sr.lower = idx.map((j) => lower[j])
            sr.upper = idx.map((j) => upper[j])
          }
          series.push(sr)
        }
        if (split) {
          part((j) => !modelBased[j], g.label, 'data', 'observed')
          part((j) => modelBased[j], `${g.label} (model-based)`, 'fit', 'model-based')
        } else part(() => true, g.label, 'data', 'observed')
        ks.forEach((k, j) =>
          summary.rows.push([
            g.label,
            k,
            keep[j] ? gp.mean[j] : null,
            keep[j] ? (lower?.[j] ?? null) : null,
            keep[j] ? (upper?.[j] ?? null) : null,
            keep[j] && Number.isFinite(se[j]) ? se[j] : null,
            gp.used[j],
            gp.beyond[j],
            gp.beyond[j] ? o.beyondN : '',
            !keep[j] ? '' : modelBased[j] ? 'model-based' : 'observed',
            modelBased[j] ? gp.beyond[j] : 0,
            'unbiased (Chen et al. 2021 Eq. 1)',
          ]),
        )
      }
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
        ...(Object.values(estimators).some((e) => e !== 'unbiased') ? { estimators } : {}),
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
