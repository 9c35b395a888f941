/**
 * renderFigureSvg: several charts as one multi-panel figure (e.g. LID Fig. 1: L_gen(N) | L_inf(k; N) with
 * the asymptote | β_eff(N) with its fit). Each panel is a renderCurveSvg chart placed as a nested <svg>
 * in a grid, with its own element ids, and a panel letter (a), (b), … at its top-left corner.
 */
import { renderCurveSvg } from './curve-svg.js'
import { esc, FONT, n } from './internal/svg.js'
import { mathSvg } from './internal/math-text.js'
import type { CurveSvgOptions, PlotCurve } from './types.js'

export interface FigurePanel {
  curve: PlotCurve
  options?: CurveSvgOptions
}

export interface FigureSvgOptions {
  /** Panels per row (default: all in one row). */
  columns?: number
  /** Size of one panel in px (default 520 × 380). */
  panelWidth?: number
  panelHeight?: number
  /** Figure title above the panels (sub/superscripts allowed). */
  title?: string
  /** Panel letters (a), (b), … (default true). */
  letters?: boolean
  /** Prefix for element ids (default 'fig'). */
  idPrefix?: string
}

export function renderFigureSvg(panels: readonly FigurePanel[], opts: FigureSvgOptions = {}): string {
  if (!Array.isArray(panels) || panels.length === 0)
    throw new RangeError('renderFigureSvg: expected at least one panel.')
  const cols = Math.max(1, Math.min(opts.columns ?? panels.length, panels.length))
  if (!Number.isInteger(cols)) throw new RangeError(`renderFigureSvg: columns must be an integer, got ${cols}.`)
  const pw = opts.panelWidth ?? 520,
    ph = opts.panelHeight ?? 380
  const rows = Math.ceil(panels.length / cols)
  const top = opts.title ? 30 : 0
  const W = cols * pw,
    H = top + rows * ph
  const prefix = opts.idPrefix ?? 'fig'
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" font-family="${FONT}" class="passk-figure">`,
    `<title>${esc(opts.title ?? panels.map((p) => p.curve.title).join(' | '))}</title>`,
    `<rect class="background" width="${W}" height="${H}" fill="#ffffff"/>`,
  ]
  if (opts.title)
    out.push(
      `<text class="figure-title" x="${n(W / 2)}" y="21" font-size="16" font-weight="600" text-anchor="middle" fill="#111">${mathSvg(opts.title, 16)}</text>`,
    )
  panels.forEach((p, i) => {
    const x = (i % cols) * pw,
      y = top + Math.floor(i / cols) * ph
    const svg = renderCurveSvg(p.curve, {
      ...p.options,
      width: pw,
      height: ph,
      idPrefix: `${prefix}-${i}-${p.options?.idPrefix ?? p.curve.id}`,
    })
    const inner = svg.trim().replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /, `<svg x="${x}" y="${y}" `)
    out.push(`<g class="panel" data-panel="${i}" data-curve="${esc(String(p.curve.id))}">${inner}`)
    if (opts.letters ?? true)
      out.push(
        `<text class="panel-letter" x="${n(x + 6)}" y="${n(y + 18)}" font-size="14" font-weight="700" fill="#111">(${String.fromCharCode(97 + i)})</text>`,
      )
    out.push('</g>')
  })
  out.push('</svg>\n')
  return out.join('\n')
}
