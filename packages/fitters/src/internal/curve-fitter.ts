/**
 * Shared machinery for the Curve → Fit plugins: series selection, target (y or 1 − y), x-window,
 * weights, the call into the least-squares engine, optional bootstrap over points, and the
 * FitResult (parameters with SEs and intervals, status, goodness of fit, fitted curve on a grid,
 * predict). Each model file only says what its model, starts and derived quantities are.
 */
import {
  z,
  PasskError,
  defineFitter,
  logGrid,
  type Curve,
  type Fit,
  type FitResult,
  type FitStatus,
  type PluginContext,
  type Series,
} from '@passk/core'
import { fitLeastSquares, type LsqResult, type ParamSpec } from './lm.js'
import { bootstrap } from '@passk/stats'
import { identify, unidentifiedMessage } from './identify.js'
import pkg from '../../package.json' with { type: 'json' }

export interface ModelSpec {
  /** Parameter specs (names, starts, bounds, fixed) for this series' points. */
  params: ParamSpec[]
  model: (theta: Float64Array, x: number) => number
  gradient?: (theta: Float64Array, x: number, out: Float64Array) => void
}

export interface CurveModelDef<S extends z.ZodRawShape> {
  name: string
  summary: string
  description?: string
  refs: string[]
  /** What the model's y measures: a failure-like quantity, a pass-like one, or anything. */
  natural: 'failure' | 'pass' | 'any'
  defaultSpace: 'log' | 'linear'
  /** Model-specific options. */
  extra: S
  /** Reject data the model cannot describe (return a reason) before fitting, e.g. y outside (0, 1). */
  check?: (x: Float64Array, y: Float64Array) => string | null
  /** `curve` is the whole input (e.g. for a parameter carried in curve.meta). */
  build(x: Float64Array, y: Float64Array, opts: z.output<z.ZodObject<S>> & CommonOptions, curve: Curve): ModelSpec
  derived?(theta: Float64Array, res: LsqResult, opts: z.output<z.ZodObject<S>> & CommonOptions): Record<string, number>
  /**
   * Report a fit the data cannot determine as 'unidentified' (internal/identify.ts: relative s.e. > 10, a bootstrap
   * failing on most resamples, or a degenerate design — fewer points or distinct x than free parameters, all y equal).
   */
  identify?: boolean
  /** Last touch on the FitResult (e.g. relabel exchangeable terms). */
  post?(fit: FitResult, opts: z.output<z.ZodObject<S>> & CommonOptions): FitResult
}

export interface CommonOptions {
  series?: string | undefined
  target: string
  xMin?: number | undefined
  xMax?: number | undefined
  space: 'log' | 'linear'
  loss: 'l2' | 'huber'
  weights: 'none' | 'se'
  optimizer: 'ml-lm' | 'passk-lm'
  bootstrap: number
  maxIterations: number
  gridPoints: number
  gridMax?: number | undefined
  gridMaxFactor: number
}

export function commonShape(natural: 'failure' | 'pass' | 'any', defaultSpace: 'log' | 'linear') {
  const targets = natural === 'any' ? (['y'] as const) : (['auto', 'y', natural] as const)
  const targetHelp =
    natural === 'failure'
      ? "'y' fits y as given; 'failure' fits 1 − y (y is a pass rate); 'auto' = 'failure' when curve.quantity is 'pass'"
      : natural === 'pass'
        ? "'y' fits y as given; 'pass' fits 1 − y (y is a failure rate); 'auto' = 'pass' when curve.quantity is 'failure' or 'loss'"
        : "'y' fits y as given"
  return {
    series: z
      .string()
      .optional()
      .describe(
        'Label of the one series to fit; when omitted, every series except model curves (style "fit", e.g. a prediction drawn next to the data) if the curve has data series',
      ),
    target: z
      .enum(targets as unknown as [string, ...string[]])
      .default(natural === 'any' ? 'y' : 'auto')
      .describe(targetHelp),
    xMin: z.number().optional().describe('Use only points with x ≥ xMin'),
    xMax: z.number().optional().describe('Use only points with x ≤ xMax'),
    space: z
      .enum(['log', 'linear'])
      .default(defaultSpace)
      .describe("Residuals in 'log' (log y − log f, relative errors) or 'linear' space"),
    loss: z.enum(['l2', 'huber']).default('l2').describe("'huber' = robust fit by IRLS (threshold 1.345 robust SDs)"),
    weights: z
      .enum(['none', 'se'])
      .default('none')
      .describe("'se' weights points by 1/se² from the series' standard errors"),
    optimizer: z
      .enum(['ml-lm', 'passk-lm'])
      .default('ml-lm')
      .describe("'ml-lm': ml-levenberg-marquardt then passk-lm polish; 'passk-lm': our LM only"),
    bootstrap: z
      .number()
      .int()
      .min(0)
      .max(100000)
      .default(0)
      .describe('Bootstrap refits over points for percentile intervals (0 = off)'),
    maxIterations: z.number().int().min(1).max(100000).default(200).describe('Iteration limit per start'),
    gridPoints: z
      .number()
      .int()
      .min(2)
      .max(100000)
      .default(100)
      .describe('Points of the fitted curve on a log grid (for plots)'),
    gridMax: z
      .number()
      .positive()
      .optional()
      .describe('Extend the fitted curve to this x (extrapolation); default: gridMaxFactor × the largest x fitted'),
    gridMaxFactor: z
      .number()
      .min(1)
      .max(1e6)
      .default(1)
      .describe(
        'Without gridMax, extend the fitted curve to this multiple of the largest x fitted (e.g. 100 for predictions two decades out)',
      ),
  }
}

/**
 * The series to fit: the one whose label is `label`, or else every series except model curves
 * (style 'fit': predictions drawn beside the data, not measurements) as long as one other series is left.
 */
export function selectSeries(curve: Curve, label: string | undefined, id: string): Series[] {
  if (label === undefined) {
    if (curve.series.length === 0)
      throw new PasskError(
        'PASSK_EMPTY_INPUT',
        `${id}: curve "${curve.id}" has no series to fit.`,
        'Check the stage before this one: it produced an empty curve.',
      )
    const data = curve.series.filter((s) => s.style !== 'fit')
    return data.length ? data : curve.series
  }
  const s = curve.series.filter((q) => q.label === label)
  if (s.length === 0)
    throw new PasskError(
      'PASSK_SERIES_NOT_FOUND',
      `${id}: curve "${curve.id}" has no series labelled "${label}" (it has: ${curve.series.map((q) => JSON.stringify(q.label)).join(', ')}).`,
      'Set option series to one of those labels, or omit it to fit every series.',
    )
  return s
}

function flipWanted(natural: 'failure' | 'pass' | 'any', target: string, quantity: string | undefined): boolean {
  if (natural === 'any' || target === 'y') return false
  if (target !== 'auto') return true
  if (natural === 'failure') return quantity === 'pass'
  return quantity === 'failure' || quantity === 'loss'
}

export function paramsOut(res: LsqResult, boot?: { lower: number[]; upper: number[] }): FitResult['params'] {
  return res.names.map((name, j) => ({
    name,
    value: res.theta[j],
    stdErr: res.stdErr[j],
    ...(res.fixed[j] ? { fixed: true } : {}),
    ...(boot && !res.fixed[j] && Number.isFinite(boot.lower[j]) ? { lower: boot.lower[j], upper: boot.upper[j] } : {}),
  }))
}

export function goodnessOut(res: LsqResult): FitResult['goodness'] {
  const g: FitResult['goodness'] = { n: res.n, dof: res.dof }
  if (Number.isFinite(res.rss)) g.rss = res.rss
  if (Number.isFinite(res.r2)) g.r2 = res.r2
  if (Number.isFinite(res.logLik)) g.logLik = res.logLik
  if (Number.isFinite(res.aic)) g.aic = res.aic
  return g
}

/** Fit one series; numerical failures come back as a FitResult with that status and a warning. */
export function fitSeries<S extends z.ZodRawShape>(
  def: CurveModelDef<S>,
  curve: Curve,
  s: Series,
  opts: z.output<z.ZodObject<S>> & CommonOptions,
  ctx: PluginContext,
): FitResult {
  const id = `fitters/${def.name}`
  const flip = flipWanted(def.natural, opts.target, curve.quantity)
  const target = flip ? `${s.label} (1 − y)` : s.label
  const xs: number[] = [],
    ys: number[] = [],
    ws: number[] = []
  let dropped = 0,
    droppedLog = 0
  const useSe = opts.weights === 'se'
  if (useSe && !s.se)
    ctx.warn('FIT_NO_SE', `${id}: series "${s.label}" has no standard errors; weights = 'se' ignored (unweighted fit).`)
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i],
      y0 = s.y[i]
    if (opts.xMin !== undefined && x < opts.xMin) continue
    if (opts.xMax !== undefined && x > opts.xMax) continue
    if (!Number.isFinite(y0)) {
      dropped++
      continue
    }
    const y = flip ? 1 - y0 : y0
    if (opts.space === 'log' && !(y > 0)) {
      droppedLog++
      continue
    }
    let w = 1
    if (useSe && s.se) {
      const se = s.se[i]
      if (!(se > 0) || !Number.isFinite(se)) {
        dropped++
        continue
      }
      w = opts.space === 'log' ? (y / se) ** 2 : 1 / se ** 2 // delta method: se(log y) ≈ se/y
    }
    xs.push(x)
    ys.push(y)
    ws.push(w)
  }
  if (dropped)
    ctx.warn(
      'FIT_POINTS_DROPPED',
      `${id}: series "${s.label}": ${dropped} point(s) with undefined y (or se) were left out of the fit.`,
    )
  if (droppedLog)
    ctx.warn(
      'FIT_NONPOSITIVE_DROPPED',
      `${id}: series "${s.label}": ${droppedLog} point(s) with ${flip ? '1 − y' : 'y'} ≤ 0 cannot be fitted in log space and were left out.`,
    )
  const x = Float64Array.from(xs),
    y = Float64Array.from(ys)
  const failed = (message: string, names: string[] = []): FitResult => {
    ctx.warn('FIT_FAILED', `${id}: series "${s.label}": ${message}`)
    return {
      model: def.name,
      target,
      params: names.map((name) => ({ name, value: NaN, stdErr: null })),
      status: 'failed',
      message,
      iterations: 0,
      goodness: { n: x.length, dof: 0 },
    }
  }
  const bad = def.check?.(x, y)
  if (bad) return failed(bad)
  if (x.length === 0) return failed('no usable points in the selected x-range')
  const spec = def.build(x, y, opts, curve)
  const prob = {
    x,
    y,
    params: spec.params,
    model: spec.model,
    ...(spec.gradient ? { gradient: spec.gradient } : {}),
    ...(useSe ? { weights: Float64Array.from(ws) } : {}),
  }
  const lsqOpts = {
    space: opts.space,
    loss: opts.loss,
    optimizer: opts.optimizer,
    maxIterations: opts.maxIterations,
    checkAbort: () => ctx.throwIfAborted(),
  }
  const res = fitLeastSquares(prob, lsqOpts)
  if (def.identify && res.status === 'failed') {
    // Fewer points (or distinct x) than free parameters: unidentified by design, not a numerical failure.
    const idn = identifySeries(x, y, res, undefined, 0)
    if (idn.status === 'unidentified') {
      const message = unidentifiedMessage(idn.reasons, res.message)
      ctx.warn('FIT_UNIDENTIFIED', `${id}: series "${s.label}": ${message}`)
      return {
        model: def.name,
        target,
        params: res.names.map((name) => ({ name, value: NaN, stdErr: null })),
        status: 'unidentified',
        message,
        iterations: res.iterations,
        goodness: { n: x.length, dof: 0 },
      }
    }
  }
  if (res.status === 'failed' || res.status === 'non-finite')
    return { ...failed(res.message, res.names), status: res.status, iterations: res.iterations }
  if (res.status !== 'converged')
    ctx.warn('FIT_NOT_CONVERGED', `${id}: series "${s.label}": status ${res.status}: ${res.message}`)
  let boot: ReturnType<typeof bootstrap> | undefined
  if (opts.bootstrap > 0) {
    const baseW = useSe ? Float64Array.from(ws) : new Float64Array(x.length).fill(1)
    const start = res.names.map((_, j) => res.theta[j])
    const bootParams = spec.params.map((q, j) => ({ ...q, start: start[j] }))
    boot = bootstrap(
      x.length,
      res.names.length,
      (counts) => {
        const w = new Float64Array(x.length)
        for (let i = 0; i < x.length; i++) w[i] = baseW[i] * counts[i]
        const r = fitLeastSquares({ ...prob, params: bootParams, weights: w }, { ...lsqOpts, optimizer: 'passk-lm' })
        return r.status === 'converged' || r.status === 'singular' ? r.theta : null
      },
      {
        reps: opts.bootstrap,
        rng: ctx.rng.split(`bootstrap:${s.label}`),
        progress: (d, t) => ctx.progress({ done: d, total: t, label: `bootstrap ${s.label}` }),
        checkAbort: () => ctx.throwIfAborted(),
      },
    )
    if (boot.failed)
      ctx.warn(
        'FIT_BOOTSTRAP_FAILURES',
        `${id}: series "${s.label}": ${boot.failed} of ${opts.bootstrap} bootstrap refits failed and were left out of the intervals.`,
      )
  }
  let status: FitStatus = res.status,
    message = res.message
  if (def.identify) {
    const idn = identifySeries(x, y, res, boot, opts.bootstrap)
    if (idn.status !== status) {
      status = idn.status
      message = unidentifiedMessage(idn.reasons, message)
      ctx.warn('FIT_UNIDENTIFIED', `${id}: series "${s.label}": ${message}`)
    }
  }
  const theta = Float64Array.from(res.theta)
  const predictFit = (v: number) => spec.model(theta, v)
  const predict = (v: number) => (flip ? 1 - predictFit(v) : predictFit(v))
  const lo = x.reduce((a, b) => Math.min(a, b), Infinity),
    hiData = x.reduce((a, b) => Math.max(a, b), -Infinity)
  const hi = Math.max(hiData, opts.gridMax ?? opts.gridMaxFactor * hiData)
  const gx =
    lo > 0
      ? logGrid(lo, hi, opts.gridPoints)
      : Array.from({ length: opts.gridPoints }, (_, i) => lo + ((hi - lo) * i) / (opts.gridPoints - 1))
  const gy = gx.map(predict)
  const derived: Record<string, number> = {}
  for (const [k, v] of Object.entries(def.derived?.(theta, res, opts) ?? {})) if (Number.isFinite(v)) derived[k] = v
  if (boot) {
    derived.bootstrapRefits = boot.done
    derived.bootstrapFailures = boot.failed
    res.names.forEach((n, j) => {
      if (Number.isFinite(boot.sd[j])) derived[`bootstrapSd_${n}`] = boot.sd[j]
      if (Number.isFinite(boot.robustSd[j])) derived[`bootstrapRobustSd_${n}`] = boot.robustSd[j]
    })
  }
  const out: FitResult = {
    model: def.name,
    target,
    params: paramsOut(res, boot),
    status,
    message: message + (flip ? " Fitted 1 − y; predict/curve are in the input's y units." : ''),
    iterations: res.iterations,
    goodness: goodnessOut(res),
    derived,
    predict,
    curve: gy.every(Number.isFinite)
      ? { x: gx, y: gy }
      : { x: gx.filter((_, i) => Number.isFinite(gy[i])), y: gy.filter(Number.isFinite) },
  }
  if (res.correlation) out.correlation = res.correlation
  return def.post ? def.post(out, opts) : out
}

/**
 * Degenerate designs (the data cannot determine the free parameters whatever the optimiser reports), then
 * internal/identify.ts on the free parameters (relative s.e. > 10, bootstrap failures). Degenerate: fewer points, or
 * fewer distinct x, than free parameters (whatever the engine reported: it fails or is singular there, but the reason
 * is the design); all y equal for a model with more than two free parameters (a flat curve determines a level and a
 * zero slope — power-law a·x^0, exp-power-law — but not a third parameter, e.g. the split between two terms or an
 * offset). The flat-y and s.e. rules act on 'converged' and 'max-iterations' fits only: 'singular' and 'at-bound'
 * already say the fit is not a result (and keep their own message).
 */
export function identifySeries(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  res: LsqResult,
  boot: { sd: number[]; failed: number } | undefined,
  reps: number,
): { status: FitStatus; reasons: string[] } {
  const free = res.fixed.map((f, j) => (f ? -1 : j)).filter((j) => j >= 0)
  const design: string[] = []
  const distinct = new Set(Array.from(x)).size
  if (x.length < free.length) design.push(`${x.length} point(s) for ${free.length} free parameters`)
  else if (distinct < free.length)
    design.push(`only ${distinct} distinct x value(s) for ${free.length} free parameters`)
  // Too few points or distinct x: whatever the engine reports (failed, singular, at-bound) the cause is the design.
  if (design.length && x.length > 0) return { status: 'unidentified', reasons: design }
  if (res.status !== 'converged' && res.status !== 'max-iterations') return { status: res.status, reasons: [] }
  let lo = Infinity,
    hi = -Infinity
  for (let i = 0; i < y.length; i++) {
    lo = Math.min(lo, y[i])
    hi = Math.max(hi, y[i])
  }
  if (free.length > 2 && y.length > 1 && hi - lo <= 1e-12 * Math.max(Math.abs(hi), Math.abs(lo)))
    design.push(
      `all ${y.length} y values are equal (${hi.toPrecision(4)}): a flat curve cannot determine ${free.length} parameters`,
    )
  const id = identify({
    status: 'converged',
    names: free.map((j) => res.names[j]),
    values: free.map((j) => res.theta[j]),
    stdErr: free.map((j) => res.stdErr[j]),
    ...(boot ? { bootstrapSd: free.map((j) => boot.sd[j]), bootstrapFailures: boot.failed, bootstrapReps: reps } : {}),
  })
  const reasons = [...design, ...id.reasons]
  return reasons.length ? { status: 'unidentified', reasons } : { status: res.status, reasons }
}

/** Build a Curve → Fit plugin from a model definition. */
export function defineCurveFitter<S extends z.ZodRawShape>(def: CurveModelDef<S>) {
  const options = z.object({ ...commonShape(def.natural, def.defaultSpace), ...def.extra }).strict()
  return defineFitter({
    name: def.name,
    version: pkg.version,
    summary: def.summary,
    refs: def.refs,
    ...(def.description ? { description: def.description } : {}),
    accepts: 'Curve',
    produces: 'Fit',
    options,
    run(curve: Curve, o, ctx): Fit {
      const opts = o as unknown as z.output<z.ZodObject<S>> & CommonOptions
      if (opts.xMin !== undefined && opts.xMax !== undefined && opts.xMin > opts.xMax) {
        throw new PasskError(
          'PASSK_BAD_OPTIONS',
          `fitters/${def.name}: xMin = ${opts.xMin} is above xMax = ${opts.xMax}.`,
          'Swap them, or drop one to leave that side open.',
        )
      }
      const series = selectSeries(curve, opts.series, `fitters/${def.name}`)
      const fits = series.map((s, i) => {
        ctx.throwIfAborted()
        ctx.progress({ done: i, total: series.length, label: s.label })
        return fitSeries(def, curve, s, opts, ctx)
      })
      return { kind: 'Fit', fits, source: curve, meta: { model: def.name } }
    },
  })
}

/** Ordinary least squares line y = a + b·x (for start values). */
/**
 * The `check` message for the first x that is not > 0, or null: `${label} = ${x} at point ${i} is not positive
 * (${why})`.
 */
export function nonPositiveX(x: ArrayLike<number>, label: string, why?: string): string | null {
  for (let i = 0; i < x.length; i++)
    if (!(x[i] > 0)) return `${label} = ${x[i]} at point ${i} is not positive${why ? ` (${why})` : ''}`
  return null
}

export function olsLine(x: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  const n = x.length
  let sx = 0,
    sy = 0
  for (let i = 0; i < n; i++) {
    sx += x[i]
    sy += y[i]
  }
  const mx = sx / n,
    my = sy / n
  let sxx = 0,
    sxy = 0
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2
    sxy += (x[i] - mx) * (y[i] - my)
  }
  const b = sxx > 0 ? sxy / sxx : 0
  return { a: my - b * mx, b }
}
