/**
 * evaluators/trial-correlation — the trial-correlation analysis of Levi 2024 §4 (Eq. 15, Fig. 6):
 *   ε_kk' = (1/n) Σ_i error_{i,k} · error_{i,k'}      (k, k' = 1 … K attempts)
 * its eigenvalues λ_1 ≥ λ_2 ≥ … (Fig. 6 left) and a power-law fit λ_j ≈ c·j^−κ over j ∈ [jMin, jMax]
 * (ordinary least squares on log λ vs log j) → κ, the exponent of k_eff = H_k(κ) (Eq. 9–10).
 * The K×K matrix is published as the table "trial-correlation-matrix" for a heat map (Fig. 6 right).
 */
import { defineEvaluator, PasskError, z, type Curve, type TrialScores } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { symEigenvalues } from './internal/sym-eig.js'

export const trialCorrelationOptions = z
  .object({
    attempts: z
      .number()
      .int()
      .min(2)
      .max(2000)
      .optional()
      .describe('Use the first K attempts (default: all, at most 2000)'),
    center: z
      .boolean()
      .default(false)
      .describe("Subtract each attempt's mean error first (a covariance); Eq. 15 uses raw errors"),
    jMin: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe('First eigenvalue index in the power-law fit (λ_1 carries the mean error level)'),
    jMax: z.number().int().min(2).optional().describe('Last eigenvalue index in the fit (default: K/2)'),
    matrixTable: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(200)
      .describe('Publish the matrix as a table when K ≤ this; larger K is strided down to it (0: no table)'),
  })
  .strict()

export interface CorrelationSpectrum {
  K: number
  matrix: Float64Array
  eigenvalues: Float64Array
  fit: { kappa: number; logC: number; kappaSe: number; r2: number; jMin: number; jMax: number; n: number } | null
}

/** Eq. 15 matrix (K×K), its eigenvalues (descending) and the power-law fit of their decay. */
export function correlationSpectrum(
  g: TrialScores['groups'][number],
  K: number,
  center: boolean,
  jMin: number,
  jMax: number,
): CorrelationSpectrum {
  const { nProblems: n, nAttempts: m, scores } = g
  const cols = new Float64Array(n * K)
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) cols[i * K + k] = scores[i * m + k]!
  if (center)
    for (let k = 0; k < K; k++) {
      let s = 0
      for (let i = 0; i < n; i++) s += cols[i * K + k]
      s /= n
      for (let i = 0; i < n; i++) cols[i * K + k] -= s
    }
  const M = new Float64Array(K * K)
  for (let i = 0; i < n; i++) {
    const r = i * K
    for (let a = 0; a < K; a++) {
      const va = cols[r + a]
      if (va === 0) continue
      const ra = a * K
      for (let b = a; b < K; b++) M[ra + b] += va * cols[r + b]
    }
  }
  for (let a = 0; a < K; a++)
    for (let b = a; b < K; b++) {
      const v = M[a * K + b] / n
      M[a * K + b] = v
      M[b * K + a] = v
    }
  const ev = symEigenvalues(K, M)
  // OLS of log λ_j on log j over the positive eigenvalues in [jMin, jMax].
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0,
    syy = 0,
    cnt = 0
  for (let j = jMin; j <= Math.min(jMax, K); j++) {
    const l = ev[j - 1]
    if (!(l > 0)) continue
    const x = Math.log(j),
      y = Math.log(l)
    sx += x
    sy += y
    sxx += x * x
    sxy += x * y
    syy += y * y
    cnt++
  }
  let fit: CorrelationSpectrum['fit'] = null
  if (cnt >= 3) {
    const vx = sxx - (sx * sx) / cnt,
      cxy = sxy - (sx * sy) / cnt,
      vy = syy - (sy * sy) / cnt
    if (vx > 0) {
      const slope = cxy / vx,
        icpt = (sy - slope * sx) / cnt
      const rss = Math.max(0, vy - slope * cxy)
      const se = Math.sqrt(rss / (cnt - 2) / vx)
      fit = {
        kappa: -slope,
        logC: icpt,
        kappaSe: se,
        r2: vy > 0 ? 1 - rss / vy : 1,
        jMin,
        jMax: Math.min(jMax, K),
        n: cnt,
      }
    }
  }
  return { K, matrix: M, eigenvalues: ev, fit }
}

export const trialCorrelation = defineEvaluator({
  name: 'trial-correlation',
  version: pkg.version,
  summary: 'Trial-correlation matrix (Levi 2024 Eq. 15), its eigenvalue spectrum and power-law decay exponent κ',
  refs: ['Levi 2024, Eq. 15, Fig. 6', 'Levi 2024, Eq. 9'],
  accepts: 'TrialScores',
  produces: 'Curve',
  options: trialCorrelationOptions,
  run(input, o, ctx) {
    const g = input.groups[0]
    if (input.groups.length > 1)
      ctx.warn(
        'PASSK_FIRST_GROUP_ONLY',
        `trial-correlation analyses the first of ${input.groups.length} score groups ("${g.label}").`,
      )
    const K = Math.min(o.attempts ?? g.nAttempts, g.nAttempts, 2000)
    if (o.attempts !== undefined && o.attempts > g.nAttempts)
      ctx.warn(
        'PASSK_K_ABOVE_N',
        `attempts = ${o.attempts} exceeds the ${g.nAttempts} attempts per problem; using K = ${g.nAttempts}.`,
      )
    if (K < 2)
      throw new PasskError(
        'PASSK_BAD_INPUT',
        `trial-correlation needs at least 2 attempts per problem; "${g.label}" has ${g.nAttempts}.`,
        'Sample more attempts per problem.',
      )
    const jMax = o.jMax ?? Math.max(o.jMin + 2, Math.floor(K / 2))
    if (jMax < o.jMin + 2)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `trial-correlation: the fit range j ∈ [${o.jMin}, ${jMax}] has fewer than 3 eigenvalues.`,
        'Lower jMin or raise jMax.',
      )
    ctx.throwIfAborted()
    const sp = correlationSpectrum(g, K, o.center, o.jMin, jMax)
    const idx = Array.from({ length: K }, (_, j) => j + 1)
    const pos = idx.filter((j) => sp.eigenvalues[j - 1] > 0)
    if (pos.length < K)
      ctx.warn(
        'PASSK_NONPOSITIVE_EIGENVALUES',
        `${K - pos.length} of ${K} eigenvalues are ≤ 0 (numerically zero: the matrix has rank ≤ min(n, K) = ${Math.min(g.nProblems, K)}) and are left out of the log-log plot and the fit.`,
      )
    const series: Curve['series'] = [
      { label: `eigenvalues of ε_kk' (${g.label})`, x: pos, y: pos.map((j) => sp.eigenvalues[j - 1]), style: 'data' },
    ]
    if (sp.fit) {
      const { kappa, logC, jMin: a, jMax: b } = sp.fit
      const xs = pos.filter((j) => j >= a && j <= b)
      series.push({
        label: `power law c·j^−κ, κ = ${kappa.toPrecision(3)} ± ${sp.fit.kappaSe.toPrecision(2)}`,
        x: xs,
        y: xs.map((j) => Math.exp(logC - kappa * Math.log(j))),
        style: 'fit',
        attrs: { kappa, kappaSe: sp.fit.kappaSe, r2: sp.fit.r2 },
      })
    } else
      ctx.warn(
        'PASSK_NOT_CONVERGED',
        'trial-correlation: fewer than 3 positive eigenvalues in the fit range; no κ was fitted.',
      )
    if (o.matrixTable > 0) {
      const stride = Math.ceil(K / o.matrixTable)
      const sel = idx.filter((j) => (j - 1) % stride === 0)
      if (stride > 1) ctx.log.info(`matrix table strided: every ${stride}th attempt (${sel.length} of ${K})`)
      ctx.table({
        id: 'trial-correlation-matrix',
        title: `ε_kk' = (1/n) Σ_i error_ik·error_ik' (Levi Eq. 15)${stride > 1 ? `, every ${stride}th attempt` : ''}`,
        columns: ['k', ...sel.map((j) => `k'=${j}`)],
        rows: sel.map((a) => [a, ...sel.map((b) => sp.matrix[(a - 1) * K + (b - 1)])]),
      })
    }
    return {
      kind: 'Curve',
      id: 'trial-correlation-spectrum',
      title: `Eigenvalues of the trial-correlation matrix (Levi Eq. 15, Fig. 6), K = ${K}`,
      xLabel: 'eigenvalue index j',
      yLabel: 'λ_j',
      xScale: 'log',
      yScale: 'log',
      quantity: 'eigenvalue',
      series,
      meta: {
        K,
        problems: g.nProblems,
        center: o.center,
        ...(sp.fit
          ? { kappa: sp.fit.kappa, kappaSe: sp.fit.kappaSe, r2: sp.fit.r2, fitRange: [sp.fit.jMin, sp.fit.jMax] }
          : {}),
      },
    }
  },
})
