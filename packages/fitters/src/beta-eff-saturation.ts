/**
 * fitters/beta-eff-saturation: the saturating effective exponent of LID Eq. 20 / 57,
 *   β_eff(N) = β − Δ/(1 + c·N^ν),   Δ, c, ν > 0,
 * fitted to a β_eff(N) curve (e.g. the output of fitters/local-slope), optionally with β fixed to
 * the known intrinsic LID exponent.
 * Fitted as β − Δ/(1 + (N/N½)^ν) with the half-saturation size N½ = c^(−1/ν) (where the deficit is
 * Δ/2): c alone is badly scaled (c ≈ N½^−ν spans dozens of decades when ν is large, so its log runs
 * off to what looks like a bound and c, ν are almost collinear), while N½ sits inside the N range.
 * Derived: c = N½^(−ν) (the paper's parameter) and β_eff at N → 0 (β − Δ).
 *
 * With `verdict: true` each series is first asked whether its data support the four-parameter law at all
 * (`saturationVerdict`): fewer than `minPoints` points → 'unidentified' (no fit is made); no significant rise
 * (one-sided test on the weighted slope of β_eff on log10 N) → 'no rise detected', or 'plateau' when the
 * rise over the observed range is bounded below `plateauTolerance`; a significant rise that the saturating law
 * does not describe better than a straight line in log N (AIC), or whose N½ lies outside the data → 'unidentified'.
 * Only 'saturation' keeps the fit's status; the others are reported with core's status 'unidentified' (the law
 * is not supported — parameters shown as fitted) and, for 'plateau' / 'no rise detected', a constant β_eff fit
 * (weighted mean, model 'beta-eff-constant'). Verdicts go to Fit.meta.verdicts and the 'saturation-verdict' table.
 *
 * Intervals of a saturating fit with verdict (`interval: 'parametric'`, the default when the series has se):
 * a parametric bootstrap — each replicate redraws every point from N(β_eff_fit(N_i), (s·se_i)²), with se_i the
 * point's own standard error (e.g. each checkpoint's Beta-Binomial bootstrap s.d.) and s = max(1, √(χ²/dof)) the
 * Birge ratio of the fit, and refits the law; 95% percentile intervals. A pairs bootstrap (resampling the points)
 * over 5–8 checkpoints for four parameters under-covers: a resample that repeats points drops whole parts of the
 * curve. `interval: 'pairs'` keeps the pairs bootstrap of the curve fitters.
 */
import { z, defineFitter, type Curve, type Fit, type FitResult, type PluginContext, type Series } from '@passk/core'
import { percentile } from '@passk/stats'
import {
  defineCurveFitter,
  fitSeries,
  nonPositiveX,
  selectSeries,
  type CommonOptions,
  type CurveModelDef,
} from './internal/curve-fitter.js'

export type SaturationVerdictKind = 'saturation' | 'plateau' | 'no rise detected' | 'unidentified'

export interface SaturationVerdict {
  series: string
  verdict: SaturationVerdictKind
  reason: string
  points: number
  /** Weighted slope of β_eff on log10 N, its se (scaled by the Birge ratio when > 1) and z = slope/se. */
  slope: number
  slopeSe: number
  /** Weighted mean (constant model) and its se. */
  mean: number
  meanSe: number
  aicConstant: number
  aicLine: number
  aicSaturation: number | null
}

/** Weighted least squares of y on (1, u) with weights w: slope, its se (known-σ, Birge-scaled) and χ². */
function wls(u: number[], y: number[], w: number[]) {
  let sw = 0,
    su = 0,
    sy = 0
  for (let i = 0; i < u.length; i++) {
    sw += w[i]
    su += w[i] * u[i]
    sy += w[i] * y[i]
  }
  const mu = su / sw,
    my = sy / sw
  let suu = 0,
    suy = 0
  for (let i = 0; i < u.length; i++) {
    suu += w[i] * (u[i] - mu) ** 2
    suy += w[i] * (u[i] - mu) * (y[i] - my)
  }
  const slope = suu > 0 ? suy / suu : 0
  let chiLine = 0,
    chiConst = 0
  for (let i = 0; i < u.length; i++) {
    chiLine += w[i] * (y[i] - my - slope * (u[i] - mu)) ** 2
    chiConst += w[i] * (y[i] - my) ** 2
  }
  const n = u.length
  const birgeLine = n > 2 ? Math.max(1, chiLine / (n - 2)) : 1,
    birgeConst = n > 1 ? Math.max(1, chiConst / (n - 1)) : 1
  return {
    slope,
    slopeSe: suu > 0 ? Math.sqrt(birgeLine / suu) : Infinity,
    mean: my,
    meanSe: Math.sqrt(birgeConst / sw),
    chiLine,
    chiConst,
  }
}

/**
 * Does a β_eff(N) series support the saturating law of LID Eq. 20? `fit` is the four-parameter fit (null when
 * not made); χ² use the same weights as the fit (1/se² with weights 'se', else 1 with σ² estimated from the line).
 */
export function saturationVerdict(
  s: Pick<Series, 'label' | 'x' | 'y' | 'se'>,
  fit: FitResult | null,
  o: { minPoints: number; useSe: boolean; plateauTolerance: number; zCritical: number; fixedBeta: boolean },
): SaturationVerdict {
  const idx = s.x.map((_, i) => i).filter((i) => s.x[i] > 0 && Number.isFinite(s.y[i]))
  const u = idx.map((i) => Math.log10(s.x[i])),
    y = idx.map((i) => s.y[i])
  const base = { series: s.label, points: idx.length }
  if (idx.length < o.minPoints)
    return {
      ...base,
      verdict: 'unidentified',
      reason: `${idx.length} identified point(s), fewer than the ${o.minPoints} the saturating law needs`,
      slope: NaN,
      slopeSe: NaN,
      mean: NaN,
      meanSe: NaN,
      aicConstant: NaN,
      aicLine: NaN,
      aicSaturation: null,
    }
  let w = idx.map((i) => (o.useSe && s.se && s.se[i] > 0 ? 1 / s.se[i] ** 2 : 1))
  let r = wls(u, y, w)
  if (!(o.useSe && s.se)) {
    // Unknown σ: estimate it from the straight-line residuals so χ² and AIC are on the data's scale.
    const s2 = Math.max(r.chiLine / Math.max(idx.length - 2, 1), 1e-300)
    w = w.map((q) => q / s2)
    r = wls(u, y, w)
  }
  let chiSat: number | null = null
  if (fit && fit.status !== 'failed' && fit.status !== 'non-finite' && fit.predict) {
    chiSat = 0
    for (let i = 0; i < idx.length; i++) chiSat += w[i] * (y[i] - fit.predict(s.x[idx[i]])) ** 2
  }
  const kSat = o.fixedBeta ? 3 : 4
  const aicConstant = r.chiConst + 2,
    aicLine = r.chiLine + 4,
    aicSaturation = chiSat === null ? null : chiSat + 2 * kSat
  const out = {
    ...base,
    slope: r.slope,
    slopeSe: r.slopeSe,
    mean: r.mean,
    meanSe: r.meanSe,
    aicConstant,
    aicLine,
    aicSaturation,
  }
  const z = r.slope / r.slopeSe
  const decades = Math.max(...u) - Math.min(...u)
  const riseUpper = (r.slope + o.zCritical * r.slopeSe) * decades
  const zs = `slope ${r.slope.toPrecision(3)} ± ${r.slopeSe.toPrecision(2)} per decade (z = ${z.toFixed(2)})`
  if (!(z > o.zCritical)) {
    if (Math.abs(r.slope * decades) < o.plateauTolerance && riseUpper < o.plateauTolerance)
      return {
        ...out,
        verdict: 'plateau',
        reason: `flat: ${zs}; the rise over the observed ${decades.toFixed(1)} decades is below ${riseUpper.toPrecision(2)} (< ${o.plateauTolerance}); β_eff ≈ ${r.mean.toPrecision(3)} ± ${r.meanSe.toPrecision(2)}`,
      }
    return {
      ...out,
      verdict: 'no rise detected',
      reason: `${zs}: no significant rise (one-sided, z ≤ ${o.zCritical}); constant β_eff = ${r.mean.toPrecision(3)} ± ${r.meanSe.toPrecision(2)}`,
    }
  }
  if (aicSaturation === null)
    return {
      ...out,
      verdict: 'unidentified',
      reason: `rise detected (${zs}) but the saturating fit ${fit ? fit.status : 'was not made'}`,
    }
  const nHalf = fit?.params.find((p) => p.name === 'Nhalf')?.value ?? NaN
  const lo = Math.min(...idx.map((i) => s.x[i])),
    hi = Math.max(...idx.map((i) => s.x[i]))
  if (!(nHalf >= lo && nHalf <= hi))
    return {
      ...out,
      verdict: 'unidentified',
      reason: `rise detected (${zs}) but N½ = ${nHalf.toPrecision(3)} lies outside the data [${lo.toPrecision(3)}, ${hi.toPrecision(3)}]: the saturation is not observed`,
    }
  if (!(aicSaturation < aicLine))
    return {
      ...out,
      verdict: 'unidentified',
      reason: `rise detected (${zs}) but the saturating law (AIC ${aicSaturation.toFixed(1)}) is no better than a straight line in log N (AIC ${aicLine.toFixed(1)}): β and N½ are not determined`,
    }
  return {
    ...out,
    verdict: 'saturation',
    reason: `${zs}; saturating law preferred by AIC (${aicSaturation.toFixed(1)} vs line ${aicLine.toFixed(1)}, constant ${aicConstant.toFixed(1)})`,
  }
}

const saturationExtra = {
  fixBeta: z.number().positive().optional().describe('Hold β at this known intrinsic exponent (fit Δ, c, ν only)'),
  verdict: z
    .boolean()
    .default(false)
    .describe(
      "Test first whether the data support the law: 'saturation', or 'plateau' / 'no rise detected' (constant β_eff reported) / 'unidentified'",
    ),
  minPoints: z.number().int().min(4).default(4).describe('With verdict: fewest points for a saturating fit'),
  plateauTolerance: z
    .number()
    .positive()
    .default(0.1)
    .describe("With verdict: 'plateau' when the rise over the observed range is bounded below this"),
  zCritical: z.number().positive().default(1.645).describe('With verdict: one-sided critical z of the slope test'),
  interval: z
    .enum(['parametric', 'pairs'])
    .default('parametric')
    .describe(
      "With verdict: bootstrap of a saturating fit — 'parametric' redraws each point from the fit with its own se (Birge-scaled), 'pairs' resamples the points",
    ),
}

const saturationDef: CurveModelDef<typeof saturationExtra> = {
  name: 'beta-eff-saturation',
  summary: 'β_eff(N) = β − Δ/(1 + c·N^ν) = β − Δ/(1 + (N/N½)^ν): saturation of the effective exponent (LID Eq. 20/57)',
  refs: ['LID Eq. 20', 'LID Eq. 57'],
  natural: 'any',
  defaultSpace: 'linear',
  extra: saturationExtra,

  check(x) {
    return nonPositiveX(x, 'N', 'β_eff is modelled against N > 0')
  },
  build(x, y, o) {
    const ymax = y.reduce((a, b) => Math.max(a, b), -Infinity),
      ymin = y.reduce((a, b) => Math.min(a, b), Infinity)
    const lo = x.reduce((a, b) => Math.min(a, b), Infinity),
      hi = x.reduce((a, b) => Math.max(a, b), -Infinity)
    const halfs = [lo, Math.sqrt(lo * hi), hi],
      nus = [0.5, 1, 2]
    const beta = o.fixBeta ?? ymax
    return {
      params: [
        { name: 'beta', start: beta, ...(o.fixBeta !== undefined ? { fixed: o.fixBeta } : {}) },
        { name: 'Delta', start: Math.max(beta - ymin, 1e-3) * 1.2, bound: 'positive' },
        { name: 'Nhalf', start: halfs, bound: 'positive' },
        { name: 'nu', start: nus, bound: 'positive' },
      ],
      model: (t, N) => t[0] - t[1] / (1 + Math.pow(N / t[2], t[3])),
      gradient: (t, N, g) => {
        const q = Math.pow(N / t[2], t[3]),
          d = 1 + q
        g[0] = 1
        g[1] = -1 / d
        g[2] = (-t[1] * t[3] * q) / (t[2] * d * d)
        g[3] = (t[1] * q * Math.log(N / t[2])) / (d * d)
      },
    }
  },
  derived: (t) => ({ c: Math.pow(t[2], -t[3]), betaAtZero: t[0] - t[1] }),
}
const saturationModel = defineCurveFitter(saturationDef)

type SatOptions = z.output<typeof saturationModel.options>

/** The message of an unsupported law: 'plateau: …' / 'no rise detected: …', or the reason of an unidentified one. */
const verdictMessage = (v: SaturationVerdict) => (v.verdict === 'unidentified' ? v.reason : `${v.verdict}: ${v.reason}`)

/** Status for a law the data do not support. */
const UNSUPPORTED: FitResult['status'] = 'unidentified'

/**
 * Parametric bootstrap of a saturating fit (see the file comment): y*_i = fit(N_i) + s·se_i·ε_i, refit, 95%
 * percentile intervals per free parameter. Replaces the fit's intervals and bootstrap derived values.
 */
function parametricBootstrap(
  fit: FitResult,
  curve: Curve,
  s: Series,
  opts: SatOptions & CommonOptions,
  ctx: PluginContext,
): FitResult {
  const predict = fit.predict
  const se = s.se
  if (!predict || !se || opts.bootstrap <= 0) return fit
  const idx = s.x
    .map((_, i) => i)
    .filter(
      (i) =>
        s.x[i] > 0 &&
        Number.isFinite(s.y[i]) &&
        se[i] > 0 &&
        Number.isFinite(se[i]) &&
        (opts.xMin === undefined || s.x[i] >= opts.xMin) &&
        (opts.xMax === undefined || s.x[i] <= opts.xMax),
    )
  const x = idx.map((i) => s.x[i]),
    sig = idx.map((i) => se[i]),
    mu = x.map((v) => predict(v))
  let chi2 = 0
  idx.forEach((i, j) => (chi2 += ((s.y[i] - mu[j]) / sig[j]) ** 2))
  const free = fit.params.filter((p) => !p.fixed).length
  const dof = x.length - free
  const birge = dof > 0 ? Math.max(1, Math.sqrt(chi2 / dof)) : 1
  const rng = ctx.rng.split(`parametric-bootstrap:${s.label}`)
  // Refits are quiet (their warnings would repeat per replicate); failures are counted and warned once.
  const quiet = Object.create(ctx) as PluginContext
  quiet.warn = () => {}
  quiet.progress = () => {}
  const rows: number[][] = []
  let failed = 0
  for (let b = 0; b < opts.bootstrap; b++) {
    if (b % 16 === 0) ctx.throwIfAborted()
    const y = mu.map((m, j) => m + birge * sig[j] * rng.normal())
    const r = fitSeries(saturationDef, curve, { ...s, x, y, se: sig }, { ...opts, bootstrap: 0, gridPoints: 2 }, quiet)
    const th = r.params.map((p) => p.value)
    if ((r.status === 'converged' || r.status === 'singular') && th.every(Number.isFinite)) rows.push(th)
    else failed++
    if ((b + 1) % 25 === 0 || b + 1 === opts.bootstrap)
      ctx.progress({ done: b + 1, total: opts.bootstrap, label: `parametric bootstrap ${s.label}` })
  }
  if (failed)
    ctx.warn(
      'FIT_BOOTSTRAP_FAILURES',
      `fitters/beta-eff-saturation: series "${s.label}": ${failed} of ${opts.bootstrap} parametric bootstrap refits failed and were left out of the intervals.`,
    )
  const derived: Record<string, number> = { ...(fit.derived ?? {}) }
  for (const k of Object.keys(derived)) if (k.startsWith('bootstrap')) delete derived[k]
  derived.bootstrapRefits = rows.length
  derived.bootstrapFailures = failed
  derived.bootstrapBirge = birge
  const params = fit.params.map((p, j) => {
    const { lower: _l, upper: _u, ...rest } = p
    void _l
    void _u
    if (p.fixed || rows.length < 2) return rest
    const col = rows.map((r) => r[j]).sort((a, b) => a - b)
    const mean = col.reduce((a, v) => a + v, 0) / col.length
    derived[`bootstrapSd_${p.name}`] = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / (col.length - 1))
    derived[`bootstrapRobustSd_${p.name}`] =
      0.5 * (percentile(col, 0.8413447460685429) - percentile(col, 0.15865525393145707))
    return { ...rest, lower: percentile(col, 0.025), upper: percentile(col, 0.975) }
  })
  return {
    ...fit,
    params,
    derived,
    message: `${fit.message ?? ''} Intervals: parametric bootstrap (${rows.length} refits, points redrawn from the fit with their se × ${birge.toPrecision(3)}).`,
  }
}

export const betaEffSaturation = defineFitter({
  ...saturationModel,
  run(curve: Curve, o: SatOptions, ctx): Fit {
    if (!o.verdict) return saturationModel.run(curve, o, ctx) as Fit
    const opts = o as unknown as SatOptions & CommonOptions
    const fits: FitResult[] = []
    const verdicts: SaturationVerdict[] = []
    for (const s of selectSeries(curve, o.series, 'fitters/beta-eff-saturation')) {
      ctx.throwIfAborted()
      const usable = s.x.filter((x, i) => x > 0 && Number.isFinite(s.y[i])).length
      const parametric = o.interval === 'parametric' && s.se !== undefined && o.bootstrap > 0
      const fit =
        usable >= o.minPoints
          ? fitSeries(saturationDef, curve, s, parametric ? { ...opts, bootstrap: 0 } : opts, ctx)
          : null
      const v = saturationVerdict(s, fit, {
        minPoints: o.minPoints,
        useSe: o.weights === 'se',
        plateauTolerance: o.plateauTolerance,
        zCritical: o.zCritical,
        fixedBeta: o.fixBeta !== undefined,
      })
      verdicts.push(v)
      if (v.verdict !== 'saturation')
        ctx.warn(
          'SATURATION_NOT_SUPPORTED',
          `fitters/beta-eff-saturation: series "${s.label}": ${v.verdict}: ${v.reason}`,
        )
      if (fit && v.verdict === 'saturation') fits.push(parametric ? parametricBootstrap(fit, curve, s, opts, ctx) : fit)
      else if (fit) {
        // The law is not supported: keep the fitted numbers for inspection, but no curve a plot would draw.
        const { curve: _drawn, predict: _p, ...rest } = fit
        void _drawn
        void _p
        fits.push({ ...rest, status: UNSUPPORTED, message: verdictMessage(v) })
      } else
        fits.push({
          model: 'beta-eff-saturation',
          target: s.label,
          params: ['beta', 'Delta', 'Nhalf', 'nu'].map((name) => ({ name, value: NaN, stdErr: null })),
          status: UNSUPPORTED,
          message: verdictMessage(v),
          iterations: 0,
          goodness: { n: v.points, dof: 0 },
        })
      if (v.verdict === 'plateau' || v.verdict === 'no rise detected') {
        const mean = v.mean
        fits.push({
          model: 'beta-eff-constant',
          target: s.label,
          params: [{ name: 'beta', value: mean, stdErr: v.meanSe }],
          status: 'converged',
          message: `constant β_eff (weighted mean), the model the data support: ${v.verdict}`,
          iterations: 0,
          goodness: { n: v.points, dof: v.points - 1 },
          derived: { slopePerDecade: v.slope, slopeSe: v.slopeSe },
          predict: () => mean,
          // No curve: plots draw the supported saturating fits; the constant is in the table and predict.
        })
      }
    }
    ctx.table({
      id: 'saturation-verdict',
      title: 'Does β_eff(N) saturate? (LID Eq. 20 against a constant and a straight line in log N, by AIC)',
      columns: [
        'series',
        'verdict',
        'points',
        'slope_per_decade',
        'slope_se',
        'mean',
        'mean_se',
        'aic_constant',
        'aic_line',
        'aic_saturation',
        'reason',
      ],
      rows: verdicts.map((v) => [
        v.series,
        v.verdict,
        v.points,
        Number.isFinite(v.slope) ? v.slope : null,
        Number.isFinite(v.slopeSe) ? v.slopeSe : null,
        Number.isFinite(v.mean) ? v.mean : null,
        Number.isFinite(v.meanSe) ? v.meanSe : null,
        Number.isFinite(v.aicConstant) ? v.aicConstant : null,
        Number.isFinite(v.aicLine) ? v.aicLine : null,
        v.aicSaturation,
        v.reason,
      ]),
    })
    return { kind: 'Fit', fits, source: curve, meta: { model: 'beta-eff-saturation', verdicts } }
  },
})
