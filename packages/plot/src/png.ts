/**
 * svgToPng: rasterise a chart with @resvg/resvg-js (a prebuilt native binary shipped in the npm
 * package; nothing is downloaded at install or run time). Text uses the system fonts; with none
 * installed the chart still renders, without its labels.
 */
import { createRequire } from 'node:module'

// Loaded on the first PNG, not with the package: the native addon costs ~60 ms to load, and every
// `passk run`/`passk fit` imports @passk/plot for its SVG plots (issue 17: start-up).
let resvg: typeof import('@resvg/resvg-js') | undefined
const loadResvg = () =>
  (resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js'))

export interface PngOptions {
  /** Output width in px (the height follows the SVG's aspect ratio). Default: the SVG's own width. */
  width?: number
  /** Background colour (default white). */
  background?: string
}

export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  if (typeof svg !== 'string' || !svg.includes('<svg'))
    throw new RangeError('svgToPng: expected an SVG document string.')
  if (opts.width !== undefined && !(Number.isInteger(opts.width) && opts.width >= 16 && opts.width <= 8192)) {
    throw new RangeError(`svgToPng: width must be an integer within 16…8192 px, got ${opts.width}.`)
  }
  const r = new (loadResvg().Resvg)(svg, {
    background: opts.background ?? '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    ...(opts.width ? { fitTo: { mode: 'width' as const, value: opts.width } } : {}),
  })
  return new Uint8Array(r.render().asPng())
}
