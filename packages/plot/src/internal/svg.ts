/** SVG string helpers shared by the chart renderers (never re-exported). */
import type { Axis } from '../ticks.js'
import { mathSvg } from './math-text.js'

/** System font stack: no web fonts, so charts render offline in browsers and in resvg. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"

export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** A coordinate with two decimals. Callers only pass finite numbers (checked where points are projected). */
export function n(v: number): string {
  const r = Math.round(v * 100) / 100
  return Object.is(r, -0) ? '0' : String(r)
}

/** Rough text width for layout (average glyph ≈ 0.6 em in sans-serif UI fonts). */
export function textWidth(s: string, size: number): number {
  return [...s].length * size * 0.6
}

export function truncate(s: string, maxChars: number): string {
  const a = [...s]
  return a.length <= maxChars ? s : a.slice(0, Math.max(1, maxChars - 1)).join('') + '…'
}

/** Element-id-safe prefix. */
export function idSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1') || 'chart'
}

export interface Frame {
  left: number
  top: number
  width: number
  height: number
}

/** Maps a data value to a pixel offset along an axis of `len` px; NaN when the value cannot be drawn. */
export function scaleFn(axis: Axis, len: number): (v: number) => number {
  const [d0, d1] = axis.domain
  if (axis.scale === 'log') {
    const l0 = Math.log10(d0),
      span = Math.log10(d1) - l0
    return (v) => (v > 0 && Number.isFinite(v) ? ((Math.log10(v) - l0) / span) * len : NaN)
  }
  const span = d1 - d0
  return (v) => (Number.isFinite(v) ? ((v - d0) / span) * len : NaN)
}

/** Grid lines, tick marks and tick labels of both axes around `f`. */
export function drawAxes(f: Frame, xAxis: Axis, yAxis: Axis, size = 11, grid = true): string {
  const sx = scaleFn(xAxis, f.width),
    sy = scaleFn(yAxis, f.height)
  const bottom = f.top + f.height,
    right = f.left + f.width
  const out: string[] = []
  if (grid) {
    out.push(`<g class="grid" stroke="#e6e6e6" stroke-width="1">`)
    for (const v of xAxis.major) {
      const x = f.left + sx(v)
      out.push(`<line x1="${n(x)}" y1="${n(f.top)}" x2="${n(x)}" y2="${n(bottom)}"/>`)
    }
    for (const v of yAxis.major) {
      const y = bottom - sy(v)
      out.push(`<line x1="${n(f.left)}" y1="${n(y)}" x2="${n(right)}" y2="${n(y)}"/>`)
    }
    out.push('</g>')
  }
  out.push(
    `<rect class="frame" x="${n(f.left)}" y="${n(f.top)}" width="${n(f.width)}" height="${n(f.height)}" fill="none" stroke="#444" stroke-width="1"/>`,
  )
  out.push(`<g class="x-axis" data-scale="${xAxis.scale}" stroke="#444" stroke-width="1">`)
  for (const v of xAxis.minor) {
    const x = f.left + sx(v)
    out.push(`<line class="minor" x1="${n(x)}" y1="${n(bottom)}" x2="${n(x)}" y2="${n(bottom + 3)}"/>`)
  }
  xAxis.major.forEach((v) => {
    const x = f.left + sx(v)
    out.push(`<line class="major" x1="${n(x)}" y1="${n(bottom)}" x2="${n(x)}" y2="${n(bottom + 6)}"/>`)
  })
  out.push('</g>')
  out.push(`<g class="x-ticks" font-size="${size}" fill="#333" text-anchor="middle">`)
  xAxis.major.forEach((v, i) => {
    out.push(`<text x="${n(f.left + sx(v))}" y="${n(bottom + 8 + size)}">${esc(xAxis.labels[i])}</text>`)
  })
  out.push('</g>')
  out.push(`<g class="y-axis" data-scale="${yAxis.scale}" stroke="#444" stroke-width="1">`)
  for (const v of yAxis.minor) {
    const y = bottom - sy(v)
    out.push(`<line class="minor" x1="${n(f.left - 3)}" y1="${n(y)}" x2="${n(f.left)}" y2="${n(y)}"/>`)
  }
  yAxis.major.forEach((v) => {
    const y = bottom - sy(v)
    out.push(`<line class="major" x1="${n(f.left - 6)}" y1="${n(y)}" x2="${n(f.left)}" y2="${n(y)}"/>`)
  })
  out.push('</g>')
  out.push(`<g class="y-ticks" font-size="${size}" fill="#333" text-anchor="end">`)
  yAxis.major.forEach((v, i) => {
    out.push(`<text x="${n(f.left - 9)}" y="${n(bottom - sy(v) + size * 0.35)}">${esc(yAxis.labels[i])}</text>`)
  })
  out.push('</g>')
  return out.join('\n')
}

/** Title above the frame and the two axis labels. */
export function drawLabels(
  total: { width: number; height: number },
  f: Frame,
  title: string,
  xLabel: string,
  yLabel: string,
): string {
  const out: string[] = []
  if (title)
    out.push(
      `<text class="title" x="${n(f.left + f.width / 2)}" y="20" font-size="14" font-weight="600" text-anchor="middle" fill="#111">${mathSvg(title, 14)}</text>`,
    )
  if (xLabel)
    out.push(
      `<text class="x-label" x="${n(f.left + f.width / 2)}" y="${n(total.height - 8)}" font-size="12" text-anchor="middle" fill="#222">${mathSvg(xLabel, 12)}</text>`,
    )
  if (yLabel)
    out.push(
      `<text class="y-label" transform="translate(14 ${n(f.top + f.height / 2)}) rotate(-90)" font-size="12" text-anchor="middle" fill="#222">${mathSvg(yLabel, 12)}</text>`,
    )
  return out.join('\n')
}

export function svgOpen(width: number, height: number, title: string, attrs = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${FONT}"${attrs}>\n<title>${esc(title)}</title>\n<rect class="background" width="${width}" height="${height}" fill="#ffffff"/>`
}
