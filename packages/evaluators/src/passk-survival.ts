/**
 * evaluators/passk-survival: pass@k that survives adaptive stopping (sampling until the first success, in batches —
 * best-of-N jailbreaking, many agent evals). Under such logs the unbiased estimator of Chen et al. 2021 Eq. 1 is
 * biased (a solved problem's n is set by its first success, so c/n and the per-problem estimator depend on the
 * stopping rule), and averaging over problems with n_i ≥ k changes the problem set with k.
 *
 * With per-attempt order, the first-success time T_i of each problem is observed for solved problems and
 * right-censored at n_i for unsolved ones; pass@k = E[1 − (1 − q)^k] = P(T ≤ k), estimated by Kaplan–Meier
 * (Kaplan & Meier 1958):
 *   Ŝ(k) = Π_{t ≤ k} (1 − d_t / r_t),   pass@k = 1 − Ŝ(k),
 * d_t = problems first solved at attempt t, r_t = problems still at risk at t (T_i ≥ t or censored at n_i ≥ t),
 * with Greenwood's variance Var Ŝ(k) = Ŝ(k)² Σ_{t ≤ k} d_t / (r_t (r_t − d_t)). Valid under any stopping rule that
 * depends only on the attempts seen so far (optional stopping / independent censoring). Monotone in k by
 * construction. Beyond the largest n no problem is at risk and the curve stops (no extrapolation here: see
 * fitters/extrapolate or fitters/beta-binomial, whose likelihood is unaffected by optional stopping).
 */
import { PasskError, defineEvaluator, expandGrid, gridSchema, special, z } from '@passk/core'
import type { Curve, OutcomeGroup, Series, TrialOutcomes } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { passAtK } from './internal/stats.js'

const ID = 'evaluators/passk-survival'

export interface AdaptiveStoppingEvidence {
  adaptive: boolean
  reason: string
}

/**
 * Spearman rank correlation of two samples (average ranks for ties); NaN when either is constant.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const rank = (v: ArrayLike<number>) => {
    const idx = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b])
    const r = new Float64Array(v.length)
    for (let i = 0; i < idx.length;) {
      let j = i
      while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++
      for (let t = i; t <= j; t++) r[idx[t]] = (i + j) / 2 + 1
      i = j + 1
    }
    return r
  }
  const rx = rank(x),
    ry = rank(y)
  const m = rx.length
  let mx = 0,
    my = 0
  for (let i = 0; i < m; i++) {
    mx += rx[i] / m
    my += ry[i] / m
  }
  let sxy = 0,
    sxx = 0,
    syy = 0
  for (let i = 0; i < m; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my)
    sxx += (rx[i] - mx) ** 2
    syy += (ry[i] - my) ** 2
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN
}

/**
 * Detects logs sampled until a success. With per-attempt order: n varies across problems and at least 80% of the
 * solved problems (≥ 5 of them) stopped within a tenth of the largest n (one batch) after their first success.
 * Without order (counts only): n varies and either the solved problems' median n is at most half the unsolved
 * problems' median n, or n and c are clearly negatively rank-correlated (Spearman ρ ≤ −0.3 and ρ·√(P − 1) ≤ −3):
 * "n shrinks as c grows". Fixed-n logs are never flagged. (Dynamic sampling that spends more attempts on hard
 * problems, as in the Pythia GSM8K logs, gives ρ > 0 and is not flagged: it does not stop at a success.)
 */
export function detectAdaptiveStopping(g: OutcomeGroup): AdaptiveStoppingEvidence {
  const P = g.n.length
  let nMin = Infinity,
    nMax = 0
  for (let i = 0; i < P; i++) {
    nMin = Math.min(nMin, g.n[i])
    nMax = Math.max(nMax, g.n[i])
  }
  if (!(P > 0) || nMin === nMax) return { adaptive: false, reason: 'every problem has the same n' }
  const solvedN: number[] = [],
    unsolvedN: number[] = []
  let stoppedNear = 0,
    solvedWithOrder = 0
  for (let i = 0; i < P; i++) {
    if (g.c[i] > 0) solvedN.push(g.n[i])
    else unsolvedN.push(g.n[i])
    const a = g.attempts?.[i]
    if (a && g.c[i] > 0) {
      const T = a.indexOf(1) + 1
      solvedWithOrder++
      // Stopped "at" the first success: the attempts after it are fewer than a tenth of the largest n (a batch).
      if (T > 0 && a.length - T < Math.max(1, nMax / 10)) stoppedNear++
    }
  }
  if (solvedWithOrder >= 5 && stoppedNear >= 0.8 * solvedWithOrder)
    return {
      adaptive: true,
      reason: `${stoppedNear} of ${solvedWithOrder} solved problems stopped within ${Math.max(1, Math.round(nMax / 10))} attempts of their first success while n ranges ${nMin}…${nMax}`,
    }
  const med = (v: number[]) => {
    const s = [...v].sort((x, y) => x - y)
    return s.length ? s[Math.floor(s.length / 2)] : NaN
  }
  if (!g.attempts && solvedN.length >= 5 && unsolvedN.length >= 5 && med(solvedN) <= 0.5 * med(unsolvedN))
    return {
      adaptive: true,
      reason: `solved problems have median n = ${med(solvedN)}, unsolved ${med(unsolvedN)}: n shrinks as c grows`,
    }
  if (!g.attempts && P >= 10) {
    const rho = spearman(g.n, g.c)
    if (rho <= -0.3 && rho * Math.sqrt(P - 1) <= -3)
      return {
        adaptive: true,
        reason: `n and c are negatively rank-correlated (Spearman ρ = ${rho.toFixed(2)} over ${P} problems, n ${nMin}…${nMax}): n shrinks as c grows`,
      }
  }
  return { adaptive: false, reason: 'no sign of sampling until a success' }
}

export interface KaplanMeierPassAtK {
  k: number[]
  passAtK: number[]
  se: number[]
  /** Problems still at risk at each k (observed to k attempts without a success, or solved at ≥ k). */
  atRisk: number[]
}

/**
 * Kaplan–Meier pass@k = 1 − Ŝ(k) from first-success times T (Infinity or 0 for never solved) and attempt counts n
 * (the censoring time of unsolved problems). NaN where k exceeds every n (no problem at risk).
 */
export function kaplanMeierPassAtK(
  T: ArrayLike<number>,
  n: ArrayLike<number>,
  ks: readonly number[],
): KaplanMeierPassAtK {
  const P = n.length
  // Event and censoring times; a solved problem's time is T_i, an unsolved one's n_i.
  const times: { t: number; event: boolean }[] = []
  for (let i = 0; i < P; i++) {
    const solved = Number.isFinite(T[i]) && T[i] > 0
    times.push(solved ? { t: T[i], event: true } : { t: n[i], event: false })
  }
  times.sort((a, b) => a.t - b.t || (a.event === b.event ? 0 : a.event ? -1 : 1))
  const out: KaplanMeierPassAtK = { k: [...ks], passAtK: [], se: [], atRisk: [] }
  const sortedKs = [...ks].map((k, j) => [k, j] as const).sort((a, b) => a[0] - b[0])
  const res = new Array<[number, number, number]>(ks.length)
  let maxN = 0
  for (let i = 0; i < P; i++) maxN = Math.max(maxN, n[i])
  let S = 1,
    gw = 0,
    idx = 0,
    atRisk = P
  for (const [k, j] of sortedKs) {
    // Process every distinct time t ≤ k: events at t leave the risk set after the product update (Kaplan–Meier),
    // censorings at t are at risk at t (ties: events before censorings).
    while (idx < times.length && times[idx].t <= k) {
      const t = times[idx].t
      let d = 0,
        cens = 0
      while (idx < times.length && times[idx].t === t) {
        if (times[idx].event) d++
        else cens++
        idx++
      }
      if (d > 0) {
        S *= 1 - d / atRisk
        gw += atRisk > d ? d / (atRisk * (atRisk - d)) : Infinity
      }
      atRisk -= d + cens
    }
    // Beyond the largest n no problem was observed: pass@k is unknown there.
    res[j] = k > maxN ? [NaN, NaN, 0] : [1 - S, Number.isFinite(gw) ? S * Math.sqrt(gw) : 0, atRisk]
  }
  for (const [p, s, r] of res) {
    out.passAtK.push(p)
    out.se.push(s)
    out.atRisk.push(r)
  }
  return out
}

/** First-success time per problem from ordered attempts (Infinity if never solved). */
export function firstSuccessTimes(g: OutcomeGroup): Float64Array | null {
  if (!g.attempts) return null
  return Float64Array.from(g.attempts, (a) => {
    const j = a.indexOf(1)
    return j < 0 ? Infinity : j + 1
  })
}

/** Greatest common divisor of the attempt counts: the batch size of a log sampled in batches (1 when none). */
export function batchSize(n: ArrayLike<number>): number {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a)
  let m = 0
  for (let i = 0; i < n.length; i++) m = gcd(m, n[i])
  return m
}

/**
 * Kaplan–Meier pass@k from counts only, for logs sampled in batches of m attempts until the first batch with a
 * success (m = 1: until the first success). Problem i ran B_i = n_i/m batches; the first B_i − 1 had no success
 * and the last had c_i (c_i = 0: censored after batch B_i). On the batch scale this is Kaplan–Meier exactly
 * (event = the batch of the first success). Within batch b, attempts are exchangeable given its count, so for
 * k = (b − 1)·m + j, 1 ≤ j ≤ m,
 *   Ŝ(k) = Π_{β<b} (1 − d_β/r_β) · (1 − x_b(j)/r_b),  x_b(j) = Σ_{i: B_i = b} [1 − C(m − c_i, j)/C(m, j)],
 * r_β = problems that reached batch β, d_β = those solved in it; x_b(m) = d_b, so at batch ends this is the
 * Kaplan–Meier estimate (Kaplan & Meier 1958) of P(T ≤ k), and for m = 1 it is Kaplan–Meier on T = n_i.
 * Variance: Greenwood's sum over earlier batches plus the delta-method term of the within-batch mean,
 * Var(x_b/r_b)/(1 − x_b/r_b)², which equals Greenwood's d/(r(r − d)) at j = m. NaN beyond the largest n.
 * Requires every n_i to be a multiple of m and c_i ≤ m (throws otherwise: check with batchSize first).
 */
export function batchKaplanMeierPassAtK(
  n: ArrayLike<number>,
  c: ArrayLike<number>,
  m: number,
  ks: readonly number[],
): KaplanMeierPassAtK {
  const P = n.length
  let maxB = 0
  for (let i = 0; i < P; i++) {
    if (n[i] % m !== 0 || c[i] > m)
      throw new Error(`batchKaplanMeierPassAtK: problem ${i} (n ${n[i]}, c ${c[i]}) does not fit batches of ${m}`)
    maxB = Math.max(maxB, n[i] / m)
  }
  // ended[b] = problems whose last batch is b; solvedIn[b] = the counts c_i > 0 of those solved in batch b
  const ended = new Float64Array(maxB + 2)
  const solvedIn: number[][] = Array.from({ length: maxB + 2 }, () => [])
  for (let i = 0; i < P; i++) {
    const b = n[i] / m
    ended[b]++
    if (c[i] > 0) solvedIn[b].push(c[i])
  }
  // survival and Greenwood sum at the start of each batch
  const S0 = new Float64Array(maxB + 2),
    G0 = new Float64Array(maxB + 2),
    R = new Float64Array(maxB + 2)
  let S = 1,
    gw = 0,
    r = P
  for (let b = 1; b <= maxB + 1; b++) {
    S0[b] = S
    G0[b] = gw
    R[b] = r
    const d = solvedIn[b]?.length ?? 0
    if (d > 0 && r > 0) {
      S *= 1 - d / r
      gw += r > d ? d / (r * (r - d)) : Infinity
    }
    r -= ended[b] ?? 0
  }
  // 1 − C(m − c, j)/C(m, j) (Chen et al. 2021 Eq. 1 within the batch)
  const h = (cc: number, j: number) => (j >= m ? 1 : passAtK(m, cc, j))
  const out: KaplanMeierPassAtK = { k: [...ks], passAtK: [], se: [], atRisk: [] }
  for (const k of ks) {
    const b = Math.ceil(k / m),
      j = k - (b - 1) * m
    if (!(k >= 1) || b > maxB) {
      out.passAtK.push(NaN)
      out.se.push(NaN)
      out.atRisk.push(0)
      continue
    }
    const rb = R[b]
    let x = 0,
      x2 = 0
    for (const cc of solvedIn[b]) {
      const v = h(cc, j)
      x += v
      x2 += v * v
    }
    const p = x / rb
    const Sk = S0[b] * (1 - p)
    const varP = Math.max(0, x2 / rb - p * p) / rb
    const g = G0[b] + (p < 1 ? varP / (1 - p) ** 2 : Infinity)
    out.passAtK.push(1 - Sk)
    out.se.push(Number.isFinite(g) ? Sk * Math.sqrt(g) : 0)
    out.atRisk.push(rb)
  }
  return out
}

export const passkSurvivalOptions = z
  .object({
    k: z
      .union([z.literal('auto'), gridSchema])
      .default('auto')
      .describe("Numbers of attempts k; 'auto' = powers of 2 up to the group's largest n, plus that n"),
    level: z.number().gt(0).lt(1).default(0.95).describe('Confidence level of the Greenwood intervals'),
  })
  .strict()

export const passkSurvival = defineEvaluator({
  name: 'passk-survival',
  version: pkg.version,
  summary: 'pass@k = P(T ≤ k) by Kaplan–Meier on first-success times: valid when sampling stops at a success',
  description:
    'For logs with per-attempt order (or counts sampled in batches until a success: Kaplan–Meier on batches of gcd(n) attempts). Detects adaptive stopping (warning PASSK_ADAPTIVE_STOPPING), and estimates pass@k as one minus the Kaplan–Meier survival of the first-success time, unsolved problems censored at their n; Greenwood intervals. Monotone in k; one problem set at every k.',
  refs: ['Kaplan & Meier 1958', 'Greenwood 1926', 'Chen et al. 2021 Eq. 1 (what it replaces)'],
  accepts: 'TrialOutcomes',
  produces: 'Curve',
  options: passkSurvivalOptions,
  run(t: TrialOutcomes, o, ctx): Curve {
    const series: Series[] = []
    const z95 = special.normQuantile((1 + o.level) / 2)
    for (const g of t.groups) {
      const ev = detectAdaptiveStopping(g)
      if (ev.adaptive)
        ctx.warn(
          'PASSK_ADAPTIVE_STOPPING',
          `${ID}: group "${g.label}": sampling appears to stop at a success (${ev.reason}); the unbiased estimator is biased here, this Kaplan–Meier curve is not.`,
        )
      const T = firstSuccessTimes(g)
      // counts only: Kaplan–Meier on batches of gcd(n) attempts when the group looks sampled until a success
      const m = T ? 0 : batchSize(g.n)
      const batchOk = !T && ev.adaptive && m >= 1 && Array.from(g.c).every((c) => c <= m)
      if (!T && !batchOk) {
        ctx.warn(
          'PASSK_NO_ATTEMPT_ORDER',
          `${ID}: group "${g.label}" has counts only (no per-attempt order), so first-success times are unknown; skipped. fitters/beta-binomial's likelihood is valid under optional stopping.`,
        )
        continue
      }
      let maxN = 0
      for (let i = 0; i < g.n.length; i++) maxN = Math.max(maxN, g.n[i])
      let ks: number[]
      if (o.k === 'auto') {
        ks = []
        for (let k = 1; k < maxN; k *= 2) ks.push(k)
        ks.push(maxN)
      } else ks = expandGrid(o.k).filter((k) => k <= maxN)
      const km = T ? kaplanMeierPassAtK(T, g.n, ks) : batchKaplanMeierPassAtK(g.n, g.c, m, ks)
      series.push({
        label: g.label,
        x: ks,
        y: km.passAtK,
        se: km.se,
        lower: km.passAtK.map((p, j) => Math.max(0, p - z95 * km.se[j])),
        upper: km.passAtK.map((p, j) => Math.min(1, p + z95 * km.se[j])),
        style: 'data',
      })
    }
    if (!series.length)
      throw new PasskError(
        'PASSK_NO_ATTEMPT_ORDER',
        `${ID}: no group has per-attempt outcomes (or counts that look sampled in batches until a success), which Kaplan–Meier needs.`,
        'Use a per-sample log (one row per attempt, in order), or fitters/beta-binomial on counts.',
      )
    return {
      kind: 'Curve',
      id: 'passk-km',
      title: 'pass@k = P(first success ≤ k), Kaplan–Meier',
      xLabel: 'k (attempts)',
      yLabel: 'pass@k',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'pass',
      series,
    }
  },
})
