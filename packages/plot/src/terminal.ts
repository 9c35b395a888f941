/**
 * Terminal line charts: several series on log or linear axes drawn with Unicode braille cells
 * (2×4 dots per character, U+2800 + dot bits), with tick labels on both axes and a legend.
 * Used by the TUI's results screen; pure (curve in, lines out), so it redraws on every resize.
 *
 * Layout of the returned lines (exactly `height` of them when height ≥ 8):
 *   title · plot rows (y tick labels on the left, `┤` at ticks) · x axis (`└──┬──`) · x tick labels · legend
 *
 * @example
 * renderTerminalChart({ title: 'pass@k', xScale: 'log', yScale: 'log', series: [{ label: 'a', x: [1, 10], y: [1, 0.1]
 * }] }, { width: 40, height: 10 })
 * // → 10 lines, the first 'pass@k', the last '⠉⠉ a'
 */
import type { PlotSeries } from './types.js'

/** The part of a series a terminal chart draws: the same shape the SVG charts take (a core `Series` fits it). */
export type TerminalSeries = PlotSeries

/** The part of a curve a terminal chart draws (a core `Curve` or results.json `CurveRecord` fits this shape). */
export interface TerminalCurve {
  title?: string
  xLabel?: string
  yLabel?: string
  xScale: 'log' | 'linear'
  yScale: 'log' | 'linear'
  series: readonly TerminalSeries[]
}

/** A fit overlaid as a line (a core `FitRecord` fits this shape); fits without `curve` are skipped. */
export interface TerminalFit {
  model: string
  target: string
  curve?: { x: ArrayLike<number>; y: ArrayLike<number> }
}

export interface TerminalChartOptions {
  /** Total width in terminal columns (including tick labels). Minimum 20. */
  width: number
  /** Total height in lines (title, plot, axis, labels, legend). Minimum 8. */
  height: number
  /** Emit ANSI colours (one per series); pass false for NO_COLOR or non-terminals. Default false. */
  color?: boolean
  /** Fitted curves drawn as lines in their target series' colour, one dash pattern per fitter model. */
  fits?: readonly TerminalFit[]
  /**
   * Mark each data point with its series' glyph (● ■ ▲ ◆ ✚ ○ □ △) over the line, and show the glyph in the
   * legend, so series stay distinguishable without colour. Default false.
   */
  markers?: boolean
}

/** Per-series marker glyphs (options.markers). */
export const SERIES_GLYPHS: readonly string[] = ['●', '■', '▲', '◆', '✚', '○', '□', '△']
/** Per-fitter line glyphs in the legend and the on/off dot pattern of its line (data lines are solid ━━). */
export const FIT_PATTERNS: readonly { glyph: string; pattern: readonly number[] }[] = [
  { glyph: '┄┄', pattern: [3, 2] },
  { glyph: '┈┈', pattern: [1, 2] },
  { glyph: '╌╌', pattern: [5, 2, 1, 2] },
  { glyph: '┉┉', pattern: [2, 1] },
]

/** ANSI foreground colours used in order (cyan, yellow, magenta, green, blue, red, bright variants). */
const PALETTE = [36, 33, 35, 32, 34, 31, 96, 93, 95, 92]
/** Braille dot bit for sub-column c (0..1) and sub-row r (0..3) of a cell (Unicode braille pattern order). */
const DOT_BITS = [
  [0x01, 0x02, 0x04, 0x40],
  [0x08, 0x10, 0x20, 0x80],
]
const BRAILLE0 = 0x2800

interface Axis {
  scale: 'log' | 'linear'
  lo: number
  hi: number
  ticks: number[]
  labels: string[]
}

/** Compact tick label: 0.01, 0.1, 1, 10, 100, 1000 as decimals; 1e-3, 1e4 outside that range. */
export function formatTick(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e4 || a < 1e-2) {
    const e = Math.floor(Math.log10(a) + 1e-9)
    const m = Number((v / 10 ** e).toPrecision(2))
    return `${m}e${e}`
  }
  return String(Number(v.toPrecision(3)))
}

function niceStep(raw: number): number {
  const mag = 10 ** Math.floor(Math.log10(raw))
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw * (1 - 1e-12)) return m * mag
  return 10 * mag
}

/** Axis limits and ticks from the finite (and, on log axes, positive) values; undefined when none. */
function makeAxis(values: number[], scale: 'log' | 'linear', maxTicks: number): Axis | undefined {
  const v = values.filter((x) => Number.isFinite(x) && (scale === 'linear' || x > 0))
  if (!v.length) return undefined
  // a loop, not Math.min(...v): a spread of 10⁵+ values overflows the stack
  let lo = Infinity,
    hi = -Infinity
  for (const x of v) {
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  if (scale === 'log') {
    let a = Math.log10(lo),
      b = Math.log10(hi)
    if (b - a < 1e-9) {
      a -= 0.5
      b += 0.5
    }
    const pad = 0.02 * (b - a)
    a -= pad
    b += pad
    lo = 10 ** a
    hi = 10 ** b
    const ticks: number[] = []
    for (let e = Math.ceil(a - 1e-9); e <= Math.floor(b + 1e-9); e++) ticks.push(10 ** e)
    if (ticks.length < 2) {
      // fewer than two decades: label 2× and 5× too, so every axis carries at least two labels
      ticks.length = 0
      for (let e = Math.floor(a); e <= Math.ceil(b); e++)
        for (const m of [1, 2, 5]) {
          const t = m * 10 ** e
          if (t >= lo && t <= hi) ticks.push(t)
        }
    }
    const step = Math.max(1, Math.ceil(ticks.length / maxTicks))
    const kept = ticks.filter((_, i) => i % step === 0)
    return { scale, lo, hi, ticks: kept, labels: kept.map(formatTick) }
  }
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    lo -= 0.5 * Math.max(1, Math.abs(lo))
    hi += 0.5 * Math.max(1, Math.abs(hi))
  }
  const step = niceStep((hi - lo) / Math.max(1, maxTicks - 1))
  lo = Math.floor(lo / step + 1e-9) * step
  hi = Math.ceil(hi / step - 1e-9) * step
  const ticks: number[] = []
  for (let t = lo; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t)
  return { scale, lo, hi, ticks, labels: ticks.map(formatTick) }
}

/** Position in [0, 1] of value v on the axis (NaN for values the axis cannot show). */
function frac(ax: Axis, v: number): number {
  if (!Number.isFinite(v) || (ax.scale === 'log' && v <= 0)) return NaN
  if (ax.scale === 'log') return (Math.log10(v) - Math.log10(ax.lo)) / (Math.log10(ax.hi) - Math.log10(ax.lo))
  return (v - ax.lo) / (ax.hi - ax.lo)
}

const paint = (s: string, code: number | undefined, on: boolean) =>
  on && code !== undefined ? `\u001b[${code}m${s}\u001b[39m` : s

function truncate(s: string, w: number): string {
  return s.length <= w ? s : w <= 1 ? s.slice(0, w) : s.slice(0, w - 1) + '…'
}

/** Render a curve (and optional fit lines) as terminal lines; see the file header for the layout. */
export function renderTerminalChart(curve: TerminalCurve, options: TerminalChartOptions): string[] {
  const width = Math.max(20, Math.floor(options.width))
  const height = Math.max(8, Math.floor(options.height))
  const color = options.color ?? false
  const axesNote = [curve.xLabel ? `x: ${curve.xLabel}` : '', curve.yLabel ? `y: ${curve.yLabel}` : '']
    .filter(Boolean)
    .join(', ')
  const title = truncate([curve.title, axesNote ? `(${axesNote})` : ''].filter(Boolean).join('  '), width)

  // what to draw: the data series, then the fits in their target's colour
  const lines: {
    label: string
    x: ArrayLike<number>
    y: ArrayLike<number>
    colour: number
    fit: boolean
    dots?: boolean
    pattern?: readonly number[]
    glyph?: string
    marker?: string
  }[] = []
  const markers = options.markers ?? false
  const fitModels: string[] = []
  for (const f of options.fits ?? []) if (f.curve && !fitModels.includes(f.model)) fitModels.push(f.model)
  const fitStyle = (model: string) => FIT_PATTERNS[fitModels.indexOf(model) % FIT_PATTERNS.length]
  curve.series.forEach((s, i) =>
    lines.push({
      label: s.label,
      x: s.x,
      y: s.y,
      colour: PALETTE[i % PALETTE.length],
      fit: s.style === 'fit' || s.style === 'reference',
      ...(s.style === 'fit' || s.style === 'reference'
        ? { pattern: FIT_PATTERNS[0].pattern }
        : markers
          ? { marker: SERIES_GLYPHS[i % SERIES_GLYPHS.length] }
          : {}),
    }),
  )
  const bands: typeof lines = []
  curve.series.forEach((s, i) => {
    for (const edge of [s.lower, s.upper])
      if (edge && edge.length === s.x.length)
        bands.push({ label: '', x: s.x, y: edge, colour: PALETTE[i % PALETTE.length], fit: false, dots: true })
  })
  for (const f of options.fits ?? []) {
    if (!f.curve) continue
    const ti = curve.series.findIndex((s) => s.label === f.target)
    const colour =
      ti >= 0 ? PALETTE[ti % PALETTE.length] : PALETTE[(curve.series.length + lines.length) % PALETTE.length]
    const st = fitStyle(f.model)
    lines.push({
      label: `${f.model} fit (${f.target})`,
      x: f.curve.x,
      y: f.curve.y,
      colour,
      fit: true,
      pattern: st.pattern,
      glyph: st.glyph,
    })
  }
  const xs: number[] = [],
    ys: number[] = []
  for (const l of [...lines, ...bands])
    for (let j = 0; j < Math.min(l.x.length, l.y.length); j++) {
      const x = l.x[j],
        y = l.y[j]
      if (
        Number.isFinite(x) &&
        Number.isFinite(y) &&
        (curve.xScale === 'linear' || x > 0) &&
        (curve.yScale === 'linear' || y > 0)
      ) {
        xs.push(x)
        ys.push(y)
      }
    }

  // legend: "⠒⠒ label" items packed into at most 2 lines (3 for tall charts)
  const legendItems = lines.map((l) => ({
    text: `${l.glyph ?? (l.fit ? '┄┄' : l.marker ? `${l.marker}━` : '━━')} ${l.label}`,
    colour: l.colour,
  }))
  const maxLegendLines = height >= 16 ? 3 : height >= 10 ? 2 : 1
  const legend: { text: string; colour: number }[][] = [[]]
  let used = 0
  for (const it of legendItems) {
    const w = Math.min(it.text.length, width)
    if (used > 0 && used + 2 + w > width) {
      if (legend.length === maxLegendLines) break
      legend.push([])
      used = 0
    }
    legend.at(-1)!.push({ text: truncate(it.text, width), colour: it.colour })
    used += (used > 0 ? 2 : 0) + w
  }
  const legendLines = legend.map((row) => row.map((it) => paint(it.text, it.colour, color)).join('  '))

  const plotRows = height - 3 - legendLines.length
  const xAxisFirst = makeAxis(xs, curve.xScale, 6)
  const yAxis = makeAxis(ys, curve.yScale, Math.max(2, Math.floor(plotRows / 2)))
  if (!xAxisFirst || !yAxis || plotRows < 2) {
    const why =
      curve.xScale === 'log' || curve.yScale === 'log'
        ? '(no finite positive points to plot on log axes)'
        : '(no finite points to plot)'
    return [title, why, ...Array.from({ length: height - 2 }, () => '')]
  }
  const yLabelW = Math.max(...yAxis.labels.map((s) => s.length))
  const plotW = width - yLabelW - 1
  // x tick labels need room: about one label per 8 columns
  const xAxis = makeAxis(xs, curve.xScale, Math.max(2, Math.floor(plotW / 8)))!

  // braille canvas: plotW × plotRows cells, each with dot bits and the colour of its last dot
  const W = plotW * 2,
    H = plotRows * 4
  const bits = new Uint8Array(plotW * plotRows)
  const cellColour = new Int16Array(plotW * plotRows).fill(-1)
  const setDot = (px: number, py: number, colour: number) => {
    if (px < 0 || py < 0 || px >= W || py >= H) return
    const cx = px >> 1,
      cy = py >> 2,
      i = cy * plotW + cx
    bits[i] |= DOT_BITS[px & 1][py & 3]
    cellColour[i] = colour
  }
  const toPx = (x: number) => Math.round(frac(xAxis, x) * (W - 1))
  const toPy = (y: number) => Math.round((1 - frac(yAxis, y)) * (H - 1))
  // band edges first (dots), so the lines are drawn over them
  for (const b of bands)
    for (let j = 0; j < Math.min(b.x.length, b.y.length); j++) {
      const px = toPx(b.x[j]),
        py = toPy(b.y[j])
      if (!Number.isNaN(px) && !Number.isNaN(py)) setDot(px, py, b.colour)
    }
  const markCells = new Map<number, { glyph: string; colour: number }>()
  for (const l of lines) {
    // dash pattern along the path, in dots: on, off, on, off, …
    const pat = l.pattern
    const period = pat ? pat.reduce((a, b) => a + b, 0) : 0
    let step = 0
    const plot = (x: number, y: number) => {
      if (pat) {
        let t = step++ % period,
          on = true
        for (const len of pat) {
          if (t < len) break
          t -= len
          on = !on
        }
        if (!on) return
      }
      setDot(x, y, l.colour)
    }
    if (l.marker)
      for (let j = 0; j < Math.min(l.x.length, l.y.length); j++) {
        const px = toPx(l.x[j]),
          py = toPy(l.y[j])
        if (!Number.isNaN(px) && !Number.isNaN(py) && px >= 0 && py >= 0 && px < W && py < H)
          markCells.set((py >> 2) * plotW + (px >> 1), { glyph: l.marker, colour: l.colour })
      }
    let prev: [number, number] | undefined
    for (let j = 0; j < Math.min(l.x.length, l.y.length); j++) {
      const px = toPx(l.x[j]),
        py = toPy(l.y[j])
      if (Number.isNaN(px) || Number.isNaN(py)) {
        prev = undefined
        continue
      }
      if (prev) {
        // Bresenham line between consecutive points, in dot space
        let [x0, y0] = prev
        const dx = Math.abs(px - x0),
          dy = -Math.abs(py - y0),
          sx = x0 < px ? 1 : -1,
          sy = y0 < py ? 1 : -1
        let err = dx + dy
        for (let guard = 0; guard < 4 * (W + H); guard++) {
          plot(x0, y0)
          if (x0 === px && y0 === py) break
          const e2 = 2 * err
          if (e2 >= dy) {
            err += dy
            x0 += sx
          }
          if (e2 <= dx) {
            err += dx
            y0 += sy
          }
        }
      } else plot(px, py)
      prev = [px, py]
    }
  }

  const out: string[] = [title]
  const yTickRow = new Map<number, string>()
  yAxis.ticks.forEach((t, i) => {
    const r = Math.round((1 - frac(yAxis, t)) * (plotRows - 1))
    if (!yTickRow.has(r)) yTickRow.set(r, yAxis.labels[i])
  })
  for (let r = 0; r < plotRows; r++) {
    const lab = yTickRow.get(r)
    let row = (lab ?? '').padStart(yLabelW) + (lab !== undefined ? '┤' : '│')
    let run = '',
      runColour = -2
    for (let c = 0; c < plotW; c++) {
      const i = r * plotW + c
      const mk = markCells.get(i)
      const ch = mk ? mk.glyph : bits[i] ? String.fromCharCode(BRAILLE0 + bits[i]) : ' '
      const col = mk ? mk.colour : bits[i] ? cellColour[i] : -1
      if (col !== runColour) {
        row += paint(run, runColour >= 0 ? runColour : undefined, color)
        run = ''
        runColour = col
      }
      run += ch
    }
    row += paint(run, runColour >= 0 ? runColour : undefined, color)
    out.push(row.trimEnd())
  }
  // x axis with ┬ at ticks, labels centred under them without overlapping
  const axisChars = Array.from({ length: plotW }, () => '─')
  const labelChars = Array.from({ length: width }, () => ' ')
  let lastEnd = -1
  xAxis.ticks.forEach((t, i) => {
    const c = Math.round(frac(xAxis, t) * (plotW - 1))
    axisChars[c] = '┬'
    const lab = xAxis.labels[i]
    let start = yLabelW + 1 + c - Math.floor(lab.length / 2)
    start = Math.max(0, Math.min(width - lab.length, start))
    if (start <= lastEnd + 1) return
    for (let k = 0; k < lab.length; k++) labelChars[start + k] = lab[k]!
    lastEnd = start + lab.length - 1
  })
  out.push(' '.repeat(yLabelW) + '└' + axisChars.join(''))
  out.push(labelChars.join('').trimEnd())
  out.push(...legendLines)
  return out
}
