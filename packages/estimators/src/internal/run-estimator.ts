/**
 * Shared driver of the three estimator plugins: resolves the N sweep against the data, computes λ per
 * N, runs ridgePath for every replicate (in process), turns statuses into warnings/errors and builds
 * the LinearPredictors value.
 */
import {
  PasskError,
  expandGrid,
  type GridSpec,
  type LinearPredictors,
  type PluginContext,
  type StochasticRegression,
  minOf,
} from '@passk/core'
import { MAX_DUAL_N, ridgePath, useDual, type DualMode } from '../ridge-path.js'

export interface EstimatorRun {
  id: string
  /** λ as the user gave it (before lambdaScale) and how it depends on N. */
  lambda: number
  lambdaMode: 'const' | 'perN' | 'perNBelowD'
  dual: DualMode
  ns: GridSpec
  /** Refuse N < d (OLS). */
  refuseUnderdetermined?: boolean
}

/** The sweep actually run: requested N values ≤ the available training rows (others dropped, with a warning). */
export function resolveNs(
  id: string,
  spec: GridSpec,
  data: StochasticRegression,
  ctx: Pick<PluginContext, 'warn'>,
): number[] {
  const requested = expandGrid(spec)
  for (const n of requested) {
    if (!Number.isInteger(n) || n < 1) {
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${id}: ns contains ${n}; training-set sizes must be positive integers.`,
        'Use an integer grid, e.g. "ns": {"from": 16, "to": 16384, "num": 16, "integer": true}.',
      )
    }
  }
  const avail = minOf(data.replicates.map((r) => r.train.n))
  const kept = requested.filter((n) => n <= avail)
  const dropped = requested.filter((n) => n > avail)
  if (kept.length === 0) {
    throw new PasskError(
      'PASSK_NS_EXCEED_DATA',
      `${id}: every requested N (${requested[0]}…${requested.at(-1)}) exceeds the ${avail} training rows available${data.replicates.length > 1 ? ' (smallest replicate)' : ''}.`,
      `Choose ns with values ≤ ${avail}, or give the source more training rows.`,
    )
  }
  if (dropped.length > 0) {
    ctx.warn(
      'PASSK_NS_CLIPPED',
      `${id}: dropped N = ${dropped.join(', ')} from the sweep: only ${avail} training rows are available; the sweep ends at N = ${kept.at(-1)}.`,
    )
  }
  return kept
}

export function runEstimator(data: StochasticRegression, o: EstimatorRun, ctx: PluginContext): LinearPredictors {
  const { d } = data
  const ns = resolveNs(o.id, o.ns, data, ctx)
  if (o.refuseUnderdetermined && ns[0] < d) {
    throw new PasskError(
      'PASSK_UNDERDETERMINED',
      `${o.id}: N = ${ns.filter((n) => n < d).join(', ')} < d = ${d}: least squares has infinitely many solutions (XᵀX is singular).`,
      'Use estimators/min-norm (the minimum-norm interpolator), or estimators/ridge with lambda > 0, or restrict ns to N ≥ d.',
    )
  }
  const bigDual = ns.filter((n) => useDual(o.dual, n, d) && n > MAX_DUAL_N)
  if (bigDual.length > 0) {
    throw new PasskError(
      'PASSK_BAD_OPTIONS',
      `${o.id}: dual = '${o.dual}' would build an N×N kernel matrix for N = ${bigDual.join(', ')} (limit ${MAX_DUAL_N}).`,
      "Use dual: 'auto' (dual only for N < d) or 'never'.",
    )
  }
  const scale = data.lambdaScale ?? 1
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new PasskError(
      'PASSK_INVALID_DATA',
      `${o.id}: data.lambdaScale is ${scale}; it must be a finite number > 0.`,
      'Fix the source that set lambdaScale (default 1).',
    )
  }
  const lamEff = o.lambda * scale
  const lambdas = ns.map((n) =>
    o.lambdaMode === 'perN' || (o.lambdaMode === 'perNBelowD' && n < d) ? lamEff / n : lamEff,
  )
  const R = data.replicates.length,
    total = R * ns.length
  const fits: LinearPredictors['fits'] = []
  const methods: string[][] = []
  for (let r = 0; r < R; r++) {
    const rep = data.replicates[r]
    const res = ridgePath({
      d,
      x: rep.train.x,
      y: rep.train.y,
      ns,
      lambdas,
      dual: o.dual,
      beforeStep: () => ctx.throwIfAborted(),
      onStep: (i, n) =>
        ctx.progress({ done: r * ns.length + i + 1, total, label: `replicate ${r + 1}/${R}, N = ${n}` }),
    })
    const failed = res.info.findIndex((v) => v !== 0)
    if (failed >= 0) {
      throw new PasskError(
        'PASSK_SINGULAR_SYSTEM',
        `${o.id}: replicate ${r}, N = ${ns[failed]}: the ${res.method[failed]} system is not positive definite even with a diagonal jitter (Cholesky failed at column ${res.info[failed]}).`,
        'The features are (nearly) collinear or contain huge values: use estimators/ridge with a larger lambda, or check the source data.',
      )
    }
    const jittered = ns.map((n, i) => [n, res.jitter[i]] as const).filter(([, j]) => j > 0)
    if (jittered.length > 0) {
      ctx.warn(
        'PASSK_JITTER',
        `${o.id}: replicate ${r}: the system was numerically singular at N = ${jittered.map(([n]) => n).join(', ')}; added a diagonal jitter (extra ridge Δλ = ${jittered.map(([, j]) => j.toExponential(2)).join(', ')}), so θ̂ there is a slightly regularised solution.`,
      )
    }
    fits.push({ theta: res.theta, lambda: [...lambdas], jitter: res.jitter })
    methods.push(res.method)
  }
  return {
    kind: 'LinearPredictors',
    d,
    ns,
    fits,
    data,
    estimator: o.id,
    diagnostics: {
      lambda: o.lambda,
      lambdaMode: o.lambdaMode,
      lambdaScale: scale,
      dual: o.dual,
      method: methods[0] ?? [],
      requestedNs: expandGrid(o.ns),
    },
  }
}
