/**
 * renderHeatmapSvg: a z(x, y) grid as coloured cells with a colour bar — the compute-allocation
 * surface (numeric, often log-log axes, with the optimal-allocation path as an overlay) and
 * correlation matrices (categorical axes, diverging colours, values written in the cells).
 *
 * Cell edges sit halfway between neighbouring centres (in log10 units on a log axis); the outer
 * edges are extrapolated by half a step. Non-finite z cells are drawn light grey and counted in
 * data-missing; z ≤ 0 cells on a log colour scale count as missing too, so no NaN reaches the SVG.
 */
import type { HeatmapInput, PlotSeries } from './types.js'
import { makeAxis, type Axis } from './ticks.js'
import { colorAt, luminance, seriesColor } from './palette.js'
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

type Dim =
  | { kind: 'numeric'; scale: 'log' | 'linear'; centres: number[]; edges: number[]; axis: Axis }
  | { kind: 'categorical'; names: string[]; axis: Axis }

function numericDim(name: string, c: ArrayLike<number>, scale: 'log' | 'linear'): Dim {
  const centres = Array.from(c)
  if (centres.length === 0) throw new RangeError(`renderHeatmapSvg: ${name} is empty.`)
  centres.forEach((v, i) => {
    if (!Number.isFinite(v) || (scale === 'log' && v <= 0))
      throw new RangeError(`renderHeatmapSvg: ${name}[${i}] = ${v} cannot be placed on a ${scale} axis.`)
    if (i > 0 && !(v > centres[i - 1]))
      throw new RangeError(
        `renderHeatmapSvg: ${name} must be strictly increasing, but ${name}[${i}] = ${v} follows ${centres[i - 1]}.`,
      )
  })
  const t = scale === 'log' ? (v: number) => Math.log10(v) : (v: number) => v
  const inv = scale === 'log' ? (v: number) => 10 ** v : (v: number) => v
  const tc = centres.map(t)
  const edges: number[] = []
  if (tc.length === 1) edges.push(tc[0] - 0.5, tc[0] + 0.5)
  else {
    edges.push(tc[0] - (tc[1] - tc[0]) / 2)
    for (let i = 1; i < tc.length; i++) edges.push((tc[i - 1] + tc[i]) / 2)
    edges.push(tc[tc.length - 1] + (tc[tc.length - 1] - tc[tc.length - 2]) / 2)
  }
  const e = edges.map(inv)
  const lo = e[0],
    hi = e[e.length - 1]
  const ticks = makeAxis(scale, lo, hi, 6)
  const inside = (v: number) => v >= lo * (1 - 1e-12) - 1e-300 && v <= hi * (1 + 1e-12) + 1e-300
  const keep = ticks.major.map((v, i) => [v, ticks.labels[i]] as const).filter(([v]) => inside(v))
  const axis: Axis = {
    scale,
    domain: [lo, hi],
    major: keep.map(([v]) => v),
    labels: keep.map(([, l]) => l),
    minor: ticks.minor.filter(inside),
  }
  return { kind: 'numeric', scale, centres, edges: e, axis }
}

function categoricalDim(names: readonly string[]): Dim {
  const axis: Axis = {
    scale: 'linear',
    domain: [-0.5, names.length - 0.5],
    major: names.map((_, i) => i),
    labels: names.map(String),
    minor: [],
  }
  return { kind: 'categorical', names: names.map(String), axis }
}

function cellFormat(v: number): string {
  const a = Math.abs(v)
  if (a !== 0 && (a < 0.01 || a >= 1e4)) return v.toExponential(1).replace('-', '\u2212')
  return (a < 10 ? v.toFixed(2) : v.toPrecision(3)).replace('-', '\u2212')
}

export function renderHeatmapSvg(h: HeatmapInput): string {
  const W = h.width ?? 640,
    H = h.height ?? 460
  if (!(W >= 160 && W <= 10000) || !(H >= 120 && H <= 10000))
    throw new RangeError(`renderHeatmapSvg: width × height must be within 160…10000 × 120…10000 px, got ${W} × ${H}.`)
  const xs = h.xScale ?? 'linear',
    ys = h.yScale ?? 'linear'
  const xd = h.xCategories ? categoricalDim(h.xCategories) : numericDim('x', h.x, xs)
  const yd = h.yCategories ? categoricalDim(h.yCategories) : numericDim('y', h.y, ys)
  const nx = xd.kind === 'numeric' ? xd.centres.length : xd.names.length
  const ny = yd.kind === 'numeric' ? yd.centres.length : yd.names.length
  if (!h.z || h.z.length !== nx * ny)
    throw new RangeError(
      `renderHeatmapSvg: z must hold ny × nx = ${ny} × ${nx} = ${nx * ny} values (row-major), got ${h.z?.length ?? 0}.`,
    )
  const cb = h.colorbar ?? {}
  const palette = cb.palette ?? 'viridis',
    zScale = cb.scale ?? 'linear'
  const zOk = (v: number) => Number.isFinite(v) && (zScale !== 'log' || v > 0)

  let z0 = Infinity,
    z1 = -Infinity,
    missing = 0
  for (let i = 0; i < h.z.length; i++) {
    const v = h.z[i]
    if (!zOk(v)) {
      missing++
      continue
    }
    if (v < z0) z0 = v
    if (v > z1) z1 = v
  }
  if (cb.domain) {
    const [a, b] = cb.domain
    if (!(Number.isFinite(a) && Number.isFinite(b) && a < b) || (zScale === 'log' && a <= 0))
      throw new RangeError(
        `renderHeatmapSvg: colorbar.domain must be finite with min < max${zScale === 'log' ? ' and min > 0' : ''}, got [${a}, ${b}].`,
      )
    z0 = a
    z1 = b
  } else if (!(z0 <= z1)) {
    z0 = zScale === 'log' ? 1 : 0
    z1 = zScale === 'log' ? 10 : 1
  } else if (palette === 'diverging' && zScale === 'linear') {
    const m = Math.max(Math.abs(z0), Math.abs(z1)) || 1
    z0 = -m
    z1 = m
  } else if (z0 === z1) {
    if (zScale === 'log') {
      z0 /= Math.SQRT2 * 2
      z1 *= Math.SQRT2 * 2
    } else {
      z0 -= 0.5
      z1 += 0.5
    }
  }
  const tz =
    zScale === 'log'
      ? (v: number) => (Math.log10(v) - Math.log10(z0)) / (Math.log10(z1) - Math.log10(z0))
      : (v: number) => (v - z0) / (z1 - z0)

  // Colour-bar ticks inside [z0, z1].
  const zt = makeAxis(zScale, z0, z1, 5)
  const zMajor = zt.major
    .map((v, i) => [v, zt.labels[i]] as const)
    .filter(([v]) => v >= z0 - 1e-12 * Math.abs(z0) && v <= z1 + 1e-12 * Math.abs(z1))
  const cbTickW = Math.max(...zMajor.map(([, l]) => textWidth(l, 10)), 10)

  const tickW = Math.max(...yd.axis.labels.map((l) => textWidth(truncate(l, 14), 11)), 10)
  const hasTitle = Boolean(h.title)
  const f: Frame = { left: 28 + tickW + 10, top: hasTitle ? 34 : 14, width: 0, height: 0 }
  const right = 18 + 14 + 6 + cbTickW + (cb.label ? 22 : 4)
  f.width = Math.max(40, W - f.left - right)
  f.height = Math.max(40, H - f.top - 52)
  const bottom = f.top + f.height
  const sx = scaleFn(xd.axis, f.width),
    sy = scaleFn(yd.axis, f.height)
  // Categorical rows run top to bottom (matrix order); numeric y increases upwards.
  const rowY = (v: number) => (yd.kind === 'categorical' ? f.top + sy(v) : bottom - sy(v))
  const colX = (v: number) => f.left + sx(v)

  const prefix = idSafe(h.id ?? `heatmap-${(h.title || 'map').slice(0, 24)}`)
  const out: string[] = [
    svgOpen(
      W,
      H,
      h.title || 'heat map',
      ` class="passk-heatmap" data-nx="${nx}" data-ny="${ny}" data-z-domain="${z0} ${z1}" data-missing="${missing}"`,
    ),
  ]
  const stops = Array.from(
    { length: 11 },
    (_, i) => `<stop offset="${i / 10}" stop-color="${colorAt(palette, i / 10)}"/>`,
  ).join('')
  out.push(
    `<defs><linearGradient id="${prefix}-cbar" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient><clipPath id="${prefix}-clip"><rect x="${n(f.left)}" y="${n(f.top)}" width="${n(f.width)}" height="${n(f.height)}"/></clipPath></defs>`,
  )

  // Cells.
  const xEdge = (i: number): [number, number] =>
    xd.kind === 'numeric' ? [colX(xd.edges[i]), colX(xd.edges[i + 1])] : [colX(i - 0.5), colX(i + 0.5)]
  const yEdge = (j: number): [number, number] => {
    const [a, b] = yd.kind === 'numeric' ? [rowY(yd.edges[j]), rowY(yd.edges[j + 1])] : [rowY(j - 0.5), rowY(j + 0.5)]
    return [Math.min(a, b), Math.max(a, b)]
  }
  const annotate = h.annotate ?? (nx <= 12 && ny <= 12)
  const cells: string[] = [],
    labels: string[] = []
  for (let j = 0; j < ny; j++) {
    const [ya, yb] = yEdge(j)
    for (let i = 0; i < nx; i++) {
      const [xa, xb] = xEdge(i)
      const v = h.z[j * nx + i]
      const fill = zOk(v) ? colorAt(palette, tz(v)) : '#d9d9d9'
      // +0.5 px overlap hides hairline seams between neighbouring cells in browsers.
      cells.push(
        `<rect x="${n(xa)}" y="${n(ya)}" width="${n(xb - xa + 0.5)}" height="${n(yb - ya + 0.5)}" fill="${fill}"/>`,
      )
      if (annotate && zOk(v)) {
        const fs = Math.max(7, Math.min(11, (yb - ya) * 0.45, ((xb - xa) / 5.2) * 1.6))
        labels.push(
          `<text x="${n((xa + xb) / 2)}" y="${n((ya + yb) / 2 + fs * 0.35)}" font-size="${n(fs)}" fill="${luminance(fill) < 0.3 ? '#ffffff' : '#111111'}" text-anchor="middle">${cellFormat(v)}</text>`,
        )
      }
    }
  }
  out.push(`<g class="cells" shape-rendering="crispEdges">${cells.join('')}</g>`)
  if (labels.length) out.push(`<g class="cell-labels">${labels.join('')}</g>`)

  // Axes: categorical axes have no grid; numeric axes draw ticks only (grid lines would cover cells).
  const xa: Axis =
    xd.kind === 'categorical'
      ? { ...xd.axis, labels: xd.axis.labels.map((l) => truncate(l, Math.max(3, Math.floor(f.width / nx / 6.6)))) }
      : xd.axis
  const ya: Axis =
    yd.kind === 'categorical' ? { ...yd.axis, labels: yd.axis.labels.map((l) => truncate(l, 14)) } : yd.axis
  // drawAxes counts y upwards; categorical rows run downwards, so their labels are passed reversed.
  out.push(drawAxes(f, xa, yd.kind === 'categorical' ? { ...ya, labels: [...ya.labels].reverse() } : ya, 11, false))

  // Overlays.
  const overlays: readonly PlotSeries[] = h.overlays ?? []
  if (overlays.length && xd.kind === 'numeric' && yd.kind === 'numeric') {
    out.push(`<g class="overlays" clip-path="url(#${prefix}-clip)">`)
    overlays.forEach((s, k) => {
      if (!s.x || !s.y || s.x.length !== s.y.length)
        throw new RangeError(
          `renderHeatmapSvg: overlay "${s?.label}" needs x and y of equal length, got ${s?.x?.length} and ${s?.y?.length}.`,
        )
      let d = '',
        pen = false,
        shown = 0
      const pts: string[] = []
      for (let i = 0; i < s.x.length; i++) {
        const X = colX(s.x[i]),
          Y = rowY(s.y[i])
        if (!Number.isFinite(X) || !Number.isFinite(Y)) {
          pen = false
          continue
        }
        d += `${pen ? 'L' : 'M'}${n(X)} ${n(Y)}`
        pen = true
        shown++
        pts.push(`<circle cx="${n(X)}" cy="${n(Y)}" r="3"/>`)
      }
      const color = seriesColor(k + 1)
      const dash = s.style === 'reference' ? ' stroke-dasharray="6 4"' : ''
      out.push(
        `<g class="series overlay" data-label="${esc(s.label)}" data-points="${shown}">` +
          (d
            ? `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="4" stroke-opacity="0.85"/><path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`
            : '') +
          ((s.style ?? 'data') === 'data'
            ? `<g fill="${color}" stroke="#ffffff" stroke-width="0.8">${pts.join('')}</g>`
            : '') +
          '</g>',
      )
    })
    out.push('</g>')
    const items = overlays.map(
      (s, k) =>
        `<g class="legend-item"><rect x="${n(f.left + 6)}" y="${n(f.top + 6 + k * 17)}" width="${n(34 + textWidth(truncate(s.label, 40), 11))}" height="16" fill="#ffffff" fill-opacity="0.85"/><line x1="${n(f.left + 10)}" y1="${n(f.top + 14 + k * 17)}" x2="${n(f.left + 30)}" y2="${n(f.top + 14 + k * 17)}" stroke="${seriesColor(k + 1)}" stroke-width="2"/><text x="${n(f.left + 35)}" y="${n(f.top + 18 + k * 17)}" font-size="11" fill="#111">${esc(truncate(s.label, 40))}</text></g>`,
    )
    out.push(`<g class="legend">${items.join('')}</g>`)
  }

  // Colour bar.
  const bx = f.left + f.width + 18
  out.push(`<g class="colorbar" data-scale="${zScale}" data-palette="${palette}">`)
  out.push(
    `<rect x="${n(bx)}" y="${n(f.top)}" width="14" height="${n(f.height)}" fill="url(#${prefix}-cbar)" stroke="#444" stroke-width="0.5"/>`,
  )
  for (const [v, l] of zMajor) {
    const y = bottom - tz(v) * f.height
    out.push(
      `<line x1="${n(bx + 14)}" y1="${n(y)}" x2="${n(bx + 18)}" y2="${n(y)}" stroke="#444"/><text x="${n(bx + 21)}" y="${n(y + 3.5)}" font-size="10" fill="#333">${esc(l)}</text>`,
    )
  }
  if (cb.label)
    out.push(
      `<text class="colorbar-label" transform="translate(${n(W - 8)} ${n(f.top + f.height / 2)}) rotate(-90)" font-size="11" text-anchor="middle" fill="#222">${esc(cb.label)}</text>`,
    )
  out.push('</g>')
  if (missing > 0)
    out.push(
      `<text class="note" x="${n(W - 6)}" y="${n(H - 8)}" font-size="10" text-anchor="end" fill="#888">${missing} cell${missing === 1 ? '' : 's'} without a value (grey)</text>`,
    )
  out.push(drawLabels({ width: W, height: H }, f, h.title ?? '', h.xLabel ?? '', h.yLabel ?? ''))
  out.push('</svg>\n')
  return out.join('\n')
}
