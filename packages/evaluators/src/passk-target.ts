/**
 * evaluators/passk-target: pass@k failure under a perfect verifier with tolerance δ, target-draw
 * protocol (LID Eq. 13):
 *   L_inf(k; N) = E[p^k],  p = 1 − [Φ((δ − B)/s) − Φ((−δ − B)/s)],  B = x·(θ̂_N − θ*),  s = σ_η/√τ.
 * Modes:
 *  - population: B ~ N(0, Δθᵀ Σ Δθ) exactly, τ ~ Gamma(β/2, 1): a 2-D quadrature (internal/population.ts).
 *  - test-set: mean of p_i^k over the test points, log-sum-exp per k with the hardest point as shift.
 *  - monte-carlo: k fresh targets per test point, drawn one at a time (first-success index).
 *  - model-draw (LID App. B.4, Eq. 46): k model proposals ŷ + ξ, ξ ~ N(0, σ_ξ²) independent of τ, verified
 *    against a fixed target y*: the mean m (modelTarget 'mean', Eq. 46 with B_N = ŷ − m) or one realised
 *    draw y* ~ N(m, s²) per test point ('realized'); exact mean of p_i^k with the gap G = ŷ − y*.
 *    Note: with 'mean' the latent τ never enters, so there is no intrinsic k^−β tail; B.4's equivalence
 *    needs the τ-dependence to reach the trials, which 'realized' provides through y*.
 * Finite test sets resolve L_inf only down to ≈ 10/n_test (below it the hardest few points dominate
 * and the curve decays exponentially): each such curve reports that floor and the k where it crosses.
 */
import { PasskError, defineEvaluator, expandGrid, gridSchema, z } from '@passk/core'
import type { Curve, LinearPredictors, PluginContext, Rng, Series } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { logFailProb } from './internal/log-fail.js'
import { predictionErrors, thetaErrors } from './internal/predictions.js'
import { checkPredictors, needPopulation, populationOf, quadForm } from './internal/mode.js'
import { LOG_REPORT_FLOOR, populationLinf } from './internal/population.js'

export const passkTargetOptions = z
  .object({
    k: gridSchema
      .default({ from: 1, to: 1e4, num: 40, scale: 'log', integer: false })
      .describe('Numbers of attempts k (list or {from, to, num}); k ≥ 1'),
    delta: z
      .number()
      .positive()
      .default(1e-3)
      .describe("Verifier tolerance δ (multiplied by the data's deltaScale when set)"),
    mode: z
      .enum(['auto', 'population', 'test-set', 'monte-carlo', 'model-draw'])
      .default('auto')
      .describe(
        "How E[p^k] is taken: 'population' (exact quadrature over the source's law), 'test-set' (exact mean over test points), 'monte-carlo' (simulated draws), 'model-draw' (App. B.4); 'auto' = population when known, else test-set",
      ),
    mcSamples: z
      .number()
      .int()
      .min(1)
      .max(100000)
      .default(1)
      .describe('Monte Carlo: independent k-trial experiments per test point'),
    mcMaxDraws: z
      .number()
      .int()
      .min(1)
      .default(200_000_000)
      .describe('Monte Carlo: refuse runs whose expected number of draws exceeds this'),
    relTol: z
      .number()
      .positive()
      .max(0.01)
      .default(1e-5)
      .describe('Population mode: relative accuracy asked of the quadrature'),
    proposalSigma: z
      .number()
      .positive()
      .optional()
      .describe("Model-draw: sd σ_ξ of the model proposals ŷ + ξ (default: the source's σ_η)"),
    modelTarget: z
      .enum(['mean', 'realized'])
      .default('mean')
      .describe(
        'Model-draw: the fixed target y* is the mean m (Eq. 46) or one realised draw y* ~ N(m, s²) per test point',
      ),
    output: z
      .enum(['linf', 'log10'])
      .default('linf')
      .describe(
        "y values: 'linf' = L_inf(k) (values below 1e-300 become NaN with a warning), 'log10' = log₁₀ L_inf(k) from the log-space kernel, finite however small L_inf is (quantity 'log10-failure'; fitters/local-slope reads it)",
      ),
  })
  .strict()

type Opts = z.output<typeof passkTargetOptions>
const ID = 'evaluators/passk-target'

/**
 * log mean_i exp(k·lp_i) for every k, and (optionally) the standard error of that mean.
 * The terms are shifted by the hardest point (largest log p), so each is ≤ 1 and the sum ≥ 1: no
 * underflow to 0. The gaps lp_i − max are sorted once and summed largest first, so the partial sums
 * are ≥ 1 from the first term (e^0) on; the loop stops at the first term below e^SUM_CUTOFF: every
 * later term (and its square) is smaller than half an ulp of a sum ≥ 1, so adding it would leave
 * both sums unchanged bit for bit — the result is exactly the full sum, with fewer exp calls.
 */
/**
 * e^−38 ≈ 3.1e-17 < 2^−53 = half an ulp of 1: a term below this added to a partial sum ≥ 1 rounds
 * back to the same sum (round to nearest), so testSetLogLinf may stop there without changing a bit.
 */
const SUM_CUTOFF = -38

export function testSetLogLinf(
  lp: Float64Array,
  ks: ArrayLike<number>,
  outLog: Float64Array,
  outSe?: Float64Array,
  work?: Float64Array,
): void {
  const n = lp.length
  let lmax = -Infinity
  for (let i = 0; i < n; i++) if (lp[i] > lmax) lmax = lp[i]!
  const gap = work && work.length >= n ? work.subarray(0, n) : new Float64Array(n)
  for (let i = 0; i < n; i++) gap[i] = lp[i] - lmax
  gap.sort()
  for (let q = 0; q < ks.length; q++) {
    const k = ks[q]
    if (lmax === -Infinity) {
      outLog[q] = -Infinity
      if (outSe) outSe[q] = 0
      continue
    }
    let s1 = 0,
      s2 = 0
    for (let i = n - 1; i >= 0; i--) {
      const x = k * gap[i]
      if (x < SUM_CUTOFF) break
      const e = Math.exp(x)
      s1 += e
      s2 += e * e
    }
    outLog[q] = k * lmax + Math.log(s1 / n)
    if (outSe) {
      const m = s1 / n
      outSe[q] = n > 1 ? Math.exp(k * lmax) * Math.sqrt(Math.max(0, s2 / n - m * m) / (n - 1)) : NaN
    }
  }
}

/**
 * Simulate `runs` k-trial experiments per test point (targets drawn one at a time, up to kmax) and
 * bucket each first-success index T by the k grid: counts[q] += 1 where q = #{k in grid : k < T}
 * (q = nk when there is no success within kmax). Then L(k_j) = Σ_{q > j} counts[q] / (n·runs).
 */
function simulateFirstSuccess(
  rng: Rng,
  B: Float64Array,
  off: number,
  s: Float64Array,
  n: number,
  delta: number,
  ks: number[],
  runs: number,
  counts: Float64Array,
): void {
  const nk = ks.length,
    kmax = ks[nk - 1]
  for (let i = 0; i < n; i++) {
    const b = B[off + i],
      si = s[i]
    for (let r = 0; r < runs; r++) {
      let t = 1
      // Trial j: target y_j = m + s·z, prediction m + B; success when |B − s·z| ≤ δ.
      for (; t <= kmax; t++) if (Math.abs(b - si * rng.normal()) <= delta) break
      let lo = 0,
        hi = nk
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (ks[mid] < t) lo = mid + 1
        else hi = mid
      }
      counts[lo] += 1
    }
  }
}

function run(p: LinearPredictors, o: Opts, ctx: PluginContext): Curve {
  checkPredictors(p, ID)
  const mode = o.mode === 'auto' ? (populationOf(p) ? 'population' : 'test-set') : o.mode
  const pop = mode === 'population' ? needPopulation(p, ID) : populationOf(p)
  let ks = expandGrid(o.k)
  if (ks[0] < 1)
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${ID}: k must be ≥ 1, got k = ${ks[0]}.`,
      'Use a k grid starting at 1 or above, e.g. {"from": 1, "to": 10000, "num": 40}.',
    )
  if (mode === 'monte-carlo') ks = [...new Set(ks.map((k) => Math.round(k)))]
  const delta = o.delta * (p.data.deltaScale ?? 1)
  const R = p.fits.length,
    nN = p.ns.length,
    nk = ks.length,
    d = p.d
  let sigmaXi = 0
  if (mode === 'model-draw') {
    const sx = o.proposalSigma ?? pop?.sigmaEta
    if (sx === undefined)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${ID}: mode 'model-draw' needs proposalSigma (the data has no σ_η to default to).`,
        'Set options.proposalSigma, e.g. to the typical target noise scale.',
      )
    sigmaXi = sx
  }
  const kmax = Math.round(ks[nk - 1])
  if (mode === 'monte-carlo') {
    // Expected draws: Σ_i M·(1 − p_i^kmax)/(1 − p_i) (each run stops at its first success).
    let expected = 0
    for (let r = 0; r < R; r++) {
      const B = predictionErrors(p, r),
        t = p.data.replicates[r].test
      for (let n = 0; n < nN; n++)
        for (let i = 0; i < t.n; i++) {
          const lp = logFailProb(B[n * t.n + i], t.s[i], delta)
          expected += lp === 0 ? kmax : -Math.expm1(kmax * lp) / -Math.expm1(lp)
        }
    }
    expected *= o.mcSamples
    if (expected > o.mcMaxDraws) {
      throw new PasskError(
        'PASSK_MC_BUDGET',
        `${ID}: Monte Carlo would need about ${expected.toExponential(2)} target draws (k up to ${kmax}), above mcMaxDraws = ${o.mcMaxDraws}.`,
        "Use mode 'test-set' (exact, no sampling), a smaller k range or test set, or raise mcMaxDraws.",
      )
    }
  }

  const logL = Array.from({ length: nN }, () => Array.from({ length: R }, () => new Float64Array(nk)))
  const seOne = Array.from({ length: nN }, () => new Float64Array(nk))
  let maxQuadErr = 0,
    quadOk = true
  let nTestMin = Infinity
  const total = R * nN
  for (let r = 0; r < R; r++) {
    const rep = p.data.replicates[r],
      t = rep.test
    nTestMin = Math.min(nTestMin, t.n)
    const B = mode === 'population' ? null : predictionErrors(p, r)
    const dt = mode === 'population' ? thetaErrors(p, r)! : null
    let gapNoise: Float64Array | null = null
    if (mode === 'model-draw' && o.modelTarget === 'realized') {
      // One fixed target per test point, y* = m + s·z, shared by every N (App. B.4).
      gapNoise = new Float64Array(t.n)
      ctx.rng.split('model-draw-' + r).fillNormal(gapNoise)
      for (let i = 0; i < t.n; i++) gapNoise[i] = gapNoise[i] * t.s[i]
    }
    const lp = new Float64Array(t.n),
      work = new Float64Array(t.n)
    for (let n = 0; n < nN; n++) {
      ctx.throwIfAborted()
      const out = logL[n][r]
      if (mode === 'population') {
        const v = quadForm(pop!.eigenvalues, dt!, n * d, d)
        const res = populationLinf(v, pop!.tauShape, pop!.sigmaEta, delta, ks, o.relTol)
        out.set(res.logL)
        maxQuadErr = Math.max(maxQuadErr, res.relErr)
        if (!res.converged) quadOk = false
      } else if (mode === 'monte-carlo') {
        const counts = new Float64Array(nk + 1)
        simulateFirstSuccess(ctx.rng.split(`mc-${r}-${n}`), B!, n * t.n, t.s, t.n, delta, ks, o.mcSamples, counts)
        const tot = t.n * o.mcSamples
        let above = counts[nk]
        for (let q = nk - 1; q >= 0; q--) {
          const L = above / tot
          out[q] = Math.log(L)
          seOne[n][q] = Math.sqrt((L * (1 - L)) / tot)
          above += counts[q]
        }
      } else {
        if (mode === 'model-draw')
          for (let i = 0; i < t.n; i++)
            lp[i] = logFailProb(gapNoise ? B![n * t.n + i] - gapNoise[i] : B![n * t.n + i], sigmaXi, delta)
        else for (let i = 0; i < t.n; i++) lp[i] = logFailProb(B![n * t.n + i], t.s[i], delta)
        testSetLogLinf(lp, ks, out, R === 1 ? seOne[n] : undefined, work)
      }
      ctx.progress({ done: r * nN + n + 1, total, label: `replicate ${r + 1}/${R}, N = ${p.ns[n]}` })
    }
  }

  const finite = mode !== 'population'
  const log10 = o.output === 'log10'
  const floor = mode === 'monte-carlo' ? 10 / (nTestMin * o.mcSamples) : 10 / nTestMin
  const series: Series[] = []
  let underflow = 0
  const crossed: string[] = []
  for (let n = 0; n < nN; n++) {
    const y: number[] = [],
      se: number[] = []
    for (let q = 0; q < nk; q++) {
      let m = -Infinity
      for (let r = 0; r < R; r++) m = Math.max(m, logL[n][r][q])
      // Average in linear space after shifting by the largest replicate (values may be 1e-300 small).
      let s1 = 0,
        s2 = 0
      for (let r = 0; r < R; r++) {
        const e = m === -Infinity ? 0 : Math.exp(logL[n][r][q] - m)
        s1 += e
        s2 += e * e
      }
      const meanLog = m + Math.log(s1 / R)
      if (log10) {
        // log₁₀ of the replicate mean, from the log-space kernel: finite below 1e-300 (issue 18). The s.e. by
        // the delta method, se(log₁₀ L) = se(L)/(L·ln 10), with se(L)/L formed in the shifted scale.
        y.push(meanLog / Math.LN10)
        if (R > 1) {
          const mu = s1 / R
          se.push(Math.sqrt((Math.max(0, s2 / R - mu * mu) * R) / (R - 1) / R) / mu / Math.LN10)
        } else se.push(Number.isFinite(meanLog) ? seOne[n][q] / Math.exp(meanLog) / Math.LN10 : NaN)
        continue
      }
      if (mode === 'monte-carlo' && m === -Infinity) {
        y.push(0)
        se.push(R > 1 ? 0 : seOne[n][q])
        continue
      }
      if (!(meanLog >= LOG_REPORT_FLOOR)) {
        underflow++
        y.push(NaN)
        se.push(NaN)
        continue
      }
      y.push(Math.exp(meanLog))
      if (R > 1) {
        const mu = s1 / R
        se.push(Math.exp(m) * Math.sqrt((Math.max(0, s2 / R - mu * mu) * R) / (R - 1) / R))
      } else se.push(seOne[n][q])
    }
    const attrs: Record<string, number> = { N: p.ns[n] }
    if (finite) {
      const qf = y.findIndex((v) => !(log10 ? v >= Math.log10(floor) : v >= floor))
      if (qf >= 0) {
        attrs.kFloor = ks[qf]!
        crossed.push(`N = ${p.ns[n]} at k = ${fmt(ks[qf])}`)
      }
    }
    const hasSe = R > 1 || mode !== 'population'
    series.push({ label: `N = ${p.ns[n]}`, x: [...ks], y, ...(hasSe ? { se } : {}), attrs, style: 'data' })
  }
  if (underflow)
    ctx.warn(
      'LINF_UNDERFLOW',
      `${ID}: ${underflow} value(s) of L_inf(k) fall below 1e-300 and are reported as NaN (not 0); output: 'log10' reports log₁₀ L_inf for every k.`,
    )
  if (crossed.length) {
    ctx.warn(
      'LINF_RESOLUTION_FLOOR',
      `${ID}: with ${nTestMin} test points (${mode}) L_inf is resolved only above ≈ ${fmt(floor)} (10/n); below it the hardest few points dominate and local slopes are meaningless. Crossed by ${crossed.join('; ')}.`,
    )
  }
  if (mode === 'population' && !quadOk)
    ctx.warn(
      'LINF_QUADRATURE',
      `${ID}: population quadrature reached relative accuracy ${maxQuadErr.toExponential(2)}, not the requested relTol = ${o.relTol}.`,
    )
  return {
    kind: 'Curve',
    id: 'linf',
    title: `Pass@k failure L_inf(k; N) (LID Eq. 13, ${mode})`,
    xLabel: 'k (attempts)',
    yLabel: log10 ? 'log_10 L_inf(k)' : 'L_inf(k)',
    xScale: 'log',
    yScale: log10 ? 'linear' : 'log',
    quantity: log10 ? 'log10-failure' : 'failure',
    series,
    meta: {
      mode,
      delta,
      replicates: R,
      estimator: p.estimator,
      target: p.data.replicates.every((r) => r.teacher) ? 'teacher x·θ*' : 'test mean targets m_i (no teacher)',
      ...(log10 ? { output: 'log10' } : {}),
      ...(finite
        ? { resolutionFloor: floor, nTest: nTestMin }
        : { quadrature: { relTol: o.relTol, maxRelErr: maxQuadErr } }),
      ...(mode === 'monte-carlo' ? { mcSamples: o.mcSamples, kRounded: true } : {}),
      ...(mode === 'model-draw'
        ? {
            proposalSigma: sigmaXi,
            modelTarget: o.modelTarget,
            protocol: `fixed target y* = ${o.modelTarget === 'mean' ? 'm' : 'm + s·z (one draw per test point)'}, k proposals ŷ + N(0, σ_ξ²)`,
          }
        : {}),
      ...(pop
        ? { sigmaEta: pop.sigmaEta, beta: 2 * pop.tauShape, cDelta: (Math.sqrt(2 / Math.PI) * delta) / pop.sigmaEta }
        : {}),
    },
  }
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString()
}

export const passkTarget = defineEvaluator({
  name: 'passk-target',
  version: pkg.version,
  summary:
    'Pass@k failure L_inf(k; N) with a perfect verifier, target draws: population quadrature, test-set exact, Monte Carlo or model-draw (LID Eq. 13)',
  refs: ['LID Eq. 13', 'LID Eq. 16', 'LID App. B.4', 'LID App. C Eq. 50'],
  accepts: 'LinearPredictors',
  produces: 'Curve',
  options: passkTargetOptions,
  run,
})
