/**
 * fitters/local-slope: the effective inference exponent of LID Eq. 55,
 *   β_eff(N; [k1, k2]) = −d log L_inf(k; N)/d log k  on  k ∈ [k1, k2],
 * estimated per series (one series per N, attrs.N) as minus the OLS slope of log L on log k inside
 * the window, with its OLS standard error. Without a window, the window of `windowDecades` decades
 * where the log-log curve is straightest (smallest RMS residual of the line) is chosen per series.
 * A curve with quantity 'log10-failure' (y = log₁₀ L, evaluators/passk-target output: 'log10') is read as
 * such, so points below 1e-300 keep their slope. Points below meta.resolutionFloor (e.g. 1/#test points)
 * are excluded; a user window that reaches
 * below the floor is reported with a warning. Output: Curve 'beta-eff' (x = N, y = β_eff, se) and a
 * table of the windows used.
 */
import { z, PasskError, defineFitter, type Curve, type Series } from '@passk/core'
import pkg from '../package.json' with { type: 'json' }
import { MAX_RELATIVE_SE } from './internal/identify.js'

const ID = 'fitters/local-slope'

/** Relative tolerance for a grid point to count as a window end (rounding in grids and logs). */
export const WINDOW_TOL = 1e-9

/**
 * Window ends that fall strictly inside the grid's range without a grid point there (within WINDOW_TOL): the
 * window then silently ends at the nearest point inside it, which the user should be told about.
 */
export function offGridEnds(x: readonly number[], k1: number | undefined, k2: number | undefined): number[] {
  if (x.length === 0) return []
  let lo = Infinity,
    hi = -Infinity
  for (const v of x) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return [k1, k2].filter(
    (k): k is number => k !== undefined && k > lo && k < hi && !x.some((v) => Math.abs(v - k) <= WINDOW_TOL * k),
  )
}

export interface SlopeWindow {
  k1: number
  k2: number
  points: number
  slope: number
  se: number | null
  rms: number
  /** ln of the line's prefactor: L ≈ e^lnPrefactor·k^(−slope), P̃(N) of LID Eq. 22 (for fitters/compute-allocation). */
  lnPrefactor: number
}

/** OLS of log y on log x over points i in [i0, i1]; returns −slope as β_eff. */
function lineFit(
  lx: number[],
  ly: number[],
  i0: number,
  i1: number,
): { beta: number; se: number | null; rms: number; lnP: number } {
  const n = i1 - i0 + 1
  let mx = 0,
    my = 0
  for (let i = i0; i <= i1; i++) {
    mx += lx[i]
    my += ly[i]
  }
  mx /= n
  my /= n
  let sxx = 0,
    sxy = 0
  for (let i = i0; i <= i1; i++) {
    sxx += (lx[i] - mx) ** 2
    sxy += (lx[i] - mx) * (ly[i] - my)
  }
  const b = sxy / sxx
  let rss = 0
  for (let i = i0; i <= i1; i++) rss += (ly[i] - my - b * (lx[i] - mx)) ** 2
  const se = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : null
  return { beta: -b, se, rms: Math.sqrt(rss / n), lnP: my - b * mx }
}

/** β_eff of one series; k-window given or chosen as the straightest `decades`-wide window. */
export function localSlopeWindow(
  x: readonly number[],
  y: readonly number[],
  o: {
    k1?: number | undefined
    k2?: number | undefined
    windowDecades: number
    minPoints: number
    floor?: number | undefined
    /** y holds log₁₀ L (evaluators/passk-target output: 'log10'), finite below 1e-300. */
    log10?: boolean | undefined
  },
): SlopeWindow | { error: string } {
  const idx: number[] = []
  const lfloor = o.floor === undefined ? -Infinity : Math.log10(o.floor)
  for (let i = 0; i < x.length; i++) {
    const ok = o.log10
      ? Number.isFinite(y[i]) && y[i] >= lfloor
      : y[i] > 0 && Number.isFinite(y[i]) && (o.floor === undefined || y[i] >= o.floor)
    if (x[i] > 0 && ok) idx.push(i)
  }
  idx.sort((a, b) => x[a] - x[b])
  const lx = idx.map((i) => Math.log(x[i])),
    ly = idx.map((i) => (o.log10 ? y[i] * Math.LN10 : Math.log(y[i])))
  const n = idx.length
  if (o.k1 !== undefined || o.k2 !== undefined) {
    const k1 = o.k1 ?? 0,
      k2 = o.k2 ?? Infinity
    let i0 = -1,
      i1 = -1
    // Tolerant ends: a grid point within WINDOW_TOL (relative) of k1 or k2 belongs to the window, so a
    // window [1e2, 1e4] keeps a last point computed as 10000.000000000009 (issue 18 D1).
    const lo = k1 * (1 - WINDOW_TOL),
      hi = k2 * (1 + WINDOW_TOL)
    for (let j = 0; j < n; j++)
      if (x[idx[j]] >= lo && x[idx[j]] <= hi) {
        if (i0 < 0) i0 = j
        i1 = j
      }
    const m = i0 < 0 ? 0 : i1 - i0 + 1
    if (m < o.minPoints)
      return { error: `only ${m} usable point(s) in the window [${k1}, ${k2}] (need ${o.minPoints})` }
    const f = lineFit(lx, ly, i0, i1)
    return { k1: x[idx[i0]], k2: x[idx[i1]], points: m, slope: f.beta, se: f.se, rms: f.rms, lnPrefactor: f.lnP }
  }
  const width = o.windowDecades * Math.LN10
  let best: SlopeWindow | null = null
  for (let i0 = 0; i0 < n; i0++) {
    let i1 = i0
    while (i1 + 1 < n && lx[i1 + 1] - lx[i0] <= width + 1e-12) i1++
    if (i1 - i0 + 1 < o.minPoints) continue
    if (lx[i1] - lx[i0] < 0.9 * width && best !== null) continue // truncated at the end: only if nothing better
    const f = lineFit(lx, ly, i0, i1)
    const cand = {
      k1: x[idx[i0]],
      k2: x[idx[i1]],
      points: i1 - i0 + 1,
      slope: f.beta,
      se: f.se,
      rms: f.rms,
      lnPrefactor: f.lnP,
    }
    if (best === null || f.rms < best.rms) best = cand
  }
  if (!best)
    return {
      error: `no window of ${o.windowDecades} decade(s) holds ${o.minPoints} usable points (${n} usable points in total)`,
    }
  return best
}

export const localSlope = defineFitter({
  name: 'local-slope',
  version: pkg.version,
  summary: 'β_eff(N) = −d log L_inf/d log k in a k-window, per N (LID Eq. 55)',
  description:
    'One series per N (attrs.N). The window is [k1, k2] if given, else the straightest windowDecades-wide window per series (reported in the table). Points below meta.resolutionFloor are ignored.',
  refs: ['LID Eq. 55', 'LID Prop. 4.2 (Eq. 19)'],
  accepts: 'Curve',
  produces: 'Curve',
  options: z
    .object({
      k1: z.number().positive().optional().describe('Window start (k); automatic window when neither k1 nor k2 is set'),
      k2: z.number().positive().optional().describe('Window end (k)'),
      windowDecades: z.number().positive().default(1).describe('Width in decades of the automatically chosen window'),
      minPoints: z
        .number()
        .int()
        .min(2)
        .default(3)
        .describe('Fewest points a window may hold (3 or more gives a standard error)'),
      series: z.string().optional().describe('Label of the one series to use; all when omitted'),
    })
    .strict(),
  run(curve: Curve, o, ctx): Curve {
    if (o.k1 !== undefined && o.k2 !== undefined && o.k1 >= o.k2)
      throw new PasskError(
        'PASSK_BAD_OPTIONS',
        `${ID}: k1 = ${o.k1} must be below k2 = ${o.k2}.`,
        'Give a window with k1 < k2, or neither for an automatic window.',
      )
    const floorRaw = curve.meta?.resolutionFloor
    const floor = typeof floorRaw === 'number' && floorRaw > 0 ? floorRaw : undefined
    const log10 = curve.quantity === 'log10-failure'
    const series = o.series === undefined ? curve.series : curve.series.filter((s) => s.label === o.series)
    if (series.length === 0)
      throw new PasskError(
        o.series === undefined ? 'PASSK_EMPTY_INPUT' : 'PASSK_SERIES_NOT_FOUND',
        `${ID}: curve "${curve.id}" has no ${o.series === undefined ? 'series' : `series labelled "${o.series}"`}.`,
        'Feed it an L_inf(k) curve with one series per N (e.g. from evaluators on a LID sweep).',
      )
    const rows: (string | number | null)[][] = []
    const pts: { N: number; beta: number; se: number | null; lnP: number }[] = []
    const unidentified: string[] = []
    series.forEach((s: Series, si) => {
      ctx.throwIfAborted()
      const N = Number(s.attrs?.N)
      if (!Number.isFinite(N))
        throw new PasskError(
          'PASSK_BAD_INPUT',
          `${ID}: series "${s.label}" of curve "${curve.id}" has no numeric attrs.N (β_eff is reported against N).`,
          'Use a curve whose series carry attrs.N, e.g. L_inf(k) per training-set size.',
        )
      const w = localSlopeWindow(s.x, s.y, {
        k1: o.k1,
        k2: o.k2,
        windowDecades: o.windowDecades,
        minPoints: o.minPoints,
        floor,
        log10,
      })
      if ('error' in w) {
        ctx.warn('LOCAL_SLOPE_SKIPPED', `${ID}: series "${s.label}" (N = ${N}) skipped: ${w.error}.`)
        rows.push([s.label, N, null, null, 0, null, null, null])
        return
      }
      const off = offGridEnds(s.x, o.k1, o.k2)
      if (off.length)
        ctx.warn(
          'WINDOW_END_OFF_GRID',
          `${ID}: series "${s.label}" (N = ${N}): the window end${off.length > 1 ? 's' : ''} ${off.join(' and ')} ${off.length > 1 ? 'are' : 'is'} not on the k grid; the window used is [${w.k1}, ${w.k2}] (${w.points} points).`,
        )
      if (floor !== undefined && (o.k1 !== undefined || o.k2 !== undefined)) {
        const lo = (o.k1 ?? 0) * (1 - WINDOW_TOL),
          hi = (o.k2 ?? Infinity) * (1 + WINDOW_TOL)
        const below = s.x.some((k, i) => k >= lo && k <= hi && (log10 ? s.y[i] < Math.log10(floor) : s.y[i] < floor))
        if (below)
          ctx.warn(
            'WINDOW_CROSSES_FLOOR',
            `${ID}: series "${s.label}" (N = ${N}): the window [${o.k1 ?? '…'}, ${o.k2 ?? '…'}] reaches below the resolution floor ${floor}; those points were ignored (window used: [${w.k1}, ${w.k2}]).`,
          )
      }
      // A slope the window cannot determine (relative s.e. > 10, internal/identify.ts) is kept but flagged.
      if (w.se !== null && w.slope !== 0 && w.se / Math.abs(w.slope) > MAX_RELATIVE_SE) {
        unidentified.push(s.label)
        ctx.warn(
          'FIT_UNIDENTIFIED',
          `${ID}: series "${s.label}" (N = ${N}): β_eff = ${w.slope.toPrecision(3)} ± ${w.se.toPrecision(3)} in [${w.k1}, ${w.k2}] (relative s.e. ${(w.se / Math.abs(w.slope)).toFixed(0)} > ${MAX_RELATIVE_SE}): the window cannot determine the slope; listed in meta.unidentified.`,
        )
      }
      pts.push({ N, beta: w.slope, se: w.se, lnP: w.lnPrefactor })
      rows.push([s.label, N, w.k1, w.k2, w.points, w.slope, w.se, w.rms])
      ctx.progress({ done: si + 1, total: series.length })
    })
    ctx.table({
      id: 'beta-eff-windows',
      title: 'Local-slope windows per N (LID Eq. 55)',
      columns: ['series', 'N', 'k1', 'k2', 'points', 'beta_eff', 'se', 'rms_residual'],
      rows,
    })
    pts.sort((a, b) => a.N - b.N)
    const out: Series = { label: 'β_eff', x: pts.map((p) => p.N), y: pts.map((p) => p.beta), style: 'data' }
    if (pts.length && pts.every((p) => p.se !== null)) out.se = pts.map((p) => p.se!)
    else if (pts.some((p) => p.se === null))
      ctx.warn(
        'LOCAL_SLOPE_NO_SE',
        `${ID}: some windows hold only 2 points; the β_eff curve carries no standard errors.`,
      )
    return {
      kind: 'Curve',
      id: 'beta-eff',
      title: 'Effective inference exponent β_eff(N)',
      xLabel: 'N',
      yLabel: 'β_eff',
      xScale: 'log',
      yScale: 'linear',
      quantity: 'exponent',
      series: [out],
      meta: {
        window: o.k1 !== undefined || o.k2 !== undefined ? [o.k1 ?? null, o.k2 ?? null] : 'auto',
        source: curve.id,
        ...(unidentified.length ? { unidentified } : {}),
        // The lines' intercepts P̃(N) (L ≈ P̃·k^−β_eff), which fitters/compute-allocation reads (prefactor option).
        prefactor: { [out.label]: { x: pts.map((p) => p.N), y: pts.map((p) => Math.exp(p.lnP)) } },
      },
    }
  },
})
