/**
 * renderCurveSvg: one Curve (or a results.json CurveRecord) as a standalone SVG chart, with optional
 * fit overlays. Data series ('data' or unset) get markers joined by a thin line, 'fit' series a solid
 * line, 'reference' series a dashed line; lower/upper become a translucent band.
 *
 * Points that cannot be drawn — a non-finite x or y, or x/y ≤ 0 on a log axis — are skipped (a line
 * is broken there, not joined across), counted per series in data-skipped, and noted under the chart,
 * so the output never contains a NaN coordinate.
 */
import type { CurveSvgOptions, PlotCurve, PlotSeries } from './types.js'
import { mathPlain, mathSvg } from './internal/math-text.js'
import { makeAxis, type Axis } from './ticks.js'
import { colorAt, SERIES_COLORS, seriesColor } from './palette.js'
import {
  drawAxes,
  drawLabels,
  esc,
  idSafe,
  n,
  scaleFn,
  svgOpen,
  textWidth,
  truncate,
  type Frame,
} from './internal/svg.js'

interface Drawn {
  label: string
  style: 'data' | 'fit' | 'reference'
  color: string
  shape: number
  s: PlotSeries
  isFitOverlay: boolean
  /** Dash pattern of the line ('' = solid): one per fitter model for fit overlays. */
  dash: string
  model?: string
}

const MAX_LEGEND = 14
/** Dash patterns, one per fitter (in order of first appearance): solid, dashed, dotted, dash-dot, … */
export const FIT_DASHES: readonly string[] = ['', '8 4', '2 3', '10 3 2 3', '5 2', '12 4 2 4 2 4', '1 4']
const REFERENCE_DASH = '6 4'
const REFERENCE_COLOR = '#333333'

/** Compact number for colour-bar ticks. */
function fmtTick(v: number): string {
  if (Number.isInteger(Math.round(v * 1e9) / 1e9) && Math.abs(v) < 1e5) return String(Math.round(v))
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(1).replace('e+', 'e')
  return String(Number(v.toPrecision(3)))
}

function lengthOf(a: ArrayLike<number> | undefined): number {
  return a ? a.length : 0
}

function checkSeries(s: PlotSeries, where: string): void {
  if (!s || typeof s !== 'object' || !s.x || !s.y || typeof s.x.length !== 'number' || typeof s.y.length !== 'number') {
    throw new RangeError(`${where}: a series needs numeric x and y arrays.`)
  }
  if (s.x.length !== s.y.length)
    throw new RangeError(`${where} "${s.label}": x has ${s.x.length} values but y has ${s.y.length}.`)
  for (const k of ['lower', 'upper'] as const) {
    if (s[k] && lengthOf(s[k]) !== s.x.length)
      throw new RangeError(`${where} "${s.label}": ${k} has ${lengthOf(s[k])} values but x has ${s.x.length}.`)
  }
}

/** Simple hash so default element ids differ between charts on one page. */
function hash(s: string): string {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return (h >>> 0).toString(36)
}

/** Marker shapes, cycled with the colours: circle, square, triangle, diamond, inverted triangle. */
function marker(shape: number, x: number, y: number, r: number): string {
  switch (shape % 5) {
    case 0:
      return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}"/>`
    case 1:
      return `<rect x="${n(x - r * 0.9)}" y="${n(y - r * 0.9)}" width="${n(r * 1.8)}" height="${n(r * 1.8)}"/>`
    case 2:
      return `<path d="M${n(x)} ${n(y - r * 1.15)}L${n(x + r)} ${n(y + r * 0.75)}L${n(x - r)} ${n(y + r * 0.75)}Z"/>`
    case 3:
      return `<path d="M${n(x)} ${n(y - r * 1.2)}L${n(x + r * 1.2)} ${n(y)}L${n(x)} ${n(y + r * 1.2)}L${n(x - r * 1.2)} ${n(y)}Z"/>`
    default:
      return `<path d="M${n(x)} ${n(y + r * 1.15)}L${n(x + r)} ${n(y - r * 0.75)}L${n(x - r)} ${n(y - r * 0.75)}Z"/>`
  }
}

export function renderCurveSvg(curve: PlotCurve, opts: CurveSvgOptions = {}): string {
  const W = opts.width ?? 640,
    H = opts.height ?? 400
  if (!(W >= 160 && W <= 10000) || !(H >= 120 && H <= 10000))
    throw new RangeError(`renderCurveSvg: width × height must be within 160…10000 × 120…10000 px, got ${W} × ${H}.`)
  if (!curve || !Array.isArray(curve.series))
    throw new RangeError('renderCurveSvg: curve.series must be an array of series.')
  const xScale = curve.xScale === 'log' ? 'log' : 'linear',
    yScale = curve.yScale === 'log' ? 'log' : 'linear'
  const prefix = opts.idPrefix
    ? idSafe(opts.idPrefix)
    : `${idSafe(curve.id ?? 'curve')}-${hash(JSON.stringify([curve.id, curve.title, curve.series.length, curve.series.map((s) => s.label)]))}`

  // Series to draw, in order: the curve's own series, then fit overlays coloured like their target.
  // More series than palette colours (e.g. one per N of a sweep): colour them in order along viridis
  // (stopping short of its faint yellow end), so the order stays readable where hues would repeat.
  const sequential = curve.series.length > SERIES_COLORS.length
  // A colour bar instead of a legend when many series carry a numeric attribute (N of a sweep); reference
  // series (an asymptote) keep a legend entry and are drawn dark.
  const coloured = curve.series.filter((s) => s.style !== 'reference')
  const byKey =
    opts.colorBy ??
    (coloured.length > SERIES_COLORS.length &&
    coloured.every((s) => typeof s.attrs?.N === 'number' && Number.isFinite(s.attrs.N))
      ? 'N'
      : undefined)
  const zAll = byKey === undefined ? [] : curve.series.map((s) => Number(s.attrs?.[byKey]))
  const zs = zAll.filter((_, i) => curve.series[i].style !== 'reference')
  const colorBar = byKey !== undefined && zs.length > 0 && zs.every(Number.isFinite)
  const zLog = colorBar && zs.every((z) => z > 0) && Math.max(...zs) / Math.min(...zs) > 10
  const zt = (z: number) => (zLog ? Math.log10(z) : z)
  const z0 = colorBar ? Math.min(...zs.map(zt)) : 0,
    z1 = colorBar ? Math.max(...zs.map(zt)) : 1
  const tOfZ = (z: number) => (z1 > z0 ? (0.9 * (zt(z) - z0)) / (z1 - z0) : 0)
  const colorOf = (i: number) =>
    colorBar
      ? colorAt('viridis', tOfZ(Number.isFinite(zAll[i]) ? zAll[i] : zs[0]))
      : sequential
        ? colorAt('viridis', (0.9 * Math.min(i, curve.series.length - 1)) / Math.max(1, curve.series.length - 1))
        : seriesColor(i)
  const drawn: Drawn[] = []
  curve.series.forEach((s, i) => {
    checkSeries(s, `Curve "${curve.id}" series ${i + 1}`)
    const style = s.style ?? 'data'
    drawn.push({
      label: String(s.label ?? `series ${i + 1}`),
      style,
      color: style === 'reference' && colorBar ? REFERENCE_COLOR : colorOf(i),
      shape: i,
      s,
      isFitOverlay: false,
      dash: style === 'reference' ? REFERENCE_DASH : '',
    })
  })
  let extra = curve.series.length
  const models: string[] = []
  for (const f of opts.fits ?? []) if (f.curve && !models.includes(f.model)) models.push(f.model)
  for (const [j, f] of (opts.fits ?? []).entries()) {
    if (!f.curve) continue
    const fs: PlotSeries = {
      label: `${f.model} fit${f.target ? ` (${f.target})` : ''}`,
      x: f.curve.x,
      y: f.curve.y,
      style: 'fit',
      ...(f.curve.lower && f.curve.upper ? { lower: f.curve.lower, upper: f.curve.upper } : {}),
    }
    checkSeries(fs, `Fit ${j + 1}`)
    const ti = curve.series.findIndex((s) => s.label === f.target)
    drawn.push({
      label: fs.label,
      style: 'fit',
      color: ti >= 0 ? colorOf(ti) : seriesColor(sequential ? 1 + (extra++ % 7) : extra++),
      shape: 0,
      s: fs,
      isFitOverlay: true,
      dash: FIT_DASHES[models.indexOf(f.model) % FIT_DASHES.length],
      model: f.model,
    })
  }
  const refLines = (opts.refLines ?? []).filter((r) => Number.isFinite(r.value))

  const okX = (v: number) => Number.isFinite(v) && (xScale !== 'log' || v > 0)
  const okY = (v: number) => Number.isFinite(v) && (yScale !== 'log' || v > 0)

  // Extents. x: every drawable point. y: every drawable point and band edge of the curve's own
  // series, plus fit-overlay points inside the x-range of those series (an extrapolated fit may
  // run to tiny values; it is clipped instead of squashing the data).
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity,
    dx0 = Infinity,
    dx1 = -Infinity
  let total = 0
  for (const d of drawn) {
    const { x, y, lower, upper } = d.s
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]
      if (!okX(xi)) continue
      const yOk = okY(y[i])
      if (yOk || (lower && okY(lower[i])) || (upper && okY(upper[i]))) {
        if (xi < x0) x0 = xi
        if (xi > x1) x1 = xi
      }
      if (!d.isFitOverlay) {
        if (yOk) {
          total++
          if (xi < dx0) dx0 = xi
          if (xi > dx1) dx1 = xi
        }
        for (const v of [y[i], lower?.[i], upper?.[i]])
          if (v !== undefined && okY(v)) {
            if (v < y0) y0 = v
            if (v > y1) y1 = v
          }
      }
    }
  }
  for (const d of drawn) {
    if (!d.isFitOverlay) continue
    const { x, y } = d.s
    for (let i = 0; i < x.length; i++) {
      const xi = x[i],
        yi = y[i]
      if (!okX(xi) || !okY(yi)) continue
      if (total > 0 && (xi < dx0 || xi > dx1)) continue
      if (yi < y0) y0 = yi
      if (yi > y1) y1 = yi
    }
  }
  if (x0 <= x1 && y0 <= y1)
    for (const r of refLines) {
      if (r.axis === 'x' && okX(r.value)) {
        x0 = Math.min(x0, r.value)
        x1 = Math.max(x1, r.value)
      } else if (r.axis === 'y' && okY(r.value)) {
        y0 = Math.min(y0, r.value)
        y1 = Math.max(y1, r.value)
      }
    }
  const empty = !(x0 <= x1) || !(y0 <= y1)
  const xAxis: Axis = empty
    ? makeAxis(xScale, xScale === 'log' ? 1 : 0, xScale === 'log' ? 10 : 1)
    : makeAxis(xScale, x0, x1, 6)
  const yAxis: Axis = empty
    ? makeAxis(yScale, yScale === 'log' ? 1 : 0, yScale === 'log' ? 10 : 1)
    : makeAxis(yScale, y0, y1, 5)

  // Layout: the legend sits right of the plot when its labels are short (≤ 30 % of the width),
  // otherwise in rows under the x label; y tick labels are sized to fit.
  const tickW = Math.max(...yAxis.labels.map((l) => textWidth(l, 11)), 10)
  // Too many entries: show evenly spaced ones, always including the first and the last.
  // Two legends: the series (colour + marker; a colour bar instead when there are many with attrs) and
  // the fitters (one entry per model, its dash pattern in grey), so 3 models × 3 fitters need 6 entries.
  const seriesAll = drawn.filter((d) => !d.isFitOverlay && !(colorBar && d.style !== 'reference'))
  const seriesItems =
    seriesAll.length <= MAX_LEGEND
      ? seriesAll
      : Array.from(
          { length: MAX_LEGEND },
          (_, j) => seriesAll[Math.round((j * (seriesAll.length - 1)) / (MAX_LEGEND - 1))],
        )
  const fitterItems: Drawn[] = models.map((m, i) => ({
    label: m,
    style: 'fit',
    color: '#555555',
    shape: 0,
    s: { label: m, x: [], y: [] },
    isFitOverlay: true,
    dash: FIT_DASHES[i % FIT_DASHES.length],
    model: m,
  }))
  const legendItems = [...seriesItems, ...fitterItems]
  const cbW = colorBar ? 62 + textWidth(mathPlain(byKey), 11) : 0
  const natural = legendItems.length ? 34 + Math.max(...legendItems.map((d) => textWidth(mathPlain(d.label), 12))) : 0
  const below = natural > W * 0.3
  const maxLegendChars = below
    ? Math.max(8, Math.floor((W - 74) / (12 * 0.6)))
    : Math.max(8, Math.floor((W * 0.3 - 34) / (12 * 0.6)))
  const legendLabels = legendItems.map((d) => truncate(d.label, maxLegendChars))
  const legendW = Math.max(legendItems.length && !below ? Math.min(W * 0.3, natural) : 0, cbW)
  // Bottom legend: flow items left to right, wrapping into rows.
  const slots: { x: number; row: number }[] = []
  if (below) {
    let x = 16,
      row = 0
    legendLabels.forEach((l, i) => {
      const w = 34 + textWidth(mathPlain(l), 12) + 18
      const firstFitter = i === seriesItems.length && i > 0
      if (x > 16 && (x + w > W - 16 || firstFitter)) {
        x = 16
        row++
      }
      slots.push({ x, row })
      x += w
    })
  }
  const rows = below ? (slots.at(-1)?.row ?? 0) + 1 + (seriesAll.length > MAX_LEGEND ? 1 : 0) : 0
  const hasSkipped = drawn.some((d) => {
    for (let i = 0; i < d.s.x.length; i++) if (!okX(d.s.x[i]) || !okY(d.s.y[i])) return true
    return false
  })
  const legendH = below ? rows * 18 + 6 + (hasSkipped ? 12 : 0) : 0
  const hasTitle = Boolean(curve.title)
  const f: Frame = { left: 28 + tickW + 10, top: hasTitle ? 34 : 14, width: 0, height: 0 }
  f.width = Math.max(40, W - f.left - (legendW ? legendW + 28 : 16))
  f.height = Math.max(40, H - f.top - 52 - legendH)
  const sx = scaleFn(xAxis, f.width),
    sy = scaleFn(yAxis, f.height)
  const bottom = f.top + f.height
  const px = (v: number) => f.left + sx(v)
  const py = (v: number) => bottom - sy(v)

  const out: string[] = [
    svgOpen(
      W,
      H,
      curve.title || curve.id || 'chart',
      ` class="passk-chart" data-curve="${esc(String(curve.id ?? ''))}"`,
    ),
  ]
  out.push(
    `<defs><clipPath id="${prefix}-clip"><rect x="${n(f.left)}" y="${n(f.top)}" width="${n(f.width)}" height="${n(f.height)}"/></clipPath></defs>`,
  )
  out.push(drawAxes(f, xAxis, yAxis))
  out.push(
    `<g class="plot-area" clip-path="url(#${prefix}-clip)" data-x-domain="${xAxis.domain.join(' ')}" data-y-domain="${yAxis.domain.join(' ')}">`,
  )

  let skippedTotal = 0
  for (const d of drawn) {
    const { x, y, lower, upper } = d.s
    const parts: string[] = []
    // Band: one polygon per run of consecutive drawable (x, lower, upper) triples.
    if (lower && upper) {
      let run: [number, number, number][] = []
      const flush = () => {
        if (run.length >= 2) {
          const up = run.map(([a, , u]) => `${n(a)},${n(u)}`),
            lo = run
              .slice()
              .reverse()
              .map(([a, l]) => `${n(a)},${n(l)}`)
          parts.push(
            `<polygon class="band" points="${up.concat(lo).join(' ')}" fill="${d.color}" fill-opacity="0.16" stroke="none"/>`,
          )
        }
        run = []
      }
      for (let i = 0; i < x.length; i++) {
        const a = x[i],
          l = lower[i],
          u = upper[i]
        if (okX(a) && okY(l) && okY(u)) run.push([px(a), py(l), py(u)])
        else flush()
      }
      flush()
    }
    // Line: a new subpath after every skipped point.
    let path = '',
      pen = false,
      skipped = 0,
      shown = 0
    const pts: [number, number][] = []
    for (let i = 0; i < x.length; i++) {
      const a = x[i],
        b = y[i]
      if (!okX(a) || !okY(b)) {
        skipped++
        pen = false
        continue
      }
      const X = px(a),
        Y = py(b)
      path += `${pen ? 'L' : 'M'}${n(X)} ${n(Y)}`
      pen = true
      pts.push([X, Y])
      shown++
    }
    skippedTotal += skipped
    const dash = d.dash ? ` stroke-dasharray="${d.dash}"` : ''
    const widthPx = d.style === 'data' ? 1 : d.style === 'fit' ? 2 : 1.5
    const opacity = d.style === 'data' ? ' stroke-opacity="0.55"' : ''
    if (path && pts.length >= 2)
      parts.push(
        `<path class="line" d="${path}" fill="none" stroke="${d.color}" stroke-width="${widthPx}"${opacity}${dash} stroke-linejoin="round" stroke-linecap="round"/>`,
      )
    if (d.style === 'data') {
      const r = pts.length > 300 ? 2 : 3.2
      // On a colour-bar sweep (many series) markers on every point hide the curves: about 12 per series.
      const every = colorBar && pts.length > 24 ? Math.ceil(pts.length / 12) : 1
      const shownPts = every === 1 ? pts : pts.filter((_, i) => i % every === 0 || i === pts.length - 1)
      const shape = colorBar ? 0 : d.shape
      parts.push(
        `<g class="markers" fill="${d.color}" stroke="#ffffff" stroke-width="0.6">${shownPts.map(([X, Y]) => marker(shape, X, Y, colorBar ? 2.4 : r)).join('')}</g>`,
      )
    }
    out.push(
      `<g class="series${d.isFitOverlay ? ' fit-overlay' : ''}" data-label="${esc(d.label)}" data-style="${d.style}"${d.model !== undefined ? ` data-model="${esc(d.model)}" data-dash="${d.dash || 'solid'}"` : ''} data-points="${shown}" data-skipped="${skipped}">${parts.join('')}</g>`,
    )
  }
  if (!empty && refLines.length) {
    const parts: string[] = []
    for (const r of refLines) {
      const ok = r.axis === 'x' ? okX(r.value) : okY(r.value)
      if (!ok) continue
      if (r.axis === 'x') {
        const X = px(r.value)
        parts.push(
          `<g class="ref-line" data-axis="x" data-value="${r.value}"><line x1="${n(X)}" y1="${n(f.top)}" x2="${n(X)}" y2="${n(bottom)}" stroke="#666" stroke-width="1" stroke-dasharray="1 3"/>${r.label ? `<text x="${n(Math.min(X + 4, f.left + f.width - 4 - textWidth(mathPlain(r.label), 10)))}" y="${n(f.top + 13)}" font-size="10" fill="#444">${mathSvg(r.label, 10)}</text>` : ''}</g>`,
        )
      } else {
        const Y = py(r.value)
        parts.push(
          `<g class="ref-line" data-axis="y" data-value="${r.value}"><line x1="${n(f.left)}" y1="${n(Y)}" x2="${n(f.left + f.width)}" y2="${n(Y)}" stroke="#666" stroke-width="1" stroke-dasharray="1 3"/>${r.label ? `<text x="${n(f.left + f.width - 4)}" y="${n(Y - 4 < f.top + 10 ? Y + 12 : Y - 4)}" font-size="10" text-anchor="end" fill="#444">${mathSvg(r.label, 10)}</text>` : ''}</g>`,
        )
      }
    }
    out.push(...parts)
  }
  out.push('</g>')
  if (empty)
    out.push(
      `<text class="empty" x="${n(f.left + f.width / 2)}" y="${n(f.top + f.height / 2)}" font-size="13" text-anchor="middle" fill="#777">no finite data to plot</text>`,
    )

  // Legend.
  let cbTop = f.top + 8
  if (legendItems.length) {
    const items: string[] = [],
      fitItems: string[] = []
    const moreGap = seriesAll.length > MAX_LEGEND ? 18 : 0
    legendItems.forEach((d, i) => {
      const isFitter = i >= seriesItems.length
      const lx = below ? slots[i].x : f.left + f.width + 16
      const ly = below
        ? H - legendH + 4 + slots[i].row * 18
        : f.top + 8 + i * 18 + (isFitter ? moreGap + (seriesItems.length ? 8 : 0) : 0)
      if (!below) cbTop = Math.max(cbTop, ly + 18)
      const dash = d.dash ? ` stroke-dasharray="${d.dash}"` : ''
      const kind = isFitter ? 'fitter' : d.style === 'reference' ? 'reference' : 'series'
      const sink = isFitter ? fitItems : items
      sink.push(
        `<g class="legend-item" data-kind="${kind}" data-label="${esc(d.label)}"${isFitter ? ` data-dash="${d.dash || 'solid'}"` : ''}>`,
      )
      const items2 = sink
      if (d.s.lower && d.s.upper)
        items2.push(
          `<rect x="${n(lx)}" y="${n(ly - 6)}" width="24" height="12" fill="${d.color}" fill-opacity="0.16"/>`,
        )
      items2.push(
        `<line x1="${n(lx)}" y1="${n(ly)}" x2="${n(lx + 24)}" y2="${n(ly)}" stroke="${d.color}" stroke-width="${d.style === 'data' ? 1 : 2}"${dash}/>`,
      )
      if (d.style === 'data')
        items2.push(`<g fill="${d.color}" stroke="#ffffff" stroke-width="0.6">${marker(d.shape, lx + 12, ly, 3.2)}</g>`)
      items2.push(
        `<text x="${n(lx + 30)}" y="${n(ly + 4)}" font-size="12" fill="#222">${mathSvg(legendLabels[i], 12)}</text></g>`,
      )
    })
    if (seriesAll.length > MAX_LEGEND) {
      const [mx, my] = below
        ? [16, H - legendH + 8 + (rows - 1) * 18]
        : [f.left + f.width + 16, f.top + 8 + MAX_LEGEND * 18 + 4]
      items.push(
        `<text class="legend-more" x="${n(mx)}" y="${n(my)}" font-size="11" fill="#666">${MAX_LEGEND} of ${seriesAll.length} shown</text>`,
      )
    }
    const pos = below ? 'bottom' : 'right'
    if (items.length) out.push(`<g class="legend legend-series" data-position="${pos}">${items.join('')}</g>`)
    if (fitItems.length) out.push(`<g class="legend legend-fitters" data-position="${pos}">${fitItems.join('')}</g>`)
  }
  if (colorBar) {
    // Vertical viridis bar (the part of the map the series use, 0…0.9) with min / mid / max ticks.
    const barX = f.left + f.width + 16,
      barH = Math.max(40, Math.min(160, bottom - cbTop - 20)),
      barY = below ? f.top + 8 : Math.min(cbTop + 14, bottom - barH)
    const stops = Array.from({ length: 10 }, (_, i) => i / 9)
      .map((t) => `<stop offset="${n(t)}" stop-color="${colorAt('viridis', 0.9 * (1 - t))}"/>`)
      .join('')
    const zOf = (t: number) => (zLog ? 10 ** (z0 + t * (z1 - z0)) : z0 + t * (z1 - z0))
    const ticks = [0, 0.5, 1]
      .map((t) => {
        const Y = barY + barH * (1 - t)
        return `<line x1="${n(barX + 12)}" y1="${n(Y)}" x2="${n(barX + 15)}" y2="${n(Y)}" stroke="#444"/><text x="${n(barX + 18)}" y="${n(Y + 3.5)}" font-size="10" fill="#333">${esc(fmtTick(zOf(t)))}</text>`
      })
      .join('')
    out.push(
      `<g class="colorbar" data-attr="${esc(byKey)}" data-min="${Math.min(...zs)}" data-max="${Math.max(...zs)}" data-scale="${zLog ? 'log' : 'linear'}"><defs><linearGradient id="${prefix}-cb" x1="0" y1="0" x2="0" y2="1">${stops}</linearGradient></defs><text x="${n(barX)}" y="${n(barY - 5)}" font-size="11" fill="#222">${mathSvg(byKey, 11)}</text><rect x="${n(barX)}" y="${n(barY)}" width="12" height="${n(barH)}" fill="url(#${prefix}-cb)" stroke="#444" stroke-width="0.5"/>${ticks}</g>`,
    )
  }
  if (skippedTotal > 0) {
    const why = xScale === 'log' || yScale === 'log' ? 'non-finite or ≤ 0 on a log axis' : 'non-finite'
    out.push(
      `<text class="note" x="${n(W - 6)}" y="${n(H - 8)}" font-size="10" text-anchor="end" fill="#888">${skippedTotal} point${skippedTotal === 1 ? '' : 's'} not shown (${why})</text>`,
    )
  }
  out.push(drawLabels({ width: W, height: H - legendH }, f, curve.title ?? '', curve.xLabel ?? '', curve.yLabel ?? ''))
  out.push('</svg>\n')
  return out.join('\n')
}
